"""Per-province rules in a national scenario: each province's own allowance scheme
(province.by_province) and a budget scaled by its mountain communes."""

import numpy as np
import pytest

from staffsim.model.roster import initial_roster
from staffsim.model.state import Move, provinces, state_from_roster
from staffsim.optimize.check import check_plan
from staffsim.optimize.families.budget import budget_vnd
from staffsim.optimize.planner import plan_province, plan_rows
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..optim_helpers import tiny_state


@pytest.fixture(scope="module")
def three():
    sc = load_scenario(SCENARIOS / "vietnam.toml", {"province.provinces": ["20", "44", "38"],
                                                    "roster.target_total": 0})
    return dict(provinces(state_from_roster(sc, initial_roster(sc))))


def test_lang_son_pays_by_distance_band_for_24_months(three):
    a = three["20"].params.optimizer.allowance
    assert a.zone_multiple.high_mountain == 0 and a.distance_bands_km == [10, 20, 30, 40]
    assert a.distance_band_vnd[-1] == 2_000_000 and a.distance_band_months == 24


def test_quang_tri_pays_beyond_its_distance_thresholds(three):
    a = three["44"].params.optimizer.allowance
    assert a.zone_multiple.mountain == 0 and a.distance_threshold_vnd == 1_000_000
    assert (a.distance_threshold_km.lowland, a.distance_threshold_km.mountain) == (50, 40)


def test_other_provinces_keep_thanh_hoa_s_zone_multiples(three):
    a = three["38"].params.optimizer.allowance
    assert a.zone_multiple.as_list() == [0.0, 1.25, 1.75] and not a.distance_bands_km


def test_budgets_scale_with_mountain_communes(three):
    """Thanh Hóa's VND 45 bn for its 77 mountain and high-mountain communes; Lạng Sơn has 57
    and Quảng Trị 50 in the bundled table."""
    assert budget_vnd(three["38"]) == pytest.approx(45e9)
    assert budget_vnd(three["20"]) == pytest.approx(45e9 * 57 / 77)
    assert budget_vnd(three["44"]) == pytest.approx(45e9 * 50 / 77)


def test_the_checker_recounts_the_scaled_budget():
    """Two mountain communes against a reference of 4: half of VND 1 bn. Each move into the
    mountain commune costs 1.25 x 2.34 m x 36 = VND 105.3 m: 4 fit, the 5th does not."""
    comm = [("D", "lowland", "phuong"), ("R", "mountain", "xa"), ("M", "mountain", "xa")]
    officials = [("D", "land")] * 12
    over = {"optimizer.constraints.budget.vnd": 1e9, "optimizer.constraints.budget.scale":
            "mountain_communes", "optimizer.constraints.budget.reference_communes": 4,
            "optimizer.constraints.max_donor_share.enabled": False}
    state = tiny_state(comm, officials, {("R", "land"): 8.0}, {("D", "R"): 30.0}, **over)
    assert budget_vnd(state) == pytest.approx(0.5e9)
    plan = plan_province("", state, marginals=False)
    assert len(plan.moves) == 4
    rows = plan_rows(state, [Move(i, 1, int(state.specialty[i])) for i in range(5)])
    (v,) = check_plan(state, rows)
    assert v.rule == "budget" and v.row == 5 and "budget of VND 0.50 bn" in v.message
    assert np.isclose(plan.outcome["allowance_vnd"], 4 * 1.25 * 2_340_000 * 36)


def test_a_state_of_one_province_gets_its_own_rules_too(three):
    """A sweep runs each province on its own: planning it still applies its overrides."""
    import dataclasses

    national = load_scenario(SCENARIOS / "vietnam.toml").params
    alone = dataclasses.replace(three["20"], params=national)
    ((code, planned),) = provinces(alone)
    assert code == "20" and planned.params.optimizer.allowance.distance_bands_km
