"""Fuzz the bundled scenario files: wrong types, out-of-range values, missing sections, unknown
keys. Each mutant is accepted (exit 0) or refused (exit 2) with one line per problem, each
naming the file (validate lists every problem: one mutation is one line, several may be
several)."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from staffsim.cli import main
from staffsim.scenarios.loader import _to_toml
from staffsim.scenarios.params import leaf_keys

from ..conftest import SCENARIOS

BUNDLED = ("demo", "thanh_hoa", "vietnam")
WRONG = ["text", [1, "a"], {"x": 1}, True, -1e18, 1e18, -1, 0, 1.5]


def original(name: str) -> dict:
    data = tomllib.loads((SCENARIOS / f"{name}.toml").read_text(encoding="utf-8"))
    prov = data.setdefault("province", {})
    for key in ("communes_csv", "roster_csv", "distances_csv"):
        if key in prov:  # absolute, so the mutant can live anywhere
            prov[key] = str(SCENARIOS / prov[key])
    return data


def set_key(data: dict, dotted: str, value) -> None:
    *parents, leaf = dotted.split(".")
    for p in parents:
        nxt = data.setdefault(p, {})
        if not isinstance(nxt, dict):
            data[p] = nxt = {}
        data = nxt
    data[leaf] = value


def check_mutant(tmp: Path, data: dict, capsys, most: int = 1) -> int:
    """``most``: the problems the mutant may have (one per mutation; a mutated list of arms
    can name several unknown arms)."""
    path = tmp / "mutant.toml"
    path.write_text(_to_toml(data), encoding="utf-8")
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err and "internal error" not in err, err
    if code == 2:
        # (a warning about the data, such as the national table's populations below 1,500,
        # said once per process, is not one of the mutant's problems)
        lines = [ln for ln in err.splitlines()
                 if ln.strip() and not ln.startswith("staffsim: warning: ")]
        assert 1 <= len(lines) <= most, err
        for line in lines:
            assert line.startswith("staffsim: error: "), err
            assert str(path) in line or "command line" not in line, line
    return code


@pytest.mark.slow  # some 1,700 scenarios read (5-8 s): CI's second step; the random
# mutations below keep the same check in the default run
def test_every_key_with_every_wrong_value(tmp_path, capsys):
    """Each documented key of the demo scenario set to each of nine wrong or extreme values."""
    base = original("demo")
    codes = []
    for key in leaf_keys():
        for value in WRONG:
            data = copy.deepcopy(base)
            set_key(data, key, value)
            codes.append(check_mutant(tmp_path, data, capsys))
    assert len(codes) == len(leaf_keys()) * len(WRONG) > 1500
    assert codes.count(2) > len(codes) // 2  # most are refused, each in one line


@pytest.mark.parametrize("name", BUNDLED)
def test_missing_sections_and_unknown_keys(tmp_path, capsys, name):
    base = original(name)
    for section in list(base):
        data = copy.deepcopy(base)
        del data[section]
        code = check_mutant(tmp_path, data, capsys)
        if section == "province":
            assert code == 2  # no communes table
    for section in [*base, "workload", "sweep"]:
        data = copy.deepcopy(base)
        data.setdefault(section, {})["no_such_key"] = 1
        assert check_mutant(tmp_path, data, capsys) == 2
    data = copy.deepcopy(base)
    data["no_such_section"] = {"a": 1}
    assert check_mutant(tmp_path, data, capsys) == 2


def _paths(data: dict, prefix: str = "") -> list[str]:
    out = []
    for k, v in data.items():
        if isinstance(v, dict):
            out += _paths(v, f"{prefix}{k}.")
        else:
            out.append(f"{prefix}{k}")
    return out


values = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=False), st.text(max_size=5),
                   st.booleans(), st.lists(st.integers(-5, 5), max_size=3),
                   st.lists(st.text(max_size=3), max_size=3))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(BUNDLED), picks=st.lists(st.tuples(st.integers(0, 10**6), values),
                                                     min_size=1, max_size=3))
def test_random_mutations_of_the_bundled_values(tmp_path_factory, capsys, name, picks):
    """The keys actually written in a bundled file (sweep factors included), mutated."""
    data = original(name)
    paths = [p for p in _paths(data) if not p.endswith("_csv")]
    for i, value in picks:
        set_key(data, paths[i % len(paths)], value)
    # a list of arms (or of policies) given as a list of texts: a line for each
    check_mutant(tmp_path_factory.mktemp("m"), data, capsys, most=3 * len(picks))
