"""``AsyncClientWithRawResponse``: the operations of ``AsyncClient``, returning the raw response."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._response import APIResponse
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

__all__ = ["AsyncClientWithRawResponse"]


class AsyncClientWithRawResponse:
    """Operations of ``AsyncClient`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def greet(
        self,
        name: str,
        *,
        lang: GreetLang | str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Greeting]:
        """GET /greetings/{name} (raw response)."""
        return await self._client._call_raw(
            _operations.greet(name, lang=lang),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def tally(
        self,
        *,
        body: TallyRequest | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Tally]:
        """POST /tally (raw response)."""
        return await self._client._call_raw(
            _operations.tally(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
