"""Sweeps at scale: 1,000 Thanh Hóa runs, Dask overhead, and the country as one sweep.

    python benchmarks/bench_sweep.py [--only thanh_hoa|dask|vietnam]

Each case is ``staffsim sweep`` in a fresh process (imports, loading, design, runs, writing the
folder), timed from outside; peak memory is the largest resident set of the process tree.
Targets on the 2-core reference machine:
- thanh_hoa: the bundled sweep, 1,000 runs of 36 months with a once-optimised plan each, local
  executor on 2 processes: under 10 minutes;
- dask: the same 200-run sweep on a 2-worker Dask LocalCluster within 1.5x of the local
  executor with 2 processes;
- vietnam: all 34 provinces as one sweep (68 runs of 60 months): time and peak memory reported
  (the per-replication national target is in bench_simulation.py).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios"


def sweep(scenario: str, *args: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sweep"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "staffsim.cli", "sweep",
                        str(SCENARIOS / f"{scenario}.toml"), "--out", str(out), *args],
                       check=True, capture_output=True, cwd=REPO)
        wall = time.perf_counter() - t
        manifest = json.loads((out / "manifest.json").read_text())
    # children's peak RSS (KiB on Linux): the CLI and the worker processes it waited for
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"wall_s": wall, "runs": manifest["runs"], "peak_mb": peak_mb}


def bench_thanh_hoa() -> None:
    r = sweep("thanh_hoa", "--workers", "2")
    print(f"thanh_hoa  {r['runs']} runs x 36 months, local x 2: {r['wall_s']:.1f} s "
          f"({r['wall_s'] / r['runs'] * 1000:.0f} ms a run); target < 600 s: "
          f"{'ok' if r['wall_s'] < 600 else 'MISSED'}")


def bench_dask() -> None:
    small = ["--set", "sweep.samples=10", "--set", "sweep.replications=20", "--workers", "2"]
    local = sweep("thanh_hoa", *small)
    dask = sweep("thanh_hoa", *small, "--executor", "dask")
    ratio = dask["wall_s"] / local["wall_s"]
    print(f"dask       {local['runs']} runs: local x 2 {local['wall_s']:.1f} s, Dask "
          f"LocalCluster x 2 {dask['wall_s']:.1f} s, ratio {ratio:.2f}; target <= 1.5: "
          f"{'ok' if ratio <= 1.5 else 'MISSED'}")


def bench_vietnam() -> None:
    r = sweep("vietnam", "--workers", "2")
    print(f"vietnam    {r['runs']} runs (34 provinces x 2 replications x 60 months), local x 2: "
          f"{r['wall_s']:.1f} s; largest process {r['peak_mb']:.0f} MB")


CASES = {"thanh_hoa": bench_thanh_hoa, "dask": bench_dask, "vietnam": bench_vietnam}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=sorted(CASES))
    args = ap.parse_args()
    for name, fn in CASES.items():
        if not args.only or name == args.only:
            fn()


if __name__ == "__main__":
    main()
