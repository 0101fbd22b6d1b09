"""Figure of a plan folder: the proposed transfers on the map, for people: every commune a
point, donors and recipients named, the largest flows drawn and labelled, the rest faint."""

from __future__ import annotations

from pathlib import Path

import matplotlib.patheffects as pe
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D

from staffsim.results.plots.registry import Source, register_plot
from staffsim.results.plots.style import (
    ZONE_COLORS,
    finish,
    geo_axes,
    legend_where_free,
    place_labels,
    plt,
    where,
)
from staffsim.scenarios.zones import ZONES

LABELLED_FLOWS = 8  # the largest donor-recipient flows drawn bold with their number
NAMED_DONORS = 6
NAMED_RECIPIENTS = 8
DONOR, RECIPIENT, FLOW = "#2166ac", "#b2182b", "#b2182b"
HALO = [pe.withStroke(linewidth=2.5, foreground="white")]


@register_plot("plan_map", reads=("plan.csv",))
def plan_map(src: Source, out: Path) -> None:
    """Communes by zone; donors (blue) and recipients (red) sized by officials, the largest
    named; the largest flows as arrows labelled with their officials, the rest faint."""
    _ = src.words
    c = src.communes
    if c is None:
        raise ValueError("plan_map needs the communes' coordinates (draw(..., communes=))")
    plan = src.table("plan.csv")
    index = {cid: i for i, cid in enumerate(c.ids)}
    n = len(c.ids)
    pairs: dict[tuple[int, int], int] = {}
    for a, b in zip(plan["from_commune"], plan["to_commune"], strict=True):
        key = (index[a], index[b])
        pairs[key] = pairs.get(key, 0) + 1
    gave = np.zeros(n)
    got = np.zeros(n)
    for (a, b), k in pairs.items():
        gave[a] += k
        got[b] += k
    fig, ax = plt.subplots(figsize=(9, 9))
    for i, z in enumerate(ZONES):
        m = (c.zone == i) & (gave == 0) & (got == 0)
        ax.scatter(c.lon[m], c.lat[m], s=8, color=ZONE_COLORS[z], alpha=0.5, linewidths=0,
                   label=_("{zone} commune", zone=_.zone(z)) if m.any() else None)
    flows = sorted(pairs.items(), key=lambda kv: -kv[1])
    # the faint flows as one collection: an arrow each (clipped Bézier paths, measured again
    # by the layout and the legend) took 0.8 s of the map's 0.9 s on Thanh Hóa's 180 flows
    faint = [((c.lon[a], c.lat[a]), (c.lon[b], c.lat[b])) for (a, b), _k in
             flows[LABELLED_FLOWS:]]
    if faint:
        ax.add_collection(LineCollection(faint, colors=FLOW, alpha=0.12, linewidths=0.5),
                          autolim=False)
    for (a, b), k in flows[:LABELLED_FLOWS]:
        arrow = ax.annotate("", xy=(c.lon[b], c.lat[b]), xytext=(c.lon[a], c.lat[a]),
                            arrowprops={"arrowstyle": "-|>", "color": FLOW, "alpha": 0.8,
                                        "lw": 0.6 + 0.5 * np.sqrt(k), "shrinkA": 3,
                                        "shrinkB": 3}, annotation_clip=False)
        # inside the frame (both ends are communes): nothing for the layout to measure, nor
        # for annotation_clip to check in each draw
        arrow.set_in_layout(False)
    d, r = np.flatnonzero(gave), np.flatnonzero(got)
    scale = 120 / max(gave.max(), got.max(), 1)
    ax.scatter(c.lon[d], c.lat[d], s=20 + scale * gave[d], marker="^", color=DONOR,
               edgecolors="white", linewidths=0.5, zorder=3)
    ax.scatter(c.lon[r], c.lat[r], s=20 + scale * got[r], marker="o", color=RECIPIENT,
               edgecolors="white", linewidths=0.5, zorder=3)
    # the frame is fixed before names are placed where they overlap nothing
    geo_axes(ax, c.lat, _)
    ax.margins(0.04)
    ax.autoscale_view()
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    names = [(c.lon[i], c.lat[i], f"{c.names[i]} ({_.num(amount[i])})", color, amount[i])
             for units, amount, most, color in ((d, gave, NAMED_DONORS, DONOR),
                                                (r, got, NAMED_RECIPIENTS, RECIPIENT))
             for i in units[np.argsort(-amount[units], kind="stable")][:most]]
    names.sort(key=lambda t: -t[4])  # the largest donors and recipients first
    numbers = [((c.lon[a] + c.lon[b]) / 2, (c.lat[a] + c.lat[b]) / 2, _.num(k), FLOW, k)
               for (a, b), k in flows[:LABELLED_FLOWS]]
    boxes = place_labels(ax, [t[:4] for t in names + numbers], effects=HALO)
    # what the legend must not hide besides the points: the labels and every flow
    lines = ax.transData.transform(np.array(
        [((c.lon[a], c.lat[a]), (c.lon[b], c.lat[b])) for (a, b), _k in flows]
        ).reshape(-1, 2)).reshape(-1, 2, 2)
    handles, labels = ax.get_legend_handles_labels()
    handles += [Line2D([], [], marker="^", ls="", color=DONOR, label=_("gives officials")),
                Line2D([], [], marker="o", ls="", color=RECIPIENT,
                       label=_("receives officials")),
                Line2D([], [], color=FLOW, lw=1.5, label=_("largest flows (officials)")),
                Line2D([], [], color=FLOW, alpha=0.2, label=_("other flows"))]
    legend_where_free(ax.legend(handles=handles, frameon=False, fontsize=8), boxes,
                      lines)
    ax.set_title(where(_("Proposed transfers: {n} officials from {d} units to {r} communes",
                         n=_.num(len(plan["official_id"])), d=_.num(len(d)), r=_.num(len(r))),
                       src.place), fontsize=10)
    finish(fig, out, dpi=110)
