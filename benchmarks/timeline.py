"""Where a command's time goes: runs a staffsim command in this process with its steps'
functions wrapped, and prints when each began and ended (seconds since this script started,
Python's own start-up of about 0.05 s not counted) and in which thread, on stderr.

    STAFFSIM_NO_CACHE=1 .venv/bin/python benchmarks/timeline.py \
        plan scenarios/thanh_hoa.toml --out /tmp/p

The wrapping costs time of its own (2.0 s instrumented against 1.5 s for the same plan): read
the steps' lengths and their order, not the total. The README's "Where plan Thanh Hóa's time
goes" comes from it.
"""
import contextlib
import functools
import gc
import importlib
import os
import sys
import threading
import time

T0 = time.perf_counter()
# as the staffsim command sets them before its imports (staffsim.cli.main)
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
gc.set_threshold(20_000)
marks = []


def mark(s):
    marks.append((time.perf_counter() - T0, threading.current_thread().name[:10], s))


mark("start")
import staffsim.cli.app as app  # noqa: E402  (timed: the command line's imports)

mark("cli imported")


def wrap(modname, attr, obj=None):
    m = obj or importlib.import_module(modname)
    if not hasattr(m, attr):
        return
    f = getattr(m, attr)

    @functools.wraps(f)
    def w(*a, **k):
        mark(f">{attr}")
        try:
            return f(*a, **k)
        finally:
            mark(f"<{attr}")
    setattr(m, attr, w)


for mod, names in {
    "staffsim.scenarios.loader": ["load_scenario"],
    "staffsim.experiments.states": ["plan_state"],
    "staffsim.optimize.planner": ["plan_all", "plan_province", "_greedy", "remember"],
    "staffsim.optimize.solve": ["build_inputs", "build_problem", "fast_solver", "decode_moves",
                                "solve_problem", "optimize_plan"],
    "staffsim.optimize.whatif": ["plan_reports", "plan_report"],
    "staffsim.cli.plan": ["scenario_read", "claim_output", "check_annex_path"],
    "staffsim.results.plan_folder": ["write_plan", "plan_summary", "plan_report",
                                     "write_report", "write_balance", "write_plan_csv",
                                     "write_resolved_scenario"],
}.items():
    for n in names:
        wrap(mod, n)
import staffsim.optimize.branch as br  # noqa: E402
import staffsim.optimize.planner as PL  # noqa: E402
import staffsim.results.plan_folder as PF  # noqa: E402

wrap(None, "solve", br.BranchAndBound)
wrap(None, "finish", PL.ProvincePlan)
ods = PF.draw_soon


def ds(*a, **k):
    w = ods(*a, **k)

    def w2():
        mark(">figwait")
        r = w()
        mark("<figwait")
        return r
    return w2


PF.draw_soon = ds
import atexit  # noqa: E402


def dump():
    mark("exit")
    for t, th, s in marks:
        print(f"{t:7.3f} {th:10s} {s}", file=sys.stderr)


atexit.register(dump)
sys.argv = ["staffsim"] + sys.argv[1:]
with contextlib.suppress(SystemExit):
    app.main()
