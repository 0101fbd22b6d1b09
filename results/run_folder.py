"""Write a simulation run folder: resolved scenario, manifest, tables, summary and figures."""

from __future__ import annotations

import time
from pathlib import Path

from staffsim.model.outcomes import replication_metrics, zone_table
from staffsim.model.replications import ReplicationResult
from staffsim.model.roster import Roster
from staffsim.results.folder import (
    atomic_folder,
    manifest,
    prepare_manifest,
    write_json,
    write_resolved_scenario,
)
from staffsim.results.html_report import write_report
from staffsim.results.plots import draw_soon, run_figures, zone_plot_names
from staffsim.results.report_contents import run_report
from staffsim.results.summary import summarize
from staffsim.results.tables import (
    write_communes,
    write_roster,
    write_timeseries,
    write_zone_timeseries,
)
from staffsim.scenarios.loader import Scenario
from staffsim.scenarios.params import ZONES

ZONE_FIGURES = frozenset(zone_plot_names())  # they read zone_timeseries.csv only


def write_run(final: Path, scenario: Scenario, start_roster: Roster,
              results: list[ReplicationResult], timings: dict[str, float],
              command: str = "", force: bool = False) -> Path:
    """Write everything about a run into ``final`` (created whole or not at all)."""
    zone = scenario.communes.zone
    prepare_manifest()  # read beside the writing (results.folder)
    with atomic_folder(final, force=force) as tmp:
        t0 = time.perf_counter()
        # the files the figures read first, so that they are drawn (by the figure worker,
        # if one runs) while the rest is written: the zone figures as soon as their small
        # table is written, the map once the commune tables are (the national time series
        # takes 0.7 s to write: the zone figures are drawn meanwhile)
        draw = scenario.params.output.figures
        names = run_figures()
        tables = [zone_table(r.series, zone) for r in results]
        write_zone_timeseries(tmp / "zone_timeseries.csv",
                              [((r.replication,), t) for r, t in zip(results, tables,
                                                                     strict=True)])
        figures = [draw_soon(tmp, [n for n in names if n in ZONE_FIGURES],
                             scenario=scenario)] if draw else []
        write_communes(tmp / "communes.csv", scenario, start_roster)
        runs = [(r.replication, r.series) for r in results]
        write_timeseries(tmp / "timeseries.csv", scenario, runs)
        if draw:
            figures.append(draw_soon(tmp, [n for n in names if n not in ZONE_FIGURES],
                                     scenario=scenario))
        write_resolved_scenario(tmp, scenario)
        write_roster(tmp / "roster.csv", scenario, start_roster)
        counts = {z: int((zone == i).sum()) for i, z in enumerate(ZONES)}
        counts["province"] = len(zone)
        metrics = [replication_metrics(r.series, zone, t)
                   for r, t in zip(results, tables, strict=True)]
        summary = summarize(tables, counts, metrics)
        summary["scenario"] = scenario.name
        summary["months"] = scenario.params.simulation.months
        prov = scenario.params.province
        summary["start"] = {"year": prov.start_year, "month": prov.start_month}
        # (several: the "province" area is their total, not "toàn tỉnh")
        summary["provinces"] = len(set(scenario.communes.province)) or 1
        write_json(tmp / "summary.json", summary)
        timings["write_s"] = time.perf_counter() - t0
        if figures:
            t0 = time.perf_counter()
            for wait in figures:
                wait()
            timings["figures_s"] = time.perf_counter() - t0  # what is left to wait for
        write_report(tmp, run_report(scenario, summary, tmp, command))
        sim = scenario.params.simulation
        write_json(tmp / "manifest.json", manifest(
            command=command, scenario_file=str(scenario.path.resolve()),
            scenario_name=scenario.name,
            seed=sim.seed, replications=sim.replications, months=sim.months,
            overrides=scenario.overrides, input_sha256=scenario.input_hashes,
            communes=len(zone), officials_at_start=int(start_roster.active.sum()),
            timings_s={k: round(v, 4) for k, v in timings.items()},
        ))
    return final
