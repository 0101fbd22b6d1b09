"""'Over time' warns, as ``staffsim compare --replications 5`` does, that the 90% bands of
fewer than 10 replications are too rough (it showed '90% bands' at its default 5 with no
caveat); one replication has no band, and no warning."""

from __future__ import annotations

import pytest

from staffsim.dashboard import planning
from staffsim.dashboard.planning import Cache

from .test_user import SEE, wait_for


@pytest.fixture
def small(monkeypatch):
    """The tab's comparison, made small (no action, two months, in this process)."""
    real = planning.compare_policies

    def compare(inputs, levers, arms, reps, months, workers, progress):
        return real(inputs, levers, ("none",), reps, 2, 1, progress)

    monkeypatch.setattr(planning, "compare_policies", compare)
    monkeypatch.setattr(planning, "COMPARISONS", Cache(16))


def rough(user) -> list[str]:
    try:
        return [e.text for e in user.find(marker="compare-rough").elements]
    except AssertionError:
        return []


@pytest.mark.parametrize("reps", [1, 2])
async def test_few_replications_are_said_rough(user, small, reps):
    await user.open("/")
    await user.should_see("Số lần lặp", retries=SEE)
    user.find(marker="compare-replications").clear().type(str(reps))
    user.find(marker="run-compare").click()
    await user.should_see("Xong", retries=SEE)
    await user.should_see("Trung bình và [khoảng 90%]", retries=SEE)
    if reps == 1:
        assert rough(user) == []
        return
    await wait_for(lambda: rough(user))
    (line,) = rough(user)
    assert "các dải 90% còn quá thô" in line and "2 lần lặp là quá ít" in line
    assert "ít nhất 10" in line and "--replications" not in line
