"""A plan the solver did not prove optimal is said in the user's language: plan printed
'NOT proven optimal: the solver stopped (TimeLimit) ...' and whatif 'no plan (variant:
TimeLimit) ...' in English inside Vietnamese output."""

import json

from ..conftest import SCENARIOS
from ..helpers import run_cli


def test_a_time_limited_plan_is_said_in_vietnamese(tmp_path, capsys):
    out = tmp_path / "p"
    code, stdout, err = run_cli(capsys, "plan", "--lang", "vi", str(SCENARIOS / "demo.toml"),
                                "--time-limit", "1e-9", "--no-marginals", "--out", str(out))
    assert code == 0, err
    assert "CHƯA chứng minh tối ưu: bộ giải dừng (hết thời gian giải)" in stdout
    for english in ("NOT proven", "TimeLimit", "greedy baseline"):
        assert english not in stdout, english
    # the folder keeps the English words (data, read by tools)
    summary = json.loads((out / "plan_summary.json").read_text(encoding="utf-8"))
    quality = next(iter(summary["by_province"].values()))["quality"]
    assert quality.startswith("NOT proven optimal: the solver stopped (TimeLimit)")


def test_a_whatif_without_a_plan_says_so_in_vietnamese(capsys):
    code, _, err = run_cli(capsys, "whatif", "--lang", "vi", str(SCENARIOS / "demo.toml"),
                           "--set", "optimizer.constraints.cover_essential.enabled=true",
                           "--set", "optimizer.budget_vnd=0")
    assert code == 1
    assert "staffsim: không có phương án (phương án: không khả thi); các số liệu ở trên là khi "\
           "không điều động ai" in err
