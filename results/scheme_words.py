"""The allowance scheme and the budget in force, in words, from the parameters a province is
planned with (its own, ``province.by_province`` applied): what the plan and what-if reports,
the terminal's budget line and the decision annex's note say.

- ``allowance_words``: how a moved official is paid, in the scheme's own terms (zone
  multiples of the base salary, amounts by road distance, an amount beyond a distance).
- ``borrowed_scheme`` / ``scheme_lines``: a province that is not Thanh Hóa planned under
  Thanh Hóa's draft scheme (staffsim's default, its own not being known) is told so once (a
  planner's trial took Điện Biên's 1.75 x 36 months for Điện Biên's own rule).
- ``zone_dependent``: whether the commune's zone sets its allowance at all (Lạng Sơn pays by
  distance only: the note asking for an allowance_zone column sent a planner to fix a
  column with no effect).
- ``budget_scaled_words``: a budget set for Thanh Hóa's 77 mountain communes and scaled to
  the province's own count (``optimizer.constraints.budget.scale``), with its factor.
"""

from __future__ import annotations

import numpy as np

from staffsim.i18n import N_
from staffsim.results.words import Words
from staffsim.scenarios.names import fold
from staffsim.scenarios.params import KINDS, AllowanceParams, Params

THANH_HOA = "38"  # the province whose draft (NQ 34/2025/NQ-HĐND) staffsim's default scheme is


def allowance_words(_: Words, params: Params) -> str:
    """How an official moved is paid, in the scheme's own terms: zone multiples of the base
    salary (Thanh Hóa), amounts by road distance (Lạng Sơn), an amount beyond a distance
    (Quảng Trị), or several of them; 'no allowance' if none pays."""
    a = params.optimizer.allowance
    parts = []
    if a.zone_multiple.high_mountain > 0 or a.zone_multiple.mountain > 0:
        parts.append(_("support for {months} months at {high} × the base salary of {base} in "
                       "high-mountain communes and {mid} × in mountain communes",
                       months=a.months, high=_.num(a.zone_multiple.high_mountain, 2),
                       mid=_.num(a.zone_multiple.mountain, 2),
                       # the legal figure to the đồng (2.340.000 đồng; rounded: 2,3 triệu)
                       base=_("VND {amount}", amount=_.vnd(a.base_salary_vnd))))
    bands = [(km, vnd) for km, vnd in zip(a.distance_bands_km, a.distance_band_vnd,
                                          strict=False) if vnd > 0]
    if bands:
        parts.append(_("by road distance, {bands} a month for {months} months",
                       bands=", ".join(_("{amount} from {km} km", amount=_.qty(vnd, "VND"),
                                         km=_.num(km)) for km, vnd in bands),
                       months=a.distance_band_months))
    if a.distance_threshold_vnd > 0:
        parts.append(_("{amount} a month for {months} months beyond {km} km",
                       amount=_.qty(a.distance_threshold_vnd, "VND"),
                       months=a.distance_threshold_months,
                       km=" / ".join(_.num(x) for x in a.distance_threshold_km.as_list())))
    return "; ".join(parts) or _("no allowance")


def _pays_by_zone(a: AllowanceParams) -> bool:
    return a.zone_multiple.high_mountain > 0 or a.zone_multiple.mountain > 0


def zone_dependent(params: Params) -> bool:
    """The commune's zone (or its allowance_zone) sets what a move there is paid: a zone
    multiple pays, or a distance threshold differs between zones (Quảng Trị: 50 km in the
    plains, 40 in the mountains). Distance bands alone (Lạng Sơn) do not depend on it."""
    a = params.optimizer.allowance
    if _pays_by_zone(a):
        return True
    return a.distance_threshold_vnd > 0 and len(set(a.distance_threshold_km.as_list())) > 1


def borrowed_scheme(params: Params, code: str, name: str = "") -> bool:
    """The province ``code`` (``name`` when its table gives no code) is not Thanh Hóa and is
    planned under Thanh Hóa's draft scheme, staffsim's default: its own parameters (with
    ``province.by_province``) pay the draft's zone multiples for the draft's months and
    nothing by distance."""
    if code == THANH_HOA or (not code and "thanh hoa" in fold(name).replace("_", " ")):
        return False
    a, default = params.optimizer.allowance, AllowanceParams()
    return (a.zone_multiple.as_list() == default.zone_multiple.as_list()
            and a.months == default.months
            and not any(v > 0 for v in a.distance_band_vnd)
            and a.distance_threshold_vnd <= 0)


SCHEMES_SHOWN = 4  # provinces named in the borrowed-scheme line; a count beyond


def scheme_lines(_: Words, provinces: list[tuple[str, str, Params]]) -> list[str]:
    """The line, once, that the allowance scheme is Thanh Hóa's draft assumed for the
    provinces (name, code, own parameters) that have none of their own; none when every
    province is Thanh Hóa or has its own."""
    borrowed = [name for name, code, params in provinces
                if borrowed_scheme(params, code, name)]
    if not borrowed:
        return []
    if len(provinces) == 1:
        place = borrowed[0]
    elif len(borrowed) <= SCHEMES_SHOWN:
        place = ", ".join(borrowed)
    else:
        place = _("{n} of the {m} provinces", n=_.num(len(borrowed)), m=_.num(len(provinces)))
    return [_("Allowance scheme: Thanh Hóa's draft (NQ 34/2025/NQ-HĐND), assumed for {place}: "
              "staffsim does not know the province's own; give it in the scenario file "
              "(optimizer.allowance, or province.by_province for one province of several).",
              place=place)]


def budget_scaled_words(_: Words, scaled: dict, limit: float | None = None,
                        decimals: int | None = None) -> str:
    """'45,0 tỷ đồng cho 77 xã miền núi, vùng cao; tỉnh có 57: 33,31 tỷ đồng': the budget set,
    the communes it is for (``optimizer.constraints.budget.reference_communes``), the
    province's own count and the budget in force (``binding.limits_in_use``' ``scaled``);
    without ``limit`` the rule alone (where the figure in force stands beside it)."""
    values = dict(set=_.qty(scaled["set_vnd"], "VND"),
                  reference=_.num(scaled["reference_communes"]),
                  communes=_.num(scaled["communes"]))
    if limit is None:
        return _("{set} for {reference} mountain and high-mountain communes, the province has "
                 "{communes}", **values)
    return _("{set} for {reference} mountain and high-mountain communes, the province has "
             "{communes}: {limit}", **values, limit=_.qty(limit, "VND", decimals))


def budgets_scaled_words(_: Words, scaled: dict) -> str:
    """Several provinces' budgets scaled by one rule: 'each province: 45,0 tỷ đồng × its
    mountain and high-mountain communes / 77'."""
    return _("each province's: {set} × its mountain and high-mountain communes / {reference}",
             set=_.qty(scaled["set_vnd"], "VND"),
             reference=_.num(scaled["reference_communes"]))



_KIND_COUNTS = {"xa": (N_("{n} rural commune"), N_("{n} rural communes")),
                "phuong": (N_("{n} ward"), N_("{n} wards")),
                "dac_khu": (N_("{n} special zone"), N_("{n} special zones"))}


def zone_units(_: Words, communes, zone: int) -> str:
    """The units of a zone counted by kind: '42 xã', '3 phường', '40 xã và 2 phường' (a
    mountain phường was counted as '3 xã miền núi': a planner's trial); 'none'. Donor units
    outside the communes are not counted."""
    kinds = np.asarray(communes.kind)
    inside = (np.asarray(communes.zone) == zone) & np.asarray(communes.is_commune)
    parts = []
    for k, kind in enumerate(KINDS):
        n = int((inside & (kinds == k)).sum())
        if n:
            one, many = _KIND_COUNTS[kind]
            parts.append(_(one if n == 1 else many, n=_.num(n)))
    if not parts:
        return _("none")
    return parts[0] if len(parts) == 1 else _("{first} and {last}",
                                              first=", ".join(parts[:-1]), last=parts[-1])


def budget_in_force(params: Params, communes, code: str | None = None
                    ) -> tuple[float, dict | None]:
    """The budget a plan of province ``code`` (None: every unit of ``communes``) has under
    ``params`` (its own), as ``optimize.families.budget.budget_vnd`` gives it on the
    province's state, and how it was scaled (``binding.limits_in_use``' ``scaled``; None when
    it is the figure set)."""
    b = params.optimizer.constraints.budget
    if b.scale == "none":
        return float(b.vnd), None
    inside = (np.asarray(communes.zone) > 0) & np.asarray(communes.is_commune)
    if code is not None:
        inside &= np.asarray(communes.province) == code
    n = int(inside.sum())
    return (float(b.vnd) * n / b.reference_communes,
            {"set_vnd": float(b.vnd), "reference_communes": float(b.reference_communes),
             "communes": n})
