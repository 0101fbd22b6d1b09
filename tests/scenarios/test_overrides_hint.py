"""Hints for a --set key that is not a parameter."""

import pytest

from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


def test_a_short_key_read_as_a_section_says_it_is_a_value_not_itself_as_a_hint():
    """``optimizer.budget_vnd.x=1`` answered 'unknown key; did you mean optimizer.budget_vnd?'
    (the key it named)."""
    with pytest.raises(ScenarioError) as e:
        load_scenario(SCENARIOS / "demo.toml", {"optimizer.budget_vnd.x": 1})
    msg = str(e.value)
    assert "optimizer.budget_vnd" in msg and "not a section" in msg
    assert "optimizer.constraints.budget.vnd" in msg and "did you mean" not in msg


def test_an_unknown_key_never_suggests_itself():
    with pytest.raises(ScenarioError) as e:
        load_scenario(SCENARIOS / "demo.toml", {"optimizer.budgt_vnd": 1})
    msg = str(e.value)
    assert "did you mean" in msg
    hint = msg.split("did you mean", 1)[1].split("?")[0]
    assert "optimizer.budgt_vnd" not in hint


@pytest.mark.parametrize(("typed", "meant"), [
    ("ngân sách", "optimizer.budget_vnd"),       # the label's words, with diacritics
    ("ngan sach", "optimizer.budget_vnd"),       # and without
    ("maximum moves", "optimizer.max_moves"),    # the English label
    ("tỷ lệ biên chế", "optimizer.donor_quota"),
    ("optimizer.ngân sách", "optimizer.budget_vnd"),  # after its section (a trial)
    # a rule by the name whatif's lines give it ('tắt quy tắc “giới hạn khoảng cách”'; a
    # review): its number, or its switch when it has none
    ("giới hạn khoảng cách", "optimizer.max_distance_km"),
    ("giới hạn số người", "optimizer.max_moves"),
    ("trần biên chế nơi đến", "optimizer.constraints.recipient_cap.enabled"),
    ("được bảo vệ", "optimizer.constraints.protection.enabled"),
    # a line of the plan's own, longer than the label; the deadline by its date (a trial)
    ("Giới hạn số người điều động", "optimizer.max_moves"),
    ("thời hạn", "optimizer.deadline"),
])
def test_a_lever_typed_by_its_name_is_suggested_by_its_key(typed, meant):
    """'--set "ngân sách=36 tỷ"' and '--lever "ngân sách"' were refused as not a parameter
    with nothing to try (an HR trial); the levers' labels (what tables and headings call
    them) now find their keys."""
    with pytest.raises(ScenarioError) as e:
        load_scenario(SCENARIOS / "demo.toml", {typed: 1})
    hint = str(e.value).split("did you mean", 1)[1].split("?")[0]
    assert hint.split(" or ")[0].strip() == meant, str(e.value)


def test_a_frontier_lever_typed_by_its_name_is_suggested(capsys):
    from ..helpers import run_cli

    for span in ("0:2e9:3", "30 tỷ:45 tỷ:3"):  # (the second was refused as a bad range)
        code, _, err = run_cli(capsys, "frontier", str(SCENARIOS / "demo.toml"), "--lever",
                               "ngân sách", "--range", span, "--lang", "vi")
        assert code != 0 and "có phải là optimizer.budget_vnd?" in err, err


@pytest.mark.parametrize("typed", ["essential cover target", "mục tiêu đủ chuyên môn thiết yếu",
                                   "optimizer.constraints.cover_essential.enabled"])
def test_a_frontier_is_not_sent_to_a_switch_it_cannot_step_through(capsys, typed):
    """A rule without a number, typed by its name, suggested its switch, which frontier then
    refused as 'not numeric (default False)' (a trial): the switch is named as one, with the
    what-if that compares its two values; a frontier suggests numeric levers only."""
    from ..helpers import run_cli

    code, _, err = run_cli(capsys, "frontier", str(SCENARIOS / "demo.toml"), "--lever", typed,
                           "--range", "0:1:2", "--lang", "en")
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "did you mean" not in err and "False" not in err, err
    assert "optimizer.constraints.cover_essential.enabled" in err and "switch" in err, err
    assert "staffsim whatif --set optimizer.constraints.cover_essential.enabled=true" in err, err
