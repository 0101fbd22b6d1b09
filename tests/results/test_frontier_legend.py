"""The frontier figure's legends cover none of its plotted lines. In an HR officer's trial
(`staffsim frontier scenarios/thanh_hoa.toml --lever optimizer.budget_vnd --range
0:60e9:13`) the zones' legend, placed inside the axes by its default location, lay over the
province's line between 20 and 40 bn; a lever whose lines fall (the mirror case) put the
right panel's upper-left legend over the first points of its lines.

The points are the trial's terminal lines (unmet need by area, transfers, allowance); the
lowland figure is the province's less the mountain and high-mountain ones."""

from __future__ import annotations

import json

import numpy as np
import pytest

from staffsim.results.frontier_folder import frontier_csv
from staffsim.results.plots import draw, style
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS

# (budget bn, province FTE, mountain, high mountain, transfers, allowance bn, capped)
TRIAL = [(0, 1083.8, 226.0, 785.3, 0, 0.0, ""), (5, 1048.6, 216.8, 759.3, 37, 5.0, ""),
         (10, 1018.9, 216.4, 726.3, 71, 10.0, ""), (15, 987.9, 213.4, 695.4, 106, 15.0, ""),
         (20, 954.9, 216.4, 659.4, 139, 20.0, ""), (25, 920.9, 216.4, 625.4, 173, 25.0, ""),
         (30, 885.9, 212.4, 594.4, 208, 30.0, ""), (35, 852.9, 215.4, 558.4, 241, 35.0, ""),
         (40, 818.9, 215.4, 524.4, 275, 40.0, ""), (45, 783.9, 211.4, 493.4, 310, 45.0, ""),
         (50, 749.9, 211.4, 459.4, 344, 50.0, ""), (55, 716.9, 214.4, 423.4, 377, 55.0, ""),
         (60, 693.9, 218.0, 396.9, 400, 58.6, "max_moves")]


def _points(rows) -> list[dict]:
    return [{"value": v * 1e9, "status": "Optimal", "plan_found": True, "weighted_unmet": 0.0,
             "unmet_fte": {"lowland": p - m - h, "mountain": m, "high_mountain": h,
                           "province": p},
             "essential_missing": {"province": 21}, "communes_lacking_essential":
                 {"province": 21}, "moves": n, "allowance_vnd": a * 1e9, "km_total": 0.0,
             "build_s": 0.0, "solve_s": 0.0, "capped_by": c.split()}
            for v, p, m, h, n, a, c in rows]


def _mirror(rows) -> list[tuple]:
    """The same lines falling: each value keeps its place, the measures run backwards."""
    return [(v, *r[1:]) for v, r in zip([x[0] for x in rows], rows[::-1], strict=True)]


def _covered(fig) -> list[str]:
    """The plotted points (and the segments between them, sampled) that a legend's box
    covers, and any legend cut off by the figure's edge."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legends = [a.get_legend() for a in fig.axes if a.get_legend()] + list(fig.legends)
    assert legends
    found = []
    for legend in legends:
        box = legend.get_window_extent(renderer)
        if not fig.bbox.contains(box.x0, box.y0) or not fig.bbox.contains(box.x1, box.y1):
            found.append(f"legend cut off: {box} outside {fig.bbox}")
        for ax in fig.axes:
            for line in ax.get_lines():
                xy = np.column_stack([np.asarray(line.get_xdata(), float),
                                      np.asarray(line.get_ydata(), float)])
                if len(xy) < 2 or line.get_label().startswith("_"):
                    continue  # (the dotted marks at capped values span the axes)
                t = np.linspace(0, 1, 11)[:-1, None]
                dense = np.vstack([*(xy[:-1] + t[k] * (xy[1:] - xy[:-1])
                                     for k in range(len(t))), xy[-1:]])
                shown = line.get_transform().transform(dense)
                inside = [(x, y) for x, y in shown if box.contains(x, y)]
                if inside:
                    found.append(f"{line.get_label()!r}: {len(inside)} points under the "
                                 f"legend {[t.get_text() for t in legend.get_texts()]}")
    return found


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("case", ["trial", "falling"])
def test_no_legend_covers_a_plotted_line(tmp_path, monkeypatch, lang, case):
    points = _points(TRIAL if case == "trial" else _mirror(TRIAL))
    (tmp_path / "frontier.csv").write_text(frontier_csv(points), encoding="utf-8")
    (tmp_path / "frontier.json").write_text(json.dumps({
        "scenario": "Thanh Hóa", "lever": "optimizer.budget_vnd",
        "lever_key": "optimizer.constraints.budget.vnd", "lever_unit": "VND",
        "move_limit": 400.0, "points": points}), encoding="utf-8")
    seen: dict[str, list[str]] = {}

    def check(fig, out):
        seen["covered"] = _covered(fig)
        seen["labels"] = [t.get_text() for a in fig.axes if a.get_legend()
                          for t in a.get_legend().get_texts()]

    monkeypatch.setattr(style, "INSPECT", [check])
    draw(tmp_path, ["frontier"], out=tmp_path / "figures", lang=lang,
         scenario=load_scenario(SCENARIOS / "thanh_hoa.toml"))
    assert seen["covered"] == []
    # the legends still name the zones, the capped value's limit and the right panel's lines
    province, capped = ("toàn tỉnh", "bị chặn bởi giới hạn số người điều động") \
        if lang == "vi" else ("province", "capped by the move limit")
    assert province in seen["labels"] and capped in seen["labels"], seen["labels"]
    assert len(seen["labels"]) == 4 + 1 + 2


@pytest.mark.figures
@pytest.mark.parametrize("lang, lever, unit, label", [
    ("en", "optimizer.max_distance_km", "road km", "distance limit (km)"),
    ("vi", "optimizer.max_distance_km", "road km", "khoảng cách tối đa (km)"),
    ("vi", "optimizer.max_moves", "officials", "số người điều động tối đa (người)")])
def test_the_lever_axis_names_its_unit_once_and_in_the_language(tmp_path, monkeypatch, lang,
                                                                lever, unit, label):
    """The distance axis read 'distance limit (km) (road km)', and a Vietnamese axis gave
    the unit in English ('(officials)')."""
    points = _points(TRIAL)
    (tmp_path / "frontier.csv").write_text(frontier_csv(points), encoding="utf-8")
    from staffsim.results.words import lever_meaning

    (tmp_path / "frontier.json").write_text(json.dumps({
        "scenario": "Thanh Hóa", "lever": lever, **lever_meaning(lever), "move_limit": 400.0,
        "points": points}), encoding="utf-8")
    assert lever_meaning(lever)["lever_unit"] == unit
    seen: dict[str, set[str]] = {}

    def check(fig, out):
        seen["x"] = {a.get_xlabel() for a in fig.axes if a.get_xlabel()}

    monkeypatch.setattr(style, "INSPECT", [check])
    draw(tmp_path, ["frontier"], out=tmp_path / "figures", lang=lang,
         scenario=load_scenario(SCENARIOS / "thanh_hoa.toml"))
    assert seen["x"] == {label}, seen
