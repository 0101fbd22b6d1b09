"""Result folders that appear whole or not at all, and their manifest."""

from __future__ import annotations

import json
import os
import platform
import re
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from datetime import time as dt_time
from pathlib import Path
from typing import Any

from staffsim.model.signals import interrupts_deferred
from staffsim.results.verify import write_checksums
from staffsim.scenarios import limits
from staffsim.scenarios.errors import ScenarioError, cut
from staffsim.scenarios.loader import resolved_toml, sha256_file
from staffsim.scenarios.params import TABLE_FIELDS

# Every folder staffsim writes says so in its manifest (and a sweep in progress in its
# sweep.json): --force replaces only such folders.
MARKER = {"written_by": "staffsim"}

_CLAIMS: dict[str, _Claim] = {}  # output folders this process holds, by absolute path
_PARTIAL: set[Path] = set()  # temporary folders being written (removed on any failure)
_SWAPS: dict[Path, Path] = {}  # old folder moved aside -> its final name, while replacing
_OLD: set[Path] = set()  # old folders replaced, being removed
WRITTEN: list[Path] = []  # folders this process finished (for the interrupt message)
# folders there already when this process claimed them to replace (--force): an interrupt
# before the new one is whole leaves them as they were, and says so
REPLACING: list[Path] = []
# folders this process replaced (--force), by absolute path -> the command that had written
# the folder replaced ('plan', ...; '' if its files do not tell): the command says it
REPLACED: dict[Path, str] = {}
# lock files this process takes or holds beside its outputs (an output folder's, an annex's),
# and the temporary files it is writing: an interrupted command removes them, whichever
# thread ends it (``emergency_cleanup``: the watchdog's exit runs no ``finally``)
_HELD_LOCKS: dict[Path, Any] = {}
_TEMP_FILES: set[Path] = set()
_RELEASING = threading.RLock()  # one releaser at a time: the main thread, or the watchdog


class _Claim:
    """One writer per output folder: an exclusive lock (filelock: fcntl.flock on Unix, a
    Windows lock elsewhere) on ``PARENT/.NAME.lock``, stamped with the holder's pid and
    command so that a second writer can name it. The operating system drops the lock of a
    process that dies, so the next command takes it over; the lock file is removed on
    release."""

    def __init__(self, final: Path, inputs: list[Path]) -> None:
        from filelock import FileLock, Timeout

        self.final = final
        self.inputs = inputs
        # folders made to hold the output go again if nothing was written into them
        self.made = [p for p in [final.parent, *final.parent.parents] if not p.exists()]
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:  # no permission, a read-only or virtual file system (/proc)
            why = "permission denied" if isinstance(e, PermissionError) else (
                e.strerror or type(e).__name__).lower()
            raise ScenarioError(final, "--out", f"cannot create the folder {final.parent} "
                                f"({why}); choose a folder you can write to") from None
        self.path = final.parent / lock_name(final.name)
        if foreign_lock(self.path):
            raise ScenarioError(final, "--out", f"{self.path} exists and is not a lock file of "
                                "staffsim's; rename or remove it, or choose another folder")
        # not thread-local: the interrupt watchdog may release it from its own thread
        self.lock = FileLock(str(self.path), timeout=0, thread_local=False)
        hold_lock(self.lock, self.path)
        try:
            self.lock.acquire()
        except PermissionError:  # a folder nobody may write to (/sys, another user's)
            forget_lock(self.lock, self.path)
            raise ScenarioError(final, "--out", f"cannot create files in {final.parent} "
                                "(permission denied); choose a folder you can write to"
                                ) from None
        except Timeout:
            forget_lock(self.lock, self.path)
            if not self.path.exists():  # no holder: the lock file itself cannot be made
                raise ScenarioError(final, "--out", f"cannot create files in {final.parent}; "
                                    "choose a folder you can write to") from None
            raise ScenarioError(final, "--out", f"is being written by another staffsim "
                                f"command ({_holder(self.path)}); wait for it to finish or "
                                "choose another folder") from None
        stamp_holder(self.path)

    def release(self) -> None:
        release_held(self.lock, self.path)
        for p in self.made:  # innermost first; a folder that holds anything stays
            try:
                p.rmdir()
            except OSError:
                break


def foreign_lock(lock_path: Path) -> bool:
    """Is something at ``lock_path`` that is no lock file of staffsim's (a user's file or
    link of that name)? Taking the lock would truncate it and releasing it delete it: never
    a file staffsim did not create. staffsim's own is empty (just made) or its stamp."""
    try:
        st = os.lstat(lock_path)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    if not stat.S_ISREG(st.st_mode):  # a link, a folder, a device
        return True
    return st.st_size != 0 and not stamped_lock(lock_path)


def stamped_lock(lock_path: Path) -> bool:
    """Does the file at ``lock_path`` hold staffsim's stamp (``stamp_holder``)?"""
    try:
        with open(lock_path, "rb") as f:
            raw = f.read(65536)
        data = json.loads(raw) if len(raw) < 65536 else None
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and {"pid", "command"} <= data.keys()


def stamp_holder(lock_path: Path) -> None:
    """Write the holder's pid, command and start into a lock file just taken: a second
    writer names them (``_holder``)."""
    lock_path.write_text(json.dumps({
        "pid": os.getpid(), "command": " ".join(sys.argv), "started_utc":
        datetime.now(UTC).isoformat(timespec="seconds")}) + "\n", encoding="utf-8")


def hold_lock(lock, lock_path: Path) -> None:
    """Note a filelock this process is about to take beside an output (before it is taken:
    an interrupt right after the take must find it), so that every end of the command
    releases it and removes its file (``release_held``, ``emergency_cleanup``)."""
    _HELD_LOCKS[Path(lock_path)] = lock


def forget_lock(lock, lock_path: Path) -> None:
    """A lock noted by ``hold_lock`` that was not taken (another process holds it): nothing
    of it is this process's to remove."""
    if _HELD_LOCKS.get(Path(lock_path)) is lock:
        del _HELD_LOCKS[Path(lock_path)]


def release_held(lock, lock_path: Path) -> None:
    """Release a filelock taken by this process and remove its file: unlinked while still
    held, and only our own inode (a waiter that opened the file before could otherwise hold
    a lock on a file nobody else sees). Safe to call again, and from the watchdog's thread
    while the main thread is releasing it (one waits for the other; a lock no longer held
    is left alone: its file may be another process's by now)."""
    # (the watchdog waits at most a second: the main thread releases in microseconds)
    got = _RELEASING.acquire(timeout=1.0)
    try:
        fd = getattr(getattr(lock, "_context", None), "lock_file_fd", None)
        if fd is not None:
            try:
                if os.fstat(fd).st_ino == os.stat(lock_path).st_ino:
                    os.unlink(lock_path)
            except OSError:
                pass
            lock.release()
        forget_lock(lock, lock_path)  # (last: an interrupt before this leaves it to retry)
    finally:
        if got:
            _RELEASING.release()


def busy_holder(final: Path) -> str | None:
    """Who holds ``final``'s lock now (``_holder``'s words), or None when no process does:
    a command running in the folder (a sweep) is told from one that stopped. Probed with a
    shared lock taken and dropped at once, never held; the lock file is neither created nor
    changed."""
    path = _absolute(final).parent / lock_name(_absolute(final).name)
    try:
        import fcntl
    except ImportError:  # (Windows: not probed)
        return None
    if not stamped_lock(path):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return _holder(path)  # held: by the running command its stamp names
    finally:
        os.close(fd)  # (closing drops the shared lock, if it was taken)
    return None


def _holder(lock_path: Path) -> str:
    try:
        info = json.loads(limits.read_text(lock_path, limits.SCENARIO_FILE, 1024))
        return (f"pid {int(info['pid'])}, since {cut(str(info.get('started_utc', '?')), 40)}: "
                f"{cut(str(info.get('command', '?')), 120)}")
    except (OSError, ValueError, KeyError, TypeError, ScenarioError):
        return "holder unknown"


def release_claims() -> None:
    """Release every output folder this process holds (the CLI does it when a command
    ends; the operating system does it if the process dies)."""
    for key in list(_CLAIMS):
        claim = _CLAIMS.pop(key, None)  # (the watchdog may be releasing them too)
        if claim is not None:
            claim.release()


def emergency_cleanup() -> None:
    """What an interrupted command must not leave behind, from any thread: temporary folders
    and files go, an old folder moved aside goes back, claims and the other locks this
    process holds (an annex's) are released and their files removed."""
    for old, final in list(_SWAPS.items()):
        if not final.exists() and os.path.lexists(old):
            with suppress(OSError):
                os.replace(old, final)
        _SWAPS.pop(old, None)
    for old in list(_OLD):  # replaced by the new folder, not yet all removed
        shutil.rmtree(old, ignore_errors=True)
        _OLD.discard(old)
    for tmp in list(_PARTIAL):
        shutil.rmtree(tmp, ignore_errors=True)
        _PARTIAL.discard(tmp)
    for tmp in list(_TEMP_FILES):
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        _TEMP_FILES.discard(tmp)
    cache = sys.modules.get("staffsim.optimize.cache")  # (a plan being kept for later)
    if cache is not None:
        cache.remove_unfinished()
    release_claims()
    for path, lock in list(_HELD_LOCKS.items()):
        release_held(lock, path)


# the file that marks a temporary folder as a live process's (``temporary_folder``)
OWNER_FILE = "staffsim-owner.lock"


@contextmanager
def temporary_folder(prefix: str) -> Iterator[Path]:
    """A new folder of this process's own in the system's temporary folder ($TMPDIR), named
    PREFIX + this process's pid + '-' + 8 random characters, removed with all it holds when
    the block ends or the command is interrupted (``emergency_cleanup``); nothing outside it
    is touched. A process killed outright (SIGKILL) cleans nothing up: the folder holds
    ``OWNER_FILE``, locked by this process while it lives (the operating system drops the
    lock when it dies), by which a later command tells an abandoned folder from a live one
    and removes it (``remove_abandoned``; a researcher's trial found 11 Dask scratch folders
    of killed sweeps in /tmp)."""
    tmp = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))
    _PARTIAL.add(tmp)
    owner = None
    try:
        owner = _mark_owner(tmp)
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        _PARTIAL.discard(tmp)
        if owner is not None:
            os.close(owner)


def _mark_owner(folder: Path) -> int | None:
    """Lock ``OWNER_FILE`` in ``folder`` for this process (flock: held until the file
    descriptor returned is closed or the process ends, however it ends); None where the
    system has no flock (the folder is then never judged abandoned). The file is locked
    under another name first and renamed: under its own name it is never unlocked while its
    owner lives."""
    try:
        import fcntl
    except ImportError:  # (not POSIX)
        return None
    hidden = folder / f".{OWNER_FILE}.{secrets.token_hex(4)}"
    fd = os.open(hidden, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))  # (for people: who made it)
        os.replace(hidden, folder / OWNER_FILE)
    except BaseException:
        os.close(fd)
        raise
    return fd


def remove_abandoned(prefix: str) -> list[Path]:
    """Remove the folders ``temporary_folder(prefix)`` made in $TMPDIR whose process is gone
    (killed outright: SIGKILL, a crash), and return them. A folder is removed only if all of
    these hold: its name is ``temporary_folder``'s (PREFIX, a pid, '-', 8 characters); it is a
    folder (not a link) of this user's; it holds ``OWNER_FILE`` (a regular file of this
    user's, opened without following a link); and that file's lock can be taken, which the
    operating system allows only once the process that held it has ended. It is removed
    while this process holds the lock. Anything else, including a folder of an older
    staffsim without the file, is left as it is."""
    try:
        import fcntl
    except ImportError:  # (not POSIX: no folder is marked)
        return []
    pattern = re.compile(re.escape(prefix) + r"\d+-[a-z0-9_]{8}")
    root = Path(tempfile.gettempdir())
    try:
        entries = [p for p in root.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return []
    removed = []
    for folder in entries:
        if folder in _PARTIAL:
            continue
        try:
            st = folder.lstat()
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
                continue
            fd = os.open(folder / OWNER_FILE, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid():
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # held: its process lives
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            os.close(fd)
    return removed


@contextmanager
def temporary_file(path: Path) -> Iterator[Path]:
    """``path``, a temporary file this process writes (and renames into place or removes
    before the block ends): removed if the command is interrupted while it exists, by
    whichever thread ends the command (``emergency_cleanup``)."""
    _TEMP_FILES.add(Path(path))
    try:
        yield Path(path)
    finally:
        _TEMP_FILES.discard(Path(path))


def _absolute(path: Path) -> Path:
    # absolute, but the last part not resolved: a symbolic link is seen as one
    return Path(os.path.abspath(Path(path).expanduser()))


def _protected() -> list[tuple[Path, str]]:
    cwd, home = Path.cwd().resolve(), Path.home().resolve()
    return ([(cwd, "the current folder")] + [(p, "a parent of the current folder")
                                               for p in cwd.parents]
            + [(home, "the home folder")] + [(p, "a parent of the home folder")
                                              for p in home.parents])


def is_staffsim_folder(folder: Path) -> bool:
    """Does ``folder`` carry staffsim's marker (in manifest.json, or sweep.json while a
    sweep is in progress)?"""
    for name in ("manifest.json", "sweep.json"):
        try:
            data = json.loads(limits.read_text(folder / name, limits.SCENARIO_FILE, 1024))
        except (OSError, ValueError, ScenarioError, RecursionError):
            continue
        if isinstance(data, dict) and data.get("written_by") == MARKER["written_by"]:
            return True
    return False


# What a sweep folder holds while it runs (before checksums list its files), for a sweep
# started by an older staffsim that kept no list of what it wrote (``WRITTEN_LIST``)
_SWEEP_FILES = ("sweep.json", "design.csv", "scenario.toml", "results.parquet", "points.csv",
                "manifest.json", "checksums.sha256")
# A sweep in progress lists every file it has written so far, with its sha256, one line per
# file ('SHA256  PATH', as checksums.sha256; appended as each run is saved): what --resume and
# --force tell from files someone else put there. Hidden, so the finished folder's checksums
# do not list it; removed once the sweep is complete.
WRITTEN_LIST = ".written.sha256"
# a sweep's run file, runs/run-NNNNNN.json (``sweep_folder.run_file`` names them)
RUN_FILE = re.compile(r"run-\d{6}\.json")

# --- The hidden files staffsim writes inside a result folder, by their exact names ----------
# ``own_hidden`` counts these, and nothing else hidden, as staffsim's own (what a Ctrl-C or a
# kill leaves: --force removes them with the folder, --resume cleans or overwrites them); any
# other hidden file there is the user's, which --force, --resume and a sweep's finish refuse
# to delete or seal (``foreign_files``). The writers take their names from here:
# - ``temp_name``: ``write_atomic``'s '.NAME.tmp' beside NAME: a sweep folder's run files in
#   runs/, and at its top the files ``SWEEP_TEMPS`` lists (``sweep_folder.finish``, which
#   writes results.parquet under that name too, and ``sweep_folder.list_written``);
# - ``lock_name``: '.NAME.lock' beside an output folder (``_Claim``: a folder inside another,
#   as a sweep's analysis/) or an annex (``annex.AnnexLock``), stamped by ``stamp_holder``;
# - ``annex_temp_affixes``: ``annex.save_annex_xlsx``'s temporary file, made by mkstemp
#   ('.NAME.xlsx.XXXXXXXX.tmp', ``ANNEX_TEMP``), wherever the annex is written.


def temp_name(name: str) -> str:
    """``write_atomic``'s temporary name for a file ``name``, beside it."""
    return f".{name}.tmp"


def lock_name(name: str) -> str:
    """The lock file of an output folder or an annex ``name``, beside it."""
    return f".{name}.lock"


def annex_temp_affixes(name: str) -> tuple[str, str]:
    """(prefix, suffix) of the temporary file an annex ``name`` is written to (mkstemp puts
    eight characters of ``[a-z0-9_]`` between them)."""
    return f".{name}.", ".tmp"


# the sweep folder's files written through ``temp_name`` at its top, and in runs/
SWEEP_TEMPS = frozenset(temp_name(n) for n in (WRITTEN_LIST, "results.parquet", "points.csv",
                                               "manifest.json"))
RUN_TEMP = re.compile(rf"\.{RUN_FILE.pattern}\.tmp")  # (temp_name of a run file)
# an annex's temporary file: an annex is named *.xlsx, in any case (``cli.plan``), and
# mkstemp's part is eight of [a-z0-9_]
ANNEX_TEMP = re.compile(r"\..+\.[xX][lL][sS][xX]\.[a-z0-9_]{8}\.tmp")
LOCK = re.compile(r"\..+\.lock")  # (lock_name of anything)


def own_hidden(folder: Path, path: Path) -> bool:
    """Is ``path``, a hidden file inside the result folder ``folder``, one staffsim writes
    there (by name, above; a regular file, never a link: a write would go through it)? A
    sweep's temporary files only in a sweep folder (one with sweep.json), a lock only with
    staffsim's stamp (``stamp_holder``: a user's empty '.x.lock' is no lock of staffsim's).
    Inside a hidden folder nothing is staffsim's."""
    rel = path.relative_to(folder)
    if any(part.startswith(".") for part in rel.parts[:-1]):
        return False
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
    except OSError:
        return False
    name, where = rel.name, rel.parts[:-1]
    if (folder / "sweep.json").is_file() and (
            (where == () and (name == WRITTEN_LIST or name in SWEEP_TEMPS))
            or (where == ("runs",) and RUN_TEMP.fullmatch(name))):
        return True
    if ANNEX_TEMP.fullmatch(name):
        return True
    return bool(LOCK.fullmatch(name)) and stamped_lock(path)


def written_list(folder: Path) -> str | None:
    """The text of a sweep in progress's list of the files it wrote (``WRITTEN_LIST``), each
    file's last line only (a run saved again after an interrupt is listed again); None when
    the folder has none (a sealed folder, or an older staffsim's sweep)."""
    from staffsim.results.verify import _LINE

    try:
        text = limits.read_text(folder / WRITTEN_LIST, what="checksum list")
    except (OSError, UnicodeDecodeError, ScenarioError):
        return None
    last: dict[str, str] = {}
    for line in text.splitlines():
        m = _LINE.fullmatch(line)
        last[m[2] if m else line] = line
    return "".join(f"{line}\n" for line in last.values())


def foreign_files(folder: Path) -> list[str]:
    """Files in a staffsim folder that staffsim did not write there (added later by
    someone): --force must not delete them."""
    from staffsim.results.verify import (
        _LINE,
        CHECKSUMS,
        list_sealed,
        listed_names,
        sealed_files,
    )

    out = []
    own = own_folders(folder)
    folders = []  # sub-folders staffsim does not write in this kind of folder
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if p.is_dir() and not p.is_symlink():
            if rel.as_posix() not in own:
                folders.append(rel.as_posix())
            continue
        hidden = (any(part.startswith(".") for part in rel.parts)
                  and not own_hidden(folder, p))
        if hidden or (p.is_symlink() and p.is_dir()):  # (a link to a folder: not walked)
            out.append(rel.as_posix())
    if (folder / CHECKSUMS).is_file():
        if list_sealed(folder) is not False:  # (an edited list cannot say what staffsim
            # wrote: ``edited_files`` names the list)
            listed = listed_names(folder)
            out += [p.relative_to(folder).as_posix() for p in sealed_files(folder)
                    if p.relative_to(folder).as_posix() not in listed]
        for sub in (p.parent for p in folder.glob(f"*/{CHECKSUMS}")):
            out += [f"{sub.name}/{f}" for f in foreign_files(sub)]
    elif (written := written_list(folder)) is not None:  # a sweep in progress
        listed = {m[2] for m in map(_LINE.fullmatch, written.splitlines()) if m}
        out += [p.relative_to(folder).as_posix() for p in sealed_files(folder)
                if p.relative_to(folder).as_posix() not in listed]
    else:  # an older staffsim's sweep in progress: what it may have written, by name
        for p in sealed_files(folder):
            rel = p.relative_to(folder)
            if p.is_symlink() or not (
                    rel.as_posix() in _SWEEP_FILES or rel.parts[0] == INPUTS
                    or (rel.parts[0] == "runs" and len(rel.parts) == 2
                        and RUN_FILE.fullmatch(p.name))):
                out.append(rel.as_posix())
    # a folder of the user's (an empty one too, or one holding a result folder moved in):
    # named itself, with a '/', unless something inside it is named already (innermost
    # first, so of nested folders the deepest is named)
    for name in sorted(folders, key=lambda n: -n.count("/")):
        if not any(f.startswith(f"{name}/") for f in out):
            out.append(f"{name}/")
    return sorted(set(out))


def own_folders(folder: Path) -> frozenset[str]:
    """The sub-folders staffsim writes in a result folder of ``folder``'s kind (relative,
    '/'-separated): figures/ and inputs/ in every kind (``plots.draw``,
    ``write_resolved_scenario``), and in a sweep's (sweep.json) its runs/ and its analysis/
    with that folder's figures/. Any other folder there, empty or not, is the user's."""
    own = {FIGURES, INPUTS}
    if (folder / "sweep.json").is_file():
        own |= {RUNS, ANALYSIS, f"{ANALYSIS}/{FIGURES}"}
    return frozenset(own)


def check_replaceable(final: Path, force: bool, inputs: list[Path] = (),
                      field: str = "--out") -> None:
    """``final`` may be written: it does not exist, or ``force`` is given and it is a folder
    staffsim wrote that holds none of the inputs and is not the current or home folder (nor
    one of their parents). ``field``: how the command names the folder in messages."""
    final = _absolute(final)
    for p in final.parents:
        if p.exists() and not p.is_dir():
            raise ScenarioError(final, field, f"{p} is a file, not a folder; choose a "
                                "folder for the results")
    if final.is_symlink():
        raise ScenarioError(final, field, "is a symbolic link; name the folder itself")
    if not final.exists():
        return
    if not final.is_dir():
        if not final.is_file():  # /dev/null, a pipe, a socket: not 'a file' to a reader
            raise ScenarioError(final, field, "is a device or a pipe, not a folder; choose a "
                                "new folder name for the results")
        raise ScenarioError(final, field, "is a file, not a result folder; staffsim never "
                            "replaces it (choose a new folder name)")
    if not force:
        if field and not is_staffsim_folder(final.resolve()):
            # (an officer's own Documents: --force was suggested, and then refused)
            raise ScenarioError(final, field, "already exists and was not written by "
                                "staffsim; choose a new folder (staffsim never replaces a "
                                "folder it did not write)")
        # a folder the command names itself (analyze's SWEEP/analysis) has no other name
        choose = "choose a new folder or " if field else ""
        raise ScenarioError(final, field, f"already exists; {choose}pass --force to replace "
                            "it (results are never overwritten otherwise)")
    real = final.resolve()
    for path, what in _protected():
        if real == path:
            raise ScenarioError(final, field, f"is {what}; --force never replaces it")
    for p in inputs:
        p = Path(p).resolve()
        if p == real or real in p.parents:
            raise ScenarioError(final, field, f"holds an input of this command ({p}); "
                                "--force never replaces it")
    if not is_staffsim_folder(real):
        if not (real / "manifest.json").exists() and not (real / "sweep.json").exists():
            raise ScenarioError(final, field, "was not written by staffsim (it has no "
                                "manifest.json); --force replaces only staffsim's own "
                                "result folders")
        raise ScenarioError(final, field, "was not written by staffsim (no staffsim marker "
                            "in its manifest.json); --force replaces only staffsim's own "
                            "result folders")
    from staffsim.results.verify import CHECKSUMS

    if not (real / CHECKSUMS).is_file() and not (real / "sweep.json").is_file():
        raise ScenarioError(final, field, _unsealed_words(field))
    check_only_ours(final, field)


def check_only_ours(final: Path, field: str = "--out", resume: bool = False,
                    finish: bool = False) -> None:
    """Refuse a staffsim folder holding a file staffsim did not write there, or one it wrote
    and someone changed since (its checksums, or a sweep in progress's ``WRITTEN_LIST``):
    --force would delete them, and --resume (``resume``) would take them into the folder's
    checksums as staffsim's own (or delete them). ``finish``: a sweep checks its own folder
    before sealing it (``sweep_folder.finish``): a file found then was put there, or changed,
    while the sweep ran, --resume or not (the command then says how to finish it)."""
    real = _absolute(final).resolve()
    foreign = foreign_files(real)
    if foreign and finish:
        raise ScenarioError(final, "", _while_running_words(foreign, []))
    if foreign and resume:
        raise ScenarioError(final, "--resume", f"holds {len(foreign)} file(s) staffsim did "
                            f"not write there (e.g. {cut(foreign[0], 80)}); --resume adds "
                            "only to what staffsim wrote: move them out first")
    if foreign:
        raise ScenarioError(final, field, f"holds {len(foreign)} file(s) staffsim did not "
                            f"write there (e.g. {cut(foreign[0], 80)}); --force replaces only "
                            "what staffsim wrote: move them out first")
    edited = edited_files(real)
    if edited and finish:
        raise ScenarioError(final, "", _while_running_words([], edited))
    if edited and resume:
        raise ScenarioError(final, "--resume", _resume_edited_words(edited))
    if edited:
        raise ScenarioError(final, field, _edited_words(edited, field))


# A listed file seen unchanged by this process: (path) -> (size, mtime_ns, inode, ctime_ns)
# when its hash matched. ``check_replaceable`` runs when a command claims its folder and again
# just before the rename; the second time it hashes only what changed since the first.
_UNCHANGED: dict[Path, tuple[int, int, int, int]] = {}
SHOWN_EDITED = 3  # edited files named in the refusal; the rest are counted


def edited_files(folder: Path, limit: int = SHOWN_EDITED + 1) -> list[str]:
    """Files listed in ``folder``'s checksums (and in those of a folder sealed inside it, e.g.
    a sweep's analysis/) that no longer match: the user's edits, which --force must not
    delete. A listed file that is gone is no user content and is not counted; one that is no
    longer a regular file (a link, a folder) is. Hashing stops after ``limit`` edited files.
    A list edited itself (its seal does not hold: ``verify.unseal``) is the edit named: which
    of its files differ from what staffsim wrote it cannot tell.

    The loop is ``staffsim verify``'s (``verify.compare_listed``). Cost: every listed file is
    hashed once per command (about 0.2 s per 200 MB read from the page cache; what sealing
    the folder cost when it was written). Files modified after the list was written (the
    likely edits) are hashed first, so an edited folder is refused without reading the rest;
    the check before the rename re-hashes only files whose size, times or inode changed
    since this process found them unchanged."""
    from staffsim.results.verify import (
        CHANGED,
        CHECKSUMS,
        OUTSIDE,
        SPECIAL,
        compare_listed,
        unseal,
    )

    if not os.path.lexists(folder / CHECKSUMS):  # a sweep in progress: what it wrote so far
        text = written_list(folder)
        if text is None:
            return []
    else:
        try:
            text = limits.read_text(folder / CHECKSUMS, what="checksum list")
        except (OSError, UnicodeDecodeError, ScenarioError):
            return []  # an unreadable list: its files are then unlisted (``foreign_files``)
    body, sealed = unseal(text)
    out: list[str] = []
    if sealed is False:
        out.append(CHECKSUMS)
    else:
        for _n, name, found, _path in compare_listed(folder, body, edits_first=True,
                                                     unchanged=_UNCHANGED):
            if len(out) >= limit:
                break
            # (OUTSIDE: staffsim lists only paths inside; one that now leads out is a file
            # replaced by someone's link, which --force would delete)
            if found in (SPECIAL, CHANGED, OUTSIDE):
                out.append(name)
    for sub in sorted(p.parent for p in folder.glob(f"*/{CHECKSUMS}")):
        if len(out) < limit and (sub / "manifest.json").is_file():
            out += [f"{sub.name}/{n}" for n in edited_files(sub, limit - len(out))]
    return out


def _names(edited: list[str]) -> str:
    """The first edited files (``SHOWN_EDITED``) named, the rest said to be more."""
    from staffsim.results.words import words

    names = ", ".join(cut(n, 80) for n in edited[:SHOWN_EDITED])
    return words()("{names} and more", names=names) if len(edited) > SHOWN_EDITED else names


def _lists(edited: list[str]) -> list[str]:
    """The checksum lists among ``edited`` (the folder's, or a nested folder's: the edit
    ``edited_files`` names when a list's seal does not hold)."""
    from staffsim.results.verify import CHECKSUMS

    return [n for n in edited if n == CHECKSUMS or n.endswith(f"/{CHECKSUMS}")]


def _edited_words(edited: list[str], field: str) -> str:
    """The refusal of --force to replace a folder holding edited files, in the language. An
    edited checksum list is said as such: moving it out would not help (a folder without
    its list is refused too, ``_unsealed_words``), and staffsim cannot tell which files it
    wrote, so the folder is the user's to move or remove (or a new ``field`` chosen)."""
    from staffsim.results.words import words

    _ = words()
    if lists := _lists(edited):
        if field:
            return _("{lists} was edited since staffsim wrote it, so staffsim cannot tell which "
                     "files of the folder are as it wrote them; --force does not replace the "
                     "folder: choose another {field}, or move or remove the folder yourself",
                     lists=_names(lists), field=field)
        return _("{lists} was edited since staffsim wrote it, so staffsim cannot tell which "
                 "files of the folder are as it wrote them; --force does not replace the "
                 "folder: move or remove the folder yourself", lists=_names(lists))
    if field:
        return _("{files} changed since staffsim wrote the folder (your edits); --force does "
                 "not replace it: to keep the edits, choose another {field} (or move the "
                 "edited files out of the folder first)", files=_names(edited), field=field)
    return _("{files} changed since staffsim wrote the folder (your edits); --force does not "
             "replace it: to keep the edits, move the edited files out of the folder first",
             files=_names(edited))


def _resume_edited_words(edited: list[str]) -> str:
    """The refusal of --resume to add to a folder holding edited files, in the language (an
    edited checksum list: a new sweep, as for --force)."""
    from staffsim.results.words import words

    _ = words()
    if lists := _lists(edited):
        return _("{lists} was edited since staffsim wrote it, so staffsim cannot tell which "
                 "files of the folder are as it wrote them; --resume does not add to the "
                 "folder: start a new sweep in another --out", lists=_names(lists))
    return _("{files} changed since staffsim wrote the folder (your edits); --resume does "
             "not add to it: move the edited files out of the folder first, or start a new "
             "sweep in another --out", files=_names(edited))


def _while_running_words(foreign: list[str], edited: list[str]) -> str:
    """A sweep's refusal to seal its folder holding a file put there (``foreign``) or
    changed (``edited``) while it ran, in the language: its runs stay, and --resume
    finishes it once the folder holds only what staffsim wrote (the command says the whole
    command on the next line: ``cli.sweep``'s ``kept``)."""
    from staffsim.results.words import words

    _ = words()
    if foreign:
        return _("holds {count} file(s) staffsim did not write there, put there while the "
                 "sweep ran (e.g. {path}); staffsim does not seal them into the sweep's "
                 "results: move them out of the folder, then finish the sweep with --resume",
                 count=_.num(len(foreign)), path=cut(foreign[0], 80))
    return _("{files} changed while the sweep ran (not as staffsim wrote them); staffsim does "
             "not seal them into the sweep's results: undo the edits or move the edited files "
             "out of the folder, then finish the sweep with --resume", files=_names(edited))


def _unsealed_words(field: str) -> str:
    """The refusal of --force to replace a staffsim folder without checksums (an older
    staffsim's): whether its files were edited cannot be told."""
    from staffsim.results.words import words

    _ = words()
    if field:
        return _("has no checksums.sha256 (written by an older staffsim, or the list was "
                 "removed), so staffsim cannot tell whether its files were edited; --force "
                 "does not replace it: choose another {field}, or move or remove the folder "
                 "yourself", field=field)
    return _("has no checksums.sha256 (written by an older staffsim, or the list was removed), "
             "so staffsim cannot tell whether its files were edited; --force does not replace "
             "it: move or remove the folder yourself")


def claim_output(final: Path, force: bool = False, inputs: list[Path] | tuple = (),
                 resume: bool = False, field: str = "--out") -> Path:
    """Check that ``final`` may be written (``check_replaceable``) and hold it for this
    process until the command ends: a second writer is refused, naming this one.
    ``resume``: an existing staffsim folder is to be added to, not replaced."""
    final = _absolute(final)
    key = str(final)
    held = _CLAIMS.get(key)
    inputs = list(inputs) + (held.inputs if held else [])
    if resume and final.is_dir() and not final.is_symlink():
        if not is_staffsim_folder(final):
            raise ScenarioError(final, field, "was not written by staffsim; nothing to "
                                "resume")
        check_only_ours(final, field, resume=True)
    else:
        check_replaceable(final, force, inputs, field)
        if force and final.is_dir() and final not in REPLACING:
            REPLACING.append(final)
    if held is None:
        _CLAIMS[key] = _Claim(final, inputs)
    else:
        held.inputs = inputs
    return final


class OutputError(ScenarioError):
    """Writing a result failed (permission, disk full, ...): the file and the reason."""


def os_error(e: OSError, final: Path) -> OutputError:
    """The result folder, the file being written in it (when the OS names one) and the
    reason; nothing of the folder is kept. The file is named as it would be in the folder:
    a copy's error names its source first (``filename``) and the hidden temporary folder's
    file second, and 'cannot write ... (data/communes.csv)' read as if staffsim wrote the
    user's table."""
    file = ""
    for name in (e.filename2, e.filename):
        inside = _in_folder(Path(os.fsdecode(name)), final) if name else None
        if inside is not None:
            file = f" ({inside})" if inside != final else ""
            break
    return OutputError(final, "", f"cannot write the results{file}: {e.strerror or e}; "
                       "nothing was kept")


def _in_folder(path: Path, final: Path) -> Path | None:
    """``path`` as it is (or would be) in the result folder ``final``: under ``final``
    itself or its hidden temporary folder (``partial_folder``); None elsewhere."""
    parts, parent = path.parts, final.parent.resolve()
    for i, part in enumerate(parts):
        ours = part == final.name or part.startswith(f".{final.name}.partial-")
        if ours and Path(*parts[:i]).resolve() == parent:
            return final.joinpath(*parts[i + 1:])
    return None


@contextmanager
def partial_folder(final: Path) -> Iterator[Path]:
    """A hidden temporary folder next to ``final`` that is removed whatever happens (it is
    meant to be renamed into place before the end); an OS error names the file. The
    temporary folders of an earlier writer of ``final`` that was killed (SIGKILL, power
    loss) go first: this process holds ``final``'s claim, so no live writer owns them."""
    _remove_stale_partials(final)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.partial-", dir=final.parent))
    except OSError as e:
        raise os_error(e, final) from None
    _PARTIAL.add(tmp)  # (at once: an interrupt in the chmod below left an empty folder)
    try:
        # mkdtemp makes it private (0700) and the rename keeps that: the finished folder
        # gets the permissions any new folder gets here (the umask's), like its files
        tmp.chmod(0o777 & ~_umask())
        yield tmp
    except OSError as e:
        raise os_error(e, final) from None
    finally:
        _PARTIAL.discard(tmp)
        shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    """The process's umask: read from /proc on Linux (setting it to read it, elsewhere,
    changes it for an instant for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_stale_partials(final: Path) -> None:
    """Remove ``.NAME.partial-XXXXXXXX`` folders next to ``final`` (the names ``mkdtemp``
    gives ours, and nothing else), unless this process is writing them."""
    if str(final) not in _CLAIMS:
        return  # only the holder of the claim may judge them stale
    pattern = re.compile(re.escape(f".{final.name}.partial-") + r"[a-z0-9_]{8}")
    try:
        siblings = list(final.parent.iterdir())
    except OSError:
        return
    for p in siblings:
        if (pattern.fullmatch(p.name) and p not in _PARTIAL and p.is_dir()
                and not p.is_symlink()):
            shutil.rmtree(p, ignore_errors=True)


@contextmanager
def atomic_folder(final: Path, force: bool = False, inputs: list[Path] | tuple = (),
                  field: str = "--out") -> Iterator[Path]:
    """Yield a hidden temporary folder next to ``final``; rename it to ``final`` on success.

    On any exception (including Ctrl-C) the temporary folder is removed, so a crashed or
    interrupted run never leaves a half-written folder under its final name. An existing
    ``final`` is an error unless ``force`` (and then only a folder staffsim wrote; see
    ``check_replaceable``); it is replaced only once the new folder is complete.
    """
    final = claim_output(final, force, inputs, field=field)
    with partial_folder(final) as tmp:
        yield tmp
        write_checksums(tmp)  # sealed last: staffsim verify re-reads every file against it
        check_replaceable(final, force, _CLAIMS[str(final)].inputs, field)
        # whole or not at all: a Ctrl-C between the renames left the old folder hidden, or the
        # new one in place with the line saying 'nothing was written' (review 98)
        with interrupts_deferred():
            old = swap_folder(tmp, final)
            WRITTEN.append(final)
        remove_old(old)


# a result folder's kind by the file only that kind holds: the command that writes it (a
# sweep's folder holds its analysis/, a sweep in progress no manifest yet)
_KIND_FILES = (("sweep.json", "sweep"), ("analysis.json", "analyze"),
               ("plan_summary.json", "plan"), ("whatif.json", "whatif"),
               ("explain.json", "explain"), ("frontier.json", "frontier"),
               ("comparison.json", "compare"), ("summary.json", "run"))


def folder_kind(folder: Path) -> str:
    """The command that wrote the result folder ``folder`` ('plan', 'run', ...), from the
    file only its folders hold; '' if none is there."""
    return next((kind for name, kind in _KIND_FILES if (folder / name).is_file()), "")


def replaced_kind(final: Path) -> str | None:
    """The kind of the folder this process replaced with ``final`` (``folder_kind``: '' when
    unknown), None if it replaced none."""
    return REPLACED.get(_absolute(final))


def replace_folder(tmp: Path, final: Path) -> None:
    """Move a finished folder into place; an older ``final`` goes only after the move (and
    comes back if the move fails)."""
    remove_old(swap_folder(tmp, final))


def swap_folder(tmp: Path, final: Path) -> Path | None:
    """Move a finished folder into place; an older ``final`` is moved aside first (and comes
    back if the move fails). Returns the older folder's hidden name, for ``remove_old``."""
    if not final.exists():
        os.replace(tmp, final)
        return None
    old = final.parent / f".{final.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
    kind = folder_kind(final)  # (said by the command: what it replaced)
    _SWAPS[old] = final  # (noted first: an interrupt just after the move puts it back)
    try:
        os.replace(final, old)
        try:
            os.replace(tmp, final)
        except BaseException:
            os.replace(old, final)
            raise
        _OLD.add(old)  # replaced: it goes, even if the command is interrupted meanwhile
        REPLACED[_absolute(final)] = kind
    finally:
        _SWAPS.pop(old, None)
    return old


def remove_old(old: Path | None) -> None:
    """Remove the older folder ``swap_folder`` moved aside (a Ctrl-C while it is removed, a
    big sweep folder's thousands of files: ``emergency_cleanup`` removes the rest)."""
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
        _OLD.discard(old)


def write_atomic(path: Path, text: str) -> None:
    """Write a file under a temporary name and rename it: readers see all of it or none."""
    tmp = path.with_name(temp_name(path.name))
    with temporary_file(tmp):
        try:
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        except OSError as e:  # write(2) names no file: name it
            tmp.unlink(missing_ok=True)
            raise OSError(e.errno, e.strerror, str(path)) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


INPUTS = "inputs"  # copies of the data tables, so that a result folder reproduces itself
# the other sub-folders staffsim writes (``own_folders``): the figures (``plots.draw``), and
# a sweep's run files (``sweep_folder``) and analysis (``experiments.sensitivity``)
FIGURES = "figures"
RUNS = "runs"
ANALYSIS = "analysis"


def copy_table(src: Path, dst: Path) -> None:
    """Copy an input table into a result folder; a CSV with text cells Excel would read as
    formulas is rewritten with those cells escaped (staffsim reads it back the same)."""
    from staffsim.scenarios.tables import EXCEL, csv_cells, escape_cell

    if src.suffix.lower() in EXCEL:
        shutil.copyfile(src, dst)
        return
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows, delimiter = csv_cells(f.read())
    if all(escape_cell(c) == c for row in rows for c in row):
        shutil.copyfile(src, dst)
        return
    from staffsim.results.tables import csv_writer

    with open(dst, "w", encoding="utf-8", newline="") as f:
        csv_writer(f, delimiter).writerows(rows)


def write_resolved_scenario(folder: Path, scenario) -> None:
    """scenario.toml: every parameter of the run, defaults included, reading its data tables
    from copies in ``inputs/``: ``staffsim run|plan FOLDER/scenario.toml`` repeats the run."""


    params = scenario.params.model_copy(deep=True)
    prov = params.province
    for field in TABLE_FIELDS:
        name = getattr(prov, field)
        if not name:
            continue
        src = scenario.path.parent / name
        (folder / INPUTS).mkdir(exist_ok=True)
        copy = folder / INPUTS / f"{field.removesuffix('_csv')}{src.suffix.lower()}"
        recorded = scenario.input_hashes.get(name)
        if recorded and sha256_file(src) != recorded:
            raise ScenarioError(src, "", "changed while staffsim was running; run again")
        copy_table(src, copy)
        setattr(prov, field, f"{INPUTS}/{copy.name}")
    (folder / "scenario.toml").write_text(
        f"# Resolved scenario: {cut(str(scenario.path))}\n# Every parameter, defaults "
        f"included; data tables copied into {INPUTS}/.\n" + resolved_toml(params),
        encoding="utf-8")


def default_folder(parent: str | Path, stem: str, seed: int) -> Path:
    """``PARENT/STEM-seedSEED-TIME``; a folder of that name that exists or is being written
    (two commands started in the same second) gets the next free ``-2``, ``-3``, ..."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    base = Path(parent) / f"{stem}-seed{seed}-{stamp}"
    path, n = base, 1
    while path.exists() or (path.parent / lock_name(path.name)).exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path


def git_commit() -> str:
    """The commit of the staffsim checkout, or 'unknown' outside a git checkout."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True,
                             text=True, timeout=5, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=here, capture_output=True, text=True, timeout=5).stdout
        return out.stdout.strip() + ("+dirty" if dirty.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _environment_now() -> dict[str, Any]:
    """What every manifest records of the machine: versions, commit, platform."""
    from importlib import metadata  # (0.015-0.07 s to import: see prepare_manifest)

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "staffsim_version": version("staffsim"),
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {p: version(p) for p in ("mesa", "numpy", "scipy", "pulp", "highspy")},
    }


_ENVIRONMENT: dict[str, Any] = {}  # _environment_now(), once per process
_ENVIRONMENT_LOCK = threading.Lock()
_ENVIRONMENT_THREAD: list[threading.Thread] = []


def _fill_environment() -> None:
    with _ENVIRONMENT_LOCK:
        if not _ENVIRONMENT:
            _ENVIRONMENT.update(_environment_now())


def prepare_manifest() -> None:
    """Read what ``manifest`` records of the machine in a thread, now: two git commands,
    ``uname -p`` (``platform.platform``) and the packages' metadata take 0.05-0.13 s, most of
    it waiting on processes, which a command writing its folder (or waiting for its
    figures) need not wait for at its end. Read once per process: it describes the code this
    process runs, imported when it started."""
    if _ENVIRONMENT or _ENVIRONMENT_THREAD:
        return
    # not a daemon: the interpreter waits for it at exit, so its git child never outlives the
    # command (a write that fails first never joins it)
    thread = threading.Thread(target=_fill_environment, name="manifest")
    _ENVIRONMENT_THREAD.append(thread)
    thread.start()


def wait_for_manifest(seconds: float) -> None:
    """Wait up to ``seconds`` for ``prepare_manifest``'s thread (an interrupted command that
    ends without the interpreter's exit: its git child ends first)."""
    for thread in _ENVIRONMENT_THREAD:
        thread.join(seconds)


def manifest(**fields: Any) -> dict[str, Any]:
    """A run manifest: versions, commit and platform, plus the caller's fields."""
    for thread in _ENVIRONMENT_THREAD:
        thread.join()
    _fill_environment()  # (read here if not prepared, or if the thread failed)
    env = _ENVIRONMENT
    return {
        "staffsim_version": env["staffsim_version"],
        "git_commit": env["git_commit"],
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": env["python"],
        "platform": env["platform"],
        "packages": dict(env["packages"]),
        **MARKER,
        **fields,
    }


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=json_default) + "\n",
                    encoding="utf-8")


def json_default(o: Any) -> Any:
    if hasattr(o, "tolist"):
        return o.tolist()
    if isinstance(o, date | dt_time):  # (a TOML date given with --set: 2025-12-31)
        return o.isoformat()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")
