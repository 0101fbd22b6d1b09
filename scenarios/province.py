"""Province data: the communes table and the optional roster and distance tables (CSV)."""

from __future__ import annotations

import datetime
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

import numpy as np

from staffsim.scenarios import limits
from staffsim.scenarios.distances import KnownDistance
from staffsim.scenarios.errors import ScenarioError, quote
from staffsim.scenarios.kinds import KINDS, POOL_KINDS
from staffsim.scenarios.specialties import SPECIALTIES
from staffsim.scenarios.tables import (
    VALUES,
    InputWarning,
    Problems,
    SheetsRead,
    choice,
    fold,
    number,
    read_table,
    specialty_values,
    unique_id,
)
from staffsim.scenarios.zones import ZONES

COMMUNE_COLUMNS = ("commune_id", "name", "kind", "zone", "population", "area_km2", "lat", "lon")
# allowance_zone: the support level a move into the commune draws, where the province's list
# of communes per level is not its zones (Thanh Hóa's draft: 38 + 38 communes, not the 47 + 30
# its former districts give); empty cells: the commune's zone
# officials: the commune's cán bộ, công chức in post, as the province reports them ('Số cán
# bộ, công chức hiện có'): a generated roster gives the commune exactly that many (the
# generator's assumptions only where a cell is empty); a roster table overrides it
# quota: the positions the province allotted the commune ('Biên chế được giao'), in place of
# the norm of Công văn 09/CV-BCĐ (model.roster.quota); empty cells: the norm
OPTIONAL_COMMUNE_COLUMNS = ("province_code", "merged_units", "allowance_zone", "officials",
                            "quota")
# the most officials a commune's cell may give (Hà Nội's units average about 76, Điện Biên's
# some over 100: docs/facts.md, "Staffing norms"; ten times the largest quota cap of 70)
MAX_COMMUNE_OFFICIALS = 700
ROSTER_COLUMNS = ("official_id", "commune_id", "specialty", "birth_year", "leader", "protected")


@dataclass
class Communes:
    """The communes of a province, one array entry per commune (row order of the file)."""

    ids: list[str]
    names: list[str]
    kind: np.ndarray  # int index into KINDS
    zone: np.ndarray  # int index into ZONES
    population: np.ndarray
    area_km2: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    province: list[str]
    merged_units: np.ndarray  # NaN where the table has no such column or value
    extra: dict[str, list[str]] = field(default_factory=dict)
    # donor units outside the communes (a planning state's pool rows): True per unit
    pool: np.ndarray | None = None
    # officials moving from the unit draw the allowance (communes: always)
    allowance_eligible: np.ndarray | None = None
    # the zone whose allowance a move into the commune draws (index into ZONES): the table's
    # allowance_zone column where it gives one (a province's own list of communes at each
    # support level), else the commune's zone
    allowance_zone: np.ndarray | None = None
    allowance_zone_given: bool = False  # the table has an allowance_zone column
    # officials in post per commune as the table gives them (the generated roster's
    # headcount there); NaN where the table has no such column or the cell is empty
    officials: np.ndarray | None = None
    # positions allotted per commune (biên chế được giao) as the table gives them, in place
    # of the norm quota; NaN where the table has no such column or the cell is empty
    quota: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = len(self.ids)
        if self.pool is None:
            self.pool = np.zeros(n, bool)
        if self.allowance_eligible is None:
            self.allowance_eligible = np.ones(n, bool)
        if self.allowance_zone is None:
            self.allowance_zone = self.zone.copy()
        if self.officials is None:
            self.officials = np.full(n, np.nan)
        if self.quota is None:
            self.quota = np.full(n, np.nan)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def is_commune(self) -> np.ndarray:
        return ~self.pool

    def subset(self, mask: np.ndarray) -> Communes:
        idx = np.flatnonzero(mask)
        pick = lambda seq: [seq[i] for i in idx]  # noqa: E731
        return Communes(
            ids=pick(self.ids), names=pick(self.names), kind=self.kind[idx], zone=self.zone[idx],
            population=self.population[idx], area_km2=self.area_km2[idx], lat=self.lat[idx],
            lon=self.lon[idx], province=pick(self.province),
            merged_units=self.merged_units[idx],
            extra={k: pick(v) for k, v in self.extra.items()},
            pool=self.pool[idx], allowance_eligible=self.allowance_eligible[idx],
            allowance_zone=self.allowance_zone[idx],
            allowance_zone_given=self.allowance_zone_given,
            officials=self.officials[idx], quota=self.quota[idx],
        )

    def concat(self, other: Communes) -> Communes:
        """These units followed by ``other``'s (extra columns: those either has, empty where
        the other has none: a plan state of communes and pool units kept none, and lost the
        communes' province names)."""
        keys = list(dict.fromkeys([*self.extra, *other.extra]))
        cell = lambda c, k: c.extra.get(k, [""] * len(c))  # noqa: E731
        return Communes(
            ids=self.ids + other.ids, names=self.names + other.names,
            kind=np.concatenate([self.kind, other.kind]),
            zone=np.concatenate([self.zone, other.zone]),
            population=np.concatenate([self.population, other.population]),
            area_km2=np.concatenate([self.area_km2, other.area_km2]),
            lat=np.concatenate([self.lat, other.lat]), lon=np.concatenate([self.lon, other.lon]),
            province=self.province + other.province,
            merged_units=np.concatenate([self.merged_units, other.merged_units]),
            extra={k: list(cell(self, k)) + list(cell(other, k)) for k in keys},
            pool=np.concatenate([self.pool, other.pool]),
            allowance_eligible=np.concatenate([self.allowance_eligible,
                                               other.allowance_eligible]),
            allowance_zone=np.concatenate([self.allowance_zone, other.allowance_zone]),
            allowance_zone_given=self.allowance_zone_given or other.allowance_zone_given,
            officials=np.concatenate([self.officials, other.officials]),
            quota=np.concatenate([self.quota, other.quota]))

    def province_names(self) -> dict[str, str]:
        """Each province's name as the communes table writes it ('Tỉnh Nghệ An'), by its
        code: the first unit whose province column names it; a province no unit names (or a
        table without that column) is left out."""
        out: dict[str, str] = {}
        for code, name in zip(self.province, self.extra.get("province", []), strict=False):
            if name.strip():
                out.setdefault(code, name.strip())
        return out


@dataclass
class Pool:
    """Donor units outside the communes (``province.pool_csv``): where they are, their quota,
    how many officials they have (for the roster generator) and in which commune
    specialties."""

    units: Communes  # kind indexes ALL_KINDS; pool = True; population 0
    quota: np.ndarray
    officials: np.ndarray  # headcount for the generator (a roster table overrides it)
    specialties: list[dict[int, float]]  # per unit: specialty index -> share of its officials

    def __len__(self) -> int:
        return len(self.units)

    def subset(self, mask: np.ndarray) -> Pool:
        idx = np.flatnonzero(mask)
        return Pool(self.units.subset(mask), self.quota[idx], self.officials[idx],
                    [self.specialties[i] for i in idx])


@dataclass
class RosterTable:
    """An officials roster as read from CSV (columns, not objects)."""

    official_id: list[str]
    commune: np.ndarray  # index into Communes
    specialty: np.ndarray  # index into SPECIALTIES
    birth_year: np.ndarray
    birth_month: np.ndarray  # 1-12; 7 (mid-year) where the table gives the year only
    leader: np.ndarray
    protected: np.ndarray
    female: np.ndarray
    full_name: list[str] = field(default_factory=list)  # "Họ tên" column; "" where absent


# Vietnam's mainland and islands (Hoàng Sa and Trường Sa included), with a margin.
VIETNAM_LAT = (8.0, 24.0)
VIETNAM_LON = (102.0, 118.0)


def read_communes(path: Path, provinces: list[str] | None = None) -> Communes:
    """Read and check a communes table (CSV or .xlsx); keep extra columns as text; only the
    communes of ``provinces`` if given.

    Every problem is collected and reported together (``InputErrors``)."""
    return read_communes_and_table(path, provinces)[0]


def read_communes_and_table(path: Path, provinces: list[str] | None = None
                            ) -> tuple[Communes, Communes | None]:
    """``read_communes``, and the whole table when ``provinces`` selects part of it (None
    otherwise): a generated roster's ``target_total`` is the whole table's headcount, of which
    the selected provinces take their share."""
    col, body = read_table(path, COMMUNE_COLUMNS, OPTIONAL_COMMUNE_COLUMNS,
                           max_rows=limits.COMMUNES)
    problems = Problems(path)
    ids, names, kind, zone, pop, area, lat, lon, prov, merged, paid, staff, posts = (
        [] for _ in range(13))
    seen: dict[str, int] = {}
    for n, row in body:
        cid = row[col["commune_id"]]
        unique_id(problems, n, "commune_id", cid, seen, "commune")
        ids.append(cid)
        names.append(row[col["name"]] or cid)
        kind.append(choice(problems, n, "kind", row[col["kind"]], KINDS, VALUES["kind"]))
        zone.append(choice(problems, n, "zone", row[col["zone"]], ZONES, VALUES["zone"]))
        pop.append(number(problems, n, "population", row[col["population"]], 1, 5e6, True))
        area.append(number(problems, n, "area_km2", row[col["area_km2"]], 0.01, 1e5))
        lat.append(number(problems, n, "lat", row[col["lat"]], *VIETNAM_LAT,
                          what=" (inside Vietnam)"))
        lon.append(number(problems, n, "lon", row[col["lon"]], *VIETNAM_LON,
                          what=" (inside Vietnam)"))
        prov.append(row[col["province_code"]] if "province_code" in col else "")
        mu = row[col["merged_units"]] if "merged_units" in col else ""
        merged.append(number(problems, n, "merged_units", mu, 1, 100) if mu else np.nan)
        az = row[col["allowance_zone"]] if "allowance_zone" in col else ""
        paid.append(choice(problems, n, "allowance_zone", az, ZONES, VALUES["zone"]) if az
                    else zone[-1])
        heads = row[col["officials"]] if "officials" in col else ""
        staff.append(number(problems, n, "officials", heads, 1, MAX_COMMUNE_OFFICIALS, True)
                     if heads else np.nan)
        allotted = row[col["quota"]] if "quota" in col else ""
        posts.append(number(problems, n, "quota", allotted, 1, MAX_COMMUNE_OFFICIALS, True)
                     if allotted else np.nan)
    problems.raise_if_any()
    known = set(COMMUNE_COLUMNS) | set(OPTIONAL_COMMUNE_COLUMNS)
    extra_cols = [h for h in col if h not in known]
    communes = Communes(
        ids=ids, names=names, kind=np.array(kind, dtype=np.int8),
        zone=np.array(zone, dtype=np.int8), population=np.array(pop, dtype=float),
        area_km2=np.array(area), lat=np.array(lat), lon=np.array(lon), province=prov,
        merged_units=np.array(merged, dtype=float),
        extra={h: [row[col[h]] for _, row in body] for h in extra_cols},
        allowance_zone=np.array(paid, dtype=np.int8),
        allowance_zone_given="allowance_zone" in col,
        officials=np.array([np.nan if v is None else v for v in staff], dtype=float),
        quota=np.array([np.nan if v is None else v for v in posts], dtype=float),
    )
    if provinces:
        mask = np.isin(np.array(prov), provinces)
        # every province asked for (one mistyped among several was dropped silently)
        absent = [c for c in provinces if c not in set(prov)]
        if absent:
            raise ScenarioError(path, "province_code",
                                f"no rows for provinces {absent}; present: "
                                f"{', '.join(sorted(set(prov)))}")
        if not mask.all():
            selected = communes.subset(mask)
            _few_residents(path, selected)
            return selected, communes
    _few_residents(path, communes)
    return communes, None


# fewer residents than any commune of Vietnam is likely to have after the 2025 mergers (Thanh
# Hóa's smallest, a border commune left unmerged, has 2,991): the national table's figures are
# the map portal's, unvalidated (scenarios/data/SOURCES.md), and some are 114 or 25 (an island
# commune or đặc khu of a few hundred is real: the line says "likely", never refuses)
FEW_RESIDENTS = 1_500
SHOWN_FEW = 5
# tables already said to have such communes, in this process: a command's first reading of a
# table (its scenario's communes) says it; the readings a sweep or validate then makes of
# each province would repeat it for provinces the user did not ask about
_SAID_FEW: set[str] = set()


def _few_residents(path: Path, communes: Communes) -> None:
    """One warning line naming the communes with fewer than ``FEW_RESIDENTS`` residents: the
    population sets their workload and quota top-up, and in the national table their zone
    (by density), so a figure too low makes a commune near a city 'high mountain' with
    almost nothing to do (a Lạng Sơn planner's trial: Cao Lộc, 692 residents on 104 km²)."""
    if str(path) in _SAID_FEW:
        return
    _SAID_FEW.add(str(path))
    few = np.flatnonzero(communes.population < FEW_RESIDENTS)
    if not few.size:
        return
    order = few[np.argsort(communes.population[few], kind="stable")]
    names = ", ".join(f"{communes.names[i]} ({communes.ids[i]}) "
                      f"{int(communes.population[i]):,}" for i in order[:SHOWN_FEW])
    more = f" and {few.size - SHOWN_FEW:,} more communes" if few.size > SHOWN_FEW else ""
    count = "1 commune has" if few.size == 1 else f"{few.size:,} communes have"
    warnings.warn(f"{path}: population: {count} fewer than "
                  f"{FEW_RESIDENTS:,} residents, likely an error of the source: {names}{more}; "
                  "the population sets their workload, their quota and, in the national "
                  "table, their zone: check them against the province's figures",
                  InputWarning, stacklevel=3)


POOL_COLUMNS = ("commune_id", "name", "kind", "zone", "lat", "lon", "quota", "officials",
                "specialties", "allowance_eligible")


def _specialty_shares(problems: Problems, n: int, text: str) -> dict[int, float]:
    """'land:0.6;agriculture:0.4' (or 'finance') -> {specialty index: share}, shares summing
    to 1."""
    out: dict[int, float] = {}
    for part in [p.strip() for p in text.replace(",", ";").split(";") if p.strip()]:
        name, _, weight = part.partition(":")
        i = choice(problems, n, "specialties", name.strip(), SPECIALTIES, specialty_values())
        w = number(problems, n, "specialties", weight.strip() or "1", 0.0001, 1e6)
        if i is not None and w is not None:
            if SPECIALTIES[i] == "leadership":
                problems.error(f"row {n}, column specialties",
                               "leadership is not a commune post a unit's officials fill")
            out[i] = out.get(i, 0.0) + float(w)
    if not out:
        problems.error(f"row {n}, column specialties", "empty; give at least one specialty, "
                       "e.g. 'finance' or 'land:0.6;agriculture:0.4'")
        return {}
    total = sum(out.values())
    return {i: w / total for i, w in out.items()}


def _pool_provinces(path: Path, prov: list[str], communes: Communes, given: bool,
                    ids: list[str], chosen: list[str] | None) -> list[str]:
    """The units' provinces, each one a province of the communes: a unit of a province with
    no commune would be planned as a province of its own, with a budget of its own (a
    communes table without a province_code column beside a pool table with one made Thanh
    Hóa two provinces and doubled its budget, silently). A pool table without the column
    belongs to the communes' province when they are in one. Units of provinces not
    ``chosen`` (``province.provinces``) are left out after, unchecked."""
    known = set(communes.province)
    if len(known) == 1:  # (a blank cell, or no column: the one province)
        prov = [code or next(iter(known)) for code in prov]
    stray = [i for i, code in enumerate(prov)
             if code not in known and (not chosen or code in chosen)]
    if not stray:
        return prov
    if not given:
        raise ScenarioError(path, "province_code", "missing: the communes are in "
                            f"{len(known)} provinces; give each unit the code of its "
                            "province, as the communes table writes it")
    code = prov[stray[0]]
    if known == {""}:
        raise ScenarioError(path, "province_code", f"the units are in province {code}, and "
                            "the communes table has no province_code column (Mã tỉnh); give "
                            "it one with the same code, or leave the column out of this table")
    raise ScenarioError(path, "province_code", f"unit {ids[stray[0]]} is in province {code}, "
                        "where no commune of the communes table is (its provinces: "
                        f"{', '.join(sorted(known))}); pool units move officials within "
                        "their province only")


def read_pool(path: Path, communes: Communes, provinces: list[str] | None = None) -> Pool:
    """Read and check the donor units outside the communes (CSV or .xlsx): ids unique and
    distinct from the communes', kind department or party_front. Every problem is collected."""
    col, body = read_table(path, POOL_COLUMNS, ("province_code",))
    problems = Problems(path)
    taken = set(communes.ids)
    seen: dict[str, int] = {}
    ids, names, kind, zone, lat, lon, prov, quota, heads, specs, eligible = (
        [] for _ in range(11))
    for n, row in body:
        uid = row[col["commune_id"]]
        unique_id(problems, n, "commune_id", uid, seen, "unit")
        if uid in taken:
            problems.error(f"row {n}, column commune_id", f"{uid!r} is already a commune id")
        ids.append(uid)
        names.append(row[col["name"]] or uid)
        k = choice(problems, n, "kind", row[col["kind"]], POOL_KINDS, VALUES["pool_kind"])
        kind.append(len(KINDS) + (k or 0))
        zone.append(choice(problems, n, "zone", row[col["zone"]], ZONES, VALUES["zone"]))
        lat.append(number(problems, n, "lat", row[col["lat"]], *VIETNAM_LAT,
                          what=" (inside Vietnam)"))
        lon.append(number(problems, n, "lon", row[col["lon"]], *VIETNAM_LON,
                          what=" (inside Vietnam)"))
        prov.append(row[col["province_code"]] if "province_code" in col else "")
        quota.append(number(problems, n, "quota", row[col["quota"]], 0, 100_000, True))
        heads.append(number(problems, n, "officials", row[col["officials"]], 0, 100_000, True))
        specs.append(_specialty_shares(problems, n, row[col["specialties"]]))
        eligible.append(choice(problems, n, "allowance_eligible", row[col["allowance_eligible"]],
                               _BOOL, VALUES["bool"]))
    problems.raise_if_any()
    prov = _pool_provinces(path, prov, communes, "province_code" in col, ids, provinces)
    m = len(ids)
    units = Communes(
        ids=ids, names=names, kind=np.array(kind, np.int8), zone=np.array(zone, np.int8),
        population=np.zeros(m), area_km2=np.zeros(m), lat=np.array(lat, float),
        lon=np.array(lon, float), province=prov, merged_units=np.full(m, np.nan),
        pool=np.ones(m, bool), allowance_eligible=np.array(eligible) == 0)
    if "province" in communes.extra:  # the province's name, as the communes table writes it
        called = communes.province_names()
        units.extra["province"] = [called.get(code, "") for code in prov]
    pool = Pool(units, np.array(quota, np.int64), np.array(heads, np.int64), specs)
    if provinces:
        pool = pool.subset(np.isin(np.array(prov), provinces))
    return pool


class CloseIds:
    """The ids of a table a person may have meant by one it does not hold, for a 'closest:'
    hint: the same id as a spreadsheet rewrote it (in another case, its leading zeros
    dropped from a number: '4' for '00004', written as a decimal, '14797.0', or with its
    thousands grouped, '14.797' or '14,797'), else the ids
    one keystroke away (a character wrong, missing or extra, or two neighbours swapped:
    '14779' for '14797'), up to three, in the table's order. Only an id with letters falls
    back to ``difflib``'s likeness: two codes of digits alike in half their digits ('14779'
    and '16549') are no typo of each other. Each id typed is looked at once, through an
    index of the table's ids with one character deleted (a roster of a million rows naming
    one unknown commune asks once; every id unknown asks each in a few lookups)."""

    def __init__(self, known: list[str], n: int = 3) -> None:
        self.known, self.n = list(known), n
        self.order = {k: i for i, k in enumerate(self.known)}
        self.folded: dict[str, list[str]] = {}
        self.deleted: dict[str, set[str]] = {}  # an id, or it with one character deleted
        self.unpadded: dict[str, list[str]] = {}  # a code of digits without leading zeros
        for k in self.known:
            f = k.casefold()
            self.folded.setdefault(f, []).append(k)
            for d in {f, *(f[:i] + f[i + 1:] for i in range(len(f)))}:
                self.deleted.setdefault(d, set()).add(k)
            if k.isdigit():
                self.unpadded.setdefault(k.lstrip("0"), []).append(k)
        self.said: dict[str, tuple[list[str], bool]] = {}

    def __call__(self, typed: str) -> tuple[list[str], bool]:
        """(the ids meant, whether they are ``typed`` with the leading zeros a spreadsheet
        dropped)."""
        if typed not in self.said:
            self.said[typed] = self._close(typed)
        return self.said[typed]

    def _close(self, typed: str) -> tuple[list[str], bool]:
        f = typed.strip().casefold()
        if not f or len(f) > 100:  # (no id of the table is that long)
            return [], False
        whole = re.fullmatch(r"(\d+)\.0+", f)  # a code read as a number, '14797.0'
        forms = [f] + ([whole[1]] if whole else [])
        if re.fullmatch(r"\d{1,3}(?:[.,\u00a0 ]\d{3})+", f):  # and grouped: '14.797'
            forms.append(re.sub(r"\D", "", f))
        same = [k for form in forms for k in self.folded.get(form, ()) if k != typed]
        if same:
            return self._first(same), False
        padded = [k for form in forms if form.isdigit()
                  for k in self.unpadded.get(form.lstrip("0"), ()) if len(k) > len(form)]
        if padded:
            return self._first(padded), True
        near = {k for d in {f, *(f[:i] + f[i + 1:] for i in range(len(f)))}
                for k in self.deleted.get(d, ()) if _one_keystroke(f, k.casefold())}
        if near or f.isdigit():
            return self._first(near), False
        likeness = get_close_matches(f, list(self.folded), n=self.n, cutoff=0.6)
        return self._first([k for c in likeness for k in self.folded[c]]), False

    def _first(self, ids) -> list[str]:
        return sorted(set(ids), key=self.order.__getitem__)[:self.n]

    def hint(self, typed: str) -> str:
        """What a 'not in the communes table' message adds: '; closest: A, B', or the
        leading zeros a spreadsheet dropped; '' when none is close."""
        close, zeros = self(typed)
        if zeros:
            return (f"; closest: {', '.join(close)} (a spreadsheet drops the leading zeros of "
                    "a number: keep the column as text)")
        return f"; closest: {', '.join(close)}" if close else ""


def _one_keystroke(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` one keystroke apart: one character changed, added or removed, or
    two neighbours swapped (and not the same)?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return (a[i + 1:] == b[i + 1:]  # one changed
                or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1]))  # swapped
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def read_roster(path: Path, communes: Communes, this_year: int = 2025) -> RosterTable:
    """Read and check an officials roster (CSV or .xlsx) against the communes table.

    Every problem is collected (``InputErrors``); a commune with no officials is a warning."""
    col, body = read_table(path, ROSTER_COLUMNS, ("sex", "full_name", "birth_month",
                                                   "birth_date"), max_rows=limits.OFFICIALS)
    problems = Problems(path)
    index = {cid: i for i, cid in enumerate(communes.ids)}
    ids, com, spec, birth, month, leader, prot, female, names = ([] for _ in range(9))
    seen: dict[str, int] = {}
    close = CloseIds(communes.ids)
    for n, row in body:
        oid = row[col["official_id"]]
        unique_id(problems, n, "official_id", oid, seen, "official")
        ids.append(oid)
        cid = row[col["commune_id"]]
        if cid not in index:
            problems.error(f"row {n}, column commune_id",
                           f"{quote(cid)} is not in the communes table{close.hint(cid)}")
        com.append(index.get(cid, -1))
        spec.append(choice(problems, n, "specialty", row[col["specialty"]], SPECIALTIES,
                           specialty_values()))
        birth.append(number(problems, n, "birth_year", row[col["birth_year"]],
                            this_year - 70, this_year - 18, True))
        month.append(birth_month(problems, n, row, col, birth[-1]))
        leader.append(choice(problems, n, "leader", row[col["leader"]], _BOOL, VALUES["bool"]))
        prot.append(choice(problems, n, "protected", row[col["protected"]], _BOOL,
                           VALUES["bool"]))
        sex = row[col["sex"]] if "sex" in col and row[col["sex"]] else "M"
        female.append(choice(problems, n, "sex", sex, ("M", "F"), VALUES["sex"]))
        # composed (NFC): a name saved by a Mac or a web form in decomposed form ('A' + a
        # combining acute) was copied so into plan.csv and the annex, where a search typed on
        # a Windows keyboard finds nothing and print may misplace stacked marks
        names.append(unicodedata.normalize("NFC", " ".join(row[col["full_name"]].split()))
                     if "full_name" in col else "")
    problems.raise_if_any()
    staffed = set(com)
    for i, cid in enumerate(communes.ids):
        if i not in staffed:
            problems.warn("communes", f"{cid} ({communes.names[i]}) has no officials in this "
                          "roster")
    return RosterTable(
        official_id=ids, commune=np.array(com, dtype=np.int32),
        specialty=np.array(spec, dtype=np.int8), birth_year=np.array(birth, dtype=np.int16),
        birth_month=np.array(month, dtype=np.int8),
        leader=np.array(leader) == 0, protected=np.array(prot) == 0,
        female=np.array(female) == 1, full_name=names,
    )


_BOOL = ("true", "false")
_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})(-(?P<d>\d{1,2}))?([ T].*)?"
                   r"|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4})")


def birth_month(problems: Problems, n: int, row: list[str], col: dict[str, int],
                year: float | None) -> int:
    """The month of birth (1-12) from a birth_month column or a birth_date column
    (YYYY-MM-DD, YYYY-MM or DD/MM/YYYY, the Vietnamese order); 7 when neither is given."""
    months = []
    if "birth_month" in col and row[col["birth_month"]]:
        m = number(problems, n, "birth_month", row[col["birth_month"]], 1, 12, True)
        months.append(None if m is None else int(m))
    if "birth_date" in col and row[col["birth_date"]]:
        text = row[col["birth_date"]]
        hit = _DATE.fullmatch(text.strip())
        if hit is None:
            problems.error(f"row {n}, column birth_date", f"{quote(text)} is not a date; "
                           "allowed: YYYY-MM-DD, YYYY-MM or DD/MM/YYYY")
            return 7
        y = int(hit["y"] or hit["y2"])
        m = int(hit["m"] or hit["m2"])
        d = int(hit["d"] or hit["d2"] or 1)
        try:
            datetime.date(y, m, d)
        except ValueError:
            problems.error(f"row {n}, column birth_date", f"{quote(text)} is not a date")
            return 7
        if year is not None and y != int(year):
            problems.error(f"row {n}, column birth_date", f"{quote(text)} is in {y}, but "
                           f"birth_year says {int(year)}")
        months.append(m)
    if len(set(months)) > 1 and None not in months:
        problems.error(f"row {n}, column birth_month", f"month {months[0]} disagrees with "
                       f"birth_date (month {months[1]})")
    return next((m for m in months if m is not None), 7)


def read_distances(path: Path, communes: Communes) -> np.ndarray:
    """Read a long-format road distance table (from_id,to_id,km) into a symmetric matrix."""
    col, body = read_table(path, ("from_id", "to_id", "km"))
    problems = Problems(path)
    index = {cid: i for i, cid in enumerate(communes.ids)}
    n_c = len(communes)
    dist = np.full((n_c, n_c), np.nan)
    np.fill_diagonal(dist, 0.0)
    first_row: dict[tuple[int, int], int] = {}  # the row that gave each pair
    close = CloseIds(communes.ids)
    for n, row in body:
        ends = []
        for c in ("from_id", "to_id"):
            cid = row[col[c]]
            if cid not in index:
                problems.error(f"row {n}, column {c}", f"{quote(cid)} is not in the communes "
                               f"table{close.hint(cid)}")
            ends.append(index.get(cid))
        km = number(problems, n, "km", row[col["km"]], 0, 5000)
        if None not in ends and km is not None:
            a, b = ends
            if a == b and km != 0:
                problems.error(f"row {n}, column km", f"{km:g} km from {communes.ids[a]} to "
                               "itself; allowed: 0")
            elif (min(a, b), max(a, b)) in first_row and dist[a, b] != km:
                problems.error(f"row {n}, column km", f"{km:g} km between {communes.ids[a]} and "
                               f"{communes.ids[b]}, but row {first_row[min(a, b), max(a, b)]} "
                               f"says {dist[a, b]:g} km; give each pair one distance")
            else:
                dist[a, b] = dist[b, a] = km
                first_row.setdefault((min(a, b), max(a, b)), n)
    problems.raise_if_any()
    missing = np.argwhere(np.isnan(dist))
    if len(missing):
        a, b = missing[0]
        raise ScenarioError(path, "", f"no distance for pair {communes.ids[a]} - "
                            f"{communes.ids[b]} ({len(missing) // 2} pairs missing); "
                            "every pair of communes is required")
    return dist


def read_known_distances(path: Path, communes: Communes) -> list[KnownDistance]:
    """Read known road distances for some pairs (from_id,to_id,km[,source]); every id must be
    a commune of the scenario."""
    col, body = read_table(path, ("from_id", "to_id", "km"), ("source",))
    problems = Problems(path)
    index = set(communes.ids)
    out = []
    seen: dict[tuple[str, str], int] = {}
    close = CloseIds(communes.ids)
    for n, row in body:
        ends = []
        for c in ("from_id", "to_id"):
            cid = row[col[c]]
            if cid not in index:
                problems.error(f"row {n}, column {c}", f"{quote(cid)} is not in the communes "
                               f"table{close.hint(cid)}")
            ends.append(cid)
        if ends[0] == ends[1]:
            problems.error(f"row {n}", "from_id and to_id are the same commune")
        pair = (min(ends), max(ends))
        if pair in seen:
            problems.error(f"row {n}", f"pair {ends[0]} - {ends[1]} is already given in row "
                           f"{seen[pair]}")
        seen.setdefault(pair, n)
        km = number(problems, n, "km", row[col["km"]], 0.1, 5000)
        if km is not None:
            out.append(KnownDistance(ends[0], ends[1], float(km),
                                     row[col["source"]] if "source" in col else ""))
    problems.raise_if_any()
    return out


# The rows of the decision annex (``plan --xlsx``) that are not transfers, by what they say
# (folded) in its name column: "Cộng: 3 người", "Tổng cộng: 1.310 người" (a count with its
# thousands separator), "Tổng kinh phí ...", a footnote ("Ghi chú: ..."), and a receiving
# commune's heading, "Xã Na Mèo (vùng cao)" (numbered I, II, ... in STT)
ANNEX_FILLER = re.compile(r"^(cong|tong_cong)_\d+(_\d{3})*_nguoi$|^tong_kinh_phi_|^ghi_chu_"
                          r"|^(xa|phuong|dac_khu)_.+_(vung_cao|mien_nui|dong_bang)$")
ANNEX_CHANGE = re.compile(r"^(?P<now>.*?)\s*\(sang (?P<to>.+)\)\s*$")  # (annex._specialty)
_NUMBER = re.compile(r"^[-+]?[\d.,\s]*$")  # an amount or a count


def annex_filler(row: list[str], col: dict[str, int]) -> bool:
    """A heading, subtotal or total row of the decision annex: its name cell says so
    (``ANNEX_FILLER``) and every other cell is empty, a number or (STT) a Roman numeral.
    Any other row without an id is a transfer with its id missing: an error, never a row
    passed over."""
    name_at = col.get("full_name")
    if name_at is None or not ANNEX_FILLER.match(fold(row[name_at])):
        return False
    stt = col.get("stt")
    return all(not c.strip() or _NUMBER.match(c.strip())
               or (i == stt and re.fullmatch(r"[IVXLCDM]+", c.strip()))
               for i, c in enumerate(row) if i != name_at)


def read_plan_csv(path: Path, keep: tuple[str, ...] = ()
                  ) -> list[tuple[int, dict[str, str]]]:
    """A transfer list (CSV or .xlsx): official_id and to_commune per row (from_commune,
    to_specialty optional). Returns (file row number, fields) pairs; values are checked by the
    plan checker.

    The decision annex staffsim writes (``plan --xlsx``), edited or not, as a workbook or
    exported to CSV, is read too: its header (Mã công chức, Đơn vị hiện tại, Đơn vị điều động
    đến) may sit below a title, and its heading, subtotal and total rows are passed over
    (``annex_filler``); a move to another specialty, which the annex writes in its
    specialty column ('Địa chính (sang Xây dựng)'), gives to_specialty when the file has no
    such column. ``keep``: other columns to return as they are written, where the file has
    them (``staffsim verify`` and ``evaluate`` compare plan.csv's and the annex's names,
    distances and allowances with what each move gives)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # a plan of no moves is a plan (staffsim plan writes one when nothing can move: the
        # header alone; evaluate refused it as 'no data rows', a trial)
        col, body = read_table(path, ("official_id", "to_commune"),
                               ("from_commune", "to_specialty", *keep), empty_ok=True)
    sheets = None
    for w in caught:  # said again, but the sheets' rows counted as the moves they hold
        said = w.message.args[0] if w.message.args else None
        if isinstance(said, SheetsRead):
            sheets = said
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    problems = Problems(path)
    out = []
    for n, row in body:
        if annex_filler(row, col):
            continue
        fields = {k: row[col[k]] for k in ("official_id", "to_commune", "from_commune",
                                           "to_specialty", *keep) if k in col}
        for k in ("official_id", "to_commune"):
            if not fields[k]:
                problems.error(f"row {n}, column {k}", "empty; a value is required")
        spec, column = fields.get("to_specialty", ""), "to_specialty"
        if "to_specialty" not in col and "specialty" in col:
            # the annex names a move to another specialty in its Chuyên môn column only:
            # 'Địa chính (sang Xây dựng)'
            change = ANNEX_CHANGE.match(row[col["specialty"]])
            spec, column = (change["to"].strip(), "specialty") if change else ("", column)
        if spec:
            i = choice(problems, n, column, spec, SPECIALTIES, specialty_values())
            if i is not None:
                fields["to_specialty"] = SPECIALTIES[i]
        out.append((n, fields))
    problems.raise_if_any()
    if sheets is not None:  # a heading or subtotal of the annex is no row of the list
        moves = {sheet: 0 for sheet, _n in sheets.counts}
        for n, _fields in out:
            moves[getattr(n, "sheet", "")] = moves.get(getattr(n, "sheet", ""), 0) + 1
        warnings.warn(SheetsRead(sheets.path, [(k, moves[k]) for k, _n in sheets.counts]),
                      InputWarning, stacklevel=2)
    return out
