"""Run a sweep: every design point x replication as an independent seeded simulation.

Run ``point x replications + replication`` uses the scenario with the point's values applied
and replication seed ``SeedSequence(seed).spawn(replications)[replication]``: the same seed
for every point (common random numbers), whichever process or machine runs it. Tasks are
chunks of one point's replications, so a worker's month-0 plan cache serves the whole chunk.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from staffsim.experiments.compare import ArmSpec, check_policy_names, run_arm_replication
from staffsim.experiments.design import Design, make_design
from staffsim.experiments.transfer_policies import plan_moves
from staffsim.model.replications import replication_seeds
from staffsim.model.roster import initial_roster
from staffsim.model.state import provinces, state_from_roster
from staffsim.results import sweep_folder as sf
from staffsim.results.tables import csv_writer
from staffsim.scenarios import limits
from staffsim.scenarios.errors import ScenarioError, number_text, quote
from staffsim.scenarios.loader import Scenario, load_scenario, override_params, suggest_keys
from staffsim.scenarios.params import field_info
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


# Keys a sweep sets itself for every run: a factor on them would be overwritten (or, for
# sweep.*, change the sweep being run).
SET_BY_SWEEP = {"simulation.months": "sweep.months", "simulation.replications":
                "sweep.replications", "simulation.seed": "the root seed (--seed)",
                "simulation.workers": "--workers"}


def _check_factor_keys(sw: Any, src: str) -> None:
    """Refuse factors the sweep would overwrite, and two factors on one parameter."""
    from staffsim.scenarios.params import ALIASES

    seen: dict[str, str] = {}
    for section, factors in (("sweep.levers", sw.levers), ("sweep.uncertainties",
                                                           sw.uncertainties)):
        for key in factors:
            full = ALIASES.get(key, key)
            if full in SET_BY_SWEEP:
                raise ScenarioError(src, f"{section}.{key}", "the sweep sets this itself "
                                    f"from {SET_BY_SWEEP[full]}; vary that instead")
            if full.split(".")[0] in ("sweep", "compare", "output"):
                raise ScenarioError(src, f"{section}.{key}", "is not an input of a run; "
                                    "levers and uncertainties vary scenario parameters")
            if full in seen:
                raise ScenarioError(src, f"{section}.{key}", f"varies the same parameter as "
                                    f"{seen[full]}; declare it once")
            seen[full] = f"{section}.{key}"


def _shown(value: Any) -> str:
    """A factor's value in a message as people write it: a number by ``number_text`` (15e9
    is 15,000,000,000, not 15000000000.0), anything else quoted."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(value)
    return quote(value)


def plan_sweep(scenario: Scenario) -> SweepPlan:
    """Design the sweep of a scenario and check every factor's key and extremes up front, so
    a bad factor fails before any run starts."""
    sw = scenario.params.sweep
    src = str(scenario.path)
    check_policy_names(sw.policies, src, "sweep.policies")
    once = [p for p in sw.policies if p in ONCE_PLANNED]
    if sw.plan == "once" and len(once) > 1:
        raise ScenarioError(src, "sweep.policies", f"{' and '.join(once)} would both plan at "
                            "the start; keep one (or set sweep.plan = \"per_run\")")
    _check_factor_keys(sw, src)
    design = make_design(sw, scenario.params.simulation.seed, src)
    runs = design.n_points * sw.replications
    limits.SWEEP_RUNS.check(runs, src, "sweep", f"{design.n_points:,} points x "
                            f"{sw.replications:,} replications")
    limits.SIM_MONTHS.check(runs * sw.months, src, "sweep", f"{runs:,} runs x {sw.months} months")
    for f in design.factors:
        where = f.section
        if field_info(f.key) is None:
            close = suggest_keys(f.key)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise ScenarioError(src, f"{where}.{f.key}", f"not a scenario parameter{hint} "
                                "(staffsim schema lists them)")
        for v in map(f.cast, f.spec.range if f.numeric else f.spec.values):
            try:
                point_scenario(scenario, {f.key: v}, sw.months, src)
            except ScenarioError as e:
                raise ScenarioError(src, f"{where}.{f.key}",
                                    f"value {_shown(v)} is not allowed: {e.message}") from None
    return SweepPlan(scenario, design, sw.replications, sw.months, tuple(sw.policies))


def plan_once(sc: Scenario, method: str) -> list[tuple[str, int, int]]:
    """Transfers planned on the starting state (each province on its own), as (official id,
    commune index, specialty index) for ``FixedPlan``; cached per state within a process."""
    state = state_from_roster(sc, initial_roster(sc), month=1)
    index = {cid: i for i, cid in enumerate(sc.communes.ids)}
    out = []
    for _, sub in provinces(state):
        out += [(sub.official_id[m.row], index[sub.communes.ids[m.to]], m.spec_to)
                for m in plan_moves(method, sub)]
    return out


def run_chunk(plan: SweepPlan, point: int, replications: list[int]) -> list[dict[str, Any]]:
    """Some replications of one design point: one flat record per run."""

    values = plan.design.point(point)
    sc = point_scenario(plan.scenario, values, plan.months, f"sweep point {point}")
    policies, fixed = list(plan.policies), None
    once = [p for p in policies if p in ONCE_PLANNED]
    if sc.params.sweep.plan == "once" and once:
        # one plan per design point, made on the starting state and carried out at the end
        # of month 0 in every replication (officials who left in month 0 are skipped)
        fixed = plan_once(sc, ONCE_PLANNED[once[0]])
        policies = [p for p in policies if p not in ONCE_PLANNED]
    spec = ArmSpec(f"point{point}", f"point {point}", policies, sc, fixed_moves=fixed)
    seeds = replication_seeds(plan.scenario.params.simulation.seed, plan.replications)
    records = []
    for r in replications:
        res = run_arm_replication(spec, r, seeds[r])
        records.append({"run": point * plan.replications + r, "point": point,
                        "replication": r, **{f"in:{k}": v for k, v in values.items()},
                        **res["metrics"], **res["pooled"]})
    return records


def chunks(plan: SweepPlan, missing: Iterable[int], workers: int) -> list[tuple[int, list[int]]]:
    """(point, replications) tasks covering ``missing`` run ids; a point's replications stay
    together up to a size that still spreads the work over the workers."""
    by_point: dict[int, list[int]] = {}
    for run in sorted(missing):
        by_point.setdefault(run // plan.replications, []).append(run % plan.replications)
    total = sum(len(v) for v in by_point.values())
    size = max(1, math.ceil(total / (4 * max(1, workers))))
    return [(p, reps[i:i + size]) for p, reps in by_point.items()
            for i in range(0, len(reps), size)]


def run_sweep(plan: SweepPlan, missing: Iterable[int], executor: Executor | None,
              workers: int = 1) -> Iterator[dict[str, Any]]:
    """Yield the records of the ``missing`` runs as they finish (any order)."""
    tasks = chunks(plan, missing, workers)
    if executor is None:
        for point, reps in tasks:
            yield from run_chunk(plan, point, reps)
        return
    futures = [executor.submit(run_chunk, plan, point, reps) for point, reps in tasks]
    try:
        for f in as_completed(futures):
            yield from f.result()
    finally:
        for f in futures:
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
    keys = [f.key for f in plan.design.factors]
    buf = io.StringIO()
    w = csv_writer(buf)
    w.writerow(["point", *keys])
    for i in range(plan.design.n_points):
        p = plan.design.point(i)
        w.writerow([i, *(json.dumps(p[k]) if isinstance(p[k], list) else p[k] for k in keys)])
    return buf.getvalue()


def open_sweep_folder(plan: SweepPlan, final: Path, resume: bool, force: bool) -> set[int]:
    """Create the sweep folder (or reopen it to resume); the runs already done."""
    if resume and final.exists():
        return sf.open_for_resume(final, sweep_spec(plan), plan.n_runs)
    sf.create(final, sweep_spec(plan), design_csv(plan), plan.scenario, force=force)
    return set()
