"""Mock gateway behaviour that mutation testing of sdkgen/mock/app.py found unguarded (issue 17)."""

from __future__ import annotations

import json
import time
from collections import deque
from typing import Any

import jwt
import pytest
from gateway_helpers import KEY, SECRET, FakeClock, base_config, http_api, shop
from test_request_log_bounds import ints_spec

from sdkgen.mock import ConfigError, create_app
from sdkgen.mock.app import CACHED_KEY_TEXT, RECORD_TEXT, RouteMetrics


async def test_a_long_principal_is_served_and_logged_shortened(make_client) -> None:
    """The request log is bounded: a token whose `sub` is megabytes long is served, and logged cut to RECORD_TEXT."""
    client = make_client(spec=http_api(), config={"authorizers": {"jwt": {"hs256_secret": SECRET}}})
    now = int(time.time())
    for sub in ("u" * 100, "v" * (RECORD_TEXT + 500)):
        claims = {"sub": sub, "iss": "https://issuer.example", "aud": "client-1", "iat": now, "exp": now + 600, "scope": "todos/read"}
        token = jwt.encode(claims, SECRET, algorithm="HS256")
        r = await client.get("/todos/1", headers={"Authorization": token})
        assert r.status_code == 200
        logged = client.app.records[-1].principal
        assert logged == (sub if len(sub) <= RECORD_TEXT else sub[:RECORD_TEXT] + "…")


async def test_bodies_up_to_api_gateways_10_mb_are_read_and_larger_ones_refused(make_client) -> None:
    """API Gateway's payload limit is 10 MB: a body just under it is read (and validated: here 400, not JSON), one
    over it is refused with 413 before it is read."""
    client = make_client()
    under = await client.post("/prod/products", content=b"x" * (10 * 1024 * 1024 - 1024), headers={"x-api-key": KEY})
    assert under.status_code == 400
    over = await client.post("/prod/products", content=b"x" * (10 * 1024 * 1024 + 1), headers={"x-api-key": KEY})
    assert over.status_code == 413


async def test_a_byte_budget_smaller_than_one_record_keeps_only_the_newest(make_client) -> None:
    """The log keeps the newest records within its byte budget; a budget below one record keeps just the last."""
    client = make_client()
    client.app.set_log_limits(10, 100)
    for path in ("/prod/health", "/prod/products/1", "/prod/products/2"):
        await client.get(path, headers={"x-api-key": KEY})
    assert [r.path for r in client.app.records] == ["/prod/products/2"]


async def test_a_500_counts_as_a_5xx_error_in_the_metrics(make_client) -> None:
    """The metrics follow CloudWatch's: 4XXError counts 400-499, 5XXError 500 and up (here an injected 500)."""
    client = make_client(config=base_config(faults=[{"route": "GET /products/{productId}", "status": 500}]))
    assert (await client.get("/prod/products/1", headers={"x-api-key": KEY})).status_code == 500
    metrics = client.app.metrics["GET /products/{productId}"].as_dict()
    assert (metrics["4XXError"], metrics["5XXError"]) == (0, 1)


async def test_a_websocket_connection_is_closed_cleanly(make_client) -> None:
    """The mock serves REST and HTTP APIs only: a WebSocket handshake gets a normal close (1000), not an error of the
    ASGI server's about an app that answered nothing."""
    app = make_client().app
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "websocket.connect"}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    await app({"type": "websocket", "path": "/prod/products", "headers": []}, receive, send)
    assert sent == [{"type": "websocket.close", "code": 1000}]


async def test_the_logs_byte_count_grows_with_the_path_at_every_length(make_client) -> None:
    """The log's 32 MB bound counts each record's path: over every path length up to the 1 KB kept, a longer path
    never counts fewer bytes, and each count stays within 3x of the record as `GET /__sdkgen/requests` lists it
    (a count that dropped for some lengths, as `overhead ^ len(path)` does at 400, let the log outgrow its bound)."""
    client = make_client()
    lengths = range(len("/prod/files/") + 1, RECORD_TEXT + 40, 3)
    for length in lengths:
        r = await client.get("/prod/files/" + "p" * (length - len("/prod/files/")))
        assert r.status_code == 200
    listed = (await client.get("/__sdkgen/requests")).json()
    records = listed["requests"] if isinstance(listed, dict) else listed
    counted = list(client.app.record_sizes)[: len(lengths)]
    assert len(records) >= len(lengths) and len(counted) == len(lengths)
    assert counted == sorted(counted), "a longer path counted fewer bytes"
    for record, size in zip(records, counted):
        actual = len(json.dumps(record))
        assert actual / 3 <= size <= actual * 3, (size, actual, len(record["path"]))


def test_the_metrics_latencies_are_milliseconds_to_the_microsecond_like_the_log() -> None:
    """`GET /__sdkgen/metrics` gives each route's latency figures in ms to 3 decimals, as the log's `latency_ms`:
    the average of 1.0004, 1.2344 and 2.0016 ms is 1.412 (not 1.41), their median 1.234, the slowest 2.002."""
    metrics = RouteMetrics(latencies=deque([1.2344, 2.0016, 1.0004], maxlen=4096))
    latency = metrics.as_dict()["Latency"]
    assert latency == {"average": 1.412, "p50": 1.234, "p99": 2.002, "maximum": 2.002}


async def test_the_app_answers_the_asgi_lifespan_protocol(make_client) -> None:
    """`create_app` gives an ASGI app to run under any server: its lifespan startup and shutdown are acknowledged
    (a server waiting on `lifespan.startup.complete` would never start serving otherwise)."""
    app = make_client().app
    incoming: list[dict[str, object]] = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return incoming.pop(0)  # an IndexError if the app waits for more than startup and shutdown

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    await app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)
    assert sent == [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]


async def test_a_long_principal_leaves_the_key_id_whole_in_the_log(make_client) -> None:
    """A record's principal and key id are cut only when longer than RECORD_TEXT: a 100-character `sub` beside
    the API key `alice` is logged whole, and so is the key's id."""
    spec = shop()
    spec["paths"]["/me"]["get"]["security"] = [{"ShopCognito": [], "api_key": []}]
    client = make_client(spec=spec)
    now = int(time.time())
    claims = {"sub": "u" * 100, "iss": "https://issuer.example", "aud": "client-1", "token_use": "id", "iat": now, "exp": now + 600}
    token = jwt.encode(claims, SECRET, algorithm="HS256")
    r = await client.get("/prod/me", headers={"Authorization": token, "x-api-key": KEY})
    assert r.status_code == 200, r.text
    record = client.app.records[-1]
    assert (record.principal, record.key_id) == ("u" * 100, "alice")


async def _asgi_get(app: Any, path: str, headers: list[tuple[bytes, bytes]]) -> int:
    """One GET straight to the app, with exactly these headers (an HTTP client adds its own)."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"", "headers": headers}
    await app(scope, receive, send)
    return int(sent[0]["status"])


async def test_headers_of_10_kb_in_all_are_served_and_one_byte_more_refused() -> None:
    """API Gateway (REST) takes 10 KB of request headers in total (names and values): 10,240 bytes are served, 10,241
    get 431."""
    app = create_app(shop(), base_config())
    name = b"x-filler"
    for total, status in ((10 * 1024, 200), (10 * 1024 + 1, 431)):
        assert await _asgi_get(app, "/prod/health", [(name, b"v" * (total - len(name)))]) == status, total


def test_a_configuration_error_about_the_unnamed_stage_names_it_as_two_quotes() -> None:
    """An HTTP API's `$default` stage has no name (its base path is empty, configured as `stages: {"/": ...}`); a
    mistake in its methods is located at `stages."".methods."..."`, not a crash while building the message."""
    with pytest.raises(ConfigError) as info:
        create_app(http_api(), base_config(stages={"/": {"methods": {"GET /nope": {"cache_ttl": 5}}}}))
    assert 'stages."".methods."GET /nope"' in str(info.value)


async def test_the_metrics_are_served_at_their_admin_path(make_client) -> None:
    """`GET /__sdkgen/metrics` answers the routes' metrics, `GET /__sdkgen/requests` the log: each path its own."""
    client = make_client()
    assert (await client.get("/prod/health")).status_code == 200
    metrics = (await client.get("/__sdkgen/metrics")).json()
    assert list(metrics) == ["routes"] and metrics["routes"]["GET /health"]["Count"] == 1
    assert list((await client.get("/__sdkgen/requests")).json()) == ["requests"]
    for path in ("/__sdkgen/nothing", "/__sdkgen/abc", "/__sdkgen/zzz"):  # other names, before and after them
        r = await client.get(path)
        assert (r.status_code, r.json()) == (404, {"message": "Not Found"}), path


async def test_an_integrations_unknown_cache_key_parameters_are_ignored(make_client) -> None:
    """API Gateway refuses a cacheKeyParameters entry that is not `method.request.<where>.<name>`: the mock ignores
    such an entry (here `method.request.querystring`, no name) and keys the cache on the others."""
    spec = shop()
    spec["paths"]["/products/{productId}"]["get"]["x-amazon-apigateway-integration"] = {
        "type": "http_proxy", "httpMethod": "GET", "uri": "https://backend.example/{productId}",
        "cacheKeyParameters": ["method.request.querystring", "method.request.path.productId"],
    }  # fmt: skip
    client = make_client(spec=spec, config=base_config(stages={"prod": {"cache_ttl": 60}}), clock=FakeClock())
    for path in ("/prod/products/1", "/prod/products/1", "/prod/products/2"):
        assert (await client.get(path)).status_code == 200
    assert [r.cache for r in client.app.records] == ["miss", "hit", "miss"]


async def test_a_reset_starts_the_dynamic_responses_over_as_a_fresh_gateway(make_client) -> None:
    """`POST /__sdkgen/reset` (gw.reset()) forgets everything a run left: generated (dynamic) responses start again
    from the seed's first, the same bodies a new gateway gives."""
    client = make_client()
    first = [(await client.get("/prod/products/1", headers={"Prefer": "dynamic=true"})).json() for _ in range(2)]
    assert (await client.post("/__sdkgen/reset")).status_code in (200, 204)
    again = [(await client.get("/prod/products/1", headers={"Prefer": "dynamic=true"})).json() for _ in range(2)]
    assert again == first and first[0] != first[1]


async def test_an_origin_header_to_an_api_without_cors_gets_no_cors_headers(make_client) -> None:
    """CORS headers come only from the definition's CORS configuration: a browser's `Origin` sent to an API without
    one is served as any request, without `Access-Control-*` headers."""
    client = make_client()
    for path, status in (("/prod/health", 200), ("/prod/products", 403), ("/prod/nowhere", 403)):  # answered or refused
        r = await client.get(path, headers={"Origin": "https://app.example"})
        assert r.status_code == status, path
        assert not [name for name in r.headers if name.lower().startswith("access-control-")], path


def test_a_reset_gateway_draws_the_latencies_and_faults_of_a_fresh_one() -> None:
    """`seed`: faults and latency are the same for the same seed, and a reset starts them over: after a reset the
    gateway draws what a new gateway with that seed draws (read from its generators: the delays themselves are real
    sleeps)."""
    config = base_config(seed=7, latency_ms={"min": 1, "max": 50})
    fresh = create_app(shop(), config)
    expected = ([fresh.latency_rng.random() for _ in range(3)], [fresh.fault_rng.random() for _ in range(3)])
    used = create_app(shop(), config)
    used.latency_rng.random(), used.fault_rng.random()
    used.reset()
    assert ([used.latency_rng.random() for _ in range(3)], [used.fault_rng.random() for _ in range(3)]) == expected


async def test_a_record_with_a_long_principal_counts_at_least_what_it_lists(make_client) -> None:
    """The log's byte bound must hold for the records that carry the most: one whose principal is longer than usual
    (counted at RECORD_TEXT for it and for the key id) never counts fewer bytes than `GET /__sdkgen/requests` lists
    for it, over short and cut (1 KB) paths and principals of 65 characters to well over RECORD_TEXT."""
    spec = shop()
    spec["paths"]["/files/{proxy+}"]["get"]["security"] = [{"ShopCognito": [], "api_key": []}]
    config = base_config()
    config["api_keys"] = [{"id": "k" * (RECORD_TEXT + 100), "value": KEY}]  # a key id longer than is kept, too
    client = make_client(spec=spec, config=config)
    now = int(time.time())
    for length in (65, 300, RECORD_TEXT, RECORD_TEXT + 700):
        sub = "u" * length
        claims = {"sub": sub, "iss": "https://issuer.example", "aud": "client-1", "token_use": "id", "iat": now, "exp": now + 600}
        token = jwt.encode(claims, SECRET, algorithm="HS256")
        for path in ("/prod/files/a", "/prod/files/" + "p" * (RECORD_TEXT + 100)):
            r = await client.get(path, headers={"Authorization": token, "x-api-key": KEY})
            assert r.status_code == 200, r.text
    listed = (await client.get("/__sdkgen/requests")).json()["requests"]
    counted = list(client.app.record_sizes)
    assert len(listed) == len(counted) == 8
    for record, size in zip(listed, counted):
        assert size >= len(json.dumps(record)), (size, len(json.dumps(record)), len(record["path"]), len(record["principal"]))


async def test_a_url_longer_than_the_cached_text_is_answered_but_not_cached(make_client) -> None:
    """The stage cache remembers no URL (path and query) longer than CACHED_KEY_TEXT: a scan of long random URLs must
    not fill memory. Such a request is answered every time and never cached; a short one is."""
    client = make_client(config=base_config(stages={"prod": {"cache_ttl": 60}}), clock=FakeClock())
    for query in ({"q": "x" * CACHED_KEY_TEXT}, {"q": "x" * CACHED_KEY_TEXT}, {"q": "x"}, {"q": "x"}):
        assert (await client.get("/prod/products/1", params=query)).status_code == 200
    assert [r.cache for r in client.app.records] == [None, None, "miss", "hit"]



async def test_records_with_validation_problems_count_at_least_what_they_list(make_client) -> None:
    """The log's byte bound holds for records carrying validation messages: a few or the 50 kept of thousands, each
    record counts at least the bytes `GET /__sdkgen/requests` lists for it."""
    client = make_client(spec=ints_spec(), config=base_config(validation="strict"))
    for count in (3, 30, 3000):
        assert (await client.post("/prod/numbers", json=["x"] * count, headers={"x-api-key": KEY})).status_code == 400
    listed = (await client.get("/__sdkgen/requests")).json()["requests"]
    counted = list(client.app.record_sizes)
    assert len(listed) == len(counted) == 3
    for record, size in zip(listed, counted):
        assert record["validation_errors"] and size >= len(json.dumps(record)), (size, len(json.dumps(record)))


async def test_the_stage_cache_keeps_many_entries(make_client) -> None:
    """The stage cache holds an entry per key (it is emptied only past 10,000 of them): two products cached in turn
    are both answered from it afterwards."""
    client = make_client(config=base_config(stages={"prod": {"cache_ttl": 60}}), clock=FakeClock())
    for path in ("/prod/products/1", "/prod/products/2", "/prod/products/1", "/prod/products/2"):
        assert (await client.get(path)).status_code == 200
    assert [r.cache for r in client.app.records] == ["miss", "miss", "hit", "hit"]


async def test_a_cache_ttl_of_one_second_caches(make_client) -> None:
    """`cache_ttl` is in seconds, any positive number turning the cache on: 1 s caches a GET for that second."""
    clock = FakeClock()
    client = make_client(config=base_config(stages={"prod": {"cache_ttl": 1}}), clock=clock)
    for _ in range(2):
        assert (await client.get("/prod/products/1")).status_code == 200
    clock.now += 1.5
    assert (await client.get("/prod/products/1")).status_code == 200
    assert [r.cache for r in client.app.records] == ["miss", "hit", "miss"]


async def test_a_rest_api_answers_application_json_where_no_content_type_is_named(make_client) -> None:
    """A REST API sends `Content-Type: application/json` when the integration names none, body or not (here a 204
    of a mock integration); an HTTP API sends none then."""
    r = await make_client().delete("/prod/products/1", headers={"x-api-key": KEY})
    assert r.status_code == 204 and r.headers.get("content-type") == "application/json"


async def test_a_chunked_body_over_10_mb_is_refused_to_the_byte(make_client) -> None:
    """The 10 MB payload limit counts a streamed (chunked) body's bytes as they come: exactly 10 MiB is read (and
    validated: 400, not JSON), one byte more is refused with 413."""
    client = make_client()

    def chunks(total: int):  # type: ignore[no-untyped-def]
        async def gen():  # type: ignore[no-untyped-def]
            sent = 0
            while sent < total:
                part = min(1024 * 1024, total - sent)
                sent += part
                yield b"x" * part

        return gen()

    limit = 10 * 1024 * 1024
    for total, status in ((limit, 400), (limit + 1, 413)):
        r = await client.post("/prod/products", content=chunks(total), headers={"x-api-key": KEY})
        assert r.status_code == status, total


async def test_a_streamed_operation_is_answered_in_parts_without_a_length() -> None:
    """README: a streamed operation (`text/event-stream`) is answered in parts without a length: three numbered
    server-sent events, each its own body message, the last one ending the body; with the gateway's id headers.
    A HEAD gets the headers and an empty body."""
    spec = shop()
    events = {"responses": {"200": {"description": "events", "content": {"text/event-stream": {"example": "hello"}}}}}
    spec["paths"]["/events"] = {"get": events, "head": events}
    app = create_app(spec, base_config())
    for method in ("GET", "HEAD"):
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": method, "path": "/prod/events", "raw_path": b"/prod/events", "query_string": b"", "headers": []}
        await app(scope, receive, send)
        start, bodies = sent[0], sent[1:]
        names = [name for name, _ in start["headers"]]
        assert start["status"] == 200 and b"content-length" not in names, method
        assert b"x-amzn-requestid" in names and b"x-amz-apigw-id" in names, method
        assert [m.get("more_body", False) for m in bodies] == ([True, True, False] if method == "GET" else [False])
        if method == "GET":
            assert [m["body"].split(b"\n")[0] for m in bodies] == [b"id: 1", b"id: 2", b"id: 3"]
            assert all(b"data: hello" in m["body"] for m in bodies)
        else:
            assert bodies[0]["body"] == b""
