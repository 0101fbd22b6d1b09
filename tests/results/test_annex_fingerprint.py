"""``plan --xlsx --force`` replaces an annex only if nobody changed it: its fingerprint
covers what a planner may change without changing a cell value (a comment, a fill, a hidden
row or column, a hidden, added or renamed sheet, header and footer text). Only the cells
were covered, so an annex edited so was replaced (a hostile trial)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from staffsim.results.annex import FINGERPRINT, _read, replaceable, write_annex_xlsx

from .test_annex import ROWS


def _comment(wb):
    wb.active["C10"].comment = Comment("Đã xác minh với xã", "Trưởng phòng")


def _fill(wb):
    wb.active["B10"].fill = PatternFill("solid", fgColor="FFFF00")


def _fill_empty(wb):
    wb.active["L3"].fill = PatternFill("solid", fgColor="FF0000")


def _hide_row(wb):
    wb.active.row_dimensions[10].hidden = True


def _hide_column(wb):
    wb.active.column_dimensions["H"].hidden = True


def _header(wb):
    wb.active.oddHeader.center.text = "Dự thảo"


def _footer(wb):
    wb.active.oddFooter.right.text = "Trang &P"


def _first_page_header(wb):
    wb.active.firstHeader.left.text = "Mật"


def _add_sheet(wb):
    wb.create_sheet("Ghi chú")


def _rename_sheet(wb):
    wb.active.title = "Phụ lục 1"


def _hide_sheet(wb):
    wb.create_sheet("Nháp")
    wb.worksheets[0].sheet_state = "hidden"


EDITS = {"comment": _comment, "fill": _fill, "fill of an empty cell": _fill_empty,
         "hidden row": _hide_row, "hidden column": _hide_column, "header": _header,
         "footer": _footer, "first page's header": _first_page_header,
         "added sheet": _add_sheet, "renamed sheet": _rename_sheet,
         "hidden sheet": _hide_sheet}


@pytest.fixture
def annex(tmp_path):
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa")
    assert replaceable(path) is None
    return path


@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_that_changes_no_cell_value_is_an_edit(annex, edit):
    wb = load_workbook(annex)
    EDITS[edit](wb)
    wb.save(annex)
    assert load_workbook(annex).properties.lastModifiedBy == "staffsim"
    assert replaceable(annex) == "edited"


def test_saved_again_unchanged_it_is_still_replaceable(annex):
    load_workbook(annex).save(annex)
    assert replaceable(annex) is None


def _as_an_earlier_staffsim_wrote_it(path):
    """The annex with the fingerprint an earlier staffsim recorded: of its cells only (and
    as it wrote it: no page number in the header, no note on the dates)."""
    wb = load_workbook(path)
    wb.active["A4"].comment = None
    wb.active.oddHeader.center.text = None
    wb.active.HeaderFooter.differentFirst = False
    prop = next(p for p in wb.custom_doc_props if p.name == FINGERPRINT)
    prop.value = _read(wb)[0]
    return wb


def test_an_earlier_staffsims_annex_is_replaced_only_without_marks(annex, tmp_path):
    """An annex an earlier staffsim wrote (its fingerprint of the cells only) is still
    replaced as it was; with any mark staffsim never writes, it is not."""
    _as_an_earlier_staffsim_wrote_it(annex).save(annex)
    assert replaceable(annex) is None
    for name, edit in EDITS.items():
        wb = _as_an_earlier_staffsim_wrote_it(annex)
        edit(wb)
        copy = tmp_path / "old.xlsx"
        wb.save(copy)
        assert replaceable(copy) == "edited", name


def test_plan_force_keeps_an_annex_whose_comment_was_added(tmp_path, capsys):
    from ..conftest import SCENARIOS
    from ..helpers import assert_one_line_error, run_cli

    demo, annex = str(SCENARIOS / "demo.toml"), tmp_path / "annex.xlsx"
    code, _, err = run_cli(capsys, "plan", demo, "--no-marginals", "--out",
                           str(tmp_path / "p1"), "--xlsx", str(annex))
    assert code == 0, err
    wb = load_workbook(annex)
    _comment(wb)
    wb.save(annex)
    before = annex.read_bytes()
    code, _, err = run_cli(capsys, "plan", demo, "--no-marginals", "--out",
                           str(tmp_path / "p2"), "--xlsx", str(annex), "--force", "--lang",
                           "vi")
    assert_one_line_error(code, err, f"{annex} đã được sửa sau khi staffsim ghi (các ô, ghi "
                          "chú, màu nền")
    assert annex.read_bytes() == before and not (tmp_path / "p2").exists()


def test_a_user_s_file_or_link_where_staffsim_would_write_is_left_alone(tmp_path, capsys):
    """A user's file named like the annex's lock was truncated, then deleted on release; a
    dangling link at the annex's path was replaced by the annex without --force; the same
    for an output folder's lock (a cold review and a planner's trial). Each is refused in
    one line, the files as they were; a stale lock staffsim stamped is taken over."""
    import json

    from staffsim.cli import main

    from ..conftest import SCENARIOS

    demo = str(SCENARIOS / "demo.toml")
    note = tmp_path / ".b.xlsx.lock"
    note.write_text("my notes", encoding="utf-8")
    link = tmp_path / "dangling.xlsx"
    link.symlink_to(tmp_path / "nowhere" / "t.xlsx")
    folder_note = tmp_path / ".o.lock"
    folder_note.write_text("x", encoding="utf-8")
    for args in (["--out", str(tmp_path / "o1"), "--xlsx", str(tmp_path / "b.xlsx")],
                 ["--out", str(tmp_path / "o2"), "--xlsx", str(link)],
                 ["--out", str(tmp_path / "o")]):
        assert main(["plan", demo, "--no-marginals", *args]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, err
    assert note.read_text(encoding="utf-8") == "my notes"
    assert folder_note.read_text(encoding="utf-8") == "x"
    assert link.is_symlink() and not link.exists()
    assert not any((tmp_path / n).exists() for n in ("o1", "o2", "o", "b.xlsx"))
    # a lock a killed staffsim left (stamped) is no user's file: taken over
    note.write_text(json.dumps({"pid": 1, "command": "staffsim plan"}), encoding="utf-8")
    assert main(["plan", demo, "--no-marginals", "--out", str(tmp_path / "o3"), "--xlsx",
                 str(tmp_path / "b.xlsx")]) == 0
    assert (tmp_path / "b.xlsx").is_file() and not note.exists()


def _strike(wb):  # a name struck through: "remove this person" in a draft
    from openpyxl.styles import Font

    wb.active["B10"].font = Font(strike=True)


def _red(wb):
    from openpyxl.styles import Font

    wb.active["B10"].font = Font(color="FFFF0000")


def _link(wb):
    wb.active["B10"].hyperlink = "https://example.org/ho-so"


def _merge(wb):
    wb.active.merge_cells("G10:H10")


def _conditional(wb):
    from openpyxl.formatting.rule import CellIsRule

    wb.active.conditional_formatting.add("H10:H20", CellIsRule(operator="greaterThan",
                                                                formula=["1"]))


def _validation(wb):
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="whole")
    wb.active.add_data_validation(dv)
    dv.add("I10")


def _protect(wb):
    wb.active.protection.sheet = True


FORMAT_EDITS = {"struck through": _strike, "red font": _red, "link": _link,
                "merged cells": _merge, "conditional format": _conditional,
                "data validation": _validation, "protection": _protect}


@pytest.mark.parametrize("edit", FORMAT_EDITS)
def test_a_format_a_planner_marks_rows_with_is_an_edit(annex, edit):
    """Striking a name through, a colour, a link, merged cells, a conditional format, data
    validation or protection changed no cell value and was replaced by --force (a planner's
    trial). Each is an edit now; the annex as written, saved again, is not."""
    load_workbook(annex).save(annex)
    assert replaceable(annex) is None
    wb = load_workbook(annex)
    FORMAT_EDITS[edit](wb)
    wb.save(annex)
    assert replaceable(annex) == "edited"


def test_an_annex_fingerprinted_without_formats_today_is_still_replaced(annex):
    """An annex written before formats were fingerprinted ('2:'): replaced when unedited."""
    import hashlib

    wb = load_workbook(annex)
    cells, marks = _read(wb, formats=False)
    for p in wb.custom_doc_props:
        if p.name == FINGERPRINT:
            p.value = "2:" + hashlib.sha256("\n".join([cells, *marks]).encode()).hexdigest()
    wb.save(annex)
    assert replaceable(annex) is None
    _comment(wb)
    wb.save(annex)
    assert replaceable(annex) == "edited"
