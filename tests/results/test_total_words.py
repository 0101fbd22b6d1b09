"""The total row of a table over several provinces says so: 'toàn tỉnh' (the whole
province) is one province's total."""

from pathlib import Path

import pytest

from staffsim.i18n import set_language
from staffsim.model.outcomes import PLAN_MEASURES
from staffsim.results.evaluation import evaluation_lines
from staffsim.results.plan_lines import plan_rows
from staffsim.scenarios.params import ZONES


def _outcome() -> dict:
    """A plan outcome with every plan measure (zero), as ``optimize.plan.plan_outcome``."""
    areas = {a: 0.0 for a in (*ZONES, "province")}
    out: dict = {}
    for m in PLAN_MEASURES:
        value = dict(areas) if m.by_area else 0.0
        for key in ((f"{m.key}_before", f"{m.key}_after") if m.before else (m.key,)):
            out[key] = value
    return out


def _firsts(rows: list[list[str]]) -> list[str]:
    return [r[0] for r in rows]


def test_the_totals_of_several_provinces_are_not_called_the_whole_province():
    """A plan of Thanh Hóa and Nghệ An printed 'Thiếu hụt nhân lực, toàn tỉnh (FTE)' for
    the sum of the two provinces (plan's table, and the report's, both plan_rows)."""
    o = _outcome()
    two = {"optimum": o, "greedy": o, "by_province": {"38": {}, "40": {}}}
    one = {"optimum": o, "greedy": o, "by_province": {"38": {}}}
    set_language("vi")
    titles = _firsts(plan_rows(two)[1])
    assert "Thiếu hụt nhân lực, toàn bộ (2 tỉnh) (người quy đổi)" in titles
    assert not [t for t in titles if "toàn tỉnh" in t], titles
    assert "Thiếu hụt nhân lực, toàn tỉnh (người quy đổi)" in _firsts(plan_rows(one)[1])
    assert "Thiếu hụt nhân lực, vùng cao (người quy đổi)" in titles  # the zones as they were
    set_language("en")
    titles = _firsts(plan_rows(two)[1])
    assert "Unmet need, all (2 provinces) (FTE)" in titles
    assert not [t for t in titles if ", province" in t], titles
    assert "Unmet need, province (FTE)" in _firsts(plan_rows(one)[1])


def test_evaluate_over_several_provinces_words_its_totals_alike():
    o = _outcome()
    set_language("vi")
    lines = evaluation_lines(o, o, "wisn", provinces=3)
    assert any(ln.startswith("Thiếu hụt nhân lực, toàn bộ (3 tỉnh) (người quy đổi)")
               for ln in lines)
    assert not [ln for ln in lines if "toàn tỉnh" in ln], lines
    lines = evaluation_lines(o, o, "wisn")
    assert any(ln.startswith("Thiếu hụt nhân lực, toàn tỉnh (người quy đổi)") for ln in lines)


@pytest.mark.slow  # a run of the national table's two provinces in a fresh process (3 s)
def test_a_run_of_several_provinces_heads_its_total_column_so(tmp_path):
    """A run of two provinces headed its total column 'toàn tỉnh' in the terminal table, and
    its report said 'toàn tỉnh' of their sum."""
    import json
    import subprocess
    import sys

    out = tmp_path / "run"
    r = subprocess.run(
        [sys.executable, "-m", "staffsim.cli", "run", "--lang", "vi", "scenarios/vietnam.toml",
         "--set", 'province.provinces=["38","40"]', "--months", "2", "--set",
         "output.figures=false", "--out", str(out)],
        capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[2])
    assert r.returncode == 0, r.stderr
    header = next(ln for ln in r.stdout.splitlines() if "vùng cao" in ln)
    assert header.rstrip().endswith("toàn bộ (2 tỉnh)"), header
    assert "toàn tỉnh" not in r.stdout
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["provinces"] == 2
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Thiếu hụt nhân lực của 2 tỉnh từ" in report
    assert "tỷ số WISN của 2 tỉnh" in report
    assert "toàn tỉnh" not in report
