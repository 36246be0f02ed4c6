"""``ClientWithRawResponse``: the operations of ``Client``, returning the raw response."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._response import APIResponse
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._client import Client
    from ._types import FileContent
    from .types.book import Book
    from .types.book_list import BookList
    from .types.new_book import NewBook

__all__ = ["ClientWithRawResponse"]


class ClientWithRawResponse:
    """Operations of ``Client`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def list_books(
        self,
        *,
        limit: int | None = None,
        author: str | None = None,
    ) -> APIResponse[BookList]:
        """GET /books (raw response)."""
        return self._client._call_raw(
            _operations.list_books(limit=limit, author=author)
        )

    def add_book(
        self,
        *,
        body: NewBook | dict[str, _t.Any],
    ) -> APIResponse[Book]:
        """POST /books (raw response)."""
        return self._client._call_raw(_operations.add_book(body=body))

    def get_book(
        self,
        book_id: str,
    ) -> APIResponse[Book]:
        """GET /books/{bookId} (raw response)."""
        return self._client._call_raw(_operations.get_book(book_id))
