"""Modules imported on first use.

Two libraries staffsim uses import an optional dependency at import time, whatever the caller
needs: Mesa imports pandas (0.17 s; staffsim never asks Mesa for a DataFrame) and its
cell spaces (``mesa.discrete_space``: networkx and scipy.spatial, 0.2 s; staffsim's
communes live in no space) and PuLP
imports orloge, its solver-log reader, with pydantic models (0.09 s; PuLP reads no log on the
HiGHS path). ``defer(name)`` puts a placeholder module in ``sys.modules`` before that library
is imported: the library's ``import pandas`` binds the placeholder, and the first use of any
of its attributes imports the real module, which then stands in ``sys.modules`` and in the
placeholder alike. Anyone who needs the module gets it, on first use.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import types


class Deferred(types.ModuleType):
    """A placeholder for a module not imported yet."""

    def __getattr__(self, name: str):
        module = _load(self)
        return getattr(module, name)


def _load(placeholder: Deferred) -> types.ModuleType:
    name = placeholder.__name__
    if sys.modules.get(name) is placeholder:
        del sys.modules[name]
    module = importlib.import_module(name)
    placeholder.__dict__.update(module.__dict__)  # later lookups on it need no call
    return module


def _spec(name: str) -> importlib.machinery.ModuleSpec | None:
    """Where ``name`` would load from, without importing it or (for a submodule) its parent
    package, whose ``__init__`` may be what imports it."""
    parent, _, child = name.rpartition(".")
    if not parent:
        return importlib.util.find_spec(name)
    outer = sys.modules.get(parent)
    outer_spec = outer.__spec__ if outer is not None else _spec(parent)
    if outer_spec is None or not outer_spec.submodule_search_locations:
        return None
    return importlib.machinery.PathFinder.find_spec(name, outer_spec.submodule_search_locations)


def defer(name: str) -> None:
    """Import ``name`` on first use instead of when something imports it (nothing happens if
    it is imported already or not installed)."""
    spec = _spec(name) if name not in sys.modules else None
    if spec is None:
        return
    placeholder = Deferred(name)
    # what tools ask of every module in sys.modules is answered without importing it:
    # inspect.getmodule (which Mesa calls when it is imported) reads each one's __file__
    placeholder.__file__ = spec.origin
    sys.modules[name] = placeholder
