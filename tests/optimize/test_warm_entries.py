"""A plan cache entry whose "basis" (``optimize.warm``) was planted or corrupted: the entry is
read without it, or solved again, never a crash, and the plan is the cold solve's."""

from __future__ import annotations

import json

import pytest

from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize import cache
from staffsim.optimize.solve import optimize_plan
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


@pytest.fixture(scope="module")
def demo():
    sc = load_scenario(SCENARIOS / "demo.toml")
    state = state_from_roster(sc, initial_roster(sc))
    return state, optimize_plan(state)[2]


@pytest.fixture
def entry(tmp_path, monkeypatch, demo):
    """The demo's cache entry (with a basis) and its path."""
    monkeypatch.delenv("STAFFSIM_NO_CACHE", raising=False)
    monkeypatch.setenv("STAFFSIM_CACHE_DIR", str(tmp_path / "cache"))
    state, _ = demo
    cache.optimum(state)
    path = tmp_path / "cache" / f"{cache.state_key(state)}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["basis"]["cols"]
    return path, data


@pytest.mark.parametrize("part", ["cols", "rows"])
def test_an_infinite_status_in_a_planted_basis_is_dropped(entry, demo, part):
    """JSON's Infinity as a status (``int`` raises OverflowError on it, not ValueError):
    the entry's plan is read, without the basis."""
    path, data = entry
    name = next(iter(data["basis"][part]))
    data["basis"][part][name] = float("inf")
    path.write_text(json.dumps(data), encoding="utf-8")  # (writes Infinity)
    assert "Infinity" in path.read_text(encoding="utf-8")
    state, cold = demo
    hit = cache.peek(state)
    assert hit is not None and hit.moves == cold and hit.basis is None


def test_an_infinite_arc_key_in_a_planted_basis_is_dropped(entry, demo):
    path, data = entry
    data["basis"]["arcs"][0][0] = float("-inf")
    path.write_text(json.dumps(data), encoding="utf-8")
    state, cold = demo
    hit = cache.peek(state)
    assert hit is not None and hit.moves == cold and hit.basis is None


def test_an_entry_nested_too_deep_is_solved_again(entry, demo):
    """A planted entry nested deeper than the JSON reader recurses (RecursionError): a miss,
    solved again (the cold plan), not an error about the user's input."""
    path, _ = entry
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.rindex("}")] + ', "basis2": ' + "[" * 200_000 + "]" * 200_000
                    + "}", encoding="utf-8")
    state, cold = demo
    assert cache.peek(state) is None
    again = cache.optimum(state)
    assert not again.cached and again.moves == cold
