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

__all__ = ["ClientWithRawResponse"]


class ClientWithRawResponse:
    """Operations of ``Client`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get_health(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[_t.Any]:
        """GET /health (raw response)."""
        return self._client._call_raw(
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
    ) -> APIResponse[_t.Any]:
        """POST /orders (raw response)."""
        return self._client._call_raw(
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
    ) -> APIResponse[_t.Any]:
        """GET /orders (raw response)."""
        return self._client._call_raw(
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
    ) -> APIResponse[_t.Any]:
        """GET /orders/{orderId} (raw response)."""
        return self._client._call_raw(
            _operations.get_orders_by_order_id(order_id, x_request_id=x_request_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
