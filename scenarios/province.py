"""Province data: the communes table and the optional roster and distance tables (CSV)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model.specialties import SPECIALTIES
from scenarios.errors import ScenarioError
from scenarios.params import KINDS, ZONES

COMMUNE_COLUMNS = ("commune_id", "name", "kind", "zone", "population", "area_km2", "lat", "lon")
ROSTER_COLUMNS = ("official_id", "commune_id", "specialty", "birth_year", "leader", "protected")
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}


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

    def __len__(self) -> int:
        return len(self.ids)

    def subset(self, mask: np.ndarray) -> Communes:
        idx = np.flatnonzero(mask)
        pick = lambda seq: [seq[i] for i in idx]  # noqa: E731
        return Communes(
            ids=pick(self.ids), names=pick(self.names), kind=self.kind[idx], zone=self.zone[idx],
            population=self.population[idx], area_km2=self.area_km2[idx], lat=self.lat[idx],
            lon=self.lon[idx], province=pick(self.province),
            merged_units=self.merged_units[idx],
            extra={k: pick(v) for k, v in self.extra.items()},
        )


@dataclass
class RosterTable:
    """An officials roster as read from CSV (columns, not objects)."""

    official_id: list[str]
    commune: np.ndarray  # index into Communes
    specialty: np.ndarray  # index into SPECIALTIES
    birth_year: np.ndarray
    leader: np.ndarray
    protected: np.ndarray
    female: np.ndarray


def _read_rows(path: Path, required: tuple[str, ...]) -> tuple[list[str], list[list[str]]]:
    if not path.is_file():
        raise ScenarioError(path, "", "file not found")
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except UnicodeDecodeError as e:
        raise ScenarioError(path, "", f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    except csv.Error as e:
        raise ScenarioError(path, "", f"malformed CSV ({e})") from None
    if not rows:
        raise ScenarioError(path, "", "empty file; expected a header row with "
                            + ", ".join(required))
    header = [h.strip() for h in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise ScenarioError(path, "header", f"missing column(s) {', '.join(missing)}; "
                            f"required: {', '.join(required)}")
    body = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ScenarioError(path, f"row {n}",
                                f"has {len(row)} fields, header has {len(header)}")
        body.append((n, [cell.strip() for cell in row]))
    if not body:
        raise ScenarioError(path, "", "no data rows")
    return header, body


def _number(path: Path, n: int, col: str, text: str, lo: float, hi: float,
            integer: bool = False) -> float:
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        kind = "an integer" if integer else "a number"
        raise ScenarioError(path, f"row {n}, column {col}",
                            f"{text!r} is not {kind}; allowed: {lo:g} to {hi:g}") from None
    if not (lo <= value <= hi) or value != value:
        raise ScenarioError(path, f"row {n}, column {col}",
                            f"{text} is out of range; allowed: {lo:g} to {hi:g}")
    return value


def _choice(path: Path, n: int, col: str, text: str, allowed: tuple[str, ...]) -> int:
    if text not in allowed:
        raise ScenarioError(path, f"row {n}, column {col}",
                            f"{text!r} is not allowed; allowed: {'|'.join(allowed)}")
    return allowed.index(text)


def _bool(path: Path, n: int, col: str, text: str) -> bool:
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ScenarioError(path, f"row {n}, column {col}",
                        f"{text!r} is not a boolean; allowed: true|false|1|0|yes|no")


def read_communes(path: Path, provinces: list[str] | None = None) -> Communes:
    """Read and check a communes table; keep extra columns as text."""
    header, body = _read_rows(path, COMMUNE_COLUMNS)
    col = {h: i for i, h in enumerate(header)}
    ids, names, kind, zone, pop, area, lat, lon, prov, merged = ([] for _ in range(10))
    seen: dict[str, int] = {}
    for n, row in body:
        cid = row[col["commune_id"]]
        if not cid:
            raise ScenarioError(path, f"row {n}, column commune_id", "empty; allowed: any text")
        if cid in seen:
            raise ScenarioError(path, f"row {n}, column commune_id",
                                f"{cid!r} repeats row {seen[cid]}; ids must be unique")
        seen[cid] = n
        ids.append(cid)
        names.append(row[col["name"]] or cid)
        kind.append(_choice(path, n, "kind", row[col["kind"]], KINDS))
        zone.append(_choice(path, n, "zone", row[col["zone"]], ZONES))
        pop.append(_number(path, n, "population", row[col["population"]], 0, 5e6, integer=True))
        area.append(_number(path, n, "area_km2", row[col["area_km2"]], 0.01, 1e5))
        lat.append(_number(path, n, "lat", row[col["lat"]], -90, 90))
        lon.append(_number(path, n, "lon", row[col["lon"]], -180, 180))
        prov.append(row[col["province_code"]] if "province_code" in col else "")
        mu = row[col["merged_units"]] if "merged_units" in col else ""
        merged.append(_number(path, n, "merged_units", mu, 1, 100) if mu else np.nan)
    extra_cols = [h for h in header if h not in COMMUNE_COLUMNS]
    communes = Communes(
        ids=ids, names=names, kind=np.array(kind, dtype=np.int8),
        zone=np.array(zone, dtype=np.int8), population=np.array(pop, dtype=float),
        area_km2=np.array(area), lat=np.array(lat), lon=np.array(lon), province=prov,
        merged_units=np.array(merged, dtype=float),
        extra={h: [row[col[h]] for _, row in body] for h in extra_cols},
    )
    if provinces:
        mask = np.isin(np.array(prov), provinces)
        if not mask.any():
            raise ScenarioError(path, "province_code",
                                f"no rows for provinces {provinces}; present: "
                                f"{', '.join(sorted(set(prov)))}")
        communes = communes.subset(mask)
    return communes


def read_roster(path: Path, communes: Communes) -> RosterTable:
    """Read and check an officials roster against the communes table."""
    header, body = _read_rows(path, ROSTER_COLUMNS)
    col = {h: i for i, h in enumerate(header)}
    index = {cid: i for i, cid in enumerate(communes.ids)}
    ids, com, spec, birth, leader, prot, female = ([] for _ in range(7))
    seen: set[str] = set()
    for n, row in body:
        oid = row[col["official_id"]]
        if not oid or oid in seen:
            raise ScenarioError(path, f"row {n}, column official_id",
                                f"{oid!r} is empty or repeated; ids must be unique")
        seen.add(oid)
        ids.append(oid)
        cid = row[col["commune_id"]]
        if cid not in index:
            raise ScenarioError(path, f"row {n}, column commune_id",
                                f"{cid!r} is not in the communes table")
        com.append(index[cid])
        spec.append(_choice(path, n, "specialty", row[col["specialty"]], SPECIALTIES))
        birth.append(_number(path, n, "birth_year", row[col["birth_year"]], 1940, 2010, True))
        leader.append(_bool(path, n, "leader", row[col["leader"]]))
        prot.append(_bool(path, n, "protected", row[col["protected"]]))
        sex = row[col["sex"]].upper() if "sex" in col else "M"
        female.append(_choice(path, n, "sex", sex, ("M", "F")) == 1)
    return RosterTable(
        official_id=ids, commune=np.array(com, dtype=np.int32),
        specialty=np.array(spec, dtype=np.int8), birth_year=np.array(birth, dtype=np.int16),
        leader=np.array(leader), protected=np.array(prot), female=np.array(female),
    )


def read_distances(path: Path, communes: Communes) -> np.ndarray:
    """Read a long-format road distance table (from_id,to_id,km) into a symmetric matrix."""
    header, body = _read_rows(path, ("from_id", "to_id", "km"))
    col = {h: i for i, h in enumerate(header)}
    index = {cid: i for i, cid in enumerate(communes.ids)}
    n_c = len(communes)
    dist = np.full((n_c, n_c), np.nan)
    np.fill_diagonal(dist, 0.0)
    for n, row in body:
        ends = []
        for c in ("from_id", "to_id"):
            cid = row[col[c]]
            if cid not in index:
                raise ScenarioError(path, f"row {n}, column {c}",
                                    f"{cid!r} is not in the communes table")
            ends.append(index[cid])
        km = _number(path, n, "km", row[col["km"]], 0, 5000)
        dist[ends[0], ends[1]] = dist[ends[1], ends[0]] = km
    missing = np.argwhere(np.isnan(dist))
    if len(missing):
        a, b = missing[0]
        raise ScenarioError(path, "", f"no distance for pair {communes.ids[a]} - "
                            f"{communes.ids[b]} ({len(missing) // 2} pairs missing); "
                            "every pair of communes is required")
    return dist




def read_plan_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """A transfer list: official_id and to_commune per row (from_commune, to_specialty
    optional). Returns (file row number, fields) pairs; values are checked by the plan checker."""
    header, body = _read_rows(path, ("official_id", "to_commune"))
    col = {h: i for i, h in enumerate(header)}
    out = []
    for n, row in body:
        fields = {k: row[col[k]] for k in ("official_id", "to_commune", "from_commune",
                                           "to_specialty") if k in col}
        for k in ("official_id", "to_commune"):
            if not fields[k]:
                raise ScenarioError(path, f"row {n}, column {k}", "empty; a value is required")
        spec = fields.get("to_specialty", "")
        if spec and spec not in SPECIALTIES:
            raise ScenarioError(path, f"row {n}, column to_specialty",
                                f"{spec!r} is not allowed; allowed: {'|'.join(SPECIALTIES)}")
        out.append((n, fields))
    return out
