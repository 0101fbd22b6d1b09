"""Fit the road-distance estimate on the known road distances of Thanh Hóa.

    .venv/bin/python scripts/fit_road_factors.py

The estimate (``scenarios/distances.py``): km = great-circle km x the mean road factor of the
trip's two end zones + a detour of ``remote_detour`` road km per great-circle km beyond
``remote_threshold_km`` on trips with a high-mountain end. One factor per zone cannot fit both
Hồi Xuân (road / straight line 1.38) and Mường Chanh (1.96), which lie on the same road west.

The known distances (``scenarios/data/thanh_hoa_road_km.csv``, sources in the file and in
``scenarios/data/SOURCES.md``) are fitted by weighted least squares on log km (weight 1 for
confidence H or M, 0.5 for L) for thresholds of 80, 100 and 120 km; the defaults in
``scenarios/params.py`` are the 100 km fit rounded (factors to 0.05, detour to 0.1). The
script prints each fit, then the defaults' error on every known pair: the calibration error
the README and ``staffsim validate`` report. Deterministic.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import least_squares

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


WEIGHT = {"H": 1.0, "M": 1.0, "L": 0.5}


def read_confidence(path: Path) -> dict[tuple[str, str], str]:
    with open(path, encoding="utf-8", newline="") as f:
        return {(r["from_id"], r["to_id"]): r["confidence"] for r in csv.DictReader(f)}


def main() -> None:
    import staffsim.optimize.families  # noqa: F401  (their sections are valid in scenario files)
    from staffsim.scenarios.distances import great_circle_km, known_distance_errors
    from staffsim.scenarios.loader import load_scenario

    sc = load_scenario(REPO / "scenarios" / "thanh_hoa.toml")
    c, prov = sc.communes, sc.params.province
    index = {cid: i for i, cid in enumerate(c.ids)}
    known = sc.known_distances
    a = np.array([index[k.from_id] for k in known])
    b = np.array([index[k.to_id] for k in known])
    gc = great_circle_km(c.lat, c.lon)[a, b]
    za, zb = c.zone[a], c.zone[b]
    km = np.array([k.km for k in known])
    remote = (za == 2) | (zb == 2)
    confidence = read_confidence(REPO / "scenarios" / "data" / "thanh_hoa_road_km.csv")
    weight = np.array([WEIGHT[confidence[(k.from_id, k.to_id)]] for k in known])

    def estimate(p: np.ndarray, g0: float) -> np.ndarray:
        f = p[:3]
        return gc * (f[za] + f[zb]) / 2 + np.where(remote, p[3] * np.maximum(gc - g0, 0), 0)

    for g0 in (80.0, 100.0, 120.0):
        fit = least_squares(lambda p, g0=g0: weight * (np.log(estimate(p, g0)) - np.log(km)),
                            x0=[1.3, 1.5, 1.5, 1.0], bounds=([1.0] * 3 + [0.0], [4.0] * 3 + [10]))
        err = estimate(fit.x, g0) / km - 1
        print(f"threshold {g0:.0f} km: factors {np.round(fit.x[:3], 3).tolist()}, detour "
              f"{fit.x[3]:.2f}; mean |error| {np.mean(np.abs(err)):.1%}, "
              f"largest {np.max(np.abs(err)):.1%}")
    errors = known_distance_errors(c.lat, c.lon, c.zone, c.ids, prov.road_factor.as_list(),
                                   prov.remote_detour, prov.remote_threshold_km, known)
    print(f"\ndefaults: factors {prov.road_factor.as_list()}, detour {prov.remote_detour} "
          f"beyond {prov.remote_threshold_km:g} km")
    names = dict(zip(c.ids, c.names, strict=True))
    for e in errors:
        print(f"  {names[e.pair.from_id]} - {names[e.pair.to_id]}: known {e.pair.km:g} km, "
              f"estimate {e.estimate_km:.0f} km ({e.relative:+.0%})")
    rel = np.abs([e.relative for e in errors])
    print(f"mean |error| {rel.mean():.1%}, largest {rel.max():.1%}")


if __name__ == "__main__":
    main()
