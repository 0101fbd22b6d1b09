"""Invariants of the monthly simulation, determinism and retirement."""

from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pytest

from staffsim.model.model import StaffModel
from staffsim.model.outcomes import SERIES_NAMES
from staffsim.model.replications import initial_roster, run_replication, run_scenario
from staffsim.scenarios.loader import load_scenario


def test_invariants_every_step(tiny: Path):
    """No negative staff or backlog; staff change = hires - exits; backlog flow balance."""
    sc = load_scenario(tiny, {"simulation.months": 36, "dynamics.recruitment_lag_months": 2,
                              "dynamics.recruitment_opening_rate": 0.5})
    roster = initial_roster(sc)
    model = StaffModel(sc, roster, rng=11)
    prev_staff = roster.counts(len(sc.communes)).sum(axis=1)
    prev_backlog = np.zeros(len(sc.communes))
    for t in range(36):
        model.step()
        s = {k: v[t] for k, v in model.series.items()}
        staff = model.roster.counts(len(sc.communes)).sum(axis=1)
        assert (staff >= 0).all() and (model.backlog >= -1e-9).all()
        assert np.array_equal(s["in_post"], prev_staff)
        exits = s["exits_attrition"] + s["exits_retirement"]
        assert np.array_equal(staff - prev_staff, s["hires"] - exits)
        np.testing.assert_allclose(s["backlog"], prev_backlog + s["arrivals"] - s["served"],
                                   atol=1e-6)
        assert (s["on_time"] <= s["arrivals"] + 1e-9).all()
        prev_staff, prev_backlog = staff, s["backlog"]
    assert model.series["hires"].sum() > 0  # recruitment did happen in this test


def test_nobody_works_past_statutory_age(tiny: Path):
    sc = load_scenario(tiny, {"simulation.months": 60})
    res = run_replication(sc, 0)
    r = res.roster
    start = sc.params.province.start_year * 12 + sc.params.province.start_month - 1
    end = start + 59
    # Men reach 62 by 2028 and women 58y8m by 2030 (Decree 135/2020 roadmap)
    age_end = (end - r.birth_month[r.active]) / 12
    limit = np.where(r.female[r.active], 60.0, 62.0)
    assert (age_end < limit).all()
    assert res.series["exits_retirement"].sum() > 0


def test_same_seed_same_results_and_different_seed_differs(tiny: Path):
    sc = load_scenario(tiny)
    a = run_replication(sc, 0).series
    b = run_replication(sc, 0).series
    c = run_replication(sc, 1).series
    for k in SERIES_NAMES:
        assert np.array_equal(a[k], b[k])
    assert not np.array_equal(a["arrivals"], c["arrivals"])


@pytest.mark.slow  # spawns processes: .ci/run runs these in their own step
def test_one_process_or_many_give_identical_results(tiny: Path):
    sc = load_scenario(tiny, {"simulation.replications": 4})
    serial = run_scenario(sc)
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn")) as pool:
        parallel = run_scenario(sc, executor=pool)
    assert [r.replication for r in parallel] == [0, 1, 2, 3]
    for a, b in zip(serial, parallel, strict=True):
        for k in SERIES_NAMES:
            assert np.array_equal(a.series[k], b.series[k])


def test_a_run_given_its_start_roster_is_the_run_that_builds_it(tiny: Path):
    # the command builds the starting roster once and hands it to the replications: each
    # runs a copy, so the start stays as it was for the tables written from it
    sc = load_scenario(tiny, {"simulation.replications": 2})
    start = initial_roster(sc)
    before = start.copy()
    given = run_scenario(sc, start=start)
    built = run_scenario(sc)
    for a, b in zip(given, built, strict=True):
        for k in SERIES_NAMES:
            assert np.array_equal(a.series[k], b.series[k])
        assert a.roster.official_id == b.roster.official_id
        assert np.array_equal(a.roster.exit_month, b.roster.exit_month)
    assert given[0].roster.n > start.n or np.any(given[0].roster.exit_month != start.exit_month)
    assert start.official_id == before.official_id
    assert np.array_equal(start.active, before.active)
    assert np.array_equal(start.commune, before.commune)


def test_understaffed_commune_builds_backlog(tiny: Path):
    """Halving every commune's staff must leave more work waiting than full staffing: over
    the year (a month's backlog can clear in a slack month: on the tiny scenario the half
    staff's waits build to 22.8 dossiers by month 6 and clear by month 10, where full staff
    has none in any month)."""
    sc = load_scenario(tiny, {"dynamics.recruitment": False})
    full = run_replication(sc, 0).series
    roster = initial_roster(sc)
    keep = np.arange(roster.n) % 2 == 0
    roster.retire(np.flatnonzero(~keep), -1, 1)
    half = StaffModel(sc, roster, rng=np.random.SeedSequence(3).spawn(1)[0]).run()
    assert np.sum(half["backlog"]) > np.sum(full["backlog"])
    assert half["unmet_fte"][0].sum() > full["unmet_fte"][0].sum()


@pytest.mark.parametrize("month", [0, 3])
def test_a_fixed_plan_is_carried_out_at_the_end_of_the_month_it_was_made_for(month):
    """``whatif --month N --simulate`` plans on the state at month N: its plan must move the
    official at the end of month N, not at the end of month 0 (it did, before)."""
    from staffsim.model.policies import FixedPlan

    sc = load_scenario(Path(__file__).parents[2] / "scenarios" / "demo.toml",
                       {"simulation.months": 6})
    roster = initial_roster(sc)
    i = next(k for k in range(len(roster.official_id)) if roster.active[k])
    home = int(roster.commune[i])
    to = next(c for c in range(len(sc.communes)) if c != home)  # any other commune
    move = (roster.official_id[i], to, int(roster.specialty[i]))
    model = StaffModel(sc, roster, rng=5, policies=[FixedPlan([move], month)])
    where = []
    for _t in range(6):
        model.step()
        k = model.roster.official_id.index(roster.official_id[i])
        where.append(int(model.roster.commune[k]))
    # placed at the end of the month the plan was made for, not before
    assert where[:month] == [home] * month
    assert where[month] == to
