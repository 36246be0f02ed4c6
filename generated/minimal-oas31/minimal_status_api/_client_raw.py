"""``ClientWithRawResponse``: the operations of ``Client``, returning the raw response."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._response import APIResponse
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._client import Client
    from ._types import FileContent
    from .types.status import Status
    from .types.who_am_i import WhoAmIResponse

__all__ = ["ClientWithRawResponse"]


class ClientWithRawResponse:
    """Operations of ``Client`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get_status(
        self,
    ) -> APIResponse[Status]:
        """GET /status (raw response)."""
        return self._client._call_raw(_operations.get_status())

    def who_am_i(
        self,
    ) -> APIResponse[WhoAmIResponse]:
        """GET /me (raw response)."""
        return self._client._call_raw(_operations.who_am_i())
