"""Models of orders; a model's module is imported when the model is first used."""

from __future__ import annotations

import importlib
import typing as _t

if _t.TYPE_CHECKING:
    pass

_MODULES: dict[str, str] = {}

__all__: list[str] = []


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
