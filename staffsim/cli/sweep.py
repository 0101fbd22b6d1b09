"""Commands for experiments at scale: sweep, analyze.

Each command imports what it uses when it runs (function-level imports): the command line
then starts in a fraction of a second and a command loads only its own layers.
"""

from __future__ import annotations

import shlex
import shutil
import sys
import time
from pathlib import Path

import click

from staffsim import i18n
from staffsim.cli import interrupts
from staffsim.cli.common import (
    LANG_OPTION,
    SET_OPTION,
    FiniteFloat,
    OutFolder,
    cli,
    overrides_from,
    wrote_line,
)
from staffsim.i18n import N_, Said
from staffsim.model.cores import usable_cores
from staffsim.scenarios.errors import ScenarioError


@cli.command()
@LANG_OPTION
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--executor", "executor_kind", type=click.Choice(["local", "dask"]),
              default="local", show_default=True, help="local processes or a Dask cluster")
@click.option("--workers", type=click.IntRange(1, 1024),
              help="local processes, or LocalCluster workers (default: all cores)")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); none = a LocalCluster")
@click.option("--connect-timeout", type=FiniteFloat(0.1, 600), default=10.0,
              show_default=True, help="seconds to wait for a Dask scheduler to answer")
@click.option("--out", type=OutFolder(), help="sweep folder")
@click.option("--resume", is_flag=True, help="finish an interrupted sweep in --out")
@click.option("--force", is_flag=True, help="replace an existing --out")
@click.option("--seed", type=click.IntRange(min=0), help="root seed")
@SET_OPTION
def sweep(file: Path, executor_kind: str, workers: int | None, scheduler: str | None,
          connect_timeout: float, out: Path | None, resume: bool, force: bool, seed: int | None,
          sets: tuple[str, ...]) -> None:
    """Run the scenario's [sweep]: levers x uncertainties x replications."""
    from tqdm import tqdm

    from staffsim.experiments.design import size_notes, size_warnings
    from staffsim.experiments.executors import make_executor
    from staffsim.experiments.sweep import (
        budget_note,
        in_language,
        open_sweep_folder,
        plan_sweep,
        run_sweep,
        sweep_spec,
    )
    from staffsim.results import sweep_folder as sf
    from staffsim.results.commands import command_line
    from staffsim.results.folder import claim_output, default_folder
    from staffsim.scenarios.loader import load_scenario

    if resume and force:
        raise ScenarioError("command line", "--resume", "goes without --force")
    if resume and out is None:
        raise ScenarioError("command line", "--resume", "needs --out FOLDER (the sweep to "
                            "finish)")
    t0 = time.perf_counter()
    scenario = load_scenario(file, overrides_from(sets, **{"simulation.seed": seed}))
    plan = plan_sweep(scenario)  # (with the discovery outcome and threshold analyze reads)
    final = out or default_folder(scenario.params.output.folder,
                                  scenario.path.stem + "-sweep", scenario.params.simulation.seed)
    if final.exists() and not (resume or force):
        from staffsim.results.folder import busy_holder

        if (holder := busy_holder(final)) is not None:  # running now: not a sweep to finish
            raise ScenarioError(final, "--out", f"is being written by another staffsim "
                                f"command ({holder}); wait for it to finish or choose another "
                                "folder")
        raise ScenarioError(final, "--out", "already exists; pass --resume to finish it "
                            "or --force to replace it")
    final = claim_output(final, force, scenario.input_files, resume=resume)
    if resume and not (final.exists() or final.is_symlink()):  # a typo would rerun everything
        raise ScenarioError(final, "--resume", "no such folder, so there is no sweep to "
                            "finish; drop --resume to start a new sweep")
    from staffsim.results.words import counted, words

    _ = words()
    if resume and sf.is_complete(final):
        sf.open_for_resume(final, sweep_spec(plan), plan.n_runs)
        click.echo(_("{folder}: complete ({runs}); nothing to run", folder=str(final),
                     runs=_runs(_, plan.n_runs)))
        from staffsim.results.compare_lines import solver_lines

        for line in solver_lines(sf.recorded_solver_summary(final)):
            click.echo(line)
        return
    given_workers, workers = workers, workers or usable_cores()
    done: set[int] = set()
    ctx = click.get_current_context()
    typed_lang = ([] if ctx.get_parameter_source("lang") != click.core.ParameterSource.COMMANDLINE
                  else ["--lang", i18n.current_language()])  # (the resume line dropped it)
    resume_cmd = command_line("sweep", file, "--out", str(final), "--resume",
                              *_repeat_options(seed, executor_kind, given_workers, scheduler),
                              *typed_lang, sets=sets)

    writing: list[int] = []  # the run being saved: its file may be whole before ``done`` has it

    def kept() -> str:  # said if the sweep is interrupted: finished runs stay
        # (a Ctrl-C between a run's file and ``done.add`` said one run fewer than were kept)
        saved = {r for r in writing if (final / sf.RUNS / sf.run_file(r)).is_file()}
        # no run finished in a folder this command made: it goes, and nothing is kept (as
        # when the Ctrl-C comes before the folder is made), not a folder of no runs that the
        # same command then refuses without --resume (a researcher's trial). With --force
        # too: the folder is this command's (the one it replaced went once the new one was
        # in place, ``folder.replace_folder``), and the line says the old one is gone
        if not resume and not (done | saved) and sf.remove_unstarted(final):
            from staffsim.results.folder import REPLACED

            return Said(N_("nothing was written; the folder {folder} that --force replaced "
                           "is gone"), folder=str(final)) if final in REPLACED else ""
        from staffsim.results.folder import REPLACED

        if final in REPLACED:  # the sweep --force replaced went when this one started (its
            # runs are written in place, to be resumed): said, not left to be found out
            return Said(N_("{done} of {n} runs are finished and kept in {folder} (the sweep "
                           "that --force replaced there is gone); finish them with: "
                           "{command}"), done=len(done | saved), n=plan.n_runs,
                        folder=str(final), command=resume_cmd)
        return Said(N_("{done} of 1 run is finished and kept in {folder}; finish it with: "
                       "{command}") if plan.n_runs == 1 else
                    N_("{done} of {n} runs are finished and kept in {folder}; finish them "
                       "with: {command}"), done=len(done | saved), n=plan.n_runs,
                    folder=str(final),
                    command=resume_cmd)

    # the executor first: a cluster that cannot be reached leaves nothing written
    with make_executor(executor_kind, workers, scheduler, connect_timeout) as ex:
        done |= open_sweep_folder(plan, final, resume, force)
        interrupts.KEPT.append(kept)
        missing = [r for r in range(plan.n_runs) if r not in done]
        timings = {"load_s": time.perf_counter() - t0}
        d = plan.design
        from staffsim.experiments.design import DESIGN_NAMES
        from staffsim.experiments.sensitivity import distinct_points, points_words
        from staffsim.results.finding_words import say

        for warning in size_warnings(scenario.params.sweep):  # SALib's guidance, before running
            click.echo(f"staffsim: {_('warning: {text}', text=say(_, warning))}", err=True)
        for note in size_notes(scenario.params.sweep):  # what analyze will not tell apart
            click.echo(f"staffsim: {_('note: {text}', text=say(_, note))}", err=True)
        scaled = budget_note(plan)  # a budget factor's values are as set, not in force
        if scaled is not None:
            click.echo(f"staffsim: {_('note: {text}', text=say(_, scaled))}", err=True)
        click.echo(_("{name}: {design} design, {points} × {reps} = {runs} of {months} ({done} "
                     "done, {todo} to run) on {executor}", name=scenario.place,
                     design=_(DESIGN_NAMES.get(d.method, d.method)),
                     points=points_words(_, d.n_points, *distinct_points(d)),  # as analyze
                     reps=counted(_, plan.replications, N_("{n} replication"),
                                 N_("{n} replications")),
                     runs=_runs(_, plan.n_runs),
                     months=counted(_, plan.months, N_("{n} month"), N_("{n} months")),
                     done=_.num(len(done)), todo=_.num(len(missing)),
                     executor=executor_words(_, executor_kind, workers, scheduler)), err=True)
        t0 = time.perf_counter()
        with tqdm(total=plan.n_runs, initial=len(done), unit="run", desc="sweep",
                  disable=None, file=sys.stderr) as bar:
            records = run_sweep(plan, missing, ex, workers)
            while True:
                try:
                    rec = next(records, None)
                except ScenarioError as e:
                    # a design point the scenario refuses: it fails again on --resume, so
                    # nothing is offered to finish, and a folder made here goes
                    interrupts.KEPT.remove(kept)
                    if not resume:
                        shutil.rmtree(final, ignore_errors=True)
                    raise in_language(e) from None  # the point named in the language
                if rec is None:
                    break
                writing[:] = [rec["run"]]
                sf.write_run(final, rec)
                done.add(rec["run"])
                bar.update(1)
    timings["simulate_s"] = time.perf_counter() - t0
    solver = sf.finish(final, plan.n_runs, timings, shlex.join(["staffsim", *sys.argv[1:]]))
    interrupts.KEPT.remove(kept)
    click.echo(wrote_line(_, _("wrote {path} ({runs}; {n} simulated in {s} s)", path=final,
                               runs=_runs(_, plan.n_runs), n=_.num(len(missing)),
                               s=_.num(timings["simulate_s"], 1)), final))
    from staffsim.results.compare_lines import solver_lines

    # last: the runs whose optimiser plan was not proven optimal, or none (the manifest's
    # solver_plans records them); the results are written all the same (exit 0)
    for line in solver_lines(solver):
        click.echo(line)


def _runs(_, n: int) -> str:
    from staffsim.results.words import counted

    return counted(_, n, N_("{n} run"), N_("{n} runs"))


def _repeat_options(seed: int | None, executor_kind: str, workers: int | None,
                    scheduler: str | None) -> list[str]:
    """The options besides the --set ones a resumed sweep must repeat (the scenario,
    overrides and seed must match), and where to run it as the user asked: --workers only if
    given (``workers`` None: the cores, found again), and never with a cluster's --scheduler,
    whose workers are the cluster's (a researcher's trial: '--scheduler tcp://… --workers 2',
    which they never gave and which means nothing there)."""
    out: list[str] = []
    if seed is not None:
        out += ["--seed", str(seed)]
    if executor_kind != "local":
        out += ["--executor", executor_kind]
    if scheduler:
        return [*out, "--scheduler", scheduler]
    return out + (["--workers", str(workers)] if workers else [])


class _OutcomeOption(click.Option):
    """--outcome, whose help lists the outcomes a sweep records (read when the help is
    shown, from the model's declarations, so that it cannot go stale)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from staffsim.i18n import language

        with language("en"):
            self.help = self.help_in_language()
        return super().get_help_record(ctx)

    def help_in_language(self) -> str:
        """The help in the current language (``cli.common``: the help is shown in the
        command's language)."""
        import re

        from staffsim.experiments.sensitivity import outcome_choices
        from staffsim.i18n import gettext
        from staffsim.model.outcomes import headline_columns, metric_columns

        choices = outcome_choices(metric_columns())
        grouped = re.fullmatch(r"(.*), or METRIC\|AREA with METRIC one of (.*) and AREA one "
                               r"of (.*)", choices)
        if grouped:
            outs, metrics, areas = grouped.groups()
            return gettext(self.GROUPED).format(headline=", ".join(headline_columns()),
                                                outs=outs, metrics=metrics, areas=areas)
        return gettext(self.LISTED).format(headline=", ".join(headline_columns()),
                                           outs=choices)

    GROUPED = N_("outcome column to analyse (repeatable; default: the headline outcomes "
                 "{headline}); NAME is {outs}, or METRIC|AREA with METRIC one of {metrics} "
                 "and AREA one of {areas}")
    LISTED = N_("outcome column to analyse (repeatable; default: the headline outcomes "
                "{headline}); NAME is {outs}")


@cli.command()
@LANG_OPTION
@click.argument("sweep_dir", type=click.Path(path_type=Path))
@click.option("--outcome", "outcomes", multiple=True, cls=_OutcomeOption, metavar="NAME",
              help="outcome column to analyse (repeatable; default: the headline outcomes)")
@click.option("--threshold", type=FiniteFloat(), help="scenario discovery: acceptable level of the "
              "discovery outcome (default: the scenario's, else the median)")
@click.option("--json", "as_json", is_flag=True, help="print JSON instead of tables")
@click.option("--force", is_flag=True, help="replace an earlier analysis folder")
def analyze(sweep_dir: Path, outcomes: tuple[str, ...], threshold: float | None,
            as_json: bool, force: bool) -> None:
    """Sensitivity indices and scenario discovery for a finished sweep."""
    from staffsim.cli.common import emit
    from staffsim.experiments.sensitivity import analyse_sweep, report_lines, write_analysis

    if not sweep_dir.exists():  # (as verify words it; a file is 'not a folder')
        raise ScenarioError(sweep_dir, "", "does not exist; give a sweep folder staffsim "
                            "wrote")
    result = analyse_sweep(sweep_dir, list(outcomes) or None, threshold)
    folder = write_analysis(sweep_dir, result, force)
    emit(result, as_json, report_lines(result))
    from staffsim.results.words import words

    _ = words()
    click.echo(wrote_line(_, _("wrote {path}", path=folder), folder), err=True)


def executor_words(_, kind: str, workers: int, scheduler: str | None) -> str:
    """Where a sweep's runs are made, for people: 'this process', '2 local processes', 'a
    local Dask cluster of 2 workers', 'the Dask cluster at tcp://…'."""
    from staffsim.results.words import counted

    if kind == "dask":
        if scheduler:
            return _("the Dask cluster at {address}", address=scheduler)
        return _("a local Dask cluster of {workers}",
                 workers=counted(_, workers, N_("{n} worker"), N_("{n} workers")))
    if workers <= 1:
        return _("this process")
    return _("{n} local processes", n=_.num(workers))
