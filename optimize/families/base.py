"""What a constraint family is: the hooks the optimiser, the checker and the explanations call.

A constraint family is one rule of the province's transfer policy (a budget, a distance
limit, a donor floor ...). Its module holds everything about it:

- its parameter section ``optimizer.constraints.<name>`` (a ``Family`` subclass: unit,
  default and meaning of each field), short names for it (``aliases``) and its settings under
  each named rule set (``rule_sets``, chosen by ``optimizer.rules``);
- its effect on candidate moves (``restrict_officials``, ``restrict_moves``), which
  ``sets.build_inputs`` calls;
- its rows (``define_constraints``, PyPSA style: named rows, the maths in the docstring), with
  a priced slack in elastic problems (``elastic_price`` per unit);
- its words: why it makes a problem infeasible (``slack_words``, ``solution_words``,
  ``target_words``), why it keeps an official from a commune (``blocks_*``,
  ``commune_rule``), what relaxing it would take (``remedy``, ``no_plan_tips``);
- its marginal-value lever (``lever``; ``lever_arcs`` and ``lever_rows`` make it a quick
  bound change on the solved HiGHS model, otherwise it is valued by re-solving);
- its share of the greedy baseline (``greedy_limits``) and of manual edits (``use_up``);
- its part of the independent check (``check_move``, ``check_plan``). These recompute what
  they need from the roster and the parameters and never call the family's rows or arc code:
  a plan the optimiser got wrong must be caught.

Every hook has a no-op default here; a family overrides the ones it needs and is registered
with one line in ``optimize/families/__init__.py`` (``registry.register``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from staffsim.i18n import Said, Term
from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.inputs import Bounds, PlanInputs, Variant
from staffsim.optimize.levers import Lever
from staffsim.optimize.violations import CheckContext, Moved, Violation
from staffsim.scenarios.params import Family, Params
from staffsim.scenarios.specialties import LABELS, SPECIALTIES

if TYPE_CHECKING:
    from staffsim.optimize.problem import TransferProblem


def label(s: int) -> str:
    """A specialty in words, lower case (``land administration``)."""
    return LABELS[SPECIALTIES[s]].lower()


def term(s: int) -> Term:
    """A specialty in words (``label``) that a ``Said`` message says in the user's language."""
    return Term("specialty", SPECIALTIES[s], label(s))


def with_target(plain: str, aimed: str, target: str, **values: object) -> Said:
    """A slack's words, ``aimed`` (its ``{target}`` the hard targets' aim, ``target_words``)
    when a target is set, else ``plain``."""
    if target:
        return Said(aimed, target=target, **values)
    return Said(plain, **values)



@dataclass
class InfeasibleContext:
    """The solved elastic problem, for words on what blocks a feasible plan."""

    state: ProvinceState
    inputs: PlanInputs
    x: np.ndarray  # officials per arc
    target: str  # what the hard targets ask for ("to give every ...": a Said), or ""

    @property
    def names(self) -> list[str]:
        return self.state.communes.names


@dataclass
class ExplainContext:
    """The optimal plan, for words on why an official does not fill a commune's need."""

    state: ProvinceState
    inputs: PlanInputs
    moves: list[Move]
    outcome: dict  # ``plan.plan_outcome`` of the moves
    movable: np.ndarray  # per official
    out_used: np.ndarray  # officials each commune gives per specialty in the plan

    @cached_property
    def moved_to(self) -> dict[int, int]:
        return {m.row: m.to for m in self.moves}

    @cached_property
    def gave(self) -> np.ndarray:
        return self.out_used.sum(axis=1)

    @cached_property
    def years_to_retirement(self) -> np.ndarray:
        return self.state.years_to_retirement()

    @property
    def names(self) -> list[str]:
        return self.state.communes.names


@dataclass
class Limit:
    """A limit the greedy baseline keeps: per group, sum of ``use`` over the moves made <=
    ``room`` (a move is allowed when its use fits in what is left of its group's room)."""

    group: np.ndarray  # per arc: the group it counts in
    use: np.ndarray  # per arc
    room: np.ndarray  # per group


class ConstraintFamily:
    """One constraint family; subclass it, set the class attributes, override hooks."""

    name: ClassVar[str]  # section key under optimizer.constraints, row and slack prefix
    params: ClassVar[type[Family]]  # its parameter section
    aliases: ClassVar[dict[str, str]] = {}  # short dotted key -> field of the section
    # rule set name (``optimizer.rules``) -> field -> value this family takes under it
    rule_sets: ClassVar[dict[str, dict[str, Any]]] = {}
    elastic_price: ClassVar[float] = 1e3  # objective cost of one unit of slack
    lever_arcs: ClassVar[bool] = False  # the lever changes candidate arcs or their bounds

    def settings(self, params: Params) -> Any:
        """This family's parameter section."""
        return getattr(params.optimizer.constraints, self.name)

    # -- candidate moves (sets.build_inputs) --------------------------------------------
    def restrict_officials(self, state: ProvinceState, ok: np.ndarray) -> None:
        """Clear ``ok`` (per official) for officials this rule keeps in place."""

    def restrict_moves(self, state: ProvinceState, b: Bounds) -> None:
        """Narrow the bounds on candidate moves (see ``inputs.Bounds``)."""

    # -- rows (formulation.build_problem) -----------------------------------------------
    def define_constraints(self, tp: TransferProblem) -> None:
        """Add this family's rows; in elastic problems with ``tp.add_slack``."""

    # -- infeasibility (marginals.explain_infeasible) -----------------------------------
    def target_words(self, params: Params) -> str:
        """A hard target's aim, said within other families' words ("to give every ...", an
        ``i18n.Said`` so that it is said in the user's language), or ""."""
        return ""

    def slack_words(self, ctx: InfeasibleContext, key: Any, value: float) -> str | None:
        """What a used slack of this family (its key as given to ``add_slack``) means (an
        ``i18n.Said``, said in the user's language; a plain str is shown as it is)."""
        return None

    def solution_words(self, ctx: InfeasibleContext) -> list[str]:
        """Lines read off the elastic solution's moves, after every family's slack words."""
        return []

    # -- why a commune does not get an official (explain.explain_commune) ----------------
    def commune_rule(self, ctx: ExplainContext, r: int) -> str | None:
        """Why commune ``r`` receives nobody at all under this rule."""
        return None

    def blocks_candidate(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        """Why official ``i`` may not move to ``r`` at all (checked first)."""
        return None

    def blocks_donor(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        """Why ``i``'s commune cannot give ``i`` in this plan (after 'used elsewhere')."""
        return None

    def blocks_plan(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        """Why one more move is not possible in this plan (for officials not chosen)."""
        return None

    def remedy(self, ctx: ExplainContext, nearest: dict) -> tuple[str, str, Any] | None:
        """(words, dotted parameter, value) of relaxing this rule for the nearest official
        it blocks (``nearest``: that official's row of the explanation)."""
        return None

    def no_plan_tips(self, params: Params, state: ProvinceState | None = None) -> list[str]:
        """What to try when the solver found no plan within its time limit (``state``: the
        province's, for a limit it sets; ``i18n.Said``, said in the user's language)."""
        return []

    # -- marginal values (marginals) ----------------------------------------------------
    def lever(self, params: Params) -> Lever | None:
        """The perturbation whose value plans report, or None."""
        return None

    def lever_rows(self, tp: TransferProblem, lever: Lever, variant: Variant | None,
                   row: dict[str, int], model: Any) -> list[tuple[int, float]] | None:
        """New upper bounds of rows (index in ``row``, by name) that move the lever on the
        solved HiGHS ``model``; the arcs' bounds come from ``variant`` when ``lever_arcs``.
        None: value the lever by re-solving from scratch."""
        return None

    # -- greedy baseline and manual edits -----------------------------------------------
    def greedy_limits(self, inputs: PlanInputs) -> list[Limit]:
        """Limits the greedy baseline keeps besides ``inputs``' bounds."""
        return []

    def use_up(self, params: Params, state: ProvinceState, forced: list[Move]) -> None:
        """Take what ``forced`` moves (made by hand, first) use of this rule off ``params``."""

    # -- independent check (check.check_plan) -------------------------------------------
    def check_move(self, ctx: CheckContext, m: Moved) -> list[Violation]:
        """Rules broken by one plan row."""
        return []

    def check_plan(self, ctx: CheckContext) -> list[Violation]:
        """Rules broken by the plan as a whole (``ctx`` holds staff before and after)."""
        return []
