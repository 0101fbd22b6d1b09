"""The figure worker draws what the command's own process would, ends with the command, and
hands back to the command's process when it fails."""

from __future__ import annotations

import os

import numpy as np
import pytest

from staffsim.results import figure_process
from staffsim.results.plots import draw, run_figures, worker
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


@pytest.fixture
def figure_worker(monkeypatch):
    monkeypatch.delenv("STAFFSIM_NO_FIGURE_WORKER", raising=False)
    monkeypatch.setattr(figure_process, "idle_core", lambda: True)
    worker.start()
    yield worker.current()
    worker.stop()


def _pixels(path):
    import matplotlib.image

    return matplotlib.image.imread(path)


@pytest.mark.slow  # spawns the worker process
def test_worker_draws_the_same_figures(figure_worker, folders, tmp_path):
    assert figure_worker is not None and figure_worker.proc.poll() is None
    communes = load_scenario(folders["scenario"]).communes
    scenario = load_scenario(folders["scenario"])
    for lang in ("vi", "en"):  # in the command's language, not the worker's default
        # several figures at once: half of them drawn by a forked copy of the worker
        for kind, names in (("plan", ["plan_map"]), ("run", run_figures())):
            (tmp_path / lang / kind).mkdir(parents=True)
            (tmp_path / lang / f"{kind}-local").mkdir()
            mine = draw(folders[kind], names, communes=communes, out=tmp_path / lang / kind,
                        scenario=scenario, lang=lang)
            assert worker.current() is figure_worker  # drawn by it, not handed back
            here = draw(folders[kind], names, communes=communes,
                        out=tmp_path / lang / f"{kind}-local", scenario=scenario, lang=lang,
                        local=True)
            for a, b in zip(mine, here, strict=True):
                assert a.name == b.name
                assert np.array_equal(_pixels(a), _pixels(b))
    vi, en = (_pixels(tmp_path / lang / "run" / "map_wisn_ratio.png") for lang in ("vi", "en"))
    assert not np.array_equal(vi, en)  # the words differ


@pytest.mark.slow  # spawns the worker process
def test_jobs_sent_together_are_answered_in_order(figure_worker, folders, tmp_path):
    # a job sent while the worker's forked copy still draws half of the one before is drawn
    # by the worker meanwhile (run's map beside its zone figures); each answer still
    # reaches its own job, in order, with the figures a job alone draws
    from staffsim.results.plots import draw_soon

    communes = load_scenario(folders["scenario"]).communes
    scenario = load_scenario(folders["scenario"])
    zone = [n for n in run_figures() if n != "map_wisn_ratio"]
    jobs = [(zone, tmp_path / "zone"), (["map_wisn_ratio"], tmp_path / "map"),
            (zone[:1], tmp_path / "again")]
    for _names, out in jobs:
        out.mkdir()
    waits = [draw_soon(folders["run"], names, communes=communes, out=out, scenario=scenario)
             for names, out in jobs]  # all sent before any answer is read
    got = [wait() for wait in waits]
    assert worker.current() is figure_worker  # drawn by it, not handed back
    for (names, out), paths in zip(jobs, got, strict=True):
        assert [p.name for p in paths] == [f"{n}.png" for n in names]
        assert all(p.parent == out for p in paths)
        alone = out.parent / f"{out.name}-local"
        alone.mkdir()
        here = draw(folders["run"], names, communes=communes, out=alone, scenario=scenario,
                    local=True)
        for a, b in zip(paths, here, strict=True):
            assert np.array_equal(_pixels(a), _pixels(b))


@pytest.mark.slow  # spawns the worker process
def test_a_failing_worker_hands_back_and_names_an_unknown_figure(figure_worker, folders):
    with pytest.raises(KeyError, match="no figure named nosuch"):
        draw(folders["run"], ["nosuch"])
    assert worker.current() is None  # stopped; the next figures are drawn here
    assert figure_worker.proc.wait(timeout=10) is not None


@pytest.mark.slow  # spawns the worker process
def test_worker_ends_when_its_command_ends(figure_worker):
    figure_worker.proc.stdin.close()  # what the command's exit does
    assert figure_worker.proc.wait(timeout=10) == 0


def test_no_worker_on_a_busy_machine(monkeypatch):
    """With no core free, the figure code loads in a thread instead of a second process."""
    monkeypatch.delenv("STAFFSIM_NO_FIGURE_WORKER", raising=False)
    monkeypatch.setattr(figure_process, "idle_core", lambda: False)
    started = []
    monkeypatch.setattr(worker, "_preload", lambda: started.append(True))
    worker.start()
    assert worker.current() is None
    import threading

    for t in threading.enumerate():
        if t.name == "figures":
            t.join(timeout=10)
    assert started == [True]


@pytest.mark.slow  # spawns the worker process
def test_worker_says_nothing_on_the_commands_stderr(monkeypatch):
    """Started as ``python -m`` after its package imported it, runpy warned on stderr."""
    import subprocess

    real, made = subprocess.Popen, []

    def popen(*args, **kwargs):
        made.append(real(*args, **{**kwargs, "stderr": subprocess.PIPE}))
        return made[-1]

    monkeypatch.setattr(figure_process.subprocess, "Popen", popen)
    monkeypatch.delenv("STAFFSIM_NO_FIGURE_WORKER", raising=False)
    monkeypatch.setattr(figure_process, "idle_core", lambda: True)
    worker.start()
    started = worker.current()
    assert started is not None
    started.proc.stdin.close()
    assert started.proc.wait(timeout=20) == 0
    worker.stop()
    assert made[0].stderr.read() == b""


def test_the_early_start_knows_every_command_that_draws():
    """``figure_process.DRAWING_COMMANDS`` (read before the commands are loaded) names
    exactly the commands whose function calls ``start_figures``."""
    import ast
    import inspect

    import staffsim.cli.app  # noqa: F401  (registers the commands)
    from staffsim.cli.common import cli

    drawing = set()
    for name, command in cli.commands.items():
        tree = ast.parse(inspect.getsource(inspect.unwrap(command.callback)))
        if any(isinstance(n, ast.Call) and getattr(n.func, "id", "") == "start_figures"
               for n in ast.walk(tree)):
            drawing.add(name)
    assert drawing == set(figure_process.DRAWING_COMMANDS)


@pytest.mark.parametrize(("args", "started"), [
    (["run", "s.toml"], True), (["plan", "--lang", "en", "s.toml"], True),
    (["plan", "--help"], False), (["validate", "s.toml"], False), ([], False),
])
def test_early_start_only_for_a_command_that_draws(monkeypatch, args, started):
    made = []
    monkeypatch.delenv("STAFFSIM_NO_FIGURE_WORKER", raising=False)
    monkeypatch.setattr(figure_process, "idle_core", lambda: True)
    monkeypatch.setattr(figure_process, "spawn", lambda: made.append(1) or FakeProc())
    figure_process.start_early(args)
    assert (figure_process.take() is not None) is started
    assert figure_process.take() is None  # handed over once
    assert len(made) == started


def test_the_worker_started_early_is_the_one_the_command_uses(monkeypatch):
    monkeypatch.delenv("STAFFSIM_NO_FIGURE_WORKER", raising=False)
    monkeypatch.setattr(figure_process, "idle_core", lambda: True)
    proc = FakeProc()
    monkeypatch.setattr(figure_process, "spawn", lambda: proc)
    figure_process.start_early(["run", "s.toml"])
    monkeypatch.setattr(figure_process, "spawn", lambda: pytest.fail("a second worker"))
    worker.start()
    try:
        assert worker.current().proc is proc
    finally:
        worker._WORKER = None


class FakeProc:
    def poll(self):
        return None


@pytest.mark.slow  # starts processes
def test_a_command_that_fails_before_drawing_leaves_no_worker_behind(tmp_path):
    """Bad input ends the command at once: the figure worker it started first (still
    importing matplotlib) is killed, so whoever reads the command's stderr is not kept
    waiting for it (it held the pipe 0.5 s)."""
    import subprocess
    import sys
    import time

    env = {k: v for k, v in os.environ.items() if k != "STAFFSIM_NO_FIGURE_WORKER"}
    code = ("import sys; from staffsim.results import figure_process as f; "
            "f.idle_core = lambda: True; "  # as on an idle machine, whatever runs beside
            f"sys.argv = ['staffsim', 'plan', {str(tmp_path / 'nosuch.toml')!r}]; "
            "from staffsim.cli import main; sys.exit(main())")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env)
    assert proc.wait(timeout=60) == 2
    ended = time.monotonic()
    err = proc.stderr.read()  # returns once every holder of the pipe has ended
    held = time.monotonic() - ended
    assert "nosuch.toml" in err and "Traceback" not in err, err
    assert held < 0.05, held  # no worker left holding it (one still importing: 0.1-0.5 s)


def test_a_worker_never_asked_is_killed_not_waited_for(monkeypatch):
    killed = []
    monkeypatch.setattr(figure_process, "kill", lambda proc: killed.append(proc))
    w = worker.FigureWorker(FakeProc())
    w.close()
    assert killed == [w.proc]


@pytest.mark.slow  # starts the worker process
def test_a_worker_whose_command_is_gone_ends_quietly(tmp_path):
    """The command ended (Ctrl-C, kill) while the worker drew: its answer has nowhere to go;
    it ends with no traceback on the command's stderr (it printed a BrokenPipeError)."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-c", "from staffsim.results.plots.worker import main; main()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "MPLBACKEND": "Agg"})
    proc.stdout.close()  # the command is gone: nobody reads the answer
    worker._send(proc.stdin, (tmp_path / "gone", ["plan_map"], None, None, None))
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0
    err = proc.stderr.read().decode()
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_the_worker_loads_no_scenario_models():
    # the worker is ready for a run's figures only as soon as its imports end: the scenario
    # models (pydantic, 0.15 s) are not among them (a frontier figure loads them itself)
    import subprocess
    import sys

    code = ("import sys; from staffsim.results.plots import registered; registered(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' "
            "or m == 'staffsim.scenarios.params'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "MPLBACKEND": "Agg"}, check=True)
    assert out.stdout.strip() == "[]"


def test_a_plan_maps_job_unpickles_without_the_scenario_models():
    # the plan map's job carries the communes table (and the pool's units): unpickling it
    # imported the table's module, which imported the scenario models, 0.3 s of the worker's
    # CPU after the plan was solved, while the command waited for the map
    import pickle
    import subprocess
    import sys

    scenario = load_scenario(SCENARIOS / "thanh_hoa.toml")
    units = (scenario.communes if scenario.pool is None
             else scenario.communes.concat(scenario.pool.units))
    job = pickle.dumps(("folder", ["plan_map"], units, None, {"lang": "vi"}))
    code = ("import pickle, sys; from staffsim.results.plots import registered; registered(); "
            "job = pickle.loads(sys.stdin.buffer.read()); "
            "print(type(job[2]).__name__, sorted(m for m in sys.modules "
            "if m.split('.')[0] == 'pydantic' or m == 'staffsim.scenarios.params'))")
    out = subprocess.run([sys.executable, "-c", code], input=job, capture_output=True,
                         env={**os.environ, "MPLBACKEND": "Agg"}, check=True)
    assert out.stdout.decode().strip() == "Communes []"


@pytest.mark.figures
def test_a_frontier_figure_draws_without_the_scenario_models(folders, tmp_path):
    # the frontier folder records the lever's full key and unit (results.words.lever_meaning):
    # the worker drew the figure after every point was solved, and importing the parameter
    # models and the constraint families to name the axis took 0.3-0.5 s of it
    import json
    import shutil
    import subprocess
    import sys

    meta = json.loads((folders["frontier"] / "frontier.json").read_text(encoding="utf-8"))
    assert (meta["lever_key"], meta["lever_unit"]) == ("optimizer.constraints.budget.vnd",
                                                       "VND")
    # a folder written before they were recorded: named through the models, as before
    old = tmp_path / "old"
    shutil.copytree(folders["frontier"], old)
    del meta["lever_key"], meta["lever_unit"]
    (old / "frontier.json").write_text(json.dumps(meta), encoding="utf-8")
    pngs = []
    for folder in (folders["frontier"], old):
        out = tmp_path / f"{folder.name}-png"
        out.mkdir()
        code = ("import sys; from staffsim.results.plots import draw; "
                f"draw({str(folder)!r}, ['frontier'], out={str(out)!r}, local=True); "
                "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' "
                "or m == 'staffsim.scenarios.params'))")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**os.environ, "MPLBACKEND": "Agg"}, check=True)
        pngs.append((out / "frontier.png").read_bytes())
        if folder == folders["frontier"]:
            assert done.stdout.strip() == "[]", done.stdout
    assert pngs[0] == pngs[1]  # the same words and axis from the record as from the models


def test_the_worker_names_parameters_with_their_units():
    # the worker imports neither the scenario models nor the constraint families: a figure
    # that names a lever (frontier, sweep) loads them itself. Before, a frontier drawn by the
    # worker had raw VND ticks and no unit, and an alias went unnamed
    import subprocess
    import sys

    code = ("from staffsim.results.plots import registered; registered(); "
            "from staffsim.results.words import setting_value, lever_label, words; "
            "_ = words('en'); "
            "print(setting_value(_, 'optimizer.constraints.budget.vnd', 45e9)); "
            "print(lever_label(_, 'optimizer.budget_vnd'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "MPLBACKEND": "Agg"}, check=True)
    assert out.stdout.splitlines() == ["VND 45.0 bn", "allowance budget"]


def test_the_worker_skips_only_the_set_docstrings():
    # the worker imports matplotlib without the set() docstrings matplotlib writes for every
    # Artist class (0.15 s of its start-up): drawing must not notice. Aliases and properties
    # still go through set(), and the docstrings are indeed skipped (else the saving is gone)
    import subprocess
    import sys

    code = ("from staffsim.results.plots import worker; worker._skip_set_docstrings(); "
            "from staffsim.results.plots.style import plt; "
            "from matplotlib.lines import Line2D; "
            "fig, ax = plt.subplots(); (line,) = ax.plot([0, 1], [1, 2]); "
            "line.set(lw=3.5, color='red', label='x'); "
            "print(line.get_linewidth(), line.get_color(), line.get_label()); "
            "print('linewidth' in (Line2D.set.__doc__ or ''))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "MPLBACKEND": "Agg"}, check=True)
    assert out.stdout.splitlines() == ["3.5 red x", "False"]


def test_a_job_that_cannot_be_read_meanwhile_gets_its_own_error_answer():
    # a job read while the forked copy draws (``_next_job``) whose unpickling fails: its
    # bytes are taken from the pipe, so it must be answered (as failed, in its turn); the
    # exception escaped _wait_child instead, the job before got the error answer and this
    # one none (review90: the worker answered 'ValueError' to a correctly drawn job and
    # nothing to the next)
    import pickle

    class Unreadable:
        def __reduce__(self):
            return (int, ("not a number",))  # ValueError when unpickled

    read, write = os.pipe()
    data = pickle.dumps(("folder", ["map_wisn_ratio"], Unreadable(), None, {}))
    os.write(write, worker._HEADER.pack(len(data)) + data)
    os.close(write)
    drawn: list = []
    with os.fdopen(read, "rb", buffering=0) as stdin:
        then = worker._next_job(stdin, drawn)
        assert then is not None
        then()
        assert stdin.read() == b""  # the job was taken whole
    assert len(drawn) == 1 and drawn[0][0] == "error"
    assert "ValueError" in drawn[0][1]


# the worker forks itself to draw (plots.worker._draw_split); in the test it runs in pytest's
# process, whose other threads Python warns about (the worker itself runs none)
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_job_waiting_while_the_copy_draws_is_drawn_meanwhile(tmp_path):
    # deterministic (a test sending jobs to a real worker may find the copy already done):
    # a copy that draws for 0.6 s, a job already in the pipe; the wait draws it before the
    # copy ends, and answers it in ``drawn``; with nothing in the pipe it draws nothing
    import pickle
    import time

    calls: list[float] = []

    def fork_sleeping() -> int:
        pid = os.fork()
        if pid == 0:  # (never back into the test runner, whatever happens)
            try:
                time.sleep(0.6)
            finally:
                os._exit(0)
        return pid

    for waiting in (True, False):
        read, write = os.pipe()
        if waiting:
            data = pickle.dumps((tmp_path, [], None, None, {}))
            os.write(write, worker._HEADER.pack(len(data)) + data)
        drawn: list = []
        with os.fdopen(read, "rb", buffering=0) as stdin:
            pid = fork_sleeping()
            start = time.monotonic()

            def next_job(stdin=stdin, drawn=drawn, start=start):
                then = worker._next_job(stdin, drawn)
                if then is None:
                    return None

                def draw_it(then=then, start=start):
                    calls.append(time.monotonic() - start)
                    then()
                return draw_it

            assert worker._wait_child(pid, 30.0, next_job) is True
            took = time.monotonic() - start
        os.close(write)
        if waiting:
            assert len(calls) == 1 and calls[0] < 0.3 < took  # drawn while the copy ran
            assert drawn == [("ok", [])]  # (no figure asked: an empty answer)
        else:
            assert len(calls) == 1 and drawn == []


def test_the_worker_draws_without_the_3d_axes():
    # the worker leaves matplotlib's 3-D axes unimported (0.04-0.06 s of its start-up): no
    # figure may need them, matplotlib must not warn about it on the command's stderr, and
    # the module must really stay out (else the saving is gone)
    import subprocess
    import sys

    code = ("import sys; from staffsim.results.plots import worker; worker._skip_3d(); "
            "worker._skip_set_docstrings(); "
            "from staffsim.results.plots import registered; registered(); worker._warm_up(); "
            "print(sys.modules.get('mpl_toolkits.mplot3d'))")
    out = subprocess.run([sys.executable, "-W", "default", "-c", code], capture_output=True,
                         text=True, env={**os.environ, "MPLBACKEND": "Agg"}, check=True)
    assert out.stdout.splitlines() == ["None"]
    assert "Axes3D" not in out.stderr
