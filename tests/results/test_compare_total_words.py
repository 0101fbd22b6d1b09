"""A comparison of several provinces does not call their total 'toàn tỉnh' (the whole
province): ``staffsim compare scenarios/vietnam.toml --set 'province.provinces=["38","40"]'``
printed 'Thiếu hụt nhân lực cả kỳ, toàn tỉnh (FTE-tháng)' for the sum of Thanh Hóa and Nghệ
An, and its report.md had 7 such rows. The words expected are the catalogue's ('toàn bộ (2
tỉnh)', 'all (2 provinces)'), as run and plan say them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from staffsim.i18n import set_language
from staffsim.model.outcomes import report_rows
from staffsim.results.compare_lines import arms_rows, compare_rows
from staffsim.results.plots import draw, style

ROOT = Path(__file__).resolve().parents[2]


def _summary(provinces: int | None) -> dict:
    """A comparison's summary (``summarize_arms``) of two arms, every number 0."""
    b = {"mean": 0.0, "p05": 0.0, "p95": 0.0}
    arm = {"label": "no action", "metrics": {}}
    for m, a in report_rows(["high_mountain"]):
        arm["metrics"].setdefault(m.name, {"areas": {}})["areas"][a] = {
            **b, "vs_reference": dict(b)}
    out = {"reference_arm": "none", "zones": ["high_mountain"],
           "arms": {"none": arm, "other": {**arm, "label": "other"}}}
    if provinces is not None:
        out["provinces"] = provinces
    return out


@pytest.mark.parametrize("table", [compare_rows, arms_rows])
def test_the_rows_of_several_provinces_name_their_total(table):
    set_language("vi")
    titles = [r[0] for r in table(_summary(2))[1]]
    assert "Thiếu hụt nhân lực cả kỳ, toàn bộ (2 tỉnh) (người-tháng quy đổi)" in titles
    assert not [t for t in titles if "toàn tỉnh" in t], titles
    # the zones as they were
    assert "Thiếu hụt nhân lực cả kỳ, vùng cao (người-tháng quy đổi)" in titles
    for one in (_summary(1), _summary(None)):  # one province (or a summary before the count)
        assert "Thiếu hụt nhân lực cả kỳ, toàn tỉnh (người-tháng quy đổi)" in [
            r[0] for r in table(one)[1]]
    set_language("en")
    titles = [r[0] for r in table(_summary(3))[1]]
    assert "Unmet need over the horizon, all (3 provinces) (FTE-months)" in titles, titles
    assert not [t for t in titles if ", province" in t], titles


def test_the_backlog_panel_of_several_provinces_names_their_total(tmp_path, monkeypatch):
    """The band figure's backlog panel (drawn where there is any backlog) was titled
    'Hồ sơ tồn đọng cuối tháng, toàn tỉnh' (its title has no unit: the axis says it)."""
    rows = ["arm,replication,month,area,required,in_post,unmet_fte,backlog,transfers_in"]
    for arm in ("none", "optimised"):
        for rep in (0, 1):
            for month in (0, 1):
                rows.append(f"{arm},{rep},{month},high_mountain,10,8,2,0,0")
                rows.append(f"{arm},{rep},{month},province,10,8,2,{5 + rep},0")
    (tmp_path / "arm_timeseries.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    titles: list[str] = []
    monkeypatch.setattr(style, "INSPECT", [lambda fig, out: titles.extend(
        ax.get_title() for ax in fig.axes)])
    for n, want in ((2, "toàn bộ (2 tỉnh)"), (1, "toàn tỉnh")):
        (tmp_path / "comparison.json").write_text(json.dumps(
            {"provinces": n, "reference_arm": "none",
             "arms": {"none": {"label": "no action"},
                      "optimised": {"label": "optimised transfers once"}}}),
            encoding="utf-8")
        titles.clear()
        draw(tmp_path, ["unmet_backlog_bands"], out=tmp_path / f"fig{n}", lang="vi",
             local=True)
        backlog = [t for t in titles if t.startswith("Hồ sơ tồn đọng")]
        assert len(backlog) == 1 and backlog[0].endswith(want), titles


@pytest.mark.slow  # a compare of the national table's two provinces in a fresh process (5 s)
def test_a_compare_of_several_provinces_names_their_total(tmp_path):
    out = tmp_path / "compare"
    r = subprocess.run(
        [sys.executable, "-m", "staffsim.cli", "compare", "scenarios/vietnam.toml", "--lang",
         "vi", "--set", 'province.provinces=["38","40"]', "--set", "output.figures=false",
         "--policies", "none,optimised", "--replications", "2", "--months", "2",
         "--workers", "1", "--out", str(out)],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert ("Thiếu hụt nhân lực cả kỳ, toàn bộ (2 tỉnh) (người-tháng quy đổi)"
            in r.stdout.splitlines())
    assert "Hồ sơ tồn đọng cuối kỳ, toàn bộ (2 tỉnh) (hồ sơ)" in r.stdout.splitlines()
    assert "toàn tỉnh" not in r.stdout
    assert json.loads((out / "comparison.json").read_text(encoding="utf-8"))["provinces"] == 2
    for name in ("report.md", "report.html"):
        report = (out / name).read_text(encoding="utf-8")
        assert "toàn tỉnh" not in report, name
        assert "Thiếu hụt nhân lực cả kỳ, toàn bộ (2 tỉnh) (người-tháng quy đổi)" in report, name
