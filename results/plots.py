"""Figures drawn from a run folder's files (never from a live model)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import TwoSlopeNorm  # noqa: E402

from results.tables import read_csv_columns  # noqa: E402
from scenarios.params import ZONES  # noqa: E402

ZONE_COLORS = {"lowland": "#1b9e77", "mountain": "#d95f02", "high_mountain": "#7570b3",
               "province": "#444444"}


def _zone_bands(folder: Path, outcome: str) -> dict[str, tuple[np.ndarray, ...]]:
    cols = read_csv_columns(folder / "zone_timeseries.csv")
    rep = np.array(cols["replication"], int)
    month = np.array(cols["month"], int)
    area = np.array(cols["area"])
    value = np.array([float(v) if v else np.nan for v in cols[outcome]])
    months = np.unique(month)
    bands = {}
    for a in (*ZONES, "province"):
        m = area == a
        grid = np.full((rep.max() + 1, len(months)), np.nan)
        grid[rep[m], month[m]] = value[m]
        if np.all(np.isnan(grid)):
            continue
        with np.errstate(all="ignore"):
            bands[a] = (months, np.nanmean(grid, 0), np.nanpercentile(grid, 5, 0),
                        np.nanpercentile(grid, 95, 0))
    return bands


def plot_zone_outcome(folder: Path, outcome: str, ylabel: str, title: str,
                      out: Path, reference: float | None = None) -> Path:
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for area, (months, mean, lo, hi) in _zone_bands(folder, outcome).items():
        ax.plot(months, mean, color=ZONE_COLORS[area], label=area.replace("_", " "))
        ax.fill_between(months, lo, hi, color=ZONE_COLORS[area], alpha=0.2, linewidth=0)
    if reference is not None:
        ax.axhline(reference, color="black", linewidth=0.8, linestyle=":")
    ax.set_xlabel("month")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out


def plot_wisn_map(folder: Path, out: Path) -> Path:
    """Communes at their centroids, coloured by WISN ratio: at the start and at the end."""
    communes = read_csv_columns(folder / "communes.csv")
    ts = read_csv_columns(folder / "timeseries.csv")
    lat = np.array(communes["lat"], float)
    lon = np.array(communes["lon"], float)
    pop = np.array(communes["population"], float)
    start = np.array(communes["wisn_ratio"], float)
    index = {cid: i for i, cid in enumerate(communes["commune_id"])}
    month = np.array(ts["month"], int)
    last = month == month.max()
    idx = np.array([index[c] for c in np.array(ts["commune_id"])[last]])
    in_post = np.bincount(idx, np.array(ts["in_post"], float)[last], len(lat))
    required = np.bincount(idx, np.array(ts["required"], float)[last], len(lat))
    end = np.divide(in_post, required, out=np.full(len(lat), np.nan), where=required > 0)
    size = 4 + 40 * np.sqrt(pop / max(pop.max(), 1))
    norm = TwoSlopeNorm(vmin=0.5, vcenter=1.0, vmax=1.5)
    fig, axes = plt.subplots(1, 2, figsize=(12, 6), sharex=True, sharey=True)
    for ax, values, title in ((axes[0], start, "start"),
                              (axes[1], end, f"end (month {month.max()})")):
        sc = ax.scatter(lon, lat, c=np.clip(values, 0.5, 1.5), s=size, cmap="RdYlGn",
                        norm=norm, edgecolors="black", linewidths=0.2)
        ax.set_title(f"WISN ratio (in post / required), {title}")
        ax.set_xlabel("longitude")
        ax.set_aspect(1.0 / np.cos(np.radians(np.nanmean(lat))))
    axes[0].set_ylabel("latitude")
    fig.colorbar(sc, ax=axes, shrink=0.7, label="WISN ratio (clipped to 0.5-1.5)")
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out


def plot_run(folder: Path) -> list[Path]:
    """All figures of a run folder, under ``figures/``."""
    figs = folder / "figures"
    figs.mkdir(exist_ok=True)
    return [
        plot_zone_outcome(folder, "backlog", "dossiers waiting", "Backlog by zone",
                          figs / "backlog_by_zone.png"),
        plot_zone_outcome(folder, "wisn_ratio", "in post / required", "WISN ratio by zone",
                          figs / "wisn_ratio_by_zone.png", reference=1.0),
        plot_wisn_map(folder, figs / "map_wisn_ratio.png"),
    ]


def plot_plan_map(plan_csv: Path, balance_csv: Path, out: Path, scenario) -> Path:
    """Communes by zone, arrows from donors to recipients (width by officials moved)."""
    c = scenario.communes
    plan = read_csv_columns(plan_csv)
    fig, ax = plt.subplots(figsize=(8, 8))
    for i, z in enumerate(ZONES):
        m = c.zone == i
        ax.scatter(c.lon[m], c.lat[m], s=10, color=ZONE_COLORS[z], label=z.replace("_", " "),
                   alpha=0.6, linewidths=0)
    index = {cid: i for i, cid in enumerate(c.ids)}
    pairs: dict[tuple[int, int], int] = {}
    for a, b in zip(plan["from_commune"], plan["to_commune"], strict=True):
        key = (index[a], index[b])
        pairs[key] = pairs.get(key, 0) + 1
    if pairs:
        a, b = (np.array(x) for x in zip(*pairs, strict=True))
        k = np.array(list(pairs.values()), float)
        # one quiver artist per arrow width: much faster to draw than one annotation each
        for width in np.unique(k):
            m = k == width
            ax.quiver(c.lon[a[m]], c.lat[a[m]], c.lon[b[m]] - c.lon[a[m]],
                      c.lat[b[m]] - c.lat[a[m]], angles="xy", scale_units="xy", scale=1,
                      color="#b2182b", alpha=0.45, width=0.0012 * (1 + 0.5 * (width - 1)),
                      headwidth=4, headlength=5, label=None)
    ax.set_title(f"Proposed transfers: {len(plan['official_id'])} officials, "
                 f"{len(pairs)} donor-recipient pairs")
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_aspect(1.0 / np.cos(np.radians(np.nanmean(c.lat))))
    ax.legend(frameon=False, loc="best")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
