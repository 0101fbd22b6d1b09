"""A constraint family added from outside the project: everything about it is in this module
and one ``register`` call makes the optimiser, the greedy baseline, the independent checker,
the explanations, the marginal values and the scenario files use it.

The toy family ``max_per_recipient``: no commune receives more than K officials. The province
is the base case of ``test_families``: donor D has 4 land officers and needs 1; recipient R
(mountain) has none and needs 2.5, so without the toy rule the optimum moves 3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from staffsim.optimize.check import PlanRow, check_plan
from staffsim.optimize.families import ConstraintFamily, families, register, unregister
from staffsim.optimize.families.base import InfeasibleContext, Limit
from staffsim.optimize.inputs import PlanInputs
from staffsim.optimize.levers import Lever
from staffsim.optimize.planner import plan_province
from staffsim.optimize.problem import TransferProblem
from staffsim.optimize.violations import CheckContext, Violation
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario, validate_params
from staffsim.scenarios.params import Family, P, Params, Section, field_info, leaf_keys
from staffsim.scenarios.specialties import INDEX

from ..conftest import write_scenario
from ..helpers import assert_one_line_error, run_cli
from ..optim_helpers import assert_plan_feasible, tiny_state

KEY = "optimizer.constraints.max_per_recipient.officials"


class MaxPerRecipient(Family):
    officials: int = P(2, "officials", "most officials one commune receives", ge=0)


def define_max_per_recipient_constraints(tp: TransferProblem) -> None:
    """sum_{a into r} x_a <= K for every recipient r (elastic: - slack_r)."""
    rule = tp.inputs.state.params.optimizer.constraints.max_per_recipient
    if not rule.enabled:
        return
    into: dict[int, list] = {}
    for r, t in tp.arcs_in:
        into.setdefault(r, []).extend(tp.people_in(r, t))
    for r, terms in into.items():
        if tp.elastic:
            terms = terms + [(tp.add_slack("max_per_recipient", r, tp.cid(r)), -1.0)]
        tp.prob += tp.lin(terms) <= float(rule.officials), f"max_per_recipient_{tp.cid(r)}"


class MaxPerRecipientFamily(ConstraintFamily):
    name = "max_per_recipient"
    params = MaxPerRecipient
    aliases = {"optimizer.per_recipient": "officials"}
    define_constraints = staticmethod(define_max_per_recipient_constraints)

    def slack_words(self, ctx: InfeasibleContext, key: Any, value: float) -> str | None:
        most = self.settings(ctx.state.params).officials
        return f"{ctx.names[key]} would receive {value:.0f} more than {most} officials"

    def lever(self, params: Params) -> Lever | None:
        rule = self.settings(params)
        if not rule.enabled:
            return None
        return Lever("per_recipient_plus_1", "one more official per recipient", KEY,
                     rule.officials + 1)

    def greedy_limits(self, inputs: PlanInputs) -> list[Limit]:
        most = float(self.settings(inputs.state.params).officials)
        return [Limit(inputs.arc_to, np.ones(inputs.n_arcs),
                      np.full(inputs.state.n_communes, most))]

    def check_plan(self, ctx: CheckContext) -> list[Violation]:
        most = self.settings(ctx.state.params).officials
        got = np.bincount([m.to for m in ctx.moved], minlength=ctx.state.n_communes)
        return [Violation(0, self.name, f"{ctx.ids[c]} receives {got[c]} officials, most "
                          f"{most}") for c in np.flatnonzero(got > most)]


@pytest.fixture
def toy():
    register(MaxPerRecipientFamily())
    yield
    unregister("max_per_recipient")


COMMUNES = [("D", "lowland", "phuong"), ("R", "mountain", "xa")]
LAND4 = [("D", "land")] * 4 + [("D", "office")] * 16
REQ = {("D", "land"): 1.0, ("D", "office"): 16.0, ("R", "land"): 2.5}
KM = {("D", "R"): 50.0}
NO_SHARE = {"optimizer.constraints.max_donor_share.enabled": False}


def moves_to(plan, commune: str) -> int:
    ids = plan.state.communes.ids
    return sum(1 for m in plan.moves if ids[m.to] == commune)


def test_optimiser_and_greedy_respect_it(toy):
    plan = plan_province("P", tiny_state(COMMUNES, LAND4, REQ, KM, **NO_SHARE),
                         marginals=False)
    assert plan.status == "Optimal"
    assert moves_to(plan, "R") == 2  # K = 2 (default) instead of 3
    assert len(plan.greedy_moves) == 2
    assert plan.outcome["unmet_fte_after"]["mountain"] == pytest.approx(0.5)
    assert_plan_feasible(plan)  # its own check part included
    plan = plan_province("P", tiny_state(COMMUNES, LAND4, REQ, KM, **NO_SHARE, **{KEY: 3}),
                         marginals=False)
    assert moves_to(plan, "R") == 3


def test_independent_check_catches_a_plan_that_breaks_it(toy):
    state = tiny_state(COMMUNES, LAND4, REQ, KM, **NO_SHARE)
    land = [oid for oid, s in zip(state.official_id, state.specialty.tolist(), strict=True)
            if s == INDEX["land"]]
    rows = [PlanRow(oid, "R") for oid in land[:3]]
    assert [v.rule for v in check_plan(state, rows)] == ["max_per_recipient"]
    assert check_plan(state, rows[:2]) == []


def test_infeasibility_is_explained_in_its_words(toy):
    communes = [("D", "lowland", "phuong"), ("H", "high_mountain", "xa")]
    state = tiny_state(communes, LAND4, {("D", "land"): 1.0, ("H", "land"): 1.0},
                       {("D", "H"): 40.0}, **{
                           "optimizer.constraints.cover_essential.enabled": True, KEY: 0})
    plan = plan_province("P", state, marginals=False)
    assert plan.status == "Infeasible"
    assert "Commune H would receive 1 more than 0 officials" in plan.explanation


def test_marginal_value_of_one_more_per_recipient(toy):
    plan = plan_province("P", tiny_state(COMMUNES, LAND4, REQ, KM, **NO_SHARE),
                         marginals=True).finish()
    by_lever = {m["lever"]: m for m in plan.marginals}
    assert list(by_lever) == ["budget_plus_1bn", "distance_plus_10km",
                              "donor_floor_minus_1pt", "per_recipient_plus_1"]
    toy_value = by_lever["per_recipient_plus_1"]
    assert toy_value["parameter"] == KEY and toy_value["value"] == 3
    # the third move covers R's last 0.5 FTE, at mountain weight 2
    assert toy_value["weighted_unmet_reduction"] == pytest.approx(2.0 * 0.5)
    assert toy_value["extra_moves"] == 1


def test_scenario_files_take_its_section(toy, tmp_path: Path, capsys):
    path = write_scenario(tmp_path, "[optimizer.constraints.max_per_recipient]\n"
                          "officials = 5\n")
    assert load_scenario(path).params.optimizer.constraints.max_per_recipient.officials == 5
    assert Params().optimizer.constraints.max_per_recipient.officials == 2  # default filled
    assert KEY in leaf_keys()
    assert field_info(KEY) == (2, "officials", "most officials one commune receives")
    assert field_info("optimizer.per_recipient") == field_info(KEY)  # its short name
    schema = Params.model_json_schema()["$defs"]["MaxPerRecipient"]["properties"]
    assert schema["officials"]["unit"] == "officials"
    code, _, err = run_cli(capsys, "validate", str(path), "--set", f"{KEY}=-1")
    assert_one_line_error(code, err, KEY, "at least 0")
    code, _, err = run_cli(capsys, "validate", str(path), "--set",
                           "optimizer.constraints.max_per_recipient.oficials=1")
    assert_one_line_error(code, err, "did you mean officials")


def test_unregistering_leaves_no_trace():
    register(MaxPerRecipientFamily())
    unregister("max_per_recipient")
    assert "max_per_recipient" not in [f.name for f in families()]
    assert KEY not in leaf_keys() and field_info("optimizer.per_recipient") is None
    with pytest.raises(ScenarioError, match="unknown key"):
        validate_params({"optimizer": {"constraints": {"max_per_recipient": {}}}}, "test")
    assert isinstance(Params().optimizer.constraints, Section)
