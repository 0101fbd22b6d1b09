"""whatif echoed a lever's value as typed: --set optimizer.recipient_zones="vung cao" (or
"núi cao", read as the high mountains) gave the heading '(vùng được nhận là vung cao)',
'(recipient zones set to vung cao)' in English, and whatif.json stored ["núi cao"] (an HR
trial, F4/F19). The value is said and kept as the scenario read it."""

from __future__ import annotations

import json

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")


@pytest.mark.parametrize("typed", ["vung cao", "núi cao"])
def test_the_zone_typed_is_said_by_its_name(capsys, typed):
    key = f"optimizer.recipient_zones={typed}"
    code, out, err = run_cli(capsys, "whatif", DEMO, "--set", key, "--lang", "vi")
    assert code == 0, err
    assert out.splitlines()[0].endswith("(vùng được nhận là vùng cao)"), out.splitlines()[0]
    code, out, err = run_cli(capsys, "whatif", DEMO, "--set", key, "--lang", "en")
    assert code == 0, err
    assert out.splitlines()[0].endswith("(recipient zones set to high mountain)")
    code, out, err = run_cli(capsys, "whatif", DEMO, "--set", key, "--json")
    assert code == 0, err
    assert json.loads(out)["overrides"] == {"optimizer.recipient_zones": ["high_mountain"]}
