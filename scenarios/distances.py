"""Road distances between communes: great-circle distance times a road factor per zone."""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Pairwise haversine distances (km) between points given in degrees."""
    phi, lam = np.radians(lat), np.radians(lon)
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    h = np.sin(dphi / 2) ** 2 + np.cos(phi)[:, None] * np.cos(phi)[None, :] * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def road_km(lat: np.ndarray, lon: np.ndarray, zone: np.ndarray,
            road_factor: list[float]) -> np.ndarray:
    """Estimated road km: great-circle km x the mean road factor of the trip's two end zones."""
    factor = np.asarray(road_factor)[zone]
    return great_circle_km(lat, lon) * (factor[:, None] + factor[None, :]) / 2
