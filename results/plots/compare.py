"""Figures of a comparison folder: arms over time, cost against unmet need, shortages left."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from staffsim.model.outcomes import MOUNTAINS, metric, outcome
from staffsim.results.compare_lines import arm_label
from staffsim.results.plots.registry import Source, register_plot
from staffsim.results.plots.style import (
    ARM_COLORS,
    band,
    date_axis,
    fill,
    finish,
    floats,
    geo_axes,
    number_axis,
    plt,
    where,
)
from staffsim.results.summary import rough_intervals

# unmet need by zone, the receiving zones first and then the lowland, where the donor wards
# lose staff (their unmet need is what transfers cost); a zone without communes has no panel
UNMET_ZONES = ("high_mountain", "mountain", "lowland")


def arm_names(src: Source) -> dict[str, str]:
    """Each arm's label in the language, its parameters stated (comparison.json names them,
    else comparison.csv), else its key."""
    _ = src.words
    if (src.folder / "comparison.json").is_file():
        summary = src.json("comparison.json")
        return {a: arm_label(_, summary, a) for a in summary.get("arms", {})}
    if not (src.folder / "comparison.csv").is_file():
        return {}
    cols = src.table("comparison.csv")
    return {a: _(label or a) for a, label in zip(cols["arm"], cols["label"], strict=True)}


def band_panels(cols: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(area outcome, area) of each panel the data has: unmet need in each zone with communes
    (staff required or in post), and the province's backlog where there is any (it was a
    panel flat at 0 on the bundled scenarios)."""
    area = np.array(cols["area"])
    staffed = (floats(cols["required"]) > 0) | (floats(cols["in_post"]) > 0)
    panels = [("unmet_fte", z) for z in UNMET_ZONES if staffed[area == z].any()]
    backlog = floats(cols["backlog"])[area == "province"]
    if np.nan_to_num(backlog).any():
        panels.append(("backlog", "province"))
    return panels


# each arm's line style (the colours cycle too): two arms whose lines coincide both show
LINE_STYLES = ("-", (0, (5, 3)), "-.", ":", (0, (1, 2, 5, 2)))
MARKERS = ("o", "s", "^", "D", "v")  # an arm whose line is another's: marks along it


def coinciding(values: dict[str, np.ndarray]) -> dict[str, str]:
    """Each arm whose values equal an earlier arm's (NaN equal to NaN) -> the first such
    arm."""
    out: dict[str, str] = {}
    keys = list(values)
    for j, a in enumerate(keys):
        for b in keys[:j]:
            if b not in out and values[a].shape == values[b].shape and np.allclose(
                    values[a], values[b], rtol=1e-12, atol=1e-9, equal_nan=True):
                out[a] = b
                break
    return out


@register_plot("unmet_backlog_bands", reads=("arm_timeseries.csv",))
def arm_bands(src: Source, out: Path) -> None:
    """Unmet need in each zone the province has (the lowland's: what donor wards lose) and,
    where there is any, the backlog (province) per arm, with 90% bands."""
    _ = src.words
    names = arm_names(src)
    cols = src.table("arm_timeseries.csv")
    arm = np.array(cols["arm"])
    rep = np.array(cols["replication"], int)
    month = np.array(cols["month"], int)
    area = np.array(cols["area"])
    panels = band_panels(cols) or [("unmet_fte", "province")]
    provinces = (src.json("comparison.json").get("provinces", 1)
                 if (src.folder / "comparison.json").is_file() else 1)
    moved = np.nan_to_num(floats(cols["transfers_in"])).any()
    # up to three panels side by side (as wide as the figure was), four in two rows: a
    # figure four panels wide is shrunk to unreadable in the report's page
    ncol = len(panels) if len(panels) <= 3 else 2
    nrow = -(-len(panels) // ncol)
    fig, grid = plt.subplots(nrow, ncol, figsize=(max(5.0 * ncol, 7.5), 4.2 * nrow + 0.8),
                             squeeze=False)
    axes = grid.ravel()[:len(panels)]
    arms = list(dict.fromkeys(arm.tolist()))
    months = np.unique(month)

    def grid_of(a: str, name: str, zone: str) -> np.ndarray:
        m = (arm == a) & (area == zone)
        g = np.full((rep[m].max() + 1, len(months)), np.nan)
        g[rep[m], month[m]] = floats(cols[name])[m]
        return g
    # an arm whose every drawn value is an earlier arm's (re-optimising when the later plans
    # move nobody new): its line lay on the other's and hid it; each arm has its own line
    # style, one that coincides is drawn as marks along the other's line, and the legend
    # says which arms coincide
    same = coinciding({a: np.concatenate([grid_of(a, n, z).ravel() for n, z in panels])
                       for a in arms})
    for ax, (name, zone) in zip(axes, panels, strict=True):
        o = outcome(name)
        for k, a in enumerate(arms):
            color = ARM_COLORS[k % len(ARM_COLORS)]
            mean, lo, hi = band(grid_of(a, name, zone))
            label = names.get(a, a)
            if a in same:
                label = _("{arm} (the same as {other})", arm=label,
                          other=names.get(same[a], same[a]))
            if a in same:  # marks along the line it lies on, which stays visible
                ax.plot(months, mean, color=color, label=label, linestyle="none",
                        marker=MARKERS[k % len(MARKERS)], markersize=5,
                        markevery=max(1, len(months) // 12), zorder=3)
            else:
                ax.plot(months, mean, color=color, label=label,
                        linestyle=LINE_STYLES[k % len(LINE_STYLES)])
            ax.fill_between(months, lo, hi, color=color, alpha=0.15, linewidth=0)
        # (a total over several provinces is theirs, not "toàn tỉnh": comparison.json says
        # how many)
        title = _.title(o.label, "", zone, provinces)
        if name == "unmet_fte" and zone == "lowland" and moved:  # why it is there
            title += "\n" + _("where transfers mostly take staff from")
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(_.unit(o.unit))
        number_axis(ax.yaxis, _)
        date_axis(ax, months, src.start, _, most=5)
        ax.grid(alpha=0.3)
    reps = len(np.unique(rep))
    fig.suptitle(where(_("Policies over time (1 replication)") if reps == 1 else
                       _("Policies over time: mean and rough 90% band over only {n} "
                         "replications", n=_.num(reps)) if rough_intervals(reps) else
                       _("Policies over time: mean and 90% band over the replications"),
                       src.place))
    handles, labels = axes[0].get_legend_handles_labels()
    # as many arms on a line as fit the figure's width (long names ran off its edges)
    renderer = fig.canvas.get_renderer()
    for across in range(min(len(arms), 5), 0, -1):
        legend = fig.legend(handles, labels, loc="lower center", ncol=across, frameon=False)
        if across == 1 or legend.get_window_extent(renderer).width <= 0.98 * fig.bbox.width:
            break
        legend.remove()
    rows = -(-len(arms) // across)  # the legend's lines, below the panels
    fig.tight_layout(rect=(0, (0.2 + 0.25 * rows) / fig.get_figheight(), 1, 1))
    finish(fig, out, dpi=110, tight=False)


@register_plot("cost_vs_unmet", reads=("replications.csv",))
def cost_vs_unmet(src: Source, out: Path) -> None:
    """Each replication of each arm: policy cost against unmet need in the mountains."""
    _ = src.words
    names = arm_names(src)
    cols = src.table("replications.csv")
    cost, unmet = metric("cost_vnd"), metric("unmet_fte_months")
    arm = np.array(cols["arm"])
    x = floats(cols[f"{cost.name}|province"])
    y = sum(floats(cols[f"{unmet.name}|{a}"]) for a in MOUNTAINS)
    fig, ax = plt.subplots(figsize=(8, 5.5))
    arms = list(dict.fromkeys(arm.tolist()))
    # an arm whose dots are an earlier arm's hid them: the legend says so
    same = coinciding({a: np.concatenate([x[arm == a], y[arm == a]]) for a in arms})
    for k, a in enumerate(arms):
        m = arm == a
        color = ARM_COLORS[k % len(ARM_COLORS)]
        label = names.get(a, a)
        if a in same:
            label = _("{arm} (the same as {other})", arm=label, other=names.get(same[a], same[a]))
        ax.scatter(x[m], y[m], s=14, color=color, alpha=0.5, label=label)
        ax.scatter(x[m].mean(), y[m].mean(), s=90, color=color, edgecolors="black",
                   marker="D")
    scale = 1e9 if np.nanmax(np.abs(x), initial=0) >= 1e9 else 1e6
    ax.set_xlabel(_("{label}\n({unit})", label=_(cost.label),
                    unit=_("VND bn") if scale == 1e9 else _("VND m")))
    number_axis(ax.xaxis, _, 1, scale)
    ax.set_ylabel(_("{label}\nmountain and high mountain ({unit})", label=_(unmet.label),
                    unit=_.unit(unmet.unit)))
    number_axis(ax.yaxis, _)
    ax.set_title(where(_("Cost against unmet need (dots: replications, diamonds: means)"),
                       src.place, 80), fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    finish(fig, out, dpi=110)


@register_plot("shortage_map_end", reads=("communes_end.csv",))
def shortage_map(src: Source, out: Path) -> None:
    """Where shortages remain at the end: unmet need per commune, one panel per arm."""
    _ = src.words
    names = arm_names(src)
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
    # each panel as tall as the province is (equal distances north and east): square panels
    # left a wide province's maps small in a mostly blank figure
    span_lon = (np.nanmax(lon) - np.nanmin(lon)) * np.cos(np.radians(np.nanmean(lat)))
    ratio = float(np.clip((np.nanmax(lat) - np.nanmin(lat)) / max(span_lon, 1e-6), 0.35, 2.0))
    fig, axes = plt.subplots(nrow, ncol, figsize=(4.6 * ncol + 1.4, (4.2 * ratio + 1.3) * nrow
                                                  + 0.9),
                             squeeze=False, sharex=True, sharey=True, layout="constrained")
    vmax = max(float(np.nanpercentile(unmet, 98)), 1.0)
    for k, (ax, a) in enumerate(zip(axes.ravel(), arms, strict=False)):
        m = arm == a
        sc = ax.scatter(lon[m], lat[m], c=unmet[m], cmap="Reds", vmin=0, vmax=vmax, s=14,
                        edgecolors="grey", linewidths=0.2)
        # on two lines if need be: a long arm name ran into its neighbours' titles
        ax.set_title(fill(_("{arm}: {total} FTE", arm=names.get(a, a),
                            total=_.num(unmet[m].sum())), 34, (_.unit("FTE"),)),
                     fontsize=10)
        geo_axes(ax, lat, _, ylabel=k % ncol == 0)
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    fig.suptitle(where(_("Unmet need left at the end, by commune (mean over replications)"),
                       src.place))
    bar = fig.colorbar(sc, ax=axes, shrink=0.8, label=_.title(o.label, o.unit))
    number_axis(bar.ax.yaxis, _)
    finish(fig, out, dpi=100, tight=False)
