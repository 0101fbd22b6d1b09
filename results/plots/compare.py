"""Figures of a comparison folder: arms over time, cost against unmet need, shortages left."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from staffsim.model.outcomes import MOUNTAINS, metric, outcome
from staffsim.results.plots.registry import Source, register_plot
from staffsim.results.plots.style import ARM_COLORS, finish, floats, plt, words

# (area outcome, area) per panel of the bands figure
BAND_PANELS = (("unmet_fte", "high_mountain"), ("unmet_fte", "mountain"),
               ("backlog", "province"))


@register_plot("unmet_backlog_bands", reads=("arm_timeseries.csv",))
def arm_bands(src: Source, out: Path) -> None:
    """Unmet need (high mountain, mountain) and backlog (province) per arm, with 90% bands."""
    cols = src.table("arm_timeseries.csv")
    arm = np.array(cols["arm"])
    rep = np.array(cols["replication"], int)
    month = np.array(cols["month"], int)
    area = np.array(cols["area"])
    fig, axes = plt.subplots(1, len(BAND_PANELS), figsize=(15, 4.5))
    arms = list(dict.fromkeys(arm.tolist()))
    months = np.unique(month)
    for ax, (name, zone) in zip(axes, BAND_PANELS, strict=True):
        o = outcome(name)
        value = floats(cols[name])
        for k, a in enumerate(arms):
            m = (arm == a) & (area == zone)
            grid = np.full((rep[m].max() + 1, len(months)), np.nan)
            grid[rep[m], month[m]] = value[m]
            color = ARM_COLORS[k % len(ARM_COLORS)]
            ax.plot(months, np.nanmean(grid, 0), color=color, label=a)
            ax.fill_between(months, np.nanpercentile(grid, 5, 0), np.nanpercentile(grid, 95, 0),
                            color=color, alpha=0.15, linewidth=0)
        ax.set_title(f"{o.label}, {words(zone)} ({o.unit})")
        ax.set_xlabel("month")
        ax.grid(alpha=0.3)
    axes[0].legend(frameon=False)
    finish(fig, out, dpi=110)


@register_plot("cost_vs_unmet", reads=("replications.csv",))
def cost_vs_unmet(src: Source, out: Path) -> None:
    """Each replication of each arm: policy cost against unmet need in the mountains."""
    cols = src.table("replications.csv")
    cost, unmet = metric("cost_vnd"), metric("unmet_fte_months")
    arm = np.array(cols["arm"])
    x = floats(cols[f"{cost.name}|province"]) / 1e9
    y = sum(floats(cols[f"{unmet.name}|{a}"]) for a in MOUNTAINS)
    fig, ax = plt.subplots(figsize=(7, 5))
    for k, a in enumerate(dict.fromkeys(arm.tolist())):
        m = arm == a
        color = ARM_COLORS[k % len(ARM_COLORS)]
        ax.scatter(x[m], y[m], s=14, color=color, alpha=0.5, label=a)
        ax.scatter(x[m].mean(), y[m].mean(), s=90, color=color, edgecolors="black",
                   marker="D")
    ax.set_xlabel(f"{cost.label}, province ({cost.unit} bn)")
    ax.set_ylabel(f"{unmet.label}\n{' + '.join(map(words, MOUNTAINS))} ({unmet.unit})")
    ax.set_title("Cost against unmet need (diamonds: arm means)")
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    finish(fig, out, dpi=110)


@register_plot("shortage_map_end", reads=("communes_end.csv",))
def shortage_map(src: Source, out: Path) -> None:
    """Where shortages remain at the end: unmet need per commune, one panel per arm."""
    o = outcome("unmet_fte")
    cols = src.table("communes_end.csv")
    arm = np.array(cols["arm"])
    arms = list(dict.fromkeys(arm.tolist()))
    lat = np.array(cols["lat"], float)
    lon = np.array(cols["lon"], float)
    unmet = np.array(cols[f"{o.name}_end"], float)
    n = len(arms)
    ncol = min(n, 3)
    nrow = int(np.ceil(n / ncol))
    fig, axes = plt.subplots(nrow, ncol, figsize=(5 * ncol, 5 * nrow), squeeze=False,
                             sharex=True, sharey=True)
    vmax = max(float(np.nanpercentile(unmet, 98)), 1.0)
    for ax, a in zip(axes.ravel(), arms, strict=False):
        m = arm == a
        sc = ax.scatter(lon[m], lat[m], c=unmet[m], cmap="Reds", vmin=0, vmax=vmax, s=14,
                        edgecolors="grey", linewidths=0.2)
        ax.set_title(f"{a}: {o.label.lower()} {unmet[m].sum():,.0f} {o.unit}")
        ax.set_aspect(1.0 / np.cos(np.radians(np.nanmean(lat))))
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    fig.colorbar(sc, ax=axes, shrink=0.6,
                 label=f"{o.label} at the end ({o.unit}, mean over replications)")
    finish(fig, out, dpi=100, tight=False)
