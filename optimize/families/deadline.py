"""Deadline: moves must take effect by a date (Công văn 171 of the Government steering
committee: commune staffing settled by 31/12/2025). Off unless a date is given. It acts on who
may move: after the deadline, nobody."""

from __future__ import annotations

import datetime as dt

import numpy as np

from staffsim.model.state import ProvinceState
from staffsim.optimize.families.base import ConstraintFamily, ExplainContext
from staffsim.optimize.violations import CheckContext, Moved, Violation
from staffsim.scenarios.params import Family, P


class Deadline(Family):
    date: dt.date | None = P(
        None, "date", "last day moves may take effect (Công văn 171: 2025-12-31); a plan "
        "made for a later month moves nobody. Empty = no deadline")


def _month(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def _words(state: ProvinceState, d: dt.date) -> str:
    month = state.calendar_month
    return (f"moves made now take effect in {month % 12 + 1:02d}/{month // 12}, after the "
            f"deadline of {d:%d/%m/%Y}")


class DeadlineFamily(ConstraintFamily):
    name = "deadline"
    params = Deadline
    aliases = {"optimizer.deadline": "date"}

    def restrict_officials(self, state: ProvinceState, ok: np.ndarray) -> None:
        rule = self.settings(state.params)
        if rule.enabled and rule.date is not None and state.calendar_month > _month(rule.date):
            ok[:] = False

    def blocks_candidate(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        rule = self.settings(ctx.state.params)
        if (rule.enabled and rule.date is not None
                and ctx.state.calendar_month > _month(rule.date)):
            return _words(ctx.state, rule.date)
        return None

    def check_move(self, ctx: CheckContext, m: Moved) -> list[Violation]:
        rule = self.settings(ctx.state.params)
        if not (rule.enabled and rule.date is not None):
            return []
        month = ctx.state.calendar_month  # the month the plan's moves take effect
        last = rule.date.year * 12 + rule.date.month - 1
        if month > last:
            return [Violation(m.row, self.name, f"{ctx.official(m)} would move in "
                              f"{month % 12 + 1:02d}/{month // 12}, after the deadline "
                              f"{rule.date:%d/%m/%Y}")]
        return []


FAMILY = DeadlineFamily()
