"""The optimal plan of a province state, kept between commands in the user's cache folder.

`whatif` compares a variant with the baseline optimum, `explain` starts from it, `plan`
solves it: the baseline is the same problem every time a question is asked about a scenario.
It is solved once and kept, keyed by a hash of everything the plan depends on: the state
(roster, requirement, communes, distances, the month), every parameter, the optimiser's code
and the solver versions. A changed file, parameter or release of staffsim gives another key,
never a stale plan.

Folder: ``$STAFFSIM_CACHE_DIR``, else ``$XDG_CACHE_HOME/staffsim/plans`` (``~/.cache`` on
Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows); ``STAFFSIM_NO_CACHE=1``
turns it off. Safe against concurrent use: an entry is written to a temporary file and renamed
into place (readers see a whole entry or none; two commands that solve the same state write the
same plan), and an entry that cannot be read back in full is solved again. The folder keeps the
most recently used ``MAX_ENTRIES`` entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.problem import TransferProblem
from staffsim.optimize.solve import SolveResult, optimize_plan
from staffsim.optimize.warm import named_basis
from staffsim.scenarios.specialties import SPECIALTIES

FORMAT = 1  # of an entry; a change makes every old entry a miss
MAX_ENTRIES = 200
MAX_BYTES = 64 * 2**20  # an entry larger than this is not read (a planted file cannot hang us)


@dataclass
class Optimum:
    """What the cache keeps of a solved problem."""

    status: str
    found: bool
    gap_rel: float | None
    moves: list[Move]
    objective: dict[str, float]
    cached: bool = False  # read from the cache rather than solved
    basis: dict | None = None  # at the optimum, by name (``warm.named_basis``): a start for
    # nearby problems
    build_s: float = 0.0  # when solved here
    solve_s: float = 0.0
    best_from: str = "solver"  # or "greedy": the solver stopped at a limit with a worse plan
    # or none, and the greedy baseline is the best plan known (``greedy.greedy_if_better``)


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    if os.environ.get("STAFFSIM_NO_CACHE"):
        return None
    if os.environ.get("STAFFSIM_CACHE_DIR"):
        return Path(os.environ["STAFFSIM_CACHE_DIR"])
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "staffsim" / "plans"


@cache
def code_fingerprint() -> str:
    """staffsim's inputs, simulation and optimiser source, and the solver versions."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]
    for layer in ("scenarios", "model", "optimize"):
        for path in sorted((root / layer).rglob("*.py")):
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    for dist in ("staffsim", "highspy", "pulp", "numpy"):
        try:
            h.update(f"{dist}={importlib.metadata.version(dist)}".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(dist.encode())
    return h.hexdigest()


# Parameters the optimal plan does not depend on (the optimiser reads none of these sections:
# the simulation, the output, the questions of compare, sweep, whatif and frontier, the
# policies; and only proven optima are kept, whatever the time limit, threads or processes)
NOT_IN_KEY = {"simulation": None, "output": None, "compare": None, "sweep": None,
              "whatif": None, "frontier": None,
              "policies": None,
              "optimizer": {"time_limit_s", "threads", "workers", "marginals"}}


def state_key(state: ProvinceState) -> str:
    """A hash of everything the optimal plan of ``state`` depends on."""
    h = hashlib.sha256(f"staffsim plan cache {FORMAT} {code_fingerprint()}".encode())
    params = state.params.model_dump(mode="json")
    for section, fields in NOT_IN_KEY.items():
        if fields is None:
            params.pop(section, None)
        else:
            for f in fields:
                params.get(section, {}).pop(f, None)
    h.update(json.dumps(params, sort_keys=True).encode())
    c = state.communes
    h.update(json.dumps([state.official_id, c.ids, state.calendar_month]).encode())
    for arr in (state.commune, state.specialty, state.birth_month, state.female, state.leader,
                state.protected, state.required, state.quota, c.zone, c.kind, c.lat, c.lon,
                c.population, state.distance_km, c.allowance_zone, c.allowance_eligible,
                *state.hand_moves()):  # (what manual moves took counts against donors)
        a = np.ascontiguousarray(arr)
        h.update(f"{a.dtype}{a.shape}".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def _read(path: Path, state: ProvinceState) -> Optimum | None:
    try:
        st = os.stat(path)
        if not (st.st_mode & 0o170000 == 0o100000 and st.st_size <= MAX_BYTES):
            return None  # not a regular file of a sane size
        data = json.loads(path.read_text(encoding="utf-8"))
        row = {oid: i for i, oid in enumerate(state.official_id)}
        commune = {cid: i for i, cid in enumerate(state.communes.ids)}
        moves = [Move(row[o], commune[t], SPECIALTIES.index(s)) for o, t, s in data["moves"]]
        os.utime(path)  # recently used: kept when the folder is pruned
        return Optimum(str(data["status"]), bool(data["found"]), data["gap_rel"], moves,
                       {k: float(v) for k, v in data["objective"].items()}, cached=True,
                       basis=_basis_from_json(data.get("basis")))
    except (OSError, ValueError, KeyError, TypeError, IndexError, OverflowError,
            RecursionError):  # (planted: Infinity for an integer, nesting too deep)
        return None  # missing, half-written by another version, or not ours: solve again


def _write(folder: Path, key: str, state: ProvinceState, opt: Optimum) -> None:
    data = {"format": FORMAT, "key": key, "status": opt.status, "found": opt.found,
            "gap_rel": opt.gap_rel, "objective": opt.objective,
            "moves": [[state.official_id[m.row], state.communes.ids[m.to],
                       SPECIALTIES[m.spec_to]] for m in opt.moves]}
    if opt.basis is not None:  # (JSON keys are text: the arcs' integer keys as pairs)
        data["basis"] = {"cols": opt.basis["cols"], "rows": opt.basis["rows"],
                         "arcs": [[k, v] for k, v in opt.basis["arcs"].items()]}
    tmp, placed = None, False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        WRITING.add(tmp)  # (an interrupt's watchdog removes it: ``remove_unfinished``)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(tmp, folder / f"{key}.json")  # atomic: readers see all of it or none
        placed = True
    except OSError as e:
        # a read-only or full disk: the plan is still returned, just not kept; a folder the
        # user named is said once (it was ignored unsaid)
        _unusable(folder, e)
        return
    finally:  # (a full disk or a Ctrl-C while it was written: no half-written entry stays)
        if tmp is not None:
            if not placed:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            WRITING.discard(tmp)
    _prune(folder)


# the cache entries this process is writing, under their temporary names
WRITING: set[str] = set()
_SAID: set[str] = set()  # folders named by STAFFSIM_CACHE_DIR already said to be unusable


def _unusable(folder: Path, e: OSError) -> None:
    """Say once, as a warning line, that the folder STAFFSIM_CACHE_DIR names cannot keep
    plans (the default folder's failure stays quiet: the cache only saves time)."""
    if not os.environ.get("STAFFSIM_CACHE_DIR") or str(folder) in _SAID:
        return
    _SAID.add(str(folder))
    import warnings

    from staffsim.scenarios.tables import InputWarning

    warnings.warn(InputWarning(f"{folder}: the plan cache folder (STAFFSIM_CACHE_DIR) cannot "
                               f"be written: {(e.strerror or str(e)).lower()}; plans are "
                               "solved each time"), stacklevel=2)


def remove_unfinished() -> None:
    """Remove the temporary files of entries being written (an interrupted command's
    watchdog ends the process without running the writer's ``finally``)."""
    for tmp in list(WRITING):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        WRITING.discard(tmp)


def _basis_from_json(data) -> dict | None:
    """An entry's basis as ``warm.named_basis`` makes it, or None if it has none or it is
    not one (a start is only a start: the plan is solved without it)."""
    try:
        return {"cols": {str(k): int(v) for k, v in data["cols"].items()},
                "rows": {str(k): int(v) for k, v in data["rows"].items()},
                "arcs": {int(k): int(v) for k, v in data["arcs"]}}
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):  # (Infinity)
        return None


def _prune(folder: Path) -> None:
    try:
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for p in entries[:-MAX_ENTRIES]:
            p.unlink(missing_ok=True)
        for p in folder.glob(".tmp-*"):  # left by a killed writer, after an hour
            if p.stat().st_mtime < time.time() - 3600:
                p.unlink(missing_ok=True)
    except OSError:
        pass  # another command pruned the same files


def remember(state: ProvinceState, res: SolveResult, moves: list[Move],
             tp: TransferProblem | None = None) -> None:
    """Keep a plan solved elsewhere (``staffsim plan``) for the questions that follow, with
    the basis of its solved problem ``tp`` (their variants start from it). Only a proven
    optimum is kept: a time-limited plan is solved again next time."""
    folder = cache_dir()
    if folder is None or res.status != "Optimal" or not res.has_solution:
        return
    _write(folder, state_key(state), state,
           Optimum(res.status, True, res.gap_rel, moves, dict(res.objective),
                   basis=named_basis(tp) if tp is not None else None))


def peek(state: ProvinceState) -> Optimum | None:
    """The optimal plan of ``state`` if the cache holds it, else None (nothing is solved)."""
    folder = cache_dir()
    return _read(folder / f"{state_key(state)}.json", state) if folder is not None else None


def optimum(state: ProvinceState, prefer: np.ndarray | None = None,
            warm: dict | None = None) -> Optimum:
    """The optimal plan of ``state``: from the cache, or solved (and kept if proven);
    ``prefer``: arcs to start the solve with (``solve.initial_arcs``); ``warm``: the basis
    of a nearby optimum to start from (``Optimum.basis``)."""
    folder = cache_dir()
    key = state_key(state) if folder is not None else ""
    if folder is not None:
        hit = _read(folder / f"{key}.json", state)
        if hit is not None:
            return hit
    inputs, res, moves, tp = optimize_plan(state, prefer=prefer, warm=warm)
    opt = Optimum(res.status, res.has_solution, res.gap_rel, moves, dict(res.objective),
                  build_s=res.build_s, solve_s=res.solve_s,
                  basis=named_basis(tp) if folder is not None else None)
    # stopped at a limit: the greedy baseline when it is better, as ``plan`` shows it (never
    # cached: not proven)
    from staffsim.optimize.greedy import greedy_when_stopped

    greedy = greedy_when_stopped(state, inputs, res.status, res.has_solution, moves)
    if greedy is not None:
        opt.moves, opt.found, opt.gap_rel, opt.objective = greedy, True, None, {}
        opt.best_from = "greedy"
    if folder is not None and res.status == "Optimal" and res.has_solution:
        _write(folder, key, state, opt)
    return opt


def remember_point(point) -> None:
    """Keep a point of a lever sequence (``sequence.Point``) if it is proven optimal."""
    folder = cache_dir()
    if folder is None or point.status != "Optimal" or not point.found:
        return
    _write(folder, state_key(point.state), point.state,
           Optimum(point.status, True, point.gap_rel, point.moves, {}))
