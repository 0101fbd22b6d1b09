"""Wording faults a Vietnamese province HR planner met in a trial of plan, evaluate, frontier
and report.html (2 December 2026), each said in both languages:

1. the greedy baseline was 'tham lam' (the algorithm's name, translated word for word);
2. 'FTE' in Vietnamese text (officials do not use the abbreviation: 'người quy đổi');
3. a donor with no official above its quota 'chỉ thừa 0 người' (only has a surplus of 0);
4. a province shown by its code, '(đồng bằng, tỉnh 38)', not by its name;
5. evaluate's '1 moves' and its sibling counts;
6. a frontier point whose plan meets the move limit said nothing of it;
7. report.html's Sources section in English in a Vietnamese report.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pytest
from babel.messages.pofile import read_po

from staffsim.i18n import language
from staffsim.results.words import Words

from ..conftest import REPO, SCENARIOS

PO = REPO / "i18n" / "locale" / "vi" / "LC_MESSAGES" / "staffsim.po"
VI, EN = Words("vi"), Words("en")


def _catalogue() -> dict[str, str]:
    with open(PO, "rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


def _side(unmet: float, weighted: float, essential: int) -> dict:
    """A plan outcome (``optimize.plan.plan_outcome``) with the given province totals."""
    zones = {"lowland": 70.0, "mountain": 210.0, "high_mountain": unmet - 280.0,
             "province": unmet}
    ess = {"lowland": 2, "mountain": 0, "high_mountain": essential - 2, "province": essential}
    return {"unmet_fte_before": dict(zones, province=1083.8), "unmet_fte_after": zones,
            "essential_missing_before": dict(ess, province=96),
            "essential_missing_after": ess,
            "communes_lacking_essential_before": dict(ess, province=45),
            "communes_lacking_essential_after": ess,
            "weighted_unmet_before": 3360.4, "weighted_unmet_after": weighted,
            "moves": 310, "km_total": 31395.0, "km_max": 287.0, "allowance_vnd": 44.98e9,
            "disruption": 0.0}


def _summary(optimum: dict, greedy: dict) -> dict:
    return {"optimum": optimum, "greedy": greedy, "proven_optimal": True,
            "rule_violations": 0,
            "by_province": {"38": {"name": "Thanh Hóa", "limits": [], "marginal_values": []}}}


# 1 and 2: the catalogue ---------------------------------------------------------------------


def test_the_vietnamese_catalogue_says_neither_tham_lam_nor_fte():
    """Every Vietnamese message: the baseline in plain words, the unit 'người quy đổi'; the
    English messages keep 'greedy' and FTE."""
    said = _catalogue()
    assert not [m for m, s in said.items() if "tham lam" in s.lower()]
    assert not [m for m, s in said.items() if re.search(r"\bFTE\b", s)]
    # the messages that carried them still say the thing, in the administration's words
    assert said["FTE"] == "người quy đổi"
    assert said["FTE-months"] == "người-tháng quy đổi"
    assert "thừa nhiều nhất sang nơi thiếu nhiều nhất" in said[
        "A greedy plan under the same rules (largest surplus to largest need) would leave "
        "{x} FTE unmet."]


def test_the_plan_table_names_the_baseline_and_the_unit_in_each_language():
    """The plan's terminal lines: the third column and, when no sentence under the table
    speaks of it, a line saying what it is; the unmet need in 'người quy đổi' (vi), FTE
    (en)."""
    from staffsim.results.plan_lines import plan_table

    # the greedy baseline leaves more unmet need than the optimum: no sentence under the
    # table, the legend says what the column is
    summary = _summary(_side(783.9, 2087.1, 21), _side(800.0, 2262.0, 56))
    with language("vi"):
        vi = plan_table(summary)
    with language("en"):
        en = plan_table(summary)
    text = "\n".join(vi)
    assert "tham lam" not in text and "FTE" not in text
    assert vi[0].endswith("tối ưu  phương án đơn giản")
    assert "Thiếu hụt nhân lực, toàn tỉnh (người quy đổi)" in text
    assert ("phương án đơn giản: theo cùng quy tắc, lần lượt chuyển từng người từ đơn vị thừa "
            "nhiều nhất sang xã, phường còn thiếu nhiều nhất.") in vi
    assert en[0].endswith("greedy")
    assert "Unmet need, province (FTE)" in "\n".join(en)
    assert ("greedy: under the same rules, one official at a time from the unit with the "
            "largest surplus to the commune with the largest remaining need.") in en


def test_the_sentence_under_the_table_says_the_baseline_in_plain_words():
    """The greedy baseline leaves less unmet need: the sentence of the table and of the
    report (``greedy_line``) in plain Vietnamese, its numbers in người quy đổi."""
    from staffsim.results.plan_lines import greedy_line

    o, g = _side(783.9, 2087.1, 21), _side(773.3, 2262.0, 56)
    vi = greedy_line(VI, o, g, 0)
    assert vi.startswith("Phương án đơn giản theo cùng quy tắc (lần lượt chuyển người từ nơi "
                         "thừa nhiều nhất sang nơi thiếu nhiều nhất) để lại thiếu hụt ít hơn, "
                         "773,3 người quy đổi so với 783,9")
    assert greedy_line(EN, o, g, 0).startswith(
        "A greedy plan under the same rules (largest surplus to largest need) would leave less "
        "unmet need, 773.3 FTE against 783.9")


# 3: no official above the quota ---------------------------------------------------------------


QUOTA = ("Công Chính (16369) gives {n} officials but has {above} above its quota (40 in post, "
         "quota {quota}): {rows} take officials it must keep")


@pytest.mark.parametrize(("n", "above", "rows", "vi", "en"), [
    (1, 0, "row 2 (16369-002)",
     "Công Chính (16369) điều động đi 1 người nhưng không thừa người nào so với biên chế (40 "
     "người, biên chế 45): dòng 2 (16369-002) lấy đi người phải giữ lại",
     "Công Chính (16369) gives 1 official but has none above its quota (40 in post, quota "
     "45): row 2 (16369-002) takes an official it must keep"),
    (2, 0, "row 2 (16369-002), row 3 (16369-003)",
     "Công Chính (16369) điều động đi 2 người nhưng không thừa người nào so với biên chế (40 "
     "người, biên chế 45): dòng 2 (16369-002), dòng 3 (16369-003) lấy đi người phải giữ lại",
     "Công Chính (16369) gives 2 officials but has none above its quota (40 in post, quota "
     "45): row 2 (16369-002), row 3 (16369-003) take officials it must keep"),
    (2, 1, "row 3 (16369-003)",
     "Công Chính (16369) điều động đi 2 người nhưng chỉ thừa 1 người so với biên chế (40 "
     "người, biên chế 39): dòng 3 (16369-003) lấy đi người phải giữ lại",
     "Công Chính (16369) gives 2 officials but has 1 above its quota (40 in post, quota 39): "
     "row 3 (16369-003) takes an official it must keep"),
])
def test_a_donor_with_none_or_one_above_its_quota_is_said_truly(n, above, rows, vi, en):
    """The checker's finding (``optimize.families.donor_quota``): 'chỉ thừa 0 người' (only
    a surplus of 0) is said as no surplus, 'gives 1 officials' and 'row 2 take' agree."""
    from staffsim.results.finding_words import violation

    text = QUOTA.format(n=n, above=above, quota=40 - above if above else 45, rows=rows)
    assert violation(VI, text) == vi
    assert violation(EN, text) == en


# 4: a province by its name -------------------------------------------------------------------


def test_the_34_provinces_are_named_as_the_official_list_names_them():
    """The codes of the 34 provinces (Decision 19/2025/QĐ-TTg numbering, kept by the 2025
    merger) to their names: a few checked by hand, every code of the national table named."""
    from staffsim.scenarios.names import province_names

    names = province_names()
    assert len(names) == 34
    assert names["38"] == "Tỉnh Thanh Hóa" and names["01"] == "Thành phố Hà Nội"
    assert names["46"] == "Thành phố Huế" and names["40"] == "Tỉnh Nghệ An"
    table = (REPO / "scenarios" / "data" / "vietnam_communes.csv").read_text(encoding="utf-8")
    assert {r["province_code"] for r in csv.DictReader(io.StringIO(table))} == set(names)


def test_communes_of_one_name_are_listed_with_their_province_by_name():
    """'Dong Tien' fits two Thanh Hóa communes: each listed with its province's name
    ('tỉnh Thanh Hóa', 'Thanh Hóa'), not its code 38, in both languages."""
    from staffsim.results.error_words import error_line
    from staffsim.scenarios.errors import ScenarioError
    from staffsim.scenarios.loader import load_scenario
    from staffsim.scenarios.names import find_commune

    communes = load_scenario(SCENARIOS / "thanh_hoa.toml").communes
    with pytest.raises(ScenarioError) as e:
        find_commune(communes, "Dong Tien", "--commune")
    assert error_line(EN, e.value) == (
        "command line: --commune: 'Dong Tien' matches 2 communes: 15853 Phường Đông Tiến "
        "(lowland, Thanh Hóa); 15724 Xã Đồng Tiến (lowland, Thanh Hóa); give the commune_id")
    assert error_line(VI, e.value) == (
        "dòng lệnh: --commune: 'Dong Tien' khớp với 2 xã, phường: 15853 Phường Đông Tiến (đồng "
        "bằng, tỉnh Thanh Hóa); 15724 Xã Đồng Tiến (đồng bằng, tỉnh Thanh Hóa); hãy ghi mã xã")


def test_a_province_no_table_names_keeps_its_code_and_says_so():
    """A code outside the 34 (a user's own table with no province column) is never guessed:
    'province 99' / 'tỉnh mã 99'; a commune table's own name wins over the list."""
    from staffsim.results.error_words import message_words
    from staffsim.scenarios.names import province_name
    from staffsim.scenarios.province import Communes

    assert message_words(VI, "'X' matches 2 communes: 1 A (lowland, province 99); 2 B (mountain, "
                             "Huế); give the commune_id") == (
        "'X' khớp với 2 xã, phường: 1 A (đồng bằng, tỉnh mã 99); 2 B (miền núi, thành phố "
        "Huế); hãy ghi mã xã")
    c = Communes(ids=["1", "2"], names=["A", "B"], kind=np.array([0, 0], np.int8),
                 zone=np.array([0, 0], np.int8), population=np.array([1.0, 1.0]),
                 area_km2=np.array([1.0, 1.0]), lat=np.array([20.0, 20.0]),
                 lon=np.array([105.0, 105.0]), province=["38", "99"],
                 merged_units=np.array([np.nan, np.nan]),
                 extra={"province": ["Tỉnh Thanh Hóa (cũ)", ""]})
    assert province_name(c, 0) == "Thanh Hóa (cũ)"  # as the table writes it
    assert province_name(c, 1) == "province 99"


# 5: counts in evaluate ----------------------------------------------------------------------


def test_evaluate_counts_agree_with_their_number():
    """'3 rule violation(s) in 1 moves': each count in its number, in English; Vietnamese
    (no plural) as before."""
    from staffsim.results.commands import Invocation
    from staffsim.results.evaluation import (
        checked_line,
        outside_line,
        roster_cells_line,
        term_line,
    )

    assert checked_line(EN, 3, 1, "province_practice") == (
        "3 rule violations in 1 move (rules: province practice)")
    assert checked_line(EN, 1, 176, "wisn") == "1 rule violation in 176 moves (rules: WISN)"
    assert checked_line(VI, 0, 1, "province_practice") == (
        "0 vi phạm quy tắc trong 1 trường hợp điều động (bộ quy tắc: thực tiễn của tỉnh)")
    assert outside_line(EN, 1, 5, "Nghệ An").startswith(
        "1 of the 5 rows moves an official of a province not evaluated (Nghệ An) and was not "
        "checked; select its province")
    assert outside_line(EN, 2, 5, "Nghệ An").startswith("2 of the 5 rows move officials")
    assert outside_line(VI, 1, 5, "Nghệ An").startswith("1 trên 5 dòng điều động công chức")
    assert roster_cells_line(EN, 1) == ("1 cell gives a name or current specialty other than "
                                        "the roster's")
    assert roster_cells_line(EN, 2).startswith("2 cells give")
    scenario = Invocation("s.toml")
    assert term_line(EN, 1, 36, 35, 0, 1, scenario, "p.csv").startswith(
        "every row's term is 1 month where the rules give 36 from the scenario's start")
    assert term_line(VI, 1, 36, 35, 0, 1, scenario, "p.csv").startswith(
        "mọi dòng ghi thời hạn 1 tháng trong khi quy định cho 36 tháng")


def test_a_reconstruction_note_on_one_row_is_counted_in_the_singular():
    from staffsim.results.evaluation import reconstruction_lines

    rows = [{"note": "reconstruction of the list"}]
    assert reconstruction_lines(EN, rows)[0].startswith(
        "This plan is a reconstruction, not the list as issued (1 of 1 row says so in its "
        "note)")
    many = rows * 176
    assert "(176 of 176 rows say so in their note)" in reconstruction_lines(EN, many)[0]
    assert "(1 trên 1 dòng ghi như vậy ở cột ghi chú)" in reconstruction_lines(VI, rows)[0]


# 6: the frontier says which points the move limit caps ---------------------------------------


def _point(value: float, moves: int, unmet: float) -> dict:
    return {"value": value, "status": "Optimal", "plan_found": True, "gap_rel": 0.0,
            "weighted_unmet": 2000.0,
            "unmet_fte": {"lowland": 79.0, "mountain": 211.4, "high_mountain": unmet - 290.4,
                          "province": unmet},
            "essential_missing": {"province": 21}, "communes_lacking_essential": {"province": 21},
            "moves": moves, "allowance_vnd": value * 0.98, "km_total": 1.0, "build_s": 0.0,
            "solve_s": 0.0}


def test_a_frontier_point_at_the_move_limit_says_so():
    """Thanh Hóa's budget frontier 0:60e9:13: at VND 60 bn the plan makes its 400 moves
    (optimizer move limit 400) and spends 58.6 bn: the line and the table say the move
    limit, not the money, stops it; the points below it are not marked."""
    from staffsim.results.frontier_folder import (
        frontier_csv,
        frontier_lines,
        mark_capped,
    )

    points = [_point(55e9, 377, 716.9), _point(60e9, 400, 693.9)]
    mark_capped(points, "optimizer.budget_vnd", 400.0)
    assert [p["capped_by"] for p in points] == [[], ["max_moves"]]
    table = list(csv.DictReader(io.StringIO(frontier_csv(points))))
    assert [r["capped_by"] for r in table] == ["", "max_moves"]
    with language("vi"):
        vi = frontier_lines("Thanh Hóa", "optimizer.budget_vnd", points, 400.0)
    with language("en"):
        en = frontier_lines("Thanh Hóa", "optimizer.budget_vnd", points, 400.0)
    assert vi[2].endswith("400 người điều động, hỗ trợ 58,8 tỷ đồng — đã chạm giới hạn số "
                          "người điều động")
    assert "giới hạn" not in vi[1]
    assert vi[3].startswith("Tại 60,0 tỷ đồng, phương án đã điều động đủ số người tối đa mà "
                            "giới hạn cho phép (400 người)")
    assert en[2].endswith("400 transfers, allowance VND 58.8 bn — at the move limit")
    assert "at the move limit" not in en[1]
    assert en[3].startswith("At VND 60.0 bn the plan makes all the transfers the move limit "
                            "allows (400 transfers): there the move limit, not the allowance "
                            "budget, stops further transfers")
    assert "FTE" not in "\n".join(vi)


def test_the_move_limit_is_not_another_limit_when_it_is_the_lever():
    from staffsim.results.frontier_folder import frontier_lines, mark_capped

    points = mark_capped([_point(400, 400, 693.9)], "optimizer.constraints.max_moves.moves",
                         400.0)
    assert points[0]["capped_by"] == []
    assert mark_capped([_point(60e9, 400, 693.9)], "optimizer.budget_vnd", None)[0][
        "capped_by"] == []  # the rule off: nothing caps
    with language("en"):
        assert len(frontier_lines("X", "optimizer.constraints.max_moves.moves", points,
                                  400.0)) == 2


# 7: the Sources section in the report's language ----------------------------------------------


def test_every_source_a_report_quotes_is_in_the_vietnamese_catalogue():
    from staffsim.results.html_report import fact_sections
    from staffsim.results.report_contents import PLAN_FACTS, SIM_FACTS

    said = _catalogue()
    sections = fact_sections(tuple(dict.fromkeys(PLAN_FACTS + SIM_FACTS)))
    assert len(sections) == 7
    missing = [t for head, bullets in sections for t in (head, *bullets) if not said.get(t)]
    assert missing == []


def test_the_report_sources_are_in_the_report_language():
    from staffsim.results.html_report import Report, render, render_markdown
    from staffsim.results.report_contents import PLAN_FACTS

    report = Report(title="t", place="Thanh Hóa", asked=[], answer=[], table=([""], []),
                    facts=PLAN_FACTS)
    with language("vi"):
        page, text = render(report), render_markdown(report)
    for out in (page, text):
        assert "Định mức biên chế" in out and "Staffing norms" not in out
        assert "Điều động và hỗ trợ" in out and "Transfers and support" not in out
        assert "cộng thêm 1 người cho mỗi 1.000 dân" in out
        assert "(in English)" not in out
    with language("en"):
        page = render(report)
    assert "Staffing norms" in page and "top-up +1 per 1,000 residents" in page


def test_every_report_says_once_what_the_unit_is():
    """The reports' assumptions define the unit once: 'người quy đổi (người quy đổi toàn
    thời gian ...)' in Vietnamese, FTE (full-time equivalents) in English."""
    from staffsim.results.report_contents import _common
    from staffsim.scenarios.params import Params

    assert ("Nhân lực, nhu cầu và thiếu hụt tính bằng người quy đổi (người quy đổi toàn thời "
            "gian: một người quy đổi là một người làm việc trọn thời gian).") in _common(
        VI, Params())
    assert ("Staff, requirements and unmet need are counted in FTE (full-time equivalents: one "
            "FTE is one official working full time).") in _common(EN, Params())


def test_the_term_advice_is_a_month_the_scenario_reaches():
    """A list whose rows all have a 1-month term on a 36-month rule was planned at month 35:
    on a scenario simulated 24 months evaluate advised '--month 35', which it then refused
    (beyond the horizon); the advice now raises the horizon, as the annex's re-plan does."""
    from staffsim.results.commands import Invocation
    from staffsim.results.evaluation import term_line

    s = Invocation("s.toml")  # (the commands are whole: tests/cli/test_suggested_commands.py)
    assert term_line(EN, 1, 36, 35, 60, 1, s, "p.xlsx").endswith(
        "evaluate it with: staffsim evaluate s.toml --plan p.xlsx --month 35")
    assert term_line(EN, 1, 36, 35, 24, 1, s, "p.xlsx").endswith(
        "evaluate it with: staffsim evaluate s.toml --plan p.xlsx --set simulation.months=35 "
        "--month 35")
    assert "(staffsim plan s.toml --set simulation.months=35 --month 35)" in term_line(
        EN, 1, 36, 35, 24, 1, s, "p.xlsx")
    assert term_line(VI, 1, 36, 35, 24, 1, s, "p.xlsx").endswith(
        "hãy kiểm tra bằng lệnh: staffsim evaluate s.toml --plan p.xlsx --set "
        "simulation.months=35 --month 35")
