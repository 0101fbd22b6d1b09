"""Which officials a plan names, given a plan the office already holds.

The optimiser decides how many officials of each donor commune and specialty go to each
recipient; any movable official of that donor pair may be the one (they are interchangeable
for every rule: movability is per official, every limit per commune pair). ``decode_moves``
names them youngest first. Beside a baseline plan the office has discussed with its staff,
that order sent officials of the baseline to other communes where the variant keeps the
baseline's commune pair: an HR trial's 20% budget cut (Thanh Hóa, 36 instead of 45 bn) named
122 of its 247 moves as officials 'sent elsewhere in the baseline', 30 of them on a commune
pair the baseline also uses. ``name_like`` names them after the baseline instead: the same
counts per commune pair, so the same unmet need, cost, km and rules, with the baseline's
officials where the variant's pairs allow.
"""

from __future__ import annotations

from collections.abc import Sequence

from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.sets import movable_by_post


def name_like(state: ProvinceState, moves: Sequence[Move],
              baseline: Sequence[tuple[str, str, int]]) -> list[Move]:
    """``moves`` (optimised on ``state``) with their officials renamed within each donor
    commune and specialty so that as many as possible go where ``baseline``
    (``ProvinceState.move_keys`` of the baseline's plan) sends them: per donor pair, each
    move's place (recipient, post) first takes an official the baseline sends there
    (youngest first, as ``decode_moves``), else the official the plan named for it, else one
    of the officials the plan named that are left, in its order. Each donor pair keeps its
    count to each place and names only its own movable officials, so the plan's figures
    (unmet need, cost, km) and rules are unchanged; a simulation of it may differ a little,
    as the officials' ages do. A donor pair holding an official who is not movable on
    ``state`` is left as it is."""
    if not moves or not baseline:
        return list(moves)
    _, movable = movable_by_post(state)
    row_of = {str(oid): i for i, oid in enumerate(state.official_id)}
    commune_of = {str(cid): i for i, cid in enumerate(state.communes.ids)}
    wanted = {row_of[oid]: (commune_of[to], spec) for oid, to, spec in baseline
              if oid in row_of and to in commune_of}
    groups: dict[tuple[int, int], list[int]] = {}
    for i, m in enumerate(moves):
        groups.setdefault((int(state.commune[m.row]), int(state.specialty[m.row])),
                          []).append(i)
    out = list(moves)
    for key, positions in groups.items():
        order = [int(r) for r in movable.get(key, [])]
        named = [moves[i].row for i in positions]
        if not set(named) <= set(order):
            continue
        used: set[int] = set()
        rows: list[int | None] = []
        for i in positions:
            place = (moves[i].to, moves[i].spec_to)
            row = next((r for r in order if r not in used and wanted.get(r) == place), None)
            if row is not None:
                used.add(row)
            rows.append(row)
        # a place the baseline does not fill keeps the official the plan named for it, if no
        # baseline official took that one's place; the rest get the plan's officials left
        for k, i in enumerate(positions):
            if rows[k] is None and moves[i].row not in used:
                rows[k] = moves[i].row
                used.add(moves[i].row)
        rest = iter(r for r in named if r not in used)
        for i, row in zip(positions, rows, strict=True):
            out[i] = Move(row if row is not None else next(rest), moves[i].to, moves[i].spec_to)
    return out
