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
import inspect
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


class _FrameNames(types.ModuleType):
    """``inspect`` as Mesa's logging module asks it for the names of its callers, answered
    from the frames alone. ``inspect.stack()`` and ``getouterframes`` read the source file of
    every frame on the stack for a line of context nobody reads here (40-odd frames during an
    import: 0.07 s of ``import mesa``). Everything else is ``inspect``'s own."""

    def __getattr__(self, name: str):
        return getattr(inspect, name)

    @staticmethod
    def currentframe() -> types.FrameType:
        return sys._getframe(1)

    @staticmethod
    def getouterframes(frame: types.FrameType | None, context: int = 1
                       ) -> list[inspect.FrameInfo]:
        out = []
        while frame is not None:
            code = frame.f_code
            out.append(inspect.FrameInfo(frame, code.co_filename, frame.f_lineno,
                                         code.co_name, None, None))
            frame = frame.f_back
        return out

    @staticmethod
    def stack(context: int = 1) -> list[inspect.FrameInfo]:
        return _FrameNames.getouterframes(sys._getframe(1))

    @staticmethod
    def getmodule(obj, _filename: str | None = None):
        if inspect.isframe(obj):  # the module the frame runs in, by its name
            module = sys.modules.get(obj.f_globals.get("__name__", ""))
            if module is not None:
                return module
        return inspect.getmodule(obj, _filename)


class _ProgressBar:
    """``tqdm.auto.tqdm`` as Mesa's batch runner holds it: imported when a bar is first made.
    Mesa's ``__init__`` imports ``mesa.batchrunner``, which imports ``tqdm.auto`` (tqdm, and
    asyncio for its async bars: 0.04-0.07 s of ``import mesa``) for ``batch_run``, which
    staffsim never calls."""

    def __new__(cls, *args, **kwargs):
        from tqdm.auto import tqdm

        return tqdm(*args, **kwargs)


def import_mesa() -> types.ModuleType:
    """``import mesa`` without its logging helpers' stack walks (``_FrameNames``): its
    logging module is loaded first with the stand-in, which gives the same names (loggers
    ``MESA.mesa.model`` and so on), and gets ``inspect`` back once Mesa is imported; and
    without importing tqdm (``_ProgressBar``: a ``tqdm.auto`` stand-in while Mesa imports,
    out of ``sys.modules`` afterwards, so anyone importing it later gets the real one)."""
    if "mesa" in sys.modules:
        return sys.modules["mesa"]
    progress = None
    if "tqdm.auto" not in sys.modules:
        progress = types.ModuleType("tqdm.auto")
        progress.tqdm = _ProgressBar
        sys.modules["tqdm.auto"] = progress
    name = "mesa.mesa_logging"
    spec = _spec(name)
    logging_module = None
    if spec is not None and spec.loader is not None:
        logging_module = importlib.util.module_from_spec(spec)
        sys.modules[name] = logging_module
        try:
            spec.loader.exec_module(logging_module)
        except Exception:  # another Mesa: imported as it is
            del sys.modules[name]
            logging_module = None
        else:
            logging_module.inspect = _FrameNames("inspect")
    try:
        import mesa
    finally:
        if logging_module is not None:
            logging_module.inspect = inspect
        if progress is not None and sys.modules.get("tqdm.auto") is progress:
            del sys.modules["tqdm.auto"]
    if logging_module is not None:
        mesa.mesa_logging = logging_module  # as importing it through the package would
    return mesa
