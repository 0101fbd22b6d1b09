"""A plan the rules make impossible, said in the user's language: why (each rule that blocks,
in Vietnamese words, not the English the families write), and no plan where there is none
(a trial: the heading said 'plan not proven optimal (infeasible)', the table had a column of
'the best plan known' that was the state before, the report said 'the best plan known moves
0 officials' and never why)."""

from __future__ import annotations

import json
import re

from staffsim.optimize.planner import plan_province
from staffsim.results.finding_words import say
from staffsim.results.words import Words, status

from ..conftest import SCENARIOS
from ..helpers import run_cli
from ..optim_helpers import tiny_state

LAND4 = [("D", "land")] * 4
COMMUNES = [("D", "lowland", "phuong"), ("H", "high_mountain", "xa")]
# English words of the families' explanations that no Vietnamese line may keep
ENGLISH = re.compile(r"\b(would|official|officials|budget|limit|within|nearest|moves|"
                     r"requirement|quota|exceeds?|commune)\b")


def _infeasible(**rules: object):
    state = tiny_state(COMMUNES, LAND4, {("D", "land"): 1.0, ("H", "land"): 1.0},
                       {("D", "H"): 100.0}, **{
                           "optimizer.constraints.cover_essential.enabled": True,
                           "optimizer.constraints.cover_essential.zones": ["high_mountain"],
                           **rules})
    plan = plan_province("P", state, marginals=False)
    assert plan.status == "Infeasible" and not plan.found
    return plan


def test_a_distance_limit_that_blocks_is_said_in_vietnamese():
    plan = _infeasible(**{"optimizer.constraints.max_distance.km": 60.0})
    vi = [say(Words("vi"), line) for line in plan.explanation]
    # by hand: the only land official who could go is in Commune D, 100 km from Commune H,
    # beyond the 60 km limit
    assert ("không có công chức địa chính nào trong phạm vi 60 km quanh Commune H: người "
            "gần nhất có thể điều động ở Commune D, cách 100 km") in vi, vi
    assert not [line for line in vi if ENGLISH.search(line)], vi


def test_a_budget_that_blocks_is_said_in_vietnamese_with_the_target_it_blocks():
    # one move to a high-mountain commune: 1.75 x VND 2,340,000 x 36 months = VND 147.42 m,
    # 0.15 bn (to two decimals); the budget is 0
    plan = _infeasible(**{"optimizer.constraints.max_distance.km": 300.0,
                          "optimizer.constraints.budget.vnd": 0.0})
    vi = [say(Words("vi"), line) for line in plan.explanation]
    assert ("để mọi xã vùng cao đều có người ở mọi lĩnh vực thiết yếu, ngân sách hỗ trợ còn "
            "thiếu 0,15 tỷ đồng (mức ngân sách 0 tỷ đồng)") in vi, vi
    assert not [line for line in vi if ENGLISH.search(line)], vi
    en = [say(Words("en"), line) for line in plan.explanation]
    assert ("allowance budget short by VND 0.15 bn to give every high-mountain commune "
            "someone in every essential specialty (limit VND 0 bn)") in en, en


def test_solver_statuses_and_a_mix_of_them_are_words():
    _ = Words("vi")
    assert status(_, "GapLimit") == "đạt giới hạn sai số tối ưu"
    assert status(_, "mixed: Infeasible, Optimal") == \
        "khác nhau giữa các tỉnh: không khả thi, tối ưu"


def test_no_plan_is_not_called_a_plan(tmp_path, capsys):
    out = tmp_path / "p"
    code, stdout, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--out",
                                str(out), "--set",
                                "optimizer.constraints.cover_essential.enabled=true",
                                "--set", "optimizer.budget_vnd=0", "--no-marginals",
                                "--lang", "vi")
    assert code == 1
    first = stdout.splitlines()[0]
    assert "không có phương án (không khả thi)" in first, first
    assert "chưa được chứng minh tối ưu" not in stdout
    assert "tốt nhất đã biết" not in stdout  # no column of a plan there is not
    assert "Ngân sách: phương án dùng" not in stdout  # nor what it would spend
    why = [ln for ln in stdout.splitlines() if ln.startswith("  ")]
    assert why and not [ln for ln in why if ENGLISH.search(ln)], why
    assert "ngân sách hỗ trợ còn thiếu" in stdout
    assert "không có phương án cho 1 tỉnh" in err
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Không có phương án: không khả thi." in report
    assert "tốt nhất đã biết" not in report and "ngân sách hỗ trợ còn thiếu" in report
    summary = json.loads((out / "plan_summary.json").read_text(encoding="utf-8"))
    assert summary["plan_found"] is False
