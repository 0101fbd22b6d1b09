"""A warning about a value given on the command line (--set) names its source in the user's
language, as an error does: 'dòng lệnh', not 'command line', in Vietnamese."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli


@pytest.mark.parametrize(("lang", "source", "other"), [("vi", "dòng lệnh", "command line"),
                                                      ("en", "command line", "dòng lệnh")])
def test_a_set_values_warning_names_the_command_line_in_the_language(capsys, lang, source,
                                                                    other):
    code, out, err = run_cli(capsys, "validate", str(SCENARIOS / "demo.toml"), "--lang", lang,
                             "--set", "optimizer.constraints.budget.vnd=1000")
    assert code == 0, err
    (line,) = [ln for ln in err.splitlines() if "optimizer.constraints.budget.vnd" in ln]
    assert f": {source}: optimizer.constraints.budget.vnd: " in line
    assert other not in line
