"""``AsyncClientWithRawResponse``: the operations of ``AsyncClient``, returning the raw response."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._response import APIResponse
from ._types import NOT_GIVEN, UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    import httpx

    from ._async_client import AsyncClient
    from ._types import BinaryContent, FileContent, NotGiven
    from .types.error import Error
    from .types.health import Health
    from .types.list_products import ListProductsCategory
    from .types.new_order import NewOrder
    from .types.new_product import NewProduct
    from .types.order import Order
    from .types.product import Product

__all__ = ["AsyncClientWithRawResponse"]


class AsyncClientWithRawResponse:
    """Operations of ``AsyncClient`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def list_products(
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
    ) -> APIResponse[list[Product]]:
        """GET /products (raw response)."""
        return await self._client._call_raw(
            _operations.list_products(
                limit=limit, category=category, tags=tags, in_stock=in_stock
            ),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def create_product(
        self,
        *,
        body: NewProduct | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Product]:
        """POST /products (raw response)."""
        return await self._client._call_raw(
            _operations.create_product(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def get_product(
        self,
        product_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Product]:
        """GET /products/{productId} (raw response)."""
        return await self._client._call_raw(
            _operations.get_product(product_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def update_product(
        self,
        product_id: str,
        *,
        body: NewProduct | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Product]:
        """PUT /products/{productId} (raw response)."""
        return await self._client._call_raw(
            _operations.update_product(product_id, body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def delete_product(
        self,
        product_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[None]:
        """DELETE /products/{productId} (raw response)."""
        return await self._client._call_raw(
            _operations.delete_product(product_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def list_orders(
        self,
        *,
        x_request_id: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[list[Order]]:
        """GET /orders (raw response)."""
        return await self._client._call_raw(
            _operations.list_orders(x_request_id=x_request_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def create_order(
        self,
        *,
        body: NewOrder | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Order]:
        """POST /orders (raw response)."""
        return await self._client._call_raw(
            _operations.create_order(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def get_order(
        self,
        order_id: _uuid.UUID | str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Order]:
        """GET /orders/{orderId} (raw response)."""
        return await self._client._call_raw(
            _operations.get_order(order_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def health(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Health]:
        """GET /health (raw response)."""
        return await self._client._call_raw(
            _operations.health(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
