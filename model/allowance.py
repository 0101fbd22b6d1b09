"""What a transferred official is paid: the allowance rules of the scenario (Thanh Hóa's zone
multiple, Lạng Sơn's distance bands, Quảng Trị's distance threshold)."""

from __future__ import annotations

import numpy as np

from staffsim.model.state import Move, ProvinceState
from staffsim.scenarios.params import AllowanceParams


def monthly_allowance(rule: AllowanceParams, recipient_zone: np.ndarray,
                      km: np.ndarray) -> np.ndarray:
    """VND per month: base salary x the recipient zone's multiple + the distance-band amount."""
    multiple = np.asarray(rule.zone_multiple.as_list())[recipient_zone]
    amount = rule.base_salary_vnd * multiple
    if rule.distance_bands_km:
        bands = np.asarray(rule.distance_bands_km)
        pay = np.concatenate([[0.0], np.asarray(rule.distance_band_vnd, float)])
        amount = amount + pay[np.searchsorted(bands, km, side="right")]
    if rule.distance_threshold_vnd > 0:
        threshold = np.asarray(rule.distance_threshold_km.as_list())[recipient_zone]
        amount = amount + np.where(km >= threshold, rule.distance_threshold_vnd, 0.0)
    return amount


def move_costs(state: ProvinceState, moves: list[Move]) -> tuple[np.ndarray, np.ndarray]:
    """Distance (km) and monthly allowance (VND) of each move."""
    if not moves:
        return np.zeros(0), np.zeros(0)
    frm = state.commune[[m.row for m in moves]]
    to = np.array([m.to for m in moves])
    km = state.distance_km[frm, to]
    return km, monthly_allowance(state.params.optimizer.allowance, state.communes.zone[to], km)
