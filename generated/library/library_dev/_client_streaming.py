"""``ClientWithStreamingResponse``: the operations of ``Client``, their responses streamed."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._streaming import StreamedResponse
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._client import Client
    from ._types import FileContent
    from .types.book import Book
    from .types.book_list import BookList
    from .types.new_book import NewBook

__all__ = ["ClientWithStreamingResponse"]


class ClientWithStreamingResponse:
    """Operations of ``Client`` whose response is read only when asked: ``with`` one."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def list_books(
        self,
        *,
        limit: int | None = None,
        author: str | None = None,
    ) -> StreamedResponse[BookList]:
        """GET /books (streamed response)."""
        return self._client._streamed(
            _operations.list_books(limit=limit, author=author)
        )

    def add_book(
        self,
        *,
        body: NewBook | dict[str, _t.Any],
    ) -> StreamedResponse[Book]:
        """POST /books (streamed response)."""
        return self._client._streamed(_operations.add_book(body=body))

    def get_book(
        self,
        book_id: str,
    ) -> StreamedResponse[Book]:
        """GET /books/{bookId} (streamed response)."""
        return self._client._streamed(_operations.get_book(book_id))
