"""Outcome declarations: aggregation over communes and months against hand calculations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from staffsim.model import outcomes as oc
from staffsim.model.outcomes import (
    AREAS,
    Metric,
    Outcome,
    check_declarations,
    replication_metrics,
    replication_pooled,
    zone_table,
)

from ..helpers import two_communes

NAN = float("nan")


def assert_rows(actual: np.ndarray, expected: list[list[float]]) -> None:
    np.testing.assert_allclose(actual, np.array(expected), rtol=1e-12, equal_nan=True)


def test_zone_table_sums_ratios_of_sums_and_counts_communes():
    series, zone = two_communes()
    t = zone_table(series, zone)
    assert AREAS == ("lowland", "mountain", "high_mountain", "province")
    # sums over communes; the empty mountain zone sums to 0
    assert_rows(t["required"], [[10, 0, 4, 14], [10, 0, 5, 15]])
    # a ratio of sums, not a mean of ratios: province month 0 is 10/14, not (0.8 + 0.5) / 2
    assert_rows(t["wisn_ratio"], [[0.8, NAN, 0.5, 10 / 14], [0.9, NAN, 1.0, 14 / 15]])
    assert_rows(t["on_time_share"], [[0.9, NAN, 0.9, 54 / 60], [1.0, NAN, 0.6, 36 / 40]])
    # communes with at least one essential specialty vacant (not the 3 vacancies)
    assert_rows(t["communes_lacking_essential"], [[0, 0, 1, 1], [1, 0, 0, 1]])
    assert_rows(t["policy_cost_vnd"], [[0, 0, 3e6, 3e6], [0, 0, 3e6, 3e6]])
    assert list(t) == [o.name for o in oc.area_outcomes()]


def test_metrics_reduce_the_months_as_declared():
    series, zone = two_communes()
    m = replication_metrics(series, zone, zone_table(series, zone))

    def area(name: str) -> list[float]:
        return [m[f"{name}|{a}"] for a in AREAS]

    assert area("unmet_fte_months") == [3.5, 0.0, 2.5, 6.0]
    assert area("backlog_end") == [20, 0, 40, 60]
    assert area("backlog_mean") == [25, 0, 25, 50]
    # pooled over the months: lowland (45 + 30) / (50 + 30) = 0.9375, not the mean 0.95 of
    # its monthly shares 0.9 and 1.0
    share = area("on_time_share")
    assert share[0] == 0.9375 and math.isnan(share[1])
    assert share[2:] == [15 / 20, 90 / 100]
    assert area("lacking_essential_months") == [1, 0, 1, 2]
    assert area("moves") == [0, 0, 2, 2]
    assert area("transferred_resignations") == [0, 0, 1, 1]
    assert area("cost_vnd") == [0, 0, 6e6, 6e6]
    assert area("hires") == [1, 0, 2, 3]
    # area-major, every per-area metric of every area
    assert list(m) == [c for c in oc.metric_columns() if "|" in c]


def test_pooled_metric_is_the_mean_monthly_value_over_its_areas():
    series, zone = two_communes()
    pooled = replication_pooled(series, zone, zone_table(series, zone))
    # mountain (0) + high mountain (2.0 + 0.5) unmet FTE, over 2 months
    assert pooled == {"mountain_unmet_fte": 1.25}


def test_headline_and_report_rows_follow_the_declarations(monkeypatch):
    assert oc.headline_columns()[0] == "mountain_unmet_fte"
    assert all("|" not in c or c.endswith("|province") for c in oc.headline_columns())
    extra = Metric("exits_total", "exits_attrition", "sum", "Voluntary exits over the horizon",
                   headline=99, report_areas=("province",))
    monkeypatch.setattr(oc, "METRICS", oc.METRICS + (extra,))
    assert oc.headline_columns()[-1] == "exits_total|province"
    assert oc.report_rows()[-1] == (extra, "province")
    assert extra.unit == "officials" and extra.direction == "minimize"  # from its outcome
    assert oc.column_title("exits_total|high_mountain") == (
        "Voluntary exits over the horizon, high mountain (officials)")
    assert oc.column_title("not_declared") == "not_declared"


def test_wrong_declarations_fail_loudly():
    with pytest.raises(ValueError, match="declared twice"):
        check_declarations(oc.OUTCOMES + (oc.OUTCOMES[0],), oc.METRICS)
    ratio = Outcome("bad", "Bad", "ratio", "level", over_communes="ratio", of=("in_post",))
    with pytest.raises(ValueError, match="needs 2 recorded"):
        check_declarations(oc.OUTCOMES + (ratio,), oc.METRICS)
    with pytest.raises(ValueError, match="pooled"):
        Metric("x", "backlog", "pooled")
    with pytest.raises(ValueError, match="no area values"):
        Metric("x", "arrivals", "sum")
    with pytest.raises(KeyError, match="no outcome"):
        Metric("x", "nothing", "sum")
    bad_area = Metric("x", "backlog", "end", report_areas=("hill",))
    with pytest.raises(ValueError, match="areas must be among"):
        check_declarations(oc.OUTCOMES, oc.METRICS + (bad_area,))
