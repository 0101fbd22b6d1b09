"""The registered constraint families and the order each step visits them in."""

from __future__ import annotations

from staffsim.optimize.families.base import ConstraintFamily
from staffsim.scenarios.params import (
    register_constraint_params,
    unregister_constraint_params,
)

_FAMILIES: dict[str, ConstraintFamily] = {}
_ORDER: dict[str, tuple[str, ...]] = {}

# The steps that visit families, and what their order decides.
STEPS = {
    "": "parameter sections (scenario.toml, the schema), candidate moves, greedy, edits",
    "rows": "rows of the MIP (HiGHS breaks ties between optima by row order), the "
            "independent check, infeasibility words",
    "explain": "blocking rules of explain (the first that applies is reported)",
    "remedies": "what explain tries relaxing (the first few are re-solved)",
    "levers": "marginal values and tips",
}


def register(family: ConstraintFamily) -> None:
    """Add a family: its parameter section, then its hooks (after the families before it)."""
    if family.name in _FAMILIES:
        raise ValueError(f"constraint family {family.name!r} is already registered")
    register_constraint_params(family.name, family.params, family.aliases, family.rule_sets)
    _FAMILIES[family.name] = family


def unregister(name: str) -> None:
    """Remove a family and its parameter section."""
    _FAMILIES.pop(name, None)
    unregister_constraint_params(name)


def set_order(**steps: tuple[str, ...]) -> None:
    """Visit the named families first, in this order, in a step (see ``STEPS``); the
    others follow in registration order."""
    unknown = set(steps) - set(STEPS)
    if unknown:
        raise ValueError(f"unknown steps {sorted(unknown)}; steps: {sorted(STEPS)}")
    _ORDER.update(steps)


def families(step: str = "") -> list[ConstraintFamily]:
    """The registered families in the order of ``step``."""
    first = _ORDER.get(step, ())
    return ([_FAMILIES[n] for n in first if n in _FAMILIES]
            + [f for n, f in _FAMILIES.items() if n not in first])


def family(name: str) -> ConstraintFamily:
    return _FAMILIES[name]
