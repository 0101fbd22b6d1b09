"""A researcher's cold trial of ``staffsim compare`` on the demo: a '90% band' from two
replications without a word, 'optimised transfers once leaves the least unmet need' when
re-optimising every 12 months gave exactly the same (the later plans moved nobody new), the
tied arm's line hidden under the other's, and the demo's simulation.months = 24 compared over
compare.months' 36 with nothing but the banner's count to say so."""

from __future__ import annotations

import csv
import json
from types import SimpleNamespace

import numpy as np
import pytest

from staffsim.results.plots import draw, style
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")


def _compare(capsys, out, *args: str) -> tuple[str, str]:
    code, stdout, err = run_cli(capsys, "compare", DEMO, "--workers", "1", "--out", str(out),
                                *args)
    assert code == 0, err
    return stdout, err


# --- 1. intervals from too few replications ------------------------------------------------

def test_band_coverage_is_what_a_band_of_n_runs_holds_on_average():
    """By hand: with two runs the interpolated 5th and 95th percentiles are 5% and 95% of the
    way between them, 0.9 x their range, and two uniform draws are 1/3 apart on average:
    0.3. The formula 0.9 (n - 1) / (n + 1) against a simulation of numpy's percentiles of
    uniform draws (whose spread is the share of the distribution they hold)."""
    from staffsim.results.summary import MIN_INTERVAL_REPLICATIONS, band_coverage

    assert band_coverage(2) == pytest.approx(0.3)
    assert band_coverage(9) == pytest.approx(0.72)
    rng = np.random.default_rng(1)
    for n in (2, 3, 5, 9, 10, 20):
        u = rng.random((40_000, n))
        held = np.percentile(u, 95, axis=1) - np.percentile(u, 5, axis=1)
        assert held.mean() == pytest.approx(band_coverage(n), abs=0.005), n
    assert MIN_INTERVAL_REPLICATIONS == 10


def test_two_or_three_replications_say_their_interval_is_rough(tmp_path, capsys):
    """With 3 replications the table's header, a warning under it, report.md and
    comparison.json say the intervals are too rough (a band of 3 runs holds on average
    0.9 x 2 / 4 = 45% of the outcomes) and what to give; with 10 none does; with one the
    table names no interval and nothing warns (a number alone, as before)."""
    stdout, _ = _compare(capsys, tmp_path / "three", "--policies", "none,optimised",
                         "--replications", "3", "--months", "3")
    lines = stdout.splitlines()
    assert lines[1].split() == ["(rough", "90%", "band)", "(rough", "90%", "band)"]
    text = " ".join(stdout.split())
    assert ("warning: the 90% bands are too rough to rely on: 3 replications are too few "
            "for a band from the 5th to the 95th percentile, which then holds on average only "
            "45% of the outcomes, not 90%; rerun with --replications 20 (at least 10)") in text
    md = (tmp_path / "three" / "report.md").read_text(encoding="utf-8")
    assert "too rough to rely on: 3 replications" in md
    assert "spread of single replications, a rough 90% band over only 3 replications" in md
    data = json.loads((tmp_path / "three" / "comparison.json").read_text(encoding="utf-8"))
    assert data["intervals"]["rough"] is True
    assert data["intervals"]["expected_coverage"] == pytest.approx(0.45)
    assert "--replications 20" in data["intervals"]["warning"]

    stdout, _ = _compare(capsys, tmp_path / "ten", "--policies", "none,optimised",
                         "--replications", "10", "--months", "3")
    assert "rough" not in stdout and "(90% band)" in stdout
    assert "rough" not in (tmp_path / "ten" / "report.md").read_text(encoding="utf-8")
    data = json.loads((tmp_path / "ten" / "comparison.json").read_text(encoding="utf-8"))
    assert data["intervals"]["rough"] is False and data["intervals"]["warning"] is None

    stdout, _ = _compare(capsys, tmp_path / "one", "--policies", "none,optimised",
                         "--replications", "1", "--months", "3")
    assert "interval" not in stdout and "rough" not in stdout
    md = (tmp_path / "one" / "report.md").read_text(encoding="utf-8")
    assert "rough" not in md and "one replication: no band" in md


def test_the_rough_warning_in_vietnamese(tmp_path, capsys):
    stdout, _ = _compare(capsys, tmp_path / "c", "--policies", "none,optimised",
                         "--replications", "2", "--months", "3", "--lang", "vi")
    text = " ".join(stdout.split())
    assert "(dải 90%, còn thô)" in stdout
    assert "cảnh báo: các dải 90% còn quá thô" in text and "30% số kết quả" in text


# --- 2. arms that tie -----------------------------------------------------------------------

def _per_run(folder) -> dict[str, list[list[str]]]:
    """Each arm's metrics, run by run, as replications.csv gives them (the solver's columns
    left out: a re-plan that moved nobody new is still a plan)."""
    from staffsim.model.policies.solver_plans import PLAN_COLUMNS

    out: dict[str, list[list[str]]] = {}
    with open(folder / "replications.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out.setdefault(r["arm"], []).append(
                [v for k, v in r.items() if k not in ("arm", "replication", *PLAN_COLUMNS)])
    return out


def test_arms_that_tie_are_said_to_tie(tmp_path, capsys, monkeypatch):
    """On the demo over 36 months the arm re-optimised every 12 months moves nobody after the
    first plan: its every run equals the one-off plan's (replications.csv, checked here). The
    answer named the one-off plan alone as leaving the least unmet need; now it names both
    as tied, the terminal and report say they gave the same results, comparison.json lists
    them, and the figure draws the second as marks over the first's line, its legend saying
    so."""
    out = tmp_path / "c"
    stdout, _ = _compare(capsys, out, "--policies", "none,optimised,rolling",
                         "--replications", "2", "--months", "36")
    runs = _per_run(out)
    assert runs["optimised"] == runs["rolling"] and runs["none"] != runs["optimised"]
    data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert data["same_outcome"] == [["optimised", "rolling"]]
    assert data["least_unmet"]["arms"] == ["optimised", "rolling"]
    text = " ".join(stdout.split())
    assert ("optimised transfers once = re-optimised every 12 months: the same results in "
            "every replication") in text
    md = (out / "report.md").read_text(encoding="utf-8")
    assert ("optimised transfers once and re-optimised every 12 months tie for the least "
            "unmet need") in md
    assert "optimised transfers once leaves the least" not in md
    assert "the same results as re-optimised every 12 months" in md

    legends, drawn = [], []

    def look(fig, path):
        for ax in fig.axes:
            drawn.extend((line.get_label(), line.get_linestyle(), line.get_marker())
                         for line in ax.get_lines())
        legends.extend(t.get_text() for lg in fig.legends for t in lg.get_texts())
    monkeypatch.setattr(style, "INSPECT", [look])
    draw(out, ["unmet_backlog_bands"], out=tmp_path / "fig", scenario=load_scenario(DEMO),
         lang="en")
    assert ("re-optimised every 12 months (the same as optimised transfers once)"
            in legends), legends
    styles = {label: (ls, marker) for label, ls, marker in drawn}
    one_off = styles["optimised transfers once"]
    rolling = styles["re-optimised every 12 months (the same as optimised transfers once)"]
    assert rolling[0] == "None" and rolling[1] not in ("None", "", None)  # marks
    assert one_off[0] != "None"  # the line they lie on

    code, stdout, err = run_cli(capsys, "compare", DEMO, "--policies", "none,optimised,rolling",
                                "--replications", "2", "--workers", "1", "--out",
                                str(tmp_path / "vi"), "--lang", "vi")
    assert code == 0, err
    md = (tmp_path / "vi" / "report.md").read_text(encoding="utf-8")
    assert ("điều động tối ưu một lần và tối ưu lại mỗi 12 tháng cùng để lại thiếu hụt ít "
            "nhất, ngang nhau") in md
    assert "điều động tối ưu một lần để lại thiếu hụt ít nhất" not in md


def _runs(values: dict[str, list[float]]) -> dict[str, list[dict]]:
    return {k: [{"replication": i, "metrics": {"unmet_fte_months|province": v,
                                               "cost_vnd|province": 1.0}}
                for i, v in enumerate(vs)] for k, vs in values.items()}


def test_the_next_arm_and_its_paired_difference():
    """By hand: arm b's runs 10, 20, 30 against c's 12, 18, 31 (means 20 and 20.33): b
    leaves the least, c next, their paired differences -2, 2, -1 (mean -1/3) have a 5th
    percentile of -1.9 and a 95th of 1.7 (numpy's interpolation: -2 + 0.1 x 1, -1 + 0.9 x
    3): an interval that holds zero. Arm a equals b in no run; d equals b in every one."""
    from staffsim.experiments.compare import least_unmet, same_outcome

    specs = [SimpleNamespace(key=k) for k in "abcd"]
    by_arm = _runs({"a": [50, 50, 50], "b": [10, 20, 30], "c": [12, 18, 31],
                    "d": [10, 20, 30]})
    least = least_unmet(specs, by_arm)
    assert least["arms"] == ["b", "d"] and least["next"] == "c"
    assert least["vs_next"]["mean"] == pytest.approx(-1 / 3)
    assert least["vs_next"]["p05"] == pytest.approx(-1.9)
    assert least["vs_next"]["p95"] == pytest.approx(1.7)
    assert same_outcome(specs, by_arm) == [["b", "d"]]


def test_an_arm_within_the_interval_of_the_least_is_said_to_come_close(tmp_path):
    """The answer names the arm with the least unmet need; one whose paired difference to it
    has an interval holding zero is said not to be told apart (made with the demo's
    summary, its arms' province unmet need set by hand)."""
    from staffsim.experiments.compare import arm_specs, run_compare, summarize_arms
    from staffsim.i18n import language
    from staffsim.results.report_contents import compare_report

    sc = load_scenario(DEMO)
    specs = arm_specs(sc, ["none", "optimised", "greedy"], 3)
    runs = run_compare(specs, 3, 7)
    unmet = {"none": [900, 950, 1000], "optimised": [500, 520, 540],
             "greedy": [505, 515, 545]}  # optimised - greedy: -5, 5, -5 (p95: -5 + 0.9 x 10)
    for r in runs:
        r["metrics"]["unmet_fte_months|province"] = unmet[r["arm"]][r["replication"]]
    summary = summarize_arms(specs, runs)
    with language("en"):
        answer = compare_report(sc, summary, 3, 3, 7, tmp_path).answer
    assert answer[0].startswith("Over 3 months and 3 replications, optimised transfers once "
                                "leaves the least unmet need: 520 FTE-months")
    # (a sentence begins with a capital, and the difference has its unit)
    # the mean paired difference -5/3 has a 90% t interval of -5/3 -+ t(0.95, 2) x s / sqrt(3),
    # s = sqrt(((10/3)^2 x 2 + (20/3)^2) / 2) = 5.774, t = 2.920: -11.4 to +8.1; the band of
    # single replications' differences is -5 to -5 + 0.9 x 10 = +4
    assert answer[1] == ("Greedy transfers once comes close, at 522 FTE-months: the mean "
                         "paired difference, -2 FTE-months, has a 90% confidence interval "
                         "from -11 to +8, which includes zero, so the replications do not "
                         "tell the two apart (single replications' differences spread from "
                         "-5 to +4).")


# --- 3. compare's horizon and the scenario's ------------------------------------------------

MONTHS_WARNING = ("warning: compare runs 36 months (compare.months, by default), while this "
                  "scenario's simulation.months is 24 months (the horizon of staffsim run); "
                  "give --months 24 or set months in the scenario file's [compare] section to "
                  "compare over it")


def test_compare_says_it_runs_its_own_months_not_the_scenarios(tmp_path, capsys):
    """The demo sets simulation.months = 24; compare ran compare.months' default, 36, and
    only the banner's count said so. A warning now says both and how to change it, on the
    terminal and in the report; none when the user chose the months (--months, --set
    compare.months, or the file's [compare] months)."""
    _, err = _compare(capsys, tmp_path / "a", "--policies", "none", "--replications", "1")
    assert MONTHS_WARNING in err.splitlines()
    md = (tmp_path / "a" / "report.md").read_text(encoding="utf-8")
    assert MONTHS_WARNING in md
    for given in (("--months", "36"), ("--set", "compare.months=36"),
                  ("--set", 'compare."months"=30')):
        _, err = _compare(capsys, tmp_path / "-".join(given).replace('"', ""), "--policies",
                          "none", "--replications", "1", *given)
        assert "compare.months, by default" not in err, given
    own = tmp_path / "own.toml"
    own.write_text((SCENARIOS / "demo.toml").read_text(encoding="utf-8").replace(
        '"data/demo_communes.csv"', json.dumps(str(SCENARIOS / "data" / "demo_communes.csv")))
        + "\n[compare]\nmonths = 36\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "compare", str(own), "--policies", "none",
                           "--replications", "1", "--workers", "1", "--out",
                           str(tmp_path / "own"))
    assert code == 0, err
    assert "compare.months, by default" not in err
    # the same months: nothing to say
    _, err = _compare(capsys, tmp_path / "same", "--policies", "none", "--replications", "1",
                      "--set", "simulation.months=36")
    assert "compare.months, by default" not in err


def test_the_months_warning_in_vietnamese(tmp_path, capsys):
    _, err = _compare(capsys, tmp_path / "c", "--policies", "none", "--replications", "1",
                      "--lang", "vi")
    assert ("cảnh báo: compare chạy 36 tháng (compare.months, giá trị mặc định), trong khi "
            "simulation.months của kịch bản này là 24 tháng") in err
