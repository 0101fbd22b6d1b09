"""The trade-off of unmet need against one numeric lever, each point solved to optimality
(within the solver's time limit: a point may have no plan, or one not proven optimal)."""

from __future__ import annotations

import dataclasses

import numpy as np

from staffsim.model.roster import initial_roster
from staffsim.model.state import Move, ProvinceState, single_province, state_from_roster
from staffsim.model.workers import process_pool
from staffsim.optimize.binding import binding_rules
from staffsim.optimize.cache import NOT_IN_KEY, optimum, remember_point
from staffsim.optimize.families.budget import budget_vnd
from staffsim.optimize.plan import plan_outcome
from staffsim.optimize.sequence import row_lever, solve_row_lever
from staffsim.optimize.sets import build_inputs
from staffsim.scenarios.errors import ScenarioError, quote
from staffsim.scenarios.loader import Scenario, override_params, parse_value, suggest_keys
from staffsim.scenarios.params import ALIASES, field_info, range_problem


def parse_range(text: str) -> np.ndarray:
    """``start:stop:count`` (count points, both ends included): distinct ends for two or
    more points, equal ends for one (a range that would repeat a value or drop STOP is
    refused, not solved: ``params.range_problem``)."""
    said = range_problem(text)
    if said:
        raise ScenarioError("command line", "--range", said)
    start, stop, count = text.split(":")
    return np.linspace(float(start), float(stop), int(count))


def _default(key: str) -> object:
    """A key's default (a short name's, its full key's), None if it is no parameter."""
    info = field_info(ALIASES.get(key, key))
    return None if info is None else info[0]


def _other_value(key: str, default: bool) -> str:
    """The what-if that compares a switch's two values (a frontier cannot step through
    them)."""
    return f"staffsim whatif --set {key}={str(not default).lower()}"


def known_lever(key: str) -> tuple:
    """The lever's ``field_info``, or the error that it is no parameter, with the numeric
    keys it may mean (a name typed for a key, 'ngân sách', gets the key; a rule's switch,
    which a frontier cannot step through, is not suggested: a trial was sent to
    optimizer.constraints.cover_essential.enabled, then told it is not numeric)."""
    info = field_info(key)
    if info is None:
        meant = {k: _default(k) for k in suggest_keys(key, n=12)}
        close = [k for k, d in meant.items()
                 if isinstance(d, int | float) and not isinstance(d, bool)][:3]
        switch = next((k for k, d in meant.items() if isinstance(d, bool)), None)
        hint = ""
        if close:
            hint = f"; did you mean {' or '.join(close)}?"
        elif switch:
            hint = (f"; it names the switch {switch}, which a frontier cannot step through: "
                    f"compare its two values with {_other_value(switch, meant[switch])}")
        raise ScenarioError("command line", "--lever", f"{quote(key)} is not a parameter{hint}")
    return info


def lever_values(key: str, values: np.ndarray, span: str = "",
                 generated_roster: bool = True) -> list[float | int]:
    """The values cast to the lever's type; a clear error if the key is not numeric, does
    not change the plan (``generated_roster``: whether the officials are generated from the
    root seed, which then changes them), or is a whole number the range does not step
    through in whole numbers, one value each."""
    default = known_lever(key)[0]
    if isinstance(default, bool):  # a switch: its two values are a what-if's question
        raise ScenarioError("command line", "--lever", f"{key} is a switch (true or false, "
                            f"default {str(default).lower()}), not a number; a frontier "
                            f"needs a numeric lever: compare the two with "
                            f"{_other_value(key, default)}")
    if not isinstance(default, int | float):
        raise ScenarioError("command line", "--lever", f"{key} is not numeric (default "
                            f"{quote(default)}); a frontier needs a numeric lever")
    if not changes_the_plan(ALIASES.get(key, key), generated_roster):
        raise ScenarioError("command line", "--lever", f"{key} does not change the plan (it "
                            "is made at the start, from the communes, the officials and the "
                            "optimiser's rules): every point would be the same plan; choose "
                            "a lever the plan depends on, e.g. optimizer.budget_vnd")
    if not isinstance(default, int):
        return list(map(float, values))
    whole = np.round(values)
    odd = values[(np.abs(values - whole) > 1e-9 * np.maximum(1.0, np.abs(values)))
                 | (np.diff(whole, prepend=np.nan) == 0)]  # (or rounds onto its neighbour)
    if odd.size:
        point = np.format_float_positional(float(odd[0]), trim="-")  # (never 1e-12)
        raise ScenarioError("command line", "--range", f"{key} is a whole number but "
                            f"{quote(span)} has the point {point}; choose ends and "
                            "a count that step in whole numbers (STOP - START a multiple of "
                            "COUNT - 1)")
    return [int(v) for v in whole]


def changes_the_plan(key: str, generated_roster: bool = True) -> bool:
    """Whether a setting can change the plan made at the start: not one of the sections and
    optimiser settings the plan cache leaves out of its key (``cache.NOT_IN_KEY``: the
    simulation's, the output's, how the solver runs), except the root seed when the
    officials are generated from it (``generated_roster``: no table of officials)."""
    section, _, name = key.partition(".")
    if key == "simulation.seed":
        return generated_roster
    fields = NOT_IN_KEY.get(section, ())
    return not (fields is None or name in fields)


def read_range(lever: str, span: str) -> str:
    """``START:STOP:COUNT`` with START and STOP read as ``--set`` reads the lever's value
    ('0:60 tỷ:7', '0:60.000.000.000:4' are 0:60000000000.0:7 and :4): a planner who set
    the budget with --set "optimizer.budget_vnd=36 tỷ" had '0:60 tỷ:7' refused (an HR
    trial, F13). An end that is no number of the lever stays as typed, for
    ``range_problem`` to refuse."""
    parts = span.split(":")
    if len(parts) != 3:
        return span
    ends = []
    for text in parts[:2]:
        try:
            float(text)
            ends.append(text)
            continue
        except ValueError:
            pass
        try:
            value = parse_value(text, lever)
        except ScenarioError:
            value = None
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        ends.append(repr(float(value)) if ok else text)
    return ":".join([*ends, parts[2]])


def frontier_values(scenario: Scenario, lever: str, span: str) -> list[float | int]:
    """The lever's values for ``START:STOP:COUNT`` (its ends as --set reads the lever's
    values: ``read_range``), with both extremes checked against the parameter's allowed
    range and the scenario checked to hold one province, before anything is solved. The
    lever first: a range read for a key that is no parameter was refused as a bad range
    ('30 tỷ:45 tỷ:3' for --lever 'ngân sách'), hiding the key meant."""
    known_lever(lever)
    values = lever_values(lever, parse_range(read_range(lever, span)), span,
                          scenario.roster is None)
    typed = [t.strip() for t in span.split(":")]
    # named by what was typed ('--range -5e9 (optimizer.budget_vnd)'): the float's repr
    # ('=-5000000000.0', a trial) is in no form the user wrote
    for v, text in ((values[0], typed[0]), (values[-1], typed[min(1, len(typed) - 1)])):
        override_params(scenario.params, {lever: v}, f"--range {text} ({lever})")
    single_province(state_from_roster(scenario, initial_roster(scenario)), str(scenario.path))
    return values


def frontier_point(scenario: Scenario, key: str, value: float | int) -> dict:
    params = override_params(scenario.params, {key: value}, f"--lever {key}={value}")
    sc = dataclasses.replace(scenario, params=params)
    state = state_from_roster(sc, initial_roster(sc))
    opt = optimum(state)  # from the cache if this point was solved before
    # (a plan from the cache was not built or solved here: no times, said by ``cached``)
    return point(value, opt.status, opt.found, opt.gap_rel, plan_outcome(state, opt.moves),
                 None if opt.cached else opt.build_s, None if opt.cached else opt.solve_s,
                 binding(state, opt.moves, opt.found), cached=opt.cached,
                 in_force=budget_in_force(state, key))


BUDGET = "optimizer.constraints.budget.vnd"


def budget_in_force(state: ProvinceState, key: str) -> float | None:
    """The budget the point's plan has when the lever is a budget scaled for the province
    (budget.scale: a Lạng Sơn row of VND 4 bn set had 2.96 in force), else None."""
    if ALIASES.get(key, key) != BUDGET or state.params.optimizer.constraints.budget.scale \
            == "none":
        return None
    return budget_vnd(state)


def binding(state: ProvinceState, moves: list[Move], found: bool) -> list[str]:
    """The limits that stop a point's plan from moving one more official
    (``binding.binding_rules``: the budget, the move limit, the donors' surplus, the
    recipients' caps, the deadline); none for a point without a plan."""
    return binding_rules(build_inputs(state), moves) if found else []


# a point's plan measures (``point``): None at a point without a plan
MEASURES = ("weighted_unmet", "unmet_fte", "essential_missing", "communes_lacking_essential",
            "moves", "allowance_vnd", "km_total")


def point(value: float | int, status: str, found: bool, gap_rel: float | None, out: dict,
          build_s: float | None, solve_s: float | None, limits: list[str] | None = None,
          cached: bool = False, in_force: float | None = None) -> dict:
    """One frontier point: the declared plan measures after the plan (``PLAN_MEASURES``,
    as plan and whatif count them), how it was solved, and the limits that bind in its plan
    (``binding``; ``results.frontier_folder.mark_capped`` reads them).

    A point whose solve found no plan (the time limit reached first) has no measures (None):
    ``plan_outcome`` of no moves is the province before any transfer, and a Lạng Sơn budget
    frontier drew those figures (538 FTE, 0 transfers at VND 2 and 6 bn, between 166 and 169
    transfers at their neighbours) as if 2 and 6 bn bought nothing (a planner's trial).
    ``proven``: the plan is proven optimal (a plan found when the time limit stopped the
    search is the best found, within ``gap_rel`` of the optimum). ``cached``: the plan was
    read from the plan cache (``optimize.cache``), not solved here: its times are None, not
    0 s. ``in_force``: the budget in force at a value of a scaled budget
    (``budget_in_force_vnd``; the value is the figure set)."""
    measures = ({k: out[f"{k}_after"] if f"{k}_after" in out else out[k] for k in MEASURES}
                if found else dict.fromkeys(MEASURES))
    return {"value": value, **({} if in_force is None else {"budget_in_force_vnd": in_force}),
            "status": status, "plan_found": found,
            "proven": bool(found and status == "Optimal"), "gap_rel": gap_rel,
            "binding": list(limits or []) if found else [], **measures,
            "build_s": build_s, "solve_s": solve_s, "cached": cached}


def _point(args: tuple[Scenario, str, float | int]) -> dict:
    return frontier_point(*args)


def _row_points(scenario: Scenario, key: str, values: list[float | int],
                threads: int = 1) -> list[dict]:
    """All points on one model whose row bound the lever is (``optimize.sequence``; copies of
    it in ``threads`` threads)."""
    state = state_from_roster(scenario, initial_roster(scenario))
    out = []
    for pt in solve_row_lever(state, key, values, threads):
        remember_point(pt)  # a later whatif at this value finds it in the cache
        out.append(point(pt.value, pt.status, pt.found, pt.gap_rel,
                         plan_outcome(pt.state, pt.moves), pt.build_s, pt.solve_s,
                         binding_rules(pt.inputs, pt.moves) if pt.found else [],
                         in_force=budget_in_force(pt.state, key)))
    return out


def frontier(scenario: Scenario, key: str, values: list[float | int],
             workers: int = 1, one_model: bool = True) -> list[dict]:
    """One optimal plan per lever value (in order, whatever the number of processes).

    A lever that is a row bound (budget, move limit) is moved on one model solved again from
    its last basis (``one_model``; the same plans as solving each value from scratch, which
    ``one_model=False`` does), on ``workers`` copies of the model in threads; others build
    each point's model in its own process."""
    key = ALIASES.get(key, key)
    if one_model and row_lever(scenario.params, key):
        return _row_points(scenario, key, values, workers)
    jobs = [(scenario, key, v) for v in values]
    if workers <= 1 or len(jobs) == 1:
        return [_point(j) for j in jobs]
    with process_pool(workers) as pool:
        return list(pool.map(_point, jobs))
