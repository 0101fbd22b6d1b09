"""Every registered figure draws from a small result folder; matplotlib loads only to draw."""

from __future__ import annotations

import subprocess
import sys

import pytest

from staffsim.results.plots import draw, registered, run_figures
from staffsim.scenarios.loader import load_scenario


@pytest.mark.figures
def test_every_registered_figure_draws_from_its_folder(folders, tmp_path):
    communes = load_scenario(folders["scenario"]).communes
    kinds = ("run", "plan", "compare", "frontier", "analysis")
    plots = registered()
    assert len(plots) >= 10
    for name, plot in plots.items():
        # the folder holding every file the figure reads
        source = [folders[k] for k in kinds if all((folders[k] / f).is_file()
                                                   for f in plot.reads)]
        assert source, f"{name}: no folder holds {plot.reads}"
        out = tmp_path / name
        out.mkdir()
        (path,) = draw(source[0], [name], communes=communes, out=out)
        assert path == out / f"{name}.png"
        assert path.stat().st_size > 0, name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name


@pytest.mark.figures
def test_folders_hold_the_figures_their_writers_name(folders):
    assert sorted(p.name for p in (folders["run"] / "figures").iterdir()) == sorted(
        f"{n}.png" for n in run_figures())
    assert {"backlog_by_zone", "wisn_ratio_by_zone"} <= set(run_figures())
    for kind, names in (("plan", ["plan_map"]), ("frontier", ["frontier"]),
                        ("analysis", ["sensitivity", "discovery"]),
                        ("compare", ["unmet_backlog_bands", "cost_vs_unmet",
                                     "shortage_map_end"])):
        assert sorted(p.stem for p in (folders[kind] / "figures").iterdir()) == sorted(names)


@pytest.mark.figures
def test_unknown_figure_is_named(folders):
    with pytest.raises(KeyError, match="no figure named nope"):
        draw(folders["run"], ["nope"])


def test_commands_that_draw_nothing_do_not_import_matplotlib():
    code = ("import sys; import staffsim.cli.app, staffsim.results.run_folder, "
            "staffsim.results.plan_folder, staffsim.results.compare_folder, "
            "staffsim.experiments.sensitivity; "
            "sys.exit('matplotlib' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.figures
def test_zone_figures_leave_out_a_zone_the_province_lacks(tmp_path, monkeypatch):
    """A province of lowland and high-mountain communes only (the demo): its zone figures draw
    those zones and the province, not a 'mountain' line lying at 0 (a researcher's trial:
    the demo's backlog legend listed mountain)."""
    from staffsim.cli import main
    from staffsim.results.plots import draw, style
    from staffsim.scenarios.loader import load_scenario

    from ..conftest import TINY_COMMUNES, write_scenario

    rows = TINY_COMMUNES.strip().splitlines()
    header, body = rows[0].split(","), [r.split(",") for r in rows[1:]]
    z = header.index("zone")
    for r in body:
        r[z] = "high_mountain" if r[z] != "lowland" else "lowland"
    assert {r[z] for r in body} == {"lowland", "high_mountain"}
    scenario = write_scenario(tmp_path, "[simulation]\nseed = 3\n",
                              communes="\n".join(",".join(r) for r in [header, *body]) + "\n")
    out = tmp_path / "run"
    assert main(["run", str(scenario), "--months", "2", "--out", str(out),
                 "--lang", "en"]) == 0
    labels: dict[str, list[str]] = {}

    def legend(fig, path):
        labels[path.stem] = [t.get_text() for ax in fig.axes if ax.get_legend()
                             for t in ax.get_legend().get_texts()]

    monkeypatch.setattr(style, "INSPECT", [legend])
    draw(out, ["backlog_by_zone", "wisn_ratio_by_zone"], out=tmp_path / "fig",
         scenario=load_scenario(scenario), lang="en")
    for name in ("backlog_by_zone", "wisn_ratio_by_zone"):
        assert "high mountain" in labels[name] and "lowland" in labels[name], labels
        assert "mountain" not in labels[name], labels


def test_a_wrapped_title_keeps_a_number_with_its_unit():
    """'re-optimised every 12 months: 122 FTE' wrapped at 34 characters broke before the
    unit ('122⏎FTE', compare's shortage maps in a researcher's trial): no line of a filled
    title ends with a number that had a word after it, and the words are all still there."""
    from staffsim.results.plots.style import fill

    unit = "người quy đổi"  # Vietnamese FTE: three words, one unit ('197 người quy⏎đổi')
    for text in ("re-optimised every 12 months: 122 FTE",
                 "optimised secondments (6 months): 158 FTE",
                 f"tái tối ưu mỗi 12 tháng: 1.234 {unit}"):
        for width in range(12, 40):
            lines = fill(text, width, (unit,)).split("\n")
            assert all(not line.rstrip()[-1:].isdigit() for line in lines[:-1]), lines
            assert " ".join(lines).replace("\u00a0", " ").split() == text.split()
            if unit in text:  # the number and its whole unit on one line
                assert any(ln.replace("\u00a0", " ").endswith(f"1.234 {unit}")
                           for ln in lines), lines
