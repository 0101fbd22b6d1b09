"""Deadline: moves must take effect by a date (Công văn 171 of the Government steering
committee: commune staffing settled by 31/12/2025). Off unless a date is given. It acts on who
may move: after the deadline, nobody."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
from pydantic import field_validator

from staffsim.model.state import ProvinceState
from staffsim.optimize.families.base import ConstraintFamily, ExplainContext
from staffsim.optimize.violations import CheckContext, Moved, Violation
from staffsim.scenarios.params import Family, P

# what a deadline may be, in the one line that refuses anything else
ALLOWED = 'allowed: a date written YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-12-31 or "31/12/2025"'
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class Deadline(Family):
    date: dt.date | None = P(
        None, "date", "last day moves may take effect (Công văn 171: 2025-12-31); a plan "
        "made for a later month moves nobody. Empty = no deadline")

    @field_validator("date", mode="before")
    @classmethod
    def _a_date(cls, value: Any) -> Any:
        """A TOML date (2025-12-31) or the text "2025-12-31", nothing else: pydantic would
        read a number as seconds since 1970 (0 is 01/01/1970) and a text as a date and
        time."""
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(f"a date is required, not a number; {ALLOWED}")
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass  # 2025-02-30
        # as Vietnamese documents write it (Công văn 171: 31/12/2025; an HR trial's was
        # refused)
        if isinstance(value, str) and (m := _VN_DATE.fullmatch(value.strip())):
            try:
                return dt.date(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                pass  # 30/02/2025
        raise ValueError(f"a date is required; {ALLOWED}")

    @field_validator("date", mode="before")
    @classmethod
    def _time_as_text(cls, value: Any) -> Any:
        """A date and time (TOML's 2025-12-31T10:00:00) as its text, so the line refusing it
        quotes what was written, not Python's datetime(...)."""
        return value.isoformat() if isinstance(value, dt.datetime) else value


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
