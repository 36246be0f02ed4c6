"""``ClientWithRawResponse``: the operations of ``Client``, returning the raw response."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._response import APIResponse
from ._types import NOT_GIVEN, UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    import httpx

    from ._client import Client
    from ._types import BinaryContent, FileContent, NotGiven
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

__all__ = ["ClientWithRawResponse"]


class ClientWithRawResponse:
    """Operations of ``Client`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def list_items(
        self,
        *,
        kind: ItemKind | str | None = None,
        published_after: _dt.date | str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[ItemPage]:
        """GET /items (raw response)."""
        return self._client._call_raw(
            _operations.list_items(kind=kind, published_after=published_after),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def create_item(
        self,
        *,
        body: Book | Film,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Book | Film]:
        """POST /items (raw response)."""
        return self._client._call_raw(
            _operations.create_item(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_item(
        self,
        item_id: _uuid.UUID | str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Book | Film]:
        """GET /items/{itemId} (raw response)."""
        return self._client._call_raw(
            _operations.get_item(item_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def download_cover(
        self,
        item_id: _uuid.UUID | str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[bytes]:
        """GET /items/{itemId}/cover (raw response)."""
        return self._client._call_raw(
            _operations.download_cover(item_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def search(
        self,
        *,
        body: TitleQuery | PersonQuery,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[list[Person | Company]]:
        """POST /search (raw response)."""
        return self._client._call_raw(
            _operations.search(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_category_tree(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[list[Category]]:
        """GET /categories (raw response)."""
        return self._client._call_raw(
            _operations.get_category_tree(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
