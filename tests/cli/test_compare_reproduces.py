"""A comparison folder reproduces itself from its own scenario.toml alone: the arms chosen
with --policies (an arm defined with --set among them), the horizon of --months and the
replications of --replications are in it, so ``compare FOLDER/scenario.toml`` with no other
option runs the same arms and gives the same tables. It ran the scenario's five default arms
after a comparison of three (a researcher's trial)."""

from __future__ import annotations

import json

from ..conftest import write_scenario
from ..helpers import run_cli
from .test_reproduce import tables


def test_compare_folder_reproduces_its_arms_months_and_replications(tmp_path, capsys):
    scenario = write_scenario(tmp_path, "[simulation]\nmonths = 5\nseed = 11\n")
    first, second = tmp_path / "first", tmp_path / "second"
    code, _, err = run_cli(
        capsys, "compare", str(scenario), "--policies", "none,faster,optimised",
        "--set", 'compare.arms.faster.policies=["recruitment"]',
        "--months", "3", "--replications", "2", "--seed", "4", "--workers", "1",
        "--out", str(first))
    assert code == 0, err
    code, _, err = run_cli(capsys, "compare", str(first / "scenario.toml"), "--workers", "1",
                           "--out", str(second))
    assert code == 0, err
    ran = json.loads((second / "comparison.json").read_text(encoding="utf-8"))
    # what the first command chose, not the scenario's defaults (5 arms, 36 months, 20 runs)
    assert list(ran["arms"]) == ["none", "faster", "optimised"]
    assert (ran["months"], ran["replications"], ran["seed"]) == (3, 2, 4)
    for name in ("replications.csv", "comparison.csv", "arm_timeseries.csv",
                 "communes_end.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert tables(first) == tables(second)
    # the communes' names open in Excel: UTF-8 with its byte-order mark (a researcher's trial:
    # the table had none and Excel on Windows garbled the diacritics)
    assert (first / "communes_end.csv").read_bytes().startswith(b"\xef\xbb\xbfarm,")
