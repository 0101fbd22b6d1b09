"""A what-if's preference for the baseline's commune pairs (``whatif --keep-baseline-pairs``,
``whatif.keep_baseline_pairs`` in a scenario file): each official the variant
sends along a commune pair of the baseline plan, up to the baseline's count, is worth the
weight in weighted unmet need. An HR trial (F6): a 20% budget cut sent 92 of the officials
already told of their destination to other communes, for shorter moves at the same unmet
need."""

from __future__ import annotations

from collections import Counter

import pytest

from staffsim.experiments.states import single_state
from staffsim.optimize.edits import Edits
from staffsim.optimize.pairs import move_pair_keys
from staffsim.optimize.plan import plan_outcome
from staffsim.optimize.solve import optimize_plan
from staffsim.optimize.whatif import plan_reports
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..optim_helpers import assert_feasible, tiny_state

COMMUNES = [("D", "lowland", "phuong"), ("R1", "high_mountain", "xa"),
            ("R2", "mountain", "xa")]
NO_GAPS = {"optimizer.objective.essential_gap_weight": 0.0}


def _tiny(**over):
    # D: five land officials and no requirement; its 20% share lets one go. R1 (high
    # mountain, 100 km) and R2 (mountain, 50 km) each need one land FTE
    return tiny_state(COMMUNES, [("D", "land")] * 5, {("R1", "land"): 1.0, ("R2", "land"): 1.0},
                      {("D", "R1"): 100.0, ("D", "R2"): 50.0}, **NO_GAPS, **over)


@pytest.mark.parametrize(("weight", "to"), [(0.0, "R2"), (0.03, "R2"), (0.05, "R1")])
def test_the_weight_against_what_the_variant_gains_elsewhere(weight, to):
    """By hand: the baseline (zone weights 1/2/3) sends its one official to R1 (3 weighted
    FTE against 2). The variant weighs mountain 3.04: R2 now gains 0.04 weighted FTE more
    than R1 (and is 50 km nearer; the km and allowance terms are below 0.001 weighted FTE).
    So the variant keeps R1 when the preference is worth more than 0.04 (0.05), and goes
    to R2 when it is worth less (0.03) or nothing."""
    base = _tiny()
    var = _tiny(**{"optimizer.objective.zone_weight.mountain": 3.04})
    b, v = plan_reports(base, Edits(), var, Edits(), keep_weight=weight)
    assert [base.communes.ids[m.to] for m in b["moves"]] == ["R1"]
    assert [var.communes.ids[m.to] for m in v["moves"]] == [to]
    assert_feasible(var, v["moves"])


@pytest.mark.parametrize("over", [{"optimizer.budget_vnd": 1e9}, {"optimizer.max_moves": 5},
                                  {"optimizer.budget_vnd": 2e9}])
def test_the_fast_path_and_pulps_mip_agree(over):
    """The branch and bound on HiGHS's LP and HiGHS's MIP through PuLP (a second solver
    path) give the same plan with the preference; it keeps at least as many baseline pairs
    as the free variant, at no more than the weight's worth of weighted unmet need per pair
    kept (the exchange argument, with 0.01 for the km and allowance terms)."""
    demo = SCENARIOS / "demo.toml"
    base = single_state(load_scenario(demo), 0)
    _, _, base_moves, _ = optimize_plan(base)
    w = 0.05
    free = single_state(load_scenario(demo, over), 0)
    var = free
    plans = [optimize_plan(var, fast=fast, keep_pairs=move_pair_keys(base, base_moves),
                           keep_weight=w)[2] for fast in (True, False)]

    def pairs(st, moves):
        return Counter((int(st.commune[m.row]), int(st.specialty[m.row]), m.to, m.spec_to)
                       for m in moves)

    keep = pairs(base, base_moves)
    assert pairs(var, plans[0]) == pairs(var, plans[1])
    assert_feasible(var, plans[0])
    free_moves = optimize_plan(free)[2]
    kept = sum((pairs(var, plans[0]) & Counter(keep)).values())
    kept_free = sum((pairs(free, free_moves) & Counter(keep)).values())
    assert kept >= kept_free
    u = plan_outcome(var, plans[0])["weighted_unmet_after"]
    u_free = plan_outcome(free, free_moves)["weighted_unmet_after"]
    assert u - u_free <= w * (kept - kept_free) + 0.01


def test_a_budget_cut_keeps_every_destination_at_the_same_unmet_need():
    """Thanh Hóa at 36 instead of 45 bn: with the preference every one of the variant's 247
    moves is the baseline's own (the most possible); without it 92 went elsewhere. The
    unmet need is the same: the free variant chose shorter moves among plans of equal need."""
    path = SCENARIOS / "thanh_hoa.toml"
    base = single_state(load_scenario(path), 0)
    free = single_state(load_scenario(path, {"optimizer.budget_vnd": 36e9}), 0)
    var = free
    b, f = plan_reports(base, Edits(), free, Edits())
    _, v = plan_reports(base, Edits(), var, Edits(), keep_weight=0.05)
    assert_feasible(var, v["moves"])
    same = set(base.move_keys(b["moves"]))
    assert len(v["moves"]) == len(f["moves"])
    assert all(k in same for k in var.move_keys(v["moves"]))
    assert sum(k not in same for k in free.move_keys(f["moves"])) > 0
    assert v["outcome"]["weighted_unmet_after"] == pytest.approx(
        f["outcome"]["weighted_unmet_after"], abs=1e-6)
    assert v["outcome"]["unmet_fte_after"]["province"] == pytest.approx(
        f["outcome"]["unmet_fte_after"]["province"], abs=1e-6)


def test_a_forced_move_uses_up_the_baseline_pair_it_takes():
    """By hand: D has five land officials and no requirement; R1 (high mountain, weight 1.5)
    needs two, R2 (mountain) one. The baseline lets D give 20% (one official) and weighs
    mountain need 0: it sends one to R1. The variant lets D give 40% (two), weighs mountain
    need 2, and forces a D official to R1 by hand: the move left is worth 1.5 at R1 and 2 at
    R2. At a preference of 3 per official, R1's one baseline official is the forced one, so
    the move left goes to R2; counted again, the pair would have bought R1 (1.5 + 3)."""
    def state(share, mountain):
        return tiny_state(COMMUNES, [("D", "land")] * 5,
                          {("R1", "land"): 2.0, ("R2", "land"): 1.0},
                          {("D", "R1"): 100.0, ("D", "R2"): 50.0}, **NO_GAPS,
                          **{"optimizer.objective.zone_weight.mountain": mountain,
                             "optimizer.objective.zone_weight.high_mountain": 1.5,
                             "optimizer.constraints.max_donor_share.share": share})
    base, var = state(0.2, 0.0), state(0.4, 2.0)
    b, v = plan_reports(base, Edits(), var, Edits(moves=[("D-4", "R1")]), keep_weight=3.0)
    assert [base.communes.ids[m.to] for m in b["moves"]] == ["R1"]
    assert sorted(var.communes.ids[m.to] for m in v["moves"]) == ["R1", "R2"]
    assert_feasible(var, v["moves"])
