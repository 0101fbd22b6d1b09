"""Levers (dotted scenario keys) as people name them, in English (the catalogue gives the
Vietnamese): labels in tables, headings and answers (``results.words.lever_label``), and the
keys a typed name finds: ``--lever "ngân sách"`` or ``--set "budget=36 tỷ"`` were refused as
'not a parameter' with no key to try (an HR trial)."""

from __future__ import annotations

from staffsim.i18n import N_, gettext

LEVER_LABELS: dict[str, str] = {
    "optimizer.rules": N_("rule set"),
    "optimizer.constraints.budget.vnd": N_("allowance budget"),
    "optimizer.constraints.max_distance.km": N_("distance limit (km)"),
    # each share said with its base: 'mức giữ lại của nơi đi là 90%' read as a looser rule,
    # and could not be told from the quota's 'tỷ lệ biên chế nơi đi giữ lại' (an HR trial)
    "optimizer.constraints.donor_floor.share": N_(
        "share of the WISN requirement donors must keep (per specialty and in all under the "
        "WISN rules)"),
    "optimizer.constraints.donor_floor.in_total": N_(
        "the donor floor on the whole WISN requirement"),
    "optimizer.constraints.donor_quota.share": N_(
        "share of the headcount quota donors must keep (all specialties together)"),
    "optimizer.constraints.max_donor_share.share": N_("largest donor share"),
    "optimizer.constraints.eligible_recipients.donor_zones": N_("donor zones"),
    "optimizer.constraints.max_moves.moves": N_("maximum moves"),
    "optimizer.constraints.deadline.date": N_("deadline for moves to take effect"),
    "optimizer.constraints.eligible_recipients.zones": N_("recipient zones"),
    "optimizer.constraints.eligible_recipients.pool_kinds": N_(
        "units outside the communes that may give"),
    "optimizer.allowance.distance_bands_km": N_("allowance distance bands (from, km)"),
    "optimizer.allowance.distance_band_vnd": N_("allowance of each distance band"),
    "optimizer.allowance.distance_threshold_vnd": N_("allowance beyond the distance threshold"),
    "optimizer.allowance.zone_multiple.lowland": N_("allowance multiple, lowland"),
    "optimizer.allowance.zone_multiple.mountain": N_("allowance multiple, mountain"),
    "optimizer.allowance.zone_multiple.high_mountain": N_("allowance multiple, high mountain"),
    "dynamics.attrition_annual": N_("attrition per year"),
    "workload.intensity": N_("workload intensity"),
    "transfers.km_attrition_per_100km": N_("extra attrition per 100 km moved"),
}

# The rules by their names (a constraint family's, or the checker's own: ``results.words``
# says them, ``optimize.check`` names its findings by them)
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
    "conservation": N_("people conserved"),
    "roster": N_("official in the roster"),
    "listed_once": N_("official listed once"),
    "known_commune": N_("commune in the communes table"),
    "own_commune": N_("a move to another commune"),
    "cover_essential": N_("essential cover target"),
    "donor_quota": N_("donor quota"),
    "deadline": N_("deadline"),
}

# the lever a rule is set by, for a rule typed by its name ('giới hạn khoảng cách'); a rule
# with no number of its own is switched by its 'enabled'
RULE_LEVERS: dict[str, str] = {
    "budget": "optimizer.constraints.budget.vnd",
    "max_distance": "optimizer.constraints.max_distance.km",
    "donor_floor": "optimizer.constraints.donor_floor.share",
    "donor_quota": "optimizer.constraints.donor_quota.share",
    "max_donor_share": "optimizer.constraints.max_donor_share.share",
    "max_moves": "optimizer.constraints.max_moves.moves",
    "eligible_recipients": "optimizer.constraints.eligible_recipients.zones",
    "deadline": "optimizer.constraints.deadline.date",
}


def keys_named(text: str, aliases: dict[str, str]) -> list[str]:
    """The levers whose label, in English or Vietnamese, holds ``text`` (folded: no case,
    no diacritics), then those of the rules whose name holds it (``RULE_LEVERS``: 'giới hạn
    khoảng cách' is the distance limit's km), each by its short name where it has one
    (``aliases``: short -> full): 'ngân sách' -> optimizer.budget_vnd, also after a section
    ('optimizer.ngân sách'). Nothing for a key written as keys are (ASCII words joined by
    '_') or a blank."""
    # deferred: the names module loads the parameter models, which the reports that only
    # read these labels (the figure worker) do without
    from staffsim.scenarios.names import fold

    last = text.rsplit(".", 1)[-1]
    if "." in text and last.isascii() and " " not in last.strip():
        return []  # a dotted key of words: its own close keys are suggested elsewhere
    q = fold(last.replace("_", " "))
    if not q:
        return []
    short = {full: name for name, full in aliases.items()}

    def named(label: str) -> bool:
        # the words typed within the label ('ngân sách'), or the label within them, as a
        # line of the plan names it ('Giới hạn số người điều động' for 'giới hạn số người')
        return any(q in f or f in q
                   for f in (fold(label), fold(gettext(label, "vi"))))

    keys = [key for key, label in LEVER_LABELS.items() if named(label)]
    rules = [rule for rule, label in RULES.items() if named(label)]
    if rules:  # (a rule of the checker's own, 'not chosen', is no key)
        from staffsim.scenarios.params import leaf_keys

        known = set(leaf_keys())
        keys += [k for k in (RULE_LEVERS.get(r, f"optimizer.constraints.{r}.enabled")
                             for r in rules) if k in known]
    return [short.get(key, key) for key in dict.fromkeys(keys)]
