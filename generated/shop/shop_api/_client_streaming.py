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
    from .types.error import Error
    from .types.health import Health
    from .types.list_products import ListProductsCategory
    from .types.new_order import NewOrder
    from .types.new_product import NewProduct
    from .types.order import Order
    from .types.product import Product

__all__ = ["ClientWithStreamingResponse"]


class ClientWithStreamingResponse:
    """Operations of ``Client`` whose response is read only when asked: ``with`` one."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def list_products(
        self,
        *,
        limit: int | None = None,
        category: ListProductsCategory | str | None = None,
        tags: list[str] | None = None,
        in_stock: bool | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[list[Product]]:
        """GET /products (streamed response)."""
        return self._client._streamed(
            _operations.list_products(
                limit=limit, category=category, tags=tags, in_stock=in_stock
            ),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def create_product(
        self,
        *,
        body: NewProduct | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Product]:
        """POST /products (streamed response)."""
        return self._client._streamed(
            _operations.create_product(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_product(
        self,
        product_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Product]:
        """GET /products/{productId} (streamed response)."""
        return self._client._streamed(
            _operations.get_product(product_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def update_product(
        self,
        product_id: str,
        *,
        body: NewProduct | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Product]:
        """PUT /products/{productId} (streamed response)."""
        return self._client._streamed(
            _operations.update_product(product_id, body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def delete_product(
        self,
        product_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[None]:
        """DELETE /products/{productId} (streamed response)."""
        return self._client._streamed(
            _operations.delete_product(product_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def list_orders(
        self,
        *,
        x_request_id: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[list[Order]]:
        """GET /orders (streamed response)."""
        return self._client._streamed(
            _operations.list_orders(x_request_id=x_request_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def create_order(
        self,
        *,
        body: NewOrder | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Order]:
        """POST /orders (streamed response)."""
        return self._client._streamed(
            _operations.create_order(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_order(
        self,
        order_id: _uuid.UUID | str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Order]:
        """GET /orders/{orderId} (streamed response)."""
        return self._client._streamed(
            _operations.get_order(order_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def health(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Health]:
        """GET /health (streamed response)."""
        return self._client._streamed(
            _operations.health(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
