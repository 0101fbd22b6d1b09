"""Worker processes that never outlive the command that started them.

Every process pool of staffsim (replications, policy arms, provinces, frontier points, local
sweeps) comes from ``process_pool``: spawned workers that leave Ctrl-C to their parent, die
with it even when it is killed with SIGKILL (Linux ``prctl(PR_SET_PDEATHSIG)``, plus a watch on
the parent's pid elsewhere and as a fallback), and are killed at once when the parent stops on
an error or an interrupt (a running simulation or solve cannot be stopped politely).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress

from staffsim.model.signals import ignore_sigint, interrupts_deferred, sigint_blocked

PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_POLL_S = 0.5

_POOLS: set[ProcessPoolExecutor] = set()
# every worker started, registered by a pool or not yet (ProcessPoolExecutor records a worker
# only after its start returns): a child still starting read the semaphores the command's
# exit had unlinked, and printed FileNotFoundError from spawn_main after its line (CI)
_STARTED: weakref.WeakSet = weakref.WeakSet()
_LOCK = threading.Lock()


def die_with_parent(parent: int) -> None:
    """In a child process: end as soon as ``parent`` ends, however it ends."""
    if sys.platform.startswith("linux"):
        # (the signal comes when the *thread* that started this process ends: pools are
        # started and fed from the command's main thread)
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no usable libc: the watch below still works
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                     name="staffsim-parent-watch").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def worker_init(parent: int) -> None:
    """Initializer of every pool worker."""
    ignore_sigint()  # Ctrl-C reaches the whole process group: the command handles it
    die_with_parent(parent)


class _SpawnProcess(multiprocessing.context.SpawnProcess):
    """A spawned worker that starts with SIGINT blocked (``model.signals``)."""

    def start(self) -> None:
        # and not cut by a Ctrl-C in the main thread while the child's start-up data is
        # written (CI: the half-started child printed 'EOFError: Ran out of input' from
        # spawn_main after the command's line); the signal is raised once it is written
        with sigint_blocked(), interrupts_deferred():
            super().start()
            with _LOCK:
                _STARTED.add(self)


class _SpawnContext(multiprocessing.context.SpawnContext):
    Process = _SpawnProcess


class PoolsStopped(RuntimeError):
    """The work was stopped from another thread (``PoolGroup.stop``)."""


class PoolGroup:
    """The pools one piece of work makes in its thread (``pool_group``), to stop them from
    another thread: the dashboard stops a tab's comparison when its browser tab is closed
    (its workers ran on for minutes). A pool made once the group is stopped never starts."""

    def __init__(self) -> None:
        self.stopped = False
        self._pools: set[ProcessPoolExecutor] = set()
        self._lock = threading.Lock()

    def add(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if not self.stopped:
                self._pools.add(pool)
                return
        raise PoolsStopped("stopped")

    def discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            self._pools.discard(pool)

    def stop(self) -> None:
        """Kill the workers of every pool of the group now (from any thread)."""
        with self._lock:
            self.stopped = True
            pools = list(self._pools)
        for pool in pools:
            stop_pool(pool)


_GROUP = threading.local()


@contextmanager
def pool_group(group: PoolGroup) -> Iterator[PoolGroup]:
    """The pools this thread makes meanwhile belong to ``group``."""
    before = getattr(_GROUP, "group", None)
    _GROUP.group = group
    try:
        yield group
    finally:
        _GROUP.group = before


@contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` spawned processes (spawn: no fork of a threaded parent; workers
    rebuild everything from pickled inputs, so results do not depend on the start method)."""
    quiet_resource_tracker()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_SpawnContext(),
                               initializer=worker_init, initargs=(os.getpid(),))
    with _LOCK:
        _POOLS.add(pool)
    group = getattr(_GROUP, "group", None)
    try:
        if group is not None:
            group.add(pool)  # (PoolsStopped if the group was stopped meanwhile)
        yield pool
    except BaseException:
        stop_pool(pool)
        if group is not None and group.stopped:
            raise PoolsStopped("stopped") from None  # (not the pool's BrokenProcessPool)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        with _LOCK:
            _POOLS.discard(pool)
        if group is not None:
            group.discard(pool)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and kill the workers now."""
    # ProcessPoolExecutor (Python < 3.14) has no public way to end running tasks
    procs = list((getattr(pool, "_processes", None) or {}).values())
    for p in procs:
        with suppress(OSError, ValueError):  # already gone or closed
            p.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        with suppress(OSError, ValueError, AssertionError):
            p.join(timeout=2)


def stop_all_pools() -> None:
    """Kill the workers of every pool (from any thread: the interrupt watchdog)."""
    with _LOCK:
        pools = list(_POOLS)
        started = list(_STARTED)
    for p in started:  # (first: none of them may outlive the semaphores)
        with suppress(OSError, ValueError, AttributeError):
            p.kill()
    for pool in pools:
        stop_pool(pool)


def release_semaphores() -> None:
    """Unlink the named semaphores this process made (its pools' queues and locks), as the
    finalizers of a normal exit do (``multiprocessing.util._exit_function``). A process ended
    with ``os._exit`` (the interrupt watchdog's ``emergency_exit``) runs none of them, and
    the resource tracker it leaves behind then printed 'resource_tracker: There appear to
    be 5 leaked semaphore objects to clean up at shutdown' after the command's last line."""
    from multiprocessing import synchronize, util

    cleanup = getattr(getattr(synchronize, "SemLock", None), "_cleanup", None)
    if cleanup is None:  # (another Python: its private finalizers are not known here)
        return
    for finalizer in list(getattr(util, "_finalizer_registry", {}).values()):
        if getattr(finalizer, "_callback", None) is cleanup:
            with suppress(Exception):  # (already unlinked, or the tracker is gone)
                finalizer()


# multiprocessing's resource tracker with its warnings off: it still unlinks what a process
# left registered, but says nothing about it after the command's last line
TRACKER_QUIET = "ignore::UserWarning:multiprocessing.resource_tracker"
_QUIET_TRACKER: list[int] = []  # the pid of a tracker started with TRACKER_QUIET


def quiet_resource_tracker() -> None:
    """Start multiprocessing's resource tracker now, in this thread, with its warnings off.

    The tracker is a child interpreter started with this one's ``-W`` options; it unlinks
    every semaphore still registered when its pipe closes (the last process holding it has
    ended), warning 'There appear to be N leaked semaphore objects' and "'/mp-…': No such
    file or directory" for one unlinked but not yet struck off. An interrupted command can
    leave either: Dask's event loop makes a worker's queues while the command ends (CI, a
    Ctrl-C while the LocalCluster started), or the exit falls between a semaphore's unlink
    and its unregistering. The clean-up is right; the lines after staffsim's are noise.

    Started here, and not on the first queue, because its start unblocks SIGINT and SIGTERM
    in the thread that starts it (``pthread_sigmask(SIG_UNBLOCK)``, not the mask it found):
    a worker started with SIGINT blocked would have lost the block."""
    from multiprocessing import resource_tracker

    with _LOCK:
        if TRACKER_QUIET not in sys.warnoptions:
            sys.warnoptions.append(TRACKER_QUIET)  # (read when an interpreter is started)
        tracker = getattr(resource_tracker, "_resource_tracker", None)
        started = getattr(tracker, "_pid", None)
        resource_tracker.ensure_running()
        pid = getattr(tracker, "_pid", None)
        if pid and pid != started:
            _QUIET_TRACKER[:] = [pid]


def end_resource_tracker() -> None:
    """Just before an ``os._exit``: leave a quiet tracker (``quiet_resource_tracker``) to
    unlink what is left once the workers are gone; end any other one now, with its last
    words: under load the watchdog's exit could fall while the main thread was between a
    semaphore's unlink and its unregistering (the pool's own finalizer), and the tracker
    then printed "There appear to be 1 leaked semaphore objects" and "'/mp-…': No such file
    or directory" after the command's last line (CI, a sweep interrupted by Ctrl-C)."""
    from multiprocessing import resource_tracker

    tracker = getattr(resource_tracker, "_resource_tracker", None)
    pid = getattr(tracker, "_pid", None)
    if pid and pid not in _QUIET_TRACKER:
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)
