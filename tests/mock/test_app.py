"""The app as a whole: stage cache, admin routes, faults, latency, limits and headers."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import MutableMapping
from typing import Any

import httpx
from gateway_helpers import KEY, FakeClock, base_config, shop

from sdkgen.mock import create_app


async def test_stage_cache_hit_miss_bypass_and_expiry(make_client) -> None:
    clock = FakeClock()
    config = base_config(stages={"prod": {"cache_ttl": 0, "methods": {"GET /products/{productId}": {"cache_ttl": 60}}}})
    client = make_client(config=config, clock=clock)
    app = client.app
    await client.get("/prod/products/1")
    await client.get("/prod/products/1")
    await client.get("/prod/products/2")  # another path: another entry
    await client.get("/prod/products/1", headers={"Cache-Control": "max-age=0"})
    clock.advance(61)
    await client.get("/prod/products/1")
    assert [r.cache for r in app.records] == ["miss", "hit", "miss", "miss", "miss"]
    await client.get("/prod/files/a")  # no cache_ttl there
    assert app.records[-1].cache is None
    metrics = (await client.get("/__sdkgen/metrics")).json()["routes"]["GET /products/{productId}"]
    assert metrics["CacheHitCount"] == 1 and metrics["CacheMissCount"] == 4


async def test_admin_requests_reset_metrics(make_client) -> None:
    client = make_client()
    await client.get("/prod/products", headers={"x-api-key": KEY})
    await client.get("/prod/search")
    await client.get("/prod/nope")
    log = (await client.get("/__sdkgen/requests")).json()["requests"]
    assert [(e["method"], e["path"], e["status"], e["key_id"]) for e in log] == [
        ("GET", "/prod/products", 200, "alice"),
        ("GET", "/prod/search", 400, None),
        ("GET", "/prod/nope", 403, None),
    ]
    assert log[1]["validation_errors"] == ["missing q", "missing X-Trace"]
    metrics = (await client.get("/__sdkgen/metrics")).json()["routes"]
    assert metrics["GET /products"]["Count"] == 1 and metrics["GET /products"]["4XXError"] == 0
    assert metrics["GET /search"]["4XXError"] == 1
    assert metrics["(unmatched)"]["Count"] == 1
    assert set(metrics["GET /products"]["Latency"]) == {"average", "p50", "p99", "maximum"}
    assert (await client.post("/__sdkgen/reset")).json() == {"reset": True}
    assert (await client.get("/__sdkgen/requests")).json() == {"requests": []}
    assert (await client.get("/__sdkgen/nothing")).status_code == 404


async def test_admin_can_be_turned_off(make_client) -> None:
    client = make_client(config=base_config(admin=False))
    r = await client.get("/__sdkgen/requests")
    assert r.status_code == 403 and r.json() == {"message": "Missing Authentication Token"}


async def test_the_seed_key_seeds_faults_latency_and_generated_responses(make_client) -> None:
    async def run(seed: int) -> tuple[list[int], list[float]]:
        config = base_config(faults=[{"route": "GET /files/{proxy+}", "status": 503, "rate": 0.5}], seed=seed)
        client = make_client(config=config)
        statuses = [(await client.get("/prod/files/x")).status_code for _ in range(40)]
        return statuses, [client.app.latency_rng.random() for _ in range(3)]

    first, second, other = await run(11), await run(11), await run(12)
    assert first == second
    assert first[0] != other[0] and first[1] != other[1]  # 40 coin flips alike by chance: 2^-40


async def test_faults_are_seeded_and_documented_statuses_use_the_spec(make_client) -> None:
    config = base_config(faults=[{"route": "GET /files/{proxy+}", "status": 503, "rate": 0.5}], seed=7)

    async def run() -> list[int]:
        client = make_client(config=config)
        return [(await client.get("/prod/files/x")).status_code for _ in range(40)]

    first = await run()
    assert first == await run()
    assert 5 < first.count(503) < 35 and first.count(200) == 40 - first.count(503)
    client = make_client(config=config)
    r = next(r for r in [await client.get("/prod/files/x") for _ in range(10)] if r.status_code == 503)
    assert r.json() == {"message": "Service Unavailable"}
    client = make_client(config=base_config(faults=[{"route": "GET /products/{productId}", "status": 404, "rate": 1}]))
    r = await client.get("/prod/products/1")
    assert r.status_code == 404 and r.json() == {"message": "no such product"}
    metrics = (await client.get("/__sdkgen/metrics")).json()["routes"]["GET /products/{productId}"]
    assert metrics["4XXError"] == 1


async def test_latency_injection(make_client) -> None:
    client = make_client(config=base_config(latency_ms={"min": 30, "max": 40}))
    start = time.perf_counter()
    await client.get("/prod/products/1")
    assert time.perf_counter() - start >= 0.029


async def test_request_ids_on_every_response(make_client) -> None:
    client = make_client()
    ids = set()
    for path in ("/prod/products/1", "/prod/nope", "/prod/products"):
        r = await client.get(path)
        uuid.UUID(r.headers["x-amzn-requestid"])
        assert len(r.headers["x-amz-apigw-id"]) == 16
        ids.add(r.headers["x-amzn-requestid"])
    assert len(ids) == 3


async def test_body_too_large_and_huge_headers(make_client) -> None:
    client = make_client()
    big = b"x" * (10 * 1024 * 1024 + 1)
    r = await client.post("/prod/products", content=big, headers={"x-api-key": KEY})
    assert r.status_code == 413
    assert r.headers["content-type"] == "text/plain"
    assert r.text == "HTTP content length exceeded 10485760 bytes."

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(11):
            yield b"y" * (1024 * 1024)

    r = await client.post("/prod/products", content=chunks(), headers={"x-api-key": KEY})
    assert r.status_code == 413
    r = await client.get("/prod/products/1", headers={f"x-h{i}": "v" * 100 for i in range(120)})
    assert r.status_code == 431
    r = await client.post("/prod/products", content=b"{}", headers={"x-api-key": KEY, "content-length": "abc"})
    assert 400 <= r.status_code < 500


async def test_gateway_responses_from_the_definition(make_client) -> None:
    spec = shop()
    spec["x-amazon-apigateway-gateway-responses"] = {
        "THROTTLED": {"statusCode": 429, "responseParameters": {"gatewayresponse.header.Retry-After": "'2'"},
                      "responseTemplates": {"application/json": '{"error": $context.error.messageString, "id": "$context.requestId"}'}},
        "DEFAULT_4XX": {"responseParameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}},
    }
    client = make_client(spec=spec, config=base_config(stages={"prod": {"throttle": {"rate": 1, "burst": 1}}}), clock=FakeClock())
    await client.get("/prod/products/1")
    r = await client.get("/prod/products/1")
    assert r.status_code == 429 and r.headers["retry-after"] == "2"
    assert r.json() == {"error": "Too Many Requests", "id": r.headers["x-amzn-requestid"]}
    r = await client.get("/prod/nope")
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.json() == {"message": "Missing Authentication Token"}


async def test_concurrent_requests_all_answered() -> None:
    app = create_app(shop(), base_config())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://m") as client:
        responses = await asyncio.gather(*(client.get("/prod/products/1") for _ in range(200)))
    assert all(r.status_code == 200 for r in responses)
    assert len(app.records) == 200


async def test_request_is_logged_before_its_body_is_sent() -> None:
    # Regression (flaky tests/e2e/test_scenarios.py): the record was appended after the body went out, so a
    # client holding the response could look at the request log before its request was in it.
    app = create_app(shop(), base_config())
    seen: list[tuple[str, int]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        seen.append((message["type"], len(app.records)))

    scope = {"type": "http", "method": "GET", "path": "/prod/files/special", "raw_path": b"/prod/files/special",
             "query_string": b"", "headers": []}  # fmt: skip
    await app(scope, receive, send)
    assert seen == [("http.response.start", 0), ("http.response.body", 1)]


async def test_cache_key_parameters_from_the_integration(make_client) -> None:
    # API Gateway keys the stage cache on the resource and its cacheKeyParameters only: a path or query
    # parameter that is not one of them shares the entry.
    spec = shop()
    spec["paths"]["/products/{productId}"]["get"]["x-amazon-apigateway-integration"] = {
        "type": "http_proxy", "httpMethod": "GET", "uri": "https://backend.example/{productId}",
        "cacheNamespace": "abc", "cacheKeyParameters": ["method.request.path.productId", "method.request.header.Accept-Language"],
    }  # fmt: skip
    config = base_config(stages={"prod": {"cache_ttl": 60}})
    client = make_client(spec=spec, config=config, clock=FakeClock())
    await client.get("/prod/products/1", params={"v": "1"})
    await client.get("/prod/products/1", params={"v": "2"})  # not a cache key: same entry
    await client.get("/prod/products/2")
    await client.get("/prod/products/1", headers={"Accept-Language": "fr"})
    await client.get("/prod/products/1", headers={"accept-language": "fr"})
    assert [r.cache for r in client.app.records] == ["miss", "hit", "miss", "miss", "hit"]


async def test_cache_key_parameters_from_the_configuration(make_client) -> None:
    methods = {"GET /products/{productId}": {"cache_ttl": 60, "cache_key_parameters": ["method.request.querystring.v"]}}
    client = make_client(config=base_config(stages={"prod": {"methods": methods}}), clock=FakeClock())
    await client.get("/prod/products/1", params={"v": "1"})
    await client.get("/prod/products/2", params={"v": "1"})  # the path is not a key here
    await client.get("/prod/products/1", params={"v": "2"})
    await client.get("/prod/products/1")
    assert [r.cache for r in client.app.records] == ["miss", "hit", "miss", "miss"]


async def test_without_cache_key_parameters_method_path_and_query_make_the_key(make_client) -> None:
    client = make_client(config=base_config(stages={"prod": {"cache_ttl": 60}}), clock=FakeClock())
    for params in ({"v": "1"}, {"v": "1"}, {"v": "2"}):
        await client.get("/prod/products/1", params=params)
    assert [r.cache for r in client.app.records] == ["miss", "hit", "miss"]


async def test_admin_switch_from_create_app(make_client) -> None:
    client = make_client(config=base_config(), admin=False)
    assert (await client.get("/__sdkgen/metrics")).json() == {"message": "Missing Authentication Token"}
    client = make_client(config=base_config(admin=False), admin=True)
    assert (await client.get("/__sdkgen/metrics")).status_code == 200
