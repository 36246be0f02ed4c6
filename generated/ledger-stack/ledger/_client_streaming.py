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
    ) -> StreamedResponse[Balance]:
        """GET /accounts/{accountId}/balance (streamed response)."""
        return self._client._streamed(
            _operations.get_balance(account_id, x_ledger_currency=x_ledger_currency)
        )

    def list_entries(
        self,
        *,
        limit: str | None = None,
        cursor: str | None = None,
    ) -> StreamedResponse[EntryList]:
        """GET /entries (streamed response)."""
        return self._client._streamed(
            _operations.list_entries(limit=limit, cursor=cursor)
        )

    def add_entry(
        self,
        *,
        body: NewEntry | dict[str, _t.Any],
    ) -> StreamedResponse[Entry]:
        """POST /entries (streamed response)."""
        return self._client._streamed(_operations.add_entry(body=body))

    def get_entry(
        self,
        entry_id: str,
    ) -> StreamedResponse[Entry]:
        """GET /entries/{entryId} (streamed response)."""
        return self._client._streamed(_operations.get_entry(entry_id))

    def delete_entry(
        self,
        entry_id: str,
    ) -> StreamedResponse[None]:
        """DELETE /entries/{entryId} (streamed response)."""
        return self._client._streamed(_operations.delete_entry(entry_id))

    def health(
        self,
    ) -> StreamedResponse[Health]:
        """GET /health (streamed response)."""
        return self._client._streamed(_operations.health())
