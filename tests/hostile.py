"""Helpers of the hostile-input suites: a user's folder to attack, and a snapshot of it."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from .conftest import SCENARIOS, TINY_COMMUNES

DEMO = SCENARIOS / "demo.toml"


def snapshot(root: Path, skip: tuple[Path, ...] = ()) -> dict[str, tuple]:
    """Every file and folder under ``root`` (names, sizes, mtimes, hashes), but ``skip``."""
    out: dict[str, tuple] = {}
    skip = tuple(p.resolve() for p in skip)
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if (here / d).resolve() not in skip]
        for name in dirnames + filenames:
            p = here / name
            if p.resolve() in skip:
                continue
            st = os.lstat(p)
            digest = ""
            if p.is_file() and not p.is_symlink() and st.st_size < 50_000_000:
                digest = hashlib.sha256(p.read_bytes()).hexdigest()
            # a folder's own mtime changes whenever an entry is added or removed in it (the
            # command's output, its lock): what is compared is what the folder holds
            mtime = None if p.is_dir() and not p.is_symlink() else st.st_mtime_ns
            out[str(p.relative_to(root))] = (st.st_mode, st.st_size if mtime else None,
                                             mtime, digest)
    return out


def user_folder(tmp: Path) -> Path:
    """A province HR officer's folder: a scenario, its data, and unrelated files."""
    user = tmp / "user"
    (user / "data").mkdir(parents=True)
    (user / "data" / "communes.csv").write_text(TINY_COMMUNES, encoding="utf-8")
    (user / "tiny.toml").write_text(
        '[province]\nname = "Tiny"\ncommunes_csv = "data/communes.csv"\n'
        '[simulation]\nmonths = 3\nseed = 3\n[compare]\nmonths = 3\nreplications = 2\n'
        '[sweep]\ndesign = "latin"\nsamples = 2\nreplications = 1\nmonths = 2\n'
        'policies = ["recruitment"]\n[sweep.uncertainties."workload.intensity"]\n'
        'range = [0.9, 1.1]\n', encoding="utf-8")
    (user / "notes").mkdir()
    (user / "notes" / "budget.xlsx").write_bytes(b"not really a workbook")
    (user / "notes" / "letter.txt").write_text("Kính gửi ...", encoding="utf-8")
    return user


def copy_demo(folder: Path) -> Path:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    shutil.copy(SCENARIOS / "data" / "demo_communes.csv", folder / "data")
    shutil.copy(DEMO, folder / "demo.toml")
    return folder / "demo.toml"
