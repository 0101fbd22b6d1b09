"""The total row of a table over several provinces says so: 'toàn tỉnh' (the whole
province) is one province's total."""

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
    assert "Thiếu hụt nhân lực, toàn bộ (2 tỉnh) (FTE)" in titles
    assert not [t for t in titles if "toàn tỉnh" in t], titles
    assert "Thiếu hụt nhân lực, toàn tỉnh (FTE)" in _firsts(plan_rows(one)[1])
    assert "Thiếu hụt nhân lực, vùng cao (FTE)" in titles  # the zones as they were
    set_language("en")
    titles = _firsts(plan_rows(two)[1])
    assert "Unmet need, all (2 provinces) (FTE)" in titles
    assert not [t for t in titles if ", province" in t], titles
    assert "Unmet need, province (FTE)" in _firsts(plan_rows(one)[1])


def test_evaluate_over_several_provinces_words_its_totals_alike():
    o = _outcome()
    set_language("vi")
    lines = evaluation_lines(o, o, "wisn", provinces=3)
    assert any(ln.startswith("Thiếu hụt nhân lực, toàn bộ (3 tỉnh) (FTE)") for ln in lines)
    assert not [ln for ln in lines if "toàn tỉnh" in ln], lines
    lines = evaluation_lines(o, o, "wisn")
    assert any(ln.startswith("Thiếu hụt nhân lực, toàn tỉnh (FTE)") for ln in lines)
