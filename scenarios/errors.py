"""The one error type users see: one line naming the file, the place and what is allowed."""

from __future__ import annotations

from pathlib import Path


class ScenarioError(Exception):
    """Bad input: a scenario file, a data table or a command-line value."""

    def __init__(self, file: str | Path, where: str, message: str) -> None:
        self.file = str(file)
        self.where = where
        self.message = message
        super().__init__(f"{self.file}: {where}: {message}" if where else f"{self.file}: {message}")


class InputErrors(ScenarioError):
    """Several problems found in one input: each is reported on its own line."""

    def __init__(self, problems: list[ScenarioError]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(first.file, first.where, first.message)
