"""A province planned from the national scenario (a planner's trial of Lạng Sơn and Điện
Biên): the budget a report states is the budget in force, its scaling said with its factor;
the annex's months column means one thing, the months of support; the allowance scheme is
described as the parameters give it (Lạng Sơn pays by distance) and Thanh Hóa's draft is
said to be assumed where a province has no scheme of its own; Lạng Sơn's and Quảng Trị's
months run from each move. Expected values are worked out by hand from docs/facts.md."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import numpy as np
import pytest
from openpyxl import load_workbook

from staffsim.i18n import language
from staffsim.model.allowance import longest_support, term_months_left
from staffsim.model.state import Move
from staffsim.results.annex import HEADER_ROW, annex_context, write_annex_xlsx
from staffsim.results.moves import move_rows
from staffsim.results.plan_lines import limit_lines
from staffsim.results.scheme_words import scheme_lines, zone_units
from staffsim.results.words import Words
from staffsim.scenarios.loader import load_scenario, province_params

from ..conftest import SCENARIOS, write_scenario
from ..helpers import run_cli

MADE = dt.date(2025, 6, 1)  # before every plan's first day: the dates are printed


@cache
def _states() -> dict[str, object]:
    """Lạng Sơn (20), Điện Biên (11) and Thanh Hóa (38) from the national scenario, each
    with its own parameters (province.by_province)."""
    from staffsim.model.roster import initial_roster
    from staffsim.model.state import provinces, state_from_roster

    sc = load_scenario(SCENARIOS / "vietnam.toml", {"province.provinces": ["20", "11", "38"],
                                                    "roster.target_total": 0})
    return dict(provinces(state_from_roster(sc, initial_roster(sc))))


# --- fault 11: Lạng Sơn's and Quảng Trị's months run from the move -----------------------

@pytest.mark.parametrize("code", ["20", "44"])
def test_lang_son_and_quang_tri_count_their_months_from_the_move(code):
    """Planned at month 17 (December 2026), a Lạng Sơn move still gets the draft's 24 months
    of its distance band, and a Quảng Trị move a full 36-month term. Counted from NQ 34's
    window (1/8/2025 + 36 months = month 37), month 17 would leave 20."""
    p = province_params(load_scenario(SCENARIOS / "vietnam.toml").params, code)
    assert p.transfers.term_from == "move"
    assert term_months_left(p, 17) == 36
    if code == "20":
        assert longest_support(p.optimizer.allowance, term_months_left(p, 17)) == 24


# --- fault 7: one meaning for the months column -----------------------------------------

def _pair(state, low: float, high: float) -> Move:
    """A move of an official of some commune to another commune between ``low`` and
    ``high`` km away by road."""
    for row in range(len(state.official_id)):
        frm = int(state.commune[row])
        if state.communes.pool[frm]:
            continue
        for to in np.argsort(state.distance_km[frm]):
            if to != frm and low <= state.distance_km[frm, to] < high:
                return Move(row, int(to), int(state.specialty[row]))
    raise AssertionError("no such pair")


def test_a_move_paid_nothing_has_no_months_of_support():
    """Lạng Sơn pays nothing under 10 km and VND 2,000,000 a month from 40 km, for 24 months
    (docs/facts.md): the months column says 0 and 24, both under the one 36-month term of
    the date line (it said 36 for the move paid nothing)."""
    state = _states()["20"]
    near, far = _pair(state, 0.5, 9.5), _pair(state, 45.0, 200.0)
    rows = move_rows(state, [near, far])
    assert (rows[0].monthly_allowance_vnd, rows[0].months, rows[0].total_allowance_vnd) == (
        0.0, 0, 0.0)
    assert (rows[1].monthly_allowance_vnd, rows[1].months, rows[1].total_allowance_vnd) == (
        2_000_000.0, 24, 48_000_000.0)


def _annex(tmp_path, code: str, name: str = "annex.xlsx"):
    state = _states()[code]
    rows = move_rows(state, [_pair(state, 0.5, 9.5), _pair(state, 45.0, 200.0)])
    path = tmp_path / name
    write_annex_xlsx(path, rows, state.name, MADE, context=annex_context([state]))
    ws = load_workbook(path).active
    return ws, ws["A4"].comment.text


def test_the_annex_column_is_the_months_of_support_under_one_term(tmp_path):
    ws, note = _annex(tmp_path, "20")
    assert ws.cell(HEADER_ROW, 9).value == "Số tháng hỗ trợ"
    months = sorted(ws.cell(r, 9).value for r in range(HEADER_ROW + 1, ws.max_row + 1)
                    if ws.cell(r, 3).value and ws.cell(r, 9).value is not None)
    assert months == [0, 24]
    # one term on the date line: the 36 months of transfers.term_months, from the move
    assert re.search(r"\(36 tháng\)", ws["A4"].value), ws["A4"].value
    assert "Số tháng hỗ trợ”: số tháng được chi hỗ trợ trong thời gian điều động" in note


# --- faults 8 and 12: the scheme in force, and Thanh Hóa's draft said when assumed --------

def test_the_annex_note_describes_lang_son_by_distance(tmp_path):
    _ws, note = _annex(tmp_path, "20")
    assert ("500.000 đồng từ 10 km, 1,0 triệu đồng từ 20 km, 1,5 triệu đồng từ 30 km, "
            "2,0 triệu đồng từ 40 km mỗi tháng, trong 24 tháng") in note
    assert "lấy theo vùng" not in note and "allowance_zone" not in note
    assert "Thanh Hóa" not in note


def test_dien_bien_is_told_it_gets_thanh_hoa_s_draft_once(tmp_path):
    _ws, note = _annex(tmp_path, "11")
    assert note.count("dự thảo nghị quyết của tỉnh Thanh Hóa") == 1
    assert "giả định áp dụng cho Tỉnh Điện Biên" in note
    # its allowance does follow the zone: the zone note stays
    assert "lấy theo vùng" in note
    _ws, note = _annex(tmp_path, "38", "th.xlsx")
    assert "dự thảo nghị quyết của tỉnh Thanh Hóa" not in note


def test_the_borrowed_scheme_line_only_where_it_is_borrowed():
    s = _states()
    en = Words("en")
    assert scheme_lines(en, [("Lạng Sơn", "20", s["20"].params)]) == []
    assert scheme_lines(en, [("Thanh Hóa", "38", s["38"].params)]) == []
    (line,) = scheme_lines(en, [("Điện Biên", "11", s["11"].params)])
    assert "Thanh Hóa's draft" in line and "assumed for Điện Biên" in line
    # a province of several: named, once
    (line,) = scheme_lines(en, [(n, c, s[c].params) for n, c in
                                (("Lạng Sơn", "20"), ("Điện Biên", "11"), ("Thanh Hóa", "38"))])
    assert "assumed for Điện Biên:" in line


# --- fault 13: a zone's units by kind ----------------------------------------------------

def test_the_zones_count_wards_as_wards():
    """Lạng Sơn's table (scenarios/data/vietnam_communes.csv, province 20): 61 xã and 4
    phường; the mountain and high-mountain units are all xã (its 57 mountain communes), the
    lowland ones 4 xã and the 4 phường."""
    c = _states()["20"].communes
    with language("vi"):
        vi = Words("vi")
        assert zone_units(vi, c, 0) == "4 xã và 4 phường"
    kinds = np.asarray(c.kind)
    assert int((kinds == 1).sum()) == 4  # the 4 phường (hand count of the table)


# --- fault 2: the budget in force and its factor ----------------------------------------

def test_the_budget_line_says_how_the_budget_was_scaled():
    """VND 3 bn set for 77 communes, the province has 57: 3 x 57 / 77 = VND 2.22 bn."""
    limit = 3e9 * 57 / 77
    budget = {"rule": "budget", "used": limit, "limit": limit, "binds": True,
              "scaled": {"set_vnd": 3e9, "reference_communes": 77.0, "communes": 57}}
    with language("vi"):
        (line,) = limit_lines(Words("vi"), [budget])
    assert "trên 2,22 tỷ đồng" in line
    assert "3,0 tỷ đồng cho 77 xã miền núi, vùng cao, tỉnh có 57" in line


SCALED = ("[simulation]\nseed = 3\n[optimizer.constraints.budget]\nvnd = 40e9\n"
          'scale = "mountain_communes"\nreference_communes = 4\n')


def test_whatif_states_the_budget_in_force(tmp_path, capsys, monkeypatch):
    """The tiny province has 2 mountain and high-mountain communes; a budget set for 4 is
    halved: VND 40 bn gives 20, the 6 bn typed gives 3. The report states 3,0 tỷ đồng as
    the variant's budget, never the 6 set alone, and the factor once."""
    monkeypatch.setenv("STAFFSIM_LANG", "vi")
    scenario = write_scenario(tmp_path, SCALED)
    out = tmp_path / "w"
    code, text, err = run_cli(capsys, "whatif", str(scenario), "--set",
                              "optimizer.budget_vnd=6e9", "--out", str(out))
    assert code == 0, err
    assert "6,0 tỷ đồng cho 4 xã miền núi, vùng cao, tỉnh có 2" in text
    report = re.sub(r"<[^>]+>", " ", (out / "report.html").read_text(encoding="utf-8"))
    assert "ngân sách hỗ trợ 40,0 tỷ đồng cho 4 xã miền núi, vùng cao, tỉnh có 2: 20,0 tỷ đồng" \
        in report
    assert "ngân sách hỗ trợ áp dụng là 3,0 tỷ đồng" in report
    assert "ngân sách hỗ trợ là 6,0 tỷ đồng," in report  # (only beside its scaled figure)
    assert report.count("ngân sách hỗ trợ là 6,0 tỷ đồng") == 1
    assert "ngân sách hỗ trợ là 6,0 tỷ đồng, quy đổi như ngân sách của phương án gốc: " \
           "3,00 tỷ đồng" in report
    assert report.count("tỉnh có 2") == 1


# --- fault 13: a count that does not change, a province's own roster total ---------------

def _outcome(essential: tuple[int, int], lacking: tuple[int, int]) -> dict:
    def areas(x: float) -> dict:
        return {"province": x, "high_mountain": x / 2}
    return {"unmet_fte_before": areas(40.0), "unmet_fte_after": areas(30.0),
            "essential_missing_before": {"province": essential[0]},
            "essential_missing_after": {"province": essential[1]},
            "communes_lacking_essential_before": {"province": lacking[0]},
            "communes_lacking_essential_after": {"province": lacking[1]}}


def test_an_unchanged_count_is_not_said_as_a_change():
    from staffsim.results.report_contents import _unmet_change

    with language("vi"):
        vi = Words("vi")
        same = _unmet_change(vi, _outcome((15, 15), (12, 12)))
        assert "từ 15 xuống 15" not in same and "giữ nguyên 15, ở 12 xã, phường" in same
        assert "từ 15 xuống 9" in _unmet_change(vi, _outcome((15, 9), (12, 8)))


def test_a_one_province_roster_says_the_province_s_count_not_the_nation_s():
    """Lạng Sơn selected from vietnam.toml: 2,376 officials, its published count
    (roster.province_totals); the table-wide 206,707 is no figure of this scenario."""
    from types import SimpleNamespace

    from staffsim.results.report_contents import headcount_lines

    h = SimpleNamespace(roster_table=None, communes=65, given=0, given_officials=0,
                        generated_officials=2376, target_total=206707, merged_default=0,
                        default_merged_units=3.2, quota_given=0, quota_total=0,
                        quota_norm=0, quota_published={})
    with language("vi"):
        vi = Words("vi")
        (line,) = headcount_lines(vi, h, 2376)
        assert "206.707" not in line and "2.376 người (roster.province_totals)" in line
        (line,) = headcount_lines(vi, h)  # (validate: a part of the whole table)
        assert "cả bảng xã, phường của mọi tỉnh trong bảng có tổng cộng 206.707" in line


def test_one_spare_official_is_not_said_to_all_move():
    from staffsim.results.words import reason

    vi = Words("vi")
    one = reason(vi, "Mường Lay's 1 spare construction official(s) all move elsewhere")
    assert "đều" not in one and one.startswith("công chức xây dựng")
    assert "duy nhất của Mường Lay" in one
    three = reason(vi, "Mường Lay's 3 spare construction official(s) all move elsewhere")
    assert three.startswith("3 công chức xây dựng") and "đều" in three




def test_the_frontier_report_says_each_row_s_budget_is_scaled(tmp_path, capsys):
    """A row labelled 4,0 tỷ had 2,0 in force on the tiny province (2 of the 4 communes the
    value is for): the report says how each row's budget was scaled."""
    scenario = write_scenario(tmp_path, SCALED)
    out = tmp_path / "f"
    code, _o, err = run_cli(capsys, "frontier", str(scenario), "--lever",
                            "optimizer.budget_vnd", "--range", "2e9:4e9:2", "--workers", "1",
                            "--out", str(out), "--lang", "vi")
    assert code == 0, err
    report = re.sub(r"<[^>]+>", " ", (out / "report.html").read_text(encoding="utf-8"))
    assert ("Ngân sách ở mỗi dòng là giá trị đặt cho 4 xã miền núi, vùng cao, quy đổi theo 2 "
            "xã, phường miền núi, vùng cao của tỉnh: phương án dùng giá trị đó × 2 / 4.") \
        in report
