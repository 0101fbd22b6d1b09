"""A plan state made from the donor pool kept none of the communes table's extra columns:
Communes.concat kept only the columns both sides have, and the pool table has none, so the
province's name ('Tỉnh Thanh Hóa') was lost. A multi-province plan then named each province by
its code: ``staffsim plan scenarios/vietnam.toml --set 'province.provinces=["38","40"]' --set
province.pool_csv=data/thanh_hoa_pool.csv`` wrote plan_summary.json's by_province names "38"
and "40" (and the annex's province titles come from the same column)."""

import csv

from staffsim.experiments.states import plan_state
from staffsim.model.state import provinces
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


def _table_names() -> dict[str, str]:
    """Each province's name as the national communes table writes it (read here with csv)."""
    with open(SCENARIOS / "data" / "vietnam_communes.csv", encoding="utf-8-sig") as f:
        return {row["province_code"]: row["province"] for row in csv.DictReader(f)}


def test_a_pool_state_keeps_the_province_names():
    sc = load_scenario(SCENARIOS / "thanh_hoa.toml")
    state = plan_state(sc, 0)
    c = state.communes
    assert c.pool.any()
    assert set(c.extra["province"]) == {"Tỉnh Thanh Hóa"}  # the pool units' too
    # every column as long as the units, empty for the pool units where they have none
    assert all(len(v) == len(c) for v in c.extra.values())
    assert {c.extra["former_districts"][i] for i in range(len(c)) if c.pool[i]} == {""}


def test_two_provinces_with_a_pool_are_named_as_the_table_names_them():
    sc = load_scenario(SCENARIOS / "vietnam.toml",
                       {"province.provinces": ["38", "40"],
                        "province.pool_csv": "data/thanh_hoa_pool.csv"})
    named = dict((code, sub.name) for code, sub in provinces(plan_state(sc, 0)))
    table = _table_names()
    assert named == {"38": table["38"], "40": table["40"]}
    assert named["38"] == "Tỉnh Thanh Hóa"
