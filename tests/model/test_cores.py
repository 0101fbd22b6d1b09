"""The cores a command uses are those it may run on, not the machine's."""

from __future__ import annotations

import os

import pytest

from staffsim.model.cores import usable_cores


@pytest.fixture
def affinity(monkeypatch):
    """The process's CPU set made ``n`` cores on a 16-core machine."""
    def set_to(n: int) -> None:
        monkeypatch.setattr(os, "cpu_count", lambda: 16)
        monkeypatch.setattr(os, "process_cpu_count", lambda: n, raising=False)
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(n)), raising=False)
    return set_to


def cgroup(tmp_path, proc: str, files: dict[str, str]):
    """A fake cgroup mount under ``tmp_path/fs`` and a /proc/self/cgroup naming ``proc``."""
    root = tmp_path / "fs"
    root.mkdir()
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    (tmp_path / "proc").write_text(proc)
    return root, tmp_path / "proc"


@pytest.mark.parametrize(("allowed", "cpu_max", "expected"), [
    (2, None, 2),  # taskset -c 0,1 on 16 cores
    (16, "max 100000\n", 16),  # a cgroup without a quota
    (16, "150000 100000\n", 2),  # docker --cpus 1.5: two cores, each partly
    (16, "50000 100000\n", 1),  # half a core: still one
    (4, "800000 100000\n", 4),  # a quota above the CPU set: the set
    (3, "garbled", 3),  # an unreadable file: the set
])
def test_container_v2(tmp_path, affinity, allowed, cpu_max, expected):
    """A container: its cgroup is the mount's root ("0::/")."""
    affinity(allowed)
    root, proc = cgroup(tmp_path, "0::/\n", {} if cpu_max is None else {"cpu.max": cpu_max})
    assert usable_cores(root, proc) == expected


def test_v2_nested_parent_binds(tmp_path, affinity):
    """A batch job's cgroup without a limit inside a slice limited to 3 cores (300000 over
    100000): 3, the parent's limit, although the job's own file says max."""
    affinity(16)
    root, proc = cgroup(tmp_path, "0::/batch.slice/job42.scope\n", {
        "batch.slice/cpu.max": "300000 100000\n",
        "batch.slice/job42.scope/cpu.max": "max 100000\n"})
    assert usable_cores(root, proc) == 3


def test_v2_nested_child_tighter(tmp_path, affinity):
    """The job's own 1.2 cores under a 6-core slice: 2 (1.2 rounded up)."""
    affinity(16)
    root, proc = cgroup(tmp_path, "0::/a/b\n", {
        "a/cpu.max": "600000 100000\n", "a/b/cpu.max": "120000 100000\n"})
    assert usable_cores(root, proc) == 2


def test_v1_hybrid(tmp_path, affinity):
    """cgroup v1 (a hybrid mount, as on this CI machine): cfs quota 250000 over 100000 = 2.5
    cores: 3; the v2 hierarchy under unified/ has no limit."""
    affinity(16)
    root, proc = cgroup(tmp_path, "4:memory:/x\n1:cpu,cpuacct:/docker/abc\n0::/\n", {
        "cpu/docker/abc/cpu.cfs_quota_us": "250000\n",
        "cpu/docker/abc/cpu.cfs_period_us": "100000\n",
        "unified/cpu.max": "max 100000\n"})
    assert usable_cores(root, proc) == 3


def test_v1_no_limit(tmp_path, affinity):
    """cfs quota -1 is no limit: the CPU set."""
    affinity(5)
    root, proc = cgroup(tmp_path, "1:cpu,cpuacct:/\n", {
        "cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"})
    assert usable_cores(root, proc) == 5


def test_path_missing_in_container_mount(tmp_path, affinity):
    """/proc/self/cgroup names the host's path, which the container's mount does not have:
    the mount's root (the container's own cgroup) is read."""
    affinity(16)
    root, proc = cgroup(tmp_path, "0::/kubepods/pod1/c2\n", {"cpu.max": "200000 100000\n"})
    assert usable_cores(root, proc) == 2


def test_nothing_readable(tmp_path, affinity):
    affinity(7)
    assert usable_cores(tmp_path / "none", tmp_path / "none2") == 7
