"""Experiment designs: which input values each run of a sweep gets.

Numeric factors (a ``range``) are sampled by the design (SALib for Latin hypercube, Sobol and
Morris; a full grid for factorial). Categorical factors (``values``, e.g. provinces) are
crossed with every numeric design point, so each category gets the same numeric sample.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from staffsim.i18n import N_, Named, Said
from staffsim.scenarios import limits
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.params import FactorParams, SweepParams

# Spawn key of the design's own random stream, apart from the replication streams.
DESIGN_STREAM = 2_000_000


@dataclass(frozen=True)
class Factor:
    key: str  # dotted scenario key
    role: str  # "lever" or "uncertainty"
    spec: FactorParams

    @property
    def numeric(self) -> bool:
        return self.spec.range is not None

    @property
    def label(self) -> str:
        return self.spec.label or self.key

    @property
    def section(self) -> str:
        """Where it is declared: sweep.levers or sweep.uncertainties."""
        return "sweep.levers" if self.role == "lever" else "sweep.uncertainties"

    def cast(self, v: Any) -> Any:
        """A sampled or listed value as the run sees it (whole numbers for integer ranges)."""
        if not self.numeric:
            return v
        if not self.spec.integer:
            return float(v)
        # rounded within the range's whole numbers (0.5 of [0.5, 3] is 1, not 0)
        lo, hi = self.spec.range if self.spec.range is not None else (-math.inf, math.inf)
        return int(min(max(round(v), math.ceil(lo)), math.floor(hi)))


@dataclass
class Design:
    method: str
    numeric: list[Factor]
    categorical: list[Factor]
    x: np.ndarray  # numeric sample: rows x len(numeric), as sampled (before rounding)
    categories: list[tuple[Any, ...]] = field(default_factory=list)  # crossed value tuples

    @property
    def factors(self) -> list[Factor]:
        return self.numeric + self.categorical

    @property
    def n_points(self) -> int:
        return len(self.x) * len(self.categories)

    def problem(self) -> dict[str, Any]:
        """The SALib problem of the numeric factors."""
        return salib_problem(self.numeric)

    def point(self, i: int) -> dict[str, Any]:
        """Input values of design point i (numeric row major, categories inner)."""
        row, cat = divmod(i, len(self.categories))
        out: dict[str, Any] = {}
        for f, v in zip(self.numeric, self.x[row], strict=True):
            out[f.key] = f.cast(v)
        for f, v in zip(self.categorical, self.categories[cat], strict=True):
            out[f.key] = v
        return out


def salib_problem(numeric: list[Factor]) -> dict[str, Any]:
    return {"num_vars": len(numeric), "names": [f.key for f in numeric],
            "bounds": [list(f.spec.range) for f in numeric]}


def sweep_factors(sw: SweepParams) -> list[Factor]:
    return ([Factor(k, "lever", f) for k, f in sw.levers.items()]
            + [Factor(k, "uncertainty", f) for k, f in sw.uncertainties.items()])


def design_seed(root: int) -> int:
    """SALib takes an int seed: a 32-bit draw from the root seed's design stream."""
    return int(np.random.SeedSequence(root, spawn_key=(DESIGN_STREAM,)).generate_state(1)[0])


def make_design(sw: SweepParams, root_seed: int, source: str = "sweep") -> Design:
    """The design of a sweep; same parameters and seed, same design."""
    factors = sweep_factors(sw)
    if not factors:
        raise ScenarioError(source, "sweep", "no factors: declare at least one "
                            "[sweep.levers.KEY] or [sweep.uncertainties.KEY] with range or values")
    dup = set(sw.levers) & set(sw.uncertainties)
    if dup:
        raise ScenarioError(source, "sweep", f"{', '.join(sorted(dup))} is both a lever and an "
                            "uncertainty; declare it once")
    numeric = [f for f in factors if f.numeric]
    categorical = [f for f in factors if not f.numeric]
    # (the design as people call it: 'factorial' is the setting's value)
    limits.SWEEP_POINTS.check(design_size(sw), source, "sweep", "the number of points of the "
                              f"{DESIGN_NAMES[sw.design]} design")
    seed = design_seed(root_seed)
    if sw.design == "sobol" and sw.samples & (sw.samples - 1):
        raise ScenarioError(source, "sweep.samples", f"{sw.samples} is not a power of 2; the "
                            "Sobol design needs one (e.g. 16, 32, 64)")
    if sw.design == "morris" and sw.samples < 2:
        raise ScenarioError(source, "sweep.samples", "Morris needs at least 2 trajectories")
    if sw.lever_samples:
        if sw.design in ("sobol", "morris"):
            raise ScenarioError(source, "sweep.lever_samples", "goes with the latin or "
                                f"factorial design; {sw.design} needs one joint sample (set "
                                "lever_samples = 0)")
        # EMA Workbench's policies x scenarios: every lever setting meets every scenario
        levers = [f for f in numeric if f.role == "lever"]
        xl = _sample(sw.design, levers, sw.lever_samples, seed)
        xu = _sample(sw.design, [f for f in numeric if f.role != "lever"], sw.samples,
                     (seed + 1) % 2**32)
        x = np.array([np.concatenate([a, b]) for a in xl for b in xu]).reshape(
            len(xl) * len(xu), len(numeric))
    else:
        x = _sample(sw.design, numeric, sw.samples, seed)
    categories = list(itertools.product(*[f.spec.values for f in categorical])) or [()]
    return Design(sw.design, numeric, categorical, np.asarray(x, float), categories)


# Sizes below which SALib's indices are too noisy to read (checked before a sweep runs):
# - Sobol (Saltelli): base samples N a power of 2 (SALib's sample.sobol) and at least 2^9; the
#   Saltelli/Jansen estimators' bootstrap intervals are still wide below some hundreds of base
#   samples (Saltelli et al. 2010, "Variance based sensitivity analysis of model output");
# - Morris: at least 10 trajectories (Campolongo, Cariboni & Saltelli 2007 use 10 to 50);
# - RBD-FAST on a Latin sample: SALib sums M = 10 harmonics by default and needs N > 2M; we use
#   M = points / 10 (at most 10), so below 100 points fewer harmonics are summed and S1 is
#   biased (Plischke 2010; Tarantola, Gatelli & Mara 2006).
MIN_SOBOL_BASE = 512
MIN_MORRIS_TRAJECTORIES = 10
MIN_RBD_FAST_POINTS = 100
# Below this many distinct points of their own, the factors of a group are not told apart by
# RBD-FAST: only their joint share of the variance is reported. Why 64: on y = a + b²/2 + 0·c
# over 40 Latin samples of three factors (true S1 0.79, 0.21, 0), with our M = points / 10
# harmonics, the standard deviation of the estimated S1 of b and c was 0.21-0.22 at 10 points,
# 0.11-0.21 at 16, 0.10-0.13 at 32 and 0.08-0.10 at 64 (0.04-0.06 at 200): from 64 points an
# index is off by less than 0.1 in two cases of three, below it by up to a fifth of the whole
# variance, as large as the indices to be compared. SALib's guidance (100 points for its 10
# harmonics) stays a warning above it.
MIN_SEPARATE_POINTS = 64


def _latin_groups(sw: SweepParams) -> list[tuple[str, int, list[Factor]]]:
    """The samples RBD-FAST reads apart in a Latin design: a crossed design's lever settings
    (lever_samples) and scenarios (samples), else the one joint sample; each with its field,
    its number of points and its numeric factors."""
    numeric = [f for f in sweep_factors(sw) if f.numeric]
    if sw.design != "latin" or not numeric:
        return []
    if sw.lever_samples:
        return [("sweep.lever_samples", sw.lever_samples,
                 [f for f in numeric if f.role == "lever"]),
                ("sweep.samples", sw.samples, [f for f in numeric if f.role != "lever"])]
    return [("sweep.samples", sw.samples, numeric)]


def size_warnings(sw: SweepParams) -> list[str]:
    """What SALib's guidance says of this design's size, before anything runs: one sentence
    per problem (empty: the design is large enough for what its analysis reports).

    A group of several factors with fewer than ``MIN_SEPARATE_POINTS`` points of its own gets
    no index per factor, only its joint share of the variance. In one joint Latin sample
    (lever_samples = 0) that share is everything the sample explains, so per-factor
    sensitivity, the question such a design is run for, goes unanswered: a warning. A
    crossed design (lever_samples > 0) is run to set its lever settings against its
    scenarios: those two shares and scenario discovery are what it answers, and they hold at
    any size; that its groups' factors are not told apart is said once as a note
    (``size_notes``), not as a problem."""
    numeric = [f for f in sweep_factors(sw) if f.numeric]
    levers = [f for f in sweep_factors(sw) if f.role == "lever"]
    out: list[str] = []  # i18n.Said: English, and said in the language where shown
    if numeric and sw.design == "sobol" and sw.samples < MIN_SOBOL_BASE:
        out.append(Said(N_("sweep.samples: 1 base sample for a Sobol design; SALib's "
                           "guidance is a power of 2 of at least {min}: the indices' "
                           "intervals will be wide") if sw.samples == 1 else
                        N_("sweep.samples: {n} base samples for a Sobol design; SALib's "
                           "guidance is a power of 2 of at least {min}: the indices' "
                           "intervals will be wide"), n=sw.samples, min=MIN_SOBOL_BASE))
    if numeric and sw.design == "morris" and sw.samples < MIN_MORRIS_TRAJECTORIES:
        out.append(Said(N_("sweep.samples: {n} Morris trajectories; at least {min} are "
                           "needed for stable μ* (Campolongo et al.)"), n=sw.samples,
                        min=MIN_MORRIS_TRAJECTORIES))
    for name, n, group in _latin_groups(sw):
        if len(group) < 2:  # one factor: its share of the variance is its main effect
            continue
        if n < MIN_SEPARATE_POINTS:
            if sw.lever_samples:  # crossed: a note (size_notes)
                continue
            out.append(Said(N_("{field}: 1 point cannot tell {factors} apart (RBD-FAST "
                               "needs at least {min}); analyze reports only their joint "
                               "share of the variance") if n == 1 else
                            N_("{field}: {n} points cannot tell {factors} apart (RBD-FAST "
                               "needs at least {min}); analyze reports only their joint "
                               "share of the variance"), field=name, n=n,
                            factors=Named([f.key for f in group], [f.label for f in group]),
                            min=MIN_SEPARATE_POINTS))
        elif n < MIN_RBD_FAST_POINTS:  # indices are computed, and biased: a warning
            out.append(Said(N_("{field}: {n} points for RBD-FAST; with fewer than {min}, "
                               "fewer than SALib's 10 harmonics are summed: first-order "
                               "indices will be biased and their intervals wide"),
                            field=name, n=n, min=MIN_RBD_FAST_POINTS))
    if levers and sw.uncertainties and not sw.lever_samples and sw.design == "latin":
        # a full factorial crosses every lever level with every scenario already
        out.append(Said(N_("sweep.lever_samples: 0, so levers and uncertainties share one "
                           "sample and each lever setting meets few scenarios; scenario "
                           "discovery needs lever_samples > 0 (every lever setting against "
                           "every scenario)")))
    return out


def size_notes(sw: SweepParams) -> list[str]:
    """What a crossed Latin design's analysis will not report, said once before it runs
    (``size_warnings`` says why this is no warning): one sentence per group of several
    factors with fewer than ``MIN_SEPARATE_POINTS`` points, naming the field to raise and
    how far for an index per factor."""
    if not sw.lever_samples:
        return []
    return [Said(N_("{field} = {n}: analyze reports the joint share of the variance of "
                    "{factors}; an index per factor (RBD-FAST) needs {field} of at least "
                    "{min}"), field=name, n=n,
                 factors=Named([f.key for f in group], [f.label for f in group]),
                 min=MIN_SEPARATE_POINTS)
            for name, n, group in _latin_groups(sw)
            if len(group) > 1 and n < MIN_SEPARATE_POINTS]


# the designs as people call them
DESIGN_NAMES = {"factorial": N_("full factorial"), "latin": N_("Latin hypercube"),
                "sobol": N_("Sobol"), "morris": N_("Morris")}


def _numeric_points(method: str, n_factors: int, n: int) -> int:
    """Rows of a design of ``n_factors`` numeric factors with ``n`` samples, counted exactly
    (a Python whole number: a factorial's n ** factors is never built, and the limit's
    message writes it in full, not as the float 1e+20)."""
    if n_factors == 0:
        return 1
    return {"factorial": n ** n_factors, "latin": n, "sobol": n * (n_factors + 2),
            "morris": n * (n_factors + 1)}[method]


def design_size(sw: SweepParams) -> int:
    """Points of a sweep's design, counted before anything is sampled."""
    factors = sweep_factors(sw)
    numeric = [f for f in factors if f.numeric]
    if sw.lever_samples and sw.design in ("latin", "factorial"):
        levers = sum(f.role == "lever" for f in numeric)
        rows = (_numeric_points(sw.design, levers, sw.lever_samples)
                * _numeric_points(sw.design, len(numeric) - levers, sw.samples))
    else:
        rows = _numeric_points(sw.design, len(numeric), sw.samples)
    return rows * math.prod(len(f.spec.values or [None]) for f in factors if not f.numeric)


def _sample(method: str, numeric: list[Factor], n: int, seed: int) -> np.ndarray:
    """``n``-point sample of the numeric factors (rows x factors); one empty row if none."""
    if not numeric:
        return np.zeros((1, 0))
    if method == "factorial":
        axes = [np.linspace(*f.spec.range, n) if n > 1 else np.array([sum(f.spec.range) / 2])
                for f in numeric]
        return np.array(list(itertools.product(*axes)), dtype=float)
    problem = salib_problem(numeric)
    # deferred (SALib imports pandas): only the sampling designs need it
    if method == "latin":
        from SALib.sample import latin
        return latin.sample(problem, n, seed=seed)
    if method == "sobol":
        from SALib.sample import sobol
        return sobol.sample(problem, n, calc_second_order=False, seed=seed)
    from SALib.sample import morris
    return morris.sample(problem, n, seed=seed)
