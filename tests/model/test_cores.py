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


@pytest.mark.parametrize(("allowed", "cpu_max", "expected"), [
    (2, None, 2),  # taskset -c 0,1 on 16 cores
    (16, "max 100000\n", 16),  # a cgroup without a quota
    (16, "150000 100000\n", 2),  # docker --cpus 1.5: two cores, each partly
    (16, "50000 100000\n", 1),  # half a core: still one
    (4, "800000 100000\n", 4),  # a quota above the CPU set: the set
    (3, "garbled", 3),  # an unreadable file: the set
])
def test_usable_cores(tmp_path, affinity, allowed, cpu_max, expected):
    affinity(allowed)
    path = tmp_path / "cpu.max"
    if cpu_max is not None:
        path.write_text(cpu_max)
    assert usable_cores(path) == expected

