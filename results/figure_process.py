"""Start the figure worker's process (``results.plots.worker``) with little more than the
standard library imported, so that the ``staffsim`` command can start it first thing, before its own
imports: the worker's imports (matplotlib and the figure modules, about 0.5 s) then run
beside the command's from the start rather than after them.

Kept apart from ``results.plots.worker`` because importing anything under
``results.plots`` imports the figure registry, and with it the scenario models.
"""

from __future__ import annotations

import os
import subprocess
import sys

from staffsim.model.signals import sigint_blocked

# the commands that draw figures (they call ``cli.common.start_figures``)
DRAWING_COMMANDS = frozenset({"run", "compare", "plan", "frontier"})
_EARLY: subprocess.Popen | None = None


def idle_core() -> bool:
    """A core is free now: fewer runnable threads than cores, this command included (Linux:
    /proc/loadavg's running count; elsewhere the one-minute load average, which lags)."""
    cores = os.cpu_count() or 1  # (the machine's: /proc/loadavg counts the machine's threads)
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            running = int(f.read().split()[3].split("/")[0])
        return running < cores
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.getloadavg()[0] <= cores - 1
    except OSError:  # no load average on this system
        return cores > 1


def spawn() -> subprocess.Popen:
    """The worker process: it reads jobs on stdin and ends when stdin closes."""
    # one BLAS thread: the worker forks itself to draw (``plots.worker._draw_split``), safe
    # only without threads, and its figures need no parallel linear algebra
    env = {**os.environ, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1",
           "OMP_NUM_THREADS": "1"}
    # -c rather than -m: running the module as __main__ after its package imported it
    # would print runpy's RuntimeWarning on the command's stderr. SIGINT blocked: a Ctrl-C
    # while it starts is the command's to handle (model.signals)
    with sigint_blocked():
        return subprocess.Popen(
            [sys.executable, "-c", "from staffsim.results.plots.worker import main; main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)


def start_early(args: list[str]) -> None:
    """Start the worker now if the command line names a command that draws (and not its
    help), a core is free and figures are not switched off; ``take`` hands it over."""
    global _EARLY
    command = next((a for a in args if not a.startswith("-")), None)
    if (_EARLY is not None or command not in DRAWING_COMMANDS
            or any(a in ("-h", "--help") for a in args)
            or os.environ.get("STAFFSIM_NO_FIGURE_WORKER") or not idle_core()):
        return
    try:
        _EARLY = spawn()
    except OSError:
        _EARLY = None


def take() -> subprocess.Popen | None:
    """The worker started early, if any and still running (once)."""
    global _EARLY
    proc, _EARLY = _EARLY, None
    if proc is not None and proc.poll() is not None:
        return None
    return proc


def kill(proc: subprocess.Popen) -> None:
    """End a worker that has no job (and reap it)."""
    if proc.poll() is None:
        try:
            proc.kill()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass


def discard() -> None:
    """Kill the worker started early if no command took it (bad input, an interrupt)."""
    proc = take()
    if proc is not None:
        kill(proc)
