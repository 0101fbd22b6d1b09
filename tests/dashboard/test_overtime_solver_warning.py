"""The "Over time" tab says, as compare does, when the optimiser's plans its runs carried out
were not proven optimal: its comparison called the compare code but showed neither compare's
'† warning: in 1 of 1 run carrying out the optimiser's plans, the solver stopped at
optimizer.time_limit_s = 60 s ...' line nor the † beside the affected arm in its table. The
solver is replaced by one that answers "stopped by the time limit" with the real plan
(tests/experiments/test_solver_plans.py); the counts come from the arms run (no action plans
nothing; one replication of the optimised arm plans once, in its first month), the time limit
is the demo's (the default, 60 s)."""

from __future__ import annotations

import pytest
from nicegui import ui

from staffsim.dashboard import planning
from staffsim.dashboard.planning import Cache

from ..experiments.test_solver_plans import fake_solver
from .test_user import SEE, wait_for

WARNING = {
    "en": "† warning: in 1 of 1 run carrying out the optimiser's plans, the solver stopped at "
          "optimizer.time_limit_s = 60 s before proving the plan optimal; their results "
          "depend on the machine's speed and load: raise optimizer.time_limit_s",
    "vi": "† cảnh báo: ở 1 trong 1 lần chạy thực hiện phương án của bộ tối ưu, bộ giải dừng "
          "khi hết optimizer.time_limit_s = 60 giây trước khi chứng minh được phương án là tối ưu; "
          "kết quả của các lần chạy này phụ thuộc vào tốc độ và mức tải của máy: hãy tăng "
          "optimizer.time_limit_s",
}
OPTIMISED = {"en": "optimised transfers once", "vi": "điều động tối ưu một lần"}
NONE = {"en": "no action", "vi": "không can thiệp"}


@pytest.fixture
def small(monkeypatch):
    """The tab's comparison, made small: no action and the optimised arm, one replication of
    two months, in this process (the replaced solver is this process's), nothing cached."""
    real = planning.compare_policies

    def compare(inputs, levers, arms, reps, months, workers, progress):
        return real(inputs, levers, ("none", "optimised"), 1, 2, 1, progress)

    monkeypatch.setattr(planning, "compare_policies", compare)
    monkeypatch.setattr(planning, "COMPARISONS", Cache(16))


def warnings(user) -> list[str]:
    try:
        return [e.text for e in user.find(marker="compare-solver-warning").elements]
    except AssertionError:  # none (yet)
        return []


def arm_cells(user) -> list[str]:
    tables = [t for t in user.find(ui.table).elements
              if any(c.get("name") == "arm" for c in t.columns)]
    return [r["arm"] for t in tables for r in t.rows]


def charts(user) -> list:
    try:
        return list(user.find(ui.echart).elements)
    except AssertionError:
        return []


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_plan_stopped_by_the_time_limit_is_said_under_the_table(user, small,
                                                                        monkeypatch, lang):
    fake_solver(monkeypatch, "unproven")
    await user.open("/")
    if lang == "en":
        user.find(marker="language").elements.pop().value = "en"
        await user.should_see("Run comparison", retries=SEE)
    user.find(marker="run-compare").click()
    await wait_for(lambda: warnings(user), timeout=120)
    assert warnings(user) == [WARNING[lang]]
    assert sorted(arm_cells(user)) == sorted([NONE[lang], f"{OPTIMISED[lang]} †"])


async def test_no_warning_when_every_plan_is_proven_optimal(user, small):
    await user.open("/")
    user.find(marker="run-compare").click()
    await wait_for(lambda: charts(user), timeout=120)
    assert warnings(user) == []
    assert sorted(arm_cells(user)) == sorted([NONE["vi"], OPTIMISED["vi"]])


async def test_the_totals_of_several_provinces_are_named_so(user, monkeypatch):
    """The table's and the charts' 'province' totals said 'toàn tỉnh' whatever the
    comparison's provinces; a comparison over two (``summarize_arms`` records how many) says
    'toàn bộ (2 tỉnh)', the zones as they were. (The demo is one province: its summary is
    given a count of two.)"""
    real = planning.compare_policies

    def compare(inputs, levers, arms, reps, months, workers, progress):
        out = real(inputs, levers, ("none",), 1, 2, 1, progress)
        return {**out, "summary": {**out["summary"], "provinces": 2}}

    monkeypatch.setattr(planning, "compare_policies", compare)
    await user.open("/")
    user.find(marker="run-compare").click()
    await wait_for(lambda: charts(user), timeout=120)
    (table,) = [t for t in user.find(ui.table).elements
                if any(c.get("name") == "arm" for c in t.columns)]
    heads = [c["label"] for c in table.columns]
    assert "Hồ sơ tồn đọng cuối kỳ, toàn bộ (2 tỉnh) (hồ sơ)" in heads, heads
    assert "Thiếu hụt nhân lực cả kỳ, vùng cao (người-tháng quy đổi)" in heads, heads
    titles = [c.options["title"]["text"] for c in charts(user)]
    assert "Hồ sơ tồn đọng cuối tháng, toàn bộ (2 tỉnh) (hồ sơ)" in titles, titles
    assert not [t for t in [*heads, *titles] if "toàn tỉnh" in t]
