"""``AsyncClientWithRawResponse``: the operations of ``AsyncClient``, returning the raw response."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._response import APIResponse
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._async_client import AsyncClient
    from ._types import FileContent
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

__all__ = ["AsyncClientWithRawResponse"]


class AsyncClientWithRawResponse:
    """Operations of ``AsyncClient`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def list_items(
        self,
        *,
        kind: ItemKind | str | None = None,
        published_after: _dt.date | str | None = None,
    ) -> APIResponse[ItemPage]:
        """GET /items (raw response)."""
        return await self._client._call_raw(
            _operations.list_items(kind=kind, published_after=published_after)
        )

    async def create_item(
        self,
        *,
        body: Book | Film,
    ) -> APIResponse[Book | Film]:
        """POST /items (raw response)."""
        return await self._client._call_raw(_operations.create_item(body=body))

    async def get_item(
        self,
        item_id: _uuid.UUID | str,
    ) -> APIResponse[Book | Film]:
        """GET /items/{itemId} (raw response)."""
        return await self._client._call_raw(_operations.get_item(item_id))

    async def download_cover(
        self,
        item_id: _uuid.UUID | str,
    ) -> APIResponse[bytes]:
        """GET /items/{itemId}/cover (raw response)."""
        return await self._client._call_raw(_operations.download_cover(item_id))

    async def search(
        self,
        *,
        body: TitleQuery | PersonQuery,
    ) -> APIResponse[list[Person | Company]]:
        """POST /search (raw response)."""
        return await self._client._call_raw(_operations.search(body=body))

    async def get_category_tree(
        self,
    ) -> APIResponse[list[Category]]:
        """GET /categories (raw response)."""
        return await self._client._call_raw(_operations.get_category_tree())
