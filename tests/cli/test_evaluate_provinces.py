"""evaluate checks each province of a national list on its own, as plan plans it."""

import re

import pytest
from openpyxl import load_workbook

from staffsim.cli import main
from staffsim.results.annex import HEADER_ROW

from ..conftest import SCENARIOS


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow  # two provinces planned and evaluated: about 10 s
def test_a_plan_of_provinces_with_their_own_allowances_evaluates_clean(tmp_path, capsys):
    """Lạng Sơn (20) and Quảng Trị (44) pay their own allowances (province.by_province): a
    national evaluate checked every row against the default scheme and one move limit for
    the whole country, 543 false findings on the plan staffsim had just made."""
    scenario = str(SCENARIOS / "vietnam.toml")
    pick = "province.provinces=[\"20\", \"44\"]"
    out = tmp_path / "plan"
    code, _, _ = run(capsys, "plan", scenario, "--set", pick, "--out", str(out),
                     "--no-marginals", "--lang", "en")
    assert code == 0
    moves = len((out / "plan.csv").read_text(encoding="utf-8").splitlines()) - 1
    code, text, err = run(capsys, "evaluate", scenario, "--set", pick, "--plan",
                          str(out / "plan.csv"), "--lang", "en")
    assert code == 0, text + err
    assert f"0 rule violations in {moves:,} moves" in text


def test_a_renamed_official_is_found_with_a_generated_roster(tmp_path, capsys):
    """The annex of a generated roster names each official with the name staffsim makes up
    for them; a name changed in it was not checked (only a roster's own names were)."""
    scenario = str(SCENARIOS / "demo.toml")
    annex = tmp_path / "annex.xlsx"
    code, _, _ = run(capsys, "plan", scenario, "--out", str(tmp_path / "p"), "--no-marginals",
                     "--xlsx", str(annex), "--lang", "en")
    assert code == 0
    wb = load_workbook(annex)
    ws = wb.active
    row = next(r for r in range(HEADER_ROW + 1, ws.max_row + 1)
               if isinstance(ws.cell(r, 1).value, int))
    who, was = ws.cell(row, 3).value, ws.cell(row, 2).value
    ws.cell(row, 2).value = "Nguyễn Văn Sai Tên"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    code, text, _ = run(capsys, "evaluate", scenario, "--plan", str(edited), "--lang", "en")
    assert code == 1
    assert (f"row {row}: name: 'Nguyễn Văn Sai Tên', but the roster names {who} '{was}'"
            in text), text
    assert "0 rule violations" in text  # a name is no rule: counted apart
    assert "1 cell gives a name or current specialty other than the roster's" in text


def test_a_list_planned_at_a_later_month_gets_a_hint(tmp_path, capsys):
    """An annex of `plan --month 12` evaluated without --month: every row's 25-month term
    (the draft's window, 1/8/2025 to 31/7/2028, from July 2026) was a finding and nothing
    said why (a hostile trial). Now one line says to give --month 12; with it, the list is
    clean."""
    scenario = str(SCENARIOS / "demo.toml")
    annex = tmp_path / "m12.xlsx"
    code, _, _ = run(capsys, "plan", scenario, "--month", "12", "--no-marginals", "--out",
                     str(tmp_path / "p"), "--xlsx", str(annex), "--lang", "en")
    assert code == 0
    code, text, _ = run(capsys, "evaluate", scenario, "--plan", str(annex), "--lang", "en")
    assert code == 1
    assert ("every row's term is 25 months where the rules give 36 from the scenario's "
            f"start: if the list was planned at month 12 (staffsim plan {scenario} --month 12), "
            f"evaluate it with: staffsim evaluate {scenario} --plan {annex} --month 12") in text
    code, text, _ = run(capsys, "evaluate", scenario, "--month", "12", "--plan", str(annex),
                        "--lang", "en")
    assert code == 0 and "every row's term" not in text


@pytest.mark.slow  # two provinces planned, one evaluated: about 7 s
def test_a_plan_of_two_provinces_evaluated_against_one_names_the_same_people(tmp_path, capsys):
    """A plan of Lạng Sơn (20) and Quảng Trị (44) evaluated against Lạng Sơn alone: Lạng
    Sơn's rows are clean (each commune's officials come from its own stream, so its ids name
    the same people, specialties and ages), Quảng Trị's rows name officials and communes the
    scenario does not have. One stream over all the communes selected gave 989 findings (a
    hostile trial). roster.target_total is 0: a total is shared over the communes selected.
    Each of Quảng Trị's rows is one line, not checked, and counted apart (it was three lines,
    each a rule violation); the plan's totals are of both provinces, not 'province'."""
    import csv

    scenario = str(SCENARIOS / "vietnam.toml")
    total = "roster.target_total=0"
    out = tmp_path / "plan"
    code, text, _ = run(capsys, "plan", scenario, "--set", 'province.provinces=["20", "44"]',
                        "--set", total, "--out", str(out), "--no-marginals", "--lang", "en")
    assert code == 0
    assert "Unmet need, all (2 provinces) (FTE)" in text and "province (FTE)" not in text
    with open(out / "plan.csv", encoding="utf-8-sig", newline="") as f:
        province = [r["province_code"] for r in csv.DictReader(f)]
    assert province.count("20") > 10 and province.count("44") > 10
    code, text, err = run(capsys, "evaluate", scenario, "--set", 'province.provinces=["20"]',
                          "--set", total, "--plan", str(out / "plan.csv"), "--lang", "en")
    assert code == 1, text + err
    rows = [int(m) for m in re.findall(r"plan\.csv: row (\d+):", text)]
    # the file's row n is plan row n - 1 (after the header); each once
    assert rows == [n + 2 for n, p in enumerate(province) if p == "44"], text
    assert all(line.endswith("works in Tỉnh Quảng Trị, not in the province(s) evaluated (Tỉnh "
                             "Lạng Sơn); the row is not checked")
               for line in text.splitlines() if "plan.csv: row " in line), text
    assert f"0 rule violations in {province.count('20')} moves" in text
    assert (f"{province.count('44')} of the {len(province)} rows move officials of provinces "
            "not evaluated (Tỉnh Quảng Trị) and were not checked") in text
