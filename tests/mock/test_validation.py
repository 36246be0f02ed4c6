"""Request validation: API Gateway's messages, its validators, and the schema checks behind them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from gateway_helpers import KEY, base_config

from sdkgen.model import Property, Schema
from sdkgen.mock.validation import validate_value

GOOD = {"name": "Lamp", "price": 12.5, "status": "active", "tags": ["a"], "dims": {"w": 1, "h": 2}, "sku": "ABC-1234", "launch": "2024-02-29"}


async def post(client: Any, body: Any, content_type: str = "application/json") -> Any:
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return await client.post("/prod/products", content=data, headers={"x-api-key": KEY, "content-type": content_type})


async def test_valid_body_passes(make_client) -> None:
    r = await post(make_client(), GOOD)
    assert r.status_code == 201


@pytest.mark.parametrize(
    "change",
    [
        {"name": None},  # removes the required name
        {"price": "12"},
        {"price": -1},
        {"status": "lost"},
        {"tags": ["a", "b", "c", "d"]},
        {"tags": [1]},
        {"dims": {"w": 1}},
        {"dims": {"w": 1.5, "h": 2}},
        {"colour": "red"},  # additionalProperties: false
        {"sku": "abc-1234"},
        {"launch": "2024-02-30"},
        {"name": ""},
    ],
)
async def test_invalid_bodies(make_client, change: dict[str, Any]) -> None:
    body = {**GOOD, **change}
    body = {k: v for k, v in body.items() if v is not None}
    client = make_client()
    r = await post(client, body)
    assert r.status_code == 400
    assert r.json() == {"message": "Invalid request body"}
    assert r.headers["x-amzn-errortype"] == "BadRequestException"
    assert client.app.records[-1].validation_errors  # the details are in the request log


async def test_malformed_bodies_get_4xx(make_client) -> None:
    client = make_client()
    r = await post(client, b"{not json")
    assert r.status_code == 400 and r.json() == {"message": "Invalid request body"}
    r = await post(client, b"\xff\xfe")
    assert r.status_code == 400
    r = await post(client, b"")
    assert r.status_code == 400  # the body is required
    r = await post(client, json.dumps(GOOD), content_type="text/xml")
    assert r.status_code == 415 and r.json() == {"message": "Unsupported Media Type"}
    r = await post(client, json.dumps(GOOD), content_type="application/json; charset=utf-8")
    assert r.status_code == 201


async def test_missing_required_parameters_message(make_client) -> None:
    client = make_client()
    r = await client.get("/prod/search")
    assert r.status_code == 400
    assert r.json() == {"message": "Missing required request parameters: [q, X-Trace]"}
    assert r.headers["x-amzn-errortype"] == "BadRequestException"
    r = await client.get("/prod/search?q=", headers={"X-Trace": "t"})
    assert r.json() == {"message": "Missing required request parameters: [q]"}
    r = await client.get("/prod/search?q=lamp", headers={"X-Trace": "t"})
    assert r.status_code == 200
    # API Gateway does not check parameter types; spec mode follows it.
    r = await client.get("/prod/search?q=lamp&page=abc", headers={"X-Trace": "t"})
    assert r.status_code == 200


async def test_strict_mode_checks_types_everywhere(make_client) -> None:
    client = make_client(config=base_config(validation="strict"))
    r = await client.get("/prod/search?q=lamp&page=abc", headers={"X-Trace": "t"})
    assert r.status_code == 400 and r.json() == {"message": "Invalid request parameters: [page]"}
    r = await client.get("/prod/products?limit=500", headers={"x-api-key": KEY})  # no validator in the spec
    assert r.status_code == 400
    r = await client.get("/prod/products?limit=5", headers={"x-api-key": KEY})
    assert r.status_code == 200


async def test_off_mode_and_spec_mode_without_validator(make_client) -> None:
    client = make_client(config=base_config(validation="off"))
    assert (await post(client, {"bogus": True})).status_code == 201
    assert (await client.get("/prod/search")).status_code == 200
    client = make_client()
    r = await client.get("/prod/products?limit=500", headers={"x-api-key": KEY})
    assert r.status_code == 200  # GET /products has no request validator


async def test_validation_comes_after_auth_and_throttle(make_client) -> None:
    client = make_client()
    r = await client.post("/prod/products", content=b"{bad")
    assert r.status_code == 403  # no key: the key check comes first


def test_validate_value_unit() -> None:
    leaf = Schema(type="object", properties=[Property("n", "n", Schema(type="integer"), required=True)], additional_properties=False)
    tree = Schema(type="array", items=leaf, min_items=1)
    assert validate_value(tree, [{"n": 1}]) == []
    assert validate_value(tree, []) == ["$: fewer than 1 items"]
    assert validate_value(tree, [{"n": True}]) == ["$[0].n: expected an integer"]
    assert validate_value(tree, [{"n": 1, "x": 2}]) == ["$[0]: unexpected property 'x'"]
    assert validate_value(Schema(type="string", nullable=True), None) == []
    assert validate_value(Schema(type="string", format="uuid"), "not-a-uuid") == ["$: not a valid uuid"]
    assert validate_value(Schema(type="integer", format="int32"), 2**31) == ["$: out of range for int32"]
    assert validate_value(Schema(type="number", exclusive_minimum=0), 0) == ["$: not greater than 0"]
    union = Schema(type="union", variants=[Schema(type="string"), Schema(type="integer")])
    assert validate_value(union, 3) == [] and validate_value(union, 1.5) != []
