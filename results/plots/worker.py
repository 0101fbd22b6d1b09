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
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any, BinaryIO

_HEADER = struct.Struct("<Q")


def _send(stream: BinaryIO, obj: Any) -> None:
    data = pickle.dumps(obj)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: BinaryIO) -> Any:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError("the figure worker closed its pipe")
    return pickle.loads(stream.read(_HEADER.unpack(head)[0]))


class FigureWorker:
    """The worker process, seen from the command."""

    def __init__(self) -> None:
        env = {**os.environ, "MPLBACKEND": "Agg"}
        # -c rather than -m: running the module as __main__ after its package imported it
        # would print runpy's RuntimeWarning on the command's stderr
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from staffsim.results.plots.worker import main; main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)

    def send(self, folder: Path, names: list[str], communes: Any, out: Path | None,
             context: dict | None = None) -> None:
        """Ask for figures (``context``: where, when, the language; ``plots.figure_context``);
        ``receive`` waits for them."""
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
        exit: the worker needs no waiting for (0.1 s saved), it ends on its own."""
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


def _idle_core() -> bool:
    """A core is free now: fewer runnable threads than cores, this command included (Linux:
    /proc/loadavg's running count; elsewhere the one-minute load average, which lags)."""
    cores = os.cpu_count() or 1
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


def start() -> None:
    """Start loading the figure code now: in a worker process when a core is free (the
    import and the drawing then run beside the command), else in a thread of this process
    (it runs while HiGHS solves, which releases the GIL; a second process would only add
    its own start-up on a busy machine). ``current()`` returns the worker, if any."""
    global _WORKER
    if _WORKER is not None or os.environ.get("STAFFSIM_NO_FIGURE_WORKER"):
        return
    if not _idle_core():
        import threading

        threading.Thread(target=_preload, daemon=True, name="figures").start()
        return
    try:
        _WORKER = FigureWorker()
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
    from staffsim.results.plots import draw, registered

    registered()  # imports matplotlib and every figure module now, before any job
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed while drawing stays off the answer pipe
    while True:
        try:
            folder, names, communes, out, context = _receive(stdin)
        except EOFError:
            return
        try:
            _send(stdout, ("ok", draw(folder, names, communes, out, local=True,
                                      context=context)))
        except Exception as e:  # answered, and drawn again by the command itself
            _send(stdout, ("error", f"{type(e).__name__}: {e}"))


if __name__ == "__main__":
    main()
