"""``ClientWithStreamingResponse``: the operations of ``Client``, their responses streamed."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._streaming import StreamedResponse
from ._types import NOT_GIVEN, UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    import httpx

    from ._client import Client
    from ._types import BinaryContent, FileContent, NotGiven
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
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[OrderPage]:
        """GET /orders (streamed response)."""
        return self._client._streamed(
            _operations.list_orders(limit=limit, next_token=next_token),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def search_orders(
        self,
        *,
        body: SearchOrdersBody | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[SearchOrdersResponse]:
        """POST /orders/search (streamed response)."""
        return self._client._streamed(
            _operations.search_orders(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def list_customers(
        self,
        *,
        offset: int | None = None,
        limit: int | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[list[Customer]]:
        """GET /customers (streamed response)."""
        return self._client._streamed(
            _operations.list_customers(offset=offset, limit=limit),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def stream_order_events(
        self,
        order_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[str]:
        """GET /orders/{orderId}/events (streamed response)."""
        return self._client._streamed(
            _operations.stream_order_events(order_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_invoice(
        self,
        order_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[bytes]:
        """GET /orders/{orderId}/invoice (streamed response)."""
        return self._client._streamed(
            _operations.get_invoice(order_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
