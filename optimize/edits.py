"""Manual edits to a plan: forced moves, officials who must stay, communes closed as donors."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher, get_close_matches
from os.path import commonprefix

import numpy as np

from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.cache import optimum, peek
from staffsim.optimize.families import families
from staffsim.optimize.levers import with_params
from staffsim.optimize.pairs import move_pair_keys
from staffsim.optimize.solve import optimize_plan
from staffsim.scenarios.errors import ScenarioError, quote
from staffsim.scenarios.names import find_commune
from staffsim.scenarios.specialties import INDEX
from staffsim.scenarios.tables import plain_cell


@dataclass
class Edits:
    moves: list[tuple[str, str]] = field(default_factory=list)  # (official_id, commune)
    keep: list[str] = field(default_factory=list)  # official ids that must not move
    close: list[str] = field(default_factory=list)  # communes that give no one
    # a forced move into another specialty than the official's own (official_id ->
    # specialty key; explain's remedy by hand when cross-specialty moves are allowed; the
    # command line's --move always keeps the official's specialty)
    specialty: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # ids and communes as the tables are read (``tables.plain_cell``): an id typed with
        # a zero-width space was found by the checks, then looked up as typed (a trial:
        # 'internal error: KeyError')
        self.moves = [(plain_cell(o), plain_cell(c)) for o, c in self.moves]
        self.keep = [plain_cell(o) for o in self.keep]
        self.close = [plain_cell(c) for c in self.close]
        self.specialty = {plain_cell(o): s for o, s in self.specialty.items()}

    def __bool__(self) -> bool:
        return bool(self.moves or self.keep or self.close)


def parse_moves(items: tuple[str, ...]) -> list[tuple[str, str]]:
    """``ID[,ID...]=COMMUNE`` items into (official_id, commune) pairs."""
    out = []
    for item in items:
        ids, sep, commune = item.partition("=")
        if not sep or not ids.strip() or not commune.strip():
            raise ScenarioError("command line", "--move", f"{quote(item)} is not "
                                "OFFICIAL_ID[,ID...]=COMMUNE")
        out += [(i.strip(), commune.strip()) for i in ids.split(",") if i.strip()]
    return out


def _row(state: ProvinceState, official_id: str, flag: str) -> int:
    """The roster row of ``official_id``; an error suggesting up to three of the closest ids
    (case aside) when no official in post has it, the nearly best only: ids share their
    commune's prefix, so '16531-0200' is 16531-020, not 16531-102 too. Typed as the tables
    are read (``tables.plain_cell``: composed, no invisible marks)."""
    official_id = plain_cell(official_id)
    try:
        return state.official_id.index(official_id)
    except ValueError:
        folded = {o.casefold(): o for o in reversed(state.official_id)}  # the first of a case
        q = official_id.strip().casefold()
        scored = sorted(((SequenceMatcher(None, q, c).ratio(), len(commonprefix([q, c])), c)
                         for c in get_close_matches(q, list(folded), n=max(1, len(folded)),
                                                    cutoff=0.8)),
                        reverse=True)  # a tie goes to the id typed alike for longest
        close = [folded[c] for r, _, c in scored if r >= scored[0][0] - 0.03][:3]
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise ScenarioError("command line", flag, f"{quote(official_id)} is not an official in "
                            f"post in this scenario (see roster.csv of a run){hint}") from None


@dataclass
class EditedPlan:
    forced: list[Move]
    optimised: list[Move]
    status: str
    found: bool = True  # the solver holds a plan (optimal or time-limited)
    basis: dict | None = None  # the optimum's basis, when the cache kept it (``warm``)
    gap_rel: float | None = None  # of a plan the solver found
    best_from: str = "solver"  # or "greedy" (``cache.Optimum.best_from``)

    @property
    def moves(self) -> list[Move]:
        return self.forced + self.optimised


def plan_with_edits(state: ProvinceState, edits: Edits, prefer: np.ndarray | None = None,
                    warm: dict | None = None, keep_pairs: np.ndarray | None = None,
                    keep_weight: float = 0.0) -> EditedPlan:
    """The optimum around the manual edits: forced moves are made first (they use up budget,
    moves and what their units may give: ``edited_state``), kept officials and everyone in
    a closed commune stay, the rest is optimised (``prefer``: arcs to start the solve with,
    ``solve.initial_arcs``; ``warm``: a nearby optimum's basis to start from,
    ``warm.named_basis``; ``keep_pairs``: a baseline's moves, ``pairs.move_pair_keys``, to
    prefer at ``keep_weight``, ``solve.optimize_plan``: such a plan depends on its baseline,
    so the plan cache, keyed by the state alone, neither holds nor gives it). A forced move
    along a baseline pair takes one of the pair's officials: the optimised moves are
    preferred for what is left (counted again, the pair bought a second, useless move)."""
    forced, rest = edited_state(state, edits)
    if keep_pairs is not None and len(keep_pairs) and keep_weight > 0:
        left = Counter(np.asarray(keep_pairs).tolist()) - Counter(
            move_pair_keys(state, forced).tolist())
        _, res, moves, _ = optimize_plan(rest, prefer=prefer,
                                         keep_pairs=np.array(list(left.elements()), np.int64),
                                         keep_weight=keep_weight)
        return EditedPlan(forced, moves, res.status, res.has_solution, gap_rel=res.gap_rel)
    opt = optimum(rest, prefer, warm)  # the baseline (no edits) is usually in the cache
    return EditedPlan(forced, opt.moves, opt.status, opt.found, gap_rel=opt.gap_rel,
                      best_from=opt.best_from)


def cached_plan(state: ProvinceState, edits: Edits) -> EditedPlan | None:
    """``plan_with_edits`` if the plan cache holds its optimum, else None (nothing solved)."""
    forced, rest = edited_state(state, edits)
    opt = peek(rest)
    return None if opt is None else EditedPlan(forced, opt.moves, opt.status, opt.found,
                                               opt.basis, opt.gap_rel, opt.best_from)


def edited_state(state: ProvinceState, edits: Edits) -> tuple[list[Move], ProvinceState]:
    """The forced moves, and the state left to optimise once they are made. An official
    moved twice, or moved and kept, is a contradiction: refused, naming the official."""
    moved = [oid for oid, _ in edits.moves]
    twice = sorted({oid for oid in moved if moved.count(oid) > 1})
    if twice:
        raise ScenarioError("command line", "--move", f"{quote(twice[0])} is moved more than "
                            "once; give each official one destination")
    both = sorted(set(moved) & set(edits.keep))
    if both:
        raise ScenarioError("command line", "--keep", f"{quote(both[0])} is both moved "
                            "(--move) and kept (--keep); choose one")
    forced = []
    for oid, commune in edits.moves:
        row = _row(state, oid, "--move")
        to = find_commune(state.communes, commune, "--move")
        if to == int(state.commune[row]):  # not a move (it was warned, and counted twice
            # against the commune's cap)
            c = state.communes
            raise ScenarioError("command line", "--move", f"{quote(oid)} already works in "
                                f"{c.names[to]} ({c.ids[to]}); a move goes to another "
                                "commune")
        spec = (INDEX[edits.specialty[oid]] if oid in edits.specialty
                else int(state.specialty[row]))
        forced.append(Move(row, to, spec))
    protect = np.zeros(len(state.official_id), bool)
    for oid in edits.keep:
        protect[_row(state, oid, "--keep")] = True
    for commune in edits.close:
        closed = find_commune(state.communes, commune, "--close-commune")
        out = [oid for oid, m in zip(moved, forced, strict=True)
               if int(state.commune[m.row]) == closed]
        if out:  # a closed commune gives no one: moving one of its officials contradicts it
            raise ScenarioError("command line", "--close-commune", f"{quote(out[0])} is moved "
                                f"(--move) out of {state.communes.names[closed]}, which "
                                "--close-commune closes; choose one")
        protect |= state.commune == closed
    commune, specialty = state.commune.copy(), state.specialty.copy()
    for m in forced:
        commune[m.row] = m.to
        # (one moved into another specialty works in it there: the rules count them in it)
        specialty[m.row] = m.spec_to
        protect[m.row] = True

    def leftover(p):  # what the forced moves use up (budget, move count) is gone
        for fam in families():
            fam.use_up(p, state, forced)

    # what they take from each unit and bring to it: the limits on what a unit gives in all
    # (its share of staff, its surplus over quota) are on its staff before them, less what
    # they took (the per-specialty floor and the recipient cap count staff after them, as
    # the rest state does already)
    n = state.n_communes
    given, received = state.hand_moves()
    given = given + np.bincount([int(state.commune[m.row]) for m in forced],
                                minlength=n).astype(np.int64)
    received = received + np.bincount([m.to for m in forced], minlength=n).astype(np.int64)
    rest = dataclasses.replace(with_params(state, leftover), commune=commune,
                               specialty=specialty, protected=state.protected | protect,
                               given_by_hand=given if forced else state.given_by_hand,
                               received_by_hand=received if forced
                               else state.received_by_hand)
    return forced, rest
