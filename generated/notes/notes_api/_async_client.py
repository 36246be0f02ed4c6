"""The asynchronous client of Notes API: ``AsyncClient``, one method per operation."""

from __future__ import annotations

import typing as _t

import httpx

from . import _operations
from ._base_client import AsyncAPIClient
from ._types import NOT_GIVEN, UNSET, AsyncToken

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._async_client_raw import AsyncClientWithRawResponse
    from ._async_client_streaming import AsyncClientWithStreamingResponse
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

__all__ = ["AsyncClient"]

DEFAULT_BASE_URL = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/dev"


class AsyncClient(AsyncAPIClient):
    """Asynchronous client for Notes API.

    ``base_url`` defaults to ``$NOTES_API_BASE_URL``, then to the definition's server
    (https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/dev); ``api_key`` defaults to ``$NOTES_API_API_KEY``.
    ``token`` is a JWT/OAuth2/Cognito token, or a callable returning one (fetched again near expiry).
    ``strict_response_validation=True`` raises ``APIResponseValidationError`` for a 2xx body that differs
    from the definition, instead of keeping what came where it differs.
    ``default_headers`` and ``default_query`` go with every request; ``idempotency_header="Idempotency-Key"``
    sends a key made once per call (and kept across its retries) with every POST, PUT, PATCH and DELETE,
    which lets POST and PATCH be retried on connection errors and 502/503/504 too.
    Every method also takes ``extra_headers``, ``extra_query``, ``extra_body``, ``timeout`` and
    ``idempotency_key`` for that call only.
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        api_key: str | None = None,
        token: AsyncToken | None = None,
        notes_authorizer: str | None = None,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        aws_region: str | None = None,
        max_retries: int = 3,
        timeout: float | httpx.Timeout | None = 30.0,
        http_client: httpx.AsyncClient | None = None,
        strict_response_validation: bool = False,
        default_headers: _t.Mapping[str, str] | None = None,
        default_query: _t.Mapping[str, object] | None = None,
        idempotency_header: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            default_base_url=DEFAULT_BASE_URL,
            base_url_env="NOTES_API_BASE_URL",
            api_key=api_key,
            api_key_env="NOTES_API_API_KEY",
            token=token,
            credentials={
                "notes_authorizer": notes_authorizer,
                "aws": (
                    aws_access_key_id,
                    aws_secret_access_key,
                    aws_session_token,
                    aws_region,
                ),
            },
            security_schemes=_operations.SECURITY_SCHEMES,
            max_retries=max_retries,
            timeout=timeout,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            default_headers=default_headers,
            default_query=default_query,
            idempotency_header=idempotency_header,
        )

    @property
    def with_raw_response(self) -> AsyncClientWithRawResponse:
        """The same operations, returning the raw response (status, headers) with a ``parse()`` method."""
        from ._async_client_raw import AsyncClientWithRawResponse

        return AsyncClientWithRawResponse(self)

    @property
    def with_streaming_response(self) -> AsyncClientWithStreamingResponse:
        """The same operations, as context managers: the response is read only when asked (``iter_bytes()``, ``parse()``, ...)."""
        from ._async_client_streaming import AsyncClientWithStreamingResponse

        return AsyncClientWithStreamingResponse(self)

    async def get_notes(
        self,
        *,
        q: str | None = None,
        page: int | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> NoteList:
        """GET /notes

        Search notes

        Notes of the caller whose title or body contains `q`, 20 per page.
        """
        return await self._call(
            _operations.get_notes(q=q, page=page),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def post_notes(
        self,
        *,
        body: NewNote | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Note:
        """POST /notes

        Create a note
        """
        return await self._call(
            _operations.post_notes(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def get_notes_by_note_id(
        self,
        note_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Note:
        """GET /notes/{noteId}

        Get a note

        The note with its attachments' metadata.
        """
        return await self._call(
            _operations.get_notes_by_note_id(note_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def delete_notes_by_note_id(
        self,
        note_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> _t.Any:
        """DELETE /notes/{noteId}"""
        return await self._call(
            _operations.delete_notes_by_note_id(note_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def post_notes_by_note_id_attachments(
        self,
        note_id: str,
        *,
        body: PostNotesByNoteIdAttachmentsBody | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Attachment:
        """POST /notes/{noteId}/attachments

        Attach a file to a note
        """
        return await self._call(
            _operations.post_notes_by_note_id_attachments(note_id, body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def get_files_by_proxy(
        self,
        proxy: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> bytes:
        """GET /files/{proxy+}

        Download a stored file

        The key may span several path segments, e.g. `n-42/receipt.png`.
        """
        return await self._call(
            _operations.get_files_by_proxy(proxy),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def put_files_by_proxy(
        self,
        proxy: str,
        *,
        body: BinaryContent,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> _t.Any:
        """PUT /files/{proxy+}

        Store a file

        The request body is the file's bytes, stored under the key.
        """
        return await self._call(
            _operations.put_files_by_proxy(proxy, body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def any_echo(
        self,
        *,
        http_method: str = "GET",
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> _t.Any:
        """ANY /echo

        Echo the request

        Any HTTP method; the backend answers with what it received.
        """
        return await self._call(
            _operations.any_echo(http_method=http_method),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def get_admin_stats(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Stats:
        """GET /admin/stats

        Usage statistics (IAM)
        """
        return await self._call(
            _operations.get_admin_stats(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
