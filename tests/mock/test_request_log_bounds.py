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
from sdkgen.mock.validation import MAX_MESSAGE, MAX_PROBLEMS, error_count, validate_value
from sdkgen.model import Property, Schema

MB = 1024 * 1024


def ints_spec() -> dict[str, Any]:
    spec = shop()
    spec["paths"]["/numbers"] = {"post": {
        "security": [{"api_key": []}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "array", "items": {"type": "integer"}}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"example": {"ok": True}}}}},
    }}  # fmt: skip
    return spec


def test_validation_keeps_a_bounded_number_of_messages_and_counts_them_all() -> None:
    problems = validate_value(Schema(type="array", items=Schema(type="integer")), ["x"] * 100_000)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == f"({MAX_PROBLEMS} of 100,000 errors shown)"
    assert error_count(problems) == 100_000
    assert problems[:2] == ["$[0]: expected an integer", "$[1]: expected an integer"]
    # Every kind of walk counts: nested objects, additional properties, several problems an item.
    item = Schema(type="object", properties=[Property("n", "n", Schema(type="integer", minimum=5), required=True)],
                  additional_properties=Schema(type="string"))  # fmt: skip
    nested = validate_value(Schema(type="array", items=item), [{"n": 1, "x": 1, "y": 2}, {}] * 1000)
    assert error_count(nested) == 3 * 1000 + 1000 and nested[-1] == f"({MAX_PROBLEMS} of 4,000 errors shown)"
    assert error_count(validate_value(Schema(type="integer"), "x")) == 1
    long = validate_value(Schema(type="string", enum=["a"]), "b" * 1_000_000)
    assert len(long) == 1 and len(long[0]) <= MAX_MESSAGE


async def test_large_bodies_breaking_the_schema_leave_small_records() -> None:
    app = create_app(ints_spec(), base_config(validation="strict"))
    body = ("[" + ",".join(['"x"'] * 100_000) + "]").encode()  # 400 KB, 100,000 wrong items
    headers = {"x-api-key": KEY, "content-type": "application/json"}
    async with client_for(app) as client:
        # the first request imports and compiles what later ones reuse: not counted
        assert (await client.post("/prod/numbers", content=body, headers=headers)).status_code == 400

        async def three() -> None:  # every item is walked, to count its problem: tracemalloc makes that slow
            for _ in range(3):
                assert (await client.post("/prod/numbers", content=body, headers=headers)).status_code == 400

        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        await three()
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        # Before: 100,000 messages a record, ~8 MB each.
        assert retained < 1 * MB, retained
        for record in app.records:
            assert len(record.validation_errors) <= MAX_PROBLEMS + 1
            assert sum(map(len, record.validation_errors)) <= (MAX_PROBLEMS + 1) * MAX_MESSAGE
            assert record.validation_error_count == 100_000
            assert record.validation_errors[-1] == f"({MAX_PROBLEMS} of 100,000 errors shown)"
        log = await client.get("/__sdkgen/requests")
        assert len(log.content) < 100_000 * 4, len(log.content)
        shown = json.loads(log.content)["requests"]
        assert len(shown) == 4 and {r["validation_error_count"] for r in shown} == {100_000}
        # API Gateway's answer names no problem: the count is the log's only
        answer = await client.post("/prod/numbers", content=body, headers=headers)
        assert answer.json() == {"message": "Invalid request body"}


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


async def test_the_logs_byte_count_is_near_what_it_holds() -> None:
    """The log's byte bound is only as good as the size counted for each record: it must stay near (within a
    small factor, never far below) the size of the record as `GET /__sdkgen/requests` returns it."""
    app = create_app(ints_spec(), base_config())
    async with client_for(app) as client:
        await client.get("/prod/files/short")
        await client.get("/prod/files/" + "p" * 5000)
        await client.post("/prod/numbers", json=["x"] * 30, headers={"x-api-key": KEY})
        await client.post("/prod/numbers", json=["x"] * 3000, headers={"x-api-key": KEY})
        listed = (await client.get("/__sdkgen/requests")).json()
    records = listed["requests"] if isinstance(listed, dict) else listed
    assert len(records) == len(app.record_sizes) == 4
    for record, counted in zip(records, app.record_sizes):
        actual = len(json.dumps(record))
        assert actual / 3 <= counted <= actual * 3, (counted, actual, record.get("path", "")[:40])
