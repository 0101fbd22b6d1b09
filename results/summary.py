"""Zone and province aggregates of the recorded commune series, and the headline summary."""

from __future__ import annotations

import warnings

import numpy as np

from staffsim.model.outcomes import AREAS, area_outcomes, per_area_metrics


def band(values: np.ndarray) -> dict[str, float | None]:
    """Mean and 90% band (5th-95th percentile) across replications (NaN-safe)."""
    v = np.asarray(values, float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return {"mean": None, "p05": None, "p95": None}
    return {"mean": float(v.mean()), "p05": float(np.percentile(v, 5)),
            "p95": float(np.percentile(v, 95))}


# The confidence level of the interval of a mean (``mean_interval``), as of the percentile
# bands: compare's report speaks of 90% throughout.
MEAN_LEVEL = 0.90


def mean_interval(values: np.ndarray, level: float = MEAN_LEVEL) -> dict[str, float | None]:
    """The standard error of the mean of ``values`` (one per replication; NaN-safe) and its
    two-sided Student t confidence interval at ``level``: of paired differences, the paired
    t interval. Unlike the 5th-95th percentile band (``band``: the spread of single
    replications) it narrows as replications grow, so it is what tells two arms apart. None
    with fewer than two values (no spread to estimate)."""
    from scipy import stats

    v = np.asarray(values, float)
    v = v[~np.isnan(v)]
    if v.size < 2:
        return {"mean_se": None, "mean_ci90_lo": None, "mean_ci90_hi": None}
    mean = float(v.mean())
    se = float(v.std(ddof=1) / np.sqrt(v.size))
    half = float(stats.t.ppf(0.5 + level / 2, v.size - 1)) * se
    return {"mean_se": se, "mean_ci90_lo": mean - half, "mean_ci90_hi": mean + half}


# Fewest replications for a 5th-95th percentile band to be read as one. With n replications
# numpy's interpolated 5th percentile sits at position 0.05 (n - 1) among the sorted values:
# below 10 that is under 0.45, the bound is mostly the single smallest run, and the band holds
# on average 0.9 (n - 1) / (n + 1) of the outcomes (the expected share of a distribution
# between order statistics), not 90%: 30% with 2 replications, 72% with 9 (74% with 10, 81%
# with 20, compare.replications' default).
MIN_INTERVAL_REPLICATIONS = 10


def band_coverage(replications: int) -> float:
    """The share of the outcomes' distribution a 5th-95th percentile band of ``replications``
    runs holds on average (numpy's linear interpolation between order statistics, whose
    expected quantiles are k / (n + 1))."""
    n = replications
    return 0.9 * (n - 1) / (n + 1)


def rough_intervals(replications: int) -> bool:
    """Too few replications (2 to ``MIN_INTERVAL_REPLICATIONS`` - 1) for the 90% bands to
    be read as such; one replication has none."""
    return 1 < replications < MIN_INTERVAL_REPLICATIONS


def summarize(tables: list[dict[str, np.ndarray]], zone_counts: dict[str, int],
              metrics: list[dict[str, float]]) -> dict:
    """Every area outcome by zone: first month, last month and horizon mean (the total for
    flows), plus the metrics declared ``run_summary``.

    ``tables`` holds one ``zone_table`` per replication and ``metrics`` its
    ``replication_metrics``; every figure is given as the mean and 90% band across
    replications.
    """
    out: dict = {"areas": {}, "replications": len(tables)}
    for a, area in enumerate(AREAS):
        entry: dict = {"communes": zone_counts.get(area, 0)}
        for o in area_outcomes():
            per_rep = np.array([t[o.name][:, a] for t in tables])  # replications x months
            fig = {"label": o.label, "unit": o.unit, "direction": o.direction}
            if o.kind == "flow":
                fig["total"] = band(per_rep.sum(axis=1))
            else:
                fig["start"] = band(per_rep[:, 0])
                fig["end"] = band(per_rep[:, -1])
                with warnings.catch_warnings():  # an empty zone has no mean
                    warnings.simplefilter("ignore", RuntimeWarning)
                    fig["horizon_mean"] = band(np.nanmean(per_rep, axis=1))
            entry[o.name] = fig
        out["areas"][area] = entry
    for m in per_area_metrics():
        if m.run_summary:
            out[m.name] = {area: band(np.array([r[f"{m.name}|{area}"] for r in metrics]))
                           for area in AREAS}
    return out


def arm_bands(runs: list[dict], outcome: str, area: str) -> dict[str, dict[str, list]]:
    """Per arm, one zone outcome month by month: mean and 90% band across replications
    (``runs`` as ``experiments.compare.run_compare`` returns them)."""
    a = AREAS.index(area)
    by_arm: dict[str, list[np.ndarray]] = {}
    for r in runs:
        by_arm.setdefault(r["arm"], []).append(r["zone_table"][outcome][:, a])
    out = {}
    for arm, series in by_arm.items():
        grid = np.array(series)  # replications x months
        months = [band(grid[:, t]) for t in range(grid.shape[1])]
        out[arm] = {k: [m[k] for m in months] for k in ("mean", "p05", "p95")}
    return out
