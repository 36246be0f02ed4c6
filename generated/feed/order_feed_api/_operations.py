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
    from .types.customer import Customer
    from .types.order import Order
    from .types.order_page import OrderPage
    from .types.search_orders import SearchOrdersBody
    from .types.search_orders import SearchOrdersResponse

SECURITY_SCHEMES: dict[str, SecurityScheme] = {
    "api_key": SecurityScheme(
        name="api_key",
        kind="api_key",
        location="header",
        param_name="x-api-key",
        credential="api_key",
    ),
}


def list_orders(
    *,
    limit: int | None = None,
    next_token: str | None = None,
) -> RequestOptions[OrderPage]:
    from .types.order import Order
    from .types.order_page import OrderPage

    return RequestOptions(
        method="GET",
        path="/orders",
        parse={"200": _m.json_parser(OrderPage.from_dict, "OrderPage")},
        query=(("limit", limit), ("nextToken", next_token)),
        security=(("api_key",),),
    )


def search_orders(
    *,
    body: SearchOrdersBody | dict[str, _t.Any],
) -> RequestOptions[SearchOrdersResponse]:
    from .types.order import Order
    from .types.search_orders import SearchOrdersBody
    from .types.search_orders import SearchOrdersResponse

    return RequestOptions(
        method="POST",
        path="/orders/search",
        parse={
            "200": _m.json_parser(
                SearchOrdersResponse.from_dict, "SearchOrdersResponse"
            ),
        },
        json_body=_m.to_json_value(body),
        security=(("api_key",),),
    )


def list_customers(
    *,
    offset: int | None = None,
    limit: int | None = None,
) -> RequestOptions[list[Customer]]:
    from .types.customer import Customer

    return RequestOptions(
        method="GET",
        path="/customers",
        parse={
            "200": _m.json_parser(
                lambda _x0: _m.parse_list(_x0, Customer.from_dict), "list[Customer]"
            ),
        },
        query=(("offset", offset), ("limit", limit)),
    )


def stream_order_events(
    order_id: str,
) -> RequestOptions[str]:
    return RequestOptions(
        method="GET",
        path="/orders/{orderId}/events",
        parse={"200": _m.parse_text},
        path_params={"orderId": order_id},
        read_timeout=300.0,
    )


def get_invoice(
    order_id: str,
) -> RequestOptions[bytes]:
    return RequestOptions(
        method="GET",
        path="/orders/{orderId}/invoice",
        parse={"200": _m.parse_bytes},
        path_params={"orderId": order_id},
    )
