"""Named rule sets (optimizer.rules), the donor-quota and deadline families, and the checker's
words on who breaks a rule."""

import datetime as dt

import numpy as np
import pytest

from staffsim.model.state import Move
from staffsim.optimize.check import check_plan
from staffsim.optimize.planner import plan_province, plan_rows
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario, override_params

from ..conftest import write_scenario
from ..optim_helpers import assert_plan_feasible, tiny_state

# Tiny provinces have 5,000 residents per commune: a norm quota of 32 each. D (lowland) has
# 36 officials, 4 above quota; R (mountain) needs 6 land officials and has none.
COMMUNES = [("D", "lowland", "phuong"), ("R", "mountain", "xa"), ("M", "mountain", "xa")]
D36 = [("D", "land")] * 10 + [("D", "office")] * 26
M34 = [("M", "land")] * 8 + [("M", "office")] * 26  # a mountain commune above its quota
REQ = {("D", "land"): 2.0, ("D", "office"): 26.0, ("R", "land"): 6.0, ("M", "office"): 26.0,
       ("M", "land"): 2.0}
KM = {("D", "R"): 50.0, ("M", "R"): 20.0, ("D", "M"): 60.0}


def plan(rules: str, officials=D36, **over):
    state = tiny_state(COMMUNES, officials, REQ, KM, **{"optimizer.rules": rules, **over})
    p = plan_province("P", state, marginals=False)
    assert p.status == "Optimal"
    assert_plan_feasible(p)
    return p


def test_province_practice_gives_only_officials_above_quota():
    """D has 8 land officials beyond its need but only 4 above its quota of 32."""
    assert len(plan("province_practice").moves) == 4
    # the WISN set: D keeps its requirement (2 land, so 8 spare) but gives at most 20% of
    # 36 = 7, while R and M need 6 + 2
    assert len(plan("wisn").moves) == 7


def test_province_practice_mountain_communes_do_not_give_unless_a_lever_says_so():
    officials = D36 + M34
    p = plan("province_practice", officials)
    ids = p.state.communes.ids
    assert {ids[p.state.commune[m.row]] for m in p.moves} == {"D"}
    opened = plan("province_practice", officials,
                  **{"optimizer.donor_zones": ["lowland", "mountain"]})
    assert "M" in {ids[opened.state.commune[m.row]] for m in opened.moves}


def test_province_practice_fills_a_recipient_up_to_its_quota():
    """R already has 30 officials (quota 32): it takes 2 more, not the 6 it needs, and a
    third into its vacant land post (an essential specialty it has nobody in: that post's
    first official is outside the quota) unless the cap counts everyone."""
    officials = D36 + [("R", "office")] * 30
    req = {**REQ, ("R", "office"): 30.0}
    for vacancy, expected in ((False, 2), (True, 3)):
        state = tiny_state(COMMUNES, officials, req, KM, **{
            "optimizer.rules": "province_practice",
            "optimizer.constraints.recipient_cap.essential_vacancy": vacancy})
        p = plan_province("P", state, marginals=False)
        assert sum(1 for m in p.moves if m.to == 1) == expected
        assert_plan_feasible(p)


def test_the_checker_names_the_official_and_the_numbers():
    state = tiny_state(COMMUNES, D36, REQ, KM, **{"optimizer.rules": "province_practice"})
    land = [i for i, s in enumerate(state.official_id) if s.startswith("D-")][:6]
    rows = plan_rows(state, [Move(i, 1, int(state.specialty[i])) for i in land])
    (v,) = check_plan(state, rows)
    assert v.rule == "donor_quota" and v.row == 5
    assert ("Commune D (D) gives 6 officials but has 4 above its quota (36 in post, quota "
            "32)") in v.message
    assert state.official_id[land[4]] in v.message and "and" not in v.message.split(":")[-1]


def test_rule_set_settings_and_their_overrides(tmp_path):
    path = write_scenario(tmp_path, '[optimizer]\nrules = "province_practice"\n'
                                    "[optimizer.constraints.donor_floor]\nshare = 0.5\n")
    c = load_scenario(path).params.optimizer.constraints
    assert c.donor_quota.enabled and not c.max_donor_share.enabled
    assert c.recipient_cap.rule == "quota" and c.eligible_recipients.donor_zones == ["lowland"]
    assert c.donor_floor.share == 0.5  # the file's own setting wins
    back = override_params(load_scenario(path).params, {"optimizer.rules": "wisn"}, "test")
    b = back.optimizer.constraints
    assert not b.donor_quota.enabled and b.max_donor_share.enabled
    assert b.recipient_cap.rule == "kind_cap" and b.donor_floor.share == 1.0
    with pytest.raises(ScenarioError, match="province_practice"):
        load_scenario(path, {"optimizer.rules": "provincial"})


def test_no_move_takes_effect_after_the_deadline():
    over = {"optimizer.rules": "province_practice", "optimizer.deadline": "2025-06-30"}
    state = tiny_state(COMMUNES, D36, REQ, KM, **over)  # the state is July 2025
    assert state.params.optimizer.constraints.deadline.date == dt.date(2025, 6, 30)
    assert plan_province("P", state, marginals=False).moves == []
    i = int(np.flatnonzero(state.commune == 0)[0])
    (v,) = check_plan(state, plan_rows(state, [Move(i, 1, int(state.specialty[i]))]))
    assert v.rule == "deadline" and "after the deadline 30/06/2025" in v.message
    assert state.official_id[i] in v.message
    on_time = tiny_state(COMMUNES, D36, REQ, KM, **{**over, "optimizer.deadline": "2025-12-31"})
    assert len(plan_province("P", on_time, marginals=False).moves) == 4


def test_short_lowland_communes_receive_when_the_lever_says_so():
    """L (lowland) has 20 officials, quota 32, and needs 3 more land officials."""
    comm = [*COMMUNES, ("L", "lowland", "xa")]
    officials = D36 + [("L", "office")] * 20
    req = {**REQ, ("L", "office"): 20.0, ("L", "land"): 3.0, ("R", "land"): 0.0}
    over = {"optimizer.rules": "province_practice"}
    km = {**KM, ("D", "L"): 40.0}
    base = plan_province("P", tiny_state(comm, officials, req, km, **over), marginals=False)
    assert not any(m.to == 3 for m in base.moves)
    wider = plan_province("P", tiny_state(comm, officials, req, km, **over, **{
        "optimizer.recipient_zones": ["lowland", "mountain", "high_mountain"]}),
        marginals=False)
    assert_plan_feasible(wider)
    assert sum(1 for m in wider.moves if m.to == 3) > 0  # (M, mountain, weighs more)
