"""The staffsim commands the output suggests, as a user pastes them into a shell.

A hint that says what to run next ('plan it at month 12', 'move this official by hand',
'finish the sweep') gives the whole command: ``staffsim COMMAND FILE``, the scenario file the
user gave (as they gave it), each of their settings again as its own ``--set KEY=VALUE``, then
the options the hint adds; every word quoted for a POSIX shell (``shlex.quote``: a path or a
value with spaces, quotes or brackets stays one word). A hint that gave 'staffsim plan --month
12' (no scenario) or 'staffsim whatif --move 1=2' could not be run as printed.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


def set_key(pair: str) -> str:
    """The key of a ``--set KEY=VALUE`` pair, as the loader reads it: dots joining the parts,
    without the quotes and spaces TOML allows around them ('simulation . "months"=4' ->
    'simulation.months')."""
    key = pair.split("=", 1)[0]
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


def command_line(command: str, file: str | Path | None, *options: str,
                 sets: Iterable[str] = (), gives: Iterable[str] = ()) -> str:
    """``staffsim COMMAND FILE --set KEY=VALUE ... OPTIONS`` as one shell line: the user's
    ``sets`` (each 'KEY=VALUE' as typed, each its own ``--set``) but those of a key the
    ``options`` set again (in a ``--set`` of theirs, or by a flag: ``gives`` names its keys;
    a flag and a --set of one key with different values is refused), then ``options`` (words,
    e.g. '--month', '12'); every word shell-quoted. ``file`` None: a command without one
    (``verify FOLDER`` is given as an option)."""
    given = {*(set_key(v) for k, v in zip(options, options[1:], strict=False)
               if k == "--set"), *gives}
    words = ["staffsim", command, *([str(file)] if file is not None else [])]
    for pair in sets:
        if set_key(pair) not in given:
            words += ["--set", pair]
    return shlex.join([*words, *options])


@dataclass(frozen=True)
class Invocation:
    """What a command was given that a command it suggests must repeat: the scenario file as
    the user typed it and their ``--set`` pairs (as typed, in order)."""

    file: str | Path
    sets: Sequence[str] = ()

    def command(self, command: str, *options: str, gives: Iterable[str] = ()) -> str:
        """``command_line`` on this scenario with these settings."""
        return command_line(command, self.file, *options, sets=self.sets, gives=gives)

