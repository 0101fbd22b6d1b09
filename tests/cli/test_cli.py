"""The command line: bad input gives one line and exit 2; runs write complete folders."""

import csv
import json
import os

import pytest

from staffsim.model.outcomes import per_area_metrics
from staffsim.scenarios.loader import load_scenario

from ..conftest import COMMUNES_HEADER, SCENARIOS, TINY_COMMUNES, write_scenario
from ..helpers import assert_one_line_error, run_cli


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        ("[workload]\nonline_shar = 0.3\n", ["workload.online_shar", "did you mean online_share"]),
        ("[simulation]\nmonths = 'ten'\n", ["simulation.months", "integer"]),
        ("[simulation]\nmonths = 0\n", ["simulation.months", "at least 1"]),
        ("[workload.online_share]\nmountain = 1.5\n", ["workload.online_share.mountain",
                                                        "at most 1"]),
        ("[workload.specialties.lands]\nbase_hours = 1\n", ["workload.specialties.lands",
                                                            "unknown key"]),
        ("[bogus]\nx = 1\n", ["bogus", "unknown key; allowed here:", "dynamics"]),
        ("[simulation\n", ["not valid TOML"]),
    ],
)
def test_bad_scenario_values(tmp_path, capsys, body, fragments):
    path = write_scenario(tmp_path, body)
    code, _, err = run_cli(capsys, "validate", str(path))
    assert_one_line_error(code, err, str(path), *fragments)


@pytest.mark.parametrize(
    ("communes", "fragments"),
    [
        (COMMUNES_HEADER + "A,Alpha,village,lowland,100,1,20,105,1\n",
         ["row 2, column kind", "xa|phuong|dac_khu"]),
        (COMMUNES_HEADER + "A,Alpha,xa,coast,100,1,20,105,1\n",
         ["row 2, column zone", "lowland|mountain|high_mountain"]),
        (COMMUNES_HEADER + "A,Alpha,xa,lowland,many,1,20,105,1\n",
         ["row 2, column population", "not a whole number"]),
        (COMMUNES_HEADER + "A,Alpha,xa,lowland,100,1,95,105,1\n",
         ["row 2, column lat", "8 to 24 (inside Vietnam)"]),
        (COMMUNES_HEADER + "A,Alpha,xa,lowland,100,1,20,105,1\nA,Beta,xa,lowland,5,1,20,105,1\n",
         ["row 3, column commune_id", "repeats row 2"]),
        ("commune_id,name,kind\nA,Alpha,xa\n", ["header", "missing column(s) zone"]),
        (COMMUNES_HEADER + "A,Alpha,xa,lowland,100,1,20\n", ["row 2", "fields"]),
    ],
)
def test_bad_communes_table(tmp_path, capsys, communes, fragments):
    path = write_scenario(tmp_path, communes=communes)
    code, _, err = run_cli(capsys, "validate", str(path))
    assert_one_line_error(code, err, "communes.csv", *fragments)


def test_missing_data_file_and_roster_errors(tmp_path, capsys):
    path = write_scenario(tmp_path, '[province]\n', name="a.toml")
    path.write_text('[province]\ncommunes_csv = "nowhere.csv"\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(path))
    assert_one_line_error(code, err, "nowhere.csv", "not found")

    (tmp_path / "roster.csv").write_text(
        "official_id,commune_id,specialty,birth_year,leader,protected\n"
        "o1,W1,land,1980,false,false\no2,ZZ,land,1980,false,false\n", encoding="utf-8")
    path = write_scenario(tmp_path, "", name="b.toml")
    path.write_text(path.read_text() + 'roster_csv = "roster.csv"\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(path))
    assert_one_line_error(code, err, "roster.csv", "row 3, column commune_id", "'ZZ'")


def test_bad_cli_values(tmp_path, capsys, tiny):
    code, _, err = run_cli(capsys, "run", str(tiny), "--months", "0")
    assert_one_line_error(code, err, "--months")
    code, _, err = run_cli(capsys, "run", str(tiny), "--set", "simulation.monthz=3")
    assert_one_line_error(code, err, "simulation.monthz", "did you mean months")
    assert not (tmp_path / "runs").exists()


def test_bom_csv_is_accepted(tmp_path, capsys):
    path = write_scenario(tmp_path, communes="\ufeff" + TINY_COMMUNES)
    code, out, _ = run_cli(capsys, "validate", str(path))
    assert code == 0 and "4 communes" in out


def test_roster_table_round_trip(tmp_path, capsys, tiny):
    """A run's roster.csv is a valid roster input and reproduces the same run."""
    out1 = tmp_path / "r1"
    assert run_cli(capsys, "run", str(tiny), "--out", str(out1))[0] == 0
    path = write_scenario(tmp_path, "[simulation]\nmonths = 12\nseed = 3\n", name="with.toml")
    path.write_text(path.read_text().replace(
        "[simulation]", f'roster_csv = "{out1 / "roster.csv"}"\n\n[simulation]'))
    out2 = tmp_path / "r2"
    assert run_cli(capsys, "run", str(path), "--out", str(out2))[0] == 0
    a = (out1 / "communes.csv").read_text()
    b = (out2 / "communes.csv").read_text()
    assert a == b


def test_schema_lists_units_and_defaults(capsys):
    code, out, _ = run_cli(capsys, "schema")
    schema = json.loads(out)
    assert code == 0
    defs = schema["$defs"]
    months = defs["SimulationParams"]["properties"]["months"]
    assert months["default"] == 60 and months["unit"] == "months" and months["description"]
    assert defs["SimulationParams"]["additionalProperties"] is False


@pytest.mark.figures
# the national scenario (3,321 communes, 1.5 s) in CI's second step
@pytest.mark.parametrize("name", ["demo", "thanh_hoa",
                                  pytest.param("vietnam", marks=pytest.mark.slow)])
def test_every_bundled_scenario_runs(tmp_path, capsys, name):
    out = tmp_path / name
    code, stdout, err = run_cli(capsys, "run", str(SCENARIOS / f"{name}.toml"), "--months", "3",
                                "--out", str(out))
    assert code == 0, err
    for f in ("scenario.toml", "manifest.json", "communes.csv", "roster.csv", "timeseries.csv",
              "zone_timeseries.csv", "summary.json", "figures/backlog_by_zone.png",
              "figures/wisn_ratio_by_zone.png", "figures/map_wisn_ratio.png"):
        assert (out / f).stat().st_size > 0, f
    manifest = json.loads((out / "manifest.json").read_text())
    prov = load_scenario(SCENARIOS / f"{name}.toml").params.province
    tables = {v for k, v in prov.model_dump().items() if k.endswith("_csv") and v}
    assert manifest["months"] == 3 and set(manifest["input_sha256"]) == {"scenario", *tables}
    with open(out / "timeseries.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    n_communes = len((out / "communes.csv").read_text().splitlines()) - 1
    assert len(rows) == 3 * n_communes
    summary = json.loads((out / "summary.json").read_text())
    prov = summary["areas"]["province"]
    assert prov["communes"] == n_communes
    assert prov["in_post"]["start"]["mean"] == sum(float(r["in_post"]) for r in rows
                                                   if r["month"] == "0")


def test_failed_run_leaves_no_folder(tmp_path, capsys, tiny, monkeypatch):
    import staffsim.results.run_folder as rf

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(rf, "draw_soon", boom)  # interrupted while drawing the figures
    out = tmp_path / "runs" / "x"
    code, _, err = run_cli(capsys, "run", str(tiny), "--out", str(out))
    assert code == 130 and "nothing was written" in err
    assert not out.exists()
    assert not (tmp_path / "runs").exists()  # made for the output, so removed with it


def test_existing_output_folder_is_never_overwritten(tmp_path, capsys, tiny):
    out = tmp_path / "keep"
    out.mkdir()
    (out / "mine.txt").write_text("precious")
    code, _, err = run_cli(capsys, "run", str(tiny), "--out", str(out))
    assert_one_line_error(code, err, "already exists")
    assert (out / "mine.txt").read_text() == "precious"


@pytest.mark.figures
def test_plan_writes_a_signable_transfer_list(tmp_path, capsys):
    out = tmp_path / "plan"
    code, stdout, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--out", str(out))
    assert code == 0, err
    raw = (out / "plan.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel shows the Vietnamese
    with open(out / "plan.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0])[:6] == ["official_id", "full_name", "specialty",
                                          "to_specialty", "from_commune", "to_commune"]
    # every move names its official (synthetic names for a generated roster) and current post
    assert all(len(r["full_name"].split()) >= 3 and r["from_name"] for r in rows)
    summary = json.loads((out / "plan_summary.json").read_text())
    assert summary["status"] == "Optimal"
    assert summary["optimum"]["moves"] == len(rows)
    total = sum(float(r["total_allowance_vnd"]) for r in rows)
    assert total == pytest.approx(summary["optimum"]["allowance_vnd"], rel=1e-6)
    for r in rows:  # total = monthly x months, as a planner would check it
        assert float(r["total_allowance_vnd"]) == pytest.approx(
            float(r["monthly_allowance_vnd"]) * int(r["months"]), abs=1)
    assert (out / "figures" / "plan_map.png").stat().st_size > 0
    prov = summary["by_province"]
    (entry,) = prov.values()
    # the demo's province-practice rules: the donor quota's lever, not the WISN floor's
    assert {m["lever"] for m in entry["marginal_values"]} == {
        "budget_plus_1bn", "distance_plus_10km", "donor_quota_minus_5pt"}
    assert entry["timings_s"]["build_s"] > 0 and entry["timings_s"]["solve_s"] > 0
    # balance: people are conserved across the province
    with open(out / "balance.csv", encoding="utf-8-sig") as f:
        bal = list(csv.DictReader(f))
    assert sum(int(b["before"]) for b in bal) == sum(int(b["after"]) for b in bal)

    # the optimum's own list passes evaluate with no violation
    code, stdout, _ = run_cli(capsys, "evaluate", str(SCENARIOS / "demo.toml"),
                              "--plan", str(out / "plan.csv"))
    assert code == 0 and "0 rule violations" in stdout


def test_evaluate_lists_each_violation_by_row(tmp_path, capsys):
    out = tmp_path / "run"
    assert run_cli(capsys, "run", str(SCENARIOS / "demo.toml"), "--months", "1",
                   "--out", str(out))[0] == 0
    with open(out / "roster.csv", encoding="utf-8") as f:
        roster = list(csv.DictReader(f))
    with open(out / "communes.csv", encoding="utf-8-sig") as f:
        communes = {r["commune_id"]: r for r in csv.DictReader(f)}
    leader = next(r for r in roster if r["leader"] == "true"
                  and communes[r["commune_id"]]["zone"] == "lowland")
    ward_land = next(r for r in roster if r["specialty"] == "land"
                     and communes[r["commune_id"]]["zone"] == "lowland")
    mountain = next(c for c, r in communes.items() if r["zone"] == "high_mountain")
    plan = tmp_path / "hand.csv"
    plan.write_text(
        "official_id,from_commune,to_commune,to_specialty\n"
        f"{leader['official_id']},{leader['commune_id']},{mountain},\n"
        f"{ward_land['official_id']},{ward_land['commune_id']},{mountain},it\n",
        encoding="utf-8")
    code, stdout, _ = run_cli(capsys, "evaluate", str(SCENARIOS / "demo.toml"),
                              "--plan", str(plan))
    assert code == 1
    assert f"{plan}: row 2: protected: {leader['official_id']} is a leader" in stdout
    assert (f"{plan}: row 3: specialty match: {ward_land['official_id']}, a Land administration "
            "official, placed as Information technology") in stdout
    # an id the roster has not is bad input, not a broken rule: that row only, exit 2
    with open(plan, "a", encoding="utf-8") as f:
        f.write(f"NOBODY,{mountain},{mountain},\n")
    code, stdout, err = run_cli(capsys, "evaluate", str(SCENARIOS / "demo.toml"),
                                "--plan", str(plan))
    assert code == 2 and stdout == ""
    assert err.splitlines() == [f"staffsim: error: {plan}: row 4, column official_id: "
                                "'NOBODY' is not an official of this scenario's roster"]


def test_bad_plan_file_is_one_line(tmp_path, capsys):
    plan = tmp_path / "bad.csv"
    plan.write_text("official_id,to_commune,to_specialty\nX,Y,lands\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "evaluate", str(SCENARIOS / "demo.toml"), "--plan",
                           str(plan))
    assert_one_line_error(code, err, "bad.csv", "row 2, column to_specialty", "land|")
    code, _, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--set",
                           "optimizer.constraints.budget.vnd=-1")
    assert_one_line_error(code, err, "optimizer.constraints.budget.vnd", "at least 0")


@pytest.mark.figures
def test_compare_writes_tables_figures_and_a_report(tmp_path, capsys):
    out = tmp_path / "cmp"
    code, stdout, err = run_cli(capsys, "compare", str(SCENARIOS / "demo.toml"), "--policies",
                                "none,optimised,optimised_allowance_high", "--replications",
                                "2", "--months", "6", "--workers", "1", "--out", str(out))
    assert code == 0, err
    with open(out / "comparison.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # 3 arms x every per-area metric x 4 areas
    assert len(rows) == 3 * len(per_area_metrics()) * 4
    cost = {r["arm"]: float(r["mean"]) for r in rows
            if r["metric"] == "cost_vnd" and r["area"] == "province"}
    assert cost["none"] == 0 < cost["optimised"] < cost["optimised_allowance_high"]
    report = (out / "report.md").read_text(encoding="utf-8")
    labels = {k: e["label"] for k, e in
              json.loads((out / "comparison.json").read_text())["arms"].items()}
    rows = [line for line in report.splitlines() if line.startswith("| ")]
    for arm in ("none", "optimised", "optimised_allowance_high"):
        # arms by their labels, not their keys: a row under each measure
        assert any(line.startswith(f"| {labels[arm]} | ") for line in rows), labels[arm]
    assert "common random numbers" in report
    for fig in ("unmet_backlog_bands.png", "cost_vs_unmet.png", "shortage_map_end.png"):
        assert (out / "figures" / fig).stat().st_size > 0
    data = json.loads((out / "comparison.json").read_text())
    assert data["replications"] == 2 and data["months"] == 6


def test_supplied_distance_matrix_is_used_and_checked(tmp_path, capsys):
    from staffsim.model.roster import initial_roster
    from staffsim.model.state import state_from_roster
    from staffsim.scenarios.loader import load_scenario

    ids = ["W1", "W2", "X1", "X2"]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]
    rows = "".join(f"{a},{b},{10 * (k + 1)}\n" for k, (a, b) in enumerate(pairs))
    (tmp_path / "km.csv").write_text("from_id,to_id,km\n" + rows, encoding="utf-8")
    path = write_scenario(tmp_path, "")
    path.write_text(path.read_text() + 'distances_csv = "km.csv"\n', encoding="utf-8")
    sc = load_scenario(path)
    state = state_from_roster(sc, initial_roster(sc))
    assert state.distance_km[0, 1] == 10 and state.distance_km[3, 2] == 60
    (tmp_path / "km.csv").write_text("from_id,to_id,km\n" + rows.split("\n", 1)[1],
                                     encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(path))
    assert_one_line_error(code, err, "km.csv", "no distance for pair W1 - W2")


def test_plan_on_a_simulated_month(tmp_path, capsys):
    out = tmp_path / "p6"
    code, stdout, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--month", "6",
                                "--no-marginals", "--out", str(out))
    assert code == 0, err
    with open(out / "plan.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    # recruits of the first six months may be in the plan: their ids carry an R
    code, stdout, _ = run_cli(capsys, "evaluate", str(SCENARIOS / "demo.toml"), "--plan",
                              str(out / "plan.csv"), "--month", "6")
    assert code == 0 and "0 rule violations" in stdout and rows


def test_validate_checks_every_arm_override(tmp_path, capsys):
    path = write_scenario(tmp_path, '[compare.arms.bad]\npolicies = ["training"]\n'
                                    'set = {"policies.training_gain" = 9}\n')
    code, _, err = run_cli(capsys, "validate", str(path))
    assert_one_line_error(code, err, "compare.arms.bad.set", "policies.training_gain", "at most 2")


def test_plan_keeps_roster_names_and_writes_the_decision_annex(tmp_path, capsys):
    """Names from a roster's "Họ tên" column reach plan.csv and the annex; --xlsx writes the
    annex with one row per move and the plan's total."""
    run = tmp_path / "run"
    assert run_cli(capsys, "run", str(SCENARIOS / "demo.toml"), "--months", "1",
                   "--out", str(run))[0] == 0
    with open(run / "roster.csv", encoding="utf-8") as f:
        roster = list(csv.DictReader(f))
    names = {r["official_id"]: f"Đặng Thị Ngọc Ánh {k}" for k, r in enumerate(roster)}
    table = tmp_path / "roster_names.csv"
    with open(table, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Mã cán bộ", "Họ tên", "Mã xã", "Chuyên môn", "Năm sinh", "Lãnh đạo",
                    "Bảo vệ", "Giới tính"])
        for r in roster:
            w.writerow([r["official_id"], names[r["official_id"]], r["commune_id"],
                        r["specialty"], r["birth_year"], r["leader"], r["protected"], r["sex"]])
    scenario = tmp_path / "named.toml"
    scenario.write_text(
        (SCENARIOS / "demo.toml").read_text(encoding="utf-8").replace(
            'communes_csv = "data/demo_communes.csv"',
            f'communes_csv = "{SCENARIOS / "data" / "demo_communes.csv"}"\n'
            f'roster_csv = "{table}"'), encoding="utf-8")
    out, annex = tmp_path / "plan", tmp_path / "annex.xlsx"
    code, stdout, err = run_cli(capsys, "plan", str(scenario), "--out", str(out),
                                "--no-marginals", "--xlsx", str(annex))
    assert code == 0, err
    with open(out / "plan.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["full_name"] == names[r["official_id"]] for r in rows)
    from openpyxl import load_workbook

    from staffsim.results.annex import HEADER_ROW

    ws = load_workbook(annex).active
    body = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    people = {r[2]: r for r in body if isinstance(r[0], int)}
    assert set(people) == {r["official_id"] for r in rows}
    assert all(people[o][1] == names[o] for o in people)
    # the command gives the annex the transfers' dates: a 36-month term from the scenario's
    # start (July 2025) to the end of June 2028; made after 01/07/2025, the printed dates are
    # left to fill in (no retroactive decision) and the planner's note on them gives the plan's
    head = [c for r in ws.iter_rows(max_row=HEADER_ROW, values_only=True) for c in r if c]
    assert ("Thời gian điều động: từ ngày ..../..../........ đến ngày ..../..../........"
            in head)
    assert "từ ngày 01/07/2025 đến ngày 30/06/2028 (36 tháng)" in ws["A4"].comment.text
    # the total is a value (tests/results/test_annex.py checks it is the rows' sum); their
    # amounts are the plan's
    total = next(r for r in body if isinstance(r[1], str) and "Tổng cộng" in r[1])
    assert total[7] == sum(p[7] for p in people.values())
    assert sum(p[7] for p in people.values()) == pytest.approx(
        sum(float(r["monthly_allowance_vnd"]) for r in rows), abs=len(rows))
    # an existing annex is kept unless --force; a wrong suffix is refused before planning
    code, _, err = run_cli(capsys, "plan", str(scenario), "--out", str(tmp_path / "p2"),
                           "--xlsx", str(annex))
    assert_one_line_error(code, err, "--xlsx", "already exists")
    code, _, err = run_cli(capsys, "plan", str(scenario), "--out", str(tmp_path / "p3"),
                           "--xlsx", str(tmp_path / "annex.csv"))
    assert_one_line_error(code, err, "--xlsx", ".xlsx")
    assert not (tmp_path / "p2").exists() and not (tmp_path / "p3").exists()


def test_explain_takes_a_specialty_as_data_tables_name_it(capsys):
    """HR staff type the specialty in Vietnamese, as their tables do: 'Địa chính' and 'dia
    chinh' are land (scenarios/tables.py VALUES), the same answer as --specialty land."""
    demo = str(SCENARIOS / "demo.toml")
    answers = []
    for name in ("land", "Địa chính", "dia chinh"):
        code, out, err = run_cli(capsys, "explain", demo, "--commune", "Mường Lát",
                                 "--specialty", name)
        assert code == 0, err
        answers.append(out)
    assert answers[0] == answers[1] == answers[2]
    code, _, err = run_cli(capsys, "explain", demo, "--commune", "Mường Lát", "--specialty",
                           "lãnh đạo")  # leadership: a fixed count, nothing to explain
    assert code == 2 and "not a specialty" in err and "Traceback" not in err


def test_staffsim_alone_prints_its_commands(capsys):
    """`staffsim` with no command: the help, whole, on stdout (it printed a cut-short
    "error: Usage: ..." line)."""
    code, out, err = run_cli(capsys)
    assert code == 2 and err == ""
    for command in ("run", "plan", "whatif", "explain", "frontier", "sweep", "dashboard"):
        assert f"  {command} " in out, command


def test_orloge_is_loaded_only_when_a_solver_log_is_read(tmp_path):
    """The command defers PuLP's log parser (``cli.lazy_imports``): a plan on HiGHS never
    loads it, and CBC's path, which parses its log through it, still works."""
    import subprocess
    import sys

    probe = ("import sys; sys.argv = ['staffsim', *sys.argv[1:]]\n"
             "from staffsim.cli import main\n"
             "code = main()\n"
             "print('LOADED' if 'orloge.cpsat' in sys.modules else 'DEFERRED')\n"
             "sys.exit(code)\n")
    demo = str(SCENARIOS / "demo.toml")
    env = {**os.environ, "STAFFSIM_NO_CACHE": "1", "STAFFSIM_NO_FIGURE_WORKER": "1"}
    for solver, expect in (("highs", "DEFERRED"), ("cbc", None)):
        r = subprocess.run([sys.executable, "-c", probe, "plan", demo, "--solver", solver,
                            "--no-marginals", "--out", str(tmp_path / solver)],
                           capture_output=True, text=True, env=env, timeout=300)
        assert r.returncode == 0, r.stderr[-2000:]
        if expect:
            assert r.stdout.strip().endswith(expect)


def test_a_single_run_loads_no_progress_bar_nor_mesa_extras(tmp_path):
    """``run`` of one replication makes no progress bar (one that jumps from 0 to 1 at the
    end says nothing) and so never imports tqdm; nor does Mesa's import load tqdm, asyncio,
    sqlite3 or its legacy grids (``model.deferred``). Two replications get their bar."""
    import subprocess
    import sys

    probe = ("import sys; sys.argv = ['staffsim', *sys.argv[1:]]\n"
             "from staffsim.cli import main\n"
             "code = main()\n"
             "print(*(type(sys.modules[m]).__name__ if m in sys.modules else '-' for m in\n"
             "        ('tqdm', 'asyncio', 'sqlite3', 'mesa.space')))\n"
             "sys.exit(code)\n")
    demo = str(SCENARIOS / "demo.toml")
    env = {**os.environ, "STAFFSIM_NO_FIGURE_WORKER": "1"}
    seen = {}
    for n in (1, 2):
        r = subprocess.run([sys.executable, "-c", probe, "run", demo, "--months", "3",
                            "--replications", str(n), "--set", "output.figures=false",
                            "--out", str(tmp_path / str(n))],
                           capture_output=True, text=True, env=env, timeout=300)
        assert r.returncode == 0, r.stderr[-2000:]
        seen[n] = r.stdout.strip().splitlines()[-1].split()
    assert seen[1] == ["-", "-", "Deferred", "Deferred"]
    assert seen[2][0] == "module"


def test_errors_speak_the_language(tmp_path, capsys, monkeypatch):
    # a new user met English errors in the Vietnamese default ("Input should be greater
    # than or equal to 0"); English says the bound in its own words too (3 December: it
    # said pydantic's, then the bound again as "; allowed: >= 0")
    monkeypatch.delenv("STAFFSIM_LANG")
    demo = str(SCENARIOS / "demo.toml")
    cases = [
        (["plan", demo, "--set", "optimizer.budget_vnd=-5"],
         "staffsim: lỗi: dòng lệnh: optimizer.budget_vnd: phải từ 0 trở lên "
         "(nhận được -5)"),
        (["plan", demo, "--set", "optimizer.threads=1.5"],  # a number: a decimal comma
         "staffsim: lỗi: dòng lệnh: optimizer.threads: phải là số nguyên (nhận được 1,5)"),
        (["run", str(tmp_path / "none.toml")],
         f"staffsim: lỗi: {tmp_path / 'none.toml'}: không tìm thấy tệp kịch bản"),
        (["plan", demo, "--set", "optimizer.presolve=maybe"],
         "staffsim: lỗi: dòng lệnh: optimizer.presolve: phải là true hoặc false (nhận được "
         "'maybe')"),
        (["plan", demo, "--set", "foo=1"],
         "staffsim: lỗi: dòng lệnh: foo: khóa không tồn tại; các khóa hợp lệ ở đây: compare, "
         "dynamics, frontier, optimizer, output, policies, province, roster, simulation, "
         "staffing, sweep, transfers, whatif, workload"),
    ]
    for args, line in cases:
        code, _, err = run_cli(capsys, *args)
        assert code == 2 and err.strip() == line, err
    (tmp_path / "roster.csv").write_text(
        "official_id,commune_id,specialty,birth_year,leader,protected\n"
        "a1,14797,lnd,1980,0,0\n", encoding="utf-8")
    scenario = tmp_path / "s.toml"
    scenario.write_text((SCENARIOS / "demo.toml").read_text(encoding="utf-8").replace(
        'communes_csv = "', f'roster_csv = "{tmp_path / "roster.csv"}"\ncommunes_csv = "'
        f'{SCENARIOS}/', 1), encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(scenario))
    assert code == 2
    assert "dòng 2, cột Chuyên môn: 'lnd' không hợp lệ; gần nhất: Địa chính" in err, err
    code, _, err = run_cli(capsys, "plan", demo, "--set", "optimizer.budget_vnd=-5",
                           "--lang", "en")
    assert err.strip().endswith("optimizer.budget_vnd: must be at least 0 (got -5)"), err
    assert "Input should be" not in err and "allowed: >=" not in err, err


def test_a_usage_error_is_framed_in_the_language_asked(capsys, monkeypatch):
    # found while click parses the arguments, before --lang's own callback: it was framed
    # 'lỗi' whatever the language asked
    demo = str(SCENARIOS / "demo.toml")
    code, _, err = run_cli(capsys, "plan", demo, "--lang", "en", "--bogus")
    assert code == 2 and err.startswith("staffsim: error: No such option '--bogus'")
    code, _, err = run_cli(capsys, "plan", demo, "--bogus")  # STAFFSIM_LANG=en in the tests
    assert err.startswith("staffsim: error:")
    monkeypatch.delenv("STAFFSIM_LANG")
    code, _, err = run_cli(capsys, "plan", demo, "--bogus")
    assert err.startswith("staffsim: lỗi:")


def test_warnings_and_table_errors_name_columns_in_the_language(tmp_path, capsys,
                                                                  monkeypatch):
    # warnings stayed English beside Vietnamese errors; a missing column was named by our
    # key ('to_commune') where the rows name 'Đơn vị điều động đến'
    import openpyxl

    monkeypatch.delenv("STAFFSIM_LANG")
    demo = str(SCENARIOS / "demo.toml")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in (("A", [["official_id", "to_commune"], ["16531-020", "14845"]]),
                        ("Tổng hợp", [["to_commune", "Số người"], ["14845", 1]])):
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(tmp_path / "p.xlsx")
    code, _, err = run_cli(capsys, "evaluate", demo, "--plan", str(tmp_path / "p.xlsx"))
    assert "staffsim: cảnh báo: " in err and "trang tính 'Tổng hợp' không được đọc: dòng " \
        "tiêu đề không có cột Mã cán bộ" in err
    (tmp_path / "h.csv").write_text("official_id,xa\na,14797\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "evaluate", demo, "--plan", str(tmp_path / "h.csv"))
    assert code == 2 and "thiếu cột Đơn vị điều động đến; các cột bắt buộc: Mã cán bộ, " \
        "Đơn vị điều động đến" in err
