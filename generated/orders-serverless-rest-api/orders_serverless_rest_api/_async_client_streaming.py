"""``AsyncClientWithStreamingResponse``: the operations of ``AsyncClient``, their responses streamed."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._streaming import AsyncStreamedResponse
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._async_client import AsyncClient
    from ._types import FileContent

__all__ = ["AsyncClientWithStreamingResponse"]


class AsyncClientWithStreamingResponse:
    """Operations of ``AsyncClient`` whose response is read only when asked: ``async with`` one."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    def get_health(
        self,
    ) -> AsyncStreamedResponse[_t.Any]:
        """GET /health (streamed response)."""
        return self._client._streamed(_operations.get_health())

    def post_orders(
        self,
    ) -> AsyncStreamedResponse[_t.Any]:
        """POST /orders (streamed response)."""
        return self._client._streamed(_operations.post_orders())

    def get_orders(
        self,
    ) -> AsyncStreamedResponse[_t.Any]:
        """GET /orders (streamed response)."""
        return self._client._streamed(_operations.get_orders())

    def get_orders_by_order_id(
        self,
        order_id: str,
        *,
        x_request_id: str | None = None,
    ) -> AsyncStreamedResponse[_t.Any]:
        """GET /orders/{orderId} (streamed response)."""
        return self._client._streamed(
            _operations.get_orders_by_order_id(order_id, x_request_id=x_request_id)
        )
