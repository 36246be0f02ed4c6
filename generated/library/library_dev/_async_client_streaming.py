"""``AsyncClientWithStreamingResponse``: the operations of ``AsyncClient``, their responses streamed."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._streaming import AsyncStreamedResponse
from ._types import NOT_GIVEN, UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    import httpx

    from ._async_client import AsyncClient
    from ._types import BinaryContent, FileContent, NotGiven
    from .types.book import Book
    from .types.book_list import BookList
    from .types.new_book import NewBook

__all__ = ["AsyncClientWithStreamingResponse"]


class AsyncClientWithStreamingResponse:
    """Operations of ``AsyncClient`` whose response is read only when asked: ``async with`` one."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    def list_books(
        self,
        *,
        limit: int | None = None,
        author: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[BookList]:
        """GET /books (streamed response)."""
        return self._client._streamed(
            _operations.list_books(limit=limit, author=author),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def add_book(
        self,
        *,
        body: NewBook | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[Book]:
        """POST /books (streamed response)."""
        return self._client._streamed(
            _operations.add_book(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_book(
        self,
        book_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[Book]:
        """GET /books/{bookId} (streamed response)."""
        return self._client._streamed(
            _operations.get_book(book_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
