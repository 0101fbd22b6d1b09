"""Declared outcomes: the contract between the model, the result files and the plots.

Per commune and month the model records the ``COMMUNE_SERIES``; zone and province figures are
aggregated from them by ``ZONE_OUTCOMES`` (a sum, or a ratio of two sums).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


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
