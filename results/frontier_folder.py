"""Write a frontier folder: one row per lever value (frontier.csv), the points as JSON, the
figure and the manifest."""

from __future__ import annotations

import io
from pathlib import Path

from staffsim.model.outcomes import AREAS
from staffsim.results.folder import (
    atomic_folder,
    manifest,
    write_json,
    write_resolved_scenario,
)
from staffsim.results.plots import draw
from staffsim.results.tables import csv_writer
from staffsim.results.words import lever_label, setting_value, status, words
from staffsim.scenarios.loader import Scenario

COLUMNS = ["value", "status", "weighted_unmet", *(f"unmet_fte_{a}" for a in AREAS),
           "essential_missing", "communes_lacking_essential", "moves", "allowance_vnd",
           "km_total", "build_s", "solve_s"]


def frontier_csv(points: list[dict]) -> str:
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(COLUMNS)
    for p in points:
        w.writerow([p["value"], p["status"], f"{p['weighted_unmet']:.4f}",
                    *(f"{p['unmet_fte'][a]:.4f}" for a in AREAS),
                    int(p["essential_missing"]["province"]),
                    int(p["communes_lacking_essential"]["province"]), p["moves"],
                    f"{p['allowance_vnd']:.0f}",
                    f"{p['km_total']:.1f}", f"{p['build_s']:.4f}", f"{p['solve_s']:.4f}"])
    return buf.getvalue()


def write_frontier(final: Path, scenario: Scenario, lever: str, values: list, data: dict,
                   command: str, force: bool = False) -> Path:
    """The folder ``final``, created whole or not at all."""
    with atomic_folder(final, force=force, inputs=scenario.input_files) as tmp:
        (tmp / "frontier.csv").write_text(frontier_csv(data["points"]), encoding="utf-8")
        write_json(tmp / "frontier.json", data)
        if scenario.params.output.figures:  # as run, plan and compare
            draw(tmp, ["frontier"], scenario=scenario)
        write_resolved_scenario(tmp, scenario)  # the folder reproduces itself
        write_json(tmp / "manifest.json", manifest(
            command=command, scenario_file=str(scenario.path.resolve()), lever=lever,
            values=values, overrides=scenario.overrides, input_sha256=scenario.input_hashes))
    return final


def frontier_lines(name: str, lever: str, points: list[dict]) -> list[str]:
    """The frontier as terminal lines in the current language, one line per lever value (in
    its unit: VND bn, km, %): the declared plan measures after the optimal plan."""
    _ = words()
    lines = [_("{name}: the optimal plan at each value of {lever}", name=name,
               lever=lever_label(_, lever))]
    for p in points:
        u = p["unmet_fte"]
        lines.append("  " + _(
            "{value} ({status}): unmet need {unmet} FTE (mountain {mountain}, high mountain "
            "{high}); essential specialties vacant {missing}, in {communes} communes; "
            "{moves} transfers, allowance {vnd}", value=setting_value(_, lever, p["value"]),
            status=status(_, p["status"]), unmet=_.qty(u["province"], "FTE"),
            mountain=_.qty(u["mountain"], "FTE"), high=_.qty(u["high_mountain"], "FTE"),
            missing=_.num(p["essential_missing"]["province"]),
            communes=_.num(p["communes_lacking_essential"]["province"]),
            moves=_.num(p["moves"]), vnd=_.qty(p["allowance_vnd"], "VND")))
    return lines
