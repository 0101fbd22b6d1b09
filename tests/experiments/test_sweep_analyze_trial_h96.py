"""A researcher's cold trial of sweep and analyze (helper 96):

1. ``sweep --resume`` with other --set values said 'khác ... về overrides, replications,
   runs, months, params': raw field names, and runs/params only as consequences of the
   --set values. Now the root cause in words, each key with its value then and now.
2. A discovery row joined levers with ', ' although a label holds a comma ('hệ số hỗ trợ,
   vùng cao 1,30'), and placed units two ways ('ngân sách hỗ trợ 52,9 tỷ đồng' but
   'quãng đường điều động xa nhất (km) 213,9').
3. ``analyze --threshold -5`` on an outcome that is never negative judged 0% success
   everywhere, silently.
"""

from __future__ import annotations

import pytest

from staffsim.results import sweep_folder as sf
from staffsim.scenarios.errors import ScenarioError

from ..helpers import assert_one_line_error, run_cli
from .test_analyze_trial import LABELLED, budget_only
from .test_sweep import synthetic_sweep

COMMA = (LABELLED.replace('label = "money for moves"', 'label = "money, for moves (VND)"')
         .replace('[sweep.levers."optimizer.donor_floor"]',
                  '[sweep.levers."optimizer.constraints.max_distance.km"]\n'
                  'label = "longest move (km)"\nrange = [60, 300]\n'
                  '[sweep.levers."optimizer.donor_floor"]'))


def _spec_pair(folder):
    import json

    stored = json.loads((folder / sf.SPEC).read_text(encoding="utf-8"))
    return stored, json.loads(json.dumps(stored))


@pytest.mark.parametrize(("lang", "then_now", "advice"), [
    ("en", "optimizer.budget_vnd: VND 45.0 bn when it started, VND 36.0 bn now",
     "give a new --out folder"),
    ("vi", "optimizer.budget_vnd: 45,0 tỷ đồng khi bắt đầu, 36,0 tỷ đồng bây giờ",
     "thư mục --out mới"),
])
def test_resume_names_the_set_values_that_differ_not_their_consequences(
        tmp_path, lang, then_now, advice):
    from staffsim.i18n import language

    folder = synthetic_sweep(tmp_path, LABELLED, budget_only)
    stored, fresh = _spec_pair(folder)
    # the sweep was started with --set optimizer.budget_vnd=45e9 sweep.replications=1 ...
    stored["overrides"] = {"optimizer.budget_vnd": 45e9, "sweep.replications": 1}
    stored["replications"], stored["runs"] = 1, stored["runs"] // 2
    stored["params"]["sweep"]["replications"] = 1
    (folder / sf.SPEC).write_text(__import__("json").dumps(stored), encoding="utf-8")
    # ... and is resumed with budget 36e9 and 2 replications
    fresh["overrides"] = {"optimizer.budget_vnd": 36e9, "sweep.replications": 2}
    with language(lang), pytest.raises(ScenarioError) as e:
        sf.open_for_resume(folder, fresh, fresh["runs"])
    msg = e.value.message
    assert then_now in msg, msg
    assert "sweep.replications: 1 " in msg and " 2 " in msg
    assert advice in msg
    # the consequences are not listed as raw field names
    for raw in ("overrides", "runs", "params", "replications,"):
        assert raw not in msg.replace("sweep.replications", ""), msg


def test_resume_names_an_edited_parameter_when_nothing_given_explains_it(tmp_path):
    from staffsim.i18n import language

    folder = synthetic_sweep(tmp_path, LABELLED, budget_only)
    stored, fresh = _spec_pair(folder)
    fresh["params"]["simulation"]["months"] = stored["params"]["simulation"]["months"] + 1
    with language("en"), pytest.raises(ScenarioError) as e:
        sf.open_for_resume(folder, fresh, fresh["runs"])
    assert "simulation.months: " in e.value.message and "params" not in e.value.message


@pytest.mark.parametrize(("lang", "budget", "move", "runs"), [
    ("en", "money, for moves VND ", "longest move ", "10 runs"),
    # (a bundled scenario's label, thanh_hoa.toml's, reads in the language)
    ("vi", "money, for moves ", "quãng đường điều động xa nhất ", "10 lần chạy")])
def test_discovery_rows_join_levers_with_semicolons_and_put_every_unit_after_its_value(
        tmp_path, capsys, lang, budget, move, runs):
    folder = synthetic_sweep(tmp_path, COMMA, budget_only)
    code, out, err = run_cli(capsys, "analyze", str(folder), "--lang", lang)
    assert code == 0, err
    rows = [ln for ln in out.splitlines() if runs in ln]
    assert len(rows) == 4, out  # LABELLED's 4 lever settings
    for ln in rows:
        setting = ln.split("  ")[-1]
        parts = setting.split("; ")
        # three levers, each 'name value unit'; the comma of the label stays in its part
        assert len(parts) == 3, setting
        assert parts[0].startswith(budget) and "(VND)" not in parts[0], setting
        assert parts[1].startswith(move) and parts[1].endswith(" km"), setting
        assert "(km)" not in setting


@pytest.mark.parametrize(("lang", "threshold"), [("en", "-5"), ("vi", "-5"), ("en", "0")])
def test_a_threshold_no_run_could_stay_below_is_refused(tmp_path, capsys, lang, threshold):
    folder = synthetic_sweep(tmp_path, LABELLED, budget_only)
    code, _out, err = run_cli(capsys, "analyze", str(folder), "--threshold", threshold,
                              "--lang", lang)
    assert_one_line_error(code, err, "--threshold")
    assert ("above 0" if lang == "en" else "lớn hơn 0") in err
    assert not (folder / "analysis").exists()  # nothing written
    # a threshold above the least value is judged as before
    code, _out, err = run_cli(capsys, "analyze", str(folder), "--threshold", "0.5",
                              "--lang", lang)
    assert code == 0, err


def test_resume_after_the_scenario_was_edited_names_the_edited_values_not_the_set_ones(
        tmp_path):
    from staffsim.i18n import language

    folder = synthetic_sweep(tmp_path, LABELLED, budget_only)
    stored, fresh = _spec_pair(folder)
    fresh["input_sha256"] = {**fresh["input_sha256"], "scenario": "0" * 64}
    fresh["params"]["simulation"]["months"] = stored["params"]["simulation"]["months"] + 12
    # a --set given now (an alias): its parameter is said once, as a --set value
    fresh["overrides"] = {**fresh["overrides"], "optimizer.budget_vnd": 36e9}
    fresh["params"]["optimizer"]["constraints"]["budget"]["vnd"] = 36e9
    with language("en"), pytest.raises(ScenarioError) as e:
        sf.open_for_resume(folder, fresh, fresh["runs"])
    msg = e.value.message
    assert "the scenario file changed since it started" in msg
    months = stored["params"]["simulation"]["months"]
    assert f"in the scenario: simulation.months: {months} months when it started, " \
           f"{months + 12} months now" in msg, msg
    assert "optimizer.budget_vnd: not set when it started, VND 36.0 bn now" in msg
    assert "constraints.budget" not in msg


def test_a_note_naming_factors_keeps_a_label_with_a_comma_in_one_piece():
    """sweep's and analyze's note on a group's factors joined them with ', ': 'hệ số hỗ
    trợ, vùng cao' read as two factors there as well."""
    from pathlib import Path

    from staffsim.experiments.design import size_notes
    from staffsim.results.finding_words import say
    from staffsim.results.words import words
    from staffsim.scenarios.loader import load_scenario

    root = Path(__file__).resolve().parents[2]
    sc = load_scenario(root / "scenarios" / "thanh_hoa.toml", {"sweep.lever_samples": 3})
    vi = words("vi")
    (note,) = [say(vi, n) for n in size_notes(sc.params.sweep) if "lever_samples" in say(vi, n)]
    assert "ngân sách hỗ trợ (đồng); hệ số hỗ trợ, vùng cao; quãng đường" in note, note


@pytest.mark.parametrize("threshold", ["-5", "0"])
def test_a_sweep_with_a_threshold_no_run_could_meet_is_refused_before_it_runs(
        tmp_path, capsys, threshold):
    """The same threshold in the scenario ([sweep.discovery]): refused by sweep before any
    run, not by analyze after all of them (the outcome, mountain unmet need, is never
    negative)."""
    from .test_sweep import demo_sweep

    path = demo_sweep(tmp_path)
    code, _out, err = run_cli(capsys, "sweep", str(path), "--lang", "en", "--workers", "1",
                              "--set", f"sweep.discovery.threshold={threshold}",
                              "--out", str(tmp_path / "s"))
    # --set gave it: the command line's (as every --set error of a sweep, plan_sweep's blame)
    assert_one_line_error(code, err, "command line: sweep.discovery.threshold",
                          "no run could stay below")
    assert not (tmp_path / "s").exists()
    # in the scenario file: the file's
    path.write_text(path.read_text(encoding="utf-8")
                    + f"\n[sweep.discovery]\nthreshold = {threshold}\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, "sweep", str(path), "--lang", "en", "--workers", "1",
                              "--out", str(tmp_path / "s"))
    assert_one_line_error(code, err, f"{path}: sweep.discovery.threshold",
                          "no run could stay below")
    assert not (tmp_path / "s").exists()
