"""The run summary reads the outcome declarations (flows vs levels, run_summary metrics)."""

from staffsim.model.outcomes import replication_metrics, zone_table
from staffsim.results.summary import summarize

from ..helpers import two_communes


def test_summary_uses_kind_and_run_summary_declarations():
    series, zone = two_communes()
    table = zone_table(series, zone)
    counts = {"lowland": 1, "mountain": 0, "high_mountain": 1, "province": 2}
    s = summarize([table], counts, [replication_metrics(series, zone, table)])
    prov = s["areas"]["province"]
    assert prov["communes"] == 2
    assert prov["hires"]["total"]["mean"] == 3  # a flow: its total
    assert "start" not in prov["hires"]
    assert prov["backlog"]["start"]["mean"] == 40  # a level: start, end, horizon mean
    assert prov["backlog"]["end"]["mean"] == 60
    assert prov["backlog"]["horizon_mean"]["mean"] == 50
    assert prov["wisn_ratio"]["direction"] == "target_1"
    assert s["unmet_fte_months"]["lowland"]["mean"] == 3.5
