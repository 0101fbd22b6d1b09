"""Figure of a frontier folder: unmet need after the optimal plan against one lever."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.transforms import ScaledTranslation

from staffsim.model.outcomes import AREAS, outcome
from staffsim.results.plots.registry import Source, register_plot
from staffsim.results.plots.style import ZONE_COLORS, finish, number_axis, plt, where
from staffsim.results.words import CAPS, lever_label, lever_meaning

# one colour per set of limits that caps points (``capped_by``)
_CAP_COLORS = ("#7b3294", "#e66101", "#1a9641", "#404040", "#0571b0")


@register_plot("frontier", reads=("frontier.csv", "frontier.json"))
def frontier(src: Source, out: Path) -> None:
    """Unmet need after the optimal plan against the lever, by zone; what it spends and
    moves."""
    _ = src.words
    o = outcome("unmet_fte")
    cols = src.table("frontier.csv")
    meta = src.json("frontier.json")
    lever = meta["lever"]
    x = np.array(cols["value"], float)
    # recorded by the command (``lever_meaning``); a folder written before: found now
    known = meta if "lever_key" in meta and "lever_unit" in meta else lever_meaning(lever)
    full, unit = str(known["lever_key"]), str(known["lever_unit"])
    scale, decimals, shown = 1.0, 0, (_.unit(unit) if unit else "")
    if unit == "VND":
        scale, decimals, shown = 1e9, 1, _("VND bn")
    elif unit.startswith("share"):
        scale, decimals, shown = 0.01, 0, "%"
    label = lever_label(_, lever, full)
    # (a label that names its unit already: 'distance limit (km)' read '... (km) (road km)')
    xlabel = label + (f" ({shown})" if shown and not label.endswith(")") else "")
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 5))
    for z in AREAS:
        ax.plot(x, np.array(cols[f"{o.name}_{z}"], float), marker="o", ms=3,
                color=ZONE_COLORS[z], label=_.zone(z))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(_("{label} after the plan ({unit})", label=_(o.label),
                    unit=_.unit(o.unit)))
    number_axis(ax.xaxis, _, decimals, scale)
    number_axis(ax.yaxis, _)
    ax.set_title(_("Unmet need by zone"), fontsize=10)
    ax.grid(alpha=0.3)
    _mark_caps(_, (ax, ax2), x, cols.get("capped_by", [""] * len(x)))
    _legend_below(fig, ax, *ax.get_legend_handles_labels())
    spent = ax2.plot(x, np.array(cols["allowance_vnd"], float), marker="o", ms=3,
                     color="#444", label=_("Allowance over the transfers' terms"))
    ax2b = ax2.twinx()
    moved = ax2b.plot(x, np.array(cols["moves"], float), marker="s", ms=3, color="#b2182b",
                      linestyle="--", label=_("Transfers"))
    ax2.set_xlabel(xlabel)
    ax2.set_ylabel(_("Allowance over the transfers' terms ({unit})", unit=_("VND bn")))
    number_axis(ax2.xaxis, _, decimals, scale)
    number_axis(ax2.yaxis, _, 1, 1e9)
    ax2b.set_ylabel(_("Transfers ({unit})", unit=_.unit("officials")), color="#b2182b")
    number_axis(ax2b.yaxis, _)
    _legend_below(fig, ax2, spent + moved, [ln.get_label() for ln in spent + moved])
    ax2.set_title(_("What the plan spends and moves"), fontsize=10)
    ax2.grid(alpha=0.3)
    note = 0.0
    if any(c.strip() for c in cols.get("capped_by", ())):
        fig.text(0.5, 0.01, _("Dotted lines: the values at which another limit, not the lever, "
                              "stops further transfers."), ha="center", fontsize=8,
                 color="#444")
        note = 0.3 / fig.get_figheight()  # (its line, kept clear of the legends above it)
    fig.suptitle(where(_("The optimal plan at each value of {lever} (each point solved to "
                         "optimality)", lever=lever_label(_, lever, full)), src.place))
    fig.tight_layout(rect=(0, note, 1, 1))  # the legends under the axes count in the layout
    finish(fig, out, dpi=110, tight=False)


def _legend_below(fig, ax, handles: list, labels: list[str]) -> None:
    """The axes' legend under its axis label, outside the axes: inside, wherever it stood,
    some lever's lines ran under it (the zones' legend covered the province's line of
    Thanh Hóa's budget frontier, an HR trial). Its distance from the axes is in inches (the
    tick labels and the axis label), as the discovery figure's (``analysis``)."""
    below = ScaledTranslation(0, -(0.4 + 0.2 * (ax.get_xlabel().count("\n") + 1)),
                              fig.dpi_scale_trans)
    ax.legend(handles, labels, frameon=False, loc="upper center", fontsize=9,
              ncol=min(len(labels), 3), bbox_to_anchor=(0.5, 0),
              bbox_transform=ax.transAxes + below)


def _mark_caps(_, axes, x: np.ndarray, caps: list[str]) -> None:
    """A dotted vertical line at each value whose plan another limit caps (``capped_by``:
    the move limit, the budget, the donors' surplus, the recipients' caps, the deadline),
    one colour and one legend entry (on the first axes) per set of limits."""
    groups: dict[str, list[float]] = {}
    for xi, c in zip(x, caps, strict=True):
        if c.strip():
            groups.setdefault(c.strip(), []).append(float(xi))
    for k, (key, xs) in enumerate(groups.items()):
        text = _("capped by {limits}", limits=", ".join(
            _(CAPS[r]) if r in CAPS else r for r in key.split()))
        color = _CAP_COLORS[k % len(_CAP_COLORS)]
        for a in axes:
            for j, xi in enumerate(xs):
                a.axvline(xi, color=color, linestyle=":", linewidth=1.4,
                          label=text if (a is axes[0] and j == 0) else None)
