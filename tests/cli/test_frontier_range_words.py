"""frontier names a --range end it refuses as it was typed (a trial: '--range
(optimizer.budget_vnd=-5000000000.0)', the float's repr, for a typed -5e9)."""

import pytest

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli


@pytest.mark.parametrize(("span", "typed"), [("-5e9:10e9:3", "-5e9"), ("0:1e30:3", "1e30")])
def test_a_refused_end_of_the_range_is_named_as_typed(capsys, span, typed):
    code, _, err = run_cli(capsys, "frontier", str(SCENARIOS / "demo.toml"), "--lever",
                           "optimizer.budget_vnd", f"--range={span}", "--lang", "en")
    assert_one_line_error(code, err, f"--range {typed} (optimizer.budget_vnd): ")
    assert "0000.0" not in err and "e+" not in err
