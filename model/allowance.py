"""What a transferred official is paid: the allowance rules of the scenario (Thanh Hóa's zone
multiple, Lạng Sơn's distance bands, Quảng Trị's distance threshold), each part for its own
number of months, and never beyond the transfer's term (``term_months_left``)."""

from __future__ import annotations

import numpy as np

from staffsim.model.state import Move, ProvinceState
from staffsim.scenarios.params import AllowanceParams, Params

PARTS = ("zone", "band", "threshold")  # the allowance's parts, in this order


def allowance_parts(rule: AllowanceParams, recipient_zone: np.ndarray,
                    km: np.ndarray) -> np.ndarray:
    """VND per month of each part (moves x ``PARTS``): base salary x the recipient zone's
    multiple; the distance band's amount; the flat amount beyond the zone's threshold."""
    recipient_zone = np.asarray(recipient_zone)
    km = np.asarray(km, float)
    out = np.zeros((len(recipient_zone), len(PARTS)))
    out[:, 0] = rule.base_salary_vnd * np.asarray(rule.zone_multiple.as_list())[recipient_zone]
    if rule.distance_bands_km:
        bands = np.asarray(rule.distance_bands_km)
        pay = np.concatenate([[0.0], np.asarray(rule.distance_band_vnd, float)])
        out[:, 1] = pay[np.searchsorted(bands, km, side="right")]
    if rule.distance_threshold_vnd > 0:
        threshold = np.asarray(rule.distance_threshold_km.as_list())[recipient_zone]
        out[:, 2] = np.where(km >= threshold, rule.distance_threshold_vnd, 0.0)
    return out


def part_months(rule: AllowanceParams) -> np.ndarray:
    """Months each part is paid at most (``PARTS`` order)."""
    return np.array([rule.months, rule.distance_band_months, rule.distance_threshold_months])


def longest_support(rule: AllowanceParams, months_left: int) -> int:
    """The most months any part that can pay anything is paid (Lạng Sơn: its distance band's
    24, not the 36 of a zone multiple of 0)."""
    pays = np.array([max(rule.zone_multiple.as_list()) > 0,
                     any(v > 0 for v in rule.distance_band_vnd),
                     rule.distance_threshold_vnd > 0])
    return int(np.where(pays, paid_months(rule, months_left), 0).max(initial=0))


def monthly_allowance(rule: AllowanceParams, recipient_zone: np.ndarray,
                      km: np.ndarray) -> np.ndarray:
    """VND per month while every part is paid (the first month of a move)."""
    return allowance_parts(rule, recipient_zone, km).sum(axis=1)


def term_months_left(params: Params, month: int) -> int:
    """Months of term a move taking effect in simulation ``month`` has: to the end of the
    support window (``transfers.term_from = "start"``: the NQ 34 draft counts its 3 years
    from 1/8/2025, ``window_start_year/month``; a move before the window's start still gets
    no more than ``term_months``), or a full term from the move (``"move"``)."""
    t = params.transfers
    if t.term_from != "start":
        return t.term_months
    end = window_start(params) + t.term_months  # months from the scenario's start
    return max(min(end - month, t.term_months), 0)


def window_start(params: Params) -> int:
    """The support window's first month, in months from the scenario's start (negative: it
    started before the scenario)."""
    t, prov = params.transfers, params.province
    return ((t.window_start_year - prov.start_year) * 12
            + t.window_start_month - prov.start_month)


def paid_months(rule: AllowanceParams, months_left: int) -> np.ndarray:
    """Months each part is paid for a move with ``months_left`` of term."""
    return np.minimum(part_months(rule), months_left)


def total_allowance(rule: AllowanceParams, recipient_zone: np.ndarray, km: np.ndarray,
                    months_left: int) -> np.ndarray:
    """VND over the term per move: each part x its months, cut at the term's end."""
    return allowance_parts(rule, recipient_zone, km) @ paid_months(rule, months_left)


def move_costs(state: ProvinceState, moves: list[Move]) -> tuple[np.ndarray, np.ndarray]:
    """Distance (km) and first-month allowance (VND) of each move."""
    km, monthly, _ = move_allowance(state, moves)
    return km, monthly


def move_allowance(state: ProvinceState, moves: list[Move]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distance (km), first-month allowance (VND) and allowance over the term (VND) of each
    move made on ``state`` (nothing for officials of a pool unit that is not eligible)."""
    if not moves:
        return np.zeros(0), np.zeros(0), np.zeros(0)
    frm = state.commune[[m.row for m in moves]]
    to = np.array([m.to for m in moves])
    km = state.distance_km[frm, to]
    rule = state.params.optimizer.allowance
    parts = allowance_parts(rule, state.communes.allowance_zone[to], km)
    parts *= state.communes.allowance_eligible[frm][:, None]  # a unit whose staff draw none
    left = term_months_left(state.params, state.month)
    return km, parts.sum(axis=1), parts @ paid_months(rule, left)
