"""Backlog (dossiers waiting, carried over) and unfinished hours (work left undone this month):
what each counts when a commune's work exceeds its hours, by hand, over two months.

One commune, one finance official of 100 h a month (no overtime), 30% of it kept for fixed
tasks first, 80 h of fixed tasks a month, one hour per dossier, nobody to cover.
"""

import numpy as np
import pytest

from staffsim.model.workload import serve
from staffsim.scenarios.specialties import INDEX, N_SPECIALTIES

FIN = INDEX["finance"]


def _finance(value: float) -> np.ndarray:
    arr = np.zeros((1, N_SPECIALTIES))
    arr[0, FIN] = value
    return arr


def _month(backlog: float, arrivals: float) -> tuple[float, float, float]:
    """(served, unfinished hours, backlog at month end): the backlog is what arrived or
    waited and was not served (``StaffModel.step``)."""
    base = np.zeros(N_SPECIALTIES)
    base[FIN] = 80.0
    served, _, unfinished, _, _ = serve(
        _finance(backlog), _finance(arrivals), _finance(1), base,
        np.full((1, N_SPECIALTIES), 60.0), np.full(N_SPECIALTIES, 5.0), 100.0, 20.0, 0.5,
        np.zeros(N_SPECIALTIES, bool), overtime_share=0.0, fixed_floor_share=0.3)
    s = float(served[0, FIN])
    return s, float(unfinished.sum()), backlog + arrivals - s


def test_fixed_task_overload_leaves_hours_undone_and_no_backlog():
    """60 dossiers + 80 h fixed = 140 h on 100 h: 30 h fixed (floor), 60 h dossiers, 10 h
    more fixed; 40 h of fixed tasks undone, every dossier served: backlog 0. The 40 h are
    dropped, not carried: month 2 asks the same 140 h and leaves 40 h again (not 80)."""
    served, unfinished, backlog = _month(0.0, 60.0)
    assert (served, unfinished, backlog) == pytest.approx((60.0, 40.0, 0.0))
    served, unfinished, backlog = _month(backlog, 60.0)
    assert (served, unfinished, backlog) == pytest.approx((60.0, 40.0, 0.0))


def test_dossier_overload_is_carried_as_backlog():
    """90 dossiers + 80 h fixed = 170 h on 100 h: 30 h fixed, 70 dossiers served; undone:
    50 h fixed + 20 h of the 20 dossiers left, 70 h; backlog 20 dossiers.
    Month 2: 20 waiting + 90 new = 110 h of dossiers, + 80 h fixed = 190 h on 100 h: 70
    served, undone 50 h fixed + 40 h of dossiers = 90 h; backlog 20 + 90 - 70 = 40. The 20
    carried dossiers' hours are in both months' unfinished hours (a waiting dossier counts
    each month it waits); the 50 h of fixed tasks are new each month."""
    served, unfinished, backlog = _month(0.0, 90.0)
    assert (served, unfinished, backlog) == pytest.approx((70.0, 70.0, 20.0))
    served, unfinished, backlog = _month(backlog, 90.0)
    assert (served, unfinished, backlog) == pytest.approx((70.0, 90.0, 40.0))
