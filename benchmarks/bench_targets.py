"""The speed targets of issue 15, each command measured whole in fresh processes (start-up
included; median of --repeat runs; peak memory of the process tree; load noted).

    python benchmarks/bench_targets.py [--repeat 5] [--only NAME ...] [--json OUT]

| command | target |
|---|---|
| plan Vietnam, every province proven optimal, marginal values included | < 20 s, < 1 GB |
| plan Thanh Hóa with marginal values | < 1.0 s |
| whatif Thanh Hóa (a lever change; a manual move) | < 1.0 s |
| frontier Thanh Hóa, 13 budget points | < 3 s |
| run Thanh Hóa 60 months, figures included | < 1.0 s |
| run Vietnam 60 months | < 4 s, < 400 MB |

The plan cache (optimize/cache.py) is off except for the what-if runs marked "baseline kept",
where a plan of the scenario has been made first (as an HR planner's questions follow a plan):
the variant is solved each time, the baseline read back.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import machine_speed, measure  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TH, VN = "scenarios/thanh_hoa.toml", "scenarios/vietnam.toml"
MOVE = ["--move", "16531-020,16531-021=Muong Lat", "--keep", "14797-020"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--json", type=Path, help="also write the runs as JSON")
    ap.add_argument("--repo", type=Path, default=REPO,
                    help="the checkout to measure (its scenarios; default: this one)")
    ap.add_argument("--python", default=sys.executable,
                    help="the interpreter with that checkout's staffsim installed")
    args = ap.parse_args()
    staffsim = [args.python, "-m", "staffsim.cli"]
    tmp = Path(tempfile.mkdtemp(prefix="staffsim-bench-"))
    out = tmp / "out"
    cache = tmp / "cache"
    env_off = {**os.environ, "STAFFSIM_NO_CACHE": "1"}
    env_cache = {k: v for k, v in os.environ.items() if k != "STAFFSIM_NO_CACHE"}
    env_cache["STAFFSIM_CACHE_DIR"] = str(cache)

    def clear_out() -> None:
        shutil.rmtree(out, ignore_errors=True)

    baseline: list[Path] = []
    planned: list[bool] = []

    def keep_baseline_only() -> None:
        """The cache as a plan leaves it: the baseline's entry and nothing else (a checkout
        without the cache keeps nothing)."""
        if not planned:
            planned.append(True)
            shutil.rmtree(cache, ignore_errors=True)
            subprocess.run([*staffsim, "plan", TH, "--no-marginals", "--out", str(tmp / "p"),
                            "--force"], cwd=args.repo, env=env_cache, check=True,
                           capture_output=True)
            baseline.extend(cache.glob("*.json"))
        for p in cache.glob("*.json"):
            if p not in baseline:
                p.unlink()

    cases = [
        ("plan Vietnam", [*staffsim, "plan", VN, "--out", str(out)], env_off, clear_out,
         20.0, 1024.0),
        ("plan Thanh Hóa", [*staffsim, "plan", TH, "--out", str(out)], env_off, clear_out,
         1.0, None),
        ("whatif Thanh Hóa, budget 36e9", [*staffsim, "whatif", TH, "--set",
                                           "optimizer.budget_vnd=36e9"], env_off, None, 1.0,
         None),
        ("whatif Thanh Hóa, budget 36e9, baseline kept", [
            *staffsim, "whatif", TH, "--set", "optimizer.budget_vnd=36e9"], env_cache,
         keep_baseline_only, 1.0, None),
        ("whatif Thanh Hóa, manual move", [*staffsim, "whatif", TH, *MOVE], env_off, None,
         1.0, None),
        ("whatif Thanh Hóa, manual move, baseline kept", [*staffsim, "whatif", TH, *MOVE],
         env_cache, keep_baseline_only, 1.0, None),
        ("frontier Thanh Hóa, 13 budget points", [
            *staffsim, "frontier", TH, "--lever", "optimizer.budget_vnd", "--range",
            "0:60e9:13", "--out", str(out)], env_off, clear_out, 3.0, None),
        ("run Thanh Hóa 60 months", [*staffsim, "run", TH, "--months", "60", "--out",
                                     str(out)], env_off, clear_out, 1.0, None),
        ("run Vietnam 60 months", [*staffsim, "run", VN, "--months", "60", "--out",
                                   str(out)], env_off, clear_out, 4.0, 400.0),
    ]
    results = []
    gauge = [machine_speed()]
    print(f"machine gauge (pure Python, sum of 10 million integers): {gauge[0]:.2f} s",
          flush=True)
    for name, cmd, env, prepare, target_s, target_mb in cases:
        if args.only and not any(o.lower() in name.lower() for o in args.only):
            continue
        r = measure(name, cmd, args.repeat, cwd=args.repo, env=env, prepare=prepare)
        print(r.line(target_s, target_mb), flush=True)
        results.append({"name": name, "command": " ".join(cmd[2:]), "median_s": r.median_s,
                        "median_cpu_s": r.median_cpu_s,
                        "peak_mb": r.peak_mb, "target_s": target_s, "target_mb": target_mb,
                        "runs": [vars(x) for x in r.runs]})
    gauge.append(machine_speed())
    print(f"machine gauge after: {gauge[1]:.2f} s", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"machine_gauge_s": gauge, "commands": results},
                                        indent=1, ensure_ascii=False),
                             encoding="utf-8")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
