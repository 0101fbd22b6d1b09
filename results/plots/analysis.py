"""Figures of a sweep analysis: sensitivity indices (with their intervals, flagged when they
include zero or leave their bounds) and scenario discovery."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

from matplotlib.patches import Patch

from staffsim.i18n import N_
from staffsim.results.plots.registry import Source, register_plot
from staffsim.results.plots.style import finish, number_axis, plt, where
from staffsim.results.words import column, lever_label, setting_value

NO_INDICES = N_("no indices")
INDEX_NAMES = {"ST": "ST", "mu_star": "Morris mu*", "S1": "S1"}
SHARE_INDICES = ("ST", "S1")  # shares of variance: drawn on [0, 1]
OK, FLAGGED, TOO_FEW, ROBUST = "#7570b3", "#bbbbbb", "#e0e0e0", "#1b9e77"


@register_plot("sensitivity", reads=("analysis.json",))
def sensitivity(src: Source, out: Path) -> None:
    """One panel per outcome: the main index of each input with its 95% bootstrap interval;
    indices whose interval includes zero or leaves the bounds are grey and hatched."""
    _ = src.words
    a = src.json("analysis.json")
    outcomes = list(a["sensitivity"])
    names = a.get("labels", {})
    fig, axes = plt.subplots(len(outcomes), 1, figsize=(9, 1.6 + 1.8 * len(outcomes)),
                             squeeze=False)
    any_flag = False
    for ax, name in zip(axes[:, 0], outcomes, strict=True):
        e = a["sensitivity"][name]
        labels, values, errs, flagged, index = [], [], [], [], ""
        num = e.get("numeric", {})
        for key in ("ST", "mu_star", "S1"):
            if key in num:
                index = key
                confs = num.get(f"{key}_conf", [0.0] * len(num[key]))
                marks = e.get("flags", {}).get(key, [[]] * len(num[key]))
                for f, v, c, m in zip(a["numeric_factors"], num[key], confs, marks,
                                      strict=True):
                    if "not_separable" in m:  # the design cannot tell it from its group
                        continue
                    labels.append(lever_label(_, f) if lever_label(_, f) != f
                                  else names.get(f, f))
                    values.append(v or 0.0)
                    errs.append(c or 0.0)
                    flagged.append(bool(m))
                break
        v = e.get("variance")
        one_rep = a.get("replications", 2) < 2
        groups = a.get("groups", [])
        if v and not (one_rep and len(groups) == 1):  # one run per point: 100% says nothing
            for g, share in zip(groups, v["groups"], strict=True):
                labels.append(", ".join(lever_label(_, f) if lever_label(_, f) != f
                                        else names.get(f, f) for f in g["factors"])
                              + f" (eta², {_.num(g['levels'])})")
                values.append(share or 0.0)
                errs.append(0.0)
                flagged.append(False)
            for share, label in ((v.get("interaction"), _("interactions (eta²)")),
                                 (v.get("noise"), _("replication noise (eta²)"))):
                if share is not None:
                    labels.append(label)
                    values.append(share)
                    errs.append(0.0)
                    flagged.append(False)
            index = index or "S1"  # shares of variance: drawn on [0, 1]
        if labels:
            ax.barh(labels, values, xerr=errs, color=[FLAGGED if f else OK for f in flagged],
                    hatch=None, alpha=0.9, error_kw={"capsize": 3, "lw": 1})
            for k, f in enumerate(flagged):
                if f:
                    ax.barh([labels[k]], [values[k]], color="none", hatch="///",
                            edgecolor="#666666")
            any_flag = any_flag or any(flagged)
            ax.invert_yaxis()
            if index in SHARE_INDICES:  # a share of variance: its bounds, the bars clipped
                ax.set_xlim(min(-0.1, min(values) - 0.05), 1.1)
                ax.axvline(0, color="black", lw=0.6)
                ax.axvline(1, color="black", lw=0.6, ls=":")
        else:
            ax.text(0.5, 0.5, _(e.get("note", "no indices")), ha="center", va="center",
                    transform=ax.transAxes, fontsize=9)
            ax.set_yticks([])
        title = INDEX_NAMES.get(index, _("no numeric index")) if "numeric" in e else (
            "eta²" if labels else _("no numeric index"))
        ax.set_title(f"{column(_, name)}: {title}",
                     fontsize=9, loc="left")
        number_axis(ax.xaxis, _, 1)
        ax.grid(alpha=0.3, axis="x")
    handles = [Patch(color=OK, label=_("index, with its 95% bootstrap interval"))]
    if any_flag:
        handles.append(Patch(facecolor=FLAGGED, hatch="///", edgecolor="#666666",
                             label=_("interval includes zero or leaves the bounds: not "
                                     "to be read")))
    fig.legend(handles=handles, loc="lower center", frameon=False, ncol=len(handles),
               fontsize=8)
    fig.suptitle(where(_("Sensitivity ({design} design, {runs} runs)", design=a["design"],
                         runs=_.num(a["runs"])), src.place), fontsize=10)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    finish(fig, out, tight=False)


def _setting(_, key: str, label: str) -> str:
    def one(text: str) -> str:
        try:
            x = float(text)
        except ValueError:
            return text
        return setting_value(_, key, x) if math.isfinite(x) else text
    lo, sep, hi = label.partition(" to ")
    return _("{lo} to {hi}", lo=one(lo), hi=one(hi)) if sep else one(label)


@register_plot("discovery", reads=("analysis.json",))
def discovery(src: Source, out: Path) -> None:
    """Share of scenarios in which each lever setting keeps the outcome below threshold;
    settings that met too few scenarios to judge are pale and said so."""
    _ = src.words
    a = src.json("analysis.json")
    d = a["discovery"]
    rows = d["settings"][:25]
    # one lever per line: three levers on one line took most of the width, and the title
    # and the axis label ran off the figure
    labels = ["\n".join(f"{lever_label(_, k)} {_setting(_, k, v)}"
                         for k, v in r["setting"].items()) or _("all runs") for r in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, ax = plt.subplots(figsize=(10, 2.6 + 0.22 * lines + 0.12 * len(rows)))
    colors = [ROBUST if r["robust"] else OK if r.get("enough_scenarios", True) else TOO_FEW
              for r in rows]
    ax.barh(labels, [r["success_share"] for r in rows], color=colors)
    ax.axvline(d["robust_share"], color="#b2182b", lw=1, ls="--")
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _pos: _.pct(v))
    ax.set_xlabel(textwrap.fill(_("share of scenarios with {title} below {threshold}",
                                  title=column(_, d["outcome"]),
                                  threshold=_.num(d["threshold"], 1)), 90))
    handles = [Patch(color=ROBUST, label=_("robust")),
               Patch(color=OK, label=_("judged, not robust")),
               Patch(color=TOO_FEW, label=_("fewer than {n} scenarios: too few to judge",
                                            n=_.num(d.get("min_scenarios", 1)))),
               plt.Line2D([], [], color="#b2182b", ls="--", label=_("robust share"))]
    # below the axes: inside, it covered the bars
    ax.legend(handles=handles, frameon=False, loc="upper center", fontsize=8, ncol=2,
              bbox_to_anchor=(0.5, -0.28 if "\n" in ax.get_xlabel() else -0.2))
    ax.set_title(where(_("Scenario discovery: which lever settings succeed"), src.place,
                       width=60), fontsize=10)
    ax.grid(alpha=0.3, axis="x")
    finish(fig, out)
