"""whatif --set optimizer.donor_floor=0,9 under the province's rules (donor floor share 0:
only the last essential official is kept) switched on a floor of 90% of the WISN requirement
in every specialty, said as 'mức giữ lại của nơi đi là 90%' (read as a looser rule, and not
to be told from the quota's 'tỷ lệ biên chế nơi đi giữ lại'); the answer said unmet need
fell while 13 more essential specialties were left vacant (an HR trial, F7/F8). Now the
lever is named with its base, the switch is said on the console and in the report, and the
answer says both changes when they go opposite ways."""

from __future__ import annotations

import html
import json
import re

import pytest

from staffsim.optimize.whatif import rules_switched
from staffsim.results.whatif import answer_sentence
from staffsim.results.words import words
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = SCENARIOS / "demo.toml"


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_floor_switched_on_is_said_and_the_answer_names_both_changes(tmp_path, capsys,
                                                                      lang):
    out = tmp_path / "w"
    code, text, err = run_cli(capsys, "whatif", str(DEMO), "--set",
                              "optimizer.donor_floor=0.9", "--out", str(out), "--lang", lang)
    assert code == 0, err
    note = ("switches on a rule the scenario's rule set (province practice) does not use: "
            "every donor must keep 90% of its WISN requirement in each specialty"
            if lang == "en" else
            "bật thêm một quy tắc mà bộ quy tắc của kịch bản (thực tiễn của tỉnh) không dùng: "
            "mỗi nơi đi phải giữ lại 90% nhu cầu WISN ở từng lĩnh vực")
    head = text.splitlines()[:2]
    # the lever is named as a share of the WISN requirement kept per specialty
    for part in (("WISN requirement", "per specialty") if lang == "en"
                 else ("nhu cầu WISN", "từng lĩnh vực")):
        assert part in head[0], head
    assert note in head[1], head
    report = _text((out / "report.html").read_text(encoding="utf-8"))
    assert note in report
    assert "mức giữ lại của nơi đi là" not in report and "donor floor set to" not in report
    data = json.loads((out / "whatif.json").read_text(encoding="utf-8"))
    assert data["rules_switched"] == [{"family": "donor_floor", "change": "on",
                                       "rule_set": "province_practice", "share": 0.9}]
    b, v = data["baseline"], data["variant"]
    eb, ev = (x["essential_missing_after"]["province"] for x in (b, v))
    fb, fv = (x["unmet_fte_after"]["province"] for x in (b, v))
    # the trial's pattern on the demo: less unmet FTE, more essential specialties vacant
    assert fv < fb and ev > eb, (fb, fv, eb, ev)
    vacant = (f"but more essential specialties are left vacant: {ev:.0f} instead of {eb:.0f} "
              f"(+{ev - eb:.0f})" if lang == "en" else
              f"nhưng số lĩnh vực thiết yếu không có người lại nhiều hơn: {ev:.0f} thay vì "
              f"{eb:.0f} (+{ev - eb:.0f})")
    assert vacant in report
    # and on the terminal, which showed only the table (a trial)
    assert vacant in " ".join(text.split()), text


def test_the_terminal_adds_no_answer_line_when_both_move_together(capsys):
    """A smaller budget: more unmet need and more vacancies, as the table shows: no line."""
    code, text, err = run_cli(capsys, "whatif", str(DEMO), "--set", "optimizer.budget_vnd=1e9",
                              "--lang", "en")
    assert code == 0, err
    assert "unmet need after the optimal plan is" not in text, text


def test_the_quota_and_the_floor_are_named_apart():
    _ = words("vi")
    from staffsim.results.words import lever_label

    floor = lever_label(_, "optimizer.donor_floor")
    quota = lever_label(_, "optimizer.donor_quota")
    assert "WISN" in floor and "từng lĩnh vực" in floor
    assert "biên chế" in quota and "WISN" not in quota


def test_which_rules_a_variant_switches():
    base = load_scenario(DEMO).params  # province practice: floor share 0, quota on
    floor = load_scenario(DEMO, {"optimizer.donor_floor": 0.9}).params
    assert rules_switched(base, floor) == [{"family": "donor_floor", "change": "on",
                                            "rule_set": "province_practice", "share": 0.9}]
    # the quota's share moved while the quota rule is on: nothing to say
    quota = load_scenario(DEMO, {"optimizer.donor_quota": 0.95}).params
    assert rules_switched(base, quota) == []
    # under the WISN rules the quota is off: its share changes nothing, and that is said
    wisn = load_scenario(DEMO, {"optimizer.rules": "wisn"}).params
    idle = load_scenario(DEMO, {"optimizer.rules": "wisn",
                                "optimizer.donor_quota": 0.95}).params
    assert rules_switched(wisn, idle) == [{"family": "donor_quota", "change": "idle",
                                           "rule_set": "wisn"}]
    # a change of the rule set itself is the heading's to say
    assert rules_switched(base, wisn) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_answer_shows_the_change_the_table_shows(lang):
    """783,54 and 897,96 are shown 783,5 and 898,0: the change is +114,5 (their difference),
    not +114,4 (the unrounded one), as in the table (F15)."""
    def side(fte, essential, weighted):
        return {"unmet_fte_after": {"province": fte},
                "essential_missing_after": {"province": essential},
                "weighted_unmet_after": weighted}

    said = answer_sentence(words(lang), "x", side(783.54, 21, 2082.5),
                           side(897.96, 21, 2300.0))
    assert ("(+114.5)" if lang == "en" else "(+114,5)") in said, said
    # FTE down, essential vacancies up: both said, and the weighted measure
    said = answer_sentence(words(lang), "x", side(783.5, 21, 2082.5), side(777.3, 34, 2134.9))
    assert ("777.3 FTE instead of 783.5 (-6.2), but more essential specialties are left "
            "vacant: 34 instead of 21 (+13)" if lang == "en" else
            "777,3 người quy đổi thay vì 783,5 (-6,2), nhưng số lĩnh vực thiết yếu không có "
            "người lại nhiều hơn: 34 thay vì 21 (+13)") in said, said
    assert ("2,134.9 points instead of 2,082.5 (+52.4)" if lang == "en" else
            "2.134,9 điểm thay vì 2.082,5 (+52,4)") in said, said
    # both better: one plain sentence
    said = answer_sentence(words(lang), "x", side(783.5, 21, 2082.5), side(770.0, 20, 2050.0))
    assert said.endswith("(-13.5)." if lang == "en" else "(-13,5).") and "WISN" not in said


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_floor_in_total_with_a_share_of_0_is_said_to_change_nothing(tmp_path, capsys,
                                                                        lang):
    """Under the province's rules the floor's share is 0: switching its total part on keeps
    0 x the requirement, so the plans are the same and the answer says why (the heading
    named the raw key, 'set to True')."""
    out = tmp_path / "w"
    code, text, err = run_cli(capsys, "whatif", str(DEMO), "--set",
                              "optimizer.constraints.donor_floor.in_total=true", "--out",
                              str(out), "--lang", lang)
    assert code == 0, err
    head = text.splitlines()[0]
    assert "optimizer.constraints" not in head and "True" not in head, head
    assert ("the donor floor on the whole WISN requirement switched on" if lang == "en"
            else "bật mức giữ lại tính trên tổng nhu cầu WISN") in head, head
    note = ("this setting changes nothing: the donor floor in total" if lang == "en"
            else "thiết lập này không thay đổi gì: mức giữ lại tính chung")
    assert note in text
    data = json.loads((out / "whatif.json").read_text(encoding="utf-8"))
    assert data["rules_switched"] == [{"family": "donor_floor", "change": "idle_total",
                                       "rule_set": "province_practice"}]
    b, v = data["baseline"], data["variant"]
    for key in ("unmet_fte_after", "essential_missing_after"):
        assert b[key] == v[key], key


def test_a_rule_switched_off_is_named_by_the_rule():
    from staffsim.results.words import setting_words

    for lang, want in (("en", "the rule “distance limit” switched off"),
                       ("vi", "tắt quy tắc “giới hạn khoảng cách”")):
        assert setting_words(words(lang), "optimizer.constraints.max_distance.enabled",
                             False) == want
