"""What a request leaves behind in the mock is bounded: its validation messages, its record, and the request log
as a whole (in entries and in bytes). Memory is measured with tracemalloc; records' sizes are asserted."""

from __future__ import annotations

import gc
import json
import tracemalloc
from typing import Any

from gateway_helpers import KEY, base_config, client_for, shop
from test_hostile_requests import Hostile, _asgi

from sdkgen.mock import create_app
from sdkgen.mock.app import RECORD_TEXT
from sdkgen.mock.validation import MAX_MESSAGE, MAX_PROBLEMS, validate_value
from sdkgen.model import Schema

MB = 1024 * 1024


def ints_spec() -> dict[str, Any]:
    spec = shop()
    spec["paths"]["/numbers"] = {"post": {
        "security": [{"api_key": []}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "array", "items": {"type": "integer"}}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"example": {"ok": True}}}}},
    }}  # fmt: skip
    return spec


def test_validation_stops_after_a_bounded_number_of_problems() -> None:
    problems = validate_value(Schema(type="array", items=Schema(type="integer")), ["x"] * 100_000)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == f"(validation stopped after {MAX_PROBLEMS} problems)"
    long = validate_value(Schema(type="string", enum=["a"]), "b" * 1_000_000)
    assert len(long) == 1 and len(long[0]) <= MAX_MESSAGE


async def test_large_bodies_breaking_the_schema_leave_small_records() -> None:
    app = create_app(ints_spec(), base_config(validation="strict"))
    body = ("[" + ",".join(['"x"'] * 500_000) + "]").encode()  # 2 MB, 500,000 wrong items
    headers = {"x-api-key": KEY, "content-type": "application/json"}
    async with client_for(app) as client:
        # the first request imports and compiles what later ones reuse: not counted
        assert (await client.post("/prod/numbers", content=body, headers=headers)).status_code == 400

        async def six() -> None:
            for _ in range(6):
                assert (await client.post("/prod/numbers", content=body, headers=headers)).status_code == 400

        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        await six()
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        # Before: 500,000 messages a record, ~40 MB each.
        assert retained < 1 * MB, retained
        for record in app.records:
            assert len(record.validation_errors) <= MAX_PROBLEMS + 1
            assert sum(map(len, record.validation_errors)) <= (MAX_PROBLEMS + 1) * MAX_MESSAGE
        log = await client.get("/__sdkgen/requests")
        assert len(log.content) < 100_000 * 7, len(log.content)
        assert len(json.loads(log.content)["requests"]) == 7


async def test_long_paths_are_not_kept_whole() -> None:
    # Raw ASGI calls: an HTTP client would keep the URLs in its own caches (urllib's urlsplit cache).
    app = create_app(shop(), base_config())
    await _asgi(app, Hostile("warm-up", target=b"/prod/files/warm-up"))
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(100):  # 60 KB paths, each different: the route cache and the log kept 12 MB of them
        status, _, _ = await _asgi(app, Hostile("long", target=b"/prod/files/%d-" % i + b"a" * 60_000))
        assert status == 200
    gc.collect()
    retained = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert retained < 1 * MB, retained
    assert all(len(r.path) <= RECORD_TEXT + 1 for r in app.records)


async def test_the_log_is_bounded_in_bytes_and_in_entries() -> None:
    app = create_app(shop(), base_config())
    app.set_log_limits(50, 50_000)
    async with client_for(app) as client:
        for i in range(60):
            await client.get(f"/prod/files/{i}")
        assert len(app.records) == 50 and app.records[-1].path == "/prod/files/59"
        for i in range(400):
            await client.get(f"/prod/files/{i}-" + "b" * 2000)
    assert app.log_bytes <= 50_000
    assert len(app.records) < 50
    assert app.log_bytes == sum(app.record_sizes)
    assert app.records[-1].path.startswith("/prod/files/399-")
