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


def test_a_suggested_amount_is_typed_as_people_type_it(capsys):
    """The whatif command explain suggests for a larger budget said
    'optimizer.constraints.budget.vnd=47000000000.0' (a trial): a whole amount is written
    with digit groups, and stands for the value of the --json answer."""
    import re

    code, out, err = run_cli(capsys, "explain", str(THANH_HOA), "--commune", "Muong Min",
                             "--lang", "en")
    assert code == 0, err
    typed = re.findall(r"--set optimizer\.constraints\.budget\.vnd=(\S+)$", out, re.M)
    assert typed and all(re.fullmatch(r"\d{1,3}(_\d{3})+", t) for t in typed), typed
    code, out, err = run_cli(capsys, "explain", str(THANH_HOA), "--commune", "Muong Min",
                             "--json")
    data = json.loads(out)
    values = [h["value"] for h in data["would_help"]
              if h.get("parameter") == "optimizer.constraints.budget.vnd"]
    assert sorted(int(t.replace("_", "")) for t in typed) == sorted(values)
