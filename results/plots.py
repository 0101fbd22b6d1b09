"""Figures drawn from a run folder's files (never from a live model)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import TwoSlopeNorm  # noqa: E402

from staffsim.results.tables import read_csv_columns  # noqa: E402
from staffsim.scenarios.params import ZONES  # noqa: E402

ZONE_COLORS = {"lowland": "#1b9e77", "mountain": "#d95f02", "high_mountain": "#7570b3",
               "province": "#444444"}


def _finish(fig, out: Path, dpi: int = 110, tight: bool = True) -> Path:
    """Lay out, save and close a figure."""
    if tight:
        fig.tight_layout()
    fig.savefig(out, dpi=dpi)
    plt.close(fig)
    return out


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
    return _finish(fig, out, dpi=120)


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
    return _finish(fig, out, dpi=120, tight=False)


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
    return _finish(fig, out, dpi=110)


ARM_COLORS = plt.get_cmap("tab10").colors


def plot_arm_bands(folder: Path, out: Path) -> Path:
    """Unmet need (high mountain, mountain) and backlog (province) per arm, with 90% bands."""
    cols = read_csv_columns(folder / "arm_timeseries.csv")
    arm = np.array(cols["arm"])
    rep = np.array(cols["replication"], int)
    month = np.array(cols["month"], int)
    area = np.array(cols["area"])
    panels = [("unmet_fte", "high_mountain", "unmet need, high mountain (FTE)"),
              ("unmet_fte", "mountain", "unmet need, mountain (FTE)"),
              ("backlog", "province", "backlog, province (dossiers)")]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    arms = list(dict.fromkeys(arm.tolist()))
    months = np.unique(month)
    for ax, (outcome, zone, title) in zip(axes, panels, strict=True):
        value = np.array([float(v) if v else np.nan for v in cols[outcome]])
        for k, a in enumerate(arms):
            m = (arm == a) & (area == zone)
            grid = np.full((rep[m].max() + 1, len(months)), np.nan)
            grid[rep[m], month[m]] = value[m]
            color = ARM_COLORS[k % len(ARM_COLORS)]
            ax.plot(months, np.nanmean(grid, 0), color=color, label=a)
            ax.fill_between(months, np.nanpercentile(grid, 5, 0), np.nanpercentile(grid, 95, 0),
                            color=color, alpha=0.15, linewidth=0)
        ax.set_title(title)
        ax.set_xlabel("month")
        ax.grid(alpha=0.3)
    axes[0].legend(frameon=False)
    return _finish(fig, out, dpi=110)


def plot_cost_vs_unmet(folder: Path, out: Path) -> Path:
    """Each replication of each arm: policy cost against mountain + high-mountain unmet need."""
    cols = read_csv_columns(folder / "replications.csv")
    arm = np.array(cols["arm"])
    cost = np.array(cols["cost_vnd|province"], float) / 1e9
    unmet = (np.array(cols["unmet_fte_months|mountain"], float)
             + np.array(cols["unmet_fte_months|high_mountain"], float))
    fig, ax = plt.subplots(figsize=(7, 5))
    for k, a in enumerate(dict.fromkeys(arm.tolist())):
        m = arm == a
        color = ARM_COLORS[k % len(ARM_COLORS)]
        ax.scatter(cost[m], unmet[m], s=14, color=color, alpha=0.5, label=a)
        ax.scatter(cost[m].mean(), unmet[m].mean(), s=90, color=color, edgecolors="black",
                   marker="D")
    ax.set_xlabel("policy cost over the horizon (VND bn)")
    ax.set_ylabel("unmet need, mountain + high mountain (FTE-months)")
    ax.set_title("Cost against unmet need (diamonds: arm means)")
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    return _finish(fig, out, dpi=110)


def plot_shortage_map(folder: Path, out: Path) -> Path:
    """Where shortages remain at the end: unmet FTE per commune, one panel per arm."""
    cols = read_csv_columns(folder / "communes_end.csv")
    arm = np.array(cols["arm"])
    arms = list(dict.fromkeys(arm.tolist()))
    lat = np.array(cols["lat"], float)
    lon = np.array(cols["lon"], float)
    unmet = np.array(cols["unmet_fte_end"], float)
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
        ax.set_title(f"{a}: unmet {unmet[m].sum():,.0f} FTE")
        ax.set_aspect(1.0 / np.cos(np.radians(np.nanmean(lat))))
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    fig.colorbar(sc, ax=axes, shrink=0.6, label="unmet need at the end (FTE, mean)")
    return _finish(fig, out, dpi=100, tight=False)


def plot_frontier(csv_path: Path, out: Path, lever: str) -> Path:
    """Unmet need after the optimal plan against the lever, by zone, plus the cost."""
    cols = read_csv_columns(csv_path)
    x = np.array(cols["value"], float)
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    for z in (*ZONES, "province"):
        ax.plot(x, np.array(cols[f"unmet_fte_{z}"], float), marker="o", ms=3,
                color=ZONE_COLORS[z], label=z.replace("_", " "))
    ax.set_xlabel(lever)
    ax.set_ylabel("unmet need after the plan (FTE)")
    ax.set_title("Trade-off (each point solved to optimality)")
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    ax2.plot(x, np.array(cols["allowance_vnd"], float) / 1e9, marker="o", ms=3, color="#444")
    ax2b = ax2.twinx()
    ax2b.plot(x, np.array(cols["moves"], float), marker="s", ms=3, color="#b2182b")
    ax2.set_xlabel(lever)
    ax2.set_ylabel("allowance (VND bn)")
    ax2b.set_ylabel("moves", color="#b2182b")
    ax2.grid(alpha=0.3)
    return _finish(fig, out, dpi=110)


def plot_sensitivity(analysis_json: Path, out: Path) -> Path:
    """One panel per outcome: the main sensitivity index of each input."""
    import json

    a = json.loads(Path(analysis_json).read_text(encoding="utf-8"))
    names = list(a["sensitivity"])
    fig, axes = plt.subplots(len(names), 1, figsize=(8, 1.2 + 1.6 * len(names)), squeeze=False)
    for ax, name in zip(axes[:, 0], names, strict=True):
        e = a["sensitivity"][name]
        labels, values, errs, index = [], [], [], ""
        num = e.get("numeric", {})
        names = a.get("labels", {})
        for key in ("ST", "mu_star", "S1"):
            if key in num:
                index = key
                labels += [names.get(f, f) for f in a["numeric_factors"]]
                values += [v or 0.0 for v in num[key]]
                errs += [c or 0.0 for c in num.get(f"{key}_conf", [0.0] * len(num[key]))]
                break
        for f, v in e.get("categorical", {}).items():
            labels.append(f"{names.get(f, f)} (eta2)")
            values.append(v or 0.0)
            errs.append(0.0)
        if labels:
            ax.barh(labels, values, xerr=errs, color="#7570b3", alpha=0.85)
            ax.invert_yaxis()
        else:
            ax.text(0.5, 0.5, e.get("note", "no indices"), ha="center", va="center",
                    transform=ax.transAxes)
        ax.set_title(f"{name}: {index or 'no numeric index'}", fontsize=9, loc="left")
        ax.grid(alpha=0.3, axis="x")
    fig.suptitle(f"Sensitivity ({a['design']} design, {a['runs']} runs)")
    return _finish(fig, out)


def plot_discovery(analysis_json: Path, out: Path) -> Path:
    """Share of scenarios in which each lever setting keeps the outcome below threshold."""
    import json

    a = json.loads(Path(analysis_json).read_text(encoding="utf-8"))
    d, names = a["discovery"], a.get("labels", {})
    rows = d["settings"][:25]
    labels = [", ".join(f"{names.get(k, k)}={v}" for k, v in r["setting"].items())
              or "all runs" for r in rows]
    fig, ax = plt.subplots(figsize=(9, 1.5 + 0.32 * len(rows)))
    colors = ["#1b9e77" if r["robust"] else "#bbbbbb" for r in rows]
    ax.barh(labels, [r["success_share"] for r in rows], color=colors)
    ax.axvline(d["robust_share"], color="#b2182b", lw=1, ls="--", label="robust share")
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"share of scenarios with {d['outcome']} < {d['threshold']:.4g}")
    ax.legend(frameon=False, loc="lower right")
    ax.grid(alpha=0.3, axis="x")
    return _finish(fig, out)
