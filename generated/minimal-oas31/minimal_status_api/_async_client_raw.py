"""``AsyncClientWithRawResponse``: the operations of ``AsyncClient``, returning the raw response."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._response import APIResponse
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._async_client import AsyncClient
    from ._types import FileContent
    from .types.status import Status
    from .types.who_am_i import WhoAmIResponse

__all__ = ["AsyncClientWithRawResponse"]


class AsyncClientWithRawResponse:
    """Operations of ``AsyncClient`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def get_status(
        self,
    ) -> APIResponse[Status]:
        """GET /status (raw response)."""
        return await self._client._call_raw(_operations.get_status())

    async def who_am_i(
        self,
    ) -> APIResponse[WhoAmIResponse]:
        """GET /me (raw response)."""
        return await self._client._call_raw(_operations.who_am_i())
