"""Figures drawn by a worker process started when a command starts.

Importing matplotlib and the figure modules takes about 0.3 s, drawing a figure 0.1-0.3 s:
as much as `staffsim plan` on Thanh Hóa needs for everything else. A command that will draw
calls ``start()`` first; the worker imports all that on the other core while the command
loads, simulates or solves, then draws from the result folder's files when ``plots.draw``
asks it (the figures read only those files). If the worker cannot be started or fails, the
figures are drawn in the command's own process, as without it.

Run as ``python -c "from staffsim.results.plots.worker import main; main()"``: it reads
jobs from stdin and answers on stdout (length-prefixed pickles), and ends when stdin closes
(the command ended or died).
"""

from __future__ import annotations

import atexit
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from staffsim.model.cores import usable_cores
from staffsim.results import figure_process

_HEADER = struct.Struct("<Q")


def _send(stream: BinaryIO, obj: Any) -> None:
    data = pickle.dumps(obj)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read(stream: BinaryIO, n: int) -> bytes:
    """``n`` bytes, or fewer at the end of the stream (an unbuffered pipe returns what it
    holds)."""
    parts, left = [], n
    while left > 0:
        part = stream.read(left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _receive(stream: BinaryIO) -> Any:
    head = _read(stream, _HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError("the figure worker closed its pipe")
    size = _HEADER.unpack(head)[0]
    data = _read(stream, size)
    if len(data) < size:
        raise EOFError("the figure worker closed its pipe")
    return pickle.loads(data)


class FigureWorker:
    """The worker process, seen from the command."""

    def __init__(self, proc: subprocess.Popen | None = None) -> None:
        """``proc``: the process ``figure_process.start_early`` started, else a new one."""
        self.proc = proc if proc is not None else figure_process.spawn()
        self.asked = False  # a job was sent

    def send(self, folder: Path, names: list[str], communes: Any, out: Path | None,
             context: dict | None = None) -> None:
        """Ask for figures (``context``: where, when, the language; ``plots.figure_context``);
        ``receive`` waits for them."""
        self.asked = True
        _send(self.proc.stdin, (Path(folder), list(names), communes, out, context))

    def receive(self) -> list[Path]:
        status, value = _receive(self.proc.stdout)
        if status != "ok":
            raise RuntimeError(value)
        return value

    def draw(self, folder: Path, names: list[str], communes: Any, out: Path | None,
             context: dict | None = None) -> list[Path]:
        self.send(folder, names, communes, out, context)
        return self.receive()

    def close(self, wait: bool = True) -> None:
        """End the worker: it exits when its stdin closes. ``wait=False`` at the command's
        exit: the worker needs no waiting for (0.1 s saved), it ends on its own. A worker that
        was never asked for a figure is killed: it may still be importing matplotlib (0.5 s,
        holding the command's stderr open for whoever reads it)."""
        if not self.asked:
            figure_process.kill(self.proc)
            return
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                if wait:
                    self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


_WORKER: FigureWorker | None = None


def _preload() -> None:
    from staffsim.results.plots import registered

    registered()


def start() -> None:
    """Start loading the figure code now: in a worker process when a core is free (the
    import and the drawing then run beside the command), else in a thread of this process
    (it runs while HiGHS solves, which releases the GIL; a second process would only add
    its own start-up on a busy machine). ``current()`` returns the worker, if any."""
    global _WORKER
    if _WORKER is not None or os.environ.get("STAFFSIM_NO_FIGURE_WORKER"):
        return
    early = figure_process.take()  # the one the command line started, if any
    if early is None and not figure_process.idle_core():
        import threading

        threading.Thread(target=_preload, daemon=True, name="figures").start()
        return
    try:
        _WORKER = FigureWorker(early)
    except OSError:
        return
    atexit.register(_at_exit)


def current() -> FigureWorker | None:
    return _WORKER


def _at_exit() -> None:
    global _WORKER
    if _WORKER is not None:
        _WORKER.close(wait=False)
        _WORKER = None


def stop() -> None:
    """End the worker (it is not needed any more, or it failed)."""
    global _WORKER
    if _WORKER is not None:
        _WORKER.close()
        _WORKER = None


def main() -> None:
    from staffsim.model.signals import ignore_sigint

    ignore_sigint()  # Ctrl-C is the command's: it closes our stdin and we end
    _skip_3d()  # (before matplotlib's first import: _skip_set_docstrings imports it)
    _skip_set_docstrings()
    from staffsim.results.plots import draw, figure_paths, registered

    registered()  # imports matplotlib and every figure module now, before any job
    _warm_up()  # before any fork: each forked copy inherits the loaded fonts and PNG code
    # unbuffered: whether the next job has come is asked of the pipe (``_job_waiting``),
    # which a buffered reader may already have emptied into its own buffer
    stdin, stdout = os.fdopen(sys.stdin.fileno(), "rb", buffering=0, closefd=False), \
        sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed while drawing stays off the answer pipe
    drawn: list = []  # answers to jobs drawn while a forked copy drew (``_next_job``)
    while True:
        try:
            job = _receive(stdin)
        except EOFError:
            # every job is answered: end now, without the interpreter's teardown of
            # matplotlib (0.1 s during which the command's stderr, inherited, stays open)
            sys.stderr.flush()
            os._exit(0)
        answers = [_answer(lambda job=job: _draw_split(
            draw, figure_paths, *job, next_job=lambda: _next_job(stdin, drawn)))]
        answers += drawn  # (in the order the jobs came)
        drawn.clear()
        for answer in answers:
            try:
                _send(stdout, answer)
            except OSError:  # the command ended (or was stopped) while we drew: nobody to
                os._exit(0)  # tell


def _answer(work: Callable[[], list[Path]]) -> tuple[str, Any]:
    try:
        return "ok", work()
    except Exception as e:  # answered, and drawn again by the command itself
        return "error", f"{type(e).__name__}: {e}"


def _job_waiting(stdin: BinaryIO) -> bool:
    """Whether the command has sent another job (or closed the pipe), without waiting."""
    try:
        return bool(select.select([stdin], [], [], 0)[0])
    except (OSError, ValueError):
        return False


def _next_job(stdin: BinaryIO, drawn: list) -> Callable[[], None] | None:
    """While a forked copy draws half of a job, the next job, if the command has sent it
    already: a function that draws it here and keeps its answer in ``drawn`` (sent after
    the current job's), or None. ``run`` sends its zone figures as soon as their table is
    written and its map once the commune tables are: the map (0.15 s on Thanh Hóa) waited
    for the copy's half of the zone figures; now it is drawn meanwhile in most Thanh Hóa
    runs (the command's median 1.06 -> 1.02 s)."""
    if drawn or not _job_waiting(stdin):
        return None
    try:
        folder, names, communes, out, context = _receive(stdin)
    except EOFError:  # the command closed the pipe: nothing more to draw
        return None
    except Exception as e:  # taken from the pipe, but unreadable here: answered as failed in
        # its turn (escaping, the error answered the job before, drawn well, and this none)
        failed = ("error", f"{type(e).__name__}: {e}")
        return lambda: drawn.append(failed)

    def draw_it() -> None:
        from staffsim.results.plots import draw

        drawn.append(_answer(lambda: draw(folder, names, communes, out, local=True,
                                          context=context)))
    return draw_it


def _skip_set_docstrings() -> None:
    """Import matplotlib without the ``set()`` signature and docstring it writes for each of
    its ~100 Artist classes as they are defined: it parses every setter's docstring, 0.15 s
    of the worker's 0.4 s import of pyplot, for text nobody reads here (``help()``; drawing
    never uses it). Only in this process, which draws and does nothing else; a matplotlib
    without these hooks (another version) is imported as it is."""
    try:
        import matplotlib.artist as artist
    except ImportError:
        return
    if hasattr(artist.Artist, "_update_set_signature_and_docstring") and hasattr(
            artist, "kwdoc"):
        artist.Artist._update_set_signature_and_docstring = classmethod(lambda cls: None)
        artist.kwdoc = lambda *args, **kwargs: ""  # (docstring templates, ``%(X:kwdoc)s``)


def _skip_3d() -> None:
    """Import matplotlib without its 3-D axes: ``matplotlib.projections`` imports
    ``mpl_toolkits.mplot3d`` to register the "3d" projection, 0.04-0.06 s of the worker's
    start-up, and no figure here is 3-D. Marking the module as not importable makes that
    import fail, which matplotlib handles by leaving the projection out, with a warning
    about mixed installations that does not apply here and is silenced. Only in this
    process, which draws our figures and nothing else."""
    import warnings

    if "mpl_toolkits.mplot3d" not in sys.modules:
        sys.modules["mpl_toolkits.mplot3d"] = None  # (import raises ImportError)
    warnings.filterwarnings("ignore", message="Unable to import Axes3D")


def _warm_up() -> None:
    """Draw and save a tiny figure (to memory): the fonts, Pillow's PNG encoder and
    matplotlib's lazily imported modules are then loaded once, here, not in each copy."""
    import io

    from staffsim.results.plots.style import plt

    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 1], [0, 1], label="Tỷ lệ 0,5")
    ax.set_title("Thanh Hóa 07/2025")
    ax.legend()
    fig.savefig(io.BytesIO(), format="png", dpi=10)
    plt.close(fig)


def _draw_split(draw, figure_paths, folder, names: list[str], communes, out, context,
                next_job: Callable[[], Callable[[], None] | None] | None = None
                ) -> list[Path]:
    """Draw ``names``, the first half in a forked copy of this worker when there is a second
    core (the command is waiting for the figures by now, so its core is free: Thanh Hóa's
    run figures 0.33 -> 0.2 s). Forking is safe: the worker runs no threads of its own and
    its BLAS runs one (``figure_process.spawn``). If the copy fails or takes longer than
    ``FORK_DEADLINE_S``, its figures are drawn here. ``next_job``: once this half is drawn
    and while the copy still draws, a job the command has sent since is drawn here
    meanwhile (``_next_job``)."""
    # halves (a third process for run's three figures saved 0.03 s but raised the national
    # run's peak memory 350 -> 405 MB, over its 400 MB target)
    half = len(names) // 2
    if half == 0 or not hasattr(os, "fork") or usable_cores() < 2:
        return draw(folder, names, communes, out, local=True, context=context)
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the copy: its half, then gone without running the worker's exit code
        code = 1
        try:
            draw(folder, names[:half], communes, out, local=True, context=context)
            code = 0
        finally:
            os._exit(code)
    try:
        # the later half here: the first is the one drawn first without a copy, and the
        # copy's start costs it nothing (it was forked with everything loaded)
        paths = draw(folder, names[half:], communes, out, local=True, context=context)
    finally:
        ok = _wait_child(pid, FORK_DEADLINE_S, next_job)
    if not ok:
        return draw(folder, names, communes, out, local=True, context=context)
    # the copy's paths, as draw names them (it wrote them), first
    return figure_paths(folder, names[:half], out) + paths


FORK_DEADLINE_S = 120.0  # far beyond any figure (0.1-0.5 s): only a hung copy meets it


def _wait_child(pid: int, deadline_s: float,
                next_job: Callable[[], Callable[[], None] | None] | None = None) -> bool:
    """Wait for the forked copy (killed at the deadline); did it succeed? Meanwhile a job
    the command sends is drawn here (``next_job``, once)."""
    end = time.monotonic() + deadline_s
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status) == 0
        if time.monotonic() > end:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return False
        then = next_job() if next_job is not None else None
        if then is not None:
            next_job = None
            then()
            continue
        time.sleep(0.005)


if __name__ == "__main__":
    main()
