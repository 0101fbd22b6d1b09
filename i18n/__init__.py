"""Words and numbers for people, in Vietnamese (the default) or English.

One gettext catalogue (``locale/vi/LC_MESSAGES/staffsim.po``; message ids are the English text)
serves the command line, the reports, the figures and the dashboard. Numbers, money and dates
follow the language's conventions through Babel: 1.234,5 and 30/11/2026 in Vietnamese,
1,234.5 and 30 Nov 2026 in English.

The language is a context variable: ``set_language`` for a whole command, ``language(...)`` for
a block (a dashboard request), or ``lang=`` on any call.
"""

from __future__ import annotations

import datetime as dt
import decimal
import gettext as _gettext
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal

LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
DOMAIN = "staffsim"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current: ContextVar[str] = ContextVar("staffsim_language", default=DEFAULT_LANGUAGE)


def check_language(lang: str) -> str:
    """``lang`` if supported; ValueError naming the supported ones otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; use one of {', '.join(LANGUAGES)}")
    return lang


def set_language(lang: str) -> None:
    """Make ``lang`` the language of everything that follows in this context."""
    _current.set(check_language(lang))


def current_language() -> str:
    return _current.get()


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Use ``lang`` inside the block only."""
    token = _current.set(check_language(lang))
    try:
        yield
    finally:
        _current.reset(token)


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    # English is the message ids themselves; a missing catalogue falls back to them too.
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def gettext(message: str, lang: str | None = None) -> str:
    """``message`` (English) in the current language or ``lang``."""
    return _translations(lang or _current.get()).gettext(message)


_ = gettext


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (tables of messages built
    at import time are translated where they are shown)."""
    return message


def _english_float(v: float) -> str:
    """A float in a message's English text: whole numbers whole (44,984,160,000, never
    4.49842e+10), others to six significant digits, never in scientific notation."""
    if v != v or v in (float("inf"), float("-inf")):
        return repr(v)
    if v.is_integer() and abs(v) < 1e18:
        return f"{int(v):,}"
    text = f"{v:,.6g}"
    return text if "e" not in text else f"{v:,.2f}" if abs(v) >= 1 else f"{v:.10f}".rstrip("0")


class Said(str):
    """A message for people made below the command line: its English text (it is a str, so
    logs, tests and JSON see that) that keeps its catalogue id and values, so that the
    command line says it in the user's language (``results.finding_words.say``)."""

    msgid: str
    values: dict

    def __new__(cls, msgid: str, **values: object) -> Said:
        english = {k: _english_float(v) if isinstance(v, float) else f"{v:,}"
                   if type(v) is int else v for k, v in values.items()}
        text = super().__new__(cls, msgid.format(**english))
        text.msgid, text.values = msgid, values
        return text

    # these messages cross processes (a province planned in a worker process): each is made
    # again from what it was made of, not from its text (str's own pickling calls
    # __new__ with the text alone, which failed or, for Listed, split the text anew)
    def __reduce__(self) -> tuple:
        return _said, (self.msgid, self.values)


def _said(msgid: str, values: dict) -> Said:
    return Said(msgid, **values)


class Listed(str):
    """Several ``Said`` messages in one value of another ('…; …': the things to try), each
    said in the user's language (``results.finding_words.say``)."""

    parts: tuple[str, ...]

    def __new__(cls, parts: list[str]) -> Listed:
        text = super().__new__(cls, "; ".join(parts))
        text.parts = tuple(parts)
        return text

    def __reduce__(self) -> tuple:
        return Listed, (list(self.parts),)


class Term(str):
    """A specialty or zones in English words (a str, as logs, tests and JSON see it) that
    keeps its kind ("specialty", "zones") and key ('land'; 'mountain/high_mountain'), so that
    ``Said`` messages say it in the user's language mid-sentence
    (``results.finding_words.say``)."""

    kind: str
    key: str

    def __new__(cls, kind: str, key: str, english: str) -> Term:
        text = super().__new__(cls, english)
        text.kind, text.key = kind, key
        return text

    def __reduce__(self) -> tuple:
        return Term, (self.kind, self.key, str(self))


class Named(str):
    """A list of scenario parameters in English words (a str: '…, …') that keeps their
    dotted keys and English labels, so that ``Said`` messages name them in the user's
    language (``results.finding_words.say``)."""

    keys: tuple[str, ...]
    labels: tuple[str, ...]

    def __new__(cls, keys: list[str], labels: list[str]) -> Named:
        text = super().__new__(cls, ", ".join(labels))
        text.keys, text.labels = tuple(keys), tuple(labels)
        return text

    def __reduce__(self) -> tuple:
        return Named, (list(self.keys), list(self.labels))


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    return _translations(lang or _current.get()).ngettext(singular, plural, n)


def _locale(lang: str | None) -> str:
    return lang or _current.get()


_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")


def parse_number(text: str, lang: str | None = None) -> float | None:
    """A number as a person types it, or None. The language's decimal mark is always one
    (',' in vi, '.' in en: what ``plain_number`` writes reads back); its thousands mark
    groups thousands before groups of three digits ('1.000' is 1000 in vi) and is otherwise
    read as a decimal mark, as keyboards type it ('36.5' in vi is 36.5); a number does not
    start with a group '0' ('0.125' is 0.125 in either language); spaces are ignored."""
    lang = _locale(lang)
    t = str(text).replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    sign = ""
    if t[:1] in "+-":
        sign, t = t[:1], t[1:]
    if not t or not re.fullmatch(r"[\d.,]+", t) or not t[0].isdigit():
        return None
    decimal, thousands = (",", ".") if lang == "vi" else (".", ",")
    if t.count(decimal) > 1:
        return None
    whole, _sep, frac = t.partition(decimal)
    if thousands in whole:
        grouped = _GROUPED.fullmatch(whole) and not whole.startswith("0")
        if grouped:
            whole = whole.replace(thousands, "")
        elif not _sep and whole.count(thousands) == 1 and not whole.endswith(thousands):
            whole, frac = whole.split(thousands)  # the other mark as a decimal: '36.5' (vi)
        else:
            return None
    if not whole.isdigit() or (frac and not frac.isdigit()) or (_sep and not frac):
        return None
    try:
        x = float(sign + whole + ("." + frac if frac else ""))
    except ValueError:
        return None
    return x if x == x and abs(x) != float("inf") else None


def plain_number(x: float, lang: str | None = None, max_decimals: int = 4) -> str:
    """``x`` with as few decimals as it needs (up to ``max_decimals``), as the language
    writes it: 45, 1,25 (vi); 45, 1.25 (en); what ``parse_number`` reads back."""
    decimals = next((d for d in range(max_decimals + 1) if round(x, d) == x), max_decimals)
    return number(x, decimals, lang)


def number(x: float, decimals: int = 0, lang: str | None = None) -> str:
    """Thousands separators and a fixed number of decimals: 1.234,5 (vi), 1,234.5 (en)."""
    lang = _locale(lang)
    # -0.0 is 0 (and one cache entry: the two are equal keys), and so is a negative number
    # that rounds to zero (an interval read '[-2, -0]')
    if x == 0 or (x < 0 and -x <= 0.5 * 10.0 ** -decimals):
        x = 0
    try:
        return _number(x, decimals, lang)
    except TypeError:  # (unhashable: an array of one value)
        return _number.__wrapped__(x, decimals, lang)


# (decimal mark, group separator) of the languages whose numbers are written here as Babel
# writes them (CLDR: vi 1.234,5; en 1,234.5; both with the ASCII minus)
_MARKS = {"vi": str.maketrans({",": ".", ".": ","}), "en": None}


@lru_cache(maxsize=4096, typed=True)
def _number(x: float, decimals: int, lang: str) -> str:
    # Babel takes 0.06-0.2 ms a number; a figure's axis formats its ~15 tick values 120 times
    # while it is laid out and drawn (25 ms a figure), a what-if's tables some 450 numbers.
    # typed: values that compare equal but Babel writes differently (2**60 and 2.0**60,
    # float32 and float64) are separate entries
    try:
        if lang in _MARKS and x == x and abs(x) != float("inf"):  # (Babel writes ∞, NaN)
            # Babel's own steps, a third of its time: the value read from its text, rounded
            # half to even at the decimals, grouped by three (the same text as Babel's on 2
            # million values: tests/i18n/test_number_format.py)
            q = decimal.Decimal(str(x)).quantize(decimal.Decimal(1).scaleb(-decimals),
                                                 rounding=decimal.ROUND_HALF_EVEN)
            text = f"{q:,.{decimals}f}"
            marks = _MARKS[lang]
            return text if marks is None else text.translate(marks)
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        return format_decimal(x, format=pattern, locale=lang)
    except decimal.InvalidOperation:  # Babel's context ends at 28 digits: a number typed
        # into a file (1e300 VND) is still written whole, grouped as the language groups
        whole = f"{round(x):,}"
        return whole if lang == "en" else whole.replace(",", ".")


def percent(share: float, decimals: int = 1, lang: str | None = None) -> str:
    """A share as a percentage: 85,3% (vi), 85.3% (en)."""
    return number(share * 100, decimals, lang) + "%"


def money(vnd: float, lang: str | None = None, decimals: int | None = None) -> str:
    """VND in the unit a reader expects: 'tỷ đồng' / 'VND … bn' from a billion, 'triệu đồng' /
    'VND … m' from a million, whole đồng below; one decimal below 100 of the unit, none above,
    unless ``decimals`` says."""
    lang = _locale(lang)
    for scale, vi, en in ((1e9, "tỷ đồng", "bn"), (1e6, "triệu đồng", "m")):
        if abs(vnd) >= scale or (decimals is not None and scale == 1e9 and vnd != 0
                                 and abs(vnd) >= 1e7):
            d = decimals if decimals is not None else (1 if abs(vnd) < 100 * scale else 0)
            value = number(vnd / scale, d, lang)
            return f"{value} {vi}" if lang == "vi" else _en_money(f"{value} {en}")
    value = number(vnd, 0, lang)
    return f"{value} đồng" if lang == "vi" else _en_money(value)


def _en_money(text: str) -> str:
    """'VND 1.5 bn', and '-VND 1.5 bn' for a negative amount."""
    return f"-VND {text[1:]}" if text.startswith("-") else f"VND {text}"


def signed(text: str, x: float) -> str:
    """A formatted change with its sign: '+1,5' / '-1,5' ('0' stays unsigned)."""
    return f"+{text}" if x > 0 and not text.startswith("+") else text


# units of the declared outcomes and measures, as people read them (message ids: the keys)
UNITS: dict[str, str] = {
    "FTE": N_("FTE"), "FTE-months": N_("FTE-months"), "officials": N_("officials"),
    "communes": N_("communes"), "commune-specialties": N_("commune-specialties"),
    "commune-months": N_("commune-months"), "dossiers": N_("dossiers"), "hours": N_("hours"),
    "share": N_("share"), "ratio": N_("ratio"), "VND": N_("VND"), "km": N_("km"),
    "points": N_("points"), "months": N_("months"), "runs": N_("runs"),
    "specialties": N_("specialties"),
}
# decimals of a quantity by unit (counts: none)
_DECIMALS = {"FTE": 1, "ratio": 2, "points": 1}


def shown_decimals(unit: str, decimals: int | None = None) -> int | None:
    """The decimals ``quantity`` shows a plain number of ``unit`` with; None for money and
    shares, whose scale depends on the value (tỷ, triệu; percent)."""
    if unit in ("VND", "share"):
        return None
    return _DECIMALS.get(unit, 0) if decimals is None else decimals


def unit_word(unit: str, lang: str | None = None) -> str:
    """A unit for people in the language ('commune-specialties' -> 'lượt xã × lĩnh vực')."""
    return gettext(UNITS.get(unit, unit), lang)


def quantity(x: float | None, unit: str, decimals: int | None = None,
             lang: str | None = None, sign: bool = False) -> str:
    """A number in its unit, the way people read it: money in tỷ / triệu đồng (VND bn / m),
    shares in percent, FTE with one decimal, counts with thousands separators; '–' when
    undefined. ``sign``: a change, with its sign."""
    if x is None or x != x:
        return "–"
    if unit == "VND":
        text = money(x, lang, decimals)
    elif unit == "share" and sign:  # a change of a share is in percentage points, not %
        return signed(gettext(N_("{n} pp"), lang).format(
            n=number(100 * x, 1 if decimals is None else decimals, lang)), x)
    elif unit == "share":
        text = percent(x, 1 if decimals is None else decimals, lang)
    else:
        text = number(x, _DECIMALS.get(unit, 0) if decimals is None else decimals, lang)
    return signed(text, x) if sign else text


def date(day: dt.date, lang: str | None = None) -> str:
    """30/11/2026 (vi), 30 Nov 2026 (en)."""
    lang = _locale(lang)
    return format_date(day, format="dd/MM/yyyy" if lang == "vi" else "d MMM yyyy", locale=lang)


def moment(stamp: str, lang: str | None = None) -> str:
    """An ISO 8601 timestamp (a lock's 'started_utc') for people: '15:39:54 UTC ngày
    02/12/2026' (vi), '15:39:54 UTC on 2 Dec 2026' (en); the text as it is if it is none."""
    try:
        t = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if t.tzinfo is not None:
        t = t.astimezone(dt.UTC)
    day = date(t.date(), lang)
    return f"{t:%H:%M:%S} UTC " + ("ngày " if _locale(lang) == "vi" else "on ") + day


def month_start(start_year: int, start_month: int, t: int) -> dt.date:
    """The first day of simulation month ``t`` (month 0 starts the scenario)."""
    k = start_year * 12 + start_month - 1 + t
    return dt.date(k // 12, k % 12 + 1, 1)


def month(start_year: int, start_month: int, t: int, lang: str | None = None) -> str:
    """Simulation month ``t`` as a calendar month: 08/2025 (vi), Aug 2025 (en)."""
    lang = _locale(lang)
    day = month_start(start_year, start_month, t)
    return format_date(day, format="MM/yyyy" if lang == "vi" else "MMM yyyy", locale=lang)
