"""Baseline against variant as tables: what ``staffsim whatif`` prints and the dashboard shows
side by side (one implementation for both)."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from staffsim.i18n import N_, shown_decimals
from staffsim.model.names import official_names
from staffsim.model.outcomes import PLAN_MEASURES
from staffsim.model.state import ProvinceState
from staffsim.results.annex import ordered
from staffsim.results.finding_words import violation_record
from staffsim.results.moves import MoveRow, move_rows
from staffsim.results.plan_lines import limit_lines, zone_value
from staffsim.results.words import (
    RULE_SET_NAMES,
    RULES,
    Words,
    counted,
    parameters,
    text_table,
    words,
)
from staffsim.scenarios.names import find_commune
from staffsim.scenarios.params import ZONES

if TYPE_CHECKING:
    from staffsim.optimize.edits import Edits


@dataclass(frozen=True)
class SideBySide:
    key: str
    label: str  # the declared label (English message id; ``Words.title`` translates it)
    unit: str
    area: str | None  # the measure's area, or None for one number
    baseline: float
    variant: float
    decimals: int | None = None  # None: by unit (``i18n.quantity``)

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.variant is None:
            return None
        return self.variant - self.baseline

    def cells(self, _: Words) -> list[str]:
        """Title, baseline, variant and change in ``_``'s language and the unit's format. The
        change of a plain number is that of the two numbers as shown: 79,0 and 72,6 said a
        change of -6,5 (79,04 - 72,56), which the reader cannot subtract (an HR trial)."""
        d = shown_decimals(self.unit, self.decimals)
        change = self.change if d is None or self.baseline is None or self.variant is None \
            else round(self.variant, d) - round(self.baseline, d)
        return [_.title(self.label, self.unit, self.area),
                _.qty(self.baseline, self.unit, self.decimals),
                _.qty(self.variant, self.unit, self.decimals),
                _.qty(change, self.unit, self.decimals, sign=True)]


def shown_change(_: Words, before: float, after: float, unit: str,
                 decimals: int | None = None) -> str:
    """``after - before`` as the side-by-side table shows it: the difference of the two
    numbers as shown (the answer said +114,4 above a table row of +114,5: an HR trial)."""
    d = shown_decimals(unit, decimals)
    change = after - before if d is None else round(after, d) - round(before, d)
    return _.qty(change, unit, decimals, sign=True)


def officials_count(_: Words, x: float) -> str:
    """A count of officials that may be a mean over replications: whole as a whole number
    ('309', not '309.0': an HR trial, F15), else to one decimal ('309.5')."""
    return _.num(x, 0 if abs(x - round(x)) < 1e-9 else 1)


def answer_sentence(_: Words, what: str, b: dict, v: dict) -> str:
    """The what-if's answer: unmet need after each plan and its change as the table shows
    it; when the essential specialties left vacant (or the weighted unmet need the optimiser
    minimises) move the other way, that too (``tradeoff_line``)."""
    ub, uv = b["unmet_fte_after"]["province"], v["unmet_fte_after"]["province"]
    return tradeoff_line(_, what, b, v) or _(
        "With {what}, unmet need after the optimal plan is {b} FTE instead of {a} ({d}).",
        what=what, a=_.qty(ub, "FTE"), b=_.qty(uv, "FTE"), d=shown_change(_, ub, uv, "FTE"))


def tradeoff_line(_: Words, what: str, b: dict, v: dict) -> str | None:
    """The answer when the unmet need and the essential specialties left vacant (or the
    weighted unmet need the optimiser minimises) move opposite ways: a variant with 6,2 FTE
    less unmet need but 13 more essential specialties vacant was summed up as better (an HR
    trial). Said on the console too, which showed only the table (a trial: +2,6 FTE beside
    11 fewer vacancies and 147,7 fewer points, unexplained). None when they move together:
    the table says it all."""
    ub, uv = b["unmet_fte_after"]["province"], v["unmet_fte_after"]["province"]
    d = shown_decimals("FTE")
    fte = round(uv, d) - round(ub, d)
    eb, ev = (x["essential_missing_after"]["province"] for x in (b, v))
    wb, wv = b.get("weighted_unmet_after"), v.get("weighted_unmet_after")
    if wb is None or wv is None:
        return None
    dw = round(wv, 1) - round(wb, 1)
    values = dict(what=what, a=_.qty(ub, "FTE"), b=_.qty(uv, "FTE"),
                  d=shown_change(_, ub, uv, "FTE"), wb=_.num(wb, 1), wv=_.num(wv, 1),
                  dw=_.signed(dw, 1))
    if fte * (ev - eb) < 0:
        vacant = dict(ev=_.num(ev), eb=_.num(eb), de=_.signed(ev - eb, 0))
        if ev > eb:
            return _("With {what}, unmet need after the optimal plan is {b} FTE instead of "
                     "{a} ({d}), but more essential specialties are left vacant: {ev} instead "
                     "of {eb} ({de}); by the measure the optimiser minimises (weighted unmet "
                     "need, in which a vacant essential specialty weighs more) the variant "
                     "has {wv} points instead of {wb} ({dw}).", **vacant, **values)
        return _("With {what}, unmet need after the optimal plan is {b} FTE instead of {a} "
                 "({d}), but fewer essential specialties are left vacant: {ev} instead of "
                 "{eb} ({de}); by the measure the optimiser minimises (weighted unmet need, "
                 "in which a vacant essential specialty weighs more) the variant has {wv} "
                 "points instead of {wb} ({dw}).", **vacant, **values)
    if fte * dw < 0:
        return _("With {what}, unmet need after the optimal plan is {b} FTE instead of {a} "
                 "({d}); by the measure the optimiser minimises (weighted unmet need, in which "
                 "high-mountain needs and vacant essential specialties weigh more) the variant "
                 "has {wv} points instead of {wb} ({dw}).", **values)
    return None


def side_by_side(b: dict, v: dict) -> list[SideBySide]:
    """The rows of the comparison, from two plan outcomes (``optimize.whatif.plan_report``):
    the declared plan measures after each plan (``model.outcomes.PLAN_MEASURES``), unmet need
    by area, the rest for the province."""
    rows = []
    for m in PLAN_MEASURES:
        areas = [*ZONES, "province"] if m.key == "unmet_fte" else ["province"]
        for a in areas:
            rows.append(SideBySide(f"{m.key}_{a}" if m.by_area else m.key, m.label, m.unit,
                                   a if m.by_area else None, zone_value(m, b, "after", a),
                                   zone_value(m, v, "after", a), m.decimals))
    return rows


def side_by_side_lines(b: dict, v: dict) -> list[str]:
    """The comparison as terminal lines in the current language, with the limits each plan
    runs into ("the baseline plan spends 37.6 of 45 bn: the budget did not bind")."""
    _ = words()
    lines = text_table(*side_by_side_rows(b, v))
    for side, o in ((_("Baseline"), b), (_("Variant"), v)):
        for line in limit_lines(_, o.get("limits", [])):
            lines.append(f"{side}. {line}")
    return lines


def side_by_side_rows(b: dict, v: dict) -> tuple[list[str], list[list[str]]]:
    """The comparison's table in the current language. (header, rows)."""
    _ = words()
    return (["", _("baseline"), _("variant"), _("change")],
            [r.cells(_) for r in side_by_side(b, v)])


def _readable(outcome: dict) -> dict:
    """An outcome with its rule violations (all, the manual moves', the optimiser's:
    ``optimize.whatif.attributed_violations``) as records (row, rule key, the rule's name and
    the finding in the language) rather than the checker's raw 'row 1: max_distance: ...'."""
    _ = words()
    return {**outcome, **{key: [violation_record(_, t) for t in outcome[key]]
                          for key in ("violations", "manual_violations", "plan_violations")
                          if key in outcome}}


def whatif_data(name: str, overrides: dict, edits: Edits, base_state: ProvinceState,
                base: dict, var_state: ProvinceState, var: dict,
                names: dict[str, str] | None = None, keep_weight: float = 0.0) -> dict:
    """Everything a what-if reports (``--json``): both outcomes, the communes that changed
    most, and the variant's moves with the officials' names and current posts
    (``keep_weight``: the variant's preference for the baseline's commune pairs)."""
    # deferred: the optimiser (PuLP, HiGHS) is not loaded by commands that only write
    # reports, such as run (0.04 s)
    from staffsim.optimize.whatif import changed_communes

    in_base = set(base_state.move_keys(base["moves"]))
    moved_base = {k[0] for k in in_base}  # the officials the baseline moves
    in_var = var_state.move_keys(var["moves"])
    forced = {str(oid) for oid, _to in edits.moves}  # set by hand (--move)
    return {"scenario": name, "overrides": overrides,
            "edits": {"move": edits.moves, "keep": edits.keep, "close": edits.close},
            "baseline": _readable(base["outcome"]), "variant": _readable(var["outcome"]),
            "changed_communes": changed_communes(base_state, base, var_state, var),
            # each variant move: also in the baseline plan (the same official to the same
            # commune and post) or not; and the baseline's moves the variant does not make
            "variant_moves": [{**dataclasses.asdict(r), "total_allowance_vnd":
                               r.total_allowance_vnd,
                               "against_baseline": "forced" if key[0] in forced
                               else _against(key, in_base, moved_base)}
                              for r, key in zip(move_rows(var_state, var["moves"], names),
                                                in_var, strict=True)],
            "baseline_officials_not_moved": len(moved_base - {k[0] for k in in_var}),
            # the variant's preference for the baseline's commune pairs (0: none)
            "baseline_pair_weight": float(keep_weight)}


# a variant move against the baseline plan: the same official to the same commune and post;
# the same official sent elsewhere (another commune or post); an official the baseline keeps
AGAINST = {"same": N_("as in the baseline"), "elsewhere": N_("sent elsewhere in the baseline"),
           "new": N_("not moved in the baseline"),
           # a move the planner set by hand (--move): not the optimiser's, whatever the
           # baseline does with the official (the trial's two forced rows, beyond the 200 km
           # limit, read 'sent elsewhere in the baseline')
           "forced": N_("set by hand (--move)")}


def _against(key: tuple[str, str, int], base: set[tuple[str, str, int]],
             moved: set[str]) -> str:
    """``AGAINST``'s key for a variant move (``key``), given the baseline's moves and the
    officials they move."""
    if key in base:
        return "same"
    return "elsewhere" if key[0] in moved else "new"


def moves_against_baseline(_: Words, data: dict) -> str | None:
    """'Of the variant's 13 moves: 0 as in the baseline plan, 12 of officials the baseline
    sends elsewhere, 1 of officials the baseline keeps; 177 of the officials the baseline
    moves stay where they are' (None for a what-if folder written before this was
    recorded)."""
    moves = data.get("variant_moves", [])
    stay = data.get("baseline_officials_not_moved")
    if stay is None or any("against_baseline" not in m for m in moves):
        return None
    if not data.get("variant", {}).get("plan_found", True):
        return None  # no variant plan: 'of its 0 moves, 0 as in the baseline' said nothing
    count = {k: sum(1 for m in moves if m["against_baseline"] == k) for k in AGAINST}
    values = dict(n=counted(_, len(moves), N_("{n} move"), N_("{n} moves")),
                  same=_.num(count["same"]), elsewhere=_.num(count["elsewhere"]),
                  new=_.num(count["new"]), stay=_.num(stay))
    if count["forced"]:
        return _("Of the variant's {n}: {forced} set by hand (--move), {same} as in the "
                 "baseline plan, {elsewhere} of officials the baseline sends elsewhere, {new} "
                 "of officials the baseline keeps; {stay} of the officials the baseline moves "
                 "stay where they are", forced=_.num(count["forced"]), **values)
    return _("Of the variant's {n}: {same} as in the baseline plan, {elsewhere} of officials "
             "the baseline sends elsewhere, {new} of officials the baseline keeps; {stay} of "
             "the officials the baseline moves stay where they are", **values)


# the weight the hint suggests: a tenth of what one official's move is usually worth beside
# the unmet need it meets, and far above the km and tie-break terms that pick between plans
# of equal unmet need (Thanh Hóa at 36 bn: all 247 moves as in the baseline, the same unmet
# need; 92 went elsewhere without it, for shorter moves)
SUGGESTED_PAIR_WEIGHT = 0.05


def keep_pairs_hint(_: Words, data: dict) -> str | None:
    """What the variant's preference for the baseline's commune pairs was
    (``baseline_pair_weight`` > 0); without one, when the variant sends officials of the
    baseline elsewhere, the option that prefers them (an HR trial, F6: a budget cut sent 126
    officials already told of their destination to other communes). None otherwise, and for
    a folder written before this was recorded."""
    moves = data.get("variant_moves", [])
    elsewhere = sum(1 for m in moves if m.get("against_baseline") == "elsewhere")
    weight = data.get("baseline_pair_weight")
    if weight is None or not data.get("variant", {}).get("plan_found", True):
        return None  # (no variant plan: nothing was sent anywhere)
    if weight > 0:
        return _("The variant prefers the baseline's destinations: each official it sends "
                 "along a commune pair of the baseline plan, up to the baseline's count on "
                 "it, is worth {w} points of weighted unmet need (--keep-baseline-pairs)",
                 w=_.num(weight, 2 if weight >= 0.01 else
                         min(12, -math.floor(math.log10(weight)))))
    if not elsewhere:
        return None
    return _("To keep the baseline's destinations where that costs little, add "
             "--keep-baseline-pairs {w}: each official the variant sends along a commune pair "
             "of the baseline plan is then worth {w} points of weighted unmet need",
             w=_.num(SUGGESTED_PAIR_WEIGHT, 2))


def understood_edits(state: ProvinceState, edits: Edits,
                     names: dict[str, str] | None = None) -> dict:
    """The manual edits as staffsim matched them (``--json``'s ``edits_understood``): each
    forced move's official (name, id), the commune they work in and the commune the
    destination typed means; each kept official; each closed commune. Communes by their
    proper names (a name typed without diacritics, 'Quảng Phu', was matched silently), with
    what was typed. Call it once the edits are known to be valid (``plan_report`` checked)."""
    c = state.communes
    rows = {oid: i for i, oid in enumerate(state.official_id)}

    def commune(i: int, typed: str | None = None) -> dict:
        out = {"commune_id": c.ids[i], "name": c.names[i]}
        return {**out, "typed": typed} if typed is not None else out

    def official(oid: str) -> dict:
        i = rows[oid]
        (name,) = official_names(state, [i], names)
        return {"official_id": oid, "full_name": name, "from": commune(int(state.commune[i]))}

    return {"move": [{**official(oid), "to": commune(find_commune(c, to, "--move"), to)}
                     for oid, to in edits.moves],
            "keep": [official(oid) for oid in edits.keep],
            "close": [commune(find_commune(c, q, "--close-commune"), q) for q in edits.close]}


def _commune_said(_: Words, x: dict) -> str:
    """A matched commune's proper name, and what was typed when it was written otherwise
    (not its id): 'Quảng Phú (typed “Quảng Phu”)'."""
    typed = (x.get("typed") or "").strip()
    if not typed or typed in (x["name"], x["commune_id"]):
        return x["name"]
    return _("{name} (typed “{typed}”)", name=x["name"], typed=typed)


def edits_lines(_: Words, understood: dict) -> list[str]:
    """What a what-if understood of its manual edits, one line per kind, in the language:
    'Forced moves (--move): Nguyễn Hồng Nga (14797-088) Hạc Thành → Mường Chanh', 'Kept in
    post (--keep): …', 'Closed as donors, give no one (--close-commune): Quảng Phú'."""
    lines = []
    if understood["move"]:
        lines.append(_("Forced moves (--move): {moves}", moves="; ".join(
            f"{m['full_name']} ({m['official_id']}) {m['from']['name']} → "
            f"{_commune_said(_, m['to'])}" for m in understood["move"])))
    if understood["keep"]:
        lines.append(_("Kept in post (--keep): {officials}", officials="; ".join(
            f"{k['full_name']} ({k['official_id']}, {k['from']['name']})"
            for k in understood["keep"])))
    if understood["close"]:
        lines.append(_("Closed as donors, give no one (--close-commune): {communes}",
                       communes="; ".join(_commune_said(_, x) for x in understood["close"])))
    return lines


def overrides_as_read(params, overrides: dict) -> dict:
    """The variant's settings (``--set``) with each value as the scenario read it
    (``params``: the variant's): 'vung cao' or 'núi cao' typed for a zone is
    ['high_mountain'], said 'vùng cao' / 'high mountain' in the heading and kept so in
    whatif.json (an HR trial, F4/F19: the heading quoted 'vung cao'). A key that names a
    section, or that the parameters do not hold as such, keeps its value as typed."""
    from staffsim.optimize.levers import get_param

    aliases, _info = parameters()
    out = {}
    for key, value in overrides.items():
        try:
            read = get_param(params, aliases.get(key, key))
        except AttributeError:
            read = value
        leaf = isinstance(read, str | int | float | bool | list) and not isinstance(value, dict)
        out[key] = read if leaf else value
    return out


# a checker's finding on a limit the scenario sets, and the same limit set by --set
_SCENARIO_SETS = {"max_distance": ("beyond the distance limit the scenario sets, ",
                                   "beyond the distance limit set on the command line, ")}


def limits_set_on_command_line(outcome: dict, overrides: dict) -> dict:
    """``outcome`` (a plan report's) with its rule findings on a limit the variant's --set
    gave said as set on the command line: 'beyond the distance limit the scenario sets, 200
    km' where 200 km was typed with --set (an HR trial, F5)."""
    aliases, _info = parameters()
    families = {full.split(".")[2] for full in (aliases.get(k, k) for k in overrides)
                if full.startswith("optimizer.constraints.") and full.count(".") >= 2}
    pairs = [_SCENARIO_SETS[f] for f in families if f in _SCENARIO_SETS]
    if not pairs:
        return outcome

    def said(text: str) -> str:
        for old, new in pairs:
            text = text.replace(old, new)
        return text

    return {**outcome, **{key: [said(t) for t in outcome[key]]
                          for key in ("violations", "manual_violations", "plan_violations")
                          if key in outcome}}


def rules_switched_lines(_: Words, data: dict) -> list[str]:
    """One line per rule the variant's settings switch on that the scenario's rule set leaves
    off, or per setting that changes nothing because its rule is off
    (``optimize.whatif.rules_switched``), in the language: said on the console and in the
    report, beside the heading that names the setting."""
    lines = []
    for x in data.get("rules_switched", []):
        rules = _(RULE_SET_NAMES[x["rule_set"]]) if x["rule_set"] in RULE_SET_NAMES \
            else x["rule_set"]
        if x["change"] == "on" and x["family"] == "donor_floor" and "share" in x:
            lines.append(_("Note: this setting switches on a rule the scenario's rule set "
                           "({rules}) does not use: every donor must keep {share} of its "
                           "WISN requirement in each specialty, on top of the rules in "
                           "force, so the variant is stricter, not looser",
                           rules=rules, share=_.pct(x["share"])))
        elif x["change"] == "idle_total":
            lines.append(_("Note: this setting changes nothing: the donor floor in total "
                           "keeps the floor's share of a commune's whole WISN requirement, "
                           "and the share is 0 in the scenario's rule set ({rules}) (set "
                           "optimizer.donor_floor to a share above 0 as well)", rules=rules))
        elif x["change"] == "on":
            lines.append(_("Note: this setting switches on a rule the scenario's rule set "
                           "({rules}) does not use: {rule}", rules=rules,
                           rule=_(RULES[x["family"]]) if x["family"] in RULES
                           else x["family"]))
        else:
            lines.append(_("Note: this setting changes nothing: the scenario's rule set "
                           "({rules}) does not use the rule {rule} (switch it on with --set "
                           "optimizer.constraints.{family}.enabled=true)", rules=rules,
                           rule=_(RULES[x["family"]]) if x["family"] in RULES
                           else x["family"], family=x["family"]))
    return lines


def changed_rows(_: Words, changed: list[dict]) -> tuple[list[str], list[list[str]]]:
    """The communes whose unmet need changed most (``whatif_data``'s ``changed_communes``)
    as a table in ``_``'s language, FTE with one decimal (the unit in the heading): what
    ``whatif`` prints and its report shows. (header, rows)."""
    return ([_("Commune"), _("zone"), _("baseline"), _("variant"), _("change")],
            [[c["name"], _.zone(c["zone"]), _.qty(c["unmet_baseline"], "FTE"),
              _.qty(c["unmet_variant"], "FTE"), _.qty(c["change"], "FTE", sign=True)]
             for c in changed])


# the columns of the decision annex (results.annex.HEADERS), in the language
MOVE_HEADERS = (N_("No."), N_("Full name"), N_("Official ID"), N_("Specialty"),
                N_("Current unit"), N_("Receiving unit"), N_("Distance (km)"),
                N_("Allowance (VND/month)"), N_("Months of support"),
                N_("Total over the term (VND)"),
                N_("Against the baseline"))


def moves_heading(_: Words, moves: list[dict]) -> str:
    """The heading of the variant's named moves: 'The variant's transfers, who moves where
    (249 officials)'."""
    return _("The variant's transfers: who moves where ({n})",
             n=counted(_, len(moves), N_("{n} official"), N_("{n} officials")))


def moves_table(_: Words, moves: list[dict]) -> tuple[list[str], list[list[str]]]:
    """The variant's moves (``whatif_data``'s ``variant_moves``) as the decision annex lists
    them, in ``_``'s language: by receiving commune (highest zone first), officials by given
    name; a change of specialty as 'Văn phòng → Địa chính'; amounts in whole đồng with
    separators. (header, rows)."""
    fields = {f.name for f in dataclasses.fields(MoveRow)}
    rows = [MoveRow(**{k: v for k, v in m.items() if k in fields}) for m in moves]
    against = {m["official_id"]: _(AGAINST[m["against_baseline"]])
               if m.get("against_baseline") in AGAINST else "" for m in moves}
    out = []
    for k, r in enumerate((r for _group, members in ordered(rows) for r in members),
                          start=1):
        specialty = _.specialty(r.specialty) + (
            "" if r.to_specialty == r.specialty else f" → {_.specialty(r.to_specialty)}")
        out.append([_.num(k), r.full_name, r.official_id, specialty,
                    _.commune(r.from_kind, r.from_name), _.commune(r.to_kind, r.to_name),
                    _.num(r.distance_km, 1), _.vnd(r.monthly_allowance_vnd), _.num(r.months),
                    _.vnd(r.total_allowance_vnd), against[r.official_id]])
    if not any(against.values()):  # (a what-if folder written before this was recorded)
        return [_(h) for h in MOVE_HEADERS[:-1]], [row[:-1] for row in out]
    return [_(h) for h in MOVE_HEADERS], out
