"""scenarios/thanh_hoa.toml against the public facts in docs/facts.md (with tolerances)."""

import pytest

from staffsim.model.roster import initial_roster, quota
from staffsim.model.state import state_from_roster
from staffsim.model.workload import required_fte
from staffsim.optimize.planner import plan_province
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


@pytest.fixture(scope="module")
def thanh_hoa():
    sc = load_scenario(SCENARIOS / "thanh_hoa.toml")
    return sc, initial_roster(sc)


def test_about_6230_officials(thanh_hoa):
    """'about 6,230 commune officials' (NQ 651/NQ-HĐND): within 1%."""
    _, roster = thanh_hoa
    assert abs(int(roster.active.sum()) - 6230) <= 62


def test_about_106_short_of_quota(thanh_hoa):
    """'106 short of quota' (NQ 651/NQ-HĐND): the norm quota minus officials in post, within
    40% (the norm is Công văn 09/CV-BCĐ applied to dossier populations, not the province's own
    quota table)."""
    sc, roster = thanh_hoa
    short = int(quota(sc.communes, sc.params.staffing).sum()) - int(roster.active.sum())
    assert 106 * 0.6 <= short <= 106 * 1.4


def test_wisn_requirement_matches_the_quota(thanh_hoa):
    """The workload calibration: Thanh Hóa's WISN requirement equals its norm quota (2%)."""
    sc, _ = thanh_hoa
    req = required_fte(sc.params.workload, sc.communes.population, sc.communes.zone).sum()
    q = quota(sc.communes, sc.params.staffing).sum()
    assert abs(req - q) / q < 0.02


def test_optimised_plan_is_of_the_order_of_the_real_moves(thanh_hoa):
    """Real moves: 176 in Decision 2623/QĐ-UBND, over 260 to mountain communes in 2025, about
    360 budgeted (VND 45 bn over 3 years). The optimum at the start should be of that order."""
    sc, roster = thanh_hoa
    plan = plan_province("38", state_from_roster(sc, roster), marginals=False, baseline=False)
    assert plan.status == "Optimal"
    assert 150 <= plan.outcome["moves"] <= 400
    assert plan.outcome["allowance_vnd"] <= 45e9
    assert plan.outcome["km_max"] > 100  # 'some travel more than 100 km'
