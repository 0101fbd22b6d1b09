"""Each constraint family on a hand-checkable province, with its known optimum.

The base case: donor D (lowland phường) has 4 land officers against a requirement of 1.0 (and
16 office staff, exactly as required, so the 20% donor-share rule allows 4 moves); recipient R
(mountain xã) has none against 2.5. Without binding rules the optimum moves 3
(2.5 FTE of need; the third official still cuts unmet need by 0.5 FTE, worth far more than its
cost). Every plan is also run through the independent checker.
"""

import types

import numpy as np
import pytest

from staffsim.optimize.families import families
from staffsim.optimize.planner import plan_province
from staffsim.optimize.solve import optimize_plan
from staffsim.scenarios.specialties import SPECIALTIES

from ..optim_helpers import assert_plan_feasible, tiny_state

COMMUNES = [("D", "lowland", "phuong"), ("R", "mountain", "xa")]
LAND4 = [("D", "land")] * 4 + [("D", "office")] * 16
REQ = {("D", "land"): 1.0, ("D", "office"): 16.0, ("R", "land"): 2.5}
KM = {("D", "R"): 50.0}


def moves_to(plan, commune: str) -> int:
    ids = plan.state.communes.ids
    return sum(1 for m in plan.moves if ids[m.to] == commune)


def solve(officials=LAND4, required=REQ, km=KM, communes=COMMUNES, **over):
    # The 20% donor-share rule is tested on its own; elsewhere it would hide the rule at hand.
    over.setdefault("optimizer.constraints.max_donor_share.enabled", False)
    plan = plan_province("P", tiny_state(communes, officials, required, km, **over),
                         marginals=False)
    assert plan.status == "Optimal"
    assert_plan_feasible(plan)
    return plan


def test_base_case_moves_three():
    plan = solve()
    assert moves_to(plan, "R") == 3
    out = plan.outcome
    # unmet: R 2.5 -> 0, D stays at 0 (keeps 1 >= 1.0)
    assert out["unmet_fte_before"]["mountain"] == pytest.approx(2.5)
    assert out["unmet_fte_after"]["province"] == pytest.approx(0.0)
    # allowance: 1.25 x VND 2.34 m x 36 months per mountain move
    assert out["allowance_vnd"] == pytest.approx(3 * 1.25 * 2_340_000 * 36)


@pytest.mark.parametrize(("share", "required_d", "expected"), [
    (1.0, 1.0, 3),   # keeps ceil(1.0) = 1
    (1.0, 2.2, 1),   # keeps ceil(2.2) = 3
    (0.5, 2.2, 2),   # keeps ceil(1.1) = 2
    (1.0, 4.0, 0),   # no surplus
])
def test_donor_floor(share, required_d, expected):
    plan = solve(required={**REQ, ("D", "land"): required_d},
                 **{"optimizer.constraints.donor_floor.share": share})
    assert moves_to(plan, "R") == expected


def test_donor_keeps_its_last_essential_official_even_without_requirement():
    plan = solve(officials=[("D", "land")], required={("R", "land"): 1.0})
    assert moves_to(plan, "R") == 0


def test_recipient_cap():
    # R already has 49 officials in other specialties: a xã is capped at 50. Land is an
    # essential specialty R has nobody in: its first official is outside the cap, so R takes
    # 1 (the cap's room) + 1 (the vacant post); 1 when the cap counts everyone
    others = [("R", "office")] * 49
    req = {**REQ, ("R", "office"): 49}
    assert moves_to(solve(officials=LAND4 + others, required=req), "R") == 2
    assert moves_to(solve(officials=LAND4 + others, required=req, **{
        "optimizer.constraints.recipient_cap.essential_vacancy": False}), "R") == 1
    plan = solve(officials=LAND4 + others, required=req,
                 **{"optimizer.constraints.recipient_cap.enabled": False})
    assert moves_to(plan, "R") == 3


@pytest.mark.parametrize(("rule", "expected"), [(True, 1), (False, 0)])
def test_a_commune_above_its_cap_fills_a_vacant_essential_post_only(rule, expected):
    # Điện Biên's xã hold 60-80 officials against the cap of 50 (docs/facts.md): R has 60,
    # none in land (essential) and is 2.5 short of land and 3 of agriculture (not essential).
    # Only the vacant land post's first official is outside the cap: 1 land official, no
    # agriculture one
    others = [("R", "office")] * 60
    officials = LAND4 + [("D", "agriculture")] * 4 + others
    req = {**REQ, ("D", "agriculture"): 1.0, ("R", "agriculture"): 3.0, ("R", "office"): 60}
    plan = solve(officials=officials, required=req, **{
        "optimizer.constraints.recipient_cap.essential_vacancy": rule})
    specs = [SPECIALTIES[m.spec_to] for m in plan.moves if plan.state.communes.ids[m.to] == "R"]
    assert specs == ["land"] * expected
    if rule:  # and the greedy baseline keeps the same rule
        assert len(plan.greedy_moves) == 1


def test_specialty_match_and_cross_specialty_moves():
    finance = [("D", "finance")] * 3
    req = {("D", "finance"): 1.0, ("R", "it"): 1.0}
    assert moves_to(solve(officials=finance, required=req), "R") == 0
    plan = solve(officials=finance, required=req,
                 **{"optimizer.constraints.specialty_match.cross_specialty": True})
    # each cross move counts 0.5 FTE: two finance officials fill 1.0 FTE of IT
    assert moves_to(plan, "R") == 2
    assert plan.outcome["unmet_fte_after"]["mountain"] == pytest.approx(0.0)


@pytest.mark.parametrize(("limit", "expected"), [(40.0, 0), (50.0, 3), (60.0, 3)])
def test_max_distance(limit, expected):
    plan = solve(**{"optimizer.constraints.max_distance.km": limit})
    assert moves_to(plan, "R") == expected


def test_protection_leaders_flags_and_retirement():
    # ages: 40 (movable), 60 (a man 1.25 years from 61y3m: protected), leader, flagged
    officials = [("D", "land", 40), ("D", "land", 60), ("D", "land", 40, True, False),
                 ("D", "land", 40, False, True), ("D", "land", 35)]
    # (D has no office staff here: with the base case's office requirement of 16 it would
    # be short overall and give no one under the donor floor in total)
    required = {("D", "land"): 1.0, ("R", "land"): 2.5}
    plan = solve(officials=officials, required=required)
    moved = {plan.state.official_id[m.row] for m in plan.moves}
    assert moved == {"D-0", "D-4"}
    plan = solve(officials=officials, required=required,
                 **{"optimizer.constraints.protection.enabled": False})
    # the protected flag always holds; leaders and age are ordinary rules
    assert "D-3" not in {plan.state.official_id[m.row] for m in plan.moves}
    assert moves_to(plan, "R") == 3


@pytest.mark.parametrize(("share", "expected"), [(0.1, 2), (0.14, 2), (0.2, 3), (0.04, 0)])
def test_max_donor_share(share, expected):
    # D has 20 officials: floor(share x 20) may leave
    plan = solve(**{"optimizer.constraints.max_donor_share.enabled": True,
                    "optimizer.constraints.max_donor_share.share": share})
    assert moves_to(plan, "R") == expected


def test_budget():
    per_move = 1.25 * 2_340_000 * 36  # VND 105.3 m
    plan = solve(**{"optimizer.constraints.budget.vnd": 2.5 * per_move})
    assert moves_to(plan, "R") == 2
    assert plan.outcome["allowance_vnd"] <= 2.5 * per_move


def test_max_moves():
    assert moves_to(solve(**{"optimizer.constraints.max_moves.moves": 1}), "R") == 1


def test_eligible_recipients():
    communes = [("D", "lowland", "phuong"), ("R", "lowland", "xa")]
    assert moves_to(solve(communes=communes), "R") == 0
    plan = solve(communes=communes, **{
        "optimizer.constraints.eligible_recipients.zones": ["lowland", "mountain"]})
    assert moves_to(plan, "R") == 3


def test_zone_weights_send_the_scarce_official_uphill():
    communes = [("D", "lowland", "phuong"), ("M", "mountain", "xa"),
                ("H", "high_mountain", "xa")]
    req = {("D", "land"): 3.0, ("M", "land"): 1.0, ("H", "land"): 1.0}
    plan = solve(officials=LAND4, required=req, communes=communes,
                 km={("D", "M"): 20.0, ("D", "H"): 90.0})
    assert moves_to(plan, "H") == 1 and moves_to(plan, "M") == 0


def test_essential_gap_weight_prefers_covering_an_empty_post():
    """One spare land officer: H1 has one land officer and needs 2.0; H2 has none and needs
    0.6. Unmet-need alone favours H1 (1.0 FTE vs 0.6), the essential-gap weight favours H2."""
    communes = [("D", "lowland", "phuong"), ("H1", "high_mountain", "xa"),
                ("H2", "high_mountain", "xa")]
    officials = [("D", "land")] * 2 + [("H1", "land")]
    req = {("D", "land"): 1.0, ("H1", "land"): 2.0, ("H2", "land"): 0.6}
    km = {("D", "H1"): 50.0, ("D", "H2"): 50.0}
    plan = solve(officials=officials, required=req, communes=communes, km=km)
    assert moves_to(plan, "H2") == 1
    plan = solve(officials=officials, required=req, communes=communes, km=km,
                 **{"optimizer.objective.essential_gap_weight": 0.0})
    assert moves_to(plan, "H1") == 1


def test_solver_objective_matches_independent_outcome():
    """The MIP's unmet term equals the weighted unmet need recomputed from the moves."""
    state = tiny_state(COMMUNES, LAND4 + [("R", "office")], {**REQ, ("R", "office"): 1.7},
                       KM)
    _, res, moves, _ = optimize_plan(state)
    plan = plan_province("P", state, marginals=False)
    assert res.objective["weighted_unmet"] == pytest.approx(
        plan.outcome["weighted_unmet_after"], abs=1e-6)


def test_infeasible_target_is_explained_in_policy_words():
    communes = [("D", "lowland", "phuong"), ("H", "high_mountain", "xa")]
    state = tiny_state(communes, LAND4, {("D", "land"): 1.0, ("H", "land"): 1.0},
                       {("D", "H"): 100.0}, **{
                           "optimizer.constraints.cover_essential.enabled": True,
                           "optimizer.constraints.cover_essential.zones": ["high_mountain"],
                           "optimizer.constraints.max_distance.km": 60.0})
    plan = plan_province("P", state, marginals=False)
    assert plan.status == "Infeasible" and plan.moves == []
    assert any("no land administration official within 60 km of Commune H" in line
               and "Commune D at 100 km" in line for line in plan.explanation), plan.explanation


def test_budget_shortfall_is_quantified():
    communes = [("D", "lowland", "phuong"), ("H", "high_mountain", "xa")]
    per_move = 1.75 * 2_340_000 * 36  # VND 147.42 m
    state = tiny_state(communes, LAND4, {("D", "land"): 1.0, ("H", "land"): 1.0},
                       {("D", "H"): 40.0}, **{
                           "optimizer.constraints.cover_essential.enabled": True,
                           "optimizer.constraints.budget.vnd": 0.0})
    plan = plan_province("P", state, marginals=False)
    assert plan.status == "Infeasible"
    line = next(x for x in plan.explanation if x.startswith("allowance budget short"))
    assert f"VND {per_move / 1e9:.2f} bn" in line


def test_no_arcs_at_all_is_a_valid_empty_plan():
    plan = solve(officials=[("D", "office")], required={("D", "office"): 1.0})
    assert plan.moves == [] and np.isclose(plan.outcome["weighted_unmet_after"],
                                           plan.outcome["weighted_unmet_before"])


def test_distance_band_allowance_lang_son_schedule():
    """Lạng Sơn draft: 10-20 km VND 0.5 m, 20-30 km 1.0 m, 30-40 km 1.5 m, >= 40 km 2.0 m a
    month for 24 months, no zone multiple. A 25 km move costs 24 x 1.0 m."""
    lang_son = {"optimizer.allowance.zone_multiple.mountain": 0.0,
                "optimizer.allowance.months": 24,
                "optimizer.allowance.distance_bands_km": [10, 20, 30, 40],
                "optimizer.allowance.distance_band_vnd": [0.5e6, 1.0e6, 1.5e6, 2.0e6]}
    for km, monthly in ((25.0, 1.0e6), (45.0, 2.0e6), (5.0, 0.0), (10.0, 0.5e6)):
        plan = solve(km={("D", "R"): km}, **lang_son)
        assert plan.outcome["allowance_vnd"] == pytest.approx(3 * 24 * monthly)


def test_mismatched_distance_bands_are_rejected():
    from staffsim.scenarios.errors import ScenarioError

    with pytest.raises(ScenarioError, match="one amount per band"):
        tiny_state(COMMUNES, LAND4, REQ, KM,
                   **{"optimizer.allowance.distance_bands_km": [10, 20],
                      "optimizer.allowance.distance_band_vnd": [0.5e6]})


@pytest.mark.parametrize(("zone", "km", "paid"), [
    ("mountain", 45.0, True), ("mountain", 35.0, False),
    ("lowland", 45.0, False), ("lowland", 55.0, True)])
def test_quang_tri_threshold_allowance(zone, km, paid):
    """Quảng Trị: VND 1 m a month when the new office is >= 50 km away in the plains or
    >= 40 km in mountain/border communes; no zone multiple."""
    communes = [("D", "lowland", "phuong"), ("R", zone, "xa")]
    plan = solve(communes=communes, km={("D", "R"): km}, **{
        "optimizer.allowance.zone_multiple.mountain": 0.0,
        "optimizer.allowance.distance_threshold_vnd": 1e6,
        "optimizer.constraints.eligible_recipients.zones": ["lowland", "mountain"]})
    assert moves_to(plan, "R") == 3
    assert plan.outcome["allowance_vnd"] == pytest.approx(3 * 36 * (1e6 if paid else 0.0))


def _project_code(fn) -> set[str]:
    """Optimiser functions (module globals from staffsim.optimize) a hook's code calls."""
    out, codes = set(), [fn.__code__]
    while codes:
        code = codes.pop()
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        for name in code.co_names:
            obj = fn.__globals__.get(name)
            if (isinstance(obj, types.FunctionType)
                    and obj.__module__.startswith("staffsim.optimize")):
                out.add(name)
    return out


@pytest.mark.parametrize("fam", families(), ids=lambda f: f.name)
def test_check_parts_share_no_code_with_rows_or_arcs(fam):
    """Each family's part of the independent check recomputes from roster and parameters:
    it calls none of the functions its rows or arc restrictions use, and no other hook."""
    cls = type(fam)
    check = [cls.check_move, cls.check_plan]
    build = [cls.restrict_officials, cls.restrict_moves, cls.define_constraints,
             cls.lever_rows]
    used = set().union(*map(_project_code, check))
    assert not used & set().union(*map(_project_code, build))
    hooks = {"restrict_officials", "restrict_moves", "define_constraints", "lever_rows"}
    assert not hooks & {n for f in check for n in f.__code__.co_names}


def test_a_finding_on_several_moves_names_their_rows_or_only_their_officials():
    """The checker names the plan rows of a file ('row 1 (D-0)'); a what-if's manual moves
    are on no file's rows, so there it names the officials alone ('D-0')."""
    from staffsim.model.state import Move
    from staffsim.optimize.check import check_plan
    from staffsim.optimize.planner import plan_rows

    state = tiny_state(COMMUNES, [("D", "land"), ("D", "office")], {("R", "land"): 1.0}, KM)
    land = state.official_id.index("D-0")  # D's only land official
    rows = plan_rows(state, [Move(land, 1, int(state.specialty[land]))])
    named = [str(v) for v in check_plan(state, rows) if v.rule == "donor_floor"]
    bare = [str(v) for v in check_plan(state, rows, name_rows=False) if v.rule == "donor_floor"]
    assert named == ["row 1: donor_floor: Commune D (D) gives its last land official: row 1 (D-0)"]
    assert bare == ["row 1: donor_floor: Commune D (D) gives its last land official: D-0"]


def test_the_checker_lets_a_vacant_essential_post_take_one_official_beyond_the_cap():
    """Mường Chà-like: R holds 58 (xã cap 50) and nobody in justice (essential, 1 needed) or
    agriculture (not essential). The independent checker counts by hand: one justice official
    into R is outside the cap (58 + 1 - 1 = 58, no growth); a second one, or an agriculture
    one, makes R grow above its cap: a finding naming that official."""
    from staffsim.model.state import Move
    from staffsim.optimize.check import check_plan
    from staffsim.optimize.planner import plan_rows

    state = tiny_state(COMMUNES, [("D", "justice")] * 3 + [("D", "agriculture")] * 3
                       + [("D", "office")] * 16 + [("R", "office")] * 58,
                       {("R", "justice"): 1.0, ("R", "agriculture"): 1.0,
                        ("R", "office"): 58.0, ("D", "office"): 16.0}, KM)
    justice, agri = [0, 1, 2], [3]
    r = state.communes.ids.index("R")

    def found(rows):
        moves = [Move(i, r, int(state.specialty[i])) for i in rows]
        return [v for v in check_plan(state, plan_rows(state, moves))
                if v.rule == "recipient_cap"]

    assert found(justice[:1]) == []
    (v,) = found(justice[:2])
    # (at its cap before the plan: the second is beyond it whatever R gives)
    assert state.official_id[justice[1]] in v.message and state.official_id[
        justice[0]] not in v.message and "had 58 officials before the plan" in v.message
    (v,) = found(agri)
    assert state.official_id[agri[0]] in v.message and "its cap of 50" in v.message
    off = tiny_state(COMMUNES, [("D", "justice")] * 3 + [("R", "office")] * 58,
                     {("R", "justice"): 1.0, ("R", "office"): 58.0}, KM, **{
                         "optimizer.constraints.recipient_cap.essential_vacancy": False})
    assert "recipient_cap" in [v.rule for v in check_plan(off, plan_rows(off, [Move(0, r, int(
        off.specialty[0]))]))]


# The donor floor in total: D keeps ceil(share x its whole requirement), counted before what
# it receives. D: 4 land (requirement 1.0) + 16 office (requirement `office`); R needs 2.5
# land, so 3 moves when nothing else binds (the base case).
@pytest.mark.parametrize(("office", "share", "in_total", "expected"), [
    (16.0, 1.0, True, 3),    # 20 staff, keeps ceil(17.0) = 17: 3 above it
    (17.5, 1.0, True, 1),    # keeps ceil(18.5) = 19: 1 above it (land alone has 3 spare)
    (20.0, 1.0, True, 0),    # short overall (20 for 21.0): gives none
    (20.0, 1.0, False, 3),   # the per-specialty floor alone: land's 3 spare go
    (20.0, 0.5, True, 3),    # keeps ceil(10.5) = 11 in all, ceil(0.5) = 1 land: 3 go
])
def test_donor_floor_in_total(office, share, in_total, expected):
    plan = solve(required={**REQ, ("D", "office"): office},
                 **{"optimizer.constraints.donor_floor.share": share,
                    "optimizer.constraints.donor_floor.in_total": in_total})
    assert moves_to(plan, "R") == expected


def test_the_checker_finds_a_short_commune_giving():
    """A plan made without the total floor, checked under it: the short donor's moves are
    found (the checker counts staff and requirement itself)."""
    from staffsim.optimize.check import check_plan

    req = {**REQ, ("D", "office"): 20.0}
    loose = solve(required=req, **{"optimizer.constraints.donor_floor.in_total": False})
    assert moves_to(loose, "R") == 3
    strict = tiny_state(COMMUNES, LAND4, req, KM,
                        **{"optimizer.constraints.max_donor_share.enabled": False})
    found = [str(v) for v in check_plan(strict, loose.rows())]
    assert len(found) == 1 and "donor_floor" in found[0], found
    assert "gives 3 officials but has 0 above 100% of its total requirement" in found[0]
    assert "(20 in post, requirement 21.00)" in found[0]


def test_officials_moved_in_by_hand_do_not_make_a_short_commune_a_donor():
    """E's 5 land officers moved into D by hand: D, short overall before them (20 for 21.0),
    gives none of its own or theirs (with them it would have 25, 4 above 21)."""
    from staffsim.optimize.edits import Edits, plan_with_edits

    communes = [*COMMUNES, ("E", "lowland", "phuong")]
    officials = [*LAND4, *[("E", "land")] * 5]
    req = {**REQ, ("D", "office"): 20.0}
    state = tiny_state(communes, officials, req, {**KM, ("E", "R"): 50.0, ("E", "D"): 10.0,
                                                 ("D", "E"): 10.0, ("R", "E"): 50.0},
                       **{"optimizer.constraints.max_donor_share.enabled": False})
    ids = [oid for oid in state.official_id if oid.startswith("E-")]
    plan = plan_with_edits(state, Edits(moves=[(oid, "D") for oid in ids]))
    d = state.communes.ids.index("D")
    assert len(plan.forced) == 5
    assert [m for m in plan.optimised if int(state.commune[m.row]) == d] == []
    assert plan.optimised == []  # E has nobody left, D may give none


def test_a_vacant_essential_post_weighs_by_zone():
    """The trial's notaries: D (lowland) has one spare notary and one spare land officer; L
    (lowland) and H (high mountain) have no notary and need 0.5 each, H is also short 1.0
    land; the budget pays one move into H (lowland moves draw none). Weighted need met:
    notary to L and land officer to H: (1 x 0.5 + g_L) + 3 x 1.0; notary to H: 3 x 0.5 + g_H.
    With the gap weight the same in every zone (g = 5): 8.5 against 6.5, the notary goes to
    the plains; weighted by zone (g_L = 5, g_H = 15): 8.5 against 16.5, it goes uphill."""
    per_move = 1.75 * 2_340_000 * 36
    communes = [("D", "lowland", "phuong"), ("L", "lowland", "xa"),
                ("H", "high_mountain", "xa")]
    officials = [("D", "notarisation")] * 2 + [("D", "land")] * 2 + [("H", "land")]
    req = {("D", "notarisation"): 1.0, ("D", "land"): 1.0, ("L", "notarisation"): 0.5,
           ("H", "notarisation"): 0.5, ("H", "land"): 2.0}
    km = {("D", "L"): 10.0, ("D", "H"): 60.0}
    over = {"optimizer.constraints.budget.vnd": 1.5 * per_move,  # (lowland may receive, as
            # under Thanh Hóa's practice)
            "optimizer.constraints.eligible_recipients.zones": ["lowland", "high_mountain"]}

    def notary_to(plan) -> str:
        ids, spec = plan.state.communes.ids, SPECIALTIES.index("notarisation")
        (m,) = [m for m in plan.moves if m.spec_to == spec]
        return ids[m.to]

    flat = solve(officials=officials, required=req, communes=communes, km=km,
                 **over, **{"optimizer.objective.essential_gap_by_zone": False})
    assert notary_to(flat) == "L" and moves_to(flat, "H") == 1
    by_zone = solve(officials=officials, required=req, communes=communes, km=km, **over)
    assert notary_to(by_zone) == "H" and moves_to(by_zone, "L") == 0
    # the weighted need the plan reports counts the gaps the same way: of the six essential
    # specialties D lacks 4 (x 5), L all 6 (x 5) and 0.5 FTE, H 4 (x 15) and 1.0 land FTE (x 3)
    assert by_zone.outcome["weighted_unmet_after"] == pytest.approx(
        4 * 5 + (6 * 5 + 0.5) + (4 * 15 + 3 * 1.0))


def test_the_donor_share_row_keeps_its_own_limit_beside_the_total_floor():
    """D (20 officials, 4 land against 1.0, 16 office against 17.5) may give 1 in all under
    the total floor (ceil(18.5) = 19 kept) and 4 under the 20% share: each row holds its own
    limit (the share's row held the floor's 1 too, so a lower floor valued by bound changes
    left it there, and an elastic problem priced one move twice, in the share's words)."""
    from staffsim.optimize.formulation import build_problem
    from staffsim.optimize.sets import build_inputs

    state = tiny_state(COMMUNES, LAND4, {**REQ, ("D", "office"): 17.5}, KM,
                       **{"optimizer.constraints.max_donor_share.enabled": True})
    tp = build_problem(build_inputs(state))
    rows = dict(zip(tp.prob.row_names, tp.prob.row_upper, strict=True))
    d = tp.cid(state.communes.ids.index("D"))
    assert rows[f"max_donor_share_{d}"] == 4 and rows[f"donor_floor_total_{d}"] == 1


def test_a_donor_at_its_total_floor_is_not_called_short():
    """20 officials for a requirement of 19.6 keep ceil(19.6) = 20: none above it, yet not
    short overall (the checker's words said 'short overall' of every unit with none above)."""
    from staffsim.optimize.check import check_plan
    from staffsim.results.finding_words import violation
    from staffsim.results.words import words

    req = {**REQ, ("D", "office"): 18.6}  # 19.6 in all
    loose = solve(required=req, **{"optimizer.constraints.donor_floor.in_total": False})
    strict = tiny_state(COMMUNES, LAND4, req, KM,
                        **{"optimizer.constraints.max_donor_share.enabled": False})
    (found,) = [str(v) for v in check_plan(strict, loose.rows())]
    message = found.split(": ", 2)[2]
    for lang in ("en", "vi"):
        said = violation(words(lang), message)
        assert "short overall" not in said and "thiếu người" not in said, said
    assert "không thừa người nào so với 100% tổng nhu cầu" in violation(words("vi"), message)
