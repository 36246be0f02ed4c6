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
    from .types.customer import Customer
    from .types.order import Order
    from .types.order_page import OrderPage
    from .types.search_orders import SearchOrdersBody
    from .types.search_orders import SearchOrdersResponse

__all__ = ["AsyncClientWithRawResponse"]


class AsyncClientWithRawResponse:
    """Operations of ``AsyncClient`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def list_orders(
        self,
        *,
        limit: int | None = None,
        next_token: str | None = None,
    ) -> APIResponse[OrderPage]:
        """GET /orders (raw response)."""
        return await self._client._call_raw(
            _operations.list_orders(limit=limit, next_token=next_token)
        )

    async def search_orders(
        self,
        *,
        body: SearchOrdersBody | dict[str, _t.Any],
    ) -> APIResponse[SearchOrdersResponse]:
        """POST /orders/search (raw response)."""
        return await self._client._call_raw(_operations.search_orders(body=body))

    async def list_customers(
        self,
        *,
        offset: int | None = None,
        limit: int | None = None,
    ) -> APIResponse[list[Customer]]:
        """GET /customers (raw response)."""
        return await self._client._call_raw(
            _operations.list_customers(offset=offset, limit=limit)
        )

    async def stream_order_events(
        self,
        order_id: str,
    ) -> APIResponse[str]:
        """GET /orders/{orderId}/events (raw response)."""
        return await self._client._call_raw(_operations.stream_order_events(order_id))

    async def get_invoice(
        self,
        order_id: str,
    ) -> APIResponse[bytes]:
        """GET /orders/{orderId}/invoice (raw response)."""
        return await self._client._call_raw(_operations.get_invoice(order_id))
