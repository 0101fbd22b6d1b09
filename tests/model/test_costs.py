"""A run's cost counts what each policy pays, recomputed here from the roster by hand."""

from __future__ import annotations

import numpy as np
import pytest

from staffsim.model.model import StaffModel
from staffsim.model.outcomes import COST_PARTS
from staffsim.model.policies import make_policies
from staffsim.model.replications import initial_roster
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


def _run(policies: list[str], months: int = 18):
    sc = load_scenario(SCENARIOS / "demo.toml", {"simulation.months": months})
    model = StaffModel(sc, initial_roster(sc), rng=np.random.SeedSequence(3),
                       policies=make_policies(policies, sc.params))
    return sc, model, model.run()


def test_recruits_are_paid_from_the_month_after_arrival_until_they_leave():
    sc, model, series = _run(["recruitment"])
    r, months = model.roster, sc.params.simulation.months
    # VND 2,340,000 x (2.34 x 1.205 + 0.25) = VND 7,183,098 a month (params: Decree 204/2004
    # A1 step 1, 25% public-service allowance, 20.5% employer contributions)
    monthly = 2_340_000 * (2.34 * 1.205 + 0.25)
    assert monthly == pytest.approx(7_183_098, abs=1)
    recruits = np.flatnonzero(r.recruited)
    assert len(recruits) > 0
    # arrival at the end of start_month; paid in every later month it is still there
    last = np.where(r.active[recruits], months - 1, r.exit_month[recruits])
    paid_months = np.maximum(last - r.start_month[recruits], 0).sum()
    assert series["recruit_salary_vnd"].sum() == pytest.approx(paid_months * monthly)


def test_contracts_and_training_are_paid_and_the_total_is_their_sum():
    sc, model, series = _run(["contracts", "training"])
    pol, r = sc.params.policies, model.roster
    contracts = np.flatnonzero(r.contract)
    assert len(contracts) > 0
    last = np.where(r.active[contracts], sc.params.simulation.months - 1,
                    r.exit_month[contracts])
    paid_months = np.maximum(last - r.start_month[contracts], 0).sum()
    assert series["contract_cost_vnd"].sum() == pytest.approx(
        paid_months * pol.contract_monthly_vnd)
    trained = int((r.trained_from >= 0).sum())
    assert trained > 0
    assert series["training_cost_vnd"].sum() == pytest.approx(trained * pol.training_cost_vnd)
    total = sum(series[name] for name in COST_PARTS)
    np.testing.assert_allclose(series["policy_cost_vnd"], total)
