"""frontier --range refused '0:60 tỷ:7' and '0:60.000.000.000:4' that --set takes for the
same lever (an HR trial, F13); at 50 km, where the plan spent 30 of 45 tỷ, 'what stops
further transfers' was 'none of the limits', while the distance limit itself did (F14)."""

from __future__ import annotations

import json
import tomllib

from staffsim.results.frontier_folder import mark_capped
from staffsim.results.report_contents import _binds
from staffsim.results.words import words

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")


def test_the_range_reads_amounts_as_set_does(capsys, tmp_path):
    out = tmp_path / "f"
    code, text, err = run_cli(capsys, "frontier", DEMO, "--lever", "optimizer.budget_vnd",
                              "--range", "0:60 tỷ:2", "--workers", "1", "--out", str(out),
                              "--json")
    assert code == 0, err
    data = json.loads(text)
    assert [p["value"] for p in data["points"]] == [0, 60e9]
    # the folder's question is one its scenario file reads again
    question = tomllib.loads((out / "scenario.toml").read_text(encoding="utf-8"))
    assert question["frontier"]["range"] == "0:60000000000.0:2"
    code, _, err = run_cli(capsys, "frontier", DEMO, "--lever", "optimizer.budget_vnd",
                           "--range", "0:60.000.000.000:1", "--workers", "1", "--json")
    assert code == 2 and "1 point between two different ends" in err, err  # (read, then
    # refused for what it asks, not for its form)


def _point(value, moves, binding):
    return {"value": value, "moves": moves, "binding": binding, "plan_found": True,
            "status": "Optimal"}


def test_the_lever_itself_stops_where_no_other_limit_does():
    points = mark_capped([_point(50.0, 252, []), _point(300.0, 310, ["budget"])],
                         "optimizer.max_distance_km", 400)
    assert [p["lever_stops"] for p in points] == [True, False]
    for lang, label, said in (("vi", "khoảng cách tối đa (km)", "chính khoảng cách tối đa (km)"),
                              ("en", "distance limit (km)", "the distance limit (km) itself")):
        _ = words(lang)
        assert _binds(_, points[0], label) == said
        assert _binds(_, points[1], label) == _("the budget")  # (the limit that binds)
    # every value moving as many: nothing is said of the lever
    same = mark_capped([_point(50.0, 252, []), _point(300.0, 252, [])],
                       "optimizer.max_distance_km", 400)
    assert not any(p["lever_stops"] for p in same)
