"""Write a frontier folder: one row per lever value (frontier.csv), the points as JSON, the
figure and the manifest."""

from __future__ import annotations

import io
from pathlib import Path

from staffsim.i18n import N_
from staffsim.model.outcomes import AREAS
from staffsim.results.folder import (
    atomic_folder,
    manifest,
    write_json,
    write_resolved_scenario,
)
from staffsim.results.plots import draw
from staffsim.results.tables import csv_writer
from staffsim.results.words import counted, lever_label, setting_value, status, words
from staffsim.scenarios.loader import Scenario

COLUMNS = ["value", "status", "weighted_unmet", *(f"unmet_fte_{a}" for a in AREAS),
           "essential_missing", "communes_lacking_essential", "moves", "allowance_vnd",
           "km_total", "build_s", "solve_s", "capped_by"]
MAX_MOVES = "optimizer.constraints.max_moves.moves"


def move_limit(scenario: Scenario) -> float | None:
    """The move limit the frontier's province plans under (its own, ``province.by_province``,
    if it has one), None when the rule is off."""
    from staffsim.scenarios.loader import province_params

    codes = sorted(set(scenario.communes.province))
    params = (province_params(scenario.params, codes[0]) if len(codes) == 1
              else scenario.params)
    rule = params.optimizer.constraints.max_moves
    return float(rule.moves) if rule.enabled else None


def mark_capped(points: list[dict], lever: str, limit: float | None) -> list[dict]:
    """Each point's ``capped_by``: the limits other than the lever that stop its plan (the
    move limit, when the plan makes as many moves as it allows), [] if none. At a budget of
    VND 60 bn the plan made its 400 moves and the frontier said nothing: its flat end read as
    'more money no longer helps' where the move limit, not the money, had stopped it."""
    from staffsim.scenarios.params import ALIASES

    key = ALIASES.get(lever, lever)
    for p in points:
        capped = (limit is not None and key != MAX_MOVES and p.get("plan_found", True)
                  and p["moves"] >= limit)
        p["capped_by"] = ["max_moves"] if capped else []
    return points


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
                    f"{p['km_total']:.1f}", f"{p['build_s']:.4f}", f"{p['solve_s']:.4f}",
                    " ".join(p.get("capped_by", []))])
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


def frontier_lines(name: str, lever: str, points: list[dict],
                   limit: float | None = None) -> list[str]:
    """The frontier as terminal lines in the current language, one line per lever value (in
    its unit: VND bn, km, %): the declared plan measures after the optimal plan; a point
    whose plan meets another limit (``capped_by``, ``mark_capped``; the move limit of
    ``limit`` transfers) says so on its line, and a last line says what that means."""
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
            moves=_.num(p["moves"]), vnd=_.qty(p["allowance_vnd"], "VND"))
            + ("" if "max_moves" not in p.get("capped_by", ()) else
               _(" — at the move limit")))
    capped = [p for p in points if "max_moves" in p.get("capped_by", ())]
    if capped and limit is not None:
        allowed = counted(_, limit, N_("{n} transfer"), N_("{n} transfers"))
        lines.append(_("At {values} the plan makes all the transfers the move limit allows "
                       "({limit}): there the move limit, not the {lever}, stops further "
                       "transfers, so unmet need that stops falling does not mean more {lever} "
                       "would not help; raise the move limit ({key}) to see what it would buy.",
                       values=", ".join(setting_value(_, lever, p["value"]) for p in capped),
                       limit=allowed,
                       lever=lever_label(_, lever), key=MAX_MOVES))
    return lines
