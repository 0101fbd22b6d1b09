"""Ctrl-C and the processes a command starts.

A terminal's Ctrl-C goes to the whole process group: the command handles it (it stops its
workers and says what was kept), its workers must not. A worker can ignore SIGINT only once
its own code runs; one interrupted while the interpreter is still starting prints a
traceback from ``site`` on the command's stderr. So the command starts each worker with
SIGINT *blocked* (``sigint_blocked``): the mask is inherited across fork and exec, a Ctrl-C
then stays pending in the child until ``ignore_sigint`` discards it, and the command itself
loses none (a signal blocked in one thread is delivered to another or when unblocked).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

_CAN_MASK = hasattr(signal, "pthread_sigmask")  # not on Windows (no process groups there)


@contextmanager
def sigint_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread for the ``with`` block (start child processes in it)."""
    if not _CAN_MASK:
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def ignore_sigint() -> None:
    """In a child process: ignore Ctrl-C for good (a pending one is discarded)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _CAN_MASK:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM raise nothing inside the ``with`` block (renames that must be done
    whole: a folder moved aside and the new one moved in); one that came meanwhile is raised
    by its own handler as the block ends. Only in the main thread, and only where both
    signals have Python handlers (the command line's): elsewhere the block runs as it is."""
    import threading

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    if (threading.current_thread() is not threading.main_thread()
            or not all(callable(h) for h in handlers.values())):
        yield
        return
    came: list[int] = []
    for s in handlers:  # (the wakeup fd still hears them: the watchdog keeps its watch)
        signal.signal(s, lambda signum, frame: came.append(signum))
    try:
        yield
    finally:
        for s, h in handlers.items():
            signal.signal(s, h)
        if came:
            handlers[came[0]](came[0], None)
