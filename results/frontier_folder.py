"""Write a frontier folder: one row per lever value (frontier.csv), the points as JSON, the
figure and the manifest."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import numpy as np

from staffsim.i18n import N_
from staffsim.model.outcomes import AREAS
from staffsim.results.folder import (
    atomic_folder,
    manifest,
    write_json,
    write_resolved_scenario,
)
from staffsim.results.html_report import write_report
from staffsim.results.plots import draw
from staffsim.results.report_contents import (
    frontier_proven,
    frontier_report,
    frontier_solved,
    frontier_value,
)
from staffsim.results.tables import csv_writer, exact
from staffsim.results.words import (
    CAPS,
    Words,
    counted,
    lever_label,
    setting_value,
    status,
    words,
)
from staffsim.scenarios.loader import Scenario

COLUMNS = ["value", "status", "plan_found", "gap_rel", "weighted_unmet",
           *(f"unmet_fte_{a}" for a in AREAS), "essential_missing",
           "communes_lacking_essential", "moves", "allowance_vnd", "km_total", "build_s",
           "solve_s", "cached", "capped_by"]
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


# the constraint family a lever belongs to -> the limit it moves (that limit, binding at a
# point, is the lever itself, not another limit)
_LEVER_CAP = {"budget": "budget", "max_moves": "max_moves", "recipient_cap": "recipient_cap",
              "donor_floor": "donors", "donor_quota": "donors", "max_donor_share": "donors",
              "protection": "donors", "eligible_recipients": "donors", "deadline": "deadline",
              "max_distance": "max_distance"}
_SHORT_CAP = {"budget_vnd": "budget", "max_moves": "max_moves", "donor_floor": "donors",
              "donor_quota": "donors", "max_donor_share": "donors", "donor_zones": "donors",
              "deadline": "deadline", "max_distance_km": "max_distance"}


def lever_cap(lever: str) -> str | None:
    """The limit of ``CAPS`` the lever itself moves, None for a lever that is none of them."""
    from staffsim.scenarios.params import ALIASES

    key = ALIASES.get(lever, lever)
    parts = key.split(".")
    if len(parts) >= 3 and parts[:2] == ["optimizer", "constraints"]:
        return _LEVER_CAP.get(parts[2])
    if len(parts) == 2 and parts[0] == "optimizer":  # a short name (before the families load)
        return _SHORT_CAP.get(parts[1])
    return None


def mark_capped(points: list[dict], lever: str, limit: float | None) -> list[dict]:
    """Each point's ``capped_by``: the limits other than the lever that stop its plan, in
    the order of ``CAPS``, [] if none: the move limit, when the plan makes as many moves as
    it allows (``limit``), and those its plan binds (``binding``, ``binding_rules``: the
    budget, the donors' surplus, the recipients' caps, the deadline). At a budget of VND 60
    bn the plan made its 400 moves and the frontier said nothing: its flat end read as 'more
    money no longer helps' where the move limit, not the money, had stopped it; on the demo
    every budget from VND 40 bn moves the 189 officials the surplus wards have above their
    quota, and only the move limit was ever named."""
    own = lever_cap(lever)
    for p in points:
        found = p.get("plan_found", True)
        binds = set(p.get("binding", ())) if found else set()
        if limit is not None and found and p["moves"] >= limit:
            binds.add("max_moves")
        if limit is None:
            binds.discard("max_moves")  # (the rule off: nothing to reach)
        p["capped_by"] = [k for k in CAPS if k in binds and k != own]
    # a point no limit stops, while another value of the lever moves more officials: the
    # lever itself stops more transfers there (at 50 km the frontier said 'none of the
    # limits' beside 15 tỷ unspent: an HR trial, F14)
    most = max((p["moves"] for p in points if p.get("plan_found", True)), default=0)
    for p in points:
        p["lever_stops"] = bool(own is not None and p.get("plan_found", True)
                                and not p["capped_by"] and not p.get("binding")
                                and p["moves"] < most)
    return points


def time_limit(scenario: Scenario) -> float:
    """The solver's time limit for each value, in seconds (the province's own, as
    ``move_limit``)."""
    from staffsim.scenarios.loader import province_params

    codes = sorted(set(scenario.communes.province))
    params = (province_params(scenario.params, codes[0]) if len(codes) == 1
              else scenario.params)
    return float(params.optimizer.time_limit_s)


def frontier_csv(points: list[dict]) -> str:
    """One row per value. A value without a plan (``plan_found`` 0: the solver stopped
    first) has its status and empty measures, not the figures before any transfer; a plan
    not proven optimal has its status and its relative gap to the best bound (``gap_rel``,
    empty when proven). A budget scaled for the province (budget.scale) has its budget in
    force beside the value set (``budget_in_force_vnd``: 57 / 77 of it on Lạng Sơn)."""
    buf = io.StringIO()
    w = csv_writer(buf)
    in_force = any(p.get("budget_in_force_vnd") is not None for p in points)
    if in_force:
        w = _InForce(w, points)
    w.writerow(COLUMNS)
    for p in points:
        found = p.get("plan_found", True)
        gap = p.get("gap_rel")
        head = [exact(p["value"]), p["status"], int(bool(found)),
                f"{gap:.6f}" if found and not frontier_proven(p) and gap is not None else ""]
        # a plan read from the plan cache was not built or solved here: its times are
        # empty and ``cached`` 1, not 0 s
        cached = bool(p.get("cached"))
        timing = ["", "", 1] if cached else [f"{p['build_s']:.4f}", f"{p['solve_s']:.4f}", 0]
        if not found:
            w.writerow([*head, *[""] * (len(COLUMNS) - len(head) - 4), *timing, ""])
            continue
        w.writerow([*head, f"{p['weighted_unmet']:.4f}",
                    *(f"{p['unmet_fte'][a]:.4f}" for a in AREAS),
                    int(p["essential_missing"]["province"]),
                    int(p["communes_lacking_essential"]["province"]), p["moves"],
                    f"{p['allowance_vnd']:.0f}",
                    f"{p['km_total']:.1f}", *timing, " ".join(p.get("capped_by", []))])
    return buf.getvalue()


class _InForce:
    """A CSV writer that puts each row's budget in force after its value (the header's
    ``budget_in_force_vnd``), row by row in the points' order."""

    def __init__(self, w, points: list[dict]) -> None:
        self.w, self.cells = w, iter(["budget_in_force_vnd", *(
            f"{p['budget_in_force_vnd']:.0f}" for p in points)])

    def writerow(self, row: list) -> None:
        self.w.writerow([row[0], next(self.cells), *row[1:]])


def write_frontier(final: Path, scenario: Scenario, lever: str, values: list, data: dict,
                   command: str, force: bool = False) -> Path:
    """The folder ``final``, created whole or not at all."""
    with atomic_folder(final, force=force, inputs=scenario.input_files) as tmp:
        (tmp / "frontier.csv").write_text(frontier_csv(data["points"]), encoding="utf-8")
        write_json(tmp / "frontier.json", data)
        if scenario.params.output.figures:  # as run, plan and compare
            draw(tmp, ["frontier"], scenario=scenario)
        # the answer for people, as run, plan, whatif and explain write theirs: the figure
        # drawn above is embedded; the notes are what the terminal says of each limit
        points = data["points"]
        notes = frontier_lines(scenario.place, lever, points, data.get("move_limit"),
                               data.get("time_limit_s"))[1 + len(points):]
        write_report(tmp, frontier_report(scenario, data, tmp, command, notes))
        write_resolved_scenario(tmp, scenario)  # the folder reproduces itself
        write_json(tmp / "manifest.json", manifest(
            command=command, scenario_file=str(scenario.path.resolve()), lever=lever,
            values=values, overrides=scenario.overrides, input_sha256=scenario.input_hashes))
    return final


def _cap_words(_: Words, caps: list[str]) -> str:
    return ", ".join(_(CAPS[k]) for k in caps)


def zone_communes(scenario: Scenario) -> dict[str, int]:
    """The communes (not the pool's units) of each zone and of the province: a zone without
    one has no unmet need to show ('–' or left out, not 0,0: ``frontier_lines``, the figure,
    the report), as plan's outcome counts them (``optimize.plan.plan_outcome``)."""
    from staffsim.scenarios.zones import ZONES

    c = scenario.communes
    zone, ours = np.asarray(c.zone), np.asarray(c.is_commune, bool)
    return {**{z: int((ours & (zone == i)).sum()) for i, z in enumerate(ZONES)},
            "province": int(ours.sum())}


def empty_zones(data: dict) -> set[str]:
    """The zones a frontier's folder or JSON records without a commune (``zone_communes``;
    none for one written before it recorded them)."""
    return {z for z, n in (data.get("communes") or {}).items() if z != "province" and not n}


def frontier_lines(name: str, lever: str, points: list[dict],
                   limit: float | None = None, seconds: float | None = None,
                   empty: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The frontier as terminal lines in the current language, one line per lever value (in
    its unit: VND bn, km, %): the declared plan measures after the optimal plan; a point
    whose plan meets another limit (``capped_by``, ``mark_capped``; the move limit of
    ``limit`` transfers) says so on its line, and a last line per limit says what that
    means. A value without a plan says so, with no figures (those of no transfer are not
    its result); a plan not proven optimal gives its gap (``_solved``); a last line names
    the values without a plan or proof and what to do (``seconds``: the solver's time limit
    per value). ``empty``: the zones without a commune (``empty_zones``), left out of the
    lines rather than shown as 0,0 FTE (a researcher's trial: 'miền núi 0,0' on every line
    of the demo, which has no mountain commune)."""
    _ = words()
    every_proven = all(frontier_proven(p) for p in points)
    lines = [_("{name}: the optimal plan at each value of {lever}", name=name,
               lever=lever_label(_, lever)) if every_proven else
             # no value has a plan: not 'the best plan found at each value' (a trial)
             _("{name}: no plan at any value of {lever}", name=name,
               lever=lever_label(_, lever))
             if not any(p.get("plan_found", True) for p in points) else
             _("{name}: the best plan found at each value of {lever} (not every value solved "
               "to optimality)", name=name, lever=lever_label(_, lever))]
    for p in points:
        if not p.get("plan_found", True):
            lines.append("  " + _("{value} ({status}): no plan found",
                                  value=frontier_value(_, lever, p),
                                  status=status(_, p["status"])))
            continue
        u = p["unmet_fte"]
        caps = p.get("capped_by", [])
        shown = [z for z in ("mountain", "high_mountain") if z not in empty]
        tail = ("" if not caps else _(" — at the move limit") if caps == ["max_moves"] else
                _(" — capped by {limits}", limits=_cap_words(_, caps)))
        if len(shown) < 2:  # the zones that have communes, if any
            zones = ", ".join(f"{_.zone(z)} {_.qty(u[z], 'FTE')}" for z in shown)
            lines.append("  " + _(
                "{value} ({status}): unmet need {unmet} FTE{zones}; essential specialties "
                "vacant {missing}, in {communes} communes; {moves} transfers, allowance {vnd}",
                value=frontier_value(_, lever, p), status=frontier_solved(_, p),
                unmet=_.qty(u["province"], "FTE"), zones=f" ({zones})" if zones else "",
                missing=_.num(p["essential_missing"]["province"]),
                communes=_.num(p["communes_lacking_essential"]["province"]),
                moves=_.num(p["moves"]), vnd=_.qty(p["allowance_vnd"], "VND")) + tail)
            continue
        lines.append("  " + _(
            "{value} ({status}): unmet need {unmet} FTE (mountain {mountain}, high mountain "
            "{high}); essential specialties vacant {missing}, in {communes} communes; "
            "{moves} transfers, allowance {vnd}", value=frontier_value(_, lever, p),
            status=frontier_solved(_, p), unmet=_.qty(u["province"], "FTE"),
            mountain=_.qty(u["mountain"], "FTE"), high=_.qty(u["high_mountain"], "FTE"),
            missing=_.num(p["essential_missing"]["province"]),
            communes=_.num(p["communes_lacking_essential"]["province"]),
            moves=_.num(p["moves"]), vnd=_.qty(p["allowance_vnd"], "VND")) + tail)

    def at(key: str) -> str:
        return ", ".join(setting_value(_, lever, p["value"]) for p in points
                         if key in p.get("capped_by", ()))

    label = lever_label(_, lever)
    if at("max_moves") and limit is not None:
        allowed = counted(_, limit, N_("{n} transfer"), N_("{n} transfers"))
        # (said as a plain statement: 'unmet need that stops falling does not mean more
        # budget would not help' made a trial's reader untangle two negatives)
        lines.append(_("At {values} the plan makes all the transfers the move limit allows "
                       "({limit}): there the move limit, not the {lever}, stops further "
                       "transfers, so it is the move limit that slows the fall of unmet need "
                       "there; raise the move limit ({key}) to see what the {lever} brings "
                       "beyond it.",
                       values=at("max_moves"), limit=allowed, lever=label, key=MAX_MOVES))
    if at("budget"):
        lines.append(_("At {values} what is left of the budget pays for no further transfer "
                       "the rules allow: there the budget, not the {lever}, stops further "
                       "transfers; raise the budget ({key}) to see what it would buy.",
                       values=at("budget"), lever=label,
                       key="optimizer.constraints.budget.vnd"))
    if at("donors"):
        lines.append(_("At {values} every unit that may give gives all the officials the "
                       "rules let it give (its surplus above the donor floor, quota or share): "
                       "there the donors' surplus, not the {lever}, stops further transfers, "
                       "and the unmet need left there is still to be met; only looser donor "
                       "rules or more donors would add transfers.",
                       values=at("donors"), lever=label))
    if at("recipient_cap"):
        lines.append(_("At {values} every commune still short of staff is at its headcount "
                       "cap: there the recipients' caps, not the {lever}, stop further "
                       "transfers.", values=at("recipient_cap"), lever=label))
    if at("max_distance"):
        lines.append(_("At {values} the communes still short of staff could use officials "
                       "only from units farther away than the distance limit: there the "
                       "distance limit, not the {lever}, stops further transfers; raise it "
                       "({key}) to see what it would buy.", values=at("max_distance"),
                       lever=label, key="optimizer.constraints.max_distance.km"))
    if at("deadline"):
        lines.append(_("At {values} the plan's month is past the transfer deadline: nobody "
                       "may move, whatever the {lever}.", values=at("deadline"), lever=label))
    lines += _trade_lines(_, lever, points)
    lines += _unsolved_lines(_, lever, points, seconds)
    return lines


def _unsolved_lines(_: Words, lever: str, points: list[dict],
                    seconds: float | None) -> list[str]:
    """One line for the values whose solve stopped before it found a plan (left out of the
    curves), one for those whose plan is not proven optimal: which values, and what to do
    (a longer time limit, ``optimizer.time_limit_s``, four times ``seconds``). Values the
    rules make infeasible are said apart: more time would not help there."""
    def values(pts: list[dict]) -> str:
        return ", ".join(setting_value(_, lever, p["value"]) for p in pts)

    key = "optimizer.time_limit_s"
    # (four times the limit, at least the default minute: a value to type, never 4e-06)
    longer = (f"{key}={np.format_float_positional(max(4 * seconds, 60.0), trim='-')}"
              if seconds else key)
    out = []
    none = [p for p in points if not p.get("plan_found", True)]
    stopped = [p for p in none if p["status"] != "Infeasible"]
    if stopped:
        out.append(_("No plan at {values}: the solver stopped ({status}) before it found one, "
                     "so these values are left out of the table's figures and the curves, "
                     "not drawn as no transfer; solve them with a longer time limit (--set "
                     "{longer}).", values=values(stopped),
                     status=", ".join(dict.fromkeys(status(_, p["status"])
                                                    for p in stopped)), longer=longer))
    infeasible = [p for p in none if p["status"] == "Infeasible"]
    if infeasible:
        out.append(_("No plan at {values}: the rules allow none there (infeasible); these "
                     "values are left out of the curves.", values=values(infeasible)))
    unproven = [p for p in points if p.get("plan_found", True) and not frontier_proven(p)]
    if unproven:
        gaps = [p["gap_rel"] for p in unproven if p.get("gap_rel") is not None]
        gap = (_("within {gap} of the optimum", gap=_.pct(max(gaps), 1)) if gaps
               else _("its distance from the optimum unknown"))
        out.append(_("At {values} the plan is the best found when the solver stopped, not "
                     "proven optimal ({gap}; hollow markers in the figure); a longer time "
                     "limit (--set {longer}) may improve it.", values=values(unproven),
                     gap=gap, longer=longer))
    return out


def _trade_lines(_: Words, lever: str, points: list[dict]) -> list[str]:
    """Where unmet need in FTE rises from one point to the next while the weighted unmet need
    the plan minimises falls, say why: the objective counts each essential specialty left
    vacant heavily and weights the zones, so the optimum trades FTE for essential posts (a
    distance frontier read 780.3, 784.6, 786.4 FTE as the limit loosened, essential vacancies
    57, 31, 21, and nothing said so: a researcher's trial)."""
    out = []
    for a, b in itertools.pairwise(p for p in points if p.get("plan_found", True)):
        # (as shown: the two values to one decimal, so the reader can subtract them)
        up = round(b["unmet_fte"]["province"], 1) - round(a["unmet_fte"]["province"], 1)
        if not (up > 0.01 and b["weighted_unmet"] < a["weighted_unmet"] - 1e-9):
            continue
        said = {"a": setting_value(_, lever, a["value"]), "b": setting_value(_, lever, b["value"]),
                "up": _.qty(up, "FTE"), "down": _.num(a["weighted_unmet"] - b["weighted_unmet"], 1)}
        before, after = (a["essential_missing"]["province"], b["essential_missing"]["province"])
        if after < before:
            out.append(_(
                "From {a} to {b} unmet need rises by {up} FTE while the weighted unmet need the "
                "plan minimises falls by {down} points: the weighting (optimizer.objective) "
                "counts each essential specialty left vacant heavily and weights the zones, so "
                "the plan fills essential posts (vacant: {before} then {after}) at the cost of "
                "some FTE.", before=_.num(before), after=_.num(after), **said))
        else:
            out.append(_(
                "From {a} to {b} unmet need rises by {up} FTE while the weighted unmet need the "
                "plan minimises falls by {down} points: the weighting (optimizer.objective) "
                "weights the zones, so the plan meets need where it weighs more at the cost of "
                "some FTE elsewhere.", **said))
    return out
