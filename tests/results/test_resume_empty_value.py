"""A sweep resumed with other settings names each value then and now; an empty one (no pool
table: province.pool_csv = "") is said as '(none)', not left as nothing (a researcher's
trial: 'province.pool_csv: data/thanh_hoa_pool.csv khi bắt đầu,  bây giờ')."""

from __future__ import annotations

import pytest

from staffsim import i18n
from staffsim.results.sweep_folder import differences_said


def _spec(pool: str) -> dict:
    return {"scenario_file": "/s/thanh_hoa.toml", "input_sha256": {},
            "overrides": {"province.pool_csv": pool}, "params": {}}


@pytest.mark.parametrize("lang, then_now, back", [
    ("en", "province.pool_csv: data/thanh_hoa_pool.csv when it started, (none) now",
     "province.pool_csv: (none) when it started, data/thanh_hoa_pool.csv now"),
    ("vi", "province.pool_csv: data/thanh_hoa_pool.csv khi bắt đầu, (không có) bây giờ",
     "province.pool_csv: (không có) khi bắt đầu, data/thanh_hoa_pool.csv bây giờ"),
])
def test_an_empty_value_is_said(lang, then_now, back):
    with i18n.language(lang):
        said = differences_said(_spec("data/thanh_hoa_pool.csv"), _spec(""))
        again = differences_said(_spec(""), _spec("data/thanh_hoa_pool.csv"))
    assert then_now in said, said
    assert back in again, again
    assert ",  " not in said and ",  " not in again
