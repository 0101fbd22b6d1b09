"""Figure of a frontier folder: unmet need after the optimal plan against one lever."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from staffsim.model.outcomes import AREAS, outcome
from staffsim.results.plots.registry import Source, register_plot
from staffsim.results.plots.style import ZONE_COLORS, finish, plt, words


@register_plot("frontier", reads=("frontier.csv", "frontier.json"))
def frontier(src: Source, out: Path) -> None:
    """Unmet need after the optimal plan against the lever, by zone, plus the cost."""
    o = outcome("unmet_fte")
    cols = src.table("frontier.csv")
    lever = src.json("frontier.json")["lever"]
    x = np.array(cols["value"], float)
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    for z in AREAS:
        ax.plot(x, np.array(cols[f"{o.name}_{z}"], float), marker="o", ms=3,
                color=ZONE_COLORS[z], label=words(z))
    ax.set_xlabel(lever)
    ax.set_ylabel(f"{o.label} after the plan ({o.unit})")
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
    finish(fig, out, dpi=110)
