"""Run policy arms over common seeds: every arm's replication i uses the same seed, and the
model re-seeds its random streams per month, so arm differences come from the policies."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from difflib import get_close_matches

import numpy as np

from staffsim.experiments.transfer_policies import STATED_LABELS  # (registers them too)
from staffsim.model.model import StaffModel
from staffsim.model.outcomes import (
    metric,
    replication_metrics,
    replication_pooled,
    zone_table,
)
from staffsim.model.policies import FixedPlan, SolverPlan, make_policies, plan_counts, policy_names
from staffsim.model.policies.solver_plans import runs_summary
from staffsim.model.replications import replication_seeds
from staffsim.model.roster import initial_roster
from staffsim.model.workers import process_pool
from staffsim.results.summary import band, mean_interval
from staffsim.scenarios.errors import InputErrors, ScenarioError, quote
from staffsim.scenarios.loader import (
    Scenario,
    override_params,
    read_toml,
    table_aliases,
    validate_params,
    warn_unit_of,
)
from staffsim.scenarios.zones import ZONES


@dataclass
class ArmSpec:
    key: str
    label: str
    policies: list[str]
    scenario: Scenario
    fixed_moves: list[tuple[str, int, int]] | None = None  # a given plan
    fixed_month: int = 0  # the month at whose end it is carried out (the month planned on)
    # what the solver said of the plans the given one was made of (a sweep's point plan)
    fixed_plans: tuple[SolverPlan, ...] = ()
    # a label that states the arm's parameters: (catalogue message, values), e.g. the
    # rolling arm's ('re-optimised every {k} months', {'k': 12})
    stated: tuple[str, dict] | None = None

    @property
    def name(self) -> str:
        """The arm's label in English, its parameters stated."""
        return self.stated[0].format(**self.stated[1]) if self.stated else self.label


def _raise_first(problems: list[ScenarioError]) -> None:
    if problems:
        raise problems[0]


def policy_name_problems(names: list[str], source: object, where: str
                         ) -> list[ScenarioError]:
    """A line for each name that is no registered policy."""
    known = policy_names()
    out = []
    for name in names:
        if name not in known:
            close = get_close_matches(name, known, n=2)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            out.append(ScenarioError(source, where, f"unknown policy {quote(name)}{hint} "
                                     f"known: {', '.join(known)}"))
    return out


def check_policy_names(names: list[str], source: object, where: str) -> None:
    """Every name must be a registered policy (one clear line otherwise)."""
    _raise_first(policy_name_problems(names, source, where))


def arm_name_problems(arms: list[str], defined: dict, source: object, where: str
                      ) -> list[ScenarioError]:
    """A line for each arm not defined, and for each arm named more than once."""
    out = [ScenarioError(source, where, f"unknown arm {quote(key)}; defined arms: "
                         f"{', '.join(defined)}") for key in dict.fromkeys(arms)
           if key not in defined]
    for twice in [k for i, k in enumerate(arms) if k in arms[:i] and k not in arms[i + 1:]]:
        out.append(ScenarioError(source, where, f"arm {quote(twice)} is named "
                                 f"{arms.count(twice)} times; name each arm once"))
    return out


def check_arm_names(arms: list[str], defined: dict, source: object, where: str) -> None:
    """Every arm defined, and named once: an arm named twice ran twice under one key (its
    replications doubled, one column, a comparison with itself) or crashed its summary."""
    _raise_first(arm_name_problems(arms, defined, source, where))


# What every arm of a comparison, and every point of a sweep, runs alike: the same seeds
# (common random numbers: a difference between arms is then the policies'), horizon,
# replications and processes, which the comparison (or the sweep) sets for all of them. An
# arm's ``set``, or a sweep factor, on one of these would be overwritten or would break the
# pairing; the sections that are no input of a run (what is compared, swept or asked by whatif
# and frontier, where results go) neither. The one list both check (``shared_key_problem``;
# sweep.SET_BY_SWEEP names where a sweep takes each from).
SHARED_KEYS = ("simulation.months", "simulation.replications", "simulation.seed",
               "simulation.workers")
NOT_RUN_INPUTS = ("sweep", "compare", "output", "whatif", "frontier")
# where a comparison takes each shared key from
SET_BY_COMPARE = {"simulation.months": "compare.months (--months)",
                  "simulation.replications": "compare.replications (--replications)",
                  "simulation.seed": "simulation.seed (--seed)",
                  "simulation.workers": "--workers"}


def shared_key_problem(key: str) -> str | None:
    """Why ``key`` (dotted, aliases resolved) may not differ between a comparison's arms or a
    sweep's points: 'shared' (``SHARED_KEYS``), 'not an input' (``NOT_RUN_INPUTS``), or None."""
    if key in SHARED_KEYS:
        return "shared"
    if key.split(".")[0] in NOT_RUN_INPUTS:
        return "not an input"
    return None


def _set_keys(values: dict, prefix: str = "") -> list[str]:
    """The dotted keys an arm's ``set`` gives, a table's keys each ('simulation = {seed =
    9}' is simulation.seed)."""
    from staffsim.scenarios.params import ALIASES

    out = []
    for k, v in values.items():
        full = ALIASES.get(f"{prefix}{k}", f"{prefix}{k}")
        out += _set_keys(v, f"{full}.") if isinstance(v, dict) and v else [full]
    return out


def arm_set_problems(key: str, values: dict, source: object) -> list[ScenarioError]:
    """A line for each key of an arm's ``set`` that every arm must share, or that is no
    input of a run (``check_arm_set``)."""
    out = []
    for k in _set_keys(values):
        where = f"compare.arms.{key}.set.{k}"
        why = shared_key_problem(k)
        if why == "shared":
            out.append(ScenarioError(source, where, f"every arm runs with the same {k} "
                                     f"(common random numbers: arms differ only by their "
                                     f"policies and settings), set for all of them by "
                                     f"{SET_BY_COMPARE[k]}; remove it from the arm"))
        elif why:
            out.append(ScenarioError(source, where, "is not an input of a run; an arm sets "
                                     "scenario parameters (remove it from the arm)"))
    return out


def check_arm_set(key: str, values: dict, source: object) -> None:
    """Refuse an arm's ``set`` of what every arm must share (``shared_key_problem``): a seed
    of its own made a comparison with 'no action' look like a paired effect of +81, and its
    own months were ignored while written into its scenario.toml as applied."""
    _raise_first(arm_set_problems(key, values, source))


DEFAULT_ARMS = "compare.default_arms"


def default_arms_source(scenario: Scenario) -> object:
    """Who gave the default arms an error names: the scenario file, or the command line when
    --set gave or changed them (the file's own default arms pass the check)."""
    if not scenario.overrides:
        return scenario.path
    try:
        own = validate_params(read_toml(scenario.path), scenario.path).compare
        check_arm_names(own.default_arms, own.arms, scenario.path, DEFAULT_ARMS)
    except ScenarioError:
        return scenario.path
    return "command line"


def arm_specs(scenario: Scenario, arms: list[str], months: int,
              where: str | None = None, problems: list[ScenarioError] | None = None
              ) -> list[ArmSpec]:
    """The scenario as each arm sees it (its overrides and the comparison horizon applied).
    ``where``: where the arms were given ('--policies' on the command line, or the scenario
    file's 'compare.default_arms', or the dashboard's 'compare.arms'); None: every arm as
    ``validate`` checks them, the scenario's default arms too. The default arms are checked
    only then and when they are the arms run (a --policies run does not use them); an error
    in them names the command line when --set gave them. ``problems``: every problem found
    is added to it and the arms that have none are returned (``validate`` reports them all);
    else the first is raised."""
    found: list[ScenarioError] = []
    defined = scenario.params.compare.arms
    if where is None or where == DEFAULT_ARMS:
        default = arm_name_problems(scenario.params.compare.default_arms, defined,
                                    scenario.path, DEFAULT_ARMS)
        if default:  # (who gave them is worked out only for an error: it reads the file)
            source = default_arms_source(scenario)
            found += [ScenarioError(source, e.where, e.message) for e in default]
    if where != DEFAULT_ARMS:  # (the default arms are checked above)
        found += arm_name_problems(arms, defined,
                                   "command line" if where == "--policies" else scenario.path,
                                   where or "compare.arms")
    if problems is None:
        _raise_first(found)
    out = []
    for key in dict.fromkeys(k for k in arms if k in defined):
        arm = defined[key]
        # who gave the arm's policies and its set: the command line when --set gave or changed
        # them (an error named the scenario file for a value that came from --set)
        policies_from = _arm_source(scenario, key, "policies")
        set_from = _arm_source(scenario, key, "set")
        own = (policy_name_problems(arm.policies, policies_from,
                                    f"compare.arms.{key}.policies")
               + arm_set_problems(key, arm.set, set_from))
        if problems is None:
            _raise_first(own)
        try:
            params = override_params(scenario.params, {**arm.set, "simulation.months": months},
                                     str(set_from), every=problems is not None)
        except InputErrors as e:
            own += [_in_arm_set(key, p, set_from) for p in e.problems]
        except ScenarioError as e:
            if problems is None:
                raise _in_arm_set(key, e, set_from) from None
            own.append(_in_arm_set(key, e, set_from))
        if own:
            found += own
            continue
        warn_unit_of(params, scenario.params, set_from, table_aliases(arm.set),
                     f"compare.arms.{key}.set.")
        stated = STATED_LABELS.get(arm.label)
        out.append(ArmSpec(key, arm.label or key, list(arm.policies),
                           dataclasses.replace(scenario, params=params),
                           stated=stated(params) if stated else None))
    if problems is not None:
        problems += found
    return out


def _arm_source(scenario: Scenario, key: str, field: str) -> object:
    """Who gave arm ``key``'s ``field`` ('policies' or 'set'): the command line when a --set
    gave the compare section, its arms, the arm or that field; else the scenario file."""
    from staffsim.scenarios.loader import _dotted_parts

    def leaves(parts: list[str], value: object) -> list[list[str]]:
        # an inline table sets the keys it names, each as if given dotted
        if isinstance(value, dict) and value and len(parts) < 4:
            return [leaf for k, v in value.items() for leaf in leaves([*parts, str(k)], v)]
        return [parts]
    whole = ["compare", "arms", key, field]
    for k, v in scenario.overrides.items():
        try:
            parts = _dotted_parts(k)
        except ScenarioError:
            parts = k.split(".")
        if any(leaf[:4] == whole or leaf == whole[:len(leaf)] for leaf in leaves(parts, v)):
            return "command line"
    return scenario.path


def _in_arm_set(key: str, e: ScenarioError, source: object) -> ScenarioError:
    """A problem of an arm's ``set`` (found by ``override_params``) named where it is: the
    arm's set key, in the file or on the command line that gave it."""
    return ScenarioError(source, f"compare.arms.{key}.set.{e.where}" if e.where
                         else f"compare.arms.{key}.set", e.message)


def horizon_notes(specs: list[ArmSpec]) -> list[tuple[str, str, dict[str, int]]]:
    """(arm key, catalogue message, its values) for each arm that re-optimises every K months
    (``rolling_transfers``) and whose horizon leaves no re-plan after the first that takes
    effect (``transfer_policies.rolling_horizon_note``): it then looks like a policy of its
    own but is transfers optimised once."""
    from staffsim.experiments.transfer_policies import rolling_horizon_note

    out = []
    for spec in specs:
        if "rolling_transfers" in spec.policies:
            note = rolling_horizon_note(spec.scenario.params)
            if note is not None:
                out.append((spec.key, *note))
    return out


def run_arm_replication(spec: ArmSpec, replication: int,
                        seed: np.random.SeedSequence) -> dict:
    """One replication of one arm: per-area and pooled metrics, zone tables, the
    end-of-horizon shortage per commune, and the optimiser's plans it carried out
    (``solver``: ``solver_plans.plan_counts``)."""
    sc = spec.scenario
    plug_ins = make_policies(spec.policies, sc.params)
    if spec.fixed_moves is not None:
        plug_ins.append(FixedPlan(spec.fixed_moves, spec.fixed_month, spec.fixed_plans))
    model = StaffModel(sc, initial_roster(sc), rng=seed, policies=plug_ins)
    series = model.run()
    zone = sc.communes.zone
    table = zone_table(series, zone)
    return {
        "arm": spec.key, "replication": replication,
        "metrics": replication_metrics(series, zone, table),
        "pooled": replication_pooled(series, zone, table), "zone_table": table,
        "unmet_end": series["unmet_fte"][-1],
        "essential_missing_end": series["essential_missing"][-1],
        "solver": plan_counts(p for plug_in in plug_ins for p in plug_in.solver_plans()),
    }


def _job(args: tuple[ArmSpec, int, np.random.SeedSequence]) -> dict:
    return run_arm_replication(*args)


def run_compare(specs: list[ArmSpec], replications: int, seed: int, workers: int = 1,
                progress: Callable[[int], None] | None = None) -> list[dict]:
    """Every arm x replication, in a stable order whatever the number of processes."""
    keys = [spec.key for spec in specs]
    if len(set(keys)) < len(keys):  # their runs would be one arm's (``arm_specs`` refuses it)
        raise ValueError(f"arms named more than once: {', '.join(keys)}")
    seeds = replication_seeds(seed, replications)
    jobs = [(spec, i, seeds[i]) for spec in specs for i in range(replications)]
    out = []
    if workers <= 1:
        for job in jobs:
            out.append(_job(job))
            if progress:
                progress(1)
        return out
    with process_pool(workers) as pool:
        # arm-major chunks keep each worker's month-0 plan cache warm
        for res in pool.map(_job, jobs, chunksize=max(1, replications // 2)):
            out.append(res)
            if progress:
                progress(1)
    return out


def summarize_arms(specs: list[ArmSpec], runs: list[dict]) -> dict:
    """Per arm, metric and area: mean and 90% band; plus paired differences to the first
    arm (common random numbers make the pairs meaningful); and what the solver said of the
    plans each arm's runs carried out (``solver_plans``: ``solver_plans.runs_summary``); and
    how many provinces the scenario has (``provinces``: their total is the 'province' area)."""
    by_arm: dict[str, list[dict]] = {}
    for r in runs:
        by_arm.setdefault(r["arm"], []).append(r)
    ref = specs[0].key
    zone = specs[0].scenario.communes.zone
    # the zones the province has: a report sets no row for a zone without communes
    out: dict = {"reference_arm": ref, "zones": [z for i, z in enumerate(ZONES)
                                                  if (zone == i).any()], "arms": {}}
    # (several: the "province" area is their total, not "toàn tỉnh")
    out["provinces"] = len(set(specs[0].scenario.communes.province)) or 1
    for spec in specs:
        reps = sorted(by_arm[spec.key], key=lambda r: r["replication"])
        ref_reps = sorted(by_arm[ref], key=lambda r: r["replication"])
        entry: dict = {"label": spec.name, "policies": spec.policies, "metrics": {},
                       "solver_plans": runs_summary(r.get("solver", {}) for r in reps)}
        if spec.stated:  # the words to say it in the language
            entry["label_msgid"], entry["label_values"] = spec.stated
        for key in reps[0]["metrics"]:
            name, area = key.split("|")
            vals = np.array([r["metrics"][key] for r in reps])
            diff = vals - np.array([r["metrics"][key] for r in ref_reps])
            m = metric(name)
            entry["metrics"].setdefault(name, {"label": m.label, "unit": m.unit,
                                               "direction": m.direction, "areas": {}})
            # the percentile band (a spread of single replications) and the standard error
            # and 90% confidence interval of the mean (paired t for the difference)
            entry["metrics"][name]["areas"][area] = {
                **band(vals), **mean_interval(vals),
                "vs_reference": {**band(diff), **mean_interval(diff)}}
        out["arms"][spec.key] = entry
    out["same_outcome"] = same_outcome(specs, by_arm)
    out["least_unmet"] = least_unmet(specs, by_arm)
    return out


def _equal(a: list[float], b: list[float]) -> bool:
    return bool(np.allclose(np.asarray(a, float), np.asarray(b, float), rtol=1e-12,
                            atol=1e-9, equal_nan=True))


def same_outcome(specs: list[ArmSpec], by_arm: dict[str, list[dict]]) -> list[list[str]]:
    """Groups of two or more arms whose runs gave the same value of every metric in every
    replication (e.g. re-optimising every 12 months when the later plans move nobody new):
    the table's rows of one are the other's, and a figure's lines lie on each other."""
    def values(key: str) -> list[list[float]]:
        reps = sorted(by_arm[key], key=lambda r: r["replication"])
        return [[r["metrics"][m] for m in sorted(r["metrics"])] for r in reps]
    groups: list[list[str]] = []
    for spec in specs:
        for g in groups:
            if _equal(values(g[0]), values(spec.key)):
                g.append(spec.key)
                break
        else:
            groups.append([spec.key])
    return [g for g in groups if len(g) > 1]


LEAST = ("unmet_fte_months", "province")  # what the report's answer ranks the arms by


def least_unmet(specs: list[ArmSpec], by_arm: dict[str, list[dict]]) -> dict:
    """The arms that leave the least unmet need (``LEAST``): ``arms``, the lowest mean and
    every arm equal to it in every replication (a tie); ``next``, the arm with the next lowest
    mean, and ``vs_next``, the paired difference of the first of ``arms`` to it (mean, the
    5th-95th percentile spread of single replications, and the 90% paired t confidence
    interval of the mean: one that holds zero does not tell them apart); None without
    another."""
    key = "|".join(LEAST)

    def values(k: str) -> list[float]:
        return [r["metrics"][key] for r in sorted(by_arm[k], key=lambda r: r["replication"])]
    order = sorted((s.key for s in specs), key=lambda k: float(np.mean(values(k))))
    best = order[0]
    tied = [k for k in order if _equal(values(k), values(best))]
    rest = [k for k in order if k not in tied]
    nxt = rest[0] if rest else None
    return {"metric": LEAST[0], "area": LEAST[1], "arms": tied, "next": nxt,
            "vs_next": _paired(np.array(values(best)) - np.array(values(nxt))) if nxt
            else None}


def _paired(diff: np.ndarray) -> dict:
    """The percentile band of paired differences (a spread of single replications) and the
    mean's standard error and 90% paired t interval (``summary.mean_interval``)."""
    return {**band(diff), **mean_interval(diff)}
