"""staffsim validate reports every problem of a scenario's parameters and compare arms, one line
each (up to 50, then how many more), exit 2: it reported only the first, so a user fixed it and
ran again to find the next."""

from __future__ import annotations

from ..conftest import write_scenario
from ..helpers import run_cli

# three faults of three kinds, in three arms (README "Policies over time": an arm is policies
# and a `set` of parameters; what every arm shares may not be set by one)
ARMS = """
[compare]
default_arms = ["none", "a", "b", "c"]

[compare.arms.a]
policies = ["optimsed_transfers"]

[compare.arms.b]
policies = ["optimised_transfers"]
set = {"simulation.seed" = 9}

[compare.arms.c]
policies = ["recruitment"]
set = {"optimizer.allowance.zone_multiple.high_mountain" = -1}
"""
# three faults the parameters' own reading finds (the arms cannot be set up before)
SECTIONS = """
[compare]
months = 0

[compare.arms.d]
polices = ["recruitment"]

[compare.arms.e]
policies = "recruitment"
"""


def _lines(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.strip()]


def test_three_faults_of_the_arms_are_each_named(tmp_path, capsys):
    path = write_scenario(tmp_path, ARMS)
    code, out, err = run_cli(capsys, "validate", "--lang", "en", str(path))
    lines = _lines(err)
    assert code == 2 and ": ok (" not in out
    assert len(lines) == 3, err
    assert all(ln.startswith(f"staffsim: error: {path}: compare.arms.") for ln in lines), err
    policy, seed, multiple = lines
    assert "compare.arms.a.policies: unknown policy 'optimsed_transfers'" in policy
    assert "known: " in policy and "optimised_transfers" in policy
    assert "compare.arms.b.set.simulation.seed: every arm runs with the same" in seed
    assert "remove it from the arm" in seed
    assert "optimizer.allowance.zone_multiple.high_mountain" in multiple
    assert "must be at least 0 (got -1)" in multiple
    assert "Traceback" not in err


def test_three_faults_of_the_sections_are_each_named(tmp_path, capsys):
    path = write_scenario(tmp_path, SECTIONS)
    code, _out, err = run_cli(capsys, "validate", "--lang", "en", str(path))
    lines = _lines(err)
    assert code == 2 and len(lines) == 3, err
    text = "\n".join(lines)
    assert f"{path}: compare.months:" in text and "must be at least 1" in text
    assert f"{path}: compare.arms.d.polices: unknown key; did you mean policies?" in text
    assert f"{path}: compare.arms.e.policies:" in text and "valid list" in text


def test_the_lines_are_in_vietnamese_by_default(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("STAFFSIM_LANG")
    path = write_scenario(tmp_path, ARMS)
    code, _out, err = run_cli(capsys, "validate", str(path))
    lines = _lines(err)
    assert code == 2 and len(lines) == 3, err
    assert all(ln.startswith("staffsim: lỗi: ") for ln in lines), err
    assert "unknown" not in err and "allowed" not in err


def test_many_problems_are_bounded_with_a_count(tmp_path, capsys):
    # 60 arms with an unknown policy each: 50 lines, then how many more (the table rule)
    arms = "".join(f'[compare.arms.x{i}]\npolicies = ["nosuch"]\n' for i in range(60))
    path = write_scenario(tmp_path, '[compare]\ndefault_arms = ["none"]\n' + arms)
    code, _out, err = run_cli(capsys, "validate", "--lang", "en", str(path))
    lines = _lines(err)
    assert code == 2 and len(lines) == 51, err
    assert sum("unknown policy 'nosuch'" in ln for ln in lines) == 50
    assert "and 10 more problems" in lines[-1]


def test_a_sweep_problem_is_named_beside_the_arms(tmp_path, capsys):
    sweep = ('[sweep.levers."optimizer.budget_vnd"]\nrange = [0, 1e9]\n'
             '[sweep]\npolicies = ["nosuch"]\n')
    path = write_scenario(tmp_path, ARMS + sweep)
    code, _out, err = run_cli(capsys, "validate", "--lang", "en", str(path))
    lines = _lines(err)
    assert code == 2 and len(lines) == 4, err
    assert "sweep.policies: unknown policy 'nosuch'" in lines[-1]


def test_a_scenario_without_problems_is_still_ok(tmp_path, capsys):
    path = write_scenario(tmp_path, '[compare.arms.a]\npolicies = ["recruitment"]\n')
    code, out, err = run_cli(capsys, "validate", "--lang", "en", str(path))
    assert code == 0, err
    assert ": ok (" in out


# a what-if the file records, with two faults in its settings (a trial: validate said 'ok',
# whatif then refused the negative budget)
WHATIF = """
[whatif]
set = ["optimizer.budget_vnd=-5", "optimizer.nonsense=3"]
"""


def test_the_what_if_a_file_records_is_validated_too(tmp_path, capsys):
    path = write_scenario(tmp_path, WHATIF)
    code, out, err = run_cli(capsys, "validate", "--lang", "en", str(path))
    lines = _lines(err)
    assert code == 2 and ": ok (" not in out, err
    assert len(lines) == 2, err
    budget, key = sorted(lines)
    assert f"{path}: whatif.set: optimizer.budget_vnd:" in budget and "(got -5)" in budget, lines
    assert f"{path}: whatif.set: optimizer.nonsense: unknown key" in key, lines
    # a sound recorded what-if: ok
    path = write_scenario(tmp_path, '\n[whatif]\nset = ["optimizer.budget_vnd=30e9"]\n'
                                    'move = ["X=Y"]\n')
    code, out, err = run_cli(capsys, "validate", "--lang", "en", str(path))
    assert code == 0 and ": ok (" in out, err


def test_a_recorded_what_if_that_changes_a_shared_setting_is_refused_by_validate(
        tmp_path, capsys):
    # validate said 'ok', whatif refused it, naming 'whatif.set simulation.seed' without the
    # colon every other key has (a trial)
    path = write_scenario(tmp_path, '\n[whatif]\nset = ["simulation.seed=3"]\n')
    for command in ("validate", "whatif"):
        code, _out, err = run_cli(capsys, command, "--lang", "en", str(path))
        lines = _lines(err)
        assert code == 2 and len(lines) == 1, err
        assert f"{path}: whatif.set: simulation.seed: changes simulation.seed" in lines[0], err
