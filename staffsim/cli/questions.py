"""Commands for province HR questions: whatif, explain, frontier."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click

from staffsim.cli.common import (
    SET_OPTION,
    check_out,
    cli,
    emit,
    overrides_from,
    save_folder,
)
from staffsim.scenarios.errors import ScenarioError


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@SET_OPTION
@click.option("--move", "moves", multiple=True, metavar="ID[,ID...]=COMMUNE",
              help="force these officials to move to COMMUNE (id or name)")
@click.option("--keep", multiple=True, metavar="OFFICIAL_ID", help="this official must stay")
@click.option("--close-commune", "close", multiple=True, metavar="COMMUNE",
              help="this commune gives no one (closed as a donor)")
@click.option("--simulate", is_flag=True, help="also simulate both plans over common seeds")
@click.option("--replications", type=click.IntRange(1, 10000), default=10, show_default=True)
@click.option("--months", type=click.IntRange(1, 600), help="simulation horizon "
              "(default: compare.months)")
@click.option("--month", type=click.IntRange(0, 600), default=0,
              help="plan on the simulated state at this month")
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@click.option("--out", type=click.Path(path_type=Path), help="also save a result folder")
@click.option("--force", is_flag=True, help="replace an existing --out folder")
def whatif(file: Path, sets: tuple[str, ...], moves: tuple[str, ...], keep: tuple[str, ...],
           close: tuple[str, ...], simulate: bool, replications: int, months: int | None,
           month: int, as_json: bool, out: Path | None, force: bool = False) -> None:
    """Baseline against a variant (changed levers and/or manual edits), side by side."""
    # deferred here and in every command: the CLI starts fast and loads what a command needs
    from staffsim.experiments.states import single_state
    from staffsim.optimize.edits import Edits, parse_moves
    from staffsim.optimize.whatif import changed_communes, moves_table, plan_report
    from staffsim.scenarios.loader import load_scenario

    check_out(out, force, [file])
    edits = Edits(parse_moves(moves), list(keep), list(close))
    overrides = overrides_from(sets)
    if not overrides and not edits:
        raise ScenarioError("command line", "--set", "nothing to compare: give --set, --move, "
                            "--keep or --close-commune")
    base_sc = load_scenario(file)
    var_sc = load_scenario(file, overrides)
    base_state = single_state(base_sc, month)
    var_state = single_state(var_sc, month)
    base = plan_report(base_state, Edits())
    var = plan_report(var_state, edits)
    b, v = base["outcome"], var["outcome"]
    data = {"scenario": base_sc.name, "overrides": overrides,
            "edits": {"move": edits.moves, "keep": edits.keep, "close": edits.close},
            "baseline": b, "variant": v,
            "changed_communes": changed_communes(base_state, base, var_state, var),
            "variant_moves": moves_table(var_state, var["moves"])}
    rows = [(f"unmet FTE {z}", b["unmet_fte_after"][z], v["unmet_fte_after"][z], ".1f")
            for z in ("lowland", "mountain", "high_mountain", "province")]
    rows += [("communes lacking essential", b["communes_lacking_essential"],
              v["communes_lacking_essential"], ".0f"),
             ("moves", b["moves"], v["moves"], ".0f"),
             ("allowance VND bn", b["allowance_vnd"] / 1e9, v["allowance_vnd"] / 1e9, ".2f"),
             ("weighted unmet", b["weighted_unmet_after"], v["weighted_unmet_after"], ".1f")]
    what = ", ".join(f"{k}={x}" for k, x in overrides.items()) or "manual edits"
    lines = [f"{base_sc.name}: baseline vs variant ({what})",
             f"{'':30}{'baseline':>12}{'variant':>12}{'change':>12}"]
    lines += [f"{label:30}{x:>12{f}}{y:>12{f}}{y - x:>+12{f}}" for label, x, y, f in rows]
    if simulate:
        from staffsim.experiments.whatif import simulate_pair

        horizon = months or base_sc.params.compare.months
        from staffsim.scenarios import limits

        limits.SIM_MONTHS.check(2 * replications * horizon, "command line", "--simulate",
                                f"2 plans x {replications} replications x {horizon} months")
        summary = simulate_pair([(base_sc, base_state, base), (var_sc, var_state, var)],
                                horizon, replications, os.cpu_count() or 1)
        data["simulation"] = {"months": horizon, "replications": replications, **summary}
        lines.append(f"simulated {horizon} months x {replications} replications "
                     "(common seeds; mean [90% interval of the paired change]):")
        for metric, area in (("unmet_fte_months", "high_mountain"),
                             ("unmet_fte_months", "mountain"), ("backlog_end", "province"),
                             ("transferred_resignations", "province"),
                             ("cost_vnd", "province")):
            bb = summary["arms"]["baseline"]["metrics"][metric]["areas"][area]
            vv = summary["arms"]["variant"]["metrics"][metric]["areas"][area]
            d = vv["vs_reference"]
            scale = 1e9 if metric == "cost_vnd" else 1
            lines.append(f"  {metric + ' ' + area:34}{(bb['mean'] or 0) / scale:>12,.1f}"
                         f"{(vv['mean'] or 0) / scale:>12,.1f}  [{(d['p05'] or 0) / scale:+,.1f}, "
                         f"{(d['p95'] or 0) / scale:+,.1f}]")
    if data["changed_communes"]:
        lines.append("communes whose unmet need changed most (FTE):")
        lines += [f"  {c['name']:<24}{c['zone']:<15}{c['unmet_baseline']:>8.1f} ->"
                  f"{c['unmet_variant']:>8.1f} ({c['change']:+.1f})"
                  for c in data["changed_communes"]]
    for v_line in v["violations"]:
        lines.append(f"warning: the manual edits break a rule: {v_line}")
    emit(data, as_json, lines)
    # the baseline scenario: the folder's command (with its --set) replays the comparison
    save_folder(out, base_sc, "whatif", data, shlex.join(["staffsim", *sys.argv[1:]]),
                force=force)
    no_plan = [f"{side}: {x['outcome']['status']}" for side, x in (("baseline", base),
                                                                  ("variant", var))
               if not x["outcome"]["plan_found"]]
    if no_plan:  # only an optimal or a time-limited feasible plan is a plan
        click.echo(f"staffsim: no plan ({', '.join(no_plan)}); the figures above are for no "
                   "moves", err=True)
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--commune", required=True, help="commune id or name (diacritics optional)")
@click.option("--specialty", type=click.Choice(
    ["office", "justice", "notarisation", "land", "construction", "finance", "it",
     "agriculture", "culture_social", "service_centre"]), help="one specialty (default: "
     "every specialty the commune is short of)")
@click.option("--month", type=click.IntRange(0, 600), default=0,
              help="explain the plan on the simulated state at this month")
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@click.option("--out", type=click.Path(path_type=Path), help="also save a result folder")
@SET_OPTION
@click.option("--force", is_flag=True, help="replace an existing --out folder")
def explain(file: Path, commune: str, specialty: str | None, month: int, as_json: bool,
            out: Path | None, sets: tuple[str, ...], force: bool = False) -> None:
    """Why a commune gets (or does not get) staff in the optimal plan, and what would help."""
    from staffsim.experiments.states import single_state
    from staffsim.optimize.explain import explain_commune
    from staffsim.scenarios.loader import load_scenario
    from staffsim.scenarios.names import find_commune

    check_out(out, force, [file])
    scenario = load_scenario(file, overrides_from(sets))
    state = single_state(scenario, month)
    r = find_commune(state.communes, commune)
    data = explain_commune(state, r, specialty)
    lines = [f"{data['name']} ({data['commune_id']}, {data['zone'].replace('_', ' ')}): "
             f"optimal plan {data['status']}"]
    for rule, words in data["commune_rules"]:
        lines.append(f"  the commune itself: {rule}: {words}")
    if not data["specialties"]:
        lines.append("  no specialty is short: the commune meets its WISN requirement")
    for d in data["specialties"]:
        lines.append(f"- {d['label']}: requires {d['required']:.1f} FTE, {d['in_post']} in "
                     f"post, receives {d['received']} -> unmet {d['unmet_after']:.1f} FTE")
        blocked = ", ".join(f"{k} {n}" for k, n in sorted(d["blocked_by"].items(),
                                                          key=lambda kv: -kv[1]))
        lines.append(f"    {d['candidates']} candidate(s) in the province; not moved here: "
                     f"{blocked or 'none'}")
        for c in d["nearest"]:
            lines.append(f"    {c['official_id']:<14} {c['from']:<20} {c['km']:>6.0f} km  "
                         f"{c['rule']}: {c['why']}")
    if data["would_help"]:
        lines.append("what would help (each re-solved to optimality):")
    for h in data["would_help"]:
        got = ", ".join(f"{n} {k}" for k, n in h["officials_received"].items()) or "nobody"
        lines.append(f"  {h['change']}: the commune receives {got}; its unmet need "
                     f"{h['commune_unmet_change']:+.1f} FTE, province "
                     f"{h['province_unmet_fte_change']:+.1f} FTE, allowance "
                     f"{h['extra_allowance_vnd'] / 1e9:+.2f} bn ({h['status']})")
    emit(data, as_json, lines)
    save_folder(out, scenario, "explain", data, shlex.join(["staffsim", *sys.argv[1:]]),
                force=force)
    if not data["plan_found"]:
        click.echo(f"staffsim: no plan ({data['status']}); see the lines above", err=True)
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--lever", required=True, help="numeric parameter (dotted key or alias, e.g. "
              "optimizer.budget_vnd)")
@click.option("--range", "span", required=True, metavar="START:STOP:COUNT",
              help="lever values, e.g. 0:60e9:13")
@click.option("--workers", type=click.IntRange(1, 256), help="processes (default: all cores)")
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@click.option("--out", type=click.Path(path_type=Path), help="result folder (default: under "
              "output.folder)")
@SET_OPTION
@click.option("--force", is_flag=True, help="replace an existing --out folder")
def frontier(file: Path, lever: str, span: str, workers: int | None, as_json: bool,
             out: Path | None, sets: tuple[str, ...], force: bool = False) -> None:
    """Unmet need against one numeric lever; each point solved to optimality."""
    import io

    from staffsim.experiments.frontier import frontier as run_frontier
    from staffsim.experiments.frontier import lever_values, parse_range
    from staffsim.model.state import single_province, state_from_roster
    from staffsim.results.folder import default_folder
    from staffsim.results.tables import csv_writer
    from staffsim.scenarios.loader import load_scenario

    scenario = load_scenario(file, overrides_from(sets))
    values = lever_values(lever, parse_range(span))
    # validate the extreme values before solving anything
    from staffsim.scenarios.loader import override_params

    for v in (values[0], values[-1]):
        override_params(scenario.params, {lever: v}, f"--range ({lever}={v})")
    from staffsim.model.roster import initial_roster

    single_province(state_from_roster(scenario, initial_roster(scenario)), str(file))
    final = out or default_folder(scenario.params.output.folder,
                                  scenario.path.stem + "-frontier", scenario.params.simulation.seed)
    check_out(final, force, scenario.input_files)
    points = run_frontier(scenario, lever, values, workers or os.cpu_count() or 1)
    zones = ("lowland", "mountain", "high_mountain", "province")
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(["value", "status", "weighted_unmet", *(f"unmet_fte_{z}" for z in zones),
                "essential_gaps", "moves", "allowance_vnd", "km_total", "build_s", "solve_s"])
    for p in points:
        w.writerow([p["value"], p["status"], f"{p['weighted_unmet']:.4f}",
                    *(f"{p['unmet_fte'][z]:.4f}" for z in zones),
                    int(p["essential_gaps"]["province"]), p["moves"], f"{p['allowance_vnd']:.0f}",
                    f"{p['km_total']:.1f}", f"{p['build_s']:.4f}", f"{p['solve_s']:.4f}"])
    data = {"scenario": scenario.name, "lever": lever, "points": points}
    lines = [f"{scenario.name}: unmet need against {lever} (each point optimal)",
             f"{'value':>16}{'status':>9}{'unmet mtn':>11}{'unmet high':>12}{'unmet prov':>12}"
             f"{'gaps':>6}{'moves':>7}{'VND bn':>9}"]
    for p in points:
        u = p["unmet_fte"]
        lines.append(f"{p['value']:>16,.6g}{p['status']:>9}{u['mountain']:>11.1f}"
                     f"{u['high_mountain']:>12.1f}{u['province']:>12.1f}"
                     f"{p['essential_gaps']['province']:>6.0f}{p['moves']:>7}"
                     f"{p['allowance_vnd'] / 1e9:>9.2f}")
    from staffsim.results.folder import (
        atomic_folder,
        manifest,
        write_json,
        write_resolved_scenario,
    )
    from staffsim.results.plots import plot_frontier

    with atomic_folder(final, force=force, inputs=scenario.input_files) as tmp:
        (tmp / "frontier.csv").write_text(buf.getvalue(), encoding="utf-8")
        write_json(tmp / "frontier.json", data)
        (tmp / "figures").mkdir()
        plot_frontier(tmp / "frontier.csv", tmp / "figures" / "frontier.png", lever)
        write_resolved_scenario(tmp, scenario)
        write_json(tmp / "manifest.json", manifest(
            command=shlex.join(["staffsim", *sys.argv[1:]]),
            scenario_file=str(scenario.path.resolve()),
            lever=lever, values=values, overrides=scenario.overrides,
            input_sha256=scenario.input_hashes))
    emit(data, as_json, lines + [f"wrote {final}"])
    missing = [p for p in points if not p["plan_found"]]
    if missing:  # only an optimal or a time-limited feasible plan is a plan
        click.echo(f"staffsim: no plan at {len(missing)} of {len(points)} values of {lever} ("
                   + ", ".join(f"{p['value']:,.6g}: {p['status']}" for p in missing[:5])
                   + ")", err=True)
        raise click.exceptions.Exit(1)
