"""``ClientWithStreamingResponse``: the operations of ``Client``, their responses streamed."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._streaming import StreamedResponse
from ._types import NOT_GIVEN, UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    import httpx

    from ._client import Client
    from ._types import BinaryContent, FileContent, NotGiven
    from .types.status import Status
    from .types.who_am_i import WhoAmIResponse

__all__ = ["ClientWithStreamingResponse"]


class ClientWithStreamingResponse:
    """Operations of ``Client`` whose response is read only when asked: ``with`` one."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get_status(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Status]:
        """GET /status (streamed response)."""
        return self._client._streamed(
            _operations.get_status(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def who_am_i(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[WhoAmIResponse]:
        """GET /me (streamed response)."""
        return self._client._streamed(
            _operations.who_am_i(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
