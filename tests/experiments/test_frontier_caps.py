"""A frontier point says which limit, other than its lever, caps its plan. Only the move
limit was ever named: on the demo (five surplus wards give to 16 high-mountain communes,
the province's rules: a unit gives only its officials above its norm quota) every budget
from VND 40 bn moves the same 189 officials and spends VND 27.9 bn, and the flat end read
as 'more money no longer helps' with nothing said of why: the wards have given all they
have above their quota (`staffsim frontier scenarios/demo.toml --lever optimizer.budget_vnd
--range 20e9:80e9:4`)."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from staffsim.experiments.frontier import frontier
from staffsim.i18n import language
from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.results.frontier_folder import frontier_csv, frontier_lines, mark_capped
from staffsim.scenarios.loader import load_scenario
from staffsim.scenarios.params import ZONES

from ..conftest import SCENARIOS

LEVER = "optimizer.budget_vnd"


@pytest.fixture(scope="module")
def demo():
    sc = load_scenario(SCENARIOS / "demo.toml", {})
    points = frontier(sc, LEVER, [20e9, 60e9], workers=1)
    return sc, mark_capped(points, LEVER, 400.0)


def _surplus_above_quota(sc) -> int:
    """By hand from the roster: the officials each lowland unit (the donors under the
    province's rules) has in post above its norm quota, summed; every such ward has more
    movable officials than that (no leader or near-retirement official needed)."""
    state = state_from_roster(sc, initial_roster(sc))
    c = state.communes
    in_post = np.bincount(state.commune, minlength=state.n_communes)
    lowland = np.array([ZONES[z] == "lowland" for z in c.zone])
    return int(np.maximum(in_post - state.quota, 0)[lowland].sum())


def test_the_points_past_the_donors_surplus_say_the_donors_cap_them(demo):
    sc, (low, high) = demo
    surplus = _surplus_above_quota(sc)
    assert surplus == 189  # 77 + 35 + 22 + 42 + 13 (the five wards)
    # at VND 60 bn the plan moves every official above quota and leaves money unspent
    assert high["moves"] == surplus and high["allowance_vnd"] < 60e9 - 1e9
    assert high["capped_by"] == ["donors"]
    # at VND 20 bn the budget, the lever itself, stops it: not another limit
    assert low["moves"] < surplus and low["capped_by"] == []
    table = list(csv.DictReader(io.StringIO(frontier_csv([low, high]))))
    assert [r["capped_by"] for r in table] == ["", "donors"]


def test_the_lines_say_it_in_both_languages(demo):
    sc, points = demo
    with language("en"):
        en = frontier_lines(sc.place, LEVER, points, 400.0)
    with language("vi"):
        vi = frontier_lines(sc.place, LEVER, points, 400.0)
    assert en[2].endswith("— capped by the donors' surplus") and "capped" not in en[1]
    assert en[3].startswith("At VND 60.0 bn every unit that may give gives all the officials "
                            "the rules let it give")
    assert "the donors' surplus, not the allowance budget, stops further transfers" in en[3]
    assert vi[2].endswith("— bị chặn bởi số công chức dôi dư của các đơn vị cho đi")
    assert vi[3].startswith("Tại 60,0 tỷ đồng, mọi đơn vị được phép cho đi đều đã điều động "
                            "hết số công chức")
    assert len(en) == len(vi) == 4


def test_a_distance_limit_that_leaves_the_far_communes_out_caps_the_points():
    """The demo with a 200 km distance limit: 7 of its 16 high-mountain communes have a
    surplus ward within 200 km (Hồi Xuân 118 km ... Trung Thành 186 km), the other 9 none
    (the nearest 204 km). With money to spare (VND 60 bn) the plan fills those 7 up to their
    quota of 32 (six hold 26, Phú Xuân 11: 6 x 6 + 21 = 57 moves) and the wards still have
    officials above their quota: the distance limit, not the budget or the donors, caps it."""
    # (the cap counts everyone here: with the vacant essential posts outside it, the 7
    # communes would also take one official into each such post, beyond the quota)
    sc = load_scenario(SCENARIOS / "demo.toml",
                       {"optimizer.constraints.max_distance.km": 200.0,
                        "optimizer.constraints.recipient_cap.essential_vacancy": False})
    state = state_from_roster(sc, initial_roster(sc))
    zone = np.array([ZONES[z] for z in state.communes.zone])
    wards, far = np.flatnonzero(zone == "lowland"), np.flatnonzero(zone != "lowland")
    nearest = state.distance_km[np.ix_(wards, far)].min(axis=0)
    near = far[nearest <= 200.0]
    assert len(near) == 7 and nearest[nearest > 200.0].min() > 200.0
    in_post = np.bincount(state.commune, minlength=state.n_communes)
    room = int(np.maximum(state.quota[near] - in_post[near], 0).sum())
    assert room == 57
    (low, high) = mark_capped(frontier(sc, LEVER, [5e9, 60e9], workers=1), LEVER, 400.0)
    assert high["moves"] == room < _surplus_above_quota(sc)
    assert high["capped_by"] == ["max_distance"] and low["capped_by"] == []
    with language("en"):
        en = frontier_lines(sc.place, LEVER, [low, high], 400.0)
    with language("vi"):
        vi = frontier_lines(sc.place, LEVER, [low, high], 400.0)
    assert en[2].endswith("— capped by the distance limit")
    assert en[3].startswith("At VND 60.0 bn the communes still short of staff could use "
                            "officials only from units farther away than the distance limit")
    assert vi[2].endswith("— bị chặn bởi giới hạn khoảng cách điều động")
    assert vi[3].startswith("Tại 60,0 tỷ đồng, các xã còn thiếu người chỉ có thể nhận công "
                            "chức từ những đơn vị ở xa hơn giới hạn khoảng cách")


def test_the_lever_own_limit_is_not_another_limit():
    """A donor lever's points are not 'capped by the donors': the lever is that limit. The
    move limit the plan reaches is still said."""
    def pt(binding, moves):
        return {"value": 0.5, "status": "Optimal", "plan_found": True, "moves": moves,
                "binding": binding}

    got = mark_capped([pt(["donors", "max_moves"], 400), pt(["recipient_cap", "budget"], 10)],
                      "optimizer.constraints.donor_quota.share", 400.0)
    assert [p["capped_by"] for p in got] == [["max_moves"], ["budget", "recipient_cap"]]
    got = mark_capped([pt(["budget", "donors"], 10)], "optimizer.budget_vnd", None)
    assert got[0]["capped_by"] == ["donors"]
    none = {**pt(["donors"], 0), "plan_found": False}
    assert mark_capped([none], LEVER, 400.0)[0]["capped_by"] == []


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_figure_marks_the_capped_points(demo, tmp_path, monkeypatch, lang):
    """The figure draws a line at each capped value, named in the legend in the language,
    and stays made for people (``test_figures_for_people.inspect``)."""
    from staffsim.results.frontier_folder import write_frontier
    from staffsim.results.plots import draw, style

    from ..results.test_figures_for_people import inspect

    sc, points = demo
    folder = write_frontier(tmp_path / "f", sc, LEVER, [20e9, 60e9],
                            {"scenario": sc.name, "lever": LEVER, "move_limit": 400.0,
                             "points": points}, "staffsim frontier")
    seen: dict = {}
    monkeypatch.setattr(style, "INSPECT", [lambda fig, out: inspect(fig, out, seen)])
    out = tmp_path / "figs"
    out.mkdir()
    draw(folder, ["frontier"], out=out, scenario=sc, lang=lang)
    # (inspect looks for the tiny province's name in the title; this is the demo's)
    assert [p for p in seen["frontier"]["problems"] if "'Tiny'" not in p] == []
    assert any("Thanh Hóa demo" in t for t in seen["frontier"]["texts"])
    said = ("bị chặn bởi số công chức dôi dư của các đơn vị cho đi" if lang == "vi"
            else "capped by the donors' surplus")
    assert said in seen["frontier"]["texts"]
