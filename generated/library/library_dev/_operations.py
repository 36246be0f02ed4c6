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
    from .types.book_list import BookList
    from .types.new_book import NewBook

SECURITY_SCHEMES: dict[str, SecurityScheme] = {
    "api_key": SecurityScheme(
        name="api_key",
        kind="api_key",
        location="header",
        param_name="x-api-key",
        credential="api_key",
    ),
    "Readers": SecurityScheme(
        name="Readers",
        kind="raw_token",
        location="header",
        param_name="Authorization",
        credential="token",
    ),
    "Readers:access": SecurityScheme(
        name="Readers",
        kind="raw_token",
        location="header",
        param_name="Authorization",
        credential="access_token",
    ),
}


def list_books(
    *,
    limit: int | None = None,
    author: str | None = None,
) -> RequestOptions[BookList]:
    from .types.book_list import BookList

    return RequestOptions(
        method="GET",
        path="/books",
        parse={"200": _m.json_parser(BookList.from_dict, "BookList")},
        query=(("limit", limit), ("author", author)),
        security=(("Readers:access", "api_key"),),
    )


def add_book(
    *,
    body: NewBook | dict[str, _t.Any],
) -> RequestOptions[Book]:
    from .types.book import Book
    from .types.new_book import NewBook

    return RequestOptions(
        method="POST",
        path="/books",
        parse={"201": _m.json_parser(Book.from_dict, "Book")},
        json_body=_m.to_json_value(body),
        security=(("Readers:access", "api_key"),),
    )


def get_book(
    book_id: str,
) -> RequestOptions[Book]:
    from .types.book import Book

    return RequestOptions(
        method="GET",
        path="/books/{bookId}",
        parse={"200": _m.json_parser(Book.from_dict, "Book")},
        path_params={"bookId": book_id},
        security=(("Readers:access", "api_key"),),
    )
