"""The plan's notes on the recipients' caps claim only what the plan did: with a budget too
small for one move (nobody moved) they said 'Nơi nhận: 72 trên 149 xã còn thiếu đã đạt mức
trần' (72 of the 149 communes still short are at their cap), as if the plan had filled them."""

import pytest

from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize.binding import limits_in_use
from staffsim.optimize.sets import build_inputs
from staffsim.optimize.solve import optimize_plan
from staffsim.results.plan_lines import limit_lines
from staffsim.results.words import Words
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


@pytest.fixture(scope="module")
def no_move():
    """Thanh Hóa with VND 50 m: one month of an allowance (VND 2,925,000) fits, one move
    (1.25 x 2,340,000 x 36 months = VND 105,300,000) does not. (The cap counts everyone: two
    communes at their quota with a vacant essential post would otherwise take one official
    each from a lowland donor, at no allowance.)"""
    sc = load_scenario(SCENARIOS / "thanh_hoa.toml", {
        "optimizer.constraints.budget.vnd": 50e6,
        "optimizer.constraints.recipient_cap.essential_vacancy": False})
    state = state_from_roster(sc, initial_roster(sc))
    inputs, _, moves, _ = optimize_plan(state)
    return state, inputs, moves


def test_a_plan_that_moves_nobody_brings_no_commune_to_its_cap(no_move):
    state, inputs, moves = no_move
    assert moves == []
    caps = next(u for u in limits_in_use(build_inputs(state), moves)
                if u["rule"] == "recipient_cap")
    assert caps["used"] == 0
    # from the input data: the communes short of staff (required above in post), and those
    # of them whose headcount is already at their cap (Thanh Hóa's rule set: the norm quota)
    assert state.params.optimizer.constraints.recipient_cap.rule == "quota"
    cap = state.quota.astype(float)
    headcount = inputs.in_post.sum(axis=1)
    short = ((state.required - inputs.in_post).max(axis=1) > 0) & inputs.is_commune
    assert caps["limit"] == short.sum()
    assert caps["full_before"] == (short & (headcount >= cap)).sum() > 0
    assert not caps["binds"]


def test_the_notes_say_the_communes_were_at_their_cap_before_the_plan(no_move):
    state, _, moves = no_move
    limits = limits_in_use(build_inputs(state), moves)
    full = int(next(u for u in limits if u["rule"] == "recipient_cap")["full_before"])
    en = " ".join(limit_lines(Words("en"), limits))
    assert "reached their cap" not in en and "are at their cap" not in en
    assert f"Recipients: {full} of the " in en
    assert "were at their cap before the plan and may receive no one." in en
    vi = " ".join(limit_lines(Words("vi"), limits))
    assert "đã đạt mức trần" not in vi and "theo phương án" not in vi
    assert "đã ở mức trần từ trước phương án nên không được nhận thêm ai." in vi


def test_cap_lines_by_hand():
    _ = Words("en")

    def caps(used, full, limit, binds=False):
        return [{"rule": "recipient_cap", "used": used, "full_before": full, "limit": limit,
                 "unit": "communes", "binds": binds}]

    assert limit_lines(_, caps(3.0, 2.0, 10.0)) == [
        "Recipients: 3 of the 10 communes still short in some specialty reached their cap "
        "with the plan, 2 more were at it before the plan."]
    assert limit_lines(_, caps(3.0, 0.0, 3.0, True)) == [
        "Recipients: 3 of the 3 communes still short in some specialty reached their cap "
        "with the plan: the caps bind."]
    assert limit_lines(_, caps(0.0, 0.0, 10.0)) == []
    # two provinces: summed
    assert limit_lines(_, caps(1.0, 0.0, 4.0) + caps(0.0, 5.0, 6.0)) == [
        "Recipients: 1 of the 10 communes still short in some specialty reached their cap "
        "with the plan, 5 more were at it before the plan."]


def test_a_spent_budget_binds_beside_a_free_donor():
    """R (mountain) is short of 3 land officials; F, a pool unit whose officials draw no
    allowance, can give 1, and A 2 at 1.25 x 2,340,000 x 36 = VND 105,300,000 each. With
    VND 50 m the plan takes F's one and no paid move fits: the budget binds (it said 'did not
    bind': F's arc, costing nothing, was taken as the cheapest further move, though F has
    nothing left to give)."""
    from ..optim_helpers import tiny_state

    state = tiny_state(
        [("A", "lowland", "phuong"), ("F", "lowland", "phuong"), ("R", "mountain", "xa")],
        [("A", "land")] * 3 + [("F", "land")] * 2 + [("A", "office")] * 10
        + [("F", "office")] * 10,
        {("A", "land"): 1.0, ("F", "land"): 1.0, ("R", "land"): 3.0, ("A", "office"): 10.0,
         ("F", "office"): 10.0},
        {("A", "R"): 40.0, ("F", "R"): 50.0},
        **{"optimizer.constraints.budget.vnd": 50e6})
    state.communes.allowance_eligible[1] = False  # F's officials draw none
    inputs, _, moves, _ = optimize_plan(state)
    ids = state.communes.ids
    assert [ids[state.commune[m.row]] for m in moves] == ["F"]
    budget = next(u for u in limits_in_use(inputs, moves) if u["rule"] == "budget")
    assert budget["used"] == 0.0
    assert budget["cheapest_move_vnd"] == pytest.approx(1.25 * 2_340_000 * 36)
    assert budget["binds"]
    en = " ".join(limit_lines(Words("en"), [budget]))
    assert "the budget binds" in en
