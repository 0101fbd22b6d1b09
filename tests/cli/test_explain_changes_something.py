"""explain tries only changes that change a setting (a trial: Mường Mìn's answer ended 'does
not help: lower the donor floor to 0%', the floor being 0% already; its --json said
'was': 0.0, 'value': 0.0)."""

import json

from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import run_cli

THANH_HOA = SCENARIOS / "thanh_hoa.toml"


def test_every_change_explain_tries_moves_its_setting(capsys):
    params = load_scenario(THANH_HOA).params
    assert params.optimizer.constraints.donor_floor.share == 0  # (the trial's case)
    code, out, err = run_cli(capsys, "explain", str(THANH_HOA), "--commune", "Muong Min",
                             "--json")
    assert code == 0, err
    entries = []

    def walk(x):
        if isinstance(x, dict):
            if "was" in x and "value" in x:
                entries.append(x)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(json.loads(out))
    assert entries  # the budget and the donor quota, at least
    for e in entries:
        assert e["value"] != e["was"], e
