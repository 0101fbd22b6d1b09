"""Small result folders of every kind, made once for the results tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from staffsim.cli import main

from ..conftest import write_scenario

SWEEP = """
[simulation]
seed = 5
[sweep]
design = "latin"
samples = 3
replications = 2
months = 3
[sweep.levers."optimizer.budget_vnd"]
range = [0, 2e9]
[sweep.uncertainties."dynamics.attrition_annual"]
range = [0.01, 0.08]
"""


def made(*args: str) -> None:
    code = main(list(args))
    assert code == 0, args


@pytest.fixture(scope="session")
def folders(tmp_path_factory) -> dict[str, Path]:
    """run, compare, plan, frontier and sweep folders of the tiny province."""
    root = tmp_path_factory.mktemp("folders")
    tiny = str(write_scenario(root, SWEEP))
    out = {k: root / k for k in ("run", "compare", "plan", "frontier", "sweep")}
    made("run", tiny, "--months", "3", "--replications", "2", "--out", str(out["run"]))
    made("compare", tiny, "--policies", "none,optimised", "--replications", "2", "--months",
         "3", "--workers", "1", "--out", str(out["compare"]))
    made("plan", tiny, "--no-marginals", "--out", str(out["plan"]))
    made("frontier", tiny, "--lever", "optimizer.budget_vnd", "--range", "0:1e9:2",
         "--workers", "1", "--out", str(out["frontier"]))
    made("sweep", tiny, "--workers", "1", "--out", str(out["sweep"]))
    made("analyze", str(out["sweep"]))
    out["analysis"] = out["sweep"] / "analysis"
    out["scenario"] = Path(tiny)
    return out
