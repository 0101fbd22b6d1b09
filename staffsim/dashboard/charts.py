"""ECharts options for the policy comparison over time: one line per arm (the mean across
replications) inside its 90% band (a transparent lower edge with the band's width stacked on
it, the usual way to draw a band in ECharts)."""

from __future__ import annotations

from staffsim.dashboard.words import Words
from staffsim.i18n import month
from staffsim.results.words import outcome_title

PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
           "#666666", "#1f78b4", "#b15928")


def band_chart(_: Words, key: str, bands: dict[str, dict[str, list]], labels: dict[str, str],
               start: tuple[int, int]) -> dict:
    """Options for one panel: ``bands`` maps arm -> mean/p05/p95 per month."""
    months = len(next(iter(bands.values()))["mean"])
    x = [month(start[0], start[1], t, _.lang) for t in range(months)]
    series: list[dict] = []
    legend = []
    for k, (arm, b) in enumerate(bands.items()):
        colour = PALETTE[k % len(PALETTE)]
        name = _(labels.get(arm, arm))
        legend.append(name)
        lo = [round(v, 2) if v is not None else None for v in b["p05"]]
        width = [round(h - lo_, 2) if h is not None and lo_ is not None else None
                 for h, lo_ in zip(b["p95"], lo, strict=True)]
        stack = f"band-{arm}"
        series += [
            {"name": f"{name} p05", "type": "line", "data": lo, "stack": stack, "symbol": "none",
             "lineStyle": {"opacity": 0}, "tooltip": {"show": False}, "silent": True},
            {"name": f"{name} 90%", "type": "line", "data": width, "stack": stack,
             "symbol": "none", "lineStyle": {"opacity": 0}, "silent": True,
             "areaStyle": {"color": colour, "opacity": 0.18}, "tooltip": {"show": False}},
            {"name": name, "type": "line", "data": [round(v, 2) if v is not None else None
                                                    for v in b["mean"]],
             "symbol": "none", "lineStyle": {"color": colour, "width": 2},
             "itemStyle": {"color": colour}},
        ]
    locale = "vi-VN" if _.lang == "vi" else "en-GB"
    fmt = (f"v => (v === null || v === undefined) ? '-' : Number(v).toLocaleString('{locale}', "
           "{maximumFractionDigits: 1})")
    return {
        "animation": False,  # drawn at once: the bands are data, not decoration
        # the title is the page's, above the chart (it wraps there; ECharts cut it at both
        # ends in a narrow chart): kept here for what reads the options
        "title": {"text": outcome_title(_, key), "show": False},
        "tooltip": {"trigger": "axis", ":valueFormatter": fmt},
        # a name longer than the chart is cut with '…', whole on hover (it ran off the chart)
        "legend": {"data": legend, "bottom": 0, "left": 8, "orient": "vertical",
                   "textStyle": {"fontSize": 11, "width": 240, "overflow": "truncate"},
                   "tooltip": {"show": True}},
        "grid": {"left": 56, "right": 16, "top": 12, "bottom": 28 + 18 * len(legend)},
        "xAxis": {"type": "category", "data": x, "boundaryGap": False},
        "yAxis": {"type": "value", "scale": True, "axisLabel": {":formatter": fmt}},
        "series": series,
    }
