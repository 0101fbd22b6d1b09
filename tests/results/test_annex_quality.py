"""An annex of a plan not proven optimal (the solver stopped at its time limit; the greedy
plan shown as the best known) says so, printed above the table and in the planner's note:
an HR trial's time-limited annex (322 people, 54 essential specialties vacant against the
optimum's 21) looked exactly like an optimal one once mailed."""

import datetime as dt
from types import SimpleNamespace

from openpyxl import load_workbook

from staffsim.i18n import N_, Said
from staffsim.results.annex import AnnexContext, unproven_lines, write_annex_xlsx

from .test_annex import ROWS


def _plan(name: str, optimal: bool, greedy: bool = False, found: bool = True):
    said = (Said(N_("proven optimal")) if optimal else
            Said(N_("NOT proven optimal: the solver stopped ({status}) before it found a plan "
                    "better than the greedy baseline, which is shown as the best plan known; "
                    "a longer --time-limit may improve it"), status="Not Solved") if greedy
            else Said(N_("NOT proven optimal: the solver stopped ({status}) with the best "
                         "plan found so far, gap unknown; a longer --time-limit may improve "
                         "it"), status="Not Solved"))
    return SimpleNamespace(found=found, proven_optimal=optimal and found,
                           quality=lambda: said, state=SimpleNamespace(name=name))


def test_an_optimal_plan_says_nothing_more():
    assert unproven_lines([_plan("Thanh Hóa", True)]) == ()


def test_a_time_limited_plan_is_said_in_the_printed_annex_and_the_note(tmp_path):
    lines = unproven_lines([_plan("Thanh Hóa", False, greedy=True)])
    assert len(lines) == 1
    assert lines[0].startswith("phương án CHƯA được chứng minh tối ưu: bộ giải dừng")
    assert "phương án đơn giản" in lines[0]  # the greedy plan, in the catalogue's words
    path = tmp_path / "annex.xlsx"
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2025, 6, 20),
                     AnnexContext(unproven=lines))
    ws = load_workbook(path).active
    assert ws["A5"].value == f"LƯU Ý: {lines[0]}."
    assert ws["A5"].font.color.rgb == "FFC00000"
    assert lines[0] in ws["A4"].comment.text
    # an optimal plan's annex has no such line
    write_annex_xlsx(path, ROWS, "Thanh Hóa", dt.date(2025, 6, 20), AnnexContext())
    ws = load_workbook(path).active
    assert ws["A5"].value is None and "tối ưu" not in ws["A4"].comment.text


def test_several_provinces_name_the_one_not_proven():
    lines = unproven_lines([_plan("Lạng Sơn", True), _plan("Thanh Hóa", False)])
    assert len(lines) == 1 and lines[0].startswith("Thanh Hóa: phương án CHƯA được chứng")
