"""Models of Order Feed API; a model's module is imported when the model is first used."""

from __future__ import annotations

import importlib
import typing as _t

if _t.TYPE_CHECKING:
    from .order import Order as Order, OrderStatus as OrderStatus
    from .order_page import OrderPage as OrderPage
    from .customer import Customer as Customer
    from .search_orders import (
        SearchOrdersBody as SearchOrdersBody,
        SearchOrdersResponse as SearchOrdersResponse,
    )

_MODULES: dict[str, str] = {
    "Order": "order",
    "OrderPage": "order_page",
    "Customer": "customer",
    "OrderStatus": "order",
    "SearchOrdersBody": "search_orders",
    "SearchOrdersResponse": "search_orders",
}

__all__ = [
    "Order",
    "OrderPage",
    "Customer",
    "OrderStatus",
    "SearchOrdersBody",
    "SearchOrdersResponse",
]


def __getattr__(name: str) -> _t.Any:
    # Loading one model's module, not all of them, keeps importing a large client fast.
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
