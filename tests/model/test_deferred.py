"""Modules imported on first use: the placeholder stands for the module in every way a caller
uses it, and tools that walk sys.modules do not import it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def _run(code: str) -> str:
    r = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


@pytest.mark.slow  # a fresh interpreter: the test process has imported everything already
def test_pandas_and_orloge_wait_for_first_use():
    out = _run("""
        import sys
        import staffsim.model.model, staffsim.optimize.planner  # mesa, pulp
        import inspect
        inspect.getmodule(inspect.currentframe())  # walks sys.modules, as Mesa does
        print(type(sys.modules["pandas"]).__name__, type(sys.modules["orloge"]).__name__,
              "pandas.core.frame" in sys.modules, "cpsat_logutils" in sys.modules)
        import pandas as pd
        frame = pd.DataFrame({"a": [1, 2]})
        from pandas.core.frame import DataFrame
        import orloge
        print(frame.shape, DataFrame is pd.DataFrame, callable(orloge.get_info_solver),
              type(sys.modules["pandas"]).__name__)
    """)
    first, second = out.splitlines()
    assert first == "Deferred Deferred False False"
    assert second == "(2, 1) True True module"


@pytest.mark.slow  # a fresh interpreter, as above
def test_mesa_spaces_wait_for_first_use():
    """Mesa's cell, continuous and legacy grid spaces (a submodule deferred without importing
    its parent package first), networkx and sqlite3 (Mesa's data recorders): not loaded by
    the model, whole when asked for."""
    out = _run("""
        import sys
        import staffsim.model.model
        print(type(sys.modules["mesa.discrete_space"]).__name__,
              type(sys.modules["mesa.experimental.continuous_space"]).__name__,
              type(sys.modules["networkx"]).__name__, "scipy.spatial" in sys.modules,
              type(sys.modules["mesa.space"]).__name__, type(sys.modules["sqlite3"]).__name__)
        import mesa
        from mesa.discrete_space import OrthogonalMooreGrid
        grid = OrthogonalMooreGrid((3, 3), torus=False)
        import mesa.space
        print(len(list(grid.all_cells)), mesa.discrete_space.OrthogonalMooreGrid is
              OrthogonalMooreGrid, mesa.space.nx.Graph().number_of_nodes(),
              mesa.experimental.continuous_space.ContinuousSpace.__name__)
        space = mesa.space.MultiGrid(2, 2, torus=False)
        import sqlite3
        with sqlite3.connect(":memory:") as db:
            row = db.execute("select 1 + 1").fetchone()
        print(space.width * space.height, row[0], type(sys.modules["mesa.space"]).__name__,
              mesa.space is sys.modules["mesa.space"] or type(mesa.space).__name__)
    """)
    first, second, third = out.splitlines()
    assert first == "Deferred Deferred Deferred False Deferred Deferred"
    assert second == "9 True 0 ContinuousSpace"
    assert third.split()[:3] == ["4", "2", "module"]


@pytest.mark.slow  # a fresh interpreter, as above
def test_mesa_logging_names_without_stack_walks():
    """Mesa imported through ``import_mesa``: its loggers carry the names Mesa's own stack
    walk gives them (the module's name under MESA, the class of a logged method), and its
    logging module has ``inspect`` back afterwards."""
    out = _run("""
        import inspect, logging, sys
        import staffsim.model.model
        import mesa
        from mesa.mesa_logging import method_logger
        print(mesa.model._mesa_logger.name, mesa.mesa_logging.inspect is inspect,
              mesa.mesa_logging is sys.modules["mesa.mesa_logging"])
        records = []
        class Keep(logging.Handler):
            def emit(self, record):
                records.append(record.getMessage())
        log = logging.getLogger("MESA.here")
        log.addHandler(Keep()); log.setLevel(logging.DEBUG)
        class Counter:
            @method_logger("here")
            def step(self, n):
                return n + 1
        print(Counter().step(1), records[0].split(" with ")[0])
    """)
    first, second = out.splitlines()
    assert first == "MESA.mesa.model True True"
    assert second == "2 calling Counter.step"


@pytest.mark.slow  # a fresh interpreter, as above
def test_mesa_without_tqdm_until_a_progress_bar():
    """Mesa's batch runner imports tqdm.auto (and with it asyncio) when Mesa is imported:
    the model loads neither, Mesa's batch_run still makes a real tqdm bar and runs, and a
    later ``import tqdm.auto`` is the real module, not the stand-in."""
    out = _run("""
        import sys
        import staffsim.model.model
        import mesa
        print("tqdm" in sys.modules, "asyncio" in sys.modules, "tqdm.auto" in sys.modules)

        class Tiny(mesa.Model):
            def __init__(self, n=1, rng=None):
                super().__init__(rng=rng)
                self.n = n
                self.datacollector = mesa.DataCollector(model_reporters={"n": "n"})
            def step(self):
                self.datacollector.collect(self)

        rows = mesa.batch_run(Tiny, {"n": [1, 2]}, rng=[None], max_steps=1,
                              number_processes=1, display_progress=False)
        import tqdm.auto
        from tqdm import tqdm as real
        bar = mesa.batchrunner.tqdm(total=1, disable=True)
        print(len(rows), type(bar).__name__, issubclass(type(bar), real),
              tqdm.auto.__file__.endswith("auto.py"))
    """)
    first, second = out.splitlines()
    assert first == "False False False"
    assert second.split()[0] == "2" and second.split()[2:] == ["True", "True"]
