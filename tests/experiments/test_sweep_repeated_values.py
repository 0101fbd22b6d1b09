"""A sweep factor listing a value twice is refused (a researcher's trial: 'values = [1.0, 1.0]'
ran, saying '6 points, 3 of them distinct (whole-number ranges round some points to the same
values)': no range, nothing rounded; the list repeated a value)."""

from __future__ import annotations

import pytest

from ..helpers import assert_one_line_error, run_cli
from .test_sweep import SWEEP, demo_sweep


@pytest.mark.parametrize(("values", "shown"), [("[1.0, 1.0]", "1"), ("[0.9, 1, 1.0]", "1"),
                                               ('["a", "b", "a"]', "'a'")])
@pytest.mark.parametrize("command", ["validate", "sweep"])
def test_a_repeated_value_is_refused_naming_the_factor_and_the_value(tmp_path, capsys, values,
                                                                     shown, command):
    body = SWEEP.replace('[sweep.uncertainties."dynamics.attrition_annual"]\nrange = [0.01, '
                         '0.08]', f'[sweep.uncertainties."workload.intensity"]\nvalues = '
                         f'{values}')
    assert "workload.intensity" in body
    path = demo_sweep(tmp_path, body)
    out = tmp_path / "out"
    extra = ["--out", str(out), "--workers", "1"] if command == "sweep" else []
    code, _, err = run_cli(capsys, command, "--lang", "en", str(path), *extra)
    assert_one_line_error(code, err, str(path), "sweep.uncertainties.workload.intensity",
                          f"repeats the value {shown}")
    assert not out.exists()


def test_distinct_values_still_run(tmp_path, capsys):
    body = SWEEP.replace('[sweep.uncertainties."dynamics.attrition_annual"]\nrange = [0.01, '
                         '0.08]', '[sweep.uncertainties."workload.intensity"]\nvalues = '
                         '[0.9, 1.1]')
    code, _, err = run_cli(capsys, "validate", "--lang", "en", str(demo_sweep(tmp_path, body)))
    assert code == 0, err
