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
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[NoteList]:
        """GET /notes (streamed response)."""
        return self._client._streamed(
            _operations.get_notes(q=q, page=page),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def post_notes(
        self,
        *,
        body: NewNote | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Note]:
        """POST /notes (streamed response)."""
        return self._client._streamed(
            _operations.post_notes(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_notes_by_note_id(
        self,
        note_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Note]:
        """GET /notes/{noteId} (streamed response)."""
        return self._client._streamed(
            _operations.get_notes_by_note_id(note_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def delete_notes_by_note_id(
        self,
        note_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[_t.Any]:
        """DELETE /notes/{noteId} (streamed response)."""
        return self._client._streamed(
            _operations.delete_notes_by_note_id(note_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def post_notes_by_note_id_attachments(
        self,
        note_id: str,
        *,
        body: PostNotesByNoteIdAttachmentsBody | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Attachment]:
        """POST /notes/{noteId}/attachments (streamed response)."""
        return self._client._streamed(
            _operations.post_notes_by_note_id_attachments(note_id, body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_files_by_proxy(
        self,
        proxy: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[bytes]:
        """GET /files/{proxy+} (streamed response)."""
        return self._client._streamed(
            _operations.get_files_by_proxy(proxy),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def put_files_by_proxy(
        self,
        proxy: str,
        *,
        body: BinaryContent,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[_t.Any]:
        """PUT /files/{proxy+} (streamed response)."""
        return self._client._streamed(
            _operations.put_files_by_proxy(proxy, body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def any_echo(
        self,
        *,
        http_method: str = "GET",
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[_t.Any]:
        """ANY /echo (streamed response)."""
        return self._client._streamed(
            _operations.any_echo(http_method=http_method),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_admin_stats(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> StreamedResponse[Stats]:
        """GET /admin/stats (streamed response)."""
        return self._client._streamed(
            _operations.get_admin_stats(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
