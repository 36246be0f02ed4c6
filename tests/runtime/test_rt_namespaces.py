"""Resource namespaces: ``client.<tag>.<operation>(...)`` beside the flat names, typed, made on first use, for
the client generated from specs/feed.yaml (whose operations carry tags)."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import Recorder

from sdkgen.generate import generate
from sdkgen.generate.plan import CLIENT_ATTRIBUTES
from sdkgen.parse import load_api

ROOT = Path(__file__).resolve().parents[2]
FEED = ROOT / "generated" / "feed"
FEED_URL = "https://feed.example/prod"


@pytest.fixture(scope="module")
def feed() -> Iterator[ModuleType]:
    sys.path.insert(0, str(FEED))
    try:
        import order_feed_api

        yield order_feed_api
    finally:
        sys.path.remove(str(FEED))
        for name in [m for m in sys.modules if m == "order_feed_api" or m.startswith("order_feed_api.")]:
            del sys.modules[name]


def answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"items": [{"id": "o-1", "total": 1.0}]} if request.url.path.endswith("/orders") else [])


def test_operations_are_reachable_through_their_tags(feed: ModuleType) -> None:
    recorder = Recorder(answer)
    client = feed.Client(FEED_URL, api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(recorder)))
    assert [o.id for o in client.orders.list_orders(limit=1)] == ["o-1"]
    assert client.customers.list_customers().items == []
    assert client.orders is client.orders  # made once
    assert client.orders.get_invoice == client.get_invoice == client.invoices.get_invoice  # one per tag it has
    # A copy with other options has namespaces of its own, calling it rather than the original.
    copy = client.with_options(default_headers={"X-Copy": "1"})
    copy.orders.list_orders()
    assert recorder.last.headers["x-copy"] == "1"
    client.orders.list_orders()
    assert "x-copy" not in recorder.last.headers
    assert [r.url.path for r in recorder.requests] == ["/prod/orders", "/prod/customers", "/prod/orders", "/prod/orders"]
    assert "result = client.customers.list_customers()" in (FEED / "README.md").read_text()


def test_the_async_client_has_them_too(feed: ModuleType) -> None:
    async def run() -> list[str]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        client = feed.AsyncClient(FEED_URL, api_key="k", http_client=http)
        assert type(client.orders).__name__ == "AsyncOrdersOperations"
        return [o.id async for o in client.orders.list_orders()]

    assert asyncio.run(run()) == ["o-1"]


def test_namespaces_load_on_first_use() -> None:
    code = (
        "import sys, order_feed_api as pkg; c = pkg.Client('http://127.0.0.1:9');"
        "assert 'order_feed_api._resources' not in sys.modules; c.orders;"
        "assert 'order_feed_api._resources' in sys.modules and 'order_feed_api._async_client' not in sys.modules;"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=FEED, timeout=60)
    assert result.stdout.strip() == "ok", result.stderr


def test_no_namespace_shadows_an_operation_or_an_attribute_of_the_client(rtpkg: ModuleType, make_client: Any) -> None:
    # The planner's list of the clients' public attributes is the runtime's, sync and async.
    sync = make_client(Recorder())
    public = {n for n in dir(sync) if not n.startswith("_")}
    public |= {n for n in dir(rtpkg._base_client.AsyncAPIClient) if not n.startswith("_")}
    assert public | {"with_raw_response", "with_streaming_response"} == CLIENT_ATTRIBUTES
    definition = load_api(ROOT / "specs" / "feed.yaml").api
    tags = {"listOrders": ["with_options", "list-customers", "Orders"], "listCustomers": ["orders", "!!"]}
    for op in definition.operations:
        op.tags = tags.get(op.operation_id or "", [])
    files = generate(definition, "feed_tags").files
    resources = files["feed_tags/_resources.py"]
    # with_options and list_customers are taken; "Orders" and "orders" are one namespace; "!!" has no name.
    assert resources.count("class ") == 2 and "class OrdersOperations" in resources
    assert "self.list_orders = client.list_orders" in resources and "self.list_customers = client.list_customers" in resources
    assert "def orders(self)" in files["feed_tags/_client.py"] and "def with_options" not in files["feed_tags/_client.py"]


def test_namespaced_calls_are_typed(tmp_path: Path) -> None:
    """mypy --strict sees each namespaced method with its own signature and return type."""
    use = tmp_path / "use.py"
    use.write_text(textwrap.dedent("""
        from order_feed_api import Client
        client = Client("https://x.example")
        page = client.orders.list_orders(limit=2)
        reveal_type(page)
        client.customers.list_customers(limit="two")
    """))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--follow-imports=silent", str(use)],
        capture_output=True, text=True, cwd=FEED, timeout=600, env={"PATH": "/usr/bin:/bin", "MYPYPATH": str(FEED)},
    )  # fmt: skip
    out = result.stdout
    assert 'Revealed type is "order_feed_api._pagination.SyncPage[order_feed_api.types.order.Order' in out, out
    assert 'use.py:6: error: Argument "limit" has incompatible type "str"; expected "int | None"' in out, out
    assert out.count("error:") == 1, out


def test_namespaces_and_logging_against_the_mock_gateway(feed: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    """End to end over real sockets: tagged operations through ``sdkgen mock``, each exchange logged, the key redacted."""
    from sdkgen.mock import create_app
    from sdkgen.mock.server import ServerThread

    key = "k" * 20
    caplog.set_level(logging.DEBUG, logger="order_feed_api")
    app = create_app(ROOT / "specs" / "feed.yaml", {"api_keys": [{"id": "alice", "value": key}]})
    with ServerThread(app, max_seconds=60) as url, feed.Client(url + "/prod", api_key=key) as client:
        orders = list(client.orders.list_orders(limit=2))
        invoice = client.invoices.get_invoice("o-1")
    assert len(orders) == 4 and isinstance(invoice, bytes) and invoice
    lines = [r.getMessage() for r in caplog.records if r.name == "order_feed_api"]
    info = [line for line in lines if "headers:" not in line]
    assert [line.split(" ")[0] for line in info] == ["GET"] * 3
    assert info[0].startswith(f"GET {url}/prod/orders?limit=2 ") and info[0].endswith('"HTTP/1.1 200 OK"')
    assert "/prod/orders/o-1/invoice" in info[2]
    assert key not in "\n".join(lines) and "'x-api-key': '[redacted]'" in "\n".join(lines)


def test_a_tag_named_like_a_builtin_gets_a_namespace_that_shadows_nothing(tmp_path: Path) -> None:
    """A tag `list` made `def list(self)` in the client class, where every later `-> list[Event]` then named the
    method (mypy: "Function ... is not valid as a type"; a corpus definition, thebluealliance.com). Such a tag's
    namespace takes a trailing "_", as an operation of that name does, and the package passes mypy --strict."""
    from sdkgen.generate.write import write_tree
    from sdkgen.parse.naming import OPERATION_SHADOWS

    definition = load_api(ROOT / "specs" / "feed.yaml").api
    shadows = sorted(OPERATION_SHADOWS - {"annotations"})
    for index, op in enumerate(definition.operations):
        op.tags = [shadows[index % len(shadows)], shadows[(index + 1) % len(shadows)]]
    files = generate(definition, "feed_builtins").files
    client = files["feed_builtins/_client.py"]
    for name in shadows:
        assert f"def {name}(self)" not in client
    assert "def list_(self)" in client or "def dict_(self)" in client
    write_tree(tmp_path / "out", files)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "feed_builtins"],
        capture_output=True, text=True, cwd=tmp_path / "out", timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
