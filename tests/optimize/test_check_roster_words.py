"""A plan row whose current unit is not the official's: the finding names both communes by
name and id ('16072-027 works in 16072, not 14797' named none: an HR trial)."""

from staffsim.optimize.check import PlanRow, check_plan
from staffsim.results.finding_words import violation_line
from staffsim.results.words import Words

from ..optim_helpers import tiny_state


def test_the_wrong_current_unit_is_said_by_name():
    state = tiny_state([("A", "lowland", "xa"), ("B", "mountain", "xa"),
                        ("C", "high_mountain", "xa")],
                       [("A", "land")] * 3, {("C", "land"): 1.0}, {("A", "C"): 20.0})
    (v,) = [v for v in check_plan(state, [PlanRow(state.official_id[0], "C",
                                                  from_commune="B")]) if v.rule == "roster"]
    assert v.message == f"{state.official_id[0]} works in Commune A (A), not Commune B (B)"
    vi = violation_line(Words("vi"), str(v), place=False)
    assert "Commune A (A)" in vi and "Commune B (B)" in vi and "works in" not in vi
