"""The ``staffsim`` command group and what its commands share (overrides, states, output)."""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import click

from staffsim.scenarios.errors import ScenarioError, number_text, quote


def overrides_from(pairs: tuple[str, ...], **named: object) -> dict[str, object]:
    """The scenario overrides of --set KEY=VALUE ``pairs`` and of the flags that set a
    parameter (``named``: dotted key -> the flag's value, None when not given). A key given
    by both keeps the --set value in ``Overrides.shadowed``: the loader validates it as if
    alone and refuses it if it differs from the flag's (``loader._check_shadowed``)."""
    from staffsim.scenarios.loader import Overrides, parse_value

    out = Overrides()
    for pair in pairs:
        if any(unicodedata.category(c) == "Cc" for c in pair):
            # a line break read only the first line ('simulation.months=2\nsimulation.seed=3'
            # ran 2 months and dropped the seed without a word): one value per --set, one line
            raise ScenarioError("command line", "--set", CONTROL_CHARACTER.format(
                value=quote(pair)))
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ScenarioError("command line", "--set", f"{quote(pair)} is not KEY=VALUE "
                                "(e.g. --set simulation.months=12)")
        parsed = _read_value(value.strip(), key.strip(), parse_value)
        # an inline table sets the keys it names, each as if given alone: its leaves as
        # dotted keys, so that every check that reads the keys sees them ('province=
        # {provinces=["38"]}' is province.provinces, which whatif applies to both sides)
        for leaf, leaf_value in _leaves(_key_quoted(key.strip()) if isinstance(parsed, dict)
                                        else key.strip(), parsed, pair):
            out[leaf] = leaf_value
    for k, v in named.items():
        if v is None:
            continue
        # the --set of the same key however it is spelled ('simulation."months"', with spaces
        # around a dot: the loader reads them as one key, and the flag's value won silently),
        # or inside an inline table ('simulation={months=5}', a leaf above)
        given = [out.pop(key) for key in list(out) if _key_read(key) == k]
        if given:
            out.shadowed[k] = (given[-1], _flag_text(k, v))
        out[k] = v
    return out


_BARE = re.compile(r"[A-Za-z0-9_-]+")
# a TOML key inside an inline table, dotted or not, then '=': what starts each of its items
_PART = r"""\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')\s*"""
_ITEM = re.compile(rf"({_PART}(?:\.{_PART})*)=(.*)", re.DOTALL)
LIST_NUMBERS = ("{value} is not a list as TOML writes one: inside [...] a comma separates the "
                "items, so a number there is written as TOML writes it, 1.75 not 1,75 and "
                "26000000000 or 26_000_000_000 not 26.000.000.000 (e.g. --set "
                "'{key}=[1.75, 26_000_000_000]'); a number given alone or in an inline "
                "table may be written either way")
LIST_UNPAIRED = ("{value} is not a list as TOML writes one: its brackets or quotes do not pair "
                 "up (e.g. --set '{key}=[1, 2]')")
LIST_OTHER = "{value} is not a list as TOML writes one (e.g. --set '{key}=[1, 2]')"
# an inline table (a section's or a table field's value) TOML cannot read: said plainly, as a
# list is (pydantic said 'Input should be a valid dictionary', and the Vietnamese 'a section
# of settings, not a value' of a value that was meant as one)
TABLE_UNPAIRED = ("{value} is not an inline table as TOML writes one: its braces, brackets "
                  "or quotes do not pair up (e.g. --set 'simulation={{months=12}}')")
TABLE_TWICE = ("{value} is not an inline table as TOML writes one: it names {item} twice; "
               "give each key once (e.g. --set 'simulation={{months=12}}')")
TABLE_OTHER = ("{value} is not an inline table as TOML writes one: KEY=VALUE items "
               "separated by commas (e.g. --set 'simulation={{months=12, seed=7}}')")


# a --set pair with a control character (a line break, a tab, an escape: Unicode's Cc)
CONTROL_CHARACTER = ("{value} holds a line break, a tab or another control character; give "
                     "each KEY=VALUE on one line, in its own --set (e.g. --set "
                     "simulation.months=2 --set simulation.seed=3)")
# a number whose spaces do not separate thousands ('5 3' was read as 53)
SPACED_NUMBER = ("{value} is not one number: a space in a number may only separate its "
                 "thousands (26 000 000 000); give one number")
# the number a --set value starts with, and that number with its thousands separated by spaces
_LEADING_NUMBER = re.compile(r"[+-]?\d[\d.,\s]*")
_SPACE_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?")


def _spaced_number(text: str, key: str) -> None:
    """Refuse a number for a number key whose spaces do not separate thousands: '5 3' for
    simulation.seed was read as 53 (the spaces dropped). '4 095 000', '26 000 tỷ' and '26 tỷ'
    stay numbers as people write them."""
    from staffsim.scenarios.loader import _set_spec

    m = _LEADING_NUMBER.match(text.strip())
    number = m[0].rstrip() if m else ""
    if not any(c.isspace() for c in number) or _SPACE_GROUPED.fullmatch(number):
        return
    spec = _set_spec(key)
    if spec is not None and spec.kind in ("int", "float"):
        raise ScenarioError("command line", key, SPACED_NUMBER.format(value=quote(text)))


def _read_value(text: str, key: str, parse_value) -> object:
    """A --set value (``loader.parse_value``), with an inline table read item by item, each
    value as if given alone (``KEY.ITEM=VALUE``): its numbers may be written as people
    write them ('{high_mountain=1,75}', '{vnd=26.000.000.000}', and '{vnd=26.000}' is
    refused as ambiguous as on its own). That is unambiguous: in an inline table a comma
    separates 'key = value' items, so a comma not followed by one belongs to the number.
    In a list a comma separates the items, so '[1,75]' is the two numbers 1 and 75, as TOML
    reads it; a list TOML cannot read is refused saying so (``LIST_NUMBERS``)."""
    import tomllib

    from staffsim.scenarios import limits
    from staffsim.scenarios.loader import _set_spec

    deepest = max(itertools.accumulate((c in "[{") - (c in "]}") for c in text), default=0)
    if deepest > limits.TOML_DEPTH.value:
        return parse_value(text, key)  # refused there, saying how deep it may be
    table_key = text.startswith("{") and _takes_table(key)
    if table_key and not _brackets_pair(text):  # a quote, brace or bracket left open
        raise ScenarioError("command line", key, TABLE_UNPAIRED.format(value=quote(text)))
    if text.startswith("{") and text.endswith("}"):
        items = _table_items(text)
        if items is not None:
            table: dict = {}
            for item_key, item_text in items:
                parts = _key_parts_of(item_key)
                if parts is None:
                    break
                node = table
                for part in parts[:-1]:
                    node = node.setdefault(part, {})
                    if not isinstance(node, dict):
                        break
                else:
                    if parts[-1] in node:
                        raise ScenarioError("command line", key, TABLE_TWICE.format(
                            value=quote(text), item=_key_text(parts)))
                    node[parts[-1]] = _read_value(item_text, f"{key}.{_key_text(parts)}",
                                                  parse_value)
                    continue
                break
            else:
                return table
        if table_key:
            try:
                tomllib.loads(f"v = {text}")
            except tomllib.TOMLDecodeError:
                raise ScenarioError("command line", key, TABLE_OTHER.format(
                    value=quote(text))) from None
            except (RecursionError, ValueError):
                pass  # parse_value says why
    elif table_key:  # '{months=12' and more after the closing brace: not closed where it ends
        raise ScenarioError("command line", key, TABLE_OTHER.format(value=quote(text)))
    elif text.startswith("["):  # (unclosed too: said as a list, not by pydantic's words)
        try:
            tomllib.loads(f"v = {text}")
        except tomllib.TOMLDecodeError:
            spec = _set_spec(key)
            if spec is None or spec.kind != "zones":  # (zone names: read as before)
                # an unclosed bracket is a typing slip, not a number written the wrong way
                words = (LIST_UNPAIRED if not _brackets_pair(text)
                         else LIST_NUMBERS if re.search(r"\d[,.]\d", text) else LIST_OTHER)
                raise ScenarioError("command line", key, words.format(
                    value=quote(text), key=key)) from None
        except (RecursionError, ValueError):
            pass  # parse_value says why
    _spaced_number(text, key)
    return parse_value(text, key)


def _takes_table(key: str) -> bool:
    """Does the --set ``key`` take a table: a section of settings ('simulation'), or a
    field whose value is one (roster.province_totals)? False for a key no section lists
    (the loader names it) and for any other field (a text may start with '{')."""
    import typing

    from pydantic import BaseModel

    from staffsim.scenarios.loader import _dotted_parts
    from staffsim.scenarios.params import Params, load_constraint_families

    load_constraint_families()
    try:
        parts = _dotted_parts(key.strip())
    except ScenarioError:
        return False
    annotation: object = Params
    for part in parts:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(part)
            if info is None:
                return False
            annotation = info.annotation
        elif typing.get_origin(annotation) is dict:  # a table's key: its values' kind
            annotation = typing.get_args(annotation)[1]
        else:
            return False
    return bool(parts) and ((isinstance(annotation, type) and issubclass(annotation, BaseModel))
                            or typing.get_origin(annotation) is dict)


def _unquoted(text: str) -> tuple[list[tuple[int, str]], bool]:
    """(index, character) of each character of ``text`` outside TOML strings (a string's
    opening quote included, a backslash escape inside "..." skipped), and whether every
    string closes."""
    out, quote_char, i = [], "", 0
    while i < len(text):
        c = text[i]
        if quote_char:
            if c == "\\" and quote_char == '"':
                i += 2
                continue
            if c == quote_char:
                quote_char = ""
        else:
            if c in "\"'":
                quote_char = c
            out.append((i, c))
        i += 1
    return out, not quote_char


def _brackets_pair(text: str) -> bool:
    """Every '[' and '{' outside quotes is closed, in order, by its own kind, nothing else
    is closed, and no quote is left open."""
    chars, closed = _unquoted(text)
    stack = []
    for _i, c in chars:
        if c in "[{":
            stack.append("]" if c == "[" else "}")
        elif c in "]}" and (not stack or stack.pop() != c):
            return False
    return closed and not stack


def _table_items(text: str) -> list[tuple[str, str]] | None:
    """The items of an inline table as typed, [(key, value text)]: split at the commas outside
    strings, brackets and braces that are followed by 'key ='; a comma followed by anything
    else is part of the value before it (the decimal comma of '1,75'). None if the braces,
    brackets or quotes do not close or the text does not start with an item."""
    inner = text[1:-1]
    chars, closed = _unquoted(inner)
    pieces, depth, start = [], 0, 0
    for i, c in chars:
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth < 0:
                return None
        elif c == "," and depth == 0:
            pieces.append(inner[start:i])
            start = i + 1
    if not closed or depth:
        return None
    pieces.append(inner[start:])
    if len(pieces) == 1 and not pieces[0].strip():
        return []  # '{}': refused as naming no key (``_leaves``)
    items: list[list[str]] = []
    for piece in pieces:
        m = _ITEM.fullmatch(piece)
        if m:
            items.append([m[1].strip(), m[2]])
        elif items:
            items[-1][1] += "," + piece
        else:
            return None
    return [(k, v.strip()) for k, v in items]


def _key_parts_of(key: str) -> list[str] | None:
    """The parts of a dotted TOML key as typed inside an inline table (quotes removed);
    None if it is none."""
    import tomllib

    try:
        data = tomllib.loads(f"{key} = 0")
    except tomllib.TOMLDecodeError:
        return None
    parts = []
    while isinstance(data, dict) and len(data) == 1:
        (k, data), = data.items()
        parts.append(k)
    return parts if data == 0 else None


def _key_text(parts: list[str]) -> str:
    """Dotted key parts written back as a key (a part that is no bare key quoted)."""
    return ".".join(p if _BARE.fullmatch(p) else json.dumps(p, ensure_ascii=False)
                    for p in parts)


def _key_quoted(key: str) -> str:
    """A --set key as the loader reads it, its parts quoted where they must be: the prefix
    of an inline table's leaves ('sweep.levers."optimizer.constraints.budget.vnd"={range=
    [1, 2]}' is that lever's range; unquoted, its dots made it a key of its own)."""
    from staffsim.scenarios.loader import _dotted_parts

    try:
        return _key_text(_dotted_parts(key))
    except ScenarioError:
        return key


def _leaves(key: str, value: object, pair: str) -> list[tuple[str, object]]:
    """(dotted key, value) of each leaf of ``value`` under ``key``: the key itself for a
    value that is no table; a table that sets nothing (``{}``, at any depth) is refused."""
    if not isinstance(value, dict):
        return [(key, value)]
    if not value:
        raise ScenarioError("command line", "--set", f"{quote(pair)} names no key; an "
                            "inline table sets the keys it names and keeps the others "
                            "(e.g. --set 'simulation={months=12}')")
    out = []
    for sub, inner in value.items():
        part = sub if _BARE.fullmatch(sub) else json.dumps(sub, ensure_ascii=False)
        out += _leaves(f"{key}.{part}", inner, pair)
    return out


def _key_read(key: str) -> str:
    """A --set key as the loader reads it, dotted ('simulation."months"' -> simulation.months;
    the key itself if it cannot be read: the loader then says why)."""
    from staffsim.scenarios.loader import _dotted_parts

    try:
        return ".".join(_dotted_parts(key))
    except ScenarioError:
        return key


def _flag_text(key: str, value: object) -> str:
    """How the flag that gave ``key`` was typed ('--months 2'); the key if unknown."""
    flags = {"simulation.seed": "--seed", "simulation.months": "--months",
             "compare.months": "--months", "simulation.replications": "--replications",
             "compare.replications": "--replications", "simulation.workers": "--workers",
             "optimizer.solver": "--solver", "optimizer.time_limit_s": "--time-limit",
             "optimizer.marginals": "--marginals"}
    flag = flags.get(key, key)
    if isinstance(value, bool):
        return flag if value else flag.replace("--", "--no-", 1)
    return f"{flag} {value:g}" if isinstance(value, float) else f"{flag} {value}"


class OutFolder(click.Path):
    """A result folder flag (``--out``): a path, never empty (``--out ''`` is the current
    folder to click, and was refused as 'already exists')."""

    def __init__(self) -> None:
        super().__init__(path_type=Path)

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("empty; give the folder to write", param, ctx)
        return super().convert(value, param, ctx)


class FiniteFloat(click.ParamType):
    """A float flag: finite (no inf or nan) and within [low, high]."""

    name = "number"

    def __init__(self, low: float | None = None, high: float | None = None,
                 low_open: bool = False) -> None:
        self.low, self.high, self.low_open = low, high, low_open

    def convert(self, value, param, ctx):
        try:
            x = float(value)
        except (TypeError, ValueError):
            self.fail(f"{quote(value)} is not a number.", param, ctx)
        if not math.isfinite(x):
            self.fail(f"{value} is not a finite number.", param, ctx)
        if ((self.low is not None and (x < self.low or (self.low_open and x == self.low)))
                or (self.high is not None and x > self.high)):
            # click's own words and notation (as its IntRange says), which the language's
            # messages word (``results.error_words``); the value never in scientific notation
            self.fail(f"{number_text(x)} is not in the range {self.describe()}.", param, ctx)
        return x

    def describe(self) -> str:
        """The allowed range as click writes it: '0<x<=604800', 'x>=0'."""

        def plain(v: float) -> str:  # 604800, 0.5: never 6.048e+05
            return str(int(v)) if v.is_integer() else repr(v)

        if self.high is None:
            if self.low is None:
                return "x"
            return f"x{'>' if self.low_open else '>='}{plain(self.low)}"
        if self.low is None:
            return f"x<={plain(self.high)}"
        return f"{plain(self.low)}{'<' if self.low_open else '<='}x<={plain(self.high)}"


# The help, in the command's language. click words the help in English (the docstrings, the
# options' help texts, its own 'Usage:', 'Options', '[default: ...]'); the command line's
# commands are of the classes below, which say it through the catalogue when it is shown:
# the English texts in the code stay the message ids (tests/cli/test_help_language.py checks
# that every one has a Vietnamese translation).
_HELP_LANGUAGE = "staffsim.help_language"  # ctx.meta: the --lang the arguments give


def help_language(ctx: click.Context | None) -> str:
    """The language of the help: the command's --lang (before or after --help), else
    STAFFSIM_LANG, else the default (Vietnamese), as --lang itself decides."""
    import os

    from staffsim.i18n import DEFAULT_LANGUAGE, LANGUAGES

    asked = ctx.meta.get(_HELP_LANGUAGE) if ctx is not None else None
    if asked in LANGUAGES:
        return asked
    env = os.environ.get("STAFFSIM_LANG", "")
    return env if env in LANGUAGES else DEFAULT_LANGUAGE


def _lang_in(command: click.Command, args: list[str]) -> str | None:
    """The value of the command's --lang in its arguments (None if it has no --lang or is
    not given one): what its callback will set, read before the arguments are parsed, since
    --help, eager too, may come first (`plan --help --lang en`). The value of another
    option is skipped (`--set --lang` sets '--lang'), and nothing after '--' is an option."""
    lang = next((p for p in command.params if p.name == "lang"), None)
    if lang is None:
        return None
    names = set(lang.opts)
    takes_value = {o for p in command.params if isinstance(p, click.Option)
                   and not p.is_flag and not p.count for o in p.opts + p.secondary_opts}
    found, i = None, 0
    while i < len(args):
        a = args[i]
        if a == "--":
            break
        name, eq, value = a.partition("=")
        if name in names:
            if eq:
                found = value
            elif i + 1 < len(args):
                found, i = args[i + 1], i + 1
        elif a in takes_value:
            i += 1
        i += 1
    return found


_HEARD: dict[str, None] | None = None  # while ``help_messages`` listens: what _said is asked


def _said(text: str) -> str:
    """``text`` (English) in the current language: a help text, a metavar, click's words."""
    from staffsim.i18n import gettext

    if _HEARD is not None:
        _HEARD[text] = None
    return gettext(text)


# a metavar that lists the values to type ('[highs|cbc]'): said as it is, in any language
_VALUES_TO_TYPE = re.compile(r"\[[^\[\]|]*(\|[^\[\]|]*)+\]")


def help_messages(group: click.Group) -> list[str]:
    """The English texts the help says through the catalogue (the message ids): every
    command's description, each option's help text and metavar, the usage line's words and
    click's own ('Usage:', 'Options', '[default: ...]'), as the help of ``group`` (``cli``
    once ``cli.app`` has registered the commands) and of each of its commands asks for them
    when it is shown; a list of values to type is left out. For
    ``scripts/missing_messages.py``: a help text the catalogue lacks is listed with the other
    messages."""
    global _HEARD

    _HEARD = {}
    try:
        root = click.Context(group, info_name="staffsim", **group.context_settings)
        root.meta[_HELP_LANGUAGE] = "vi"  # (any: the help asks for the same texts in each)
        group.get_help(root)
        for name in group.list_commands(root):
            command = group.get_command(root, name)
            if command is not None and not command.hidden:
                command.get_help(click.Context(command, info_name=name, parent=root))
        return [t for t in _HEARD if t.strip() and not _VALUES_TO_TYPE.fullmatch(t)]
    finally:
        _HEARD = None


def _paragraphs(text: str | None) -> list[str]:
    """The paragraphs of a docstring as click shows them (up to a form feed), each on one
    line: the message ids of a command's description."""
    import inspect

    if not text:
        return []
    body = inspect.cleandoc(text).partition("\f")[0]
    return [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]


class _InLanguage:
    """What the command line's commands and group share: their help and usage, in the
    language of the command (``help_language``), through the catalogue."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        lang = _lang_in(self, args)
        if lang is not None:
            ctx.meta[_HELP_LANGUAGE] = lang
        return super().parse_args(ctx, args)

    def get_help(self, ctx: click.Context) -> str:
        from staffsim import i18n

        with i18n.language(help_language(ctx)):
            return super().get_help(ctx)

    def get_usage(self, ctx: click.Context) -> str:
        from staffsim import i18n

        with i18n.language(help_language(ctx)):
            return super().get_usage(ctx)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_said(p) for p in super().collect_usage_pieces(ctx)]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=_said("Usage:") + " ")

    def _described(self) -> click.Command:
        """A copy of the command with its description in the current language (click
        words the copy: the description whole, or shortened in the list of commands)."""
        import copy

        said = copy.copy(self)
        said.help = "\n\n".join(_said(p) for p in _paragraphs(self.help)) or self.help
        said.short_help = _said(" ".join(self.short_help.split())) if self.short_help else None
        return said

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        click.Command.format_help_text(self._described(), ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return click.Command.get_short_help_str(self._described(), limit)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for p in self.get_params(ctx) if isinstance(p, click.Option)
                and (row := _help_row(p, ctx)) is not None]
        if rows:
            with formatter.section(_said("Options")):
                formatter.write_dl(rows)

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        args = [p for p in self.get_params(ctx) if isinstance(p, click.Argument)]
        if any(getattr(a, "help", None) is not None for a in args):
            with formatter.section(_said("Positional arguments")):
                formatter.write_dl([_help_row(a, ctx) for a in args])


def _help_row(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """A parameter's line of the help (its spellings and metavar, its help text and what
    click adds: default, range, required), in the current language. click builds the line
    from a copy that has the metavar and help text in the language; what it adds is
    worded here from ``get_help_extra`` (the same items, in the same order)."""
    import copy

    if getattr(param, "hidden", False):
        return None
    said = copy.copy(param)
    said_help = getattr(param, "help_in_language", None)
    text = said_help() if said_help is not None else _said(param.help) if param.help else ""
    if not hasattr(param, "get_help_extra"):  # (click < 8.2: its own words, in English)
        said.help = text
        return said.get_help_record(ctx)
    if not (isinstance(param, click.Option) and (param.is_flag or param.count)):
        said.metavar = _said(param.make_metavar(ctx))  # (a flag's line shows none)
    said.help = None
    said.show_default = False
    said.show_envvar = False
    said.required = False
    spec, _plain = said.get_help_record(ctx)
    extra = param.get_help_extra(ctx)
    items = []
    if "envvars" in extra:
        items.append(_said("env var: {var}").format(var=", ".join(extra["envvars"])))
    if "default" in extra:
        items.append(_said("default: {default}").format(default=extra["default"]))
    if "range" in extra:
        items.append(extra["range"])
    if "required" in extra:
        items.append(_said(extra["required"]))
    if items:
        extra_text = "; ".join(items)
        text = f"{text}  [{extra_text}]" if text else f"[{extra_text}]"
    return spec, text


# an option of one value given twice with different values (``_given_twice``)
GIVEN_TWICE = "{first} and {second} give different values; give {option} once"


def _given_twice(command: click.Command, ctx: click.Context, args: list[str]) -> None:
    """Refuse an option of one value given twice with different values ('--months 2
    --months 3' ran 3 months, '--out A --out B' wrote only B, without a word; a flag and a
    --set that disagree were already refused). Options meant to repeat (--set, --move,
    --keep, ...: ``multiple``) and the same value given twice pass. Values are compared as
    the option reads them ('3' and '03' are one month count), as typed if either cannot be
    read (click then says why)."""
    options: dict[str, tuple[click.Option, bool]] = {}
    for p in command.params:
        if isinstance(p, click.Option):
            options.update({o: (p, True) for o in p.opts})
            options.update({o: (p, False) for o in p.secondary_opts})
    seen: dict[str, tuple[str, object, str]] = {}
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            break
        name, eq, text = a.partition("=") if a.startswith("--") else (a, "", "")
        found = options.get(name)
        if found is None:  # an argument, or an option click will refuse
            i += 1
            continue
        p, primary = found
        if p.is_flag:
            shown, value, i = name, primary, i + 1
        elif eq:
            shown, value, i = f"{name} {text}", text, i + 1
        else:
            text = " ".join(args[i + 1:i + 1 + p.nargs])
            shown, value, i = f"{name} {text}", text, i + 1 + p.nargs
        if p.multiple or p.count or p.name is None:
            continue
        if not p.is_flag:
            with contextlib.suppress(Exception):  # (click says what is wrong with it)
                value = p.type.convert(value, p, ctx)
        if p.name in seen and seen[p.name][1] != value:
            raise ScenarioError("command line", "", GIVEN_TWICE.format(
                first=seen[p.name][0], second=shown, option=seen[p.name][2]))
        seen.setdefault(p.name, (shown, value, name))


class Command(_InLanguage, click.Command):
    """A staffsim command: its help in the command's language; an option of one value
    given twice with different values refused (``_given_twice``)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not any(a in ("--help", "-h") for a in args[:args.index("--")
                                                      if "--" in args else len(args)]):
            _given_twice(self, ctx, args)
        return super().parse_args(ctx, args)


class Group(_InLanguage, click.Group):
    """The staffsim command group: its help, and its commands', in the command's language."""

    command_class = Command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as e:
            # click's main answers a Ctrl-C with an empty line on stderr, to end a terminal's
            # '^C' echo: to a file or a pipe it was a blank line before staffsim's own
            from staffsim.cli.interrupts import CtrlC

            if sys.stderr.isatty():
                click.echo(err=True)
            raise CtrlC() from e

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)  # (_InLanguage's, which lists no commands)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(name, cmd) for name in self.list_commands(ctx)
                    if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _cmd in commands)
            with formatter.section(_said("Commands")):
                formatter.write_dl([(name, cmd.get_short_help_str(limit))
                                    for name, cmd in commands])


def _set_language(ctx: click.Context, param: click.Parameter, value: str) -> str:
    # deferred: Babel loads with the language, only for commands that print or draw
    from staffsim import i18n

    i18n.set_language(value)
    return value


class _Language(click.Choice):
    """'vi' or 'en'; a wrong STAFFSIM_LANG is named as the variable, not as '--lang' (which
    the user never typed)."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as e:
            from click.core import ParameterSource

            if ctx is not None and param is not None and \
                    ctx.get_parameter_source(param.name) == ParameterSource.ENVIRONMENT:
                e.param_hint = "'STAFFSIM_LANG'"
            raise


LANG_OPTION = click.option(
    "--lang", type=_Language(["vi", "en"]), default="vi", show_default=True,
    envvar="STAFFSIM_LANG", expose_value=False, is_eager=True, callback=_set_language,
    help="language of the tables, figures and reports (also STAFFSIM_LANG)")

SET_OPTION = click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
                          help="override any scenario parameter (dotted key), repeatable; "
                          "an inline table sets the keys it names and keeps the others "
                          "('simulation={months=4}' is simulation.months=4, the seed kept); "
                          "a key a flag of the command also sets (--months, --seed, ...) "
                          "must be given the same value by both, or the command is refused")


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Simulate and optimise commune staffing in a Vietnamese province.

    Vietnamese by default; in English: add --lang en to a command (staffsim plan --help
    --lang en) or set STAFFSIM_LANG=en.
    """
    # Every command reads scenarios: register the constraint families' parameter sections
    # first (imported here, not at module level, so that --help starts fast).
    import staffsim.optimize.families  # noqa: F401


PLAN_OPTIONS = [
    click.option("--out", type=OutFolder(), help="result folder (must not exist)"),
    click.option("--solver", type=click.Choice(["highs", "cbc"]), help="MIP solver"),
    click.option("--time-limit", type=FiniteFloat(0, 604_800, low_open=True),
                 help="seconds per solve"),
    click.option("--month", type=click.IntRange(0, 600), default=0,
                 help="plan on the simulated state at this month (replication 0)"),
    SET_OPTION,
]


def plan_options(f):
    for opt in reversed(PLAN_OPTIONS):
        f = opt(f)
    return f


def emit(data: dict, as_json: bool, lines: list[str]) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=jsonable))
    else:
        for line in lines:
            click.echo(line)


def jsonable(o):
    """``results.folder.json_default`` (arrays, dates), and dataclasses as their fields."""
    if hasattr(o, "__dataclass_fields__"):
        return {k: getattr(o, k) for k in o.__dataclass_fields__}
    from staffsim.results.folder import json_default

    return json_default(o)


def save_folder(out: Path | None, scenario, name: str, data: dict, command: str,
                extra: dict[str, str] | None = None, force: bool = False,
                writers: dict[str, Callable[[Path], None]] | None = None) -> None:
    """Write a small result folder (JSON, extra text files, files ``writers`` write to the
    path given, resolved scenario, manifest)."""
    if out is None:
        return
    from staffsim.results.folder import atomic_folder, manifest, write_json, write_resolved_scenario

    with atomic_folder(out, force=force, inputs=scenario.input_files) as tmp:
        write_json(tmp / f"{name}.json", json.loads(json.dumps(data, default=jsonable)))
        for fname, text in (extra or {}).items():
            (tmp / fname).write_text(text, encoding="utf-8")
        for fname, write in (writers or {}).items():
            write(tmp / fname)
        write_resolved_scenario(tmp, scenario)
        write_json(tmp / "manifest.json", manifest(
            command=command, scenario_file=str(scenario.path.resolve()),
            overrides=scenario.overrides, input_sha256=scenario.input_hashes))
    from staffsim.results.words import words

    _ = words()
    click.echo(wrote_line(_, _("wrote {path}", path=out), out), err=True)


def wrote_line(_, line: str, folder: Path) -> str:
    """``line``, a command's 'wrote FOLDER ...', saying which folder --force replaced there
    (the command that had written it: a plan folder replaced by a whatif's is said, not
    silently gone); ``line`` as it is when nothing was replaced."""
    from staffsim.results.folder import replaced_kind

    kind = replaced_kind(folder)
    if kind is None:
        return line
    if kind:
        return _("{line}; it replaced the staffsim {command} folder that was there", line=line,
                 command=kind)
    return _("{line}; it replaced the staffsim result folder that was there", line=line)


def check_out(out: Path | None, force: bool = False, inputs: list[Path] | tuple = ()) -> None:
    """Claim the output folder before the work (see ``results.folder.claim_output``)."""
    from staffsim.results.folder import claim_output

    if out is not None:
        claim_output(out, force, inputs)


def start_figures() -> None:
    """Start the figure worker first thing in a command that draws: matplotlib then loads on
    the other core while the command works (``results.plots.worker``)."""
    from staffsim.results.plots import worker

    worker.start()


def scenario_read(scenario) -> None:
    """What a command that writes a folder does once its scenario is read: the figure worker
    stops if the scenario draws no figures (``output.figures``), and the machine facts its
    manifest records are read in a thread now (``results.folder.prepare_manifest``), while
    this process is small: the git and uname processes it starts share the process's memory
    until they exec (vfork), so started at the end they doubled the measured peak of the
    process tree for a moment (plan Thanh Hóa 250 -> 370 MB)."""
    from staffsim.results.folder import prepare_manifest

    prepare_manifest()
    if not scenario.params.output.figures:
        from staffsim.results.plots import worker

        worker.stop()
