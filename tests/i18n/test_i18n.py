"""Words, numbers, money and dates for people, in Vietnamese and English."""

import datetime as dt
from pathlib import Path

import pytest

from staffsim import i18n

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("x", "decimals", "vi", "en"), [
    (1234.5, 1, "1.234,5", "1,234.5"),
    (6230, 0, "6.230", "6,230"),
    (-0.04, 1, "0,0", "0.0"),  # rounds to zero: no sign (an interval read "[-2, -0]")
    (1_000_000, 0, "1.000.000", "1,000,000"),
])
def test_numbers_use_each_languages_separators(x, decimals, vi, en):
    assert i18n.number(x, decimals, "vi") == vi
    assert i18n.number(x, decimals, "en") == en


def test_numbers_do_not_depend_on_what_was_formatted_before():
    # formatted numbers are cached: values that compare equal must not share an answer
    # that differs (0.0 and -0.0; 2 and 2.0 at the same decimals)
    assert i18n.number(0.0, 1, "vi") == "0,0"
    assert i18n.number(-0.0, 1, "vi") == "0,0"  # never "-0,0" for a zero
    assert i18n.number(2, 2, "en") == i18n.number(2.0, 2, "en") == "2.00"
    assert i18n.number(2.675, 2, "en") == "2.68"  # Babel's rounding of the shortest repr
    assert i18n.number(2.675, 2, "vi") == "2,68"  # (per language)
    # equal under ==, written differently by Babel (it reads a float through its repr)
    big = [i18n.number(2**60, 0, "en"), i18n.number(2.0**60, 0, "en")]
    assert big == ["1,152,921,504,606,846,976", "1,152,921,504,606,847,000"]
    import numpy as np

    assert i18n.number(np.float32(2.675), 2, "en") == "2.68"
    assert i18n.number(float(np.float32(2.675)), 2, "en") == "2.67"


@pytest.mark.parametrize(("vnd", "vi", "en"), [
    (45e9, "45,0 tỷ đồng", "VND 45.0 bn"),
    (37.6e9, "37,6 tỷ đồng", "VND 37.6 bn"),
    (206.7e9, "207 tỷ đồng", "VND 207 bn"),
    (2_340_000, "2,3 triệu đồng", "VND 2.3 m"),
    (500_000, "500.000 đồng", "VND 500,000"),
])
def test_money_in_the_unit_a_reader_expects(vnd, vi, en):
    assert i18n.money(vnd, "vi") == vi
    assert i18n.money(vnd, "en") == en


def test_dates_and_simulation_months():
    assert i18n.date(dt.date(2026, 11, 30), "vi") == "30/11/2026"
    assert i18n.date(dt.date(2026, 11, 30), "en") == "30 Nov 2026"
    # month 0 of a scenario starting July 2025 is July 2025; month 6 is January 2026
    assert i18n.month(2025, 7, 0, "vi") == "07/2025"
    assert i18n.month(2025, 7, 6, "en") == "Jan 2026"
    assert i18n.month_start(2025, 12, 1) == dt.date(2026, 1, 1)


def test_language_context_and_translation():
    assert i18n.current_language() == "vi"
    assert i18n.gettext("mountain") == "miền núi"
    with i18n.language("en"):
        assert i18n.gettext("mountain") == "mountain"
        assert i18n.percent(0.853) == "85.3%"
    assert i18n.percent(0.853) == "85,3%"
    assert i18n.gettext("a message nobody translated") == "a message nobody translated"
    with pytest.raises(ValueError, match="vi, en"):
        i18n.set_language("fr")


def test_compiled_catalogue_is_up_to_date():
    """Every translation in a .po is in its committed .mo (else: scripts/compile_catalogue.py)."""
    import gettext

    from babel.messages.pofile import read_po

    pos = list((REPO / "i18n" / "locale").rglob("*.po"))
    assert pos, "no catalogue"
    for po in pos:
        with open(po, "rb") as f:
            wanted = {m.id: m.string for m in read_po(f) if m.id and m.string}
        with open(po.with_suffix(".mo"), "rb") as f:
            compiled = gettext.GNUTranslations(f)
        stale = {k for k, v in wanted.items() if compiled.gettext(k) != v}
        assert not stale, f"{po.with_suffix('.mo')} is stale ({sorted(stale)[:3]}): run " \
                          "python scripts/compile_catalogue.py"


def test_no_message_is_translated_twice():
    """A msgid appended to a .po that already has it: babel keeps one translation silently,
    and which one is not the author's choice ('Against the baseline' came twice, with two
    Vietnamese wordings)."""
    import ast
    from collections import Counter

    for po in (REPO / "i18n" / "locale").rglob("*.po"):
        ids: list[str] = []
        current: list[str] | None = None
        for line in po.read_text(encoding="utf-8").splitlines():
            if line.startswith("msgid "):
                current = [ast.literal_eval(line[6:])]
            elif current is not None and line.startswith('"'):
                current.append(ast.literal_eval(line))
            elif current is not None:
                ids.append("".join(current))
                current = None
        twice = sorted(i for i, n in Counter(ids).items() if i and n > 1)
        assert not twice, f"{po}: translated twice: {twice[:3]}"


@pytest.mark.parametrize(("text", "vi", "en"), [
    ("36,5", 36.5, 36.5),  # a decimal comma, as Vietnamese writes it: never 365
    ("36.5", 36.5, 36.5),  # a decimal point, as a keyboard habit
    ("1,25", 1.25, 1.25),
    ("1.000", 1000.0, 1.0),  # each language's own marks: a thousand (vi), one (en)
    ("1,000", 1.0, 1000.0),
    ("36,125", 36.125, 36125.0),  # what plain_number writes in vi reads back in vi
    ("0.125", 0.125, 0.125),  # no thousands group starts with 0 (it read 125)
    ("12.345.678", 12345678.0, None),
    ("1.234,5", 1234.5, None),
    ("1,234.5", None, 1234.5),
    ("45", 45.0, 45.0),
    ("1 000", 1000.0, 1000.0),
    ("-2", -2.0, -2.0),
    ("", None, None), ("abc", None, None), ("1.2.3", None, None), (",5", None, None),
    ("5,", None, None), ("nan", None, None), ("1e9", None, None),
])
def test_numbers_as_people_type_them(text, vi, en):
    assert i18n.parse_number(text, "vi") == vi
    assert i18n.parse_number(text, "en") == en


def test_plain_numbers_read_back():
    for x in (0.0, 1.25, 45.0, 36.5, 1000.0, 0.05, 12345.678, 36.125, 1.125, 0.125):
        for lang in ("vi", "en"):
            assert i18n.parse_number(i18n.plain_number(x, lang), lang) == x
    assert i18n.plain_number(1.25, "vi") == "1,25" and i18n.plain_number(1.25, "en") == "1.25"


def test_a_negative_number_that_rounds_to_zero_is_zero():
    # a whatif interval read '[-2, -0]'
    assert [i18n.number(x, 0, "vi") for x in (-0.3, -0.5, -0.51, -2.4)] == ["0", "0", "-1", "-2"]
    assert i18n.number(-0.04, 1, "en") == "0.0" and i18n.number(-0.06, 1, "en") == "-0.1"
