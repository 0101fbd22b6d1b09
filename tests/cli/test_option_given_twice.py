"""An option of one value given twice with different values is refused, as a flag and a
--set that disagree are (a hostile trial: '--months 2 --months 3' ran 3 months, '--out A
--out B' wrote only B, without a word). Options meant to repeat stay repeatable."""

import pytest

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")


@pytest.mark.parametrize("args,first,second,option", [
    (["run", DEMO, "--months", "2", "--months", "3"], "--months 2", "--months 3", "--months"),
    (["run", DEMO, "--months=2", "--months", "3"], "--months 2", "--months 3", "--months"),
    (["plan", DEMO, "--time-limit", "5", "--time-limit", "6"], "--time-limit 5",
     "--time-limit 6", "--time-limit"),
])
def test_an_option_given_twice_with_different_values_is_refused(capsys, tmp_path, args,
                                                                 first, second, option):
    out_dir = tmp_path / "r"
    code, out, err = run_cli(capsys, *args, "--out", str(out_dir), "--lang", "en")
    assert_one_line_error(code, err, f"staffsim: error: command line: {first} and {second} "
                          f"give different values; give {option} once")
    assert not out_dir.exists()
    code, out, err = run_cli(capsys, *args, "--out", str(out_dir), "--lang", "vi")
    assert_one_line_error(code, err, f"staffsim: lỗi: dòng lệnh: {first} và {second} cho hai "
                          f"giá trị khác nhau; chỉ ghi {option} một lần")


def test_out_given_twice_writes_nothing(capsys, tmp_path):
    a, b = tmp_path / "A", tmp_path / "B"
    code, out, err = run_cli(capsys, "run", DEMO, "--months", "1", "--out", str(a), "--out",
                             str(b), "--lang", "en")
    assert_one_line_error(code, err, f"--out {a} and --out {b} give different values; give "
                          "--out once")
    assert not a.exists() and not b.exists()


def test_the_same_value_twice_and_repeatable_options_pass(capsys, tmp_path):
    # '2' and '02' are the same month count; --set repeats by design
    code, out, err = run_cli(capsys, "validate", DEMO, "--set", "simulation.seed=3", "--set",
                             "simulation.months=4", "--lang", "en", "--lang", "en")
    assert code == 0, err
    code, out, err = run_cli(capsys, "run", DEMO, "--months", "2", "--months", "02",
                             "--out", str(tmp_path / "r"), "--lang", "en")
    assert code == 0, err
    assert "2 months" in out
