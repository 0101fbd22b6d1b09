"""The plan's terminal table says why the optimum may leave more FTE unmet than the greedy
baseline beside it (a planner reading the table alone took the optimiser for broken): the
report's sentence, under the table, only when the greedy column's total is the lower."""

from __future__ import annotations

import copy
import json

from staffsim.i18n import language
from staffsim.results.plan_lines import plan_table

from ..conftest import SCENARIOS
from ..helpers import run_cli


def test_the_table_says_why_the_greedy_column_leaves_less_fte(tmp_path, capsys):
    code, out, err = run_cli(capsys, "plan", str(SCENARIOS / "thanh_hoa.toml"), "--lang", "en",
                             "--no-marginals", "--out", str(tmp_path / "p"))
    assert code == 0, err
    summary = json.loads((tmp_path / "p" / "plan_summary.json").read_text(encoding="utf-8"))
    o, g = summary["optimum"], summary["greedy"]
    # Thanh Hóa's plan: the greedy baseline leaves less FTE unmet but more weighted need
    assert g["unmet_fte_after"]["province"] < o["unmet_fte_after"]["province"]
    assert g["weighted_unmet_after"] > o["weighted_unmet_after"]
    (line,) = [ln for ln in out.splitlines() if ln.startswith("A greedy plan")]
    assert (f"would leave less unmet need, {g['unmet_fte_after']['province']:,.1f} FTE against "
            f"{o['unmet_fte_after']['province']:,.1f}") in line
    assert (f"{g['weighted_unmet_after']:,.1f} weighted points against "
            f"{o['weighted_unmet_after']:,.1f}") in line
    # the greedy column no better in FTE: nothing to explain, no line
    same = copy.deepcopy(summary)
    same["greedy"]["unmet_fte_after"]["province"] = o["unmet_fte_after"]["province"] + 1.0
    with language("en"):
        assert not [ln for ln in plan_table(same) if ln.startswith("A greedy plan")]
        assert [ln for ln in plan_table(summary) if ln.startswith("A greedy plan")]


def test_the_check_of_the_rules_is_claimed_only_as_run():
    """'Every move passes the independent check' is said when the checker ran and found
    nothing; its findings are counted when it found some; nothing is claimed when it did not
    run (a summary without the count)."""
    from staffsim.results.plan_lines import greedy_line
    from staffsim.results.words import Words

    def side(fte: float, weighted: float, essential: int) -> dict:
        return {"unmet_fte_after": {"province": fte}, "weighted_unmet_after": weighted,
                "essential_missing_after": {"province": essential}}

    o, g = side(783.9, 2087.1, 21), side(773.3, 2262.0, 56)
    en = Words("en")
    assert greedy_line(en, o, g, 0).endswith(
        "high-mountain needs weigh more. Every move passes the independent check of the rules.")
    assert greedy_line(en, o, g, 2).endswith(
        "The independent check of the rules faults 2 moves of the plan (plan_summary.json says "
        "which rule).")
    assert greedy_line(en, o, g, 1).endswith("faults 1 move of the plan (plan_summary.json "
                                             "says which rule).")
    unchecked = greedy_line(en, o, g, None)
    assert unchecked.endswith("high-mountain needs weigh more.")
    assert "independent check" not in unchecked
    assert greedy_line(en, o, {}, None) == ""
    vi = greedy_line(Words("vi"), o, g, 0)
    assert vi.endswith("Mọi trường hợp điều động đều qua kiểm tra độc lập các quy tắc.")


def test_the_summary_counts_what_the_checker_finds(tmp_path, capsys):
    """plan_summary.json's rule_violations is what the independent checker finds in the plan
    written (evaluate, another command, reads plan.csv back: 0 violations)."""
    code, out, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--lang", "en",
                             "--no-marginals", "--out", str(tmp_path / "p"))
    assert code == 0, err
    summary = json.loads((tmp_path / "p" / "plan_summary.json").read_text(encoding="utf-8"))
    code, out, err = run_cli(capsys, "evaluate", str(SCENARIOS / "demo.toml"), "--lang", "en",
                             "--plan", str(tmp_path / "p" / "plan.csv"))
    assert code == 0, out + err
    assert out.startswith("0 rule violations in ")
    assert summary["rule_violations"] == 0
    assert all(p["rule_findings"] == [] for p in summary["by_province"].values())
