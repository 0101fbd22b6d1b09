"""A plan file's derived columns against what its moves give: the official's name (the
roster's) and current specialty, the distance, the monthly allowance, the months paid and the
total. The rules and the totals read only who moves where; these columns are what a decision
signs (``staffsim evaluate`` on an edited annex) and what a result folder records (``staffsim
verify`` on plan.csv), so a changed amount, term, distance, name or specialty is a finding.

``column_findings`` compares (a column absent from the file, or an empty cell, is not
checked); ``finding_words`` says a finding for people, with both values and why the rules
give theirs.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from staffsim.i18n import N_
from staffsim.model.allowance import (
    allowance_parts,
    paid_months,
    part_months,
    term_months_left,
    total_allowance,
)
from staffsim.model.state import Move, ProvinceState
from staffsim.results.moves import MoveRow, move_rows
from staffsim.results.words import Words, specialty_in_sentence
from staffsim.scenarios.errors import ScenarioError, cut
from staffsim.scenarios.params import MAX_MAGNITUDE, ZONES
from staffsim.scenarios.province import ANNEX_CHANGE
from staffsim.scenarios.specialties import SPECIALTIES
from staffsim.scenarios.tables import Problems, fold, number, specialty_values

# the columns compared, in the order a row's findings are said
COLUMNS = ("full_name", "specialty", "province_code", "distance_km", "monthly_allowance_vnd",
           "months", "total_allowance_vnd", "from_name", "to_name")
MONEY_CLOSE = 0.5  # VND: amounts are written in whole đồng
KM_CLOSE = 0.05  # km: plan.csv and the annex write one decimal
# a list's distance against a measured one (the scenario's known road distances or distance
# table): within this share it is the same road measured or rounded otherwise (a note), beyond
# it a difference to look at (a finding, not a broken rule)
MEASURED_CLOSE = 0.05
# a list's distance against staffsim's estimate (straight line x road factor, off by 5.8% on
# average and +15% at most on the known roads: README): within this share it is the planner's
# own road distance, and the rules use it; beyond it, it is no road between those two
# communes (a distance left from another destination, a typo): the estimate stands and the
# row is a finding
ESTIMATE_PLAUSIBLE = 0.25
_THOUSANDS = re.compile(r"-?\d{1,3}([.,]\d{3})+")


@dataclass(frozen=True)
class ColumnFinding:
    at: int  # the row's position in the rows given
    column: str  # our name of the column (``COLUMNS``)
    value: str  # as the file has it
    expected: str  # as plan.csv would write it ('237.2', '4095000', 'land', a name)
    move: MoveRow  # what the move gives
    why: tuple = ()  # the allowance's parts, or the months' limits (``_why``)


def read_number(text: str, whole: bool = False) -> float | None:
    """A number as a file may hold it: '237.2', '237,2', and for whole numbers thousands
    separators ('4.095.000', '4,095,000'); None if it is none."""
    t = str(text).replace(" ", "").replace("\u00a0", "")
    if whole and _THOUSANDS.fullmatch(t):
        t = t.replace(".", "").replace(",", "")
    elif t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")
    try:
        x = float(t)
    except ValueError:
        return None
    return x if x == x and abs(x) != float("inf") else None


# what each number column accepts, as ``read_number`` reads it (``number_problems`` says it)
_ALLOWED = {
    "distance_km": "is not a distance in km; allowed: a number without a unit, its decimals "
                   "after a point or a comma (129.7 or 129,7)",
    "monthly_allowance_vnd": "is not an amount in đồng; allowed: a whole number without a "
                             "unit, its thousands separated by '.', ',' or a space "
                             "(4.095.000, 4,095,000, 4 095 000 or 4095000)",
    "months": "is not a whole number of months; allowed: a whole number without a unit (36)",
    "total_allowance_vnd": "is not an amount in đồng; allowed: a whole number without a "
                           "unit, its thousands separated by '.', ',' or a space "
                           "(4.095.000, 4,095,000, 4 095 000 or 4095000)",
}


# the range each number column of a plan file must lie in (bad input outside it, as a
# scenario table's number: ``scenarios.tables.number``): never negative; a distance at most
# what the scenario's distance tables accept (5,000 km: more than any road in Vietnam), the
# months at most a term's longest (120: ``params``), an amount at most the size any number of
# a scenario may have (``params.MAX_MAGNITUDE``, VND 10^15)
RANGES = {
    "distance_km": (0.0, 5000.0),
    "monthly_allowance_vnd": (0.0, MAX_MAGNITUDE),
    "months": (0.0, 120.0),
    "total_allowance_vnd": (0.0, MAX_MAGNITUDE),
}


def number_problems(path: object, rows: list[tuple[int, dict[str, str]]]
                    ) -> list[ScenarioError]:
    """Bad input, not a finding: each number cell of a plan file (``read_plan_csv``'s rows)
    that is no number as ``read_number`` reads it ('abc', '4.095.000 đ'), no whole number
    where the column counts months ('36.5'), or a number outside its column's ``RANGES``
    ('-5' km, '1e300' đồng; said as a scenario table says it). Empty cells are not checked
    (the column is then not compared)."""
    out = []
    for n, f in rows:
        for c, allowed in _ALLOWED.items():
            got = (f.get(c) or "").strip()
            if not got:
                continue
            x = read_number(got, whole=c != "distance_km")
            if x is None or (c == "months" and not x.is_integer()):
                out.append(ScenarioError(path, f"row {n}", f"official {f.get('official_id')}, "
                                         f"column {c}: '{cut(got, 60)}' {allowed}"))
                continue
            # (``number`` reads the cell as read_number does: the same number, said as a
            # scenario table's out of range)
            problems = Problems(path)
            number(problems, n, c, cut(got, 60), *RANGES[c], integer=c != "distance_km")
            out.extend(ScenarioError(path, f"row {n}", f"official {f.get('official_id')}, "
                                     f"column {c}: {p.message}") for p in problems.errors)
    return out


def specialty_key(text: str) -> str | None:
    """The current specialty a cell names: our key, or any language's label (the annex's
    'Địa chính (sang Xây dựng)' names land); None if none."""
    m = ANNEX_CHANGE.match(text)
    text = (m["now"] if m else text).strip()
    if text in SPECIALTIES:
        return text
    key = specialty_values().get(fold(text))
    return key if key in SPECIALTIES else None


def same_name(a: str, b: str) -> bool:
    """The same name, whatever its case, spacing and Unicode form (diacritics count)."""
    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).casefold().split())
    return norm(a) == norm(b)


def _why(state: ProvinceState, move: Move, r: MoveRow, column: str) -> tuple:
    """What the rules make of the move's allowance ('zone', multiple, base salary, zone;
    'band', amount, km; 'threshold', amount, km; 'none' for a unit whose staff draw none)
    or its months (the longest a part is paid, the months of term left)."""
    rule = state.params.optimizer.allowance
    if column == "months":
        return (int(part_months(rule).max()), term_months_left(state.params, state.month))
    if not state.communes.allowance_eligible[state.commune[move.row]]:
        return (("none",),)
    zone = int(state.communes.allowance_zone[move.to])
    parts = allowance_parts(rule, [zone], [r.distance_km])[0]
    out = []
    if parts[0]:  # (the support level the communes table gives, when not the zone's)
        out.append(("zone", float(rule.zone_multiple.as_list()[zone]), rule.base_salary_vnd,
                    ZONES[zone], zone != int(state.communes.zone[move.to])))
    if parts[1]:
        out.append(("band", float(parts[1]), r.distance_km))
    if parts[2]:
        out.append(("threshold", float(parts[2]),
                    float(rule.distance_threshold_km.as_list()[zone])))
    return tuple(out)


def _total_for(state: ProvinceState, move: Move, r: MoveRow, months: int) -> float:
    """The move's allowance over ``months`` of support (each part for at most its own
    months, ``model.allowance``), nothing for a unit whose staff draw none."""
    if not state.communes.allowance_eligible[state.commune[move.row]]:
        return 0.0
    return float(total_allowance(state.params.optimizer.allowance,
                                 np.array([int(state.communes.allowance_zone[move.to])]),
                                 np.array([r.distance_km]), months)[0])


@dataclass(frozen=True)
class TypedDistance:
    """A row's distance cell that differs from staffsim's distance of its move."""

    at: int  # the row's position in the rows given
    typed: float  # the list's km
    ours: float  # staffsim's km
    source: str  # where staffsim's km comes from: 'estimate', 'known' or 'table'
    used: float  # the km the rules are checked with
    finding: bool  # a measured distance the list's differs from by more than MEASURED_CLOSE
    move: MoveRow


def distance_source(state: ProvinceState, frm: int, to: int) -> str:
    """Where the state's km from commune ``frm`` to ``to`` comes from: the scenario's
    distance table ('table', province.distances_csv), its known road distances ('known',
    province.known_distances_csv), else staffsim's estimate (straight line x road factor)."""
    if state.params.province.distances_csv:
        return "table"
    ids = state.communes.ids
    pair = {ids[frm], ids[to]}
    if any({k.from_id, k.to_id} == pair for k in state.known_km):
        return "known"
    return "estimate"


def typed_distances(state: ProvinceState, moves: list[Move], fields: list[dict[str, str]],
                    km_close: float = KM_CLOSE) -> list[TypedDistance]:
    """Each row whose distance cell (``fields[k]['distance_km']``) differs from staffsim's km
    of its move by more than ``km_close``. staffsim's km is an estimate unless the scenario
    measured it: a planner's own road distance then stands (the rules are checked with it:
    the distance limit, an allowance's distance band); a measured one stands against the
    list's, which is a finding when it differs by more than ``MEASURED_CLOSE``."""
    out = []
    for k, (move, r, f) in enumerate(zip(moves, move_rows(state, moves), fields, strict=True)):
        typed = read_number((f.get("distance_km") or "").strip())
        if typed is None or abs(typed - r.distance_km) <= km_close + 1e-9:
            continue
        source = distance_source(state, int(state.commune[move.row]), int(move.to))
        close = ESTIMATE_PLAUSIBLE if source == "estimate" else MEASURED_CLOSE
        far = abs(typed - r.distance_km) > close * max(r.distance_km, 1.0)
        used = typed if source == "estimate" and not far else r.distance_km
        out.append(TypedDistance(k, typed, r.distance_km, source, used, far, r))
    return out


def _at_km(state: ProvinceState, move: Move, r: MoveRow, km: float) -> MoveRow:
    """``r`` as the move pays at ``km`` (its allowance, months and total), as
    ``results.moves.move_rows`` gives them at staffsim's km."""
    rule = state.params.optimizer.allowance
    frm = int(state.commune[move.row])
    parts = allowance_parts(rule, np.array([int(state.communes.allowance_zone[move.to])]),
                            np.array([km]))[0] * float(state.communes.allowance_eligible[frm])
    paid = paid_months(rule, term_months_left(state.params, state.month))
    pays = parts > 0
    months = int(np.where(pays, paid, 0).max(initial=0))  # (0: paid nothing, as move_rows)
    return dataclasses.replace(r, distance_km=float(km), monthly_allowance_vnd=float(parts.sum()),
                               months=months, total_allowance_vnd=float(parts @ paid))


def column_findings(state: ProvinceState, moves: list[Move], fields: list[dict[str, str]],
                    names: dict[str, str] | None = None, km_close: float = KM_CLOSE,
                    empty_ok: bool = True, km: list[float | None] | None = None
                    ) -> list[ColumnFinding]:
    """Each row's columns (``fields[k]``, as read from the file; its move ``moves[k]`` on
    ``state``) against what the move gives: the name staffsim gives the official (the
    roster's, ``names`` from ``model.names.table_names``, else the made-up one it writes),
    the current specialty, the province, the distance (within ``km_close``), the monthly
    allowance, the months and the total. A column the row does not have is not checked,
    nor an empty cell unless ``empty_ok`` is off (plan.csv, which staffsim writes whole). A
    total that differs only because the row's allowance or months do is said once, by
    those. ``km``: per row, the km the rules use where it is not staffsim's (the list's own,
    ``typed_distances``): its allowance is the one that km gives, and its distance cell is
    said by ``typed_distances``, not here."""
    names = names or {}
    out: list[ColumnFinding] = []
    for k, (move, r, f) in enumerate(zip(moves, move_rows(state, moves, names), fields,
                                         strict=True)):
        if km is not None and km[k] is not None:
            r = _at_km(state, move, r, float(km[k]))
        # a shorter support period than the rules' longest is lawful ('up to 36 months'):
        # the row's total is then what its own months give
        typed = read_number((f.get("months") or "").strip(), True)
        if typed is not None and typed.is_integer() and 0 < typed < r.months:
            r = dataclasses.replace(r, months=int(typed), total_allowance_vnd=_total_for(
                state, move, r, int(typed)))
        numbers = {"distance_km": (r.distance_km, km_close, f"{r.distance_km:.1f}", False),
                   "monthly_allowance_vnd": (r.monthly_allowance_vnd, MONEY_CLOSE,
                                             f"{r.monthly_allowance_vnd:.0f}", True),
                   "months": (float(r.months), 0.0, str(r.months), True),
                   "total_allowance_vnd": (r.total_allowance_vnd, MONEY_CLOSE,
                                           f"{r.total_allowance_vnd:.0f}", True)}
        found: list[ColumnFinding] = []
        for c in COLUMNS:
            if c not in f:
                continue
            got = (f[c] or "").strip()
            if not got and empty_ok:
                continue
            if c == "full_name":
                # the name staffsim gives the official: the roster's, or for a generated
                # roster the made-up one the annex and plan.csv were written with
                want = r.full_name
                if not want or same_name(got, want):
                    continue
                found.append(ColumnFinding(k, c, got, want, r))
            elif c == "specialty":
                if specialty_key(got) != r.specialty:
                    found.append(ColumnFinding(k, c, got, r.specialty, r))
            elif c in ("from_name", "to_name"):
                # plan.csv's names beside its ids: the ids say where the move goes, so a name
                # edited to another commune (or misspelled) is said, not silently overruled
                at = int(state.commune[move.row]) if c == "from_name" else int(move.to)
                want = r.from_name if c == "from_name" else r.to_name
                if not same_name(got, want) and not _names_commune(state, got, at):
                    found.append(ColumnFinding(k, c, got, want, r))
            elif c == "province_code":
                if got != r.province_code:
                    found.append(ColumnFinding(k, c, got, r.province_code, r))
            else:
                want_n, close, text, whole = numbers[c]
                x = read_number(got, whole)
                if x is not None and abs(x - want_n) <= close + 1e-9:
                    continue
                if c == "total_allowance_vnd" and any(
                        g.column in ("monthly_allowance_vnd", "months") for g in found):
                    continue  # (the allowance or the months said it)
                found.append(ColumnFinding(k, c, got, text, r, _why(state, move, r, c)
                                           if c in ("monthly_allowance_vnd", "months")
                                           else ()))
        out += found
    return out


def _names_commune(state: ProvinceState, text: str, at: int) -> bool:
    """``text`` is a way of writing the name of commune ``at`` (its kind, marks or case
    aside: 'Xã Muong Chanh'), as the commune columns are read (``scenarios.names``)."""
    from staffsim.scenarios.names import find_commune

    try:
        return find_commune(state.communes, text, "name",
                            province=state.communes.province[at]) == at
    except ScenarioError:  # no commune, or several, go by that name
        return False


# a finding's column, named as the rule it breaks is
LABELS = {"full_name": N_("name"), "specialty": N_("current specialty"),
          "province_code": N_("province code"), "distance_km": N_("distance"),
          "monthly_allowance_vnd": N_("allowance"), "months": N_("months of support"),
          "total_allowance_vnd": N_("total allowance"), "from_name": N_("unit name"),
          "to_name": N_("destination name")}


def _amount(_: Words, text: str, whole: bool = True, decimals: int = 0) -> str:
    """A file's number with the language's separators; as written if it is none."""
    x = read_number(text, whole)
    return _.num(x, decimals if x is None or not x.is_integer() else 0) if x is not None \
        else f"'{text}'"


def _allowance_why(_: Words, parts: tuple) -> str:
    said = []
    for p in parts:
        if p[0] == "none":
            return _("its unit's officials draw no transfer allowance")
        if p[0] == "zone":
            multiple = _.num(p[1], 0 if p[1] == int(p[1]) else 1 if p[1] == round(p[1], 1)
                             else 2)
            if p[4]:  # the table's support level, not the commune's zone
                said.append(_("{multiple} x the base salary {base}, the {zone} support level "
                              "the communes table gives it", multiple=multiple,
                              base=_.vnd(p[2]), zone=_.zone(p[3])))
            else:
                said.append(_("{multiple} x the base salary {base}, a {zone} commune",
                              multiple=multiple, base=_.vnd(p[2]), zone=_.zone(p[3])))
        elif p[0] == "band":
            said.append(_("{money} for a distance of {km} km", money=_.vnd(p[1]),
                          km=_.num(p[2], 1)))
        else:
            said.append(_("{money} for {km} km or more", money=_.vnd(p[1]),
                          km=_.num(p[2], 0)))
    return " + ".join(said) if said else _("no allowance for this move")


def finding_words(_: Words, f: ColumnFinding) -> tuple[str, str]:
    """(the finding's name, what it says) in the language: 'allowance', '9,000,000 VND a
    month, the rules give 4,095,000 (1.75 x the base salary 2,340,000, a high mountain
    commune)'."""
    r = f.move
    label = _(LABELS[f.column])
    if f.column == "full_name":
        return label, _("'{value}', but the roster names {id} '{expected}'", value=f.value,
                        id=r.official_id, expected=f.expected)
    if f.column == "specialty":
        return label, _("'{value}', but in the roster {id} is {expected}", value=f.value,
                        id=r.official_id, expected=specialty_in_sentence(f.expected, _.lang))
    if f.column in ("from_name", "to_name"):
        kind = r.from_kind if f.column == "from_name" else r.to_kind
        code = r.from_commune if f.column == "from_name" else r.to_commune
        return label, _("'{value}', but the row's commune {id} is {expected}; the move is "
                        "read from the id", value=f.value, id=code,
                        expected=_.commune(kind, f.expected))
    if f.column == "province_code":
        return label, _("'{value}', but the official's unit is in province {expected}",
                        value=f.value, expected=f.expected)
    if f.column == "distance_km":
        return label, _("{value} km, but the distance from {origin} to {destination} is {expected} "
                               "km",
                        value=_amount(_, f.value, False, 1),
                        origin=_.commune(r.from_kind, r.from_name),
                        destination=_.commune(r.to_kind, r.to_name),
                        expected=_.num(r.distance_km, 1))
    if f.column == "monthly_allowance_vnd":
        return label, _("{value} VND a month, the rules give {expected} ({why})",
                        value=_amount(_, f.value), expected=_.vnd(r.monthly_allowance_vnd),
                        why=_allowance_why(_, f.why))
    if f.column == "months":
        most, left = f.why
        # (a move paid nothing has no month of support: 'the term has 36 months left' said
        # nothing of why the rules give 0, an HR trial)
        why = (_("no allowance for this move") if r.months == 0 and left > 0 else
               _("support is paid for at most {n} months", n=_.num(most)) if r.months >= most
               else _("the transfer's term has {n} months left", n=_.num(left)))
        return label, _("{value} months, the rules give {expected} ({why})",
                        value=_amount(_, f.value), expected=_.num(r.months), why=why)
    if abs(r.monthly_allowance_vnd * r.months - r.total_allowance_vnd) > MONEY_CLOSE:
        # (parts paid for different months: Lạng Sơn's distance band for 24 of 36)
        return label, _("{value} VND, the rules give {expected} (each part of the allowance "
                        "for its own months)", value=_amount(_, f.value),
                        expected=_.vnd(r.total_allowance_vnd))
    return label, _("{value} VND, the rules give {expected} ({monthly} VND a month for "
                    "{months} months)", value=_amount(_, f.value),
                    expected=_.vnd(r.total_allowance_vnd),
                    monthly=_.vnd(r.monthly_allowance_vnd), months=_.num(r.months))


def distance_words(_: Words, d: TypedDistance) -> tuple[str, str]:
    """(the finding's name, what it says) of a list's own distance (``typed_distances``):
    staffsim's km and where it comes from, and which km the rules were checked with."""
    r = d.move
    where = {"origin": _.commune(r.from_kind, r.from_name),
             "destination": _.commune(r.to_kind, r.to_name),
             "value": _.num(d.typed, 0 if d.typed.is_integer() else 1),
             "expected": _.num(d.ours, 1)}
    label = _(LABELS["distance_km"])
    if d.source == "estimate" and not d.finding:
        return label, _("the list says {value} km; staffsim estimates {expected} km from "
                        "{origin} to {destination} (straight-line distance x road factor); "
                        "the rules are checked with the list's {value} km", **where)
    if d.source == "estimate":
        return label, _("the list says {value} km; staffsim estimates {expected} km from "
                        "{origin} to {destination} (straight-line distance x road factor, "
                        "off by at most {err}% on the known roads): too far apart to be a "
                        "road between them (a distance left from another destination?); the "
                        "rules are checked with {expected} km", err=_.num(15), **where)
    if d.source == "known":
        text = _("the list says {value} km; the scenario's known road distance from {origin} "
                 "to {destination} is {expected} km; the rules are checked with {expected} "
                 "km", **where)
    else:
        text = _("the list says {value} km; the scenario's distance table gives {expected} "
                 "km from {origin} to {destination}; the rules are checked with {expected} "
                 "km", **where)
    if d.finding:  # (a measured distance)
        text += _(" (a difference of {pct}%)", pct=_.num(
            100 * abs(d.typed - d.ours) / max(d.ours, 1.0), 0))
    return label, text
