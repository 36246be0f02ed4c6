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
    from .types.customer import Customer
    from .types.order import Order
    from .types.order_page import OrderPage
    from .types.search_orders import SearchOrdersBody
    from .types.search_orders import SearchOrdersResponse

__all__ = ["ClientWithStreamingResponse"]


class ClientWithStreamingResponse:
    """Operations of ``Client`` whose response is read only when asked: ``with`` one."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def list_orders(
        self,
        *,
        limit: int | None = None,
        next_token: str | None = None,
    ) -> StreamedResponse[OrderPage]:
        """GET /orders (streamed response)."""
        return self._client._streamed(
            _operations.list_orders(limit=limit, next_token=next_token)
        )

    def search_orders(
        self,
        *,
        body: SearchOrdersBody | dict[str, _t.Any],
    ) -> StreamedResponse[SearchOrdersResponse]:
        """POST /orders/search (streamed response)."""
        return self._client._streamed(_operations.search_orders(body=body))

    def list_customers(
        self,
        *,
        offset: int | None = None,
        limit: int | None = None,
    ) -> StreamedResponse[list[Customer]]:
        """GET /customers (streamed response)."""
        return self._client._streamed(
            _operations.list_customers(offset=offset, limit=limit)
        )

    def stream_order_events(
        self,
        order_id: str,
    ) -> StreamedResponse[str]:
        """GET /orders/{orderId}/events (streamed response)."""
        return self._client._streamed(_operations.stream_order_events(order_id))

    def get_invoice(
        self,
        order_id: str,
    ) -> StreamedResponse[bytes]:
        """GET /orders/{orderId}/invoice (streamed response)."""
        return self._client._streamed(_operations.get_invoice(order_id))
