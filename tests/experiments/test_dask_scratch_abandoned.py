"""A LocalCluster's scratch folder (staffsim-dask-PID-XXXXXXXX in $TMPDIR) left by a staffsim
killed outright (SIGKILL runs no clean-up: a researcher's trial found 11 of them in /tmp) is
removed by the next sweep's executor; a folder whose process lives, or that staffsim's
temporary_folder did not make, is never touched. A process's folders are made in a forked
child, which ends by SIGKILL (abandoned) or waits (alive)."""

from __future__ import annotations

import fcntl  # noqa: F401  (imported before any fork: a child never waits on the import lock)
import os
import signal
import tempfile
from pathlib import Path

import pytest

from staffsim.experiments.executors import SCRATCH_PREFIX, make_executor
from staffsim.results.folder import OWNER_FILE, remove_abandoned, temporary_folder

# the forked child only makes a folder, writes to a pipe and ends (no lock another thread of
# the test runner could hold)
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded, use of "
                                        "fork:DeprecationWarning")


@pytest.fixture(autouse=True)
def _tmpdir(tmp_path, monkeypatch):
    """$TMPDIR is the test's own folder (tempfile reads it once: its cached value is set)."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def _child_folder(hold: bool) -> tuple[int, Path, int | None]:
    """(pid, folder) of a forked child that makes a scratch folder, then is killed by
    SIGKILL (``hold`` False) or waits until its pipe is written or closed (``hold``); the
    write end of that pipe, for a child that holds."""
    paths_r, paths_w = os.pipe()
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # (never back into the test runner, whatever happens)
        try:
            os.close(paths_r)
            os.close(go_w)
            with temporary_folder(SCRATCH_PREFIX) as folder:
                (folder / "dask-scratch-space").mkdir()
                (folder / "dask-scratch-space" / "global.lock").write_text("")
                os.write(paths_w, str(folder).encode() + b"\n")
                if not hold:
                    os.kill(os.getpid(), signal.SIGKILL)
                os.read(go_r, 1)
        finally:
            os._exit(0)
    os.close(paths_w)
    os.close(go_r)
    with os.fdopen(paths_r, "rb") as f:
        folder = Path(f.readline().decode().strip())
    if not hold:
        os.close(go_w)
        os.waitpid(pid, 0)
        return pid, folder, None
    return pid, folder, go_w


def test_a_killed_processs_folder_goes_and_a_live_ones_stays(_tmpdir):
    dead_pid, dead, _ = _child_folder(hold=False)
    live_pid, live, go = _child_folder(hold=True)
    try:
        for pid, folder in ((dead_pid, dead), (live_pid, live)):
            assert folder.parent == _tmpdir and folder.name.startswith(f"{SCRATCH_PREFIX}{pid}-")
            assert (folder / OWNER_FILE).read_text() == f"{pid}\n"
        assert remove_abandoned(SCRATCH_PREFIX) == [dead]
        assert not dead.exists()
        assert (live / "dask-scratch-space" / "global.lock").is_file()  # as it was
    finally:
        os.close(go)  # the live child ends normally, removing its own folder
        os.waitpid(live_pid, 0)
    assert not live.exists()


def test_what_temporary_folder_did_not_make_stays(_tmpdir, tmp_path):
    _pid, dead, _ = _child_folder(hold=False)  # an abandoned folder of ours, to point at
    kept = [
        _tmpdir / f"{SCRATCH_PREFIX}abcd1234",  # an older staffsim's: no pid, no owner file
        _tmpdir / f"{SCRATCH_PREFIX}4242-abcd1234",  # no owner file
        _tmpdir / "staffsim-other-4242-abcd1234",  # another prefix
    ]
    for folder in kept:
        folder.mkdir()
        (folder / "data").write_text("x")
    (kept[2] / OWNER_FILE).write_text("4242\n")  # (unlocked: but not the prefix asked)
    # a link named like ours to the abandoned folder, and an owner file that is a link to it
    link = _tmpdir / f"{SCRATCH_PREFIX}4243-abcd1234"
    link.symlink_to(dead, target_is_directory=True)
    linked = _tmpdir / f"{SCRATCH_PREFIX}4244-abcd1234"
    linked.mkdir()
    (linked / OWNER_FILE).symlink_to(dead / OWNER_FILE)
    outside = tmp_path / f"{SCRATCH_PREFIX}4245-abcd1234"  # not in $TMPDIR
    outside.mkdir()
    (outside / OWNER_FILE).write_text("4245\n")
    assert remove_abandoned(SCRATCH_PREFIX) == [dead]
    for folder in kept:
        assert (folder / "data").read_text() == "x"
    assert link.is_symlink() and (linked / OWNER_FILE).is_symlink() and outside.is_dir()


def test_the_next_sweeps_executor_removes_an_abandoned_scratch_folder(_tmpdir):
    _pid, dead, _ = _child_folder(hold=False)
    assert dead.is_dir()
    with make_executor("local", 1) as ex:
        assert ex is None
        assert not dead.exists()


@pytest.mark.slow  # starts a LocalCluster, kills its staffsim, runs a second sweep
def test_a_sweep_after_a_killed_dask_sweep_removes_its_scratch(tmp_path):
    """The trial's case: `sweep --executor dask` killed by SIGKILL; its scratch folder stays
    (nothing of it runs), and the next sweep, with the same $TMPDIR, removes it."""
    import subprocess
    import sys
    import time

    from ..conftest import write_scenario

    tmp = tmp_path / "own-tmp"
    tmp.mkdir()
    path = write_scenario(tmp_path, '[simulation]\nseed = 4\n[sweep]\ndesign = "latin"\n'
                          'samples = 40\nreplications = 2\nmonths = 12\n'
                          '[sweep.levers."optimizer.constraints.budget.vnd"]\n'
                          'range = [0, 4e10]\n')
    env = {**os.environ, "TMPDIR": str(tmp)}
    cmd = [sys.executable, "-m", "staffsim.cli", "sweep", str(path), "--lang", "en"]
    p = subprocess.Popen([*cmd, "--out", str(tmp_path / "a"), "--executor", "dask",
                          "--workers", "2"], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not list(tmp.glob(f"{SCRATCH_PREFIX}{p.pid}-*/dask-scratch-space")):
            assert p.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        p.kill()
        p.wait()
    left = list(tmp.glob(f"{SCRATCH_PREFIX}*"))
    assert len(left) == 1 and (left[0] / OWNER_FILE).is_file()
    r = subprocess.run([*cmd, "--out", str(tmp_path / "b"), "--workers", "1", "--set",
                        "sweep.samples=2", "--set", "sweep.months=2"], env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert list(tmp.glob(f"{SCRATCH_PREFIX}*")) == []
