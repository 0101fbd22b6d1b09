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


# a commune's count caps, as the checker words them (optimize/families), written by hand
CAPS = [
    ("recipient_cap", "Tam Chung (14848) would have 73 officials, cap 32 (its norm quota): "
                      "row 20 (14797-019), row 21 (14797-020) and 39 more are beyond it",
     "Tam Chung (14848) would have 73 officials, 41 above its norm quota of 32",
     "Tam Chung (14848) sẽ có 73 người, vượt biên chế 32 là 41 người"),
    ("recipient_cap", "Tam Chung (14848) would have 12 officials, cap 11 (the headcount cap): "
                      "row 9 (14797-019) are beyond it",
     "Tam Chung (14848) would have 12 officials, 1 above the headcount cap of 11",
     "Tam Chung (14848) sẽ có 12 người, vượt trần 11 là 1 người"),
    ("max_donor_share", "Hạc Thành (14797) gives 72 of its 149 officials, limit 29 (20%): "
                        "row 50 (14797-123) and 42 more are beyond it",
     "Hạc Thành (14797) gives 72 of its 149 officials, 43 more than the 29 (20%) staffsim "
     "assumes a unit may give (an assumed limit of staffsim's, not a legal rule)",
     "Hạc Thành (14797) điều động đi 72 trong 149 người, nhiều hơn 43 người so với mức 29 "
     "người (20%) mà staffsim giả định một đơn vị có thể điều động đi (mức do staffsim giả "
     "định, không phải quy định của pháp luật)"),
    ("donor_quota", "Hạc Thành (14797) gives 5 officials but has 2 above its quota (107 in "
                    "post, quota 105): row 5 (14797-009), row 6 (14797-012) and 1 more take "
                    "officials it must keep",
     "Hạc Thành (14797) gives 5 officials but has 2 above its quota (107 in post, quota 105): "
     "3 more than it may give",
     "Hạc Thành (14797) điều động đi 5 người nhưng chỉ thừa 2 người so với biên chế (107 "
     "người, biên chế 105): nhiều hơn 3 người so với số được điều động"),
    ("donor_quota", "Xã Na Mèo (14830) gives 1 officials but has 0 above its quota (20 in post, "
                    "quota 20): row 2 (14830-001) take officials it must keep",
     "Xã Na Mèo (14830) gives 1 official but has none above its quota (20 in post, quota 20)",
     "Xã Na Mèo (14830) điều động đi 1 người nhưng không thừa người nào so với biên chế (20 "
     "người, biên chế 20)"),
    ("donor_quota", "Xã Na Mèo (14830) gives 3 officials but has 0 above its quota (20 in post, "
                    "quota 20): row 2 (14830-001) and 2 more take officials it must keep",
     "Xã Na Mèo (14830) gives 3 officials but has none above its quota (20 in post, quota 20)",
     "Xã Na Mèo (14830) điều động đi 3 người nhưng không thừa người nào so với biên chế (20 "
     "người, biên chế 20)"),
]


@pytest.mark.parametrize(("key", "finding", "en", "vi"), CAPS)
def test_a_communes_count_cap_is_said_by_how_many_over_not_by_rows(key, finding, en, vi):
    from staffsim.results.finding_words import over_cap, violation
    from staffsim.results.words import words

    assert violation(words("en"), over_cap(key, finding)) == en
    assert violation(words("vi"), over_cap(key, finding)) == vi


def test_evaluate_says_a_recipient_over_its_cap_without_the_rows_the_count_passed_it_on(
        capsys, tmp_path):
    """Thirty officials of Hạc Thành to Tam Chung: the line names all thirty rows (the
    commune's group, README) and how many over the cap, never 'row N (...) are beyond it'."""
    plan = tmp_path / "plan.csv"
    plan.write_text("official_id,to_commune\n" + "".join(
        f"14797-{k:03d},14848\n" for k in range(4, 34)), encoding="utf-8")
    code, out, _err = run_cli(capsys, "evaluate", DEMO, "--plan", str(plan), "--lang", "en")
    assert code == 1
    (line,) = [ln for ln in out.splitlines() if "recipient cap:" in ln]
    rows = ", ".join(str(n) for n in range(2, 32))
    m = re.fullmatch(rf"{re.escape(str(plan))}: rows {rows}: recipient cap: Tam Chung \(14848\) "
                     r"would have (\d+) officials, (\d+) above its norm quota of (\d+)", line)
    assert m, line
    assert int(m[1]) - int(m[3]) == int(m[2]) > 0
