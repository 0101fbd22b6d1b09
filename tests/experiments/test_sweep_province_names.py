"""A sweep over provinces names them beside their codes in design.csv (a researcher's trial
of the national sweep: '0,01', '1,04' … with no name to read them by). The names are the
official ones of the 34 provinces from 1 July 2025 (Resolution 202/2025/QH15)."""

from __future__ import annotations

import csv
import io

from staffsim.experiments.sweep import design_csv, plan_sweep
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


def test_the_national_sweeps_design_names_each_province():
    plan = plan_sweep(load_scenario(SCENARIOS / "vietnam.toml"))
    rows = list(csv.DictReader(io.StringIO(design_csv(plan))))
    assert list(rows[0]) == ["point", "province.provinces", "province_name"]
    names = {r["province.provinces"]: r["province_name"] for r in rows}
    assert len(names) == 34
    assert names["01"] == "Hà Nội" and names["38"] == "Thanh Hóa"
    assert names["20"] == "Lạng Sơn" and names["79"] == "Hồ Chí Minh"


def test_a_sweep_without_provinces_has_no_name_column():
    plan = plan_sweep(load_scenario(SCENARIOS / "thanh_hoa.toml"))
    header = design_csv(plan).splitlines()[0].split(",")
    assert "province_name" not in header and header[0] == "point"
