"""The fault suite: hostile and careless input by class (issue 13). Every case asserts the exit
code, that the message names the place, that no traceback or megabytes of input are shown,
and that nothing outside the command's own output changed (a snapshot of the whole tree:
names, sizes, mtimes and hashes)."""

from __future__ import annotations

import errno
import io
import json
import os
import socket
import threading
import time
import zipfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..conftest import COMMUNES_HEADER, TINY_COMMUNES
from ..helpers import run_cli
from ..hostile import snapshot, user_folder

TINY_BASE = '[province]\nname = "Tiny"\ncommunes_csv = "data/communes.csv"\n'
ROSTER_HEADER = "official_id,commune_id,specialty,birth_year,leader,protected"


@dataclass
class Case:
    id: str
    argv: list[str]
    code: int
    says: list[str]  # fragments of the message (the place and the reason)
    setup: Callable[[Path], None] | None = None
    env: dict[str, str] = field(default_factory=dict)
    out: tuple[str, ...] = ()  # the command's own output (may change), in the user folder
    patch: Callable | None = None  # monkeypatch-based fault


def scenario(body: str = "", name: str = "case.toml", communes: str | None = None,
             extra: dict[str, str | bytes] | None = None, table: str = "data/communes.csv"
             ) -> Callable[[Path], None]:
    """A setup writing a scenario (tiny communes unless given) and extra files."""
    def setup(user: Path) -> None:
        files = {"data/communes.csv": communes} if communes is not None else {}
        for rel, content in {**files, **(extra or {})}.items():
            p = user / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                p.write_bytes(content)
            else:
                p.write_text(content, encoding="utf-8")
        (user / name).write_text(TINY_BASE.replace("data/communes.csv", table) + body,
                                 encoding="utf-8")
    return setup


def staffsim_folder(rel: str, marker: bool = True) -> Callable[[Path], None]:
    def setup(user: Path) -> None:
        from staffsim.cli import main

        assert main(["run", str(user / "tiny.toml"), "--out", str(user / rel)]) == 0
        if not marker:  # a folder written before the marker existed, or by someone else
            m = user / rel / "manifest.json"
            data = json.loads(m.read_text())
            del data["written_by"]
            m.write_text(json.dumps(data))
    return setup


def xlsx(sheet_xml: str, dimension: str | None = None) -> bytes:
    """A minimal .xlsx workbook with one sheet (optionally a declared dimension)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd'
        '.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl'
        '/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/'
        'workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats'
        '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
        '</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas'
        '.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
        '"worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.'
        f'openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{sheet_xml}</sheetData>'
        '</worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def header_row() -> str:
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                    for i, h in enumerate(COMMUNES_HEADER.strip().split(",")))
    return f'<row r="1">{cells}</row>'


def fifo(rel: str) -> Callable[[Path], None]:
    def setup(user: Path) -> None:
        os.mkfifo(user / rel)
    return setup


def both(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(user: Path) -> None:
        for s in setups:
            s(user)
    return setup


def hold_claim(rel: str) -> Callable[[Path], None]:
    """Another staffsim (this test) holds the claim on ``rel``."""
    def setup(user: Path) -> None:
        from filelock import FileLock

        lock = FileLock(str(user / f".{rel}.lock"), timeout=0)
        lock.acquire()
        (user / f".{rel}.lock").write_text(json.dumps({"pid": 4242, "command": "staffsim run "
                                                       "other.toml", "started_utc": "x"}))
        _HELD.append(lock)
    return setup


_HELD: list = []


def stale_claim(rel: str) -> Callable[[Path], None]:
    """A lock file left by a staffsim killed with SIGKILL (nobody holds the lock)."""
    def setup(user: Path) -> None:
        (user / f".{rel}.lock").write_text(json.dumps({"pid": 999999, "command": "killed"}))
    return setup


def nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def deny_mkdtemp(monkeypatch) -> None:
    import tempfile

    def denied(*a, dir=None, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))
    monkeypatch.setattr(tempfile, "mkdtemp", denied)


def disk_full(monkeypatch) -> None:
    import staffsim.results.run_folder as rf

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")  # write(2) names no file
    monkeypatch.setattr(rf, "write_timeseries", full)


SWEEP = ('[sweep]\ndesign = "{design}"\nsamples = {samples}\nreplications = {reps}\n'
         'months = 2\npolicies = ["recruitment"]\n')
U = '[sweep.uncertainties."{key}"]\nrange = [{lo}, {hi}]\n'
L = '[sweep.levers."{key}"]\nrange = [{lo}, {hi}]\n'

CASES = [
    # --- data loss with --force: never a file, an input's folder, cwd or home or parents ---
    Case("force-cwd", ["run", "{tiny}", "--out", ".", "--force"], 2,
         ["is the current folder"]),
    Case("force-scenario-folder", ["plan", "{tiny}", "--out", "{user}", "--force"], 2,
         ["holds an input"]),
    Case("force-data-folder", ["compare", "{tiny}", "--out", "{user}/data", "--force"], 2,
         ["data", "holds an input"]),
    Case("force-scenario-file", ["whatif", "{tiny}", "--set", "optimizer.budget_vnd=1e9",
                                 "--out", "{user}/tiny.toml", "--force"], 2, ["is a file"]),
    Case("force-user-folder", ["explain", "{tiny}", "--commune", "X1", "--out",
                               "{user}/notes", "--force"], 2, ["notes", "not written by staffsim"]),
    Case("force-home", ["frontier", "{tiny}", "--lever", "optimizer.budget_vnd", "--range",
                        "0:1e9:2", "--out", "{home}", "--force"], 2, ["is the home folder"]),
    Case("force-parent-of-cwd", ["sweep", "{tiny}", "--out", "{tmp}", "--force"], 2,
         ["a parent of the current folder"]),
    Case("force-root", ["run", "{tiny}", "--out", "/", "--force"], 2, ["parent of"]),
    Case("force-old-folder-no-marker", ["run", "{tiny}", "--out", "{user}/old", "--force"], 2,
         ["old", "not written by staffsim"], setup=staffsim_folder("old", marker=False)),
    Case("force-symlink", ["run", "{tiny}", "--out", "{user}/link", "--force"], 2,
         ["symbolic link"], setup=lambda u: (u / "link").symlink_to(u / "notes")),
    Case("out-is-file-no-force", ["run", "{tiny}", "--out", "{user}/notes/letter.txt"], 2,
         ["letter.txt", "is a file"]),
    # a device or a pipe is not 'a file' to its reader (it said so of /dev/null)
    Case("out-is-a-pipe", ["plan", "{tiny}", "--out", "{user}/results.pipe", "--force"], 2,
         ["results.pipe", "--out", "a device or a pipe, not a folder"],
         setup=fifo("results.pipe")),
    Case("out-under-a-file", ["run", "{tiny}", "--out", "{user}/tiny.toml/r"], 2,
         ["tiny.toml is a file, not a folder"]),
    Case("force-folder-with-user-file", ["run", "{tiny}", "--out", "{user}/mine", "--force"], 2,
         ["mine", "1 file(s) staffsim did not write", "my-notes.txt"],
         setup=both(staffsim_folder("mine"),
                    lambda u: (u / "mine" / "my-notes.txt").write_text("keep me"))),
    Case("force-folder-with-hidden-file", ["plan", "{tiny}", "--out", "{user}/mine", "--force"],
         2, ["staffsim did not write", ".git/config"],
         setup=both(staffsim_folder("mine"), lambda u: (u / "mine" / ".git").mkdir(),
                    lambda u: (u / "mine" / ".git" / "config").write_text("[core]"))),
    Case("force-replaces-own-folder", ["run", "{tiny}", "--out", "{user}/mine", "--force"], 0,
         ["wrote"], setup=staffsim_folder("mine"), out=("mine",)),
    # --- two writers ---
    Case("second-writer", ["run", "{tiny}", "--out", "{user}/r"], 2,
         ["being written by another staffsim command", "pid 4242"], setup=hold_claim("r")),
    Case("second-writer-force", ["run", "{tiny}", "--out", "{user}/r", "--force"], 2,
         ["pid 4242"], setup=hold_claim("r")),
    Case("second-writer-sweep-resume", ["sweep", "{tiny}", "--out", "{user}/s", "--resume"],
         2, ["being written by another staffsim command", "pid 4242"], setup=hold_claim("s")),
    Case("dead-writer-taken-over", ["run", "{tiny}", "--out", "{user}/r"], 0, ["wrote"],
         setup=stale_claim("r"), out=("r", ".r.lock")),
    # --- unbounded work ---
    # (a declared height may hold blank rows, up to a sheet's 1,048,576, besides the data
    # rows: scenarios/tables.BLANK_ROWS; the whole sheet declared is refused by its width)
    Case("xlsx-declared-dimension", ["validate", "{user}/case.toml"], 2,
         ["communes.xlsx", "declares 16,384 columns"],
         setup=scenario(extra={"data/communes.xlsx": xlsx(header_row(), "A1:XFD1048576")},
                        table="data/communes.xlsx")),
    Case("xlsx-declared-height", ["validate", "{user}/case.toml"], 2,
         ["communes.xlsx", "declares 2,000,000 rows"],
         setup=scenario(extra={"data/communes.xlsx": xlsx(header_row(), "A1:O2000000")},
                        table="data/communes.xlsx")),
    Case("xlsx-zip-bomb", ["validate", "{user}/case.toml"], 2, ["communes.xlsx", "unpacks to"],
         env={"STAFFSIM_MAX_XLSX_MB": "1"},
         setup=scenario(extra={"data/communes.xlsx": xlsx(header_row() + " " * 3_000_000)},
                        table="data/communes.xlsx")),
    Case("xlsx-not-a-zip", ["validate", "{user}/case.toml"], 2, ["communes.xlsx", "zip"],
         setup=scenario(extra={"data/communes.xlsx": b"PK\x03\x04 broken"},
                        table="data/communes.xlsx")),
    Case("nul-file-over-size", ["validate", "{user}/case.toml"], 2,
         ["communes.csv", "STAFFSIM_MAX_INPUT_MB"], env={"STAFFSIM_MAX_INPUT_MB": "1"},
         setup=scenario(communes="\0" * 2_000_000)),
    Case("nul-bytes", ["validate", "{user}/case.toml"], 2, ["communes.csv", "NUL"],
         setup=scenario(communes=COMMUNES_HEADER + "\0" * 1000)),
    Case("too-many-communes", ["run", "{user}/case.toml"], 2,
         ["communes.csv", "STAFFSIM_MAX_COMMUNES"], env={"STAFFSIM_MAX_COMMUNES": "3"},
         setup=scenario()),
    Case("too-many-roster-rows", ["validate", "{user}/case.toml"], 2,
         ["roster.csv", "STAFFSIM_MAX_OFFICIALS"], env={"STAFFSIM_MAX_OFFICIALS": "2"},
         setup=scenario('roster_csv = "roster.csv"\n', extra={"roster.csv": ROSTER_HEADER + "\n"
                        + "".join(f"o{i},W1,office,1980,false,false\n" for i in range(3))})),
    Case("too-many-columns", ["validate", "{user}/case.toml"], 2, ["communes.csv", "columns"],
         setup=scenario(communes=COMMUNES_HEADER.strip() + ",x" * 300 + "\n")),
    Case("roster-target-3e8", ["run", "{user}/case.toml"], 2,
         ["roster.target_total", "STAFFSIM_MAX_OFFICIALS"],
         setup=scenario("[roster]\ntarget_total = 3e8\n")),
    Case("generated-roster-too-big", ["run", "{tiny}"], 2, ["roster generator"],
         env={"STAFFSIM_MAX_OFFICIALS": "50"}),
    Case("sweep-1e9-points", ["sweep", "{user}/case.toml"], 2, ["STAFFSIM_MAX_SWEEP_POINTS"],
         setup=scenario(SWEEP.format(design="factorial", samples=1000, reps=1)
                        + U.format(key="workload.intensity", lo=0.9, hi=1.1)
                        + U.format(key="dynamics.attrition_annual", lo=0.01, hi=0.05)
                        + L.format(key="optimizer.budget_vnd", lo=0, hi=1e9))),
    Case("sweep-1e6-runs", ["validate", "{user}/case.toml"], 2, ["STAFFSIM_MAX_SWEEP_RUNS"],
         setup=scenario(SWEEP.format(design="latin", samples=1000, reps=1000)
                        + U.format(key="workload.intensity", lo=0.9, hi=1.1))),
    Case("run-months-x-replications", ["run", "{tiny}", "--months", "600", "--replications",
                                       "10000"], 2, ["simulation", "STAFFSIM_MAX_SIMULATED"]),
    Case("run-series-too-big", ["run", "{tiny}", "--months", "600", "--replications", "3000"],
         2, ["tiny.toml", "simulation", "STAFFSIM_MAX_RUN_COMMUNE_MONTHS"]),
    Case("compare-months-x-replications", ["compare", "{tiny}", "--months", "600",
                                           "--replications", "10000"], 2,
         ["STAFFSIM_MAX_SIMULATED_MONTHS"]),
    Case("whatif-simulate-too-long", ["whatif", "{tiny}", "--set", "optimizer.budget_vnd=1e9",
                                      "--simulate", "--replications", "10000", "--months",
                                      "600"], 2, ["--simulate", "STAFFSIM_MAX_SIMULATED"]),
    Case("toml-nested-arrays", ["validate", "{user}/case.toml"], 2,
         ["case.toml", "nested more than"], setup=scenario(f"[x]\ny = {nested(3000)}\n")),
    Case("toml-dotted-depth", ["validate", "{user}/case.toml"], 2, ["nested more than"],
         setup=scenario(".".join(f"k{i}" for i in range(60)) + " = 1\n")),
    Case("set-nested-value", ["validate", "{tiny}", "--set", f"x={nested(100)}"], 2,
         ["--set", "nested more than"]),
    Case("set-deep-key", ["validate", "{tiny}", "--set", ".".join("k" * 40) + "=1"], 2,
         ["dotted parts"]),
    Case("scenario-2mb", ["validate", "{user}/case.toml"], 2,
         ["case.toml", "STAFFSIM_MAX_SCENARIO_KB"], setup=scenario("#" + "x" * 2_000_000 + "\n")),
    Case("megabyte-cell-echo", ["validate", "{user}/case.toml"], 2,
         ["communes.csv", "row 2", "field larger than"],
         setup=scenario(communes=COMMUNES_HEADER + "A,Alpha," + "v" * 1_000_000
                        + ",lowland,100,1,20,105,1\n")),
    Case("megabyte-key-echo", ["validate", "{user}/case.toml"], 2,
         ["case.toml", "more characters"],
         setup=scenario("[simulation]\n" + "k" * 500_000 + " = 1\n")),
    # --- hangs ---
    Case("dask-silent-scheduler", ["sweep", "{tiny}", "--executor", "dask", "--scheduler",
                                   "tcp://127.0.0.1:{port}", "--connect-timeout", "0.5",
                                   "--out", "{user}/s"], 2,
         ["--scheduler", "127.0.0.1", "no answer within 0.5 s"]),
    # --- internal errors before: now one line ---
    Case("toml-inf", ["validate", "{user}/case.toml"], 2, ["workload.intensity", "finite"],
         setup=scenario("[workload]\nintensity = inf\n")),
    Case("toml-nan-band", ["validate", "{user}/case.toml"], 2,
         ["distance_bands_km", "finite"],
         setup=scenario("[optimizer.allowance]\ndistance_bands_km = [10, nan]\n"
                        "distance_band_vnd = [1, 2]\n")),
    Case("toml-minus-inf-threshold", ["validate", "{user}/case.toml"], 2,
         ["distance_threshold_km.mountain", "finite"],
         setup=scenario("[optimizer.allowance.distance_threshold_km]\nmountain = -inf\n")),
    Case("set-inf", ["run", "{tiny}", "--set", "optimizer.budget_vnd=inf"], 2,
         ["budget", "finite"]),
    Case("time-limit-inf", ["plan", "{tiny}", "--time-limit", "inf"], 2,
         ["--time-limit", "not a finite number"]),
    Case("connect-timeout-nan", ["sweep", "{tiny}", "--connect-timeout", "nan"], 2,
         ["--connect-timeout", "not a finite number"]),
    Case("frontier-range-inf", ["frontier", "{tiny}", "--lever", "optimizer.budget_vnd",
                                "--range", "0:inf:3"], 2, ["--range", "finite"]),
    # a range that would repeat a value, drop STOP, round an integer lever or move a setting
    # the plan does not depend on (a researcher's trial: each was solved, points identical)
    Case("frontier-range-repeats", ["frontier", "{tiny}", "--lever", "optimizer.budget_vnd",
                                    "--range", "10e9:10e9:3"], 2, ["--range", "repeats", "3"]),
    Case("frontier-range-drops-stop", ["frontier", "{tiny}", "--lever",
                                       "optimizer.budget_vnd", "--range", "0:40e9:1"], 2,
         ["--range", "STOP would be left out"]),
    Case("frontier-range-not-whole", ["frontier", "{tiny}", "--lever",
                                      "optimizer.constraints.max_moves.moves", "--range",
                                      "0:10.5:3"], 2, ["--range", "whole number", "5.25"]),
    Case("frontier-range-rounds-onto-itself", ["frontier", "{tiny}", "--lever",
                                               "optimizer.constraints.max_moves.moves",
                                               "--range", "0:1e-12:2"], 2,
         ["--range", "whole number", "0.000000000001"]),
    Case("frontier-lever-not-in-plan", ["frontier", "{tiny}", "--lever", "simulation.months",
                                        "--range", "10:20:3"], 2,
         ["--lever", "does not change the plan"]),
    # an empty --out is the current folder to click: it was refused as 'already exists'
    Case("out-empty", ["run", "{tiny}", "--out", ""], 2, ["--out", "empty"]),
    Case("out-blank-frontier", ["frontier", "{tiny}", "--lever", "optimizer.budget_vnd",
                                "--range", "0:1e9:2", "--out", "  "], 2, ["--out", "empty"]),
    Case("analyze-missing-folder", ["analyze", "{user}/no-such-sweep"], 2,
         ["no-such-sweep: does not exist; give a sweep folder staffsim wrote"]),
    Case("plan-month-beyond", ["plan", "{tiny}", "--month", "100"], 2,
         ["--month", "beyond the horizon", "0 to 3"]),
    Case("explain-month-beyond", ["explain", "{tiny}", "--commune", "X1", "--month", "4"], 2,
         ["--month", "beyond the horizon"]),
    Case("whatif-month-beyond", ["whatif", "{tiny}", "--set", "optimizer.budget_vnd=1e9",
                                 "--month", "50"], 2, ["--month", "beyond the horizon"]),
    Case("evaluate-month-beyond", ["evaluate", "{tiny}", "--plan", "{user}/p.csv",
                                   "--month", "9"], 2, ["--month", "beyond the horizon"],
         setup=lambda u: (u / "p.csv").write_text("official_id,to_commune\nW1-001,X1\n")),
    Case("policies-commas", ["compare", "{tiny}", "--policies", ",,,"], 2,
         ["--policies", "names no arm"]),
    Case("fifo-scenario", ["validate", "{user}/pipe.toml"], 2,
         ["pipe.toml", "not a regular file"], setup=fifo("pipe.toml")),
    Case("fifo-communes", ["validate", "{user}/case.toml"], 2,
         ["communes.csv", "not a regular file"],
         setup=both(lambda u: (u / "data" / "communes.csv").unlink(), fifo("data/communes.csv"),
                    scenario())),
    Case("device-roster", ["validate", "{user}/case.toml"], 2,
         ["/dev/zero", "not a regular file"],
         setup=scenario('roster_csv = "/dev/zero"\n')),
    Case("folder-as-scenario", ["run", "{user}/notes"], 2, ["notes", "is a folder"]),
    Case("folder-as-plan", ["evaluate", "{tiny}", "--plan", "{user}/notes"], 2,
         ["notes", "is a folder"]),
    Case("permission-denied", ["run", "{tiny}", "--out", "{user}/r"], 2,
         ["user/r: cannot write the results", "Permission denied"], patch=deny_mkdtemp),
    Case("disk-full", ["run", "{tiny}", "--out", "{user}/r"], 2,
         ["user/r: cannot write the results", "No space left on device"], patch=disk_full),
    # --- a solver status other than optimal or time-limited feasible: not a success ---
    Case("plan-infeasible", ["plan", "{tiny}", "--no-marginals", "--set",
                             "optimizer.constraints.cover_essential.enabled=true", "--set",
                             "optimizer.budget_vnd=0", "--out", "{user}/p"], 1,
         ["no plan for 1 province (Tiny: infeasible)"], out=("p",)),
    Case("whatif-variant-infeasible", ["whatif", "{tiny}", "--set",
                                       "optimizer.constraints.cover_essential.enabled=true",
                                       "--set", "optimizer.budget_vnd=0"], 1,
         ["no plan (variant: infeasible)"]),
    Case("frontier-infeasible-points", ["frontier", "{tiny}", "--lever", "optimizer.budget_vnd",
                                        "--range", "0:1e9:2", "--workers", "1", "--set",
                                        "optimizer.constraints.cover_essential.enabled=true",
                                        "--out", "{user}/f"], 1,
         ["no plan at", "infeasible"], out=("f",)),
    # --- silently accepted nonsense: now refused ---
    Case("duplicate-header", ["validate", "{user}/case.toml"], 2,
         ["communes.csv", "header", "the same name"],
         setup=scenario(communes=COMMUNES_HEADER.strip() + ",zone\n"
                        + TINY_COMMUNES.splitlines()[1] + ",mountain\n")),
    Case("header-aliases-collide", ["validate", "{user}/case.toml"], 2,
         ["header", "both read as commune_id"],
         setup=scenario(communes=COMMUNES_HEADER.strip() + ",Mã xã\n"
                        + TINY_COMMUNES.splitlines()[1] + ",W9\n")),
    Case("conflicting-distances", ["validate", "{user}/case.toml"], 2,
         ["distances.csv", "row 3", "give each pair one distance"],
         setup=scenario('distances_csv = "distances.csv"\n', extra={
             "distances.csv": "from_id,to_id,km\nW1,W2,10\nW2,W1,12\n"})),
    Case("self-distance", ["validate", "{user}/case.toml"], 2,
         ["distances.csv", "to itself"],
         setup=scenario('distances_csv = "distances.csv"\n', extra={
             "distances.csv": "from_id,to_id,km\nW1,W1,5\n"})),
    Case("zone-weight-1e308", ["plan", "{user}/case.toml"], 2,
         ["zone_weight.high_mountain", "too large"],
         setup=scenario("[optimizer.objective.zone_weight]\nhigh_mountain = 1e308\n")),
    Case("zone-weight-out-of-range", ["validate", "{user}/case.toml"], 2,
         ["zone_weight.mountain", "at most 1000"],
         setup=scenario("[optimizer.objective.zone_weight]\nmountain = 5000\n")),
    Case("lever-overwritten-by-sweep", ["sweep", "{user}/case.toml"], 2,
         ["simulation.months", "sets this itself"],
         setup=scenario(SWEEP.format(design="latin", samples=2, reps=1)
                        + L.format(key="simulation.months", lo=1, hi=5))),
    Case("lever-on-sweep-itself", ["validate", "{user}/case.toml"], 2,
         ["sweep.samples", "not an input of a run"],
         setup=scenario(SWEEP.format(design="latin", samples=2, reps=1)
                        + U.format(key="sweep.samples", lo=1, hi=5))),
    Case("lever-alias-twice", ["validate", "{user}/case.toml"], 2, ["same parameter"],
         setup=scenario(SWEEP.format(design="latin", samples=2, reps=1)
                        + L.format(key="optimizer.budget_vnd", lo=0, hi=1e9)
                        + U.format(key="optimizer.constraints.budget.vnd", lo=0, hi=1e9))),
    Case("months-true", ["run", "{user}/case.toml"], 2, ["simulation.months", "boolean"],
         setup=scenario("[simulation]\nmonths = true\n")),
    Case("replications-false-set", ["run", "{tiny}", "--set", "simulation.replications=false"],
         2, ["simulation.replications", "boolean"]),
    Case("sweep-range-nan", ["validate", "{user}/case.toml"], 2, ["range", "finite"],
         setup=scenario(SWEEP.format(design="latin", samples=2, reps=1)
                        + U.format(key="workload.intensity", lo="nan", hi=1.1))),
    Case("birth-date-disagrees", ["validate", "{user}/case.toml"], 2,
         ["roster.csv", "row 2, column birth_date", "birth_year says 1980"],
         setup=scenario('roster_csv = "roster.csv"\n', extra={
             "roster.csv": ROSTER_HEADER + ",birth_date\nA,W1,office,1980,false,false,"
             "12/05/1981\n"})),
    Case("birth-date-impossible", ["validate", "{user}/case.toml"], 2,
         ["birth_date", "not a date"],
         setup=scenario('roster_csv = "roster.csv"\n', extra={
             "roster.csv": ROSTER_HEADER + ",birth_date\nA,W1,office,1980,false,false,"
             "31/02/1980\n"})),
    Case("population-boolean-cell", ["validate", "{user}/case.toml"], 2,
         ["row 2, column population", "not a whole number"],
         setup=scenario(communes=COMMUNES_HEADER + "A,Alpha,xa,lowland,true,1,20,105,1\n")),
]


@pytest.fixture(scope="module")
def silent_scheduler():
    """A TCP server that accepts connections and never answers (a wedged Dask scheduler);
    one for the module: stopping it waits for its accept timeout (0.2 s a case before)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    stop = threading.Event()
    conns = []

    def serve() -> None:
        while not stop.is_set():
            with suppress(OSError):
                conns.append(srv.accept()[0])
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    t.join()
    for c in conns:
        c.close()
    srv.close()


def test_at_least_sixty_distinct_cases():
    assert len({c.id for c in CASES}) == len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_case(case: Case, tmp_path, tmp_path_factory, capsys, monkeypatch,
                      silent_scheduler):
    user = user_folder(tmp_path)
    # third-party caches (matplotlib) live outside the folder under test
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path_factory.getbasetemp() / "mpl"))
    (tmp_path / "home").mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(work if not case.id.startswith("force-cwd") else user)
    for k, v in case.env.items():
        monkeypatch.setenv(k, v)
    if case.setup:
        case.setup(user)
    skip = tuple(user / o for o in case.out)
    before = snapshot(tmp_path, skip)
    if case.patch:
        case.patch(monkeypatch)
    args = [a.format(user=user, tiny=user / "tiny.toml", home=tmp_path / "home",
                     tmp=tmp_path, port=silent_scheduler) for a in case.argv]
    t0 = time.monotonic()
    try:
        code, out, err = run_cli(capsys, *args)
    finally:
        while _HELD:
            _HELD.pop().release()
    took = time.monotonic() - t0
    monkeypatch.undo()
    assert code == case.code, err
    text = out + err
    for fragment in case.says:
        assert fragment in text, (fragment, text[:2000])
    assert "Traceback" not in err and "internal error" not in err, err
    assert len(err) < 3000, f"{len(err)} characters of error output"
    if case.code == 2:
        assert "staffsim: error:" in err
    assert snapshot(tmp_path, skip) == before  # nothing outside the command's output changed
    leftovers = [p.name for p in user.rglob(".*")  # no lock, partial or old folder left
                 if str(p.relative_to(tmp_path)) not in before]
    assert leftovers == [], leftovers
    assert took < 30
