"""A researcher's trial of `staffsim analyze`: a mistyped --outcome hid the headline outcome
behind a cut list, a scenario's own factor labels lost to staffsim's names, judged but not
robust discovery rows had a blank status, and a Morris design's 24 points were 19 in the
analysis without a word. Expected values come from the model's declarations, the scenario
text and the results table, counted here."""

from __future__ import annotations

import json
import re

import pyarrow.parquet as pq
import pytest

from staffsim.experiments import sensitivity
from staffsim.model.outcomes import AREAS, metric_columns, per_area_metrics, pooled_metrics
from staffsim.results import sweep_folder as sf
from staffsim.scenarios.errors import LINE_CHARS

from ..helpers import assert_one_line_error, run_cli
from .test_sensitivity_design import crossed
from .test_sweep import synthetic_sweep


def every_outcome_sweep(tmp_path):
    """A tiny sweep whose runs record every outcome column a real sweep records."""
    folder = synthetic_sweep(tmp_path, crossed(samples=3, lever_samples=2, replications=1),
                             lambda v, r: v["workload.intensity"])
    t = pq.read_table(folder / sf.TABLE).to_pydict()
    n = len(t["run"])
    for c in metric_columns():
        t.setdefault(c, [float(i) for i in range(n)])
    import pyarrow as pa

    pq.write_table(pa.table(t), folder / sf.TABLE)
    from staffsim.results.verify import CHECKSUMS, write_checksums

    (folder / CHECKSUMS).unlink()  # sealed again: analyze refuses a table changed after
    write_checksums(folder)
    return folder


def test_a_mistyped_outcome_gets_the_closest_names_and_the_whole_list(tmp_path, capsys):
    """'mountain_unmet' (the headline outcome without its unit): the error named 37 of the
    outcomes and then '…(48 more characters)', cutting off mountain_unmet_fte itself. Now
    it names mountain_unmet_fte first and every metric and area, in one whole line."""
    folder = every_outcome_sweep(tmp_path)
    code, _out, err = run_cli(capsys, "analyze", str(folder), "--outcome", "mountain_unmet",
                              "--lang", "en")
    assert_one_line_error(code, err, "'mountain_unmet' is not an outcome of this sweep; "
                          "did you mean mountain_unmet_fte")
    assert "more characters" not in err and len(err.strip()) <= LINE_CHARS + 30
    allowed = err.split("allowed: ", 1)[1]
    for m in per_area_metrics():  # every declared metric and area, and the pooled ones
        assert re.search(rf"\b{m.name}\b", allowed), m.name
    for a in AREAS:
        assert re.search(rf"\b{a}\b", allowed), a
    for m in pooled_metrics():
        assert m.name in allowed
    # in Vietnamese too, the suggestion first
    code, _out, err = run_cli(capsys, "analyze", str(folder), "--outcome", "mountain_unmet",
                              "--lang", "vi")
    assert_one_line_error(code, err, "không phải kết quả của lần quét này; có phải là "
                          "mountain_unmet_fte")
    assert "more characters" not in err and "did you mean" not in err


@pytest.mark.parametrize(("typed", "first"), [
    ("mountain_unmet", "mountain_unmet_fte"),
    ("Mountain-Unmet-FTE", "mountain_unmet_fte"),
    ("unmet_fte_months", "unmet_fte_months|province"),
    ("on_time", "on_time_share|province"),
    ("backlog_end|mountian", "backlog_end|mountain"),
])
def test_closest_outcomes_first(typed, first):
    assert sensitivity.closest_outcomes(typed, metric_columns())[0] == first


def test_analyze_help_lists_the_outcomes(capsys):
    code, out, _err = run_cli(capsys, "analyze", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "mountain_unmet_fte" in text
    for m in per_area_metrics():
        assert m.name in text, m.name
    for a in AREAS:
        assert a in text, a


LABELLED = """
[sweep]
design = "latin"
samples = 5
lever_samples = 4
replications = 2
[sweep.discovery]
min_scenarios = 5
threshold = 5
[sweep.levers."optimizer.budget_vnd"]
label = "money for moves"
range = [0, 10e9]
[sweep.levers."optimizer.donor_floor"]
range = [0, 1]
[sweep.uncertainties."dynamics.attrition_annual"]
label = "people leaving"
range = [0.01, 0.08]
[sweep.uncertainties."workload.intensity"]
range = [0.8, 1.3]
"""


def budget_only(v: dict, r: int) -> float:
    return v["optimizer.budget_vnd"] / 1e9  # below 5 exactly when the budget is under VND 5 bn


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_scenarios_own_labels_win_and_every_judged_row_says_its_verdict(
        tmp_path, capsys, lang):
    """A factor's `label` is 'the name shown in tables and figures': budget_vnd labelled
    'money for moves' was shown as staffsim's 'allowance budget', in both languages; a
    factor without a label keeps staffsim's name. Discovery: 4 lever settings x 5
    scenarios, min_scenarios 5, y = budget in VND bn, threshold 5: the settings under VND
    5 bn succeed in every scenario (robust), the others in none, and those said nothing
    where a too-small setting says 'too few scenarios'."""
    folder = synthetic_sweep(tmp_path, LABELLED, budget_only)
    code, out, err = run_cli(capsys, "analyze", str(folder), "--lang", lang)
    assert code == 0, err
    for text in (out, err):
        assert "allowance budget" not in text and "ngân sách hỗ trợ" not in text
    assert "4 lever settings (money for moves, " in out or "4 mức tham số chính sách (money " \
        "for moves, " in out
    assert "people leaving" in out
    # the unlabelled lever keeps staffsim's name for it, in the language
    floor = ("share of the WISN requirement donors must keep" if lang == "en"
             else "tỷ lệ nhu cầu WISN mà nơi đi phải giữ lại")
    assert floor in out.split("money for moves, ")[1]
    t = pq.read_table(folder / sf.TABLE).to_pydict()
    budgets = sorted(set(t["in:optimizer.budget_vnd"]))
    robust = sum(b < 5e9 for b in budgets)
    discovery = out.split("Scenario discovery:" if lang == "en" else "Tìm kịch bản:")[1]
    rows = [ln for ln in discovery.splitlines()[1:] if ln.strip()]
    assert len(rows) == len(budgets)
    words = ("ROBUST", "not robust") if lang == "en" else ("VỮNG", "không vững")
    verdicts = [ln.split("  ")[0].strip() or ln.strip().split("  ")[0] for ln in rows]
    assert verdicts == [words[0]] * robust + [words[1]] * (len(budgets) - robust), rows
    assert all("money for moves" in ln for ln in rows)
    # the figure's labels too
    a = json.loads((folder / "analysis" / "analysis.json").read_text(encoding="utf-8"))
    assert a["labels"]["optimizer.budget_vnd"] == "money for moves"


def test_size_warnings_name_factors_by_the_scenarios_labels(tmp_path, capsys):
    """The sweep's size note (repeated by analyze) named them by staffsim's names too."""
    folder = synthetic_sweep(tmp_path, LABELLED, budget_only)
    for lang, floor in (("en", "share of the WISN requirement donors must keep"),
                        ("vi", "tỷ lệ nhu cầu WISN mà nơi đi phải giữ lại")):
        code, out, _err = run_cli(capsys, "analyze", str(folder), "--force", "--lang", lang)
        assert code == 0
        line = next(ln for ln in out.splitlines() if "sweep.lever_samples = 4" in ln)
        assert "money for moves, " in line and floor in line, line


MORRIS = """
[sweep]
design = "morris"
samples = 6
replications = 1
[sweep.levers."optimizer.budget_vnd"]
range = [0, 10e9]
[sweep.levers."optimizer.donor_floor"]
range = [0, 1]
[sweep.uncertainties."dynamics.attrition_annual"]
range = [0.01, 0.08]
"""


def test_a_morris_design_says_how_many_of_its_points_are_distinct(tmp_path, capsys):
    """6 Morris trajectories of 3 factors: 6 x (3 + 1) = 24 points, as sweep says; on
    SALib's 4-level grid some trajectories pass through the same points, and analyze's
    groups counted only the distinct ones ('19 design points') without a word."""
    folder = synthetic_sweep(tmp_path, MORRIS, lambda v, r: v["optimizer.donor_floor"])
    t = pq.read_table(folder / sf.TABLE).to_pydict()
    keys = [k for k in t if k.startswith("in:")]
    points = len(set(t["point"]))
    distinct = len({tuple(t[k][i] for k in keys) for i in range(len(t["run"]))})
    assert points == 24 and distinct < points  # the case to explain
    code, out, _err = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert code == 0
    first = out.splitlines()[0]
    assert f"24 points, {distinct} of them distinct (Morris trajectories meet at the same " \
           "points of SALib's 4-level grid)" in first, first
    assert f"{distinct} design points (" in out  # the group, counted the same way
    code, out, _err = run_cli(capsys, "analyze", str(folder), "--force", "--lang", "vi")
    assert f"24 điểm, trong đó {distinct} điểm khác nhau" in out.splitlines()[0]
    a = json.loads((folder / "analysis" / "analysis.json").read_text(encoding="utf-8"))
    assert (a["points"], a["distinct_points"], a["repeats"]) == (24, distinct, "grid")


def test_a_latin_design_of_distinct_points_says_nothing_more(tmp_path, capsys):
    folder = synthetic_sweep(tmp_path, LABELLED, budget_only)
    code, out, _err = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert out.splitlines()[0] == "Latin hypercube design, 40 runs (2 replications per point)"


def test_the_module_says_which_analysis_each_design_gets():
    """The docstring said factorial designs get RBD-FAST; they get exact eta² (README and
    the output say so, and test_factorial_main_effects_are_eta_squared_by_hand checks it)."""
    doc = " ".join(sensitivity.__doc__.split())
    for sentence in re.split(r"(?<=\.) ", doc):
        if "RBD-FAST" in sentence and "factorial" in sentence:
            assert "no RBD-FAST" in sentence, sentence
    assert re.search(r"eta squared, exact for a full factorial", doc)
