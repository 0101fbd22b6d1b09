"""explain's 'what would help' as the planners' trial met it: Mường Chanh (high mountain,
short of staff, about 10 officials in the real Decision 2623) got no remedy at all. The
remedy by hand forced one official alone, and the re-solve, the budget being spent, gave up
one of the moves the plan already made into the commune for it: the commune gained nothing,
and the remedy was dropped; a forced move was not even tried when the budget stopped the
candidates. Now the moves the plan already makes into the commune are forced with it, the
nearest official who could give is tried whatever stops the plan, and when no change helps
the answer says what was tried and what binds, never an empty section."""

import json
import re

import numpy as np
import pytest

from staffsim.optimize.explain import explain_commune
from staffsim.optimize.sets import build_inputs
from staffsim.results.words import explain_lines, words

from ..conftest import SCENARIOS
from ..helpers import run_cli
from ..optim_helpers import tiny_state


def _two_recipients(budget: float | None = None, **overrides):
    """D (lowland) has 4 land officers for a requirement of 1: 3 to give. R (high mountain,
    80 km) needs 3 land FTE, Q (high mountain, 30 km) needs 1; both have their office
    officer."""
    communes = [("D", "lowland", "phuong"), ("R", "high_mountain", "xa"),
                ("Q", "high_mountain", "xa")]
    officials = ([("D", "land")] * 4 + [("D", "office")] * 16 + [("R", "office")]
                 + [("Q", "office")])
    req = {("D", "land"): 1.0, ("D", "office"): 16.0, ("R", "land"): 3.0,
           ("R", "office"): 1.0, ("Q", "land"): 1.0, ("Q", "office"): 1.0}
    over = {"optimizer.constraints.max_distance.km": 100.0, **overrides}
    if budget is not None:
        over["optimizer.constraints.budget.vnd"] = budget
    return tiny_state(communes, officials, req, {("D", "R"): 80.0, ("D", "Q"): 30.0}, **over)


def _budget_for_two():
    """The two recipients with a budget for exactly two moves (each move's allowance is the
    same: both recipients are high mountain)."""
    allowance = build_inputs(_two_recipients()).arc_allowance_total
    assert np.ptp(allowance) == 0
    return _two_recipients(2 * float(allowance[0]) + 1000.0)


def test_a_move_by_hand_keeps_what_the_plan_already_brings():
    state = _budget_for_two()
    data = explain_commune(state, 1, "land")
    (land,) = data["specialties"]
    # the budget pays two moves: one to Q (nearer, needs 1), one to R
    assert land["received"] == 1 and land["unmet_after"] == pytest.approx(2.0)
    force = [h for h in data["would_help"] if h["parameter"] is None]
    assert force, data["would_help"]
    (h,) = force
    # R then gets both moves the budget pays: 3 - 2 = 1 FTE unmet, 1 less; Q loses its one
    assert h["officials_received"] == {"land": 2}
    assert h["commune_unmet_change"] == pytest.approx(-1.0)
    assert h["elsewhere_unmet_fte_change"] == pytest.approx(1.0)
    # the --move it names reproduces it: the official tried and the one the plan brings
    ids = re.search(r"--move (\S+)=R\)", h["change"]).group(1).split(",")
    assert len(ids) == 2 and all(i.startswith("D-") for i in ids)
    for lang, said in (("en", "here by hand, keeping the moves the plan already makes here"),
                       ("vi", "đến đây, giữ nguyên các trường hợp phương án đã điều động")):
        # the whatif command that makes the move is its own line (whole on the command line:
        # tests/cli/test_suggested_commands.py)
        text = "\n".join(explain_lines(words(lang), data, lambda *o: " ".join(o)))
        assert said in text and f"--move {','.join(ids)}=R" in text
    # the official moved by hand is named as the candidates are, then by id (the review:
    # 'move D-1 from D' beside candidate lines that give names)
    from staffsim.model.names import official_names

    row = list(state.official_id).index(ids[0])
    (name,) = official_names(state, [row], None)
    assert h["official"] == {"official_id": ids[0], "full_name": name}
    assert f"move {name} ({ids[0]}) from Commune D here by hand" in "\n".join(
        explain_lines(words("en"), data))


def test_a_donor_says_its_limit_is_of_the_specialty_in_all():
    # D may give 3 land officers (4 in post, requires 1); the plan moves 2 (the budget)
    data = explain_commune(_budget_for_two(), 1, "land")
    en = "\n".join(explain_lines(words("en"), data))
    vi = "\n".join(explain_lines(words("vi"), data))
    assert ("Commune D (under the rules it may give 3 of this specialty in all; the plan "
            "moves 2 of them)") in en
    assert ("Commune D (theo quy định được điều động đi tổng cộng tối đa 3 người của chuyên "
            "môn này; phương án điều động 2 người trong số đó)") in vi
    assert "may give up to" not in en


def test_when_nothing_helps_it_says_what_was_tried_and_what_binds():
    # every land officer of D is protected: nobody may come to R, and no rule has a lever
    communes = [("D", "lowland", "phuong"), ("R", "high_mountain", "xa")]
    officials = [("D", "land", 40, False, True)] * 3 + [("D", "office")] * 16 + [("R", "office")]
    req = {("D", "land"): 1.0, ("D", "office"): 16.0, ("R", "land"): 2.0, ("R", "office"): 1.0}
    state = tiny_state(communes, officials, req, {("D", "R"): 20.0})
    data = explain_commune(state, 1)
    assert data["would_help"] == []
    binds = data["nothing_helps"]["binds"]
    assert binds[0]["rule"] == "no_donor" and binds[0]["blocked_by"] == {"protection": 3}
    en = explain_lines(words("en"), data)
    vi = explain_lines(words("vi"), data)
    assert "What keeps more officials from this commune:" in en
    assert ("  no official of the specialties it lacks may come here under the rules (the "
            "first rule that stops them: protected 3)") in en
    assert "Điều ngăn đơn vị này nhận thêm công chức:" in vi
    assert any(line.startswith("  theo quy định, không công chức nào của các chuyên môn")
               and "(quy tắc đầu tiên ngăn lại: được bảo vệ 3)" in line for line in vi), vi


@pytest.mark.slow
def test_muong_chanh_gets_a_remedy_checked_by_resolving(capsys):
    """Thanh Hóa's Mường Chanh: the remedy by hand is found, and the plan its --move names,
    re-solved by whatif, brings the commune one official more than the plan does."""
    th = str(SCENARIOS / "thanh_hoa.toml")
    code, out, err = run_cli(capsys, "explain", th, "--commune", "Mường Chanh", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["would_help"], "an empty 'what would help' for Mường Chanh"
    received = sum(d["received"] for d in data["specialties"])
    h = next(h for h in data["would_help"] if h["parameter"] is None)
    ids = re.search(r"--move (\S+)=14866\)", h["change"]).group(1)
    code, out, err = run_cli(capsys, "whatif", th, "--move", f"{ids}=14866", "--json")
    assert code == 0, err
    variant = json.loads(out)
    text = json.dumps(variant, ensure_ascii=False)
    # each official named is moved there, the plan's own and the one by hand
    assert all(i in text for i in ids.split(","))
    assert len(ids.split(",")) == received + 1
    assert h["commune_unmet_change"] == pytest.approx(-1.0)


def test_what_binds_names_the_limit_and_the_objective_only_when_none_binds():
    """The review: 'the plan serves other communes first' came after every binding limit,
    even when the budget already said why. With a budget spent on two moves it is the
    budget alone; with money to spare and no limit reached, the objective."""
    from staffsim.optimize.cache import optimum
    from staffsim.optimize.explain import _what_binds
    from staffsim.optimize.families.base import ExplainContext
    from staffsim.optimize.plan import plan_outcome
    from staffsim.optimize.sets import movable_officials

    def binds(state):
        moves = optimum(state).moves
        ctx = ExplainContext(state, build_inputs(state), moves, plan_outcome(state, moves),
                             movable_officials(state), None)
        details = [{"specialty": "land", "could_give": 1, "candidates": 1, "_reasons": []}]
        return [b["rule"] for b in _what_binds(ctx, 1, details, None)]

    assert binds(_budget_for_two()) == ["budget"]
    assert binds(_two_recipients(budget=1e12)) == ["objective"]


def test_a_change_that_leaves_more_unmet_here_says_so():
    """A tried change after which the commune is worse off was said as 'the plan does not
    change here' (the review)."""
    data = {"nothing_helps": {"tried": [
        {"change": "x", "parameter": None, "value": None, "status": "Optimal",
         "moves_change": 0, "commune_unmet_change": 1.5},
        {"change": "y", "parameter": None, "value": None, "status": "Optimal",
         "moves_change": 0, "commune_unmet_change": 0.0}], "binds": []}}
    from staffsim.results.words import nothing_helps_lines

    en = nothing_helps_lines(words("en"), data)
    assert any("the plan then leaves more unmet need here (+1.5 FTE)" in ln for ln in en), en
    assert any("the plan does not change here" in ln for ln in en), en
    vi = nothing_helps_lines(words("vi"), data)
    assert any("+1,5 người quy đổi" in ln for ln in vi), vi


def test_a_free_arc_does_not_hide_a_spent_budget():
    """A free donor's arc into the commune (a pool unit whose officials draw no allowance)
    was taken as the cheapest move, VND 0, so a spent budget was never said to be what keeps
    more officials away (review 91, beside binding.limits_in_use's fix)."""
    import dataclasses

    from staffsim.optimize.cache import optimum
    from staffsim.optimize.explain import _what_binds
    from staffsim.optimize.families.base import ExplainContext
    from staffsim.optimize.plan import plan_outcome
    from staffsim.optimize.sets import movable_officials

    state = _budget_for_two()
    moves = optimum(state).moves
    inp = build_inputs(state)
    into = np.flatnonzero((inp.arc_to == 1) & (inp.arc_upper > 0))[:1]
    assert into.size and inp.arc_allowance_total[into[0]] > 0
    # the same arc once more, free (as from a unit that pays none), with room
    fields = ("arc_from", "arc_to", "arc_spec_from", "arc_spec_to", "arc_productivity",
              "arc_km", "arc_allowance_month", "arc_allowance_total", "arc_upper")
    extra = {f: np.concatenate([getattr(inp, f), getattr(inp, f)[into]]) for f in fields}
    extra["arc_allowance_month"][-1] = extra["arc_allowance_total"][-1] = 0.0
    with_free = dataclasses.replace(inp, **extra)
    ctx = ExplainContext(state, with_free, moves, plan_outcome(state, moves),
                         movable_officials(state), None)
    details = [{"specialty": "land", "could_give": 1, "candidates": 1, "_reasons": []}]
    assert [b["rule"] for b in _what_binds(ctx, 1, details, None)] == ["budget"]
