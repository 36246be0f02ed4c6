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

SECURITY_SCHEMES: dict[str, SecurityScheme] = {
    "api_key": SecurityScheme(
        name="api_key",
        kind="api_key",
        location="header",
        param_name="x-api-key",
        credential="api_key",
    ),
    "TokenAuthorizer": SecurityScheme(
        name="TokenAuthorizer",
        kind="lambda",
        location="header",
        param_name="Authorization",
        credential="token_authorizer",
    ),
}


def get_health() -> RequestOptions[_t.Any]:
    return RequestOptions(
        method="GET",
        path="/health",
        parse={"default": _m.parse_json},
    )


def post_orders() -> RequestOptions[_t.Any]:
    return RequestOptions(
        method="POST",
        path="/orders",
        parse={"default": _m.parse_json},
        security=(("TokenAuthorizer", "api_key"),),
    )


def get_orders() -> RequestOptions[_t.Any]:
    return RequestOptions(
        method="GET",
        path="/orders",
        parse={"default": _m.parse_json},
        security=(("TokenAuthorizer",),),
    )


def get_orders_by_order_id(
    order_id: str,
    *,
    x_request_id: str | None = None,
) -> RequestOptions[_t.Any]:
    return RequestOptions(
        method="GET",
        path="/orders/{orderId}",
        parse={"default": _m.parse_json},
        path_params={"orderId": order_id},
        headers={"X-Request-Id": x_request_id},
        security=(("TokenAuthorizer",),),
    )
