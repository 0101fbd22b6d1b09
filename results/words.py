"""Words for people, in the current language (or ``lang``, or a ``Words`` bound to one):
names of things (specialties, zones, commune titles, rules, statuses, levers and their
settings, data columns, outcomes), numbers in their units, and the sentences of
``optimize.explain`` put into the language.

``optimize.explain`` words its reasons in English prose with the numbers inside; ``REASONS``
maps each of its sentence shapes to a message of the catalogue (a test asserts that every
reason given on the demo has a translation, so a new sentence there is noticed). ``reason``
says a sentence of such a table with its numbers and names in the language; the error
messages (``results.error_words``) and the independent checker's findings
(``results.finding_words``) have their own tables and go through it too. The command line,
the reports and the dashboard share them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from staffsim import i18n
from staffsim.i18n import N_, gettext
from staffsim.model.outcomes import metric, outcome

# levers and rules as people name them: the tables live with the parameters (a key typed as
# a label or a rule's name finds it there), re-exported here for the reports
from staffsim.scenarios.lever_labels import LEVER_LABELS, RULES  # noqa: F401
from staffsim.scenarios.specialties import LABELS, SPECIALTIES

_ZONE_WORDS = {"lowland": N_("lowland"), "mountain": N_("mountain"),
               "high_mountain": N_("high mountain"), "province": N_("province")}
# the 'province' area of a total over several provinces ('toàn tỉnh' is one province's)
ALL_PROVINCES = N_("all ({n} provinces)")
_KIND_VALUES = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}
_KIND_TITLES = {"xa": N_("{name} commune"), "phuong": N_("{name} ward"),
                "dac_khu": N_("{name} special zone"),
                # donor units outside the communes carry their full name ("Sở Tài chính")
                "department": "{name}", "party_front": "{name}"}


def specialty_label(key: str, lang: str | None = None) -> str:
    """'land' -> 'Địa chính' (vi), 'Land administration' (en)."""
    return gettext(LABELS[key], lang)


def specialty_in_sentence(key: str, lang: str | None = None) -> str:
    """A specialty's label inside a sentence: in Vietnamese each word in lower case but the
    acronyms written in capitals ('tư pháp - hộ tịch', 'văn phòng HĐND và UBND'); in
    English as it is."""
    label = specialty_label(key, lang)
    if (lang or i18n.current_language()) != "vi":
        return label
    return re.sub(r"\w+", lambda m: m[0] if len(m[0]) > 1 and m[0].isupper() else
                  m[0].lower(), label)


def zone_label(key: str, lang: str | None = None) -> str:
    """'high_mountain' -> 'vùng cao' (vi), 'high mountain' (en); 'province' -> 'toàn tỉnh'."""
    return gettext(_ZONE_WORDS[key], lang)


def commune_title(kind: str, name: str, lang: str | None = None) -> str:
    """'Xã Na Mèo' / 'Phường Hạc Thành' (vi), 'Na Mèo commune' (en)."""
    return gettext(_KIND_TITLES[kind], lang).format(name=name)


class Words:
    """``_("message {x}", x=...)``: the message in this language, formatted."""

    def __init__(self, lang: str) -> None:
        self.lang = i18n.check_language(lang)

    def __call__(self, message: str, **values: object) -> str:
        text = i18n.gettext(message, self.lang)
        return text.format(**values) if values else text

    def num(self, x: float, decimals: int = 0) -> str:
        return i18n.number(x, decimals, self.lang)

    def signed(self, x: float, decimals: int = 1) -> str:
        return ("+" if x > 0 else "") + self.num(x, decimals)

    def pct(self, share: float, decimals: int = 0) -> str:
        return i18n.percent(share, decimals, self.lang)

    def money(self, vnd: float) -> str:
        return i18n.money(vnd, self.lang)

    def vnd(self, vnd: float) -> str:
        """Whole đồng with separators: 4.095.000 (vi), 4,095,000 (en)."""
        return self.num(round(vnd), 0)

    def zone(self, key: str, provinces: int = 1) -> str:
        """A zone's words; the 'province' area of a total over several ``provinces`` is
        'all (2 provinces)'."""
        if key == "province" and provinces > 1:
            return self(ALL_PROVINCES, n=self.num(provinces))
        return zone_label(key, self.lang)

    def specialty(self, key: str) -> str:
        return specialty_label(key, self.lang)

    def commune(self, kind: str, name: str) -> str:
        return commune_title(kind, name, self.lang)

    def qty(self, x: float | None, unit: str, decimals: int | None = None,
            sign: bool = False) -> str:
        """A number in its unit (``i18n.quantity``): money in tỷ đồng, FTE with one decimal."""
        return i18n.quantity(x, unit, decimals, self.lang, sign)

    def unit(self, unit: str) -> str:
        return i18n.unit_word(unit, self.lang)

    def month(self, start_year: int, start_month: int, t: int) -> str:
        """Simulation month ``t`` as a calendar month: 07/2025 (vi), Jul 2025 (en)."""
        return i18n.month(start_year, start_month, t, self.lang)

    def title(self, label: str, unit: str = "", area: str | None = None,
              provinces: int = 1) -> str:
        """A declared label for people: 'Unmet need, high mountain (FTE)'; the 'province'
        area of a total over several ``provinces`` is 'all (2 provinces)'."""
        text = self(label)
        if area:
            text += f", {self.zone(area, provinces)}"
        # money and shares carry their unit in every value
        if not unit or unit in ("share", "VND"):
            return text
        if not area and text.endswith(")"):  # 'Weighted unmet need (what the optimiser
            # minimises, points)'; an area's '(2 provinces)' keeps its own brackets
            return f"{text[:-1]}, {self.unit(unit)})"
        return f"{text} ({self.unit(unit)})"


def words(lang: str | None = None) -> Words:
    """A ``Words`` in ``lang``, or in the current language (a command's ``--lang``)."""
    return Words(lang or i18n.current_language())


def text_table(header: list[str], rows: list[list[str]], indent: str = "") -> list[str]:
    """Lines of a table for a terminal: the first column left, the others right-aligned,
    each as wide as its widest cell."""
    table = [header, *rows]
    widths = [max(len(r[j]) for r in table if j < len(r)) for j in range(len(header))]
    out = []
    for r in table:
        cells = [f"{c:<{widths[0]}}" if j == 0 else f"{c:>{widths[j]}}"
                 for j, c in enumerate(r)]
        out.append((indent + "  ".join(cells)).rstrip())
    return out



# the limits a frontier point may be capped by (``optimize.binding.binding_rules``), in the
# order its lines and its figure name them (``results.frontier_folder.mark_capped``)
CAPS: dict[str, str] = {
    "max_moves": N_("the move limit"), "budget": N_("the budget"),
    "donors": N_("the donors' surplus"), "recipient_cap": N_("the recipients' caps"),
    "max_distance": N_("the distance limit"), "deadline": N_("the deadline"),
}

# a number, and a row number, inside the sentences of this module's tables and the others'
NUM = r"-?\d+(?:\.\d+)?"
ROW = r"\d+(?: \(sheet '.*'\))?"  # a row number, with its sheet in a workbook of several
# optimize/explain.py's sentences -> catalogue messages; numbers and names are carried over.
REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), m) for p, m in (
    (r"flagged protected", N_("flagged protected")),
    (r"a leader", N_("a leader")),
    (rf"retires in (?P<years>{NUM}) years", N_("retires in {years} years")),
    (r"not movable", N_("not movable")),
    (r"(?P<name>.+) is not in a donor zone", N_("{name} is not in a donor zone")),
    (rf"(?P<km>{NUM}) km away \(limit (?P<limit>{NUM}) km\)",
     N_("{km} km away (limit {limit} km)")),
    (r"moved to (?P<name>.+) instead", N_("moved to {name} instead")),
    (rf"(?P<name>.+) needs its (?P<n>\d+) (?P<spec>\w+) official\(s\) \(requires "
     rf"(?P<req>{NUM})\)", N_("{name} needs its {n} {spec} official(s) (requires {req})")),
    # one spare official 'all' moving read '1 công chức ... đều đã điều động' (a trial)
    (r"(?P<name>.+)'s 1 spare (?P<spec>\w+) official\(s\) all move elsewhere",
     N_("the one spare {spec} official of {name} moves elsewhere")),
    (r"(?P<name>.+)'s (?P<n>\d+) spare (?P<spec>\w+) official\(s\) all move elsewhere",
     N_("the {n} spare {spec} official(s) of {name} all move elsewhere")),
    (rf"(?P<name>.+) already gives its limit of (?P<n>{NUM}) officials",
     N_("{name} already gives its limit of {n} officials")),
    (r"budget left VND (?P<left>[\d,]+) is less than this move's allowance "
     r"\(VND (?P<allowance>[\d,]+)\)",
     N_("the budget left ({left}) is less than this move's allowance ({allowance})")),
    (r"the move limit is reached", N_("the move limit is reached")),
    (r"a whole official is worth more elsewhere than the remaining need here",
     N_("a whole official is worth more elsewhere than the remaining need here")),
    (r"(?P<zone>[a-z_ ]+) communes are not eligible recipients \(allowed: (?P<zones>.*)\)",
     N_("{zone} communes are not eligible recipients (allowed: {zones})")),
    (rf"already at its cap of (?P<n>{NUM}), but for one official into each essential "
     r"specialty it has nobody in", N_("already at its cap of {n}, but for one official "
                                       "into each essential specialty it has nobody in")),
    (rf"already at its cap of (?P<n>{NUM})", N_("already at its cap of {n}")),
    (rf"(?P<name>.+) is short overall: (?P<n>\d+) officials for a requirement of "
     rf"(?P<req>{NUM})", N_("{name} is short overall: {n} officials for a requirement of "
                            "{req}")),
    (r"(?P<name>.+) has none above its total requirement: (?P<n>\d+) officials, of whom it "
     r"keeps (?P<keep>\d+)", N_("{name} has none above its total requirement: {n} officials, "
                                "of whom it keeps {keep}")),
    (r"(?P<name>.+) already gives its (?P<n>\d+) officials above its total requirement",
     N_("{name} already gives its {n} officials above its total requirement")),
    (r"(?P<name>.+) has no officials above its quota \((?P<n>\d+) in post, quota "
     r"(?P<quota>\d+)\)", N_("{name} has no officials above its quota ({n} in post, quota "
                             "{quota})")),
    (r"(?P<name>.+) already gives its (?P<n>\d+) officials above quota",
     N_("{name} already gives its {n} officials above quota")),
    (r"moves made now take effect in (?P<month>\S+), after the deadline of (?P<date>\S+)",
     N_("moves made now take effect in {month}, after the deadline of {date}")),
    (r"a department or Party/Front unit: it gives officials, it receives nobody",
     N_("a department or Party/Front unit: it gives officials, it receives nobody")),
    (r"(?P<name>.+) is a (?P<kind>\S+) unit, not among the pool kinds that give "
     r"\((?P<kinds>.*)\)", N_("{name} is a {kind} unit, not among the pool kinds that give "
                              "({kinds})")),
    # (the whatif command that makes the move is a line of its own, whole: ``suggestions``)
    (r"move (?P<id>\S+) from (?P<name>.+) here by hand \(--move (?P<ids>\S+)\)",
     N_("move {id} from {name} here by hand, keeping the moves the plan already makes here")),
    (r"move (?P<id>\S+) from (?P<name>.+) here by hand.*",
     N_("move {id} from {name} here by hand")),
    (rf"(?P<name>.+) has (?P<n>\d+) officials in post, its cap is (?P<cap>{NUM})",
     N_("{name} has {n} officials in post, its cap is {cap}")),
    (rf"(?P<name>.+) reaches its cap of (?P<cap>{NUM}) with the (?P<n>\d+) it receives",
     N_("{name} reaches its cap of {cap} with the {n} it receives")),
))


# ids, typed text: unchanged
_NUMBERS = {"years", "km", "limit", "req", "bn", "n", "budget", "floor", "above", "total", "keep",
            "quota", "cap", "share", "point"}
POOL_KINDS = {"department": N_("department (sở, ban, ngành)"),
              "party_front": N_("Party / Fatherland Front unit"), "none": N_("none")}
_WORDS = {"a whole number": N_("a whole number"), "a number": N_("a number"),
          " (inside Vietnam)": N_(" (inside Vietnam)"), "official": N_("official"),
          "commune": N_("commune"), "header": N_("header"), "no extension": N_("no extension")}


def sheet_row(_: Words, text: str) -> str:
    """A row number as the table readers write it ('5', or '5 (sheet 'Xã')' in a workbook of
    several sheets: ``scenarios.tables.SheetRow``) in the language."""
    m = re.fullmatch(r"(\d+) \(sheet '(.*)'\)", text)
    return _("{row} (sheet '{sheet}')", row=m[1], sheet=m[2]) if m else text


def budget_left(_: Words, vnd: float) -> str:
    """An amount a reader compares with another to the đồng (the budget left against a
    move's allowance: ``optimize.families.budget`` words both in whole VND), in whole đồng
    with separators: '15.840.000 đồng', 'VND 15,840,000' (not '20 triệu đồng' for 15,84
    million, nor '0,02 tỷ đồng')."""
    text = _.vnd(vnd)
    return f"{text} đồng" if _.lang == "vi" else f"VND {text}"


def _value(_: Words, key: str, text: str, names: dict[str, str] | None = None,
           more: Callable[[Words, str, str], str | None] | None = None) -> str:
    said = more(_, key, text) if more else None
    if said is not None:
        return said
    if key in ("left", "allowance"):  # the budget left, a move's allowance: whole VND
        return budget_left(_, float(text.replace(",", "")))
    if key == "id" and names and text in names:
        return names[text]
    if key == "row":
        return sheet_row(_, text)
    if key == "sheets":  # "'A' (1,234 rows), 'B' (56 rows)"
        return re.sub(r"\(([\d,]+) rows?\)", lambda m: "(" + _("{n} rows", n=_.num(int(
            m[1].replace(",", "")))) + ")", text)
    if key == "rows":  # "row 5 (ID), row 9 (ID) and 3 more"
        text = re.sub(rf"row ({ROW})", lambda m: _("row {n}", n=sheet_row(_, m.group(1))),
                      text)
        return re.sub(r" and ([\d,]+) more$", lambda m: _(" and {n} more", n=_.num(
            int(m.group(1).replace(",", "")))), text)
    if key == "kind" and text in ("department", "party_front"):
        return _(POOL_KINDS[text])
    if key == "kinds":
        return ", ".join(_(POOL_KINDS[k.strip()]) if k.strip() in POOL_KINDS else k
                         for k in text.split(","))
    if key in ("kind", "what", "what_id", "suffix") and text in _WORDS:
        return _(_WORDS[text])
    if key == "size" or (key == "limit" and "," in text):  # byte counts, 12,345,678
        return _.num(int(text.replace(",", "")))
    if key in ("lo", "hi"):
        x = float(text)
        return text if x.is_integer() and 1900 <= x <= 2100 else _.num(x, 0 if x.is_integer()
                                                                        else 2)
    if key in ("spec", "to") and text in SPECIALTIES:  # mid-sentence
        return specialty_in_sentence(text, _.lang)
    if key in ("columns", "cols", "required"):  # our column keys: as a file names them
        return ", ".join(column_name(_, c.strip()) for c in text.split(","))
    if key == "accepted":  # "to_commune (or don_vi_dieu_dong_den, xa_den, noi_den)"
        return accepted_names(_, text)
    if key == "hint":  # " (did you mean A (id) or B (id)?)"
        return re.sub(r"\(did you mean (.*)\?\)", lambda m: "(" + _(
            "did you mean {either}?", either=_(" or ").join(m[1].split(" or "))) + ")", text)
    if key == "either":  # "a or b or c"
        return _(" or ").join(text.split(" or "))
    if key == "communes":  # "16378 Đông Sơn (lowland, province 38); ... and 8 more"
        # the province by its name, not its code ('tỉnh 38' meant nothing to a planner)
        text = re.sub(r"\((\w+), ([^();]+)\)", lambda m: "(" + _(
            "{zone}, {province}", zone=_.zone(m[1]) if m[1] in _ZONE_WORDS else m[1],
            province=province_in_sentence(_, m[2])) + ")", text)
        return re.sub(r" and (\d+) more$", lambda m: _(" and {n} more communes", n=m[1]), text)
    if key in ("allowed", "close"):  # 'leadership|office|...': each by its name
        sep = "|" if "|" in text else ", "
        if _.lang != "en" and set(text.split(sep)) <= set(_YES_NO):  # a yes/no column
            return sep.join(_(_YES_NO[v]) for v in text.split(sep))
        if _.lang == "vi" and set(text.split(sep)) <= set(_KIND_VALUES):  # the kind column:
            # as written in Vietnamese, which the tables read too ('xa|phuong|dac_khu' read
            # as keys beside the zones in words: an HR trial)
            return sep.join(_KIND_VALUES[v] for v in text.split(sep))
        return sep.join(_.specialty(v) if v in SPECIALTIES else
                        _.zone(v) if v in _ZONE_WORDS else v for v in text.split(sep))
    if key == "zone":
        return _.zone(text.replace(" ", "_"))
    if key == "zones":
        return ", ".join(_.zone(z.strip(" '\"").replace(" ", "_")) for z in text.split(","))
    if key in _NUMBERS and re.fullmatch(NUM, text):
        decimals = len(text.split(".")[1]) if "." in text else 0
        return _.num(float(text), decimals)
    return text


def province_in_sentence(_: Words, text: str) -> str:
    """A province as ``scenarios.names.province_name`` names it ('Thanh Hóa', or 'province
    38' when no table names it) inside a sentence: 'tỉnh Thanh Hóa', 'thành phố Huế' (vi),
    'Thanh Hóa' (en); a code alone 'tỉnh mã 38', 'province 38' (never guessed)."""
    from staffsim.scenarios.names import bare_province, province_names

    m = re.fullmatch(r"province (\S+)", text)
    if m:
        return _("province {code}", code=m[1])
    if _.lang != "vi":
        return text
    full = next((n for n in province_names().values() if bare_province(n) == text), "")
    return full[0].lower() + full[1:] if full else text


def reason(_: Words, text: str, table: tuple = REASONS,
           names: dict[str, str] | None = None,
           more: Callable[[Words, str, str], str | None] | None = None) -> str:
    """One of ``optimize.explain``'s reasons (or a sentence of another ``table``) in the tab's
    language (unchanged if unknown); ``names`` turns commune ids into names, ``more`` words
    the values only that table's messages quote (None: a value it leaves to this module)."""
    for pattern, message in table:
        m = pattern.fullmatch(text)
        if m:
            return _(message, **{k: _value(_, k, v, names, more)
                                 for k, v in m.groupdict().items()})
    return text


# the data tables' columns as a Vietnamese file names them (``scenarios.tables.HEADERS``
# accepts these spellings); in English a column is named by our header, as in the README
VI_HEADERS = {"commune_id": "Mã xã", "name": "Tên xã", "kind": "Loại", "zone": "Vùng",
              "population": "Dân số", "area_km2": "Diện tích", "lat": "Vĩ độ",
              "lon": "Kinh độ", "province_code": "Mã tỉnh", "official_id": "Mã cán bộ",
              "full_name": "Họ tên", "specialty": "Chuyên môn", "birth_year": "Năm sinh",
              "sex": "Giới tính", "leader": "Lãnh đạo", "protected": "Bảo vệ",
              "to_commune": "Đơn vị điều động đến", "from_commune": "Đơn vị hiện tại"}


# a yes/no column's values (``scenarios.tables.VALUES["bool"]``) as a table in the language
# writes them; in English they stay true and false, the values staffsim writes
_YES_NO = {"true": N_("Yes"), "false": N_("No")}


def accepted_names(_: Words, text: str) -> str:
    """A missing column's hint, 'official_id (or ma_can_bo, ma_cong_chuc, so_hieu_cong_chuc);
    ...' (``scenarios.tables.hinted``), in the language: in Vietnamese each column as a file
    names it, and its other spellings as people write them ('Mã cán bộ (hoặc Mã công chức,
    Số hiệu công chức)'); in English as it is."""
    if _.lang == "en":
        return text
    from staffsim.scenarios.tables import WRITTEN, fold

    written = {fold(w): w for spellings in WRITTEN.values() for w in spellings}

    def one(m: re.Match) -> str:
        name = column_name(_, m[1])
        others = [written.get(s.strip(), s.strip()) for s in m[2].split(",")]
        others = [o for o in dict.fromkeys(others) if fold(o) != fold(name)]
        return f"{name} ({_(' or ').strip()} {', '.join(others)})" if others else name

    return re.sub(r"(\w+) \(or ([^()]*)\)", one, text)


def column_name(_: Words, key: str) -> str:
    """A data table's column as people reading that language name it: 'Mã xã' for
    commune_id in Vietnamese (an upload's problem table showed our keys)."""
    return VI_HEADERS.get(key, key) if _.lang == "vi" else key


def where(_: Words, text: str) -> str:
    """'header' and the like, for the problems table's column cell."""
    return _(_WORDS[text]) if text in _WORDS else text


def rule(_: Words, key: str) -> str:
    return _(RULES[key]) if key in RULES else key


def would_help(_: Words, h: dict) -> str:
    """One 'what would help' line of ``explain``: the change, then what it buys."""
    change = _change(_, h)
    got = ", ".join(f"{n} {_.specialty(k)}" for k, n in h["officials_received"].items())
    # the commune's whole intake in the plan with the change, not only what the change adds
    # (the allowance the change adds: a move by hand within the same budget adds none, said
    # as the plan's marginal lines say it, not "allowance VND 0", read as a free move)
    vnd = h["extra_allowance_vnd"]
    return _("{change}: the plan then brings the commune {got} in all, its unmet need "
             "{commune} FTE; elsewhere {elsewhere} FTE; {allowance}", change=change,
             got=got or _("nobody"),
             commune=_.signed(h["commune_unmet_change"]),
             elsewhere=_.signed(h.get("elsewhere_unmet_fte_change", 0.0)),
             allowance=(_("allowance {vnd}", vnd=_.qty(vnd, "VND", sign=True)) if round(vnd)
                        else _("allowance unchanged")))


def whatif_options(h: dict) -> list[str] | None:
    """The options of ``staffsim whatif`` that make the change of a 'what would help' entry
    of ``explain`` (``h``): its parameter at its value (``--set KEY=VALUE``), or the move by
    hand (``--move ID[,ID...]=COMMUNE``, as ``optimize.explain`` words it); None when the
    entry says neither."""
    from staffsim.scenarios.loader import toml_value

    if h.get("parameter") and h.get("value") is not None:
        value = h["value"]
        if isinstance(value, float) and value.is_integer() and abs(value) >= 10_000:
            # a whole amount as people type it (47_000_000_000, not 47000000000.0: TOML
            # reads both, and the setting takes the integer as the same number)
            return ["--set", f"{h['parameter']}={int(value):_}"]
        return ["--set", f"{h['parameter']}={toml_value(value)}"]
    m = re.search(r"\(--move (\S+=\S+)\)", h.get("change") or "")
    return ["--move", m[1]] if m else None


def change_words(_: Words, h: dict) -> str:
    """The change of a 'what would help' (or tried) entry of ``explain``, in words."""
    return _change(_, h)


def _change(_: Words, h: dict) -> str:
    """The change of a 'what would help' (or tried) entry of ``explain``, in words."""
    param, value = h.get("parameter"), h.get("value")
    if param == "optimizer.constraints.max_distance.km":
        change = _("raise the distance limit to {km} km", km=_.num(value))
    elif param == "optimizer.constraints.donor_floor.share":
        change = _("lower the donor floor to {share}", share=_.pct(value))
    elif param == "optimizer.constraints.budget.vnd" and h.get("in_force_vnd") is not None:
        # a budget scaled for the province (budget.scale): the figure to set, which whatif
        # --set takes, and the budget in force it gives (on Lạng Sơn at 3 tỷ set, 'raise the
        # budget by 2,0 to 5,0 tỷ' gave the plan 1,48 tỷ more, 3,70 in all)
        values = dict(money=_.qty(value, "VND", 2), in_force=_.qty(h["in_force_vnd"], "VND", 2))
        if h.get("was") is not None and h.get("was_in_force_vnd") is not None:
            change = _("raise the budget set by {more} to {money}; scaled for the province, "
                       "the budget in force rises by {more_in_force} to {in_force}",
                       more=_.qty(value - h["was"], "VND", 2),
                       more_in_force=_.qty(h["in_force_vnd"] - h["was_in_force_vnd"], "VND", 2),
                       **values)
        else:
            change = _("raise the budget set to {money}; scaled for the province, the budget "
                       "in force is {in_force}", **values)
    elif param == "optimizer.constraints.budget.vnd" and h.get("was") is not None:
        # by how much as well ('+2 tỷ đồng'): the amount the officer would have to find
        change = _("raise the budget by {more} to {money}", more=_.money(value - h["was"]),
                   money=_.money(value))
    elif param == "optimizer.constraints.budget.vnd":
        change = _("raise the budget to {money}", money=_.money(value))
    elif param == "optimizer.constraints.max_donor_share.share":
        change = _("let donors give up to {share} of their staff", share=_.pct(value))
    elif param == "optimizer.constraints.max_moves.moves":
        change = _("allow up to {n} moves", n=_.num(value))
    elif param == "optimizer.constraints.donor_quota.share":
        change = _("let donors keep only {share} of their quota", share=_.pct(value))
    elif (h.get("official") or {}).get("as"):  # by hand, into another specialty
        who = h["official"]
        named = (f"{who['full_name']} ({who['official_id']})" if who.get("full_name")
                 else who["official_id"])
        change = _("move {who} ({own}) from {name} here by hand to work in {spec} (at "
                   "{share} of a full official's work){kept} — not repeatable with staffsim "
                   "whatif --move, which keeps an official's specialty",
                   who=named, own=specialty_in_sentence(who["specialty"], _.lang),
                   name=who["from"], spec=specialty_in_sentence(who["as"], _.lang),
                   share=_.pct(who["productivity"]),
                   kept=_(", keeping the moves the plan already makes here")
                   if who.get("kept") else "")
    else:  # (a move by hand: its official by name, 'Phạm Công Kiên (15544-020)')
        who = h.get("official")
        change = reason(_, h["change"], names={who["official_id"]: f"{who['full_name']} "
                                               f"({who['official_id']})"} if who else None)
    return change


def nothing_helps_lines(_: Words, data: dict) -> list[str]:
    """``explain``'s answer when no single change tried lowers the commune's unmet need:
    that, each change tried and what it did, then what binds (``optimize.explain``'s
    ``nothing_helps``); no line when something helps or nothing is short."""
    nothing = data.get("nothing_helps")
    if not nothing:
        return []
    lines = [_("No single change of a rule tried here reduces this commune's unmet need.")]
    lines += ["  " + tried_line(_, t, data.get("name")) for t in nothing["tried"]]
    lines.append(_("What keeps more officials from this commune:"))
    lines += [f"  {_bind(_, b)}" for b in nothing["binds"]]
    return lines


def tried_line(_: Words, t: dict, name: str | None = None) -> str:
    """One change ``explain`` tried that does not reduce the commune's unmet need, and what
    it did: the plan it gives breaks a rule, leaves more unmet need here, or leaves the
    commune (``name``) with what it gets already, said with what that is ('Mường Chanh
    still gets nobody'), and the moves it adds elsewhere."""
    moves, worse = t["moves_change"], t.get("commune_unmet_change", 0.0)
    if t.get("broken_rules"):  # (the independent check refused the plan it gives)
        return _("tried: {change}: the plan it gives breaks a rule ({rules}): not offered",
                 change=_change(_, t), rules=", ".join(rule(_, k) for k in t["broken_rules"]))
    if worse > 1e-6:  # (the plan then takes from here, or sends its officials elsewhere)
        more = _.qty(worse, "FTE", 1, sign=True) + " " + _.unit("FTE")
        return _("tried: {change}: the plan then leaves more unmet need here ({more})",
                 change=_change(_, t), more=more)
    if name and "officials_received" in t:  # what the commune still gets, in all
        got = ", ".join(f"{_.num(n)} {_.specialty(k)}"
                        for k, n in t["officials_received"].items() if n)
        line = (_("does not help: {change}: {name} still gets {got} in all; its unmet need "
                  "stays the same", change=_change(_, t), name=name, got=got) if got else
                _("does not help: {change}: {name} still gets nobody; its unmet need stays "
                  "the same", change=_change(_, t), name=name))
        if moves > 0:
            line += _("; the plan then makes {n} moves more, none of them of use here",
                      n=_.num(moves))
        return line
    if moves > 0:
        return _("tried: {change}: the plan then makes {n} moves more, none of them of use "
                 "here", change=_change(_, t), n=_.num(moves))
    return _("tried: {change}: the plan does not change here", change=_change(_, t))


def _bind(_: Words, b: dict) -> str:
    """One of the reasons ``optimize.explain._what_binds`` gives, in words."""
    key = b["rule"]
    if key == "recipient_cap":
        return _("its cap: {why}", why=reason(_, b["why"]))
    if key == "no_donor":
        rules = ", ".join(f"{rule(_, k)} {_.num(n)}" for k, n in b["blocked_by"].items())
        if b.get("cross"):  # (the officials of other specialties the rules let take them up)
            if not b["candidates"]:
                return _("no official of the specialties it lacks, nor of another specialty "
                         "the rules let take them up, works elsewhere in the province")
            return _("no official of the specialties it lacks, nor of another specialty the "
                     "rules let take them up, may come here under the rules (the first rule "
                     "that stops them: {rules})", rules=rules)
        if not b["candidates"]:
            return _("no official of the specialties it lacks works elsewhere in the province")
        return _("no official of the specialties it lacks may come here under the rules "
                 "(the first rule that stops them: {rules})", rules=rules)
    if key == "budget":
        return _("the budget is spent: {left} left, the cheapest move here costs {cheapest}",
                 left=_.money(b["left_vnd"]), cheapest=_.money(b["cheapest_vnd"]))
    if key == "max_moves":
        return _("the move limit of {n} is reached", n=_.num(b["limit"]))
    return _("at equal need the plan serves other communes first, weighted as much or more "
             "and nearer the donors or cheaper to reach")


def candidate(_: Words, c: dict) -> str:
    """One candidate of ``explain``: who (the official's name, when the caller gave it, and
    id), from where (and how many of the specialty their unit may give at most under the
    rules, if it could give: 'may give 3' read as 'has given 3'), how far, and what keeps
    them."""
    # the limit is the unit's in this specialty, counting those the plan already moves
    # ('may give up to 2' beside 'already gives its 2' read as a contradiction)
    unit = ((_("{name} (under the rules it may give {n} of that specialty in all; the plan "
               "moves {used} of them)", name=c["from"], n=_.num(c["unit_may_give"]),
               used=_.num(c["unit_gives"])) if c.get("cross") else
             _("{name} (under the rules it may give {n} of this specialty in all; the plan "
               "moves {used} of them)", name=c["from"], n=_.num(c["unit_may_give"]),
               used=_.num(c["unit_gives"])) if "unit_gives" in c else
             _("{name} (may give up to {n} under the rules)", name=c["from"],
               n=_.num(c["unit_may_give"]))) if c.get("could_give") else c["from"])
    who = (f"{c['full_name']} ({c['official_id']})" if c.get("full_name") else
           c["official_id"])
    if c.get("cross"):  # of another specialty, which the rules let take this one up
        who += " " + _("({spec}, at {share} of a full official's work here)",
                       spec=specialty_in_sentence(c["specialty"], _.lang),
                       share=_.pct(c["productivity"]))
    # a rule explain relaxed without this commune's unmet need falling is not what stops
    # the official: said after the reason that does (F20: 'budget' for Na Mèo, where 2 tỷ
    # more brought nobody)
    relaxed = (" " + _("(not {rule}: with that rule relaxed, the plan still brings no more "
                       "here)", rule=rule(_, c["relaxed"]["rule"]))
               if c.get("relaxed") else "")
    return (f"{who} · {unit} · {_.num(c['km'])} km — "
            f"{rule(_, c['rule'])}: {reason(_, c['why'])}{relaxed}")


def explain_header(_: Words, data: dict) -> str:
    """``explain``'s first line: the commune, and which plan the lines explain ('tối ưu'
    alone read as a verdict on the commune): the optimal plan, the best one found in the
    time limit, or none."""
    where = dict(name=data["name"], id=data["commune_id"], zone=_.zone(data["zone"]))
    if data.get("plan_found", True) and data["status"] == "Optimal":
        return _("{name} ({id}, {zone}) in the optimal plan:", **where)
    if data.get("plan_found", True) and data.get("best_from") == "greedy":
        return _("{name} ({id}, {zone}) in the greedy baseline, the best plan known: the "
                 "solver stopped ({status}) before it found a better one (not proven "
                 "optimal):", status=status(_, data["status"]), **where)
    if data.get("plan_found", True):
        return _("{name} ({id}, {zone}) in the best plan found within the time limit (not "
                 "proven optimal):", **where)
    return _("{name} ({id}, {zone}): no plan ({status}); the lines below are for no moves",
             status=status(_, data["status"]), **where)


def explain_lines(_: Words, data: dict,
                  whatif: Callable[..., str] | None = None) -> list[str]:
    """``explain``'s answer as terminal lines: per specialty short of staff, the need, who
    could give (surplus by the current rules) and why they do not come here, then the
    nearest blocked, each with the first rule that stops them; then what would help, each
    with the ``staffsim whatif`` command that shows it beside the plan (``whatif``: the whole
    command line from the options of the change, ``whatif_options``; none without it)."""
    lines = [explain_header(_, data)]
    for key, text in data["commune_rules"]:
        lines.append("  " + _("the commune itself: {rule}: {why}", rule=rule(_, key),
                              why=reason(_, text)))
    if not data["specialties"]:
        lines.append("  " + _("No specialty is short: the commune meets its WISN requirement."))
    for d in data["specialties"]:
        lines.append("- " + _("{label}: requires {required} FTE, {in_post} in post, receives "
                              "{received} → unmet {unmet} FTE", label=_.specialty(d["specialty"]),
                              required=_.num(d["required"], 1), in_post=d["in_post"],
                              received=d["received"], unmet=_.num(d["unmet_after"], 1)))
        could = [c for c in d["nearest"] if c.get("could_give")]
        blocked = [c for c in d["nearest"] if not c.get("could_give")]
        lines.append("    " + counted(_, d.get("could_give", 0), N_(
            "{n} official elsewhere could give by the current rules (their unit has a "
            "surplus):"), N_("{n} officials elsewhere could give by the current rules (their "
                             "unit has a surplus):"))
                     if could else "    " + _("Nobody elsewhere could give by the current "
                                               "rules."))
        lines += [f"      {candidate(_, c)}" for c in could]
        if blocked:
            lines.append("    " + _("The nearest others, and the first rule that stops each:"))
            lines += [f"      {candidate(_, c)}" for c in blocked]
    if data["would_help"]:
        # every change tried, those that help first (most first), then the others with what
        # they did: that a change does not help is an answer too
        tried = data.get("tried") or []
        # re-solved to optimality only when every change was (a time-limited explain said so
        # of changes each stopped at its limit: a review)
        proven = all(x.get("status", "Optimal") == "Optimal"
                     for x in [*data["would_help"], *tried])
        if proven:
            lines.append(_("Each change tried, re-solved to optimality (those that help "
                           "first):") if tried else
                         _("What would help (each re-solved to optimality):"))
        else:
            lines.append(_("Each change tried, re-solved within the time limit, some not to "
                           "optimality (those that help first):") if tried else
                         _("What would help (each re-solved within the time limit, some not "
                           "to optimality):"))
        for h in data["would_help"]:
            lines.append(f"  {would_help(_, h)}")
            options = whatif_options(h) if whatif else None
            if options:  # the whole command that compares it with the plan, to paste
                lines.append("    " + _("compare it with whatif: {command}",
                                        command=whatif(*options)))
        lines += ["  " + tried_line(_, t, data.get("name")) for t in tried]
    elif data.get("nothing_helps"):
        lines += nothing_helps_lines(_, data)
    elif data["specialties"]:
        lines.append(_("No single change of a rule tried here reduces this commune's unmet "
                       "need."))
    if data.get("gives"):
        lines += donor_lines(_, data["gives"])
    return lines


# the donor side's stops that are not a constraint family (``optimize.explain._next_stop``)
_DONOR_RULES = {"need": N_("recipients' need"), "objective": N_("worth more elsewhere")}


def donor_limit(_: Words, x: dict) -> str:
    """One donor rule's limit on its own: how many it lets the unit give, and why."""
    if x["rule"] == "eligible_recipients":
        return _("eligible zones: none")
    if x["rule"] == "protection":
        return _("{n} of {total} may move", n=_.num(x["most"]), total=_.num(x["in_post"]))
    if x["rule"] == "donor_floor":
        return _("donor floor: {n} above what it keeps", n=_.num(x["most"]))
    if x["rule"] == "donor_quota":
        return _("donor quota: {n} above the {kept} it keeps ({share} of its quota)",
                 n=_.num(x["most"]), kept=_.num(x["kept"]), share=_.pct(x["share"]))
    if x["rule"] == "max_donor_share":
        return _("donor share limit: {n} ({share} of {total})", n=_.num(x["most"]),
                 share=_.pct(x["share"]), total=_.num(x["in_post"]))
    return f"{rule(_, x['rule'])}: {_.num(x['most'])}"


def donor_stop(_: Words, s: dict) -> str:
    """What keeps a donor from giving more (``gives.stopped_by`` of ``explain``), from its
    fields."""
    key = s["rule"]
    if key == "eligible_recipients" and "kind" in s:
        why = (_("it is not among the unit kinds that may give") if s["kind"] == "pool" else
               _("{zone} communes do not give (donor zones: {zones})", zone=_.zone(s["zone"]),
                 zones=", ".join(_.zone(z) for z in s["donor_zones"])))
    elif key == "eligible_recipients":
        why = _("the {n} communes short of its spare specialties may not receive (recipient "
                "zones: {zones})", n=_.num(s["short"]),
                zones=", ".join(_.zone(z) for z in s["zones"]))
    elif key == "protection":
        why = _("only {n} of its {total} officials may move (leaders, protected officials "
                "and those near retirement stay)", n=_.num(s["most"]), total=_.num(s["in_post"]))
    elif key == "donor_floor":
        why = _("it keeps {share} of its requirement in each specialty and its last official "
                "of each essential one: {n} may leave", share=_.pct(s["share"]),
                n=_.num(s["most"]))
    elif key == "donor_quota":
        why = _("it gives only officials above {share} of its quota: {total} in post, it keeps "
                "{kept}, so at most {n}", share=_.pct(s["share"]), total=_.num(s["in_post"]),
                kept=_.num(s["kept"]), n=_.num(s["most"]))
    elif key == "max_donor_share":
        why = _("it gives at most {share} of its {total} officials: {n}",
                share=_.pct(s["share"]), total=_.num(s["in_post"]), n=_.num(s["most"]))
    elif key == "need" and s.get("filled"):
        why = _("the communes it may give to are no longer short of its spare specialties "
                "after the plan")
    elif key == "need":
        why = _("no commune that may receive is short of its spare specialties")
    elif key == "recipient_cap":
        why = _("the {n} communes short of its spare specialties are at their headcount cap",
                n=_.num(s["full"]))
    elif key == "max_distance":
        why = _("the nearest commune short of its spare specialties is {km} km away (limit "
                "{limit} km)", km=_.num(s["nearest_km"]), limit=_.num(s["limit_km"]))
    elif key == "budget":
        why = _("the budget left ({left}) is less than its cheapest move's allowance "
                "({cheapest})", left=budget_left(_, s["left_vnd"]),
                cheapest=budget_left(_, s["cheapest_vnd"]))
    elif key == "max_moves":
        why = _("the move limit of {n} is reached", n=_.num(s["limit"]))
    else:
        why = _("the plan's other moves meet the remaining need better or at less cost")
    name = _(_DONOR_RULES[key]) if key in _DONOR_RULES else rule(_, key)
    return f"{name}: {why}"


def donor_lines(_: Words, g: dict, top: int = 5) -> list[str]:
    """``explain``'s donor side: how many the unit gives in the plan, to which communes and
    in which specialties (the first ``top``), how many it may give under the rules (each
    rule's own limit) and what stops it giving more."""
    above = (_(", {n} above it", n=_.num(g["above_quota"])) if g["above_quota"] else "")
    where = _("{total} in post, quota {quota}", total=_.num(g["in_post"]),
              quota=_.num(g["quota"])) + above
    lines = [_("As a donor: {gives} in the plan ({where}).", gives=counted(
                 _, g["gives"], N_("gives {n} official"), N_("gives {n} officials")),
               where=where) if g["gives"] else
             _("As a donor: gives nobody in the plan ({where}).", where=where)]
    if g["to"]:
        to = ", ".join(f"{c['name']} {_.num(c['officials'])}" for c in g["to"][:top])
        if len(g["to"]) > top:
            to += _(" and {n} more communes", n=_.num(len(g["to"]) - top))
        lines.append("  " + _("to: {communes}", communes=to))
        specs = [x for x in g["specialties"] if x["gives"]]
        lines.append("  " + _("by specialty (given of those it may give): {specialties}",
                              specialties=", ".join(
                                  f"{_.specialty(x['specialty'])} {_.num(x['gives'])}/"
                                  f"{_.num(x['may_give'])}" for x in specs[:top])
                              + (_(" and {n} more specialties", n=_.num(len(specs) - top))
                                 if len(specs) > top else "")))
    lines.append("  " + _("Under the rules it may give at most {n} ({limits}).",
                          n=_.num(g["may_give"]),
                          limits="; ".join(donor_limit(_, x) for x in g["limits"])))
    stop = donor_stop(_, g["stopped_by"])
    lines.append("  " + (_("It gives all it may; the rule that stops it: {stop}", stop=stop)
                         if g["stopped_by"].get("own_limit") else
                         _("It could give {n} more; what stops it: {stop}",
                           n=_.num(g["more"]), stop=stop)))
    return lines


# The page's labels for levers, zones of the side-by-side table, statuses.
# a solver's statuses (PuLP's names, and those of optimize.branch and CBC that PuLP's
# solvers report)
STATUSES: dict[str, str] = {
    "Optimal": N_("optimal"), "Infeasible": N_("infeasible"),
    "TimeLimit": N_("time limit reached"), "GapLimit": N_("gap limit reached"),
    "NodeLimit": N_("node limit reached"), "SolutionLimit": N_("solution limit reached"),
    "IterationLimit": N_("iteration limit reached"), "Interrupted": N_("interrupted"),
    "Unbounded": N_("unbounded"), "Undefined": N_("undefined (numerical trouble)"),
    "Not Solved": N_("not solved")}


def status(_: Words, s: str) -> str:
    """A solver's status in words; several provinces' ('mixed: Infeasible, Optimal', as a
    plan summary holds them) each in words."""
    if s.startswith("mixed: "):
        return _("mixed: {statuses}", statuses=", ".join(
            status(_, x.strip()) for x in s.removeprefix("mixed: ").split(",")))
    return _(STATUSES[s]) if s in STATUSES else s


# the named rule sets (``optimizer.rules``) as people call them
RULE_SET_NAMES = {"wisn": N_("WISN"), "province_practice": N_("province practice")}



def parameters() -> tuple[dict[str, str], Callable[[str], tuple[object, str, str] | None]]:
    """``scenarios.params``' aliases and ``field_info``, with every constraint family's
    parameters registered (the families add them when imported). Imported here, when a
    parameter is named, not with this module: the figure worker imports this module and
    starts 0.2 s sooner without the scenario models, and a worker that draws a frontier or a
    sweep figure has not imported the families (its axis had no unit)."""
    import staffsim.optimize.families  # noqa: F401  (registers the families' parameters)
    from staffsim.scenarios.params import ALIASES, field_info

    return ALIASES, field_info


def lever_label(_: Words, key: str, full: str | None = None) -> str:
    """A dotted scenario key (or its alias) as people name it; the key itself otherwise.
    ``full``: the key the alias stands for, when known (``lever_meaning``): the parameter
    models are then not imported."""
    if full is None:
        aliases, _field_info = parameters()
        full = aliases.get(key, key)
    if full in LEVER_LABELS:
        return _(LEVER_LABELS[full])
    parts = full.split(".")
    # a rule switched on or off by its family's 'enabled' (every family has one): named by
    # the rule, as the plan's findings name it, not by the dotted key
    if len(parts) == 4 and parts[:2] == ["optimizer", "constraints"] \
            and parts[3] == "enabled" and parts[2] in RULES:
        return _("the rule “{rule}”", rule=_(RULES[parts[2]]))
    return key


def lever_meaning(key: str) -> dict[str, str]:
    """The full key a lever (or its alias) stands for and its unit, as a frontier folder
    records them beside the lever (frontier.json, and so ``frontier --json``): the figure
    drawn from the folder then names the lever and its axis's unit without importing the
    parameter models and the constraint families (0.3-0.5 s of the figure worker's CPU,
    after every point was solved)."""
    aliases, field_info = parameters()
    full = aliases.get(key, key)
    info = field_info(full)
    return {"lever_key": full, "lever_unit": info[1] if info else ""}


def setting_value(_: Words, key: str, value: object) -> str:
    """A lever's value in its unit: 45,0 tỷ đồng, 60 km, 95%, 1,75; zones by name."""
    aliases, field_info = parameters()
    if aliases.get(key, key) == "optimizer.rules" and value in RULE_SET_NAMES:
        return _(RULE_SET_NAMES[str(value)])
    info = field_info(aliases.get(key, key))
    unit = info[1] if info else ""
    if isinstance(value, list):  # zones, unit kinds: by name; numbers in the unit
        # ('; ' between unit kinds, whose names hold commas: 'sở, ban, ngành')
        sep = "; " if any(isinstance(v, str) and v in POOL_KINDS for v in value) else ", "
        return sep.join(_.zone(v) if v in _ZONE_WORDS else _(POOL_KINDS[v])
                         if isinstance(v, str) and v in POOL_KINDS else
                         setting_value(_, key, v) if isinstance(v, int | float)
                         and not isinstance(v, bool) else str(v) for v in value) or "–"
    if isinstance(value, bool):  # a switch: 'on', 'off', not Python's True and False
        return _("on") if value else _("off")
    if not isinstance(value, int | float):
        return str(value)
    if unit == "VND":
        return _.money(float(value))
    if unit == "VND / month":
        return _("{amount} a month", amount=_.money(float(value)))
    if unit.startswith("share") or unit == "probability":
        return _.pct(float(value), 0 if float(value * 100).is_integer() else 1)
    decimals = 0 if float(value).is_integer() else (2 if abs(value) < 10 else 1)
    text = _.num(float(value), decimals)
    if unit == "months":  # '1 month', '22 months': the catalogue's words
        return counted_months(_, float(value), decimals)
    return f"{text} {unit}" if unit == "km" else text


def counted(_: Words, n: float, one: str, many: str, decimals: int = 0) -> str:
    """'1 replication' / '2 replications': ``one`` and ``many`` are catalogue messages with
    {n} ('{n} replication', '{n} replications')."""
    return _(one if n == 1 else many, n=_.num(n, decimals))


def counted_months(_: Words, n: float, decimals: int = 0) -> str:
    """'1 month' / '22 months' ('1 tháng' / '22 tháng') with the catalogue's words."""
    return counted(_, n, N_("{n} month"), N_("{n} months"), decimals)


def setting_words(_: Words, key: str, value: object) -> str:
    """'ngân sách hỗ trợ là 36,0 tỷ đồng', 'allowance budget set to VND 36.0 bn': a phrase
    that reads inside a sentence ('Với {what}, ...', 'how does the plan change with
    {what}') as well as alone or in brackets; 'label: value' put into a sentence read 'với
    ngân sách hỗ trợ: 36,0 tỷ đồng' (the trial). A switch reads 'tắt quy tắc “giới hạn
    khoảng cách”', 'the rule “distance limit” switched off' ('... là tắt' read wrong)."""
    if isinstance(value, bool):
        return (_("{label} switched on", label=lever_label(_, key)) if value
                else _("{label} switched off", label=lever_label(_, key)))
    return _("{label} set to {value}", label=lever_label(_, key),
             value=setting_value(_, key, value))


# The sweep factors' labels of the bundled scenarios (scenarios/*.toml): they read in the
# user's language. Any other label is a user's own, shown as written: through the catalogue
# it could meet an entry of another meaning ('province' is the zone word 'toàn tỉnh').
BUNDLED_LABELS = frozenset({
    N_("allowance budget (VND)"), N_("allowance multiple, high mountain"),
    N_("attrition per year"), N_("extra attrition per 100 km moved"),
    N_("longest move (km)"), N_("provinces"), N_("workload intensity")})


def scenario_label(_: Words, label: str) -> str:
    """A label a scenario gives a factor: a bundled scenario's in the language, a user's as
    written."""
    return _(label) if label in BUNDLED_LABELS else label


def factor_name(_: Words, key: str, labels: dict[str, str]) -> str:
    """A swept factor as people name it: the label the scenario gives it
    (``scenario_label``), else staffsim's name for the key, else the key (a label that is
    the key was not given)."""
    own = labels.get(key)
    return scenario_label(_, own) if own and own != key else lever_label(_, key)


def names_joined(parts: list[str]) -> str:
    """Factors' names in a list: by ', ', or '; ' when one holds a comma of its own ('hệ
    số hỗ trợ, vùng cao' would read as two factors)."""
    return ("; " if any("," in p for p in parts) else ", ").join(parts)


def group_name(_: Words, g: dict, labels: dict[str, str]) -> str:
    """A group of swept factors: '10 lever settings (budget, …)', '10 scenarios (…)',
    'province (34 values)'."""
    names = names_joined([factor_name(_, f, labels) for f in g["factors"]])
    n = _.num(g["levels"])
    if len(g["factors"]) == 1:
        return _("{name} ({n} values)", name=names, n=n)
    if g.get("role") == "levers":
        return _("{n} lever settings ({names})", n=n, names=names)
    if g.get("role") == "uncertainties":
        return _("{n} scenarios ({names})", n=n, names=names)
    return _("{n} design points ({names})", n=n, names=names)


def discovery_setting(_: Words, key: str, label: str) -> str:
    """A lever's setting as scenario discovery labels it ('4.5e+09', '1e+09 to 2e+09'), in
    its unit; text that is no finite number as it is."""
    def one(text: str) -> str:
        try:
            x = float(text)
        except ValueError:  # a rule set by its name ('province_practice' was printed raw: a
            # researcher's trial)
            return _(RULE_SET_NAMES[text]) if key == "optimizer.rules" and text in \
                RULE_SET_NAMES else text
        return setting_value(_, key, x) if math.isfinite(x) else text
    lo, sep, hi = label.partition(" to ")
    return _("{lo} to {hi}", lo=one(lo), hi=one(hi)) if sep else one(label)


# words that name one unit, in either language: a label's '(VND)' is said again by a value's
# 'VND 54.4 bn' or '54,4 tỷ đồng'
UNIT_WORDS = ({"vnd", "vnđ", "đồng", "dong"}, {"month", "months", "tháng"}, {"km"},
              {"%", "percent"})


def _unit_words(text: str) -> set[str]:
    return set(re.findall(r"%|[^\W\d_]+", text.lower()))


def setting_said(_: Words, key: str, label: str, labels: dict[str, str]) -> str:
    """A lever and its setting as a discovery row says them, every one the same way: its
    name, then its value with the unit ('longest move 220 km', 'allowance budget VND 54.4
    bn', a bin 'longest move 60 km to 220 km'). A label's '(unit)' is not kept in the name:
    the value says it (or, a bare number, is given it: a label's '(km)' on a parameter
    staffsim has no unit for reads '220 km'); other brackets stay ('allowance budget
    (draft)')."""
    name = factor_name(_, key, labels)
    ends = [discovery_setting(_, key, end) for end in label.partition(" to ")[::2] if end]
    bare = all(re.fullmatch(r"[-\d.,\s]+", end) for end in ends)
    shown = _unit_words(" ".join(ends))
    moved: list[str] = []

    def unit_said(m: re.Match) -> str:  # a '(unit)' of the label: the value says it
        said = _unit_words(m.group(1))
        if not any(said & group for group in UNIT_WORDS):
            return m[0]
        if not any(said & group and shown & group for group in UNIT_WORDS):
            if not bare:
                return m[0]  # (a value in words: the label's unit stays with the label)
            moved.append(m.group(1).strip())
        return ""
    named = re.sub(r"\s*\(([^()]*)\)", unit_said, name).strip() or name
    if not moved and bare:  # a distance whose label has no '(km)'
        aliases, field_info = parameters()
        info = field_info(aliases.get(key, key))
        moved = ["km"] if info and info[1] == "road km" else []
    ends = [" ".join([end, *moved]) for end in ends]
    value = _("{lo} to {hi}", lo=ends[0], hi=ends[1]) if len(ends) == 2 else ends[0]
    return f"{named} {value}"


def column(_: Words, name: str) -> str:
    """A per-run column ('unmet_fte_months|high_mountain', 'mountain_unmet_fte') by its
    declared label, area and unit in the language; an undeclared column as it is."""
    return _declared_title(_, name, metric)


def discovery_value(_: Words, column_name: str, x: float) -> str:
    """A scenario-discovery threshold or mean as people read it: a share in percent, a
    number with the decimals it was given (0.04 is not '0.0', 0.958 not '1.0': a
    researcher's trial)."""
    from staffsim.model.outcomes import column_unit

    if column_unit(column_name) == "share":
        return _.pct(x, _decimals(100 * x, 1))
    return _.num(x, _decimals(x, 1))


def _decimals(x: float, least: int) -> int:
    """The decimals that show ``x`` as given (at most 4), at least ``least`` unless whole."""
    if float(x).is_integer():
        return 0
    return next((d for d in range(least, 5) if abs(round(x, d) - x) < 1e-9 * max(1, abs(x))),
                4)


def outcome_title(_: Words, key: str) -> str:
    """A monthly outcome by area ('unmet_fte|high_mountain': 'Unmet need, high mountain
    (FTE)'), as every table and figure names it; an undeclared key as it is."""
    return _declared_title(_, key, outcome)


def _declared_title(_: Words, key: str, find) -> str:
    # metrics and outcomes share some names with different labels ('hires'): the caller
    # says which declaration it means
    name, _sep, area = key.partition("|")
    try:
        d = find(name)
    except KeyError:
        return key
    return _.title(d.label, d.unit, area or None)
