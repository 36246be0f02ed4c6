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

__all__ = ["AsyncClientWithStreamingResponse"]


class AsyncClientWithStreamingResponse:
    """Operations of ``AsyncClient`` whose response is read only when asked: ``async with`` one."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    def get_health(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[_t.Any]:
        """GET /health (streamed response)."""
        return self._client._streamed(
            _operations.get_health(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def post_orders(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[_t.Any]:
        """POST /orders (streamed response)."""
        return self._client._streamed(
            _operations.post_orders(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_orders(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[_t.Any]:
        """GET /orders (streamed response)."""
        return self._client._streamed(
            _operations.get_orders(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_orders_by_order_id(
        self,
        order_id: str,
        *,
        x_request_id: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[_t.Any]:
        """GET /orders/{orderId} (streamed response)."""
        return self._client._streamed(
            _operations.get_orders_by_order_id(order_id, x_request_id=x_request_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
