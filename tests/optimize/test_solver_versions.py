"""Plans do not depend on the HiGHS version: the installed highspy and another release (1.15
and 1.16: 1.16 used to pick another plan among tied optima) give the same plans, on the fast
path and on HiGHS's own MIP solver."""

import importlib.metadata
import json
import os
import subprocess
import sys
import textwrap

import pytest

from ..conftest import REPO

CHILD = textwrap.dedent("""
    import json, sys
    import highspy, importlib.metadata
    import staffsim.optimize.families  # noqa: F401
    from staffsim.experiments.states import plan_state
    from staffsim.model.state import provinces
    from staffsim.optimize.solve import optimize_plan
    from staffsim.scenarios.loader import load_scenario

    out = {"highspy": importlib.metadata.version("highspy")}
    cases = [("thanh_hoa", {}, None, True), ("thanh_hoa", {"optimizer.budget_vnd": 36e9}, None,
             True), ("thanh_hoa", {"optimizer.budget_vnd": 36e9}, None, False),
             ("demo", {"optimizer.budget_vnd": 3e9}, None, False),
             ("vietnam", {}, ["44", "51", "68"], True)]
    for name, over, codes, fast in cases:
        sc = load_scenario(f"{sys.argv[1]}/scenarios/{name}.toml", over)
        state = plan_state(sc, 0)
        for code, sub in provinces(state):
            if codes and code not in codes:
                continue
            _, res, moves, _ = optimize_plan(sub, fast=fast)
            key = f"{name} {over} {code} {'fast' if fast else 'slow'}"
            out[key] = [res.status, round(res.objective["weighted_unmet"], 6),
                        [(sub.official_id[m.row], m.to, m.spec_to) for m in moves]]
    print(json.dumps(out))
""")


def _plans(pythonpath: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    r = subprocess.run([sys.executable, "-c", CHILD, str(REPO)], capture_output=True,
                       text=True, env=env, timeout=900)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout)


@pytest.mark.slow  # installs a wheel and spawns processes: .ci/run runs it in its own step
def test_plans_do_not_depend_on_the_highspy_version(tmp_path):
    installed = importlib.metadata.version("highspy")
    other = "1.16.0" if installed.startswith("1.15") else "1.15.1"
    target = tmp_path / "highspy"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                        "--disable-pip-version-check", "--target", str(target),
                        f"highspy=={other}"], capture_output=True, text=True)
    if r.returncode:
        pytest.skip(f"highspy {other} could not be installed: {r.stderr.strip()[-300:]}")
    mine, theirs = _plans(None), _plans(str(target))
    assert mine.pop("highspy") == installed and theirs.pop("highspy") == other
    assert mine.keys() == theirs.keys()
    for key in mine:
        assert mine[key][0] == "Optimal", key
        assert mine[key] == theirs[key], key
