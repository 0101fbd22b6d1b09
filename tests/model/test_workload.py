"""WISN arithmetic and the monthly service step, against hand calculations."""

import numpy as np
import pytest

from staffsim.model.workload import (
    available_hours_per_month,
    on_time_fraction,
    productive_hours_per_month,
    required_fte,
    serve,
)
from staffsim.scenarios.params import Params
from staffsim.scenarios.specialties import INDEX, N_SPECIALTIES


def test_available_working_time_by_hand():
    w = Params().workload
    # (260 weekdays - 11 holidays - 12 leave - 4 sick - 5 training) x 8 h / 12 months
    assert available_hours_per_month(w) == pytest.approx(228 * 8 / 12)
    # CAF = 1 / (1 - 0.25): a third of productive time again goes to support work
    assert productive_hours_per_month(w) == pytest.approx(152 * 0.75)


def test_required_staff_hand_example():
    """Land officers for a lowland commune of 10,000 residents.

    27 dossiers/month (2.7 per 1,000) x 180 min x (1 - 0.5 online x 0.3 saving) = 4,131 min
    = 68.85 h; plus 320 h of fixed land tasks = 388.85 h; / 114 productive h = 3.4110 FTE.
    """
    w = Params().workload
    req = required_fte(w, np.array([10_000.0]), np.array([0]))
    assert req[0, INDEX["land"]] == pytest.approx(388.85 / 114, rel=1e-9)
    # Leaders are a fixed count, not a workload (Decree 300/2025: 1 + 2.5 on average)
    assert req[0, INDEX["leadership"]] == pytest.approx(3.5)


def test_mountain_dossiers_take_longer():
    """Lower online share and field travel: the same population needs more land staff uphill."""
    w = Params().workload
    req = required_fte(w, np.array([10_000.0, 10_000.0]), np.array([0, 2]))
    # high mountain land: 180 x (1 - 0.2 x 0.3) x (1 + 0.5 x 1.0) = 253.8 min per dossier
    assert req[1, INDEX["land"]] == pytest.approx((320 + 27 * 253.8 / 60) / 114)
    assert req[1].sum() > req[0].sum()


@pytest.mark.parametrize(
    ("backlog", "arrivals", "capacity", "deadline", "expected"),
    [
        (0.0, 100.0, 200.0, 3.0, 1.0),  # spare capacity, no queue: all on time
        (0.0, 100.0, 0.0, 3.0, 0.0),  # nobody to serve
        (0.0, 0.0, 0.0, 3.0, 1.0),  # nothing arrived, nothing late
        # a = 10/day, m = 5/day, D = 2: Q(u) = 5u <= 10 until u = 2 of 20 days
        (0.0, 200.0, 100.0, 2.0, 0.1),
        # backlog 100 drains at 5/day against 2.5/day arrivals, m D = 10:
        # 100 - 2.5 u <= 10 from u = 36 > 20 days: every arrival is late
        (100.0, 50.0, 100.0, 2.0, 0.0),
        # backlog 30 drains: 30 - 2.5 u <= 10 from u = 8, so 12 of 20 days on time
        (30.0, 50.0, 100.0, 2.0, 0.6),
        # balanced flow behind a backlog that fits in the deadline: all on time
        (8.0, 100.0, 100.0, 2.0, 1.0),
    ],
)
def test_on_time_fraction_fluid_queue(backlog, arrivals, capacity, deadline, expected):
    got = on_time_fraction(np.array([backlog]), np.array([arrivals]), np.array([capacity]),
                           np.array([deadline]), 20.0)
    assert got[0] == pytest.approx(expected)


def _one_commune(**values):
    arr = np.zeros((1, N_SPECIALTIES))
    for k, v in values.items():
        arr[0, INDEX[k]] = v
    return arr


def test_serve_cross_cover_by_hand():
    """Two land officers idle, no justice officer: justice gets half of their spare time."""
    base = np.zeros(N_SPECIALTIES)
    handling = np.full((1, N_SPECIALTIES), 60.0)  # 1 hour per dossier
    deadline = np.full(N_SPECIALTIES, 5.0)
    staff = _one_commune(land=2)
    arrivals = _one_commune(land=50, justice=100)
    can_cover = np.ones(N_SPECIALTIES, bool)
    served, on_time, unfinished, cover, _ = serve(
        np.zeros((1, N_SPECIALTIES)), arrivals, staff, base, handling, deadline,
        hours_per_fte=100.0, days=20.0, cross_productivity=0.5, can_cover=can_cover)
    # land: 200 h capacity, 50 h needed -> 150 h spare -> 75 h of justice work at 50%
    assert served[0, INDEX["land"]] == pytest.approx(50)
    assert cover[0, INDEX["justice"]] == pytest.approx(75)
    assert served[0, INDEX["justice"]] == pytest.approx(75)
    assert unfinished[0, INDEX["justice"]] == pytest.approx(25)
    assert on_time[0, INDEX["land"]] == pytest.approx(1.0)


def test_dossiers_come_before_deferrable_fixed_tasks():
    """Fixed tasks keep their floor share; dossiers come next; overtime before anything is
    left undone."""
    base = np.zeros(N_SPECIALTIES)
    base[INDEX["finance"]] = 80.0
    staff = _one_commune(finance=1)
    arrivals = _one_commune(finance=40)
    served, _, unfinished, _, overtime = serve(
        np.zeros((1, N_SPECIALTIES)), arrivals, staff, base, np.full((1, N_SPECIALTIES), 60.0),
        np.full(N_SPECIALTIES, 5.0), 100.0, 20.0, 0.5, np.ones(N_SPECIALTIES, bool),
        overtime_share=0.2, fixed_floor_share=0.25)
    # 120 h with overtime: 30 h fixed floor, all 40 one-hour dossiers, 50 h more fixed tasks
    assert served[0, INDEX["finance"]] == pytest.approx(40)
    assert overtime[0, INDEX["finance"]] == pytest.approx(20)
    assert unfinished[0, INDEX["finance"]] == pytest.approx(0)


def test_overload_beyond_overtime_is_left_undone():
    """120 h of work on 100 h + 10% overtime: 10 h overtime, 10 h of fixed tasks undone."""
    base = np.zeros(N_SPECIALTIES)
    base[INDEX["finance"]] = 80.0
    served, _, unfinished, _, overtime = serve(
        np.zeros((1, N_SPECIALTIES)), _one_commune(finance=40), _one_commune(finance=1), base,
        np.full((1, N_SPECIALTIES), 60.0), np.full(N_SPECIALTIES, 5.0), 100.0, 20.0, 0.5,
        np.zeros(N_SPECIALTIES, bool), overtime_share=0.1, fixed_floor_share=0.5)
    # floor 55 h (half of 110), 40 h of dossiers, 15 h of the remaining 25 h fixed work
    assert served[0, INDEX["finance"]] == pytest.approx(40)
    assert overtime[0, INDEX["finance"]] == pytest.approx(10)
    assert unfinished[0, INDEX["finance"]] == pytest.approx(10)


def test_no_overtime_when_regular_hours_suffice():
    base = np.zeros(N_SPECIALTIES)
    base[INDEX["finance"]] = 30.0
    _, on_time, unfinished, _, overtime = serve(
        np.zeros((1, N_SPECIALTIES)), _one_commune(finance=40), _one_commune(finance=1), base,
        np.full((1, N_SPECIALTIES), 60.0), np.full(N_SPECIALTIES, 5.0), 100.0, 20.0, 0.5,
        np.ones(N_SPECIALTIES, bool), overtime_share=0.15, fixed_floor_share=0.3)
    assert overtime.sum() == 0 and unfinished.sum() == pytest.approx(0)
    assert on_time[0, INDEX["finance"]] == pytest.approx(1.0)


@pytest.mark.parametrize("officials, expected", [(1, 0.75), (2, 1 - 0.25 ** 2)])
def test_a_one_day_dossier_waits_when_its_only_official_is_away(officials, expected):
    """Away a quarter of the days, one official, a one-day deadline: late when the official
    is away that day (1/4); with two, when both are (1/16)."""
    _, on_time, _, _, _ = serve(
        np.zeros((1, N_SPECIALTIES)), _one_commune(notarisation=10),
        _one_commune(notarisation=officials), np.zeros(N_SPECIALTIES),
        np.full((1, N_SPECIALTIES), 6.0), np.full(N_SPECIALTIES, 1.0), 100.0, 20.0, 0.5,
        np.zeros(N_SPECIALTIES, bool), away_share=np.array([0.25]))
    assert on_time[0, INDEX["notarisation"]] == pytest.approx(expected)


def test_every_dossier_served_leaves_no_backlog_at_all():
    """Where the hours suffice, every dossier is served: backlog + arrivals - served is 0
    exactly, not the 1e-13 that hours / handling time left (a nil backlog then showed as a
    level on an axis of ±0.04, and a sweep computed sensitivity indices on round-off)."""
    rng = np.random.default_rng(7)
    handling = rng.uniform(7.0, 95.0, (50, N_SPECIALTIES))  # minutes, not round numbers
    backlog = rng.uniform(0, 3, (50, N_SPECIALTIES))
    arrivals = rng.poisson(30, (50, N_SPECIALTIES)).astype(float)
    staff = np.full((50, N_SPECIALTIES), 2.0)  # 2 x 100 h: far more than the dossiers need
    served, *_ = serve(backlog, arrivals, staff, np.zeros(N_SPECIALTIES), handling,
                       np.full(N_SPECIALTIES, 5.0), 100.0, 20.0, 0.5,
                       np.ones(N_SPECIALTIES, bool))
    assert np.all(backlog + arrivals - served == 0.0)
    # and short of hours, the backlog is what the hours leave (1 h dossiers, 10 h short)
    served, *_ = serve(np.zeros((1, N_SPECIALTIES)), _one_commune(land=210),
                       _one_commune(land=2), np.zeros(N_SPECIALTIES),
                       np.full((1, N_SPECIALTIES), 60.0), np.full(N_SPECIALTIES, 5.0), 100.0,
                       20.0, 0.5, np.zeros(N_SPECIALTIES, bool))
    assert served[0, INDEX["land"]] == pytest.approx(200)
