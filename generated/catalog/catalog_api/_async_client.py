"""The asynchronous client of Catalog API: ``AsyncClient``, one method per operation."""

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
    from .types.category import Category
    from .types.company import Company
    from .types.error import Error
    from .types.film import Film
    from .types.item_kind import ItemKind
    from .types.item_page import ItemPage
    from .types.person import Person
    from .types.person_query import PersonQuery
    from .types.title_query import TitleQuery

__all__ = ["AsyncClient"]

DEFAULT_BASE_URL = "https://c4t4l0g001.execute-api.us-west-2.amazonaws.com/v1"


class AsyncClient(AsyncAPIClient):
    """Asynchronous client for Catalog API.

    ``base_url`` defaults to ``$CATALOG_API_BASE_URL``, then to the definition's server
    (https://c4t4l0g001.execute-api.us-west-2.amazonaws.com/v1); ``api_key`` defaults to ``$CATALOG_API_API_KEY``.
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
            base_url_env="CATALOG_API_BASE_URL",
            api_key=api_key,
            api_key_env="CATALOG_API_API_KEY",
            token=token,
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

    async def list_items(
        self,
        *,
        kind: ItemKind | str | None = None,
        published_after: _dt.date | str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> ItemPage:
        """GET /items

        List catalogue items

        Books and films in one page, newest first.
        """
        return await self._call(
            _operations.list_items(kind=kind, published_after=published_after),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def create_item(
        self,
        *,
        body: Book | Film,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Book | Film:
        """POST /items

        Add an item

        A book or a film, told apart by `kind`.
        """
        return await self._call(
            _operations.create_item(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def get_item(
        self,
        item_id: _uuid.UUID | str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Book | Film:
        """GET /items/{itemId}

        Get one item

        A book or a film; the `kind` property says which.
        """
        return await self._call(
            _operations.get_item(item_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def download_cover(
        self,
        item_id: _uuid.UUID | str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> bytes:
        """GET /items/{itemId}/cover

        Download the cover image

        The raw image bytes (API Gateway passes them through as a binary media type).
        """
        return await self._call(
            _operations.download_cover(item_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def search(
        self,
        *,
        body: TitleQuery | PersonQuery,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> list[Person | Company]:
        """POST /search

        Search by title or by person

        The body matches a title query, a person query, or both; results are people and companies.
        """
        return await self._call(
            _operations.search(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def get_category_tree(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> list[Category]:
        """GET /categories

        Get the category tree

        Root categories, each with its children nested to any depth.
        """
        return await self._call(
            _operations.get_category_tree(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
