"""The policy protocol and its registry: a policy is found by name (scenario files, compare,
sweep), and registering one is one decorator on its class or factory."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from staffsim.scenarios.params import Params

if TYPE_CHECKING:
    from staffsim.model.model import StaffModel
    from staffsim.model.policies.solver_plans import SolverPlan


class Policy:
    """A plug-in acting on a running simulation: ``setup(model)`` before month 0 and
    ``end_of_month(model, t)`` after service, exits and recruitment of month t (its effect
    starts in month t+1)."""

    name = "policy"

    def setup(self, model: StaffModel) -> None:
        """Before month 0."""

    def end_of_month(self, model: StaffModel, t: int) -> None:
        """After month t."""

    def solver_plans(self) -> list[SolverPlan]:
        """The optimiser's plans this plug-in carried out so far in its run, each with what
        the solver said of it (``solver_plans.SolverPlan``); none for a policy that calls no
        solver."""
        return []


PolicyFactory = Callable[[Params], Policy]
_REGISTRY: dict[str, PolicyFactory] = {}


def register_policy(name: str) -> Callable[[PolicyFactory], PolicyFactory]:
    """Decorator: make a policy class (or a factory taking the scenario's ``Params``) known by
    ``name``."""
    def add(factory: PolicyFactory) -> PolicyFactory:
        _REGISTRY[name] = factory
        return factory
    return add


def policy_names() -> list[str]:
    """Every registered policy name, in registration order."""
    return list(_REGISTRY)


def make_policies(names: list[str], params: Params) -> list[Policy]:
    """Fresh plug-ins for an arm's policy names."""
    out = []
    for name in names:
        if name not in _REGISTRY:
            raise ValueError(f"unknown policy {name!r}; known: {', '.join(_REGISTRY)}")
        out.append(_REGISTRY[name](params))
    return out
