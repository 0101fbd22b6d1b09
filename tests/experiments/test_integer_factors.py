"""A swept factor with integer = true: a range holding fewer than two whole numbers is
refused (rounded, it is a constant: a researcher's trial swept workload.intensity over
[0.8, 1.3] with integer = true, ran 1 at every point, and the analysis named it among the
factors varied); a sampled value is rounded within the range's whole numbers."""

import pytest

from staffsim.experiments.design import Factor
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import validate_params

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli


@pytest.mark.parametrize(("low", "high", "whole"), [(0.8, 1.3, 1), (1.3, 1.8, 0), (2, 2.9, 1)])
def test_a_range_with_fewer_than_two_whole_numbers_is_refused(low, high, whole):
    data = {"sweep": {"uncertainties": {"workload.intensity": {"range": [low, high],
                                                                "integer": True}}}}
    with pytest.raises(ScenarioError, match=f"leaves {whole} whole number"):
        validate_params(data, "s.toml")
    data["sweep"]["uncertainties"]["workload.intensity"]["range"] = [low, high + 2]
    validate_params(data, "s.toml")  # two whole numbers: it varies


def test_the_command_line_says_it_in_one_line(capsys):
    code, out, err = run_cli(capsys, "validate", str(SCENARIOS / "demo.toml"), "--set",
                             'sweep.uncertainties."workload.intensity"={range=[0.8,1.3], '
                             "integer=true}", "--lang", "en")
    assert_one_line_error(code, err, "sweep.uncertainties.workload.intensity: integer = true "
                          "leaves 1 whole number in the range [0.8, 1.3]")


def test_rounding_stays_within_the_range():
    params = validate_params({"sweep": {"levers": {"optimizer.max_moves": {
        "range": [0.5, 3.4], "integer": True}}}}, "s.toml")
    spec = params.sweep.levers["optimizer.max_moves"]
    f = Factor("optimizer.max_moves", "lever", spec)
    # by hand: halves round to even (0.5 to 0, 2.5 to 2); 0 is below the range, whose least
    # whole number is 1
    assert [f.cast(v) for v in (0.5, 0.6, 1.5, 2.5, 3.4)] == [1, 1, 2, 2, 3]
