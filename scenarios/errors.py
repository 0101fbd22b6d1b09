"""The one error type users see: one line naming the file, the place and what is allowed."""

from __future__ import annotations

from pathlib import Path

QUOTE_CHARS = 200  # quoted input in messages is cut to about this many characters
LINE_CHARS = 1000  # and no part of a message is longer than this


def cut(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def quote(value: object, limit: int = QUOTE_CHARS) -> str:
    """``repr`` of user input for a message, cut to about ``limit`` characters."""
    return cut(repr(value), limit)


class ScenarioError(Exception):
    """Bad input: a scenario file, a data table or a command-line value."""

    def __init__(self, file: str | Path, where: str, message: str) -> None:
        self.file = cut(str(file), QUOTE_CHARS * 2)
        self.where = cut(where, QUOTE_CHARS)
        self.message = cut(message, LINE_CHARS)
        super().__init__(f"{self.file}: {self.where}: {self.message}" if where
                         else f"{self.file}: {self.message}")


class InputErrors(ScenarioError):
    """Several problems found in one input: each is reported on its own line."""

    def __init__(self, problems: list[ScenarioError]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(first.file, first.where, first.message)
