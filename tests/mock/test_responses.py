"""Responses: status choice, examples, schema-generated bodies (valid, deterministic), Prefer, mock integrations."""

from __future__ import annotations

from gateway_helpers import KEY, shop

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
