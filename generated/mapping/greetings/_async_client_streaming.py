"""``AsyncClientWithStreamingResponse``: the operations of ``AsyncClient``, their responses streamed."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._streaming import AsyncStreamedResponse
from ._types import NOT_GIVEN, UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    import httpx

    from ._async_client import AsyncClient
    from ._types import BinaryContent, FileContent, NotGiven
    from .types.error import Error
    from .types.greet import GreetLang
    from .types.greeting import Greeting
    from .types.tally import Tally
    from .types.tally_request import TallyRequest

__all__ = ["AsyncClientWithStreamingResponse"]


class AsyncClientWithStreamingResponse:
    """Operations of ``AsyncClient`` whose response is read only when asked: ``async with`` one."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    def greet(
        self,
        name: str,
        *,
        lang: GreetLang | str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[Greeting]:
        """GET /greetings/{name} (streamed response)."""
        return self._client._streamed(
            _operations.greet(name, lang=lang),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def tally(
        self,
        *,
        body: TallyRequest | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[Tally]:
        """POST /tally (streamed response)."""
        return self._client._streamed(
            _operations.tally(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
