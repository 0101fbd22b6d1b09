"""Plan a province (or each province of a national scenario): optimum, greedy baseline,
explanation when infeasible, marginal values."""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from staffsim.i18n import N_, Listed, Said
from staffsim.model.state import Move, ProvinceState, provinces
from staffsim.model.workers import process_pool
from staffsim.optimize.binding import limits_in_use
from staffsim.optimize.cache import remember
from staffsim.optimize.check import PlanRow, check_plan, plan_rows
from staffsim.optimize.families import families
from staffsim.optimize.greedy import greedy_if_better, greedy_plan
from staffsim.optimize.marginals import (
    explain_infeasible,
    marginal_changes,
    marginal_value,
    marginal_values_highs,
)
from staffsim.optimize.plan import plan_outcome
from staffsim.optimize.problem import TransferProblem
from staffsim.optimize.solve import OK_STATUSES, optimize_plan


@dataclass
class ProvincePlan:
    code: str
    state: ProvinceState
    status: str
    moves: list[Move]
    outcome: dict
    solver: dict  # name, status, gap, stages, objective terms
    timings: dict[str, float]
    greedy_moves: list[Move] = field(default_factory=list)
    greedy_outcome: dict = field(default_factory=dict)
    explanation: list[str] = field(default_factory=list)
    marginals: list[dict] = field(default_factory=list)
    limits: list[dict] = field(default_factory=list)  # binding.limits_in_use of the plan
    # the independent checker's findings on the plan kept (None: not checked, no plan)
    rule_findings: list[str] | None = None
    arcs: int = 0
    pending: Future | None = None  # marginal values still being solved
    kept: Future | None = None  # the plan still being written to the plan cache
    found: bool = True  # a feasible plan was found (optimal or not)

    @property
    def proven_optimal(self) -> bool:
        """Optimal, or (CBC) stopped at the relative gap the scenario asks for
        (``optimizer.gap_rel``), which HiGHS calls optimal: CBC's 'GapLimit' at a gap of
        5e-10 was said 'not proven optimal, raise the time limit' (a trial)."""
        return proven_optimal(self.status, self.found, (self.solver or {}).get("gap_rel"),
                              self.state.params.optimizer.gap_rel)

    def quality(self) -> Said:
        """One line on how far the plan can be trusted (English; the command line says it in
        the user's language, ``results.finding_words.say``)."""
        if self.proven_optimal:
            return Said(N_("proven optimal"))
        return plan_quality(self.status, self.found, self.solver.get("gap_rel"),
                            self.solver.get("best_from", "solver"))

    def rows(self) -> list[PlanRow]:
        return plan_rows(self.state, self.moves)

    def finish(self) -> ProvincePlan:
        """Wait for marginal values solved in the background, if any, and for the plan's
        entry in the plan cache (the next command may ask for it)."""
        if self.pending is not None:
            self.marginals, self.timings["marginals_s"] = self.pending.result()
            self.pending = None
        if self.kept is not None:
            self.kept.result()
            self.kept = None
        return self


def proven_optimal(status: str, found: bool, gap_rel: float | None, wanted_gap: float
                   ) -> bool:
    """Optimal, or (CBC) stopped at the relative gap the scenario asks for."""
    if not found:
        return False
    return status == "Optimal" or (status == "GapLimit" and gap_rel is not None
                                   and gap_rel <= wanted_gap + 1e-12)


def plan_quality(status: str, found: bool, gap_rel: float | None,
                 best_from: str = "solver", command_flag: bool = True) -> Said:
    """How far a plan not proven optimal can be trusted: the greedy baseline kept as the best
    plan known (``greedy.greedy_if_better``), the solver's best with its gap, or no plan.
    ``command_flag``: the command has --time-limit (plan); whatif and explain have not (a
    trial was sent to an option they refuse), so the setting is named."""
    if not command_flag and found:
        return Said(N_("NOT proven optimal: the solver stopped ({status}) before it found a "
                       "plan better than the greedy baseline, which is shown as the best plan "
                       "known; a longer time limit (--set optimizer.time_limit_s=...) may "
                       "improve it") if best_from == "greedy" else
                    N_("NOT proven optimal: the solver stopped ({status}) with the best plan "
                       "found so far; a longer time limit (--set optimizer.time_limit_s=...) "
                       "may improve it"), status=status)
    if found and best_from == "greedy":
        return Said(N_("NOT proven optimal: the solver stopped ({status}) before it found "
                       "a plan better than the greedy baseline, which is shown as the best "
                       "plan known; a longer --time-limit may improve it"), status=status)
    if found and gap_rel is not None:
        return Said(N_("NOT proven optimal: the solver stopped ({status}) with the best "
                       "plan found so far, gap {gap}%; a longer --time-limit may improve "
                       "it"), status=status, gap=round(100 * gap_rel, 1))
    if found:
        return Said(N_("NOT proven optimal: the solver stopped ({status}) with the best "
                       "plan found so far, gap unknown; a longer --time-limit may improve "
                       "it"), status=status)
    return Said(N_("no plan: {status}"), status=status)


def no_plan_in_time(state: ProvinceState, command_flag: bool = True) -> list[str]:
    """What to do when the solver stopped before finding any feasible plan; ``command_flag``:
    the command has --time-limit (plan), else the setting is named (whatif, explain)."""
    p = state.params.optimizer
    tips = [Said(N_("raise the time limit (--time-limit, now {seconds} s)") if command_flag
                 else N_("raise the time limit (--set optimizer.time_limit_s=..., now "
                         "{seconds} s)"), seconds=float(p.time_limit_s))]
    for fam in families("levers"):
        tips += fam.no_plan_tips(state.params, state)
    # (in the user's language: the plan's lines say it, ``results.finding_words.say``)
    return [Said(N_("no feasible plan was found within the time limit; the problem is not "
                    "shown infeasible. Try: {tips}"), tips=Listed(tips))]


def _timed(fn, *args) -> tuple[list[dict], float]:
    t = time.perf_counter()
    return fn(*args), time.perf_counter() - t


def objective_terms(outcome: dict, solver_values: dict[str, float]) -> dict[str, float]:
    """The objective's terms recomputed from the plan itself. The solver's own values can
    differ: in lexicographic mode stage 2 leaves the unmet-need variables anywhere above
    their true level within the tolerance (``solver_values`` keeps them)."""
    return {"weighted_unmet": outcome["weighted_unmet_after"],
            "allowance_vnd_bn": outcome["allowance_vnd"] / 1e9, "moves": outcome["moves"],
            "km": outcome["km_total"],
            "elastic_penalty": solver_values.get("elastic_penalty", 0.0)}


def plan_province(code: str, state: ProvinceState, marginals: bool | None = None,
                  baseline: bool = True, background: bool = False,
                  threads: int = 2) -> ProvincePlan:
    """Everything ``staffsim plan`` reports for one province.

    ``background``: solve the marginal values in a thread while the caller writes the plan
    (HiGHS releases the GIL); ``ProvincePlan.finish`` waits for them. ``threads``: marginal
    values solved side by side (1 in worker processes, which already fill the cores).
    """
    p = state.params.optimizer
    marginals = p.marginals if marginals is None else marginals
    timings: dict[str, float] = {}
    # The weighted HiGHS solve keeps its model: marginal values are then bound changes on
    # copies of it; other set-ups re-solve from scratch.
    fast_marginals = marginals and p.solver == "highs" and p.objective.method == "weighted"
    greedy: list[Future] = []

    def beside(tp: TransferProblem) -> None:
        # the greedy baseline reads only the inputs: solved on the other core while HiGHS
        # solves the root LP (it releases the GIL), not after the optimum (0.2 s on Thanh Hóa)
        greedy.append(_BESIDE.submit(_greedy, state, tp.inputs))

    inputs, res, moves, tp = optimize_plan(
        state, superset=fast_marginals,
        before_solve=beside if baseline and background else None)
    # kept for whatif and explain on this state (superset arcs change nothing: the optimum is
    # unique); in the foreground beside the rest (naming the basis and writing the entry took
    # 0.03-0.05 s on Thanh Hóa)
    kept = _BESIDE.submit(remember, state, res, moves, tp) if background else None
    if kept is None:
        remember(state, res, moves, tp)
    timings["build_s"] = res.build_s
    timings["solve_s"] = res.solve_s
    outcome = plan_outcome(state, moves)
    solver = {"name": p.solver, "status": res.status, "gap_rel": res.gap_rel,
              "method": p.objective.method,
              "objective_terms": objective_terms(outcome, res.objective),
              "solver_values": res.objective, "stages": res.stages}
    plan = ProvincePlan(code, state, res.status, moves, outcome, solver, timings,
                        arcs=inputs.n_arcs)
    plan.found = res.has_solution
    plan.kept = kept
    if res.status != "Optimal" and res.status in OK_STATUSES:
        if greedy:
            plan.greedy_moves, plan.greedy_outcome, timings["greedy_s"] = greedy[0].result()
        _better_of_greedy(plan, inputs)
    plan.limits = limits_in_use(inputs, plan.moves)  # of the plan kept (maybe the greedy one)
    if plan.found:  # what the reports say of it is checked, not assumed (10 ms on Thanh Hóa)
        plan.rule_findings = [str(v) for v in check_plan(state, plan.rows())]
    if not plan.found:
        t = time.perf_counter()
        if res.status == "Infeasible":
            plan.explanation = explain_infeasible(state)
        elif res.status in OK_STATUSES:
            plan.explanation = no_plan_in_time(state)
        else:  # Undefined, Unbounded, NotSolved: the solver could not handle the problem
            plan.explanation = [Said(N_(
                "the solver ended with status {status} and no usable plan (numerical "
                "trouble: look for extreme weights, amounts or limits in the scenario)"),
                status=res.status)]
        timings["explain_s"] = time.perf_counter() - t
        return plan
    if marginals and fast_marginals:
        if background:
            plan.pending = _BACKGROUND.submit(_timed, marginal_values_highs, tp, plan.outcome,
                                              threads)
        else:
            plan.marginals, timings["marginals_s"] = _timed(marginal_values_highs, tp,
                                                            plan.outcome, threads)
    elif marginals:
        plan.marginals, timings["marginals_s"] = _timed(
            lambda: [marginal_value(state, plan.outcome, *ch) for ch in marginal_changes(state)])
    # the greedy baseline after the marginal values are started (they wait only for the
    # optimum; it reads the inputs and changes nothing they read)
    if baseline and not plan.greedy_outcome:  # (made already when the solver stopped early)
        plan.greedy_moves, plan.greedy_outcome, timings["greedy_s"] = (
            greedy[0].result() if greedy else _greedy(state, inputs))
    return plan


def _greedy(state: ProvinceState, inputs) -> tuple[list[Move], dict, float]:
    """The greedy baseline's moves and outcome, and the seconds they took."""
    t = time.perf_counter()
    moves = greedy_plan(inputs)
    return moves, plan_outcome(state, moves), time.perf_counter() - t


def _better_of_greedy(plan: ProvincePlan, inputs) -> None:
    """When the solver stopped at its time limit, the greedy plan, if it breaks no rule and
    leaves less weighted unmet need than what the solver found (or the solver found nothing),
    is the best plan known: a planner must never be shown a worse plan than the baseline
    printed beside it as the answer."""
    if not plan.greedy_outcome:  # (made beside the solve already, or now)
        plan.greedy_moves, plan.greedy_outcome, plan.timings["greedy_s"] = _greedy(
            plan.state, inputs)
    better = greedy_if_better(  # (the greedy moves are the baseline column too)
        plan.state, inputs, plan.found, plan.outcome["weighted_unmet_after"],
        (plan.greedy_moves, plan.greedy_outcome))
    if better is not None:
        plan.moves, plan.outcome = better
        plan.found = True
        plan.solver["best_from"] = "greedy"
        plan.solver["objective_terms"] = objective_terms(plan.outcome, {})
        plan.solver["gap_rel"] = None  # the solver's bound is not this plan's gap


_BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="marginals")
# the greedy baseline and the plan's cache entry, beside the solve and the writing
_BESIDE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="beside")


def _plan_one(args: tuple[str, ProvinceState, bool | None, bool]) -> ProvincePlan:
    code, state, marginals, baseline = args
    return plan_province(code, state, marginals, baseline, threads=1)


def plan_all(state: ProvinceState, workers: int | None = None, progress=None,
             marginals: bool | None = None, baseline: bool = True) -> list[ProvincePlan]:
    """One independent problem per province, in parallel processes where there are several."""
    parts = provinces(state)
    workers = workers or state.params.optimizer.workers
    if len(parts) == 1 or workers == 1:
        out = []
        for code, sub in parts:
            out.append(plan_province(code, sub, marginals, baseline,
                                     background=len(parts) == 1))
            if progress:
                progress(1)
        return out
    with process_pool(workers) as pool:
        # the largest provinces (most officials) first, so that none is left to run alone at
        # the end; the plans come back in the provinces' order
        order = sorted(range(len(parts)), key=lambda i: -len(parts[i][1].official_id))
        futures = {i: pool.submit(_plan_one, (*parts[i], marginals, baseline)) for i in order}
        if progress:
            for _ in as_completed(futures.values()):
                progress(1)
        return [futures[i].result() for i in range(len(parts))]
