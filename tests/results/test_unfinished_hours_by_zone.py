"""Work hours left undone (``unfinished_hours``) by zone and province-wide, as the other area
outcomes of a run: in summary.json, the terminal table of `staffsim run` and report.html, in
both languages, with thousands separators. A planner reading "backlog 0" sees beside it the
fixed-task hours that were dropped (commit 16cd09d: they are not carried into the backlog).

Expected values: by hand on made-up commune series, and on a run folder the invariant that a
zone's total is the sum of its communes' cells in timeseries.csv over the months (mean over
replications) and the zones add up to the province.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict

import numpy as np
import pytest

from staffsim import i18n
from staffsim.model.outcomes import SERIES_NAMES, replication_metrics, zone_table
from staffsim.results.run_lines import headline_rows
from staffsim.results.summary import summarize
from staffsim.scenarios.zones import ZONES

from ..conftest import write_scenario
from ..helpers import run_cli

LABEL = "Work hours left undone (fixed tasks and dossiers)"


def _hand_summary() -> dict:
    """Three communes over two months: a lowland one (1,000 h then 234.4 h undone), two
    high-mountain ones (5,000.2 h and 0.3 h in month 1; 0 and 0 in month 2); no mountain
    commune. By hand: lowland 1,234.4 h, mountain 0, high mountain 5,000.5 h, province
    6,234.9 h over the two months."""
    s = {name: np.zeros((2, 3)) for name in SERIES_NAMES}
    s["unfinished_hours"][:] = [[1000.0, 5000.2, 0.3], [234.4, 0.0, 0.0]]
    zone = np.array([ZONES.index("lowland"), ZONES.index("high_mountain"),
                     ZONES.index("high_mountain")])
    table = zone_table(s, zone)
    summary = summarize([table], {"lowland": 1, "mountain": 0, "high_mountain": 2,
                                  "province": 3}, [replication_metrics(s, zone, table)])
    return {**summary, "months": 2, "start": {"year": 2025, "month": 7}}


def test_summary_gives_the_total_hours_by_zone():
    areas = _hand_summary()["areas"]
    want = {"lowland": 1234.4, "mountain": 0.0, "high_mountain": 5000.5, "province": 6234.9}
    for area, hours in want.items():
        fig = areas[area]["unfinished_hours"]
        assert fig["total"]["mean"] == pytest.approx(hours), area
        assert (fig["unit"], fig["direction"]) == ("hours", "minimize")
        assert "start" not in fig  # a flow: its total over the months, not a month's level


@pytest.mark.parametrize(("lang", "title", "cells"), [
    # (no mountain commune: '–', not 0 hours)
    ("en", f"{LABEL}, over 2 months (hours)", ["1,234", "–", "5,000", "6,235"]),
    ("vi", "Số giờ công việc chưa làm (nhiệm vụ thường xuyên và hồ sơ), trong 2 tháng (giờ)",
     ["1.234", "–", "5.000", "6.235"]),
])
def test_the_run_table_has_a_row_of_hours_by_zone(lang, title, cells):
    with i18n.language(lang):
        _header, rows = headline_rows(_hand_summary())
    row = next(r for r in rows if r[0] == title)
    assert row[1:] == cells  # whole hours, thousands separated, in the language


def test_one_month_is_said_as_one_month():
    """A flow's row says 'over 1 month' (it said '1 months' before a flow was shown)."""
    summary = {**_hand_summary(), "months": 1}
    with i18n.language("en"):
        _header, rows = headline_rows(summary)
    assert any(r[0] == f"{LABEL}, over 1 month (hours)" for r in rows)


# 4 months at three times the workload: every zone leaves work undone (tests/results/
# test_backlog_unfinished_columns.py runs the same scenario)
OVERLOADED = ("[simulation]\nmonths = 4\nseed = 3\nreplications = 2\n"
              "[workload]\nintensity = 3.0\n")


def _zone_sums(folder) -> dict[str, float]:
    """Each area's hours undone from timeseries.csv: the communes' cells over the months,
    mean over the replications."""
    with open(folder / "communes.csv", encoding="utf-8-sig") as f:
        zone_of = {r["commune_id"]: r["zone"] for r in csv.DictReader(f)}
    total: dict[str, float] = defaultdict(float)
    reps = set()
    with open(folder / "timeseries.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            reps.add(r["replication"])
            total[zone_of[r["commune_id"]]] += float(r["unfinished_hours"])
            total["province"] += float(r["unfinished_hours"])
    return {a: x / len(reps) for a, x in total.items()}


def test_run_folder_terminal_and_report_show_the_hours_by_zone(tmp_path, capsys):
    path = write_scenario(tmp_path, OVERLOADED)
    out = tmp_path / "run"
    code, printed, err = run_cli(capsys, "run", str(path), "--out", str(out), "--lang", "en")
    assert code == 0, err
    want = _zone_sums(out)
    assert set(want) == {"lowland", "mountain", "high_mountain", "province"}
    assert all(want[a] > 0 for a in want)  # the overload leaves hours undone everywhere
    areas = json.loads((out / "summary.json").read_text(encoding="utf-8"))["areas"]
    got = {a: areas[a]["unfinished_hours"]["total"]["mean"] for a in want}
    for a in want:  # timeseries.csv cells carry 4 decimals: 16 cells per commune at most
        assert got[a] == pytest.approx(want[a], abs=1e-2), a
    assert got["province"] == pytest.approx(sum(got[z] for z in ZONES))

    cells = [f"{got[a]:,.0f}" for a in ("lowland", "mountain", "high_mountain", "province")]
    title = f"{LABEL}, over 4 months (hours)"
    line = next(ln for ln in printed.splitlines() if ln.startswith(title))
    assert line[len(title):].split() == cells
    report = (out / "report.html").read_text(encoding="utf-8")
    assert f"<td>{title}</td>" + "".join(f"<td>{c}</td>" for c in cells) in report
    # the answer says it beside the backlog: fixed tasks dropped are not in it
    assert (f"Work hours left undone over 4 months: {cells[-1]} hours; fixed tasks not done "
            "in their month are dropped, not carried over") in report


def test_the_report_says_it_in_vietnamese(tmp_path, capsys):
    path = write_scenario(tmp_path, OVERLOADED.replace("replications = 2", "replications = 1"))
    out = tmp_path / "run"
    code, printed, err = run_cli(capsys, "run", str(path), "--out", str(out), "--lang", "vi")
    assert code == 0, err
    total = _zone_sums(out)["province"]
    said = f"{total:,.0f}".replace(",", ".")
    assert any(ln.startswith("Số giờ công việc chưa làm (nhiệm vụ thường xuyên và hồ sơ), "
                             "trong 4 tháng (giờ)") and ln.split()[-1] == said
               for ln in printed.splitlines()), printed
    report = (out / "report.html").read_text(encoding="utf-8")
    assert f"Số giờ công việc chưa làm trong 4 tháng: {said} giờ" in report
