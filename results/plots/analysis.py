"""Figures of a sweep analysis: sensitivity indices and scenario discovery."""

from __future__ import annotations

from pathlib import Path

from staffsim.model.outcomes import column_title
from staffsim.results.plots.registry import Source, register_plot
from staffsim.results.plots.style import finish, plt


@register_plot("sensitivity", reads=("analysis.json",))
def sensitivity(src: Source, out: Path) -> None:
    """One panel per outcome: the main sensitivity index of each input."""
    a = src.json("analysis.json")
    outcomes = list(a["sensitivity"])
    names = a.get("labels", {})
    fig, axes = plt.subplots(len(outcomes), 1, figsize=(8, 1.2 + 1.6 * len(outcomes)),
                             squeeze=False)
    for ax, name in zip(axes[:, 0], outcomes, strict=True):
        e = a["sensitivity"][name]
        labels, values, errs, index = [], [], [], ""
        num = e.get("numeric", {})
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
        ax.set_title(f"{column_title(name)}: {index or 'no numeric index'}", fontsize=9,
                     loc="left")
        ax.grid(alpha=0.3, axis="x")
    fig.suptitle(f"Sensitivity ({a['design']} design, {a['runs']} runs)")
    finish(fig, out)


@register_plot("discovery", reads=("analysis.json",))
def discovery(src: Source, out: Path) -> None:
    """Share of scenarios in which each lever setting keeps the outcome below threshold."""
    a = src.json("analysis.json")
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
    ax.set_xlabel(f"share of scenarios with {column_title(d['outcome'])} < "
                  f"{d['threshold']:.4g}")
    ax.legend(frameon=False, loc="lower right")
    ax.grid(alpha=0.3, axis="x")
    finish(fig, out)
