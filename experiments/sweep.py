"""Run a sweep: every design point x replication as an independent seeded simulation.

Run ``point x replications + replication`` uses the scenario with the point's values applied
and replication seed ``SeedSequence(seed).spawn(replications)[replication]``: the same seed
for every point (common random numbers), whichever process or machine runs it. A point whose
transfers are planned once (``sweep.plan = "once"``) is planned by one task and its runs are
tasks of their own that are handed the plan, so each run comes back (and is saved) as soon as
it is done and no plan is solved twice.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import types
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import numpy as np

from staffsim.experiments.compare import (
    SHARED_KEYS,
    ArmSpec,
    check_policy_names,
    run_arm_replication,
    shared_key_problem,
)
from staffsim.experiments.design import Design, make_design
from staffsim.experiments.transfer_policies import plan_moves
from staffsim.i18n import N_, Said, gettext
from staffsim.model.policies import SolverPlan
from staffsim.model.replications import replication_seeds
from staffsim.model.roster import initial_roster
from staffsim.model.state import provinces, state_from_roster
from staffsim.results import sweep_folder as sf
from staffsim.results.scheme_words import budget_in_force as in_force
from staffsim.results.tables import csv_writer
from staffsim.scenarios import limits
from staffsim.scenarios.errors import InputErrors, ScenarioError, number_text, quote
from staffsim.scenarios.loader import (
    Scenario,
    load_scenario,
    override_params,
    province_params,
    read_toml,
    suggest_keys,
    validate_params,
)
from staffsim.scenarios.params import ALIASES, Params, SweepParams, field_info, leaf_field
from staffsim.scenarios.province import RosterTable

PROVINCES_KEY = "province.provinces"
# Transfer policies a sweep plans once per design point (sweep.plan = "once"): method names
ONCE_PLANNED = {"optimised_transfers": "optimised", "greedy_transfers": "greedy"}


@dataclass(frozen=True)
class SweepPlan:
    """What a sweep runs: the design, replications, horizon and policies."""

    scenario: Scenario
    design: Design
    replications: int
    months: int
    policies: tuple[str, ...]

    @property
    def n_runs(self) -> int:
        return self.design.n_points * self.replications


def _as_param(key: str, value: Any) -> Any:
    """A single value for a list-valued parameter (e.g. one province code) becomes a list."""
    info = field_info(key)
    if info is not None and isinstance(info[0], list) and not isinstance(value, list):
        return [value]
    return value


def restrict_provinces(scenario: Scenario, codes: list[str], source: str) -> Scenario:
    """The scenario reduced to the communes of ``codes`` (roster and distances follow)."""
    prov = np.array(scenario.communes.province)
    mask = np.isin(prov, [str(c) for c in codes])
    if not mask.any():
        raise ScenarioError(source, PROVINCES_KEY, f"no communes for {codes}; present: "
                            f"{', '.join(sorted(set(prov.tolist())))}")
    if mask.all():
        return scenario
    pool, pool_roster, pool_mask = scenario.pool, scenario.pool_roster, np.zeros(0, bool)
    if pool is not None:
        pool_mask = np.isin(np.array(pool.units.province), [str(c) for c in codes])
        pool = pool.subset(pool_mask)
        pool_roster = _subset_table(pool_roster, pool_mask)
    idx = np.flatnonzero(np.concatenate([mask, pool_mask]))
    roster = _subset_table(scenario.roster, mask)
    dist = None if scenario.distances is None else scenario.distances[np.ix_(idx, idx)]
    # a generated roster's target_total is the whole table's headcount: the provinces kept
    # take the officials they have in it (model.roster.generate_roster)
    table = scenario.table_communes or scenario.communes
    return dataclasses.replace(scenario, communes=scenario.communes.subset(mask),
                               roster=roster, distances=dist, pool=pool,
                               pool_roster=pool_roster, table_communes=table)


def _subset_table(roster: RosterTable | None, mask: np.ndarray) -> RosterTable | None:
    """A roster table's officials of the units in ``mask``, renumbered."""
    if roster is None:
        return None
    idx = np.flatnonzero(mask)
    remap = np.full(len(mask), -1, np.int32)
    remap[idx] = np.arange(len(idx))
    keep = mask[roster.commune]
    return dataclasses.replace(
        roster, official_id=[o for o, k in zip(roster.official_id, keep, strict=True) if k],
        commune=remap[roster.commune[keep]], specialty=roster.specialty[keep],
        birth_year=roster.birth_year[keep], birth_month=roster.birth_month[keep],
        leader=roster.leader[keep], protected=roster.protected[keep],
        female=roster.female[keep],
        full_name=[n for n, k in zip(roster.full_name, keep, strict=False) if k])


def point_scenario(scenario: Scenario, values: dict[str, Any], months: int,
                   source: str) -> Scenario:
    """The scenario as one design point sees it."""
    overrides = {k: _as_param(k, v) for k, v in values.items()}
    params = override_params(scenario.params, {**overrides, "simulation.months": months},
                             source)
    sc = dataclasses.replace(scenario, params=params)
    if PROVINCES_KEY in overrides:
        codes = [str(c) for c in overrides[PROVINCES_KEY]]
        if scenario.table_communes is not None and not set(codes) <= set(
                scenario.communes.province):
            # the factor sets province.provinces, which the scenario's own selection also
            # sets: the point's provinces come from the whole table (a national scenario
            # planned for one province still sweeps the country), read as that selection
            sc = dataclasses.replace(load_scenario(scenario.path, {
                **scenario.overrides, PROVINCES_KEY: codes}), params=params)
        else:
            sc = restrict_provinces(sc, codes, source)
    return sc


# Keys a sweep sets itself for every run (compare.SHARED_KEYS, shared with a comparison's
# arms), by where it takes them from: a factor on them would be overwritten (or, for
# sweep.*, change the sweep being run).
SET_BY_SWEEP = {"simulation.months": "sweep.months", "simulation.replications":
                "sweep.replications", "simulation.seed": "the root seed (--seed)",
                "simulation.workers": "--workers"}
assert set(SET_BY_SWEEP) == set(SHARED_KEYS)


def _check_factor_keys(sw: SweepParams, blame: _Blame) -> None:
    """Refuse factors the sweep would overwrite, and two factors on one parameter."""
    seen: dict[str, str] = {}
    for section, factors in (("sweep.levers", sw.levers), ("sweep.uncertainties",
                                                           sw.uncertainties)):
        for key in factors:
            full = ALIASES.get(key, key)
            where = f"{section}.{key}"
            why = shared_key_problem(full)
            if why == "shared":
                raise ScenarioError(blame(where), where, "the sweep sets this itself "
                                    f"from {SET_BY_SWEEP[full]}; vary that instead")
            if why:
                raise ScenarioError(blame(where), where, "is not an input of a run; "
                                    "levers and uncertainties vary scenario parameters")
            if full in seen:
                raise ScenarioError(blame(where), where, f"varies the same parameter as "
                                    f"{seen[full]}; declare it once")
            seen[full] = where


def _shown(value: Any) -> str:
    """A factor's value in a message as people write it: a number by ``number_text`` (15e9
    is 15,000,000,000, not 15000000000.0), anything else quoted."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(value)
    return quote(value)


def counted(n: int, one: str, many: str | None = None) -> str:
    """'1 replication', '2 replications', '1,000 runs' (English, for messages)."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def takes_whole_numbers(key: str) -> bool:
    """Is the scenario parameter ``key`` (dotted, or its short alias) a whole number?"""
    info = leaf_field(key)
    if info is None:
        return False
    kinds = {info.annotation}
    if isinstance(info.annotation, types.UnionType) or get_origin(info.annotation) is Union:
        kinds = set(get_args(info.annotation))  # int | None
    return int in kinds and float not in kinds


class _Blame:
    """Who gave what a sweep error names: the scenario file, or the command line when --set
    gave or changed it (or made a value of the file's refused)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.path = str(scenario.path)
        self._own: list[Params | None] = []

    @property
    def own(self) -> Params | None:
        """The parameters of the scenario file alone (None: the file alone is not valid)."""
        if not self._own:
            try:
                self._own.append(validate_params(read_toml(self.scenario.path),
                                                 self.scenario.path))
            except ScenarioError:
                self._own.append(None)
        return self._own[0]

    def __call__(self, where: str, value: Any = None, months: int = 0) -> str:
        if not self.scenario.overrides:
            return self.path
        own = self.own
        if own is None:
            return "command line"
        sw, now = own.sweep, self.scenario.params.sweep
        for section in ("levers", "uncertainties"):
            key = where.removeprefix(f"sweep.{section}.")
            if key != where:  # one factor
                if getattr(sw, section).get(key) != getattr(now, section).get(key):
                    return "command line"
                if value is not None:  # the file's own value: does the file refuse it?
                    try:
                        point_scenario(dataclasses.replace(self.scenario, params=own),
                                       {key: value}, months, self.path)
                        return "command line"
                    except ScenarioError:
                        pass
                return self.path
        return self.path if sw == now else "command line"


def _blamed(e: ScenarioError, blame: _Blame) -> ScenarioError:
    """``e`` blamed on whoever gave what it names (``_Blame``); a limit's environment
    variable set to no number (``limits.Limit.value``) stays named as itself."""
    if e.file.startswith("environment variable "):
        return e
    return ScenarioError(blame(e.where), e.where, e.message)


def point_communes(scenario: Scenario, design: Design) -> list[int]:
    """The communes each design point simulates: the scenario's, or, when a factor sets
    ``province.provinces``, those of the point's provinces (``point_scenario``)."""
    every = len(scenario.communes)
    at = [i for i, f in enumerate(design.categorical) if f.key == PROVINCES_KEY]
    if not at:
        return [every] * design.n_points
    table = scenario.table_communes or scenario.communes
    prov = np.array(table.province)
    by_category = []
    for cat in design.categories:
        codes = [str(c) for c in _as_param(PROVINCES_KEY, cat[at[0]])]
        by_category.append(int(np.isin(prov, codes).sum()) or every)
    # numeric rows outer, categories inner (``Design.point``)
    return by_category * len(design.x)


def plan_sweep(scenario: Scenario) -> SweepPlan:
    """Design the sweep of a scenario and check every factor's key and extremes up front, so
    a bad factor fails before any run starts. An error names the scenario file, or the
    command line when --set gave what it names."""
    sw = scenario.params.sweep
    blame = _Blame(scenario)
    try:
        check_policy_names(sw.policies, str(scenario.path), "sweep.policies")
    except ScenarioError as e:
        raise _blamed(e, blame) from None
    once = [p for p in sw.policies if p in ONCE_PLANNED]
    if sw.plan == "once" and len(once) > 1:
        raise ScenarioError(blame("sweep.policies"), "sweep.policies", f"{' and '.join(once)} "
                            "would both plan at the start; keep one (or set sweep.plan = "
                            "\"per_run\")")
    _check_factor_keys(sw, blame)
    try:
        design = make_design(sw, scenario.params.simulation.seed, str(scenario.path))
    except ScenarioError as e:
        raise _blamed(e, blame) from None
    # deferred (the analysis imports SALib's users): a discovery outcome or threshold that
    # analyze would refuse once every run was done is refused before any starts
    from staffsim.experiments.sensitivity import check_discovery

    try:
        check_discovery(scenario.params, str(scenario.path))
    except ScenarioError as e:
        raise _blamed(e, blame) from None
    runs = design.n_points * sw.replications
    limits.SWEEP_RUNS.check(runs, blame("sweep"), "sweep", f"{counted(design.n_points, 'point')}"
                            f" × {counted(sw.replications, 'replication')}")
    limits.SIM_MONTHS.check(runs * sw.months, blame("sweep"), "sweep",
                            f"{counted(runs, 'run')} × {counted(sw.months, 'month')}")
    # and the communes each month simulates (a point's provinces, when a factor selects them)
    per_point = point_communes(scenario, design)
    same = len(set(per_point)) == 1
    limits.STUDY_SERIES.check(sw.replications * sw.months * sum(per_point), blame("sweep"),
                              "sweep", f"{design.n_points:,} points × {sw.replications:,} "
                              f"replications × {sw.months:,} months × {per_point[0]:,} communes"
                              if same else f"{sw.replications:,} replications × "
                              f"{sw.months:,} months × {sum(per_point):,} communes of the "
                              f"{design.n_points:,} points")
    for f in design.factors:
        where = f"{f.section}.{f.key}"
        if field_info(f.key) is None:
            close = suggest_keys(f.key)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise ScenarioError(blame(where), where, f"not a scenario parameter{hint} "
                                "(staffsim schema lists them)")
        if f.numeric and not f.spec.integer and takes_whole_numbers(f.key):
            # the design samples decimals in the range (66.69...), which the run refuses
            raise ScenarioError(blame(where), where, "the parameter takes whole numbers; add "
                                "integer = true to the factor to sample whole numbers from "
                                "its range")
        if not f.numeric:  # a value listed twice runs the same points again
            values = list(f.spec.values)
            again = [v for i, v in enumerate(values) if v in values[:i]]
            if again:
                raise ScenarioError(blame(where), where, f"repeats the value "
                                    f"{_shown(again[0])}; give each value once (a repeated "
                                    "value runs the same points again)")
        for v in map(f.cast, f.spec.range if f.numeric else f.spec.values):
            try:
                point_scenario(scenario, {f.key: v}, sw.months, str(scenario.path))
            except ScenarioError as e:
                raise ScenarioError(blame(where, v, sw.months), where,
                                    f"value {_shown(v)} is not allowed: {e.message}") from None
    return SweepPlan(scenario, design, sw.replications, sw.months, tuple(sw.policies))


@dataclass(frozen=True)
class PointPlan:
    """A design point's plan made once: its moves as (official id, commune index, specialty
    index) for ``FixedPlan``, and what the solver said of each province's plan (``plans``;
    none for the greedy rule), which each run that carries it out records."""

    moves: list[tuple[str, int, int]]
    plans: tuple[SolverPlan, ...] = ()


def plan_once(sc: Scenario, method: str) -> PointPlan:
    """Transfers planned on the starting state (each province on its own); cached per state
    within a process."""
    state = state_from_roster(sc, initial_roster(sc), month=1)
    index = {cid: i for i, cid in enumerate(sc.communes.ids)}
    moves, plans = [], []
    for _, sub in provinces(state):
        part = plan_moves(method, sub)
        moves += [(sub.official_id[m.row], index[sub.communes.ids[m.to]], m.spec_to)
                  for m in part]
        plans += getattr(part, "plans", [])
    return PointPlan(moves, tuple(plans))


def plans_once(plan: SweepPlan) -> bool:
    """Are transfers planned once per design point (and handed to its runs)?"""
    return plan.scenario.params.sweep.plan == "once" and any(p in ONCE_PLANNED
                                                             for p in plan.policies)


def point_plan(plan: SweepPlan, point: int) -> PointPlan | None:
    """The transfers a design point's runs carry out at the end of month 0 when they are
    planned once per point (``plans_once``), made on its starting state; else None."""
    if not plans_once(plan):
        return None
    sc = point_scenario(plan.scenario, plan.design.point(point), plan.months,
                        point_source(point))
    return plan_once(sc, ONCE_PLANNED[next(p for p in plan.policies if p in ONCE_PLANNED)])


_PLAN = object()  # run_chunk's default: the point's plan is made where the runs are

POINT_SOURCE = N_("sweep point {n}")  # what an error at a design point names as its source


def point_source(point: int) -> str:
    """The source an error at design point ``point`` names: in English, as workers (whose
    language is not the command's) raise it; ``in_language`` says it in the command's."""
    return POINT_SOURCE.format(n=point)


def in_language(e: ScenarioError) -> ScenarioError:
    """An error at a design point (``point_source``) naming its point in the current
    language ('điểm thiết kế 2'); any other error as it is."""
    if isinstance(e, InputErrors):  # several problems at a point: each in the language
        return InputErrors([in_language(p) for p in e.problems])
    m = re.fullmatch(POINT_SOURCE.replace("{n}", r"(\d+)"), e.file)
    if m is None or type(e) is not ScenarioError:
        return e
    return ScenarioError(gettext(POINT_SOURCE).format(n=m[1]), e.where, e.message)


def run_chunk(plan: SweepPlan, point: int, replications: list[int],
              fixed: Any = _PLAN) -> list[dict[str, Any]]:
    """Some replications of one design point: one flat record per run. ``fixed``: the
    point's once-made plan (``point_plan``), made here if not given."""
    values = plan.design.point(point)
    sc = point_scenario(plan.scenario, values, plan.months, point_source(point))
    if fixed is _PLAN:
        fixed = point_plan(plan, point)
    policies = list(plan.policies)
    if plans_once(plan):
        # one plan per design point, made on the starting state and carried out at the end
        # of month 0 in every replication (officials who left in month 0 are skipped)
        policies = [p for p in policies if p not in ONCE_PLANNED]
    spec = ArmSpec(f"point{point}", f"point {point}", policies, sc,
                   fixed_moves=None if fixed is None else fixed.moves,
                   fixed_plans=() if fixed is None else fixed.plans)
    seeds = replication_seeds(plan.scenario.params.simulation.seed, plan.replications)
    # a point's provinces by name beside their codes, as design.csv has them: points.csv
    # takes its inputs from the runs' records (and ``staffsim verify`` checks it against them)
    named = ({PROVINCE_NAME: province_words(plan.scenario, _as_param(
        PROVINCES_KEY, values[PROVINCES_KEY]))} if PROVINCES_KEY in values else {})
    records = []
    for r in replications:
        res = run_arm_replication(spec, r, seeds[r])
        # last, the optimiser's plans the run carried out (``solver_plans.PLAN_COLUMNS``)
        records.append({"run": point * plan.replications + r, "point": point,
                        "replication": r, **{f"in:{k}": v for k, v in values.items()},
                        **named, **budget_in_force(sc, values),
                        **res["metrics"], **res["pooled"], **res["solver"]})
    return records


PROVINCE_NAME = "in:province_name"  # (points.csv: province_name, as in design.csv)
BUDGET = "optimizer.constraints.budget.vnd"
BUDGET_IN_FORCE = "in:budget_in_force_vnd"  # (points.csv: budget_in_force_vnd)


def budget_in_force(sc: Scenario, values: dict[str, Any]) -> dict[str, float]:
    """A design point's budget in force, when a factor sets the budget and a province's is
    scaled (budget.scale: Lạng Sơn has 57 / 77 of the value set), summed over the point's
    provinces: its record's ``in:budget_in_force_vnd`` beside the value set; none else."""
    if not any(ALIASES.get(k, k) == BUDGET for k in values):
        return {}
    total, scaled = 0.0, False
    for code in sorted(set(sc.communes.province)):
        vnd, how = in_force(province_params(sc.params, code), sc.communes, code)
        total += vnd
        scaled |= how is not None
    return {BUDGET_IN_FORCE: total} if scaled else {}


def budget_note(plan: SweepPlan) -> Said | None:
    """What a factor's budget values are when a province's budget is scaled (budget.scale):
    the figure set, not the budget the plans have; None else."""
    sc = plan.scenario
    key = next((f.key for f in plan.design.factors if ALIASES.get(f.key, f.key) == BUDGET),
               None)
    rules = [province_params(sc.params, code).optimizer.constraints.budget
             for code in sorted(set(sc.communes.province))]
    scaled = [b for b in rules if b.scale != "none"]
    if key is None or not scaled:
        return None
    return Said(N_("the values of {key} are the budget as set for {reference} mountain and "
                   "high-mountain communes; a province's plan has the value × its own "
                   "mountain and high-mountain communes / {reference} (the budget in force: "
                   "points.csv, column budget_in_force_vnd)"), key=key,
                reference=float(scaled[0].reference_communes))


def by_point(plan: SweepPlan, missing: Iterable[int]) -> dict[int, list[int]]:
    """The replications to run of each design point, for ``missing`` run ids."""
    out: dict[int, list[int]] = {}
    for run in sorted(missing):
        out.setdefault(run // plan.replications, []).append(run % plan.replications)
    return out


def run_sweep(plan: SweepPlan, missing: Iterable[int], executor: Executor | None,
              workers: int = 1) -> Iterator[dict[str, Any]]:
    """Yield the records of the ``missing`` runs as they finish (any order), each run as soon
    as it is done: a stopped sweep keeps every run finished before it stopped. A point whose
    transfers are planned once is planned by its own task first; its runs then go before any
    further point's plan. At most ``2 x workers`` tasks are handed out at a time, at most
    ``workers`` of them plans."""
    todo = by_point(plan, missing)
    if executor is None:
        for point, reps in todo.items():
            fixed = point_plan(plan, point)
            for r in reps:
                yield from run_chunk(plan, point, [r], fixed)
        return
    points = deque(todo.items())
    runs: deque[tuple[int, int, Any]] = deque()  # (point, replication, plan) ready to run
    busy: dict[Future, tuple[int, list[int]] | None] = {}  # a plan task: its point and runs
    try:
        while points or runs or busy:
            while len(busy) < 2 * max(1, workers):
                if runs:
                    point, r, fixed = runs.popleft()
                    busy[executor.submit(run_chunk, plan, point, [r], fixed)] = None
                elif points and not plans_once(plan):
                    point, reps = points.popleft()
                    runs.extend((point, r, None) for r in reps)
                elif points and sum(t is not None for t in busy.values()) < max(1, workers):
                    # plans no further ahead than the workers: a point's runs start (and are
                    # saved) as soon as its plan is made, not after the next points' plans
                    point, reps = points.popleft()
                    busy[executor.submit(point_plan, plan, point)] = (point, reps)
                else:
                    break
            finished, _ = wait(busy, return_when=FIRST_COMPLETED)
            for f in finished:
                task = busy.pop(f)
                if task is None:
                    yield from f.result()
                else:
                    fixed = f.result()
                    runs.extend((task[0], r, fixed) for r in task[1])
    finally:
        for f in busy:
            f.cancel()


def sweep_spec(plan: SweepPlan) -> dict[str, Any]:
    """Everything that decides a sweep's results (a resumed sweep must match it exactly)."""
    sc = plan.scenario
    d = plan.design
    return {
        "scenario_file": str(sc.path.resolve()), "overrides": sc.overrides,
        "input_sha256": sc.input_hashes, "seed": sc.params.simulation.seed,
        "design": d.method, "samples": sc.params.sweep.samples,
        "factors": [{"key": f.key, "role": f.role, "label": f.label, "range": f.spec.range,
                     "values": f.spec.values, "integer": f.spec.integer} for f in d.factors],
        "points": d.n_points, "replications": plan.replications, "runs": plan.n_runs,
        "months": plan.months, "policies": list(plan.policies),
        "params": json.loads(sc.params.model_dump_json()),
    }


def design_csv(plan: SweepPlan) -> str:
    """Input values per design point, numbers in full (``tables.exact``: the same text
    as results.parquet's values and points.csv, so the tables join by value)."""
    keys = [f.key for f in plan.design.factors]
    # a sweep over provinces names them beside their codes, last ('01' read as nothing to
    # a researcher: a researcher's trial of the national sweep)
    named = PROVINCES_KEY in keys
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(["point", *keys, *(["province_name"] * named)])
    for i in range(plan.design.n_points):
        p = plan.design.point(i)
        w.writerow([i, *(json.dumps(p[k]) if isinstance(p[k], list) else sf.exact(p[k])
                         for k in keys),
                    *([province_words(plan.scenario, _as_param(PROVINCES_KEY,
                                                               p[PROVINCES_KEY]))]
                      if named else [])])
    return buf.getvalue()


def province_words(scenario: Scenario, codes: list) -> str:
    """The provinces of ``codes`` by name ('Thanh Hóa'; '; ' between several), as the
    communes table names them, else by the official name of the code; the code itself when
    neither does."""
    from staffsim.scenarios.names import bare_province, province_names

    table = scenario.table_communes or scenario.communes
    written = table.extra.get("province") or []
    by_code: dict[str, str] = {}
    for i, code in enumerate(table.province):
        if code not in by_code and i < len(written) and str(written[i]).strip():
            by_code[code] = bare_province(str(written[i]))
    official = province_names()
    return "; ".join(by_code.get(str(c)) or bare_province(official.get(str(c), "")) or str(c)
                     for c in codes)


def open_sweep_folder(plan: SweepPlan, final: Path, resume: bool, force: bool) -> set[int]:
    """Create the sweep folder (or reopen it to resume); the runs already done."""
    if resume and final.exists():
        return sf.open_for_resume(final, sweep_spec(plan), plan.n_runs)
    sf.create(final, sweep_spec(plan), design_csv(plan), plan.scenario, force=force)
    return set()
