"""Which month a plan is for, and the month to plan on once it has passed
(``results.plan_month``): the months counted by hand from the scenario's start (07/2025),
"today" given, never the machine's date."""

import datetime as dt

from staffsim.results.plan_month import PlanMonth, plan_month_lines
from staffsim.results.words import Words

JULY_2025 = dt.date(2025, 7, 1)
vi, en = Words("vi"), Words("en")


def test_the_month_a_decision_signed_on_a_day_can_take_effect_from():
    pm = PlanMonth(0, JULY_2025, 60)
    # 03/12/2026: January 2027 is the first month not yet begun, 18 months after July 2025
    assert pm.due(dt.date(2026, 12, 3)) == 18
    # on the first day of a month, that month itself: December 2026 is month 17
    assert pm.due(dt.date(2026, 12, 1)) == 17
    assert pm.passed(dt.date(2025, 7, 2)) and not pm.passed(JULY_2025)
    assert PlanMonth(18, JULY_2025).start == dt.date(2027, 1, 1)


def test_a_plan_for_a_month_to_come_says_its_month_only():
    lines = plan_month_lines(vi, PlanMonth(0, JULY_2025, 60), dt.date(2025, 6, 20))
    assert lines == ["Phương án cho tháng 07/2025 (trạng thái đầu kỳ)"]
    lines = plan_month_lines(en, PlanMonth(18, JULY_2025, 60), dt.date(2026, 12, 3))
    assert lines == ["Plan for Jan 2027 (the state simulated after 18 months, --month 18)"]


def test_a_plan_for_a_past_month_says_so_with_the_month_to_plan_on():
    lines = plan_month_lines(vi, PlanMonth(0, JULY_2025, 60), dt.date(2026, 12, 3),
                             command=lambda args: "staffsim plan s.toml " + " ".join(args))
    assert lines[0] == "Phương án cho tháng 07/2025 (trạng thái đầu kỳ)"
    assert lines[1].startswith("Tháng 07/2025 đã qua (hôm nay là 03/12/2026)")
    assert "sớm nhất từ tháng 01/2027" in lines[1]
    assert lines[1].endswith("staffsim plan s.toml --month 18.")
    # a what-if: the option to add (its horizon is raised in the scenario file)
    lines = plan_month_lines(en, PlanMonth(3, JULY_2025, 60), dt.date(2026, 12, 3),
                             whatif=True)
    assert lines[0] == "Plans for Oct 2025 (the state simulated after 3 months, --month 3)"
    assert lines[1].startswith("Oct 2025 has passed (today is 3 Dec 2026)")
    assert lines[1].endswith("plan on Jan 2027 instead: give --month 18.")


def test_a_month_beyond_the_horizon_says_how_to_raise_it():
    # a 12-month scenario: month 18 is beyond it; plan's command raises simulation.months
    lines = plan_month_lines(en, PlanMonth(0, JULY_2025, 12), dt.date(2026, 12, 3),
                             command=lambda args: "staffsim plan s.toml " + " ".join(args))
    assert "staffsim plan s.toml --set simulation.months=18 --month 18" in lines[1]
    assert "raises simulation.months" in lines[1]
    lines = plan_month_lines(en, PlanMonth(0, JULY_2025, 12), dt.date(2026, 12, 3),
                             whatif=True)
    assert ("raise simulation.months in the scenario file to 18 or more (it is 12), then "
            "give --month 18") in lines[1]
    # beyond any horizon staffsim allows: no command, the reason
    lines = plan_month_lines(en, PlanMonth(0, JULY_2025, 12), dt.date(2090, 1, 1),
                             command=lambda args: "never")
    assert "never" not in lines[1] and "beyond the longest simulation" in lines[1]
