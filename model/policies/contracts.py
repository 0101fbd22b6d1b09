"""Labour contracts (Decree 173/2025)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from staffsim.model.model import POLICY
from staffsim.model.policies.base import Policy, register_policy
from staffsim.model.roster import LEADERSHIP
from staffsim.scenarios.params import zone_mask

if TYPE_CHECKING:
    from staffsim.model.model import StaffModel


@register_policy("contracts")
class Contracts(Policy):
    """Quick (short lag), costly, capped; given to the largest shortfalls of eligible communes,
    empty essential posts first."""

    name = "contracts"

    def __init__(self, params: object = None) -> None:
        self.pipeline: list[tuple[int, int, int]] = []  # (start month, commune, specialty)

    def end_of_month(self, model: StaffModel, t: int) -> None:
        pol = model.params.policies
        r = model.roster
        n = len(model.communes)
        due = [job for job in self.pipeline if job[0] <= t]
        self.pipeline = [job for job in self.pipeline if job[0] > t]
        rng = model.stream(POLICY, t)
        if due:
            commune = np.array([c for _, c, _ in due], np.int32)
            spec = np.array([s for _, _, s in due], np.int8)
            model.add_officials(commune, spec, t, rng, tag="C",
                                contract=np.ones(len(due), bool),
                                contract_until=np.full(len(due), t + pol.contract_months,
                                                       np.int16))
            model.series["hires"][t] += np.bincount(commune, minlength=n)
        slots = pol.contract_cap - int((r.active & r.contract).sum()) - len(self.pipeline)
        if slots <= 0:
            return
        staff = r.counts(n)
        gap = model.required - staff
        zones = zone_mask(model.communes.zone, pol.contract_zones)
        score = np.where(model.essential[None, :] & (staff == 0), gap + 10.0, gap)
        score[~zones] = -np.inf
        score[:, LEADERSHIP] = -np.inf
        flat = np.argsort(-score, axis=None, kind="stable")[:slots]
        for c, s in zip(*np.unravel_index(flat, score.shape), strict=True):
            if gap[c, s] < 0.5:
                break
            self.pipeline.append((t + pol.contract_lag_months, int(c), int(s)))
