"""The commune staffing model: monthly workload, service, exits, recruitment and policies."""

from staffsim.model.deferred import defer

# Mesa imports pandas when it is imported (0.17 s); staffsim never asks Mesa for a DataFrame.
# pandas is imported on first use instead (model/deferred.py).
defer("pandas")
# Mesa's __init__ also imports its cell and continuous spaces and networkx for its grids
# (scipy.spatial, networkx: 0.25 s); staffsim's communes are placed in no space.
defer("mesa.discrete_space")
defer("mesa.experimental.continuous_space")
defer("mesa.space")  # (its legacy grids: 8-17 ms of class definitions)
defer("networkx")
# and its experimental data recorders import sqlite3 (5-10 ms) for a database nobody opens here
defer("sqlite3")
