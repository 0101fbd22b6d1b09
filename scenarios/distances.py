"""Road distances between communes: known road km where a table gives them, otherwise
great-circle km times a road factor per zone plus a detour on long trips into the far west.

The factors are fitted on a documented set of known road distances (``scripts/
fit_road_factors.py``, ``scenarios/data/thanh_hoa_road_km.csv``); ``known_distance_errors``
reports how far the estimate is from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EARTH_RADIUS_KM = 6371.0088
HIGH_MOUNTAIN = 2  # index of the high-mountain zone (scenarios.params.ZONES)


def great_circle_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Pairwise haversine distances (km) between points given in degrees."""
    phi, lam = np.radians(lat), np.radians(lon)
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    h = np.sin(dphi / 2) ** 2 + np.cos(phi)[:, None] * np.cos(phi)[None, :] * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def road_km(lat: np.ndarray, lon: np.ndarray, zone: np.ndarray, road_factor: list[float],
            remote_detour: float = 0.0, remote_threshold_km: float = 0.0) -> np.ndarray:
    """Estimated road km: great-circle km x the mean road factor of the trip's two end zones,
    plus ``remote_detour`` road km per great-circle km beyond ``remote_threshold_km`` on trips
    with a high-mountain end (the far-west valleys are reached only by long winding roads such
    as QL15C and QL217, so one factor cannot fit both Hồi Xuân and Mường Chanh)."""
    factor = np.asarray(road_factor)[zone]
    gc = great_circle_km(lat, lon)
    km = gc * (factor[:, None] + factor[None, :]) / 2
    if remote_detour > 0:
        remote = zone == HIGH_MOUNTAIN
        either = remote[:, None] | remote[None, :]
        km = km + np.where(either, remote_detour * np.maximum(gc - remote_threshold_km, 0.0),
                           0.0)
    return km


@dataclass(frozen=True)
class KnownDistance:
    """One known road distance between two communes (ids), with where it comes from."""

    from_id: str
    to_id: str
    km: float
    source: str = ""


def apply_known(km: np.ndarray, ids: list[str], known: list[KnownDistance]) -> np.ndarray:
    """``km`` with the known pairs whose two communes are both in ``ids`` set to their
    known value (both directions)."""
    index = {cid: i for i, cid in enumerate(ids)}
    for k in known:
        a, b = index.get(k.from_id), index.get(k.to_id)
        if a is not None and b is not None:
            km[a, b] = km[b, a] = k.km
    return km


@dataclass(frozen=True)
class DistanceError:
    pair: KnownDistance
    estimate_km: float

    @property
    def relative(self) -> float:
        return self.estimate_km / self.pair.km - 1.0


def known_distance_errors(lat: np.ndarray, lon: np.ndarray, zone: np.ndarray, ids: list[str],
                          road_factor: list[float], remote_detour: float,
                          remote_threshold_km: float,
                          known: list[KnownDistance]) -> list[DistanceError]:
    """The estimate (without the known pairs) against each known road distance."""
    index = {cid: i for i, cid in enumerate(ids)}
    pairs = [k for k in known if k.from_id in index and k.to_id in index]
    if not pairs:
        return []
    rows = sorted({index[k.from_id] for k in pairs} | {index[k.to_id] for k in pairs})
    local = {r: j for j, r in enumerate(rows)}
    sub = np.array(rows)
    est = road_km(lat[sub], lon[sub], zone[sub], road_factor, remote_detour,
                  remote_threshold_km)
    return [DistanceError(k, float(est[local[index[k.from_id]], local[index[k.to_id]]]))
            for k in pairs]
