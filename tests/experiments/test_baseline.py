"""Fixed-seed baseline of summary outcomes (regenerate only with scripts/update_baselines.py)."""

import importlib.util
import json
import math

from ..conftest import REPO

spec = importlib.util.spec_from_file_location("update_baselines",
                                              REPO / "scripts" / "update_baselines.py")
update_baselines = importlib.util.module_from_spec(spec)
spec.loader.exec_module(update_baselines)


def test_demo_comparison_matches_the_stored_baseline():
    stored = json.loads(update_baselines.BASELINE.read_text(encoding="utf-8"))["means"]
    fresh = update_baselines.compute()
    assert set(fresh) == set(stored)
    for arm, metrics in stored.items():
        for key, value in metrics.items():
            got = fresh[arm][key]
            if value is None:
                assert got is None or math.isnan(got), (arm, key)
                continue
            assert math.isclose(got, value, rel_tol=1e-6, abs_tol=1e-6), (arm, key, got, value)
