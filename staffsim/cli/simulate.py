"""Commands that simulate: run, compare, validate, schema.

Each command imports what it uses when it runs (function-level imports): the command line
then starts in a fraction of a second and a command loads only its own layers.
"""

from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path

import click

from staffsim.cli.common import (
    LANG_OPTION,
    SET_OPTION,
    OutFolder,
    cli,
    overrides_from,
    scenario_read,
    start_figures,
    wrote_line,
)
from staffsim.model.cores import usable_cores
from staffsim.results.folder import claim_output
from staffsim.scenarios.errors import ScenarioError, quote


@cli.command()
@LANG_OPTION
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", type=OutFolder(), help="result folder (must not exist)")
@click.option("--seed", type=click.IntRange(min=0), help="root seed")
@click.option("--months", type=click.IntRange(1, 600), help="simulation horizon")
@click.option("--replications", type=click.IntRange(1, 10000), help="seeded replications")
@click.option("--workers", type=click.IntRange(1, 256), help="processes for replications")
@click.option("--force", is_flag=True, help="replace an existing --out folder")
@SET_OPTION
def run(file: Path, out: Path | None, seed: int | None, months: int | None,
        replications: int | None, workers: int | None, force: bool,
        sets: tuple[str, ...]) -> None:
    """Simulate a scenario and write a result folder."""
    start_figures()  # matplotlib loads on the other core meanwhile
    from staffsim.model.replications import initial_roster, run_scenario
    from staffsim.results.folder import default_folder
    from staffsim.results.run_folder import write_run
    from staffsim.results.run_lines import headline
    from staffsim.results.words import words
    from staffsim.scenarios.loader import load_scenario

    t0 = time.perf_counter()
    scenario = load_scenario(file, overrides_from(
        sets, **{"simulation.seed": seed, "simulation.months": months,
                 "simulation.replications": replications, "simulation.workers": workers}))
    scenario_read(scenario)
    p = scenario.params
    from staffsim.scenarios import limits

    sim = p.simulation
    limits.RUN_SERIES.check(sim.months * sim.replications * len(scenario.communes), file,
                            "simulation", f"{sim.months} months × {sim.replications} "
                            f"replications × {len(scenario.communes):,} communes")
    final = out or default_folder(p.output.folder, scenario.path.stem, p.simulation.seed)
    final = claim_output(final, force, scenario.input_files)
    timings = {"load_s": time.perf_counter() - t0}
    t0 = time.perf_counter()
    roster = initial_roster(scenario)
    timings["roster_s"] = time.perf_counter() - t0
    _ = words()
    start = p.province
    from staffsim.i18n import N_
    from staffsim.results.words import counted

    click.echo(_("{name}: {communes}, {officials}, {months} from {start} × {n}, seed {seed}",
                 name=scenario.place,
                 communes=counted(_, len(scenario.communes), N_("{n} commune"),
                                  N_("{n} communes")),
                 officials=counted(_, int(roster.active.sum()), N_("{n} official"),
                                   N_("{n} officials")),
                 months=counted(_, p.simulation.months, N_("{n} month"), N_("{n} months")),
                 start=_.month(start.start_year, start.start_month, 0),
                 n=counted(_, p.simulation.replications, N_("{n} replication"),
                           N_("{n} replications")),
                 seed=p.simulation.seed), err=True)  # (a seed is copied, not read)
    t0 = time.perf_counter()
    if p.simulation.replications > 1:
        from tqdm import tqdm

        with tqdm(total=p.simulation.replications, unit="run", desc="simulating",
                  disable=None, file=sys.stderr) as bar:
            results = run_scenario(scenario, progress=bar.update, start=roster)
    else:  # a bar that goes from 0 to 1 at the end says nothing (and tqdm's import: 10-20 ms)
        results = run_scenario(scenario, start=roster)
    timings["simulate_s"] = time.perf_counter() - t0
    command = shlex.join(["staffsim", *sys.argv[1:]])
    folder = write_run(final, scenario, roster, results, timings, command, force=force)
    for line in headline(folder / "summary.json"):
        click.echo(line)
    click.echo(wrote_line(_, _("wrote {path}", path=folder), folder))


@cli.command()
@LANG_OPTION
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--policies", help="comma-separated arms (default: compare.default_arms)")
@click.option("--replications", type=click.IntRange(1, 10000), help="replications per arm")
@click.option("--months", type=click.IntRange(1, 600), help="horizon")
@click.option("--seed", type=click.IntRange(min=0), help="root seed")
@click.option("--workers", type=click.IntRange(1, 256), help="processes (default: all cores)")
@click.option("--out", type=OutFolder(), help="result folder (must not exist)")
@click.option("--force", is_flag=True, help="replace an existing --out folder")
@SET_OPTION
def compare(file: Path, policies: str | None, replications: int | None, months: int | None,
            seed: int | None, workers: int | None, out: Path | None, force: bool,
            sets: tuple[str, ...]) -> None:
    """Compare policy arms over common seeds, with 90% bands."""
    start_figures()  # matplotlib loads on the other core meanwhile
    from tqdm import tqdm

    from staffsim.experiments.compare import arm_specs, run_compare, summarize_arms
    from staffsim.i18n import N_
    from staffsim.results.compare_folder import write_compare
    from staffsim.results.compare_lines import compare_solver_lines, compare_table
    from staffsim.results.folder import default_folder
    from staffsim.results.words import counted, words
    from staffsim.scenarios.loader import load_scenario

    t0 = time.perf_counter()
    scenario = load_scenario(file, overrides_from(
        sets, **{"compare.replications": replications, "compare.months": months,
                 "simulation.seed": seed}))
    scenario_read(scenario)
    p = scenario.params
    arms = ([a.strip() for a in policies.split(",")] if policies is not None
            else p.compare.default_arms)
    if not any(arms):
        raise ScenarioError("command line", "--policies", f"{quote(policies)} names no arm; "
                            f"give comma-separated arms from: {', '.join(p.compare.arms)}")
    if not all(arms):  # 'none,,optimised', 'none,': a slip, not an arm (it was passed over)
        raise ScenarioError("command line", "--policies", f"{quote(policies)} has an empty "
                            f"arm name (two commas together, or one at an end); give "
                            f"comma-separated arms from: {', '.join(p.compare.arms)}")
    # an arm named twice is refused before anything runs (it ran twice under one key)
    specs = arm_specs(scenario, arms, p.compare.months,
                      "--policies" if policies is not None else "compare.default_arms")
    # the arms defined but not run are checked as validate checks them: the folder's
    # scenario.toml carries them, and a bad one made it a file validate refused
    arm_specs(scenario, [k for k in p.compare.arms if k not in arms], p.compare.months,
              "compare.arms")
    reps = p.compare.replications
    from staffsim.scenarios import limits

    limits.SIM_MONTHS.check(len(specs) * reps * p.compare.months, "command line", "compare",
                            f"{len(specs) * reps:,} runs × {p.compare.months:,} months"
                            if 1 in (len(specs), reps) else  # no '1 arms', '1 replications'
                            f"{len(specs):,} arms × {reps:,} replications × "
                            f"{p.compare.months:,} months")
    # and the communes each month simulates: a national month is 3,321 communes' work
    limits.STUDY_SERIES.check(len(specs) * reps * p.compare.months * len(scenario.communes),
                              "command line", "compare",
                              f"{len(specs):,} arms × {reps:,} replications × "
                              f"{p.compare.months:,} months × {len(scenario.communes):,} "
                              "communes")
    final = out or default_folder(p.output.folder, scenario.path.stem + "-compare",
                                  p.simulation.seed)
    final = claim_output(final, force, scenario.input_files)
    timings = {"load_s": time.perf_counter() - t0}
    _ = words()
    sizes = {"arms": counted(_, len(specs), N_("{n} arm"), N_("{n} arms")),
             "n": counted(_, reps, N_("{n} replication"), N_("{n} replications")),
             "months": counted(_, p.compare.months, N_("{n} month"), N_("{n} months"))}
    click.echo(_("{name}: {arms} x {n} x {months}, seed {seed}", name=scenario.place,
                 **sizes, seed=p.simulation.seed), err=True)
    from staffsim.results.compare_lines import months_lines, months_note

    # compare.months' default, not the scenario's simulation.months: said before it runs
    for line in months_lines(months_note(scenario)):
        click.echo(line, err=True)
    t0 = time.perf_counter()
    with tqdm(total=len(specs) * reps, unit="run", desc="simulating", disable=None,
              file=sys.stderr) as bar:
        runs = run_compare(specs, reps, p.simulation.seed, workers or usable_cores(),
                           progress=bar.update)
    timings["simulate_s"] = time.perf_counter() - t0
    summary = summarize_arms(specs, runs)
    summary["months"] = p.compare.months  # (the horizon: its lines say when it is too short)
    write_compare(final, scenario, runs, summary, reps, p.compare.months,
                  p.simulation.seed, timings, shlex.join(["staffsim", *sys.argv[1:]]),
                  force=force)
    for line in compare_table(summary, reps, roster_table=scenario.roster is not None):
        click.echo(line)
    for line in horizon_lines(_, specs, summary):  # an arm the horizon makes another's
        click.echo(line)
    click.echo(wrote_line(_, _("wrote {path} (simulated in {s} s)", path=final,
                               s=_.num(timings["simulate_s"], 1)), final))
    # last: the runs whose optimiser plan was not proven optimal, or none (their arms are
    # marked in the table); the results are written all the same (exit 0)
    for line in compare_solver_lines(summary):
        click.echo(line)


def horizon_lines(_, specs: list, summary: dict) -> list[str]:
    """A line for each arm that re-optimises every K months but whose horizon leaves no
    re-plan after the first that takes effect (``experiments.compare.horizon_notes``): two
    arms that look different give the same figures, and nothing else says why."""
    from staffsim.experiments.compare import horizon_notes
    from staffsim.results.compare_lines import arm_label
    from staffsim.results.words import counted_months

    return [_("warning: {text}", text=_(
        message, arm=arm_label(_, summary, key), months=counted_months(_, v["months"]),
        every=counted_months(_, v["every"]), last=_.num(v["last"]), more=_.num(v["more"])))
        for key, message, v in horizon_notes(specs)]


@cli.command()
@LANG_OPTION
@click.argument("file", type=click.Path(path_type=Path))
@SET_OPTION
def validate(file: Path, sets: tuple[str, ...]) -> None:
    """Check a scenario file and its data tables; print a one-line verdict, or every problem
    found, one line each (up to 50, then how many more)."""
    from staffsim.cli.questions import recorded_whatif_problems
    from staffsim.experiments.compare import arm_specs
    from staffsim.results.words import words
    from staffsim.scenarios.errors import InputErrors
    from staffsim.scenarios.loader import load_scenario

    sc = load_scenario(file, overrides_from(sets), every=True)
    problems: list[ScenarioError] = []
    arm_specs(sc, list(sc.params.compare.arms), sc.params.compare.months,  # arms' overrides
              problems=problems)
    problems += recorded_whatif_problems(file, sc.params)  # the what-if it records
    _ = words()
    roster = _("roster table") if sc.roster is not None else _("generated roster")
    sweep = ""
    if sc.params.sweep.levers or sc.params.sweep.uncertainties:
        from staffsim.experiments.sweep import plan_sweep

        try:
            plan = plan_sweep(sc)  # every factor's key and extremes
        except InputErrors as e:
            raise InputErrors(problems + e.problems) from None
        except ScenarioError as e:
            raise InputErrors(problems + [e]) from None
        sweep = (_(", sweep of 1 run") if plan.n_runs == 1 else
                 _(", sweep of {n} runs", n=_.num(plan.n_runs)))
        from staffsim.experiments.design import size_warnings
        from staffsim.results.finding_words import say

        for warning in size_warnings(sc.params.sweep):  # as sweep and analyze warn
            click.echo(f"staffsim: {_('warning: {text}', text=say(_, warning))}", err=True)
    if problems:
        raise InputErrors(problems)
    from staffsim.model.roster import headcount_origin
    from staffsim.results.report_contents import headcount_lines

    origin = headcount_origin(sc)  # (refuses a headcount as generating the roster would)
    # where the officials in post come from: the verdict names a roster table already
    headcount = headcount_lines(_, origin)[0 if origin.roster_table is None else 1:]
    from staffsim.i18n import N_
    from staffsim.results.words import counted

    click.echo(_("{file}: ok ({name}: {communes}, {roster}{sweep})", file=file, name=sc.place,
                 communes=counted(_, len(sc.communes), N_("{n} commune"), N_("{n} communes")),
                 roster=roster, sweep=sweep))
    for line in headcount:
        click.echo(line)
    if sc.known_distances and sc.distances is None:
        from staffsim.scenarios.distances import known_distance_errors

        c, prov = sc.communes, sc.params.province
        errors = known_distance_errors(c.lat, c.lon, c.zone, c.ids, prov.road_factor.as_list(),
                                       prov.remote_detour, prov.remote_threshold_km,
                                       sc.known_distances)
        worst = max(errors, key=lambda e: abs(e.relative))
        names = dict(zip(c.ids, c.names, strict=True))
        mean = sum(abs(e.relative) for e in errors) / len(errors)
        click.echo(_("road distances: the estimate is within {mean} of the {n} known road "
                     "distances on average (largest {worst}: {a} - {b}, {km} km against "
                     "{known} km); the known ones are used as given", mean=_.pct(mean, 1),
                     n=_.num(len(errors)), worst=("+" if worst.relative > 0 else "")
                     + _.pct(worst.relative),
                     a=names[worst.pair.from_id], b=names[worst.pair.to_id],
                     km=_.num(worst.estimate_km),
                     known=_.num(worst.pair.km, 0 if float(worst.pair.km).is_integer() else 1)))


@cli.command()
@LANG_OPTION  # (taken as by every command; the schema's words are English)
def schema() -> None:
    """Print the JSON schema of scenario files (units, defaults and meanings)."""
    from staffsim.scenarios.params import Params

    click.echo(json.dumps(Params.model_json_schema(), indent=2, ensure_ascii=False))
