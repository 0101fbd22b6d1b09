"""Every declared outcome reaches every table that should show it, with its label and unit;
read from the declarations, so declaring a new outcome needs no edit here."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq

from staffsim.model import outcomes as oc
from staffsim.model.outcomes import AREAS, Metric, Outcome
from staffsim.model.policies.solver_plans import PLAN_COLUMNS
from staffsim.results.sweep_folder import outcome_columns

from ..helpers import run_cli


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def test_run_folder_holds_every_outcome(folders):
    run = folders["run"]
    recorded = [o.name for o in oc.OUTCOMES if o.recorded]
    assert header(run / "timeseries.csv") == ["replication", "month", "commune_id", *recorded]
    by_area = [o.name for o in oc.area_outcomes()]
    assert header(run / "zone_timeseries.csv") == ["replication", "month", "area", *by_area]
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    for area in AREAS:
        entry = summary["areas"][area]
        for o in oc.area_outcomes():
            fig = entry[o.name]
            assert (fig["label"], fig["unit"], fig["direction"]) == (o.label, o.unit,
                                                                     o.direction)
            assert ("total" in fig) == (o.kind == "flow")
            assert ("start" in fig and "end" in fig) == (o.kind == "level")
    for m in oc.per_area_metrics():
        assert (m.name in summary) == m.run_summary
        if m.run_summary:
            assert set(summary[m.name]) == set(AREAS)


def test_compare_folder_holds_every_metric(folders):
    cmp = folders["compare"]
    table = rows(cmp / "comparison.csv")
    arms = {r["arm"] for r in table}
    got = {(r["arm"], r["metric"], r["area"]): (r["unit"], r["direction"]) for r in table}
    want = {(arm, m.name, a): (m.unit, m.direction or "") for arm in arms
            for m in oc.per_area_metrics() for a in AREAS}
    assert got == want
    data = json.loads((cmp / "comparison.json").read_text(encoding="utf-8"))
    for entry in data["arms"].values():
        assert list(entry["metrics"]) == [m.name for m in oc.per_area_metrics()]
        for m in oc.per_area_metrics():
            assert (entry["metrics"][m.name]["label"], entry["metrics"][m.name]["unit"]) == (
                m.label, m.unit)
    assert header(cmp / "replications.csv")[2:] == [
        c for c in oc.metric_columns() if "|" in c] + list(PLAN_COLUMNS)  # then each run's plans
    assert header(cmp / "arm_timeseries.csv")[4:] == [o.name for o in oc.area_outcomes()]
    report = (cmp / "report.md").read_text(encoding="utf-8")
    for m, a in oc.report_rows():
        assert oc.metric_title(m, a) in report


def test_sweep_results_hold_every_metric(folders):
    table = pq.read_table(folders["sweep"] / "results.parquet")
    assert outcome_columns(table.column_names) == oc.metric_columns()
    points = header(folders["sweep"] / "points.csv")
    assert [c.removeprefix("mean:") for c in points if c.startswith("mean:")] == \
        oc.metric_columns()
    analysis = json.loads((folders["analysis"] / "analysis.json").read_text(encoding="utf-8"))
    assert list(analysis["sensitivity"]) == oc.headline_columns()


def test_a_new_declaration_reaches_compare_without_other_edits(folders, monkeypatch, capsys,
                                                              tmp_path):
    """Declare an area outcome and a metric of it (as a test, by monkeypatching the
    registries): compare's tables, report and terminal show them."""
    new = Outcome("communes_with_exits", "Communes with a voluntary exit", "communes",
                  "level", over_communes="count_positive", of=("exits_attrition",),
                  direction="minimize")
    monkeypatch.setattr(oc, "OUTCOMES", oc.OUTCOMES + (new,))
    metric = Metric("exit_commune_months", "communes_with_exits", "sum",
                    unit="commune-months", report_areas=("province",))
    monkeypatch.setattr(oc, "METRICS", oc.METRICS + (metric,))
    out = tmp_path / "cmp"
    code, stdout, err = run_cli(capsys, "compare", str(folders["scenario"]), "--policies",
                                "none,optimised", "--replications", "2", "--months", "4",
                                "--workers", "1", "--out", str(out))
    assert code == 0, err
    title = "Communes with a voluntary exit, province (commune-months)"
    assert title in stdout
    assert title in (out / "report.md").read_text(encoding="utf-8")
    found = [r for r in rows(out / "comparison.csv") if r["metric"] == "exit_commune_months"]
    assert {(r["area"], r["unit"], r["direction"]) for r in found} == {
        (a, "commune-months", "minimize") for a in AREAS}
    # the metric is the monthly count summed over the months, run by run
    months = rows(out / "arm_timeseries.csv")
    for r in rows(out / "replications.csv"):
        monthly = [float(x["communes_with_exits"]) for x in months
                   if (x["arm"], x["replication"], x["area"]) == (r["arm"], r["replication"],
                                                                 "province")]
        assert len(monthly) == 4
        assert float(r["exit_commune_months|province"]) == sum(monthly)
        # a count of communes: at most the 4 communes in each of the 4 months
        assert 0 <= sum(monthly) <= 16 and all(float(x).is_integer() for x in monthly)


def test_outcomes_are_shown_with_labels_in_the_terminal(folders):
    from staffsim import i18n
    from staffsim.results.run_lines import headline

    with i18n.language("en"):
        lines = headline(folders["run"] / "summary.json")
    for o in oc.area_outcomes():
        if o.run_headline:
            # the first and the last month as dates (the fixture runs 3 months from 07/2025),
            # a flow's total over the months
            for when in (("over 3 months",) if o.kind == "flow" else ("Jul 2025", "Sep 2025")):
                assert any(line.startswith(oc.title(f"{o.label}, {when}", o.unit))
                           for line in lines), (o.label, when)
    # (the fixture's 2 replications: the figures are their means, and the corner says so)
    assert lines[0].split() == ["mean", "of", "2", "replications", "lowland", "mountain",
                                "high", "mountain", "province"]
