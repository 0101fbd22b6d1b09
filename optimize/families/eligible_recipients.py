"""Eligible recipients and donors: officials move only from communes of the donor zones to
communes of the recipient zones. It acts by which arcs exist, not by rows."""

from __future__ import annotations

from staffsim.model.state import ProvinceState
from staffsim.optimize.families.base import ConstraintFamily, ExplainContext
from staffsim.optimize.inputs import Bounds
from staffsim.optimize.violations import CheckContext, Moved, Violation
from staffsim.scenarios.params import ZONES, Family, P, ZoneName, zone_mask


class EligibleRecipients(Family):
    zones: list[ZoneName] = P(["mountain", "high_mountain"], "zones",
                              "zones whose communes may receive officials (a lever: add "
                              "\"lowland\" to let short lowland communes receive too)")
    donor_zones: list[ZoneName] = P(["lowland", "mountain", "high_mountain"], "zones",
                                    "zones whose communes may give officials (province "
                                    "practice: lowland only)")


class EligibleRecipientsFamily(ConstraintFamily):
    name = "eligible_recipients"
    params = EligibleRecipients
    aliases = {"optimizer.recipient_zones": "zones", "optimizer.donor_zones": "donor_zones"}
    # province practice: mountain and high-mountain communes are short themselves
    rule_sets = {"wisn": {"donor_zones": ["lowland", "mountain", "high_mountain"]},
                 "province_practice": {"donor_zones": ["lowland"]}}

    def restrict_moves(self, state: ProvinceState, b: Bounds) -> None:
        rule = self.settings(state.params)
        if rule.enabled:
            b.may_give &= zone_mask(state.communes.zone, rule.donor_zones)
            b.may_receive &= zone_mask(state.communes.zone, rule.zones)

    def commune_rule(self, ctx: ExplainContext, r: int) -> str | None:
        rule, zone = self.settings(ctx.state.params), ZONES[ctx.state.communes.zone[r]]
        if rule.enabled and zone not in rule.zones:
            return (f"{zone} communes are not eligible recipients (allowed: "
                    f"{', '.join(rule.zones)})")
        return None

    def blocks_candidate(self, ctx: ExplainContext, i: int, r: int, s: int) -> str | None:
        rule, d = self.settings(ctx.state.params), int(ctx.state.commune[i])
        if rule.enabled and ZONES[ctx.state.communes.zone[d]] not in rule.donor_zones:
            return f"{ctx.names[d]} is not in a donor zone"
        return None

    def check_move(self, ctx: CheckContext, m: Moved) -> list[Violation]:
        rule = self.settings(ctx.state.params)
        if not rule.enabled:
            return []
        zone, out = ctx.state.communes.zone, []
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
