"""Declared outcomes: the contract between the model, the result files and the plots.

Per commune and month the model records the ``COMMUNE_SERIES``; zone and province figures are
aggregated from them by ``ZONE_OUTCOMES`` (a sum, or a ratio of two sums).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from staffsim.scenarios.params import ZONES


@dataclass(frozen=True)
class Series:
    name: str
    label: str
    unit: str


@dataclass(frozen=True)
class Outcome:
    name: str
    label: str
    unit: str
    direction: Literal["minimize", "maximize", "target_1"]
    numerator: str
    denominator: str | None = None  # ratio of sums when set
    count_positive: bool = False  # count communes with numerator > 0 instead of summing


COMMUNE_SERIES: tuple[Series, ...] = (
    Series("required", "Required staff (WISN)", "FTE"),
    Series("in_post", "Staff in post", "officials"),
    Series("in_post_fte", "Staff in post weighted by productivity (ramp-up, training)", "FTE"),
    Series("unmet_fte", "Unmet need: sum over specialties of max(0, required - effective "
           "staff)", "FTE"),
    Series("arrivals", "Dossiers arrived", "dossiers"),
    Series("served", "Dossiers served", "dossiers"),
    Series("on_time", "Arrivals served within their legal deadline (expected)", "dossiers"),
    Series("backlog", "Dossiers waiting at month end", "dossiers"),
    Series("unfinished_hours", "Work hours left undone (fixed tasks and dossiers)", "hours"),
    Series("essential_missing", "Essential specialties with nobody in post", "specialties"),
    Series("hires", "Recruits arrived", "officials"),
    Series("exits_attrition", "Voluntary exits", "officials"),
    Series("exits_retirement", "Retirements", "officials"),
    Series("contract_ends", "Labour contracts ended", "officials"),
    Series("transfers_in", "Officials transferred or seconded in (end of month)", "officials"),
    Series("returns_in", "Secondees back home (end of month)", "officials"),
    Series("moves_out", "Officials leaving on transfer or return (end of month)", "officials"),
    Series("transferred_exits", "Voluntary exits of transferred officials", "officials"),
    Series("policy_cost_vnd", "Allowances, contracts and training paid", "VND"),
)
SERIES_NAMES = tuple(s.name for s in COMMUNE_SERIES)

ZONE_OUTCOMES: tuple[Outcome, ...] = (
    Outcome("required", "Required staff (WISN)", "FTE", "target_1", "required"),
    Outcome("in_post", "Staff in post", "officials", "target_1", "in_post"),
    Outcome("wisn_ratio", "WISN ratio (in post / required)", "ratio", "target_1",
            "in_post", "required"),
    Outcome("unmet_fte", "Unmet need", "FTE", "minimize", "unmet_fte"),
    Outcome("backlog", "Backlog at month end", "dossiers", "minimize", "backlog"),
    Outcome("on_time_share", "On-time share of arrivals", "share", "maximize",
            "on_time", "arrivals"),
    Outcome("communes_lacking_essential", "Communes lacking an essential specialty", "communes",
            "minimize", "essential_missing", count_positive=True),
    Outcome("hires", "Recruits arrived", "officials", "maximize", "hires"),
    Outcome("exits_attrition", "Voluntary exits", "officials", "minimize", "exits_attrition"),
    Outcome("exits_retirement", "Retirements", "officials", "minimize", "exits_retirement"),
    Outcome("transfers_in", "Transfers", "officials", "minimize", "transfers_in"),
    Outcome("transferred_exits", "Resignations of transferred officials", "officials",
            "minimize", "transferred_exits"),
    Outcome("policy_cost_vnd", "Policy cost", "VND", "minimize", "policy_cost_vnd"),
)


AREAS: tuple[str, ...] = (*ZONES, "province")


def aggregate(series: dict[str, np.ndarray], zone: np.ndarray, outcome: Outcome) -> np.ndarray:
    """One outcome per month for each zone and the province: months x len(AREAS)."""
    num = series[outcome.numerator]
    if outcome.count_positive:
        num = (num > 0).astype(float)
    masks = [zone == z for z in range(len(ZONES))] + [np.ones(len(zone), bool)]
    top = np.stack([num[:, m].sum(axis=1) for m in masks], axis=1)
    if outcome.denominator is None:
        return top
    bottom = np.stack([series[outcome.denominator][:, m].sum(axis=1) for m in masks], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom > 0, top / bottom, np.nan)


def zone_table(series: dict[str, np.ndarray], zone: np.ndarray) -> dict[str, np.ndarray]:
    return {o.name: aggregate(series, zone, o) for o in ZONE_OUTCOMES}


# Per replication: name -> (label, unit, direction)
METRICS: dict[str, tuple[str, str, str]] = {
    "unmet_fte_months": ("Unmet need over the horizon", "FTE-months", "minimize"),
    "backlog_end": ("Backlog at the end", "dossiers", "minimize"),
    "backlog_mean": ("Mean backlog", "dossiers", "minimize"),
    "on_time_share": ("On-time share of arrivals", "share", "maximize"),
    "lacking_essential_months": ("Communes lacking an essential specialty",
                                 "commune-months", "minimize"),
    "moves": ("Transfers and secondments", "officials", "minimize"),
    "transferred_resignations": ("Resignations of transferred officials", "officials",
                                 "minimize"),
    "cost_vnd": ("Policy cost (allowances, contracts, training)", "VND", "minimize"),
    "hires": ("Recruits and contract staff arrived", "officials", "maximize"),
}


def replication_metrics(series: dict[str, np.ndarray], zone: np.ndarray,
                        table: dict[str, np.ndarray]) -> dict[str, float]:
    """The comparison metrics of one replication, per area (zones and province); ``table``
    is ``zone_table(series, zone)``."""
    masks = [zone == z for z in range(len(ZONES))] + [np.ones(len(zone), bool)]
    out: dict[str, float] = {}
    for a, (area, m) in enumerate(zip(AREAS, masks, strict=True)):
        arrivals = series["arrivals"][:, m].sum()
        out[f"unmet_fte_months|{area}"] = float(table["unmet_fte"][:, a].sum())
        out[f"backlog_end|{area}"] = float(table["backlog"][-1, a])
        out[f"backlog_mean|{area}"] = float(table["backlog"][:, a].mean())
        out[f"on_time_share|{area}"] = (float(series["on_time"][:, m].sum() / arrivals)
                                        if arrivals > 0 else float("nan"))
        out[f"lacking_essential_months|{area}"] = float(
            table["communes_lacking_essential"][:, a].sum())
        out[f"moves|{area}"] = float(series["transfers_in"][:, m].sum())
        out[f"transferred_resignations|{area}"] = float(series["transferred_exits"][:, m].sum())
        out[f"cost_vnd|{area}"] = float(series["policy_cost_vnd"][:, m].sum())
        out[f"hires|{area}"] = float(series["hires"][:, m].sum())
    return out
