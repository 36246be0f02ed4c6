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
    from .types.attachment import Attachment
    from .types.error import Error
    from .types.new_note import NewNote
    from .types.note import Note
    from .types.note_list import NoteList
    from .types.post_notes_by_note_id_attachments import (
        PostNotesByNoteIdAttachmentsBody,
    )
    from .types.stats import Stats

__all__ = ["AsyncClientWithRawResponse"]


class AsyncClientWithRawResponse:
    """Operations of ``AsyncClient`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def get_notes(
        self,
        *,
        q: str | None = None,
        page: int | None = None,
    ) -> APIResponse[NoteList]:
        """GET /notes (raw response)."""
        return await self._client._call_raw(_operations.get_notes(q=q, page=page))

    async def post_notes(
        self,
        *,
        body: NewNote | dict[str, _t.Any],
    ) -> APIResponse[Note]:
        """POST /notes (raw response)."""
        return await self._client._call_raw(_operations.post_notes(body=body))

    async def get_notes_by_note_id(
        self,
        note_id: str,
    ) -> APIResponse[Note]:
        """GET /notes/{noteId} (raw response)."""
        return await self._client._call_raw(_operations.get_notes_by_note_id(note_id))

    async def delete_notes_by_note_id(
        self,
        note_id: str,
    ) -> APIResponse[_t.Any]:
        """DELETE /notes/{noteId} (raw response)."""
        return await self._client._call_raw(
            _operations.delete_notes_by_note_id(note_id)
        )

    async def post_notes_by_note_id_attachments(
        self,
        note_id: str,
        *,
        body: PostNotesByNoteIdAttachmentsBody | dict[str, _t.Any],
    ) -> APIResponse[Attachment]:
        """POST /notes/{noteId}/attachments (raw response)."""
        return await self._client._call_raw(
            _operations.post_notes_by_note_id_attachments(note_id, body=body)
        )

    async def get_files_by_proxy(
        self,
        proxy: str,
    ) -> APIResponse[bytes]:
        """GET /files/{proxy+} (raw response)."""
        return await self._client._call_raw(_operations.get_files_by_proxy(proxy))

    async def any_echo(
        self,
        *,
        http_method: str = "GET",
    ) -> APIResponse[_t.Any]:
        """ANY /echo (raw response)."""
        return await self._client._call_raw(
            _operations.any_echo(http_method=http_method)
        )

    async def get_admin_stats(
        self,
    ) -> APIResponse[Stats]:
        """GET /admin/stats (raw response)."""
        return await self._client._call_raw(_operations.get_admin_stats())
