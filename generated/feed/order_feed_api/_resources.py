"""The operations of each tag, as ``client.<tag>.<operation>(...)``: the client's own methods, bound, typed as
they are there. Imported when a namespace is first used."""

from __future__ import annotations

import typing as _t

if _t.TYPE_CHECKING:
    from ._async_client import AsyncClient
    from ._client import Client

__all__ = [
    "AsyncCustomersOperations",
    "CustomersOperations",
    "AsyncInvoicesOperations",
    "InvoicesOperations",
    "AsyncOrdersOperations",
    "OrdersOperations",
    "AsyncSearchOperations",
    "SearchOperations",
]


class CustomersOperations:
    """The operations tagged ``customers``."""

    def __init__(self, client: Client) -> None:
        self.list_customers = client.list_customers


class InvoicesOperations:
    """The operations tagged ``invoices``."""

    def __init__(self, client: Client) -> None:
        self.get_invoice = client.get_invoice


class OrdersOperations:
    """The operations tagged ``orders``."""

    def __init__(self, client: Client) -> None:
        self.list_orders = client.list_orders
        self.search_orders = client.search_orders
        self.stream_order_events = client.stream_order_events
        self.get_invoice = client.get_invoice


class SearchOperations:
    """The operations tagged ``search``."""

    def __init__(self, client: Client) -> None:
        self.search_orders = client.search_orders


class AsyncCustomersOperations:
    """The operations tagged ``customers``."""

    def __init__(self, client: AsyncClient) -> None:
        self.list_customers = client.list_customers


class AsyncInvoicesOperations:
    """The operations tagged ``invoices``."""

    def __init__(self, client: AsyncClient) -> None:
        self.get_invoice = client.get_invoice


class AsyncOrdersOperations:
    """The operations tagged ``orders``."""

    def __init__(self, client: AsyncClient) -> None:
        self.list_orders = client.list_orders
        self.search_orders = client.search_orders
        self.stream_order_events = client.stream_order_events
        self.get_invoice = client.get_invoice


class AsyncSearchOperations:
    """The operations tagged ``search``."""

    def __init__(self, client: AsyncClient) -> None:
        self.search_orders = client.search_orders
