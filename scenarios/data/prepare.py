"""Build the bundled commune tables from the curated source files in ``sources/`` (next to
this file).

Run once when the sources change::

    python -m staffsim.scenarios.data.prepare

It writes ``thanh_hoa_communes.csv``, ``vietnam_communes.csv`` and ``demo_communes.csv`` next to
this file, in staffsim's communes format (see ``scenarios/province.py``), and prints the
agreement of the national zone proxy with Thanh Hóa's curated zones. Every replaced value keeps
its raw source value and a ``population_source`` saying which rule replaced it (see SOURCES.md,
"What staffsim changed").
"""

from __future__ import annotations

import csv
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Median ratio of the 2025 dossier population (S5) to the 2019-census sum of the wholly merged
# old units, over the Thanh Hóa rows that pass the plausibility check (SOURCES.md, upstream
# notes).
CENSUS_TO_2025_RATIO = 1.16

# Provinces (post-2025) that contain mountain communes; in all others every commune is lowland.
# Northern midland-mountain region, the North Central and Central Coast provinces with a
# western range, and the Central Highlands (incl. merged Bình Phước in Đồng Nai).
HILLY_PROVINCES = {
    "04", "08", "11", "12", "14", "15", "19", "20", "22", "25",  # north
    "38", "40", "42", "44", "46", "48", "51", "56",  # central
    "52", "66", "68", "75",  # highlands and Đồng Nai
}
# Density thresholds (residents per km²) of the zone proxy for xã/đặc khu in hilly provinces,
# chosen to match the curated Thanh Hóa zones (agreement printed by this script).
HIGH_MOUNTAIN_MAX_DENSITY = 100.0
MOUNTAIN_MAX_DENSITY = 330.0

DEMO_FORMER_DISTRICTS = {"Mường Lát", "Quan Hóa"}
DEMO_SURPLUS_WARDS = {"Hàm Rồng", "Hạc Thành", "Đông Sơn", "Sầm Sơn", "Nam Sầm Sơn", "Tây Đô"}

OUT_COLUMNS = [
    "commune_id", "name", "kind", "zone", "population", "area_km2", "lat", "lon",
    "province_code", "province", "population_raw", "population_source", "population_flag",
    "former_districts", "merged_units",
]

_CENSUS_RE = re.compile(r"2019-census sum \((\d+)\)")


def _thanh_hoa_population(row: dict) -> tuple[int, str]:
    """Population to use and the rule that gave it, for a curated Thanh Hóa row."""
    flag = row["population_flag"]
    if flag == "suspect_low":
        census = _CENSUS_RE.search(row["notes"])
        if census is None:
            raise ValueError(f"suspect_low row {row['code']} has no census sum in its notes")
        return round(int(census.group(1)) * CENSUS_TO_2025_RATIO), "census2019_x1.16"
    if flag == "uncertain":
        return int(row["population"]), "bando_2026_snapshot_uncertain"
    if flag == "unchecked":
        return int(row["population"]), "bando_2025_unchecked"
    return int(row["population"]), "bando_2025"


def zone_proxy(province_code: str, kind: str, population: float, area_km2: float) -> str:
    """Support-zone proxy for communes outside Thanh Hóa: hilly province + low density."""
    if province_code not in HILLY_PROVINCES or kind == "phuong" or area_km2 <= 0:
        return "lowland"
    density = population / area_km2
    if density < HIGH_MOUNTAIN_MAX_DENSITY:
        return "high_mountain"
    if density < MOUNTAIN_MAX_DENSITY:
        return "mountain"
    return "lowland"


def build_thanh_hoa(src: Path) -> list[dict]:
    rows = []
    with open(src / "thanh_hoa_communes.csv", encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            pop, how = _thanh_hoa_population(r)
            rows.append({
                "commune_id": r["code"], "name": r["name"], "kind": r["kind"],
                "zone": r["support_zone"], "population": pop, "area_km2": r["area_km2"],
                "lat": r["lat"], "lon": r["lon"], "province_code": "38",
                "province": "Tỉnh Thanh Hóa", "population_raw": r["population"],
                "population_source": how, "population_flag": r["population_flag"],
                "former_districts": r["former_districts"], "merged_units": r["merged_units"],
            })
    return rows


def build_vietnam(src: Path, thanh_hoa: list[dict]) -> list[dict]:
    curated = {r["commune_id"]: r for r in thanh_hoa}
    with open(src / "vietnam_communes_2025.csv", encoding="utf-8-sig", newline="") as f:
        raw = list(csv.DictReader(f))
    # Median density per (province, kind) over rows with both figures, for missing populations.
    densities: dict[tuple[str, str], list[float]] = {}
    for r in raw:
        if r["population"] and r["area_km2"] and float(r["area_km2"]) > 0:
            key = (r["province_code"], r["kind"])
            densities.setdefault(key, []).append(float(r["population"]) / float(r["area_km2"]))
    rows = []
    for r in raw:
        # A missing or zero official area (3 rows) falls back to the polygon area.
        official = r["area_km2"] and float(r["area_km2"]) > 0
        area = r["area_km2"] if official else r["area_km2_polygon"]
        if r["code"] in curated:
            out = dict(curated[r["code"]])
            out["population_raw"] = r["population"]
            rows.append(out)
            continue
        if r["population"]:
            pop, how = int(r["population"]), "bando_2025"
        else:
            # đặc khu (islands) often have no same-kind neighbour: fall back to the province's xã.
            key = (r["province_code"], r["kind"])
            if key not in densities:
                key = (r["province_code"], "xa")
            dens = statistics.median(densities[key])
            pop, how = round(dens * float(area)), "density_fallback"
        rows.append({
            "commune_id": r["code"], "name": r["name"], "kind": r["kind"],
            "zone": zone_proxy(r["province_code"], r["kind"], pop, float(area)),
            "population": pop, "area_km2": area, "lat": r["lat"], "lon": r["lon"],
            "province_code": r["province_code"], "province": r["province"],
            "population_raw": r["population"], "population_source": how,
            "population_flag": r["flags"], "former_districts": "", "merged_units": "",
        })
    return rows


def write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=OUT_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(src: str) -> None:
    source = Path(src)
    thanh_hoa = build_thanh_hoa(source)
    vietnam = build_vietnam(source, thanh_hoa)
    demo = [
        r for r in thanh_hoa
        if (r["kind"] == "phuong" and r["name"] in DEMO_SURPLUS_WARDS)
        or set(r["former_districts"].split(";")) & DEMO_FORMER_DISTRICTS
    ]
    write(HERE / "thanh_hoa_communes.csv", thanh_hoa)
    write(HERE / "vietnam_communes.csv", vietnam)
    write(HERE / "demo_communes.csv", demo)
    agree = Counter(
        (r["zone"], zone_proxy("38", r["kind"], float(r["population"]), float(r["area_km2"])))
        for r in thanh_hoa
    )
    same = sum(v for (a, b), v in agree.items() if a == b)
    print(f"thanh_hoa {len(thanh_hoa)}, vietnam {len(vietnam)}, demo {len(demo)} rows")
    print(f"zone proxy agrees with curated Thanh Hóa zones on {same}/{len(thanh_hoa)} communes")
    for (a, b), v in sorted(agree.items()):
        print(f"  curated {a:14s} proxy {b:14s} {v}")
    print("national zones:", dict(Counter(r["zone"] for r in vietnam)))
    print("population sources:", dict(Counter(r["population_source"] for r in vietnam)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(HERE / "sources"))
