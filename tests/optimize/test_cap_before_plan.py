"""A commune at or above its cap before the plan receives no one but the first official into
each essential specialty it has nobody in, whatever it gives: the optimiser builds no other
arc into it (``sets.candidate_arcs``), and the independent checker says the same of a list
a planner wrote. An HR trial's two-row list sent an official out of Hạc Thành (149 in post,
quota 70) and another into it, and evaluate found nothing: the checker counted only the net
change."""

from staffsim.optimize.check import PlanRow, check_plan

from ..optim_helpers import tiny_state

CAP = 4  # staffing.cap_xa, small enough to count by hand


def _state():
    # B: 4 officials (office 2, land 2), at its cap of 4, nobody in finance (essential) and
    # nobody in agriculture (not essential), short of both; A and C below their caps
    return tiny_state(
        [("A", "lowland", "xa"), ("B", "mountain", "xa"), ("C", "high_mountain", "xa")],
        [("A", "finance")] * 2 + [("A", "agriculture")] * 2 + [("B", "office")] * 2
        + [("B", "land")] * 2,
        {("B", "finance"): 2.0, ("B", "agriculture"): 1.0, ("C", "land"): 1.0,
         ("B", "office"): 2.0, ("B", "land"): 1.0},
        {("A", "B"): 20.0, ("B", "C"): 20.0, ("A", "C"): 30.0},
        **{"staffing.cap_xa": CAP})


def _cap_findings(state, rows):
    return [v for v in check_plan(state, rows) if v.rule == "recipient_cap"]


def test_at_its_cap_it_receives_no_one_even_when_it_gives():
    state = _state()
    ids = state.official_id  # finance; agriculture; B-4, B-5 office; ...
    # B gives a land official to C and takes an agriculture one from A: its headcount stays
    # at 4, yet it was at its cap: the one it takes is beyond it
    found = _cap_findings(state, [PlanRow(ids[6], "C"), PlanRow(ids[2], "B")])
    assert len(found) == 1 and found[0].row == 2
    assert "had 4 officials before the plan, at or above its cap of 4" in found[0].message


def test_the_first_official_into_a_vacant_essential_post_may_come():
    state = _state()
    ids = state.official_id
    assert _cap_findings(state, [PlanRow(ids[0], "B")]) == []  # B's first finance official
    # a second into the same post is beyond the cap, whether or not B gives someone
    for rows in ([PlanRow(ids[0], "B"), PlanRow(ids[1], "B")],
                 [PlanRow(ids[6], "C"), PlanRow(ids[0], "B"), PlanRow(ids[1], "B")]):
        found = _cap_findings(state, rows)
        assert len(found) == 1 and found[0].row == len(rows), rows


def test_below_its_cap_a_commune_that_gives_may_take_as_many():
    state = _state()
    ids = state.official_id
    # C: no official, cap 4: it takes two land officials of B's
    assert _cap_findings(state, [PlanRow(ids[6], "C"), PlanRow(ids[7], "C")]) == []


def test_evaluate_finds_the_move_into_a_ward_over_its_quota(tmp_path, capsys):
    """The trial's list: one official out of Hạc Thành, the province's largest ward, and one
    into it; the row into it is found, said of the ward's rows together."""
    from staffsim.cli import main

    from ..conftest import SCENARIOS

    plan = tmp_path / "two.csv"
    plan.write_text("official_id,from_commune,to_commune\n14797-028,Hạc Thành,Bá Thước\n"
                    "16072-027,Hoa Lộc,Hạc Thành\n", encoding="utf-8")
    code = main(["evaluate", str(SCENARIOS / "thanh_hoa.toml"), "--plan", str(plan),
                 "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 1
    found = [ln for ln in (out + err).splitlines() if "recipient cap" in ln]
    assert len(found) == 1 and "row 3: recipient cap: Hạc Thành (14797) had " in found[0]
    assert found[0].endswith("at or above its norm quota of 70: it may receive no one but "
                             "the first official into each essential specialty it has "
                             "nobody in"), found[0]
    assert "1 rule violation in 2 moves" in out + err
