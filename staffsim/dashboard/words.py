"""The page's words in the tab's language: a translator bound to one language (a tab may be in
English while another is in Vietnamese, so nothing here relies on a global language), and the
explanation of ``optimize.explain`` put into that language.

``optimize.explain`` words its reasons in English prose with the numbers inside; ``REASONS``
maps each of its sentence shapes to a message of the catalogue (a test asserts that every
reason given on Thanh Hóa has a translation, so a new sentence there is noticed).
"""

from __future__ import annotations

import re

from staffsim import i18n
from staffsim.i18n import N_
from staffsim.results.words import commune_title, specialty_label, zone_label
from staffsim.scenarios.specialties import SPECIALTIES


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

    def zone(self, key: str) -> str:
        return zone_label(key, self.lang)

    def specialty(self, key: str) -> str:
        return specialty_label(key, self.lang)

    def commune(self, kind: str, name: str) -> str:
        return commune_title(kind, name, self.lang)


RULES: dict[str, str] = {
    "protection": N_("protected"),
    "eligible_recipients": N_("eligible zones"),
    "max_distance": N_("distance limit"),
    "used_elsewhere": N_("moved elsewhere"),
    "donor_floor": N_("donor floor"),
    "max_donor_share": N_("donor share limit"),
    "budget": N_("budget"),
    "max_moves": N_("move limit"),
    "objective": N_("worth more elsewhere"),
    "not_chosen": N_("not chosen"),
    "recipient_cap": N_("recipient cap"),
    "specialty_match": N_("specialty match"),
    "conservation": N_("roster"),
    "cover_essential": N_("essential cover target"),
    "donor_quota": N_("donor quota"),
    "deadline": N_("deadline"),
}

_NUM = r"-?\d+(?:\.\d+)?"
# optimize/explain.py's sentences -> catalogue messages; numbers and names are carried over.
REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), m) for p, m in (
    (r"flagged protected", N_("flagged protected")),
    (r"a leader", N_("a leader")),
    (rf"retires in (?P<years>{_NUM}) years", N_("retires in {years} years")),
    (r"not movable", N_("not movable")),
    (r"(?P<name>.+) is not in a donor zone", N_("{name} is not in a donor zone")),
    (rf"(?P<km>{_NUM}) km away \(limit (?P<limit>{_NUM}) km\)",
     N_("{km} km away (limit {limit} km)")),
    (r"moved to (?P<name>.+) instead", N_("moved to {name} instead")),
    (rf"(?P<name>.+) needs its (?P<n>\d+) (?P<spec>\w+) official\(s\) \(requires "
     rf"(?P<req>{_NUM})\)", N_("{name} needs its {n} {spec} official(s) (requires {req})")),
    (r"(?P<name>.+)'s (?P<n>\d+) spare (?P<spec>\w+) official\(s\) all move elsewhere",
     N_("the {n} spare {spec} official(s) of {name} all move elsewhere")),
    (rf"(?P<name>.+) already gives its limit of (?P<n>{_NUM}) officials",
     N_("{name} already gives its limit of {n} officials")),
    (rf"budget left VND (?P<bn>{_NUM}) bn is less than this move's allowance",
     N_("the budget left ({bn} bn VND) is less than this move's allowance")),
    (r"the move limit is reached", N_("the move limit is reached")),
    (r"a whole official is worth more elsewhere than the remaining need here",
     N_("a whole official is worth more elsewhere than the remaining need here")),
    (r"(?P<zone>[a-z_ ]+) communes are not eligible recipients \(allowed: (?P<zones>.*)\)",
     N_("{zone} communes are not eligible recipients (allowed: {zones})")),
    (rf"already at its cap of (?P<n>{_NUM})", N_("already at its cap of {n}")),
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
    (r"move (?P<id>\S+) from (?P<name>.+) here by hand.*",
     N_("move {id} from {name} here by hand")),
))


# the table readers' problems (scenarios.tables, scenarios.province) and the upload checks
PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), m) for p, m in (
    (r"empty; every (?P<what_id>\w+) needs an id", N_("empty; every {what_id} needs an id")),
    (r"'(?P<value>.*)' repeats row (?P<row>\d+); ids must be unique",
     N_("'{value}' repeats row {row}; ids must be unique")),
    (r"'(?P<value>.*)' is not allowed; closest: (?P<close>.*); allowed: (?P<allowed>.*)",
     N_("'{value}' is not allowed; closest: {close}; allowed: {allowed}")),
    (r"'(?P<value>.*)' is not allowed; allowed: (?P<allowed>.*)",
     N_("'{value}' is not allowed; allowed: {allowed}")),
    (r"missing; allowed: (?P<kind>a whole number|a number) from (?P<lo>\S+) to "
     r"(?P<hi>\S+?)(?P<what>| \(inside Vietnam\))",
     N_("missing; allowed: {kind} from {lo} to {hi}{what}")),
    (r"'(?P<value>.*)' is not (?P<kind>a whole number|a number); allowed: (?P<lo>\S+) to "
     r"(?P<hi>\S+?)(?P<what>| \(inside Vietnam\))",
     N_("'{value}' is not {kind}; allowed: {lo} to {hi}{what}")),
    (r"(?P<value>.+) is out of range; allowed: (?P<kind>a whole number|a number) from "
     r"(?P<lo>\S+) to (?P<hi>\S+?)(?P<what>| \(inside Vietnam\))",
     N_("{value} is out of range; allowed: {kind} from {lo} to {hi}{what}")),
    (r"'(?P<value>.*)' is not in the communes table; closest: (?P<close>.*)",
     N_("'{value}' is not in the communes table; closest: {close}")),
    (r"'(?P<value>.*)' is not in the communes table",
     N_("'{value}' is not in the communes table")),
    (r"missing column\(s\) (?P<cols>.*?); required: (?P<required>[^;]*)(?:; accepted: .*)?",
     N_("missing column(s) {cols}; required: {required}")),
    (r"has (?P<n>\d+) fields, header has (?P<m>\d+)",
     N_("has {n} fields, header has {m}")),
    (r"no data rows", N_("no data rows")),
    (r"empty file; expected a header row with (?P<cols>.*)",
     N_("empty file; expected a header row with {cols}")),
    (r"empty file", N_("empty file")),
    (r"not UTF-8 text \((?P<why>.*)\); save it as CSV UTF-8 or \.xlsx",
     N_("not UTF-8 text ({why}); save it as CSV UTF-8 or .xlsx")),
    (r"UTF-16 text; save it as CSV UTF-8 or \.xlsx",
     N_("UTF-16 text; save it as CSV UTF-8 or .xlsx")),
    (r"not a readable \.xlsx workbook \((?P<why>.*)\)",
     N_("not a readable .xlsx workbook ({why})")),
    (r"not an \.xlsx workbook \(an \.xlsx file is a zip archive\)",
     N_("not an .xlsx workbook (an .xlsx file is a zip archive)")),
    (r"binary data, not a CSV text table", N_("binary data, not a CSV text table")),
    (r"(?P<suffix>.*): only \.csv and \.xlsx tables are read",
     N_("{suffix}: only .csv and .xlsx tables are read")),
    (r"(?P<size>[\d,]+) bytes; the limit is (?P<limit>[\d,]+) bytes",
     N_("{size} bytes; the limit is {limit} bytes")),
    (r"communes: (?P<id>\S+) \((?P<name>.*)\) has no officials in this roster",
     N_("{id} ({name}) has no officials in this roster")),
    (r"this command plans one province; the scenario has (?P<n>\d+).*",
     N_("the dashboard plans one province; the table has {n}")),
))
# the independent checker's findings (optimize.check), shown when manual edits break a rule;
# a commune is "Name (id)" ({where}), plan rows are "row 5 (ID), row 9 (ID) and 3 more" ({rows})
VIOLATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), m) for p, m in (
    (r"(?P<id>\S+) is flagged protected", N_("{id} is flagged protected")),
    (r"(?P<id>\S+) is a leader", N_("{id} is a leader")),
    (rf"(?P<id>\S+) retires in (?P<years>{_NUM}) years \(< (?P<limit>{_NUM})\)",
     N_("{id} retires in {years} years (under {limit})")),
    (rf"(?P<id>\S+) would travel (?P<km>{_NUM}) km from (?P<where>.+) to (?P<dest>.+), "
     rf"limit (?P<limit>{_NUM}) km",
     N_("{id} would travel {km} km from {where} to {dest}, limit {limit} km")),
    (r"(?P<id>\S+) goes to (?P<where>.+), a department or Party/Front unit: they receive "
     r"nobody", N_("{id} goes to {where}, a department or Party/Front unit: they receive "
                   "nobody")),
    (r"(?P<id>\S+) goes to (?P<where>.+), a (?P<zone>\w+) commune; recipients: (?P<zones>.*)",
     N_("{id} goes to {where}, a {zone} commune; receiving zones: {zones}")),
    (r"(?P<id>\S+) comes from (?P<where>.+), a (?P<zone>\w+) commune; donors: (?P<zones>.*)",
     N_("{id} comes from {where}, a {zone} commune; giving zones: {zones}")),
    (r"(?P<id>\S+) comes from (?P<where>.+), a (?P<kind>\w+) unit; units that give: "
     r"(?P<kinds>.*)", N_("{id} comes from {where}, a {kind} unit; units that give: {kinds}")),
    (rf"(?P<where>.+) keeps (?P<n>\d+) (?P<spec>\w+) official\(s\), below its floor of "
     rf"(?P<floor>{_NUM}) \((?P<share>\d+)% of a requirement of (?P<req>{_NUM})\): "
     r"(?P<rows>.+)", N_("{where} keeps {n} {spec} official(s), below its floor of {floor} "
                        "({share}% of a requirement of {req}): {rows}")),
    (r"(?P<where>.+) gives its last (?P<spec>\w+) official: (?P<rows>.+)",
     N_("{where} gives its last {spec} official: {rows}")),
    (r"(?P<where>.+) gives (?P<n>\d+) officials but has (?P<above>\d+) above its quota "
     r"\((?P<total>\d+) in post, quota (?P<quota>\d+)\): (?P<rows>.+) take officials it must "
     r"keep", N_("{where} gives {n} officials but has {above} above its quota ({total} in "
                 "post, quota {quota}): {rows} take officials it must keep")),
    (r"(?P<where>.+) gives (?P<n>\d+) of its (?P<total>\d+) officials, limit (?P<limit>\d+) "
     r"\((?P<share>\d+)%\): (?P<rows>.+) are beyond it",
     N_("{where} gives {n} of its {total} officials, limit {limit} ({share}%): {rows} are "
        "beyond it")),
    (r"(?P<where>.+) would have (?P<n>\d+) officials, cap (?P<cap>\d+) \(its norm quota\): "
     r"(?P<rows>.+) are beyond it",
     N_("{where} would have {n} officials, above its norm quota of {cap}: {rows} are beyond "
        "it")),
    (r"(?P<where>.+) would have (?P<n>\d+) officials, cap (?P<cap>\d+) \(the headcount "
     r"cap\): (?P<rows>.+) are beyond it",
     N_("{where} would have {n} officials, above the headcount cap of {cap}: {rows} are "
        "beyond it")),
    (rf"allowances VND (?P<bn>{_NUM}) bn exceed the budget of VND (?P<budget>{_NUM}) bn from "
     r"(?P<rows>.+) on", N_("allowances of {bn} bn VND exceed the budget of {budget} bn VND "
                            "from {rows} on")),
    (r"(?P<n>\d+) moves, limit (?P<limit>\d+): (?P<rows>.+) are beyond it",
     N_("{n} moves, limit {limit}: {rows} are beyond it")),
    (r"(?P<where>.+) has no (?P<spec>\w+) official after the plan",
     N_("{where} has no {spec} official after the plan")),
    (r"(?P<id>\S+) is not in the roster", N_("{id} is not in the roster")),
    (r"(?P<id>\S+) already moves in row (?P<row>\d+)", N_("{id} already moves in row {row}")),
    (r"moves to the commune it is in", N_("moves to the commune it is in")),
    (r"(?P<id>\S+), a (?P<spec>\w+) official, placed as (?P<to>\w+)",
     N_("{id}, a {spec} official, placed as {to}")),
    (r"(?P<id>\S+) would move in (?P<month>\S+), after the deadline (?P<date>\S+)",
     N_("{id} would move in {month}, after the deadline {date}")),
))

# ids, typed text: unchanged
_NUMBERS = {"years", "km", "limit", "req", "bn", "n", "budget", "floor", "above", "total",
            "quota", "cap", "share"}
POOL_KINDS = {"department": N_("department (sở, ban, ngành)"),
              "party_front": N_("Party / Fatherland Front unit"), "none": N_("none")}
_WORDS = {"a whole number": N_("a whole number"), "a number": N_("a number"),
          " (inside Vietnam)": N_(" (inside Vietnam)"), "official": N_("official"),
          "commune": N_("commune"), "header": N_("header"), "no extension": N_("no extension")}


def _value(_: Words, key: str, text: str, names: dict[str, str] | None = None) -> str:
    if key == "id" and names and text in names:
        return names[text]
    if key == "rows":  # "row 5 (ID), row 9 (ID) and 3 more"
        text = re.sub(r"row (\d+)", lambda m: _("row {n}", n=m.group(1)), text)
        return re.sub(r" and (\d+) more$", lambda m: _(" and {n} more", n=m.group(1)), text)
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
    if key in ("spec", "to") and text in SPECIALTIES:
        return _.specialty(text).lower() if _.lang == "vi" else _.specialty(text)
    if key == "zone":
        return _.zone(text.replace(" ", "_"))
    if key == "zones":
        return ", ".join(_.zone(z.strip(" '\"").replace(" ", "_")) for z in text.split(","))
    if key in _NUMBERS and re.fullmatch(_NUM, text):
        decimals = len(text.split(".")[1]) if "." in text else 0
        return _.num(float(text), decimals)
    return text


def reason(_: Words, text: str, table: tuple = REASONS,
           names: dict[str, str] | None = None) -> str:
    """One of ``optimize.explain``'s reasons in the tab's language (unchanged if unknown);
    ``names`` turns commune ids into names."""
    for pattern, message in table:
        m = pattern.fullmatch(text)
        if m:
            return _(message, **{k: _value(_, k, v, names) for k, v in m.groupdict().items()})
    return text


def violation(_: Words, text: str, names: dict[str, str] | None = None) -> str:
    """One of the independent checker's findings in the tab's language."""
    return reason(_, text, VIOLATIONS, names)


def problem(_: Words, text: str) -> str:
    """A table reader's (or an upload check's) problem in the tab's language."""
    return reason(_, text, PROBLEMS)


def where(_: Words, text: str) -> str:
    """'header' and the like, for the problems table's column cell."""
    return _(_WORDS[text]) if text in _WORDS else text


def rule(_: Words, key: str) -> str:
    return _(RULES[key]) if key in RULES else key


def would_help(_: Words, h: dict) -> str:
    """One 'what would help' line of ``explain``: the change, then what it buys."""
    param, value = h.get("parameter"), h.get("value")
    if param == "optimizer.constraints.max_distance.km":
        change = _("raise the distance limit to {km} km", km=_.num(value))
    elif param == "optimizer.constraints.donor_floor.share":
        change = _("lower the donor floor to {share}", share=_.pct(value))
    elif param == "optimizer.constraints.budget.vnd":
        change = _("raise the budget to {money}", money=_.money(value))
    elif param == "optimizer.constraints.max_donor_share.share":
        change = _("let donors give up to {share} of their staff", share=_.pct(value))
    elif param == "optimizer.constraints.max_moves.moves":
        change = _("allow up to {n} moves", n=_.num(value))
    elif param == "optimizer.constraints.donor_quota.share":
        change = _("let donors keep only {share} of their quota", share=_.pct(value))
    else:
        change = reason(_, h["change"])
    got = ", ".join(f"{n} {_.specialty(k)}" for k, n in h["officials_received"].items())
    return _("{change}: the commune receives {got}; its unmet need {commune} FTE, province "
             "{province} FTE, allowance {money}", change=change, got=got or _("nobody"),
             commune=_.signed(h["commune_unmet_change"]),
             province=_.signed(h["province_unmet_fte_change"]),
             money=("+" if h["extra_allowance_vnd"] > 0 else "") + _.money(
                 h["extra_allowance_vnd"]))


# The page's labels for levers, zones of the side-by-side table, statuses.
STATUSES: dict[str, str] = {"Optimal": N_("optimal"), "Infeasible": N_("infeasible"),
                            "TimeLimit": N_("time limit reached")}


def status(_: Words, s: str) -> str:
    return _(STATUSES[s]) if s in STATUSES else s
