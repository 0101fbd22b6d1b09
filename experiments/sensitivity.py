"""Analyse a finished sweep: sensitivity of each outcome to each input, and scenario
discovery (which lever settings keep an outcome below a threshold in most scenarios).

Every outcome first gets an analysis of variance of its runs on the groups of factors that the
design can tell apart: each group's main effect (eta squared, exact for a full factorial,
where each factor is its own group), the interactions and the replication noise (the share of
variance between replications of the same point: how much is noise rather than input).
Per factor, the SALib analyser that matches the design: Sobol (S1, ST) for a Sobol design and
Morris (mu*, sigma) for a Morris design, on the mean over replications and categories of each
numeric design point; RBD-FAST (S1) only within a group of a Latin hypercube design with
enough points of its own. A full factorial gets no RBD-FAST: its per-factor eta squared is
exact. Categorical factors (``values`` lists) are groups of their own, with their eta squared.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
import warnings
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import numpy as np

from staffsim.experiments.design import (
    DESIGN_NAMES,
    MIN_SEPARATE_POINTS,
    Design,
    make_design,
    salib_problem,
    size_notes,
    size_warnings,
)
from staffsim.i18n import N_
from staffsim.model.outcomes import (
    column_direction,
    column_minimum,
    column_unit,
    headline_columns,
    metric,
    metric_columns,
)
from staffsim.model.policies.solver_plans import PLAN_COLUMNS, runs_summary
from staffsim.results.compare_lines import solver_lines
from staffsim.results.finding_words import say
from staffsim.results.folder import atomic_folder, manifest, write_json
from staffsim.results.plots import draw
from staffsim.results.sweep_folder import load_results, outcome_columns
from staffsim.results.tables import csv_writer, exact
from staffsim.results.words import (
    Words,
    column,
    counted,
    discovery_value,
    factor_name,
    group_name,
    names_joined,
    setting_said,
    text_table,
    words,
)
from staffsim.scenarios.errors import ScenarioError, quote
from staffsim.scenarios.params import Params

NO_VARIATION = N_("the outcome does not vary (or is undefined) across design points")
# a sweep without levers judged against the runs' own median: half are below by construction
NOTHING_TO_JUDGE = N_("nothing to judge: no lever varies in this sweep, and the threshold is "
                      "the median of its runs, so about half of them are below it by "
                      "construction; give a threshold (sweep.discovery.threshold or analyze "
                      "--threshold) to judge the scenario's policy across its {n} scenarios")
MAX_EXACT_SETTINGS = 30  # more distinct lever settings than this are binned per lever
ANALYSIS_FIGURES = ("sensitivity", "discovery")
MISSING_LISTED = 20  # files of a sweep folder gone since it was sealed, named in analysis.json


def _finite(a: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(a)))


def _tokens(text: str) -> set[str]:
    return {t for t in re.split(r"[\s_|\-]+", text.lower()) if t}


def closest_outcomes(text: str, columns: list[str], n: int = 3) -> list[str]:
    """The outcome columns closest to what was typed, closest first: those that hold it (or
    all its words) before those that merely look alike; a province-wide column before its
    areas' when they tie."""
    typed = text.strip().lower()

    def score(c: str) -> tuple[bool, float]:
        covers = bool(typed) and (typed in c.lower() or _tokens(typed) <= _tokens(c))
        ratio = SequenceMatcher(None, typed, c.lower()).ratio()
        return covers, ratio + (0.05 if c.endswith("|province") else 0.0)

    scored = [(score(c), c) for c in columns]
    found = [c for (covers, ratio), c in sorted(scored, key=lambda x: x[0], reverse=True)
             if covers or ratio >= 0.6]
    return found[:n]


def outcome_choices(columns: list[str]) -> str:
    """Every outcome column, grouped when the per-area columns are each metric in each area
    ('mountain_unmet_fte, or METRIC|AREA with METRIC one of a, b and AREA one of x, y'),
    else listed."""
    plain_cols = [c for c in columns if "|" not in c]
    pairs = [tuple(c.split("|", 1)) for c in columns if "|" in c]
    metrics = list(dict.fromkeys(m for m, _a in pairs))
    areas = list(dict.fromkeys(a for _m, a in pairs))
    if plain_cols and len(pairs) > 1 and len(set(pairs)) == len(metrics) * len(areas):
        return (f"{', '.join(plain_cols)}, or METRIC|AREA with METRIC one of "
                f"{', '.join(metrics)} and AREA one of {', '.join(areas)}")
    return ", ".join(columns)


def not_an_outcome(text: str, columns: list[str], of: str = " of this sweep") -> str:
    """The message for an outcome that is not one: the closest names first ('did you mean'),
    then all of them, grouped."""
    close = closest_outcomes(text, columns)
    hint = f"; did you mean {' or '.join(close)}?" if close else ";"
    return f"{quote(text)} is not an outcome{of}{hint} allowed: {outcome_choices(columns)}"


def numeric_indices(method: str, problem: dict, x: np.ndarray, y: np.ndarray,
                    seed: int) -> dict[str, list[float | None]]:
    """SALib indices of one outcome (per numeric factor, in problem order)."""
    # deferred (SALib imports pandas): only the analysis needs it
    from SALib.analyze import morris, rbd_fast, sobol

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "sobol":
            r = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
            keys = ("S1", "S1_conf", "ST", "ST_conf")
        elif method == "morris":
            r = morris.analyze(problem, x, y, seed=seed)
            keys = ("mu_star", "mu_star_conf", "sigma")
        else:
            # SALib's bootstrap of RBD-FAST divides by zero when the harmonics M are many for
            # the sample; about one per ten points (at most SALib's default 10) is stable
            m = int(min(10, max(1, len(y) // 10)))
            r = rbd_fast.analyze(problem, x, y, M=m, seed=seed)
            keys = ("S1", "S1_conf")
    return {k: [None if not np.isfinite(v) else float(v) for v in np.asarray(r[k], float)]
            for k in keys}


def _partition(values: list) -> tuple[int, ...]:
    """Which design points share a value: codes numbered by first appearance."""
    seen: dict[str, int] = {}
    return tuple(seen.setdefault(json.dumps(v), len(seen)) for v in values)


def factor_groups(points: dict[str, list], joint: list[str] | None = None
                  ) -> list[tuple[list[str], tuple[int, ...]]]:
    """Factors the design actually run cannot tell apart, grouped: those whose values split
    the design points the same way (each value of one goes with exactly one value of the
    other, e.g. the uncertainties of a crossed design, whose 10 scenarios each pair one
    attrition with one workload intensity). ``points`` is each factor's value per design
    point; the factors in ``joint`` are taken together (a Sobol or Morris sample is analysed
    whole). Each group comes with its level at each design point; factors that never vary
    are left out."""
    joint = [k for k in (joint or []) if k in points]
    cols = dict(points)
    if joint:
        cols = {"\0joint": [[cols[k][i] for k in joint] for i in range(len(cols[joint[0]]))],
                **{k: v for k, v in cols.items() if k not in joint}}
    groups: dict[tuple[int, ...], list[str]] = {}
    for key, values in cols.items():
        part = _partition(values)
        if max(part, default=0) == 0:
            continue  # one value: no effect can be measured
        groups.setdefault(part, []).extend(joint if key == "\0joint" else [key])
    return [(keys, part) for part, keys in groups.items()]


def variance_shares(y: np.ndarray, point: np.ndarray, levels: list[np.ndarray]) -> dict:
    """Analysis of variance of the runs ``y`` on groups of factors: ``levels[g][p]`` is the
    level of group g at design point p. Returns each group's main-effect share (eta², its
    sum of squares over the total), the interactions' share (what the design points explain
    beyond the main effects) and the replication noise's (within design points); ``crossed``
    says every combination of the groups' levels holds the same number of runs, when the
    shares are an exact decomposition (they add up to 1)."""
    ok = np.isfinite(y)
    y, point = y[ok], point[ok]
    grand = float(np.mean(y))
    ss_total = float(np.sum((y - grand) ** 2))

    def ss_between(codes: np.ndarray) -> float:
        _, inv, n = np.unique(codes, return_inverse=True, return_counts=True)
        means = np.bincount(inv, weights=y) / n
        return float(np.sum(n * (means - grand) ** 2))

    mains = [ss_between(lv[point]) for lv in levels]
    ss_points = ss_between(point)
    combos = np.array([[lv[p] for lv in levels] for p in point]) if levels else np.zeros((0, 0))
    _, cell_n = np.unique(combos, axis=0, return_counts=True) if levels else (None, [len(y)])
    full = int(np.prod([len(np.unique(lv)) for lv in levels])) if levels else 1
    crossed = len(cell_n) == full and len(set(np.asarray(cell_n).tolist())) == 1
    share = (lambda ss: ss / ss_total) if ss_total > 0 else (lambda ss: None)
    return {"groups": [share(s) for s in mains],
            "interaction": share(max(ss_points - sum(mains), 0.0)) if len(levels) > 1 else None,
            "noise": share(ss_total - ss_points), "crossed": bool(crossed)}


def _label(v: Any) -> str:
    """A setting's value in full (discovery.csv joins design.csv by it; it is rounded only
    when people read it, ``results.words.discovery_setting``)."""
    if isinstance(v, str):
        return v
    if isinstance(v, float | int) and not isinstance(v, bool):
        return exact(v)
    return json.dumps(v, ensure_ascii=False)


def _bins(values: list, n_bins: int, numeric: bool) -> list[str]:
    """A label per run: the value itself, or its quantile bin for a many-valued number."""
    if not numeric or len(set(values)) <= n_bins:
        return [_label(v) for v in values]
    v = np.asarray(values, float)
    edges = np.unique(np.quantile(v, np.linspace(0, 1, n_bins + 1)))
    idx = np.clip(np.searchsorted(edges, v, side="right") - 1, 0, len(edges) - 2)
    return [f"{exact(edges[i])} to {exact(edges[i + 1])}" for i in idx]


def threshold_problem(outcome: str, threshold: float) -> str | None:
    """Why no run could succeed against ``threshold`` (a run succeeds when ``outcome`` stays
    below it, or above it for an outcome to maximise), in the language; None when some
    could."""
    _ = words()  # said in the language here: the outcome by its title
    if column_direction(outcome) == "maximize":
        if column_unit(outcome) == "share" and threshold >= 1:
            return _("{threshold} is not below 100%, the most {outcome} can reach, so no run "
                     "could stay above it; allowed: a share below 1 (0.95 for 95%)",
                     threshold=discovery_value(_, outcome, threshold), outcome=column(
                         _, outcome))
        return None
    lowest = column_minimum(outcome)
    if lowest is None or threshold > lowest:
        return None
    return _("{threshold} is not above {lowest}, the least value of {outcome} (it is never "
             "negative), so no run could stay below it; allowed: a number above {lowest}",
             threshold=_.num(threshold, 0 if float(threshold).is_integer() else 2),
             lowest=_.num(lowest), outcome=column(_, outcome))


def direction_problem(outcome: str) -> str | None:
    """Why ``outcome`` cannot be judged by a threshold (neither lower nor higher is better),
    in the language; None when it can."""
    if column_direction(outcome) in ("minimize", "maximize"):
        return None
    _ = words()
    return _("{outcome} is better neither lower nor higher, so a threshold cannot say which "
             "runs succeed; allowed: an outcome to keep low (such as mountain_unmet_fte) or "
             "high (such as on_time_share|province)", outcome=column(_, outcome))


def check_discovery(params: Params, file: object) -> None:
    """Refuse, before a sweep runs, a discovery outcome that is no outcome of a run and a
    discovery threshold no run could meet: ``analyze`` would refuse them only once every run
    was done."""
    dp = params.sweep.discovery
    columns = metric_columns()  # (a sweep's records hold exactly these outcomes)
    if dp.outcome not in columns:
        raise ScenarioError(file, "sweep.discovery.outcome",
                            not_an_outcome(dp.outcome, columns, of=""))
    if problem := direction_problem(dp.outcome):
        raise ScenarioError(file, "sweep.discovery.outcome", problem)
    if dp.threshold is not None and (problem := threshold_problem(dp.outcome, dp.threshold)):
        raise ScenarioError(file, "sweep.discovery.threshold", problem)


def discovery(spec: dict, cols: dict, params: Params, threshold: float | None,
              instead: str | None = None) -> dict:
    """Per lever setting: the share of its runs (scenarios x replications) that succeed:
    below the threshold, or above it for an outcome to maximise (``direction``).
    ``instead``: the outcome analysed (analyze's first --outcome): judged when a threshold is
    given with it (a threshold typed beside --outcome on_time_share was applied to the
    sweep's unmet need, a researcher's trial), or when the sweep's own discovery outcome is
    none of its outcomes (a sweep of a staffsim that did not check it before running);
    without it such a sweep is refused."""
    dp = params.sweep.discovery
    outcome, own_threshold, replaced = dp.outcome, dp.threshold, None
    if instead is not None and threshold is not None and instead != dp.outcome:
        outcome, own_threshold = instead, None
        replaced = dp.outcome if dp.outcome not in cols else None
    elif dp.outcome not in cols:
        if instead is None:
            raise ScenarioError("sweep.json", "sweep.discovery.outcome",
                                not_an_outcome(dp.outcome, outcome_columns(cols), of=""))
        # the sweep's threshold was given for its outcome, not for this one
        outcome, own_threshold, replaced = instead, None, dp.outcome
    if problem := direction_problem(outcome):
        raise ScenarioError(*(("command line", "--outcome") if outcome != dp.outcome
                              else ("sweep.json", "sweep.discovery.outcome")), problem)
    higher = column_direction(outcome) == "maximize"
    y = np.asarray(cols[outcome], float)
    thr = threshold if threshold is not None else own_threshold
    if thr is not None and (problem := threshold_problem(outcome, thr)):
        where = (("command line", "--threshold") if threshold is not None
                 else ("sweep.json", "sweep.discovery.threshold"))
        raise ScenarioError(*where, problem)
    median = thr is None
    if median:
        thr = float(np.nanmedian(y))
    levers = [f for f in spec["factors"] if f["role"] == "lever"]
    raw = [list(cols[f"in:{f['key']}"]) for f in levers]
    if len({json.dumps(s) for s in zip(*raw, strict=True)}) <= MAX_EXACT_SETTINGS:
        # few settings (crossed or factorial levers): each is judged on its own
        labels = [_bins(v, len(v), False) for v in raw]
    else:
        labels = [_bins(v, dp.bins, f["range"] is not None) for v, f in zip(raw, levers,
                                                                            strict=True)]
    settings: dict[tuple, list[int]] = {}
    for i in range(len(y)):
        settings.setdefault(tuple(lab[i] for lab in labels), []).append(i)
    # a scenario is one setting of the uncertainties; without any, each run is one
    unc = [list(cols[f"in:{f['key']}"]) for f in spec["factors"] if f["role"] != "lever"]
    scenario = ([json.dumps(s) for s in zip(*unc, strict=True)] if unc
                else [str(i) for i in range(len(y))])
    rows = []
    for key, idx in settings.items():
        vals = y[idx]
        share = float(np.mean(vals > thr if higher else vals < thr))
        n = len({scenario[i] for i in idx})
        enough = n >= dp.min_scenarios
        rows.append({"setting": dict(zip([f["key"] for f in levers], key, strict=True)),
                     "runs": len(idx), "scenarios": n, "enough_scenarios": enough,
                     "success_share": share, "mean": float(np.nanmean(vals)),
                     "robust": enough and share >= dp.robust_share})
    # judged settings first (best first), then those that met too few scenarios
    rows.sort(key=lambda r: (not r["enough_scenarios"], -r["success_share"],
                             -r["mean"] if higher else r["mean"]))
    # crossed (lever_samples, or a full factorial): every setting met every scenario, so
    # only more scenarios (or a lower min_scenarios) let a setting be judged
    crossed = bool(params.sweep.lever_samples) or params.sweep.design == "factorial"
    out = {"outcome": outcome, "replaced_outcome": replaced, "threshold": thr,
           "direction": "above" if higher else "below",
           "threshold_is_median": median,
           "robust_share": dp.robust_share,
           "min_scenarios": dp.min_scenarios, "crossed": crossed,
           "scenarios": len(set(scenario)),
           "numeric_uncertainties": any(f["role"] != "lever" and f["range"] is not None
                                        for f in spec["factors"]),
           "too_few": sum(not r["enough_scenarios"] for r in rows),
           "levers": [f["key"] for f in levers], "settings": rows}
    if median and not levers:
        # its one 'setting', all runs, is below the runs' median in half of them whatever
        # the runs are: no verdict (the national sweep, provinces only); said in the report
        # and the figure, with n = the scenarios
        out["note"] = NOTHING_TO_JUDGE
        # not judged: robust is none (an empty cell in discovery.csv, null in analysis.json),
        # not false, which a script reads as 'not robust' (a researcher's trial)
        for r in rows:
            r["robust"] = None
    return out


# bounds of each index: Sobol and RBD-FAST indices are shares of variance, in [0, 1]; Morris
# mu* is a mean absolute effect, at least 0 (no upper bound)
BOUNDS = {"S1": (0.0, 1.0), "ST": (0.0, 1.0), "mu_star": (0.0, None)}


def index_flags(num: dict[str, list[float | None]]) -> dict[str, list[list[str]]]:
    """Per index with a confidence interval (SALib's bootstrap, 95%: value ± conf, conf the
    half-width), per factor: "spans_zero" when the interval holds zero (the input may have no
    effect; an interval wholly below zero does not), "out_of_bounds" when the value or the
    interval leaves the index's bounds (a negative S1 or one above 1 is an artefact of a
    sample too small for the estimator), "no_interval" when the bootstrap gave none (a
    tiny sample); on S1, "above_total" when it exceeds the factor's ST (a share of the
    variance cannot exceed the total share it is part of: the sample is too small)."""
    out: dict[str, list[list[str]]] = {}
    for key, (lo, hi) in BOUNDS.items():
        if key not in num:
            continue
        confs = num.get(f"{key}_conf") or [None] * len(num[key])
        flags = []
        for v, c in zip(num[key], confs, strict=True):
            f: list[str] = []
            if v is None:
                flags.append(["undefined"])
                continue
            if c is None and f"{key}_conf" in num:
                f.append("no_interval")  # SALib's bootstrap failed: nothing says how sure
            c = c or 0.0
            if v - c <= 0 <= v + c:  # (SALib's conf is the half-width: value ± conf)
                f.append("spans_zero")
            if v < lo or (hi is not None and (v > hi or v + c > hi)):
                f.append("out_of_bounds")
            flags.append(f)
        out[key] = flags
    if "S1" in out and "ST" in num:  # a factor's first-order share is part of its total
        for f, s1, st in zip(out["S1"], num["S1"], num["ST"], strict=True):
            if s1 is not None and st is not None and s1 > st:
                f.append("above_total")
    return out


def _crossed(parts: list[tuple[int, ...]]) -> bool:
    """Every combination of the groups' levels is a design point, each once."""
    combos = set(zip(*parts, strict=True))
    return len(combos) == len(parts[0]) == int(np.prod([max(p) + 1 for p in parts]))


def design_groups(design: Design, sweep_params: Any, cols: dict) -> list[dict[str, Any]]:
    """The groups of factors that the design actually run (its points as the results table
    holds them) can tell apart: a crossed design's lever settings and its scenarios, each
    factor of a full factorial, a Latin or Sobol sample as a whole, each list of values. Each
    group: its factors, its level at each design point, its number of levels and — when it
    is more than one numeric factor — whether RBD-FAST may tell them apart."""
    point = np.asarray(cols["point"], int)
    first = [int(np.flatnonzero(point == p)[0]) for p in range(design.n_points)]
    points = {f.key: [cols[f"in:{f.key}"][i] for i in first] for f in design.factors}
    numeric = [f.key for f in design.numeric]
    found = factor_groups(points, numeric if design.method in ("sobol", "morris") else None)
    if len(found) > 1 and not _crossed([part for _, part in found]):
        # e.g. an integer range rounded to fewer values than the sample: the numeric sample
        # is analysed whole, as a Sobol or Morris sample is
        found = factor_groups(points, numeric)
    roles = {f.key: f.role for f in design.factors}
    crossed_levers = bool(sweep_params.lever_samples)
    out = []
    for keys, part in found:
        nums = [k for k in keys if k in numeric]
        g: dict[str, Any] = {"factors": keys, "levels": max(part) + 1, "codes": list(part)}
        if {roles[k] for k in keys} == {"lever"}:
            g["role"] = "levers"
        elif {roles[k] for k in keys} == {"uncertainty"}:
            g["role"] = "uncertainties"
        if len(nums) > 1 and design.method in ("latin", "factorial"):
            # a factorial is never grouped so (each factor its own levels) unless rounding
            # merged its levels; RBD-FAST only reads a Latin sample
            g["separable"] = design.method == "latin" and g["levels"] >= MIN_SEPARATE_POINTS
            g["field"] = ("sweep.lever_samples" if crossed_levers and g.get("role") == "levers"
                          else "sweep.samples")
        out.append(g)
    return out


def _group_indices(design: Design, g: dict, y: np.ndarray, point: np.ndarray,
                   seed: int) -> dict[str, list[float | None]]:
    """RBD-FAST of the factors of one group on the group's own sample: its distinct points
    and, at each, the mean outcome over every run there (over the other groups' points and
    the replications): shares of the group's main effect."""
    codes = np.asarray(g["codes"])[point]
    ok = np.isfinite(y)
    means = np.array([np.mean(y[ok & (codes == lv)]) for lv in range(g["levels"])])
    n_cat = len(design.categories)
    rows = [g["codes"].index(lv) // n_cat for lv in range(g["levels"])]
    cols_ = [j for j, f in enumerate(design.numeric) if f.key in g["factors"]]
    x = design.x[np.ix_(rows, cols_)]
    return numeric_indices("latin", salib_problem([design.numeric[j] for j in cols_]), x,
                           means, seed)


# why a design has fewer distinct points than points (``distinct_points``)
REPEATS = {"grid": N_("Morris trajectories meet at the same points of SALib's 4-level grid"),
           "rounded": N_("whole-number ranges round some points to the same values"),
           "repeated": N_("the sample repeats some points")}


def distinct_points(design: Design) -> tuple[int, str | None]:
    """How many of the design's points differ in their inputs as run, and why the others
    repeat one (a key of ``REPEATS``; None when none does). A Morris design walks its
    trajectories on SALib's grid of 4 levels per factor, so with few factors two
    trajectories often pass through the same point (3 factors, 6 trajectories: 24 points,
    19 distinct); an integer range rounds nearby samples to one value."""
    runs = {json.dumps(design.point(i), sort_keys=True) for i in range(design.n_points)}
    if len(runs) == design.n_points:
        return design.n_points, None
    sampled = len({tuple(r) for r in design.x.tolist()}) < len(design.x)
    why = ("grid" if design.method == "morris" else "repeated") if sampled else "rounded"
    return len(runs), why


def points_words(_: Words, points: int, distinct: int, repeats: str | None) -> str:
    """A design's points as sweep and analyze say them: '56 points', or '24 points, 19 of
    them distinct (why)' when some repeat one (``distinct_points``)."""
    said = counted(_, points, N_("{n} point"), N_("{n} points"))
    if not repeats:
        return said
    return _("{points}, {distinct} of them distinct ({why})", points=said,
             distinct=_.num(distinct), why=_(REPEATS[repeats]))


def analyse_sweep(folder: Path, outcomes: list[str] | None = None,
                  threshold: float | None = None) -> dict[str, Any]:
    """Sensitivity of each outcome to each input, as far as the design can tell them apart,
    and scenario discovery.

    Every outcome gets an analysis of variance of its runs on the groups of factors the
    design separates (``design_groups``): each group's main effect (eta²), their
    interactions and the replication noise (with at least two replications). Per factor:
    Sobol or Morris indices for those designs; eta² main effects for a full factorial (each
    factor is a group); RBD-FAST within a Latin group only when the group has at least
    ``MIN_SEPARATE_POINTS`` points of its own, else the group's factors are said to be
    inseparable."""
    folder = Path(folder)
    spec, cols, missing = load_results(folder)
    params = Params.model_validate(spec["params"])
    available = outcome_columns(cols)
    chosen = outcomes or [o for o in headline_columns() if o in cols]
    bad = [o for o in chosen if o not in cols]
    if bad:
        raise ScenarioError("command line", "--outcome", not_an_outcome(bad[0], available))
    design = make_design(params.sweep, spec["seed"], str(folder))
    reps = spec["replications"]
    n_cat = len(design.categories)
    point = np.asarray(cols["point"], int)
    members = [np.flatnonzero(point == p) for p in range(design.n_points)]
    numeric = [f.key for f in design.numeric]
    problem = design.problem()
    groups = design_groups(design, params.sweep, cols)
    distinct, repeats = distinct_points(design)
    out: dict[str, Any] = {"sweep": str(folder), "design": design.method,
                           "design_name": DESIGN_NAMES.get(design.method, design.method),
                           "points": design.n_points, "distinct_points": distinct,
                           "repeats": repeats, "runs": len(point),
                           "replications": reps, "numeric_factors": numeric,
                           "categorical_factors": [f.key for f in design.categorical],
                           "labels": {f.key: f.label for f in design.factors},
                           "groups": [{k: v for k, v in g.items() if k != "codes"}
                                      for g in groups],
                           "min_separate_points": MIN_SEPARATE_POINTS,
                           # files of the folder gone since it was sealed (not read here)
                           "missing_files": missing[:MISSING_LISTED],
                           "missing_count": len(missing), "sensitivity": {}}
    for name in chosen:
        y = np.asarray(cols[name], float)
        entry: dict[str, Any] = {}
        point_mean = np.array([np.nanmean(y[m]) if np.isfinite(y[m]).any() else np.nan
                               for m in members])
        if not _finite(point_mean) or np.ptp(point_mean) == 0:
            entry["note"] = NO_VARIATION
            out["sensitivity"][name] = entry
            continue
        v = variance_shares(y, point, [np.asarray(g["codes"]) for g in groups])
        if reps < 2:  # one run per point: nothing to compare replications with
            v["noise"] = None
        entry["replication_noise_share"] = v["noise"]
        entry["variance"] = v
        if design.method in ("sobol", "morris") and numeric:
            row_mean = point_mean.reshape(len(design.x), n_cat).mean(axis=1)
            try:
                entry["numeric"] = numeric_indices(design.method, problem, design.x,
                                                   row_mean, spec["seed"])
            except (ValueError, ZeroDivisionError, IndexError) as e:
                entry["note"] = f"too few design points for {design.method} indices ({e})"
        elif design.method == "latin":
            num: dict[str, list[float | None]] = {"S1": [None] * len(numeric),
                                                  "S1_conf": [None] * len(numeric)}
            for g in groups:
                if not g.get("separable"):
                    continue
                try:
                    r = _group_indices(design, g, y, point, spec["seed"])
                except (ValueError, ZeroDivisionError, IndexError):
                    continue
                for k, j in enumerate(j for j, f in enumerate(numeric) if f in g["factors"]):
                    num["S1"][j], num["S1_conf"][j] = r["S1"][k], r["S1_conf"][k]
            if any(s is not None for s in num["S1"]):
                entry["numeric"] = num
        if "numeric" in entry:
            flags = index_flags(entry["numeric"])
            for key in flags:  # a factor of a group that cannot be told apart: no index
                for j, f in enumerate(numeric):
                    if any(f in g["factors"] and g.get("separable") is False for g in groups):
                        flags[key][j] = ["not_separable"]
            entry["flags"] = flags
            s1 = [s for s, f in zip(entry["numeric"].get("S1", []), flags.get("S1", []),
                                    strict=False) if s is not None and "not_separable" not in f]
            if s1 and sum(s1) > 1:  # first-order shares of one variance cannot
                entry["s1_sum"] = float(sum(s1))
        out["sensitivity"][name] = entry
    out["discovery"] = discovery(spec, cols, params, threshold,
                                 instead=outcomes[0] if outcomes else None)
    out["design_warnings"] = size_warnings(params.sweep)
    out["design_notes"] = size_notes(params.sweep)
    # the runs whose optimiser plan was not proven optimal, or none: their outcomes depend on
    # the machine that ran them (a sweep of an older version records no plans)
    have = [c for c in PLAN_COLUMNS if c in cols]
    out["solver_plans"] = runs_summary({c: cols[c][i] for c in have} for i in range(len(point)))
    return out


def write_analysis(folder: Path, result: dict[str, Any], force: bool = False) -> Path:
    """SWEEP_DIR/analysis: analysis.json, sensitivity.csv, discovery.csv and figures."""
    final = Path(folder) / "analysis"
    # analyze has no --out: its folder is the sweep's analysis/
    with atomic_folder(final, force=force, field="") as tmp:
        write_json(tmp / "analysis.json", result)
        with open(tmp / "sensitivity.csv", "w", encoding="utf-8", newline="") as f:
            w = csv_writer(f)
            w.writerow(["outcome", "factor", "index", "value", "conf", "flags"])
            for name, e in result["sensitivity"].items():
                num, flags = e.get("numeric", {}), e.get("flags", {})
                for key in [k for k in num if not k.endswith("_conf")]:
                    for j, (fac, v, c) in enumerate(zip(
                            result["numeric_factors"], num[key],
                            num.get(f"{key}_conf", [None] * len(num[key])), strict=True)):
                        f = flags.get(key, [[]] * len(num[key]))[j]
                        w.writerow([name, fac, key, _fmt(v), _fmt(c), " ".join(f)])
                v = e.get("variance")
                if v is None:
                    continue
                one_rep = result["replications"] < 2
                groups = result["groups"]
                for g, share in zip(groups, v["groups"], strict=True):
                    saturated = one_rep and len(groups) == 1
                    w.writerow([name, " + ".join(g["factors"]), "eta2",
                                "" if saturated else _fmt(share), "",
                                " ".join(["saturated"] * saturated
                                         + ["not_separable"] * (g.get("separable") is False))])
                if v.get("interaction") is not None:
                    w.writerow([name, "interaction" + "+noise" * one_rep, "eta2",
                                _fmt(v["interaction"]), "", ""])
                w.writerow([name, "replication_noise", "eta2", _fmt(v["noise"]), "",
                            "not_estimable" if v["noise"] is None else ""])
        d = result["discovery"]
        with open(tmp / "discovery.csv", "w", encoding="utf-8", newline="") as f:
            w = csv_writer(f)
            w.writerow([*d["levers"], "runs", "scenarios", "enough_scenarios",
                        "success_share", "mean", "robust"])
            for r in d["settings"]:
                w.writerow([*(r["setting"][k] for k in d["levers"]), r["runs"],
                            r["scenarios"], str(r["enough_scenarios"]).lower(),
                            exact(r["success_share"]), exact(r["mean"]),
                            "" if r["robust"] is None else str(r["robust"]).lower()])
        spec = json.loads((Path(folder) / "sweep.json").read_text(encoding="utf-8"))
        draw(tmp, ANALYSIS_FIGURES, scenario=Params.model_validate(spec["params"]))
        write_json(tmp / "manifest.json", manifest(
            command=shlex.join(["staffsim", *sys.argv[1:]]),
            sweep_folder=str(Path(folder).resolve())))
    return final


def _fmt(v: float | None) -> str:
    """An index for the data file in full precision (``exact``)."""
    return str(exact(v))


FLAG_WORDS = {"spans_zero": N_("interval includes zero"),
              "out_of_bounds": N_("out of bounds"),
              "undefined": N_("undefined"),
              "no_interval": N_("no interval: too few points to bootstrap"),
              "above_total": N_("above its total index ST: too few points for either")}
# what an index's value out of its bounds is (``index_flags``' "out_of_bounds")
OUT_OF_BOUNDS = {"below": N_("out of bounds: below 0, which a share of the variance cannot "
                             "be; an estimation artefact of too few points (read it as 0)"),
                 "above": N_("out of bounds: above 1, which a share of the variance cannot "
                             "be; an estimation artefact of too few points"),
                 "reaches": N_("out of bounds: its interval reaches above 1; too few points")}
INDEX_WORDS = {"S1": N_("first-order index S1"), "ST": N_("total index ST"),
               "mu_star": N_("Morris μ*"), "sigma": N_("Morris σ")}
INDEX_SYMBOLS = {"mu_star": "μ*", "sigma": "σ"}  # the flags' names (S1, ST as they are)
MORRIS_INDICES = ("mu_star", "sigma")


def _unit(column_name: str) -> str:
    """The unit of an outcome column's metric ('' if none is declared)."""
    try:
        return metric(column_name.partition("|")[0]).unit or ""
    except KeyError:
        return ""


def _index_head(_: Words, key: str, column_name: str, conf: bool = False) -> str:
    """An index's column head, with '± 95%' when it has an interval. Morris's mu* and sigma
    are elementary effects: SALib divides a step's change of the outcome by the step as a
    share of the factor's range, so they are the outcome's change over the full range of the
    input, in the outcome's unit ('Morris μ* (FTE per full range of the input)'); money and
    shares carry their unit in the values. Sobol's and RBD-FAST's are shares, without unit."""
    head = _(INDEX_WORDS.get(key, key))
    if key in MORRIS_INDICES:
        unit = _unit(column_name)
        per = (_("{unit} per full range of the input", unit=_.unit(unit))
               if unit and unit not in ("VND", "share") else _("per full range of the input"))
        return f"{head} ({per}, ± 95%)" if conf else f"{head} ({per})"
    return f"{head} (± 95%)" if conf else head


def _index_value(_: Words, key: str, column_name: str, v: float, c: float | None) -> str:
    """An index and its interval's half-width as people read them: a Morris effect on money
    in tỷ đồng (VND bn), on a share in percentage points; the others with three decimals."""
    from staffsim.i18n import money

    unit = _unit(column_name) if key in MORRIS_INDICES else ""
    if unit == "VND":
        said = _.money(v)
        return said if c is None else f"{said} ± {money(c, _.lang, 1 if abs(v) >= 1e9 else None)}"
    if unit == "share":
        def pp(x: float) -> str:
            return _("{n} pp", n=_.num(100 * x, 2))
        return pp(v) if c is None else f"{pp(v)} ± {pp(c)}"
    return _.num(v, 3) + (f" ± {_.num(c, 3)}" if c is not None else "")


def _flag_words(_: Words, flag: str, v: float | None, c: float | None) -> str:
    """A flag of an index for people; out of bounds says which way and what it means."""
    if flag == "out_of_bounds" and v is not None:
        side = "below" if v < 0 else "above" if v > 1 else "reaches"
        return _(OUT_OF_BOUNDS[side])
    return _(FLAG_WORDS[flag])


def variance_lines(_: Words, result: dict[str, Any], e: dict[str, Any]) -> list[str]:
    """The analysis of variance of one outcome's runs: each group's share, the interactions',
    the replication noise's, with what each means and what the design cannot say."""
    v, groups, labels = e["variance"], result.get("groups", []), result.get("labels", {})
    one_rep = result["replications"] < 2
    factorial = result["design"] == "factorial"
    lines = ["  " + (_("main effects, as shares of the variance of the runs (eta², analysis of "
                       "variance of the full factorial: exact)") if factorial and len(groups) > 1
                     else _("shares of the variance of the runs (eta², analysis of variance)"))]
    rows = []
    saturated = one_rep and len(groups) == 1
    for g, share in zip(groups, v["groups"], strict=True):
        rows.append([group_name(_, g, labels),
                     "–" if share is None or saturated else _.pct(share, 1)])
    if v.get("interaction") is not None:
        rows.append([_("interactions (one group's effect depends on another's)") if not one_rep
                     else _("interactions and replication noise (one replication cannot "
                            "separate them)"), _.pct(v["interaction"], 1)])
    rows.append([_("replication noise (between replications of a point)"),
                 "–" if v["noise"] is None else _.pct(v["noise"], 1)])
    lines += text_table(["", ""], rows, indent="    ")[1:]
    if saturated:
        lines.append("  " + _("each design point ran once, so the points explain all the "
                              "variance by construction, which measures nothing: set "
                              "sweep.replications to 2 or more to weigh them against "
                              "replication noise"))
    elif one_rep:
        lines.append("  " + _("replication noise: not estimable with one replication (set "
                              "sweep.replications to 2 or more)"))
    if len(groups) > 1 and not v.get("crossed", True):
        lines.append("  " + _("caution: the groups are not fully crossed, so their shares "
                              "overlap and need not add up to 100%"))
    return lines


def inseparable_lines(_: Words, result: dict[str, Any]) -> list[str]:
    """Once for the whole analysis, not per outcome: each group whose factors the design
    cannot tell apart and what to raise — unless a size warning or note above said it
    already (the same field and number of points: ``design.size_warnings``, ``size_notes``;
    they differ when whole-number ranges round points together)."""
    said = {(w.values.get("field"), w.values.get("n"))
            for w in [*result.get("design_warnings", []), *result.get("design_notes", [])]
            if "factors" in getattr(w, "values", {})}
    labels, lines = result.get("labels", {}), []
    for g in result.get("groups", []):
        if g.get("separable") is not False or (g.get("field"), g["levels"]) in said:
            continue
        names = names_joined([factor_name(_, f, labels) for f in g["factors"]])
        if g["field"] == "sweep.lever_samples":
            fix = _("raise sweep.lever_samples to {min} or more, or use one Latin sample "
                    "of all factors (lever_samples = 0, samples at least {min})",
                    min=_.num(result["min_separate_points"]))
        else:
            fix = _("raise sweep.samples to {min} or more",
                    min=_.num(result["min_separate_points"]))
        lines.append(_("not told apart: {names}: their {n} points are too few for RBD-FAST "
                       "per factor (at least {min}), so an effect of one is as much the "
                       "others'; their shares of the variance below are joint: {fix}",
                       names=names, n=_.num(g["levels"]),
                       min=_.num(result["min_separate_points"]), fix=fix))
    return lines


def missing_lines(_: Words, result: dict[str, Any]) -> list[str]:
    """A warning when files the sweep's checksums list are gone (the runs/ folder deleted):
    the analysis reads only sweep.json and results.parquet, checked unchanged, but the folder
    no longer is what the sweep sealed."""
    missing = result.get("missing_files") or []
    if not missing:
        return []
    n = result.get("missing_count", len(missing))
    values = {"n": _.num(n), "first": missing[0],
              "command": f"staffsim verify {shlex.quote(str(result['sweep']))}"}
    if n == 1:
        return [_("warning: {first}, listed in the sweep's checksums, is missing; the analysis "
                  "reads only sweep.json and results.parquet, which are as the sweep sealed "
                  "them; {command} checks the whole folder", **values)]
    return [_("warning: {n} files listed in the sweep's checksums are missing (the first: "
              "{first}); the analysis reads only sweep.json and results.parquet, which are as "
              "the sweep sealed them; {command} checks the whole folder", **values)]


def report_lines(result: dict[str, Any]) -> list[str]:
    """The analysis for people, in the current language: the design's size warnings, the
    runs whose optimiser plan was not proven optimal or found none, each
    outcome's analysis of variance, its indices with their 95% bootstrap intervals and
    flags where the design tells the factors apart, and scenario discovery with the settings
    that met too few scenarios said so."""
    _ = words()
    design = _(DESIGN_NAMES.get(result["design"], result["design"]))
    runs = {"design": design, "runs": counted(_, result["runs"], N_("{n} run"), N_("{n} runs")),
            "reps": counted(_, result["replications"], N_("{n} replication"),
                            N_("{n} replications"))}
    if result.get("repeats"):  # e.g. a Morris design: say why its groups count fewer points
        lines = [_("{design} design: {points}; {runs} ({reps} per point)", **runs,
                   points=points_words(_, result["points"], result["distinct_points"],
                                       result["repeats"]))]  # (as sweep's first line)
    else:
        lines = [_("{design} design, {runs} ({reps} per point)", **runs)]
    lines += [_("warning: {text}", text=say(_, w)) for w in result.get("design_warnings", [])]
    lines += [_("note: {text}", text=say(_, n)) for n in result.get("design_notes", [])]
    lines += inseparable_lines(_, result)
    lines += missing_lines(_, result)
    lines += solver_lines(result.get("solver_plans") or {})
    lines.append("")
    labels = result.get("labels", {})
    for name, e in result["sensitivity"].items():
        lines.append(column(_, name))
        if "note" in e:
            lines.append(f"  {_(e['note'])}")
        if "variance" in e:
            lines += variance_lines(_, result, e)
        num, flags = e.get("numeric", {}), e.get("flags", {})
        keys = [k for k in num if not k.endswith("_conf")]
        rows = []
        for j, f in enumerate(result["numeric_factors"]):
            if any("not_separable" in flags.get(k, [[]] * len(num[k]))[j] for k in keys):
                continue  # said above: no index of its own
            row = [factor_name(_, f, labels)]
            notes = []
            for k in keys:
                v, c = num[k][j], (num.get(f"{k}_conf") or [None] * len(num[k]))[j]
                row.append("–" if v is None else _index_value(_, k, name, v, c))
                found = flags.get(k, [[]] * len(num[k]))[j]
                if found:
                    notes.append(f"{INDEX_SYMBOLS.get(k, k)}: "
                                 + ", ".join(_flag_words(_, x, v, c) for x in found))
            rows.append([*row, ("⚠ " + "; ".join(notes)) if notes else ""])
        if keys and rows:
            if len(result.get("groups", [])) > 1 and result["design"] == "latin":
                lines.append("  " + _("first-order indices within each group (shares of the "
                                      "group's own share above, by RBD-FAST on its points):"))
            head = ["", *(_index_head(_, k, name, f"{k}_conf" in num) for k in keys), ""]
            lines += text_table(head, rows, indent="  ")
        if "s1_sum" in e:
            lines.append("  " + _("caution: the first-order indices add up to {sum}, more than "
                                  "1 — the design is too small for them to be read as shares",
                                  sum=_.num(e["s1_sum"], 2)))
        lines.append("")
    d = result["discovery"]
    said = dict(title=column(_, d["outcome"]),
                threshold=discovery_value(_, d["outcome"], d["threshold"]),
                share=_.pct(d["robust_share"]), n=_.num(d.get("min_scenarios", 1)))
    lines.append(_("Scenario discovery: {title} above {threshold} (robust: in at least {share} "
                   "of at least {n} scenarios)", **said) if d.get("direction") == "above" else
                 _("Scenario discovery: {title} below {threshold} (robust: in at least {share} "
                   "of at least {n} scenarios)", **said))
    if d.get("replaced_outcome"):  # the sweep's own is no outcome: the first --outcome
        lines.append("  " + _("on the first --outcome: the sweep's sweep.discovery.outcome "
                              "{value} is not an outcome of its runs",
                              value=quote(d["replaced_outcome"])))
    if d.get("note"):  # no verdict to give (NOTHING_TO_JUDGE)
        lines.append("  " + _(d["note"], n=_.num(d["scenarios"])))
        return lines
    if d.get("too_few") and d.get("crossed") and not d.get("numeric_uncertainties"):
        lines.append("  " + _("warning: {n} of {m} lever settings met fewer than {k} scenarios "
                              "(each meets every scenario, and the design has {s}): too few to "
                              "judge, never called robust; lower sweep.discovery.min_scenarios "
                              "to judge them", n=_.num(d["too_few"]), m=_.num(len(d["settings"])),
                              k=_.num(d["min_scenarios"]), s=_.num(d["scenarios"])))
    elif d.get("too_few") and d.get("crossed"):
        lines.append("  " + _("warning: {n} of {m} lever settings met fewer than {k} scenarios "
                              "(each meets every scenario, and the design has {s}): too few to "
                              "judge, never called robust; raise sweep.samples to {k} or more, "
                              "or lower sweep.discovery.min_scenarios",
                              n=_.num(d["too_few"]), m=_.num(len(d["settings"])),
                              k=_.num(d["min_scenarios"]), s=_.num(d["scenarios"])))
    elif d.get("too_few"):
        lines.append("  " + _("warning: {n} of {m} lever settings met fewer than {k} scenarios: "
                              "too few to judge, never called robust (sweep.lever_samples > 0 "
                              "lets every setting meet every scenario)", n=_.num(d["too_few"]),
                              m=_.num(len(d["settings"])), k=_.num(d["min_scenarios"])))
    for r in d["settings"][:15]:
        # '; ' between factors: a label may hold a comma ('hệ số hỗ trợ, vùng cao 1,30')
        setting = "; ".join(setting_said(_, k, v, labels)
                            for k, v in r["setting"].items()) or _("all runs")
        # judged settings below the robust share say so (a blank read as "not judged")
        verdict = (_("ROBUST") if r["robust"] else _("not robust")
                   if r.get("enough_scenarios", True) else _("too few scenarios"))
        lines.append("  " + _("{verdict:>18}  {share:>5}  mean {mean}  ({n}, {runs})  "
                              "{setting}", verdict=verdict, share=_.pct(r["success_share"]),
                              mean=(_.pct(r["mean"], 1) if column_unit(d["outcome"]) == "share"
                                    else _.num(r["mean"], 1)),
                              n=counted(_, r.get("scenarios", 0), N_("{n} scenario"),
                                        N_("{n} scenarios")),
                              runs=counted(_, r["runs"], N_("{n} run"), N_("{n} runs")),
                              setting=setting))
    if len(d["settings"]) > 15:
        lines.append("  " + _("… {n} more settings in discovery.csv",
                              n=_.num(len(d["settings"]) - 15)))
    return lines
