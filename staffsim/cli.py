"""The ``staffsim`` command line."""

from __future__ import annotations

import json
import os
import shlex
import sys
import time
from pathlib import Path

import click

from scenarios.errors import ScenarioError


def _overrides(pairs: tuple[str, ...], **named: object) -> dict[str, object]:
    from scenarios.loader import parse_value

    out: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ScenarioError("command line", "--set", f"{pair!r} is not KEY=VALUE "
                                "(e.g. --set simulation.months=12)")
        out[key.strip()] = parse_value(value.strip())
    out.update({k: v for k, v in named.items() if v is not None})
    return out


SET_OPTION = click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
                          help="override any scenario parameter (dotted key), repeatable")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Simulate and optimise commune staffing in a Vietnamese province."""


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="result folder (must not exist)")
@click.option("--seed", type=click.IntRange(min=0), help="root seed")
@click.option("--months", type=click.IntRange(1, 600), help="simulation horizon")
@click.option("--replications", type=click.IntRange(1, 10000), help="seeded replications")
@click.option("--workers", type=click.IntRange(1, 256), help="processes for replications")
@SET_OPTION
def run(file: Path, out: Path | None, seed: int | None, months: int | None,
        replications: int | None, workers: int | None, sets: tuple[str, ...]) -> None:
    """Simulate a scenario and write a result folder."""
    from tqdm import tqdm

    from model.run import initial_roster, run_scenario
    from results.folder import default_folder
    from results.run_folder import headline, write_run
    from scenarios.loader import load_scenario

    t0 = time.perf_counter()
    scenario = load_scenario(file, _overrides(
        sets, **{"simulation.seed": seed, "simulation.months": months,
                 "simulation.replications": replications, "simulation.workers": workers}))
    p = scenario.params
    final = out or default_folder(p.output.folder, scenario.path.stem, p.simulation.seed)
    if final.exists():
        raise ScenarioError(final, "--out", "already exists; choose a new folder")
    timings = {"load_s": time.perf_counter() - t0}
    t0 = time.perf_counter()
    roster = initial_roster(scenario)
    timings["roster_s"] = time.perf_counter() - t0
    click.echo(f"{scenario.name}: {len(scenario.communes)} communes, "
               f"{int(roster.active.sum())} officials, {p.simulation.months} months x "
               f"{p.simulation.replications} replication(s), seed {p.simulation.seed}", err=True)
    t0 = time.perf_counter()
    with tqdm(total=p.simulation.replications, unit="run", desc="simulating",
              disable=None, file=sys.stderr) as bar:
        results = run_scenario(scenario, progress=bar.update)
    timings["simulate_s"] = time.perf_counter() - t0
    command = shlex.join(["staffsim", *sys.argv[1:]])
    folder = write_run(final, scenario, roster, results, timings, command)
    for line in headline(folder / "summary.json"):
        click.echo(line)
    click.echo(f"wrote {folder}")


def _state(scenario, month: int):
    """The province state to plan on: the start, or month N of replication 0."""
    from model.roster import initial_roster
    from optimize.state import state_from_roster

    roster = initial_roster(scenario)
    if month > 0:
        from model.model import StaffModel
        from model.run import replication_seeds

        model = StaffModel(scenario, roster, rng=replication_seeds(
            scenario.params.simulation.seed, 1)[0])
        for _ in range(month):
            model.step()
        roster = model.roster
    return state_from_roster(scenario, roster, month=month)


PLAN_OPTIONS = [
    click.option("--out", type=click.Path(path_type=Path), help="result folder (must not exist)"),
    click.option("--solver", type=click.Choice(["highs", "cbc"]), help="MIP solver"),
    click.option("--time-limit", type=click.FloatRange(min=0, min_open=True),
                 help="seconds per solve"),
    click.option("--month", type=click.IntRange(0, 600), default=0,
                 help="plan on the simulated state at this month (replication 0)"),
    SET_OPTION,
]


def _plan_options(f):
    for opt in reversed(PLAN_OPTIONS):
        f = opt(f)
    return f


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@_plan_options
@click.option("--marginals/--no-marginals", default=None,
              help="value one more bn VND, 10 km and one floor point (default: scenario)")
def plan(file: Path, out: Path | None, solver: str | None, time_limit: float | None,
         month: int, sets: tuple[str, ...], marginals: bool | None) -> None:
    """Propose named transfers under the scenario's policy constraints."""
    from optimize.run import plan_all
    from results.folder import default_folder
    from results.plan_folder import plan_table, write_plan
    from scenarios.loader import load_scenario

    t0 = time.perf_counter()
    scenario = load_scenario(file, _overrides(
        sets, **{"optimizer.solver": solver, "optimizer.time_limit_s": time_limit,
                 "optimizer.marginals": marginals}))
    final = out or default_folder(scenario.params.output.folder, scenario.path.stem + "-plan",
                                  scenario.params.simulation.seed)
    if final.exists():
        raise ScenarioError(final, "--out", "already exists; choose a new folder")
    state = _state(scenario, month)
    timings = {"load_s": time.perf_counter() - t0}
    t0 = time.perf_counter()
    plans = plan_all(state)
    timings["plan_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    summary = write_plan(final, scenario, plans, timings,
                         shlex.join(["staffsim", *sys.argv[1:]]))
    timings["write_s"] = time.perf_counter() - t0
    click.echo(f"{scenario.name}: {summary['status']}, {summary['provinces']} province(s); "
               f"build {summary['timings_s']['build_s']:.2f} s, "
               f"solve {summary['timings_s']['solve_s']:.2f} s")
    for pl in plans:
        for line in pl.explanation:
            click.echo(f"  {pl.state.name}: {line}")
    for line in plan_table(summary):
        click.echo(line)
    click.echo(f"wrote {final}")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--plan", "plan_csv", required=True, type=click.Path(path_type=Path),
              help="transfer list CSV: official_id, to_commune [, from_commune, to_specialty]")
@click.option("--month", type=click.IntRange(0, 600), default=0,
              help="check against the simulated state at this month")
@SET_OPTION
def evaluate(file: Path, plan_csv: Path, month: int, sets: tuple[str, ...]) -> None:
    """Check a hand-made plan against every rule and compare it with the optimum."""
    from optimize.check import PlanRow, check_plan
    from optimize.plan import Move, plan_outcome
    from optimize.run import plan_province
    from scenarios.loader import load_scenario
    from scenarios.province import read_plan_csv

    scenario = load_scenario(file, _overrides(sets))
    rows = read_plan_csv(plan_csv)
    state = _state(scenario, month)
    plan_rows = [PlanRow(f["official_id"], f["to_commune"], f.get("to_specialty", ""),
                         f.get("from_commune", "")) for _, f in rows]
    violations = check_plan(state, plan_rows)
    for v in violations:
        line = rows[v.row - 1][0] if v.row else 0
        where = f"{plan_csv}: row {line}" if line else f"{plan_csv}"
        click.echo(f"{where}: {v.rule}: {v.message}")
    index = {o: i for i, o in enumerate(state.official_id)}
    commune = {cid: i for i, cid in enumerate(state.communes.ids)}
    from model.specialties import SPECIALTIES

    moves = [Move(index[r.official_id], commune[r.to_commune],
                  SPECIALTIES.index(r.to_specialty) if r.to_specialty
                  else int(state.specialty[index[r.official_id]]))
             for r in plan_rows if r.official_id in index and r.to_commune in commune]
    hand = plan_outcome(state, moves)
    best = plan_province("", state, marginals=False, baseline=False)
    click.echo(f"{len(violations)} rule violation(s) in {len(rows)} moves")
    click.echo(f"{'':22}{'this plan':>12}{'optimum':>12}")
    for key, label in (("weighted_unmet_after", "weighted unmet after"),
                       ("moves", "moves"), ("allowance_vnd", "allowance VND bn")):
        scale = 1e9 if key == "allowance_vnd" else 1
        click.echo(f"{label:22}{hand[key] / scale:>12.2f}{best.outcome[key] / scale:>12.2f}")
    for z in ("lowland", "mountain", "high_mountain", "province"):
        click.echo(f"{'unmet FTE ' + z:22}{hand['unmet_fte_after'][z]:>12.1f}"
                   f"{best.outcome['unmet_fte_after'][z]:>12.1f}")
    if violations:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--policies", help="comma-separated arms (default: compare.default_arms)")
@click.option("--replications", type=click.IntRange(1, 10000), help="replications per arm")
@click.option("--months", type=click.IntRange(1, 600), help="horizon")
@click.option("--seed", type=click.IntRange(min=0), help="root seed")
@click.option("--workers", type=click.IntRange(1, 256), help="processes (default: all cores)")
@click.option("--out", type=click.Path(path_type=Path), help="result folder (must not exist)")
@SET_OPTION
def compare(file: Path, policies: str | None, replications: int | None, months: int | None,
            seed: int | None, workers: int | None, out: Path | None,
            sets: tuple[str, ...]) -> None:
    """Compare policy arms over common seeds, with 90% intervals."""
    from tqdm import tqdm

    from results.compare_folder import write_compare
    from results.folder import default_folder
    from scenarios.compare import arm_specs, run_compare, summarize_arms
    from scenarios.loader import load_scenario

    t0 = time.perf_counter()
    scenario = load_scenario(file, _overrides(
        sets, **{"compare.replications": replications, "compare.months": months,
                 "simulation.seed": seed}))
    p = scenario.params
    arms = ([a.strip() for a in policies.split(",") if a.strip()] if policies
            else p.compare.default_arms)
    specs = arm_specs(scenario, arms, p.compare.months)
    final = out or default_folder(p.output.folder, scenario.path.stem + "-compare",
                                  p.simulation.seed)
    if final.exists():
        raise ScenarioError(final, "--out", "already exists; choose a new folder")
    reps = p.compare.replications
    timings = {"load_s": time.perf_counter() - t0}
    click.echo(f"{scenario.name}: {len(specs)} arms x {reps} replications x "
               f"{p.compare.months} months, seed {p.simulation.seed}", err=True)
    t0 = time.perf_counter()
    with tqdm(total=len(specs) * reps, unit="run", desc="simulating", disable=None,
              file=sys.stderr) as bar:
        runs = run_compare(specs, reps, p.simulation.seed, workers or os.cpu_count() or 1,
                           progress=bar.update)
    timings["simulate_s"] = time.perf_counter() - t0
    summary = summarize_arms(specs, runs)
    write_compare(final, scenario, specs, runs, summary, reps, p.compare.months,
                  p.simulation.seed, timings, shlex.join(["staffsim", *sys.argv[1:]]))
    click.echo(f"{'arm':14}{'unmet FTE-mo (mtn+high)':>26}{'backlog end':>14}"
               f"{'moves':>8}{'resign.':>9}{'cost bn':>10}")
    for s in specs:
        m = summary["arms"][s.key]["metrics"]

        def mean(name: str, area: str = "province", m: dict = m) -> float:
            return m[name]["areas"][area]["mean"] or 0.0
        unmet = mean("unmet_fte_months", "mountain") + mean("unmet_fte_months", "high_mountain")
        click.echo(f"{s.key:14}{unmet:>26,.0f}{mean('backlog_end'):>14,.0f}"
                   f"{mean('moves'):>8,.0f}{mean('transferred_resignations'):>9,.1f}"
                   f"{mean('cost_vnd') / 1e9:>10,.1f}")
    click.echo(f"wrote {final} (simulated in {timings['simulate_s']:.1f} s)")


def _single_state(scenario, month: int):
    from optimize.state import single_province

    return single_province(_state(scenario, month), str(scenario.path))


def _emit(data: dict, as_json: bool, lines: list[str]) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_jsonable))
    else:
        for line in lines:
            click.echo(line)


def _jsonable(o):
    if hasattr(o, "tolist"):
        return o.tolist()
    if hasattr(o, "__dataclass_fields__"):
        return {k: getattr(o, k) for k in o.__dataclass_fields__}
    raise TypeError(type(o).__name__)


def _save(out: Path | None, scenario, name: str, data: dict, command: str,
          extra: dict[str, str] | None = None) -> None:
    """Write a small result folder (JSON, extra text files, resolved scenario, manifest)."""
    if out is None:
        return
    from results.folder import atomic_folder, manifest, write_json, write_resolved_scenario

    with atomic_folder(out) as tmp:
        write_json(tmp / f"{name}.json", json.loads(json.dumps(data, default=_jsonable)))
        for fname, text in (extra or {}).items():
            (tmp / fname).write_text(text, encoding="utf-8")
        write_resolved_scenario(tmp, scenario)
        write_json(tmp / "manifest.json", manifest(
            command=command, scenario_file=str(scenario.path),
            overrides=scenario.overrides, input_sha256=scenario.input_hashes))
    click.echo(f"wrote {out}", err=True)


def _check_out(out: Path | None) -> None:
    if out is not None and out.exists():
        raise ScenarioError(out, "--out", "already exists; choose a new folder")


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
def whatif(file: Path, sets: tuple[str, ...], moves: tuple[str, ...], keep: tuple[str, ...],
           close: tuple[str, ...], simulate: bool, replications: int, months: int | None,
           month: int, as_json: bool, out: Path | None) -> None:
    """Baseline against a variant (changed levers and/or manual edits), side by side."""
    from optimize.edits import Edits, parse_moves
    from optimize.whatif import changed_communes, moves_table, plan_report
    from scenarios.loader import load_scenario

    _check_out(out)
    edits = Edits(parse_moves(moves), list(keep), list(close))
    overrides = _overrides(sets)
    if not overrides and not edits:
        raise ScenarioError("command line", "--set", "nothing to compare: give --set, --move, "
                            "--keep or --close-commune")
    base_sc = load_scenario(file)
    var_sc = load_scenario(file, overrides)
    base_state = _single_state(base_sc, month)
    var_state = _single_state(var_sc, month)
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
        from optimize.whatif import simulate_pair

        horizon = months or base_sc.params.compare.months
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
    _emit(data, as_json, lines)
    _save(out, var_sc, "whatif", data, shlex.join(["staffsim", *sys.argv[1:]]))


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
def explain(file: Path, commune: str, specialty: str | None, month: int, as_json: bool,
            out: Path | None, sets: tuple[str, ...]) -> None:
    """Why a commune gets (or does not get) staff in the optimal plan, and what would help."""
    from optimize.why import explain_commune
    from scenarios.loader import load_scenario
    from scenarios.names import find_commune

    _check_out(out)
    scenario = load_scenario(file, _overrides(sets))
    state = _single_state(scenario, month)
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
    _emit(data, as_json, lines)
    _save(out, scenario, "explain", data, shlex.join(["staffsim", *sys.argv[1:]]))


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
def frontier(file: Path, lever: str, span: str, workers: int | None, as_json: bool,
             out: Path | None, sets: tuple[str, ...]) -> None:
    """Unmet need against one numeric lever; each point solved to optimality."""
    import csv
    import io

    from optimize.frontier import frontier as run_frontier
    from optimize.frontier import lever_values, parse_range
    from optimize.state import single_province, state_from_roster
    from results.folder import default_folder
    from scenarios.loader import load_scenario

    scenario = load_scenario(file, _overrides(sets))
    values = lever_values(lever, parse_range(span))
    # validate the extreme values before solving anything
    from scenarios.loader import override_params

    for v in (values[0], values[-1]):
        override_params(scenario.params, {lever: v}, f"--range ({lever}={v})")
    from model.roster import initial_roster

    single_province(state_from_roster(scenario, initial_roster(scenario)), str(file))
    final = out or default_folder(scenario.params.output.folder,
                                  scenario.path.stem + "-frontier", scenario.params.simulation.seed)
    _check_out(final)
    points = run_frontier(scenario, lever, values, workers or os.cpu_count() or 1)
    zones = ("lowland", "mountain", "high_mountain", "province")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
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
    from results.folder import atomic_folder, manifest, write_json
    from results.plots import plot_frontier

    with atomic_folder(final) as tmp:
        (tmp / "frontier.csv").write_text(buf.getvalue(), encoding="utf-8")
        write_json(tmp / "frontier.json", data)
        (tmp / "figures").mkdir()
        plot_frontier(tmp / "frontier.csv", tmp / "figures" / "frontier.png", lever)
        write_json(tmp / "manifest.json", manifest(
            command=shlex.join(["staffsim", *sys.argv[1:]]), scenario_file=str(file),
            lever=lever, values=values, overrides=scenario.overrides,
            input_sha256=scenario.input_hashes))
    _emit(data, as_json, lines + [f"wrote {final}"])


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@SET_OPTION
def validate(file: Path, sets: tuple[str, ...]) -> None:
    """Check a scenario file and its data tables; print a one-line verdict."""
    from scenarios.compare import arm_specs
    from scenarios.loader import load_scenario

    sc = load_scenario(file, _overrides(sets))
    arm_specs(sc, list(sc.params.compare.arms), sc.params.compare.months)  # arms' overrides
    roster = "roster table" if sc.roster is not None else "generated roster"
    click.echo(f"{file}: ok ({sc.name}: {len(sc.communes)} communes, {roster})")


@cli.command()
def schema() -> None:
    """Print the JSON schema of scenario files (units, defaults and meanings)."""
    from scenarios.params import Params

    click.echo(json.dumps(Params.model_json_schema(), indent=2, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    """Entry point: one-line errors and exit code 2 for bad input, never a traceback."""
    try:
        rv = cli.main(args=argv, prog_name="staffsim", standalone_mode=False)
        if isinstance(rv, int):  # click returns Exit codes here when not standalone
            return rv
    except ScenarioError as e:
        click.echo(f"staffsim: error: {e}", err=True)
        return 2
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.ClickException as e:
        click.echo(f"staffsim: error: {e.format_message()}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("staffsim: interrupted; nothing was written", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("staffsim: interrupted; nothing was written", err=True)
        return 130
    except Exception as e:  # a bug, not bad input: one line, traceback on request
        if os.environ.get("STAFFSIM_DEBUG"):
            raise
        click.echo(f"staffsim: internal error: {type(e).__name__}: {e} (set STAFFSIM_DEBUG=1 "
                   "for the traceback)", err=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
