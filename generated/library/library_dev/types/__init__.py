"""Models of Library dev; a model's module is imported when the model is first used."""

from __future__ import annotations

import importlib
import typing as _t

if _t.TYPE_CHECKING:
    from .new_book import NewBook as NewBook
    from .book import Book as Book
    from .book_list import BookList as BookList

_MODULES: dict[str, str] = {
    "NewBook": "new_book",
    "Book": "book",
    "BookList": "book_list",
}

__all__ = [
    "NewBook",
    "Book",
    "BookList",
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
