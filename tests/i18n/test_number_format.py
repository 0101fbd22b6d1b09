"""Numbers are written as Babel writes them (CLDR patterns '#,##0.0…' in vi and en): the
fast path in ``i18n._number`` is checked against Babel itself, the independent source, on
random values, halfway cases (2.675: half to even on the decimal text, not the binary
value), numpy scalars and values beyond Babel's 28 digits."""

import random

import numpy as np
import pytest
from babel.numbers import format_decimal

from staffsim import i18n


def _babel(x, decimals: int, lang: str) -> str:
    return format_decimal(x, format="#,##0" + ("." + "0" * decimals if decimals else ""),
                          locale=lang)


def _values() -> list:
    rng = random.Random(20251201)
    out: list = [2.675, 0.125, 1.5, 2.5, -2.5, 0.05, 1.005, 999_999.995, 12_345.678_9,
                 1e15, 2**60, 2.0**60, np.float32(0.1), np.float64(2.675), np.int64(1_234_567),
                 1e-7, 123_456_789.123_456_789, 7, -7]
    for _ in range(20_000):
        x = rng.uniform(-1, 1) * 10 ** rng.randint(-6, 15)
        if rng.random() < 0.3:  # halfway cases at some decimal
            x = round(x, rng.randint(0, 4)) + rng.choice([0.5, 0.05, 0.005, 0.0005])
        out.append(x)
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_numbers_are_written_as_babel_writes_them(lang):
    i18n._number.cache_clear()
    bad = [(x, d, i18n._number(x, d, lang), _babel(x, d, lang))
           for x in _values() for d in range(5)
           if i18n._number(x, d, lang) != _babel(x, d, lang)]
    assert bad == [], bad[:5]


def test_beyond_babels_digits_the_whole_number_is_grouped():
    assert i18n.number(1e30, 0, "vi") == "1.000.000.000.000.000.019.884.624.838.656"
    assert i18n.number(1e30, 0, "en") == "1,000,000,000,000,000,019,884,624,838,656"
    assert i18n.number(1234.5, 1, "vi") == "1.234,5" and i18n.number(-0.04, 1, "en") == "0.0"


def test_infinite_and_nan_values_are_written_as_babel_writes_them():
    for x in (float("inf"), -float("inf"), float("nan")):
        for lang in ("vi", "en"):
            assert i18n.number(x, 1, lang) == _babel(x, 1, lang)
