"""One replication has no 90% band: the figures and their captions no longer promise one (a
researcher's trial: runs/thanh_hoa…/figures/wisn_ratio_by_zone.png titled '(trung bình và
dải 90%)' over one replication); two or more keep it."""

from __future__ import annotations

import re

import pytest

from staffsim.results.plots import style

from ..conftest import SCENARIOS
from ..helpers import run_cli

# a run's figures with a band by zone (``plots.zone_plot_names``: the outcomes drawn)
ZONE_FIGURES = ("backlog_by_zone", "wisn_ratio_by_zone")


def _run(tmp_path, capsys, monkeypatch, command: str, reps: str, lang: str):
    titles: dict[str, str] = {}

    def look(fig, out):
        titles[out.stem] = " ".join([fig._suptitle.get_text() if fig._suptitle else "",
                                     *(ax.get_title() for ax in fig.axes)])

    monkeypatch.setattr(style, "INSPECT", [look])
    out = tmp_path / f"{command}{reps}{lang}"
    code, _o, err = run_cli(capsys, command, str(SCENARIOS / "demo.toml"), "--months", "2",
                            "--replications", reps, "--out", str(out), "--lang", lang,
                            *(["--policies", "none,greedy", "--workers", "1"]
                              if command == "compare" else []))
    assert code == 0, err
    html = (out / "report.html").read_text(encoding="utf-8")
    captions = re.findall(r"<figcaption>([^<]*)</figcaption>", html)
    return titles, captions


@pytest.mark.figures
@pytest.mark.parametrize("lang, band, one", [("vi", "dải 90%", "(1 lần lặp"),
                                             ("en", "90% band", "(1 replication")])
def test_a_runs_zone_figures_say_one_replication(tmp_path, capsys, monkeypatch, lang, band,
                                                 one):
    titles, captions = _run(tmp_path, capsys, monkeypatch, "run", "1", lang)
    assert set(ZONE_FIGURES) <= set(titles), titles
    for name in ZONE_FIGURES:
        assert band not in titles[name] and one in titles[name], titles[name]
    assert captions and not any(band in c for c in captions), captions
    assert sum(one in c for c in captions) == len(ZONE_FIGURES), captions
    titles, captions = _run(tmp_path, capsys, monkeypatch, "run", "2", lang)
    for name in ZONE_FIGURES:
        assert band in titles[name] and one not in titles[name], titles[name]
    assert sum(band in c for c in captions) == len(ZONE_FIGURES), captions


@pytest.mark.figures
def test_a_comparison_of_one_replication_says_so(tmp_path, capsys, monkeypatch):
    titles, captions = _run(tmp_path, capsys, monkeypatch, "compare", "1", "en")
    assert "Policies over time (1 replication)" in titles["unmet_backlog_bands"], titles
    assert "90% band" not in titles["unmet_backlog_bands"]
    assert "Each policy over the months (1 replication)" in captions, captions
