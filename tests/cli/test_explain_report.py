"""``explain --out`` saves the answer for people (report.html) beside explain.json, as whatif's
folder does; it wrote only the JSON."""

from __future__ import annotations

import html
import json
import re

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")


def _text(path) -> list[str]:
    page = re.sub(r"<style.*?</style>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return [t.strip() for t in html.unescape(re.sub(r"<[^>]+>", "\n", page)).split("\n")
            if t.strip()]


def test_explain_out_writes_a_report_that_agrees_with_its_json(capsys, tmp_path):
    out = tmp_path / "why"
    code, said, err = run_cli(capsys, "explain", "--lang", "en", DEMO, "--commune",
                              "Tam Chung", "--out", str(out))
    assert code == 0, err
    assert (out / "report.html").is_file()
    data = json.loads((out / "explain.json").read_text(encoding="utf-8"))
    text = _text(out / "report.html")
    specs = data["specialties"]
    assert specs  # (Tam Chung is short of staff in the demo)
    received = sum(d["received"] for d in specs)
    # the total is rounded once, as whatif and balance.csv give a commune's unmet need
    unmet = sum(d["unmet_after"] for d in specs)
    short = sum(1 for d in specs if round(d["unmet_after"], 1) > 0)
    head = (f"{data['name']} ({data['commune_id']}, ")
    first = next(t for t in text if t.startswith(head) and " receives " in t)
    # the totals, counted here from the JSON's rows
    assert f" receives {received} official" in first
    assert f"unmet need after it: {unmet:,.1f} FTE in {short} specialt" in first
    # one row per specialty, in the JSON's order, with its own figures
    for d in specs:
        i = text.index(d["label"])
        assert text[i + 1:i + 6] == [f"{d['required']:,.1f}", f"{d['in_post']:,}",
                                     f"{d['received']:,}", f"{d['unmet_after']:,.1f}",
                                     f"{d['could_give']:,}"]
    # the rule that stops most candidates, counted over the specialties
    stops: dict[str, int] = {}
    for d in specs:
        for k, n in d["blocked_by"].items():
            stops[k] = stops.get(k, 0) + n
    most = max(stops.values())
    assert any(t.startswith("Of the ") and t.endswith(f"({most:,}).") for t in text)
    # the terminal's lines are the report's notes
    for line in said.splitlines()[1:4]:
        assert line.strip() in text


def test_a_commune_short_of_nothing_says_so(capsys, tmp_path):
    out = tmp_path / "why"
    code, _, err = run_cli(capsys, "explain", "--lang", "en", DEMO, "--commune", "Hạc Thành",
                           "--out", str(out))
    assert code == 0, err
    data = json.loads((out / "explain.json").read_text(encoding="utf-8"))
    assert data["specialties"] == []  # (the demo's provincial seat has a surplus)
    text = _text(out / "report.html")
    assert (f"Hạc Thành ({data['commune_id']}, lowland): no specialty is short; the commune "
            "meets its WISN requirement.") in text
    assert not any(t.startswith("Of the ") for t in text)


def test_the_total_is_rounded_once_and_rows_that_add_up_otherwise_are_said():
    """An earlier trial read 19,7 FTE beside rows adding up to 19,8 as shown as an error; the
    HR trial (F12) found explain's 19,8 (the rows' sum) beside whatif's and balance.csv's
    19,7 for the same commune. The total is rounded once (as every other command gives it),
    and a note says what the rows as shown add up to. Three rows of 0,26 FTE each show 0,3:
    the total is 0,8 (0,78 rounded), the note says 0,9."""
    from staffsim.i18n import language
    from staffsim.results.report_contents import explain_report
    from staffsim.scenarios.loader import load_scenario

    def row(spec: str) -> dict:
        return {"specialty": spec, "label": spec, "required": 1.26, "in_post": 1,
                "received": 0, "after": 1.0, "unmet_after": 0.26, "candidates": 0,
                "could_give": 0, "blocked_by": {}, "nearest": []}
    data = {"commune_id": "X1", "name": "Xã Thử", "zone": "mountain", "status": "Optimal",
            "plan_found": True, "commune_rules": [], "would_help": [], "tried": [],
            "nothing_helps": None, "gives": None,
            "specialties": [row("land"), row("finance"), row("justice")]}
    for lang, total, each, required, note in (
            ("en", "0.8", "0.3", "3.8", "the rows as shown add up to 0.9 FTE, the total is "
             "0.8 FTE"),
            ("vi", "0,8", "0,3", "3,8", "cộng các dòng như đang hiển thị được 0,9 người quy "
             "đổi, tổng là 0,8 người quy đổi")):
        with language(lang):
            report = explain_report(load_scenario(DEMO), data, ["x"])
        assert f" {total} " in report.answer[0], report.answer[0]
        assert f" {each} " not in report.answer[0]
        header, rows = report.table
        assert [r[4] for r in rows] == [each, each, each, total]
        assert rows[-1][1] == required  # 1,26 × 3 = 3,78
        assert any(note in n for n in report.notes), report.notes


TH = str(SCENARIOS / "thanh_hoa.toml")


def test_every_change_tried_is_said_with_its_effect_helpful_ones_first(capsys, tmp_path):
    """The trial: Mường Chanh's explain said only the move by hand that helps; the changes it
    also tried (a longer distance limit, VND 2 bn more budget, ...) were dropped, and an HR
    officer needs to know that they do not help. Each is said after those that help, in the
    terminal, in explain.json and in report.html."""
    out = tmp_path / "why"
    code, said, err = run_cli(capsys, "explain", "--lang", "en", TH, "--commune",
                              "Mường Chanh", "--out", str(out))
    assert code == 0, err
    data = json.loads((out / "explain.json").read_text(encoding="utf-8"))
    assert data["would_help"], "Mường Chanh's move by hand helps (test_explain_remedies)"
    budget = next(t for t in data["tried"]
                  if t["parameter"] == "optimizer.constraints.budget.vnd")
    assert budget["commune_unmet_change"] == 0.0
    assert budget["value"] - budget["was"] == 2e9  # the budget family's remedy: +VND 2 bn
    lines = said.splitlines()
    helps = next(i for i, ln in enumerate(lines) if ln.startswith("Each change tried"))
    after = lines[helps + 1:]
    # the helpful one first, then one line per change tried without effect
    assert not after[0].strip().startswith("does not help")
    nots = [ln.strip() for ln in after if ln.strip().startswith("does not help: ")]
    assert len(nots) == len(data["tried"])
    line = next(ln for ln in nots if "budget" in ln)
    assert line.startswith("does not help: raise the budget by VND 2.0 bn to VND 47.0 bn: "
                           "Mường Chanh still gets "), line
    assert "its unmet need stays the same" in line
    text = _text(out / "report.html")
    assert line in text
    assert any(t.startswith("Tried as well, without reducing this commune's unmet need: ")
               and "raise the budget by VND 2.0 bn" in t for t in text)


def test_a_tried_change_says_what_the_commune_still_gets():
    """A tried change after which the commune gets what it got: said with what that is, in
    both languages ('still gets nobody' when it gets nobody)."""
    from staffsim.results.words import tried_line, words

    t = {"change": "add VND 2 bn to the budget",
         "parameter": "optimizer.constraints.budget.vnd", "value": 47e9, "was": 45e9,
         "official": None, "status": "Optimal", "moves_change": 13,
         "officials_received": {}, "commune_unmet_change": 0.0, "broken_rules": []}
    assert tried_line(words("en"), t, "Mường Chanh") == (
        "does not help: raise the budget by VND 2.0 bn to VND 47.0 bn: Mường Chanh still gets "
        "nobody; its unmet need stays the same; the plan then makes 13 moves more, none of "
        "them of use here")
    vi = tried_line(words("vi"), {**t, "officials_received": {"finance": 2}}, "Mường Chanh")
    assert vi.startswith("không giúp được: tăng ngân sách thêm 2,0 tỷ đồng, lên 47,0 tỷ đồng: "
                         "Mường Chanh vẫn chỉ nhận tổng cộng 2 Tài chính - Kế toán;"), vi
