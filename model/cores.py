"""How many cores this process may use (worker counts, threads, the figure worker's split)."""

from __future__ import annotations

import math
import os
from pathlib import Path

CPU_MAX = Path("/sys/fs/cgroup/cpu.max")  # cgroup v2: "<quota> <period>" or "max <period>"


def usable_cores(cpu_max: Path = CPU_MAX) -> int:
    """The cores this process may run on, at least 1: its CPU affinity (``taskset``, a
    scheduler's CPU set; ``os.cpu_count`` counts the machine's), capped by a cgroup CPU quota
    (a container given 1.5 CPUs: 2) — on a 16-core machine a job allowed 2 cores that
    started 16 workers got them time-sliced, slower than 2."""
    count = getattr(os, "process_cpu_count", None)  # (Python 3.13: the affinity's)
    if count is not None:
        n = count() or 1
    else:
        try:
            n = len(os.sched_getaffinity(0)) or 1
        except (AttributeError, OSError):  # (not Linux)
            n = os.cpu_count() or 1
    try:
        quota, period = cpu_max.read_text().split()[:2]
        if quota != "max" and float(period) > 0:
            n = min(n, max(1, math.ceil(float(quota) / float(period))))
    except (OSError, ValueError):  # no cgroup v2 limit here (or not Linux)
        pass
    return n
