"""Commands for province HR questions: whatif, explain, frontier.

Each command imports what it uses when it runs (function-level imports): the command line
then starts in a fraction of a second and a command loads only its own layers.
"""

from __future__ import annotations

import dataclasses
import functools
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from staffsim.cli.common import (
    LANG_OPTION,
    SET_OPTION,
    OutFolder,
    check_out,
    cli,
    emit,
    overrides_from,
    save_folder,
    scenario_read,
    start_figures,
    wrote_line,
)
from staffsim.i18n import N_
from staffsim.model.cores import usable_cores
from staffsim.scenarios.errors import ScenarioError

if TYPE_CHECKING:
    from staffsim.scenarios.params import Params


class SpecialtyType(click.ParamType):
    """A specialty as a key or in the words data tables accept (scenarios.tables.VALUES):
    HR staff type 'Địa chính', not 'land'. Leadership is not asked about: its requirement is
    a fixed count, not a shortage to explain."""

    name = "specialty"

    def convert(self, value, param, ctx) -> str:
        from staffsim.scenarios.specialties import SPECIALTIES
        from staffsim.scenarios.tables import VALUES, fold

        key = fold(value)
        key = key if key in SPECIALTIES else VALUES["specialty"].get(key, "")
        if key and key != "leadership":
            return key
        allowed = ", ".join(s for s in SPECIALTIES if s != "leadership")
        self.fail(f"{value!r} is not a specialty; allowed: {allowed} (or their Vietnamese "
                  "names, e.g. 'Địa chính', 'Tư pháp - hộ tịch')", param, ctx)


class PointsText(click.ParamType):
    """--keep-baseline-pairs' value as --set reads a number ('0,05' and '0.05' are one value
    when the option is given twice); text it cannot read is passed on as typed, to be
    refused with the setting's own words."""

    name = "points"

    def convert(self, value, param, ctx):
        from staffsim.scenarios.loader import parse_value

        try:
            read = parse_value(str(value), "whatif.keep_baseline_pairs")
        except ScenarioError:
            return str(value)
        return read if isinstance(read, int | float) and not isinstance(read, bool) \
            else str(value)


@cli.command()
@LANG_OPTION
@click.argument("file", type=click.Path(path_type=Path))
@SET_OPTION
@click.option("--move", "moves", multiple=True, metavar="ID[,ID...]=COMMUNE",
              help="force these officials to move to COMMUNE (id or name)")
@click.option("--keep", multiple=True, metavar="OFFICIAL_ID", help="this official must stay")
@click.option("--close-commune", "close", multiple=True, metavar="COMMUNE",
              help="this commune gives no one (closed as a donor)")
@click.option("--simulate/--no-simulate", default=None,
              help="also simulate both plans over common seeds")
@click.option("--replications", type=click.IntRange(1, 10000), default=10, show_default=True,
              help="replications of each plan's simulation (with --simulate)")
@click.option("--months", type=click.IntRange(1, 600), help="simulation horizon "
              "(default: compare.months)")
@click.option("--month", type=click.IntRange(0, 600), default=0,
              help="plan on the simulated state at this month")
@click.option("--keep-baseline-pairs", "keep_pairs", metavar="POINTS", type=PointsText(),
              help="prefer the baseline's destinations: each official the variant sends "
                   "along a commune pair of the baseline plan is worth POINTS of weighted "
                   "unmet need (e.g. 0.05)")
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@click.option("--out", type=OutFolder(), help="also save a result folder")
@click.option("--force", is_flag=True, help="replace an existing --out folder")
def whatif(file: Path, sets: tuple[str, ...], moves: tuple[str, ...], keep: tuple[str, ...],
           close: tuple[str, ...], simulate: bool | None, replications: int | None,
           months: int | None, month: int | None, as_json: bool, out: Path | None,
           force: bool = False, keep_pairs: float | str | None = None) -> None:
    """Baseline against a variant (changed levers and/or manual edits), side by side."""
    # deferred here and in every command: the CLI starts fast and loads what a command needs
    from staffsim.experiments.states import single_state
    from staffsim.model.names import table_names
    from staffsim.optimize.edits import Edits, parse_moves
    from staffsim.optimize.whatif import plan_reports, rules_switched
    from staffsim.results.finding_words import say, violation_line
    from staffsim.results.report_contents import levers_in_force
    from staffsim.results.whatif import (
        changed_rows,
        edits_lines,
        keep_pairs_hint,
        limits_set_on_command_line,
        moves_against_baseline,
        officials_count,
        overrides_as_read,
        rules_switched_lines,
        side_by_side_lines,
        tradeoff_line,
        understood_edits,
        whatif_data,
    )
    from staffsim.results.words import text_table, words
    from staffsim.scenarios.loader import load_scenario
    from staffsim.scenarios.names import find_commune

    check_out(out, force, [file])
    overrides = overrides_from(sets)
    # which provinces a multi-province scenario is asked about: both sides' (the baseline was
    # loaded without it, and a national scenario refused with the advice just followed)
    chosen = {k: v for k, v in overrides.items() if k in BOTH_SIDES}
    overrides = {k: v for k, v in overrides.items() if k not in BOTH_SIDES}
    base_sc = load_scenario(file, chosen or None)
    # the question the scenario file records ([whatif]: a whatif folder's scenario.toml):
    # what the command line does not give. A variant given on the command line (--set,
    # --move, --keep, --close-commune) replaces the recorded one whole; --month, --simulate,
    # --replications and --months each replace their own field
    asked = base_sc.params.whatif
    unasked = type(asked)()
    if keep_pairs is not None:  # read and checked as --set whatif.keep_baseline_pairs is
        from staffsim.scenarios.loader import override_params

        try:
            keep_pairs = override_params(base_sc.params, overrides_from(
                (f"whatif.keep_baseline_pairs={keep_pairs}",)), "command line"
            ).whatif.keep_baseline_pairs
        except ScenarioError as e:  # named as typed, not by the setting it fills
            raise ScenarioError("command line", "--keep-baseline-pairs", e.message) from None
    # (an option left at its default was not given: the table's value is used)
    month, replications = (None if given_default(name) else value for name, value in
                           (("month", month), ("replications", replications)))
    taken = {flag: name for flag, name, given in (
        ("--month", "month", month), ("--simulate", "simulate", simulate),
        ("--replications", "replications", replications), ("--months", "months", months),
        ("--keep-baseline-pairs", "keep_baseline_pairs", keep_pairs))
        if given is None and getattr(asked, name) != getattr(unasked, name)}
    if not (overrides or moves or keep or close) and (asked.set or asked.move or asked.keep
                                                      or asked.close_commune):
        taken.update({"--set": "set", "--move": "move", "--keep": "keep",
                      "--close-commune": "close_commune"})
        with in_file(file, "whatif", taken, default="set"):
            recorded = overrides_from(tuple(asked.set))
        more = {k: v for k, v in recorded.items() if k in BOTH_SIDES}
        if more:  # (a hand-written table may choose the provinces: both sides', as above)
            chosen = {**chosen, **more}
            with in_file(file, "whatif", taken, default="set"):
                base_sc = load_scenario(file, chosen)
        overrides = {k: v for k, v in recorded.items() if k not in BOTH_SIDES}
        moves, keep, close = tuple(asked.move), tuple(asked.keep), tuple(asked.close_commune)
    month = asked.month if month is None else month
    simulate = asked.simulate if simulate is None else simulate
    replications = asked.replications if replications is None else replications
    months = (asked.months or None) if months is None else months
    keep_pairs = asked.keep_baseline_pairs if keep_pairs is None else keep_pairs
    with in_file(file, "whatif", taken):
        edits = Edits(parse_moves(moves), list(keep), list(close))
    if not overrides and not edits:
        raise ScenarioError("command line", "", "no change given, so nothing to compare "
                            "with the baseline: give at least one, e.g. --set "
                            "optimizer.budget_vnd=50_000_000_000, --move OFFICIAL_ID=COMMUNE, "
                            "--keep OFFICIAL_ID or --close-commune COMMUNE")
    # the question as the folder's scenario.toml records it: the folder then asks it again
    question = base_sc.params.model_copy(deep=True)
    question.whatif = type(asked)(
        set=list(asked.set) if "--set" in taken else variant_sets(sets),
        move=list(moves), keep=list(keep), close_commune=list(close), month=month,
        simulate=simulate, replications=replications, months=months or 0,
        keep_baseline_pairs=keep_pairs)
    horizon = months or base_sc.params.compare.months
    with in_file(file, "whatif", taken):
        _check_months(base_sc, simulate, month, horizon)
        if simulate:  # the simulation's size, before anything is solved or simulated
            _check_work(len(base_sc.communes), replications, horizon)
    # manual edits alone: the variant starts from the same state (edits never change it).
    # A problem of the variant's settings is the file's whatif.set only when they came from
    # it: a --set typed on the command line was blamed on 'thanh_hoa.toml: whatif.set',
    # which the file does not have (an HR trial, F3)
    with in_file(file, "whatif", taken, default="set" if "--set" in taken else None):
        var_sc = load_scenario(file, {**chosen, **overrides}) if overrides else base_sc
        check_shared_settings(base_sc.params, var_sc.params, overrides)
    base_state = single_state(base_sc, month)
    var_state = single_state(var_sc, month) if overrides else base_state
    with in_file(file, "whatif", taken):
        base, var = plan_reports(base_state, Edits(), var_state, edits, keep_weight=keep_pairs)
    # a limit the variant's --set gave is said as set on the command line, not the scenario's
    var["outcome"] = limits_set_on_command_line(var["outcome"], overrides)
    v = var["outcome"]
    # a closed commune that gives no one in the baseline plan: closing it changes nothing,
    # which is said rather than left to be guessed from an unchanged table
    idle = [name for name in edits.close
            if not any(int(base_state.commune[m.row]) == find_commune(
                base_state.communes, name, "--close-commune") for m in base["moves"])
            ] if not overrides else []  # (with other levers the baseline is no reference)
    names = table_names(var_sc.pool_roster, var_sc.roster)
    data = whatif_data(base_sc.name, overrides_as_read(var_sc.params, overrides), edits,
                       base_state, base, var_state, var, names, keep_weight=keep_pairs)
    # what the edits were understood to say (names matched without diacritics, ids): said
    # before the figures, in the JSON too
    understood = understood_edits(var_state, edits, names)
    data["edits_understood"] = understood
    data["rules_switched"] = rules_switched(base_state.params, var_state.params)
    if idle:
        data["closed_giving_no_one"] = [base_state.communes.ids[find_commune(
            base_state.communes, name, "--close-commune")] for name in idle]
    _ = words()
    what = levers_in_force(_, data)  # (a scaled budget as the plan has it: 2,22 not 3,0 tỷ)
    from staffsim.results import plan_month as pm

    when = pm.plan_month_lines(_, pm.plan_month(base_sc.params, month), pm.today(),
                               whatif=True)
    lines = [_("{name}: the optimal plan with the scenario's levers (baseline) against the "
               "variant ({what})", name=base_sc.place, what=what),
             *(f"  {line}" for line in rules_switched_lines(_, data)),
             *(f"  {line}" for line in edits_lines(_, understood)),
             # which month both plans are for, and whether it has passed
             *when,
             *side_by_side_lines(base["outcome"], v),
             *filter(None, [tradeoff_line(_, what, base["outcome"], v),
                            moves_against_baseline(_, data), keep_pairs_hint(_, data)])]
    lines += [f"  {_(side, line=say(_, line))}"  # why a side has no plan, or how far its
              # plan can be trusted when it is not proven optimal
              for side, x in ((N_("Baseline: {line}"), base), (N_("Variant: {line}"), var))
              for line in [*(x["outcome"].get("explanation") or []),
                           *(x["outcome"].get("quality") or [])]]
    lines += [_("{commune} gives no one in the baseline plan: closing it changes nothing",
                commune=base_state.communes.names[find_commune(base_state.communes, name,
                                                               "--close-commune")])
              for name in idle]
    if simulate:
        from staffsim.experiments.whatif import simulate_pair

        summary = simulate_pair([(base_sc, base_state, base), (var_sc, var_state, var)],
                                horizon, replications, usable_cores(), month)
        data["simulation"] = {"months": horizon, "replications": replications, **summary}
        from staffsim.results.compare_lines import arms_table

        lines.append(_("simulated {months} months x {n} replications (common seeds): each "
                       "plan's mean of the {n} replications; the change is the difference of "
                       "the means shown, with the 90% band of the paired change:",
                       months=horizon, n=replications))
        if month:
            lines.append(_("  both plans are carried out at the end of month {month}",
                           month=month))
        lines += [f"  {line}" for line in arms_table(summary, paired=True)]
        made = [summary["arms"][k]["metrics"]["moves"]["areas"]["province"]["mean"]
                for k in ("baseline", "variant")]
        planned = [len(base["moves"]), len(var["moves"])]
        if any(m < p - 1e-9 for m, p in zip(made, planned, strict=True)):
            # a planned move whose official left before the transfer date is not made: the
            # simulated counts are then below the plans' (309 of 310), said rather than left
            lines.append(_("  of the plans' {a} and {b} moves, {x} and {y} are made on "
                           "average over the replications: an official who leaves before the "
                           "transfer date is not moved", a=_.num(planned[0]),
                           b=_.num(planned[1]), x=officials_count(_, made[0]),
                           y=officials_count(_, made[1])))
    if data["changed_communes"]:
        lines.append(_("Communes whose unmet need changed most (FTE):"))
        lines += text_table(*changed_rows(_, data["changed_communes"]), indent="  ")
    # a rule the manual moves break by themselves is theirs, naming them; any other finding
    # is the re-optimised plan's, never put on the planner's edits
    for v_line in v["manual_violations"]:
        lines.append(_("warning: the manual edits break a rule: {rule}",
                       rule=violation_line(_, v_line, place=False)))
    for v_line in v["plan_violations"]:
        lines.append(_("warning: the variant's plan breaks a rule (not because of the manual "
                       "edits): {rule}", rule=violation_line(_, v_line, place=False)))
    emit(data, as_json, lines)
    # the baseline scenario: the folder's command (with its --set) replays the comparison
    command = shlex.join(["staffsim", *sys.argv[1:]])
    report = {}
    if out is not None:
        from staffsim.results.html_report import render
        from staffsim.results.report_contents import whatif_report

        said = whatif_report(base_sc, data, command, params=base_state.params)
        # the month both plans are for (and whether it has passed), first
        said = dataclasses.replace(said, asked=[when[0] + ".", *said.asked],
                                   answer=[" ".join([*when[1:], said.answer[0]]),
                                           *said.answer[1:]])
        report["report.html"] = render(said)
    from staffsim.results.plan_folder import write_moves_csv

    # both plans as plan.csv writes one: what evaluate --plan reads and a planner signs from
    # (the variant of --keep-baseline-pairs is no plan that staffsim plan can make)
    tables = {f"{side}_plan.csv": functools.partial(write_moves_csv, plans=[(st, x["moves"])],
                                                     names=names)
              for side, st, x in (("baseline", base_state, base), ("variant", var_state, var))}
    save_folder(out, dataclasses.replace(base_sc, params=question), "whatif", data, command,
                extra=report, force=force, writers=tables)
    from staffsim.results.words import status

    no_plan = [f"{_(side)}: {status(_, x['outcome']['status'])}"
               for side, x in ((N_("baseline"), base), (N_("variant"), var))
               if not x["outcome"]["plan_found"]]
    if no_plan:  # only an optimal or a time-limited feasible plan is a plan
        click.echo("staffsim: " + _("no plan ({sides}); the figures above are for no moves",
                                    sides=", ".join(no_plan)), err=True)
        raise click.exceptions.Exit(1)


# settings both sides of a what-if share: a variant with its own would differ from the
# baseline by more than its levers (another seed: other exits and hires), or the setting
# would do nothing (the horizon is --months)
# settings that choose what is compared rather than a lever: given with --set, they apply to
# the baseline and the variant alike
BOTH_SIDES = frozenset({"province.provinces"})

SHARED_SETTINGS = {
    "simulation.months": "give the simulated horizon with --months",
    "simulation.replications": "give them with --replications",
    "simulation.seed": "both sides use the scenario's seed, so that they differ only by "
                       "their levers; change it in the scenario file",
    "simulation.workers": "the simulation's processes follow the machine's cores",
    "compare.months": "give the simulated horizon with --months",
    # the question itself ([whatif]): a --set of it made a 'variant' that changed nothing
    # (a trial: --set whatif.keep_baseline_pairs=0.05 was named in the heading and ignored)
    "whatif.set": "give the variant's settings with --set KEY=VALUE",
    "whatif.move": "give forced moves with --move",
    "whatif.keep": "give the officials who stay with --keep",
    "whatif.close_commune": "give closed communes with --close-commune",
    "whatif.month": "give the month with --month",
    "whatif.keep_baseline_pairs": "give the preference with --keep-baseline-pairs",
    "whatif.simulate": "ask for it with --simulate",
    "whatif.replications": "give them with --replications",
    "whatif.months": "give the simulated horizon with --months",
}


def check_shared_settings(base: Params, variant: Params, overrides: dict[str, object]) -> None:
    """Refuse a variant whose --set changes a setting both sides share, however it was
    spelled (a dotted key, a whole section, a province's own override), saying what to give
    instead."""
    for key, hint in SHARED_SETTINGS.items():
        section, field = key.split(".")
        if getattr(getattr(base, section), field) != getattr(getattr(variant, section), field):
            given = next((k for k in overrides if k == key), None) or next(
                (k for k in overrides if field in k or k.endswith(section)), key)
            raise ScenarioError("command line", f"--set {given}", f"changes {key}, which the "
                                f"baseline and the variant share; {hint}")


def _check_work(communes: int, replications: int, horizon: int) -> None:
    """--simulate's size within the limits of a comparison (``limits.SIM_MONTHS`` and
    ``limits.STUDY_SERIES``, as compare checks them): 2 plans x replications x months, and
    that x the communes (a national what-if of 10,000 replications was accepted, then
    solved, before the simulated months were counted, and the communes never were)."""
    from staffsim.scenarios import limits

    limits.SIM_MONTHS.check(2 * replications * horizon, "command line", "--simulate",
                            f"2 plans × {replications:,} replications × {horizon:,} months")
    limits.STUDY_SERIES.check(2 * replications * horizon * communes, "command line",
                              "--simulate", f"2 plans × {replications:,} replications × "
                              f"{horizon:,} months × {communes:,} communes")


def _check_months(base_sc, simulate: bool, month: int, horizon: int) -> None:
    """--month within the scenario's horizon and, with --simulate, a simulated month after
    it: checked before anything is solved."""
    if simulate and month + 2 > horizon:
        # the plans (made at --month) are carried out at the end of that month, so the
        # simulation needs a month after it to show anything (in English:
        # results.error_words says it in the language)
        leave = "1 month leaves" if horizon == 1 else f"{horizon} months leave"
        raise ScenarioError("command line", "--months", f"{leave} no month after the plans "
                            f"made at month {month} are carried out; give --months "
                            f"{month + 2} or more")
    if month > base_sc.params.simulation.months:  # (plan_state's hint would say --set it)
        raise ScenarioError("command line", "--month", f"{month} is beyond the horizon; "
                            f"allowed: 0 "
                            f"to {base_sc.params.simulation.months} (simulation.months in the "
                            "scenario file)")


@contextmanager
def in_file(path: Path, section: str, taken: dict[str, str],
            default: str | None = None) -> Iterator[None]:
    """A problem of an option taken from the scenario file's question table (``taken``:
    the option -> its field of ``[section]``) blamed on the file and the field, as any other
    setting's: 'FILE: whatif.keep: '16531-999' is not an official in post ...', not the
    command line's --keep, which was not given. ``default``: the field any other problem
    of the command line belongs to (the variant's settings: their keys and values), and
    any warning of the loader's about them (a budget likely in the wrong unit was said to
    come from the command line when the file's whatif.set gave it: a trial)."""
    import warnings

    from staffsim.scenarios.tables import InputWarning

    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")  # (said again below, under the caller's filters)
            try:
                yield
            except ScenarioError as e:
                said = _blamed(e, path, section, taken, default)
                if said is None:
                    raise
                raise said from None
    finally:
        for w in caught:
            text = str(w.message)
            if (default is not None and issubclass(w.category, InputWarning)
                    and text.startswith("command line: ")):
                text = f"{path}: {section}.{default}: {text.removeprefix('command line: ')}"
            warnings.warn_explicit(text, w.category, w.filename, w.lineno)


def _blamed(e: ScenarioError, path: Path, section: str, taken: dict[str, str],
            default: str | None) -> ScenarioError | None:
    for flag, name in taken.items():
        if e.file == "command line" and (e.where == flag or e.where.startswith(f"{flag} ")):
            # ('--set simulation.seed': 'whatif.set: simulation.seed', the key after a colon
            # as everywhere else)
            rest = e.where[len(flag):]
            return ScenarioError(path, f"{section}.{name}{':' if rest else ''}{rest}",
                                 e.message)
        if e.file.startswith(f"{flag} "):  # (frontier_values: '--range 0 (LEVER)')
            inner = f": {e.where}" if e.where else ""
            return ScenarioError(path, f"{section}.{name}:{e.file[len(flag):]}{inner}",
                                 e.message)
    if default is not None and e.file == "command line":
        inner = f": {e.where}" if e.where else ""
        return ScenarioError(path, f"{section}.{default}{inner}", e.message)
    return None


def recorded_whatif_problems(file: Path, params: Params) -> list[ScenarioError]:
    """Every problem of the settings of the what-if the scenario file records (``[whatif]
    set``), blamed on the file's field as ``whatif`` blames them, for ``validate``: it said
    'ok' of a file whose whatif.set gave a negative budget, which ``whatif`` then refused (a
    trial). (The form of its moves is the parameters' own check; which officials and
    communes they name is left to ``whatif``: that needs the roster of the month it plans
    on.)"""
    from staffsim.scenarios.errors import InputErrors
    from staffsim.scenarios.loader import aliases_in, override_params, warn_unit_of

    if not params.whatif.set:
        return []

    def blamed(e: ScenarioError) -> ScenarioError:
        return _blamed(e, file, "whatif", {"--set": "set"}, "set") or e

    try:
        recorded = overrides_from(tuple(params.whatif.set))
        variant = override_params(params, recorded, "command line", every=True)
        check_shared_settings(params, variant, recorded)  # (whatif refuses those too)
    except InputErrors as e:
        return [blamed(p) for p in e.problems]
    except ScenarioError as e:
        return [blamed(e)]
    warn_unit_of(variant, params, file, aliases_in(recorded), "whatif.set: ")  # (as whatif)
    return []


def given_default(name: str) -> bool:
    """Whether the current command's option ``name`` was left at its default (not typed,
    nor given by an environment variable)."""
    return click.get_current_context().get_parameter_source(name) in (
        click.core.ParameterSource.DEFAULT, click.core.ParameterSource.DEFAULT_MAP)


def variant_sets(sets: tuple[str, ...]) -> list[str]:
    """The --set values of a what-if's variant as typed, for its folder's ``whatif.set``:
    without those that choose what both sides compare (``BOTH_SIDES``: the folder's scenario
    has them already); an inline table that gives both kinds keeps the variant's keys, each
    as KEY=VALUE."""
    from staffsim.scenarios.loader import toml_value

    out = []
    for pair in sets:
        leaves = overrides_from((pair,))
        kept = {k: v for k, v in leaves.items() if k not in BOTH_SIDES}
        if len(kept) == len(leaves):
            out.append(pair)
        else:
            out += [f"{k}={toml_value(v)}" for k, v in kept.items()]
    return out


@cli.command()
@LANG_OPTION
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--commune", required=True, help="commune id or name (diacritics optional)")
@click.option("--specialty", type=SpecialtyType(), help="one specialty, by key or as data "
              "tables name it, diacritics optional (land, 'Địa chính', 'tài chính - kế "
              "toán', ...; default: every specialty the commune is short of)")
@click.option("--month", type=click.IntRange(0, 600), default=0,
              help="explain the plan on the simulated state at this month")
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@click.option("--out", type=OutFolder(), help="also save a result folder")
@SET_OPTION
@click.option("--force", is_flag=True, help="replace an existing --out folder")
def explain(file: Path, commune: str, specialty: str | None, month: int, as_json: bool,
            out: Path | None, sets: tuple[str, ...], force: bool = False) -> None:
    """Why a commune gets (or does not get) staff in the optimal plan, and what would help."""
    from staffsim.experiments.states import single_state
    from staffsim.model.names import table_names
    from staffsim.optimize.explain import explain_commune
    from staffsim.results.commands import Invocation
    from staffsim.results.words import donor_stop, explain_lines, words
    from staffsim.scenarios.loader import load_scenario
    from staffsim.scenarios.names import find_commune

    check_out(out, force, [file])
    scenario = load_scenario(file, overrides_from(sets))
    state = single_state(scenario, month)
    r = find_commune(state.communes, commune)
    data = explain_commune(state, r, specialty,
                           given=table_names(scenario.pool_roster, scenario.roster))
    stop = (data.get("gives") or {}).get("stopped_by")
    if stop:  # the JSON says it in English, as the terminal words it (one wording)
        stop["why"] = donor_stop(words("en"), stop)
    # each change that helps, as the whole whatif command on this scenario and month; none
    # when the user's --set changed the scenario: whatif's baseline is the file (with the
    # provinces chosen), so those settings would join the change compared (a review: a
    # suggested move shown as +177 FTE, nearly all of it the user's own smaller budget), and
    # some (simulation.seed) whatif refuses in a variant
    here = Invocation(file, sets)
    suggest = None if any(k not in BOTH_SIDES for k in overrides_from(sets)) else (
        lambda *options: here.command("whatif", *(["--month", str(month)] if month else []),
                                      *options))
    lines = explain_lines(words(), data, suggest)
    emit(data, as_json, lines)
    command = shlex.join(["staffsim", *sys.argv[1:]])
    report = {}
    if out is not None:  # the answer for people beside explain.json (as whatif's folder)
        from staffsim.results.html_report import render
        from staffsim.results.report_contents import explain_report

        report["report.html"] = render(explain_report(scenario, data, lines, command,
                                                      params=state.params))
    save_folder(out, scenario, "explain", data, command, extra=report, force=force)
    if not data["plan_found"]:
        from staffsim.results.words import status, words

        _ = words()
        click.echo("staffsim: " + _("no plan ({status}); see the lines above",
                                    status=status(_, data["status"])), err=True)
        raise click.exceptions.Exit(1)


@cli.command()
@LANG_OPTION
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--lever", help="numeric parameter (dotted key or alias, e.g. "
              "optimizer.budget_vnd)")
@click.option("--range", "span", metavar="START:STOP:COUNT",
              help="lever values, e.g. 0:60e9:13")
@click.option("--workers", type=click.IntRange(1, 256), help="processes (default: all cores)")
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
@click.option("--out", type=OutFolder(), help="result folder (default: under "
              "output.folder)")
@SET_OPTION
@click.option("--force", is_flag=True, help="replace an existing --out folder")
def frontier(file: Path, lever: str | None, span: str | None, workers: int | None,
             as_json: bool,
             out: Path | None, sets: tuple[str, ...], force: bool = False) -> None:
    """Unmet need against one numeric lever; each point solved to optimality."""
    start_figures()  # matplotlib loads on the other core meanwhile
    from staffsim.experiments.frontier import frontier as run_frontier
    from staffsim.experiments.frontier import frontier_values, read_range
    from staffsim.results.folder import default_folder
    from staffsim.results.frontier_folder import (
        empty_zones,
        frontier_lines,
        mark_capped,
        move_limit,
        time_limit,
        write_frontier,
        zone_communes,
    )
    from staffsim.results.words import lever_label, lever_meaning, setting_value, status, words
    from staffsim.scenarios.loader import load_scenario

    scenario = load_scenario(file, overrides_from(sets))
    # the question the scenario file records ([frontier]: a frontier folder's scenario.toml)
    # for what the command line does not give: --lever and --range each replace their field
    asked = scenario.params.frontier
    taken = {flag: name for flag, name, given in (("--lever", "lever", lever),
                                                  ("--range", "range", span))
             if given is None and getattr(asked, name)}
    lever = asked.lever if lever is None else lever
    span = asked.range if span is None else span
    for flag, given in (("--lever", lever), ("--range", span)):
        if not given:
            raise ScenarioError("command line", flag, "required: give --lever KEY and --range "
                                "START:STOP:COUNT, or lever and range in the scenario file's "
                                "[frontier] table")
    scenario_read(scenario)
    with in_file(file, "frontier", taken):  # checked before anything is solved
        values = frontier_values(scenario, lever, span)
    question = scenario.params.model_copy(deep=True)
    # the folder asks it again (its range in numbers, which the scenario file reads)
    question.frontier = type(asked)(lever=lever, range=read_range(lever, span))
    final = out or default_folder(scenario.params.output.folder,
                                  scenario.path.stem + "-frontier", scenario.params.simulation.seed)
    check_out(final, force, scenario.input_files)
    points = run_frontier(scenario, lever, values, workers or usable_cores())
    # the points whose plan meets the move limit: said, so that a flat stretch is not read
    # as the lever no longer helping
    limit = move_limit(scenario)
    mark_capped(points, lever, limit)
    data = {"scenario": scenario.name, "lever": lever, **lever_meaning(lever),
            "move_limit": limit, "time_limit_s": time_limit(scenario),
            "communes": zone_communes(scenario), "points": points}
    lines = frontier_lines(scenario.place, lever, points, limit, data["time_limit_s"],
                           empty_zones(data))
    write_frontier(final, dataclasses.replace(scenario, params=question), lever, values, data,
                   shlex.join(["staffsim", *sys.argv[1:]]), force=force)
    _ = words()
    emit(data, as_json, lines + [wrote_line(_, _("wrote {path}", path=final), final)])
    missing = [p for p in points if not p["plan_found"]]
    if missing:  # only an optimal or a time-limited feasible plan is a plan
        click.echo("staffsim: " + _(
            "no plan at {n} of {m} values of {lever} ({values})", n=len(missing),
            m=len(points), lever=lever_label(_, lever), values=", ".join(
                f"{setting_value(_, lever, p['value'])}: {status(_, p['status'])}"
                for p in missing[:5])), err=True)
        raise click.exceptions.Exit(1)
