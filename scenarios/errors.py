"""The one error type users see: one line naming the file, the place and what is allowed."""

from __future__ import annotations

import math
from pathlib import Path

QUOTE_CHARS = 200  # quoted input in messages is cut to about this many characters
LINE_CHARS = 1000  # and no part of a message is longer than this


def cut(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def number_text(value: int | float) -> str:
    """A number as people write it, for messages: whole, from its shortest form (1e23 is
    100,000,000,000,000,000,000,000, not the float's 99,999,999,999,999,991,611,392),
    never in scientific notation (1e-07 is 0.0000001), thousands grouped from 10,000 (a year
    stays 1900); beyond 40 digits, how many digits ('a 301-digit number')."""
    from decimal import Decimal, localcontext

    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    with localcontext(prec=100):  # (the default 28 digits would round or raise)
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if abs(d) >= Decimal(10) ** 40:  # its size in words, never 1e+300
            digits = len(str(int(abs(d))))
            return f"a {'negative ' if d < 0 else ''}{digits}-digit number"
        if d == d.to_integral_value():
            d = d.quantize(Decimal(1))  # 2.0 is 2
        return format(d, ",f" if abs(d) >= 10_000 else "f")


def quote(value: object, limit: int = QUOTE_CHARS) -> str:
    """``repr`` of user input for a message, cut to about ``limit`` characters."""
    return cut(repr(value), limit)


def _rebuilt(cls: type, args: tuple, state: dict) -> Exception:
    """An error unpickled as it was raised (``ScenarioError.__reduce__``)."""
    error = Exception.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class ScenarioError(Exception):
    """Bad input: a scenario file, a data table or a command-line value."""

    def __init__(self, file: str | Path, where: str, message: str) -> None:
        self.file = cut(str(file), QUOTE_CHARS * 2)
        self.where = cut(where, QUOTE_CHARS)
        self.message = cut(message, LINE_CHARS)
        super().__init__(f"{self.file}: {self.where}: {self.message}" if where
                         else f"{self.file}: {self.message}")

    def __reduce__(self) -> tuple:
        # rebuilt from its three parts: raised in a worker process, it reaches the command
        # whole (unpickling it from ``args`` alone failed, which broke the process pool);
        # as they are, not cut again (a cut message would lose its own count)
        return _rebuilt, (type(self), self.args, self.__dict__)


class InputErrors(ScenarioError):
    """Several problems found in one input: each is reported on its own line."""

    def __init__(self, problems: list[ScenarioError]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(first.file, first.where, first.message)
