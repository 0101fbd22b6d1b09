"""The decision annex as a document attached to a signed decision (a planner's trial of the
Thanh Hóa annex): no retroactive dates, no planner's notes on the printed sheet, the province
named with its kind, and the form of Nghị định 30/2020/NĐ-CP (Times New Roman, A4, the page
number centred in the top margin from page 2, the header row repeated). The planner's
notes are a note on the dates line: shown on screen, not printed."""

import datetime as dt

from openpyxl import load_workbook

from staffsim.results.annex import (
    HEADER_ROW,
    AnnexContext,
    Term,
    replaceable,
    write_annex_xlsx,
)

from .test_annex import ROWS

JULY_2025 = dt.date(2025, 7, 1)  # the scenario's start (province.start_year, start_month)


def _context(start=JULY_2025, end=dt.date(2028, 6, 30), months=36, plan_month=0,
             name="Thanh Hóa"):
    return AnnexContext({"38": name}, {"38": Term(start, end, months, "start", plan_month,
                                                  JULY_2025)}, 1)


def _printed(ws) -> list[str]:
    """The texts of the print area (A1 to J and the table's last row)."""
    assert ws.print_area.replace("$", "") == f"'Phụ lục'!A1:J{ws.max_row}"
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def _notes(ws) -> str:
    return ws["A4"].comment.text


def test_a_plan_for_a_past_month_leaves_the_dates_to_fill_in(tmp_path):
    """Made on 01/12/2026 for the scenario's start (July 2025), the annex said 'từ ngày
    01/07/2025 đến ngày 30/06/2028': a decision signed in December 2026 cannot take effect
    17 months earlier. The printed dates are dotted lines; the notes give the plan's dates
    and the month to plan on: December 2026 is 17 months after July 2025 (--month 17). A
    printed line above the table says the plan's dates have passed, that the months and
    amounts are not those of a decision signed now, and the month to plan on: in the note
    alone (not printed, unseen), a planner would sign 36 months a person (an HR trial)."""
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2026, 12, 1), _context())
    ws = load_workbook(path)["Phụ lục"]
    assert ws["A4"].value == ("Thời gian điều động: từ ngày ..../..../........ đến ngày "
                              "..../..../........")
    warning = ws["A5"].value
    assert warning.startswith("LƯU Ý: phương án lập cho điều động có hiệu lực từ ngày "
                              "01/07/2025, đã qua so với ngày lập (01/12/2026)")
    assert "lập lại phương án cho tháng 12/2026" in warning and "trước khi trình ký" in warning
    assert ws["A5"].font.color.rgb == "FFC00000" and warning in _printed(ws)
    assert ws.row_dimensions[5].hidden is False and "A5:J5" in ws.merged_cells
    # nothing else printed gives the plan's dates (no retroactive dates to sign)
    assert not any("2025" in t or "2028" in t for t in _printed(ws) if t != warning)
    notes = _notes(ws)
    assert "từ ngày 01/07/2025 đến ngày 30/06/2028 (36 tháng)" in notes
    assert "staffsim plan --month 17 cho tháng 12/2026" in notes
    # made in the middle of a month: the first month not yet begun, January 2027 (18)
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2026, 12, 15), _context())
    assert "--month 18 cho tháng 01/2027" in _notes(load_workbook(path)["Phụ lục"])


def test_a_plan_for_a_month_to_come_keeps_its_dates(tmp_path):
    """Made on 20/11/2026 for December 2026 (--month 17, 19 months left of the 36 counted
    from July 2025): the dates are printed, 01/12/2026 to 30/06/2028."""
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2026, 11, 20), _context(
        dt.date(2026, 12, 1), dt.date(2028, 6, 30), 19, 17))
    ws = load_workbook(path)["Phụ lục"]
    assert ws["A4"].value == ("Thời gian điều động: từ ngày 01/12/2026 đến ngày 30/06/2028 "
                              "(19 tháng)")
    assert ws["A5"].value is None  # nothing has passed: no warning


def test_the_printed_annex_carries_no_planners_notes(tmp_path):
    """The assumptions, the day and tool it was made with and how the formulas behave are
    for the planner: a note on the dates line (shown on screen, not printed), not on the
    attachment (one sheet: the table's readers name no sheet in their rows)."""
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2025, 6, 20), _context())
    wb = load_workbook(path)
    assert wb.sheetnames == ["Phụ lục"]
    ws = wb.active
    assert ws.max_column == 10 and ws.print_options.gridLines in (None, False)
    assert [c.coordinate for row in ws.iter_rows() for c in row if c.comment] == ["A4"]
    printed = " ".join(_printed(ws))
    for word in ("staffsim", "Giả định", "mô phỏng", "công thức", "Lập ngày", "LibreOffice"):
        assert word not in printed, word
    notes = _notes(ws)
    for word in ("Lập ngày 20/06/2025 bằng staffsim", "Giả định", "công thức"):
        assert word in notes, word
    assert replaceable(path) is None  # the notes are fingerprinted with the rest


def test_the_title_names_the_province_with_its_kind(tmp_path):
    """'— THANH HÓA' was the scenario's name: the title reads 'TỈNH THANH HÓA', a
    centrally-run city 'THÀNH PHỐ HÀ NỘI', and the committee of the decision is the
    province's; a name of unknown kind is given as it is."""
    from staffsim.results.annex import province_title

    path = tmp_path / "annex.xlsx"
    for context, place, issuer in (
            (_context(), "TỈNH THANH HÓA", "tỉnh Thanh Hóa"),
            (None, "TỈNH THANH HÓA", "tỉnh Thanh Hóa"),
            (_context(name="Hà Nội"), "THÀNH PHỐ HÀ NỘI", "thành phố Hà Nội")):
        write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2025, 6, 20), context)
        ws = load_workbook(path)["Phụ lục"]
        assert ws["A1"].value == "Phụ lục"
        assert ws["A2"].value == ("DANH SÁCH CÔNG CHỨC ĐƯỢC ĐIỀU ĐỘNG ĐẾN CÔNG TÁC TẠI CÁC "
                                  f"XÃ, PHƯỜNG TRÊN ĐỊA BÀN {place}")
        assert ws["A3"].value.endswith(f"của Ủy ban nhân dân {issuer})")
    assert province_title("Tỉnh Thanh Hóa") == "Tỉnh Thanh Hóa"
    assert province_title("TP.HCM") == "Thành phố Hồ Chí Minh"
    assert province_title("Thanh Hoa demo") == "Thanh Hoa demo"


def test_the_thanh_hoa_plan_names_its_province():
    """The Thanh Hóa scenario (with its department pool, whose state keeps no province
    column) named the province 'Thanh Hóa' without its kind."""
    from staffsim.experiments.states import plan_state
    from staffsim.results.annex import annex_context
    from staffsim.scenarios.loader import load_scenario

    from ..conftest import SCENARIOS

    state = plan_state(load_scenario(SCENARIOS / "thanh_hoa.toml"), 0)
    assert annex_context([state]).provinces == {"38": "Tỉnh Thanh Hóa"}


def test_the_form_of_nghi_dinh_30(tmp_path):
    """Nghị định 30/2020/NĐ-CP, Phụ lục I: Times New Roman; 'Phụ lục' and the title 14 bold;
    A4 (paper size 9), the table across the page; margins top and bottom 20 mm, left 30,
    right 15; the page number centred in the top margin, none on the first page; the header
    row on every page."""
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2025, 6, 20), _context())
    wb = load_workbook(path)
    ws = wb["Phụ lục"]
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                assert c.font.name == "Times New Roman", c.coordinate
    assert (ws["A1"].font.sz, ws["A1"].font.b, ws["A2"].font.sz, ws["A2"].font.b) == (
        14, True, 14, True)
    assert ws["A3"].font.i and ws["A3"].font.sz == 14
    assert all(12 <= (c.font.sz or 0) <= 14 for row in ws.iter_rows(min_row=HEADER_ROW)
               for c in row if c.value is not None)
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    mm = 25.4
    assert (round(ws.page_margins.top * mm), round(ws.page_margins.bottom * mm),
            round(ws.page_margins.left * mm), round(ws.page_margins.right * mm)) == (
        20, 20, 30, 15)
    assert ws.oddHeader.center.text == "&P" and ws.oddHeader.center.size == 13
    assert ws.HeaderFooter.differentFirst and not ws.firstHeader.center.text
    assert ws.print_title_rows.replace("$", "") == f"{HEADER_ROW}:{HEADER_ROW}"


def test_the_re_plan_the_notes_advise_is_a_command_plan_accepts(tmp_path, capsys):
    """The demo with a 12-month horizon (simulation.months = 12, from July 2025), its annex
    made on 15/12/2026: the moves take effect from January 2027, 18 months after the start
    (hand count: 2027*12 + 0 - (2025*12 + 6) = 18). The notes advised 'staffsim plan --month
    18', which plan refuses ('18 is beyond the horizon; allowed: 0 to 12'). The advice now
    raises the horizon with it, and the command it gives runs."""
    import re
    import shlex

    from staffsim.experiments.states import plan_state
    from staffsim.results.annex import annex_context
    from staffsim.scenarios.loader import load_scenario

    from ..conftest import SCENARIOS
    from ..helpers import run_cli

    horizon = ["--set", "simulation.months=12"]
    state = plan_state(load_scenario(SCENARIOS / "demo.toml", {"simulation.months": 12}), 0)
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2026, 12, 15), annex_context([state]))
    notes = _notes(load_workbook(path)["Phụ lục"])
    command = re.search(r"\((staffsim plan [^()]*?) cho tháng 01/2027\)", notes)
    assert command, notes
    args = shlex.split(command[1])[2:]
    assert args[args.index("--month") + 1] == "18"
    code, _, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), *horizon, *args,
                           "--out", str(tmp_path / "replan"), "--no-marginals",
                           "--lang", "en")
    assert code == 0, err


def test_the_re_plan_command_within_and_beyond_any_horizon():
    """Within the horizon: --month alone (as before); beyond it, the horizon raised to the
    month; with months x replications over the limit of simulated months (2,000,000), one
    replication; beyond simulation.months' maximum (600), no command at all."""
    from staffsim.results.annex import replan_command

    def term(horizon, replications=1):
        return Term(JULY_2025, dt.date(2028, 6, 30), 36, "start", 0, JULY_2025, horizon,
                    replications)

    assert replan_command(17, term(24)) == "staffsim plan --month 17"
    assert replan_command(24, term(24)) == "staffsim plan --month 24"
    assert replan_command(25, term(24)) == ("staffsim plan --set simulation.months=25 "
                                            "--month 25")
    assert replan_command(450, term(60, 5_000)) == (  # 450 x 5,000 = 2,250,000
        "staffsim plan --set simulation.months=450 --set simulation.replications=1 "
        "--month 450")
    assert replan_command(600, term(60, 10)) == ("staffsim plan --set simulation.months=600 "
                                                 "--month 600")
    assert replan_command(601, term(60)) is None


def test_a_month_beyond_any_horizon_gets_no_command(tmp_path):
    """Made in January 2080 for a scenario starting July 2025: 654 months on, past the
    600-month maximum of simulation.months: the notes say so instead of a command."""
    path = tmp_path / "annex.xlsx"
    context = AnnexContext({"38": "Thanh Hóa"}, {"38": Term(
        JULY_2025, dt.date(2028, 6, 30), 36, "start", 0, JULY_2025, 60, 1)}, 1)
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2080, 1, 1), context)
    notes = _notes(load_workbook(path)["Phụ lục"])
    assert "staffsim plan" not in notes
    assert "tháng 01/2080 cách tháng bắt đầu của kịch bản 654 tháng" in notes
