"""``ClientWithStreamingResponse``: the operations of ``Client``, their responses streamed."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._streaming import StreamedResponse
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._client import Client
    from ._types import FileContent
    from .types.status import Status
    from .types.who_am_i import WhoAmIResponse

__all__ = ["ClientWithStreamingResponse"]


class ClientWithStreamingResponse:
    """Operations of ``Client`` whose response is read only when asked: ``with`` one."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get_status(
        self,
    ) -> StreamedResponse[Status]:
        """GET /status (streamed response)."""
        return self._client._streamed(_operations.get_status())

    def who_am_i(
        self,
    ) -> StreamedResponse[WhoAmIResponse]:
        """GET /me (streamed response)."""
        return self._client._streamed(_operations.who_am_i())
