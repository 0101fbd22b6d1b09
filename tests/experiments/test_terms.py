"""Terms of transfers and secondments in the simulation, and allowance parts with their own
months (hand calculations on the demo province)."""

import numpy as np
import pytest

import staffsim.experiments.transfer_policies as policies
from staffsim.model.allowance import term_months_left
from staffsim.model.model import StaffModel
from staffsim.model.policies import make_policies
from staffsim.model.replications import replication_seeds
from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize.check import check_plan
from staffsim.optimize.planner import plan_province, plan_rows
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS

BASE = 2_340_000


def demo(**over):
    policies._PLAN_CACHE.clear()
    return load_scenario(SCENARIOS / "demo.toml", over or None)


def run(sc, names):
    roster = initial_roster(sc)
    model = StaffModel(sc, roster, rng=replication_seeds(sc.params.simulation.seed, 1)[0],
                       policies=make_policies(names, sc.params))
    return model, model.run()


@pytest.mark.parametrize(("term_from", "window_month", "month", "left"), [
    # the demo starts in July 2025 (month 0); the draft's window runs 36 months from
    # 1/8/2025 (month 1) to July 2028 (month 36)
    ("start", 8, 0, 36),  # before the window: the term, no more
    ("start", 8, 1, 36), ("start", 8, 12, 25), ("start", 8, 36, 1), ("start", 8, 37, 0),
    ("start", 7, 12, 24),  # a window from the scenario's start: July 2026 has 24 left
    ("move", 8, 12, 36)])
def test_months_of_term_left(term_from, window_month, month, left):
    sc = demo(**{"transfers.term_from": term_from,
                 "transfers.window_start_month": window_month})
    assert term_months_left(sc.params, month) == left


def test_each_allowance_part_runs_for_its_own_months():
    """Zone multiple for 36 months, a distance band for 24 (Lạng Sơn's draft), a threshold
    amount for 12; the plan's total and the checker's budget agree with the hand sum."""
    sc = demo(**{"optimizer.allowance.distance_bands_km": [0.0],
                 "optimizer.allowance.distance_band_vnd": [1_000_000.0],
                 "optimizer.allowance.distance_threshold_vnd": 500_000.0,
                 "optimizer.allowance.distance_threshold_months": 12})
    state = state_from_roster(sc, initial_roster(sc))
    plan = plan_province("", state, marginals=False, baseline=False)
    assert plan.moves and all(sc.communes.zone[m.to] == 2 for m in plan.moves)
    km = state.distance_km[state.commune[[m.row for m in plan.moves]], [m.to for m in plan.moves]]
    far = (km >= 40).sum()  # the high-mountain threshold is 40 km
    each = 1.75 * BASE * 36 + 1_000_000 * 24
    assert plan.outcome["allowance_vnd"] == pytest.approx(len(plan.moves) * each
                                                          + far * 500_000 * 12)
    rows = plan_rows(state, plan.moves)
    assert check_plan(state, rows) == []
    tight = demo(**{"optimizer.allowance.distance_bands_km": [0.0],
                    "optimizer.allowance.distance_band_vnd": [1_000_000.0],
                    "optimizer.allowance.distance_threshold_vnd": 500_000.0,
                    "optimizer.allowance.distance_threshold_months": 12,
                    "optimizer.budget_vnd": plan.outcome["allowance_vnd"] - 1e6})
    broken = check_plan(state_from_roster(tight, initial_roster(tight)), rows)
    assert [v.rule for v in broken] == ["budget"]


def test_the_allowance_stops_and_officials_go_back_at_the_term_end():
    """Moved at the end of month 0, a 12-month term counted from the window's start
    (1/8/2025, month 1) covers months 1-12: allowance paid in those months only, everyone
    back (return share 1) at the end of month 12 unless they left."""
    sc = demo(**{"simulation.months": 15, "transfers.term_months": 12,
                 "transfers.return_share": 1.0})
    model, s = run(sc, ["optimised_transfers"])
    sent = s["transfers_in"][0].sum()
    assert sent > 0 and s["transfers_in"][1:].sum() == 0
    cost = s["allowance_cost_vnd"].sum(axis=1)
    assert cost[0] == 0 and (cost[1:13] > 0).all() and (cost[13:] == 0).all()
    assert s["returns_in"][12].sum() == sent - s["transferred_exits"][:13].sum()
    assert s["returns_in"].sum() == s["returns_in"][12].sum()


def test_an_official_back_at_the_old_post_works_at_full_productivity():
    """Ramp-up is a newcomer's (a transfer, a recruit, a contract): an official back at the
    post held before the term starts at 1.0, not at ramp_start_productivity. Restarting them
    at 50% made the demo's lowland backlog jump when a batch of secondees came home, although
    the wards then had more officials than required (a researcher's trial)."""
    over = {"transfers.term_months": 12, "transfers.return_share": 1.0,
            "transfers.ramp_up_months": 6, "transfers.ramp_start_productivity": 0.5,
            "transfers.window_start_month": 7}  # (the window from month 0: back after 11)
    before, _ = run(demo(**{"simulation.months": 11, **over}), ["optimised_transfers"])
    away = np.flatnonzero(before.roster.active & (before.roster.home_commune >= 0))
    model, s = run(demo(**{"simulation.months": 15, **over}), ["optimised_transfers"])
    r = model.roster
    home = before.roster.home_commune[away]
    back = away[r.active[away] & (r.commune[away] == home)]  # (the same seed: the same
    assert len(back) == s["returns_in"][11].sum() > 0  # officials, back at the end of 11)
    # the arrivals ramp up from their transfer (month 1): at 0.5 + 0.5 x 5/6 in month 6
    assert before.productivity(6)[away] == pytest.approx(0.5 + 0.5 * 5 / 6)
    assert (model.productivity(12)[back] == 1.0).all()  # the month after they came back


def test_with_no_return_share_everyone_stays():
    sc = demo(**{"simulation.months": 15, "transfers.term_months": 12,
                 "transfers.return_share": 0.0})
    model, s = run(sc, ["optimised_transfers"])
    r = model.roster
    assert s["returns_in"].sum() == 0
    assert (r.home_commune[r.active] == -1).all() and r.transferred[r.active].sum() > 0


def test_an_official_is_seconded_at_most_once_unless_asked():
    over = {"simulation.months": 24, "policies.secondment_months": 4}
    model, s = run(demo(**over), ["secondment"])
    assert s["transfers_in"].sum() == model.roster.seconded.sum() > 0
    again, s2 = run(demo(**over, **{"policies.secondment_same_officials": True}),
                    ["secondment"])
    assert s2["transfers_in"].sum() > again.roster.seconded.sum()
    assert s2["transfers_in"].sum() > s["transfers_in"].sum()


def test_rolling_transfers_stop_after_the_deadline():
    """Công văn 171: moves must take effect by 31/12/2025 (month 5 of a July 2025 start)."""
    sc = demo(**{"simulation.months": 14, "policies.rolling_every_months": 3,
                 "optimizer.deadline": "2025-12-31"})
    _, s = run(sc, ["rolling_transfers"])
    moved = s["transfers_in"].sum(axis=1)
    assert moved[0] > 0 and moved[6:].sum() == 0
    assert np.all(moved[[1, 2, 4, 5]] == 0)


def test_a_national_run_plans_each_province_with_its_own_rules(tmp_path):
    """Two provinces: A keeps the zone multiple, B pays VND 2 m a month by distance band
    (province.by_province). Transfers in the loop stay within each province and carry that
    province's allowance."""
    from ..conftest import COMMUNES_HEADER, write_scenario

    communes = (COMMUNES_HEADER.replace("merged_units", "merged_units,province_code")
                + "W1,Phường Một,phuong,lowland,60000,20,19.80,105.78,5,A\n"
                + "X1,Xã Núi,xa,high_mountain,9000,150,20.10,105.30,1,A\n"
                + "W2,Phường Hai,phuong,lowland,60000,15,19.75,105.90,5,B\n"
                + "X2,Xã Cao,xa,high_mountain,5000,300,20.40,104.70,1,B\n")
    body = ('[simulation]\nmonths = 2\nseed = 3\n[optimizer]\nrules = "province_practice"\n'
            '[optimizer.constraints.max_distance]\nkm = 1000\n'
            '[province.by_province.B]\n"optimizer.allowance.zone_multiple.high_mountain" = 0.0\n'
            '"optimizer.allowance.distance_bands_km" = [0.0]\n'
            '"optimizer.allowance.distance_band_vnd" = [2000000.0]\n')
    sc = load_scenario(write_scenario(tmp_path, body, communes))
    model, s = run(sc, ["optimised_transfers"])
    r = model.roster
    moved = np.flatnonzero(r.transferred)
    assert s["transfers_in"][0, 1] > 0 and s["transfers_in"][0, 3] > 0
    prov = np.array(sc.communes.province)
    home = np.array([sc.communes.ids.index(o.split("-")[0]) for o in r.official_id])
    assert (prov[home[moved]] == prov[r.commune[moved]]).all()  # no move crosses a border
    in_b = moved[prov[r.commune[moved]] == "B"]
    in_a = moved[prov[r.commune[moved]] == "A"]
    assert (r.allowance_band_vnd[in_b] == 2_000_000).all()
    assert (r.allowance_zone_vnd[in_b] == 0).all()
    assert (r.allowance_zone_vnd[in_a] == 1.75 * BASE).all()
    assert (r.allowance_band_vnd[in_a] == 0).all()
    assert (r.allowance_band_until[in_b] == 0 + 24).all()
