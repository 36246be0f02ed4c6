"""Responses: status choice, examples, schema-generated bodies (valid, deterministic), Prefer, mock integrations."""

from __future__ import annotations

import json
from typing import Any

from gateway_helpers import KEY, http_api, shop

from sdkgen.mock import create_app
from sdkgen.mock.responses import Generator
from sdkgen.mock.validation import validate_value
from sdkgen.parse import load_api


def product_schema():  # type: ignore[no-untyped-def]
    api = load_api(shop(), strict=False).api
    return next(s for s in api.schemas if s.name == "Product"), api


async def test_lowest_2xx_and_generated_body_is_valid(make_client) -> None:
    client = make_client()
    schema, api = product_schema()
    r = await client.post("/prod/products", json={"name": "Lamp", "price": 1}, headers={"x-api-key": KEY})
    assert r.status_code == 201
    assert validate_value(schema, r.json()) == []
    r = await client.get("/prod/products", headers={"x-api-key": KEY})
    assert r.status_code == 200 and isinstance(r.json(), list)
    for item in r.json():
        assert validate_value(schema, item) == []


def test_generated_values_are_valid_for_many_seeds() -> None:
    schema, api = product_schema()
    order = next(s for s in api.schemas if s.name == "Order")
    for seed in range(200):
        for target in (schema, order):
            value = Generator(seed).value(target)
            assert validate_value(target, value) == [], (seed, value)


async def test_generation_is_deterministic_per_seed() -> None:
    import httpx

    async def body(seed: int) -> bytes:
        app = create_app(shop(), {"api_keys": [{"id": "a", "value": KEY}]}, seed=seed)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://m") as c:
            return (await c.post("/prod/orders", headers={"x-api-key": KEY})).content

    assert await body(1) == await body(1)
    assert await body(1) != await body(2)


async def test_examples_and_prefer(make_client) -> None:
    client = make_client()
    assert (await client.get("/prod/products/1")).json()["name"] == "Widget"
    r = await client.get("/prod/products/1", headers={"Prefer": "example=gadget"})
    assert r.json() == {"id": "p-2", "name": "Gadget", "price": 20}
    r = await client.get("/prod/products/1", headers={"Prefer": "code=404"})
    assert r.status_code == 404 and r.json() == {"message": "no such product"}
    r = await client.get("/prod/products/1", headers={"Prefer": "dynamic=true"})
    schema, _ = product_schema()
    assert r.status_code == 200 and validate_value(schema, r.json()) == []
    r = await client.get("/prod/products/1", headers={"Prefer": "code=418"})
    assert r.status_code == 418


async def test_no_content_default_only_and_mock_integration(make_client) -> None:
    client = make_client()
    r = await client.delete("/prod/products/1")
    assert r.status_code == 204 and r.content == b""
    r = await client.get("/prod/legacy")
    assert r.status_code == 200 and isinstance(r.json()["ok"], bool)
    r = await client.get("/prod/health")
    assert r.status_code == 200
    assert r.json() == {"status": "healthy"}
    assert r.headers["x-mock"] == "yes"


def test_pattern_and_format_generation() -> None:
    from sdkgen.model import Schema

    for seed in range(50):
        gen = Generator(seed)
        for schema in (
            Schema(type="string", pattern=r"^[A-Z]{2}\d{3}(-[a-z]+)?$"),
            Schema(type="string", format="date-time"),
            Schema(type="string", format="email"),
            Schema(type="string", min_length=20),
            Schema(type="integer", minimum=5, maximum=5),
            Schema(type="integer", multiple_of=7, minimum=1, maximum=30),
            Schema(type="number", exclusive_minimum=0, exclusive_maximum=1),
            Schema(type="array", items=Schema(type="boolean"), unique_items=True, min_items=2, max_items=2),
        ):
            value = gen.value(schema)
            assert validate_value(schema, value) == [], (schema, value)


NOTES: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "notes", "version": "1"},
    "host": "a1b2c3.execute-api.eu-west-1.amazonaws.com",
    "basePath": "/dev",
    "produces": ["application/json"],
    "paths": {
        "/notes/{noteId}": {"delete": {
            "parameters": [{"name": "noteId", "in": "path", "required": True, "type": "string"}],
            "responses": {"default": {"description": "Default response for DELETE /notes/{noteId}"}},
        }},
        "/files/{proxy+}": {"get": {
            "produces": ["application/octet-stream"],
            "parameters": [{"name": "proxy", "in": "path", "required": True, "type": "string"}],
            "responses": {"200": {"description": "The file's bytes", "schema": {"type": "string", "format": "binary"}}},
            "security": [{"api_key": []}],
        }},
    },
    "securityDefinitions": {"api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}},
}  # fmt: skip


async def test_rest_api_names_a_content_type_even_without_a_body(make_client) -> None:
    # Regression (Schemathesis ST104 on notes.swagger.yaml): DELETE answered 200 with no Content-Type.
    # A REST API sends application/json when the integration names none, body or not.
    client = make_client(NOTES, {})
    r = await client.delete("/dev/notes/n-42")
    assert r.status_code == 200 and r.content == b""
    assert r.headers["content-type"] == "application/json"
    r = await make_client().delete("/prod/products/1")  # a documented 204 too
    assert r.status_code == 204 and r.headers["content-type"] == "application/json"


async def test_http_api_sends_no_content_type_without_a_body(make_client) -> None:
    spec = http_api()
    spec["paths"]["/gone"] = {"delete": {"responses": {"default": {"description": "nothing"}}}}
    r = await make_client(spec, {}).delete("/gone")
    assert r.status_code == 200 and r.content == b"" and "content-type" not in r.headers


async def test_binary_response_is_bytes_of_its_media_type_and_errors_stay_json(make_client) -> None:
    # Regression (Schemathesis ST105 on notes.swagger.yaml): GET /files/{proxy+} served application/octet-stream
    # with no body at all; its gateway errors (here a missing API key) are JSON, as API Gateway sends them.
    client = make_client(NOTES, {"api_keys": [{"id": "alice", "value": KEY}]})
    r = await client.get("/dev/files/a/b.txt", headers={"x-api-key": KEY})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/octet-stream" and r.content
    r = await client.get("/dev/files/a/b.txt")
    assert r.status_code == 403 and r.headers["content-type"] == "application/json"
    assert r.json() == {"message": "Forbidden"}


async def test_prism_query_parameters_and_dynamic_answers(make_client) -> None:
    client = make_client()
    r = await client.get("/prod/products/1", params={"__example": "gadget"})
    assert r.json()["name"] == "Gadget"
    r = await client.get("/prod/products/1", params={"__code": "404"})
    assert r.status_code == 404 and r.json() == {"message": "no such product"}
    # The header wins over the query string.
    r = await client.get("/prod/products/1", params={"__code": "404"}, headers={"Prefer": "code=200"})
    assert r.status_code == 200
    schema, _ = product_schema()
    bodies = [(await client.get("/prod/products/1", params={"__dynamic": "true"})).json() for _ in range(3)]
    assert all(validate_value(schema, b) == [] for b in bodies)
    assert len({json.dumps(b, sort_keys=True) for b in bodies}) == 3  # dynamic: new values every time
    # ... and the same sequence again for the same seed.
    again = make_client()
    assert [(await again.get("/prod/products/1", headers={"Prefer": "dynamic=true"})).json() for _ in range(3)] == bodies


async def test_prefer_an_unknown_example_is_prisms_error(make_client) -> None:
    r = await make_client().get("/prod/products/1", headers={"Prefer": "example=gizmo"})
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == "Response for contentType: application/json and exampleKey: gizmo does not exist."


def mock_integration(status_template: str, responses: dict[str, Any]) -> dict[str, Any]:
    spec = shop()
    spec["paths"]["/health"]["get"]["x-amazon-apigateway-integration"] = {
        "type": "mock", "requestTemplates": {"application/json": status_template}, "responses": responses,
    }  # fmt: skip
    return spec


async def test_mock_integration_responses_are_chosen_by_selection_pattern(make_client) -> None:
    responses = {
        "default": {"statusCode": "200", "responseTemplates": {"application/json": '{"ok": true}'}},
        "4\\d{2}": {"statusCode": "400", "responseParameters": {"method.response.header.X-Why": "'bad'"},
                    "responseTemplates": {"application/json": '{"error": "client"}'}},
    }  # fmt: skip
    r = await make_client(spec=mock_integration('{"statusCode": 404}', responses)).get("/prod/health")
    assert r.status_code == 400 and r.json() == {"error": "client"} and r.headers["x-why"] == "bad"
    r = await make_client(spec=mock_integration('{"statusCode": 200}', responses)).get("/prod/health")
    assert r.status_code == 200 and r.json() == {"ok": True} and "x-why" not in r.headers
    # Without a default, a status no pattern matches is API Gateway's configuration error.
    del responses["default"]
    r = await make_client(spec=mock_integration('{"statusCode": 200}', responses)).get("/prod/health")
    assert r.status_code == 500 and r.json() == {"message": "Internal server error"}
