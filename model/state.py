"""The state of a province at one moment: who is where, and what is needed. The optimiser plans
on it; the simulation produces it (``state_from_roster``, ``planning_state``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from staffsim.model.roster import Roster, pool_roster, quota
from staffsim.model.workload import required_fte
from staffsim.scenarios.distances import KnownDistance, apply_known, road_km
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import Scenario, province_params
from staffsim.scenarios.params import Params, statutory_age
from staffsim.scenarios.province import Communes
from staffsim.scenarios.specialties import N_SPECIALTIES

if TYPE_CHECKING:
    from staffsim.model.model import StaffModel


@dataclass(frozen=True)
class Move:
    """One official moving: ``row`` indexes the state's officials, ``to`` its communes,
    ``spec_to`` the specialty taken up at the recipient."""

    row: int
    to: int
    spec_to: int


@dataclass
class ProvinceState:
    """Communes, their WISN requirement and the active officials at one moment.

    ``officials`` index the roster rows that are active; ``month`` is the simulation month the
    state was taken at (0 = the scenario's start).
    """

    params: Params
    communes: Communes
    required: np.ndarray  # communes x specialties, FTE
    quota: np.ndarray  # per commune
    supplied_distance_km: np.ndarray | None  # communes x communes; None = estimate
    official_id: list[str]
    commune: np.ndarray  # per official: commune index
    specialty: np.ndarray
    birth_month: np.ndarray
    female: np.ndarray
    leader: np.ndarray
    protected: np.ndarray
    calendar_month: int  # year x 12 + month - 1 of the state
    name: str = ""
    roster_rows: np.ndarray | None = None  # per official: its row in the simulation roster
    known_km: list[KnownDistance] = field(default_factory=list)  # exact road km of some pairs
    # manual moves already made in this state (``optimize.edits.edited_state``): per commune,
    # the officials they took out and brought in (None: none). The rules on what a unit may
    # give in all (its share of staff, its surplus over quota) are on its staff before them,
    # and what they took counts against them (``hand_moves``)
    given_by_hand: np.ndarray | None = None
    received_by_hand: np.ndarray | None = None

    @property
    def distance_km(self) -> np.ndarray:
        """Road km between communes: the supplied matrix, else the known road km where given
        and the estimate (``scenarios.distances.road_km``) elsewhere."""
        if self.supplied_distance_km is None:
            c, prov = self.communes, self.params.province
            km = road_km(c.lat, c.lon, c.zone, prov.road_factor.as_list(), prov.remote_detour,
                         prov.remote_threshold_km)
            self.supplied_distance_km = apply_known(km, c.ids, self.known_km)
        return self.supplied_distance_km

    @property
    def month(self) -> int:
        """Simulation month of the state (0 = the scenario's start): moves made on it take
        effect in this month."""
        prov = self.params.province
        return self.calendar_month - (prov.start_year * 12 + prov.start_month - 1)

    @property
    def n_communes(self) -> int:
        return len(self.communes)

    def in_post(self) -> np.ndarray:
        flat = self.commune.astype(np.int64) * N_SPECIALTIES + self.specialty
        return np.bincount(flat, minlength=self.n_communes * N_SPECIALTIES).reshape(
            self.n_communes, N_SPECIALTIES)

    def move_keys(self, moves: list[Move]) -> list[tuple[str, str, int]]:
        """Each move as (official id, receiving commune id, post): the same move in any
        state of the same roster, whatever rows the states give the officials (a what-if's
        two plans)."""
        ids = self.communes.ids
        return [(str(self.official_id[m.row]), str(ids[m.to]), int(m.spec_to)) for m in moves]

    def hand_moves(self) -> tuple[np.ndarray, np.ndarray]:
        """(officials the manual moves already made took out, brought in), per commune;
        zeros when there are none."""
        zero = np.zeros(self.n_communes, np.int64)
        return (zero if self.given_by_hand is None else self.given_by_hand,
                zero if self.received_by_hand is None else self.received_by_hand)

    def years_to_retirement(self) -> np.ndarray:
        """Years until each official reaches the statutory age (Decree 135/2020 roadmap).

        Uses this year's age limit; limits only rise, so this never overstates the time left.
        """
        limit = statutory_age(self.params.dynamics, self.calendar_month // 12, self.female)
        age = (self.calendar_month - self.birth_month) / 12.0
        return limit - age

    def subset(self, mask: np.ndarray) -> ProvinceState:
        """The state restricted to the communes in ``mask`` (officials follow)."""
        idx = np.flatnonzero(mask)
        remap = np.full(self.n_communes, -1)
        remap[idx] = np.arange(len(idx))
        keep = mask[self.commune]
        return ProvinceState(
            params=self.params, communes=self.communes.subset(mask),
            required=self.required[idx], quota=self.quota[idx],
            supplied_distance_km=None if self.supplied_distance_km is None
            else self.supplied_distance_km[np.ix_(idx, idx)],
            official_id=[o for o, k in zip(self.official_id, keep, strict=True) if k],
            commune=remap[self.commune[keep]].astype(np.int32),
            specialty=self.specialty[keep], birth_month=self.birth_month[keep],
            female=self.female[keep], leader=self.leader[keep],
            protected=self.protected[keep], calendar_month=self.calendar_month,
            name=self.name, known_km=self.known_km,
            roster_rows=None if self.roster_rows is None else self.roster_rows[keep],
            given_by_hand=None if self.given_by_hand is None else self.given_by_hand[idx],
            received_by_hand=None if self.received_by_hand is None
            else self.received_by_hand[idx])


def state_from_roster(scenario: Scenario, roster: Roster, month: int = 0,
                      required: np.ndarray | None = None,
                      distance_km: np.ndarray | None = None,
                      protect: np.ndarray | None = None) -> ProvinceState:
    """The state at simulation ``month`` for a roster (active officials only); ``protect``
    marks more rows that must not move (e.g. secondees away, contract staff).

    With a pool (``province.pool_csv``) its units follow the communes, with no requirement of
    their own and their quota from the table, and its officials who are not in ``roster``
    (not moved yet) follow the roster's, with no roster row (``roster_rows`` -1).
    """
    p = scenario.params
    c = scenario.communes
    a = np.flatnonzero(roster.active)
    protected = roster.protected[a] if protect is None else (roster.protected | protect)[a]
    if required is None:
        required = required_fte(p.workload, c.population, c.zone, month)
    units, quotas = c, quota(c, p.staffing)
    ids = [roster.official_id[i] for i in a]
    cols = {"commune": roster.commune[a], "specialty": roster.specialty[a],
            "birth_month": roster.birth_month[a], "female": roster.female[a],
            "leader": roster.leader[a], "protected": protected}
    rows = a
    pr = pool_roster(scenario)
    if pr is not None:
        moved = set(roster.official_id)  # pool officials already in a commune (or back)
        keep = np.array([o not in moved for o in pr.official_id], bool)
        units = c.concat(scenario.pool.units)
        required = np.vstack([required, np.zeros((len(scenario.pool), required.shape[1]))])
        quotas = np.concatenate([quotas, scenario.pool.quota])
        ids += [o for o, k in zip(pr.official_id, keep, strict=True) if k]
        extra = {"commune": pr.commune[keep] + len(c), "specialty": pr.specialty[keep],
                 "birth_month": pr.birth_month[keep], "female": pr.female[keep],
                 "leader": pr.leader[keep], "protected": pr.protected[keep]}
        cols = {k: np.concatenate([v, extra[k]]).astype(v.dtype) for k, v in cols.items()}
        rows = np.concatenate([a, np.full(int(keep.sum()), -1)])
    return ProvinceState(
        params=p, communes=units, required=required, quota=quotas,
        supplied_distance_km=scenario.distances if distance_km is None else distance_km,
        official_id=ids, **cols,
        calendar_month=p.province.start_year * 12 + p.province.start_month - 1 + month,
        name=scenario.place, roster_rows=rows, known_km=scenario.known_distances)


def provinces(state: ProvinceState) -> list[tuple[str, ProvinceState]]:
    """Split a multi-province state into independent provinces (transfers stay in-province),
    each with its own overrides (``province.by_province``)."""
    codes = np.array(state.communes.province)
    unique = list(dict.fromkeys(codes.tolist()))
    if len(unique) <= 1:
        code = unique[0] if unique else ""
        params = province_params(state.params, code)
        return [(code, state if params is state.params
                 else dataclasses.replace(state, params=params))]
    out = []
    for code in unique:
        sub = state.subset(codes == code)
        sub.params = province_params(state.params, code)
        sub.name = sub.communes.province_names().get(code) or code
        out.append((code, sub))
    return out


def single_province(state: ProvinceState, source: str) -> ProvinceState:
    """The state itself if it holds one province; a clear error otherwise."""
    codes = sorted(set(state.communes.province))
    if len(codes) > 1:
        raise ScenarioError(source, "province.provinces", f"this command plans one province; "
                            f"the scenario has {len(codes)} (choose one, e.g. --set "
                            f"'province.provinces=[\"{codes[0]}\"]')")
    return state


def planning_state(model: StaffModel, t: int) -> ProvinceState:
    """The state the province plans on at the end of month t (for posts from month t+1).

    Officials within a transfer's or secondment's term (they may still go back) and contract
    staff are not moved again.
    """
    r = model.roster
    protect = r.contract | (r.home_commune >= 0)
    return state_from_roster(model.scenario, r, month=t + 1, protect=protect)
