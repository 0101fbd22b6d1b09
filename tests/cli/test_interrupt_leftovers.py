"""An interrupted `plan --xlsx` leaves nothing of staffsim's beside its outputs: no lock file
(`.NAME.xlsx.lock`, `.NAME.lock`), no temporary file or folder, whichever way it ends: by the
command unwinding after one Ctrl-C, or by the watchdog (a second signal, or a main thread
stuck in C code past the grace time), whose ``os._exit`` runs no ``finally`` and no click
``call_on_close``. Before, the annex's lock was released only by ``call_on_close``, and the
watchdog's exit left `.NAME.xlsx.lock` beside the annex (README: nothing is left behind)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from ..conftest import SCENARIOS
from .test_interrupts import WITHIN_S, assert_no_survivor, descendants, start, wait_for

pytestmark = pytest.mark.slow

DEMO = str(SCENARIOS / "demo.toml")


def everything(folder):
    """Every name in ``folder`` (hidden ones too), sub-folders of the outputs left out."""
    return sorted(p.name for p in folder.iterdir())


# the points of the command at which it is interrupted, seen on disk
POINTS = {
    "planning": lambda d: (d / ".p.xlsx.lock").exists() and (d / ".p.lock").exists(),
    "writing the folder": lambda d: any(d.glob(".p.partial-*/plan.csv")),
    # the folder is now the last thing put in place (the annex beside it is written first,
    # and its hash recorded in the folder's manifest): a signal then may land as the command
    # ends, and it ends as it would have, 0, or as Ctrl-C ends it, with everything in place
    "folder written": lambda d: (d / "p").is_dir(),
}
# what a command interrupted at each point may end with: a finished command's 0, or the
# signal's own code when it lands while the interpreter exits (no handler left to say it)
ENDS = {"folder written": (130, 0, -signal.SIGINT)}


@pytest.mark.parametrize("signals", ["once", "twice"])
@pytest.mark.parametrize("point", list(POINTS))
def test_an_interrupted_plan_leaves_no_lock_or_temporary_file(tmp_path, point, signals):
    proc = start(["plan", DEMO, "--out", "p", "--xlsx", "p.xlsx", "--lang", "en"], tmp_path)
    wait_for(lambda: POINTS[point](tmp_path), proc)
    children = descendants(proc)
    t0 = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C
    if signals == "twice":  # and again at once: the watchdog ends the process now
        os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    took = time.monotonic() - t0
    assert proc.returncode in ENDS.get(point, (130,)) and took < WITHIN_S, (
        proc.returncode, took, err)
    if proc.returncode != 130:  # it had finished: both outputs whole, nothing else
        assert everything(tmp_path) == ["p", "p.xlsx"], everything(tmp_path)
    assert "Traceback" not in err, err
    assert_no_survivor(children)
    left = everything(tmp_path)
    # what may stay: the folder (written before the interrupt) and the annex (if the
    # interrupt came after it was in place); never a lock or a temporary file or folder
    assert set(left) <= {"p", "p.xlsx"}, left
    if "p" in left:
        assert not [n for n in everything(tmp_path / "p") if n.startswith(".")]


STUCK = """
import sys
from pathlib import Path
from staffsim.optimize import planner

def stuck(*args, **kwargs):  # a solve holding the main thread in C code (as HiGHS does)
    import ctypes, signal
    # the signals go to the other threads (the watchdog's): Python handles them in the main
    # thread only once the C call returns, as after a HiGHS solve
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    Path("stuck").touch()
    ctypes.CDLL(None).sleep(60)  # (the GIL released, as HiGHS releases it)

planner.plan_all = stuck
from staffsim.cli import main
sys.argv = ["staffsim", *sys.argv[1:]]
sys.exit(main())
"""


def test_a_command_stuck_past_the_grace_time_leaves_no_lock(tmp_path):
    """One Ctrl-C while the main thread is stuck: the watchdog ends the command after
    ``GRACE_S`` (2.5 s) with ``os._exit``; the annex's lock went with it only if the
    watchdog released it."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "MPLBACKEND": "Agg"}
    proc = subprocess.Popen([sys.executable, "-c", STUCK, "plan", DEMO, "--out", "p", "--xlsx",
                             "p.xlsx", "--lang", "en"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    wait_for(lambda: (tmp_path / "stuck").exists(), proc)
    assert (tmp_path / ".p.xlsx.lock").exists() and (tmp_path / ".p.lock").exists()
    children = descendants(proc)
    t0 = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    finally:  # (a process never ended is not left to spin after the test)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    took = time.monotonic() - t0
    assert proc.returncode == 130 and 2.4 < took < WITHIN_S, (proc.returncode, took, err)
    assert err.strip().splitlines()[-1] == "staffsim: interrupted; nothing was written", err
    assert_no_survivor(children)
    assert everything(tmp_path) == ["stuck"]


THANH_HOA = str(SCENARIOS / "thanh_hoa.toml")


def test_ctrl_c_while_the_plan_folder_is_written_ends_without_the_grace_time(tmp_path):
    """plan solves its marginal values in background threads while it writes its folder
    (Thanh Hóa: seconds of HiGHS solves); after a Ctrl-C there the command unwound and said
    its line at once, but the interpreter's exit then waited for those threads until the
    watchdog ended the process, GRACE_S (2.5 s) after the signal (2.7 s on a loaded
    machine). Now the interrupted command ends once it has cleaned up."""
    from staffsim.cli.interrupts import GRACE_S

    proc = start(["plan", THANH_HOA, "--out", "p", "--xlsx", "p.xlsx", "--lang", "en"],
                 tmp_path)
    wait_for(lambda: any(tmp_path.glob(".p.partial-*/plan.csv")), proc)
    children = descendants(proc)
    t0 = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    took = time.monotonic() - t0
    assert proc.returncode == 130 and took < GRACE_S - 0.5, (proc.returncode, took, err)
    assert err.strip().splitlines()[-1] == "staffsim: interrupted; nothing was written", err
    assert "Traceback" not in err
    assert_no_survivor(children)
    assert everything(tmp_path) == []
