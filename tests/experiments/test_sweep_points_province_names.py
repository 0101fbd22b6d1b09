"""A sweep over provinces names them beside their codes in points.csv too, as design.csv
does (a researcher's trial of the national sweep: '0,01', '1,04' … with no name to read them
by); ``staffsim verify`` recomputes the column from the runs' records like the others."""

from __future__ import annotations

import csv
import io

from staffsim.results.verify import check_summaries

from ..conftest import write_scenario
from ..helpers import run_cli

# the province column names each province as the communes table writes it ('Tỉnh' is not
# part of the name shown); code 02 has no official name since July 2025
COMMUNES = ("commune_id,name,kind,zone,population,area_km2,lat,lon,province_code,province\n"
            "A1,A ward,phuong,lowland,60000,20,19.8,105.78,01,Thành phố Hà Nội\n"
            "A2,A hill,xa,high_mountain,5000,300,20.4,104.7,01,Thành phố Hà Nội\n"
            "B1,B ward,phuong,lowland,30000,15,21.0,105.8,02,Tỉnh Hà Giang\n"
            "B2,B hill,xa,mountain,9000,150,21.5,105.3,02,Tỉnh Hà Giang\n"
            "B3,B peak,xa,high_mountain,4000,250,21.9,104.9,02,Tỉnh Hà Giang\n")
SWEEP = """
[simulation]
seed = 11
[sweep]
design = "latin"
samples = 2
replications = 1
months = 2
[sweep.levers."optimizer.budget_vnd"]
range = [0, 8e9]
[sweep.uncertainties."province.provinces"]
values = ["01", "02"]
"""


def _rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_points_csv_names_each_points_provinces(tmp_path, capsys):
    scenario = write_scenario(tmp_path, SWEEP, communes=COMMUNES)
    out = tmp_path / "s"
    code, _, err = run_cli(capsys, "sweep", str(scenario), "--workers", "1", "--out",
                           str(out), "--lang", "en")
    assert code == 0, err
    points = _rows(out / "points.csv")
    assert len(points) == 2 * 2  # 2 samples x 2 provinces
    want = {"01": "Hà Nội", "02": "Hà Giang"}
    assert {r["province.provinces"]: r["province_name"] for r in points} == want
    # the same names as design.csv's, point by point
    design = {r["point"]: r["province_name"] for r in _rows(out / "design.csv")}
    assert {r["point"]: r["province_name"] for r in points} == design
    code, _, err = run_cli(capsys, "verify", str(out), "--lang", "en")
    assert code == 0, err
    # a name edited in points.csv is caught by the recomputation from runs/
    text = (out / "points.csv").read_text(encoding="utf-8").replace("Hà Giang", "Hà Nam")
    (out / "points.csv").write_text(text, encoding="utf-8")
    _checked, problems = check_summaries(out)
    assert any("province_name" in str(p) and "Hà Nam" in str(p) for p in problems), problems
