"""Commands that plan transfers: plan, evaluate.

Each command imports what it uses when it runs (function-level imports): the command line
then starts in a fraction of a second and a command loads only its own layers.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import shlex
import sys
import time
from pathlib import Path

import click

from staffsim.cli.common import (
    LANG_OPTION,
    SET_OPTION,
    cli,
    overrides_from,
    plan_options,
    scenario_read,
    start_figures,
    wrote_line,
)
from staffsim.results.folder import claim_output


@cli.command()
@LANG_OPTION
@click.argument("file", type=click.Path(path_type=Path))
@plan_options
@click.option("--marginals/--no-marginals", default=None,
              help="value one step of each lever in use: VND 1 bn more budget, a distance "
              "limit 10 km longer, donors keeping 5 points less of their quota, a donor floor "
              "one point lower (default: scenario)")
@click.option("--xlsx", "annex", type=click.Path(path_type=Path),
              help="also write the plan as a decision annex (.xlsx, Vietnamese headers)")
@click.option("--force", is_flag=True, help="replace an existing --out folder (and --xlsx file)")
def plan(file: Path, out: Path | None, solver: str | None, time_limit: float | None,
         month: int, sets: tuple[str, ...], marginals: bool | None, annex: Path | None,
         force: bool) -> None:
    """Propose named transfers under the scenario's policy constraints."""
    # deferred here and in every command: the CLI starts fast and loads what a command needs
    start_figures()  # matplotlib loads on the other core meanwhile
    from staffsim.experiments.states import plan_state
    from staffsim.i18n import N_
    from staffsim.optimize.planner import plan_all
    from staffsim.results.finding_words import say
    from staffsim.results.folder import default_folder
    from staffsim.results.plan_folder import write_plan
    from staffsim.results.plan_lines import plan_table
    from staffsim.results.words import counted, status, words
    from staffsim.scenarios.loader import load_scenario

    t0 = time.perf_counter()
    scenario = load_scenario(file, overrides_from(
        sets, **{"optimizer.solver": solver, "optimizer.time_limit_s": time_limit,
                 "optimizer.marginals": marginals}))
    scenario_read(scenario)
    final = out or default_folder(scenario.params.output.folder, scenario.path.stem + "-plan",
                                  scenario.params.simulation.seed)
    final = claim_output(final, force, scenario.input_files)
    # an annex asked for inside the result folder is one of its files, written and sealed
    # with them (written after, it was a file the folder's checksums did not list: verify
    # failed and --force refused the folder staffsim had written)
    inside = annex is not None and _inside_folder(annex, final)
    if annex is not None and not inside:  # held until it is written (or the command ends)
        click.get_current_context().call_on_close(check_annex_path(annex, force).release)
    state = plan_state(scenario, month)
    timings = {"load_s": time.perf_counter() - t0}
    t0 = time.perf_counter()
    plans = plan_all(state)
    timings["plan_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if annex is not None and not inside:  # Ctrl-C after the folder: whether the annex was
        from staffsim.cli.interrupts import folder_before_annex  # written

        annex_ready = folder_before_annex(final, annex)
    from staffsim.results.commands import Invocation

    # (only a plan for every province is a plan to sign: an annex outside is not written
    # either when one has none)
    planned = all(pl.found for pl in plans)
    # the annex beside the folder, made before the folder is sealed: its name and sha256 in
    # the folder's manifest (verify says whether it is still as written)
    made = _annex_made(annex, scenario, plans, file, sets) \
        if annex is not None and not inside and planned else None
    summary = write_plan(final, scenario, plans, timings,
                         shlex.join(["staffsim", *sys.argv[1:]]), month=month, force=force,
                         annex=annex.name if inside and planned else False,
                         invocation=Invocation(file, sets),
                         annex_outside=annex.name if made else None,
                         annex_record=made[2] if made else None)
    timings["write_s"] = time.perf_counter() - t0
    # the annex before a line is printed: a closed stdout ('| head') ended the command at
    # the first line after the folder and the annex was never written
    rows = _write_annex(annex, scenario, made, annex_ready) if made else None
    _ = words()
    t = summary["timings_s"]
    click.echo(_("{name}: {quality}, {provinces}; built in {build} s, solved in {solve} s",
                 name=scenario.place, provinces=counted(_, summary["provinces"],
                                                        N_("{n} province"), N_("{n} provinces")),
                 build=_.num(t["build_s"], 2),
                 solve=_.num(t["solve_s"], 2),
                 quality=_plan_quality(_, summary, plans)))
    # which month the plan is for, and whether it has passed (results.plan_month)
    from staffsim.results import plan_month as pm

    for line in pm.plan_month_lines(_, pm.plan_month(scenario.params, month), pm.today(),
                                    command=lambda args: Invocation(file, sets).command(
                                        "plan", *args)):
        click.echo(line)
    for pl in plans:
        if not pl.proven_optimal:
            click.echo(f"  {pl.state.name}: {say(_, pl.quality())}")
        for line in pl.explanation:
            click.echo(f"  {pl.state.name}: {say(_, line)}")
    if any(stopped_early(pl) for pl in plans):  # the whole command with a longer limit
        click.echo(_("to let the solver search longer: {command}", command=longer_plan(
            file, sets, scenario.params.optimizer.time_limit_s, solver, month, marginals)))
    for line in plan_table(summary):
        click.echo(line)
    click.echo(wrote_line(_, _("wrote {path}", path=final), final))
    missing = [pl for pl in plans if not pl.found]
    if missing:  # only an optimal or a time-limited feasible plan is a plan
        click.echo("staffsim: " + _(
            "no plan for {provinces} ({which}); see the explanation above and in "
            "plan_summary.json", provinces=counted(_, len(missing), N_("{n} province"),
                                                   N_("{n} provinces")),
            which=", ".join(f"{pl.state.name}: {status(_, pl.status)}" for pl in missing[:5])),
            err=True)
        raise click.exceptions.Exit(1)
    if inside:
        click.echo(_("wrote {path} ({n} officials)", path=annex,
                     n=_.num(sum(len(pl.moves) for pl in plans))))
    elif rows is not None:
        click.echo(_("wrote {path} ({n} officials)", path=annex, n=_.num(len(rows))))


def _annex_made(annex: Path, scenario, plans, file: Path, sets) -> tuple[list, bytes, dict]:
    """The decision annex outside the result folder (``--xlsx``), made: its rows, its bytes
    and what the folder's manifest records of it (its path and sha256)."""
    import hashlib

    from staffsim.model.names import table_names
    from staffsim.results.annex import annex_bytes, annex_context
    from staffsim.results.commands import Invocation
    from staffsim.results.moves import move_rows

    names = table_names(scenario.pool_roster, scenario.roster)
    rows = [r for pl in plans for r in move_rows(pl.state, pl.moves, names)]
    # the provinces' names and the transfers' dates (without: dotted lines to fill in)
    data = annex_bytes(rows, scenario.place, context=annex_context(
        [pl.state for pl in plans], Invocation(file, sets), plans))
    return rows, data, {"file": os.path.abspath(annex),
                        "sha256": hashlib.sha256(data).hexdigest()}


def _plan_quality(_, summary: dict, plans: list) -> str:
    """What the plan is, for the command's first line: proven optimal; no plan (no province
    has one: not a plan 'not proven optimal', a trial); the provinces without one named
    beside what the others' plans are (several provinces: 'not proven optimal (mixed:
    infeasible, optimal)' was said of a proven optimal plan beside a province with none);
    else not proven optimal, and why."""
    from staffsim.results.words import status

    if summary["proven_optimal"]:
        return _("proven optimal plan")
    if not summary.get("plan_found", True):
        return _("no plan ({status})", status=status(_, summary["status"]))
    missing = [pl for pl in plans if not pl.found]
    if missing:
        others = [pl for pl in plans if pl.found]
        return _("no plan for {which}; the other provinces' plans {quality}", which=", ".join(
            f"{pl.state.name} ({status(_, pl.status)})" for pl in missing),
            quality=_("proven optimal") if all(pl.proven_optimal for pl in others)
            else _("not all proven optimal"))
    return _("plan not proven optimal ({status})", status=status(_, summary["status"]))


def _write_annex(annex: Path, scenario, made: tuple[list, bytes, dict], ready) -> list:
    """The decision annex outside the result folder (``--xlsx``), as made; its rows."""
    from staffsim.results.annex import save_annex_xlsx

    rows, data, _record = made
    save_annex_xlsx(annex, rows, scenario.place, ready=ready, data=data)
    return rows


def _inside_folder(annex: Path, folder: Path) -> bool:
    """The annex is to be a file of the result folder itself (``--out kq --xlsx
    kq/phuluc.xlsx``); one deeper inside it is refused: the folder holds only what staffsim
    writes there. Any annex must be an .xlsx (checked here, first, for both places)."""
    from staffsim.scenarios.errors import ScenarioError

    if annex.suffix.lower() != ".xlsx":
        raise ScenarioError("command line", "--xlsx", f"{annex}: the annex is an Excel "
                            "workbook; give a file name ending in .xlsx")
    # as the disk resolves them: through links, and one folder named in two letter cases on
    # a disk that ignores case
    where = Path(os.path.realpath(annex))
    root = Path(os.path.realpath(folder))
    same = where.parent == root
    if not same and where.parent.exists() and root.exists():
        same = os.path.samefile(where.parent, root)
    if not same and not root.exists():  # (the folder is made later: compare the names as
        same = os.path.normcase(str(where.parent)) == os.path.normcase(str(root))  # the disk)
    if same:
        if annex.name.startswith("."):  # a hidden name in the folder is none of staffsim's
            raise ScenarioError("command line", "--xlsx", f"{annex}: a name starting with '.' "
                                "is hidden; give the annex a name that is not, e.g. annex.xlsx")
        return True
    if root in where.parents:
        raise ScenarioError("command line", "--xlsx", f"{annex}: inside the result folder "
                            f"{folder} the annex goes at its top ({folder / annex.name}); or "
                            "give a path outside it")
    return False


def check_annex_path(path: Path, force: bool):
    """Fail before planning (and before anything is written) if the annex could not be
    written; else hold it against another staffsim command writing the same file (the
    ``AnnexLock`` returned, to release once it is written)."""
    from staffsim.results.annex import AnnexLock
    from staffsim.results.folder import _holder
    from staffsim.results.words import words
    from staffsim.scenarios.errors import ScenarioError

    if not path.parent.is_dir():  # (its .xlsx name: checked by _inside_folder, before)
        # a file on the way is not a missing folder (an HR trial: notes.txt/x.xlsx)
        up = next((p for p in path.parents if p.exists()), None)
        if up is not None and not up.is_dir():
            raise ScenarioError("command line", "--xlsx", f"{up}: is a file, not a folder; "
                                "give the annex a path in a folder")
        raise ScenarioError("command line", "--xlsx", f"{path.parent}: no such folder")
    from staffsim.results.folder import foreign_lock

    if path.is_symlink():  # writing would replace the user's link (a dangling one, even
        # without --force), never what it points to
        raise ScenarioError("command line", "--xlsx", words()(
            "{path} is a symbolic link; give the path of the annex itself", path=path))
    lock = AnnexLock(path)
    if foreign_lock(lock.path):
        raise ScenarioError("command line", "--xlsx", words()(
            "{lock} exists and is not a lock file of staffsim's; rename or remove it, or give "
            "another name for the annex", lock=lock.path))
    try:
        held = lock.acquire()
    except OSError:  # a folder nobody may write to
        _ = words()
        raise ScenarioError("command line", "--xlsx", _(
            "{path}: cannot create files in {folder}; choose a folder you can write to",
            path=path, folder=path.parent)) from None
    if not held:
        from staffsim.i18n import moment

        _ = words()
        holder = _holder(lock.path)
        m = re.fullmatch(r"pid (\d+), since (\S*): (.*)", holder, re.S)
        raise ScenarioError("command line", "--xlsx", _(
            "{path} is being written by another staffsim command ({holder}); wait for it to "
            "finish or give another name for the annex", path=path,
            holder=_("pid {pid}, since {since}: {command}", pid=m[1],
                     since=moment(m[2], _.lang), command=m[3]) if m else _("holder unknown")))
    try:
        _check_annex_file(path, force)
    except BaseException:
        lock.release()
        raise
    return lock


def _check_annex_file(path: Path, force: bool) -> None:
    from staffsim.scenarios.errors import ScenarioError

    if path.exists() and not force:
        raise ScenarioError("command line", "--xlsx", f"{path} already exists; give --force to "
                            "replace it")
    if path.exists():
        from staffsim.results.annex import replaceable
        from staffsim.results.words import words

        why = replaceable(path)
        if why == "edited":  # its fingerprint differs from staffsim's (say, openpyxl's edit)
            _ = words()
            raise ScenarioError("command line", "--xlsx", _(
                "{path} was edited since staffsim wrote it (its cells, comments, fills, fonts, "
                "links, merged cells, validation, protection, hidden rows, columns or sheets, "
                "or its header or footer differ from the annex staffsim wrote): --force does "
                "not replace it; keep your edits and give another name for the new annex",
                path=path))
        if why is not None:
            raise ScenarioError("command line", "--xlsx", f"{path} is not an annex staffsim "
                                "wrote (or it was edited and saved since): --force replaces "
                                "only those; choose another name")


@cli.command()
@LANG_OPTION
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--plan", "plan_csv", required=True, type=click.Path(path_type=Path),
              help="transfer list CSV: official_id, to_commune [, from_commune, to_specialty]; "
                   "communes by id or name (diacritics optional)")
@click.option("--month", type=click.IntRange(0, 600), default=0,
              help="check against the simulated state at this month")
@SET_OPTION
def evaluate(file: Path, plan_csv: Path, month: int, sets: tuple[str, ...]) -> None:
    """Check a hand-made plan against every rule and compare it with the optimum."""
    from staffsim.experiments.states import plan_state
    from staffsim.model.names import table_names
    from staffsim.model.state import Move, provinces
    from staffsim.optimize.check import PlanRow, check_plan
    from staffsim.optimize.plan import plan_outcome
    from staffsim.optimize.planner import plan_all
    from staffsim.results.annex import hidden_rows
    from staffsim.results.commands import Invocation
    from staffsim.results.evaluation import (
        NOTE_COLUMNS,
        checked_line,
        evaluation_lines,
        outside_line,
        reconstruction_lines,
        roster_cells_line,
        term_line,
    )
    from staffsim.results.finding_words import over_cap, violation_line, whole_list_line
    from staffsim.results.plan_columns import (
        COLUMNS,
        column_findings,
        distance_words,
        finding_words,
        number_problems,
        read_number,
        typed_distances,
    )
    from staffsim.results.plan_folder import sum_outcomes
    from staffsim.results.scheme_words import budget_in_force
    from staffsim.results.words import sheet_row, words
    from staffsim.scenarios.errors import InputErrors, ScenarioError
    from staffsim.scenarios.loader import load_scenario
    from staffsim.scenarios.names import find_commune
    from staffsim.scenarios.params import ALL_KINDS
    from staffsim.scenarios.province import read_plan_csv
    from staffsim.scenarios.specialties import SPECIALTIES
    from staffsim.scenarios.tables import EXCEL

    _ = words()
    scenario = load_scenario(file, overrides_from(sets))
    # a column is named as the file's header names it ('Mã công chức' in the annex, where
    # the error said 'Mã cán bộ', another spelling staffsim accepts)
    heads = _file_headers(plan_csv)
    try:
        # the annex's (or plan.csv's) names and amounts too, where the file has them
        rows = read_plan_csv(plan_csv, keep=(*COLUMNS, *NOTE_COLUMNS))
    except InputErrors as e:
        raise InputErrors([_headed(p, heads) for p in e.problems]) from None
    except ScenarioError as e:
        raise _headed(e, heads) from None
    # rows that cannot be read (a number cell that is none, a commune name that fits no
    # commune or several) are bad input, not findings: listed, each once, and exit 2 before
    # any check (a typo is no violation of the province's rules)
    unreadable = [(n, e) for n, f in rows for e in number_problems(plan_csv, [(n, f)])]
    origin = reconstruction_lines(_, [f for _n, f in rows])  # said once the rows are read
    # the day the list's dates line gives (an annex whose 'Thời gian điều động' the planner
    # filled in): without --month, the list is checked on that month, as it would be signed
    month, dated = _written_month(_, scenario, plan_csv, month, Invocation(file, sets))
    origin += dated
    state = plan_state(scenario, month)
    ids = state.communes.ids

    at = {o: i for i, o in enumerate(state.official_id)}
    # an id typed in another case ('38-sxd-096') is the roster's, when only one matches it
    # (it was 'not an official of the list', with no hint: an HR trial)
    by_case: dict[str, list[str]] = {}
    for o in state.official_id:
        by_case.setdefault(o.casefold(), []).append(o)
    for _n, f in rows:
        oid = f.get("official_id") or ""
        if oid not in at and len(by_case.get(oid.casefold(), ())) == 1:
            f["official_id"] = by_case[oid.casefold()][0]
    # rows of provinces the scenario did not select (an annex of two provinces evaluated
    # against one): each said once, counted apart and not checked; the checker said three
    # lines of each (its two commune names unknown, its official not in the roster)
    evaluated = sorted(set(state.communes.province))
    where = ({} if scenario.table_communes is None
             else _commune_provinces(scenario.table_communes))
    outside = {n: code for n, f in rows if (code := _other_province(f, at, evaluated, where))}
    called = (scenario.table_communes or state.communes).province_names()

    def province_name(code: str) -> str:
        return called.get(code) or _("province {code}", code=code)

    # (file row, line, whether it is a finding the closing line counts): said in row order
    notes: list[tuple[int | None, str, bool]] = []
    for n, f in rows:
        if n in outside:
            notes.append((n, f"{plan_csv}: {_('row {n}', n=sheet_row(_, str(n)))}: " + _(
                "official {official} works in {province}, not in the province(s) evaluated "
                "({evaluated}); the row is not checked", official=f["official_id"],
                province=_(" or ").join(province_name(c) for c in outside[n]),
                evaluated=", ".join(province_name(c) for c in evaluated)),
                False))
    listed = len(rows)
    rows = [(n, f) for n, f in rows if n not in outside]
    # a row hidden in the workbook is still on the list signed: counted, and said
    hidden = (hidden_rows(plan_csv, last=max((int(n) for n, _f in rows), default=0))
              if plan_csv.suffix.lower() in EXCEL else {})
    for n, _f in rows:
        sheet = getattr(n, "sheet", None) or (next(iter(hidden)) if len(hidden) == 1 else None)
        if int(n) in hidden.get(sheet, ()):
            notes.append((n, f"{plan_csv}: " + _(
                "row {n} is hidden in the sheet; counted as a transfer (a hidden row is "
                "still on the list: delete the row to leave the transfer out)",
                n=sheet_row(_, str(n))), False))

    # an official the state has not: one who left in the months simulated (--month) is
    # said so and the row not checked; any other id is bad input, as a commune name that
    # fits none (exit 2), and many of them mean a list made on another roster, said first
    start = set(plan_state(scenario, 0).official_id) if month > 0 else set(at)
    left = {n for n, f in rows if f["official_id"] not in at and f["official_id"] in start}
    for n, f in rows:
        if n in left:
            notes.append((n, f"{plan_csv}: {_('row {n}', n=sheet_row(_, str(n)))}: " + _(
                "official {id} left the service in the simulated months before month "
                "{month} (retired or left); the row is not checked", id=f["official_id"],
                month=_.num(month)), False))
    rows = [(n, f) for n, f in rows if n not in left]
    unknown = [(n, f["official_id"]) for n, f in rows if f["official_id"] not in at]
    other_roster = len(unknown) >= 3 and len(unknown) * 5 >= len(rows)
    if other_roster:
        unreadable.append((0, ScenarioError(plan_csv, "", _other_roster(
            _, scenario, len(unknown), len(rows)))))
    for n, oid in unknown:
        close = [] if other_roster else _close_ids(oid, state.official_id)
        unreadable.append((n, ScenarioError(
            plan_csv, f"row {n}, column {heads.get('official_id', 'official_id')}",
            _("'{id}' is not an official of this scenario's roster", id=oid)
            + (_("; did you mean {ids}?", ids=_(" or ").join(close)) if close else ""))))

    def commune_id(line: int, column: str, text: str, official: str) -> str:
        """A commune given by id or name, as its id; a name that fits none or several is a
        problem of its row (the checker then reports the row's commune as unknown). A name
        that communes of several provinces carry (a national annex: 'Phường Phong Điền')
        means the one in the province of the row's official, where they work and where
        their transfer stays; two communes of that province are never guessed between."""
        if not text or text in ids:
            return text
        i = at.get(official)
        province = None if i is None else state.communes.province[int(state.commune[i])]
        try:
            return ids[find_commune(state.communes, text, column, province=province)]
        except ScenarioError as e:
            unreadable.append((line, ScenarioError(
                plan_csv, f"row {line}, column {heads.get(column, column)}", e.message)))
            return text

    plan_rows = [PlanRow(f["official_id"],
                         commune_id(n, "to_commune", f["to_commune"], f["official_id"]),
                         f.get("to_specialty", ""),
                         commune_id(n, "from_commune", f.get("from_commune", ""),
                                    f["official_id"]))
                 for n, f in rows]
    if unreadable:  # (every one, in the file's order; the error policy caps the lines)
        raise InputErrors([e for _n, e in sorted(unreadable, key=lambda p: p[0])])
    # where the plan comes from, first, when the file says it is a reconstruction
    for line in origin:
        click.echo(line)
    index = {o: i for i, o in enumerate(state.official_id)}
    commune = {cid: i for i, cid in enumerate(ids)}
    # each province is checked and compared on its own, as plan plans it: its own rules
    # (province.by_province) and limits (a national list against one province's move limit
    # and allowance was 543 false findings); a row goes with its official's province (with
    # its destination's if the official is unknown: the checker names the row)
    parts = provinces(state)
    code_of = {code: k for k, (code, _sub) in enumerate(parts)}
    home = [state.communes.province[int(state.commune[index[r.official_id]])]
            if r.official_id in index else
            state.communes.province[commune[r.to_commune]] if r.to_commune in commune
            else parts[0][0] for r in plan_rows]
    groups = [[k for k in range(len(plan_rows)) if code_of[home[k]] == g]
              for g in range(len(parts))]
    said = list(notes)
    # a destination in another province than the official's: the province's checker does
    # not know it (it said "commune ... is unknown"); a transfer across provinces is no
    # province's decision, and the line says so with both provinces
    across: dict[int, str] = {}
    for k, r in enumerate(plan_rows):
        if r.official_id in index and r.to_commune in commune:
            to = commune[r.to_commune]
            theirs, there = home[k], state.communes.province[to]
            if there != theirs:
                across[rows[k][0]] = _(
                    "{commune} ({id}) is in {there}, but official {official} works in {home}: a "
                    "transfer to another province is outside a province's decision",
                    commune=_.commune(ALL_KINDS[state.communes.kind[to]],
                                      state.communes.names[to]),
                    id=r.to_commune, there=province_name(there),
                    official=r.official_id, home=province_name(theirs))
    violations: list = []
    differ: list = []
    measured_off = 0  # distances that differ from a measured one (not a broken rule)
    strangers_by_rule: set[str] = set()  # officials whose unit or specialty is not the list's
    hands, moves_made = [], 0
    for (_code, sub), mine in zip(parts, groups, strict=True):
        s_index = {o: i for i, o in enumerate(sub.official_id)}
        s_commune = {cid: i for i, cid in enumerate(sub.communes.ids)}

        def move(r: PlanRow, s_index=s_index, s_commune=s_commune, sub=sub) -> Move:
            return Move(s_index[r.official_id], s_commune[r.to_commune],
                        SPECIALTIES.index(r.to_specialty) if r.to_specialty
                        else int(sub.specialty[s_index[r.official_id]]))

        movable = [k for k in mine
                   if plan_rows[k].official_id in s_index and plan_rows[k].to_commune in s_commune]
        # a distance the list gives where staffsim only estimates one is the planner's own
        # road distance: the rules are checked with it (the distance limit, an allowance's
        # distance band), and the row says both; a measured one (the scenario's known road
        # distances or distance table) stands, and a list's that differs much is a finding
        typed = typed_distances(sub, [move(plan_rows[k]) for k in movable],
                                [rows[k][1] for k in movable], km_close=0.5)
        km_of = {movable[d.at]: d.used for d in typed if d.used != d.ours}
        sub_rows = [dataclasses.replace(plan_rows[k], km=km_of[k]) if k in km_of
                    else plan_rows[k] for k in mine]
        lines = [rows[k][0] for k in mine]
        found = check_plan(sub, sub_rows)
        violations += found
        strangers_by_rule.update(sub_rows[v.row - 1].official_id for v in found
                                 if v.rule in ("roster", "specialty_match") and v.row)
        for v in found:
            line = lines[v.row - 1] if v.row else 0
            where = (f"{plan_csv}: {_('row {n}', n=sheet_row(_, str(line)))}" if line
                     else f"{plan_csv}")
            if line in across and v.rule == "known_commune":
                said.append((line, f"{where}: {across[line]}", True))
                continue
            # a limit of the whole list (its moves, its budget): said of the list, with the
            # limit and the count, and no row (the row the count passed it on is not at fault)
            whole = whole_list_line(_, v.rule, v.message,
                                    province_name(_code) if len(parts) > 1 else "",
                                    budget_in_force(sub.params, sub.communes)[1])
            if whole is not None:
                said.append((None, f"{plan_csv}: {whole}", True))
                continue
            # a rule on a commune's whole group of rows (its cap, a unit's quota) is said
            # against all the list's rows of that commune, not the one the count ended on
            group = _group_lines(v, sub, [plan_rows[k] for k in mine], lines, s_index)
            if len(group) > 1:
                line = group[0]
                where = f"{plan_csv}: " + _("rows {rows}", rows=", ".join(
                    sheet_row(_, str(n)) for n in group))
            # the checker counts its plan rows from 1; the file's rows count its header too;
            # a commune's count cap is said by how many over it, not by the rows the count
            # passed it on (no more at fault than the commune's other rows, named above)
            message = re.sub(r"\brow (\d+)\b",
                             lambda m, lines=lines: f"row {lines[int(m.group(1)) - 1]}"
                             if 1 <= int(m.group(1)) <= len(lines) else m.group(0),
                             over_cap(v.rule, v.message))
            text = violation_line(_, f"plan: {v.rule}: {message}", place=False)
            if month > 0 and v.rule in GROUP_RULES:  # counts after the simulated attrition
                text += _(" (the numbers are those at month {month} of the simulation, after "
                          "its simulated retirements and departures)", month=_.num(month))
            # whole-plan findings (no row) after the rows'
            said.append((line or None, f"{where}: {text}", True))
        for d in typed:
            line = rows[movable[d.at]][0]
            label, text = distance_words(_, d)
            measured_off += d.finding
            said.append((line, f"{plan_csv}: {_('row {n}', n=sheet_row(_, str(line)))}: "
                               f"{label}: {text}", False))

        # each row's name, specialty and amounts against what its move gives: the checker
        # reads only who moves where, and the annex signed pays what it says (at the list's
        # own km where it gave one staffsim only estimates)
        found_cols = [f for f in column_findings(
            sub, [move(plan_rows[k]) for k in movable], [rows[k][1] for k in movable],
            table_names(scenario.pool_roster, scenario.roster), km_close=0.5,
            km=[km_of.get(k) for k in movable]) if f.column != "distance_km"]
        differ += found_cols
        for f in found_cols:
            line = rows[movable[f.at]][0]
            label, text = finding_words(_, f)
            said.append((line, f"{plan_csv}: {_('row {n}', n=sheet_row(_, str(line)))}: "
                               f"{label}: {text}", f.column not in ROSTER_COLUMNS))
        # an official listed twice moves as the first row says, or not at all if that row
        # names no real commune (the checker reads the first row and names the second)
        first: dict[str, PlanRow] = {}
        for r in sub_rows:
            first.setdefault(r.official_id, r)
        moves = [move(r) for r in first.values()
                 if r.official_id in s_index and r.to_commune in s_commune]
        hands.append(plan_outcome(sub, moves))
        moves_made += len(moves)
    # most rows naming officials the roster places, names or specialises otherwise: a list
    # made on another roster, said once, first (the findings below then follow from that)
    strangers = {f.move.official_id for f in differ
                 if f.column in ROSTER_COLUMNS} | strangers_by_rule
    if len(strangers) * 2 > len(rows):
        click.echo(_("most rows name officials whose unit, name or current specialty differ "
                     "from this scenario's roster: the list's officials do not match the "
                     "roster, which {how}; the findings that depend on who each official is "
                     "(their unit, specialty, age, their units' quotas) then mean nothing",
                     how=_roster_how(_, scenario)))
    # stable: a row's own order kept; rows in the order of their sheets
    for _row, text, _counted in sorted(said, key=lambda p: (p[0] is None, p[0] or 0)):
        click.echo(text)
    # every paid row the same term, shorter than the rules give from the scenario's start:
    # lawful (support for up to the rules' months), but the list was more likely planned at
    # a later month (plan --month), which evaluate is not told
    from staffsim.model.allowance import longest_support, term_months_left

    want = float(longest_support(state.params.optimizer.allowance,
                                 term_months_left(state.params, 0)))
    terms = {read_number((f.get("months") or "").strip()) for _n, f in rows
             if read_number((f.get("monthly_allowance_vnd") or "").strip()) != 0.0}
    if (month == 0 and len(terms) == 1 and None not in terms
            and state.params.transfers.term_from == "start"):
        (got,) = terms
        if 0 < got < want and float(got).is_integer():
            sim = state.params.simulation
            # the first month whose moves get that term (the window may start after the
            # scenario: not simply want - got)
            rule = state.params.optimizer.allowance
            m = next((k for k in range(int(want) + 240)
                      if longest_support(rule, term_months_left(state.params, k)) == got),
                     int(want - got))
            click.echo(term_line(_, got, want, m, sim.months, sim.replications,
                                 Invocation(file, sets), plan_csv))
    hand = sum_outcomes(hands)
    best = sum_outcomes([pl.outcome for pl in plan_all(state, marginals=False,
                                                        baseline=False)])
    rules = state.params.optimizer.rules
    # cells that name other people or posts than the roster's are no rule broken; many of
    # them mean a list made on another roster (a planner evaluated Decision 2623's list on
    # the national roster: 296 'violations', half of them its specialties)
    roster_cells = [f for f in differ if f.column in ROSTER_COLUMNS]
    # the findings printed, each once
    click.echo(checked_line(_, sum(counted for _n, _t, counted in said), len(rows), rules))
    if outside:
        # the provinces rows are sure of, and those of rows whose names leave several
        # where none of them is one of those ('Xã Bắc Lý' to 'Xã Nghĩa Hưng': Ninh Bình's
        # or Nghệ An's, in an annex of Nghệ An's rows)
        sure = {codes[0] for codes in outside.values() if len(codes) == 1}
        named_here = sure | {c for codes in outside.values() if not sure & set(codes)
                             for c in codes}
        click.echo(outside_line(_, len(outside), listed,
                                ", ".join(province_name(c) for c in sorted(named_here))))
    if roster_cells:
        click.echo(roster_cells_line(_, len(roster_cells)))
    if measured_off:
        click.echo(_("1 distance of the list is far from staffsim's (a measured road, or an "
                     "estimate no road is that far from); the rules are checked with "
                     "staffsim's") if measured_off == 1
                   else _("{n} distances of the list are far from staffsim's (a measured "
                          "road, or an estimate no road is that far from); the rules are "
                          "checked with staffsim's", n=_.num(measured_off)))
    if left:
        click.echo(_("1 official of the list left the service in the simulated months "
                     "before month {month}; the row is not checked", month=_.num(month))
                   if len(left) == 1 else
                   _("{n} officials of the list left the service in the simulated months "
                     "before month {month}; their rows are not checked", n=_.num(len(left)),
                     month=_.num(month)))
    for line in evaluation_lines(hand, best, rules, len(parts)):
        click.echo(line)
    if violations or differ or outside or left or measured_off:
        raise click.exceptions.Exit(1)


def _written_month(_, scenario, plan_file: Path, month: int, invocation
                   ) -> tuple[int, list[str]]:
    """The month ``evaluate`` checks a list on, and what it says about it, when the list's
    dates line gives the day its transfers take effect (``results.evaluation``): a planner
    who wrote 01/01/2027 into the annex and ran evaluate without --month was told '0 rule
    violations' of 36-month terms checked on July 2025 (an HR trial)."""
    import datetime as dt

    from staffsim.results.evaluation import (
        folder_month,
        folder_month_line,
        written_month,
        written_month_line,
        written_months_line,
        written_starts,
    )

    asked = None if click.get_current_context().get_parameter_source("month") in (
        click.core.ParameterSource.DEFAULT, click.core.ParameterSource.DEFAULT_MAP) else month
    days = written_starts(plan_file)
    if not days:  # a table of a staffsim plan folder: the month it was planned for
        planned = folder_month(plan_file)
        if planned is None or planned == (month if asked is not None else 0):
            return month, []
        prov, sim = scenario.params.province, scenario.params.simulation
        line, month = folder_month_line(_, planned, asked, sim.months, sim.replications,
                                        dt.date(prov.start_year, prov.start_month, 1),
                                        invocation, plan_file)
        return month, [line]
    if len(days) > 1:
        return month, [written_months_line(_, days, asked)]
    prov, sim = scenario.params.province, scenario.params.simulation
    start = dt.date(prov.start_year, prov.start_month, 1)
    got = written_month(days[0], start)
    if got is None:
        return month, [_("the list's dates line gives {day}, which is no date; the list is "
                         "evaluated on month {k}", day=days[0], k=_.num(month))]
    if got[0] == (month if asked is not None else 0):
        return month, []  # (the month checked is the list's)
    line, month = written_month_line(_, days[0], got[0], asked, sim.months, sim.replications,
                                     start, invocation, plan_file)
    return month, [line]


ROSTER_COLUMNS = ("full_name", "specialty")  # cells of who the official is, not of a rule
# rules on a commune's whole group of rows: a recipient's cap, a unit's quota, its share and
# floor (said against all the list's rows of that commune)
GROUP_RULES = {"recipient_cap": "to", "donor_quota": "from", "max_donor_share": "from",
               "donor_floor": "from"}


def _group_lines(v, state, rows: list, lines: list, index: dict[str, int]) -> list:
    """The file's rows (``lines``, one per plan row of ``rows``) of the commune a group
    rule's finding ``v`` is about (its destination for a cap, its unit for a quota, share or
    floor), in the file's order; [] for any other finding or a commune none of the rows has.
    The commune is the one the finding names first, 'Mường Chanh (14866) would have ...'."""
    side = GROUP_RULES.get(v.rule)
    m = re.match(r"(?:.*?) \(([^()\s]+)\) ", v.message)
    if side is None or m is None:
        return []
    cid = m[1]
    ids = state.communes.ids
    if side == "to":
        mine = [n for r, n in zip(rows, lines, strict=True) if r.to_commune == cid]
    else:
        mine = [n for r, n in zip(rows, lines, strict=True) if r.official_id in index
                and ids[int(state.commune[index[r.official_id]])] == cid]
    return sorted(mine)


def _roster_how(_, scenario) -> str:
    """How the scenario's roster is made, for a line saying a list does not match it."""
    if scenario.roster is None:
        return _("staffsim generates from the communes table (its ids are '<commune "
                 "id>-<nnn>')")
    return _("is the scenario's roster table ({file})",
             file=scenario.params.province.roster_csv)


def _other_roster(_, scenario, n: int, rows: int) -> str:
    """The line said first when many of a list's ids are not in the roster."""
    return _("{n} of its {rows} rows name officials who are not in this scenario's roster: "
             "the list's officials do not match the roster, which {how}, and the checks "
             "that depend on who each official is (their unit, specialty, age, their units' "
             "quotas) would mean nothing; evaluate the list on the scenario it was made on, "
             "or give the roster it was made with (province.roster_csv). The rows:",
             n=_.num(n), rows=_.num(rows), how=_roster_how(_, scenario))


def _close_ids(oid: str, ids: list[str]) -> list[str]:
    """Up to three ids a person would take ``oid`` for a typo of: of the same commune (the
    part before the last '-'), their numbers one keystroke apart; none otherwise ('14758-060'
    is no typo of '03166')."""
    from difflib import get_close_matches

    prefix, sep, number = oid.strip().rpartition("-")
    if not sep or not number:
        return []
    same = {o.rpartition("-")[2]: o for o in ids if o.rpartition("-")[0] == prefix}
    return [same[c] for c in get_close_matches(number, list(same), n=3, cutoff=0.6)]


def _file_headers(path: Path) -> dict[str, str]:
    """Our column name -> the header a plan file gives it ('official_id' -> 'Mã công
    chức'); {} if the file cannot be read (its reader then says why)."""
    from staffsim.scenarios import limits
    from staffsim.scenarios.tables import _header_at, _raw_rows, match_header

    required = ("official_id", "to_commune")
    try:
        with _raw_rows(Path(path), limits.TABLE_ROWS, required) as parts:
            (_sheet, stream), *_rest = parts
            # the header is among the first rows (the annex's is row 8), the rows streamed
            rows = list(itertools.islice(stream, 50))
        at = _header_at(rows, required)
        if at is None:
            return {}
        header = rows[at]
        return {k: header[i] for k, i in match_header(header, required).items()
                if i < len(header) and header[i].strip()}
    except Exception:  # (bad input: the reader says it)
        return {}


def _headed(e, heads: dict[str, str]):
    """A plan file's problem with its column named as the file's header names it."""
    from staffsim.scenarios.errors import ScenarioError

    where = re.sub(r"\bcolumn (\w+)$", lambda m: f"column {heads.get(m[1], m[1])}",
                   e.where or "")
    return e if where == (e.where or "") else ScenarioError(e.file, where, e.message)


def _other_province(fields: dict[str, str], officials: dict[str, int], evaluated: list[str],
                    where: dict[str, set[str]]) -> tuple[str, ...]:
    """The provinces outside those ``evaluated`` that a row of a transfer list belongs to
    (one, or the few its names leave); () if it may be of a province evaluated or nothing
    shows another. The official is not in the roster, and the row's province_code
    (plan.csv) names another province, or else its communes are another province's:
    ``where`` (``_commune_provinces`` of the scenario's whole table) gives the provinces
    each id or name may mean, and a transfer stays in its province, so the row is of a
    province both its communes may be in ('Xã Lương Sơn' of several provinces, to 'Xã
    Chiêu Lưu' of Nghệ An's only: Nghệ An)."""
    if fields["official_id"] in officials:
        return ()
    code = (fields.get("province_code") or "").strip()
    if code and all(evaluated):  # (communes without province codes: nothing to compare)
        return () if code in evaluated else (code,)
    from staffsim.scenarios.names import fold

    found = [c for column in ("from_commune", "to_commune")
             if (t := (fields.get(column) or "").strip())
             and (c := where.get(t) or where.get(fold(t)))]
    both = set.intersection(*found) if found else set()
    return () if not both or both & set(evaluated) else tuple(sorted(both))


def stopped_early(pl) -> bool:
    """Did the solver stop at its time limit before proving ``pl`` optimal or infeasible (a
    plan not proven optimal, or none found in time): a longer limit may do better. Not
    another limit (nodes, iterations, a gap) nor an interrupt: more time changes nothing
    there (a review: the line was said for any stop short of the optimum)."""
    return not pl.proven_optimal and pl.status == "TimeLimit"


def longer_plan(file: Path, sets: tuple[str, ...], limit: float, solver: str | None,
                month: int, marginals: bool | None) -> str:
    """The plan command the user ran, whole (their scenario, --set, --solver, --month,
    --no-marginals; a new result folder), with four times the time limit (at most a week,
    --time-limit's maximum): what 'a longer --time-limit may improve it' asks for, as a line
    to paste. Their own optimizer.time_limit_s setting is left out (a flag and a --set of one
    key with different values is refused)."""
    import numpy as np

    from staffsim.results.commands import command_line

    # (never in scientific notation: --time-limit 1e-9 was answered '--time-limit 4e-09')
    longer = np.format_float_positional(min(4 * limit, 604_800), trim="-")
    options = [*(["--solver", solver] if solver else []),
               *(["--month", str(month)] if month else []),
               *({True: ["--marginals"], False: ["--no-marginals"]}.get(marginals, [])),
               "--time-limit", longer]
    return command_line("plan", file, *options, sets=sets, gives=["optimizer.time_limit_s"])


def _commune_provinces(communes) -> dict[str, set[str]]:
    """The provinces each commune id, and each commune name (folded, bare or as the annex
    titles it: 'xa bac ly'), may mean."""
    from staffsim.results.words import commune_title
    from staffsim.scenarios.names import fold
    from staffsim.scenarios.params import ALL_KINDS

    out: dict[str, set[str]] = {}
    for cid, name, kind, code in zip(communes.ids, communes.names, communes.kind,
                                     communes.province, strict=True):
        for key in (cid, fold(name), fold(commune_title(ALL_KINDS[kind], name, "vi"))):
            out.setdefault(key, set()).add(code)
    return out


@cli.command()
@LANG_OPTION
@click.argument("result_dir", type=click.Path(path_type=Path))
def verify(result_dir: Path) -> None:
    """Re-check a result folder: its files, its inputs' hashes, and a saved plan's rules."""
    from staffsim.experiments.verify import verify_folder
    from staffsim.results.finding_words import say
    from staffsim.results.words import words

    checked, problems = verify_folder(result_dir)
    _ = words()
    for line in checked:
        click.echo(_("checked {what}", what=say(_, line)))
    for line in problems:
        click.echo(f"{result_dir}: {say(_, line)}")
    click.echo(f"{result_dir}: " + (_("ok") if not problems else _(
        "{n} problem(s)", n=_.num(len(problems)))))
    if problems:
        raise click.exceptions.Exit(1)
