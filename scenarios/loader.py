"""Load a scenario file: TOML overrides on documented defaults, plus its data tables."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import math
import re
import tomllib
import types
import typing
import unicodedata
import warnings
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from staffsim.scenarios import limits
from staffsim.scenarios.distances import KnownDistance
from staffsim.scenarios.errors import InputErrors, ScenarioError, cut, number_text, quote
from staffsim.scenarios.lever_labels import keys_named
from staffsim.scenarios.params import (
    ALIASES,
    TABLE_FIELDS,
    Params,
    ZoneName,
    constraint_families_missing,
    leaf_keys,
    load_constraint_families,
    rule_set_settings,
)
from staffsim.scenarios.province import (
    Communes,
    Pool,
    RosterTable,
    read_communes_and_table,
    read_distances,
    read_known_distances,
    read_pool,
    read_roster,
)
from staffsim.scenarios.tables import InputWarning


@dataclass
class Scenario:
    """A validated scenario with its data loaded; everything a run needs."""

    path: Path
    params: Params
    communes: Communes
    roster: RosterTable | None
    distances: np.ndarray | None  # supplied matrix, else computed on demand
    known_distances: list[KnownDistance] = field(default_factory=list)  # exact road km
    pool: Pool | None = None  # donor units outside the communes (departments, Party/Front)
    pool_roster: RosterTable | None = None  # their officials, when the roster table has them
    # the whole communes table when province.provinces selects part of it: a generated
    # roster's roster.target_total is its headcount (model.roster.staffing_targets)
    table_communes: Communes | None = None
    input_hashes: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.params.province.name or self.path.stem

    @property
    def place(self) -> str:
        """Where the scenario is about, for people: its province, or the provinces it selects
        from its table (province.provinces), by their names in the table, up to three
        (Thanh Hóa chosen from the national scenario is not 'Vietnam (34 provinces)'); more
        than three, their count and the first three ('5 tỉnh, thành phố (Thanh Hóa, Nghệ An,
        Hà Tĩnh, …)'); every province of the table, the scenario's name."""
        names = self.communes.extra.get("province")
        if self.table_communes is None or not names:
            return self.name
        chosen = list(dict.fromkeys(names))
        if len(chosen) <= 3:
            return ", ".join(chosen)
        if len(set(self.communes.province)) >= len(set(self.table_communes.province)):
            return self.name
        from staffsim.i18n import gettext, number

        # the count says they are provinces: 'Thanh Hóa', not 'Tỉnh Thanh Hóa'
        short = [re.sub(r"^(tỉnh|thành phố)\s+", "", n.strip(), flags=re.IGNORECASE)
                 for n in chosen[:3]]
        return gettext("{n} provinces ({names}, …)").format(n=number(len(chosen)),
                                                            names=", ".join(short))

    @property
    def input_files(self) -> list[Path]:
        """The scenario file and the data tables it names."""
        prov = self.params.province
        return [self.path] + [self.path.parent / getattr(prov, f) for f in TABLE_FIELDS
                              if getattr(prov, f)]


def deep_merge(base: dict, over: dict) -> dict:
    """``over`` applied on a copy of ``base`` (nested dicts merged, everything else replaced);
    neither argument is changed."""
    out = copy.deepcopy(base)
    _merge_into(out, over)
    return out


def _merge_into(out: dict, over: dict) -> None:
    # In place on the one copy deep_merge made: copying again at every level made reading a
    # scenario quadratic in the depth of its tree.
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            _merge_into(out[k], v)
        else:
            out[k] = copy.deepcopy(v)


def _model_at(loc: tuple, model: type[BaseModel] = Params) -> type[BaseModel] | None:
    """The parameter section at a location, to list its valid keys: through the entries of a
    named table too (``sweep.uncertainties."workload.intensity"`` is a factor's section)."""
    parts = iter(loc)
    for part in parts:
        info = model.model_fields.get(str(part))
        annotation = info.annotation if info is not None else None
        if typing.get_origin(annotation) is dict:  # dict[str, Section]: skip the entry's name
            annotation = typing.get_args(annotation)[1]
            if next(parts, None) is None:
                return None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        model = annotation
    return model


def _zone_list(loc: tuple) -> bool:
    """Is the parameter at ``loc`` a list of zones?"""
    section = _model_at(loc[:-1]) if loc else None
    info = section.model_fields.get(loc[-1]) if section is not None else None
    return info is not None and info.annotation == list[ZoneName]


QUESTION_SECTIONS = ("whatif.", "frontier.")


def suggest_keys(key: str, n: int = 3) -> list[str]:
    """Valid dotted keys close to a wrong one: a lever whose label the words name, else the
    same last word first, then similar spelling."""
    named = keys_named(key, ALIASES)  # a lever typed by its label: 'ngân sách'
    if named:
        return named[:n]
    # a question's own settings ([whatif], [frontier]) only for a key in their section: they
    # are given by the command's options, and a plan ignores them (plan --set
    # optimizer.keep_baseline_pairs was sent to whatif.keep_baseline_pairs, which it ignores)
    keys = [k for k in leaf_keys() + list(ALIASES)
            if not k.startswith(QUESTION_SECTIONS) or key.startswith(QUESTION_SECTIONS)]
    last = key.rsplit(".", 1)[-1]
    same = [k for k in keys if last in k.split(".")]
    return same[:n] or get_close_matches(key, keys, n=n, cutoff=0.5)


def _shown(value: object) -> str:
    """A value given, as people write it: numbers by ``errors.number_text`` (1e15 given is
    1,000,000,000,000,000, not 1000000000000000.0), text quoted."""
    if isinstance(value, bool):  # as TOML and --set spell it ('True' was Python's)
        return "true" if value else "false"
    if isinstance(value, list | tuple) and value and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        # a list of numbers as TOML writes it: '[1,000,000,000, inf]', not Python's repr
        # '[1000000000.0, inf]'
        return quote("[" + ", ".join(number_text(v) for v in value) + "]").strip("'\"")
    if not isinstance(value, int | float):
        return quote(value)
    return number_text(value)


# a range's bound as the error says it ('must be at least 0')
BOUND_WORDS = {"ge": "at least", "le": "at most", "gt": "more than", "lt": "less than"}


def _describe(error: dict) -> tuple[str, str]:
    loc = tuple(str(p) for p in error["loc"])
    key = ".".join(loc)
    if error["type"] == "extra_forbidden":
        if key in ALIASES:  # optimizer.budget_vnd.x = ...: an alias read as a section
            return key, (f"is a value (short for {ALIASES[key]}), not a section: give it as "
                         f"{key} = VALUE")
        section = _model_at(loc[:-1])
        valid = sorted(section.model_fields) if section else []
        close = [k for k in get_close_matches(loc[-1], valid, n=3) or suggest_keys(key)
                 if k != key]  # never the key itself
        if not valid:  # a key nothing lists (a table's free entries): no empty list
            return key, f"unknown key; did you mean {' or '.join(close)}?" if close \
                else "unknown key"
        hint = f"; did you mean {' or '.join(close)}?" if close else ";"
        return key, f"unknown key{hint} allowed here: {', '.join(valid)}"
    ctx = error.get("ctx", {})
    shown = {k: number_text(v) if isinstance(v, int | float) and not isinstance(v, bool)
             else str(v) for k, v in ctx.items()}
    bounds = [f"{op} {shown[k]}" for k, op in (("ge", ">="), ("gt", ">"), ("le", "<="),
                                               ("lt", "<")) if k in ctx]
    allowed = f"; allowed: {' and '.join(bounds)}" if bounds else ""
    msg = error["msg"].removeprefix("Value error, ")
    if error["type"] == "list_type" and _zone_list(loc):  # the example in zones' names
        msg = "must be a list of zones, e.g. [\"mountain\", \"high_mountain\"]"
    for k, words in (("ge", "greater than or equal to"), ("le", "less than or equal to"),
                     ("gt", "greater than"), ("lt", "less than")):
        if k in ctx and re.fullmatch(f"Input should be {words} \\S+", msg):  # pydantic's
            # own words for a bound, said as ours ('Input should be greater than or equal
            # to 0 (got -3); allowed: >= 0' was what an English user read), the bound
            # readable and said once
            msg, allowed = f"must be {BOUND_WORDS[k]} {shown[k]}", ""
    value = error.get("input")
    shown_value = "" if isinstance(value, dict) else _shown(value)
    # not said twice: a message that starts or ends with what was given ('a 301-digit
    # number is too large ...', 'must be a finite number, not nan') or says it otherwise
    # ('not the boolean true')
    got = ("" if not shown_value or " (got " in msg or "not the boolean" in msg
           or msg.startswith(shown_value + " ") or msg.endswith(" " + shown_value)
           else f" (got {shown_value})")
    return key, f"{msg}{got}{allowed}"


# The default parameter tree per rule set, built once per process: building it (pydantic's
# defaults, then a dump) was a third of the time to read a small scenario.
_DEFAULT_TREES: dict[str, dict] = {}


@functools.cache
def _default_rules() -> str:
    return str(Params().optimizer.rules)


def _defaults(data: dict) -> dict:
    """The defaults ``data`` starts from: every parameter's, with its rule set's settings (not
    to be changed: callers merge onto a copy)."""
    opt = data.get("optimizer")
    rules = str(opt.get("rules", _default_rules())) if isinstance(opt, dict) \
        else _default_rules()
    tree = _DEFAULT_TREES.get(rules)
    if tree is None:
        tree = deep_merge(Params().model_dump(), rule_set_settings(rules))
        if len(_DEFAULT_TREES) < 16:  # any text can arrive here: keep only the first few
            _DEFAULT_TREES[rules] = tree
    return tree


def _problems(e: ValidationError, source: str | Path, families: bool = True
              ) -> list[ScenarioError]:
    """Every problem pydantic found, one line each, one per parameter (its first: a list's
    second bad item is no second line)."""
    out: dict[tuple, ScenarioError] = {}
    for error in e.errors():
        key, msg = _describe(error)
        if not families and error["type"] == "extra_forbidden" and \
                key.startswith("optimizer.constraints."):  # not "allowed here: " (nothing)
            msg = constraint_families_missing()
        parameter = tuple(p for p in error["loc"] if not isinstance(p, int))
        out.setdefault(parameter, ScenarioError(source, key, msg))
    return list(out.values())


def first_or_all(problems: list[ScenarioError], every: bool) -> ScenarioError:
    """What to raise for ``problems``: the first, or (``every``, several) all of them, each
    reported on its own line (``InputErrors``: ``staffsim validate``)."""
    return InputErrors(problems) if every and len(problems) > 1 else problems[0]


def _expand_aliases(data: dict, source: str | Path) -> dict[str, str]:
    """A short name written in a file (``[optimizer] budget_vnd = 36e9``) put at the key it
    stands for, as --set puts it: the README and ``staffsim schema`` name the levers by their
    short names, and a file that used one was refused with advice to write what it had
    written. Both the short and the full key given: refused, naming both. Returns the full
    keys so filled and the short names they were written as (``_as_written``)."""
    written = file_aliases(data)
    for full, short in written.items():
        parent, _, leaf = short.rpartition(".")
        table = _value_at(data, parent)
        full_parent, _, full_leaf = full.rpartition(".")
        there = _value_at(data, full_parent)
        if isinstance(there, dict) and full_leaf in there:
            raise _given_twice(source, short, full)
        try:
            set_dotted(data, full, table.pop(leaf))
        except ScenarioError as e:
            raise ScenarioError(source, e.where, e.message) from None
    return written


def file_aliases(data: dict) -> dict[str, str]:
    """The full key and the short name of each value a file's ``data`` gives under a short
    name (``params.ALIASES``)."""
    return {full: short for short, full in ALIASES.items() if _written_here(data, short)}


def _given_twice(source: str | Path, short: str, full: str) -> ScenarioError:
    return ScenarioError(source, short, f"given twice, as {short} and as {full} (the key it "
                         "is short for); keep one")


def _as_written(problems: list[ScenarioError], written: dict[str, str]
                ) -> list[ScenarioError]:
    """Problems of values given under a short name (``written``: full key -> the short name
    the file or --set used) named by that short name: a planner who wrote
    ``optimizer.budget_vnd`` was told of ``optimizer.constraints.budget.vnd``."""
    out = []
    for p in problems:
        key = written_key(p.where, written)
        out.append(p if key == p.where else ScenarioError(p.file, key, p.message))
    return out


def _written_here(data: dict, short: str) -> bool:
    """Whether a file's ``data`` gives a value under the short name ``short``."""
    parent, _, leaf = short.rpartition(".")
    table = _value_at(data, parent)
    return isinstance(table, dict) and leaf in table and not isinstance(table[leaf], dict)


def written_key(key: str, written: dict[str, str]) -> str:
    """``key`` (or the key it is within) as written: its short name if ``written`` has it
    (full key -> short name)."""
    for full, short in written.items():
        if key == full or key.startswith((full + ".", full + "[")):
            return short + key[len(full):]
    return key


def one_key_each(overrides: dict[str, Any], source: str | Path) -> None:
    """Refuse a short name and the key it stands for given together (``--set
    optimizer.budget_vnd=5e9 --set optimizer.constraints.budget.vnd=10e9``: the later one
    won, silently; a trial), naming both, as a file's top level already refuses them."""
    given: dict[str, str] = {}
    for k in overrides:
        full = ALIASES.get(k, k)
        if full in given and given[full] != k:
            raise _given_twice(source, *((k, given[full]) if k in ALIASES else (given[full], k)))
        given.setdefault(full, k)


def aliases_in(overrides: dict[str, Any]) -> dict[str, str]:
    """The full key and the short name of each dotted key of ``overrides`` given by its
    short name (``params.ALIASES``)."""
    return {ALIASES[k]: k for k in overrides if k in ALIASES}


def _numbers_in_text(data: dict, source: str | Path, prefix: str = "") -> None:
    """A number a file gives as text that --set would read (``budget_vnd = "36 tỷ"``,
    ``"1,75"``): refused, as any number in quotes is (TOML text is not a number), but with
    the number to write: the planner who wrote '36 tỷ' was told only that it is not a number.
    Text that reads as no number is left to the parameters' own check."""
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            _numbers_in_text(value, source, dotted + ".")
        elif isinstance(value, str) and value.strip() and "." not in str(key):
            spec = _set_spec(ALIASES.get(dotted, dotted))
            if spec is None or spec.kind == "zones":
                continue
            try:
                x = set_number(value, spec)
            except ScenarioError:
                continue
            written = f"{int(x):_}" if float(x).is_integer() and abs(x) < 1e18 else repr(x)
            raise ScenarioError(source, dotted, f"a number is required, not the text "
                                f"{quote(value)}; write the number without quotes: {written}")


def validate_params(data: dict, source: str | Path, every: bool = False,
                    written: dict[str, str] | None = None) -> Params:
    """Defaults (with the rule set's settings) overlaid with ``data``; one-line ScenarioError
    on the first problem (``every``: on every problem, ``first_or_all``). Short names
    (``params.ALIASES``) are read as the keys they stand for, and a problem of their value is
    named by the short name written (``written``: those --set gave, ``aliases_in``)."""
    # A program that read no optimiser module yet (a notebook) has no constraint family
    # registered: their entry points register them, before the defaults are built.
    families = load_constraint_families()
    _numbers_in_text(data, source)  # (named as the file writes them)
    written = {**_expand_aliases(data, source), **(written or {})}
    try:
        return Params.model_validate(deep_merge(_defaults(data), data))
    except ValidationError as e:
        raise first_or_all(_as_written(_problems(e, source, bool(families)), written),
                           every) from None


def override_params(params: Params, overrides: dict[str, Any], source: str,
                    every: bool = False) -> Params:
    """``params`` with dotted-key ``overrides`` applied and validated. An override of
    ``optimizer.rules`` first puts the new rule set's family settings in place. ``every``:
    every problem reported, not the first (``first_or_all``)."""
    one_key_each(overrides, source)
    data: dict = {}
    for k, v in overrides.items():
        set_dotted(data, k, v)
    base = params.model_dump()
    rules = data.get("optimizer", {}).get("rules") if isinstance(data.get("optimizer"),
                                                                 dict) else None
    if rules is not None and rules != params.optimizer.rules:
        base = deep_merge(base, rule_set_settings(str(rules)))
    try:
        return Params.model_validate(deep_merge(base, data))
    except ValidationError as e:
        raise first_or_all(_as_written(_problems(e, source), aliases_in(overrides)),
                           every) from None


def province_params(params: Params, code: str) -> Params:
    """``params`` with the province's own overrides (``province.by_province``), if any."""
    over = params.province.by_province.get(str(code))
    if not over:
        return params
    return override_params(params, over, f"province.by_province.{code}")


def _by_province_error(source: str | Path, code: str, e: ScenarioError) -> ScenarioError:
    """A province's override refused, named key by key (an empty key as "") and blamed on
    ``source``: the scenario file, or the command line when --set gave or changed it."""
    return ScenarioError(source, f"province.by_province.{code or '\"\"'}."
                         f"{e.where or '\"\"'}", e.message)


def _check_by_province(params: Params, code: str, path: Path) -> None:
    """The scenario file's own overrides for ``code`` (if it has any) are valid on its own
    settings; else the one-line error names the file."""
    try:
        province_params(params, code)
    except ScenarioError as e:
        raise _by_province_error(path, code, e) from None


def parse_value(text: str, key: str | None = None) -> Any:
    """A command-line value read as TOML (numbers, booleans, lists), else as a number the
    way Python writes one ('.5', '1.', '012': not TOML, but plainly numbers on a command
    line), else as a string. Given the ``key`` it sets, a number is also read as people
    write one (``set_number``: '26.000.000.000', '1,75', '26 tỷ' for an amount in VND) and
    a list of zones as a name or names ('vùng cao' is ["high_mountain"])."""
    spec = _set_spec(key) if key is not None else None
    try:
        value = tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        if spec is not None and spec.kind == "zones":
            return [z.strip() for z in text.split(",")]  # (named by the params' validator)
        if spec is not None:
            return set_number(text, spec)
        for kind in (int, float):
            try:
                return kind(text.strip())
            except ValueError:
                pass
        return text
    except RecursionError:
        value = None
    except ValueError as e:  # e.g. an integer of more than 4,300 digits
        raise ScenarioError("command line", "--set", f"{quote(text)}: {cut(str(e), 120)}"
                            ) from None
    depth = limits.TOML_DEPTH
    if value is None or limits.nesting_depth(value) > depth.value:
        raise ScenarioError("command line", "--set", f"{quote(text)} is nested more than "
                            f"{depth.value} levels deep; {depth.hint()}")
    if spec is not None and spec.kind == "zones" and isinstance(value, str):
        return [value]
    if spec is not None and spec.kind != "zones" and isinstance(value, int | float) \
            and not isinstance(value, bool) and _GROUPED_TEXT.fullmatch(text.strip()):
        return set_number(text, spec)  # '1.234': 1,234 or 1.234 (set_number says which)
    return value


@dataclass(frozen=True)
class SetSpec:
    """What a --set key takes, to read its value as people write it: ``kind`` 'int',
    'float' or 'zones'; the key's unit (``params.P``) and an example value."""

    key: str
    kind: str
    unit: str
    example: float


_MONEY_WORDS = {"ty": 1e9, "ti": 1e9, "trieu": 1e6, "nghin": 1e3, "ngan": 1e3}
_CURRENCY = ("dong", "d", "vnd")
# a number with one separator before three digits: 1.234 (1,234 or 1.234?), 26,000
_GROUPED_TEXT = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")
_MONEY_TEXT = re.compile(r"([+-]?\d[\d.,\s]*?)\s*([^\W\d_][\w\s/]*)?")


def _set_spec(key: str) -> SetSpec | None:
    """The --set ``key``'s field when it is a number or a list of zones, else None (a
    section, a text, a key no section lists: its value is read as before)."""
    load_constraint_families()
    try:
        parts = _dotted_parts(key.strip())
    except ScenarioError:
        return None
    model: type[BaseModel] = Params
    unit, default = "", None
    for i, part in enumerate(parts):
        info = model.model_fields.get(part)
        if info is None:
            return None
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        unit = str(extra.get("unit") or unit)  # a ByZone entry: its section's unit
        default = default.get(part) if isinstance(default, dict) else None
        if default is None:
            default = info.get_default(call_default_factory=True)
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if i == len(parts) - 1:
                return None
            model = annotation
            if not isinstance(default, dict):
                default = None
            continue
        if i != len(parts) - 1:
            return None
        if annotation == list[ZoneName]:
            return SetSpec(key.strip(), "zones", unit, 0.0)
        if typing.get_origin(annotation) not in (None, typing.Union, types.UnionType):
            return None  # (a list of numbers: as TOML writes it)
        args = set(typing.get_args(annotation)) - {type(None)} or {annotation}
        if not args <= {int, float}:
            return None
        kind = "float" if float in args else "int"
        example = default if isinstance(default, int | float) and not isinstance(
            default, bool) and default > 0 else (1e6 if unit.startswith("VND") else 1)
        return SetSpec(key.strip(), kind, unit, round(float(example), 4) or 1.0)
    return None


def set_number(text: str, spec: SetSpec) -> float | int:
    """A --set number for ``spec``'s key as people write it, read as the dashboard's fields
    and the data tables read one (``i18n.parse_number``) in Vietnamese (1.234.567,5; 1,75) or
    English (1,234,567.5; 1.75); for a key in VND, also with tỷ, triệu, nghìn (ngàn) and
    đồng ('26 tỷ' is 26,000,000,000). A text both read, differently ('1.234': 1,234 or
    1.234) is a whole number for a key of whole numbers, and refused naming both readings
    otherwise; a text neither reads is refused naming the key's unit with an example."""
    from staffsim.i18n import parse_number
    from staffsim.scenarios.tables import fold

    where = spec.key
    t = unicodedata.normalize("NFC", text).strip()
    m = _MONEY_TEXT.fullmatch(t)
    number_part, mult = t, 1.0
    if m and m[2]:
        words = fold(m[2]).split("_")
        factor = _MONEY_WORDS.get(words[0])
        rest = words[1:] if factor else words
        if rest in ([], *([c] for c in _CURRENCY)) and (factor or rest):
            if not spec.unit.startswith("VND"):
                raise ScenarioError("command line", where, _money_refused(text, spec))
            number_part, mult = m[1], factor or 1.0
    readings = {x for x in (parse_number(number_part, "vi"), parse_number(number_part, "en"))
                if x is not None}
    if not readings and mult == 1.0 and re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", t):
        readings = {float(t)}  # '.5', '1.': plainly numbers, the way Python writes them
    if not readings:
        raise ScenarioError("command line", where, f"{quote(text)} is not a number"
                            f"{_in_unit(spec)}; write e.g. {_example(spec)}")
    if len(readings) > 1:
        whole = max(readings, key=abs)  # (the reading with a separator between thousands)
        if spec.kind != "int":
            sep = next(c for c in number_part if c in ".,")
            small = min(readings, key=abs)
            shown = number_text(small)
            written = shown + "0" if len(shown.partition(".")[2]) == 3 else shown
            raise ScenarioError(
                "command line", where, f"{quote(text)} reads two ways: {number_text(whole)} "
                f"if '{sep}' separates thousands, {shown} if it is the decimal mark; write "
                f"{int(whole)} or {written}")
        readings = {whole}
    x = readings.pop() * mult
    if mult != 1.0:
        x = float(round(x))  # whole đồng ('1,5 tỷ' is 1,500,000,000 exactly)
    return int(x) if spec.kind == "int" and x.is_integer() else x


def _in_unit(spec: SetSpec) -> str:
    return f" in {spec.unit}" if spec.unit else ""


def _example(spec: SetSpec) -> str:
    """An example value for ``spec``'s key: its default, grouped as people write it and, when
    large, in TOML's short form too (45,000,000,000 or 45e9); in VND, also in words."""
    x = spec.example
    out = [number_text(int(x) if x.is_integer() else x)]
    k = 3 * (int(math.log10(x)) // 3) if x >= 1e6 else 0
    if k and len(f"{x / 10 ** k:g}") <= 4:  # (20250701 has no short form)
        out.append(f"{x / 10 ** k:g}e{k}")
        if spec.unit.startswith("VND"):
            word = {9: "tỷ", 6: "triệu"}.get(k)
            if word:
                out.append(f"{x / 10 ** k:g} {word}")
    return " or ".join(out)


def _money_refused(text: str, spec: SetSpec) -> str:
    if spec.unit:
        return (f"{quote(text)} is an amount of money, but this key is in {spec.unit}; "
                f"write a number, e.g. {_example(spec)}")
    return (f"{quote(text)} is an amount of money, and this key is not; write a number, "
            f"e.g. {_example(spec)}")


# one part of a TOML dotted key: a bare key, a basic string ("...", with escapes) or a literal
# string ('...'), spaces and tabs around it ignored (TOML 1.0, "Keys")
_KEY_PART = re.compile(r'[ \t]*(?:([A-Za-z0-9_-]+)|"((?:[^"\\\n]|\\.)*)"|\'([^\'\n]*)\')[ \t]*')


def _key_parts(dotted: str, most: int) -> list[str] | None:
    """A dotted key's parts by TOML's rules: ``sweep.uncertainties."workload.intensity".range``
    is three parts and a key, the quoted one holding a dot. None if ``dotted`` is no TOML key
    (a space inside a part, a letter with a diacritic, ...); more than ``most`` parts are not
    read (the caller refuses them)."""
    parts: list[str] = []
    pos = 0
    while len(parts) <= most:
        m = _KEY_PART.match(dotted, pos)
        if not m:
            return None
        bare, basic, literal = m.groups()
        if basic is not None:  # its escapes as TOML reads them (\" \\ \u00e1 ...)
            try:
                basic = tomllib.loads(f'k = "{basic}"')["k"]
            except tomllib.TOMLDecodeError:
                return None
        parts.append(next(p for p in (bare, basic, literal) if p is not None))
        pos = m.end()
        if pos == len(dotted):
            return parts
        if dotted[pos] != ".":
            return None
        pos += 1
    return parts


def _dotted_parts(dotted: str) -> list[str]:
    """The sections and key of a dotted key (``set_dotted``): by TOML's rules, so a quoted
    part is one key and may hold dots; a short name (``ALIASES``) is its full key. A key that
    is no TOML key is split at its dots (then refused as an unknown key, with suggestions),
    unless a quote in it says a part was meant to be quoted."""
    most = limits.TOML_DEPTH.value
    parts = _key_parts(dotted, most)
    if parts is None:
        if "\"" in dotted or "'" in dotted:
            raise ScenarioError("command line", cut(dotted), "not a dotted key: a quote is "
                                "not closed, or a quoted part is not between dots; quote a "
                                "part that holds dots, e.g. "
                                "sweep.uncertainties.\"workload.intensity\".range")
        parts = dotted.split(".")
    if all("." not in p for p in parts) and ".".join(parts) in ALIASES:
        parts = ALIASES[".".join(parts)].split(".")
    return parts


def set_dotted(data: dict, dotted: str, value: Any) -> None:
    """Set ``a.b.c = value`` in a nested dict, creating sections on the way; the key is read
    by TOML's rules (``a."b.c".d`` is three parts, ``_dotted_parts``). A table value (TOML's
    inline table) sets the keys it names and keeps the others, each as if given dotted:
    ``simulation={months=4}`` is ``simulation.months=4`` (it replaced the whole section: the
    scenario's seed and every other key of it went back to their defaults, unsaid), and a
    short name inside it is its full key as on its own (``optimizer={budget_vnd=5}``)."""
    parts = _dotted_parts(dotted)
    if len(parts) > limits.TOML_DEPTH.value:
        raise ScenarioError("command line", cut(dotted), f"more than {limits.TOML_DEPTH.value} "
                            f"dotted parts; {limits.TOML_DEPTH.hint()}")
    _set_parts(data, parts, value, dotted)


def _set_parts(data: dict, parts: list[str], value: Any, dotted: str) -> None:
    """``set_dotted`` on a key already split: a non-empty table's entries one by one, into
    the sections they name (an empty table sets nothing where one is, else itself)."""
    if isinstance(value, dict) and value:
        for k, v in value.items():
            sub = [*parts, str(k)]
            if all("." not in p for p in sub) and ".".join(sub) in ALIASES:
                sub = ALIASES[".".join(sub)].split(".")
            _set_parts(data, sub, v, dotted)
        return
    for p in parts[:-1]:
        data = data.setdefault(p, {})
        if not isinstance(data, dict):
            raise ScenarioError("command line", dotted, f"{p} is a value, not a section")
    if isinstance(value, dict) and isinstance(data.get(parts[-1]), dict):
        return  # (an empty table names no key to set)
    data[parts[-1]] = copy.deepcopy(value)  # (never shared with the overrides given)


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes (read in blocks: input tables and result files can be big)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_toml(path: Path) -> dict[str, Any]:
    """A scenario file's tables, within the size and nesting limits (README, "Limits")."""
    limits.check_input_file(path, limits.SCENARIO_FILE, 1024, "scenario file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # Notepad writes a BOM
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError(path, "", f"not valid TOML: {cut(str(e))}") from None
    except UnicodeDecodeError as e:
        raise ScenarioError(path, "", f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        data = None
    except ValueError as e:  # e.g. an integer of more than 4,300 digits
        raise ScenarioError(path, "", f"not valid TOML: {cut(str(e), 120)}") from None
    depth = limits.TOML_DEPTH
    if data is None or limits.nesting_depth(data) > depth.value:
        raise ScenarioError(path, "", f"nested more than {depth.value} levels deep; "
                            f"{depth.hint()}")
    return data


class Overrides(dict):
    """Dotted-key overrides from the command line (--set and the flags that set a parameter,
    the flag's value for a key both give) and ``shadowed``: key -> (--set's value, the flag
    that gave the key too, as typed), which ``load_scenario`` validates all the same and
    refuses when it disagrees with the flag's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shadowed: dict[str, tuple[Any, str]] = {}


def _check_shadowed(data: dict, overrides: Overrides, params: Params) -> None:
    """Each --set value a flag gave again is validated as if alone (a bad value is refused as
    without the flag), then must agree with the flag's: which one should win is the user's
    to say (``run --months 2 --set simulation.months=3`` is refused, naming both)."""
    trial = copy.deepcopy(data)
    for k, (v, _flag) in overrides.shadowed.items():
        set_dotted(trial, k, v)
    alone = validate_params(trial, "command line")
    for k, (v, flag) in overrides.shadowed.items():
        if _value_at(alone, k) != _value_at(params, k):
            raise ScenarioError("command line", "--set", f"{k}={toml_value(v)} and {flag} "
                                "give different values; give the value once (a flag and "
                                "--set for the same key must agree)")


def _value_at(params: Params | dict, dotted: str) -> Any:
    """The value at ``dotted`` in the parameters or in a nested dict (a file's data); None
    where there is none."""
    value: Any = params
    for part in _dotted_parts(dotted):
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
    return value


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None,
                  every: bool = False) -> Scenario:
    """Read, validate and load a scenario; ``overrides`` are dotted keys applied on top (an
    ``Overrides``' shadowed --set values are validated too: ``_check_shadowed``). ``every``:
    every problem of the parameters reported, not the first (``staffsim validate``)."""
    path = Path(path)
    data = read_toml(path)
    # the short names the file writes (``validate_params`` reads them as their full keys)
    file_written = file_aliases(data)
    if overrides:  # (the horizon limit holds for the months and replications asked for)
        with limits.put_off(limits.SIM_MONTHS):
            params = own = validate_params(data, path, every)
    else:
        params = own = validate_params(data, path, every)
    if overrides:
        one_key_each(overrides, "command line")
        for k, v in overrides.items():
            set_dotted(data, k, v)
        shadowed = getattr(overrides, "shadowed", None)
        written = aliases_in(overrides)
        if shadowed:
            _check_shadowed(data, overrides, validate_params(data, "command line", every,
                                                             written))
        params = validate_params(data, "command line", every, written)
    for code in params.province.by_province:  # each province's overrides are valid
        try:
            province_params(params, code)
        except ScenarioError as e:
            if params is own:
                raise _by_province_error(path, code, e) from None
            # with --set: the file's own entry may be the bad one; else --set made it bad
            # (an entry --set gave, or changed, or a setting it fits no longer)
            _check_by_province(own, code, path)
            raise _by_province_error("command line", code, e) from None
    prov = params.province
    if not prov.communes_csv:
        raise ScenarioError(path, "province.communes_csv", "required: path to a communes CSV")
    base = path.parent
    for key in TABLE_FIELDS:  # a copied scenario whose tables stayed behind: say where we look
        name = getattr(prov, key)
        if name and not (base / name).exists():
            raise ScenarioError(path, f"province.{key}", f"{cut(name)}: file not found; paths "
                                f"are read relative to the scenario file's folder "
                                f"({cut(str(base.resolve()))})")
        if name and (base / name).is_dir():  # (said by the table's reader without the field)
            raise ScenarioError(path, f"province.{key}", f"{cut(name)}: is a folder; expected "
                                "a table file (CSV or .xlsx)")
    hashes = {"scenario": sha256_file(path)}
    communes_path = base / prov.communes_csv
    try:
        communes, table = read_communes_and_table(communes_path, prov.provinces or None)
    except ScenarioError as e:
        if prov.provinces and "no rows for provinces" in str(e):  # the scenario asked for them
            raise ScenarioError(path, "province.provinces",
                                f"{communes_path.name}: {e.message}") from None
        raise
    hashes[prov.communes_csv] = sha256_file(communes_path)
    codes = set(communes.province)
    # a province's own overrides for a code the table has no commune of do nothing: a typo
    # ('83' for '38') ran with the scenario's budget and said the change was VND 0 (a trial)
    known = set((table or communes).province) - {""}
    for c in params.province.by_province:
        if c not in known:
            where = (path if c in own.province.by_province else "command line",
                     f"province.by_province.{c}")
            if not known:  # (a table without codes: no entry applies to any commune)
                raise ScenarioError(*where, f"{communes_path.name} has no column "
                                    "province_code, so no province's own settings apply; "
                                    "add the column, or set these in the scenario itself")
            listed = ", ".join(sorted(known)[:12]) + (" ..." if len(known) > 12 else "")
            raise ScenarioError(*where, f"{communes_path.name} has no commune of province "
                                f"{c}; allowed: a province code of its communes ({listed})")
    code = str(next(iter(codes))) if len(codes) == 1 else None
    top = params  # (before the province's own entry)
    if code is not None:  # one province: its own overrides are the scenario's
        params = province_params(params, code)
    pool = None
    if prov.pool_csv:
        pool_path = base / prov.pool_csv
        pool = read_pool(pool_path, communes, prov.provinces or None)
        hashes[prov.pool_csv] = sha256_file(pool_path)
    roster = pool_roster = None
    if prov.roster_csv:
        roster_path = base / prov.roster_csv
        units = communes if pool is None else communes.concat(pool.units)
        roster = read_roster(roster_path, units, prov.start_year)
        hashes[prov.roster_csv] = sha256_file(roster_path)
        if pool is not None:
            roster, pool_roster = split_roster(roster, len(communes))
    everyone = communes if pool is None else communes.concat(pool.units)
    distances = None
    if prov.distances_csv:
        dist_path = base / prov.distances_csv
        distances = read_distances(dist_path, everyone)
        hashes[prov.distances_csv] = sha256_file(dist_path)
    known: list[KnownDistance] = []
    if prov.known_distances_csv:
        known_path = base / prov.known_distances_csv
        known = read_known_distances(known_path, everyone)
        hashes[prov.known_distances_csv] = sha256_file(known_path)
    said = unit_problem(params)
    if said:  # (its key named as the file, --set or the province's entry writes it)
        warn_unit(*_unit_given(said, path, own, top, code, overrides, file_written))
    return Scenario(path=path, params=params, communes=communes, roster=roster,
                    distances=distances, known_distances=known, pool=pool,
                    pool_roster=pool_roster, input_hashes=hashes,
                    overrides=dict(overrides or {}), table_communes=table)


def _unit_given(said: str, path: Path, own: Params, top: Params, code: str | None,
                overrides: dict[str, Any] | None, written: dict[str, str]
                ) -> tuple[object, str, dict[str, str], str]:
    """Who gave the value ``unit_problem`` found in the scenario's settings, as
    ``warn_unit``'s arguments: the province's own entry (``province.by_province``) when it
    gives that key, or when the settings before it (``top``) pass, blamed on the command
    line if --set gave it; else the command line when --set gives the key, or changed what
    the file's own settings (``own``) passed; else the file. (A budget the province's entry
    gave was named by its full key and blamed on the command line; given also at the top
    level or by --set, the value of one was blamed on the other: trials.)"""
    key = said.split(": ", 1)[0]
    entry = top.province.by_province.get(code) if code is not None else None
    given = table_aliases(entry) if entry else {}
    prefix = f"province.by_province.{code}."
    if entry and (key in given or not unit_problem(top)):
        by_cli = any(k == "province.by_province" or k == prefix[:-1] or k.startswith(prefix)
                     for k in overrides or {})
        return ("command line" if by_cli else path, said, given, prefix)
    given = {ALIASES.get(k, k) for k in overrides or {}}
    from_cli = key in given or (bool(overrides) and not unit_problem(own))
    return ("command line" if from_cli else path, said,
            aliases_in(overrides) if from_cli else written, "")


def table_aliases(entry: dict) -> dict[str, str]:
    """Each key a table of settings (a province's entry, a compare arm's set) gives, its keys
    dotted or nested: full key -> as written (its short name, or the full key itself, which
    ``written_key`` leaves as it is)."""
    flat: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}{k}.", v)
        else:
            flat[prefix[:-1]] = value
    walk("", entry)
    return {ALIASES.get(k, k): k for k in flat}


def warn_unit(source: object, said: str, written: dict[str, str], prefix: str = "") -> None:
    """Warn of ``said`` (``unit_problem``'s 'KEY: MESSAGE') given by ``source``, its key
    named as written (``written``: full key -> the short name given) after ``prefix``
    (where the value sits: a province's entry, a compare arm's set)."""
    key, said = said.split(": ", 1)
    warnings.warn(f"{source}: {prefix}{written_key(key, written)}: {said}", InputWarning,
                  stacklevel=3)


def warn_unit_of(variant: Params, base: Params, source: object, written: dict[str, str],
                 prefix: str) -> None:
    """``warn_unit`` for settings made on top of ``base`` (a compare arm's, a recorded
    what-if's), when they, not ``base``, hold the value in the wrong unit (the scenario's
    own is warned of when it is loaded)."""
    said = unit_problem(variant)
    if said and not unit_problem(base):
        warn_unit(source, said, written, prefix)


def unit_problem(params: Params) -> str | None:
    """'KEY: MESSAGE' for a value within its range that is likely in the wrong unit, or None:
    a positive budget that does not pay one official's allowance over a transfer's whole term
    (45 meant as VND 45 bn, or '36 triệu' typed for 36 tỷ: a plan that moves nobody, or only
    unpaid lowland moves, 'proven optimal'). The bound is the cheapest part of the allowance
    for its months (2,925,000 x 36 = 105,300,000 in Thanh Hóa): one month's (2,925,000) let
    36 triệu pass (an HR trial, F25). A thousand times the budget, when it would pay one,
    is suggested."""
    budget = getattr(params.optimizer.constraints, "budget", None)
    if budget is None or not budget.enabled or not budget.vnd > 0:
        return None
    a = params.optimizer.allowance
    parts = [(a.base_salary_vnd * m, a.months) for m in a.zone_multiple.as_list()]
    parts += [(v, a.distance_band_months) for v in a.distance_band_vnd]
    parts.append((a.distance_threshold_vnd, a.distance_threshold_months))
    terms = [(v * months, months) for v, months in parts if v > 0 and months > 0]
    if not terms:
        return None
    bound, months = min(terms)
    if budget.vnd >= bound:
        return None
    more = (f"; did you mean VND {number_text(budget.vnd * 1000)}?"
            if budget.vnd * 1000 >= bound else "")
    return (f"optimizer.constraints.budget.vnd: VND {number_text(budget.vnd)} does not pay "
            f"one official's allowance over a transfer's term (VND {number_text(bound)}: the "
            f"cheapest allowance for its {months} months); the budget is in VND over the "
            f"transfers' terms, e.g. 45,000,000,000 for VND 45 bn{more}")


def rule_set_params(scenario: Scenario, rules: str) -> Params:
    """The scenario's parameters under the rule set ``rules``, as ``load_scenario(path,
    {**overrides, "optimizer.rules": rules})`` resolves them (the file's own family settings
    over the rule set's, a single province's own overrides applied), without reading its
    tables again. The scenario file is read again: if it changed since it was loaded, that
    is an error rather than a mix of two versions."""
    path = scenario.path
    if sha256_file(path) != scenario.input_hashes.get("scenario"):
        raise ScenarioError(path, "", "changed since it was loaded; load it again to change "
                            "its rule set")
    data = read_toml(path)
    for k, v in {**scenario.overrides, "optimizer.rules": rules}.items():
        set_dotted(data, k, v)
    params = validate_params(data, "optimizer.rules")
    codes = set(scenario.communes.province)
    if len(codes) == 1:
        params = province_params(params, codes.pop())
    return params


def split_roster(table: RosterTable, n_communes: int) -> tuple[RosterTable, RosterTable]:
    """A roster table of communes and pool units into the communes' officials and the pool's
    (the pool's commune index counted from its first unit)."""
    def part(mask: np.ndarray, offset: int) -> RosterTable:
        return RosterTable(
            official_id=[o for o, k in zip(table.official_id, mask, strict=True) if k],
            commune=table.commune[mask] - offset, specialty=table.specialty[mask],
            birth_year=table.birth_year[mask], birth_month=table.birth_month[mask],
            leader=table.leader[mask], protected=table.protected[mask],
            female=table.female[mask],
            full_name=[n for n, k in zip(table.full_name, mask, strict=False) if k])
    communes = table.commune < n_communes
    return part(communes, 0), part(~communes, n_communes)


def resolved_toml(params: Params) -> str:
    """The fully resolved parameters as TOML text (every default written out; a parameter
    that is empty (None) is left out, as TOML has no null)."""
    return _to_toml(json.loads(params.model_dump_json()))


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_key(k: str) -> str:
    return k if _BARE_KEY.fullmatch(k) else json.dumps(k, ensure_ascii=False)


def toml_value(v: Any) -> str:
    """A value as TOML writes it (and --set reads it back: \"01\" stays text, 0.5 a number)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {toml_value(x)}" for k, x in v.items()
                               if x is not None) + "}"
    if isinstance(v, float) and not math.isfinite(v):  # TOML spells these inf and nan
        return "nan" if v != v else ("inf" if v > 0 else "-inf")
    return repr(v)


def _to_toml(data: dict, prefix: str = "") -> str:
    lines = [f"{_toml_key(k)} = {toml_value(v)}" for k, v in data.items()
             if not isinstance(v, dict) and v is not None]
    out = "\n".join(lines) + ("\n" if lines else "")
    for k, v in data.items():
        if isinstance(v, dict):
            name = f"{prefix}{_toml_key(k)}"
            out += f"\n[{name}]\n" + _to_toml(v, name + ".")
    return out
