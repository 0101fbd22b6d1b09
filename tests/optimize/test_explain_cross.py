"""explain's remedy by hand considered only officials of the commune's own short specialty.
With cross-specialty moves allowed (optimizer.constraints.specialty_match.cross_specialty:
an official may take up another specialty at the rules' productivity, 0.5 by default) the
optimiser may fill a land need with a justice officer, but explain listed no candidate, tried
no move and said 'no official of the specialties it lacks works elsewhere in the province'.
Now the candidates and the moves by hand are those the rules allow (the optimiser's arcs);
each remedy is re-solved and checked by the independent checker."""

from __future__ import annotations

import numpy as np
import pytest

from staffsim.optimize.check import check_plan
from staffsim.optimize.edits import Edits, plan_with_edits
from staffsim.optimize.explain import explain_commune
from staffsim.optimize.plan import after_staffing
from staffsim.optimize.planner import plan_rows
from staffsim.optimize.sets import build_inputs
from staffsim.results.words import explain_lines, words
from staffsim.scenarios.specialties import INDEX

from ..optim_helpers import tiny_state

CROSS = "optimizer.constraints.specialty_match.cross_specialty"


def _justice_for_land(cross: bool = True, budget: float | None = None):
    """D (lowland) has 4 justice officers for a requirement of 1: 3 to give, and no land
    officer. R (high mountain, 80 km) and Q (high mountain, 30 km) each need 1 land FTE and
    have no land officer; nobody in the province is a land officer."""
    communes = [("D", "lowland", "phuong"), ("R", "high_mountain", "xa"),
                ("Q", "high_mountain", "xa")]
    officials = ([("D", "justice")] * 4 + [("D", "office")] * 16 + [("R", "office")]
                 + [("Q", "office")])
    req = {("D", "justice"): 1.0, ("D", "office"): 16.0, ("R", "land"): 1.0,
           ("R", "office"): 1.0, ("Q", "land"): 1.0, ("Q", "office"): 1.0}
    over = {"optimizer.constraints.max_distance.km": 100.0, CROSS: cross}
    if budget is not None:
        over["optimizer.constraints.budget.vnd"] = budget
    return tiny_state(communes, officials, req, {("D", "R"): 80.0, ("D", "Q"): 30.0}, **over)


@pytest.fixture(scope="module")
def one_move():
    """A budget for one move (both recipients are high mountain: every move costs the
    same): the plan fills Q, R is left short."""
    allowance = build_inputs(_justice_for_land()).arc_allowance_total
    assert allowance.size and np.ptp(allowance) == 0
    state = _justice_for_land(budget=float(allowance[0]) + 1000.0)
    return state, explain_commune(state, 1, "land")


def test_officials_of_another_specialty_are_candidates_when_the_rules_allow(one_move):
    _, data = one_move
    (land,) = data["specialties"]
    assert land["received"] == 0 and land["unmet_after"] == pytest.approx(1.0)
    # D's 4 justice officers may take up land (its 16 office officers too, but D needs them)
    assert land["could_give"] == 4
    assert {c["specialty"] for c in land["nearest"] if c["could_give"]} == {"justice"}
    assert all(c["cross"] and c["productivity"] == 0.5 for c in land["nearest"])
    en = "\n".join(explain_lines(words("en"), data))
    assert "(Justice & civil registration, at 50% of a full official's work here)" in en


def test_only_a_move_into_another_specialty_helps_and_it_is_offered(one_move):
    state, data = one_move
    by_hand = [h for h in data["would_help"] if h["parameter"] is None]
    assert len(by_hand) == 1, data["would_help"]
    (h,) = by_hand
    who = h["official"]
    assert who["as"] == "land" and who["specialty"] == "justice"
    # by hand: one justice officer at half a land officer's work: R's 1 FTE need drops to
    # 0.5; the budget pays one move, so Q, which had it, is short by 0.5 again
    assert h["officials_received"] == {"land": 1}
    assert h["commune_unmet_change"] == pytest.approx(-0.5)
    assert h["elsewhere_unmet_fte_change"] == pytest.approx(0.5)
    # the move repeated here: the rules hold (the independent checker) and R gets 0.5 FTE
    edited = plan_with_edits(state, Edits(moves=[(who["official_id"], "R")],
                                          specialty={who["official_id"]: "land"}))
    assert check_plan(state, plan_rows(state, edited.moves)) == []
    fte, _ = after_staffing(state, edited.moves)
    assert fte[1, INDEX["land"]] == pytest.approx(0.5)
    en = "\n".join(explain_lines(words("en"), data))
    vi = "\n".join(explain_lines(words("vi"), data))
    assert (f"move {who['full_name']} ({who['official_id']}) (Justice & civil registration) "
            "from Commune D here by hand to work in Land administration (at 50% of a full "
            "official's work) — not repeatable with staffsim whatif --move") in en
    assert "không thể lặp lại bằng staffsim whatif --move" in vi
    assert "--move D-" not in en  # no command that would place them in their own specialty


def test_without_cross_moves_nobody_of_another_specialty_is_offered():
    allowance = build_inputs(_justice_for_land()).arc_allowance_total
    state = _justice_for_land(cross=False, budget=float(allowance[0]) + 1000.0)
    data = explain_commune(state, 1, "land")
    (land,) = data["specialties"]
    assert land["candidates"] == 0 and data["would_help"] == []
    assert data["nothing_helps"]["binds"][0]["rule"] == "no_donor"


def test_when_nobody_may_come_it_says_other_specialties_were_counted_too():
    """D's officers are all protected: nobody of land, nor of a specialty that may take up
    land, may come to R (and no rule has a lever); the answer says both were looked at (not
    only 'of the specialties it lacks')."""
    communes = [("D", "lowland", "phuong"), ("R", "high_mountain", "xa")]
    officials = ([("D", "justice", 40, False, True)] * 4
                 + [("D", "office", 40, False, True)] * 16 + [("R", "office")])
    req = {("D", "justice"): 1.0, ("D", "office"): 16.0, ("R", "land"): 1.0,
           ("R", "office"): 1.0}
    state = tiny_state(communes, officials, req, {("D", "R"): 30.0}, **{CROSS: True})
    data = explain_commune(state, 1, "land")
    assert data["would_help"] == []
    (bind,) = data["nothing_helps"]["binds"]
    assert bind["rule"] == "no_donor" and bind["cross"]
    assert bind["candidates"] == 20 and bind["blocked_by"] == {"protection": 20}
    en = explain_lines(words("en"), data)
    vi = explain_lines(words("vi"), data)
    assert any("nor of another specialty the rules let take them up, may come here under "
               "the rules" in line for line in en), en
    assert any("hay của chuyên môn khác được phép đảm nhận các chuyên môn đó" in line
               for line in vi), vi
