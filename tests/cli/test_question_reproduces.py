"""A whatif or frontier folder asks its question again: its scenario.toml records the variant
([whatif]) or the lever and range ([frontier]), so the command run on FOLDER/scenario.toml
with no other option writes the same files (timings, the date and the command line aside).
Options on the command line replace the recorded question; a plain scenario behaves as
before; a bad [whatif] or [frontier] value is one line naming the file and the field."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

import pytest

from ..conftest import write_scenario
from ..helpers import assert_one_line_error, run_cli
from .test_reproduce import TIMING, tables

BODY = "[simulation]\nmonths = 3\nseed = 11\n[compare]\nmonths = 3\n"
# a lever change and manual edits (a forced move, a kept official), simulated as well
WHATIF = ["--set", "optimizer.budget_vnd=1e9", "--move", "W1-011=X1", "--keep", "W2-007",
          "--simulate", "--replications", "2", "--months", "3"]
FRONTIER = ["--lever", "optimizer.budget_vnd", "--range", "0:2e9:3"]
# files whose bytes depend on when and how the command was run: the manifest (times,
# command, paths), the checksums of those files
NOT_COMPARED = {"manifest.json", "checksums.sha256"}


def _without_timings(path: Path) -> bytes:
    """A file's bytes, with what says when and how it was run taken out: timing columns of
    a CSV and timing keys of a JSON (the keys the plan reproduction test leaves out), the
    command line and the date of report.html, the first line of scenario.toml (the path it
    was resolved from)."""
    text = path.read_bytes()
    if path.suffix == ".csv":
        rows = list(csv.reader(io.StringIO(text.decode("utf-8"))))
        drop = {i for i, h in enumerate(rows[0]) if h in TIMING}
        return json.dumps([[c for i, c in enumerate(r) if i not in drop] for r in rows]).encode()
    if path.suffix == ".json":
        return json.dumps(tables(path.parent)[path.name], sort_keys=True).encode()
    lines = text.decode("utf-8").splitlines()
    if path.name == "scenario.toml":
        assert lines[0].startswith("# Resolved scenario: ")
        return "\n".join(lines[1:]).encode()
    if path.name == "report.html":
        return "\n".join(ln for ln in lines if not ln.startswith('<p class="meta">Command:')
                         and " written on " not in ln).encode()
    return text


def assert_same_files(first: Path, second: Path) -> None:
    a = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    b = sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert a == b
    for rel in a:
        if rel in NOT_COMPARED:
            continue
        assert _without_timings(first / rel) == _without_timings(second / rel), rel


def test_a_whatif_folder_with_a_lever_and_manual_edits_reproduces_itself(tmp_path, capsys):
    scenario = write_scenario(tmp_path, BODY)
    first, second = tmp_path / "first", tmp_path / "second"
    code, out1, err = run_cli(capsys, "whatif", str(scenario), *WHATIF, "--out", str(first),
                              "--lang", "en")
    assert code == 0, err
    asked = tomllib.loads((first / "scenario.toml").read_text("utf-8"))["whatif"]
    assert asked == {"set": ["optimizer.budget_vnd=1e9"], "move": ["W1-011=X1"],
                     "keep": ["W2-007"], "close_commune": [], "month": 0,
                     "keep_baseline_pairs": 0.0, "simulate": True, "replications": 2,
                     "months": 3}
    code, out2, err = run_cli(capsys, "whatif", str(first / "scenario.toml"), "--out",
                              str(second), "--lang", "en")
    assert code == 0, err
    assert out1 == out2  # the same answer on the terminal
    assert_same_files(first, second)
    data = json.loads((second / "whatif.json").read_text("utf-8"))
    # the variant asked again, not the baseline: the lever, the forced move (the official
    # goes where the move says), the kept official, the simulation
    assert data["overrides"] == {"optimizer.budget_vnd": 1e9}
    assert data["edits"] == {"move": [["W1-011", "X1"]], "keep": ["W2-007"], "close": []}
    assert any(m["official_id"] == "W1-011" and m["to_commune"] == "X1"
               for m in data["variant_moves"])
    assert data["simulation"]["replications"] == 2 and data["simulation"]["months"] == 3
    # as any result folder, the replay's verifies
    assert run_cli(capsys, "verify", str(second))[0] == 0


def test_a_frontier_folder_reproduces_itself(tmp_path, capsys):
    scenario = write_scenario(tmp_path, BODY)
    first, second = tmp_path / "first", tmp_path / "second"
    code, _, err = run_cli(capsys, "frontier", str(scenario), *FRONTIER, "--workers", "1",
                           "--out", str(first))
    assert code == 0, err
    asked = tomllib.loads((first / "scenario.toml").read_text("utf-8"))["frontier"]
    assert asked == {"lever": "optimizer.budget_vnd", "range": "0:2e9:3"}
    code, _, err = run_cli(capsys, "frontier", str(first / "scenario.toml"), "--workers", "1",
                           "--out", str(second))
    assert code == 0, err
    assert_same_files(first, second)
    with open(second / "frontier.csv", encoding="utf-8") as f:
        values = [r["value"] for r in csv.DictReader(f)]
    assert values == ["0", "1000000000", "2000000000"]  # 0 to 2e9 in 3 points, both ends


def test_options_on_the_command_line_replace_the_recorded_question(tmp_path, capsys):
    scenario = write_scenario(tmp_path, BODY)
    first = tmp_path / "first"
    assert run_cli(capsys, "whatif", str(scenario), *WHATIF, "--out", str(first))[0] == 0
    # another variant: the recorded one (lever, move, keep) is not used at all; the
    # options not given (--simulate, --replications, --months) keep the table's
    other = tmp_path / "other"
    code, _, err = run_cli(capsys, "whatif", str(first / "scenario.toml"), "--set",
                           "optimizer.budget_vnd=2e9", "--out", str(other))
    assert code == 0, err
    data = json.loads((other / "whatif.json").read_text("utf-8"))
    assert data["overrides"] == {"optimizer.budget_vnd": 2e9}
    assert data["edits"] == {"move": [], "keep": [], "close": []}
    assert data["simulation"]["replications"] == 2
    asked = tomllib.loads((other / "scenario.toml").read_text("utf-8"))["whatif"]
    assert asked["set"] == ["optimizer.budget_vnd=2e9"] and asked["move"] == []
    # --no-simulate turns the recorded simulation off
    code, out, err = run_cli(capsys, "whatif", str(first / "scenario.toml"), "--no-simulate",
                             "--json")
    assert code == 0, err
    data = json.loads(out)
    assert "simulation" not in data and data["edits"]["move"] == [["W1-011", "X1"]]
    # a frontier: --range replaces the recorded range, the lever stays
    f1, f2 = tmp_path / "f1", tmp_path / "f2"
    assert run_cli(capsys, "frontier", str(scenario), *FRONTIER, "--workers", "1", "--out",
                   str(f1))[0] == 0
    code, _, err = run_cli(capsys, "frontier", str(f1 / "scenario.toml"), "--range", "0:1e9:2",
                           "--workers", "1", "--out", str(f2))
    assert code == 0, err
    with open(f2 / "frontier.csv", encoding="utf-8") as f:
        assert [r["value"] for r in csv.DictReader(f)] == ["0", "1000000000"]
    assert tomllib.loads((f2 / "scenario.toml").read_text("utf-8"))["frontier"] == {
        "lever": "optimizer.budget_vnd", "range": "0:1e9:2"}


def test_a_plain_scenario_asks_nothing_and_other_commands_ignore_the_tables(tmp_path,
                                                                            capsys):
    scenario = write_scenario(tmp_path, BODY)
    code, _, err = run_cli(capsys, "whatif", str(scenario), "--lang", "en")
    assert_one_line_error(code, err, "no change given")
    code, _, err = run_cli(capsys, "frontier", str(scenario), "--lang", "en", "--out",
                           str(tmp_path / "f"))
    assert_one_line_error(code, err, "--lever", "[frontier]")
    assert not (tmp_path / "f").exists()
    # plan on a whatif or a frontier folder's scenario: its tables ignored, the same plan
    w, f = tmp_path / "w", tmp_path / "fr"
    assert run_cli(capsys, "whatif", str(scenario), *WHATIF[:6], "--out", str(w))[0] == 0
    assert run_cli(capsys, "frontier", str(scenario), *FRONTIER, "--workers", "1", "--out",
                   str(f))[0] == 0
    a = tmp_path / "plan-a"
    assert run_cli(capsys, "plan", str(scenario), "--no-marginals", "--out", str(a))[0] == 0
    for folder in (w, f):
        b = tmp_path / f"plan-{folder.name}"
        code, _, err = run_cli(capsys, "plan", str(folder / "scenario.toml"), "--no-marginals",
                               "--out", str(b))
        assert code == 0, err
        assert tables(a) == tables(b)


@pytest.mark.parametrize(("table", "command", "fragments"), [
    ('[whatif]\nset = ["optimizer.budget_vnd=1e9", "budget"]\n', "whatif",
     ["whatif.set.1", "'budget' is not KEY=VALUE"]),
    ('[whatif]\nmove = ["W1-011"]\n', "whatif",
     ["whatif.move.0", "'W1-011' is not OFFICIAL_ID[,ID...]=COMMUNE"]),
    ('[whatif]\nset = "optimizer.budget_vnd=1e9"\n', "whatif", ["whatif.set", "list"]),
    ('[whatif]\nkeep = ["W9-999"]\n', "whatif",
     ["whatif.keep", "'W9-999' is not an official in post"]),
    ('[whatif]\nset = ["optimizer.budget_vnd=-5"]\n', "whatif",
     ["whatif.set", "optimizer.budget_vnd", "at least 0"]),
    ('[whatif]\nkeep = ["W2-007"]\nmonth = 9\n', "whatif",
     ["whatif.month", "9 is beyond the horizon; allowed: 0 to 3"]),
    ('[frontier]\nlever = "optimizer.budget_vnd"\nrange = "0:1e9:0"\n', "frontier",
     ["frontier.range", "is not START:STOP:COUNT"]),
    ('[frontier]\nlever = "optimizer.nosuch"\nrange = "0:1e9:2"\n', "frontier",
     ["frontier.lever", "'optimizer.nosuch' is not a parameter"]),
])
def test_a_bad_question_value_is_one_line_naming_the_file_and_field(tmp_path, capsys, table,
                                                                    command, fragments):
    scenario = write_scenario(tmp_path, BODY + table)
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, command, str(scenario), "--lang", "en", "--out", str(out))
    assert_one_line_error(code, err, str(scenario), *fragments)
    assert not out.exists()
    # in Vietnamese too: the same place, the message in the language
    code, _, err = run_cli(capsys, command, str(scenario), "--lang", "vi", "--out", str(out))
    assert_one_line_error(code, err, str(scenario), fragments[0], "lỗi")
    assert fragments[-1] not in err  # (translated)


def test_a_frontier_point_read_from_the_plan_cache_says_so_rather_than_0_s(tmp_path, capsys,
                                                                          monkeypatch):
    """The second frontier over the same values finds each plan in the plan cache (each was
    proven optimal and kept): those points were not solved in that run, so their times are
    empty and ``cached`` 1, where frontier.csv said 0.0000 s."""
    monkeypatch.delenv("STAFFSIM_NO_CACHE", raising=False)
    monkeypatch.setenv("STAFFSIM_CACHE_DIR", str(tmp_path / "cache"))
    scenario = write_scenario(tmp_path, BODY)
    # a lever that is no row bound: each point's model is built and solved (or looked up)
    lever = ["--lever", "optimizer.max_distance_km", "--range", "100:300:3", "--workers", "1"]
    rows = []
    for name in ("first", "second"):
        code, _, err = run_cli(capsys, "frontier", str(scenario), *lever, "--out",
                               str(tmp_path / name))
        assert code == 0, err
        with open(tmp_path / name / "frontier.csv", encoding="utf-8") as f:
            rows.append(list(csv.DictReader(f)))
        points = json.loads((tmp_path / name / "frontier.json").read_text("utf-8"))["points"]
        assert all(p["status"] == "Optimal" for p in points)  # (so the cache kept them)
    first, second = rows
    assert [r["cached"] for r in first] == ["0"] * 3
    assert all(float(r["build_s"]) > 0 for r in first)  # built here
    assert [r["cached"] for r in second] == ["1"] * 3
    assert [(r["build_s"], r["solve_s"]) for r in second] == [("", "")] * 3
    points = json.loads((tmp_path / "second" / "frontier.json").read_text("utf-8"))["points"]
    assert [(p["cached"], p["build_s"], p["solve_s"]) for p in points] == [(True, None, None)] * 3
    # the plans themselves are the same, whether solved or read
    assert [{k: v for k, v in r.items() if k not in ("build_s", "solve_s", "cached")}
            for r in first] == [{k: v for k, v in r.items()
                                 if k not in ("build_s", "solve_s", "cached")} for r in second]
