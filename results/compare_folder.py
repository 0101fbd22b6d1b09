"""Write a comparison folder: tables, JSON, figures and a planner's report."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from staffsim.model.policies.solver_plans import PLAN_COLUMNS
from staffsim.results.folder import atomic_folder, manifest, write_json, write_resolved_scenario
from staffsim.results.html_report import render_markdown, write_report
from staffsim.results.plots import draw
from staffsim.results.report_contents import compare_report
from staffsim.results.summary import MIN_INTERVAL_REPLICATIONS, band_coverage, rough_intervals
from staffsim.results.tables import EXCEL_CSV, csv_writer, fmt, write_zone_timeseries
from staffsim.scenarios.loader import Scenario
from staffsim.scenarios.params import ZONES

MEAN_COLUMNS = ("mean_se", "mean_ci90_lo", "mean_ci90_hi")  # ``summary.mean_interval``'s keys


def write_comparison_csv(path: Path, summary: dict) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv_writer(f)
        w.writerow(["arm", "label", "metric", "area", "unit", "direction", "mean", "p05",
                    "p95", "diff_vs_reference_mean", "diff_p05", "diff_p95",
                    # (added after the columns above, which keep their places) the mean's
                    # standard error and 90% Student t confidence interval, paired for the
                    # difference: p05 and p95 are the spread of single replications
                    *MEAN_COLUMNS, *(f"diff_{c}" for c in MEAN_COLUMNS)])
        for arm, e in summary["arms"].items():
            for name, m in e["metrics"].items():
                for area, b in m["areas"].items():
                    d = b["vs_reference"]
                    w.writerow([arm, e["label"], name, area, m["unit"], m["direction"],
                                *(fmt(np.nan if b[k] is None else b[k])
                                  for k in ("mean", "p05", "p95")),
                                *(fmt(np.nan if d[k] is None else d[k])
                                  for k in ("mean", "p05", "p95")),
                                *(fmt(np.nan if x.get(k) is None else x[k])
                                  for x in (b, d) for k in MEAN_COLUMNS)])


def write_replications(path: Path, runs: list[dict]) -> None:
    """One row per run: its metrics, then the optimiser's plans it carried out
    (``solver_plans.PLAN_COLUMNS``: how many, how many not proven optimal, stopped before any
    plan, infeasible, and their time limit; empty where it carried out none)."""
    keys = list(runs[0]["metrics"])
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv_writer(f)
        w.writerow(["arm", "replication", *keys, *PLAN_COLUMNS])
        for r in runs:
            solver = r.get("solver", {})
            w.writerow([r["arm"], r["replication"], *(fmt(r["metrics"][k]) for k in keys),
                        *(fmt(np.nan if solver.get(c) is None else solver[c])
                          for c in PLAN_COLUMNS)])


def write_communes_end(path: Path, scenario: Scenario, runs: list[dict]) -> None:
    c = scenario.communes
    arms = list(dict.fromkeys(r["arm"] for r in runs))
    # (with a byte-order mark: the communes' Vietnamese names, opened in Excel on Windows)
    with open(path, "w", encoding=EXCEL_CSV, newline="") as f:
        w = csv_writer(f)
        w.writerow(["arm", "commune_id", "name", "zone", "lat", "lon", "unmet_fte_end",
                    "essential_missing_end"])
        for arm in arms:
            unmet = np.mean([r["unmet_end"] for r in runs if r["arm"] == arm], axis=0)
            miss = np.mean([r["essential_missing_end"] for r in runs if r["arm"] == arm], axis=0)
            for i in range(len(c)):
                w.writerow([arm, c.ids[i], c.names[i], ZONES[c.zone[i]], fmt(c.lat[i]),
                            fmt(c.lon[i]), fmt(unmet[i]), fmt(miss[i])])


def intervals_entry(replications: int) -> dict:
    """What comparison.json's p05 and p95 are, and whether they can be read as a 90%
    interval: ``rough`` with 2 to 9 replications (``summary.rough_intervals``), with the
    share of the outcomes such a band holds on average and the warning said in English."""
    from staffsim.results.compare_lines import rough_lines
    from staffsim.results.words import Words

    rough = rough_intervals(replications)
    return {"what": "p05 and p95: the 5th and 95th percentiles over the replications, the "
                    "spread of single replications (it does not narrow with more of them)",
            "mean": "mean_se, mean_ci90_lo and mean_ci90_hi: the standard error of the mean "
                    "over the replications and its 90% Student t confidence interval (in "
                    "vs_reference and least_unmet.vs_next, the paired t interval of the mean "
                    "difference): an interval that excludes zero tells two arms apart",
            "rough": rough, "min_replications": MIN_INTERVAL_REPLICATIONS,
            "expected_coverage": (round(band_coverage(replications), 4)
                                  if replications > 1 else None),
            "warning": rough_lines(replications, Words("en"))[0] if rough else None}


def ran_arms(scenario: Scenario, arms: list[str]) -> Scenario:
    """The scenario whose default arms are the arms that ran, in their order (the first is
    the reference): the folder's scenario.toml then runs them when given to compare without
    --policies. It ran compare.default_arms, all five of them, after a comparison of three
    chosen with --policies: its tables were not the folder's (a researcher's trial)."""
    if scenario.params.compare.default_arms == arms:
        return scenario
    params = scenario.params.model_copy(deep=True)
    params.compare.default_arms = list(arms)
    return dataclasses.replace(scenario, params=params)


COMPARE_FIGURES = ("unmet_backlog_bands", "cost_vs_unmet", "shortage_map_end")


def write_compare(final: Path, scenario: Scenario, runs: list[dict],
                  summary: dict, replications: int, months: int, seed: int,
                  timings: dict[str, float], command: str = "", force: bool = False) -> Path:
    with atomic_folder(final, force=force) as tmp:
        write_resolved_scenario(tmp, ran_arms(scenario, list(summary["arms"])))
        write_comparison_csv(tmp / "comparison.csv", summary)
        write_json(tmp / "comparison.json", {
            "scenario": scenario.name, "replications": replications, "months": months,
            "seed": seed, "intervals": intervals_entry(replications), **summary})
        write_replications(tmp / "replications.csv", runs)
        write_zone_timeseries(tmp / "arm_timeseries.csv",
                              [((r["arm"], r["replication"]), r["zone_table"]) for r in runs],
                              keys=("arm", "replication"))
        write_communes_end(tmp / "communes_end.csv", scenario, runs)
        if scenario.params.output.figures:
            draw(tmp, COMPARE_FIGURES, scenario=scenario)
        report = compare_report(scenario, summary, months, replications, seed, tmp, command)
        write_report(tmp, report)
        # the same report in Markdown, in the same language (it was English only)
        (tmp / "report.md").write_text(render_markdown(report, tmp), encoding="utf-8")
        write_json(tmp / "manifest.json", manifest(
            command=command, scenario_file=str(scenario.path.resolve()),
            scenario_name=scenario.name,
            seed=seed, replications=replications, months=months,
            arms=list(summary["arms"]), overrides=scenario.overrides,
            input_sha256=scenario.input_hashes,
            timings_s={k: round(v, 4) for k, v in timings.items()}))
    return final
