"""The asynchronous client of Shop API: ``AsyncClient``, one method per operation."""

from __future__ import annotations

import typing as _t

import httpx

from . import _operations
from ._base_client import AsyncAPIClient
from ._types import NOT_GIVEN, UNSET, AsyncToken

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._async_client_raw import AsyncClientWithRawResponse
    from ._async_client_streaming import AsyncClientWithStreamingResponse
    from ._types import BinaryContent, FileContent, NotGiven
    from .types.error import Error
    from .types.health import Health
    from .types.list_products import ListProductsCategory
    from .types.new_order import NewOrder
    from .types.new_product import NewProduct
    from .types.order import Order
    from .types.product import Product

__all__ = ["AsyncClient"]

DEFAULT_BASE_URL = "https://s7h0p1a2b3.execute-api.eu-west-1.amazonaws.com/prod"


class AsyncClient(AsyncAPIClient):
    """Asynchronous client for Shop API.

    ``base_url`` defaults to ``$SHOP_API_BASE_URL``, then to the definition's server
    (https://s7h0p1a2b3.execute-api.eu-west-1.amazonaws.com/prod); ``api_key`` defaults to ``$SHOP_API_API_KEY``.
    ``token`` is a JWT/OAuth2/Cognito token, or a callable returning one (fetched again near expiry).
    ``access_token`` (the same kinds) goes to the operations whose security names OAuth scopes (a Cognito
    access token), ``token`` to the others (an ID token); either alone goes to all.
    ``strict_response_validation=True`` raises ``APIResponseValidationError`` for a 2xx body that differs
    from the definition, instead of keeping what came where it differs.
    ``default_headers`` and ``default_query`` go with every request; ``idempotency_header="Idempotency-Key"``
    sends a key made once per call (and kept across its retries) with every POST, PUT, PATCH and DELETE,
    which lets POST and PATCH be retried on connection errors and 502/503/504 too.
    Every method also takes ``extra_headers``, ``extra_query``, ``extra_body``, ``timeout`` and
    ``idempotency_key`` for that call only.
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        api_key: str | None = None,
        token: AsyncToken | None = None,
        access_token: AsyncToken | None = None,
        max_retries: int = 3,
        timeout: float | httpx.Timeout | None = 30.0,
        http_client: httpx.AsyncClient | None = None,
        strict_response_validation: bool = False,
        default_headers: _t.Mapping[str, str] | None = None,
        default_query: _t.Mapping[str, object] | None = None,
        idempotency_header: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            default_base_url=DEFAULT_BASE_URL,
            base_url_env="SHOP_API_BASE_URL",
            api_key=api_key,
            api_key_env="SHOP_API_API_KEY",
            token=token,
            access_token=access_token,
            credentials={},
            security_schemes=_operations.SECURITY_SCHEMES,
            max_retries=max_retries,
            timeout=timeout,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            default_headers=default_headers,
            default_query=default_query,
            idempotency_header=idempotency_header,
        )

    @property
    def with_raw_response(self) -> AsyncClientWithRawResponse:
        """The same operations, returning the raw response (status, headers) with a ``parse()`` method."""
        from ._async_client_raw import AsyncClientWithRawResponse

        return AsyncClientWithRawResponse(self)

    @property
    def with_streaming_response(self) -> AsyncClientWithStreamingResponse:
        """The same operations, as context managers: the response is read only when asked (``iter_bytes()``, ``parse()``, ...)."""
        from ._async_client_streaming import AsyncClientWithStreamingResponse

        return AsyncClientWithStreamingResponse(self)

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
    ) -> list[Product]:
        """GET /products

        List products

        Products in the catalogue, optionally filtered.

        Args:
            limit: At most this many products.
        """
        return await self._call(
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
    ) -> Product:
        """POST /products

        Create a product
        """
        return await self._call(
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
    ) -> Product:
        """GET /products/{productId}

        Get one product
        """
        return await self._call(
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
    ) -> Product:
        """PUT /products/{productId}

        Replace a product
        """
        return await self._call(
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
    ) -> None:
        """DELETE /products/{productId}

        Delete a product
        """
        return await self._call(
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
    ) -> list[Order]:
        """GET /orders

        List my orders

        Args:
            x_request_id: Echoed back in logs.
        """
        return await self._call(
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
    ) -> Order:
        """POST /orders

        Place an order
        """
        return await self._call(
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
    ) -> Order:
        """GET /orders/{orderId}

        Get an order

        With an API key (back office) or the customer's own token.
        """
        return await self._call(
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
    ) -> Health:
        """GET /health

        Liveness check
        """
        return await self._call(
            _operations.health(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
