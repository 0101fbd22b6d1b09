"""Levers: one parameter moved, for marginal values, what-if questions and explanations."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, NamedTuple

from staffsim.model.state import ProvinceState
from staffsim.scenarios.params import Params


class Lever(NamedTuple):
    """A perturbation whose marginal value the plan reports."""

    name: str  # e.g. budget_plus_1bn
    description: str  # in words, for reports
    parameter: str  # dotted key
    value: Any  # its new value


def with_params(state: ProvinceState, change: Callable[[Params], None]) -> ProvinceState:
    """A copy of ``state`` whose parameters ``change`` edits (validated on assignment)."""
    params = state.params.model_copy(deep=True)
    change(params)
    return dataclasses.replace(state, params=params)


def set_param(path: str, value: Any) -> Callable[[Params], None]:
    """A change that sets the dotted parameter ``path`` to ``value``."""
    def change(p: Params) -> None:
        *parents, leaf = path.split(".")
        obj = p
        for part in parents:
            obj = getattr(obj, part)
        setattr(obj, leaf, value)
    return change


def get_param(params: Params, path: str) -> Any:
    """The value of the dotted parameter ``path`` (``set_param``'s counterpart)."""
    obj: Any = params
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def moved(state: ProvinceState, lever: Lever) -> ProvinceState:
    """``state`` with ``lever`` moved."""
    return with_params(state, set_param(lever.parameter, lever.value))
