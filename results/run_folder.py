"""Write a simulation run folder: resolved scenario, manifest, tables, summary and figures."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from staffsim.model.outcomes import zone_table
from staffsim.model.replications import ReplicationResult
from staffsim.model.roster import Roster
from staffsim.results.folder import atomic_folder, manifest, write_json, write_resolved_scenario
from staffsim.results.plots import plot_run
from staffsim.results.summary import summarize
from staffsim.results.tables import (
    write_communes,
    write_roster,
    write_timeseries,
    write_zone_timeseries,
)
from staffsim.scenarios.loader import Scenario
from staffsim.scenarios.params import ZONES


def write_run(final: Path, scenario: Scenario, start_roster: Roster,
              results: list[ReplicationResult], timings: dict[str, float],
              command: str = "", force: bool = False) -> Path:
    """Write everything about a run into ``final`` (created whole or not at all)."""
    zone = scenario.communes.zone
    with atomic_folder(final, force=force) as tmp:
        t0 = time.perf_counter()
        write_resolved_scenario(tmp, scenario)
        write_communes(tmp / "communes.csv", scenario, start_roster)
        write_roster(tmp / "roster.csv", scenario, start_roster)
        runs = [(r.replication, r.series) for r in results]
        write_timeseries(tmp / "timeseries.csv", scenario, runs)
        tables = [zone_table(r.series, zone) for r in results]
        write_zone_timeseries(tmp / "zone_timeseries.csv",
                              [((r.replication,), t) for r, t in zip(results, tables,
                                                                     strict=True)])
        counts = {z: int((zone == i).sum()) for i, z in enumerate(ZONES)}
        counts["province"] = len(zone)
        summary = summarize(tables, counts)
        summary["scenario"] = scenario.name
        summary["months"] = scenario.params.simulation.months
        write_json(tmp / "summary.json", summary)
        timings["write_s"] = time.perf_counter() - t0
        if scenario.params.output.figures:
            t0 = time.perf_counter()
            plot_run(tmp)
            timings["figures_s"] = time.perf_counter() - t0
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


def headline(summary_path: Path) -> list[str]:
    """A few lines for the terminal from a summary.json."""
    import json

    s = json.loads(summary_path.read_text(encoding="utf-8"))
    lines = [f"{'area':<14}{'communes':>9}{'WISN start':>12}{'WISN end':>10}"
             f"{'unmet FTE end':>15}{'backlog end':>13}{'lacking ess.':>14}"]
    for area, e in s["areas"].items():
        def v(name: str, key: str = "end", e: dict = e) -> float:
            x = e[name][key]["mean"]
            return np.nan if x is None else x

        lines.append(f"{area:<14}{e['communes']:>9}{v('wisn_ratio', 'start'):>12.2f}"
                     f"{v('wisn_ratio'):>10.2f}{v('unmet_fte'):>15.1f}{v('backlog'):>13.0f}"
                     f"{v('communes_lacking_essential'):>14.1f}")
    return lines
