"""The figure registry: a name, the folder files a figure reads, and the function drawing it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from staffsim.model.outcomes import area_outcomes
from staffsim.results.csv_columns import read_csv_columns
from staffsim.results.words import Words


@dataclass
class Source:
    """A result folder as a figure reads it (each table read once), with what its titles and
    axes need: where (the province or scenario), when the months start, the language."""

    folder: Path
    communes: Any = None  # scenarios.province.Communes: coordinates a plan folder lacks
    place: str = ""  # the scenario's province name, for titles
    start: tuple[int, int] = (2025, 7)  # year and month of simulation month 0
    lang: str = "vi"
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def words(self) -> Words:
        return Words(self.lang)

    def table(self, name: str, columns: tuple[str, ...] | None = None,
              last_of: str | None = None) -> dict[str, list[str]]:
        """A table's columns (``columns``: only these, for large tables; ``last_of``: only
        the rows with the largest value of that integer column, see ``read_csv_columns``)."""
        key = name if columns is None and last_of is None else (name, columns, last_of)
        if key not in self._cache:
            self._cache[key] = read_csv_columns(self.folder / name, columns, last_of)
        return self._cache[key]

    def json(self, name: str) -> dict[str, Any]:
        if name not in self._cache:
            self._cache[name] = json.loads((self.folder / name).read_text(encoding="utf-8"))
        return self._cache[name]


@dataclass(frozen=True)
class Plot:
    name: str
    reads: tuple[str, ...]  # the folder's files it draws from
    draw: Callable[[Source, Path], None]

    @property
    def file(self) -> str:
        return f"{self.name}.png"


PLOTS: dict[str, Plot] = {}


def register_plot(name: str, reads: tuple[str, ...]
                  ) -> Callable[[Callable[[Source, Path], None]], Callable[[Source, Path], None]]:
    """Register ``fn(source, out)`` as the figure ``name`` (drawn to ``NAME.png``)."""
    def add(fn: Callable[[Source, Path], None]) -> Callable[[Source, Path], None]:
        if name in PLOTS:
            raise ValueError(f"figure {name!r} registered twice")
        PLOTS[name] = Plot(name, reads, fn)
        return fn
    return add


def zone_plot_names() -> list[str]:
    """A run folder's bands-by-zone figures: one per outcome declared ``auto_plot``."""
    return [f"{o.name}_by_zone" for o in area_outcomes() if o.auto_plot]
