"""The scenario-discovery figure's legend sits just under its axis label, however many
settings it draws: it was placed at a share of the axes' height below them, so under ten
settings of three levers (the bundled Thanh Hóa sweep) it lay about an inch and a half under
the axis label, and under one setting (a sweep of provinces given a threshold) it covered
the axis label's second line."""

from __future__ import annotations

import json

import pytest

from staffsim.results.plots import draw, style
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS

LEVERS = {"optimizer.constraints.budget.vnd": "54440000000",
          "optimizer.allowance.zone_multiple.high_mountain": "2.493",
          "optimizer.constraints.max_distance.km": "229.8"}


@pytest.mark.figures
@pytest.mark.parametrize(("levers", "n"), [({}, 1), (LEVERS, 10)])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_legend_sits_just_under_the_axis_label(tmp_path, monkeypatch, levers, n, lang):
    settings = [{"setting": levers, "runs": 20, "scenarios": 10, "enough_scenarios": True,
                 "success_share": 0.3 + 0.01 * k, "mean": 700.0, "robust": False}
                for k in range(n)]
    (tmp_path / "analysis.json").write_text(json.dumps({"discovery": {
        "outcome": "mountain_unmet_fte", "threshold": 650.0, "robust_share": 0.8,
        "min_scenarios": 10, "too_few": 0, "levers": list(levers), "settings": settings}}),
        encoding="utf-8")
    seen = {}

    def check(fig, out):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        label = ax.xaxis.label.get_window_extent(renderer)
        legend = ax.get_legend().get_window_extent(renderer)
        seen["gap_in"] = (label.y0 - legend.y1) / fig.dpi  # (y upwards, in pixels)
        seen["lines"] = ax.get_xlabel().count("\n") + 1

    monkeypatch.setattr(style, "INSPECT", [check])
    draw(tmp_path, ["discovery"], out=tmp_path / "figures", lang=lang,
         scenario=load_scenario(SCENARIOS / "demo.toml"))
    assert seen["lines"] == 2  # the long outcome's label wraps: the case that overlapped
    assert 0 <= seen["gap_in"] < 0.3, seen
