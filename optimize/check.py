"""Independent feasibility check of a transfer plan against every rule of the scenario.

Deliberately shares no code with the formulation or ``build_inputs``: it recomputes staff
counts, allowances and rule limits from the roster and the parameters, so a plan that the
optimiser got wrong is caught here. The rules' parts live with their constraint families
(``ConstraintFamily.check_move`` and ``check_plan``, which never call the family's rows or arc
code); this module reads the plan rows and keeps the books.
"""

from __future__ import annotations

from dataclasses import dataclass

from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.families import families
from staffsim.optimize.violations import CheckContext, Moved, Violation
from staffsim.scenarios.specialties import SPECIALTIES

__all__ = ["PlanRow", "Violation", "check_plan"]


@dataclass(frozen=True)
class PlanRow:
    """One move as a planner writes it."""

    official_id: str
    to_commune: str  # commune id
    to_specialty: str = ""  # empty = the official's own specialty
    from_commune: str = ""  # optional: checked against the roster when given
    km: float | None = None  # the road km the rules use, when not the state's (a planner's
    # own road distance where staffsim only estimates one: ``staffsim evaluate``)


def plan_rows(state: ProvinceState, moves: list[Move]) -> list[PlanRow]:
    """A plan's moves as a planner writes them (what ``check_plan`` reads)."""
    return [PlanRow(state.official_id[m.row], state.communes.ids[m.to], SPECIALTIES[m.spec_to],
                    state.communes.ids[state.commune[m.row]]) for m in moves]


def check_plan(state: ProvinceState, plan: list[PlanRow], name_rows: bool = True
               ) -> list[Violation]:
    """Every rule broken by ``plan`` (empty list = feasible): per row, what the row names
    (an official of the roster, listed once, a known commune other than their own) and each
    family's part; then conservation of the whole plan and each family's part. Each finding
    carries its rule's own name (``results.words.RULES`` words it). ``name_rows`` off: a
    finding on several moves names their officials only (``CheckContext.rows_words``)."""
    ctx = CheckContext(state, name_rows=name_rows)
    index = {oid: i for i, oid in enumerate(state.official_id)}
    commune = {cid: i for i, cid in enumerate(state.communes.ids)}
    fams = families("rows")
    out: list[Violation] = []
    for k, row in enumerate(plan, start=1):
        move = _read_row(ctx, k, row, index, commune, out)
        if move is None:
            continue
        for fam in fams:
            out += fam.check_move(ctx, move)
        ctx.apply(move)
    if ctx.before.sum() != ctx.after.sum() or (ctx.after < 0).any():
        out.append(Violation(0, "conservation", "officials are not conserved"))
    for fam in fams:
        out += fam.check_plan(ctx)
    return out


def _read_row(ctx: CheckContext, k: int, row: PlanRow, index: dict[str, int],
              commune: dict[str, int], out: list[Violation]) -> Moved | None:
    """The move a plan row names, or None if it names no real official, commune or
    specialty (or an official twice); problems found go to ``out``."""
    state = ctx.state
    i = index.get(row.official_id)
    if i is None:
        out.append(Violation(k, "roster", f"{row.official_id} is not in the roster"))
        return None
    if row.official_id in ctx.seen:
        out.append(Violation(k, "listed_once",
                             f"{row.official_id} already moves in row {ctx.seen[row.official_id]}"))
        return None
    ctx.seen[row.official_id] = k
    to = commune.get(row.to_commune)
    if to is None:
        out.append(Violation(k, "known_commune", f"commune {row.to_commune} is unknown"))
        return None
    frm = int(state.commune[i])
    if row.from_commune and row.from_commune != state.communes.ids[frm]:
        # communes by name and id ('works in 16072, not 14797' named none: an HR trial)
        given = commune.get(row.from_commune)
        out.append(Violation(k, "roster", f"{row.official_id} works in {ctx.where(frm)}, not "
                             f"{row.from_commune if given is None else ctx.where(given)}"))
    if to == frm:
        out.append(Violation(k, "own_commune", "moves to the commune it is in"))
    spec = row.to_specialty or SPECIALTIES[state.specialty[i]]
    if spec not in SPECIALTIES:
        out.append(Violation(k, "specialty_match", f"unknown specialty {spec}"))
        return None
    km = float(state.distance_km[frm, to]) if row.km is None else float(row.km)
    return Moved(k, i, frm, to, SPECIALTIES.index(spec), km)
