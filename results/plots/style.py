"""What the figures share: the non-interactive backend, colours, axis words, saving."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.ticker import Formatter, MaxNLocator  # noqa: E402

from staffsim.i18n import N_  # noqa: E402
from staffsim.results.words import Words  # noqa: E402

ZONE_COLORS = {"lowland": "#1b9e77", "mountain": "#d95f02", "high_mountain": "#7570b3",
               "province": "#444444"}
ARM_COLORS = plt.get_cmap("tab10").colors


# called with each figure before it is saved (the tests inspect the drawn figure here)
INSPECT: list[Callable] = []


def finish(fig, out: Path, dpi: int = 110, tight: bool = True) -> None:
    """Lay out, save and close a figure."""
    if tight:
        fig.tight_layout()
        # tight_layout leaves a placeholder layout engine, and savefig then draws the whole
        # figure once more (without rendering) before drawing it: 20-25 ms a zone figure,
        # ~0.1 s for plan_map (its legend's 'best' search runs in each draw). Same pixels.
        fig.set_layout_engine(None)
    for inspect in INSPECT:
        inspect(fig, out)
    # zlib level 1 instead of Pillow's 6: ~10 ms less a figure, files ~10-15% larger
    fig.savefig(out, dpi=dpi, pil_kwargs={"compress_level": 1})
    plt.close(fig)


class _Numbers(Formatter):
    """Tick labels in the language's format with as many decimals as the ticks need to be
    shown exactly (never '0, 0, 0' on a narrow range, nor 12.5 shown as '12' between 10 and
    15 on ticks 2.5 apart), at least ``decimals``; '-0' is '0'; ``suffix`` after each
    ('°N')."""

    def __init__(self, _: Words, decimals: int, scale: float, suffix: str = "") -> None:
        self.words, self.decimals, self.scale, self.suffix = _, decimals, scale, suffix
        self._ticks: list[float] = []

    def set_locs(self, locs) -> None:
        self._ticks = list(locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        d = tick_decimals(np.asarray(self._ticks, float) / self.scale, self.decimals)
        value = x / self.scale
        if abs(value) < 0.5 * 10.0 ** -d:
            value = 0.0
        return self.words.num(value, d) + self.suffix


def tick_decimals(locs: np.ndarray, at_least: int = 0) -> int:
    """Decimals that show every tick exactly: at least those of the smallest spacing (0.01
    apart: 2) and ``at_least``, one or two more where a tick needs them (2.5 apart: 1), at
    most 6."""
    d = at_least
    locs = locs[np.isfinite(locs)]
    if locs.size > 1:
        step = float(np.min(np.abs(np.diff(np.sort(locs)))))
        if step > 0:
            d = max(d, min(6, int(np.ceil(-np.log10(step) - 1e-9))))
    for more in range(d, min(d + 2, 6) + 1):
        scaled = locs * 10.0 ** more
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6 * np.maximum(1.0, np.abs(scaled))):
            return more
    return d


def number_axis(axis, _: Words, decimals: int = 0, scale: float = 1.0) -> None:
    """Tick labels with the language's thousands separator and decimal mark (1.234,5 in
    Vietnamese), values divided by ``scale`` (1e9: VND bn)."""
    axis.set_major_formatter(_Numbers(_, decimals, scale))


def date_axis(ax, months: np.ndarray, start: tuple[int, int], _: Words, most: int = 7) -> None:
    """Simulation months as calendar months (07/2025, Jul 2025), at most ``most`` ticks."""
    months = np.asarray(months)
    if months.size == 0:
        return
    step = max(1, int(np.ceil((months.max() - months.min() + 1) / most)))
    ticks = np.arange(months.min(), months.max() + 1, step)
    ax.set_xticks(ticks, [_.month(start[0], start[1], int(t)) for t in ticks])
    ax.set_xlabel(_("month"))


def geo_axes(ax, lat: np.ndarray, _: Words, ylabel: bool = True) -> None:
    """A map's axes: degrees with the language's decimal mark, few ticks (no overlap), equal
    distances north and east."""
    for axis, suffix in ((ax.xaxis, N_("°E")), (ax.yaxis, N_("°N"))):
        axis.set_major_locator(MaxNLocator(4))
        axis.set_major_formatter(_Numbers(_, 1, 1.0, _(suffix)))
    ax.set_xlabel(_("longitude"))
    if ylabel:
        ax.set_ylabel(_("latitude"))
    ax.set_aspect(1.0 / np.cos(np.radians(np.nanmean(lat))))


def fill(text: str, width: int, units: tuple[str, ...] = ()) -> str:
    """``textwrap.fill`` that never ends a line with a number whose unit follows ('122⏎FTE'),
    nor splits a unit of several words (``units``: 'người quy đổi'): the space after a
    number and those inside the units are no-break spaces."""
    for unit in units:
        text = text.replace(unit, unit.replace(" ", "\u00a0"))
    # (a glued unit longer than the width overflows the line rather than break inside)
    return textwrap.fill(re.sub(r"(\d) (?=\S)", "\\1\u00a0", text), width,
                         break_long_words=False)


def where(title: str, place: str, width: int = 70) -> str:
    """A title that says where: 'Unmet need by zone — Thanh Hóa' (the place on a line of its
    own when the whole would not fit)."""
    if not place:
        return title
    return f"{title} — {place}" if len(title) + len(place) + 3 <= width else f"{title}\n{place}"


def floats(values: list[str]) -> np.ndarray:
    """A table column as floats, empty cells as NaN."""
    return np.array([float(v) if v else np.nan for v in values])


def band(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, 5th and 95th percentile of each column of ``grid`` (replications x months; NaN
    where a replication has no value). The NaN-aware percentiles go column by column (10 ms
    a band of 60 months): used only when a value is missing, otherwise the same numbers come
    at once."""
    with np.errstate(all="ignore"):
        pct = np.nanpercentile if np.isnan(grid).any() else np.percentile
        lo, hi = pct(grid, [5, 95], 0)
        return np.nanmean(grid, 0), lo, hi


def place_labels(ax, items: list[tuple[float, float, str, str]], fontsize: int = 8,
                 effects: list | None = None) -> list:
    """Name points without overlap: each label (x, y, text, colour), in order of importance,
    goes to the first offset around its point where it overlaps no label placed before;
    a label with no free place is left out. Returns the boxes of those placed (display
    coordinates, slightly enlarged)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    taken: list = []
    offsets = [(dx * r, dy * r) for r in (8, 16, 26) for dx, dy in
               ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))]
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    frame = ax.get_window_extent(renderer)
    for x, y, text, color in items:
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue  # outside the frame: not drawn (so annotation_clip need not check it in
            # every measure and draw, 8% of the plan map's time)
        for dx, dy in offsets:
            label = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                                ha="left" if dx > 0 else "right" if dx < 0 else "center",
                                va="bottom" if dy > 0 else "top" if dy < 0 else "center",
                                fontsize=fontsize, color=color, path_effects=effects,
                                zorder=4, annotation_clip=False)
            box = label.get_window_extent(renderer).expanded(1.05, 1.15)
            inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            if inside and not any(box.overlaps(b) for b in taken):
                taken.append(box)
                break
            label.remove()
    return taken


def legend_where_free(legend, boxes: list, segments: np.ndarray | None = None) -> int:
    """Put a legend inside its axes where it hides least, as Matplotlib's loc='best' does:
    the first of its places (upper right, upper left, lower left, lower right, right,
    center left, center right, lower center, upper center, center) that covers no point of
    the axes' scatter collections, overlaps none of ``boxes`` and crosses none of
    ``segments`` (n x 2 x 2: lines drawn from one point to another), all in display
    coordinates; else the one with fewest. Returns the place's code.

    Why not loc='best': its search measures every artist of the axes, the arrows' clipped
    Bézier paths included, and runs in each draw (three per saved map): it took about 40% of
    the plan map's time. Here the caller says what is drawn, measured once."""
    ax = legend.axes
    renderer = legend.figure.canvas.get_renderer()
    # the scatters' points (a LineCollection's offsets are a placeholder (0, 0), no point)
    points = [c.get_offset_transform().transform(c.get_offsets()) for c in ax.collections
              if len(c.get_offsets()) and not isinstance(c, LineCollection)]
    points = np.concatenate(points) if points else np.zeros((0, 2))
    if segments is not None and len(segments):
        # each line as 33 points along it: one crossing the box has one inside it (the box
        # is at least 10 px across, the lines at most a few hundred long)
        t = np.linspace(0.0, 1.0, 33)[None, :, None]
        seg = np.asarray(segments, float)
        along = seg[:, :1, :] + t * (seg[:, 1:, :] - seg[:, :1, :])
    else:
        along = np.zeros((0, 1, 2))
    best: tuple[int, int] | None = None
    for code in range(1, 11):
        legend.set_loc(code)
        box = legend.get_window_extent(renderer)
        bad = int(box.count_contains(points)) + (int(box.count_overlaps(boxes)) if boxes else 0)
        if len(along):
            inside = ((along[..., 0] > box.x0) & (along[..., 0] < box.x1)
                      & (along[..., 1] > box.y0) & (along[..., 1] < box.y1))
            bad += int(inside.any(axis=1).sum())
        if best is None or bad < best[0]:
            best = (bad, code)
        if bad == 0:
            break
    legend.set_loc(best[1])
    return best[1]
