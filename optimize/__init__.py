"""The transfer optimiser."""

from staffsim.model.deferred import defer

# PuLP imports orloge, its solver-log reader, when it is imported (0.09 s with its pydantic
# models); it reads no log on the HiGHS path. orloge is imported on first use instead.
defer("orloge")
