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
    "RequestAuthorizer": SecurityScheme(
        name="RequestAuthorizer",
        kind="lambda",
        location="header",
        param_name="Authorization",
        credential="request_authorizer",
    ),
}


def get_tracking_by_order_id(
    order_id: str,
) -> RequestOptions[_t.Any]:
    return RequestOptions(
        method="GET",
        path="/tracking/{orderId}",
        parse={"default": _m.parse_json},
        path_params={"orderId": order_id},
        security=(("RequestAuthorizer",),),
    )


def get_ping() -> RequestOptions[_t.Any]:
    return RequestOptions(
        method="GET",
        path="/ping",
        parse={"default": _m.parse_json},
    )
