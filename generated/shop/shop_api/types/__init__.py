"""Models of Shop API; a model's module is imported when the model is first used."""

from __future__ import annotations

import importlib
import typing as _t

if _t.TYPE_CHECKING:
    from .currency import Currency as Currency
    from .product import Product as Product
    from .new_product import NewProduct as NewProduct
    from .order_item import OrderItem as OrderItem
    from .new_order import NewOrder as NewOrder
    from .order import Order as Order, OrderStatus as OrderStatus
    from .health import Health as Health
    from .error import Error as Error
    from .list_products import ListProductsCategory as ListProductsCategory

_MODULES: dict[str, str] = {
    "Currency": "currency",
    "Product": "product",
    "NewProduct": "new_product",
    "OrderItem": "order_item",
    "NewOrder": "new_order",
    "Order": "order",
    "Health": "health",
    "Error": "error",
    "OrderStatus": "order",
    "ListProductsCategory": "list_products",
}

__all__ = [
    "Currency",
    "Product",
    "NewProduct",
    "OrderItem",
    "NewOrder",
    "Order",
    "Health",
    "Error",
    "OrderStatus",
    "ListProductsCategory",
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
