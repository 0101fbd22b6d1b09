"""Text settings are plain text of a bounded length (a hostile trial, 2 December 2026): a
200 KB province name was printed whole on stderr and in the report, an escape character in it
made matplotlib warn of a missing glyph, and a right-to-left override reached report.html."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")


@pytest.mark.parametrize(("value", "said"), [
    (r'"A\u001bB"', "holds a control character (U+001B); allowed: plain text"),
    (r'"Tỉnh \u202eX"', "holds a control character (U+202E); allowed: plain text"),
    (r'"Tỉnh\nThanh Hóa"', "holds a control character (U+000A); allowed: plain text"),
    ('"' + "x" * 1001 + '"', "is 1,001 characters long; allowed: at most 1,000"),
])
def test_refused_in_one_line(capsys, value, said):
    code, _, err = run_cli(capsys, "validate", "--lang", "en", DEMO, "--set",
                           f"province.name={value}")
    assert_one_line_error(code, err, "province.name", said)
    assert len(err) < 500  # (the value is cut where it is quoted)


def test_refused_in_vietnamese(capsys):
    code, _, err = run_cli(capsys, "validate", "--lang", "vi", DEMO, "--set",
                           r'province.name="A\u001bB"')
    assert_one_line_error(code, err, "province.name",
                          "có ký tự điều khiển (U+001B); cho phép: văn bản thường")


@pytest.mark.parametrize("name", ["Tỉnh Thanh Hóa", "x" * 1000, "Nghệ\u200dAn",
                                  "Thanh Hoa\u0301"])  # (a joiner; a combining accent)
def test_plain_names_are_taken(capsys, name):
    code, out, err = run_cli(capsys, "validate", "--lang", "en", DEMO, "--set",
                             f'province.name="{name}"')
    assert code == 0, err
