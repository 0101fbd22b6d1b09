"""Ctrl-C while the Dask LocalCluster starts: one line, exit 130, no process left (a
researcher's trial: 'timeout -s INT 7 staffsim sweep SCEN --set sweep.samples=4 --executor
dask --workers 2' printed 110-126 lines: a KeyboardInterrupt traceback from each worker
interrupted while it imported, and distributed's exit hook closing the cluster that never
ran, 'AssertionError: Status.init', after staffsim's 'interrupted; nothing was written')."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

from ..experiments.test_sweep import demo_sweep

pytestmark = pytest.mark.slow  # spawns a cluster and sends signals

# The command line, with a Ctrl-C sent to its process group (as a terminal or 'timeout'
# does) 0.4 s after the first Dask worker process is started: its interpreter is up and it is
# importing distributed (about a second), where the trial's tracebacks came from.
SCRIPT = textwrap.dedent("""
    import os, signal, sys, threading
    import multiprocessing.context as mc
    real = mc.SpawnProcess.start
    def start(self):
        real(self)
        if not os.environ.get("SENT"):
            os.environ["SENT"] = "1"
            threading.Timer(0.4, os.killpg, (0, signal.SIGINT)).start()
    mc.SpawnProcess.start = start
    from staffsim.cli import main  # the command's own entry point (its interrupt policy)
    sys.argv = ["staffsim", *sys.argv[1:]]
    sys.exit(main())
""")


def _in_session(sid: int) -> list[psutil.Process]:
    out = []
    for p in psutil.process_iter():
        try:
            if os.getsid(p.pid) == sid:
                out.append(p)
        except (OSError, psutil.Error):
            pass
    return out


def test_ctrl_c_while_the_cluster_starts_says_one_line_and_leaves_no_process(tmp_path):
    path = demo_sweep(tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, "sweep", "--lang", "en", str(path),
                             "--executor", "dask", "--workers", "2", "--out",
                             str(tmp_path / "out")], cwd=tmp_path, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert proc.returncode == 130, err
    assert lines == ["staffsim: interrupted; nothing was written"], err
    deadline = time.monotonic() + 10
    while _in_session(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _in_session(proc.pid)
    assert not (tmp_path / "out").exists()
