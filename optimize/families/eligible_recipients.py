"""Eligible recipients and donors: officials move only from communes of the donor zones (and
from the pool units of the listed kinds: departments, the Party/Front bloc) to communes of the
recipient zones; pool units never receive. It acts by which arcs exist, not by rows."""

from __future__ import annotations

from typing import Literal

import numpy as np

from staffsim.model.state import ProvinceState
from staffsim.optimize.families.base import ConstraintFamily, ExplainContext
from staffsim.optimize.inputs import Bounds
from staffsim.optimize.violations import CheckContext, Moved, Violation
from staffsim.scenarios.params import ALL_KINDS, ZONES, Family, P, ZoneName, zone_mask

PoolKind = Literal["department", "party_front"]


class EligibleRecipients(Family):
    zones: list[ZoneName] = P(["mountain", "high_mountain"], "zones",
                              "zones whose communes may receive officials (a lever: add "
                              "\"lowland\" to let short lowland communes receive too)")
    donor_zones: list[ZoneName] = P(["lowland", "mountain", "high_mountain"], "zones",
                                    "zones whose communes may give officials (province "
                                    "practice: lowland only)")
    pool_kinds: list[PoolKind] = P(
        ["department"], "unit kinds", "donor units outside the communes (province.pool_csv) "
        "that may give: department (sở, ban, ngành: NQ 34/2025/NQ-HĐND) and, if listed, "
        "party_front (the Party and Fatherland Front bloc: Kết luận 3970-KL/TU); they "
        "receive nobody")


class EligibleRecipientsFamily(ConstraintFamily):
    name = "eligible_recipients"
    params = EligibleRecipients
    aliases = {"optimizer.recipient_zones": "zones", "optimizer.donor_zones": "donor_zones"}
    # province practice: mountain and high-mountain communes are short themselves
    rule_sets = {"wisn": {"donor_zones": ["lowland", "mountain", "high_mountain"]},
                 "province_practice": {"donor_zones": ["lowland"]}}

    def restrict_moves(self, state: ProvinceState, b: Bounds) -> None:
        rule, c = self.settings(state.params), state.communes
        pool_ok = np.isin(c.kind, [ALL_KINDS.index(k) for k in rule.pool_kinds])
        b.may_receive &= ~c.pool
        if rule.enabled:
            b.may_give &= np.where(c.pool, pool_ok, zone_mask(c.zone, rule.donor_zones))
            b.may_receive &= zone_mask(c.zone, rule.zones)
        else:
            b.may_give &= ~c.pool | pool_ok

    def commune_rule(self, ctx: ExplainContext, r: int) -> str | None:
        rule, zone = self.settings(ctx.state.params), ZONES[ctx.state.communes.zone[r]]
        if ctx.state.communes.pool[r]:
            return "a department or Party/Front unit: it gives officials, it receives nobody"
        if rule.enabled and zone not in rule.zones:
            return (f"{zone} communes are not eligible recipients (allowed: "
                    f"{', '.join(rule.zones)})")
        return None

    def blocks_candidate(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        rule, d = self.settings(ctx.state.params), int(ctx.state.commune[i])
        c = ctx.state.communes
        if c.pool[d]:
            kind = ALL_KINDS[c.kind[d]]
            return None if kind in rule.pool_kinds else (
                f"{ctx.names[d]} is a {kind.replace('_', '/')} unit, not among the pool kinds "
                f"that give ({', '.join(rule.pool_kinds) or 'none'})")
        if rule.enabled and ZONES[c.zone[d]] not in rule.donor_zones:
            return f"{ctx.names[d]} is not in a donor zone"
        return None

    def check_move(self, ctx: CheckContext, m: Moved) -> list[Violation]:
        rule, units = self.settings(ctx.state.params), ctx.state.communes
        out = []
        if units.pool[m.to]:
            out.append(Violation(m.row, self.name, f"{ctx.official(m)} goes to "
                                 f"{ctx.where(m.to)}, a department or Party/Front unit: "
                                 "they receive nobody"))
        if units.pool[m.frm]:
            kind = ALL_KINDS[units.kind[m.frm]]
            if kind not in rule.pool_kinds:
                out.append(Violation(m.row, self.name, f"{ctx.official(m)} comes from "
                                     f"{ctx.where(m.frm)}, a {kind} unit; units that give: "
                                     f"{', '.join(rule.pool_kinds) or 'none'}"))
            return out
        if not rule.enabled:
            return out
        zone = units.zone
        zt, zf = ZONES[zone[m.to]], ZONES[zone[m.frm]]
        if zt not in rule.zones:
            out.append(Violation(m.row, self.name, f"{ctx.official(m)} goes to "
                                 f"{ctx.where(m.to)}, a {zt} commune; recipients: "
                                 f"{', '.join(rule.zones)}"))
        if zf not in rule.donor_zones:
            out.append(Violation(m.row, self.name, f"{ctx.official(m)} comes from "
                                 f"{ctx.where(m.frm)}, a {zf} commune; donors: "
                                 f"{', '.join(rule.donor_zones)}"))
        return out


FAMILY = EligibleRecipientsFamily()
