"""Every result folder reproduces itself: its scenario.toml is valid TOML, and the same command
run on FOLDER/scenario.toml gives identical tables; roster.csv keeps what the rules use; the
reported objective terms are the plan's own; text cells are safe to open in Excel."""

from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path

import pytest

from staffsim.scenarios.tables import FORMULA_START

from ..conftest import COMMUNES_HEADER, SCENARIOS, write_scenario
from ..helpers import run_cli

# timings, and where the inputs were: not results
TIMING = ("timings", "timings_s", "stages", "created_utc", "command", "build_s", "solve_s",
          "marginals_s", "greedy_s", "explain_s", "git_commit", "scenario_file", "sweep_folder",
          "input_sha256", "communes_csv", "roster_csv", "distances_csv", "sweep")

COMMANDS = {
    "run": ["run", "{s}"],
    "plan": ["plan", "{s}", "--no-marginals"],
    "compare": ["compare", "{s}", "--policies", "none,greedy,optimised", "--replications", "2",
                "--workers", "1", "--months", "3"],
    "whatif": ["whatif", "{s}", "--set", "optimizer.budget_vnd=1e9"],
    "explain": ["explain", "{s}", "--commune", "X1"],
    "frontier": ["frontier", "{s}", "--lever", "optimizer.budget_vnd", "--range", "0:2e9:2",
                 "--workers", "1"],
    "sweep": ["sweep", "{s}", "--workers", "1"],
}
SWEEP = ('\n[sweep]\ndesign = "latin"\nsamples = 3\nreplications = 2\nmonths = 2\n'
         'policies = ["recruitment"]\n[sweep.levers."policies.recruitment_lag_months"]\n'
         'values = [1, 3]\n[sweep.uncertainties."workload.intensity"]\nrange = [0.9, 1.1]\n')


def _clean(data):
    if isinstance(data, dict):
        return {k: _clean(v) for k, v in data.items() if k not in TIMING}
    if isinstance(data, list):
        return [_clean(v) for v in data]
    return data


def tables(folder: Path) -> dict[str, object]:
    """Every table and JSON result of a folder, timings and paths left out."""
    out: dict[str, object] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.suffix == ".csv":
            with open(p, encoding="utf-8") as f:
                rows = list(csv.reader(f))
            drop = {i for i, h in enumerate(rows[0]) if h in TIMING} if rows else set()
            out[rel] = [[c for i, c in enumerate(r) if i not in drop] for r in rows]
        elif p.suffix == ".json" and p.name != "manifest.json" and "runs" not in p.parts:
            out[rel] = _clean(json.loads(p.read_text(encoding="utf-8")))
        elif p.suffix == ".parquet":
            import pyarrow.parquet as pq

            out[rel] = pq.read_table(p).to_pylist()
    return out


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_folder_reproduces_itself(tmp_path, capsys, command):
    scenario = write_scenario(tmp_path, "[simulation]\nmonths = 3\nseed = 11\n"
                              "[compare]\nmonths = 3\n" + SWEEP)
    first, second = tmp_path / "first", tmp_path / "second"
    argv = [a.format(s=scenario) for a in COMMANDS[command]]
    code, _, err = run_cli(capsys, *argv, "--out", str(first))
    assert code == 0, err
    text = (first / "scenario.toml").read_text(encoding="utf-8")
    tomllib.loads(text)  # valid TOML (no None, keys quoted where needed)
    replay = [a.format(s=first / "scenario.toml") for a in COMMANDS[command]]
    code, _, err = run_cli(capsys, *replay, "--out", str(second))
    assert code == 0, err
    a, b = tables(first), tables(second)
    assert a and a == b
    assert json.loads((first / "manifest.json").read_text())["written_by"] == "staffsim"
    code, _, err = run_cli(capsys, "verify", str(first))  # as written, it verifies
    assert code == 0, err
    if command == "sweep":  # and its analysis, from either sweep
        for folder in (first, second):
            code, _, err = run_cli(capsys, "analyze", str(folder))
            assert code == 0, err
        assert tables(first / "analysis") == tables(second / "analysis")
        code, _, err = run_cli(capsys, "analyze", str(first))  # again: analyze has no --out
        assert code == 2 and "--force" in err and "--out" not in err, err
        assert "new folder" not in err  # analyze names its folder itself: --force is the way
        assert run_cli(capsys, "analyze", str(first), "--force")[0] == 0
        for folder in (first / "analysis", first):
            code, _, err = run_cli(capsys, "verify", str(folder))
            assert code == 0, err


def test_run_and_plan_on_any_folder_scenario_match_the_original(tmp_path, capsys):
    """`staffsim run|plan RESULT/scenario.toml` with the folder's seed = the original."""
    scenario = write_scenario(tmp_path, "[simulation]\nmonths = 3\nseed = 5\n")
    for folder_cmd in (["whatif", "--set", "optimizer.budget_vnd=1e9"],
                       ["explain", "--commune", "X2"]):
        w = tmp_path / folder_cmd[0]
        assert run_cli(capsys, folder_cmd[0], str(scenario), *folder_cmd[1:], "--out",
                       str(w))[0] == 0
        for cmd in (["run"], ["plan", "--no-marginals"]):
            a, b = tmp_path / f"{w.name}-{cmd[0]}-a", tmp_path / f"{w.name}-{cmd[0]}-b"
            assert run_cli(capsys, cmd[0], str(scenario), *cmd[1:], "--out", str(a))[0] == 0
            assert run_cli(capsys, cmd[0], str(w / "scenario.toml"), *cmd[1:], "--out",
                           str(b))[0] == 0
            assert tables(a) == tables(b)


def test_roster_csv_keeps_the_birth_month(tmp_path, capsys):
    """A run on its own roster.csv retires the same officials in the same months: the
    generated birth months survive the round trip (the year alone would move them)."""
    scenario = write_scenario(tmp_path, "[simulation]\nmonths = 60\nseed = 2\n")
    first = tmp_path / "first"
    assert run_cli(capsys, "run", str(scenario), "--out", str(first))[0] == 0
    with open(first / "roster.csv", encoding="utf-8") as f:
        roster = list(csv.DictReader(f))
    assert {r["birth_month"] for r in roster} - {"7"}  # not all mid-year
    again = tmp_path / "again.toml"
    again.write_text('[province]\nname = "Tiny"\ncommunes_csv = "communes.csv"\n'
                     f'roster_csv = "{first / "roster.csv"}"\n'
                     "[simulation]\nmonths = 60\nseed = 2\n", encoding="utf-8")
    second = tmp_path / "second"
    code, _, err = run_cli(capsys, "run", str(again), "--out", str(second))
    assert code == 0, err
    for name in ("timeseries.csv", "roster.csv", "communes.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_birth_dates_in_vietnamese_order_are_read(tmp_path, capsys):
    from staffsim.scenarios.loader import load_scenario

    (tmp_path / "roster.csv").write_text(
        "Mã cán bộ,Mã xã,Chuyên môn,Năm sinh,Ngày sinh,Lãnh đạo,Bảo vệ\n"
        "A,W1,Địa chính,1970,03/11/1970,Không,Không\n"
        "B,W2,Địa chính,1971,1971-02-28,Không,Không\nC,X1,CNTT,1980,,Không,Không\n"
        "D,X2,CNTT,1980,,Không,Không\n", encoding="utf-8")
    sc = load_scenario(write_scenario(tmp_path, 'roster_csv = "roster.csv"\n'))
    assert sc.roster.birth_month.tolist() == [11, 2, 7, 7]


@pytest.mark.parametrize("method", ["weighted", "lexicographic"])
def test_reported_objective_terms_are_the_plans_own(tmp_path, capsys, method):
    out = tmp_path / "p"
    code, _, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--no-marginals",
                           "--set", f'optimizer.objective.method="{method}"', "--out", str(out))
    assert code == 0, err
    s = json.loads((out / "plan_summary.json").read_text(encoding="utf-8"))
    prov = next(iter(s["by_province"].values()))
    terms, opt = prov["solver"]["objective_terms"], prov["optimum"]
    assert terms["weighted_unmet"] == opt["weighted_unmet_after"]
    lines = (out / "plan.csv").read_text(encoding="utf-8").splitlines()
    assert terms["moves"] == opt["moves"] == len(lines) - 1
    assert terms["allowance_vnd_bn"] * 1e9 == pytest.approx(opt["allowance_vnd"], rel=1e-12)


HOSTILE_NAMES = ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-2+3", "@SUM(A1)", "\tTab", "=1"]


def test_formula_like_text_is_escaped_and_read_back_unchanged(tmp_path, capsys):
    rows = [("W1", "phuong", "lowland", 60000, 19.80, 105.78, 5),
            ("W2", "phuong", "lowland", 30000, 19.75, 105.90, 3),
            ("X1", "xa", "mountain", 9000, 20.10, 105.30, 2),
            ("X2", "xa", "high_mountain", 5000, 20.40, 104.70, 1),
            ("=X3", "xa", "high_mountain", 4000, 20.50, 104.60, 1),
            ("-X4", "xa", "mountain", 4000, 20.30, 104.90, 1)]
    names = HOSTILE_NAMES
    communes = COMMUNES_HEADER + "".join(
        f'{cid},"{names[i].replace(chr(34), chr(34) * 2)}",{kind},{zone},{pop},10,{lat},{lon},'
        f"{mu}\n" for i, (cid, kind, zone, pop, lat, lon, mu) in enumerate(rows))
    scenario = write_scenario(tmp_path, "[simulation]\nmonths = 2\nseed = 1\n",
                              communes=communes)
    for cmd in (["run"], ["plan", "--no-marginals"]):
        out = tmp_path / cmd[0]
        code, _, err = run_cli(capsys, cmd[0], str(scenario), *cmd[1:], "--out", str(out))
        assert code == 0, err
        for table in out.rglob("*.csv"):
            with open(table, encoding="utf-8") as f:
                for row in csv.reader(f):
                    for cell in row:
                        if cell.startswith(FORMULA_START):
                            float(cell)  # only numbers may start so (OWASP rule)
    # read back by staffsim: names and ids unchanged
    from staffsim.scenarios.province import read_communes, read_roster

    c = read_communes(tmp_path / "run" / "communes.csv")
    given = read_communes(tmp_path / "communes.csv")  # as staffsim read the input
    assert c.names == given.names and c.ids == given.ids == [r[0] for r in rows]
    assert c.names[:4] == names[:4]
    r = read_roster(tmp_path / "run" / "roster.csv", c)
    assert any(o.startswith("=X3-") for o in r.official_id)
    with open(tmp_path / "plan" / "plan.csv", encoding="utf-8") as f:
        plan = list(csv.DictReader(f))
    assert any(p["to_name"].startswith("'") for p in plan)  # escaped on disk


def test_every_table_a_bundled_scenario_names_is_copied_into_its_folder(tmp_path, capsys):
    """Thanh Hóa names a pool and known road distances besides its communes: a folder that
    copied only the communes could neither be re-run nor verified (found by trying it)."""
    named = tomllib.loads((SCENARIOS / "thanh_hoa.toml").read_text(encoding="utf-8"))
    tables_named = {k for k, v in named["province"].items() if k.endswith("_csv") and v}
    assert {"communes_csv", "pool_csv", "known_distances_csv"} <= tables_named
    out = tmp_path / "run"
    assert run_cli(capsys, "run", str(SCENARIOS / "thanh_hoa.toml"), "--months", "2", "--out",
                   str(out))[0] == 0
    copied = tomllib.loads((out / "scenario.toml").read_text(encoding="utf-8"))["province"]
    for key in tables_named:
        assert copied[key].startswith("inputs/"), key
        assert (out / copied[key]).is_file(), key
    again = tmp_path / "again"
    assert run_cli(capsys, "run", str(out / "scenario.toml"), "--months", "2", "--out",
                   str(again))[0] == 0
    assert tables(again) == tables(out)
    assert run_cli(capsys, "verify", str(out))[0] == 0
