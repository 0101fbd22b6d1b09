"""Baseline against variant as tables: what ``staffsim whatif`` prints and the dashboard shows
side by side (one implementation for both)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from staffsim.i18n import N_
from staffsim.model.state import ProvinceState
from staffsim.optimize.edits import Edits
from staffsim.optimize.whatif import changed_communes
from staffsim.results.moves import move_rows


@dataclass(frozen=True)
class SideBySide:
    key: str
    label: str  # English message id (``i18n.gettext`` translates it)
    baseline: float
    variant: float
    decimals: int
    scale: float = 1.0  # the values are divided by it for display (VND -> VND bn)

    @property
    def change(self) -> float:
        return self.variant - self.baseline


def side_by_side(b: dict, v: dict) -> list[SideBySide]:
    """The rows of the comparison, from two plan outcomes (``optimize.whatif.plan_report``)."""
    rows = [SideBySide(f"unmet_fte_{z}", label, b["unmet_fte_after"][z],
                       v["unmet_fte_after"][z], 1)
            for z, label in (("lowland", N_("unmet FTE lowland")),
                             ("mountain", N_("unmet FTE mountain")),
                             ("high_mountain", N_("unmet FTE high mountain")),
                             ("province", N_("unmet FTE province")))]
    rows += [
        SideBySide("communes_lacking_essential", N_("communes lacking essential"),
                   b["communes_lacking_essential"], v["communes_lacking_essential"], 0),
        SideBySide("moves", N_("moves"), b["moves"], v["moves"], 0),
        SideBySide("allowance_vnd", N_("allowance VND bn"), b["allowance_vnd"],
                   v["allowance_vnd"], 2, 1e9),
        SideBySide("weighted_unmet", N_("weighted unmet"), b["weighted_unmet_after"],
                   v["weighted_unmet_after"], 1),
    ]
    return rows


def whatif_data(name: str, overrides: dict, edits: Edits, base_state: ProvinceState,
                base: dict, var_state: ProvinceState, var: dict,
                names: dict[str, str] | None = None) -> dict:
    """Everything a what-if reports (``--json``): both outcomes, the communes that changed
    most, and the variant's moves with the officials' names and current posts."""
    return {"scenario": name, "overrides": overrides,
            "edits": {"move": edits.moves, "keep": edits.keep, "close": edits.close},
            "baseline": base["outcome"], "variant": var["outcome"],
            "changed_communes": changed_communes(base_state, base, var_state, var),
            "variant_moves": [{**dataclasses.asdict(r), "total_allowance_vnd":
                               r.total_allowance_vnd}
                              for r in move_rows(var_state, var["moves"], names)]}
