"""The province's zones, in the order every table and array uses (lowland first).

Kept apart from ``scenarios.params`` so that what only needs the zones' names (the outcomes,
the figures and the figure worker) does not import the scenario models (pydantic, 0.15 s).
"""

from __future__ import annotations

ZONES: tuple[str, ...] = ("lowland", "mountain", "high_mountain")
