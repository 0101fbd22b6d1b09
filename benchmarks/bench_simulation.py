"""Wall time and peak memory of one simulation replication (60 months).

    python benchmarks/bench_simulation.py [--repeat 3]

The replication alone, in a process of its own (peak memory ru_maxrss). Issue 15's targets are
for the whole `staffsim run` command, figures and folder included: Thanh Hóa under 1 s, Vietnam
under 4 s and 400 MB (benchmarks/bench_targets.py); a replication must take a fraction of that.
benchmarks/bench_ratios.py compares it with one Mesa agent per official.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGETS_S = {"thanh_hoa": 1.0, "vietnam": 4.0}


def measure(name: str, months: int, repeat: int) -> dict:
    """Run inside a child process: load, build roster and simulate, best of ``repeat``."""
    sys.path.insert(0, str(REPO))
    import staffsim.optimize.families  # noqa: F401  (their sections are valid in scenarios)
    from staffsim.model.replications import run_replication
    from staffsim.scenarios.loader import load_scenario

    t0 = time.perf_counter()
    sc = load_scenario(REPO / "scenarios" / f"{name}.toml", {"simulation.months": months})
    load_s = time.perf_counter() - t0
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run_replication(sc, 0)
        times.append(time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"scenario": name, "communes": len(sc.communes), "months": months,
            "load_s": round(load_s, 3), "replication_s_best": round(min(times), 3),
            "replication_s_all": [round(t, 3) for t in times], "peak_rss_mb": round(peak_mb, 1),
            "target_s": TARGETS_S[name], "meets_target": min(times) < TARGETS_S[name]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--months", type=int, default=60)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.months, args.repeat)))
        return
    for name in TARGETS_S:
        out = subprocess.run([sys.executable, __file__, "--child", name, "--repeat",
                              str(args.repeat), "--months", str(args.months)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        print(f"{name:10s} {r['communes']:5d} communes x {r['months']} months: "
              f"{r['replication_s_best']:.3f} s per replication (best of {args.repeat}; "
              f"target < {r['target_s']:g} s: {'ok' if r['meets_target'] else 'MISSED'}), "
              f"load {r['load_s']:.3f} s, peak RSS {r['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
