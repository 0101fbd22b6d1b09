"""Wall time of ``staffsim compare scenarios/thanh_hoa.toml``: 5 arms x 20 replications x
36 months (the scenario's defaults) on all cores, in a fresh process.

    python benchmarks/bench_compare.py

Target on the 2-core reference machine: under 60 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_S = 60.0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "compare"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "staffsim.cli", "compare",
                        str(REPO / "scenarios" / "thanh_hoa.toml"), "--out", str(out)],
                       check=True, capture_output=True, cwd=REPO)
        wall = time.perf_counter() - t
        m = json.loads((out / "manifest.json").read_text())
    print(f"compare thanh_hoa: {len(m['arms'])} arms x {m['replications']} replications x "
          f"{m['months']} months: {wall:.1f} s end to end (simulation "
          f"{m['timings_s']['simulate_s']:.1f} s); target < {TARGET_S:g} s: "
          f"{'ok' if wall < TARGET_S else 'MISSED'}")


if __name__ == "__main__":
    main()
