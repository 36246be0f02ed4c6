"""Models of Greetings; a model's module is imported when the model is first used."""

from __future__ import annotations

import importlib
import typing as _t

if _t.TYPE_CHECKING:
    from .greeting import Greeting as Greeting
    from .tally_request import TallyRequest as TallyRequest
    from .tally import Tally as Tally
    from .error import Error as Error
    from .greet import GreetLang as GreetLang

_MODULES: dict[str, str] = {
    "Greeting": "greeting",
    "TallyRequest": "tally_request",
    "Tally": "tally",
    "Error": "error",
    "GreetLang": "greet",
}

__all__ = [
    "Greeting",
    "TallyRequest",
    "Tally",
    "Error",
    "GreetLang",
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
