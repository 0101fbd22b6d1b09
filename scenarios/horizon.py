"""The command-line options that reach a simulated month: ``--month N`` within a scenario's
horizon, or the horizon raised with it (the annex's re-plan advice, evaluate's hint)."""

from __future__ import annotations

from staffsim.scenarios.limits import SIM_MONTHS
from staffsim.scenarios.params import SimulationParams


def month_args(month: int, horizon: int, replications: int = 1) -> list[str] | None:
    """The options that make ``plan``, ``evaluate`` and the other commands taking ``--month``
    work on simulation month ``month`` of a scenario simulated ``horizon`` months with
    ``replications``, as words: ``--month N`` within the horizon (``experiments.states.plan_state``
    refuses a month beyond it), else the horizon raised too (``--set simulation.months=N``,
    and one replication when N x replications would pass SIM_MONTHS). None when no horizon
    reaches the month (beyond simulation.months' own maximum)."""
    if horizon <= 0 or month <= horizon:  # (a horizon not known: as it was)
        return ["--month", str(month)]
    if month > most_months():
        return None
    sets = ["--set", f"simulation.months={month}"]
    if month * replications > SIM_MONTHS.value:
        sets += ["--set", "simulation.replications=1"]
    return [*sets, "--month", str(month)]


def most_months() -> int:
    """The longest horizon ``simulation.months`` accepts."""
    return min(getattr(m, "le", None) for m in SimulationParams.model_fields["months"].metadata
               if getattr(m, "le", None) is not None)
