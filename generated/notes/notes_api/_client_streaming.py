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
    from .types.attachment import Attachment
    from .types.error import Error
    from .types.new_note import NewNote
    from .types.note import Note
    from .types.note_list import NoteList
    from .types.post_notes_by_note_id_attachments import (
        PostNotesByNoteIdAttachmentsBody,
    )
    from .types.stats import Stats

__all__ = ["ClientWithStreamingResponse"]


class ClientWithStreamingResponse:
    """Operations of ``Client`` whose response is read only when asked: ``with`` one."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get_notes(
        self,
        *,
        q: str | None = None,
        page: int | None = None,
    ) -> StreamedResponse[NoteList]:
        """GET /notes (streamed response)."""
        return self._client._streamed(_operations.get_notes(q=q, page=page))

    def post_notes(
        self,
        *,
        body: NewNote | dict[str, _t.Any],
    ) -> StreamedResponse[Note]:
        """POST /notes (streamed response)."""
        return self._client._streamed(_operations.post_notes(body=body))

    def get_notes_by_note_id(
        self,
        note_id: str,
    ) -> StreamedResponse[Note]:
        """GET /notes/{noteId} (streamed response)."""
        return self._client._streamed(_operations.get_notes_by_note_id(note_id))

    def delete_notes_by_note_id(
        self,
        note_id: str,
    ) -> StreamedResponse[_t.Any]:
        """DELETE /notes/{noteId} (streamed response)."""
        return self._client._streamed(_operations.delete_notes_by_note_id(note_id))

    def post_notes_by_note_id_attachments(
        self,
        note_id: str,
        *,
        body: PostNotesByNoteIdAttachmentsBody | dict[str, _t.Any],
    ) -> StreamedResponse[Attachment]:
        """POST /notes/{noteId}/attachments (streamed response)."""
        return self._client._streamed(
            _operations.post_notes_by_note_id_attachments(note_id, body=body)
        )

    def get_files_by_proxy(
        self,
        proxy: str,
    ) -> StreamedResponse[bytes]:
        """GET /files/{proxy+} (streamed response)."""
        return self._client._streamed(_operations.get_files_by_proxy(proxy))

    def any_echo(
        self,
        *,
        http_method: str = "GET",
    ) -> StreamedResponse[_t.Any]:
        """ANY /echo (streamed response)."""
        return self._client._streamed(_operations.any_echo(http_method=http_method))

    def get_admin_stats(
        self,
    ) -> StreamedResponse[Stats]:
        """GET /admin/stats (streamed response)."""
        return self._client._streamed(_operations.get_admin_stats())
