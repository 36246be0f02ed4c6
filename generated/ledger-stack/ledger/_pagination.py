"""Pages of a paginated operation: its items across every page, or the pages one by one.

A paginated method returns the first page (``SyncPage``; the async client's ``AsyncPaginator`` is
awaited for it, or iterated with ``async for``). Iterating a page yields its items, then fetches the
next page and yields its items, until the API stops giving a continuation. Loaded at the first
paginated call, not on import.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import parse_qsl

import httpx

from ._types import Unset

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, RequestOptions, SyncAPIClient

__all__ = [
    "AsyncPage",
    "AsyncPaginator",
    "BasePage",
    "NextPageError",
    "Paging",
    "SyncPage",
]

ItemT = TypeVar("ItemT")
BodyT = TypeVar("BodyT")


@dataclass(frozen=True)
class Paging:
    """How an operation continues (decided by the generator from the definition)."""

    # "token": the body's next_field goes back as request_param (in the query or the JSON body);
    # "link": the Link header's rel="next" URL; "offset": request_param grows by the items received.
    style: str
    items: str = (
        ""  # the parsed body's attribute holding the items; "" when the body is the list
    )
    items_wire: str = ""  # the same in the JSON, for a body parsed as a plain dict
    next_field: str = ""
    request_param: str = ""
    request_in: str = "query"


class NextPageError(ValueError):
    """A next page that cannot be fetched safely (a ``Link`` to another host would get the credentials)."""


def _items(body: Any, paging: Paging) -> list[Any]:
    if isinstance(body, Mapping):
        value = body.get(paging.items_wire) if paging.items_wire else None
    else:
        value = getattr(body, paging.items, None) if paging.items else body
    if (
        value is None
        or isinstance(value, Unset)
        or isinstance(value, (str, bytes, Mapping))
    ):
        return []
    return list(value)


def _sent(options: RequestOptions[Any], paging: Paging) -> Any:
    """The value the request sent in ``request_param``, or None."""
    if paging.request_in == "body":
        body = options.json_body
        return body.get(paging.request_param) if isinstance(body, Mapping) else None
    for name, value in options.query:
        if name == paging.request_param and value is not None:
            return value
    return None


def _with_query(
    options: RequestOptions[Any], name: str, value: Any
) -> RequestOptions[Any]:
    query = [(k, v) for k, v in options.query if k != name]
    query.append((name, value))
    return replace(options, query=tuple(query))


def _next_options(
    options: RequestOptions[Any],
    paging: Paging,
    response: httpx.Response,
    count: int,
    base_url: str,
) -> RequestOptions[Any] | None:
    """The request for the page after this one; None on the last page."""
    if paging.style == "offset":
        if count == 0:
            return None
        try:
            offset = int(_sent(options, paging) or 0)
        except (TypeError, ValueError):
            offset = 0
        return _with_query(options, paging.request_param, offset + count)
    if paging.style == "link":
        return _link_options(options, response, base_url)
    try:
        data = response.json()
    except ValueError:
        return None
    token = data.get(paging.next_field) if isinstance(data, dict) else None
    # A server answering with the token it was sent would make the iteration endless.
    if token in (None, "", {}, []) or token == _sent(options, paging):
        return None
    if paging.request_in == "body":
        body = dict(options.json_body) if isinstance(options.json_body, Mapping) else {}
        body[paging.request_param] = token
        return replace(options, json_body=body)
    if not isinstance(token, (str, int, float)):
        token = json.dumps(
            token, separators=(",", ":")
        )  # LastEvaluatedKey in a query string
    return _with_query(options, paging.request_param, token)


def _link_options(
    options: RequestOptions[Any], response: httpx.Response, base_url: str
) -> RequestOptions[Any] | None:
    link = response.links.get("next", {}).get("url")
    if not link:
        return None
    url = response.request.url.join(link)
    base = httpx.URL(base_url)
    base_path = base.raw_path.decode("ascii").split("?", 1)[0].rstrip("/")
    path = url.raw_path.decode("ascii").split("?", 1)[0]
    if (url.scheme, url.host, url.port) != (
        base.scheme,
        base.host,
        base.port,
    ) or not path.startswith(base_path + "/"):
        # The credentials go with every request: never to a host the client was not given.
        raise NextPageError(
            f"the next page's URL {url.copy_with(query=None)} is not under the client's base URL {base_url}"
        )
    query = tuple(parse_qsl(url.query.decode("ascii"), keep_blank_values=True))
    return replace(options, path=path[len(base_path) :], path_params={}, query=query)


class BasePage(Generic[ItemT, BodyT]):
    """One page: ``items`` (this page's), ``body`` (the parsed response, with every field of the page),
    ``http_response``; ``has_next_page()`` tells whether another page follows."""

    def __init__(
        self,
        options: RequestOptions[BodyT],
        paging: Paging,
        response: httpx.Response,
        body: BodyT,
        base_url: str,
        previous: list[Any] | None = None,
    ) -> None:
        self.body = body
        self.http_response = response
        self.items: list[ItemT] = _items(body, paging)
        self._options = options
        self._paging = paging
        self._next: RequestOptions[BodyT] | None | NextPageError = None
        # A server that ignores the offset answers the same page again and again: a page
        # repeating the one before is the end (its items are not yielded a second time).
        self._repeats = (
            paging.style == "offset" and previous is not None and self.items == previous
        )
        if self._repeats:
            return
        try:
            self._next = _next_options(
                options, paging, response, len(self.items), base_url
            )
        except NextPageError as exc:
            self._next = exc  # raised by get_next_page(), not while reading this page

    def has_next_page(self) -> bool:
        return self._next is not None

    def _next_page_options(self) -> RequestOptions[BodyT]:
        if isinstance(self._next, NextPageError):
            raise self._next
        if self._next is None:
            raise RuntimeError(
                "there is no next page; check has_next_page() before get_next_page()"
            )
        return self._next

    def __repr__(self) -> str:
        return f"<{type(self).__name__} items={len(self.items)} has_next_page={self.has_next_page()}>"


class SyncPage(BasePage[ItemT, BodyT]):
    """A page of the synchronous client; iterating it yields the items of this page and every next one."""

    def __init__(
        self,
        client: SyncAPIClient,
        options: RequestOptions[BodyT],
        paging: Paging,
        response: httpx.Response,
        body: BodyT,
        previous: list[Any] | None = None,
    ) -> None:
        super().__init__(options, paging, response, body, client.base_url, previous)
        self._client = client

    @classmethod
    def fetch(
        cls,
        client: SyncAPIClient,
        options: RequestOptions[BodyT],
        paging: Paging,
        previous: list[Any] | None = None,
    ) -> SyncPage[Any, BodyT]:
        response = client._send(options)
        body = client._parser(options, response)(response)
        return cls(client, options, paging, response, body, previous)

    def get_next_page(self) -> SyncPage[ItemT, BodyT]:
        return self.fetch(
            self._client, self._next_page_options(), self._paging, self.items
        )

    def iter_pages(self) -> Iterator[SyncPage[ItemT, BodyT]]:
        page = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            if page._repeats:
                return
            yield page

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(BasePage[ItemT, BodyT]):
    """A page of the asynchronous client; ``async for`` over it yields the items of every page."""

    def __init__(
        self,
        client: AsyncAPIClient,
        options: RequestOptions[BodyT],
        paging: Paging,
        response: httpx.Response,
        body: BodyT,
        previous: list[Any] | None = None,
    ) -> None:
        super().__init__(options, paging, response, body, client.base_url, previous)
        self._client = client

    @classmethod
    async def fetch(
        cls,
        client: AsyncAPIClient,
        options: RequestOptions[BodyT],
        paging: Paging,
        previous: list[Any] | None = None,
    ) -> AsyncPage[Any, BodyT]:
        response = await client._send(options)
        body = client._parser(options, response)(response)
        return cls(client, options, paging, response, body, previous)

    async def get_next_page(self) -> AsyncPage[ItemT, BodyT]:
        return await self.fetch(
            self._client, self._next_page_options(), self._paging, self.items
        )

    async def iter_pages(self) -> AsyncIterator[AsyncPage[ItemT, BodyT]]:
        page = self
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            if page._repeats:
                return
            yield page

    async def _all_items(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item

    def __aiter__(self) -> AsyncIterator[ItemT]:
        return self._all_items()


class AsyncPaginator(Generic[ItemT, BodyT]):
    """What a paginated method of the async client returns: ``await`` it for the first page, or
    ``async for`` over it for every item of every page. Nothing is sent until then."""

    def __init__(
        self, client: AsyncAPIClient, options: RequestOptions[BodyT], paging: Paging
    ) -> None:
        self._client = client
        self._options = options
        self._paging = paging

    async def _first(self) -> AsyncPage[ItemT, BodyT]:
        page: AsyncPage[ItemT, BodyT] = await AsyncPage.fetch(
            self._client, self._options, self._paging
        )
        return page

    def __await__(self) -> Generator[Any, None, AsyncPage[ItemT, BodyT]]:
        return self._first().__await__()

    async def _all_items(self) -> AsyncIterator[ItemT]:
        page = await self._first()
        async for item in page:
            yield item

    def __aiter__(self) -> AsyncIterator[ItemT]:
        return self._all_items()
