"""Reconstruct Decision 2623/QĐ-UBND of Thanh Hóa as a transfer list staffsim can evaluate.

    .venv/bin/python scripts/reconstruct_decision_2623.py [--check]

What is known (docs/facts.md, "Transfers and support"): the decision moved 176 officials from
the surplus units Hàm Rồng, Hạc Thành, Đông Sơn, Sầm Sơn, Nam Sầm Sơn and Tây Đô to communes
short of staff, mostly mountain ones; Mường Chanh (high mountain, about 300 km from Hạc Thành)
received about 10 of them; surplus means officials above the unit's quota. The annex names
people we do not have, so this is a RECONSTRUCTION on staffsim's generated Thanh Hóa roster
(scenarios/thanh_hoa.toml, its seed), built the way a planner would:

1. Who may go: officials of the six units who are not leaders, not flagged protected and not
   within the protection rule's years of retirement, youngest first (then by id).
2. How many each unit gives: the 176 shared out in proportion to what each unit can give
   (largest remainder): its officials above its norm quota, and no more than it has movable
   officials beyond its needs in their specialties (step 4).
3. Mường Chanh first: 10 officials from Hạc Thành, one at a time into the specialty where
   Mường Chanh's shortfall (WISN requirement minus officials, counting those already sent)
   is largest and Hạc Thành has someone to give.
4. The rest by shortfall: repeatedly the commune-specialty with the largest remaining
   shortfall among communes below their quota (Mường Chanh excluded: it got its 10), served
   by the unit with the most left to give that has an official of that specialty within the
   distance limit (ties: nearest, then the unit's order above). Each official keeps their
   specialty; a unit gives in a specialty only officials beyond what it needs there (its WISN
   requirement rounded up, and at least one in an essential specialty): a planner does not
   strip the capital ward of its accountants; a commune is filled at most up to its quota.

Writes scenarios/data/thanh_hoa_decision_2623_reconstructed.csv (every row says it is a
reconstruction). Deterministic: the same roster gives the same file; ``--check`` exits 1 if
the bundled file differs from what the script would write (tests run it).
"""

from __future__ import annotations

import csv
import io
import math
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "scenarios" / "data" / "thanh_hoa_decision_2623_reconstructed.csv"
SIX = ["Hàm Rồng", "Hạc Thành", "Đông Sơn", "Sầm Sơn", "Nam Sầm Sơn", "Tây Đô"]
TOTAL = 176
MUONG_CHANH, TO_MUONG_CHANH, FROM_FOR_MUONG_CHANH = "Mường Chanh", 10, "Hạc Thành"
sys.path.insert(0, str(REPO))  # (run from a checkout: the note is staffsim's own words)
from staffsim.results.evaluation import DECISION_2623_NOTE as NOTE  # noqa: E402

COLUMNS = ["official_id", "from_commune", "to_commune", "to_specialty", "from_name", "to_name",
           "specialty", "note"]


def _share(weights: np.ndarray, total: int) -> np.ndarray:
    raw = weights / weights.sum() * total
    out = np.floor(raw).astype(int)
    out[np.argsort(-(raw - out), kind="stable")[:total - out.sum()]] += 1
    return np.minimum(out, weights.astype(int))


def reconstruct() -> list[list[str]]:
    import staffsim.optimize.families  # noqa: F401  (their sections are valid in scenario files)
    from staffsim.model.replications import initial_roster
    from staffsim.model.state import state_from_roster
    from staffsim.scenarios.loader import load_scenario
    from staffsim.scenarios.specialties import INDEX, SPECIALTIES

    sc = load_scenario(REPO / "scenarios" / "thanh_hoa.toml")
    state = state_from_roster(sc, initial_roster(sc))
    p = sc.params
    names = sc.communes.names
    units = [names.index(u) for u in SIX]
    in_post = state.in_post()
    total = in_post.sum(axis=1)
    surplus = np.maximum(total - state.quota, 0)
    years = state.years_to_retirement()
    movable = (~state.leader.astype(bool) & ~state.protected.astype(bool)
               & (state.specialty != INDEX["leadership"])
               & (years >= p.optimizer.constraints.protection.years_to_retirement))
    order = np.lexsort((np.array(state.official_id), -state.birth_month))
    pool: dict[tuple[int, int], list[int]] = {}
    for i in order:
        if movable[i] and int(state.commune[i]) in units:
            pool.setdefault((int(state.commune[i]), int(state.specialty[i])), []).append(int(i))
    essential = {i for i, s in enumerate(p.workload.specialties.ordered()) if s.essential}
    need = np.ceil(state.required - 1e-9)
    need[:, sorted(essential)] = np.maximum(need[:, sorted(essential)], 1)
    spare = {d: sum(min(len(pool.get((d, s), [])), max(int(in_post[d, s] - need[d, s]), 0))
                    for s in range(len(SPECIALTIES))) for d in units}
    can = np.array([min(int(surplus[d]), spare[d]) for d in units], float)
    give = dict(zip(units, _share(can, TOTAL).tolist(), strict=True))
    left = in_post.copy()  # officials each unit keeps, by specialty
    shortfall = state.required - in_post
    room = state.quota - total
    limit = p.optimizer.constraints.max_distance.km
    rows: list[list[str]] = []

    def send(d: int, r: int, s: int) -> None:
        i = pool[(d, s)].pop(0)
        left[d, s] -= 1
        give[d] -= 1
        shortfall[r, s] -= 1
        room[r] -= 1
        rows.append([state.official_id[i], sc.communes.ids[d], sc.communes.ids[r],
                     SPECIALTIES[s], names[d], names[r], SPECIALTIES[s], NOTE])

    def can_give(d: int, s: int) -> bool:
        return give[d] > 0 and bool(pool.get((d, s))) and left[d, s] - 1 >= need[d, s]

    mc, hc = names.index(MUONG_CHANH), names.index(FROM_FOR_MUONG_CHANH)
    for _ in range(TO_MUONG_CHANH):
        options = [s for s in range(len(SPECIALTIES)) if can_give(hc, s)]
        s = max(options, key=lambda s: (shortfall[mc, s], -s))
        send(hc, mc, s)
    blocked: set[tuple[int, int]] = set()
    zone = sc.communes.zone
    while len(rows) < TOTAL:
        want = [(shortfall[r, s], zone[r], -r, -s) for r in np.flatnonzero(room > 0)
                for s in range(len(SPECIALTIES))
                if r != mc and r not in give and shortfall[r, s] > 0 and (r, s) not in blocked
                and s != INDEX["leadership"]]
        if not want:
            raise SystemExit("ran out of short communes before 176 moves")
        _, _, r, s = max(want)
        r, s = -r, -s
        donors = [d for d in units if can_give(d, s) and state.distance_km[d, r] <= limit]
        if not donors:
            blocked.add((r, s))
            continue
        d = max(donors, key=lambda d: (give[d], -state.distance_km[d, r], -units.index(d)))
        send(d, r, s)
    assert math.isclose(sum(1 for _ in rows), TOTAL)
    return rows


def as_csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerows(rows)
    return buf.getvalue()


def main() -> None:
    sys.path.insert(0, str(REPO))
    text = as_csv(reconstruct())
    if "--check" in sys.argv[1:]:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} differs from what {Path(__file__).name} writes: run it again")
            raise SystemExit(1)
        print(f"{OUT}: up to date")
        return
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 1} moves)")


if __name__ == "__main__":
    main()
