"""Paginated operations over httpx.MockTransport: the client generated from specs/feed.yaml (token in the
query, DynamoDB's LastEvaluatedKey in the body, offset) and the runtime alone (Link headers)."""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import BASE_URL, Recorder

from sdkgen.generate import generate
from sdkgen.generate.write import write_tree
from sdkgen.parse import load_api

FEED = Path(__file__).resolve().parents[2] / "specs" / "feed.yaml"
FEED_URL = "https://feed.example/prod"
ORDERS = [{"id": f"o-{n}", "total": float(n)} for n in range(5)]


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("feed") / "feed"
    write_tree(out, generate(load_api(FEED).api, "order_feed_api").files)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("order_feed_api")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "order_feed_api" or m.startswith("order_feed_api.")]:
            del sys.modules[name]


def token_pages(request: httpx.Request) -> httpx.Response:
    """Two orders a page; the nextToken is the index of the next page's first order."""
    start = int(request.url.params.get("nextToken", "0"))
    body: dict[str, Any] = {"items": ORDERS[start : start + 2]}
    if start + 2 < len(ORDERS):
        body["nextToken"] = str(start + 2)
    return httpx.Response(200, json=body)


def sync_client(feed: ModuleType, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    return feed.Client(FEED_URL, api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(handler)))


def async_client(feed: ModuleType, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    return feed.AsyncClient(FEED_URL, api_key="k", http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))


def test_iterating_a_page_yields_every_item_of_every_page(feed: ModuleType) -> None:
    recorder = Recorder(token_pages)
    page = sync_client(feed, recorder).list_orders(limit=2)
    assert len(recorder.requests) == 1  # the first page, fetched by the call
    assert [o.id for o in page.items] == ["o-0", "o-1"]
    assert page.body.next_token == "2" and page.has_next_page()
    orders = list(page)
    assert [o.id for o in orders] == [o["id"] for o in ORDERS]
    assert all(isinstance(o, feed.types.Order) for o in orders)
    sent = [(r.url.params.get("nextToken"), r.url.params.get("limit")) for r in recorder.requests]
    assert sent == [(None, "2"), ("2", "2"), ("4", "2")]  # the other parameters go with every page
    assert all(r.headers["x-api-key"] == "k" for r in recorder.requests)


def test_pages_one_by_one(feed: ModuleType) -> None:
    page = sync_client(feed, Recorder(token_pages)).list_orders()
    pages = list(page.iter_pages())
    assert [len(p.items) for p in pages] == [2, 2, 1]
    assert [p.has_next_page() for p in pages] == [True, True, False]
    second = page.get_next_page()
    assert [o.id for o in second.items] == ["o-2", "o-3"]
    with pytest.raises(RuntimeError, match="no next page"):
        pages[-1].get_next_page()


def test_async_paginator_is_awaited_for_a_page_or_iterated_for_every_item(feed: ModuleType) -> None:
    async def run() -> tuple[list[str], list[str], list[int], int]:
        recorder = Recorder(token_pages)
        client = async_client(feed, recorder)
        paginator = client.list_orders()
        assert not recorder.requests  # nothing is sent until awaited or iterated
        every = [o.id async for o in paginator]
        first = await client.list_orders()
        mine = [o.id for o in first.items]
        sizes = [len(p.items) async for p in first.iter_pages()]
        return every, mine, sizes, len(recorder.requests)

    every, first, sizes, requests = asyncio.run(run())
    assert every == [o["id"] for o in ORDERS]
    assert first == ["o-0", "o-1"]
    assert sizes == [2, 2, 1]
    assert requests == 3 + 3


def test_last_evaluated_key_goes_back_as_the_body_s_exclusive_start_key(feed: ModuleType) -> None:
    def scan(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        start = sent.get("ExclusiveStartKey", {"n": 0})["n"]
        body: dict[str, Any] = {"Items": ORDERS[start : start + 3]}
        if start + 3 < len(ORDERS):
            body["LastEvaluatedKey"] = {"n": start + 3}
        return httpx.Response(200, json=body)

    recorder = Recorder(scan)
    found = list(sync_client(feed, recorder).search_orders(body={"status": "paid"}))
    assert [o.id for o in found] == [o["id"] for o in ORDERS]
    bodies = [json.loads(r.content) for r in recorder.requests]
    assert bodies == [{"status": "paid"}, {"status": "paid", "ExclusiveStartKey": {"n": 3}}]


def test_offset_grows_by_the_items_received_until_an_empty_page(feed: ModuleType) -> None:
    customers = [{"id": f"c-{n}"} for n in range(5)]

    def by_offset(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        return httpx.Response(200, json=customers[offset : offset + 2])

    recorder = Recorder(by_offset)
    found = list(sync_client(feed, recorder).list_customers(limit=2))
    assert [c.id for c in found] == [c["id"] for c in customers]
    assert [r.url.params.get("offset") for r in recorder.requests] == [None, "2", "4", "5"]


def test_a_server_ignoring_the_offset_does_not_loop_forever(feed: ModuleType) -> None:
    # The same two customers whatever the offset: the second page repeats the first, which ends it.
    def same_page(request: httpx.Request) -> httpx.Response:
        # Bounded: a client that loops fails here rather than hanging the suite.
        assert len(recorder.requests) <= 50, "the client kept asking for the same page"
        return httpx.Response(200, json=[{"id": "c-0"}, {"id": "c-1"}])

    recorder = Recorder(same_page)
    client = sync_client(feed, recorder)
    assert [c.id for c in client.list_customers(limit=2)] == ["c-0", "c-1"]
    assert [r.url.params.get("offset") for r in recorder.requests] == [None, "2"]
    assert len(list(client.list_customers(limit=2).iter_pages())) == 1
    repeated = client.list_customers(limit=2).get_next_page()
    assert not repeated.has_next_page()

    async def run() -> list[str]:
        return [c.id async for c in async_client(feed, recorder).list_customers(limit=2)]

    assert asyncio.run(run()) == ["c-0", "c-1"]
    # Pages that differ from the one before go on; the last one repeated ends it.
    pages = [[{"id": "a"}, {"id": "b"}], [{"id": "b"}, {"id": "c"}], [{"id": "c"}], []]
    shifting = Recorder(lambda r: httpx.Response(200, json=pages[int(r.url.params.get("offset", "0")) // 2]))
    assert [c.id for c in sync_client(feed, shifting).list_customers(limit=2)] == ["a", "b", "b", "c", "c"]


def test_a_server_repeating_its_token_does_not_loop_forever(feed: ModuleType) -> None:
    def same_token(request: httpx.Request) -> httpx.Response:
        assert len(recorder.requests) <= 50, "the client kept sending the same token"  # fails rather than hangs
        return httpx.Response(200, json={"items": ORDERS[:1], "nextToken": "same"})

    recorder = Recorder(same_token)
    assert len(list(sync_client(feed, recorder).list_orders())) == 2
    assert len(recorder.requests) == 2


def link_pages(request: httpx.Request) -> httpx.Response:
    page = int(request.url.params.get("page", "1"))
    headers = {"Link": f'<{BASE_URL}/things?page={page + 1}&per_page=1>; rel="next"'} if page < 3 else {}
    return httpx.Response(200, json=[{"n": page}], headers=headers)


def test_link_header_pages(make_client: Any, ops: Any) -> None:
    recorder = Recorder(link_pages)
    client = make_client(recorder)
    page = client._paginate(ops("GET", "/things", query=[("per_page", 1)]), style="link")
    assert [item["n"] for item in page] == [1, 2, 3]
    assert [str(r.url) for r in recorder.requests] == [
        f"{BASE_URL}/things?per_page=1",
        f"{BASE_URL}/things?page=2&per_page=1",
        f"{BASE_URL}/things?page=3&per_page=1",
    ]


def test_a_link_to_another_host_is_not_followed(make_client: Any, ops: Any, rtpkg: ModuleType) -> None:
    def elsewhere(request: httpx.Request) -> httpx.Response:
        assert len(recorder.requests) <= 50, "the client followed the link"  # fails rather than hangs
        return httpx.Response(200, json=[{"n": 1}], headers={"Link": '<https://evil.example/prod/things?page=2>; rel="next"'})

    recorder = Recorder(elsewhere)
    page = make_client(recorder, api_key="secret")._paginate(ops("GET", "/things"), style="link")
    assert page.has_next_page()
    with pytest.raises(rtpkg._pagination.NextPageError, match="evil.example"):
        list(page)
    assert len(recorder.requests) == 1


def test_async_link_pages(make_async_client: Any, ops: Any) -> None:
    async def run() -> list[int]:
        client = make_async_client(Recorder(link_pages))
        return [item["n"] async for item in client._paginate(ops("GET", "/things"), style="link")]

    assert asyncio.run(run()) == [1, 2, 3]


# -- against the mock gateway, over real sockets -----------------------------------------------
def test_every_page_from_the_mock_gateway(feed: ModuleType) -> None:
    from sdkgen.mock import create_app
    from sdkgen.mock.server import ServerThread

    seen: list[Any] = []
    app = create_app(FEED, {"api_keys": [{"id": "alice", "value": "k" * 20}]}, on_request=seen.append)
    with ServerThread(app, max_seconds=60) as url, feed.Client(url + "/prod", api_key="k" * 20) as client:
        orders = list(client.list_orders(limit=2))
        pages = list(client.list_orders().iter_pages())
        customers = list(client.list_customers(limit=5))
        searched = list(client.search_orders(body={"status": "paid"}).iter_pages())

    # The example's two orders on the first page, then the last page: the same orders, no nextToken.
    assert [o.id for o in orders] == ["o-1", "o-2", "o-1", "o-2"]
    assert [p.body.next_token for p in pages] == ["page-2", feed.UNSET]
    assert len(customers) > 0 and all(isinstance(c, feed.types.Customer) for c in customers)
    assert [(r.method, r.path, r.status) for r in seen][:2] == [("GET", "/prod/orders", 200)] * 2
    # DynamoDB-style: LastEvaluatedKey sent back in the JSON body as ExclusiveStartKey gets the last page.
    assert len(searched) == 2 and searched[1].items == searched[0].items != []
    assert searched[0].body.last_evaluated_key and not searched[1].has_next_page()
    assert [(r.method, r.path, r.status) for r in seen if r.path == "/prod/orders/search"] == [("POST", "/prod/orders/search", 200)] * 2


def test_every_item_from_the_mock_gateway_async(feed: ModuleType) -> None:
    from sdkgen.mock import create_app
    from sdkgen.mock.server import ServerThread

    async def run(url: str) -> list[str]:
        async with feed.AsyncClient(url + "/prod", api_key="k" * 20) as client:
            return [o.id async for o in client.list_orders()]

    app = create_app(FEED, {"api_keys": [{"id": "alice", "value": "k" * 20}]})
    with ServerThread(app, max_seconds=60) as url:
        assert asyncio.run(run(url)) == ["o-1", "o-2", "o-1", "o-2"]
