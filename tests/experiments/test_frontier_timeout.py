"""A frontier value whose solve stopped at the time limit is shown as what it is. In a Lạng Sơn
planner's trial (`staffsim frontier scenarios/lang_son.toml --lever optimizer.budget_vnd
--range 0:8e9:5 --workers 2`) the budgets of 2 and 6 tỷ timed out before any plan was found;
the terminal, frontier.csv and the figure gave them the province's figures before any
transfer ("hết thời gian giải: thiếu hụt 538,0 … 0 người điều động"), the curves zig-zagged
(41 → 0 → 166 → 0 → 169 transfers) and the figure's title said every point was solved to
optimality.

Here a value without a plan must have no figures (a gap in the curves, empty cells, 'no plan'
in the table), a plan not proven optimal must say its gap and be drawn hollow, and the title
claims optimality only when every value has it. The time-outs are forced: the solve of chosen
values returns what ``optimize.sequence`` returns when the branch and bound stops without an
incumbent (status TimeLimit, no plan), or a real time limit of a microsecond on the demo."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import numpy as np
import pytest

from staffsim.experiments import frontier as fr
from staffsim.i18n import language
from staffsim.model.roster import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.optimize import sequence
from staffsim.optimize.levers import set_param, with_params
from staffsim.optimize.plan import plan_outcome
from staffsim.results.frontier_folder import frontier_csv, frontier_lines, mark_capped
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import run_cli

LEVER = "optimizer.budget_vnd"
NO_PLAN, UNPROVEN = 2e9, 8e9  # (the 2 bn of the trial; 8 bn made a plan not proven optimal)
VALUES = [0.0, NO_PLAN, UNPROVEN]
GAP = 0.021
# the province before any transfer: what the trial's terminal gave for the timed-out values
# (538.0 FTE then; the province's published quota, staffing.quota_totals, changed the roster
# since: read off the state, ``before_fte``)


@pytest.fixture(scope="module")
def lang_son():
    return load_scenario(SCENARIOS / "vietnam.toml", {"province.provinces": ["20"]})


@pytest.fixture(scope="module")
def points(lang_son):
    """The frontier at 0, 2 and 8 bn: 2 bn as a solve stopped by the time limit before it
    found a plan (never solved: a real solve takes 30-60 s), 8 bn's optimal plan reported as
    a time-limited one with a 2.1% gap; 0 bn solved as it is."""
    real = sequence.solve_row_lever

    def timed_out(state, key, values, threads=1):
        solved = iter(real(state, key, [v for v in values if v != NO_PLAN], threads))
        out = []
        for v in values:
            if v == NO_PLAN:
                st = with_params(state, set_param(key, v))
                # what ``solve_row_lever.solve_at`` makes of a ``MipResult`` with no incumbent
                out.append(sequence.Point(v, st, "TimeLimit", False, None, [], 0.0, 60.0))
            else:
                pt = next(solved)
                assert pt.status == "Optimal" and pt.found
                out.append(dataclasses.replace(pt, status="TimeLimit", gap_rel=GAP)
                           if v == UNPROVEN else pt)
        return out

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fr, "solve_row_lever", timed_out)
        got = fr.frontier(lang_son, LEVER, VALUES, workers=1)
    return mark_capped(got, LEVER, 400.0)


@pytest.fixture(scope="module")
def before_fte(lang_son) -> float:
    """Unmet need before any transfer, the figure the timed-out values showed."""
    state = state_from_roster(lang_son, initial_roster(lang_son))
    return round(plan_outcome(state, [])["unmet_fte_before"]["province"], 1)


def test_the_before_figure_is_the_plans_start(lang_son, before_fte, points):
    """The plan at 0 bn moves officials and leaves less unmet need than before any transfer:
    the before figure is not a plan's."""
    assert points[0]["moves"] > 0 and points[0]["unmet_fte"]["province"] < before_fte - 1


def test_a_value_without_a_plan_has_no_figures(points, before_fte):
    zero, none, unproven = points
    assert zero["plan_found"] and zero["proven"] and zero["moves"] > 0  # (41 in the trial)
    assert none["status"] == "TimeLimit" and not none["plan_found"] and not none["proven"]
    for key in fr.MEASURES:
        assert none[key] is None, key
    assert none["capped_by"] == [] and none["binding"] == []
    assert unproven["plan_found"] and not unproven["proven"] and unproven["gap_rel"] == GAP
    # the figures are the plan's, not those before any transfer
    assert unproven["moves"] > 0 and unproven["unmet_fte"]["province"] < before_fte - 1
    # JSON has null for them, not the before figures
    assert json.loads(json.dumps(none))["moves"] is None


def test_frontier_csv_marks_the_status_and_leaves_the_figures_empty(points):
    rows = list(csv.DictReader(io.StringIO(frontier_csv(points))))
    assert [r["status"] for r in rows] == ["Optimal", "TimeLimit", "TimeLimit"]
    assert [r["plan_found"] for r in rows] == ["1", "0", "1"]
    assert [r["gap_rel"] for r in rows] == ["", "", "0.021000"]
    measures = ["weighted_unmet", "unmet_fte_lowland", "unmet_fte_mountain",
                "unmet_fte_high_mountain", "unmet_fte_province", "essential_missing",
                "communes_lacking_essential", "moves", "allowance_vnd", "km_total"]
    assert {r[k] for k in measures for r in rows[1:2]} == {""}  # not 0 moves, not the before FTE
    assert all(rows[i][k] != "" for k in measures for i in (0, 2))
    assert rows[1]["capped_by"] == ""


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_lines_say_no_plan_and_what_to_do(points, lang, before_fte):
    """Lạng Sơn's budget is scaled (57 of 77 communes): each value is said as set and in
    force, 2 bn set being 2 x 57 / 77 = 1.48 bn in force and 8 bn 5.92 bn."""
    with language(lang):
        lines = frontier_lines("Lạng Sơn", LEVER, points, 400.0, 60.0)
    said = {
        "en": ("Lạng Sơn: the best plan found at each value of allowance budget (not every "
               "value solved to optimality)",
               "  VND 2.0 bn set, VND 1.48 bn in force (time limit reached): no plan found",
               "VND 8.0 bn set, VND 5.92 bn in force (time limit reached, within 2.1% of the "
               "optimum): unmet need",
               "No plan at VND 2.0 bn: the solver stopped (time limit reached)",
               "At VND 8.0 bn the plan is the best found when the solver stopped, not proven "
               "optimal (within 2.1% of the optimum; hollow markers"),
        "vi": ("Lạng Sơn: phương án tốt nhất tìm được ở mỗi giá trị của ngân sách hỗ trợ "
               "(không phải giá trị nào cũng được giải đến tối ưu)",
               "  đặt 2,0 tỷ đồng, áp dụng 1,48 tỷ đồng (hết thời gian giải): không tìm được "
               "phương án",
               "đặt 8,0 tỷ đồng, áp dụng 5,92 tỷ đồng (hết thời gian giải, cách tối ưu không quá "
               "2,1%): thiếu hụt",
               "Không có phương án ở 2,0 tỷ đồng: bộ giải đã dừng (hết thời gian giải)",
               "Tại 8,0 tỷ đồng, phương án là phương án tốt nhất tìm được khi bộ giải dừng, "
               "chưa được chứng minh là tối ưu (cách tối ưu không quá 2,1%; điểm rỗng")}[lang]
    assert lines[0] == said[0]
    assert lines[2] == said[1]  # no figure at all on the line of the value without a plan
    assert said[2] in lines[3]
    missing = [ln for ln in lines if ln.startswith(said[3])]
    assert len(missing) == 1
    # what to do: a longer time limit, by its setting, four times the 60 s
    assert "--set optimizer.time_limit_s=240" in missing[0]
    assert any(ln.startswith(said[4]) and "optimizer.time_limit_s=240" in ln for ln in lines)
    # the figures before any transfer appear nowhere
    text = "\n".join(lines)
    assert f"{before_fte:.1f}" not in text and f"{before_fte:.1f}".replace(".", ",") not in text


def test_all_optimal_says_optimal(points):
    """The optimal point alone: the claim stands, and no line about missing values."""
    with language("en"):
        lines = frontier_lines("Lạng Sơn", LEVER, points[:1], 400.0, 60.0)
    assert lines[0] == "Lạng Sơn: the optimal plan at each value of allowance budget"
    assert len(lines) == 2 and "(optimal)" in lines[1]


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_figure_leaves_a_gap_and_draws_the_unproven_plan_hollow(points, lang_son, tmp_path,
                                                                   monkeypatch, lang):
    from staffsim.results.frontier_folder import write_frontier
    from staffsim.results.plots import draw, style

    folder = write_frontier(tmp_path / "f", lang_son, LEVER, VALUES,
                            {"scenario": lang_son.name, "lever": LEVER, "move_limit": 400.0,
                             "time_limit_s": 60.0, "points": points}, "staffsim frontier")
    seen: dict = {}

    from ..results.test_frontier_legend import _covered

    def check(fig, out):
        # no legend off the figure or over a curve (the Vietnamese legend of the zones,
        # limits and these marks ran off its left edge)
        seen["covered"] = _covered(fig)
        seen["title"] = fig._suptitle.get_text()
        seen["lines"] = [(ln.get_label(), np.asarray(ln.get_xdata(), float),
                          np.asarray(ln.get_ydata(), float), ln.get_markerfacecolor(),
                          ln.get_markevery(), ln.get_linestyle())
                         for a in fig.axes for ln in a.get_lines()]
        seen["legend"] = [t.get_text() for a in fig.axes if a.get_legend()
                          for t in a.get_legend().get_texts()]
        seen["text"] = [t.get_text() for t in fig.texts]

    monkeypatch.setattr(style, "INSPECT", [check])
    draw(folder, ["frontier"], out=tmp_path / "figures", lang=lang, scenario=lang_son)
    words = {"en": ("each point solved to optimality", "not every point solved to optimality",
                    "province", "Transfers", "no plan found (solver stopped)",
                    "best plan found, not proven optimal"),
             "vi": ("mỗi điểm được giải đến tối ưu", "không phải điểm nào cũng được giải đến "
                    "tối ưu", "toàn tỉnh", "Điều động", "không tìm được phương án (bộ giải đã "
                    "dừng)", "phương án tốt nhất tìm được, chưa chứng minh là tối ưu")}[lang]
    assert seen["covered"] == []
    assert words[0] not in seen["title"] and words[1] in seen["title"]
    by_label = {label: (x, y, face, every) for label, x, y, face, every, _s in seen["lines"]}
    for label in (words[2], words[3]):
        x, y, _face, every = by_label[label]
        assert list(x) == VALUES
        assert np.isnan(y[1])  # a gap: not the before FTE, not 0 transfers
        assert not np.isnan(y[0]) and not np.isnan(y[2])
        assert list(every) == [0]  # a filled marker at the proven value only
    # hollow markers (white face) at the unproven value, on each curve
    hollow = [(x, y) for label, x, y, face, _e, style_ in seen["lines"]
              if label.startswith("_") and face == "white" and style_ == "None"]
    assert len(hollow) == 4 + 2 and all(list(x) == [UNPROVEN] for x, _y in hollow)
    assert words[4] in seen["legend"] and words[5] in seen["legend"]
    notes = {"en": ("Grey bands: no plan found", "Hollow markers: the best plan found"),
             "vi": ("Dải xám: không tìm được phương án", "Điểm rỗng: phương án tốt nhất")}[lang]
    said = [ln for t in seen["text"] for ln in t.split("\n")]
    assert all(any(ln.startswith(n) for ln in said) for n in notes), said


def test_the_report_marks_each_row(points, lang_son, tmp_path):
    from staffsim.results.report_contents import frontier_report
    from staffsim.results.words import lever_meaning

    with language("en"):
        report = frontier_report(lang_son, {"lever": LEVER, **lever_meaning(LEVER),
                                            "points": points, "time_limit_s": 60.0}, tmp_path)
    head, rows = report.table
    assert report.title == "The best plan found at each value of the allowance budget"
    # Lạng Sơn's budget is scaled (57 of 77 communes): the value set, then the budget in
    # force, 0, 2 x 57 / 77 = 1.48 and 8 x 57 / 77 = 5.92 bn
    assert head[:3] == ["Allowance budget as set", "Budget in force", "Solved"]
    assert [r[1] for r in rows] == ["VND 0", "VND 1.48 bn", "VND 5.92 bn"]
    assert [r[2] for r in rows] == ["optimal", "no plan (time limit reached)",
                                    "time limit reached, within 2.1% of the optimum"]
    assert set(rows[1][3:-1]) == {"—"}  # no figures for the value without a plan
    assert not any("solved to optimality" in a for a in report.assumptions)
    assert any("within the solver's time limit of 60.0 s a value" in a
               for a in report.assumptions)


def test_a_real_time_limit_gives_the_best_plan_known_at_each_value(tmp_path, capsys):
    """The demo with a time limit of a microsecond: the branch and bound stops before its
    first LP at every value. Each point is the greedy baseline, the best plan known (as
    plan shows it; 'no plan' at every value was said where plan showed one: a trial), said
    not proven optimal, with how to give the solver longer."""
    out = tmp_path / "f"
    code, stdout, err = run_cli(capsys, "frontier", str(SCENARIOS / "demo.toml"), "--lever",
                                LEVER, "--range", "20e9:60e9:3", "--set",
                                "optimizer.time_limit_s=0.000001", "--workers", "1", "--out",
                                str(out), "--lang", "en")
    assert code == 0, err
    lines = stdout.splitlines()
    assert all(line.startswith(f"  VND {v}.0 bn (time limit reached): unmet need ")
               for line, v in zip(lines[1:4], (20, 40, 60), strict=True)), lines
    assert any("not proven optimal" in line and "--set optimizer.time_limit_s=60" in line
               for line in lines)
    rows = list(csv.DictReader(io.StringIO((out / "frontier.csv").read_text("utf-8"))))
    assert [(r["status"], r["plan_found"]) for r in rows] == [("TimeLimit", "1")] * 3
    assert all(int(r["moves"]) > 0 for r in rows)
