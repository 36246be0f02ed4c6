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
    from .types.attachment import Attachment
    from .types.error import Error
    from .types.new_note import NewNote
    from .types.note import Note
    from .types.note_list import NoteList
    from .types.post_notes_by_note_id_attachments import (
        PostNotesByNoteIdAttachmentsBody,
    )
    from .types.stats import Stats

__all__ = ["AsyncClientWithStreamingResponse"]


class AsyncClientWithStreamingResponse:
    """Operations of ``AsyncClient`` whose response is read only when asked: ``async with`` one."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    def get_notes(
        self,
        *,
        q: str | None = None,
        page: int | None = None,
    ) -> AsyncStreamedResponse[NoteList]:
        """GET /notes (streamed response)."""
        return self._client._streamed(_operations.get_notes(q=q, page=page))

    def post_notes(
        self,
        *,
        body: NewNote | dict[str, _t.Any],
    ) -> AsyncStreamedResponse[Note]:
        """POST /notes (streamed response)."""
        return self._client._streamed(_operations.post_notes(body=body))

    def get_notes_by_note_id(
        self,
        note_id: str,
    ) -> AsyncStreamedResponse[Note]:
        """GET /notes/{noteId} (streamed response)."""
        return self._client._streamed(_operations.get_notes_by_note_id(note_id))

    def delete_notes_by_note_id(
        self,
        note_id: str,
    ) -> AsyncStreamedResponse[_t.Any]:
        """DELETE /notes/{noteId} (streamed response)."""
        return self._client._streamed(_operations.delete_notes_by_note_id(note_id))

    def post_notes_by_note_id_attachments(
        self,
        note_id: str,
        *,
        body: PostNotesByNoteIdAttachmentsBody | dict[str, _t.Any],
    ) -> AsyncStreamedResponse[Attachment]:
        """POST /notes/{noteId}/attachments (streamed response)."""
        return self._client._streamed(
            _operations.post_notes_by_note_id_attachments(note_id, body=body)
        )

    def get_files_by_proxy(
        self,
        proxy: str,
    ) -> AsyncStreamedResponse[bytes]:
        """GET /files/{proxy+} (streamed response)."""
        return self._client._streamed(_operations.get_files_by_proxy(proxy))

    def any_echo(
        self,
        *,
        http_method: str = "GET",
    ) -> AsyncStreamedResponse[_t.Any]:
        """ANY /echo (streamed response)."""
        return self._client._streamed(_operations.any_echo(http_method=http_method))

    def get_admin_stats(
        self,
    ) -> AsyncStreamedResponse[Stats]:
        """GET /admin/stats (streamed response)."""
        return self._client._streamed(_operations.get_admin_stats())
