"""Every registered figure, drawn from a small result folder in each language, is made for
people: a title that says what and where, no empty axes, no overlapping tick labels, no
offset multipliers (×1e10) or raw keys, dates on time axes, words in the language."""

from __future__ import annotations

import re
from itertools import combinations

import pytest

from staffsim.results.plots import draw, registered, style
from staffsim.scenarios.loader import load_scenario

KINDS = ("run", "plan", "compare", "frontier", "analysis")
RAW_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b|\b\d(?:\.\d+)?e[+-]\d+\b|optimizer\.")


def _visible_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))
            if getattr(a := t, "get_visible", lambda: True)() and a.get_text().strip()]


def _per_axis(fig) -> list[list[str]]:
    out = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            out.append([t.label1.get_text() for t in axis.get_major_ticks()
                        if t.label1.get_visible() and t.label1.get_text()
                        and lo - 1e-9 <= t.get_loc() <= hi + 1e-9])
    return out


def _number(text: str, lang: str) -> float | None:
    """A tick label's number ('1.234,5°N' in Vietnamese, '1,234.5' in English), or None."""
    thousands, decimal = (".", ",") if lang == "vi" else (",", ".")
    m = re.fullmatch(r"([−-]?[\d.,]+)\D*", text.strip())
    if not m:
        return None
    return float(m[1].replace("−", "-").replace(thousands, "").replace(decimal, "."))


def _inexact_ticks(axis) -> list[str]:
    fmt = axis.get_major_formatter()
    if not isinstance(fmt, style._Numbers):
        return []
    lo, hi = sorted(axis.get_view_interval())
    out = []
    for tick in axis.get_major_ticks():
        text = tick.label1.get_text()
        if not (tick.label1.get_visible() and text and lo - 1e-9 <= tick.get_loc() <= hi + 1e-9):
            continue
        value = _number(text, fmt.words.lang)
        loc = tick.get_loc() / fmt.scale
        if value is None or abs(value - loc) > 1e-9 * max(1.0, abs(loc)):
            out.append(f"tick label {text!r} is not its tick's value {loc:g}")
    return out


def _is_colorbar(ax) -> bool:
    return hasattr(ax, "_colorbar")


def inspect(fig, out, seen: dict) -> None:
    """What a reader would trip over, collected per figure file."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    problems = []
    titles = [fig._suptitle.get_text() if fig._suptitle else ""]
    boxes = []
    for ax in fig.axes:
        if not ax.axison:
            continue
        titles.append(ax.get_title() + ax.get_title("left"))
        if not _is_colorbar(ax):
            content = (ax.lines or ax.collections or ax.patches or ax.images
                       or [t for t in ax.texts if t.get_text()])
            if not content:
                problems.append(f"empty axes {ax.get_title()!r}")
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_offset_text().get_text():
                problems.append(f"offset multiplier {axis.get_offset_text().get_text()!r}")
            view = axis.get_view_interval()
            lo, hi = min(view), max(view)
            for tick in axis.get_major_ticks():
                label = tick.label1
                if (label.get_visible() and label.get_text()
                        and lo - 1e-9 <= tick.get_loc() <= hi + 1e-9):
                    boxes.append((label.get_text(), label.get_window_extent(renderer)))
    for ax in fig.axes:  # a number on a tick is that tick's value (not 12.5 shown as '12')
        for axis in (ax.xaxis, ax.yaxis):
            problems += _inexact_ticks(axis)
    for axis_labels in _per_axis(fig):
        if len(axis_labels) != len(set(axis_labels)):
            problems.append(f"repeated tick labels {axis_labels}")
    # every title and axis label inside the figure (nothing cut off at the edges)
    frame = fig.bbox
    words = [fig._suptitle] if fig._suptitle else []
    for ax in fig.axes:
        words += [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label]
    for t in words:
        if t.get_visible() and t.get_text():
            b = t.get_window_extent(renderer)
            if b.x0 < frame.x0 - 1 or b.x1 > frame.x1 + 1 or b.y0 < frame.y0 - 1 \
                    or b.y1 > frame.y1 + 1:
                problems.append(f"cut off at the edge: {t.get_text()!r}")
    for (ta, a), (tb, b) in combinations(boxes, 2):
        if a.width and b.width and a.shrunk(0.98, 0.9).overlaps(b.shrunk(0.98, 0.9)):
            problems.append(f"tick labels overlap: {ta!r} and {tb!r}")
    if not any(titles):
        problems.append("no title")
    if not any("Tiny" in t for t in titles):
        problems.append("the title does not say where (the province 'Tiny')")
    for text in _visible_texts(fig):
        if RAW_KEY.search(text):
            problems.append(f"raw key or scientific notation: {text!r}")
    seen[out.stem] = {"problems": problems, "texts": _visible_texts(fig)}


@pytest.mark.figures
# the default language in the default run; English too in CI's second step
@pytest.mark.parametrize("lang", ["vi", pytest.param("en", marks=pytest.mark.slow)])
def test_every_figure_is_made_for_people(folders, tmp_path, monkeypatch, lang):
    scenario = load_scenario(folders["scenario"])
    seen: dict = {}
    monkeypatch.setattr(style, "INSPECT", [lambda fig, out: inspect(fig, out, seen)])
    for name, plot in registered().items():
        source = next(folders[k] for k in KINDS
                      if all((folders[k] / f).is_file() for f in plot.reads))
        out = tmp_path / name
        out.mkdir()
        draw(source, [name], communes=scenario.communes, out=out, scenario=scenario,
             lang=lang)
    assert set(seen) == set(registered())
    bad = {k: v["problems"] for k, v in seen.items() if v["problems"]}
    assert not bad, bad
    # time axes carry dates: the fixture's 3 months from July 2025
    july = "07/2025" if lang == "vi" else "Jul 2025"
    for name in ("backlog_by_zone", "wisn_ratio_by_zone", "unmet_backlog_bands"):
        assert july in seen[name]["texts"], name
    # words in the language: zones, the legend of the plan map
    word = "vùng cao" if lang == "vi" else "high mountain"
    assert any(word in t for t in seen["backlog_by_zone"]["texts"])
    # compare's bands: unmet need in each zone the tiny province has, the lowland's too (what
    # the donor wards lose), and no backlog panel flat at 0 (tests/results/test_compare_figure)
    lowland = "đồng bằng" if lang == "vi" else "lowland"
    assert any(lowland in t for t in seen["unmet_backlog_bands"]["texts"])
    if lang == "vi":
        assert any("Thiếu hụt" in t for t in seen["frontier"]["texts"])


def test_the_checks_catch_overlapping_labels(tmp_path):
    """The overlap check itself: crowded tick labels are reported."""
    seen: dict = {}
    fig, ax = style.plt.subplots(figsize=(2, 2))
    ax.plot(range(40), range(40))
    ax.set_xticks(range(40), [f"label {k}" for k in range(40)])
    ax.set_title("Tiny")
    inspect(fig, tmp_path / "crowded.png", seen)
    style.plt.close(fig)
    assert any("overlap" in p for p in seen["crowded"]["problems"])


def test_long_settings_and_arm_names_stay_inside_their_figures(tmp_path, monkeypatch):
    """A discovery of three levers per setting ran its title and axis label off the figure
    and its legend over the bars; the shortage maps' long arm names ran into each other and
    the maps were small in a blank canvas (a researcher's trial). Drawn from made-up folders:
    nothing cut off, no two titles overlapping, the maps filling their figure."""
    import csv
    import json

    from staffsim.scenarios.loader import load_scenario

    from ..conftest import SCENARIOS

    sc = load_scenario(SCENARIOS / "demo.toml")
    levers = {"optimizer.constraints.budget.vnd": "54440000000",
              "optimizer.allowance.zone_multiple.high_mountain": "2.493",
              "optimizer.constraints.max_distance.km": "229.8"}
    analysis = tmp_path / "analysis"
    analysis.mkdir()
    settings = [{"setting": levers, "runs": 3, "scenarios": 3, "enough_scenarios": k == 0,
                 "success_share": 0.3 + 0.1 * k, "mean": 700.0, "robust": False}
                for k in range(4)]
    (analysis / "analysis.json").write_text(json.dumps({"discovery": {
        "outcome": "mountain_unmet_fte", "threshold": 650.0, "robust_share": 0.8,
        "min_scenarios": 10, "too_few": 3, "levers": list(levers), "settings": settings}}),
        encoding="utf-8")
    compare = tmp_path / "compare"
    compare.mkdir()
    arms = ["none", "greedy", "optimised", "rolling", "secondment"]
    with open(compare / "communes_end.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["arm", "commune_id", "lat", "lon", "unmet_fte_end"])
        for a in arms:
            for i, cid in enumerate(sc.communes.ids):
                w.writerow([a, cid, sc.communes.lat[i], sc.communes.lon[i], i % 7])
    (compare / "comparison.json").write_text(json.dumps({"arms": {a: {"label": (
        "greedy transfers once (from the wards with the largest surplus first)"
        if a == "greedy" else a)} for a in arms}}), encoding="utf-8")
    seen: dict = {}

    def check(fig, out):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        frame, problems = fig.bbox, []
        texts = [t for t in [fig._suptitle, *(x for ax in fig.axes for x in
                                             (ax.title, ax.xaxis.label, ax.yaxis.label))]
                 if t is not None and t.get_visible() and t.get_text()]
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
        for text, b in boxes:
            if b.x0 < frame.x0 - 1 or b.x1 > frame.x1 + 1 or b.y1 > frame.y1 + 1:
                problems.append(f"cut off: {text!r}")
        titles = [(t, b) for (t, b), x in zip(boxes, texts, strict=True)
                  if x in [ax.title for ax in fig.axes]]
        for (ta, a), (tb, b) in combinations(titles, 2):
            if a.overlaps(b):
                problems.append(f"titles overlap: {ta!r} and {tb!r}")
        maps = [ax for ax in fig.axes if ax.collections and not _is_colorbar(ax)]
        area = sum(ax.get_window_extent(renderer).width * ax.get_window_extent(
            renderer).height for ax in maps)
        seen[out.stem] = (problems, area / (frame.width * frame.height) if maps else None)

    monkeypatch.setattr(style, "INSPECT", [check])
    for folder, name in ((analysis, "discovery"), (compare, "shortage_map_end")):
        for lang in ("vi", "en"):
            draw(folder, [name], out=tmp_path / f"{name}_{lang}", scenario=sc, lang=lang)
            problems, filled = seen[name]
            assert not problems, (name, lang, problems)
            if name == "shortage_map_end":
                assert filled > 0.25, filled  # the five maps cover a quarter of the figure


@pytest.mark.figures
@pytest.mark.parametrize("gap", [False, True])
def test_zone_bands_are_the_5th_and_95th_percentiles_across_replications(
        tmp_path, monkeypatch, gap):
    """Three replications with backlogs 1, 2 and 4 in every month: the band runs from 1.1 to
    3.8 (linear interpolation: 1 + 0.1 x (2 - 1) and 2 + 0.9 x (4 - 2)), the line at 7/3.
    With one replication a month short (``gap``: replications of different lengths), that
    month's band is over the other two, 2.1 to 3.9, and its mean 3."""
    from matplotlib.collections import PolyCollection

    rows = ["replication,month,area,backlog"]
    for rep, value in enumerate((1, 2, 4)):
        for month in range(3):
            if gap and rep == 0 and month == 2:
                continue
            rows.append(f"{rep},{month},mountain,{value}")
    (tmp_path / "zone_timeseries.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    seen: dict = {}

    def keep(fig, out):
        ax = fig.axes[0]
        band = next(c for c in ax.collections if isinstance(c, PolyCollection))
        seen["band"] = band.get_paths()[0].vertices
        seen["line"] = ax.lines[0].get_xydata()

    monkeypatch.setattr(style, "INSPECT", [keep])
    draw(tmp_path, ["backlog_by_zone"], out=tmp_path / "fig", lang="en")
    line = seen["line"]
    assert line[:2, 1] == pytest.approx([7 / 3, 7 / 3])
    assert line[2, 1] == pytest.approx(3.0 if gap else 7 / 3)
    ys = {}
    for x, y in seen["band"]:
        ys.setdefault(round(x), set()).add(round(y, 9))
    assert ys[0] == ys[1] == {1.1, 3.8}
    assert ys[2] == ({2.1, 3.9} if gap else {1.1, 3.8})


CROSSED_LEVERS = {"optimizer.constraints.budget.vnd": "allowance budget (VND)",
                  "optimizer.allowance.zone_multiple.high_mountain":
                  "allowance multiple, high mountain",
                  "optimizer.constraints.max_distance.km": "longest move (km)"}
CROSSED_UNCERTAINTIES = {"dynamics.attrition_annual": "attrition per year",
                         "workload.intensity": "workload intensity",
                         "transfers.km_attrition_per_100km": "extra attrition per 100 km moved"}


def crossed_analysis(folder, *, replications: int = 1, morris: bool = False) -> None:
    """analysis.json of the Thanh Hóa sweep's shape (a crossed Latin design: 10 lever
    settings x 8 scenarios of three factors each, with their scenario labels), the headline
    outcomes with their long titles and one that does not vary; ``morris``: a Morris design's
    mu* rows with intervals, one of them flagged, besides the eta² rows."""
    import json

    keys = [*CROSSED_LEVERS, *CROSSED_UNCERTAINTIES]
    share = {"groups": [0.114, 0.886], "interaction": 0.0,
             "noise": None if replications < 2 else 0.01, "crossed": True}
    entry = {"variance": share}
    if morris:
        entry["numeric"] = {"mu_star": [25.6, 6.4, 74.1, 2.1, 241.6, 0.15],
                            "mu_star_conf": [23.7, 11.2, 11.9, 1.5, 0.7, 0.13],
                            "sigma": [28.5, 12.8, 15.6, 1.9, 1.0, 0.2]}
        entry["flags"] = {"mu_star": [[], ["spans_zero"], [], [], [], []]}
    sens = {name: dict(entry) for name in ("mountain_unmet_fte", "unmet_fte_months|province",
                                           "on_time_share|province", "cost_vnd|province",
                                           "transferred_resignations|province")}
    sens["backlog_end|province"] = {"note": "the outcome does not vary (or is undefined) "
                                            "across design points"}
    groups = [{"factors": list(CROSSED_LEVERS), "levels": 10, "role": "levers",
               "separable": False, "field": "sweep.lever_samples"},
              {"factors": list(CROSSED_UNCERTAINTIES), "levels": 8, "role": "uncertainties",
               "separable": False, "field": "sweep.samples"}]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "analysis.json").write_text(json.dumps({
        "design": "morris" if morris else "latin",
        "design_name": "Morris" if morris else "Latin hypercube", "runs": 80,
        "replications": replications, "numeric_factors": keys, "categorical_factors": [],
        "labels": {**CROSSED_LEVERS, **CROSSED_UNCERTAINTIES}, "groups": groups,
        "sensitivity": sens, "discovery": {
            "outcome": "mountain_unmet_fte", "threshold": 650.0, "robust_share": 0.8,
            "min_scenarios": 10, "too_few": 0, "levers": [], "settings": []}}),
        encoding="utf-8")


@pytest.mark.figures
@pytest.mark.parametrize("morris", [False, True])
@pytest.mark.parametrize("replications", [1, 2])
def test_a_crossed_designs_sensitivity_figure_fits_and_says_what_each_bar_is(
        tmp_path, monkeypatch, replications, morris):
    """A researcher's trial: for a crossed Latin design the panel titles ('Mean monthly unmet
    need in mountain and high…') and the note 'the outcome does not vary … across design'
    ran off the right edge, the group labels took two thirds of the width, and the legend
    said 'index, with its 95% bootstrap interval' of eta² rows that have none. Here every
    word is inside the figure (titles, tick labels, notes, legend), no two titles overlap,
    the panels keep at least half the width, the eta² rows draw no interval, and the legend
    names each kind of bar drawn, in both languages."""
    from matplotlib.collections import LineCollection

    from ..conftest import write_scenario

    sc = load_scenario(write_scenario(tmp_path, ""))
    crossed_analysis(tmp_path / "analysis", replications=replications, morris=morris)
    seen: dict = {}

    def check(fig, out):
        inspect(fig, out, seen)
        renderer = fig.canvas.get_renderer()
        frame, problems = fig.bbox, list(seen[out.stem]["problems"])
        texts = [fig._suptitle, *(t for lg in fig.legends for t in lg.get_texts())]
        for ax in fig.axes:
            texts += [ax.title, ax._left_title, *ax.texts]
            for axis in (ax.xaxis, ax.yaxis):  # the tick labels drawn (inside the view)
                lo, hi = sorted(axis.get_view_interval())
                texts += [t.label1 for t in axis.get_major_ticks()
                          if lo - 1e-9 <= t.get_loc() <= hi + 1e-9]
        texts = [t for t in texts if t is not None and t.get_visible() and t.get_text().strip()]
        for t in texts:
            b = t.get_window_extent(renderer)
            if b.x0 < frame.x0 - 1 or b.x1 > frame.x1 + 1 or b.y0 < frame.y0 - 1 \
                    or b.y1 > frame.y1 + 1:
                problems.append(f"cut off: {t.get_text()!r}")
        heads = [t for t in [fig._suptitle, *(ax._left_title for ax in fig.axes)]
                 if t is not None and t.get_text()]
        for a, b in combinations(heads, 2):
            if a.get_window_extent(renderer).overlaps(b.get_window_extent(renderer)):
                problems.append(f"titles overlap: {a.get_text()!r} and {b.get_text()!r}")
        for ax in fig.axes:
            if ax.get_window_extent(renderer).width < 0.5 * frame.width:
                problems.append(f"panel narrower than half the figure: {ax._left_title}")
        legend = [t.get_text() for lg in fig.legends for t in lg.get_texts()]
        # interval bars: one per index row (6 factors, a row each), none for eta² rows
        bars = sum(len(c.get_segments()) for ax in fig.axes for c in ax.collections
                   if isinstance(c, LineCollection))
        ticks = [t.label1.get_text() for ax in fig.axes if ax.get_xticks().size
                 for t in ax.xaxis.get_major_ticks() if t.label1.get_visible()]
        seen[out.stem] = {"problems": problems, "legend": legend, "bars": bars,
                          "ticks": ticks}

    monkeypatch.setattr(style, "INSPECT", [check])
    for lang in ("vi", "en"):
        draw(tmp_path / "analysis", ["sensitivity"], out=tmp_path / lang, scenario=sc,
             lang=lang)
        got = seen["sensitivity"]
        assert not got["problems"], (lang, got["problems"])
        interval = ("bootstrap 95%" if lang == "vi" else "95% bootstrap interval")
        no_interval = "không có khoảng tin cậy" if lang == "vi" else "no interval"
        saturated = False  # two groups: each share is drawn, one replication or more
        assert any(no_interval in t for t in got["legend"]) != saturated, got["legend"]
        assert any(interval in t for t in got["legend"]) == morris, got["legend"]
        # 5 outcomes x 6 factors, each index with its interval; eta² rows have none
        assert got["bars"] == (5 * 6 if morris else 0)
        if not morris:  # shares of variance only: in percent, as the terminal says them
            # (the axis read 0,2 ... 1 beside the terminal's '98,0%': a researcher's trial)
            shown = [t for t in got["ticks"] if t]
            assert shown and all(t.endswith("%") for t in shown), got["ticks"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_tick_labels_show_each_tick_exactly(lang):
    """Ticks 2.5 apart read 2,5 / 5,0 / ... / 12,5, not 2 / 5 / 8 / 10 / 12 (the researcher's
    trial: a backlog axis read 2, 5, 8, 10, 12, 15 on evenly spaced ticks); a map's latitude
    ticks a quarter degree apart keep two decimals (not 19,8 / 20,0 / 20,2 / 20,5); whole
    ticks stay whole; VND in billions keep the scale."""
    from staffsim.results.words import words

    _ = words(lang)
    sep = "," if lang == "vi" else "."

    def labels(locs, decimals=0, scale=1.0, suffix=""):
        f = style._Numbers(_, decimals, scale, suffix)
        f.set_locs(locs)
        return [f(x) for x in locs]

    assert labels([0, 2.5, 5, 7.5, 10, 12.5]) == [
        f"0{sep}0", f"2{sep}5", f"5{sep}0", f"7{sep}5", f"10{sep}0", f"12{sep}5"]
    assert labels([19.75, 20.0, 20.25, 20.5], 1, suffix="°N") == [
        f"19{sep}75°N", f"20{sep}00°N", f"20{sep}25°N", f"20{sep}50°N"]
    assert labels([0, 5, 10, 15]) == ["0", "5", "10", "15"]
    # float noise (0.30000000000000004): one decimal
    assert labels([0, 0.1 + 0.2, 0.6]) == [f"0{sep}0", f"0{sep}3", f"0{sep}6"]
    assert labels([0, 2.5e9, 5e9], 1, 1e9) == [f"0{sep}0", f"2{sep}5", f"5{sep}0"]
    for case in ([0, 2.5, 5, 7.5, 10, 12.5], [19.75, 20.0, 20.25], [0, 0.05, 0.1]):
        for text, loc in zip(labels(case), case, strict=True):
            assert _number(text, lang) == pytest.approx(loc, abs=1e-12)
