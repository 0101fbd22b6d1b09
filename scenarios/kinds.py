"""The kinds of unit a commune table and a pool table may name, in the order the arrays
index them.

Kept apart from ``scenarios.params`` (like ``scenarios.zones``) so that what only needs these
names does not import the scenario models: a communes table sent to the figure worker is
unpickled there, and importing pydantic and the parameter models with it took 0.3 s of the
worker's CPU after the plan was solved, while the map waited.
"""

from __future__ import annotations

KINDS: tuple[str, ...] = ("xa", "phuong", "dac_khu")
# Donor units outside the communes (province.pool_csv): provincial departments (sở, ban,
# ngành) and the Party / Fatherland Front bloc. Their kind indexes ALL_KINDS.
POOL_KINDS: tuple[str, ...] = ("department", "party_front")
ALL_KINDS: tuple[str, ...] = KINDS + POOL_KINDS
