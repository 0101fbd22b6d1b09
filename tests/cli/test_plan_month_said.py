"""A plan (and a what-if) says which month it is for, on the console and in report.html,
and, once that month has passed, the --month to plan on (an HR trial: the default plan made
on 03/12/2026 was for 07/2025, and nothing but a hidden note said so; the annex signed would
pay 36 months a person that cannot be paid). "Today" is given to the command, never the
machine's date. The annex's totals are values a viewer reads without computing anything."""

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook

from staffsim.results import plan_month
from staffsim.results.annex import HEADER_ROW

from ..conftest import SCENARIOS
from ..helpers import run_cli

FIGURES_OFF = ("--set", "output.figures=false", "--no-marginals")


def _today(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr(plan_month, "today", lambda: day)


def test_a_plan_for_a_past_month_says_so_everywhere(capsys, tmp_path, monkeypatch):
    _today(monkeypatch, dt.date(2026, 12, 3))
    out, annex = tmp_path / "plan", tmp_path / "phụ lục.xlsx"
    code, stdout, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--out",
                                str(out), "--xlsx", str(annex), "--lang", "vi", *FIGURES_OFF)
    assert code == 0, err
    # demo.toml starts in 07/2025; 01/2027 is 18 months later, within its 24 months
    assert "Phương án cho tháng 07/2025 (trạng thái đầu kỳ)" in stdout
    passed = next(line for line in stdout.splitlines() if "đã qua" in line)
    assert passed.startswith("Tháng 07/2025 đã qua (hôm nay là 03/12/2026)")
    assert "--month 18" in passed and "tháng 01/2027" in passed
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Phương án cho tháng 07/2025 (trạng thái đầu kỳ)" in report
    assert "Tháng 07/2025 đã qua (hôm nay là 03/12/2026)" in report
    # the report names the annex written beside the folder (F11)
    assert "phụ lục.xlsx" in report
    # the annex: the warning printed above the table
    ws = load_workbook(annex).active
    assert "đã qua so với ngày lập (03/12/2026)" in ws["A5"].value
    assert "lập lại phương án cho tháng 01/2027 (--month 18" in ws["A5"].value


def test_a_plan_for_a_month_to_come_says_its_month_and_nothing_more(capsys, tmp_path,
                                                                    monkeypatch):
    _today(monkeypatch, dt.date(2025, 9, 20))
    out = tmp_path / "plan"
    code, stdout, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--month", "3",
                                "--out", str(out), "--lang", "en", *FIGURES_OFF)
    assert code == 0, err
    assert "Plan for Oct 2025 (the state simulated after 3 months, --month 3)" in stdout
    assert "has passed" not in stdout
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Plan for Oct 2025" in report and "has passed" not in report
    assert "decision annex" not in report  # none was written


def test_a_whatif_says_which_month_its_plans_are_for(capsys, tmp_path, monkeypatch):
    _today(monkeypatch, dt.date(2026, 12, 3))
    out = tmp_path / "wi"
    code, stdout, err = run_cli(capsys, "whatif", str(SCENARIOS / "demo.toml"), "--month",
                                "3", "--set", "optimizer.budget_vnd=20e9", "--out", str(out),
                                "--lang", "vi")
    assert code == 0, err
    first = "Hai phương án cho tháng 10/2025 (trạng thái mô phỏng sau 3 tháng, --month 3)"
    assert first in stdout
    assert "Tháng 10/2025 đã qua (hôm nay là 03/12/2026)" in stdout
    assert "thêm --month 18" in stdout
    report = (out / "report.html").read_text(encoding="utf-8")
    assert first in report and "Tháng 10/2025 đã qua" in report


def test_the_annex_totals_are_values_any_viewer_reads(capsys, tmp_path, monkeypatch):
    """Read as a preview, pandas or Protected View reads them (the values stored,
    data_only): every subtotal, the total, the headcount lines and the total over the term
    are there and are plan.csv's sums, counted here from plan.csv."""
    _today(monkeypatch, dt.date(2025, 6, 20))
    out, annex = tmp_path / "plan", tmp_path / "annex.xlsx"
    code, _, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--out", str(out),
                           "--xlsx", str(annex), *FIGURES_OFF)
    assert code == 0, err
    with open(out / "plan.csv", encoding="utf-8-sig") as f:
        plan = list(csv.DictReader(f))
    ws = load_workbook(annex, data_only=True).active
    body = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    subtotals = [r for r in body if isinstance(r[1], str) and r[1].startswith("Cộng: ")]
    total = next(r for r in body if isinstance(r[1], str) and r[1].startswith("Tổng cộng"))
    period = next(r for r in body if r[1] == "Tổng kinh phí hỗ trợ cả thời hạn (đồng)")
    by_commune: dict[str, list[dict]] = {}
    for r in plan:
        by_commune.setdefault(r["to_commune"], []).append(r)
    assert len(subtotals) == len(by_commune)
    assert sorted(r[1] for r in subtotals) == sorted(
        f"Cộng: {len(v)} người" for v in by_commune.values())
    assert sorted(r[9] for r in subtotals) == sorted(
        sum(int(x["total_allowance_vnd"]) for x in v) for v in by_commune.values())
    assert total[1] == f"Tổng cộng: {len(plan)} người"
    assert total[7] == sum(int(r["monthly_allowance_vnd"]) for r in plan)
    assert total[9] == period[9] == sum(int(r["total_allowance_vnd"]) for r in plan)
    assert all(isinstance(r[k], int) for r in [*subtotals, total] for k in (7, 9))
    assert ws["A5"].value is None  # made before 07/2025: nothing has passed


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_month_lines_are_in_the_language_asked(capsys, tmp_path, monkeypatch, lang):
    _today(monkeypatch, dt.date(2026, 12, 3))
    code, stdout, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--out",
                                str(tmp_path / "p"), "--lang", lang, *FIGURES_OFF)
    assert code == 0, err
    said = ("Tháng 07/2025 đã qua" if lang == "vi" else "Jul 2025 has passed")
    assert said in stdout
