"""The "Over time" tab's replications and months are whole numbers read as typed: '2,5' and
'1,2' are refused with the lever fields' hint (the browser's number input read them as 25 and
12), text and empty fields too, and nothing is run until they are whole numbers in range."""

import pytest

from staffsim.dashboard import planning
from staffsim.scenarios.errors import ScenarioError

from .test_user import SEE, text_of, wait_for


@pytest.fixture
def runs(monkeypatch):
    """The comparisons asked for (replications, months); none is simulated."""
    asked = []

    def compare(inputs, levers, arms, reps, months, workers, progress):
        asked.append((reps, months))
        raise ScenarioError("test", "", "not simulated in this test")

    monkeypatch.setattr(planning, "compare_policies", compare)
    return asked


async def start(user, reps: str, months: str) -> None:
    user.find(marker="compare-replications").clear()
    if reps:
        user.find(marker="compare-replications").type(reps)
    user.find(marker="compare-months").clear()
    if months:
        user.find(marker="compare-months").type(months)
    user.find(marker="run-compare").click()


@pytest.mark.parametrize(("reps", "months"), [("2,5", "12"), ("3", "1,2"), ("", "12"),
                                              ("3", ""), ("ba", "12"), ("0", "12"),
                                              ("3", "121")])
async def test_no_whole_number_runs_nothing(user, runs, reps, months):
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    await start(user, reps, months)
    await user.should_see("Hãy sửa các ô được đánh dấu đỏ trước", retries=SEE)
    await user.should_see("một số nguyên từ 1 đến", retries=SEE)
    assert runs == []


async def test_whole_numbers_run_as_typed(user, runs):
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    await start(user, "3", "24")
    await wait_for(lambda: runs)
    assert runs == [(3, 24)]
    await start(user, " 2 ", "12,0")  # (a decimal mark with nothing after it is whole)
    await wait_for(lambda: len(runs) == 2)
    assert runs[-1] == (2, 12)
