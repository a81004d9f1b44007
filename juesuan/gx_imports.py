"""Import GX without the libraries it imports for expectations juesuan never runs.

On the sample report the build cannot finish before GX is imported (~5 s), so that import is
its critical path. About a third of it is libraries GX's own modules import at the top for one
expectation each: SciPy's `stats` (~1.2 s, for the KL-divergence and KS-test expectations) and
Altair (~0.5 s, for the KL-divergence expectation's chart), and SQLAlchemy (~0.8 s, for SQL
datasources; juesuan validates through pandas, see juesuan.gx_project).

SciPy's `stats` and Altair are deferred, not removed: the name is bound to a stand-in module that
imports the real one at its first attribute access, so an expectation that does use them still
works. SQLAlchemy is marked absent, as GX handles (it is installed for BI tools, duckdb_engine).
"""

from __future__ import annotations

import importlib
import importlib.machinery
import logging
import sys
import types

DEFERRED_MODULES = ("scipy.stats", "altair")


class DeferredModule(types.ModuleType):
    """Stands in for a module until one of its attributes is asked for.

    importlib's own LazyLoader does not serve here: the import system reads a module's
    `__spec__` on every `import` of it, and that read makes a LazyLoader module load itself.
    This stand-in has a `__spec__` of its own, so `import altair` leaves it alone.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.__spec__ = importlib.machinery.ModuleSpec(name, loader=None)

    def __getattr__(self, attribute: str) -> object:
        # only reached for attributes the stand-in lacks: everything the real module has
        return getattr(self._load(), attribute)

    def _load(self) -> types.ModuleType:
        loaded = self.__dict__.get("_loaded")
        if loaded is not None:
            return loaded
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        module = importlib.import_module(name)
        parent, _, child = name.rpartition(".")
        if parent and getattr(sys.modules.get(parent), child, None) is self:
            setattr(sys.modules[parent], child, module)
        self.__dict__["_loaded"] = module
        return module


def defer(name: str) -> None:
    """Bind `name` to a stand-in unless it is imported already."""
    if name in sys.modules:
        return
    stand_in = DeferredModule(name)
    sys.modules[name] = stand_in
    parent, _, child = name.rpartition(".")
    if parent:
        # `from scipy import stats` reads the attribute of the imported parent package
        setattr(importlib.import_module(parent), child, stand_in)


def quiet_great_expectations_logs() -> None:
    """GX logs at INFO while it imports (~200 lines such as "Skipping registering function …"),
    and the build's log shows INFO: only GX's warnings are worth a reviewer's reading."""
    logging.getLogger("great_expectations").setLevel(logging.WARNING)


def import_great_expectations() -> types.ModuleType:
    """`import great_expectations`, without what juesuan's expectations do not use."""
    quiet_great_expectations_logs()
    sys.modules.setdefault("sqlalchemy", None)  # type: ignore[arg-type]
    for name in DEFERRED_MODULES:
        defer(name)
    return importlib.import_module("great_expectations")
