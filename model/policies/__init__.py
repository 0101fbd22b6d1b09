"""Policy plug-ins that need nothing but the model; each registers itself by name.

Policies that call the optimiser during a run are built above both layers
(``staffsim.experiments.transfer_policies``) and registered the same way.
"""

from staffsim.model.policies import contracts, recruitment, training  # noqa: F401  (register)
from staffsim.model.policies.base import Policy, make_policies, policy_names, register_policy
from staffsim.model.policies.fixed_plan import FixedPlan
from staffsim.model.policies.solver_plans import SolverPlan, plan_counts

__all__ = ["FixedPlan", "Policy", "SolverPlan", "make_policies", "plan_counts", "policy_names",
           "register_policy"]
