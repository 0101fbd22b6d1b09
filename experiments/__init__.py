# Experiments load and change scenarios, here and in worker processes: the constraint
# families' parameter sections must be registered first.
import staffsim.optimize.families  # noqa: F401
