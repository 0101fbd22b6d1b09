"""Figures drawn from a result folder's files (never from a live model), one function per
figure, registered by name (``registry.register_plot``).

``draw(folder, names)`` draws figures by name into ``folder/figures``. The figure modules, and
with them matplotlib, are imported only then: commands that draw nothing do not pay for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from staffsim.results.plots import worker
from staffsim.results.plots.registry import PLOTS, Plot, Source, zone_plot_names


def registered() -> dict[str, Plot]:
    """Every figure, by name (importing the figure modules registers them)."""
    # deferred: the figure modules import matplotlib
    from staffsim.results.plots import analysis, compare, frontier, plan, run  # noqa: F401

    return PLOTS


def draw(folder: Path, names: Sequence[str], communes=None,
         out: Path | None = None, local: bool = False) -> list[Path]:
    """Draw the named figures from ``folder``'s files into ``out`` (default
    ``folder/figures``); return the files in the order of ``names``. ``communes`` gives the
    coordinates a plan folder does not hold. The figure worker draws them if the command
    started one (``worker.start``) and ``local`` is not set; if it fails, this process
    does."""
    figure_worker = None if local else worker.current()
    if figure_worker is not None:
        try:
            return figure_worker.draw(folder, list(names), communes, out)
        except (RuntimeError, EOFError, OSError, ValueError):
            worker.stop()  # drawn here instead (and an unknown name is reported here)
    plots = registered()
    unknown = [n for n in names if n not in plots]
    if unknown:
        raise KeyError(f"no figure named {', '.join(unknown)}; registered: "
                       f"{', '.join(sorted(plots))}")
    out = Path(out) if out is not None else Path(folder) / "figures"
    out.mkdir(exist_ok=True)
    src = Source(Path(folder), communes)
    paths = []
    for name in names:
        path = out / plots[name].file
        plots[name].draw(src, path)
        paths.append(path)
    return paths


def draw_soon(folder: Path, names: Sequence[str], communes=None,
              out: Path | None = None) -> Callable[[], list[Path]]:
    """``draw``, started now: the figure worker, if any, draws while this process goes on
    writing; the returned function waits for the files (or draws them here if the worker
    fails). Without a worker the figures are drawn before this returns."""
    figure_worker = worker.current()
    if figure_worker is not None:
        try:
            figure_worker.send(folder, list(names), communes, out)
        except (OSError, ValueError):
            worker.stop()
        else:
            def wait() -> list[Path]:
                try:
                    return figure_worker.receive()
                except (RuntimeError, EOFError, OSError, ValueError):
                    worker.stop()
                    return draw(folder, names, communes, out, local=True)
            return wait
    paths = draw(folder, names, communes, out, local=True)
    return lambda: paths


def run_figures() -> list[str]:
    """The figures of a run folder: bands by zone of every outcome declared ``auto_plot``,
    and the WISN map."""
    return [*zone_plot_names(), "map_wisn_ratio"]
