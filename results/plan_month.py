"""Which calendar month a plan is for, and whether that month has passed.

A plan is made on the state of one simulation month (``plan --month N``; 0: the scenario's
start) and its moves take effect on the first day of that month: the allowance months and
amounts hold for that date only. Made on a scenario that starts in 07/2025, the default plan
run in 12/2026 is a plan for a month long gone; a planner who signs it pays months that
cannot be paid (an HR trial: 36 months each, 44,98 tỷ đồng, where the plan for 01/2027 moves
other people for 19 months, 30,98 tỷ). The console, the report and the annex say which
month, and when it has passed, the ``--month`` to plan on instead.

``today()`` is the one clock these lines read (the date as ``date`` gives it); tests replace it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from staffsim.i18n import N_
from staffsim.i18n import date as format_date
from staffsim.results.words import Words, counted_months
from staffsim.scenarios.horizon import month_args, most_months


def today() -> dt.date:
    """Today's date, as the system gives it (replaced in tests)."""
    return dt.date.today()


@dataclass(frozen=True)
class PlanMonth:
    """The month a plan is for: simulation month ``month`` of a scenario starting on
    ``scenario_start``, simulated ``horizon`` months with ``replications``."""

    month: int
    scenario_start: dt.date
    horizon: int = 0
    replications: int = 1

    @property
    def start(self) -> dt.date:
        """The first day of the plan's month: the day its moves take effect."""
        return month_day(self.scenario_start, self.month)

    def passed(self, on: dt.date) -> bool:
        """Has the day the moves take effect passed on ``on`` (a decision signed on ``on``
        cannot take effect before it)?"""
        return self.start < on

    def due(self, on: dt.date) -> int:
        """The simulation month of the first month whose first day is not before ``on``:
        the earliest a decision signed on ``on`` can take effect (negative: before the
        scenario starts)."""
        k = on.year * 12 + on.month - 1 + (on.day > 1)
        return k - (self.scenario_start.year * 12 + self.scenario_start.month - 1)


def month_day(scenario_start: dt.date, month: int) -> dt.date:
    """The first day of simulation month ``month`` of a scenario starting on
    ``scenario_start``."""
    k = scenario_start.year * 12 + scenario_start.month - 1 + month
    return dt.date(k // 12, k % 12 + 1, 1)


def plan_month(params, month: int) -> PlanMonth:
    """The month of a plan made on simulation month ``month`` of a scenario's ``params``."""
    prov, sim = params.province, params.simulation
    return PlanMonth(month, dt.date(prov.start_year, prov.start_month, 1), sim.months,
                     sim.replications)


def calendar(_: Words, day: dt.date) -> str:
    """A calendar month for people: 07/2025 (vi), Jul 2025 (en)."""
    return _.month(day.year, day.month, 0)


def plan_month_lines(_: Words, pm: PlanMonth, on: dt.date,
                     command: Callable[[list[str]], str] | None = None,
                     whatif: bool = False) -> list[str]:
    """Which month the plan (a what-if's two plans: ``whatif``) is for; when it has passed
    on ``on``, one line more: the month a decision signed on ``on`` can take effect from
    and how to plan on it (``command``: the whole command for its options; None: the
    options alone, for a what-if, where the horizon is raised in the scenario file: its
    ``--set simulation.months`` is refused)."""
    when = calendar(_, pm.start)
    if pm.month == 0:
        first = _(N_("Plans for {month} (the scenario's starting state)") if whatif
                  else N_("Plan for {month} (the scenario's starting state)"), month=when)
    else:
        first = _(N_("Plans for {month} (the state simulated after {months}, --month {k})")
                  if whatif else
                  N_("Plan for {month} (the state simulated after {months}, --month {k})"),
                  month=when, months=counted_months(_, pm.month), k=pm.month)
    lines = [first]
    if not pm.passed(on):
        return lines
    due = max(pm.due(on), 0)
    then = calendar(_, month_day(pm.scenario_start, due))
    args = month_args(due, pm.horizon, pm.replications)
    if args is None:
        how = _("{then} is {k} months after the scenario's start, beyond the longest "
                "simulation staffsim allows ({most} months): plan with a scenario that "
                "starts nearer to it", then=then, k=_.num(due), most=_.num(most_months()))
    elif command is not None:
        how = _("plan on {then} instead: {command}", then=then, command=command(args))
        if "--set" in args:
            how += " " + _("(month {k} is beyond the scenario's {horizon} months: the "
                           "command raises simulation.months)", k=_.num(due),
                           horizon=_.num(pm.horizon))
    elif due <= pm.horizon:
        how = _("plan on {then} instead: give --month {k}", then=then, k=due)
    else:
        how = _("plan on {then} instead: raise simulation.months in the scenario file to "
                "{k} or more (it is {horizon}), then give --month {k}", then=then, k=due,
                horizon=_.num(pm.horizon))
    lines.append(_("{month} has passed (today is {today}): the allowance months and amounts "
                   "hold only for moves taking effect on {start}; a decision signed now "
                   "takes effect in {then} at the earliest; {how}.", month=when,
                   today=format_date(on, _.lang), start=format_date(pm.start, _.lang),
                   then=then, how=how))
    return lines
