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
    from .types.balance import Balance
    from .types.entry import Entry
    from .types.entry_list import EntryList
    from .types.error import Error
    from .types.health import Health
    from .types.new_entry import NewEntry

__all__ = ["ClientWithStreamingResponse"]


class ClientWithStreamingResponse:
    """Operations of ``Client`` whose response is read only when asked: ``with`` one."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get_balance(
        self,
        account_id: str,
        *,
        x_ledger_currency: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Balance]:
        """GET /accounts/{accountId}/balance (streamed response)."""
        return self._client._streamed(
            _operations.get_balance(account_id, x_ledger_currency=x_ledger_currency),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def list_entries(
        self,
        *,
        limit: str | None = None,
        cursor: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[EntryList]:
        """GET /entries (streamed response)."""
        return self._client._streamed(
            _operations.list_entries(limit=limit, cursor=cursor),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def add_entry(
        self,
        *,
        body: NewEntry | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Entry]:
        """POST /entries (streamed response)."""
        return self._client._streamed(
            _operations.add_entry(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_entry(
        self,
        entry_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Entry]:
        """GET /entries/{entryId} (streamed response)."""
        return self._client._streamed(
            _operations.get_entry(entry_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def delete_entry(
        self,
        entry_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[None]:
        """DELETE /entries/{entryId} (streamed response)."""
        return self._client._streamed(
            _operations.delete_entry(entry_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def health(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Health]:
        """GET /health (streamed response)."""
        return self._client._streamed(
            _operations.health(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
