"""Workload in WISN terms (WHO, Workload Indicators of Staffing Need) and monthly service.

All functions are pure and work on whole provinces at once: arrays are communes x specialties.

WISN, as in ``docs/facts.md`` ("The WISN method"):
    AWT  = (working days - holidays - leave - sickness - training) x hours/day      [h / year]
    CAF  = 1 / (1 - category allowance share)
    required FTE = (fixed task hours + expected dossiers x handling time) / AWT x CAF + fixed FTE
    WISN ratio = in post / required
"""

from __future__ import annotations

import numpy as np

from staffsim.scenarios.params import WorkloadParams


def available_hours_per_month(w: WorkloadParams) -> float:
    """WISN available working time (AWT) of one official, per month."""
    days = (w.working_days_per_year - w.public_holidays - w.annual_leave_days - w.sick_days
            - w.training_days)
    return max(days, 0.0) * w.hours_per_day / 12.0


def working_days_per_month(w: WorkloadParams) -> float:
    return w.working_days_per_year / 12.0


def category_allowance_factor(w: WorkloadParams) -> float:
    return 1.0 / (1.0 - w.category_allowance_share)


def productive_hours_per_month(w: WorkloadParams) -> float:
    """Hours an official spends on specialty work after category-allowance (support) work."""
    return available_hours_per_month(w) / category_allowance_factor(w)


def handling_minutes(w: WorkloadParams, zone: np.ndarray) -> np.ndarray:
    """Minutes per dossier, communes x specialties: online share and field travel by zone."""
    sp = w.specialties.ordered()
    minutes = np.array([s.minutes_per_dossier for s in sp])
    field = np.array([s.field_share for s in sp])
    online = np.asarray(w.online_share.as_list())[zone]
    travel = np.asarray(w.field_travel_factor.as_list())[zone]
    return (minutes[None, :] * (1.0 - online[:, None] * w.online_time_saving)
            * (1.0 + field[None, :] * travel[:, None]))


def expected_dossiers(w: WorkloadParams, population: np.ndarray, month: int) -> np.ndarray:
    """Mean dossier arrivals per month, communes x specialties, at simulation month ``month``."""
    rate = np.array([s.dossiers_per_1000 for s in w.specialties.ordered()])
    growth = (1.0 + w.annual_growth) ** (month / 12.0)
    return population[:, None] / 1000.0 * rate[None, :] * w.intensity * growth


def base_hours(w: WorkloadParams) -> np.ndarray:
    """Fixed (non-dossier) task hours per commune per month, by specialty."""
    return np.array([s.base_hours for s in w.specialties.ordered()]) * w.intensity


def fixed_fte(w: WorkloadParams) -> np.ndarray:
    return np.array([s.fixed_fte for s in w.specialties.ordered()])


def required_fte(w: WorkloadParams, population: np.ndarray, zone: np.ndarray,
                 month: int = 0) -> np.ndarray:
    """WISN required staff, communes x specialties."""
    hours = base_hours(w)[None, :] + (expected_dossiers(w, population, month)
                                      * handling_minutes(w, zone) / 60.0)
    return hours / productive_hours_per_month(w) + fixed_fte(w)[None, :]


def on_time_fraction(backlog: np.ndarray, arrivals: np.ndarray, capacity: np.ndarray,
                     deadline_days: np.ndarray, days: float) -> np.ndarray:
    """Share of this month's arrivals served within their deadline (fluid FIFO queue).

    Dossiers arrive evenly over ``days`` working days at rate a = arrivals/days and are served
    first-in first-out at rate m = capacity/days (dossiers/day), behind ``backlog``. A dossier
    arriving at day u waits Q(u)/m with Q(u) = max(0, backlog + (a - m) u); it is on time iff
    Q(u) <= m x deadline. Q is linear in u, so the on-time set is an interval solved in closed
    form. Communes with no arrivals get 1 (nothing was late); no capacity gives 0.
    """
    a = arrivals / days
    m = capacity / days
    slack = m * deadline_days - backlog  # Q(u) <= m D  <=>  (a - m) u <= slack
    drift = a - m
    with np.errstate(divide="ignore", invalid="ignore"):
        cut = slack / drift  # u where Q(u) = m D
        frac = np.where(
            drift > 0, np.clip(cut / days, 0.0, 1.0),  # on time until the queue grows past
            np.where(drift < 0, np.clip(1.0 - cut / days, 0.0, 1.0),  # from when it drains
                     (slack >= 0).astype(float)))
    frac = np.where(m <= 0, 0.0, frac)
    return np.where(arrivals <= 0, 1.0, frac)


def serve(backlog: np.ndarray, arrivals: np.ndarray, staff: np.ndarray, base: np.ndarray,
          handling_min: np.ndarray, deadline_days: np.ndarray, hours_per_fte: float,
          days: float, cross_productivity: float, can_cover: np.ndarray,
          overtime_share: float = 0.0, fixed_floor_share: float = 0.0,
          away_share: np.ndarray | float = 0.0
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One month of service, communes x specialties, in priority order.

    Each specialty has regular hours H = staff x ``hours_per_fte`` and at most
    H x ``overtime_share`` of overtime, worked only when its work needs it: overload shows
    first as overtime. Its time goes, in order, to:

    1. fixed tasks up to ``fixed_floor_share`` of its capacity (statutory reports, budget
       closing: what cannot be deferred);
    2. its own dossiers (legal deadlines);
    3. other specialties' dossiers it can cover (``can_cover``) at ``cross_productivity``,
       shared in proportion to their shortfalls: a commune serves its dossiers before
       deferrable work;
    4. the rest of its fixed tasks; what is deferred is dropped and counted as unfinished.

    On time: the fluid FIFO share (``on_time_fraction``) times the chance that someone who can
    take a dossier is at the desk on some day of its deadline, 1 - away^(k x deadline days),
    with k the specialty's officials plus cover in FTE and ``away_share`` (per commune) the
    share of days an official is away (leave, sickness, training, field trips): delays
    concentrate in short-deadline procedures held by one official or by cover.

    Returns served dossiers, on-time share of arrivals, unfinished hours (fixed tasks deferred
    and dropped this month, plus the hours of the dossiers left waiting: backlog x handling
    time; so no backlog means every unfinished hour is a fixed task), cover hours received
    (effective) and overtime hours worked.
    """
    regular = staff * hours_per_fte
    cap = regular * (1.0 + overtime_share)
    dossier_h = handling_min / 60.0
    demand = (backlog + arrivals) * dossier_h
    floor = np.minimum(base[None, :], fixed_floor_share * cap)
    own = np.minimum(demand, cap - floor)
    short = demand - own
    spare = np.where(can_cover[None, :], cap - floor - own, 0.0)
    total_short = short.sum(axis=1)
    total_spare = spare.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total_short > 0,
                         np.minimum(1.0, total_spare * cross_productivity / total_short), 0.0)
        cover = short * share[:, None]
        # hours each coverer gives: its share of the spare time, at its productivity
        spent = cover.sum(axis=1) / cross_productivity if cross_productivity > 0 else 0.0
        given = np.where(total_spare[:, None] > 0,
                         spare / total_spare[:, None] * np.asarray(spent)[..., None], 0.0)
    given = np.nan_to_num(given)
    rest_fixed = np.minimum(base[None, :] - floor, np.maximum(cap - floor - own - given, 0.0))
    worked = floor + own + given + rest_fixed
    overtime = np.maximum(worked - regular, 0.0)
    dossier_hours = own + cover
    with np.errstate(divide="ignore", invalid="ignore"):
        # every dossier served when its hours are (hours / handling time is not always the
        # count back to the last bit: a backlog of 1e-13 dossiers was left behind, a flat
        # line read as a level, and sensitivity indices computed on that noise)
        served = np.where((dossier_h > 0) & (dossier_hours < demand * (1 - 1e-12)),
                          dossier_hours / dossier_h, backlog + arrivals)
        rate = np.where(dossier_h > 0, (cap - floor + cover) / dossier_h, np.inf)
    on_time = on_time_fraction(backlog, arrivals, np.where(np.isinf(rate), 1e12, rate),
                               deadline_days[None, :], days)
    away = np.broadcast_to(np.asarray(away_share, float).reshape(-1, 1), staff.shape)
    k = staff + (cover / hours_per_fte if hours_per_fte > 0 else 0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        reachable = 1.0 - np.where(away > 0, away ** (k * deadline_days[None, :]), 0.0)
    on_time = on_time * np.where(arrivals > 0, reachable, 1.0)
    unfinished = (base[None, :] - floor - rest_fixed) + (demand - dossier_hours)
    return served, on_time, unfinished, cover, overtime
