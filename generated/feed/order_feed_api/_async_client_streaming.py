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
    from .types.customer import Customer
    from .types.order import Order
    from .types.order_page import OrderPage
    from .types.search_orders import SearchOrdersBody
    from .types.search_orders import SearchOrdersResponse

__all__ = ["AsyncClientWithStreamingResponse"]


class AsyncClientWithStreamingResponse:
    """Operations of ``AsyncClient`` whose response is read only when asked: ``async with`` one."""

    def __init__(self, client: AsyncClient) -> None:
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
    ) -> AsyncStreamedResponse[OrderPage]:
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
    ) -> AsyncStreamedResponse[SearchOrdersResponse]:
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
    ) -> AsyncStreamedResponse[list[Customer]]:
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
    ) -> AsyncStreamedResponse[str]:
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
    ) -> AsyncStreamedResponse[bytes]:
        """GET /orders/{orderId}/invoice (streamed response)."""
        return self._client._streamed(
            _operations.get_invoice(order_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
