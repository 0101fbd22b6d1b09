"""Zone and province aggregates of the recorded commune series, and the headline summary."""

from __future__ import annotations

import warnings

import numpy as np

from staffsim.model.outcomes import AREAS, ZONE_OUTCOMES


def band(values: np.ndarray) -> dict[str, float | None]:
    """Mean and 90% interval (5th-95th percentile) across replications (NaN-safe)."""
    v = np.asarray(values, float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return {"mean": None, "p05": None, "p95": None}
    return {"mean": float(v.mean()), "p05": float(np.percentile(v, 5)),
            "p95": float(np.percentile(v, 95))}


def summarize(tables: list[dict[str, np.ndarray]], zone_counts: dict[str, int]) -> dict:
    """Headline outcomes by zone: first month, last month and horizon mean (or total for flows).

    ``tables`` holds one ``zone_table`` per replication; every figure is given as the mean and
    90% interval across replications.
    """
    flows = {"hires", "exits_attrition", "exits_retirement", "transfers_in",
             "transferred_exits", "policy_cost_vnd"}
    out: dict = {"areas": {}, "replications": len(tables)}
    for a, area in enumerate(AREAS):
        entry: dict = {"communes": zone_counts.get(area, 0)}
        for o in ZONE_OUTCOMES:
            per_rep = np.array([t[o.name][:, a] for t in tables])  # replications x months
            fig = {"label": o.label, "unit": o.unit, "direction": o.direction}
            if o.name in flows:
                fig["total"] = band(per_rep.sum(axis=1))
            else:
                fig["start"] = band(per_rep[:, 0])
                fig["end"] = band(per_rep[:, -1])
                with warnings.catch_warnings():  # an empty zone has no mean
                    warnings.simplefilter("ignore", RuntimeWarning)
                    fig["horizon_mean"] = band(np.nanmean(per_rep, axis=1))
            entry[o.name] = fig
        out["areas"][area] = entry
    unmet = np.array([t["unmet_fte"][:, :] for t in tables])
    out["unmet_fte_months"] = {area: band(unmet[:, :, a].sum(axis=1))
                               for a, area in enumerate(AREAS)}
    return out


def arm_bands(runs: list[dict], outcome: str, area: str) -> dict[str, dict[str, list]]:
    """Per arm, one zone outcome month by month: mean and 90% interval across replications
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
