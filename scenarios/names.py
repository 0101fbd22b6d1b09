"""Find communes by id or name, with or without Vietnamese diacritics, in any case."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from difflib import get_close_matches
from functools import cache
from importlib.resources import files

from staffsim.scenarios.errors import ScenarioError, quote
from staffsim.scenarios.params import ZONES
from staffsim.scenarios.province import Communes
from staffsim.scenarios.tables import plain_cell

_PREFIXES = ("xa ", "phuong ", "dac khu ")


@cache
def province_names() -> dict[str, str]:
    """Each province's official name by its code ('38' -> 'Tỉnh Thanh Hóa'), as the bundled
    national communes table (the 34 provinces from 1 July 2025) writes it."""
    text = files("staffsim.scenarios.data").joinpath("vietnam_communes.csv").read_text(
        encoding="utf-8")
    return {row["province_code"]: row["province"].strip()
            for row in csv.DictReader(io.StringIO(text)) if (row.get("province") or "").strip()}


def bare_province(name: str) -> str:
    """'Tỉnh Thanh Hóa' -> 'Thanh Hóa', 'Thành phố Huế' -> 'Huế'."""
    return re.sub(r"^(tỉnh|thành phố)\s+", "", name.strip(), flags=re.IGNORECASE)


def province_name(communes: Communes, i: int) -> str:
    """The province of unit ``i`` for people: its name as the communes table writes it (its
    province column), else the official name of its code, without 'Tỉnh' / 'Thành phố'
    ('Thanh Hóa'); 'province 38' when neither names it."""
    names = communes.extra.get("province") or []
    code = communes.province[i]
    name = (names[i].strip() if i < len(names) else "") or province_names().get(code, "")
    return bare_province(name) if name else f"province {code}"


def fold(text: str) -> str:
    """Lower case without diacritics ('Mường Lát' -> 'muong lat'; đ -> d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.lower().split())


def _with_marks(text: str) -> str:
    """Lower case with the diacritics kept (composed or decomposed alike), the kind word
    ('xã', 'phường', 'đặc khu') dropped as ``_strip_kind`` drops it from the folded name
    (folding keeps one letter per composed letter, so the lengths match)."""
    text = " ".join(unicodedata.normalize("NFC", text).lower().split())
    return text[len(text) - len(_strip_kind(fold(text))):]


def _strip_kind(text: str) -> str:
    for p in _PREFIXES:
        if text.startswith(p):
            return text[len(p):]
    return text


def _named(communes: Communes, i: int) -> str:
    """'Phường Đông Tiến': a commune's name with its kind word, which tells apart names
    alike; a pool unit's name as it is."""
    k = int(communes.kind[i])
    return f"{_KIND_WORDS[k]} {communes.names[i]}" if k < len(_KIND_WORDS) else \
        communes.names[i]


def _typed_kind(folded: str) -> int | None:
    """The kind a name's word says (its index in ``KINDS``: xã, phường, đặc khu), if any."""
    return next((k for k, p in enumerate(_PREFIXES) if folded.startswith(p)), None)


# how a commune of each kind is named with its kind word (a pool unit: by its name alone)
_KIND_WORDS = ("Xã", "Phường", "Đặc khu")


_KEPT: dict[tuple[str, int], tuple[list[str], object]] = {}  # (what, id(list)) -> (list, made)


def _kept(what: str, values: list[str], make: Callable[[list[str]], object]) -> object:
    """``make(values)``, kept per list (by identity): a process sees a few scenarios at most,
    and evaluate looks up two communes per row (folding the national 3,321 names for each
    of a national annex's 9,688 lookups took 1.5 minutes)."""
    hit = _KEPT.get((what, id(values)))
    if hit is None or hit[0] is not values:
        hit = (values, make(values))
        if len(_KEPT) > 16:
            _KEPT.clear()
        _KEPT[(what, id(values))] = hit
    return hit[1]


def _ids_folded(communes: Communes) -> dict[str, list[int]]:
    """The communes' ids case-folded, each to its indices."""
    def make(ids: list[str]) -> dict[str, list[int]]:
        folded: dict[str, list[int]] = {}
        for i, cid in enumerate(ids):
            folded.setdefault(cid.casefold(), []).append(i)
        return folded
    return _kept("ids", communes.ids, make)


def _folded(communes: Communes) -> list[str]:
    """The communes' names folded."""
    return _kept("names", communes.names, lambda names: [fold(n) for n in names])


def _ranked(communes: Communes, query: str, key: str, hits: list[int]) -> list[int]:
    """Communes whose name holds ``key`` (folded), those it fits best first: written with
    the same marks, then as a whole word, then at the start of the name ('Sở' lists the
    departments, Sở Nội vụ ..., before the communes in '...Sơn'); the table's order within
    each."""
    written = _with_marks(query)

    def rank(i: int) -> tuple[int, int]:
        marked, bare = _with_marks(communes.names[i]), _strip_kind(fold(communes.names[i]))
        words = marked.split()
        return (0 if written in marked else 1,
                0 if written in words or key in bare.split() else 1
                if bare.startswith(key) else 2)
    return sorted(hits, key=rank)


def find_commune(communes: Communes, query: str, source: str = "--commune",
                 province: str | None = None) -> int:
    """Index of the commune an id or a name means; a clear error when none or several do.

    ``province``: the province the commune lies in, where the caller knows it (a transfer
    stays in its province, and an official works in theirs): a name that communes of several
    provinces carry means the one in that province. Communes of one province are never told
    apart by it: names alike there without diacritics are, as elsewhere, told apart by the
    one written exactly, or are an error; so is a name written exactly as another province's
    commune where the province's own differs from it in its marks only."""
    q = plain_cell(query)  # (as the tables are read: composed, no invisible marks)
    if q in communes.ids:
        return communes.ids.index(q)
    same_id = _ids_folded(communes).get(q.casefold(), [])
    if len(same_id) == 1:  # an id typed in another case ('38-stp' for 38-STP: a review)
        return same_id[0]
    folded = _folded(communes)
    # a name that begins as a kind word does ('Phương Liệt', 'Xa Dung'): the whole name first,
    # then without the kind word ('Phường Phương Liệt'); it was read as 'Liệt' (a trial)
    whole = fold(q)
    key = whole if whole in folded else _strip_kind(whole)
    hits = [i for i, n in enumerate(folded) if n == key]
    if len(hits) > 1:
        written = _with_marks(q)
        exact = {i for i in hits if _with_marks(communes.names[i]) == written}
        inside = ([i for i in hits if communes.province[i] == province]
                  if province is not None else [])
        if inside and (not exact or exact & set(inside)):  # the others lie in other provinces
            hits = inside
        elif inside:  # written exactly as another province's commune, and as the province's
            # own but for its marks: neither is taken, both are listed
            hits, exact = inside + sorted(exact), set()
        # the kind word tells apart a xã and a phường of names alike ('Xa Dong Tien' is Xã
        # Đồng Tiến, not Phường Đông Tiến: a trial was asked for the id), unless the marks
        # written name the other ('Phường Đồng Tiến': both are listed)
        kind = _typed_kind(whole) if key != whole else None  # (a kind word, not a name's)
        kinded = [i for i in hits if communes.kind[i] == kind] if kind is not None else []
        if kinded and len(kinded) < len(hits):
            marked = exact & set(hits)
            hits = kinded if not marked or marked & set(kinded) else sorted(set(kinded) | marked)
            exact = marked & set(kinded)
        # names alike without diacritics: the one written exactly wins
        same = [i for i in hits if i in exact]
        hits = same if len(same) == 1 else hits
    if len(hits) == 1:
        return hits[0]
    # part of a name ('Lát', 'Muong Chan') is never taken to mean a commune: a transfer to
    # the wrong commune would pass unnoticed; it is suggested, or its communes listed
    partial = [] if hits else _ranked(communes, q, key, [
        i for i, n in enumerate(folded) if key and key in n])
    hits = hits or (partial if len(partial) > 1 else [])
    if not hits:
        bare = [_strip_kind(n) for n in folded]
        close = get_close_matches(key, bare, n=3, cutoff=0.75)
        seen = partial + [i for c in close for i, n in enumerate(bare) if n == c]
        hint = (" (did you mean " + " or ".join(
            f"{communes.names[i]} ({communes.ids[i]})" for i in dict.fromkeys(seen)) + "?)"
            if seen else "")
        raise ScenarioError("command line", source, f"no commune called {quote(query)}{hint}; "
                            "give a commune_id or a name (diacritics optional)")
    # each commune's province by its name ('province 38' meant nothing to a planner)
    listed = "; ".join(f"{communes.ids[i]} {_named(communes, i)} ({ZONES[communes.zone[i]]}"
                       + (f", {province_name(communes, i)}" if communes.province[i] else "")
                       + ")" for i in hits[:12])
    more = f" and {len(hits) - 12} more" if len(hits) > 12 else ""
    raise ScenarioError("command line", source, f"{quote(query)} matches {len(hits)} communes: "
                        f"{listed}{more}; give the commune_id")
