"""Figures drawn from a result folder's files (never from a live model), one function per
figure, registered by name (``registry.register_plot``).

``draw(folder, names)`` draws figures by name into ``folder/figures``. The figure modules, and
with them matplotlib, are imported only then: commands that draw nothing do not pay for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from staffsim import i18n
from staffsim.results.plots.registry import PLOTS, Plot, Source, zone_plot_names


def registered() -> dict[str, Plot]:
    """Every figure, by name (importing the figure modules registers them)."""
    # deferred: the figure modules import matplotlib
    from staffsim.results.plots import analysis, compare, frontier, plan, run  # noqa: F401

    return PLOTS


def draw(folder: Path, names: Sequence[str], communes=None,
         out: Path | None = None, scenario=None, lang: str | None = None) -> list[Path]:
    """Draw the named figures from ``folder``'s files into ``out`` (default
    ``folder/figures``); return the files in the order of ``names``. ``communes`` gives the
    coordinates a plan folder does not hold; ``scenario`` (a loaded scenario, or its params)
    the place and the start month of the titles and time axes; ``lang`` the language
    (default: the current one)."""
    plots = registered()
    unknown = [n for n in names if n not in plots]
    if unknown:
        raise KeyError(f"no figure named {', '.join(unknown)}; registered: "
                       f"{', '.join(sorted(plots))}")
    out = Path(out) if out is not None else Path(folder) / "figures"
    out.mkdir(exist_ok=True)
    src = Source(Path(folder), communes, lang=lang or i18n.current_language(),
                 **figure_context(scenario))
    paths = []
    for name in names:
        path = out / plots[name].file
        plots[name].draw(src, path)
        paths.append(path)
    return paths


def run_figures() -> list[str]:
    """The figures of a run folder: bands by zone of every outcome declared ``auto_plot``,
    and the WISN map."""
    return [*zone_plot_names(), "map_wisn_ratio"]


def figure_context(scenario=None) -> dict:
    """Where and when, for the titles and time axes: from a scenario (or its params)."""
    if scenario is None:
        return {}
    params = getattr(scenario, "params", scenario)
    prov = params.province
    return {"place": prov.name, "start": (prov.start_year, prov.start_month)}
