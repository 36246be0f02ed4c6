"""``AsyncClientWithStreamingResponse``: the operations of ``AsyncClient``, their responses streamed."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._streaming import AsyncStreamedResponse
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._async_client import AsyncClient
    from ._types import FileContent
    from .types.status import Status
    from .types.who_am_i import WhoAmIResponse

__all__ = ["AsyncClientWithStreamingResponse"]


class AsyncClientWithStreamingResponse:
    """Operations of ``AsyncClient`` whose response is read only when asked: ``async with`` one."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    def get_status(
        self,
    ) -> AsyncStreamedResponse[Status]:
        """GET /status (streamed response)."""
        return self._client._streamed(_operations.get_status())

    def who_am_i(
        self,
    ) -> AsyncStreamedResponse[WhoAmIResponse]:
        """GET /me (streamed response)."""
        return self._client._streamed(_operations.who_am_i())
