"""The asynchronous client of Library dev: ``AsyncClient``, one method per operation."""

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
    from .types.book import Book
    from .types.book_list import BookList
    from .types.new_book import NewBook

__all__ = ["AsyncClient"]

DEFAULT_BASE_URL = "https://libraryapi.execute-api.us-east-1.amazonaws.com/v1"


class AsyncClient(AsyncAPIClient):
    """Asynchronous client for Library dev.

    ``base_url`` defaults to ``$LIBRARY_DEV_BASE_URL``, then to the definition's server
    (https://libraryapi.execute-api.us-east-1.amazonaws.com/v1); ``api_key`` defaults to ``$LIBRARY_DEV_API_KEY``.
    ``token`` is a JWT/OAuth2/Cognito token, or a callable returning one (fetched again near expiry).
    ``access_token`` (the same kinds) goes to the operations whose security names OAuth scopes (a Cognito
    access token), ``token`` to the others (an ID token); either alone goes to all.
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
        access_token: AsyncToken | None = None,
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
            base_url_env="LIBRARY_DEV_BASE_URL",
            api_key=api_key,
            api_key_env="LIBRARY_DEV_API_KEY",
            token=token,
            access_token=access_token,
            credentials={},
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

    async def list_books(
        self,
        *,
        limit: int | None = None,
        author: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> BookList:
        """GET /books

        List books
        """
        return await self._call(
            _operations.list_books(limit=limit, author=author),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def add_book(
        self,
        *,
        body: NewBook | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Book:
        """POST /books

        Add a book
        """
        return await self._call(
            _operations.add_book(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def get_book(
        self,
        book_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Book:
        """GET /books/{bookId}

        One book
        """
        return await self._call(
            _operations.get_book(book_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
