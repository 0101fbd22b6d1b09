"""What the independent checker reports, and what it has worked out before the families'
parts of the check run (``check.check_plan`` fills it in from the roster alone)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from staffsim.model.state import ProvinceState
from staffsim.scenarios.specialties import SPECIALTIES


@dataclass(frozen=True)
class Violation:
    row: int  # 1-based plan row; 0 for rules on the whole plan
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "plan"
        return f"{where}: {self.rule}: {self.message}"


@dataclass(frozen=True)
class Moved:
    """One plan row that names a real official, commune and specialty."""

    row: int  # 1-based plan row
    official: int  # roster row
    frm: int  # commune index
    to: int
    spec: int  # specialty index the official takes up
    km: float  # road distance


@dataclass
class CheckContext:
    """Staff before and after the plan, as the checker counts them."""

    state: ProvinceState
    before: np.ndarray = field(init=False)  # people, communes x specialties
    after: np.ndarray = field(init=False)
    gave: np.ndarray = field(init=False)  # officials given, per commune
    received: np.ndarray = field(init=False)  # commune receives anyone
    moved: list[Moved] = field(default_factory=list)  # rows applied, in plan order
    seen: dict[str, int] = field(default_factory=dict)  # official id -> first plan row
    # findings on several moves name their plan rows; off where the moves are on no file's
    # rows (a what-if's manual moves): the officials alone
    name_rows: bool = True

    def __post_init__(self) -> None:
        n = self.state.n_communes
        self.before = np.zeros((n, len(SPECIALTIES)), int)
        np.add.at(self.before, (self.state.commune, self.state.specialty), 1)
        self.after = self.before.copy()
        self.gave = np.zeros(n, int)
        self.received = np.zeros(n, bool)

    def apply(self, m: Moved) -> None:
        self.after[m.frm, self.state.specialty[m.official]] -= 1
        self.after[m.to, m.spec] += 1
        self.gave[m.frm] += 1
        self.received[m.to] = True
        self.moved.append(m)

    @property
    def ids(self) -> list[str]:
        return self.state.communes.ids

    @property
    def names(self) -> list[str]:
        return self.state.communes.names

    def where(self, c: int) -> str:
        """A commune for people: 'name (id)'."""
        return f"{self.names[c]} ({self.ids[c]})"

    def official(self, m: Moved) -> str:
        return self.state.official_id[m.official]

    def given_by(self, c: int, spec: int | None = None) -> list[Moved]:
        """The plan rows that take an official (of ``spec``, if given) out of commune c, in
        plan order."""
        return [m for m in self.moved if m.frm == c
                and (spec is None or self.state.specialty[m.official] == spec)]

    def received_by(self, c: int) -> list[Moved]:
        """The plan rows that bring an official into commune c, in plan order."""
        return [m for m in self.moved if m.to == c]

    def rows_words(self, ms: list[Moved], most: int = 3) -> str:
        """Plan rows for people: 'row 31 (14797-045), row 32 (14797-046) and 40 more'
        ('14797-045, 14797-046 and 40 more' without ``name_rows``)."""
        shown = ", ".join(f"row {m.row} ({self.official(m)})" if self.name_rows
                          else self.official(m) for m in ms[:most])
        return shown + (f" and {len(ms) - most:,} more" if len(ms) > most else "")

    @cached_property
    def essential(self) -> list[str]:
        """Essential specialties, in the standard order."""
        specs = self.state.params.workload.specialties.ordered()
        return [s for s, sp in zip(SPECIALTIES, specs, strict=True) if sp.essential]

    @cached_property
    def years_to_retirement(self) -> np.ndarray:
        return self.state.years_to_retirement()
