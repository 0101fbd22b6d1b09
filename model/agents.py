"""Commune agents: a commune's own decisions. State lives in the model's arrays."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from staffsim.model.deferred import import_mesa

if TYPE_CHECKING:
    from staffsim.model.model import StaffModel

mesa = import_mesa()  # (model.deferred: 0.07 s sooner than `import mesa`)


class Commune(mesa.Agent):
    """One commune (xã, phường or đặc khu); ``index`` is its row in the model's arrays."""

    model: StaffModel

    def __init__(self, model: StaffModel, index: int) -> None:
        super().__init__(model)
        self.index = index
        c = model.communes
        self.commune_id = c.ids[index]
        self.name = c.names[index]
        self.zone = int(c.zone[index])

    @property
    def required(self) -> np.ndarray:
        return self.model.required[self.index]

    @property
    def staff(self) -> np.ndarray:
        return self.model.staff[self.index]

    def choose_hire_specialties(self, k: int) -> np.ndarray:
        """Specialties for ``k`` recruits: each goes where the shortfall is largest."""
        gap = self.required - self.staff - self.model.pending_by_specialty[self.index]
        out = np.empty(k, np.int8)
        for j in range(k):
            s = int(np.argmax(gap))
            out[j] = s
            gap[s] -= 1.0
        return out
