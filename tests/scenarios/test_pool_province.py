"""Pool units (provincial departments) belong to a province of the communes table.

A planner's communes table without a province_code column beside the bundled pool table (its
units in province 38) made Thanh Hóa two 'provinces': the 166 communes, and the pool's
units as a province of their own, with a budget of its own (plan said '2 tỉnh' and 'VND
90 bn' where the scenario gives 45) and no department official could reach a commune. A
trial by a new HR planner; the same with another province's communes (Điện Biên, code 11)
beside Thanh Hóa's pool."""

import csv
import shutil

import pytest

from staffsim.experiments.states import plan_state
from staffsim.model.state import provinces
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import run_cli

DATA = SCENARIOS / "data"


def _scenario(tmp_path, drop_column: bool = False, code: str | None = None,
              pool_drop: bool = False) -> str:
    """thanh_hoa.toml beside a copy of its communes table (province_code dropped, or set to
    ``code``) and of its pool table (province_code dropped with ``pool_drop``)."""
    for name, drop, new in (("thanh_hoa_communes.csv", drop_column, code),
                            ("thanh_hoa_pool.csv", pool_drop, None)):
        with open(DATA / name, encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        head = [h for h in rows[0] if not (drop and h == "province_code")]
        with open(tmp_path / name, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, head, extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow({**r, "province_code": new or r["province_code"]})
    text = (SCENARIOS / "thanh_hoa.toml").read_text(encoding="utf-8")
    text = text.replace('"data/thanh_hoa_communes.csv"', '"thanh_hoa_communes.csv"')
    text = text.replace('"data/thanh_hoa_pool.csv"', '"thanh_hoa_pool.csv"')
    for known in ("thanh_hoa_road_km.csv", "thanh_hoa_decision_2623_reconstructed.csv"):
        if (DATA / known).exists():
            shutil.copy(DATA / known, tmp_path / known)
            text = text.replace(f'"data/{known}"', f'"{known}"')
    (tmp_path / "th.toml").write_text(text, encoding="utf-8")
    assert "thanh_hoa_pool.csv" in text
    return str(tmp_path / "th.toml")


def test_the_bundled_pool_is_one_province_with_its_communes():
    state = plan_state(load_scenario(SCENARIOS / "thanh_hoa.toml"), 0)
    assert [code for code, _ in provinces(state)] == ["38"]


@pytest.mark.parametrize("lang, words", [
    ("en", "the units are in province 38, and the communes table has no province_code "
           "column (Mã tỉnh)"),
    ("vi", "các đơn vị thuộc tỉnh mã 38, còn bảng xã, phường không có cột Mã tỉnh")])
def test_units_of_a_province_the_communes_table_does_not_name_are_refused(
        capsys, tmp_path, lang, words):
    path = _scenario(tmp_path, drop_column=True)
    code, out, err = run_cli(capsys, "validate", path, "--lang", lang)
    assert code == 2 and not out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "thanh_hoa_pool.csv: province_code: " in lines[0], err
    assert words in lines[0], err


def test_units_of_another_province_than_the_communes_are_refused(capsys, tmp_path):
    path = _scenario(tmp_path, code="11")
    code, out, err = run_cli(capsys, "plan", path, "--lang", "en", "--out",
                             str(tmp_path / "p"))
    assert code == 2 and not (tmp_path / "p").exists()
    assert "unit 38-VPUB is in province 38, where no commune of the communes table is (its " \
           "provinces: 11)" in err, err


def test_a_pool_table_without_province_codes_joins_the_communes_one_province(tmp_path):
    state = plan_state(load_scenario(_scenario(tmp_path, pool_drop=True)), 0)
    assert [code for code, _ in provinces(state)] == ["38"]
    with open(DATA / "thanh_hoa_pool.csv", encoding="utf-8-sig") as f:
        units = sum(1 for _ in csv.DictReader(f))
    assert state.communes.pool.sum() == units > 0
