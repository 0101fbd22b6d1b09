"""A sweep folder: the spec, one file per finished run, and — only once every run is in — the
results table and a manifest marked complete.

Layout: ``sweep.json`` (what is run: scenario, overrides, seed, design, factors; written when
the folder is created), ``design.csv`` (input values per design point), ``runs/run-NNNNNN.json``
(one per finished run, written atomically), then ``results.parquet`` (one row per run),
``points.csv`` (means per design point) and ``manifest.json`` with ``"complete": true``, last.
A folder without that manifest is a sweep in progress: ``--resume`` finishes it, and
``analyze`` refuses it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shlex
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

import numpy as np

from staffsim.results.folder import (
    MARKER,
    RUN_TEMP,
    RUNS,
    WRITTEN_LIST,
    busy_holder,
    check_only_ours,
    claim_output,
    json_default,
    manifest,
    partial_folder,
    replace_folder,
    temp_name,
    write_atomic,
    write_resolved_scenario,
)
from staffsim.results.tables import csv_writer, exact
from staffsim.results.verify import sealed_files, write_checksums
from staffsim.scenarios import limits
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import Scenario, sha256_file, toml_value

SPEC = "sweep.json"
MANIFEST = "manifest.json"
TABLE = "results.parquet"


def create(final: Path, spec: dict[str, Any], design_csv: str, scenario: Scenario,
           force: bool = False) -> None:
    """A new sweep folder holding its spec and design (created whole, by rename); its
    sweep.json carries staffsim's marker, so --force may replace a sweep in progress."""
    final = claim_output(final, force, scenario.input_files)
    with partial_folder(final) as tmp:
        (tmp / RUNS).mkdir()
        (tmp / SPEC).write_text(json.dumps({**spec, **MARKER}, indent=2, ensure_ascii=False,
                                           default=json_default)
                                + "\n", encoding="utf-8")
        (tmp / "design.csv").write_text(design_csv, encoding="utf-8")
        write_resolved_scenario(tmp, scenario)
        # what staffsim wrote here, so that --resume and --force tell it from what a user
        # adds (``folder.WRITTEN_LIST``; each saved run is added to it)
        (tmp / WRITTEN_LIST).write_text("".join(
            f"{sha256_file(p)}  {p.relative_to(tmp).as_posix()}\n" for p in sealed_files(tmp)),
            encoding="utf-8")
        replace_folder(tmp, final)


def remove_unstarted(folder: Path) -> bool:
    """Remove a sweep folder this command created in which no run has finished: the files
    its list of what staffsim wrote names (``WRITTEN_LIST``, itself too), a run's temporary
    file, then the folders left empty. A file staffsim did not write stays, and so does the
    folder holding it (False). A researcher's trial: a Ctrl-C a second or two into a sweep
    left a folder of no runs that the same command then refused without --resume."""
    try:
        listed = [line.split("  ", 1)[1] for line in
                  limits.read_text(folder / WRITTEN_LIST).splitlines() if "  " in line]
    except (OSError, ScenarioError, UnicodeDecodeError):
        return False
    for name in [*listed, WRITTEN_LIST]:
        path = folder / name
        if ".." in Path(name).parts or path.is_symlink() or not path.is_file():
            continue
        path.unlink(missing_ok=True)
    runs = folder / RUNS
    if runs.is_dir() and not runs.is_symlink():
        for f in runs.iterdir():
            if RUN_TEMP.fullmatch(f.name) and f.is_file() and not f.is_symlink():
                f.unlink(missing_ok=True)
    for d in sorted((p for p in folder.rglob("*") if p.is_dir() and not p.is_symlink()),
                    key=lambda p: len(p.parts), reverse=True):
        with suppress(OSError):
            d.rmdir()
    try:
        folder.rmdir()
    except OSError:
        return False
    return True


def is_complete(folder: Path) -> bool:
    try:
        return bool(json.loads(limits.read_text(folder / MANIFEST))["complete"])
    except (OSError, ValueError, KeyError, TypeError, ScenarioError):
        return False


def done_runs(folder: Path, n_runs: int) -> set[int]:
    """Ids of the runs whose files are whole; leftovers of an interrupted write of staffsim's
    (``write_run``'s temporary files) are removed, and nothing else: a file that is no run
    is not counted, and stays (``--resume`` refuses a folder holding one it did not write:
    ``folder.check_only_ours``)."""
    done = set()
    for f in (folder / RUNS).iterdir():
        if RUN_TEMP.fullmatch(f.name) and f.is_file() and not f.is_symlink():
            f.unlink(missing_ok=True)  # a write that never reached its rename
            continue
        if f.is_symlink() or not f.is_file():
            continue
        try:
            rec = json.loads(limits.read_text(f))
            run = int(rec["run"])
        except (OSError, ValueError, KeyError, TypeError, ScenarioError):
            continue
        if f.name == run_file(run) and 0 <= run < n_runs:
            done.add(run)
    return done


def open_for_resume(folder: Path, spec: dict[str, Any], n_runs: int) -> set[int]:
    """Check that ``folder`` holds this very sweep (``spec``); return the runs already done."""
    try:
        stored = json.loads(limits.read_text(folder / SPEC))
    except (OSError, ValueError, ScenarioError):
        raise ScenarioError(folder, SPEC, "missing or unreadable; this is not a sweep folder "
                            "(start a new one, or pass --force to replace it)") from None
    fresh = json.loads(json.dumps(spec, default=json_default))  # as create stored it
    if any(stored.get(k) != fresh[k] for k in fresh):
        raise ScenarioError(folder, SPEC, differences_said(stored, fresh))
    return done_runs(folder, n_runs)


def _flat(tree: Any, prefix: str = "") -> dict[str, Any]:
    """A nested dict as dotted keys to its leaves (lists are leaves)."""
    if not isinstance(tree, dict):
        return {prefix: tree}
    out: dict[str, Any] = {}
    for k, v in tree.items():
        out.update(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
    return out


def _then_now(_, then: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """'KEY: VALUE then, VALUE now' for each key whose value differs, in its unit (a seed
    as it is typed)."""
    from staffsim.results.words import setting_value

    def said(d: dict[str, Any], k: str) -> str:
        if k not in d or d[k] is None:
            return _("not set")
        text = str(d[k]) if k == "simulation.seed" else setting_value(_, k, d[k])
        # an empty value (no pool table: pool_csv = "") said, not left as nothing
        # ('data/thanh_hoa_pool.csv khi bắt đầu,  bây giờ': a researcher's trial)
        return text if text.strip() else _("(none)")

    return [_("{key}: {then} when it started, {now} now", key=k, then=said(then, k),
              now=said(now, k))
            for k in dict.fromkeys([*then, *now]) if then.get(k) != now.get(k)]


def differences_said(stored: dict[str, Any], fresh: dict[str, Any]) -> str:
    """Why a sweep cannot resume the one started in a folder, in the current language: its
    root causes only (what the user gave differently: the scenario file, its inputs, --set
    and --seed values), each with its values then and now, and what to do. The runs, the
    replications or the resolved parameters differ as a consequence of those and are not
    listed again; the parameters are named key by key only when nothing the user gave
    explains them (staffsim's defaults changed)."""
    from staffsim.results.words import words

    _ = words()
    parts: list[str] = []
    if stored.get("scenario_file") != fresh["scenario_file"]:
        parts.append(_("the scenario file: {then} when it started, {now} now",
                       then=str(stored.get("scenario_file")), now=fresh["scenario_file"]))
    then_in, now_in = dict(stored.get("input_sha256") or {}), fresh["input_sha256"]
    edited = [k for k in dict.fromkeys([*then_in, *now_in]) if then_in.get(k) != now_in.get(k)]
    if edited and not parts:  # (another file has other hashes)
        names = ", ".join(_("the scenario file") if k == "scenario" else k for k in edited)
        parts.append(_("{files} changed since it started", files=names))
    then_set, now_set = dict(stored.get("overrides") or {}), fresh["overrides"]
    overrides = _then_now(_, then_set, now_set)
    if overrides:
        parts.append(_("--set and --seed values: {changes}", changes="; ".join(overrides)))
    if edited or not parts:
        # the resolved parameters that no --set explains: what an edited scenario file (or,
        # when nothing given differs, staffsim's defaults) changed
        from staffsim.results.words import parameters

        aliases, _field_info = parameters()
        given = {aliases.get(k, k) for k in [*then_set, *now_set]}
        then_p, now_p = _flat(stored.get("params") or {}), _flat(fresh["params"])
        params = _then_now(_, {k: v for k, v in then_p.items() if k not in given},
                           {k: v for k, v in now_p.items() if k not in given})
        if params and edited:
            parts.append(_("in the scenario: {changes}", changes="; ".join(params[:5])))
        elif params and not parts:
            parts.append(_("parameters staffsim resolved differently: {changes}",
                           changes="; ".join(params[:5])))
    if not parts:  # (a spec of another staffsim: its fields by name)
        parts.append(", ".join(k for k in fresh if stored.get(k) != fresh[k]))
    return _("this sweep differs from the one started here — {differences}; resume with the "
             "same settings (scenario file, --set and --seed), or give a new --out folder "
             "to start another sweep", differences=" — ".join(parts))


def run_file(run: int) -> str:
    return f"run-{run:06d}.json"


def write_run(folder: Path, record: dict[str, Any]) -> None:
    """Save a finished run; it is listed among the files staffsim wrote (``WRITTEN_LIST``)
    before its file appears, so an interrupt between the two never leaves a run of staffsim's
    that --resume would take for the user's."""
    name = run_file(record["run"])
    text = json.dumps(record, ensure_ascii=False, default=json_default) + "\n"
    list_written(folder, f"{RUNS}/{name}", hashlib.sha256(text.encode("utf-8")).hexdigest())
    write_atomic(folder / RUNS / name, text)


def list_written(folder: Path, rel: str, digest: str, again: bool = False) -> None:
    """Add ``rel`` (its SHA-256 ``digest``) to the sweep's list of the files it wrote
    (``WRITTEN_LIST``), before the file appears; ``again``: a file finishing writes once
    more on a resume (its earlier line goes: the new file may differ in bytes). Nothing in an
    older staffsim's sweep, which kept no list."""
    path = folder / WRITTEN_LIST
    if not path.is_file():
        return
    line = f"{digest}  {rel}\n"
    if again:
        kept = [ln for ln in path.read_text(encoding="utf-8").splitlines(keepends=True)
                if ln.rstrip("\n").partition("  ")[2] != rel]
        write_atomic(path, "".join(kept) + line)
    else:
        with open(path, "a", encoding="utf-8") as f:
            f.write(line)


def read_runs(folder: Path, n_runs: int) -> list[dict[str, Any]]:
    return [json.loads((folder / RUNS / run_file(i)).read_text(encoding="utf-8"))
            for i in range(n_runs)]


def results_table(records: list[dict[str, Any]]):
    """The runs' records as one table with every column any run has (empty where a run has
    none): pyarrow takes the first record's keys only, and a sweep resumed over runs of an
    older staffsim, without the solver's columns, lost them for every run."""
    import pyarrow as pa  # deferred: see finish

    columns = dict.fromkeys(k for r in records for k in r)
    return pa.Table.from_pylist([{k: r.get(k) for k in columns} for r in records])


def finish(folder: Path, n_runs: int, timings: dict[str, float], command: str
           ) -> dict[str, Any]:
    """Write the results table, point means and, last, the manifest that marks completion;
    the manifest's ``solver_plans`` (returned too) says how many runs carried out an
    optimiser plan not proven optimal, or none (``solver_plans.runs_summary``)."""
    # deferred: pyarrow takes a while to import and only finishing and analysing need it
    import pyarrow.parquet as pq

    # a file someone put in the folder (or changed) while it ran is never sealed as
    # staffsim's; the refusal says so (not --resume's words: the sweep may be a new one)
    check_only_ours(folder, finish=True)
    records = read_runs(folder, n_runs)
    solver = solver_summary(records)
    table = results_table(records)
    # each listed as staffsim's before it appears: an interrupt from here on leaves a folder
    # --resume finishes (unlisted, they were taken for the user's files)
    tmp = folder / temp_name(TABLE)
    pq.write_table(table, tmp)
    list_written(folder, TABLE, sha256_file(tmp), again=True)
    os.replace(tmp, folder / TABLE)
    points = _points_csv(records)
    list_written(folder, "points.csv", hashlib.sha256(points.encode("utf-8")).hexdigest(),
                 again=True)
    write_atomic(folder / "points.csv", points)
    spec = json.loads((folder / SPEC).read_text(encoding="utf-8"))
    text = json.dumps(manifest(
        command=command, complete=True, runs=n_runs, seed=spec["seed"],
        scenario_file=spec["scenario_file"], overrides=spec["overrides"],
        input_sha256=spec["input_sha256"], timings=timings, solver_plans=solver), indent=2,
        ensure_ascii=False) + "\n"
    write_checksums(folder, pending={MANIFEST: text})
    write_atomic(folder / MANIFEST, text)
    (folder / WRITTEN_LIST).unlink(missing_ok=True)  # the checksums list every file now
    return solver


def solver_summary(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """What the solver said of the plans the runs carried out (``solver_plans.runs_summary``)
    and, in English, what a command says of it (``warnings``: none when every plan was
    proven optimal)."""
    from staffsim.i18n import language
    from staffsim.model.policies.solver_plans import runs_summary
    from staffsim.results.compare_lines import solver_lines

    out = runs_summary(records)
    with language("en"):
        out["warnings"] = solver_lines(out)
    return out


def recorded_solver_summary(folder: Path) -> dict[str, Any]:
    """The ``solver_plans`` a complete sweep's manifest records (``finish``); empty if none
    (a sweep of an older version)."""
    try:
        out = json.loads(limits.read_text(folder / MANIFEST)).get("solver_plans")
    except (OSError, ValueError, AttributeError, ScenarioError):
        return {}
    return out if isinstance(out, dict) else {}


def outcome_columns(columns: Iterable[str]) -> list[str]:
    """The outcomes of a run's record: not its ids, inputs (``in:``) or the optimiser's plans
    it carried out (``solver_plans.PLAN_COLUMNS``)."""
    from staffsim.model.policies.solver_plans import PLAN_COLUMNS  # (see verify's import)

    return [c for c in columns if c not in ("run", "point", "replication", *PLAN_COLUMNS)
            and not c.startswith("in:")]


def _points_csv(records: list[dict[str, Any]]) -> str:
    inputs = [c for c in records[0] if c.startswith("in:")]
    outs = outcome_columns(records[0])
    by_point: dict[int, list[dict]] = {}
    for r in records:
        by_point.setdefault(r["point"], []).append(r)
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(["point", "runs", *(c[3:] for c in inputs), *(f"mean:{c}" for c in outs)])
    for p, recs in sorted(by_point.items()):
        means = [_mean([r[c] for r in recs]) for c in outs]
        w.writerow([p, len(recs), *(exact(recs[0][c]) for c in inputs),
                    *(exact(m) for m in means)])
    return buf.getvalue()


def _mean(values: list) -> float | str:
    """Mean of the defined values; empty where none is (e.g. on-time share of an empty zone)."""
    v = np.array([x for x in values if x is not None], float)
    v = v[np.isfinite(v)]
    return float(v.mean()) if v.size else ""


def resume_command(folder: Path) -> str:
    """The command that finishes the sweep in ``folder``: its scenario file and overrides as
    its sweep.json records them (the generic form if that cannot be read)."""
    try:
        spec = json.loads(limits.read_text(folder / SPEC))
        args = ["staffsim", "sweep", str(spec["scenario_file"]), "--out", str(folder),
                "--resume"]
        for key, value in dict(spec.get("overrides") or {}).items():
            if key == "simulation.seed" and type(value) is int:
                args += ["--seed", str(value)]
            else:
                args += ["--set", f"{key}={toml_value(value)}"]
    except (OSError, ValueError, KeyError, TypeError, ScenarioError):
        return "staffsim sweep FILE --out FOLDER --resume"
    return shlex.join(args)


# the files analyze reads: each must be as the sweep sealed it
READ_FILES = (SPEC, MANIFEST, TABLE)
# what a sweep.json must hold for analyze (``sweep_spec``)
SPEC_KEYS = ("params", "seed", "replications", "factors")


def damaged(folder: Path, name: str, why: str) -> ScenarioError:
    """A file of a sweep folder analyze cannot use: one line naming it, why, and the command
    that checks the whole folder."""
    return ScenarioError(Path(folder) / name, "", f"damaged or unreadable ({why}); check the "
                         f"sweep folder with: staffsim verify {shlex.quote(str(folder))}")


def check_sealed(folder: Path) -> list[str]:
    """Check a complete sweep folder against its checksums, cheaply, before analyze reads it:
    each file it reads (``READ_FILES``) must be listed and unchanged (it is hashed: it is read
    whole anyway), else a ``damaged`` error; any other listed file (the runs, points.csv) is
    only looked for, and the missing ones are returned (``staffsim verify`` hashes them all).
    A folder without a checksum list (an older staffsim's) is not checked."""
    from staffsim.results.verify import CHECKSUMS, MISSING, SAME, compare_listed, unseal

    if not os.path.lexists(folder / CHECKSUMS):
        return []
    try:
        text = limits.read_text(folder / CHECKSUMS, what="checksum list")
    except (OSError, UnicodeDecodeError, ScenarioError):
        raise damaged(folder, CHECKSUMS, "it cannot be read") from None
    body, sealed = unseal(text)
    if sealed is False:
        raise damaged(folder, CHECKSUMS, "edited since the sweep was sealed")
    read, others = [], []
    for line in body.splitlines():  # the files read are hashed, the others only looked for
        name = line.partition("  ")[2]
        (read if name in READ_FILES else others).append(line)
    found = {name: what for _n, name, what, _p in compare_listed(folder, "\n".join(read))}
    for name in READ_FILES:
        if name not in found:
            raise damaged(folder, name, f"not listed in {CHECKSUMS}")
        if found[name] != SAME:
            raise damaged(folder, name, "missing" if found[name] == MISSING else
                          "changed since the sweep was sealed")
    missing = []
    for line in others:
        name = line.partition("  ")[2]
        if not name:
            continue
        try:
            regular = (folder / name).is_file() and not (folder / name).is_symlink()
        except OSError:
            regular = False
        if not regular:
            missing.append(name)
    return missing


def load_results(folder: Path) -> tuple[dict[str, Any], dict[str, np.ndarray | list],
                                        list[str]]:
    """The spec, the results table (column -> values) of a complete sweep and the files its
    checksums list that are missing (``check_sealed``, which checks the files read first); a
    file that cannot be read is named (``damaged``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq  # deferred: see finish
    from pydantic import ValidationError

    from staffsim.scenarios.params import Params

    folder = Path(folder)
    if not folder.is_dir():  # (as verify says it: a missing folder has no sweep.json either)
        raise ScenarioError(folder, "", "not a folder")
    if not (folder / SPEC).is_file():
        raise ScenarioError(folder, "", "not a sweep folder (no sweep.json)")
    if (folder / MANIFEST).is_file() and not is_complete(folder):
        try:  # a manifest that is no JSON is damaged, not a sweep to finish
            json.loads(limits.read_text(folder / MANIFEST))
        except (OSError, ValueError, ScenarioError):
            raise damaged(folder, MANIFEST, "not a JSON manifest") from None
    if not is_complete(folder) and (holder := busy_holder(folder)) is not None:
        raise ScenarioError(folder, "", f"the sweep is running now ({holder}); analyze it "
                            "once it has finished")
    if not is_complete(folder):
        raise ScenarioError(folder, MANIFEST, "the sweep is not complete; finish it with "
                            f"{resume_command(folder)}")
    missing = check_sealed(folder)
    try:
        spec = json.loads(limits.read_text(folder / SPEC))
    except (OSError, ValueError, ScenarioError):
        raise damaged(folder, SPEC, "not a JSON sweep description") from None
    if not isinstance(spec, dict) or any(k not in spec for k in SPEC_KEYS):
        raise damaged(folder, SPEC, "not a sweep description staffsim wrote")
    try:
        Params.model_validate(spec["params"])
    except ValidationError:
        raise damaged(folder, SPEC, "its parameters are not a valid scenario") from None
    try:
        table = pq.read_table(folder / TABLE)
    except (OSError, pa.ArrowException):
        raise damaged(folder, TABLE, "not a Parquet table") from None
    cols: dict[str, np.ndarray | list] = {}
    for name in table.column_names:
        values = table.column(name).to_pylist()
        try:
            cols[name] = np.array([np.nan if v is None else v for v in values], dtype=float)
        except (TypeError, ValueError):
            cols[name] = values
    if "point" not in cols or "run" not in cols:
        raise damaged(folder, TABLE, "its runs have no point column")
    return spec, cols, missing
