"""One lookup of a province's name by its code (``Communes.province_names``), which the
evaluate lines, the annex, the pool's units and the split of a multi-province state share."""

import numpy as np

from staffsim.scenarios.province import Communes


def _units(codes: list[str], names: list[str] | None) -> Communes:
    n = len(codes)
    return Communes(ids=[f"u{i}" for i in range(n)], names=[f"U {i}" for i in range(n)],
                    kind=np.zeros(n, np.int8), zone=np.zeros(n, np.int8),
                    population=np.ones(n), area_km2=np.ones(n), lat=np.zeros(n),
                    lon=np.zeros(n), province=codes, merged_units=np.full(n, np.nan),
                    extra={} if names is None else {"province": names})


def test_each_code_gets_the_first_name_a_row_gives_it():
    units = _units(["38", "38", "40", "44", "40"],
                   ["", "Tỉnh Thanh Hóa", "Tỉnh Nghệ An", "", "Nghệ An (khác)"])
    # 38: its first row is blank, its second names it; 40: its first row wins; 44: no name
    assert units.province_names() == {"38": "Tỉnh Thanh Hóa", "40": "Tỉnh Nghệ An"}


def test_a_table_without_a_province_column_names_none():
    assert _units(["38", "40"], None).province_names() == {}

