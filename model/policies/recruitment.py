"""Faster, wider recruitment (Decree 170/2025)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from staffsim.model.policies.base import Policy, register_policy

if TYPE_CHECKING:
    from staffsim.model.model import StaffModel


@register_policy("recruitment")
class Recruitment(Policy):
    """More vacancies opened, shorter lag; the mountain fill chance stays lower."""

    name = "recruitment"

    def __init__(self, params: object = None) -> None:
        pass

    def setup(self, model: StaffModel) -> None:
        pol = model.params.policies
        model.opening_rate = pol.recruitment_opening_rate
        model.recruitment_lag = pol.recruitment_lag_months
