"""The independent checker's findings (``optimize.check``) in the language: ``VIOLATIONS``
maps each of the checker's sentence shapes to a message of the catalogue, its numbers, names
and plan rows carried over (``results.words.reason``); ``violation``, ``violation_line`` and
``violation_record`` say a finding, ``say`` a message made below the command line
(``i18n.Said``), which may carry a rule and a finding.
"""

from __future__ import annotations

import re

from staffsim.i18n import N_, Listed, Named, Said, Term, money
from staffsim.results.words import (
    NUM,
    ROW,
    Words,
    lever_label,
    names_joined,
    reason,
    rule,
    scenario_label,
    sheet_row,
    specialty_in_sentence,
    status,
)

# the independent checker's findings (optimize.check), shown when manual edits break a rule;
# a commune is "Name (id)" ({where}), plan rows are "row 5 (ID), row 9 (ID) and 3 more" ({rows})
VIOLATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), m) for p, m in (
    # a count cap of a commune said without the rows the count passed it on (``over_cap``)
    (r"(?P<where>.+) would have (?P<n>\d+) officials, cap (?P<cap>\d+) \(its norm quota\), "
     r"(?P<over>\d+) over it",
     N_("{where} would have {n} officials, {over} above its norm quota of {cap}")),
    (r"(?P<where>.+) would have (?P<n>\d+) officials, cap (?P<cap>\d+) \(the headcount "
     r"cap\), (?P<over>\d+) over it",
     N_("{where} would have {n} officials, {over} above the headcount cap of {cap}")),
    (r"(?P<where>.+) gives (?P<n>\d+) of its (?P<total>\d+) officials, limit (?P<limit>\d+) "
     r"\((?P<share>\d+)%\), (?P<over>\d+) over it",
     N_("{where} gives {n} of its {total} officials, {over} more than the {limit} ({share}%) "
        "staffsim assumes a unit may give (an assumed limit of staffsim's, not a legal rule)")),
    (r"(?P<where>.+) gives 1 officials but has 0 above its quota \((?P<total>\d+) in post, "
     r"quota (?P<quota>\d+)\), 1 over it",
     N_("{where} gives 1 official but has none above its quota ({total} in post, quota "
        "{quota})")),
    (r"(?P<where>.+) gives (?P<n>\d+) officials but has 0 above its quota \((?P<total>\d+) in "
     r"post, quota (?P<quota>\d+)\), (?P=n) over it",
     N_("{where} gives {n} officials but has none above its quota ({total} in post, quota "
        "{quota})")),
    (r"(?P<where>.+) gives (?P<n>\d+) officials but has (?P<above>\d+) above its quota "
     r"\((?P<total>\d+) in post, quota (?P<quota>\d+)\), (?P<over>\d+) over it",
     N_("{where} gives {n} officials but has {above} above its quota ({total} in post, quota "
        "{quota}): {over} more than it may give")),
    # the donor floor in total (``families.donor_floor``): a unit short overall gives none
    (rf"(?P<where>.+) gives (?P<n>\d+) officials but has 0 above (?P<share>\d+)% of its total "
     rf"requirement \((?P<total>\d+) in post, requirement (?P<req>{NUM})\), (?P=n) over it",
     N_("{where} gives {n} official(s) but has none above {share}% of its total requirement "
        "({total} in post, requirement {req})")),
    (rf"(?P<where>.+) gives (?P<n>\d+) officials but has (?P<above>\d+) above (?P<share>\d+)% "
     rf"of its total requirement \((?P<total>\d+) in post, requirement (?P<req>{NUM})\), "
     r"(?P<over>\d+) over it",
     N_("{where} gives {n} officials but has {above} above {share}% of its total requirement "
        "({total} in post, requirement {req}): {over} more than it may give")),
    (r"(?P<id>\S+) is flagged protected", N_("{id} is flagged protected")),
    (r"(?P<id>\S+) is a leader", N_("{id} is a leader")),
    (rf"(?P<id>\S+) retires in (?P<years>{NUM}) years \(< (?P<limit>{NUM})\)",
     N_("{id} retires in {years} years (under {limit})")),
    (rf"(?P<id>\S+) would travel (?P<km>{NUM}) km from (?P<where>.+) to (?P<dest>.+), "
     rf"beyond the distance limit the scenario sets, (?P<limit>{NUM}) km",
     N_("{id} would travel {km} km from {where} to {dest}, beyond the distance limit the "
        "scenario sets, {limit} km")),
    (rf"(?P<id>\S+) would travel (?P<km>{NUM}) km from (?P<where>.+) to (?P<dest>.+), "
     rf"beyond the distance limit set on the command line, (?P<limit>{NUM}) km",
     N_("{id} would travel {km} km from {where} to {dest}, beyond the distance limit set on "
        "the command line (--set), {limit} km")),
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
     rf"(?P<floor>{NUM}) \((?P<share>\d+)% of a requirement of (?P<req>{NUM})\): "
     r"(?P<rows>.+)", N_("{where} keeps {n} {spec} official(s), below its floor of {floor} "
                        "({share}% of a requirement of {req}): {rows}")),
    (r"(?P<where>.+) gives its last (?P<spec>\w+) official: (?P<rows>.+)",
     N_("{where} gives its last {spec} official: {rows}")),
    # a unit with none above its quota (it had 'only 0 above it': 'chỉ thừa 0 người'), one
    # official given ('gives 1 officials') and one row beyond ('row 5 take') said as such
    (r"(?P<where>.+) gives 1 officials but has 0 above its quota \((?P<total>\d+) in post, "
     r"quota (?P<quota>\d+)\): (?P<rows>.+) take officials it must keep",
     N_("{where} gives 1 official but has none above its quota ({total} in post, quota "
        "{quota}): {rows} takes an official it must keep")),
    (r"(?P<where>.+) gives (?P<n>\d+) officials but has 0 above its quota \((?P<total>\d+) in "
     r"post, quota (?P<quota>\d+)\): (?P<rows>.+) take officials it must keep",
     N_("{where} gives {n} officials but has none above its quota ({total} in post, quota "
        "{quota}): {rows} take officials it must keep")),
    (r"(?P<where>.+) gives (?P<n>\d+) officials but has (?P<above>\d+) above its quota "
     r"\((?P<total>\d+) in post, quota (?P<quota>\d+)\): (?P<rows>row \d+(?: \(sheet '[^']*'\))? "
     r"\([^,()]*\)|[^ ,]+) take officials it must keep",
     N_("{where} gives {n} officials but has {above} above its quota ({total} in post, quota "
        "{quota}): {rows} takes an official it must keep")),
    (r"(?P<where>.+) gives (?P<n>\d+) officials but has (?P<above>\d+) above its quota "
     r"\((?P<total>\d+) in post, quota (?P<quota>\d+)\): (?P<rows>.+) take officials it must "
     r"keep", N_("{where} gives {n} officials but has {above} above its quota ({total} in "
                 "post, quota {quota}): {rows} take officials it must keep")),
    (rf"(?P<where>.+) gives (?P<n>\d+) officials but has 0 above (?P<share>\d+)% of its total "
     rf"requirement \((?P<total>\d+) in post, requirement (?P<req>{NUM})\): (?P<rows>.+) take "
     r"officials it must keep",
     N_("{where} gives {n} official(s) but has none above {share}% of its total requirement "
        "({total} in post, requirement {req}): {rows} take officials it must keep")),
    (rf"(?P<where>.+) gives (?P<n>\d+) officials but has (?P<above>\d+) above (?P<share>\d+)% "
     rf"of its total requirement \((?P<total>\d+) in post, requirement (?P<req>{NUM})\): "
     r"(?P<rows>.+) take officials it must keep",
     N_("{where} gives {n} officials but has {above} above {share}% of its total requirement "
        "({total} in post, requirement {req}): {rows} take officials it must keep")),
    (r"(?P<where>.+) gives (?P<n>\d+) of its (?P<total>\d+) officials, limit (?P<limit>\d+) "
     r"\((?P<share>\d+)%\): (?P<rows>.+) are beyond it",
     # the share is staffsim's assumption (the WISN rule set's, overridable), no legal rule:
     # said so, so that a province's own list is not read as breaking the law
     N_("{where} gives {n} of its {total} officials, more than the {limit} ({share}%) "
        "staffsim assumes a unit may give (an assumed limit of staffsim's, not a legal "
        "rule): {rows} are beyond it")),
    # a commune at or above its cap before the plan receives no one (but vacant posts); said
    # of the commune's rows together (``over_cap``), or naming the rows beyond it
    (r"(?P<where>.+) had (?P<n>\d+) officials before the plan, at or above its cap of "
     r"(?P<cap>\d+) \(its norm quota\): it may receive no one but the first official into "
     r"each essential specialty it has nobody in",
     N_("{where} had {n} officials before the plan, at or above its norm quota of {cap}: it "
        "may receive no one but the first official into each essential specialty it has "
        "nobody in")),
    (r"(?P<where>.+) had (?P<n>\d+) officials before the plan, at or above its cap of "
     r"(?P<cap>\d+) \(the headcount cap\): it may receive no one but the first official "
     r"into each essential specialty it has nobody in",
     N_("{where} had {n} officials before the plan, at or above the headcount cap of {cap}: "
        "it may receive no one but the first official into each essential specialty it has "
        "nobody in")),
    (r"(?P<where>.+) had (?P<n>\d+) officials before the plan, at or above its cap of "
     r"(?P<cap>\d+) \(its norm quota\): it may receive no one but the first official into "
     r"each essential specialty it has nobody in, so (?P<rows>.+) are beyond it",
     N_("{where} had {n} officials before the plan, at or above its norm quota of {cap}: it "
        "may receive no one but the first official into each essential specialty it has "
        "nobody in, so {rows} are beyond it")),
    (r"(?P<where>.+) had (?P<n>\d+) officials before the plan, at or above its cap of "
     r"(?P<cap>\d+) \(the headcount cap\): it may receive no one but the first official "
     r"into each essential specialty it has nobody in, so (?P<rows>.+) are beyond it",
     N_("{where} had {n} officials before the plan, at or above the headcount cap of {cap}: "
        "it may receive no one but the first official into each essential specialty it has "
        "nobody in, so {rows} are beyond it")),
    (r"(?P<where>.+) would have (?P<n>\d+) officials, cap (?P<cap>\d+) \(its norm quota\): "
     r"(?P<rows>.+) are beyond it",
     N_("{where} would have {n} officials, above its norm quota of {cap}: {rows} are beyond "
        "it")),
    (r"(?P<where>.+) would have (?P<n>\d+) officials, cap (?P<cap>\d+) \(the headcount "
     r"cap\): (?P<rows>.+) are beyond it",
     N_("{where} would have {n} officials, above the headcount cap of {cap}: {rows} are "
        "beyond it")),
    (rf"allowances VND (?P<bn>{NUM}) bn exceed the budget of VND (?P<budget>{NUM}) bn from "
     r"(?P<rows>.+) on", N_("allowances of {bn} bn VND exceed the budget of {budget} bn VND "
                            "from {rows} on")),
    (r"(?P<n>\d+) moves, limit (?P<limit>\d+): (?P<rows>.+) are beyond it",
     N_("{n} moves, limit {limit}: {rows} are beyond it")),
    (r"(?P<where>.+) has no (?P<spec>\w+) official after the plan",
     N_("{where} has no {spec} official after the plan")),
    (r"(?P<id>\S+) is not in the roster", N_("{id} is not in the roster")),
    (rf"(?P<id>\S+) already moves in row (?P<row>{ROW})", N_("{id} already moves in row {row}")),
    (r"moves to the commune it is in", N_("moves to the commune it is in")),
    (r"commune (?P<id>\S+) is unknown", N_("commune {id} is unknown")),
    (r"(?P<id>\S+) works in (?P<where>.+?), not (?P<dest>.+)",
     N_("{id} works in {where}, not {dest}")),
    (r"officials are not conserved", N_("officials are not conserved")),
    (r"(?P<id>\S+), a (?P<spec>\w+) official, placed as (?P<to>\w+)",
     N_("{id}, a {spec} official, placed as {to}")),
    (r"(?P<id>\S+) would move in (?P<month>\S+), after the deadline (?P<date>\S+)",
     N_("{id} would move in {month}, after the deadline {date}")),
))


def violation(_: Words, text: str, names: dict[str, str] | None = None) -> str:
    """One of the independent checker's findings in the tab's language."""
    return reason(_, text, VIOLATIONS, names)


def violation_line(_: Words, text: str, place: bool = True) -> str:
    """A checker finding as ``str(Violation)`` gives it ('row 3: budget: ...') in the
    language: the place (unless ``place`` is off: a what-if's moves are on no file's rows),
    the rule's name and its words."""
    where, _sep, rest = text.partition(": ")
    key, _sep, message = rest.partition(": ")
    unknown = re.fullmatch(r"(\S+) is not in the roster", message) if key == "roster" else None
    if unknown:  # said once, with what was typed (was 'official in the roster: X is not in
        # the roster', the rule's name and its finding saying the same)
        said = _("official ID '{id}' as typed is not in the roster", id=unknown[1])
    else:
        said = f"{rule(_, key)}: {violation(_, message)}"
    if not place:
        return said
    at = (_("row {n}", n=sheet_row(_, where[4:])) if where.startswith("row ")
          else _("plan"))
    return f"{at}: {said}"


# a commune's count caps (the checker's findings): the count, the cap and the rows the
# count passed it on, which read as if they were at fault ('... above its norm quota of 32:
# row 20 (14797-019), row 21 (14797-020) ... are beyond it'); every row of the commune is
# as much the cause. ``over_cap`` words them by how many over, without those rows.
_COUNT_CAPS = {
    "recipient_cap": re.compile(r"(?P<head>.+ would have (?P<n>\d+) officials, cap "
                                r"(?P<cap>\d+) \([^()]*\)): .+ are beyond it"),
    "max_donor_share": re.compile(r"(?P<head>.+ gives (?P<n>\d+) of its \d+ officials, limit "
                                  r"(?P<cap>\d+) \(\d+%\)): .+ are beyond it"),
    "donor_floor": re.compile(r"(?P<head>.+ gives (?P<n>\d+) officials but has (?P<cap>\d+) "
                              r"above \d+% of its total requirement \(\d+ in post, "
                              r"requirement [\d.,]+\)): .+ take officials it must keep"),
    "donor_quota": re.compile(r"(?P<head>.+ gives (?P<n>\d+) officials but has (?P<cap>\d+) "
                              r"above its quota \(\d+ in post, quota \d+\)): .+ takes? "
                              r"officials it must keep"),
}


# a commune at or above its cap before the plan: every row into it is at fault alike
_AT_CAP = re.compile(r"(?P<head>.+ had \d+ officials before the plan, at or above its cap of "
                     r"\d+ \([^()]*\): it may receive no one but the first official into "
                     r"each essential specialty it has nobody in), so .+ are beyond it")


def over_cap(key: str, message: str) -> str:
    """A checker's finding on a commune's count cap (``_COUNT_CAPS``) as the count, the cap
    and how many over it, the rows the count passed it on left out (the caller names all
    the commune's rows); any other finding as it is."""
    at_cap = _AT_CAP.fullmatch(message) if key == "recipient_cap" else None
    if at_cap is not None:
        return at_cap["head"]
    m = _COUNT_CAPS[key].fullmatch(message) if key in _COUNT_CAPS else None
    if m is None:
        return message
    return f"{m['head']}, {int(m['n']) - int(m['cap'])} over it"


def whole_list_line(_: Words, key: str, message: str, province: str = "",
                    scaled: dict | None = None) -> str | None:
    """A checker's finding on a limit of the whole list (its move limit, its budget) said of
    the list: the limit and the count, no row (the row where the count passed the limit is
    no more at fault than any other, yet the line began with it and ended on it: 'row 5:
    move limit: 4 moves, limit 3: row 5 (14797-009) is beyond it'). ``province``: the
    province the limit is of, when the list has several; ``scaled``: how a budget scaled for
    the province came from the figure set (``scheme_words.budget_in_force``), said with the
    budget in force (a scaled budget of 1,00 tỷ was said to be 'the budget the scenario
    sets' where it set 2,0). None for any other finding (the caller names the file)."""
    m = re.match(r"(?P<n>\d+) moves, limit (?P<limit>\d+)", message)
    if key == "max_moves" and m:
        values = {"n": _.num(int(m["n"])), "limit": _.num(int(m["limit"]))}
        text = (_("{n} moves of {province} on the list, over the move limit of {limit} the "
                  "scenario sets; the limit counts the whole list, not any one row",
                  province=province, **values) if province else
                _("{n} moves on the list, over the move limit of {limit} the scenario sets; "
                  "the limit counts the whole list, not any one row", **values))
        return f"{rule(_, key)}: {text}"
    m = re.match(rf"allowances VND (?P<bn>{NUM}) bn exceed the budget of VND (?P<budget>{NUM}) "
                 "bn", message)
    if key == "budget" and m:
        # (to the checker's two decimals: 27.86 against 27.85 is over)
        values = {"cost": money(float(m["bn"]) * 1e9, _.lang, 2),
                  "budget": money(float(m["budget"]) * 1e9, _.lang, 2)}
        if scaled is not None:
            from staffsim.results.scheme_words import budget_scaled_words

            values["rule"] = budget_scaled_words(_, scaled)
            text = (_("the allowances of {province}'s moves on the list come to {cost}, over "
                      "the budget in force of {budget} ({rule}); the budget is on the whole "
                      "list, not on any one row", province=province, **values) if province
                    else _("the allowances of the list's moves come to {cost}, over the budget "
                           "in force of {budget} ({rule}); the budget is on the whole list, "
                           "not on any one row", **values))
            return f"{rule(_, key)}: {text}"
        text = (_("the allowances of {province}'s moves on the list come to {cost}, over the "
                  "budget of {budget} the scenario sets; the budget is on the whole list, not "
                  "on any one row", province=province, **values) if province else
                _("the allowances of the list's moves come to {cost}, over the budget of "
                  "{budget} the scenario sets; the budget is on the whole list, not on any "
                  "one row", **values))
        return f"{rule(_, key)}: {text}"
    return None


def term(_: Words, t: Term) -> str:
    """A specialty or zones (``i18n.Term``) in the language, mid-sentence: in English the
    words it was made with."""
    if _.lang == "en":
        return str(t)
    if t.kind == "specialty":
        return specialty_in_sentence(t.key, _.lang)
    if t.kind == "zones":
        return "/".join(_.zone(z) for z in t.key.split("/"))
    return str(t)


def say(_: Words, text: str) -> str:
    """A message made below the command line (``i18n.Said``) in the language: numbers
    written as the language writes them, a checker's rule and finding in its words; any
    other text as it is."""
    if not isinstance(text, Said):
        return text
    values = {}
    for k, v in text.values.items():
        if k == "rule":
            v = rule(_, str(v))
        elif k == "measure":
            v = _(str(v))
        elif k == "status":  # a solver's status (TimeLimit): in words
            v = status(_, str(v))
        elif k == "finding":
            v = violation(_, str(v))
        elif isinstance(v, Listed):  # several messages: each in the language
            v = "; ".join(say(_, x) for x in v.parts)
        elif isinstance(v, Said):  # a message within a message (a hard target's aim)
            v = say(_, v)
        elif isinstance(v, Term):  # a specialty or zones, mid-sentence
            v = term(_, v)
        elif k.endswith("_pct") and isinstance(v, int | float):  # a percentage: its
            # decimal only when it has one (a share of 0.875 was said as 88%)
            v = _.num(v, 0 if float(v).is_integer() else 1)
        elif k.endswith("vnd") and isinstance(v, int | float):  # an amount of money
            v = _.qty(float(v), "VND", 2)
        elif isinstance(v, Named):  # parameters: a scenario's own label (a bundled
            # scenario's in the language, a user's as written: words.scenario_label), else
            # staffsim's name in the language (a label that is the key was not given)
            v = names_joined([scenario_label(_, label) if label != key else
                              lever_label(_, key)
                              for key, label in zip(v.keys, v.labels, strict=True)])
        elif isinstance(v, float):
            v = _.num(v, 0 if v.is_integer() else 2)
        elif type(v) is int:
            v = _.num(v)
        values[k] = v
    return _(text.msgid, **values)


def violation_record(_: Words, text: str) -> dict:
    """A what-if's checker finding (``str(Violation)``) for machine-readable output: the
    variant's plan row (None: the whole plan), the rule's key, its name and the finding in
    the language."""
    where, _sep, rest = text.partition(": ")
    key = rest.partition(": ")[0]
    row = int(where.split()[1]) if where.startswith("row ") else None
    return {"row": row, "rule": key, "rule_name": rule(_, key),
            "text": violation_line(_, text, place=False)}
