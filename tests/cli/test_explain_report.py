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
    unmet = sum(d["unmet_after"] for d in specs)
    short = sum(1 for d in specs if d["unmet_after"] > 1e-9)
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
