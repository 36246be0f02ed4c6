"""Models of Minimal Status API; a model's module is imported when the model is first used."""

from __future__ import annotations

import importlib
import typing as _t

if _t.TYPE_CHECKING:
    from .status import Status as Status
    from .who_am_i import WhoAmIResponse as WhoAmIResponse

_MODULES: dict[str, str] = {
    "Status": "status",
    "WhoAmIResponse": "who_am_i",
}

__all__ = [
    "Status",
    "WhoAmIResponse",
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
