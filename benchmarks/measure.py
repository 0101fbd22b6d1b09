"""How the benchmarks measure a command: wall time of the whole process (start-up included) and
peak memory of its whole process tree (the command, its worker processes and its figure
worker: resident set sizes summed, sampled every 10 ms), over repeated runs in fresh processes,
with the machine's load noted (other work on a 2-core machine changes the times)."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * PAGE_KB
    except (OSError, ValueError, IndexError):
        return 0


def tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants now."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _rss_kb(p)
        todo += _children(p)
    return total


def load() -> str:
    """/proc/loadavg: 1, 5 and 15-minute load and runnable/total threads now."""
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            return " ".join(f.read().split()[:4])
    except OSError:
        return "?"


def machine_speed(repeat: int = 3) -> float:
    """Seconds a fixed piece of pure Python (summing the first 10 million integers) takes on
    this machine now, the fastest of ``repeat``. The same commit's times move with the
    machine (a shared 2-core host: `run` Thanh Hóa took 0.81 s at one hour and 1.49 s at
    another), so the benchmarks print it beside their figures. It is a rough sign, not a
    divisor: at 0.42 s and at 0.20 s of it `staffsim --help` took about the same 0.4 s
    (3 December), start-up being mostly module code run once, which the gauge does not
    exercise the same way."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        sum(range(10_000_000))
        best = min(best, time.perf_counter() - t)
    return best


@dataclass
class Run:
    wall_s: float
    peak_mb: float
    load_before: str
    returncode: int
    cpu_s: float = 0.0  # user + system of the command and the processes it waited for


@dataclass
class Result:
    name: str
    command: list[str]
    runs: list[Run] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def median_cpu_s(self) -> float:
        return statistics.median(r.cpu_s for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    def line(self, target_s: float | None = None, target_mb: float | None = None) -> str:
        walls = ", ".join(f"{r.wall_s:.2f}" for r in self.runs)
        ok = []
        if target_s is not None:
            ok.append(f"< {target_s:g} s {'ok' if self.median_s < target_s else 'MISSED'}")
        if target_mb is not None:
            ok.append(f"< {target_mb:,.0f} MB {'ok' if self.peak_mb < target_mb else 'MISSED'}")
        return (f"{self.name}: median {self.median_s:.2f} s of {len(self.runs)} ({walls}); "
                f"CPU {self.median_cpu_s:.2f} s; peak {self.peak_mb:,.0f} MB; "
                f"{'; '.join(ok)}; load before each run: "
                f"{' | '.join(r.load_before for r in self.runs)}")


def _sample(pid: int, peak: list[int], done: threading.Event) -> None:
    while not done.is_set():
        peak[0] = max(peak[0], tree_rss_kb(pid))
        done.wait(0.01)


def measure(name: str, command: list[str], repeat: int = 5, cwd: Path | None = None,
            env: dict[str, str] | None = None,
            prepare: Callable[[], None] | None = None) -> Result:
    """Run ``command`` ``repeat`` times (``prepare`` before each), each in a fresh process."""
    result = Result(name, command)
    for _ in range(repeat):
        if prepare:
            prepare()
        before = load()
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = [0]
        t0 = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        done = threading.Event()
        sampler = threading.Thread(target=_sample, args=(proc.pid, peak, done), daemon=True)
        sampler.start()
        _, err = proc.communicate()
        wall = time.perf_counter() - t0
        done.set()
        sampler.join()
        if proc.returncode:
            raise RuntimeError(f"{name}: exit {proc.returncode}: {err.decode()[-800:]}")
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (now.ru_utime - used.ru_utime) + (now.ru_stime - used.ru_stime)
        result.runs.append(Run(wall, peak[0] / 1024, before, proc.returncode, cpu))
    return result
