"""How a hand-made transfer list compares with the optimum, as terminal lines (``staffsim
evaluate``): unmet need and essential specialties vacant by zone, before and after each plan,
what each covers, moves, allowance cost and km."""

from __future__ import annotations

from staffsim.scenarios.params import ZONES

AREAS = (*ZONES, "province")


def _n(x: float, decimals: int = 0) -> str:
    return f"{x:,.{decimals}f}"


def evaluation_lines(plan: dict, optimum: dict, rules: str) -> list[str]:
    """``plan`` and ``optimum`` are ``optimize.plan.plan_outcome`` dicts of the same state."""
    width = 46
    head = f"{'':{width}}{'before':>12}{'this plan':>12}{'optimum':>12}"
    lines = [f"compared with the optimum under the {rules} rules:", head]

    def row(label: str, before: str, mine: str, best: str) -> None:
        lines.append(f"{label:{width}}{before:>12}{mine:>12}{best:>12}")

    for z in AREAS:
        row(f"unmet need, {z.replace('_', ' ')} (FTE)", _n(plan["unmet_fte_before"][z], 1),
            _n(plan["unmet_fte_after"][z], 1), _n(optimum["unmet_fte_after"][z], 1))
    for z in AREAS:
        row(f"essential specialties vacant, {z.replace('_', ' ')}",
            _n(plan["essential_gaps_before"][z]), _n(plan["essential_gaps_after"][z]),
            _n(optimum["essential_gaps_after"][z]))
    covered = [plan["essential_gaps_before"]["province"] - o["essential_gaps_after"]["province"]
               for o in (plan, optimum)]
    row("essential specialties covered", "", _n(covered[0]), _n(covered[1]))
    row("weighted unmet need", _n(plan["weighted_unmet_before"], 1),
        _n(plan["weighted_unmet_after"], 1), _n(optimum["weighted_unmet_after"], 1))
    row("moves", "", _n(plan["moves"]), _n(optimum["moves"]))
    row("allowance over the support (VND bn)", "", _n(plan["allowance_vnd"] / 1e9, 2),
        _n(optimum["allowance_vnd"] / 1e9, 2))
    row("km travelled in all", "", _n(plan["km_total"]), _n(optimum["km_total"]))
    row("longest move (km)", "", _n(plan["km_max"]), _n(optimum["km_max"]))
    return lines
