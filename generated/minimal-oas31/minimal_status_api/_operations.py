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
    from .types.status import Status
    from .types.who_am_i import WhoAmIResponse

SECURITY_SCHEMES: dict[str, SecurityScheme] = {
    "api_key": SecurityScheme(
        name="api_key",
        kind="api_key",
        location="header",
        param_name="x-api-key",
        credential="api_key",
    ),
    "bearer": SecurityScheme(
        name="bearer",
        kind="bearer",
        location="header",
        param_name="Authorization",
        credential="token",
    ),
}


def get_status() -> RequestOptions[Status]:
    from .types.status import Status

    return RequestOptions(
        method="GET",
        path="/status",
        parse={"200": _m.json_parser(Status.from_dict, "Status")},
        security=(("api_key",),),
    )


def who_am_i() -> RequestOptions[WhoAmIResponse]:
    from .types.who_am_i import WhoAmIResponse

    return RequestOptions(
        method="GET",
        path="/me",
        parse={"200": _m.json_parser(WhoAmIResponse.from_dict, "WhoAmIResponse")},
        security=(("bearer",),),
    )
