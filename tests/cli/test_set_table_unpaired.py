"""An inline table given to --set that TOML cannot read (a quote, brace or bracket left open,
a key named twice, an item without '=') is said in plain words, as a list's unpaired
brackets are: it got pydantic's 'Input should be a valid dictionary or instance of
SimulationParams' in English and 'là một nhóm tham số, không phải một giá trị' (a section of
settings, not a value) in Vietnamese, of a value the planner meant as exactly that."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")

UNPAIRED = {
    "en": "is not an inline table as TOML writes one: its braces, brackets or quotes do not "
          "pair up (e.g. --set 'simulation={months=12}')",
    "vi": "không phải là một bảng giá trị {...} viết theo TOML: các dấu ngoặc nhọn, ngoặc "
          "vuông hoặc dấu nháy không khớp thành cặp (ví dụ --set 'simulation={months=12}')",
}


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize(("key", "value"), [
    ("simulation", '{months="12}'),  # the quote left open
    ("simulation", "{months='12}"),
    ("simulation", '{"months=12}'),  # in the key
    ("simulation", "{months=12"),  # the brace
    ("simulation", "{months=12}}"),
    ("simulation", "{months=[1, 2}"),  # a bracket inside
    ("optimizer.allowance.zone_multiple", '{lowland="1.5}'),
    ("roster.province_totals", '{"38=6230}'),  # a field whose value is a table
    ("sweep.levers.\"optimizer.constraints.budget.vnd\"", "{range=[1, 2}"),
    ("optimizer", '{allowance={zone_multiple={lowland="1}}}'),  # nested
])
def test_an_unpaired_quote_or_brace_in_an_inline_table_is_said_plainly(capsys, lang, key,
                                                                        value):
    code, out, err = run_cli(capsys, "validate", DEMO, "--lang", lang, "--set",
                             f"{key}={value}")
    assert not out
    assert_one_line_error(code, err, f"{key}: {value!r} {UNPAIRED[lang]}")
    assert "dictionary" not in err and "nhóm tham số" not in err


@pytest.mark.parametrize(("lang", "value", "said"), [
    ("en", "{months=1, months=2}", "it names months twice; give each key once"),
    ("vi", "{months=1, months=2}", "khóa months được ghi hai lần; mỗi khóa chỉ ghi một lần"),
    ("en", "{months 12}", "KEY=VALUE items separated by commas (e.g. --set "
                          "'simulation={months=12, seed=7}')"),
    ("vi", "{months 12}", "các mục KHÓA=GIÁ_TRỊ cách nhau bằng dấu phẩy"),
    ("en", "{months=12} x", "KEY=VALUE items separated by commas"),
])
def test_an_inline_table_toml_cannot_read_otherwise_is_said_plainly(capsys, lang, value, said):
    code, out, err = run_cli(capsys, "validate", DEMO, "--lang", lang, "--set",
                             f"simulation={value}")
    assert not out
    assert_one_line_error(code, err, f"simulation: {value!r} ", said)
    assert "dictionary" not in err and "nhóm tham số" not in err


def test_a_text_field_may_still_start_with_a_brace(capsys):
    """Only a key that takes a table is read as one: a name is a text, whatever it holds."""
    code, _out, err = run_cli(capsys, "validate", DEMO, "--lang", "en", "--set",
                              "province.name={Tỉnh")
    assert code == 0, err
