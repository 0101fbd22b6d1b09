"""Result folders that appear whole or not at all, and their manifest."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from staffsim.results.verify import write_checksums
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import resolved_toml


@contextmanager
def atomic_folder(final: Path, force: bool = False) -> Iterator[Path]:
    """Yield a hidden temporary folder next to ``final``; rename it to ``final`` on success.

    On any exception (including Ctrl-C) the temporary folder is removed, so a crashed or
    interrupted run never leaves a half-written folder under its final name. An existing
    ``final`` is an error unless ``force``; then it is replaced only once the new folder is
    complete.
    """
    final = Path(final)
    check_new(final, force)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.partial-", dir=final.parent))
    try:
        yield tmp
        write_checksums(tmp)  # sealed last: staffsim verify re-reads every file against it
        replace_folder(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def check_new(final: Path, force: bool = False) -> None:
    if Path(final).exists() and not force:
        raise ScenarioError(final, "--out", "already exists; choose a new folder or pass "
                            "--force to replace it (results are never overwritten otherwise)")


def replace_folder(tmp: Path, final: Path) -> None:
    """Move a finished folder into place; an older ``final`` goes only after the move."""
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
        os.replace(final, old / "x")
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, final)


def write_atomic(path: Path, text: str) -> None:
    """Write a file under a temporary name and rename it: readers see all of it or none."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_resolved_scenario(folder: Path, scenario) -> None:
    """scenario.toml: every parameter of the run, defaults included."""
    (folder / "scenario.toml").write_text(
        f"# Resolved scenario: {scenario.path}\n# Every parameter, defaults included.\n"
        + resolved_toml(scenario.params), encoding="utf-8")


def default_folder(parent: str | Path, stem: str, seed: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Path(parent) / f"{stem}-seed{seed}-{stamp}"


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


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def manifest(**fields: Any) -> dict[str, Any]:
    """A run manifest: versions, commit and platform, plus the caller's fields."""
    return {
        "staffsim_version": _version("staffsim"),
        "git_commit": git_commit(),
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {p: _version(p) for p in ("mesa", "numpy", "scipy", "pulp", "highspy")},
        **fields,
    }


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=json_default) + "\n",
                    encoding="utf-8")


def json_default(o: Any) -> Any:
    if hasattr(o, "tolist"):
        return o.tolist()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")
