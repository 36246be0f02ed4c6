"""The per-call options and idempotency keys through a generated package's own methods
(generated/shop, as committed): sync, async and raw, over httpx.MockTransport."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from rt_helpers import UNAVAILABLE, Recorder

SHOP = Path(__file__).resolve().parents[2] / "generated" / "shop"
PRODUCT = {"id": "p-1", "name": "Mug", "price": 9.5, "currency": "EUR"}
OPTIONS = ["extra_headers", "extra_query", "extra_body", "timeout", "idempotency_key"]


@pytest.fixture(scope="module")
def shop() -> Iterator[ModuleType]:
    sys.path.insert(0, str(SHOP))
    try:
        yield importlib.import_module("shop_api")
    finally:
        sys.path.remove(str(SHOP))
        for name in [m for m in sys.modules if m == "shop_api" or m.startswith("shop_api.")]:
            del sys.modules[name]


def test_every_method_of_every_client_takes_the_options(shop: ModuleType) -> None:
    from shop_api._async_client_raw import AsyncClientWithRawResponse
    from shop_api._client_raw import ClientWithRawResponse

    classes = [shop.Client, shop.AsyncClient, ClientWithRawResponse, AsyncClientWithRawResponse]
    for cls in classes:
        methods = [m for n, m in vars(cls).items() if inspect.isfunction(m) and not n.startswith("_")]
        assert len(methods) == 9, cls
        for method in methods:
            params = inspect.signature(method).parameters
            assert [params[n].kind for n in OPTIONS] == [inspect.Parameter.KEYWORD_ONLY] * 5, method


def test_generated_method_sends_the_extras(shop: ModuleType) -> None:
    recorder = Recorder(httpx.Response(201, json=PRODUCT), httpx.Response(200, json=PRODUCT))
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    client = shop.Client(api_key="k", token="t", http_client=http, default_headers={"X-Team": "a"})
    product = client.create_product(
        body={"name": "Mug", "price": 9.5, "currency": "EUR"},
        extra_headers={"X-Trace": "1"},
        extra_query={"dryRun": True},
        extra_body={"beta": True},
        timeout=5.0,
    )
    assert product.name == "Mug"
    request = recorder.last
    assert request.headers["X-Trace"] == "1" and request.headers["X-Team"] == "a"
    assert request.url.params["dryRun"] == "true"
    assert json.loads(request.content)["beta"] is True
    assert request.extensions["timeout"]["read"] == 5.0
    raw = client.with_raw_response.get_product("p-1", extra_headers={"X-Raw": "r"}, timeout=None)
    assert raw.parse().id == "p-1" and recorder.last.headers["X-Raw"] == "r"
    assert recorder.last.extensions["timeout"]["read"] is None


def test_generated_idempotency_key_is_kept_across_retries(shop: ModuleType) -> None:
    recorder = Recorder(UNAVAILABLE, httpx.Response(201, json=PRODUCT))
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    client = shop.Client(api_key="k", token="t", http_client=http, idempotency_header="Idempotency-Key")
    client._sleep = recorder.sleeps.append
    client.create_order(body={"items": []})
    first, second = recorder.requests
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"]


def test_async_generated_method_takes_the_options(shop: ModuleType) -> None:
    async def run() -> None:
        recorder = Recorder(httpx.Response(200, json=PRODUCT))
        http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
        client = shop.AsyncClient(api_key="k", http_client=http, default_query={"lang": "en"})
        await client.get_product("p-1", extra_headers={"X-A": "1"}, extra_query={"v": 2}, idempotency_key="key-1")
        request = recorder.last
        assert request.headers["X-A"] == "1" and request.headers["Idempotency-Key"] == "key-1"
        assert dict(request.url.params) == {"lang": "en", "v": "2"}
        raw = await client.with_raw_response.get_product("p-1", timeout=2.0)
        assert raw.status_code == 200 and recorder.last.extensions["timeout"]["read"] == 2.0

    asyncio.run(run())


RESERVED_SPEC = """
openapi: 3.0.1
info: {title: Res, version: "1"}
servers: [{url: "https://x.execute-api.us-east-1.amazonaws.com/prod"}]
paths:
  /a:
    post:
      operationId: doIt
      parameters:
        - {name: timeout, in: query, schema: {type: integer}}
        - {name: extra_headers, in: query, schema: {type: string}}
        - {name: idempotency-key, in: header, schema: {type: string}}
      responses: {"200": {description: ok}}
components:
  schemas:
    NotGiven: {type: object, properties: {a: {type: string}}}
"""


def test_parameters_named_like_the_options_keep_both(tmp_path: Path) -> None:
    """A definition's own ``timeout`` parameter is renamed, the per-call option keeps its name, and both
    reach the wire where they belong."""
    from sdkgen.generate import generate
    from sdkgen.generate.write import write_tree
    from sdkgen.parse import load_api

    (tmp_path / "spec.yaml").write_text(RESERVED_SPEC)
    out = tmp_path / "out"
    write_tree(out, generate(load_api(tmp_path / "spec.yaml").api, "reserved_api").files)
    sys.path.insert(0, str(out))
    try:
        package = importlib.import_module("reserved_api")
        assert hasattr(importlib.import_module("reserved_api.types"), "NotGiven2")  # the runtime's keeps its name
        recorder = Recorder()
        client = package.Client(http_client=httpx.Client(transport=httpx.MockTransport(recorder)))
        client.do_it(timeout_2=5, extra_headers_2="q", idempotency_key_2="h", timeout=7.0, extra_headers={"X-A": "1"})
        request = recorder.last
        assert dict(request.url.params) == {"timeout": "5", "extra_headers": "q"}
        assert request.headers["idempotency-key"] == "h" and request.headers["X-A"] == "1"
        assert request.extensions["timeout"]["read"] == 7.0
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "reserved_api" or m.startswith("reserved_api.")]:
            del sys.modules[name]


def test_each_generated_readme_documents_access_token_where_its_client_takes_it() -> None:
    """A sweep over generated/: the README names ``access_token=`` exactly where the client has it."""
    seen = set()
    for readme in sorted((SHOP.parent).glob("*/README.md")):
        [client] = readme.parent.glob("*/_client.py")
        takes = "access_token: " in client.read_text()
        assert ("access_token=" in readme.read_text()) == takes, readme
        # An example with an idempotency key wherever an operation changes something.
        changes = any(f'"{m}"' in (readme.parent / client.parent.name / "_operations.py").read_text() for m in ("POST", "PUT", "PATCH", "DELETE"))
        assert ('idempotency_key="order-1234")' in readme.read_text()) == changes, readme
        seen.add(takes)
    assert seen == {True, False}  # both kinds are among the examples
