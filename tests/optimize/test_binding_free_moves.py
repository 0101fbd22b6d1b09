"""With the Party/Front bloc allowed to give (its officials draw no NQ 34 allowance: moves
that cost nothing) and a small budget, the plan's notes said the budget did not bind while
spending 4,99 of 5,00 tỷ and one more tỷ bought 7 more moves:

    staffsim plan scenarios/thanh_hoa.toml --set "optimizer.budget_vnd=5 tỷ" \\
        --set 'optimizer.constraints.eligible_recipients.pool_kinds=["department","party_front"]'
    ... (99,8%): ngân sách không phải là ràng buộc chặt.

The cheapest candidate move was a free one (its donor's surplus already used up), and what was
left of the budget is not less than nothing. A free move is never stopped by the budget."""

import pytest

from staffsim.model.allowance import move_allowance
from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize.binding import limits_in_use
from staffsim.optimize.sets import build_inputs
from staffsim.optimize.solve import optimize_plan
from staffsim.results.plan_lines import limit_lines
from staffsim.results.words import Words
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS

# Thanh Hóa's cheapest paid move: 1.25 x the base salary VND 2,340,000 (mountain commune) for
# 36 months (draft NQ 34/2025/NQ-HĐND, docs/facts.md)
CHEAPEST_PAID = 1.25 * 2_340_000 * 36  # VND 105,300,000


@pytest.fixture(scope="module")
def front_plan():
    sc = load_scenario(SCENARIOS / "thanh_hoa.toml", {
        "optimizer.constraints.budget.vnd": 5e9,
        "optimizer.constraints.eligible_recipients.pool_kinds": ["department", "party_front"]})
    state = state_from_roster(sc, initial_roster(sc))
    _, _, moves, _ = optimize_plan(state)
    return state, moves


def test_the_budget_binds_when_only_free_moves_are_cheaper_than_what_is_left(front_plan):
    state, moves = front_plan
    inputs = build_inputs(state)
    # the case: free candidate moves exist (Party/Front officials), and the plan uses some
    usable = inputs.arc_upper > 0
    assert (inputs.arc_allowance_total[usable] == 0).any()
    _, _, total = move_allowance(state, moves)
    assert (total == 0).sum() > 0 and (total > 0).sum() > 0
    left = 5e9 - float(total.sum())
    assert 0 <= left < CHEAPEST_PAID  # by hand: no paid move fits what is left
    budget = next(u for u in limits_in_use(inputs, moves) if u["rule"] == "budget")
    assert budget["cheapest_move_vnd"] == pytest.approx(CHEAPEST_PAID)
    assert budget["binds"]
    vi = " ".join(limit_lines(Words("vi"), [budget]))
    assert "ngân sách là ràng buộc chặt" in vi and "không phải là ràng buộc chặt" not in vi



def test_with_no_candidate_move_the_budget_does_not_bind():
    """A distance limit of 1 km leaves no candidate move (the demo's communes are kilometres
    apart): nothing is spent and nothing could be, so the budget stops nothing (it was said
    to bind, 0 of VND 45 bn spent; a trial)."""
    sc = load_scenario(SCENARIOS / "demo.toml", {"optimizer.max_distance_km": 1})
    state = state_from_roster(sc, initial_roster(sc))
    inputs = build_inputs(state)
    assert not (inputs.arc_upper > 0).any()
    (budget,) = [u for u in limits_in_use(inputs, []) if u["rule"] == "budget"]
    assert budget["used"] == 0 and budget["binds"] is False
    assert budget["cheapest_move_vnd"] is None
