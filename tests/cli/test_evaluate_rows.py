"""What evaluate says of each row of a list: a row of a province not evaluated once, a row
hidden in the workbook as counted, and a closing count of the findings it printed."""

import re

from openpyxl import load_workbook

from staffsim.results.annex import HEADER_ROW

from ..conftest import SCENARIOS
from ..helpers import run_cli

VIETNAM = str(SCENARIOS / "vietnam.toml")
THANH_HOA = 'province.provinces=["38"]'


def _findings(out: str, plan) -> list[str]:
    return [ln for ln in out.splitlines() if ln.startswith(f"{plan}: ")]


def _count(out: str) -> tuple[int, int]:
    m = re.search(r"^([\d,]+) rule violations? in ([\d,]+) moves?", out, re.M)
    return int(m[1].replace(",", "")), int(m[2].replace(",", ""))


def test_a_row_of_a_province_not_evaluated_is_said_once(tmp_path, capsys):
    """Rows of Nghệ An's officials (an annex of Thanh Hóa and Nghệ An, as plan --xlsx names
    their communes) evaluated against Thanh Hóa alone: each was three lines (its two
    commune names unknown, its official not in the roster). Each is now one line naming
    the province, counted apart. By the communes table: Xã Chiêu Lưu is Nghệ An's only
    (16855), Xã Lương Sơn is a commune of Phú Thọ, Thanh Hóa, Nghệ An and Lâm Đồng, so
    row 2 is Nghệ An's; Bắc Lý and Nghĩa Hưng are each a commune of Ninh Bình (37) and of
    Nghệ An (40), so row 3 is one of those, neither evaluated. Row 4 moves an official of
    Thanh Hóa's 15853 to 15853, the commune they are in: a finding of the province
    evaluated (an official nobody has is bad input: tests/cli/test_evaluate_trial.py)."""
    plan = tmp_path / "two.csv"
    plan.write_text("official_id,to_commune,from_commune\n"
                    "17641-028,Xã Chiêu Lưu,Xã Lương Sơn\n"
                    "16972-036,Xã Bắc Lý,Xã Nghĩa Hưng\n"
                    "15853-001,15853,\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", VIETNAM, "--set", THANH_HOA, "--plan",
                             str(plan), "--lang", "en")
    assert code == 1, out + err
    lines = _findings(out, plan)
    for row in (2, 3):
        assert len([ln for ln in lines if f": row {row}: " in ln]) == 1, out
    assert (f"{plan}: row 2: official 17641-028 works in Tỉnh Nghệ An, not in the "
            "province(s) evaluated (Tỉnh Thanh Hóa); the row is not checked") in lines
    assert (f"{plan}: row 3: official 16972-036 works in Tỉnh Ninh Bình or Tỉnh Nghệ An, "
            "not in the province(s) evaluated (Tỉnh Thanh Hóa); the row is not checked"
            ) in lines
    row4 = [ln for ln in lines if ": row 4: " in ln]
    assert f"{plan}: row 4: a move to another commune: moves to the commune it is in" in row4
    assert _count(out) == (len(row4), 1)  # row 4's findings, in the one row checked
    assert ("2 of the 3 rows move officials of provinces not evaluated (Tỉnh Nghệ An) and "
            "were not checked; select their provinces (province.provinces) to check them"
            ) in out
    code, out, _ = run_cli(capsys, "evaluate", VIETNAM, "--set", THANH_HOA, "--plan",
                           str(plan), "--lang", "vi")
    assert code == 1
    assert (f"{plan}: dòng 2: công chức 17641-028 đang công tác tại Tỉnh Nghệ An, không "
            "thuộc tỉnh được đánh giá (Tỉnh Thanh Hóa); dòng này không được kiểm tra") in out
    assert "2 trên 3 dòng điều động công chức của tỉnh không được đánh giá (Tỉnh Nghệ An)" in out


def test_a_hidden_row_of_the_annex_is_counted_and_said(tmp_path, capsys):
    """A planner hides a row of the annex in Excel instead of deleting it: the row is
    still on the list signed, so its transfer is counted, and evaluate says so (it was
    counted without a word)."""
    scenario = str(SCENARIOS / "demo.toml")
    annex = tmp_path / "annex.xlsx"
    code, _, _ = run_cli(capsys, "plan", scenario, "--out", str(tmp_path / "p"),
                         "--no-marginals", "--xlsx", str(annex), "--lang", "en")
    assert code == 0
    wb = load_workbook(annex)
    ws = wb.active
    # the transfer rows: those numbered in the STT column
    rows = [r for r in range(HEADER_ROW + 1, ws.max_row + 1)
            if isinstance(ws.cell(r, 1).value, int)]
    hidden = rows[len(rows) // 2]
    ws.row_dimensions[hidden].hidden = True
    edited = tmp_path / "hidden.xlsx"
    wb.save(edited)
    code, out, err = run_cli(capsys, "evaluate", scenario, "--plan", str(edited), "--lang",
                             "en")
    assert code == 0, out + err
    assert _findings(out, edited) == [
        f"{edited}: row {hidden} is hidden in the sheet; counted as a transfer (a hidden row "
        "is still on the list: delete the row to leave the transfer out)"], out
    assert _count(out) == (0, len(rows))
    # the plan compared with the optimum moves every official of the sheet
    moved = next(ln for ln in out.splitlines() if ln.startswith("Transfers (officials)"))
    assert moved.split()[-2] == f"{len(rows):,}", moved
    code, out, _ = run_cli(capsys, "evaluate", scenario, "--plan", str(edited), "--lang",
                           "vi")
    assert code == 0
    assert f"{edited}: dòng {hidden} bị ẩn trong trang tính; vẫn được tính" in out


def test_the_closing_count_is_of_the_findings_printed(tmp_path, capsys):
    """A Thanh Hóa official moved to 'Dong Tien' from 'Dong Tien': both names fit Thanh
    Hóa's Đông Tiến (15853) and Đồng Tiến (15724): two problems of bad input on the row,
    exit 2, and no closing count (they are no rule broken)."""
    import staffsim.optimize.families  # noqa: F401  (their parameter sections)
    from staffsim.experiments.states import plan_state
    from staffsim.scenarios.loader import load_scenario

    state = plan_state(load_scenario(SCENARIOS / "vietnam.toml",
                                     {"province.provinces": ["38"]}), 0)
    official = state.official_id[0]
    plan = tmp_path / "names.csv"
    plan.write_text(f"official_id,to_commune,from_commune\n{official},Dong Tien,Dong Tien\n",
                    encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", VIETNAM, "--set", THANH_HOA, "--plan",
                             str(plan), "--lang", "en")
    assert code == 2 and out == "", out + err
    lines = err.splitlines()
    assert [ln.split(": ")[3] for ln in lines] == ["row 2, column to_commune",
                                                   "row 2, column from_commune"], err
    assert all("'Dong Tien' matches 2 communes" in ln for ln in lines)
