"""evaluate reads the day the planner wrote into the annex's dates line ('Thời gian điều
động: từ ngày 01/01/2027 ...'): without --month, the list is checked on that month, as it
would be signed; an HR trial's filled-in annex of 36-month terms was told '0 rule violations'
because it was checked on the scenario's start (07/2025). Months counted by hand: demo.toml
starts in 07/2025 and simulates 24 months; its support window runs 36 months from 08/2025,
to 31/07/2028."""

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

from staffsim.results.evaluation import written_month

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")
JULY_2025 = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def annex(tmp_path_factory):
    from staffsim.cli import main

    folder = tmp_path_factory.mktemp("dated")
    path = folder / "annex.xlsx"
    assert main(["plan", DEMO, "--no-marginals", "--set", "output.figures=false", "--out",
                 str(folder / "plan"), "--xlsx", str(path)]) == 0
    return path


def _dated(annex, tmp_path, day: str, name: str = "dated.xlsx"):
    wb = load_workbook(annex)
    ws = wb.active
    assert str(ws["A4"].value).startswith("Thời gian điều động: ")
    ws["A4"].value = f"Thời gian điều động: từ ngày {day} đến ngày 31/12/2029"
    target = tmp_path / name
    wb.save(target)
    return target


def test_the_month_of_a_day_written():
    assert written_month("01/01/2027", JULY_2025) == (18, dt.date(2027, 1, 1))
    # taking effect on the 15th: the month after, the first that starts on or after it
    assert written_month("15/01/2027", JULY_2025)[0] == 19
    assert written_month("01/07/2025", JULY_2025)[0] == 0
    assert written_month("31/02/2027", JULY_2025) is None


def test_a_list_dated_by_the_planner_is_checked_on_its_month(annex, tmp_path, capsys):
    code, out, err = run_cli(capsys, "evaluate", DEMO, "--plan",
                             str(_dated(annex, tmp_path, "01/01/2027")))
    lines = out.splitlines()
    assert lines[0] == ("the list's dates line gives 01/01/2027: evaluated on the simulated "
                        "state of Jan 2027 (--month 18), when its transfers would take "
                        "effect; give --month to evaluate another month"), out
    # 01/2027 to 07/2028: 19 months of term, where the rows say 36
    assert "months of support: 36 months, the rules give 19" in out
    assert code == 1


def test_another_month_asked_is_kept_and_warned(annex, tmp_path, capsys):
    code, out, err = run_cli(capsys, "evaluate", DEMO, "--plan",
                             str(_dated(annex, tmp_path, "01/01/2027")), "--month", "3")
    first = out.splitlines()[0]
    assert first.startswith("warning: the list's dates line gives 01/01/2027 (Jan 2027, "
                            "month 18), but the list is evaluated on --month 3 as asked")
    assert first.endswith("--month 18")
    assert "the rules give 19" not in out  # checked on month 3, as asked


def test_a_day_beyond_the_horizon_is_warned_with_the_options(annex, tmp_path, capsys):
    code, out, err = run_cli(capsys, "evaluate", DEMO, "--plan",
                             str(_dated(annex, tmp_path, "01/01/2028")))
    first = out.splitlines()[0]
    # January 2028 is month 30, beyond demo's 24 months: the horizon raised in the command
    assert first.startswith("warning: the list's dates line gives 01/01/2028 (Jan 2028, "
                            "month 30), but the list is evaluated on the scenario's "
                            "starting state")
    assert "--set simulation.months=30 --month 30" in first


def test_dots_left_or_the_plans_own_month_say_nothing(annex, tmp_path, capsys):
    code, out, err = run_cli(capsys, "evaluate", DEMO, "--plan", str(annex))
    assert code == 0, err
    assert "dates line" not in out
    code, out, err = run_cli(capsys, "evaluate", DEMO, "--plan",
                             str(_dated(annex, tmp_path, "01/07/2025")))
    assert code == 0, err
    assert "dates line" not in out


def test_the_dates_line_is_read_from_a_csv_export(annex, tmp_path, capsys):
    wb = load_workbook(_dated(annex, tmp_path, "01/01/2027"))
    target = tmp_path / "exported.csv"
    with open(target, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        for row in wb.active.iter_rows(values_only=True):
            w.writerow(["" if v is None else v for v in row])
    code, out, err = run_cli(capsys, "evaluate", DEMO, "--plan", str(target), "--lang", "vi")
    assert out.splitlines()[0].startswith(
        "dòng thời gian điều động của danh sách ghi ngày 01/01/2027: kiểm tra theo trạng "
        "thái mô phỏng của tháng 01/2027 (--month 18)")
