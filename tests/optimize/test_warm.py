"""A what-if variant starts from the cached baseline's basis (``optimize.warm``): fewer simplex
iterations, never another plan, and a basis that does not fit (another problem's, a planted
cache entry's) costs time only."""

from __future__ import annotations

import json
from collections import Counter

import highspy
import numpy as np
import pytest

from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize import cache
from staffsim.optimize.check import check_plan
from staffsim.optimize.edits import Edits
from staffsim.optimize.levers import set_param, with_params
from staffsim.optimize.planner import plan_rows
from staffsim.optimize.solve import optimize_plan
from staffsim.optimize.warm import named_basis
from staffsim.optimize.whatif import plan_reports
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


@pytest.fixture(scope="module")
def thanh_hoa():
    sc = load_scenario(SCENARIOS / "thanh_hoa.toml")
    return state_from_roster(sc, initial_roster(sc))


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("STAFFSIM_NO_CACHE", raising=False)
    monkeypatch.setenv("STAFFSIM_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def iterations(monkeypatch) -> list[int]:
    """The simplex iterations of every HiGHS run, in order."""
    runs: list[int] = []
    real = highspy.Highs.run

    def counted(self):
        status = real(self)
        runs.append(self.getInfo().simplex_iteration_count)
        return status

    monkeypatch.setattr(highspy.Highs, "run", counted)
    return runs


def _root_iterations(state, warm, iterations) -> tuple[list, int]:
    iterations.clear()
    _, res, moves, _ = optimize_plan(state, warm=warm)
    assert res.status == "Optimal"
    return moves, iterations[0]


def test_the_root_basis_starts_its_own_problem_almost_solved(thanh_hoa, iterations):
    """Solved again from its own root LP's basis, a problem's root LP needs a small fraction
    of the simplex iterations it needs from the slack basis (the basis was taken, not
    dropped), and the plan is the same."""
    _, res, cold_moves, tp = optimize_plan(thanh_hoa)
    named = named_basis(tp)
    assert named is not None and named["arcs"] and named["rows"] and named["cols"]
    cold_moves2, cold_root = _root_iterations(thanh_hoa, None, iterations)
    warm_moves, warm_root = _root_iterations(thanh_hoa, named, iterations)
    assert warm_moves == cold_moves == cold_moves2
    # (from the slack basis 4,846 iterations; from its own basis 146 with the recipient cap
    # counting everyone, 560 with the vacant essential posts' free columns, whose statuses a
    # basis mapped by name restores less well: a dropped basis would take the cold count)
    assert warm_root < 0.15 * cold_root, (warm_root, cold_root)


@pytest.mark.parametrize("variant", ["budget 36 bn", "budget 10 bn", "move limit 100",
                                     "manual move"])
def test_a_variant_from_the_baselines_basis_has_the_cold_plan(thanh_hoa, variant):
    """Variants started from the baseline's basis: the plan a cold solve of the variant finds
    (the optimum is unique), and it breaks no rule."""
    from staffsim.optimize.edits import edited_state

    _, _, base_moves, tp = optimize_plan(thanh_hoa)
    named = named_basis(tp)
    if variant == "manual move":
        m = base_moves[0]
        _, state = edited_state(thanh_hoa, Edits(
            moves=[(thanh_hoa.official_id[base_moves[1].row], thanh_hoa.communes.ids[m.to])],
            keep=[thanh_hoa.official_id[m.row]]))
    else:
        key, value = {"budget 36 bn": ("optimizer.constraints.budget.vnd", 36e9),
                      "budget 10 bn": ("optimizer.constraints.budget.vnd", 10e9),
                      "move limit 100": ("optimizer.constraints.max_moves.moves", 100)
                      }[variant]
        state = with_params(thanh_hoa, set_param(key, value))
    _, cold, cold_moves, _ = optimize_plan(state)
    _, warm, warm_moves, _ = optimize_plan(state, warm=named)
    assert warm.status == cold.status == "Optimal"
    assert warm_moves == cold_moves
    assert warm_moves != base_moves
    assert not check_plan(state, plan_rows(state, warm_moves))


def test_a_basis_that_does_not_fit_changes_nothing(thanh_hoa):
    """Another problem's basis, every status shuffled, or names and statuses that are not
    HiGHS's: the same plan as a cold solve."""
    _, _, cold_moves, tp = optimize_plan(thanh_hoa)
    named = named_basis(tp)
    rng = np.random.default_rng(3)
    shuffled = {part: dict(zip(list(d), rng.permutation(list(d.values())).tolist(),
                               strict=True)) for part, d in named.items()}
    demo = load_scenario(SCENARIOS / "demo.toml")
    _, _, _, demo_tp = optimize_plan(state_from_roster(demo, initial_roster(demo)))
    junk = {"cols": {"nobody": 7, **dict.fromkeys(list(named["cols"])[:50], 99)},
            "rows": dict.fromkeys(list(named["rows"])[:50], -1), "arcs": {1: 1, 2: 2}}
    for warm in (named_basis(demo_tp), shuffled, junk, {"cols": None}):
        _, res, moves, _ = optimize_plan(thanh_hoa, warm=warm)
        assert res.status == "Optimal" and moves == cold_moves


def _pairs(state, moves) -> Counter:
    """Officials per (donor, specialty, recipient, post)."""
    return Counter((int(state.commune[m.row]), int(state.specialty[m.row]), m.to, m.spec_to)
                   for m in moves)


def test_the_cache_keeps_the_basis_and_the_variant_starts_from_it(cache_dir, thanh_hoa,
                                                                 monkeypatch):
    """A plan kept in the cache holds its basis (read back whole); a what-if's variant is
    then solved from it, with the cold variant's plan; a planted basis in an entry is left
    unused and the entry's plan still read."""
    base = cache.optimum(thanh_hoa)
    again = cache.peek(thanh_hoa)
    assert again.cached and again.moves == base.moves
    assert again.basis == base.basis and again.basis["arcs"]
    assert all(isinstance(k, int) for k in again.basis["arcs"])
    starts = []
    real = cache.optimize_plan

    def recorded(state, **kw):
        starts.append(kw.get("warm"))
        return real(state, **kw)

    monkeypatch.setattr(cache, "optimize_plan", recorded)
    variant = with_params(thanh_hoa, set_param("optimizer.constraints.budget.vnd", 36e9))
    _, var = plan_reports(thanh_hoa, Edits(), variant, Edits())
    assert starts == [again.basis]
    # the cold variant's plan: the same officials per commune pair (which of a donor's
    # officials go is named after the baseline: optimize.naming)
    assert _pairs(variant, var["moves"]) == _pairs(variant, optimize_plan(variant)[2])
    path = cache_dir / f"{cache.state_key(thanh_hoa)}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["basis"] = {"cols": [1, 2], "rows": "x", "arcs": [["a", 1]]}
    path.write_text(json.dumps(data), encoding="utf-8")
    planted = cache.peek(thanh_hoa)
    assert planted.moves == base.moves and planted.basis is None


def test_a_plan_with_marginal_values_starts_the_variant_too(cache_dir, thanh_hoa):
    """``staffsim plan`` solves a superset problem (the marginal levers' arcs at upper bound
    0) and keeps its basis; a variant, which has no such arcs, starts from it and finds the
    cold variant's plan."""
    from staffsim.optimize.planner import plan_province

    plan = plan_province("", thanh_hoa, marginals=True).finish()
    kept = cache.peek(thanh_hoa)
    assert kept.moves == plan.moves and kept.basis is not None
    variant = with_params(thanh_hoa, set_param("optimizer.constraints.budget.vnd", 10e9))
    _, var = plan_reports(thanh_hoa, Edits(), variant, Edits())
    cold = optimize_plan(variant)[2]
    assert _pairs(variant, var["moves"]) == _pairs(variant, cold) != _pairs(thanh_hoa,
                                                                            plan.moves)
