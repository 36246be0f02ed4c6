"""The synchronous client of Order Feed API: ``Client``, one method per operation."""

from __future__ import annotations

import typing as _t

import httpx

from . import _operations
from ._base_client import SyncAPIClient
from ._types import NOT_GIVEN, UNSET, Token

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._client_raw import ClientWithRawResponse
    from ._client_streaming import ClientWithStreamingResponse
    from . import _resources
    from ._pagination import SyncPage
    from ._streaming import EventStream
    from ._types import BinaryContent, FileContent, NotGiven
    from .types.customer import Customer
    from .types.order import Order
    from .types.order_page import OrderPage
    from .types.search_orders import SearchOrdersBody
    from .types.search_orders import SearchOrdersResponse

__all__ = ["Client"]

DEFAULT_BASE_URL = "https://f33d0rd3r5.execute-api.eu-west-1.amazonaws.com/prod"


class Client(SyncAPIClient):
    """Client for Order Feed API.

    ``base_url`` defaults to ``$ORDER_FEED_API_BASE_URL``, then to the definition's server
    (https://f33d0rd3r5.execute-api.eu-west-1.amazonaws.com/prod); ``api_key`` defaults to ``$ORDER_FEED_API_API_KEY``.
    ``token`` is a JWT/OAuth2/Cognito token, or a callable returning one (fetched again near expiry).
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
        token: Token | None = None,
        max_retries: int = 3,
        timeout: float | httpx.Timeout | None = 30.0,
        http_client: httpx.Client | None = None,
        strict_response_validation: bool = False,
        default_headers: _t.Mapping[str, str] | None = None,
        default_query: _t.Mapping[str, object] | None = None,
        idempotency_header: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            default_base_url=DEFAULT_BASE_URL,
            base_url_env="ORDER_FEED_API_BASE_URL",
            api_key=api_key,
            api_key_env="ORDER_FEED_API_API_KEY",
            token=token,
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
    def with_raw_response(self) -> ClientWithRawResponse:
        """The same operations, returning the raw response (status, headers) with a ``parse()`` method."""
        from ._client_raw import ClientWithRawResponse

        return ClientWithRawResponse(self)

    @property
    def with_streaming_response(self) -> ClientWithStreamingResponse:
        """The same operations, as context managers: the response is read only when asked (``iter_bytes()``, ``parse()``, ...)."""
        from ._client_streaming import ClientWithStreamingResponse

        return ClientWithStreamingResponse(self)

    @property
    def customers(self) -> _resources.CustomersOperations:
        """The operations tagged ``customers``: ``client.customers.<operation>(...)``."""
        # By its module: a model may be named like the namespace's class.
        from . import _resources

        return self._namespace(_resources.CustomersOperations)

    @property
    def invoices(self) -> _resources.InvoicesOperations:
        """The operations tagged ``invoices``: ``client.invoices.<operation>(...)``."""
        # By its module: a model may be named like the namespace's class.
        from . import _resources

        return self._namespace(_resources.InvoicesOperations)

    @property
    def orders(self) -> _resources.OrdersOperations:
        """The operations tagged ``orders``: ``client.orders.<operation>(...)``."""
        # By its module: a model may be named like the namespace's class.
        from . import _resources

        return self._namespace(_resources.OrdersOperations)

    @property
    def search(self) -> _resources.SearchOperations:
        """The operations tagged ``search``: ``client.search.<operation>(...)``."""
        # By its module: a model may be named like the namespace's class.
        from . import _resources

        return self._namespace(_resources.SearchOperations)

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
    ) -> SyncPage[Order, OrderPage]:
        """GET /orders

        List orders, a page at a time

        Args:
            next_token: The nextToken of the previous page.
        """
        return self._paginate(
            _operations.list_orders(limit=limit, next_token=next_token),
            style="token",
            items="items",
            items_wire="items",
            next_field="nextToken",
            request_param="nextToken",
            request_in="query",
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
    ) -> SyncPage[Order, SearchOrdersResponse]:
        """POST /orders/search

        Search orders (a DynamoDB query behind the API)
        """
        return self._paginate(
            _operations.search_orders(body=body),
            style="token",
            items="items",
            items_wire="Items",
            next_field="LastEvaluatedKey",
            request_param="ExclusiveStartKey",
            request_in="body",
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
    ) -> SyncPage[Customer, list[Customer]]:
        """GET /customers

        List customers by offset
        """
        return self._paginate(
            _operations.list_customers(offset=offset, limit=limit),
            style="offset",
            request_param="offset",
            request_in="query",
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
    ) -> EventStream:
        """GET /orders/{orderId}/events

        Follow an order's events as they happen
        """
        return self._events(
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
    ) -> bytes:
        """GET /orders/{orderId}/invoice

        Download an order's invoice
        """
        return self._call(
            _operations.get_invoice(order_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
