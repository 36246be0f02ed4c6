"""Models of Todo HTTP API; a model's module is imported when the model is first used."""

from __future__ import annotations

import importlib
import typing as _t

if _t.TYPE_CHECKING:
    from .priority import Priority as Priority
    from .todo import Todo as Todo
    from .new_todo import NewTodo as NewTodo
    from .todo_patch import TodoPatch as TodoPatch

_MODULES: dict[str, str] = {
    "Priority": "priority",
    "Todo": "todo",
    "NewTodo": "new_todo",
    "TodoPatch": "todo_patch",
}

__all__ = [
    "Priority",
    "Todo",
    "NewTodo",
    "TodoPatch",
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
