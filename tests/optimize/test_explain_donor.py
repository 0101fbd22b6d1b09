"""explain for a commune that gives officials (its donor side) and for a recipient whose
headcount cap binds. Expected values come from the plan's moves and the roster's counts, or
by hand on tiny provinces."""

import json
from collections import Counter

import pytest

from staffsim.cli import main
from staffsim.optimize.cache import optimum
from staffsim.optimize.explain import explain_commune
from staffsim.results.words import explain_lines, words
from staffsim.scenarios.loader import load_scenario
from staffsim.scenarios.names import find_commune

from ..conftest import SCENARIOS
from ..optim_helpers import tiny_state

COMMUNES = [("D", "lowland", "phuong"), ("R1", "high_mountain", "xa"),
            ("R2", "high_mountain", "xa")]


def _donor(r1_land: float = 2.0, r2_land: float = 2.0, **overrides):
    """D (lowland) has 10 land officers and needs 2 (the WISN floor lets 8 go); R1 and R2
    (high mountain, 30 and 40 km away) need land officers."""
    officials = [("D", "land")] * 10 + [("R1", "office")] * 5 + [("R2", "office")] * 5
    req = {("D", "land"): 2.0, ("R1", "land"): r1_land, ("R2", "land"): r2_land,
           ("R1", "office"): 5.0, ("R2", "office"): 5.0}
    return tiny_state(COMMUNES, officials, req, {("D", "R1"): 30.0, ("D", "R2"): 40.0,
                                                 ("R1", "R2"): 20.0}, **overrides)


def _moves_out(state, d):
    """The plan's moves out of d, by destination id (computed from the plan, not explain)."""
    return Counter(state.communes.ids[m.to] for m in optimum(state).moves
                   if state.commune[m.row] == d)


def test_a_donor_at_its_share_limit_counts_the_plans_moves_and_names_the_share():
    state = _donor()  # wisn: a donor gives at most 20% of its staff: floor(0.2 x 10) = 2
    gives = explain_commune(state, 0)["gives"]
    out = _moves_out(state, 0)
    assert gives["gives"] == sum(out.values()) == 2
    assert {c["commune_id"]: c["officials"] for c in gives["to"]} == dict(out)
    assert gives["specialties"][0] == {"specialty": "land", "in_post": 10, "gives": 2,
                                       "may_give": 8}  # 10 in post, the floor keeps 2
    limits = {x["rule"]: x["most"] for x in gives["limits"]}
    assert limits == {"protection": 10, "donor_floor": 8, "max_donor_share": 2}
    assert gives["may_give"] == 2 and gives["more"] == 0
    stop = gives["stopped_by"]
    assert stop["rule"] == "max_donor_share" and stop["own_limit"]
    assert (stop["share"], stop["in_post"], stop["most"]) == (0.2, 10, 2)
    en = explain_lines(words("en"), explain_commune(state, 0))
    assert "As a donor: gives 2 officials in the plan (10 in post, quota" in "\n".join(en)
    assert any("It gives all it may; the rule that stops it: donor share limit: it gives at "
               "most 20% of its 10 officials: 2" in line for line in en)
    vi = "\n".join(explain_lines(words("vi"), explain_commune(state, 0)))
    assert "Với vai trò nơi đi: điều động đi 2 người" in vi
    assert "giới hạn tỷ lệ điều động đi" in vi


def test_a_donor_below_its_limits_is_stopped_by_the_recipients_need():
    # D may give 5 (half its staff; the floor allows 8), but only R1 needs one land officer
    state = _donor(r1_land=1.0, r2_land=0.0,
                   **{"optimizer.constraints.max_donor_share.share": 0.5})
    gives = explain_commune(state, 0)["gives"]
    assert gives["gives"] == sum(_moves_out(state, 0).values()) == 1
    assert gives["may_give"] == 5 and gives["more"] == 4
    assert gives["stopped_by"]["rule"] == "need" and not gives["stopped_by"]["own_limit"]


@pytest.mark.parametrize(("overrides", "rule"), [
    ({"optimizer.constraints.budget.vnd": 0.0}, "budget"),
    ({"optimizer.constraints.max_distance.km": 20.0}, "max_distance"),
    ({"optimizer.constraints.max_moves.moves": 1}, "max_moves"),
])
def test_a_donor_below_its_limits_names_the_plan_rule_that_binds(overrides, rule):
    state = _donor(**overrides)
    gives = explain_commune(state, 0)["gives"]
    n = sum(_moves_out(state, 0).values())
    assert gives["gives"] == n == (1 if rule == "max_moves" else 0)
    assert gives["may_give"] == 2 and gives["more"] == 2 - n
    stop = gives["stopped_by"]
    assert stop["rule"] == rule and not stop["own_limit"]
    if rule == "max_distance":  # R1, the nearest one short of land, is 30 km away
        assert (stop["nearest_km"], stop["limit_km"]) == (30.0, 20.0)


def test_a_donor_under_province_practice_is_stopped_by_its_quota():
    """Province practice: a unit gives only its officials above its norm quota (a tiny
    phường's quota is 32): D has 40, so 8, though R1 and R2 need 20 land officers."""
    officials = [("D", "land")] * 40 + [("R1", "office")] * 5 + [("R2", "office")] * 5
    req = {("D", "land"): 2.0, ("R1", "land"): 10.0, ("R2", "land"): 10.0,
           ("R1", "office"): 5.0, ("R2", "office"): 5.0}
    state = tiny_state(COMMUNES, officials, req, {("D", "R1"): 30.0, ("D", "R2"): 40.0},
                       **{"optimizer.rules": "province_practice"})
    quota = int(state.quota[0])
    gives = explain_commune(state, 0)["gives"]
    assert gives["gives"] == sum(_moves_out(state, 0).values()) == 40 - quota
    assert (gives["in_post"], gives["quota"], gives["above_quota"]) == (40, quota, 40 - quota)
    stop = gives["stopped_by"]
    assert stop["rule"] == "donor_quota" and stop["own_limit"]
    assert (stop["kept"], stop["most"]) == (quota, 40 - quota)
    vi = "\n".join(explain_lines(words("vi"), explain_commune(state, 0)))
    assert f"quy tắc giới hạn: giữ đủ biên chế của nơi đi: đơn vị chỉ điều động số người " \
           f"vượt 100% biên chế: hiện có 40 người, giữ lại {quota} người" in vi


def _capped(r_office: int, r_land_required: float):
    """R (a xã: cap 50 under the WISN rules) is short of land officers; D, 30 km away, has
    four spare ones and may give them all (donor share 100%)."""
    communes = [("D", "lowland", "phuong"), ("R", "high_mountain", "xa")]
    officials = ([("D", "land")] * 5 + [("R", "land")] + [("R", "office")] * r_office)
    req = {("D", "land"): 1.0, ("R", "land"): r_land_required, ("R", "office"): r_office}
    return tiny_state(communes, officials, req, {("D", "R"): 30.0},
                      **{"optimizer.constraints.max_donor_share.share": 1.0})


def test_a_recipient_at_its_cap_before_the_plan_has_every_candidate_stopped_by_the_cap():
    state = _capped(r_office=49, r_land_required=2.0)  # 50 in post: at its cap of 50
    data = explain_commune(state, 1, "land")
    assert ("recipient_cap", "already at its cap of 50") in data["commune_rules"]
    (land,) = data["specialties"]
    assert land["received"] == 0 and land["nearest"]
    assert {c["rule"] for c in land["nearest"]} == {"recipient_cap"}
    assert all(c["why"] == "Commune R has 50 officials in post, its cap is 50"
               for c in land["nearest"])
    lines = explain_lines(words("en"), data)
    assert not any("worth more elsewhere" in line for line in lines)
    vi = "\n".join(explain_lines(words("vi"), data))
    assert "trần biên chế nơi đến: Commune R đã có 50 người, trần biên chế là 50 người" in vi


def test_a_recipient_the_plan_fills_to_its_cap_has_the_others_stopped_by_the_cap():
    state = _capped(r_office=48, r_land_required=3.0)  # 49 in post: room for one
    moves = optimum(state).moves
    assert sum(1 for m in moves if m.to == 1) == 1
    data = explain_commune(state, 1, "land")
    (land,) = data["specialties"]
    assert land["received"] == 1
    assert {c["rule"] for c in land["nearest"]} == {"recipient_cap"}
    assert land["nearest"][0]["why"] == "Commune R reaches its cap of 50 with the 1 it receives"


def test_a_recipient_whose_cap_does_not_bind_keeps_its_other_reasons():
    state = _capped(r_office=40, r_land_required=2.0)  # 41 in post: room for nine
    data = explain_commune(state, 1, "land")
    assert "recipient_cap" not in {c["rule"] for d in data["specialties"]
                                   for c in d["nearest"]}


def test_explain_cli_counts_a_donors_moves_in_json_and_words(capsys):
    from staffsim.experiments.states import single_state

    demo = SCENARIOS / "demo.toml"
    state = single_state(load_scenario(demo), 0)
    d = find_commune(state.communes, "Hạc Thành")
    out = _moves_out(state, d)
    assert sum(out.values()) > 0
    code = main(["explain", str(demo), "--commune", "hac thanh", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    gives = data["gives"]
    assert gives["gives"] == sum(out.values())
    assert {c["commune_id"]: c["officials"] for c in gives["to"]} == dict(out)
    assert sum(x["gives"] for x in gives["specialties"]) == gives["gives"]
    assert gives["stopped_by"]["rule"] and gives["stopped_by"]["why"]
    code = main(["explain", str(demo), "--commune", "hac thanh", "--lang", "en"])
    text = capsys.readouterr().out
    n = sum(out.values())
    assert f"As a donor: gives {n} official{'s' if n != 1 else ''} in the plan" in text
    top = max(out, key=lambda k: (out[k], -list(out).index(k)))
    assert state.communes.names[state.communes.ids.index(top)] in text


@pytest.mark.slow  # the whole Thanh Hóa plan, cache off: several seconds
def test_thanh_hoa_surplus_ward_says_what_it_gives_and_why_not_more(capsys):
    path = SCENARIOS / "thanh_hoa.toml"
    from staffsim.experiments.states import single_state

    state = single_state(load_scenario(path), 0)
    d = find_commune(state.communes, "Phường Hạc Thành")
    out = _moves_out(state, d)
    in_post = int((state.commune == d).sum())
    data = explain_commune(state, d)
    gives = data["gives"]
    assert gives["gives"] == sum(out.values())
    assert gives["in_post"] == in_post
    assert gives["may_give"] == in_post - int(state.quota[d])  # province practice: above quota
    assert gives["more"] == gives["may_give"] - gives["gives"]
    assert gives["stopped_by"]["rule"] in {"budget", "max_moves", "need", "objective",
                                           "recipient_cap", "max_distance"}
    vi = "\n".join(explain_lines(words("vi"), data))
    assert f"điều động đi {sum(out.values())} người" in vi

