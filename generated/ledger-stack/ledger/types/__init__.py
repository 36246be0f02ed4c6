"""Models of Ledger; a model's module is imported when the model is first used."""

from __future__ import annotations

import importlib
import typing as _t

if _t.TYPE_CHECKING:
    from .new_entry import NewEntry as NewEntry, NewEntryCurrency as NewEntryCurrency
    from .entry import Entry as Entry, EntryCurrency as EntryCurrency
    from .entry_list import EntryList as EntryList
    from .balance import Balance as Balance
    from .health import Health as Health
    from .error import Error as Error

_MODULES: dict[str, str] = {
    "NewEntry": "new_entry",
    "Entry": "entry",
    "EntryList": "entry_list",
    "Balance": "balance",
    "Health": "health",
    "Error": "error",
    "NewEntryCurrency": "new_entry",
    "EntryCurrency": "entry",
}

__all__ = [
    "NewEntry",
    "Entry",
    "EntryList",
    "Balance",
    "Health",
    "Error",
    "NewEntryCurrency",
    "EntryCurrency",
]


def __getattr__(name: str) -> _t.Any:
    # Loading one model's module, not all of them, keeps importing a large client fast.
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
