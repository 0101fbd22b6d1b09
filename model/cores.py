"""How many cores this process may use (worker counts, threads, the figure worker's split)."""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")


def usable_cores(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP) -> int:
    """The cores this process may run on, at least 1: its CPU affinity (``taskset``, a
    scheduler's CPU set; ``os.cpu_count`` counts the machine's), capped by the tightest CPU
    quota of its cgroup and the cgroups above it (a container given 1.5 CPUs: 2; a systemd
    slice or a batch job's cgroup limited to 2 cores) — on a 16-core machine a job allowed 2
    cores that started 16 workers got them time-sliced, slower than 2."""
    count = getattr(os, "process_cpu_count", None)  # (Python 3.13: the affinity's)
    if count is not None:
        n = count() or 1
    else:
        try:
            n = len(os.sched_getaffinity(0)) or 1
        except (AttributeError, OSError):  # (not Linux)
            n = os.cpu_count() or 1
    quota = cgroup_quota(root, proc_cgroup)
    if quota is not None:
        n = min(n, max(1, math.ceil(quota)))
    return n


def cgroup_quota(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP) -> float | None:
    """The tightest CPU quota, in cores, on the way from this process's cgroup up to the
    root, cgroup v2 (``cpu.max``: "<quota> <period>" or "max <period>"; under ``unified/``
    on a hybrid mount) or v1 (``cpu/cpu.cfs_quota_us``, -1 for none, over
    ``cpu.cfs_period_us``); None when there is none or nothing can be read (not Linux).

    Every level counts because a parent's limit binds its children (a systemd slice, a
    batch scheduler's job). Inside a container /proc/self/cgroup may name a path the
    container's mount does not have (the mount is the container's own cgroup): levels
    that do not exist are skipped and the mount's root is read."""
    try:
        lines = proc_cgroup.read_text().splitlines()
    except OSError:
        lines = []
    v2, v1 = "/", "/"
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        if parts[0] == "0" and parts[1] == "":
            v2 = parts[2] or "/"
        elif "cpu" in parts[1].split(","):
            v1 = parts[2] or "/"
    found = [q for q in (*_levels(root, v2, _v2_quota),
                         *_levels(root / "unified", v2, _v2_quota),
                         *_levels(root / "cpu", v1, _v1_quota)) if q is not None]
    return min(found) if found else None


def _levels(mount: Path, path: str, read) -> list[float | None]:
    """``read`` at each directory from ``mount``/``path`` up to ``mount``."""
    parts = [p for p in path.split("/") if p and p not in (".", "..")]
    return [read(mount.joinpath(*parts[:i])) for i in range(len(parts), -1, -1)]


def _v2_quota(folder: Path) -> float | None:
    try:
        quota, period = (folder / "cpu.max").read_text().split()[:2]
        if quota != "max" and float(period) > 0 and float(quota) > 0:
            return float(quota) / float(period)
    except (OSError, ValueError):  # no limit at this level (or not Linux)
        pass
    return None


def _v1_quota(folder: Path) -> float | None:
    try:
        quota = float((folder / "cpu.cfs_quota_us").read_text())
        period = float((folder / "cpu.cfs_period_us").read_text())
        if quota > 0 and period > 0:  # (-1: no limit)
            return quota / period
    except (OSError, ValueError):
        pass
    return None
