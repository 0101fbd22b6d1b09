"""Where runs execute: this process, local processes, or a Dask distributed cluster.

Everything is a ``concurrent.futures.Executor``, so the sweep does not know which one runs it;
results do not depend on it (each run's seed comes from its run id).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager, suppress

from staffsim.model.workers import process_pool, quiet_resource_tracker, worker_init
from staffsim.scenarios.errors import ScenarioError, cut, quote


def _connect(client_type: type, scheduler: str, timeout_s: float):
    """A Client of ``scheduler`` within ``timeout_s`` seconds, or a clear error. distributed's
    own timeout covers opening the connection but not the handshake after it, so a server
    that accepts and never answers would hang it: the connection is made in a daemon thread
    that is given up on at the deadline."""
    result: dict = {}

    def connect() -> None:
        try:
            result["client"] = client_type(scheduler, timeout=f"{timeout_s}s")
        except BaseException as e:  # handed to the waiting thread
            result["error"] = e

    t = threading.Thread(target=connect, daemon=True, name="staffsim-dask-connect")
    t.start()
    t.join(timeout_s + 1.0)
    if "client" in result:
        return result["client"]
    why = (f"no answer within {timeout_s:g} s (--connect-timeout)" if t.is_alive()
           else cut(str(result.get("error")), 160))
    raise ScenarioError("command line", "--scheduler", f"cannot reach a Dask scheduler at "
                        f"{quote(scheduler)} ({why}); start one with `dask scheduler` and "
                        "`dask worker ADDRESS`")


def _local_worker_plugin() -> type:
    from distributed import WorkerPlugin

    class LocalWorker(WorkerPlugin):
        """In each LocalCluster worker process: leave Ctrl-C to staffsim (the worker
        processes share its terminal's process group) and die with it."""

        def setup(self, worker) -> None:
            import logging

            # a stopped sweep cancels tasks and closes the scheduler under the workers: their
            # logs would fill the user's terminal; a failing run reaches staffsim as an error
            logging.getLogger("distributed").setLevel(logging.CRITICAL)
            if threading.current_thread() is threading.main_thread():
                worker_init(os.getppid())

    return LocalWorker


@contextmanager
def dask_executor(scheduler: str | None, workers: int,
                  connect_timeout_s: float = 10.0) -> Iterator[Executor]:
    """An existing cluster's executor (``scheduler`` address, as printed by ``dask scheduler``),
    or a LocalCluster of ``workers`` single-threaded processes on loopback. A scheduler that
    does not answer within ``connect_timeout_s`` seconds is an error naming the address."""
    # deferred: distributed takes about a second to import and only Dask sweeps need it
    from distributed import Client, LocalCluster

    LocalWorker = _local_worker_plugin()  # noqa: N806  (a class, made where distributed is)

    # distributed logs every worker start and stop at INFO: keep the console to our progress bar
    logging.getLogger("distributed").setLevel(logging.WARNING)
    if scheduler:
        client = _connect(Client, scheduler, connect_timeout_s)
        if not os.environ.get("STAFFSIM_DEBUG"):
            # a scheduler lost mid-sweep: distributed and tornado logged 30-80 lines of
            # tracebacks before staffsim's one line saying so (a review); STAFFSIM_DEBUG
            # keeps them
            for name in ("distributed", "tornado"):
                logging.getLogger(name).setLevel(logging.CRITICAL)
        with client:
            yield client.get_executor()
        return
    from staffsim.results.folder import temporary_folder

    # the workers' scratch space (dask-scratch-space/ with its global.lock and purge.lock) in a
    # folder of staffsim's own, removed with the cluster: distributed leaves it in $TMPDIR
    with temporary_folder(SCRATCH_PREFIX) as scratch:
        cluster = _start_local_cluster(LocalCluster, workers, str(scratch))
        with cluster, Client(cluster) as client:
            client.register_plugin(LocalWorker())
            yield client.get_executor()


def _start_local_cluster(local_cluster: type, workers: int, scratch: str | None = None):
    """A LocalCluster of ``workers`` processes, started with SIGINT blocked: the cluster's
    event-loop thread is made here, the threads it starts worker processes from inherit its
    mask, and the workers start with SIGINT blocked (``model.signals``) until ``LocalWorker``
    ignores it; a Ctrl-C while they import is then staffsim's alone (it printed a
    KeyboardInterrupt traceback from each spawned worker). A cluster interrupted while it
    starts is given up (``_abandon``): distributed's exit hook closing a cluster that never
    ran printed 'AssertionError: Status.init' after staffsim's line."""
    import dask
    from distributed.deploy.spec import SpecCluster

    from staffsim.model.signals import sigint_blocked

    # the resource tracker first: starting it unblocks SIGINT in the thread that starts it,
    # and distributed's event loop would start it when the workers' queues are made
    quiet_resource_tracker()
    # (a private registry of distributed's: without it, a cluster cut short is not given up)
    before = set(getattr(SpecCluster, "_instances", ()))
    try:
        # the scheduler's workspace follows dask's temporary-directory, the workers' theirs
        with sigint_blocked(), dask.config.set({"temporary-directory": scratch}):
            return local_cluster(n_workers=workers, threads_per_worker=1, processes=True,
                                 host="127.0.0.1", dashboard_address=None,
                                 local_directory=scratch)
    except BaseException:
        for cluster in set(getattr(SpecCluster, "_instances", ())) - before:
            _abandon(cluster)
        raise


def _abandon(cluster) -> None:
    """Give up a cluster that never finished starting: its worker processes are killed now
    (they would end with this process anyway: distributed's children exit when the pipe to
    their parent closes) and distributed's exit hook leaves it alone."""
    import signal

    cluster.shutdown_on_close = False
    # its watch threads would log the killed workers' exit after staffsim's line
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    for nanny in list(getattr(cluster, "workers", {}).values()):
        pid = getattr(getattr(getattr(nanny, "process", None), "process", None), "pid", None)
        if pid:
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)


SCRATCH_PREFIX = "staffsim-dask-"  # a LocalCluster's scratch folder in $TMPDIR


@contextmanager
def make_executor(kind: str, workers: int, scheduler: str | None = None,
                  connect_timeout_s: float = 10.0) -> Iterator[Executor | None]:
    """``None`` (run in this process) for one local worker; otherwise an executor. The
    scratch folders of LocalClusters whose staffsim was killed outright (SIGKILL: nothing
    of it cleans up) are removed first, whatever the executor (``folder.remove_abandoned``:
    only staffsim's, only once their process has ended)."""
    from staffsim.results.folder import remove_abandoned

    if scheduler and kind != "dask":
        raise ScenarioError("command line", "--scheduler", "goes with --executor dask")
    remove_abandoned(SCRATCH_PREFIX)
    if kind == "dask":
        with dask_executor(scheduler, workers, connect_timeout_s) as ex:
            yield ex
        return
    if workers <= 1:
        yield None
        return
    with process_pool(workers) as pool:
        yield pool
