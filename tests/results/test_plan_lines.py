"""What a plan spends of its limits, in words."""

from staffsim.results.plan_lines import limit_lines
from staffsim.results.words import Words


def _budget(used: float, limit: float, binds: bool) -> list[dict]:
    return [{"rule": "budget", "used": used, "limit": limit, "binds": binds}]


def test_a_plan_over_its_budget_says_by_how_much_not_a_share_of_nothing():
    """Manual moves can spend beyond the budget, even a budget of 0: the line said
    'VND 0.15 bn of VND 0 (0.0%)'."""
    _ = Words("en")
    line = limit_lines(_, _budget(0.15e9, 0.0, True))[0]
    assert "(–)" in line and "over the budget by VND 0.15 bn" in line and "0.0%" not in line
    line = limit_lines(_, _budget(46e9, 45e9, True))[0]
    assert "over the budget by VND 1.00 bn" in line and "(102.2%)" in line
    line = limit_lines(_, _budget(44.98e9, 45e9, True))[0]
    assert "(100.0%)" in line and "the budget binds" in line and "over" not in line
    vi = limit_lines(Words("vi"), _budget(0.15e9, 0.0, True))[0]
    assert "vượt ngân sách 0,15 tỷ đồng" in vi
