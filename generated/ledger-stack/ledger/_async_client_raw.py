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
    from .types.balance import Balance
    from .types.entry import Entry
    from .types.entry_list import EntryList
    from .types.error import Error
    from .types.health import Health
    from .types.new_entry import NewEntry

__all__ = ["AsyncClientWithRawResponse"]


class AsyncClientWithRawResponse:
    """Operations of ``AsyncClient`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def get_balance(
        self,
        account_id: str,
        *,
        x_ledger_currency: str | None = None,
    ) -> APIResponse[Balance]:
        """GET /accounts/{accountId}/balance (raw response)."""
        return await self._client._call_raw(
            _operations.get_balance(account_id, x_ledger_currency=x_ledger_currency)
        )

    async def list_entries(
        self,
        *,
        limit: str | None = None,
        cursor: str | None = None,
    ) -> APIResponse[EntryList]:
        """GET /entries (raw response)."""
        return await self._client._call_raw(
            _operations.list_entries(limit=limit, cursor=cursor)
        )

    async def add_entry(
        self,
        *,
        body: NewEntry | dict[str, _t.Any],
    ) -> APIResponse[Entry]:
        """POST /entries (raw response)."""
        return await self._client._call_raw(_operations.add_entry(body=body))

    async def get_entry(
        self,
        entry_id: str,
    ) -> APIResponse[Entry]:
        """GET /entries/{entryId} (raw response)."""
        return await self._client._call_raw(_operations.get_entry(entry_id))

    async def delete_entry(
        self,
        entry_id: str,
    ) -> APIResponse[None]:
        """DELETE /entries/{entryId} (raw response)."""
        return await self._client._call_raw(_operations.delete_entry(entry_id))

    async def health(
        self,
    ) -> APIResponse[Health]:
        """GET /health (raw response)."""
        return await self._client._call_raw(_operations.health())
