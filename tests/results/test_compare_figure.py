"""compare's figure of the arms over time: a panel for each area the data has."""

from __future__ import annotations

import csv
import json

import pytest

from staffsim.results.plots import draw, style
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS, write_scenario
from ..helpers import run_cli
from .test_figures_for_people import inspect

ARMS = {"none": "no action", "greedy": "greedy transfers once",
        "optimised": "optimised transfers once", "rolling": "re-optimised every 12 months",
        "high": "optimised transfers, allowance 2.5x / 1.75x"}


def _titles(tmp_path, folder, lang: str, monkeypatch) -> tuple[list[str], list[str]]:
    """(the panels' titles, what a reader would trip over) of the figure drawn from
    ``folder`` (titled for the tiny province, which ``inspect`` looks for)."""
    seen: dict = {}
    titles: list[str] = []

    def look(fig, out):
        inspect(fig, out, seen)
        titles.extend(ax.get_title() for ax in fig.axes)
        renderer = fig.canvas.get_renderer()
        for legend in fig.legends:  # the arms' names inside the figure, below the panels
            box = legend.get_window_extent(renderer)
            if box.x0 < fig.bbox.x0 - 1 or box.x1 > fig.bbox.x1 + 1 or box.y0 < -1:
                seen[out.stem]["problems"].append("legend cut off")
            if any(box.overlaps(ax.get_window_extent(renderer)) for ax in fig.axes):
                seen[out.stem]["problems"].append("legend over a panel")
    monkeypatch.setattr(style, "INSPECT", [look])
    sc = load_scenario(write_scenario(tmp_path, ""))
    draw(folder, ["unmet_backlog_bands"], out=tmp_path / f"out_{lang}", scenario=sc, lang=lang)
    return titles, seen["unmet_backlog_bands"]["problems"]


@pytest.mark.figures
def test_the_demo_has_no_mountain_panel_and_shows_what_the_donor_wards_lose(
        tmp_path, capsys, monkeypatch):
    """The demo (no mountain communes) drew an empty 'Unmet need, mountain' panel and a
    backlog panel flat at 0, and never the lowland's unmet need, where donor wards lose staff
    (137 -> 377 FTE-months over the demo's horizon). Its panels now follow its communes
    table (high mountain and lowland) and its backlog (none)."""
    with open(SCENARIOS / "data" / "demo_communes.csv", encoding="utf-8") as f:
        zones = {r["zone"] for r in csv.DictReader(f)}
    assert zones == {"lowland", "high_mountain"}
    out = tmp_path / "c"
    code, _, err = run_cli(capsys, "compare", str(SCENARIOS / "demo.toml"), "--policies",
                           "none,optimised", "--replications", "2", "--months", "3",
                           "--workers", "1", "--out", str(out))
    assert code == 0, err
    with open(out / "arm_timeseries.csv", encoding="utf-8") as f:
        backlog = sum(float(r["backlog"] or 0) for r in csv.DictReader(f))
    assert backlog == 0
    for lang, words in (("en", ["Unmet need, high mountain", "Unmet need, lowland"]),
                        ("vi", ["Thiếu hụt nhân lực, vùng cao",
                                "Thiếu hụt nhân lực, đồng bằng"])):
        titles, problems = _titles(tmp_path, out, lang, monkeypatch)
        assert [t.split("\n")[0] for t in titles] == words, titles
        assert "\n" in titles[1]  # the lowland's panel says why it is there
        assert not problems, problems


def _timeseries(folder, zones: list[str], backlog: float, transfers: float = 2.0) -> None:
    """arm_timeseries.csv of five arms, two replications, four months, with communes in
    ``zones`` (none elsewhere) and ``backlog`` dossiers in the province."""
    folder.mkdir()
    with open(folder / "arm_timeseries.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["arm", "replication", "month", "area", "required", "in_post",
                    "unmet_fte", "backlog", "transfers_in"])
        for k, arm in enumerate(ARMS):
            for rep in range(2):
                for month in range(4):
                    for area in ("lowland", "mountain", "high_mountain", "province"):
                        has = area in zones or area == "province"
                        w.writerow([arm, rep, month, area, 40 if has else 0,
                                    35 if has else 0, 5 + k + rep - month if has else 0,
                                    backlog if area == "province" else 0,
                                    transfers if has else 0])
    (folder / "comparison.json").write_text(json.dumps({"arms": {
        k: {"label": label} for k, label in ARMS.items()}}), encoding="utf-8")


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_panels_are_the_areas_the_data_has_and_fit(tmp_path, monkeypatch, lang):
    """Three zones and a backlog: four panels; one zone, no backlog: one panel. Each time
    every title inside the figure, nothing overlapping, with five long arm names."""
    every = tmp_path / "every"
    _timeseries(every, ["lowland", "mountain", "high_mountain"], backlog=3.0)
    titles, problems = _titles(tmp_path, every, lang, monkeypatch)
    zone = {"en": ["high mountain", "mountain", "lowland"],
            "vi": ["vùng cao", "miền núi", "đồng bằng"]}[lang]
    assert [t.split("\n")[0].split(", ")[1] for t in titles] == [*zone, (
        "province" if lang == "en" else "toàn tỉnh")], titles
    assert titles[3].startswith("Backlog" if lang == "en" else "Hồ sơ tồn đọng")
    assert not problems, problems
    one = tmp_path / "one"
    _timeseries(one, ["high_mountain"], backlog=0.0, transfers=0.0)
    titles, problems = _titles(tmp_path, one, lang, monkeypatch)
    assert titles == [("Unmet need, high mountain" if lang == "en"
                       else "Thiếu hụt nhân lực, vùng cao")], titles
    assert not problems, problems
    # no transfers: the lowland's panel does not speak of them
    low = tmp_path / "low"
    _timeseries(low, ["lowland"], backlog=0.0, transfers=0.0)
    titles, _ = _titles(tmp_path, low, lang, monkeypatch)
    assert len(titles) == 1 and "\n" not in titles[0], titles
