"""Modules imported on first use.

Two libraries staffsim uses import an optional dependency at import time, whatever the caller
needs: Mesa imports pandas (0.17 s; staffsim never asks Mesa for a DataFrame) and PuLP
imports orloge, its solver-log reader, with pydantic models (0.09 s; PuLP reads no log on the
HiGHS path). ``defer(name)`` puts a placeholder module in ``sys.modules`` before that library
is imported: the library's ``import pandas`` binds the placeholder, and the first use of any
of its attributes imports the real module, which then stands in ``sys.modules`` and in the
placeholder alike. Anyone who needs the module gets it, on first use.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types


class Deferred(types.ModuleType):
    """A placeholder for a module not imported yet."""

    def __getattr__(self, name: str):
        if name.startswith("__") and name not in ("__path__", "__all__"):
            # what tools ask of every module in sys.modules (inspect.getmodule reads each
            # __file__, which Mesa calls when it is imported) is not a use of this one;
            # __path__ is asked for when a submodule is imported, and that is a use
            raise AttributeError(name)
        module = _load(self)
        return getattr(module, name)


def _load(placeholder: Deferred) -> types.ModuleType:
    name = placeholder.__name__
    if sys.modules.get(name) is placeholder:
        del sys.modules[name]
    module = importlib.import_module(name)
    placeholder.__dict__.update(module.__dict__)  # later lookups on it need no call
    return module


def defer(name: str) -> None:
    """Import ``name`` on first use instead of when something imports it (nothing happens if
    it is imported already or not installed)."""
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return
    sys.modules[name] = Deferred(name)
