"""A communes table may give each commune's support level (column allowance_zone, 'Vùng hỗ
trợ'): a province's list of communes paid each allowance is not always its zones (Thanh Hóa's
draft names 38 + 38 communes; its former districts give 47 + 30). Without the column the
allowance follows the zone, and the report and the annex say that this is assumed."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from staffsim.experiments.states import plan_state
from staffsim.optimize.cache import state_key
from staffsim.optimize.check import PlanRow, check_plan
from staffsim.scenarios.loader import load_scenario

from ..conftest import write_scenario
from ..helpers import assert_one_line_error, run_cli

BASE = 2_340_000  # VND a month, Decree 73/2024/NĐ-CP
HEADER = "commune_id,name,kind,zone,population,area_km2,lat,lon,merged_units"
ROWS = ["W1,Phường Một,phuong,lowland,60000,20,19.80,105.78,5",
        "W2,Phường Hai,phuong,lowland,30000,15,19.75,105.90,3",
        "X1,Xã Núi,xa,mountain,9000,150,20.10,105.30,2",
        "X2,Xã Cao,xa,high_mountain,5000,300,20.40,104.70,1"]


def _scenario(folder: Path, levels: list[str] | None, body: str = "") -> Path:
    """The tiny province; ``levels``: the 'Vùng hỗ trợ' cell of each row (None: no column)."""
    folder.mkdir(parents=True, exist_ok=True)
    if levels is None:
        table = "\n".join([HEADER, *ROWS])
    else:
        table = "\n".join([HEADER + ",Vùng hỗ trợ",
                           *(f"{r},{v}" for r, v in zip(ROWS, levels, strict=True))])
    return write_scenario(folder, "[simulation]\nseed = 3\n" + body, table + "\n")


def _plan(capsys, scenario: Path, out: Path, *more: str) -> list[dict[str, str]]:
    code, _, err = run_cli(capsys, "plan", str(scenario), "--out", str(out), *more)
    assert code == 0, err
    with open(out / "plan.csv", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_a_move_is_paid_at_the_level_the_table_gives(tmp_path, capsys):
    """X2 is high-mountain but the province pays it the mountain level: 1.25 x the base
    salary, VND 2,925,000 a month for 36 months, not 1.75 x (4,095,000)."""
    given = _plan(capsys, _scenario(tmp_path / "given", ["", "", "", "Miền núi"]),
                  tmp_path / "given" / "out")
    by_zone = _plan(capsys, _scenario(tmp_path / "zone", None), tmp_path / "zone" / "out")
    into_x2 = [r for r in given if r["to_commune"] == "X2"]
    assert into_x2 and [r for r in by_zone if r["to_commune"] == "X2"]
    for r in into_x2:
        assert float(r["monthly_allowance_vnd"]) == 1.25 * BASE
        assert float(r["total_allowance_vnd"]) == 36 * 1.25 * BASE
    for r in by_zone:
        if r["to_commune"] == "X2":
            assert float(r["monthly_allowance_vnd"]) == 1.75 * BASE
    # the independent check prices the moves the same way: a budget that pays the plan at
    # the table's levels and not at the zones' is kept
    scenario = load_scenario(tmp_path / "given" / "tiny.toml", {
        "optimizer.constraints.budget.vnd": sum(float(r["total_allowance_vnd"])
                                                for r in given)})
    rows = [PlanRow(r["official_id"], r["to_commune"], r["to_specialty"], r["from_commune"])
            for r in given]
    assert check_plan(plan_state(scenario, 0), rows) == []
    zones = load_scenario(tmp_path / "zone" / "tiny.toml", {
        "optimizer.constraints.budget.vnd": sum(float(r["total_allowance_vnd"])
                                                for r in given)})
    assert check_plan(plan_state(zones, 0), rows)  # at 1.75 x the same moves overspend


def test_the_report_and_the_annex_say_where_the_levels_come_from(tmp_path, capsys):
    _plan(capsys, _scenario(tmp_path / "given", ["", "", "", "miền núi"]),
          tmp_path / "given" / "out", "--xlsx", str(tmp_path / "given.xlsx"))
    _plan(capsys, _scenario(tmp_path / "zone", None), tmp_path / "zone" / "out", "--xlsx",
          str(tmp_path / "zone.xlsx"))
    given = (tmp_path / "given" / "out" / "report.html").read_text(encoding="utf-8")
    assumed = (tmp_path / "zone" / "out" / "report.html").read_text(encoding="utf-8")
    # X2 paid at the mountain level with X1: none at the high-mountain level, 2 at mountain
    assert "0 communes at the high-mountain level and 2 at the mountain level" in given
    assert "an assumption" not in given.split("allowance_zone")[0][-400:]
    assert "(an assumption)" in assumed and "allowance_zone" in assumed

    def planner_note(path: Path) -> str:
        return load_workbook(path).active["A4"].comment.text

    assert "Mức hỗ trợ của mỗi xã lấy theo vùng" not in planner_note(tmp_path / "given.xlsx")
    assert "Mức hỗ trợ của mỗi xã lấy theo vùng" in planner_note(tmp_path / "zone.xlsx")


def test_a_level_that_is_not_a_zone_is_refused_in_one_line(tmp_path, capsys):
    scenario = _scenario(tmp_path, ["", "", "", "núi lửa"])
    code, _, err = run_cli(capsys, "plan", str(scenario), "--out", str(tmp_path / "out"))
    assert_one_line_error(code, err, "communes.csv", "allowance_zone", "row 5")
    assert not (tmp_path / "out").exists()


def test_the_level_is_part_of_the_plan_cache_key(tmp_path):
    """A plan kept for one list of levels is never given for another."""
    a = plan_state(load_scenario(_scenario(tmp_path / "a", ["", "", "", "mountain"]), {}), 0)
    b = plan_state(load_scenario(_scenario(tmp_path / "b", ["", "", "", ""]), {}), 0)
    c = plan_state(load_scenario(_scenario(tmp_path / "c", None), {}), 0)
    assert state_key(a) != state_key(b)
    assert state_key(b) == state_key(c)  # empty cells: the zone, as without the column


def test_evaluate_names_the_tables_level_when_it_is_not_the_zone(tmp_path, capsys):
    """(review) a row paid at the zone's rate, evaluated where the table gives X2 the mountain
    level: the finding said 'a mountain commune' of a high-mountain commune."""
    rows = _plan(capsys, _scenario(tmp_path / "zone", None), tmp_path / "zone" / "out")
    into = next(r for r in rows if r["to_commune"] == "X2")
    plan = tmp_path / "list.csv"
    plan.write_text("official_id,to_commune,monthly_allowance_vnd\n"
                    f"{into['official_id']},X2,{into['monthly_allowance_vnd']}\n",
                    encoding="utf-8")
    given = _scenario(tmp_path / "given", ["", "", "", "mountain"])
    code, out, err = run_cli(capsys, "evaluate", "--lang", "en", str(given), "--plan",
                             str(plan))
    assert code == 1, out + err
    line = next(ln for ln in out.splitlines() if "allowance:" in ln)
    assert "4,095,000 VND a month, the rules give 2,925,000" in line
    assert "the mountain support level the communes table gives it" in line
    assert "a mountain commune" not in line
