"""whatif's first line says the budget the variant's plan has, not the one typed, when the
scenario scales the budget per province (vietnam.toml: budget.scale = mountain_communes over 77
reference communes). A Lạng Sơn planner's trial: '--set optimizer.budget_vnd=3e9' was said as
'3,0 tỷ đồng' in the header while the plan used 2,22."""

from __future__ import annotations

import numpy as np

from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import run_cli

VN = SCENARIOS / "vietnam.toml"
ONE = 'province.provinces=["20"]'


def test_the_header_says_the_budget_in_force(capsys):
    sc = load_scenario(VN, {"province.provinces": ["20"]})
    mountain = int((np.asarray(sc.communes.zone) > 0).sum())  # (57: 22 + 35)
    in_force = 3e9 * mountain / 77  # VND 2.22 bn, by hand from the scaling rule
    code, out, err = run_cli(capsys, "whatif", str(VN), "--set", ONE, "--set",
                             "optimizer.budget_vnd=3e9", "--lang", "en")
    assert code in (0, 1), err
    first = out.splitlines()[0]
    assert f"allowance budget in force of VND {in_force / 1e9:.1f} bn" in first, first
    assert "3.0 bn" not in first
