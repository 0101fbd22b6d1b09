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
    if "budget_in_force_vnd" in cols:  # a budget scaled for the province: the axis is the
        # value set, and the plans had it × the province's factor (57 / 77 for Lạng Sơn)
        xlabel = _("{label} as set ({unit}); in force for the province: × {factor}",
                   label=label, unit=shown, factor=_.num(_factor(
                       x, _values(cols["budget_in_force_vnd"])), 2))
    # a value without a plan is a gap in every curve (NaN: its cells are empty), not the
    # figures before any transfer; a plan not proven optimal is a hollow marker
    status = cols.get("status", ["Optimal"] * len(x))
    found = np.array([f.strip() != "0" for f in cols.get("plan_found", ["1"] * len(x))])
    proven = found & np.array([s == "Optimal" for s in status])
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 5))
    # a zone without a commune has no line (a flat 0 read as a result: a trial's demo)
    empty = {z for z, n in (meta.get("communes") or {}).items() if not n}
    for z in (a for a in AREAS if a not in empty):
        _curve(ax, x, _values(cols[f"{o.name}_{z}"]), proven, found, marker="o",
               color=ZONE_COLORS[z], label=_.zone(z))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(_("{label} after the plan ({unit})", label=_(o.label),
                    unit=_.unit(o.unit)))
    number_axis(ax.xaxis, _, decimals, scale)
    number_axis(ax.yaxis, _)
    ax.set_title(_("Unmet need by zone"), fontsize=10)
    ax.grid(alpha=0.3)
    _mark_caps(_, (ax, ax2), x, cols.get("capped_by", [""] * len(x)))
    unsolved = _mark_unsolved(_, (ax, ax2), x, found, proven)
    _legend_below(fig, ax, *ax.get_legend_handles_labels())
    spent = _curve(ax2, x, _values(cols["allowance_vnd"]), proven, found, marker="o",
                   color="#444", label=_("Allowance over the transfers' terms"))
    ax2b = ax2.twinx()
    moved = _curve(ax2b, x, _values(cols["moves"]), proven, found, marker="s",
                   color="#b2182b", linestyle="--", label=_("Transfers"))
    ax2.set_xlabel(xlabel)
    ax2.set_ylabel(_("Allowance over the transfers' terms ({unit})", unit=_("VND bn")))
    number_axis(ax2.xaxis, _, decimals, scale)
    number_axis(ax2.yaxis, _, 1, 1e9)
    ax2b.set_ylabel(_("Transfers ({unit})", unit=_.unit("officials")), color="#b2182b")
    number_axis(ax2b.yaxis, _)
    # (the marks of values without a plan or proof under the right panel, whose legend has
    # room: beside the zones' and the limits' in Vietnamese it ran off the figure)
    handles = spent + moved + unsolved
    _legend_below(fig, ax2, handles, [h.get_label() for h in handles],
                  ncol=1 if len(handles) > 2 else None)
    ax2.set_title(_("What the plan spends and moves"), fontsize=10)
    ax2.grid(alpha=0.3)
    said = []
    if any(c.strip() for c in cols.get("capped_by", ())):
        said.append(_("Dotted lines: the values at which another limit, not the lever, "
                      "stops further transfers."))
    if not found.all():
        said.append(_("Grey bands: no plan found at that value (the solver stopped first); "
                      "the curves leave it out."))
    if (found & ~proven).any():
        said.append(_("Hollow markers: the best plan found when the solver stopped, not "
                      "proven optimal."))
    note = 0.0
    if said:
        # (taller by the lines beyond the first: the axes keep their height, and the right
        # axis's label stays clear of the title)
        fig.set_figheight(fig.get_figheight() + 0.2 * (len(said) - 1)
                          + 0.25 * len(unsolved))  # (and by its legend's rows)
        fig.text(0.5, 0.01, "\n".join(said), ha="center", va="bottom", fontsize=8,
                 color="#444")
        # (its lines, kept clear of the legends above them)
        note = (0.1 + 0.2 * len(said)) / fig.get_figheight()
    title = (_("The optimal plan at each value of {lever} (each point solved to "
               "optimality)", lever=lever_label(_, lever, full)) if proven.all() else
             _("The best plan found at each value of {lever} (not every point solved to "
               "optimality)", lever=lever_label(_, lever, full)))
    fig.suptitle(where(title, src.place))
    fig.tight_layout(rect=(0, note, 1, 1))  # the legends under the axes count in the layout
    finish(fig, out, dpi=110, tight=False)


def _factor(x: np.ndarray, in_force: np.ndarray) -> float:
    """The budget in force per VND set (the same at every value: the province's mountain
    communes / the reference count)."""
    at = np.flatnonzero(x > 0)
    return float(in_force[at[0]] / x[at[0]]) if at.size else 1.0


def _values(column: list[str]) -> np.ndarray:
    """A measure's column as numbers, NaN where a value has no plan (an empty cell)."""
    return np.array([float(v) if v.strip() else np.nan for v in column], float)


def _curve(ax, x: np.ndarray, y: np.ndarray, proven: np.ndarray, found: np.ndarray, *,
           marker: str, color: str, label: str, linestyle: str = "-") -> list:
    """One measure's line, broken where a value has no plan (``y`` NaN), filled markers at
    the values proven optimal and hollow ones at plans not proven optimal; the line's handle
    (one legend entry)."""
    line = ax.plot(x, y, marker=marker, ms=3, color=color, linestyle=linestyle, label=label,
                   markevery=[int(i) for i in np.flatnonzero(proven)])
    hollow = found & ~proven
    if hollow.any():
        ax.plot(x[hollow], y[hollow], linestyle="none", marker=marker, ms=6,
                markerfacecolor="white", markeredgecolor=color, markeredgewidth=1.2)
    return line


def _mark_unsolved(_, axes, x: np.ndarray, found: np.ndarray, proven: np.ndarray) -> list:
    """A grey band at each value without a plan; the legend handles of the bands and of the
    hollow markers of plans not proven optimal (those there are)."""
    steps = np.diff(np.unique(x))
    # (a band a third of the closest step wide; one value: 2% of it)
    half = (0.15 * float(steps.min()) if steps.size
            else 0.02 * max(float(np.abs(x).max(initial=0.0)), 1.0))
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list = []
    for xi in x[~found]:
        for a in axes:
            a.axvspan(xi - half, xi + half, color="#bbbbbb", alpha=0.5, linewidth=0)
    if not found.all():
        handles.append(Patch(color="#bbbbbb", alpha=0.5, linewidth=0,
                             label=_("no plan found (solver stopped)")))
    if (found & ~proven).any():
        handles.append(Line2D([], [], linestyle="none", marker="o", ms=6,
                              markerfacecolor="white", markeredgecolor="#444",
                              label=_("best plan found, not proven optimal")))
    return handles


def _legend_below(fig, ax, handles: list, labels: list[str], ncol: int | None = None) -> None:
    """The axes' legend under its axis label, outside the axes: inside, wherever it stood,
    some lever's lines ran under it (the zones' legend covered the province's line of
    Thanh Hóa's budget frontier, an HR trial). Its distance from the axes is in inches (the
    tick labels and the axis label), as the discovery figure's (``analysis``)."""
    below = ScaledTranslation(0, -(0.4 + 0.2 * (ax.get_xlabel().count("\n") + 1)),
                              fig.dpi_scale_trans)
    ax.legend(handles, labels, frameon=False, loc="upper center", fontsize=9,
              ncol=ncol or min(len(labels), 3), bbox_to_anchor=(0.5, 0),
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
