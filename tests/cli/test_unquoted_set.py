"""`--set optimizer.budget_vnd=36 tỷ` without quotes: the shell splits the value at the space
and click said only "unexpected extra argument (tỷ)" (an HR officer's trial, with the README's
own unit words); the line now says to quote the value, showing how."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

TH = str(SCENARIOS / "thanh_hoa.toml")


@pytest.mark.parametrize(("lang", "line"), [
    ("en", 'staffsim: error: --set optimizer.budget_vnd=36 tỷ: a value with a space goes in '
           'quotes, e.g. --set "optimizer.budget_vnd=36 tỷ"'),
    ("vi", 'staffsim: lỗi: --set optimizer.budget_vnd=36 tỷ: giá trị có dấu cách phải đặt '
           'trong dấu ngoặc kép, ví dụ --set "optimizer.budget_vnd=36 tỷ"'),
])
def test_a_set_value_split_by_the_shell_says_to_quote_it(capsys, lang, line):
    code, out, err = run_cli(capsys, "whatif", TH, "--lang", lang, "--set",
                             "optimizer.budget_vnd=36", "tỷ")
    assert code == 2 and not out
    assert err.strip().splitlines() == [line]


def test_an_extra_argument_elsewhere_is_said_as_before(capsys):
    code, _, err = run_cli(capsys, "plan", TH, "other.toml", "--lang", "en", "--set",
                           "optimizer.budget_vnd=36e9")
    assert code == 2
    assert err.strip() == "staffsim: error: Got unexpected extra argument (other.toml)"
