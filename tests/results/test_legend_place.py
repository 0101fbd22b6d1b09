"""The plan map's legend goes where it hides least (``style.legend_where_free``), checked
against Matplotlib's own loc='best' search on figures where both see the same things, and
against what is drawn by construction."""

from __future__ import annotations

import numpy as np
import pytest

from staffsim.results.plots.style import legend_where_free, plt


def _figure(points: np.ndarray):
    fig, ax = plt.subplots(figsize=(6, 6))
    ax.scatter(points[:, 0], points[:, 1], s=8, label="communes")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    return fig, ax


@pytest.mark.parametrize("seed", range(12))
def test_the_place_is_matplotlibs_best_on_a_scatter(seed):
    """Points only: Matplotlib's 'best' counts the same points in the same places in the
    same order, so both must put the legend on the same pixels."""
    rng = np.random.default_rng(seed)
    # clusters that leave some corners empty and fill others, as communes do on a map
    centres = rng.uniform(0.1, 0.9, size=(4, 2))
    points = np.concatenate([c + 0.12 * rng.standard_normal((40, 2)) for c in centres])
    fig, ax = _figure(points)
    theirs = ax.legend(loc="best")
    fig.canvas.draw()
    expected = theirs.get_window_extent(fig.canvas.get_renderer()).bounds
    theirs.remove()
    ours = ax.legend()
    legend_where_free(ours, [])
    fig.canvas.draw()
    assert ours.get_window_extent(fig.canvas.get_renderer()).bounds == pytest.approx(expected)
    plt.close(fig)


def test_a_line_through_the_free_corner_sends_the_legend_elsewhere():
    """Points fill every corner but the upper right and lower left; a line drawn across the
    upper right (which 'best' would not see in a LineCollection) leaves the lower left."""
    rng = np.random.default_rng(1)
    blocks = [(0.05, 0.95, 0.05, 0.4), (0.05, 0.4, 0.6, 0.95), (0.6, 0.95, 0.35, 0.55)]
    points = np.concatenate([np.c_[rng.uniform(x0, x1, 200), rng.uniform(y0, y1, 200)]
                             for x0, x1, y0, y1 in blocks])
    points = points[~((points[:, 0] < 0.35) & (points[:, 1] < 0.35))]  # lower left free
    points = points[~((points[:, 0] > 0.6) & (points[:, 1] > 0.65))]  # upper right free
    fig, ax = _figure(points)
    legend = ax.legend()
    free = legend_where_free(legend, [])
    assert free == 1  # upper right: the first free place
    box = legend.get_window_extent(fig.canvas.get_renderer())
    # a line through the legend's box there, from beyond its left edge to beyond its right
    line = np.array([[[box.x0 - 30, box.y0], [box.x1 + 30, box.y1]]])
    crossed = legend_where_free(legend, [], line)
    assert crossed == 3  # lower left
    box = legend.get_window_extent(fig.canvas.get_renderer())
    shown = ax.transData.transform(points)
    assert not box.count_contains(shown)
    plt.close(fig)


def test_a_box_to_keep_clear_is_kept_clear():
    fig, ax = _figure(np.zeros((0, 2)))
    ax.scatter([0.5], [0.5], label="x")
    legend = ax.legend()
    renderer = fig.canvas.get_renderer()
    legend.set_loc(1)
    upper_right = legend.get_window_extent(renderer)
    assert legend_where_free(legend, [upper_right]) == 2  # upper left, the next place
    assert not legend.get_window_extent(renderer).overlaps(upper_right)
    plt.close(fig)
