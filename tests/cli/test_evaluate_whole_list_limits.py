"""`staffsim evaluate`: a list over a limit of the whole list (the move limit, the budget) is
said of the list, with the limit, the count and the file, and no row. The line began with
the row where the count passed the limit and ended on it ('plan.csv: row 5: move limit: 5
moves, limit 3: row 5 (...), row 6 (...) are beyond it'), which read as if those rows were
at fault; any row of the list could be left out to meet the limit."""

from __future__ import annotations

import re

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")
# five officials of Hạc Thành (14797, a surplus ward) to Tam Chung (14848, high mountain)
IDS = ("14797-011", "14797-007", "14797-013", "14797-009", "14797-012")
MOVES = {"optimizer.constraints.max_moves.enabled": "true",
         "optimizer.constraints.max_moves.moves": "3"}
# 2,340,000 đồng base salary x 1.75 (high mountain) x 36 months x 5 officials = 737,100,000
# đồng; the budget given: 100,000,000 đồng (scenarios/demo.toml pays the province's rules)
BUDGET = {"optimizer.constraints.budget.enabled": "true",
          "optimizer.constraints.budget.vnd": "100000000"}


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("official_id,to_commune\n" + "".join(f"{i},14848\n" for i in IDS),
                    encoding="utf-8")
    return path


def _evaluate(capsys, plan, lang: str, sets: dict[str, str]) -> tuple[int, list[str]]:
    args = ["evaluate", DEMO, "--plan", str(plan), "--lang", lang]
    for k, v in sets.items():
        args += ["--set", f"{k}={v}"]
    code, out, err = run_cli(capsys, *args)
    return code, out.splitlines()


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "move limit: 5 moves on the list, over the move limit of 3 the scenario sets; the "
           "limit counts the whole list, not any one row"),
    ("vi", "giới hạn số người: danh sách điều động 5 người, vượt giới hạn 3 người mà kịch bản "
           "đặt ra; giới hạn tính trên cả danh sách, không phải trên một dòng nào"),
])
def test_a_list_over_the_move_limit_is_said_of_the_list(capsys, plan, lang, said):
    code, lines = _evaluate(capsys, plan, lang, MOVES)
    assert code == 1
    assert f"{plan}: {said}" in lines, lines
    # no line blames a row for the limit
    limit = [ln for ln in lines if "move limit" in ln or "giới hạn số người" in ln]
    assert limit == [f"{plan}: {said}"]
    assert not re.search(r"\b(row|dòng) \d", limit[0])


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "budget: the allowances of the list's moves come to VND 0.74 bn, over the budget "
           "of VND 0.10 bn the scenario sets; the budget is on the whole list, not on any one "
           "row"),
    ("vi", "ngân sách: kinh phí hỗ trợ của danh sách là 0,74 tỷ đồng, vượt ngân sách 0,10 tỷ "
           "đồng mà kịch bản đặt ra; ngân sách tính trên cả danh sách, không phải trên một "
           "dòng nào"),
])
def test_a_list_over_the_budget_is_said_of_the_list(capsys, plan, lang, said):
    code, lines = _evaluate(capsys, plan, lang, BUDGET)
    assert code == 1
    assert f"{plan}: {said}" in lines, lines
    assert not any(re.search(r"\b(row|dòng) \d", ln) for ln in lines
                   if "budget" in ln or "ngân sách" in ln)


def test_a_list_within_both_limits_says_neither(capsys, plan):
    code, lines = _evaluate(capsys, plan, "en", {
        "optimizer.constraints.max_moves.enabled": "true",
        "optimizer.constraints.max_moves.moves": "5",
        "optimizer.constraints.budget.enabled": "true",
        "optimizer.constraints.budget.vnd": "737100000"})
    assert not any("move limit" in ln or "budget:" in ln for ln in lines), lines
