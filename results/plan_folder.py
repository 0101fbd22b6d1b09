"""Write a plan result folder: plan.csv, greedy_plan.csv, balance.csv, plan_summary.json,
a map with arrows, the resolved scenario and the manifest.

The CSVs are UTF-8 with a byte-order mark, so Excel on Windows shows the Vietnamese names
(without it Excel reads them as the ANSI code page); our readers accept both."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from staffsim.model.names import table_names
from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.plan import after_staffing
from staffsim.optimize.planner import ProvincePlan
from staffsim.results.folder import (
    atomic_folder,
    manifest,
    prepare_manifest,
    write_json,
    write_resolved_scenario,
)
from staffsim.results.html_report import write_report
from staffsim.results.moves import move_rows
from staffsim.results.plots import draw_soon
from staffsim.results.report_contents import plan_report
from staffsim.results.tables import EXCEL_CSV, csv_writer
from staffsim.scenarios.loader import Scenario
from staffsim.scenarios.params import ALL_KINDS, ZONES
from staffsim.scenarios.specialties import SPECIALTIES

# official_id .. to_commune are what ``evaluate --plan`` and ``verify`` read back; the name and
# the current post (specialty, from_name) are for the people who sign the list.
PLAN_COLUMNS = ["official_id", "full_name", "specialty", "to_specialty", "from_commune",
                "to_commune", "from_name", "to_name", "province_code", "distance_km",
                "monthly_allowance_vnd", "months", "total_allowance_vnd"]


def write_plan_csv(path: Path, plans: list[ProvincePlan], greedy: bool = False,
                   names: dict[str, str] | None = None) -> None:
    """The moves of every province; ``names``: official_id -> name from a roster table
    (synthetic names for the others, ``model.names``)."""
    write_moves_csv(path, [(pl.state, pl.greedy_moves if greedy else pl.moves)
                           for pl in plans], names)


def write_moves_csv(path: Path, plans: list[tuple[ProvinceState, list[Move]]],
                    names: dict[str, str] | None = None) -> None:
    """plan.csv's table of the moves made on each state (what ``evaluate --plan`` reads):
    also a what-if's two plans (``whatif --out``)."""
    with open(path, "w", encoding=EXCEL_CSV, newline="") as f:
        w = csv_writer(f)
        w.writerow(PLAN_COLUMNS)
        for state, moves in plans:
            for r in move_rows(state, moves, names):
                w.writerow([r.official_id, r.full_name, r.specialty, r.to_specialty,
                            r.from_commune, r.to_commune, r.from_name, r.to_name,
                            r.province_code, f"{r.distance_km:.1f}",
                            f"{r.monthly_allowance_vnd:.0f}", r.months,
                            f"{r.total_allowance_vnd:.0f}"])


def write_balance(path: Path, plans: list[ProvincePlan]) -> None:
    """Per commune and specialty: WISN requirement, staff before and after (people and FTE)."""
    with open(path, "w", encoding=EXCEL_CSV, newline="") as f:
        w = csv_writer(f)
        w.writerow(["commune_id", "name", "zone", "province_code", "specialty", "required",
                    "before", "after", "after_fte"])
        for pl in plans:
            st = pl.state
            fte, people = after_staffing(st, pl.moves)
            # as Python numbers: formatting numpy scalars one by one took 0.1 s for
            # Thanh Hóa's 2,700 rows, on the plan's path to its map
            required, before = st.required.tolist(), st.in_post().astype(int).tolist()
            people, fte = people.astype(int).tolist(), fte.astype(float).tolist()
            c = st.communes
            for i, (cid, name, zone, province) in enumerate(zip(
                    c.ids, c.names, c.zone.tolist(), c.province, strict=True)):
                w.writerows([cid, name, ZONES[zone], province, spec, f"{required[i][s]:.3f}",
                             before[i][s], people[i][s], f"{fte[i][s]:g}"]
                            for s, spec in enumerate(SPECIALTIES))


def sum_outcomes(outcomes: list[dict]) -> dict:
    """Several provinces' plan outcomes as one (counts and amounts summed; the longest move)."""
    if len(outcomes) == 1:
        return outcomes[0]
    total: dict = {}
    for o in outcomes:
        for k, v in o.items():
            if isinstance(v, dict):
                slot = total.setdefault(k, {})
                for z, x in v.items():
                    slot[z] = slot.get(z, 0.0) + x
            elif k == "km_max":
                total[k] = max(total.get(k, 0.0), v)
            else:
                total[k] = total.get(k, 0) + v
    return total


def free_moves(pl: ProvincePlan) -> dict:
    """The plan's moves from units whose officials draw no transfer allowance (a Party /
    Front unit of Thanh Hóa's pool table: ``allowance_eligible`` no), which cost the budget
    nothing: how many, and from which units (most first), each with its kind."""
    st = pl.state
    c = st.communes
    frm = Counter(int(st.commune[m.row]) for m in pl.moves
                  if not c.allowance_eligible[st.commune[m.row]])
    return {"officials": sum(frm.values()),
            "units": [{"name": c.names[u], "kind": ALL_KINDS[c.kind[u]], "officials": n}
                      for u, n in frm.most_common()]}


def _greedy_total(plans: list[ProvincePlan]) -> dict:
    """The greedy baseline over every province, as the optimum's column is: a province with
    no plan counted as it stands (no moves, as in the optimum's column), one with a plan but
    no greedy baseline leaving the column out ({}). (A province with no plan was left out
    of the greedy sum alone: beside the optimum's two provinces its one province looked a
    far better plan: a trial.)"""
    if not any(pl.greedy_outcome for pl in plans):
        return {}
    parts = [pl.greedy_outcome or (None if pl.found else pl.outcome) for pl in plans]
    return sum_outcomes(parts) if all(parts) else {}


def plan_summary(plans: list[ProvincePlan]) -> dict:
    per = {}
    for pl in plans:
        per[pl.code or pl.state.name] = {
            "name": pl.state.name, "status": pl.status, "solver": pl.solver,
            "proven_optimal": pl.proven_optimal, "plan_found": pl.found,
            "quality": pl.quality(),
            "arcs": pl.arcs, "timings_s": {k: round(v, 4) for k, v in pl.timings.items()},
            "optimum": pl.outcome, "greedy": pl.greedy_outcome,
            "explanation": pl.explanation, "marginal_values": pl.marginals,
            "limits": pl.limits, "rule_findings": pl.rule_findings,
            "free_moves": free_moves(pl),
        }
    # moves the independent check of the rules faults, over the plans found (None: a plan
    # was not checked)
    checked = [pl.rule_findings for pl in plans if pl.found]
    faulted = (sum(map(len, checked)) if checked and all(f is not None for f in checked)
               else None)
    statuses = sorted({pl.status for pl in plans})
    return {
        "status": statuses[0] if len(statuses) == 1 else "mixed: " + ", ".join(statuses),
        "provinces": len(plans),
        "proven_optimal": all(pl.proven_optimal for pl in plans),
        "plan_found": any(pl.found for pl in plans),  # (none: the optimum is no moves)
        "rule_violations": faulted,
        "optimum": sum_outcomes([pl.outcome for pl in plans]),
        "greedy": _greedy_total(plans),
        "timings_s": {
            "build_s": round(sum(pl.timings.get("build_s", 0) for pl in plans), 4),
            "solve_s": round(sum(pl.timings.get("solve_s", 0) for pl in plans), 4),
        },
        "by_province": per,
    }


def write_plan(final: Path, scenario: Scenario, plans: list[ProvincePlan],
               timings: dict[str, float], command: str = "", month: int = 0,
               force: bool = False, annex: bool | str = False,
               findings: list[tuple[str, str]] | None = None, invocation=None,
               annex_outside: str | None = None, annex_record: dict | None = None) -> dict:
    """Write the plan folder whole or not at all; returns the summary. ``annex``: also the
    decision annex, ``annex.xlsx`` (or the file name given), with the rules its plan breaks
    marked (``findings``: ``results.annex.annex_findings``; a plan with manual edits may break
    one); ``invocation``: the scenario file and settings, for its re-plan advice
    (``results.commands.Invocation``). ``annex_outside``: the name of the annex written
    beside the folder (``plan --xlsx``), which the report names; ``annex_record``: its path
    and sha256, recorded in the manifest (``staffsim verify`` says whether it is unchanged;
    the folder's checksums list only files inside it)."""
    prepare_manifest()  # read beside the writing (results.folder)
    # the annex the report names: the one written in the folder, or beside it (--xlsx)
    annex_said = ((annex if isinstance(annex, str) else "annex.xlsx") if annex
                  else annex_outside)
    with atomic_folder(final, force=force) as tmp:
        names = table_names(scenario.pool_roster, scenario.roster)
        write_plan_csv(tmp / "plan.csv", plans, names=names)  # what the map reads: first
        figures = None
        # drawn (by the figure worker) while we write; no map of a plan there is not
        if scenario.params.output.figures and any(pl.found for pl in plans):
            units = (scenario.communes if scenario.pool is None  # donors outside the communes
                     else scenario.communes.concat(scenario.pool.units))
            figures = draw_soon(tmp, ["plan_map"], communes=units, scenario=scenario)
        write_resolved_scenario(tmp, scenario)
        write_plan_csv(tmp / "greedy_plan.csv", plans, greedy=True, names=names)
        if annex:
            from staffsim.results.annex import annex_context, write_annex_xlsx

            write_annex_xlsx(tmp / (annex if isinstance(annex, str) else "annex.xlsx"),
                             [r for pl in plans for r in move_rows(pl.state, pl.moves, names)],
                             scenario.place, context=annex_context([pl.state for pl in plans],
                                                                   invocation, plans),
                             findings=findings)
        write_balance(tmp / "balance.csv", plans)
        if figures is not None:
            figures()
        summary = plan_summary([pl.finish() for pl in plans])
        write_json(tmp / "plan_summary.json", summary)
        write_report(tmp, plan_report(scenario, summary, tmp, command,
                                      params=[pl.state.params for pl in plans], month=month,
                                      invocation=invocation, annex=annex_said))
        write_json(tmp / "manifest.json", manifest(
            command=command, scenario_file=str(scenario.path.resolve()),
            scenario_name=scenario.name,
            seed=scenario.params.simulation.seed, solver=scenario.params.optimizer.solver,
            overrides=scenario.overrides, input_sha256=scenario.input_hashes, month=month,
            timings_s={k: round(v, 4) for k, v in timings.items()},
            **({"annex": annex_record} if annex_record else {})))
    return summary
