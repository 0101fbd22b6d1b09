"""A zone without a commune (the demo has no mountain commune) has no figure to show: '–' in
run's table, left out of frontier's lines, figure and report table, as plan already shows it
and compare leaves it out (a researcher's trial: run printed '–' for its WISN ratio but 0,0
for unmet need and 0 for backlog; frontier said 'miền núi 0,0' on every line and drew a flat
line for it). That the demo has no mountain commune is read from its communes table."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from staffsim.results.frontier_folder import frontier_lines
from staffsim.results.plots import draw, style
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = SCENARIOS / "demo.toml"


def test_the_demo_has_no_mountain_commune():
    rows = list(csv.DictReader(io.StringIO((SCENARIOS / "data" / "demo_communes.csv")
                                           .read_text(encoding="utf-8-sig"))))
    zones = [r["zone"] for r in rows]
    assert zones.count("mountain") == 0 and zones.count("high_mountain") > 0


@pytest.mark.parametrize("lang, mountain, dash", [("en", "mountain", "–"),
                                                   ("vi", "miền núi", "–")])
def test_runs_table_shows_a_dash_for_every_figure_of_an_empty_zone(tmp_path, capsys, lang,
                                                                   mountain, dash):
    code, out, err = run_cli(capsys, "run", str(DEMO), "--set", "simulation.months=2",
                             "--out", str(tmp_path / "r"), "--lang", lang)
    assert code == 0, err
    lines = [ln for ln in out.splitlines() if ln.strip() and not ln.startswith(
        ("wrote", "đã ghi"))]  # the table (its title line is on stderr)
    header = lines[0]
    at = header.index(mountain)  # the column's cells end where its heading ends
    end = at + len(mountain)
    cells = [ln[:end].split()[-1] for ln in lines[1:]]
    assert cells[0] == "0"  # the communes row
    assert cells[1:] and all(c == dash for c in cells[1:]), cells
    # the other zones keep their figures (the high mountain's unmet need is not '–')
    assert any(ch.isdigit() for ln in lines[1:] for ch in ln[end:])


def test_frontiers_lines_report_and_figure_leave_an_empty_zone_out(tmp_path, capsys,
                                                                  monkeypatch):
    seen: dict[str, list[str]] = {}

    def check(fig, out):
        seen["lines"] = [line.get_label() for a in fig.axes for line in a.get_lines()
                         if not line.get_label().startswith("_")]

    monkeypatch.setattr(style, "INSPECT", [check])
    out = tmp_path / "f"
    code, text, err = run_cli(capsys, "frontier", str(DEMO), "--lever", "optimizer.budget_vnd",
                              "--range", "0:4e9:3", "--out", str(out), "--lang", "vi")
    assert code == 0, err
    values = [ln for ln in text.splitlines() if ln.startswith("  ")]
    assert len(values) == 3
    for ln in values:
        assert "miền núi" not in ln and "(vùng cao " in ln, ln
    data = json.loads((out / "frontier.json").read_text(encoding="utf-8"))
    assert data["communes"] == {"lowland": 5, "mountain": 0, "high_mountain": 16,
                                "province": 21}
    html = (out / "report.html").read_text(encoding="utf-8")
    heads = re.findall(r"<th>([^<]*)</th>", html)
    assert any("vùng cao" in h for h in heads) and not any("miền núi" in h for h in heads)
    # the figure (drawn here: tests leave figures out unless asked)
    draw(out, ["frontier"], out=tmp_path / "figures", lang="en",
         scenario=load_scenario(DEMO))
    assert "mountain" not in seen["lines"] and "high mountain" in seen["lines"], seen
    # lines of an older folder without the counts: both zones, as before
    # (284,8 FTE: the high mountain's unmet need at month 0 in run's table above, with no move)
    older = frontier_lines("X", "optimizer.budget_vnd", data["points"])  # (in Vietnamese)
    assert "(miền núi 0,0, vùng cao 284,8)" in older[1], older[1]
