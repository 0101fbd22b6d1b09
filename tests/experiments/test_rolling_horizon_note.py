"""An arm re-optimised every K months whose run is too short for any re-plan after the first to
take effect is optimised transfers once, and compare says so in one line: 'compare
scenarios/demo.toml --months 12 --policies optimised,rolling' showed two identical arms,
'optimised transfers once' and 're-optimised every 12 months', and nothing said why.

By hand (README "Policies over time": a policy acts at the end of a month, effective the
next; a run of H months is months 0 to H - 1): plans are made at the end of months 0, K,
2K, ...; a re-plan at month t takes effect in month t + 1, which must be within the run:
t <= H - 2. With K >= H there is no re-plan at all; with K = H - 1 the only one is at the end
of the last month."""

from __future__ import annotations

import csv

import pytest

from staffsim.experiments.compare import arm_specs, horizon_notes
from staffsim.experiments.transfer_policies import rolling_horizon_note
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = SCENARIOS / "demo.toml"


@pytest.mark.parametrize(("months", "every", "said"), [
    (12, 12, "never"),  # the researcher's case: plans at month 0 only
    (6, 12, "never"),
    (1, 1, "never"),  # a one-month run: month 0's plan only
    (13, 12, "last"),  # a re-plan at the end of month 12, the last: effective in month 13
    (2, 1, "last"),
    (14, 12, None),  # the re-plan at month 12 takes effect in month 13
    (36, 12, None),
    (12, 6, None),
])
def test_the_note_follows_the_hand_count(months, every, said):
    params = load_scenario(DEMO, {"simulation.months": months,
                                  "policies.rolling_every_months": every}).params
    note = rolling_horizon_note(params)
    if said is None:
        assert note is None
        return
    message, values = note
    assert ("never re-plans" in message) == (said == "never")
    assert ("only at the end of the last month" in message) == (said == "last")
    # the fewest months for a re-plan that takes effect: K + 2 (made at K, effective K + 1)
    assert values["more"] == every + 2 and values["last"] == months - 1


def test_an_arm_s_own_interval_is_the_one_said():
    sc = load_scenario(DEMO)
    sc.params.compare.arms["rolling"].set = {"policies.rolling_every_months": 6}
    specs = arm_specs(sc, ["optimised", "rolling"], 12)
    assert horizon_notes(specs) == []  # re-plans at months 6 (effective 7) within 12
    specs = arm_specs(load_scenario(DEMO), ["optimised", "rolling", "greedy"], 12)
    assert [key for key, _m, _v in horizon_notes(specs)] == ["rolling"]  # not the others


def _rows(folder):
    with open(folder / "replications.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {(r.pop("arm"), r["replication"]): r for r in rows}


def test_compare_says_it_and_the_arms_are_indeed_the_same(tmp_path, capsys):
    out = tmp_path / "c"
    code, text, err = run_cli(capsys, "compare", "--lang", "en", str(DEMO), "--policies",
                              "optimised,rolling", "--months", "12", "--replications", "2",
                              "--workers", "1", "--set", "output.figures=false",
                              "--out", str(out))
    assert code == 0, err
    lines = [ln for ln in text.splitlines() if "never re-plans" in ln]
    assert lines == ["warning: re-optimised every 12 months: with a run of 12 months, "
                     "re-optimising every 12 months never re-plans after the first plan "
                     "(month 0), so this arm is the same as optimised transfers once; for a "
                     "re-plan that takes effect, give --months 14 or more, or a smaller "
                     "policies.rolling_every_months"]
    # what it says holds: every replication's every outcome is the same in the two arms
    rows = _rows(out)
    for rep in ("0", "1"):
        assert rows[("optimised", rep)] == rows[("rolling", rep)]


def test_compare_says_it_in_vietnamese(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("STAFFSIM_LANG")
    code, text, err = run_cli(capsys, "compare", str(DEMO), "--policies", "optimised,rolling",
                              "--months", "13", "--replications", "1", "--workers", "1",
                              "--set", "output.figures=false", "--out", str(tmp_path / "c"))
    assert code == 0, err
    lines = [ln for ln in text.splitlines() if "tối ưu lại mỗi 12 tháng" in ln
             and "tháng 12" in ln]
    assert len(lines) == 1, text
    assert lines[0].startswith("cảnh báo: ") and "--months 14" in lines[0]


def test_a_run_long_enough_says_nothing(tmp_path, capsys):
    code, text, err = run_cli(capsys, "compare", "--lang", "en", str(DEMO), "--policies",
                              "optimised,rolling", "--months", "14", "--replications", "1",
                              "--workers", "1", "--set", "output.figures=false",
                              "--out", str(tmp_path / "c"))
    assert code == 0, err
    assert "re-plan" not in text and "re-plan" not in err
