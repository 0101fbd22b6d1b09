"""The budget's hull cuts are bounded by the class counts' upper bounds: a cost in the wrong
unit (a base salary of 2.34 VND) made ``hull_cuts`` walk floor(budget / cost) points,
billions of them (the planner's trial: 24 GB, killed)."""

import itertools
import os
import resource
import subprocess
import sys
import tracemalloc

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize.branch import hull_cuts
from staffsim.optimize.solve import optimize_plan
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


def _old_hull_cuts(c0, c1, budget):
    """``hull_cuts`` before the bounds (commit efc4210), the reference where they do not
    bind."""
    tol = 1e-9 * max(1.0, abs(budget))
    if budget < -tol:
        return [(1, 0, -1)]
    xs = np.arange(int(np.floor((budget + tol) / c0)) + 1)
    ys = np.floor((budget + tol - c0 * xs) / c1).astype(np.int64)
    hull = []
    for p in zip(xs.tolist(), ys.tolist(), strict=True):
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = hull[-2], hull[-1]
            if (x2 - x1) * (p[1] - y1) - (y2 - y1) * (p[0] - x1) >= 0:
                hull.pop()
            else:
                break
        hull.append(p)
    cuts = [(0, 1, hull[0][1]), (1, 0, hull[-1][0])]
    for (x1, y1), (x2, y2) in itertools.pairwise(hull):
        a, b = y1 - y2, x2 - x1
        g = int(np.gcd(a, b))
        cuts.append((a // g, b // g, (a * x1 + b * y1) // g))
    return cuts


def test_the_hull_of_a_bounded_knapsack_by_hand():
    """2x + 3y <= 12, x <= 4, y <= 3. The largest y for x = 0..4: 3, 3, 2, 2, 1; the upper
    envelope has the vertices (0, 3), (1, 3), (3, 2), (4, 1): facets y <= 3,
    x + 2y <= 7 (through (1, 3) and (3, 2)), x + y <= 5 (through (3, 2) and (4, 1)),
    x <= 4."""
    cuts = set(hull_cuts(2.0, 3.0, 12.0, 4, 3))
    assert cuts == {(0, 1, 3), (1, 2, 7), (1, 1, 5), (1, 0, 4)}
    # without the bounds: (0, 4), (3, 2), (6, 0): 2x + 3y <= 12 is the only slanted facet
    assert set(hull_cuts(2.0, 3.0, 12.0)) == {(0, 1, 4), (2, 3, 12), (1, 0, 6)}


@pytest.mark.parametrize("seed", range(30))
def test_bounded_hull_cuts_are_valid_and_exact(seed):
    """Every integer point of the bounded knapsack meets every cut, and the LP over the cuts
    and the bounds reaches the best integer point of a random objective (enumeration)."""
    rng = np.random.default_rng(seed)
    c0, c1 = rng.uniform(0.05, 0.5, 2)
    budget = float(rng.uniform(0.3, 6.0))
    x_max, y_max = (int(v) for v in rng.integers(0, 25, 2))
    cuts = hull_cuts(c0, c1, budget, x_max, y_max)
    pts = [(x, y) for x in range(x_max + 1) for y in range(y_max + 1)
           if c0 * x + c1 * y <= budget + 1e-9 * budget]
    for a, b, r in cuts:
        assert all(a * x + b * y <= r for x, y in pts)
    for _ in range(5):
        w = rng.uniform(0, 1, 2)
        best = max(w[0] * x + w[1] * y for x, y in pts)
        a = np.array([[a, b] for a, b, _ in cuts], float)
        res = milp(-w, constraints=LinearConstraint(a, -np.inf, [r for *_, r in cuts]),
                   bounds=Bounds(0, [x_max, y_max]))
        assert -res.fun == pytest.approx(best, abs=1e-7)


@pytest.mark.parametrize("seed", range(30))
def test_bounds_that_do_not_bind_change_no_cut(seed):
    rng = np.random.default_rng(100 + seed)
    c0, c1 = rng.uniform(0.05, 0.5, 2)
    budget = float(rng.uniform(0.3, 20.0))
    if seed % 3 == 0:
        c0, c1, budget = 0.1053, 0.14742, 45.0  # Thanh Hóa's classes (VND bn) and budget
    x_max = int(budget / c0) + int(rng.integers(0, 50))
    y_max = int(budget / c1) + int(rng.integers(0, 50))
    assert hull_cuts(c0, c1, budget, x_max, y_max) == _old_hull_cuts(c0, c1, budget)
    assert hull_cuts(c0, c1, budget) == _old_hull_cuts(c0, c1, budget)


def test_tiny_costs_take_work_bounded_by_the_counts():
    """Class costs of a base salary of 2.34 VND (a millionth of Thanh Hóa's): 45 / 1.053e-7
    = 427 million points before; with the counts' bounds (500, 600) a few hundred. With no
    bound at all the work is still bounded: the single-count facets only."""
    c0, c1 = 1.053e-7, 1.4742e-7
    tracemalloc.start()
    try:
        cuts = hull_cuts(c0, c1, 45.0, 500, 600)
        unbounded = hull_cuts(c0, c1, 45.0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20e6
    # the budget does not bind inside the box: the box is the hull
    assert set(cuts) == {(0, 1, 600), (1, 0, 500)}
    assert set(unbounded) == {(0, 1, int(45 / c1)), (1, 0, int(45 / c0))}


def test_thanh_hoa_count_bounds_leave_its_cuts_unchanged():
    """On Thanh Hóa's own budget the counts' bounds (the movable officials of the donors
    with an arc into the class) are above what the budget allows: the same cuts as
    before."""
    sc = load_scenario(SCENARIOS / "thanh_hoa.toml")
    state = state_from_roster(sc, initial_roster(sc))
    _, result, moves, tp = optimize_plan(state)
    bb = tp.bnb
    assert bb is not None and bb.knapsacks
    for k in bb.knapsacks:
        budget = bb.row_upper[k.row]
        most = bb.upper[k.cols]
        assert np.all(np.isfinite(most))
        # every count is at most its bound, which the plan respects
        for i, j in itertools.combinations(range(len(k.cols)), 2):
            assert (hull_cuts(k.costs[i], k.costs[j], budget, most[i], most[j])
                    == _old_hull_cuts(k.costs[i], k.costs[j], budget))


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS")
def test_plan_with_tiny_class_costs_stays_within_memory(tmp_path):
    """A base salary at the floor the validation allows (VND 100,000) and the largest budget
    (VND 1e14) on Thanh Hóa: millions of points per pair of classes before (2.2 GB, 46 s;
    stopped under this cap). Under a 1.5 GB cap of address space the plan is written."""
    out = tmp_path / "out"
    env = dict(os.environ, STAFFSIM_CACHE_DIR=str(tmp_path / "cache"))
    cmd = [sys.executable, "-m", "staffsim.cli", "plan", str(SCENARIOS / "thanh_hoa.toml"),
           "--set", "optimizer.allowance.base_salary_vnd=100000",
           "--set", "optimizer.constraints.budget.vnd=1e14",
           "--no-marginals", "--out", str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300,
                       preexec_fn=_limit_memory)
    assert r.returncode == 0, r.stderr[-2000:]
    assert (out / "plan.csv").exists()
