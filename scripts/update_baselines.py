"""Regenerate the fixed-seed baselines that tests/test_baseline.py compares against.

    .venv/bin/python scripts/update_baselines.py

Run it only when a change of results is intended, and say why in the commit message: the
test exists to catch unintended changes of simulated outcomes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BASELINE = REPO / "tests" / "baselines" / "demo_compare.json"
ARMS = ["none", "optimised", "rolling", "secondment", "contracts"]
REPLICATIONS, MONTHS, SEED = 3, 12, 20250701


def compute() -> dict:
    """Mean of every comparison metric, per arm and area, for the demo scenario."""
    from staffsim.experiments.compare import arm_specs, run_compare, summarize_arms
    from staffsim.scenarios.loader import load_scenario

    sc = load_scenario(REPO / "scenarios" / "demo.toml",
                       {"policies.rolling_every_months": 4, "policies.secondment_months": 4})
    specs = arm_specs(sc, ARMS, MONTHS)
    summary = summarize_arms(specs, run_compare(specs, REPLICATIONS, SEED))
    return {arm: {f"{m}|{a}": v["mean"] for m, e in entry["metrics"].items()
                  for a, v in e["areas"].items()}
            for arm, entry in summary["arms"].items()}


def main() -> None:
    BASELINE.write_text(json.dumps({"arms": ARMS, "replications": REPLICATIONS,
                                    "months": MONTHS, "seed": SEED, "means": compute()},
                                   indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {BASELINE}")


if __name__ == "__main__":
    main()
