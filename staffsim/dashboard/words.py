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
    (r"(?P<zone>[a-z ]+) communes are not eligible recipients \(allowed: (?P<zones>.*)\)",
     N_("{zone} communes are not eligible recipients (allowed: {zones})")),
    (rf"already at its cap of (?P<n>{_NUM})", N_("already at its cap of {n}")),
    (r"move (?P<id>\S+) from (?P<name>.+) here by hand.*",
     N_("move {id} from {name} here by hand")),
))


def _value(_: Words, key: str, text: str) -> str:
    if key == "spec" and text in SPECIALTIES:
        return _.specialty(text).lower() if _.lang == "vi" else _.specialty(text)
    if key == "zone":
        return _.zone(text.replace(" ", "_"))
    if key == "zones":
        return ", ".join(_.zone(z.strip()) for z in text.split(","))
    if re.fullmatch(_NUM, text):
        decimals = len(text.split(".")[1]) if "." in text else 0
        return _.num(float(text), decimals)
    return text


def reason(_: Words, text: str) -> str:
    """One of ``optimize.explain``'s reasons in the tab's language (unchanged if unknown)."""
    for pattern, message in REASONS:
        m = pattern.fullmatch(text)
        if m:
            return _(message, **{k: _value(_, k, v) for k, v in m.groupdict().items()})
    return text


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
