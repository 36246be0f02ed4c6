"""Request builders: one function per operation, shared by the sync and async clients."""

from __future__ import annotations

import typing as _t

from . import _models as _m
from ._auth import SecurityScheme
from ._base_client import RequestOptions
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._types import BinaryContent, FileContent
    from .types.error import Error
    from .types.health import Health
    from .types.list_products import ListProductsCategory
    from .types.new_order import NewOrder
    from .types.new_product import NewProduct
    from .types.order import Order
    from .types.product import Product

SECURITY_SCHEMES: dict[str, SecurityScheme] = {
    "api_key": SecurityScheme(
        name="api_key",
        kind="api_key",
        location="header",
        param_name="x-api-key",
        credential="api_key",
    ),
    "ShopCognito": SecurityScheme(
        name="ShopCognito",
        kind="raw_token",
        location="header",
        param_name="Authorization",
        credential="token",
    ),
    "ShopCognito:access": SecurityScheme(
        name="ShopCognito",
        kind="raw_token",
        location="header",
        param_name="Authorization",
        credential="access_token",
    ),
}


def list_products(
    *,
    limit: int | None = None,
    category: ListProductsCategory | str | None = None,
    tags: list[str] | None = None,
    in_stock: bool | None = None,
) -> RequestOptions[list[Product]]:
    from .types.error import Error
    from .types.list_products import ListProductsCategory
    from .types.product import Product

    return RequestOptions(
        method="GET",
        path="/products",
        parse={
            "200": _m.json_parser(
                lambda _x0: _m.parse_list(_x0, Product.from_dict), "list[Product]"
            ),
        },
        query=(
            ("limit", limit),
            ("category", category),
            ("tags", tags),
            ("inStock", in_stock),
        ),
        security=(("api_key",),),
        error_models={"403": Error.from_dict},
    )


def create_product(
    *,
    body: NewProduct | dict[str, _t.Any],
) -> RequestOptions[Product]:
    from .types.error import Error
    from .types.new_product import NewProduct
    from .types.product import Product

    return RequestOptions(
        method="POST",
        path="/products",
        parse={"201": _m.json_parser(Product.from_dict, "Product")},
        json_body=_m.to_json_value(body),
        security=(("api_key", "ShopCognito:access"),),
        error_models={"400": Error.from_dict},
    )


def get_product(
    product_id: str,
) -> RequestOptions[Product]:
    from .types.error import Error
    from .types.product import Product

    return RequestOptions(
        method="GET",
        path="/products/{productId}",
        parse={"200": _m.json_parser(Product.from_dict, "Product")},
        path_params={"productId": product_id},
        security=(("api_key",),),
        error_models={"404": Error.from_dict},
    )


def update_product(
    product_id: str,
    *,
    body: NewProduct | dict[str, _t.Any],
) -> RequestOptions[Product]:
    from .types.error import Error
    from .types.new_product import NewProduct
    from .types.product import Product

    return RequestOptions(
        method="PUT",
        path="/products/{productId}",
        parse={"200": _m.json_parser(Product.from_dict, "Product")},
        path_params={"productId": product_id},
        json_body=_m.to_json_value(body),
        security=(("api_key", "ShopCognito:access"),),
        error_models={"404": Error.from_dict},
    )


def delete_product(
    product_id: str,
) -> RequestOptions[None]:
    return RequestOptions(
        method="DELETE",
        path="/products/{productId}",
        parse={"204": _m.parse_none},
        path_params={"productId": product_id},
        security=(("api_key", "ShopCognito:access"),),
    )


def list_orders(
    *,
    x_request_id: str | None = None,
) -> RequestOptions[list[Order]]:
    from .types.order import Order

    return RequestOptions(
        method="GET",
        path="/orders",
        parse={
            "200": _m.json_parser(
                lambda _x0: _m.parse_list(_x0, Order.from_dict), "list[Order]"
            ),
        },
        headers={"X-Request-Id": x_request_id},
        security=(("ShopCognito",),),
    )


def create_order(
    *,
    body: NewOrder | dict[str, _t.Any],
) -> RequestOptions[Order]:
    from .types.error import Error
    from .types.new_order import NewOrder
    from .types.order import Order

    return RequestOptions(
        method="POST",
        path="/orders",
        parse={"201": _m.json_parser(Order.from_dict, "Order")},
        json_body=_m.to_json_value(body),
        security=(("ShopCognito",),),
        error_models={"400": Error.from_dict},
    )


def get_order(
    order_id: _uuid.UUID | str,
) -> RequestOptions[Order]:
    from .types.error import Error
    from .types.order import Order

    return RequestOptions(
        method="GET",
        path="/orders/{orderId}",
        parse={"200": _m.json_parser(Order.from_dict, "Order")},
        path_params={"orderId": order_id},
        security=(("ShopCognito", "api_key"),),
        error_models={"404": Error.from_dict},
    )


def health() -> RequestOptions[Health]:
    from .types.health import Health

    return RequestOptions(
        method="GET",
        path="/health",
        parse={"200": _m.json_parser(Health.from_dict, "Health")},
    )
