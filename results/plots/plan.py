"""Figure of a plan folder: the proposed transfers on the map."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from staffsim.results.plots.registry import Source, register_plot
from staffsim.results.plots.style import ZONE_COLORS, finish, plt, words
from staffsim.scenarios.params import ZONES


@register_plot("plan_map", reads=("plan.csv",))
def plan_map(src: Source, out: Path) -> None:
    """Communes by zone, arrows from donors to recipients (width by officials moved)."""
    c = src.communes
    if c is None:
        raise ValueError("plan_map needs the communes' coordinates (draw(..., communes=))")
    plan = src.table("plan.csv")
    fig, ax = plt.subplots(figsize=(8, 8))
    for i, z in enumerate(ZONES):
        m = c.zone == i
        ax.scatter(c.lon[m], c.lat[m], s=10, color=ZONE_COLORS[z], label=words(z),
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
    finish(fig, out, dpi=110)
