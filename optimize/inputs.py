"""The sets and parameters of the transfer problem (``sets.build_inputs`` fills them in)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from staffsim.model.state import ProvinceState


@dataclass
class Bounds:
    """The limits the constraint families put on candidate moves.

    ``build_inputs`` starts with none (every movable official may go anywhere into their own
    specialty) and lets each family narrow them (``ConstraintFamily.restrict_moves``). The
    hard limits (``movable``, ``may_give``, ``may_receive``, ``productivity``) hold in every
    problem; the others shape arcs only in strict problems: an elastic problem keeps the arcs
    they rule out and prices breaking them in the families' rows.
    """

    in_post: np.ndarray  # officials in post, communes x specialties (read only)
    movable: np.ndarray  # officials that may move, communes x specialties (read only)
    max_out: np.ndarray  # most officials a commune may give per specialty
    max_give: np.ndarray  # most officials a commune may give in all (inf: no limit)
    cap: np.ndarray  # headcount a recipient may reach (inf: no limit)
    max_km: float  # longest move
    may_give: np.ndarray  # communes that may give
    may_receive: np.ndarray  # communes that may receive
    productivity: np.ndarray  # specialty from x specialty to: FTE of one official, 0 = no arc
    # communes x specialties: one official received into this post does not count against
    # the recipient's cap (a vacant essential post, ``families.recipient_cap``); None: none
    cap_free: np.ndarray | None = None


@dataclass
class Variant:
    """The arcs' upper bounds with one marginal lever moved (superset problems only)."""

    bounds: Bounds
    arc_upper: np.ndarray


@dataclass
class PlanInputs:
    """Everything the formulation, the greedy baseline and the explanations read."""

    state: ProvinceState
    in_post: np.ndarray  # communes x specialties
    deficit: np.ndarray  # max(0, required - in post)
    movable: np.ndarray  # officials that may move, communes x specialties
    movable_rows: dict[tuple[int, int], np.ndarray]  # official rows in the order they move
    max_out: np.ndarray  # most officials a commune may give per specialty
    cap: np.ndarray  # recipient headcount cap per commune (inf if none)
    # communes x specialties: one official received here is outside the cap (``Bounds``)
    cap_free: np.ndarray
    max_give: np.ndarray  # most officials a donor may give in all (inf if none)
    zone_weight: np.ndarray  # per commune
    essential: np.ndarray  # per specialty
    is_commune: np.ndarray  # per unit: a commune (False: a pool unit, which only gives)
    # arcs: one candidate move type each
    arc_from: np.ndarray
    arc_to: np.ndarray
    arc_spec_from: np.ndarray
    arc_spec_to: np.ndarray
    arc_productivity: np.ndarray
    arc_km: np.ndarray
    arc_allowance_month: np.ndarray  # VND in the first month (every part paid)
    arc_allowance_total: np.ndarray  # VND over the term (each part for its own months)
    arc_upper: np.ndarray  # upper bound on the number moved along the arc
    # superset problems: lever name -> the arcs' upper bounds with that lever moved (the
    # arcs it would allow are already here, with upper bound 0 in ``arc_upper``)
    variants: dict[str, Variant] = field(default_factory=dict)

    @property
    def n_arcs(self) -> int:
        return len(self.arc_from)
