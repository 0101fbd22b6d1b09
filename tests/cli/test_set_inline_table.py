"""An inline table given to --set sets the keys it names and keeps the others, as if each were
given dotted. 'staffsim run scenarios/demo.toml --set simulation={months=4}' replaced the whole
[simulation] section: the demo's seed 7 silently went back to the default 20250701 (and every
other key of the section to its default), and the folder's scenario.toml said so as if asked."""

from __future__ import annotations

import json
import tomllib

import pytest

from staffsim.cli.common import overrides_from
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS, write_scenario
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")
# the file's own values, which an inline table that does not name them must keep
BODY = ("[simulation]\nmonths = 6\nseed = 11\nreplications = 2\n"
        "[optimizer.allowance]\nmonths = 30\n"
        "[optimizer.allowance.zone_multiple]\nmountain = 1.7\n")


def test_the_seed_and_the_other_keys_of_the_section_survive(tmp_path):
    path = write_scenario(tmp_path, BODY)
    sim = load_scenario(path, overrides_from(("simulation={months=4}",))).params.simulation
    assert (sim.months, sim.seed, sim.replications) == (4, 11, 2)  # 11 and 2: the file's
    # the demo scenario of the report: its seed is 7 (scenarios/demo.toml)
    assert load_scenario(DEMO, overrides_from(("simulation={months=4}",))
                         ).params.simulation.seed == 7


def test_a_nested_table_merges_at_every_level(tmp_path):
    path = write_scenario(tmp_path, BODY)
    default = load_scenario(path).params.optimizer.allowance.zone_multiple
    a = load_scenario(path, overrides_from(
        ("optimizer={allowance={zone_multiple={high_mountain=2.5}}}",))).params.optimizer
    assert a.allowance.zone_multiple.high_mountain == 2.5
    assert a.allowance.zone_multiple.mountain == 1.7  # the file's, one level up kept
    assert a.allowance.zone_multiple.lowland == default.lowland
    assert a.allowance.months == 30  # the file's, two levels up kept
    # the same as each key given dotted, a short name inside the table too
    dotted = load_scenario(path, overrides_from(
        ("optimizer.allowance.zone_multiple.high_mountain=2.5",))).params
    assert dotted.optimizer == a
    short = load_scenario(path, overrides_from(("optimizer={budget_vnd=4e9}",))).params
    assert short.optimizer.constraints.budget.vnd == 4e9


def test_a_table_and_a_dotted_key_of_the_same_section_both_apply(tmp_path):
    path = write_scenario(tmp_path, BODY)
    sim = load_scenario(path, overrides_from(("simulation.seed=5", "simulation={months=4}"))
                        ).params.simulation
    assert (sim.months, sim.seed, sim.replications) == (4, 5, 2)


def _unmet(folder):
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return summary["unmet_fte_months"]["province"]["mean"]


def test_the_folder_s_scenario_toml_reproduces_the_run(tmp_path, capsys):
    first, dotted, replay = tmp_path / "first", tmp_path / "dotted", tmp_path / "replay"
    code, _, err = run_cli(capsys, "run", DEMO, "--set", "simulation={months=3}", "--set",
                           "output.figures=false", "--out", str(first))
    assert code == 0, err
    written = tomllib.loads((first / "scenario.toml").read_text(encoding="utf-8"))
    assert written["simulation"]["seed"] == 7 and written["simulation"]["months"] == 3
    # the documented equivalent: the key given dotted
    code, _, err = run_cli(capsys, "run", DEMO, "--set", "simulation.months=3", "--set",
                           "output.figures=false", "--out", str(dotted))
    assert code == 0, err
    code, _, err = run_cli(capsys, "run", str(first / "scenario.toml"), "--out", str(replay))
    assert code == 0, err
    assert _unmet(first) == _unmet(dotted) == _unmet(replay)


def test_a_bad_key_inside_the_table_is_named(tmp_path, capsys):
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "run", DEMO, "--set", "simulation={monts=4}",
                           "--out", str(out))
    assert_one_line_error(code, err, "command line: simulation.monts: unknown key",
                          "months")
    assert not out.exists()


@pytest.mark.parametrize(("table", "said"), [
    ("simulation={months=5}", "simulation.months=5 and --months 4 give different values"),
    ("simulation={seed=3, months=5}", "simulation.months=5 and --months 4"),
])
def test_a_flag_and_a_table_that_disagree_are_refused(tmp_path, capsys, table, said):
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "run", DEMO, "--months", "4", "--set", table,
                           "--out", str(out))
    assert_one_line_error(code, err, said)
    assert not out.exists()


def test_a_flag_and_a_table_that_agree_keep_the_table_s_other_keys():
    sim = load_scenario(DEMO, overrides_from(("simulation={months=4, seed=3}",),
                                             **{"simulation.months": 4})).params.simulation
    assert (sim.months, sim.seed) == (4, 3)


def test_an_empty_table_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "run", DEMO, "--set", "simulation={}", "--out", str(out))
    assert_one_line_error(code, err, "'simulation={}' names no key")
    assert not out.exists()


def test_a_table_that_named_only_the_flag_s_key_leaves_nothing_behind():
    # the overrides are given again as --set KEY=VALUE (a sweep's resume command,
    # results.sweep_folder.resume_command): an empty table left there would be refused
    over = overrides_from(("simulation={months=4}",), **{"simulation.months": 4})
    assert dict(over) == {"simulation.months": 4}
    assert over.shadowed == {"simulation.months": (4, "--months 4")}
