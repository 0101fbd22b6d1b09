"""What the province pays a recruit a month (the simulation's costs and the reports' words
read it from here, so they say the same number)."""

from __future__ import annotations

from staffsim.scenarios.params import Params


def recruit_monthly_vnd(params: Params) -> float:
    """Salary (coefficient x base salary) with the employer's contributions, plus the
    public-service allowance (a share of the base salary): VND 7.18 m with the defaults."""
    d = params.dynamics
    base = params.optimizer.allowance.base_salary_vnd
    return base * (d.recruit_salary_coefficient * (1.0 + d.employer_contribution_share)
                   + d.public_service_allowance_share)
