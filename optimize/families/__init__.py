"""The constraint families of the transfer problem, one module each (see ``base``).

Importing this package registers the built-in families: their parameter sections become
valid in scenario files and the optimiser, the checker and the explanations visit them.
Registering a family is one line; registration order is the order of the parameter sections.
"""

from staffsim.optimize.families import (
    budget,
    cover_essential,
    deadline,
    donor_floor,
    donor_quota,
    eligible_recipients,
    max_distance,
    max_donor_share,
    max_moves,
    protection,
    recipient_cap,
    specialty_match,
)
from staffsim.optimize.families.base import ConstraintFamily
from staffsim.optimize.families.registry import (
    families,
    family,
    register,
    set_order,
    unregister,
)
from staffsim.scenarios.params import registering

__all__ = ["ConstraintFamily", "families", "family", "register", "set_order", "unregister"]

with registering():  # one rebuild of the parameter models for all of them
    register(donor_floor.FAMILY)
    register(recipient_cap.FAMILY)
    register(specialty_match.FAMILY)
    register(max_distance.FAMILY)
    register(protection.FAMILY)
    register(max_donor_share.FAMILY)
    register(budget.FAMILY)
    register(max_moves.FAMILY)
    register(eligible_recipients.FAMILY)
    register(cover_essential.FAMILY)
    register(donor_quota.FAMILY)
    register(deadline.FAMILY)

# The built-ins keep the order each step had before families were modules: results depend on
# it (HiGHS's choice among tied optima, the rule explain names first, the remedies it tries).
# A family not listed here comes after these, in registration order.
set_order(
    rows=("specialty_match", "protection", "donor_floor", "recipient_cap", "max_donor_share",
          "budget", "max_moves", "max_distance", "eligible_recipients", "cover_essential",
          "donor_quota", "deadline"),
    explain=("deadline", "protection", "eligible_recipients", "max_distance", "recipient_cap",
             "donor_floor", "donor_quota", "max_donor_share", "budget", "max_moves"),
    remedies=("max_distance", "donor_floor", "donor_quota", "budget", "max_donor_share",
              "max_moves"),
    levers=("cover_essential", "budget", "max_distance", "donor_floor", "donor_quota"),
)
