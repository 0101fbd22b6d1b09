"""Declared outcomes: the one vocabulary of the model, its result files, figures and reports.

Every measure is declared once, with its name, label and unit, and everything that shows it
(``run``, ``compare``, ``sweep``, ``analyze``, the tables, figures and reports) reads the
declaration instead of repeating it:

- ``Outcome``: a monthly measure. Either recorded by the model per commune (``over_communes``
  "sum": added up over an area's communes; ``None``: kept per commune only) or built from the
  recorded ones ("ratio": a ratio of two sums; "count_positive": the number of communes where
  a recorded value is positive). ``kind`` says whether monthly values add up over time (flow)
  or not (level, ratios included); ``direction`` which way is better.
- ``Metric``: an outcome reduced over the months of one run ("sum", "end", "mean", or
  "pooled": a ratio outcome's numerator and denominator each summed over the months first),
  one value per area (table column ``NAME|AREA``) or pooled over ``areas`` into one value
  (column ``NAME``).

Areas are the zones and the whole province (``AREAS``). The order of the declarations is the
order of the columns in every table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from staffsim.scenarios.zones import ZONES

AREAS: tuple[str, ...] = (*ZONES, "province")

Direction = Literal["minimize", "maximize", "target_1"]  # target_1: closest to 1 is best


@dataclass(frozen=True)
class Outcome:
    name: str
    label: str
    unit: str
    kind: Literal["level", "flow"]
    over_communes: Literal["sum", "ratio", "count_positive"] | None = "sum"
    of: tuple[str, ...] = ()  # ratio: (numerator, denominator); count_positive: (series,)
    direction: Direction | None = None  # None: recorded for the record, never ranked
    meaning: str = ""
    run_headline: bool = False  # start and end by area in `staffsim run`'s terminal table
    auto_plot: bool = False  # a run folder's figures/NAME_by_zone.png (bands over time)
    # the least value it can take: every outcome is a count, a sum of amounts, hours or FTE
    # short, or a ratio of those, so none is ever negative (``analyze --threshold`` below it
    # would judge every run a failure); None: an outcome that may be negative
    minimum: float | None = 0.0

    @property
    def recorded(self) -> bool:
        """Recorded by the model per commune and month (a column of timeseries.csv)."""
        return self.over_communes in ("sum", None)

    @property
    def by_area(self) -> bool:
        """Aggregated per area and month (a column of zone_timeseries.csv)."""
        return self.over_communes is not None


@dataclass(frozen=True)
class Metric:
    name: str
    of: str  # the outcome reduced over the months
    over_months: Literal["sum", "end", "mean", "pooled"]
    label: str = ""  # default: the outcome's
    unit: str = ""  # default: the outcome's
    areas: tuple[str, ...] = ()  # (): one value per area; else one value pooled over these
    headline: int = 0  # rank among the outcomes `analyze` studies by default (1 first)
    report_areas: tuple[str, ...] = ()  # rows where policy arms are set side by side
    run_summary: bool = False  # also in a run's summary.json, by area

    def __post_init__(self) -> None:
        o = outcome(self.of)
        if not self.label:
            object.__setattr__(self, "label", o.label)
        if not self.unit:
            object.__setattr__(self, "unit", o.unit)
        if self.over_months == "pooled" and o.over_communes != "ratio":
            raise ValueError(f"metric {self.name}: 'pooled' needs a ratio outcome")
        if not o.by_area:
            raise ValueError(f"metric {self.name}: {self.of} has no area values")

    @property
    def direction(self) -> Direction | None:
        return outcome(self.of).direction

    def columns(self) -> list[str]:
        """Its columns in per-run tables (replications.csv, a sweep's results)."""
        return [self.name] if self.areas else [f"{self.name}|{a}" for a in AREAS]


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("required", "Required staff (WISN)", "FTE", "level", direction="target_1"),
    Outcome("in_post", "Staff in post", "officials", "level", direction="target_1"),
    Outcome("wisn_ratio", "WISN ratio (in post / required)", "ratio", "level",
            over_communes="ratio", of=("in_post", "required"), direction="target_1",
            run_headline=True, auto_plot=True),
    Outcome("in_post_fte", "Staff in post weighted by productivity (ramp-up, training)", "FTE",
            "level", over_communes=None),
    Outcome("unmet_fte", "Unmet need", "FTE", "level", direction="minimize",
            meaning="sum over specialties of max(0, required - effective staff)",
            run_headline=True),
    Outcome("arrivals", "Dossiers arrived", "dossiers", "flow", over_communes=None),
    Outcome("served", "Dossiers served", "dossiers", "flow", over_communes=None),
    Outcome("on_time", "Arrivals served within their legal deadline (expected)", "dossiers",
            "flow", over_communes=None),
    # backlog and unfinished_hours are two measures, not one in two units: a dossier not
    # served waits (backlog, carried into the next month); fixed tasks not done are dropped
    # (unfinished_hours only). Backlog 0 beside unfinished hours: every dossier was served and
    # only fixed tasks were left undone (``model.workload.serve``; tests/model/
    # test_backlog_unfinished.py, tests/results/test_backlog_unfinished_columns.py)
    Outcome("backlog", "Backlog at month end", "dossiers", "level", direction="minimize",
            meaning="dossiers waiting at month end, carried into the next month (none is "
            "dropped); work left undone that is not a dossier is in unfinished_hours",
            run_headline=True, auto_plot=True),
    Outcome("on_time_share", "On-time share of arrivals", "share", "level",
            over_communes="ratio", of=("on_time", "arrivals"), direction="maximize"),
    # by area like backlog, so a run's table and report show both (a planner reading "backlog
    # 0" sees the fixed tasks dropped beside it); a flow: its total over the months, in hours
    Outcome("unfinished_hours", "Work hours left undone (fixed tasks and dossiers)", "hours",
            "flow", direction="minimize",
            meaning="fixed-task hours (reports, budget, inspections) deferred this month, "
            "dropped and not carried over, plus the handling hours the month-end backlog "
            "still needs (those dossiers count again each month they wait); with no backlog, "
            "all of it is fixed tasks. Summed over an area's communes, and over the months "
            "for a run's total", run_headline=True),
    Outcome("overtime_hours", "Overtime worked", "hours", "flow", direction="minimize",
            meaning="hours worked beyond regular time; overload shows here before any work "
            "is left undone"),
    # "essential specialties vacant" counts each commune and essential specialty with nobody
    # in post (a commune lacking two counts twice); the communes with at least one are a
    # separately named measure. Every command counts both this way (plans too: PLAN_MEASURES).
    Outcome("essential_missing", "Essential specialties vacant", "commune-specialties",
            "level", direction="minimize", meaning="one for each commune and essential "
            "specialty with nobody in post", run_headline=True),
    Outcome("communes_lacking_essential",
            "Communes with at least one essential specialty vacant", "communes", "level",
            over_communes="count_positive", of=("essential_missing",), direction="minimize",
            meaning="communes where at least one essential specialty has nobody in post",
            run_headline=True),
    Outcome("hires", "Recruits arrived", "officials", "flow", direction="maximize"),
    Outcome("exits_attrition", "Voluntary exits", "officials", "flow", direction="minimize"),
    Outcome("exits_retirement", "Retirements", "officials", "flow", direction="minimize"),
    Outcome("contract_ends", "Labour contracts ended", "officials", "flow",
            over_communes=None),
    Outcome("transfers_in", "Transfers", "officials", "flow", direction="minimize",
            meaning="officials transferred or seconded in (end of month)"),
    Outcome("returns_in", "Secondees back home (end of month)", "officials", "flow",
            over_communes=None),
    Outcome("moves_out", "Officials leaving on transfer or return (end of month)",
            "officials", "flow", over_communes=None),
    Outcome("transferred_exits", "Resignations of transferred officials", "officials", "flow",
            direction="minimize", meaning="voluntary exits of transferred officials"),
    # what is paid, part by part (each VND in the month it is paid); salaries of officials
    # in post at the start are paid under every policy and not counted
    Outcome("allowance_cost_vnd", "Transfer allowances paid", "VND", "flow",
            meaning="support allowances of transferred and seconded officials"),
    Outcome("recruit_salary_vnd", "Salaries of recruits", "VND", "flow",
            meaning="recruits' salary, public-service allowance and employer contributions, "
            "from arrival (dynamics.recruit_*)"),
    Outcome("contract_cost_vnd", "Labour contracts paid", "VND", "flow",
            meaning="contract staff at policies.contract_monthly_vnd a month"),
    Outcome("training_cost_vnd", "Training paid", "VND", "flow",
            meaning="policies.training_cost_vnd per trainee"),
    Outcome("policy_cost_vnd", "Cost paid", "VND", "flow", direction="minimize",
            meaning="allowances, salaries of recruits, labour contracts and training paid"),
)

# the parts of ``policy_cost_vnd``, in the order reports list them
COST_PARTS: tuple[str, ...] = ("allowance_cost_vnd", "recruit_salary_vnd", "contract_cost_vnd",
                               "training_cost_vnd")


def outcome(name: str) -> Outcome:
    for o in OUTCOMES:
        if o.name == name:
            return o
    raise KeyError(f"no outcome named {name!r}")


SERIES_NAMES: tuple[str, ...] = tuple(o.name for o in OUTCOMES if o.recorded)

MOUNTAINS = ("mountain", "high_mountain")
PROVINCE = ("province",)

METRICS: tuple[Metric, ...] = (
    Metric("unmet_fte_months", "unmet_fte", "sum", "Unmet need over the horizon", "FTE-months",
           headline=2, report_areas=("lowland", "mountain", "high_mountain", "province"),
           run_summary=True),
    Metric("backlog_end", "backlog", "end", "Backlog at the end", headline=3,
           report_areas=PROVINCE),
    Metric("backlog_mean", "backlog", "mean", "Mean backlog"),
    Metric("on_time_share", "on_time_share", "pooled", headline=4, report_areas=PROVINCE),
    Metric("lacking_essential_months", "communes_lacking_essential", "sum",
           "Months of communes with an essential specialty vacant", "commune-months",
           report_areas=PROVINCE),
    Metric("moves", "transfers_in", "sum", "Transfers and secondments", report_areas=PROVINCE),
    Metric("transferred_resignations", "transferred_exits", "sum", headline=6,
           report_areas=PROVINCE),
    Metric("cost_vnd", "policy_cost_vnd", "sum", "Cost over the horizon (allowances, "
           "salaries of recruits, contracts, training)", headline=5, report_areas=PROVINCE),
    Metric("allowance_cost", "allowance_cost_vnd", "sum", "Transfer allowances over the horizon"),
    Metric("recruit_salaries", "recruit_salary_vnd", "sum",
           "Salaries of recruits over the horizon"),
    Metric("contract_cost", "contract_cost_vnd", "sum", "Labour contracts over the horizon"),
    Metric("training_cost", "training_cost_vnd", "sum", "Training over the horizon"),
    Metric("hires", "hires", "sum", "Recruits and contract staff arrived"),
    # the scenario-discovery outcome of a sweep
    Metric("mountain_unmet_fte", "unmet_fte", "mean",
           "Mean monthly unmet need in mountain and high-mountain communes", areas=MOUNTAINS,
           headline=1),
)


@dataclass(frozen=True)
class PlanMeasure:
    """A measure of a transfer plan on one province state (``optimize.plan.plan_outcome``),
    what ``plan``, ``whatif``, ``explain``, ``evaluate``, ``frontier`` and the reports show.

    A measure that is also a monthly outcome names it (``outcome``) and is counted the same
    way, with its label and unit: the same state gives the same number in ``run`` (month 0)
    and in ``plan`` (before). ``by_area``: one value per area (a dict), else one number;
    ``before``: the plan outcome holds ``KEY_before`` and ``KEY_after``, else ``KEY``.
    """

    key: str
    label: str = ""  # default: the outcome's
    unit: str = ""  # default: the outcome's
    outcome: str = ""
    by_area: bool = False
    before: bool = False
    decimals: int | None = None  # default: by unit (i18n.quantity)
    meaning: str = ""

    def __post_init__(self) -> None:
        if self.outcome:
            o = outcome(self.outcome)
            if not self.label:
                object.__setattr__(self, "label", o.label)
            if not self.unit:
                object.__setattr__(self, "unit", o.unit)
            if not self.meaning:
                object.__setattr__(self, "meaning", o.meaning)

    def value(self, plan: dict, when: str = "after", area: str = "province") -> float:
        """The measure in a plan outcome: ``when`` before or after (a measure without a
        before value has only after), for ``area`` if it has areas."""
        v = plan[f"{self.key}_{when}" if self.before else self.key]
        return float(v[area] if self.by_area else v)


PLAN_MEASURES: tuple[PlanMeasure, ...] = (
    PlanMeasure("unmet_fte", outcome="unmet_fte", by_area=True, before=True),
    PlanMeasure("essential_missing", outcome="essential_missing", by_area=True, before=True),
    PlanMeasure("communes_lacking_essential", outcome="communes_lacking_essential",
                by_area=True, before=True),
    PlanMeasure("weighted_unmet", "Weighted unmet need (what the optimiser minimises)",
                "points", before=True, decimals=1,
                meaning="zone weight x unmet FTE, plus for each essential specialty vacant "
                "the essential-gap weight x the commune's zone weight"),
    PlanMeasure("moves", "Transfers", "officials"),
    PlanMeasure("allowance_vnd", "Allowance over the transfers' terms", "VND",
                meaning="support allowances of every move, each part for its own months"),
    PlanMeasure("km_total", "Road km of all moves", "km"),
    PlanMeasure("km_max", "Longest move", "km"),
)


def plan_measure(key: str) -> PlanMeasure:
    for m in PLAN_MEASURES:
        if m.key == key:
            return m
    raise KeyError(f"no plan measure named {key!r}")


# -- what reads the declarations (at call time, so a test may add one) ---------------------

def area_outcomes() -> list[Outcome]:
    """The outcomes with a value per area and month, in table order."""
    return [o for o in OUTCOMES if o.by_area]


def per_area_metrics() -> list[Metric]:
    return [m for m in METRICS if not m.areas]


def pooled_metrics() -> list[Metric]:
    return [m for m in METRICS if m.areas]


def metric(name: str) -> Metric:
    for m in METRICS:
        if m.name == name:
            return m
    raise KeyError(f"no metric named {name!r}")


def metric_columns() -> list[str]:
    """The outcome columns of one run (compare's replications, a sweep's results): every
    per-area metric by area (area-major), then the pooled metrics."""
    return ([f"{m.name}|{a}" for a in AREAS for m in per_area_metrics()]
            + [m.name for m in pooled_metrics()])


def headline_columns() -> list[str]:
    """The columns `analyze` studies by default, in rank order (a per-area metric's
    headline is its province value)."""
    ranked = sorted((m for m in METRICS if m.headline), key=lambda m: m.headline)
    return [m.name if m.areas else f"{m.name}|province" for m in ranked]


def report_rows(zones: list[str] | None = None) -> list[tuple[Metric, str]]:
    """(metric, area) rows of a side-by-side comparison of policy arms; ``zones``: the zones
    the province has (a zone without communes has no row)."""
    return [(m, a) for m in per_area_metrics() for a in m.report_areas
            if zones is None or a not in ZONES or a in zones]


def column_minimum(column: str) -> float | None:
    """The least value a per-run column can take (its outcome's ``minimum``); None for a
    column that is no declared metric or may be negative."""
    try:
        m = metric(column.partition("|")[0])
    except KeyError:
        return None
    return outcome(m.of).minimum


def column_direction(column: str) -> Direction | None:
    """Which way a per-run column is better (its outcome's ``direction``); None for a column
    that is no declared metric or is recorded only."""
    try:
        return metric(column.partition("|")[0]).direction
    except KeyError:
        return None


def column_unit(column: str) -> str:
    """A per-run column's unit ('share', 'FTE' ...); '' for an undeclared column."""
    try:
        return metric(column.partition("|")[0]).unit
    except KeyError:
        return ""


def column_title(column: str) -> str:
    """A per-run column for people: 'label, area (unit)'; an undeclared column as it is."""
    name, _, area = column.partition("|")
    try:
        m = metric(name)
    except KeyError:
        return column
    return metric_title(m, area or None)


def title(label: str, unit: str, area: str | None = None) -> str:
    """A declared measure for people, in English: 'Unmet need, high mountain (FTE)'; money
    and shares carry their unit in every value, so theirs is not repeated
    (``results.words.Words.title`` says the same in the current language)."""
    text = f"{label}, {area.replace('_', ' ')}" if area else label
    return f"{text} ({unit})" if unit and unit not in ("share", "VND") else text


def metric_title(m: Metric, area: str | None) -> str:
    return title(m.label, m.unit, area)


# -- computing them ------------------------------------------------------------------------

def _masks(zone: np.ndarray) -> list[np.ndarray]:
    """Commune masks of the areas, in ``AREAS`` order."""
    return [zone == z for z in range(len(ZONES))] + [np.ones(len(zone), bool)]


def aggregate(series: dict[str, np.ndarray], zone: np.ndarray, o: Outcome) -> np.ndarray:
    """One outcome per month for each area: months x len(AREAS)."""
    masks = _masks(zone)
    num = series[o.of[0] if o.of else o.name]
    if o.over_communes == "count_positive":
        num = (num > 0).astype(float)
    top = np.stack([num[:, m].sum(axis=1) for m in masks], axis=1)
    if o.over_communes != "ratio":
        return top
    bottom = np.stack([series[o.of[1]][:, m].sum(axis=1) for m in masks], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom > 0, top / bottom, np.nan)


def zone_table(series: dict[str, np.ndarray], zone: np.ndarray) -> dict[str, np.ndarray]:
    """Every area outcome: name -> months x len(AREAS)."""
    return {o.name: aggregate(series, zone, o) for o in area_outcomes()}


def _area_value(m: Metric, series: dict[str, np.ndarray], table: dict[str, np.ndarray],
                mask: np.ndarray, a: int, over_months: str | None = None) -> float:
    """One metric of one area (``mask``, column ``a`` of the zone table)."""
    o = outcome(m.of)
    how = over_months or m.over_months
    if how == "pooled":
        num, den = o.of
        total = series[den][:, mask].sum()
        return float(series[num][:, mask].sum() / total) if total > 0 else float("nan")
    if how == "sum" and o.kind == "flow" and o.over_communes == "sum":
        return float(series[o.name][:, mask].sum())  # every commune-month of the flow
    col = table[o.name][:, a]
    if how == "sum":
        return float(col.sum())
    if how == "end":
        return float(col[-1])
    return float(col.mean())


def replication_metrics(series: dict[str, np.ndarray], zone: np.ndarray,
                        table: dict[str, np.ndarray]) -> dict[str, float]:
    """The per-area metrics of one replication as ``NAME|AREA`` -> value (area-major);
    ``table`` is ``zone_table(series, zone)``."""
    out: dict[str, float] = {}
    for a, (area, mask) in enumerate(zip(AREAS, _masks(zone), strict=True)):
        for m in per_area_metrics():
            out[f"{m.name}|{area}"] = _area_value(m, series, table, mask, a)
    return out


def replication_pooled(series: dict[str, np.ndarray], zone: np.ndarray,
                       table: dict[str, np.ndarray]) -> dict[str, float]:
    """The pooled metrics of one replication: NAME -> value."""
    masks = _masks(zone)
    months = next(iter(table.values())).shape[0]
    out: dict[str, float] = {}
    for m in pooled_metrics():
        idx = [AREAS.index(a) for a in m.areas]
        if m.over_months == "pooled":
            mask = np.logical_or.reduce([masks[i] for i in idx])
            out[m.name] = _area_value(m, series, table, mask, -1)
            continue
        # additive over areas: the areas' sums (or ends), a mean divides the sum by the months
        how = "end" if m.over_months == "end" else "sum"
        total = sum(_area_value(m, series, table, masks[i], i, how) for i in idx)
        out[m.name] = total / months if m.over_months == "mean" else total
    return out


def check_declarations(outcomes: tuple[Outcome, ...], metrics: tuple[Metric, ...]) -> None:
    """Names unique, references known, areas real: a wrong declaration fails at import."""
    names = [o.name for o in outcomes]
    for group, what in ((names, "outcome"), ([m.name for m in metrics], "metric")):
        dup = {n for n in group if group.count(n) > 1}
        if dup:
            raise ValueError(f"{what} declared twice: {', '.join(sorted(dup))}")
    recorded = {o.name for o in outcomes if o.recorded}
    for o in outcomes:
        if o.over_communes in ("ratio", "count_positive"):
            want = 2 if o.over_communes == "ratio" else 1
            if len(o.of) != want or not set(o.of) <= recorded:
                raise ValueError(f"outcome {o.name}: {o.over_communes} of {o.of} needs "
                                 f"{want} recorded outcome(s)")
    for m in metrics:
        bad = [a for a in (*m.areas, *m.report_areas) if a not in AREAS]
        if bad or (m.areas and m.report_areas):
            raise ValueError(f"metric {m.name}: areas must be among {', '.join(AREAS)} "
                             "(and a pooled metric has no report areas)")


check_declarations(OUTCOMES, METRICS)
