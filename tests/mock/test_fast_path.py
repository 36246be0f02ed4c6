"""The request path's shortcuts (issue 6) answer exactly as the general path does."""

from __future__ import annotations

import os
import random
import re
import uuid
from collections.abc import MutableMapping
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from gateway_helpers import KEY, base_config, shop

from sdkgen.mock import app as app_module
from sdkgen.mock import create_app
from sdkgen.mock.config import Quota
from sdkgen.mock.responses import Prepared
from sdkgen.mock.throttle import QuotaCounter, period_start
from sdkgen.mock.validation import RequestData


async def _call(app: Any, method: str, path: str, headers: list[tuple[bytes, bytes]] = (), query: bytes = b"") -> tuple[int, dict[bytes, bytes], bytes]:  # type: ignore[assignment]
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": query, "headers": list(headers)}
    await app(scope, receive, send)
    return sent[0]["status"], dict(sent[0]["headers"]), sent[1]["body"]


async def test_request_ids_are_distinct_version_4_uuids_across_batches() -> None:
    app = create_app(shop(), base_config())
    ids = set()
    for _ in range(600):  # more than one batch of random bytes
        status, headers, _ = await _call(app, "GET", "/prod/products/1")
        assert status == 200
        parsed = uuid.UUID(headers[b"x-amzn-requestid"].decode())
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert str(parsed) == headers[b"x-amzn-requestid"].decode()
        assert re.fullmatch(rb"[A-Za-z0-9]{16}", headers[b"x-amz-apigw-id"])
        ids.add(parsed)
    assert len(ids) == 600


async def test_http_api_request_ids() -> None:
    from gateway_helpers import http_api

    app = create_app(http_api(), {})
    status, headers, _ = await _call(app, "GET", "/nope")
    assert status == 404
    assert re.fullmatch(rb"[A-Z2-7]{16}", headers[b"apigw-requestid"])
    uuid.UUID(headers[b"x-amzn-requestid"].decode())


async def test_record_time_is_iso_8601_utc_to_the_millisecond() -> None:
    app = create_app(shop(), base_config())
    before = datetime.now(timezone.utc)
    await _call(app, "GET", "/prod/products/1")
    after = datetime.now(timezone.utc)
    text = app.records[-1].time
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", text)
    assert before - timedelta(milliseconds=1) <= datetime.fromisoformat(text) <= after


async def test_routes_are_remembered_per_method_and_path_within_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "MATCH_CACHE_SIZE", 8)
    app = create_app(shop(), base_config())
    for i in range(20):
        assert (await _call(app, "GET", f"/prod/products/{i}"))[0] == 200
        assert (await _call(app, "GET", f"/prod/nope/{i}"))[0] == 403
        assert len(app.matches) <= 8
    # The same path with another method is another route (or none).
    assert (await _call(app, "GET", "/prod/products", [(b"x-api-key", KEY.encode())]))[0] == 200
    assert (await _call(app, "DELETE", "/prod/products", [(b"x-api-key", KEY.encode())]))[0] == 403


async def test_api_key_shortcut_and_the_general_check_agree() -> None:
    app = create_app(shop(), base_config())
    route = next(r for r in app.routes if r.key == "GET /products")
    assert route.auth.header_key is not None
    assert (await _call(app, "GET", "/prod/products", [(b"x-api-key", KEY.encode())]))[0] == 200
    assert app.records[-1].key_id == app.records[-1].principal == "alice"
    for headers in ([], [(b"x-api-key", b"")], [(b"x-api-key", b"wrong")]):
        status, _, body = await _call(app, "GET", "/prod/products", headers)
        assert (status, body) == (403, b'{"message": "Forbidden"}')
        assert app.records[-1].key_id is None


def test_prepared_headers_and_length() -> None:
    typed = Prepared(200, [(b"content-type", b"text/plain"), (b"x-a", b"1")], b"hello")
    assert typed.rest_headers == typed.headers and typed.content_length == (b"content-length", b"5")
    untyped = Prepared(204, [(b"x-a", b"1")], b"")
    assert untyped.rest_headers == [(b"content-type", b"application/json"), (b"x-a", b"1")]
    assert untyped.content_length == (b"content-length", b"0")
    assert untyped == Prepared(204, [(b"x-a", b"1")], b"")


PARAMETERS: list[dict[str, Any]] = [
    {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^w-[0-9]+$"}},
    {"name": "locale", "in": "query", "schema": {"type": "string", "enum": ["en", "de"]}},
    {"name": "code", "in": "query", "schema": {"type": "string", "minLength": 2, "maxLength": 3}},
    {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}},
    {"name": "ref", "in": "query", "schema": {"type": "string", "format": "uuid", "nullable": True}},
    {"name": "fixed", "in": "query", "schema": {"type": "string", "const": "x"}},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10}},
    {"name": "flag", "in": "query", "schema": {"type": "boolean"}},
    {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}}},
    {"name": "X-Trace", "in": "header", "required": True, "schema": {"type": "string", "pattern": "[a-f]+"}},
    {"name": "session", "in": "cookie", "schema": {"type": "string", "maxLength": 4}},
]
CANDIDATES: dict[str, list[str | None]] = {
    "id": [None, "", "w-1", "w-12a", "x-1", "w-"],
    "locale": [None, "", "en", "fr", "EN"],
    "code": [None, "", "a", "ab", "abc", "abcd"],
    "day": [None, "", "2024-02-29", "2023-02-29", "2024-1-1"],
    "ref": [None, "", "3f0e8b0e-6f7c-4b8e-9a5c-2d1f0e9b7a61", "3F0E8B0E-6F7C-4B8E-9A5C-2D1F0E9B7A61", "nope"],
    "fixed": [None, "", "x", "y"],
    "limit": [None, "", "1", "11", "x", "2.0"],
    "flag": [None, "", "true", "yes"],
    "tags": [None, "", "1,2", "1,x"],
    "x-trace": [None, "", "abc", "xyz"],
    "session": [None, "", "ab", "abcde"],
}

GOOD = {"id": "w-1", "locale": "en", "code": "ab", "day": "2024-02-29", "ref": None, "fixed": "x", "limit": "1", "flag": "true",
        "tags": "1,2", "x-trace": "abc", "session": None}  # fmt: skip


@pytest.mark.parametrize("mode", ["strict", "spec"])
def test_quick_validation_accepts_only_what_validate_accepts(mode: str) -> None:
    spec = shop()
    spec["paths"] = {"/items/{id}": {"get": {"x-amazon-apigateway-request-validator": "params-only", "parameters": PARAMETERS,
                                             "responses": {"200": {"description": "ok"}}}}}  # fmt: skip
    app = create_app(spec, base_config(validation=mode))
    validator = app.routes[0].validator
    rng = random.Random(6)
    accepted = rejected = 0
    for _ in range(3000):
        # Mostly valid values, so that both answers come up often.
        chosen = {name: rng.choice(values) if rng.random() < 0.15 else GOOD[name] for name, values in CANDIDATES.items()}
        params = {"id": chosen["id"]} if chosen["id"] is not None else {}
        query = {name: [value] for name, value in chosen.items() if name in ("locale", "code", "day", "ref", "fixed", "limit", "flag", "tags") and value is not None}
        headers = {"x-trace": chosen["x-trace"]} if chosen["x-trace"] is not None else {}
        cookies = {"session": chosen["session"]} if chosen["session"] is not None else {}
        quick = validator.accepts(params, query, headers, cookies)
        full = validator.validate(RequestData(params, query, headers, cookies, "", b"")).error is None
        assert quick == full, chosen  # never more lenient; for these schemas, never stricter either
        accepted += quick
        rejected += not quick
    assert accepted > 100 and rejected > 100


def test_quota_period_remembered_only_within_it() -> None:
    rng = random.Random(3)
    quotas = [Quota(5, "DAY"), Quota(5, "WEEK"), Quota(5, "WEEK", 3), Quota(5, "MONTH"), Quota(5, "MONTH", 27)]
    now = [datetime(2024, 1, 1, tzinfo=timezone.utc)]
    counter = QuotaCounter(lambda: now[0])
    for i in range(20_000):
        now[0] += timedelta(seconds=rng.randrange(1, 400_000))
        quota = quotas[i % len(quotas)]
        assert counter._start(quota, now[0]) == period_start(quota, now[0])
    naive = datetime(2024, 5, 10, 12, 0)
    assert counter._start(Quota(5, "DAY"), naive) == period_start(Quota(5, "DAY"), naive)


def test_quota_period_by_the_system_clock() -> None:
    counter = QuotaCounter()
    for quota in (Quota(5, "DAY"), Quota(5, "WEEK", 2), Quota(5, "MONTH", 3)):
        for _ in range(3):  # computed, then remembered
            while True:
                before = period_start(quota, datetime.now(timezone.utc))
                current = counter.current_start(quota)
                if period_start(quota, datetime.now(timezone.utc)) == before:
                    break  # asked within one period (not across midnight UTC): the answer must be that period
            assert current == before
    assert counter.take("p", "k", Quota(1, "DAY")) and not counter.take("p", "k", Quota(1, "DAY"))
    assert counter.remaining("p", "k", Quota(1, "DAY")) == 0


async def test_repeated_headers_are_joined_and_counted() -> None:
    app = create_app(shop(), base_config())
    key = KEY.encode()
    assert (await _call(app, "GET", "/prod/products", [(b"x-api-key", key)]))[0] == 200
    # Two values of one header arrive joined by a comma, which is no key.
    assert (await _call(app, "GET", "/prod/products", [(b"x-api-key", key), (b"X-Api-Key", key)]))[0] == 403
    assert (await _call(app, "GET", "/prod/products", [(b"x-api-key", key)] + [(b"x-big", b"v" * 100)] * 110))[0] == 431
    assert (await _call(app, "GET", "/prod/products", [(b"x-api-key", key)] + [(b"x-big", b"v" * 100)] * 90))[0] == 200


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_does_not_repeat_its_parents_request_ids() -> None:
    app = create_app(shop(), base_config())
    app.request_ids.new()  # the parent has random bytes in hand
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.write(write, app.request_ids.new()[0].encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    child = os.read(read, 100).decode()
    os.close(read)
    assert uuid.UUID(child) and child != app.request_ids.new()[0]
