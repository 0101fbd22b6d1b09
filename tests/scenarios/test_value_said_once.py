"""A refused value is said once: 'must be a finite number, not nan (got nan)' and 'a 17-digit
number is too large ... (got 10,000,000,000,000,000)' said it twice, the second in another
form (a review of this round's fix for 'a 301-digit number ... (got a 301-digit number)')."""

import pytest

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")


@pytest.mark.parametrize(("setting", "said", "value"), [
    ("simulation.months=nan", "must be a finite number, not nan", "nan"),
    ("optimizer.max_moves=1e400", "must be a finite number, not inf", "inf"),
    # an integer field: the number grouped, as a float's is, not 'a 17-digit number'
    ("optimizer.max_moves=10000000000000000", "10,000,000,000,000,000 is too large",
     "10,000,000,000,000,000"),
])
def test_a_refused_value_is_said_once(capsys, setting, said, value):
    code, _, err = run_cli(capsys, "validate", DEMO, "--set", setting, "--lang", "en")
    assert_one_line_error(code, err, said)
    assert err.count(value) == 1, err
