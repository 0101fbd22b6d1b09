"""A Vietnamese error line writes the numbers it quotes as Vietnamese writes them: a repeated
value read 'lặp lại giá trị 1,000,000,000' and a list given '(nhận được [1000000000.0, inf])',
Python's repr (a researcher's trial)."""

from __future__ import annotations

from staffsim.results.error_words import error_line
from staffsim.results.words import Words
from staffsim.scenarios.errors import ScenarioError

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

REPEATED = ("repeats the value {v}; give each value once (a repeated value runs the same "
            "points again)")


def test_a_repeated_value_is_written_in_vietnamese_numbers():
    for given, said in (("1,000,000,000", "1.000.000.000"), ("0.5", "0,5"), ("7", "7")):
        e = ScenarioError("a.toml", "sweep.levers.k.values", REPEATED.format(v=given))
        assert f"lặp lại giá trị {said};" in error_line(Words("vi"), e)
        assert f"repeats the value {given};" in error_line(Words("en"), e)


def test_a_list_given_is_written_as_toml_and_in_the_language(capsys):
    key = 'sweep.levers."optimizer.constraints.budget.vnd".range=[1e9, inf]'
    for lang, said in (("en", "(got [1,000,000,000, inf])"),
                       ("vi", "(nhận được [1.000.000.000, inf])")):
        code, _, err = run_cli(capsys, "validate", str(SCENARIOS / "thanh_hoa.toml"),
                               "--set", key, "--lang", lang)
        assert_one_line_error(code, err, said)
        assert "1000000000.0" not in err
