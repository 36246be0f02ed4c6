"""Request builders: one function per operation, shared by the sync and async clients."""

from __future__ import annotations

import typing as _t

from . import _models as _m
from ._auth import SecurityScheme
from ._base_client import RequestOptions
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._types import BinaryContent, FileContent
    from .types.book import Book
    from .types.category import Category
    from .types.company import Company
    from .types.error import Error
    from .types.film import Film
    from .types.item_kind import ItemKind
    from .types.item_page import ItemPage
    from .types.person import Person
    from .types.person_query import PersonQuery
    from .types.title_query import TitleQuery

SECURITY_SCHEMES: dict[str, SecurityScheme] = {
    "api_key": SecurityScheme(
        name="api_key",
        kind="api_key",
        location="header",
        param_name="x-api-key",
        credential="api_key",
    ),
}


def list_items(
    *,
    kind: ItemKind | str | None = None,
    published_after: _dt.date | str | None = None,
) -> RequestOptions[ItemPage]:
    from .types.item_kind import ItemKind
    from .types.item_page import ItemPage

    return RequestOptions(
        method="GET",
        path="/items",
        parse={"200": _m.json_parser(ItemPage.from_dict, "ItemPage")},
        query=(("kind", kind), ("publishedAfter", published_after)),
        security=(("api_key",),),
    )


def create_item(
    *,
    body: Book | Film,
) -> RequestOptions[Book | Film]:
    from .types.book import Book
    from .types.error import Error
    from .types.film import Film

    return RequestOptions(
        method="POST",
        path="/items",
        parse={
            "201": _m.json_parser(
                lambda _x0: _m.parse_discriminated(
                    _x0,
                    "kind",
                    {"book": Book.from_dict, "film": Film.from_dict},
                    lambda _u1: _m.parse_union(
                        _u1,
                        (Book.from_dict, Film.from_dict),
                        (_m.is_object, _m.is_object),
                    ),
                ),
                "Book | Film",
            ),
        },
        json_body=_m.to_json_value(body),
        security=(("api_key",),),
        error_models={"422": Error.from_dict},
    )


def get_item(
    item_id: _uuid.UUID | str,
) -> RequestOptions[Book | Film]:
    from .types.book import Book
    from .types.error import Error
    from .types.film import Film

    return RequestOptions(
        method="GET",
        path="/items/{itemId}",
        parse={
            "200": _m.json_parser(
                lambda _x0: _m.parse_discriminated(
                    _x0,
                    "kind",
                    {"book": Book.from_dict, "film": Film.from_dict},
                    lambda _u1: _m.parse_union(
                        _u1,
                        (Book.from_dict, Film.from_dict),
                        (_m.is_object, _m.is_object),
                    ),
                ),
                "Book | Film",
            ),
        },
        path_params={"itemId": item_id},
        security=(("api_key",),),
        error_models={"404": Error.from_dict},
    )


def download_cover(
    item_id: _uuid.UUID | str,
) -> RequestOptions[bytes]:
    from .types.error import Error

    return RequestOptions(
        method="GET",
        path="/items/{itemId}/cover",
        parse={"200": _m.parse_bytes},
        path_params={"itemId": item_id},
        security=(("api_key",),),
        error_models={"404": Error.from_dict},
    )


def search(
    *,
    body: TitleQuery | PersonQuery,
) -> RequestOptions[list[Person | Company]]:
    from .types.company import Company
    from .types.person import Person
    from .types.person_query import PersonQuery
    from .types.title_query import TitleQuery

    return RequestOptions(
        method="POST",
        path="/search",
        parse={
            "200": _m.json_parser(
                lambda _x0: _m.parse_list(
                    _x0,
                    lambda _x1: _m.parse_union(
                        _x1,
                        (Person.from_dict, Company.from_dict),
                        (_m.is_object, _m.is_object),
                    ),
                ),
                "list[Person | Company]",
            ),
        },
        json_body=_m.to_json_value(body),
        security=(("api_key",),),
    )


def get_category_tree() -> RequestOptions[list[Category]]:
    from .types.category import Category

    return RequestOptions(
        method="GET",
        path="/categories",
        parse={
            "200": _m.json_parser(
                lambda _x0: _m.parse_list(_x0, Category.from_dict), "list[Category]"
            ),
        },
        security=(("api_key",),),
    )
