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


STRICT = {"validation": "strict"}


def _oas(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": paths, **extra}


QUERY_TYPES = _oas({
    "/items": {"get": {
        "parameters": [
            {"name": "publishedAfter", "in": "query", "schema": {"type": "string", "format": "date"}},
            {"name": "limit", "in": "query", "schema": {"type": "integer"}},
            {"name": "q", "in": "query", "schema": {"type": "string"}},
            {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
        ],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"example": []}}}},
    }},
})  # fmt: skip


async def test_strict_mode_type_checks_empty_parameter_values(make_client) -> None:
    # Regression (Schemathesis on catalog.yaml): ``?publishedAfter=`` (empty, format date) was accepted.
    client = make_client(QUERY_TYPES, STRICT)
    for query, bad in [("publishedAfter=", "publishedAfter"), ("limit=", "limit"), ("tags=", "tags")]:
        r = await client.get(f"/items?{query}")
        assert r.status_code == 400, query
        assert r.json() == {"message": f"Invalid request parameters: [{bad}]"}
    assert (await client.get("/items?q=")).status_code == 200  # "" is a string
    assert (await client.get("/items?publishedAfter=2024-02-29&limit=3&tags=a")).status_code == 200
    # API Gateway itself checks no types: spec mode (with a validator) still lets them through.
    spec_mode = make_client({**QUERY_TYPES, "x-amazon-apigateway-request-validator": "all",
                             "x-amazon-apigateway-request-validators": {"all": {"validateRequestBody": True, "validateRequestParameters": True}}}, {})  # fmt: skip
    assert (await spec_mode.get("/items?publishedAfter=")).status_code == 200


ITEMS = _oas(
    {"/items": {"post": {
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
        "responses": {"201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}},
    }}},
    components={"schemas": {"Item": {
        "type": "object",
        "required": ["id", "title", "password"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "readOnly": True},
            "title": {"type": "string"},
            "password": {"type": "string", "writeOnly": True},
        },
    }}},
)  # fmt: skip


async def test_read_only_is_not_required_in_requests_nor_write_only_in_responses(make_client) -> None:
    # Regression (Schemathesis on catalog.yaml): POST /items without the readOnly ``id`` was refused.
    client = make_client(ITEMS, STRICT)
    r = await client.post("/items", json={"title": "Dune", "password": "s3cret"})
    assert r.status_code == 201
    assert "id" in r.json() and "password" not in r.json()  # a writeOnly property never comes back
    r = await client.post("/items", json={"title": "Dune"})
    assert r.status_code == 400  # a writeOnly property is still required in a request
    r = await client.post("/items", json={"id": "not-a-uuid", "title": "Dune", "password": "s"})
    assert r.status_code == 400  # a readOnly property that is sent is still checked


def test_validate_value_direction_unit() -> None:
    schema = Schema(type="object", properties=[
        Property("id", "id", Schema(type="string", read_only=True), required=True),
        Property("pw", "pw", Schema(type="string", write_only=True), required=True),
    ])  # fmt: skip
    assert validate_value(schema, {}) == ["$: missing required property 'id'", "$: missing required property 'pw'"]
    assert validate_value(schema, {}, direction="request") == ["$: missing required property 'pw'"]
    assert validate_value(schema, {}, direction="response") == ["$: missing required property 'id'"]


ATTACHMENTS: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "t", "version": "1"},
    "host": "a1b2c3.execute-api.eu-west-1.amazonaws.com",
    "basePath": "/dev",
    "paths": {"/notes/{noteId}/attachments": {"post": {
        "consumes": ["multipart/form-data"],
        "parameters": [
            {"name": "noteId", "in": "path", "required": True, "type": "string"},
            {"name": "file", "in": "formData", "required": True, "type": "file"},
            {"name": "caption", "in": "formData", "required": False, "type": "string", "maxLength": 10},
        ],
        "responses": {"201": {"description": "attached", "schema": {"type": "object", "properties": {"key": {"type": "string"}}}}},
    }}},
}  # fmt: skip


def multipart(*fields: tuple[str, str, bytes]) -> tuple[bytes, str]:
    """(body, content type) of a multipart form; a field with a filename is a file part."""
    boundary = "b0undary"
    chunks = []
    for name, filename, value in fields:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        chunks.append(f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + value + b"\r\n")
    return b"".join(chunks) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


async def test_strict_mode_checks_multipart_forms(make_client) -> None:
    # Regression (Schemathesis on notes.swagger.yaml): a form without its required file was accepted.
    client = make_client(ATTACHMENTS, STRICT)

    async def send(body: bytes, content_type: str) -> int:
        return (await client.post("/dev/notes/n-1/attachments", content=body, headers={"content-type": content_type})).status_code

    assert await send(*multipart(("file", "a.png", b"\x89PNG\r\n\x00\xff"), ("caption", "", b"Receipt"))) == 201
    assert await send(*multipart(("caption", "", b"Receipt"))) == 400  # no file
    assert await send(*multipart(("file", "a.png", b"x"), ("caption", "", b"far too long a caption"))) == 400
    assert await send(*multipart(("file", "a.png", b"x"), ("extra", "", b"42"))) == 400  # formData lists every field
    assert await send(b"--nope\r\n\r\n", "multipart/form-data") == 400  # no boundary
    assert await send(b"not multipart at all", "multipart/form-data; boundary=b0undary") == 400
    # API Gateway validates bodies with JSON models only: spec mode passes multipart bodies through.
    spec_mode = make_client({**ATTACHMENTS, "x-amazon-apigateway-request-validator": "all",
                             "x-amazon-apigateway-request-validators": {"all": {"validateRequestBody": True, "validateRequestParameters": True}}}, {})  # fmt: skip
    body, content_type = multipart(("caption", "", b"Receipt"))
    r = await spec_mode.post("/dev/notes/n-1/attachments", content=body, headers={"content-type": content_type})
    assert r.status_code == 201


async def test_an_empty_file_is_a_body_but_empty_json_is_none(make_client) -> None:
    # Regression (Schemathesis on notes.swagger.yaml): zero bytes of application/octet-stream, a valid empty file,
    # were refused as a missing required body.
    spec = {**ATTACHMENTS, "paths": {"/files/{key}": {"put": {
        "consumes": ["application/octet-stream", "application/json"],
        "parameters": [{"name": "key", "in": "path", "required": True, "type": "string"},
                       {"name": "content", "in": "body", "required": True, "schema": {"type": "string", "format": "binary"}}],
        "responses": {"200": {"description": "ok"}}}}}}  # fmt: skip
    client = make_client(spec, STRICT)

    async def put(content_type: str) -> int:
        return (await client.put("/dev/files/a", content=b"", headers={"content-type": content_type})).status_code

    assert await put("application/octet-stream") == 200
    assert await put("application/json") == 400
