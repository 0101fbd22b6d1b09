"""The commune staffing model: monthly workload, service, exits, recruitment and policies."""

from staffsim.model.deferred import defer

# Mesa imports pandas when it is imported (0.17 s); staffsim never asks Mesa for a DataFrame.
# pandas is imported on first use instead (model/deferred.py).
defer("pandas")
