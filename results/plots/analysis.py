"""Figures of a sweep analysis: sensitivity indices (with their intervals, flagged when they
include zero or leave their bounds) and scenario discovery."""

from __future__ import annotations

import textwrap
from pathlib import Path

from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation

from staffsim.i18n import N_
from staffsim.results.plots.registry import Source, register_plot
from staffsim.results.plots.style import finish, number_axis, plt, where
from staffsim.results.words import (
    column,
    discovery_value,
    factor_name,
    group_name,
    setting_said,
)

NO_INDICES = N_("no indices")
INDEX_NAMES = {"ST": "ST", "mu_star": "Morris μ*", "S1": "S1"}
SHARE_INDICES = ("ST", "S1")  # shares of variance: drawn on [0, 1]
OK, FLAGGED, TOO_FEW, ROBUST = "#7570b3", "#bbbbbb", "#e0e0e0", "#1b9e77"
SHARE = "#e6ab02"  # a share of the variance of the runs (eta²): no interval
# characters per line in the sensitivity figure (9 in wide, 8-9 pt): a row's label, a
# panel's title and a panel's note; the labels' column then takes about a third of the width
LABEL_CHARS, TITLE_CHARS, NOTE_CHARS = 34, 72, 90


def _rows(_, a: dict, e: dict) -> tuple[list[tuple[str, float, float | None, str]], str]:
    """One outcome's bars: (label, value, interval or None, kind: 'index', 'flagged' or
    'share') and the index drawn ('' if none)."""
    names = a.get("labels", {})
    rows: list[tuple[str, float, float | None, str]] = []
    index = ""
    num = e.get("numeric", {})
    for key in ("ST", "mu_star", "S1"):
        if key in num:
            index = key
            confs = num.get(f"{key}_conf", [None] * len(num[key]))
            marks = e.get("flags", {}).get(key, [[]] * len(num[key]))
            for f, v, c, m in zip(a["numeric_factors"], num[key], confs, marks, strict=True):
                if "not_separable" in m:  # the design cannot tell it from its group
                    continue
                rows.append((factor_name(_, f, names), v or 0.0, c or 0.0,
                             "flagged" if m else "index"))
            break
    v = e.get("variance")
    one_rep = a.get("replications", 2) < 2
    groups = a.get("groups", [])
    if v and not (one_rep and len(groups) == 1):  # one run per point: 100% says nothing
        for g, share in zip(groups, v["groups"], strict=True):
            rows.append((group_name(_, g, names), share or 0.0, None, "share"))
        rest = _("interactions and replication noise (one replication cannot separate them)") \
            if one_rep else _("interactions (eta²)")
        for share, label in ((v.get("interaction"), rest),
                             (v.get("noise"), _("replication noise (eta²)"))):
            if share is not None:
                rows.append((label, share, None, "share"))
    return rows, index


@register_plot("sensitivity", reads=("analysis.json",))
def sensitivity(src: Source, out: Path) -> None:
    """One panel per outcome: the main index of each input with its 95% bootstrap interval
    (grey and hatched when the interval includes zero or leaves the bounds) and the shares of
    the variance of the runs (eta², no interval), each kind said in the legend. Labels and
    titles are wrapped and the figure is as tall as its lines."""
    _ = src.words
    a = src.json("analysis.json")
    outcomes = list(a["sensitivity"])
    panels = []
    for name in outcomes:
        e = a["sensitivity"][name]
        rows, index = _rows(_, a, e)
        rows = [(textwrap.fill(lab, LABEL_CHARS), *rest) for lab, *rest in rows]
        kind = INDEX_NAMES.get(index, "") if index else ""
        kind = " + ".join(k for k in (kind, "eta²" if any(r[3] == "share" for r in rows)
                                      else "") if k) or _("no numeric index")
        title = textwrap.fill(f"{column(_, name)}: {kind}", TITLE_CHARS)
        panels.append((name, e, rows, index, title))
    # each panel as tall as its title and its rows, the rows evenly spaced: each as tall as
    # the longest label (8 pt lines, about 0.15 in each)
    heights = [0.55 + 0.17 * title.count("\n") + max(0.4, len(rows) * (0.08 + 0.15 * max(
        (r[0].count("\n") + 1 for r in rows), default=1)))
               for _name, _e, rows, _i, title in panels]
    kinds = {r[3] for p in panels for r in p[2]}
    handles = []
    shown = sorted({INDEX_NAMES[p[3]] for p in panels if p[3] and any(
        r[3] != "share" for r in p[2])})
    if kinds & {"index", "flagged"}:
        handles.append(Patch(color=OK, label=_("sensitivity index ({names}), with its 95% "
                                               "bootstrap interval", names=", ".join(shown))))
    if "flagged" in kinds:
        handles.append(Patch(facecolor=FLAGGED, hatch="///", edgecolor="#666666",
                             label=_("interval includes zero or leaves the bounds: not "
                                     "to be read")))
    if "share" in kinds:
        handles.append(Patch(color=SHARE, label=_("share of the variance of the runs (eta², "
                                                  "analysis of variance): no interval")))
    suptitle = where(_("Sensitivity ({design} design, {runs} runs)",
                       design=_(a.get("design_name", a["design"])), runs=_.num(a["runs"])),
                     src.place)
    top = 0.3 + 0.2 * (suptitle.count("\n") + 1)
    bottom = 0.25 + 0.2 * len(handles)
    height = sum(heights) + top + bottom
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, height), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    for ax, (_name, e, rows, index, title) in zip(axes[:, 0], panels, strict=True):
        if rows:
            labels = [r[0] for r in rows]
            values = [r[1] for r in rows]
            ys = range(len(rows))
            ax.barh(ys, values, color=[{"index": OK, "flagged": FLAGGED, "share": SHARE}[r[3]]
                                       for r in rows], alpha=0.9)
            for y, (_lab, val, conf, kind) in zip(ys, rows, strict=True):
                if kind == "flagged":
                    ax.barh([y], [val], color="none", hatch="///", edgecolor="#666666")
                if conf is not None:  # an index: its interval (a share has none)
                    ax.errorbar([val], [y], xerr=[conf], fmt="none", ecolor="black",
                                capsize=3, lw=1)
            ax.set_yticks(list(ys), labels, fontsize=8)
            ax.invert_yaxis()
            if index in SHARE_INDICES or not index:  # shares of variance: on [0, 1]
                ax.set_xlim(min(-0.1, min(values) - 0.05), 1.1)
                ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1])
                ax.axvline(0, color="black", lw=0.6)
                ax.axvline(1, color="black", lw=0.6, ls=":")
                # in percent, as the terminal and the report say a share (0,2 read as a
                # value of the outcome beside '98,0%' there: a researcher's trial)
                ax.xaxis.set_major_formatter(lambda v, _pos: _.pct(v))
            else:  # Morris mu*, in the outcome's unit (VND: billions): few ticks
                number_axis(ax.xaxis, _, 1 if max(map(abs, values)) < 100 else 0)
                ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
            ax.tick_params(axis="x", labelsize=8)
            ax.grid(alpha=0.3, axis="x")
        else:
            ax.text(0.5, 0.5, textwrap.fill(_(e.get("note", NO_INDICES)), NOTE_CHARS),
                    ha="center", va="center", transform=ax.transAxes, fontsize=9)
            ax.set_yticks([])
            ax.set_xticks([])
        ax.set_title(title, fontsize=9, loc="left")
    if handles:
        fig.legend(handles=handles, loc="lower center", frameon=False, ncol=1, fontsize=8)
    fig.suptitle(suptitle, fontsize=10, y=1 - 0.12 / height, va="top")
    # (tight_layout keeps the suptitle clear of the panels; the rect adds a little air)
    fig.tight_layout(rect=(0, bottom / height, 1, 1 - 0.12 / height))
    finish(fig, out, tight=False)


@register_plot("discovery", reads=("analysis.json",))
def discovery(src: Source, out: Path) -> None:
    """Share of scenarios in which each lever setting keeps the outcome below threshold;
    settings that met too few scenarios to judge are pale and said so."""
    _ = src.words
    a = src.json("analysis.json")
    d = a["discovery"]
    if d.get("note"):  # no verdict to draw (experiments.sensitivity.NOTHING_TO_JUDGE)
        fig, ax = plt.subplots(figsize=(10, 2.4))
        ax.text(0.5, 0.5, textwrap.fill(_(d["note"], n=_.num(d["scenarios"])), NOTE_CHARS),
                ha="center", va="center", transform=ax.transAxes, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(where(_("Scenario discovery: which lever settings succeed"), src.place,
                           width=60), fontsize=10)
        finish(fig, out)
        return
    rows = d["settings"][:25]
    # one lever per line: three levers on one line took most of the width, and the title
    # and the axis label ran off the figure
    names = a.get("labels", {})
    labels = ["\n".join(setting_said(_, k, v, names) for k, v in r["setting"].items())
              or _("all runs") for r in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, ax = plt.subplots(figsize=(10, 2.6 + 0.22 * lines + 0.12 * len(rows)))
    colors = [ROBUST if r["robust"] else OK if r.get("enough_scenarios", True) else TOO_FEW
              for r in rows]
    ax.barh(labels, [r["success_share"] for r in rows], color=colors)
    ax.axvline(d["robust_share"], color="#b2182b", lw=1, ls="--")
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _pos: _.pct(v))
    said = dict(title=column(_, d["outcome"]),
                threshold=discovery_value(_, d["outcome"], d["threshold"]))
    ax.set_xlabel(textwrap.fill(_("share of scenarios with {title} above {threshold}", **said)
                                if d.get("direction") == "above" else
                                _("share of scenarios with {title} below {threshold}", **said),
                                90))
    handles = [Patch(color=ROBUST, label=_("robust")),
               Patch(color=OK, label=_("judged, not robust")),
               Patch(color=TOO_FEW, label=_("fewer than {n} scenarios: too few to judge",
                                            n=_.num(d.get("min_scenarios", 1)))),
               plt.Line2D([], [], color="#b2182b", ls="--", label=_("robust share"))]
    # below the axes: inside, it covered the bars. Its distance from the axes is in inches
    # (the tick labels and the axis label's lines), not a share of the axes' height: at
    # -0.28 of it the legend lay an inch and a half under ten settings' bars and over the
    # axis label of one setting's
    below = ScaledTranslation(0, -(0.4 + 0.2 * (ax.get_xlabel().count("\n") + 1)),
                              fig.dpi_scale_trans)
    ax.legend(handles=handles, frameon=False, loc="upper center", fontsize=8, ncol=2,
              bbox_to_anchor=(0.5, 0), bbox_transform=ax.transAxes + below)
    ax.set_title(where(_("Scenario discovery: which lever settings succeed"), src.place,
                       width=60), fontsize=10)
    ax.grid(alpha=0.3, axis="x")
    finish(fig, out)
