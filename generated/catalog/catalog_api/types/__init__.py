"""Models of Catalog API; a model's module is imported when the model is first used."""

from __future__ import annotations

import importlib
import typing as _t

if _t.TYPE_CHECKING:
    from .item_kind import ItemKind as ItemKind
    from .rating import Rating as Rating
    from .money import Money as Money
    from .base_item import BaseItem as BaseItem
    from .company import Company as Company
    from .person import Person as Person
    from .book import Book as Book
    from .film import Film as Film
    from .item_page import ItemPage as ItemPage
    from .category import Category as Category
    from .title_query import TitleQuery as TitleQuery
    from .person_query import PersonQuery as PersonQuery
    from .error import Error as Error

_MODULES: dict[str, str] = {
    "ItemKind": "item_kind",
    "Rating": "rating",
    "Money": "money",
    "BaseItem": "base_item",
    "Company": "company",
    "Person": "person",
    "Book": "book",
    "Film": "film",
    "ItemPage": "item_page",
    "Category": "category",
    "TitleQuery": "title_query",
    "PersonQuery": "person_query",
    "Error": "error",
}

__all__ = [
    "ItemKind",
    "Rating",
    "Money",
    "BaseItem",
    "Company",
    "Person",
    "Book",
    "Film",
    "ItemPage",
    "Category",
    "TitleQuery",
    "PersonQuery",
    "Error",
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
