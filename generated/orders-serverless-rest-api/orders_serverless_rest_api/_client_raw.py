"""``ClientWithRawResponse``: the operations of ``Client``, returning the raw response."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._response import APIResponse
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._client import Client
    from ._types import FileContent

__all__ = ["ClientWithRawResponse"]


class ClientWithRawResponse:
    """Operations of ``Client`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get_health(
        self,
    ) -> APIResponse[_t.Any]:
        """GET /health (raw response)."""
        return self._client._call_raw(_operations.get_health())

    def post_orders(
        self,
    ) -> APIResponse[_t.Any]:
        """POST /orders (raw response)."""
        return self._client._call_raw(_operations.post_orders())

    def get_orders(
        self,
    ) -> APIResponse[_t.Any]:
        """GET /orders (raw response)."""
        return self._client._call_raw(_operations.get_orders())

    def get_orders_by_order_id(
        self,
        order_id: str,
        *,
        x_request_id: str | None = None,
    ) -> APIResponse[_t.Any]:
        """GET /orders/{orderId} (raw response)."""
        return self._client._call_raw(
            _operations.get_orders_by_order_id(order_id, x_request_id=x_request_id)
        )
