"""Training of officials in eligible zones."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from staffsim.model.model import POLICY
from staffsim.model.policies.base import Policy, register_policy
from staffsim.scenarios.params import zone_mask

if TYPE_CHECKING:
    from staffsim.model.model import StaffModel

TRAINING_STREAM_MONTH = 100_000  # stream index of the one-off training draw


@register_policy("training")
class Training(Policy):
    """Train a share of officials in eligible zones once: productivity rises after a delay."""

    name = "training"

    def __init__(self, params: object = None) -> None:
        pass

    def setup(self, model: StaffModel) -> None:
        pol = model.params.policies
        r = model.roster
        zones = zone_mask(model.communes.zone, pol.training_zones)
        draw = model.stream(POLICY, TRAINING_STREAM_MONTH).random(r.n)
        chosen = np.flatnonzero(r.active & zones[r.commune] & (draw < pol.training_share))
        r.trained_from[chosen] = pol.training_delay_months
        model.series["training_cost_vnd"][0] += np.bincount(
            r.commune[chosen], minlength=len(model.communes)) * pol.training_cost_vnd
