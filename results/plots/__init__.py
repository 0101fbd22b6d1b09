"""Figures drawn from a result folder's files (never from a live model), one function per
figure, registered by name (``registry.register_plot``).

``draw(folder, names)`` draws figures by name into ``folder/figures``. The figure modules, and
with them matplotlib, are imported only then: commands that draw nothing do not pay for it.
Titles and time axes say where and when (``scenario``), in the language (``lang``, default
the current one); the figure worker gets both with each job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from staffsim import i18n
from staffsim.results.plots import worker
from staffsim.results.plots.registry import PLOTS, Plot, Source, zone_plot_names


def registered() -> dict[str, Plot]:
    """Every figure, by name (importing the figure modules registers them)."""
    # deferred: the figure modules import matplotlib
    from staffsim.results.plots import analysis, compare, frontier, plan, run  # noqa: F401

    return PLOTS


def figure_context(scenario=None, lang: str | None = None) -> dict:
    """Where, when and in which language, for the titles and time axes: from a scenario (or
    its params); a plain dict, so the figure worker receives it with the job."""
    context: dict = {"lang": lang or i18n.current_language()}
    if scenario is not None:
        prov = getattr(scenario, "params", scenario).province
        # the provinces a scenario selects (Scenario.place), else its province's name
        context.update(place=getattr(scenario, "place", prov.name),
                       start=(prov.start_year, prov.start_month))
    return context


def draw(folder: Path, names: Sequence[str], communes=None, out: Path | None = None,
         scenario=None, lang: str | None = None, local: bool = False,
         context: dict | None = None) -> list[Path]:
    """Draw the named figures from ``folder``'s files into ``out`` (default
    ``folder/figures``); return the files in the order of ``names``. ``communes`` gives the
    coordinates a plan folder does not hold; ``scenario`` (a loaded scenario, or its params)
    the place and the start month of the titles and time axes; ``lang`` the language
    (default: the current one). The figure worker draws them if the command started one
    (``worker.start``) and ``local`` is not set; if it fails, this process does."""
    context = context or figure_context(scenario, lang)
    figure_worker = None if local else worker.current()
    if figure_worker is not None:
        try:
            return figure_worker.draw(folder, list(names), communes, out, context)
        except (RuntimeError, EOFError, OSError, ValueError):
            worker.stop()  # drawn here instead (and an unknown name is reported here)
    plots = registered()
    unknown = [n for n in names if n not in plots]
    if unknown:
        raise KeyError(f"no figure named {', '.join(unknown)}; registered: "
                       f"{', '.join(sorted(plots))}")
    paths = figure_paths(folder, names, out)
    if paths:
        paths[0].parent.mkdir(exist_ok=True)
    src = Source(Path(folder), communes, **context)
    for name, path in zip(names, paths, strict=True):
        plots[name].draw(src, path)
    return paths


def figure_paths(folder: Path, names: Sequence[str], out: Path | None = None) -> list[Path]:
    """The files ``draw`` writes the named figures to."""
    plots = registered()
    out = Path(out) if out is not None else Path(folder) / "figures"
    return [out / plots[name].file for name in names]


def draw_soon(folder: Path, names: Sequence[str], communes=None, out: Path | None = None,
              scenario=None, lang: str | None = None) -> Callable[[], list[Path]]:
    """``draw``, started now: the figure worker, if any, draws while this process goes on
    writing; the returned function waits for the files (or draws them here if the worker
    fails). Without a worker the figures are drawn before this returns."""
    context = figure_context(scenario, lang)
    figure_worker = worker.current()
    if figure_worker is not None:
        try:
            figure_worker.send(folder, list(names), communes, out, context)
        except (OSError, ValueError):
            worker.stop()
        else:
            def wait() -> list[Path]:
                try:
                    return figure_worker.receive()
                except (RuntimeError, EOFError, OSError, ValueError):
                    worker.stop()
                    return draw(folder, names, communes, out, local=True, context=context)
            return wait
    paths = draw(folder, names, communes, out, local=True, context=context)
    return lambda: paths


def run_figures() -> list[str]:
    """The figures of a run folder: bands by zone of every outcome declared ``auto_plot``,
    and the WISN map."""
    return [*zone_plot_names(), "map_wisn_ratio"]
