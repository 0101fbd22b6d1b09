"""Figures of a run folder: bands by zone over time, and the WISN ratio map."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
from matplotlib.colors import TwoSlopeNorm

from staffsim.model.outcomes import AREAS, outcome
from staffsim.results.plots.registry import Source, register_plot, zone_plot_names
from staffsim.results.plots.style import (
    ZONE_COLORS,
    band,
    date_axis,
    finish,
    floats,
    geo_axes,
    number_axis,
    plt,
    where,
)


def zone_bands(src: Source, out: Path, name: str) -> None:
    """One area outcome over the months, per zone: mean and 90% band across replications."""
    _ = src.words
    o = outcome(name)
    cols = src.table("zone_timeseries.csv")
    rep = np.array(cols["replication"], int)
    month = np.array(cols["month"], int)
    area = np.array(cols["area"])
    value = floats(cols[name])
    months = np.unique(month)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for a in AREAS:
        m = area == a
        if not _has_communes(cols, m):  # a zone the province lacks: not drawn as a line at 0
            continue
        grid = np.full((rep.max() + 1, len(months)), np.nan)
        grid[rep[m], month[m]] = value[m]
        if np.all(np.isnan(grid)):
            continue
        mean, lo, hi = band(grid)
        ax.plot(months, mean, color=ZONE_COLORS[a], label=_.zone(a))
        ax.fill_between(months, lo, hi, color=ZONE_COLORS[a], alpha=0.2, linewidth=0)
    if o.direction == "target_1":
        ax.axhline(1.0, color="black", linewidth=0.8, linestyle=":")
    finite = value[np.isfinite(value)]
    if finite.size and finite.min() >= 0:  # a count or a level: from 0 (a nil backlog drew
        ax.set_ylim(bottom=0)  # on an axis of ±0.04)
        if finite.max() == 0:  # said, not left to a line lying on the axis
            ax.set_ylim(0, 1)
            ax.set_yticks([0, 1])
            ax.text(0.5, 0.5, _("none in any month"), transform=ax.transAxes, ha="center",
                    va="center", color="#444444")
    date_axis(ax, months, src.start, _)
    ax.set_ylabel(_.unit(o.unit))
    number_axis(ax.yaxis, _, 2 if o.unit == "ratio" else 0)
    # one replication has no band (its 'band' is the line itself): the title says so
    # rather than promising one (a researcher's trial)
    ax.set_title(where(_("{label} by zone (mean and 90% band)", label=_(o.label))
                       if len(np.unique(rep)) > 1 else
                       _("{label} by zone (1 replication)", label=_(o.label)), src.place),
                 fontsize=10)
    ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    finish(fig, out, dpi=120)


def _has_communes(cols: dict, rows: np.ndarray) -> bool:
    """Whether an area's rows are of communes: a zone with none (the demo's mountain) has
    nothing required and nobody in post in every month; any commune requires some work."""
    if "required" not in cols or "in_post" not in cols:
        return True  # (a table without them: every area as it is)
    for name in ("required", "in_post"):
        values = floats([cols[name][i] for i in np.flatnonzero(rows)])
        if np.nansum(np.abs(values)) > 0:
            return True
    return False


for _name in zone_plot_names():
    register_plot(_name, reads=("zone_timeseries.csv",))(
        partial(zone_bands, name=_name.removesuffix("_by_zone")))


@register_plot("map_wisn_ratio", reads=("communes.csv", "timeseries.csv"))
def wisn_map(src: Source, out: Path) -> None:
    """Communes at their centroids, coloured by WISN ratio: at the start and at the end."""
    _ = src.words
    o = outcome("wisn_ratio")
    num, den = o.of
    communes = src.table("communes.csv")
    # the last month only (a national series is 200,000 rows, the last month 3,300)
    ts = src.table("timeseries.csv", ("month", "commune_id", num, den), last_of="month")
    lat = np.array(communes["lat"], float)
    lon = np.array(communes["lon"], float)
    pop = np.array(communes["population"], float)
    start = np.array(communes["wisn_ratio"], float)
    index = {cid: i for i, cid in enumerate(communes["commune_id"])}
    month = np.array(ts["month"], int)
    last = month == month.max()
    idx = np.array([index[c] for c in np.array(ts["commune_id"])[last]])
    top = np.bincount(idx, np.array(ts[num], float)[last], len(lat))
    bottom = np.bincount(idx, np.array(ts[den], float)[last], len(lat))
    end = np.divide(top, bottom, out=np.full(len(lat), np.nan), where=bottom > 0)
    size = 4 + 40 * np.sqrt(pop / max(pop.max(), 1))
    norm = TwoSlopeNorm(vmin=0.5, vcenter=1.0, vmax=1.5)
    fig, axes = plt.subplots(1, 2, figsize=(12, 6), sharex=True, sharey=True)
    y0, m0 = src.start
    for k, (ax, values, t) in enumerate(((axes[0], start, 0), (axes[1], end, month.max()))):
        sc = ax.scatter(lon, lat, c=np.clip(values, 0.5, 1.5), s=size, cmap="RdYlGn",
                        norm=norm, edgecolors="black", linewidths=0.2)
        ax.set_title(_.month(y0, m0, int(t)))
        geo_axes(ax, lat, _, ylabel=k == 0)
    fig.suptitle(where(_("{label} by commune (dot size: population)", label=_(o.label)),
                       src.place))
    bar = fig.colorbar(sc, ax=axes, shrink=0.7,
                       label=_("{label}, clipped to 0.5–1.5 (1: staffed as required)",
                               label=_(o.label)))
    number_axis(bar.ax.yaxis, _, 1)
    finish(fig, out, dpi=120, tight=False)
