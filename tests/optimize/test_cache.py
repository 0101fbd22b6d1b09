"""The baseline cache: the same plan as solving, another key for anything that changes the
plan, whole entries only under concurrent use, and a bad entry is solved again."""

from __future__ import annotations

import json
import os
import threading

import pytest

from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize import cache
from staffsim.optimize.levers import set_param, with_params
from staffsim.optimize.solve import optimize_plan
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import run_cli


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("STAFFSIM_NO_CACHE", raising=False)
    monkeypatch.setenv("STAFFSIM_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def demo_state():
    sc = load_scenario(SCENARIOS / "demo.toml", {"optimizer.constraints.budget.vnd": 2.5e9})
    return state_from_roster(sc, initial_roster(sc))


def _count_solves(monkeypatch) -> list[int]:
    calls = []
    real = cache.optimize_plan

    def counted(state, **kw):
        calls.append(kw.get("prefer"))
        return real(state, **kw)

    monkeypatch.setattr(cache, "optimize_plan", counted)
    return calls


def test_second_ask_is_read_back_with_the_same_plan(cache_dir, demo_state, monkeypatch):
    calls = _count_solves(monkeypatch)
    first = cache.optimum(demo_state)
    again = cache.optimum(demo_state)
    assert len(calls) == 1 and not first.cached and again.cached
    _, res, moves, _ = optimize_plan(demo_state)
    assert again.moves == first.moves == moves
    assert again.status == "Optimal"
    assert len(list(cache_dir.glob("*.json"))) == 1


def test_anything_that_changes_the_plan_changes_the_key(demo_state):
    key = cache.state_key(demo_state)
    assert cache.state_key(with_params(demo_state, set_param(
        "optimizer.constraints.budget.vnd", 2.6e9))) != key
    import dataclasses

    older = dataclasses.replace(demo_state, birth_month=demo_state.birth_month - 1)
    assert cache.state_key(older) != key
    later = dataclasses.replace(demo_state, calendar_month=demo_state.calendar_month + 1)
    assert cache.state_key(later) != key
    assert cache.state_key(demo_state) == key
    # what the optimum does not depend on keeps the key: plan --no-marginals, a time limit
    for path, value in (("optimizer.marginals", False), ("optimizer.time_limit_s", 5.0),
                        ("optimizer.workers", 1), ("output.figures", False),
                        ("simulation.replications", 7)):
        assert cache.state_key(with_params(demo_state, set_param(path, value))) == key, path


def test_concurrent_solvers_leave_whole_entries(cache_dir, demo_state):
    results, errors = [], []

    def ask():
        try:
            results.append(cache.optimum(demo_state).moves)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 6
    assert all(m == results[0] for m in results)
    assert [p.name for p in cache_dir.iterdir()] == [f"{cache.state_key(demo_state)}.json"]


@pytest.mark.parametrize("bad", ["garbage", "truncated", "fifo", "folder", "unknown official"])
def test_a_bad_entry_is_solved_again(cache_dir, demo_state, monkeypatch, bad):
    good = cache.optimum(demo_state)
    path = cache_dir / f"{cache.state_key(demo_state)}.json"
    text = path.read_text(encoding="utf-8")
    path.unlink()
    if bad == "garbage":
        path.write_text("not json", encoding="utf-8")
    elif bad == "truncated":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif bad == "fifo":
        os.mkfifo(path)  # reading it would never end
    elif bad == "folder":
        path.mkdir()
    else:
        data = json.loads(text)
        data["moves"].append(["nobody", data["moves"][0][1], data["moves"][0][2]])
        path.write_text(json.dumps(data), encoding="utf-8")
    calls = _count_solves(monkeypatch)
    again = cache.optimum(demo_state)
    assert len(calls) == 1 and not again.cached and again.moves == good.moves


def test_a_plan_not_proven_optimal_is_not_kept(cache_dir, demo_state, monkeypatch):
    real = cache.optimize_plan

    def time_limited(state, **kw):
        inputs, res, moves, tp = real(state, **kw)
        res.status = "TimeLimit"
        return inputs, res, moves, tp

    monkeypatch.setattr(cache, "optimize_plan", time_limited)
    assert cache.optimum(demo_state).status == "TimeLimit"
    assert not list(cache_dir.glob("*.json"))


def test_off_keeps_nothing(tmp_path, demo_state, monkeypatch):
    monkeypatch.setenv("STAFFSIM_NO_CACHE", "1")
    monkeypatch.setenv("STAFFSIM_CACHE_DIR", str(tmp_path / "c"))
    assert not cache.optimum(demo_state).cached
    assert not (tmp_path / "c").exists()


def test_whatif_after_plan_reads_the_baseline(cache_dir, tmp_path, capsys, monkeypatch):
    demo = str(SCENARIOS / "demo.toml")
    code, _, err = run_cli(capsys, "plan", demo, "--out", str(tmp_path / "p"),
                           "--no-marginals")
    assert code == 0, err
    assert len(list(cache_dir.glob("*.json"))) == 1
    calls = _count_solves(monkeypatch)
    code, out, err = run_cli(capsys, "whatif", demo, "--set", "optimizer.budget_vnd=2e9")
    assert code == 0, err
    assert len(calls) == 1  # the variant only
    code, out, err = run_cli(capsys, "explain", demo, "--commune", "Mường Lý")
    assert code == 0, err
    assert len(calls) <= 1 + 4  # its remedies at most; the plan itself came from the cache


@pytest.mark.parametrize(("sets", "edits"), [
    ({"optimizer.constraints.budget.vnd": 2e9}, None),
    ({}, "move"),
])
def test_a_cached_baseline_starts_the_variant_with_its_arcs(cache_dir, demo_state, monkeypatch,
                                                          sets, edits):
    """With the baseline in the cache, the variant's solve starts from the baseline's arcs
    (``prefer``); the variant's plan and objective are those of a solve without them."""
    from staffsim.optimize.edits import Edits
    from staffsim.optimize.whatif import plan_reports

    base_state = demo_state
    var_state = demo_state
    for key, value in sets.items():
        var_state = with_params(var_state, set_param(key, value))
    base_plan = cache.optimum(base_state)
    if edits:
        m = base_plan.moves[0]
        edits = Edits(moves=[(base_state.official_id[m.row], base_state.communes.ids[m.to])],
                      keep=[base_state.official_id[base_plan.moves[1].row]])
    else:
        edits = Edits()
    calls = _count_solves(monkeypatch)
    base, var = plan_reports(base_state, Edits(), var_state, edits)
    assert len(calls) == 1 and calls[0] is not None and len(calls[0]) > 0
    monkeypatch.setenv("STAFFSIM_NO_CACHE", "1")  # the same questions, solved cold
    cold_base, cold_var = plan_reports(base_state, Edits(), var_state, edits)
    # cold: two solves, or one model for a budget-only variant (whatif.row_lever_change)
    assert calls[1:] == ([] if sets else [None, None])
    for hot, cold in ((base, cold_base), (var, cold_var)):
        assert hot["moves"] == cold["moves"]
        assert hot["outcome"] == cold["outcome"]
    assert var["moves"] != base["moves"]  # the variant is another problem
