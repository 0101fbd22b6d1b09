"""What an interrupted command must not leave behind, whichever thread ends it: the
watchdog's ``emergency_cleanup`` releases the annex's lock and removes its file (only this
process's own), removes the temporary files being written, and an old folder that --force
was removing when the Ctrl-C came goes too."""

from __future__ import annotations

import shutil

import pytest
from filelock import FileLock

from staffsim.results import folder
from staffsim.results.annex import AnnexLock

from ..conftest import SCENARIOS
from ..helpers import run_cli


def test_the_cleanup_releases_this_processs_annex_lock_and_removes_its_file(tmp_path):
    lock = AnnexLock(tmp_path / "a.xlsx")
    assert lock.acquire()
    assert (tmp_path / ".a.xlsx.lock").is_file()
    folder.emergency_cleanup()  # the watchdog's, before its os._exit (no call_on_close)
    assert list(tmp_path.iterdir()) == []
    again = AnnexLock(tmp_path / "a.xlsx")  # free: the next command takes it at once
    assert again.acquire()
    again.release()
    lock.release()  # (the command's own release, later, finds nothing to do)
    assert list(tmp_path.iterdir()) == []


def test_the_cleanup_leaves_another_holders_lock(tmp_path):
    path = tmp_path / ".a.xlsx.lock"
    theirs = FileLock(str(path), timeout=0)  # another command holds the annex
    theirs.acquire()
    path.write_text('{"pid": 4242, "command": "staffsim plan x"}\n', encoding="utf-8")
    try:
        assert not AnnexLock(tmp_path / "a.xlsx").acquire()
        folder.emergency_cleanup()
        assert path.read_text(encoding="utf-8").startswith('{"pid": 4242')
    finally:
        theirs.release()


def test_the_cleanup_removes_a_temporary_file_being_written(tmp_path):
    tmp = tmp_path / ".a.xlsx.abcd1234.tmp"
    mine = tmp_path / ".b.xlsx.abcd1234.tmp"  # not registered: never touched
    mine.write_text("the user's", encoding="utf-8")
    with folder.temporary_file(tmp):
        tmp.write_bytes(b"PK")
        folder.emergency_cleanup()
        assert not tmp.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [mine.name]


def test_ctrl_c_while_force_removes_the_old_folder_leaves_none_of_it(tmp_path, capsys,
                                                                       monkeypatch):
    """`plan --force` over a folder: the new folder is renamed into place, then the old one,
    moved aside as '.p.old-PID-XXXX', is removed file by file; a Ctrl-C then left it behind,
    half removed, and said 'nothing was written' beside the new folder."""
    out = tmp_path / "p"
    args = ("plan", str(SCENARIOS / "demo.toml"), "--out", str(out), "--no-marginals",
            "--lang", "en")
    assert run_cli(capsys, *args)[0] == 0
    real = shutil.rmtree
    calls = []

    def interrupted(path, *a, **k):
        if ".p.old-" in str(path) and not calls:
            calls.append(path)
            next(p for p in sorted(tmp_path.glob(".p.old-*/*")) if p.is_file()).unlink()
            raise KeyboardInterrupt  # part of it removed
        return real(path, *a, **k)

    monkeypatch.setattr(folder.shutil, "rmtree", interrupted)
    code, _, err = run_cli(capsys, *args, "--force")
    assert code == 130 and calls, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]
    assert (out / "plan.csv").is_file() and (out / "checksums.sha256").is_file()
    assert err.strip().splitlines()[-1] == f"staffsim: interrupted; wrote {out} before the " \
                                           "interrupt"


@pytest.fixture(autouse=True)
def _nothing_held():
    yield
    folder.emergency_cleanup()  # (a failed test leaves no lock to the next)
