"""A 2xx body that is not what the definition says never escapes the documented error
hierarchy: lenient by default (what does not fit is kept as it came), an undecodable body
raises APIResponseValidationError, and strict_response_validation=True raises it for any
difference, naming where.

Run against the committed examples in generated/ (the real generated code), and swept over
every model of every example with mutated bodies.
"""

from __future__ import annotations

import copy
import gzip
import importlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from sdkgen.examples import example_specs, output_dir
from sdkgen.mock.responses import Generator
from sdkgen.parse import load_api

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
PRODUCT = {"id": "p-1", "name": "Mug", "price": 9.5, "currency": "EUR", "createdAt": "2024-05-06T07:08:09Z"}


def _import(project: Path) -> ModuleType:
    package = next(project.glob("*/_client.py")).parent
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    return importlib.import_module(package.name)


@pytest.fixture(scope="module")
def shop() -> Iterator[ModuleType]:
    yield _import(GENERATED / "shop")


Handler = Callable[[httpx.Request], httpx.Response]


def _client(shop: ModuleType, body: bytes | Handler, *, strict: bool = False, asynchronous: bool = False) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if callable(body):
            return body(request)
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    transport = httpx.MockTransport(handler)
    http: Any = httpx.AsyncClient(transport=transport) if asynchronous else httpx.Client(transport=transport)
    cls = shop.AsyncClient if asynchronous else shop.Client
    client = cls(base_url="https://h.test/prod", api_key="k", http_client=http, strict_response_validation=strict)
    client._sleep = client._async_sleep = None  # nothing here may be retried
    return client, seen


UNDECODABLE = {
    "html": b"<html><body>502 Bad Gateway</body></html>",
    "truncated": json.dumps(PRODUCT).encode()[:25],
    "empty": b"",
    "not utf-8": b'{"id": "\xff\xfe"}',
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("body", UNDECODABLE.values(), ids=UNDECODABLE.keys())
def test_an_undecodable_body_raises_the_validation_error_once(shop: ModuleType, body: bytes, strict: bool) -> None:
    client, seen = _client(shop, body, strict=strict)
    with pytest.raises(shop.APIResponseValidationError) as raised:
        client.get_product("p-1")
    assert isinstance(raised.value, shop.APIError)
    assert raised.value.response.status_code == 200 and raised.value.status_code == 200
    assert len(seen) == 1  # not retried


@pytest.mark.parametrize("strict", [False, True])
def test_a_broken_gzip_body_raises_the_validation_error(shop: ModuleType, strict: bool) -> None:
    broken = gzip.compress(json.dumps(PRODUCT).encode())[:-12] + b"garbage!" * 2

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=httpx.ByteStream(broken), headers={"content-encoding": "gzip"})

    client, seen = _client(shop, answer, strict=strict)
    with pytest.raises(shop.APIResponseValidationError, match="cannot be decoded"):
        client.get_product("p-1")
    assert len(seen) == 1


def test_a_broken_gzip_error_response_still_raises_its_status_error(shop: ModuleType) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, stream=httpx.ByteStream(b"\x1f\x8bnot gzip"), headers={"content-encoding": "gzip"})

    client, _ = _client(shop, answer)
    with pytest.raises(shop.NotFoundError) as raised:
        client.get_product("p-1")
    assert raised.value.body is None


# (wire body, what the lenient client gives for the field, the strict error's path)
MISMATCHES = {
    "createdAt is a number": ({**PRODUCT, "createdAt": 5}, ("created_at", 5), "$.createdAt"),
    "enum is null": ({**PRODUCT, "currency": None}, ("currency", None), "$.currency"),
    "required id is missing": ({k: v for k, v in PRODUCT.items() if k != "id"}, ("id", "UNSET"), "$.id"),
    "price is a string": ({**PRODUCT, "price": "cheap"}, ("price", "cheap"), "$.price"),
    "tags is an object": ({**PRODUCT, "tags": {"a": 1}}, ("tags", {"a": 1}), "$.tags"),
    "a tag is null": ({**PRODUCT, "tags": ["a", None]}, ("tags", ["a", None]), "$.tags[1]"),
}


@pytest.mark.parametrize(("body", "kept", "path"), MISMATCHES.values(), ids=MISMATCHES.keys())
def test_a_mismatch_is_kept_leniently_and_named_strictly(shop: ModuleType, body: Any, kept: tuple[str, Any], path: str) -> None:
    raw = json.dumps(body).encode()
    lenient, _ = _client(shop, raw)
    product = lenient.get_product("p-1")
    name, value = kept
    assert isinstance(product, shop.types.Product)
    assert (shop.UNSET if value == "UNSET" else value) == getattr(product, name)
    assert product.name == "Mug"  # the rest is converted as usual

    strict, _ = _client(shop, raw, strict=True)
    with pytest.raises(shop.APIResponseValidationError) as raised:
        strict.get_product("p-1")
    assert raised.value.path == path and path in str(raised.value)
    assert raised.value.body == body


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("body", [[PRODUCT], "a string", 5, None, True])
def test_a_body_of_the_wrong_kind_raises_in_both_modes(shop: ModuleType, body: Any, strict: bool) -> None:
    client, _ = _client(shop, json.dumps(body).encode(), strict=strict)
    with pytest.raises(shop.APIResponseValidationError):
        client.get_product("p-1")


def test_a_list_body_keeps_the_items_that_fit(shop: ModuleType) -> None:
    bad = {**PRODUCT, "createdAt": "not a date"}
    client, _ = _client(shop, json.dumps([PRODUCT, bad, "junk"]).encode())
    good, kept, junk = client.list_products()
    assert good.created_at.year == 2024 and kept.created_at == "not a date" and junk == "junk"
    strict, _ = _client(shop, json.dumps([PRODUCT, bad]).encode(), strict=True)
    with pytest.raises(shop.APIResponseValidationError, match=r"\$\[1\]\.createdAt"):
        strict.list_products()


def test_valid_bodies_pass_strict_validation(shop: ModuleType) -> None:
    client, _ = _client(shop, json.dumps({**PRODUCT, "tags": ["a"], "in-stock": True, "extra": [1]}).encode(), strict=True)
    product = client.get_product("p-1")
    assert product.created_at.year == 2024 and product.additional_properties == {"extra": [1]}


def test_raw_responses_and_with_options_follow_the_mode(shop: ModuleType) -> None:
    raw = json.dumps({**PRODUCT, "createdAt": 5}).encode()
    client, _ = _client(shop, raw)
    assert client.with_raw_response.get_product("p-1").parse().created_at == 5
    strict = client.with_options(strict_response_validation=True)
    with pytest.raises(shop.APIResponseValidationError):
        strict.with_raw_response.get_product("p-1").parse()
    with pytest.raises(shop.APIResponseValidationError):
        strict.get_product("p-1")


@pytest.mark.parametrize("strict", [False, True])
async def test_the_async_client_too(shop: ModuleType, strict: bool) -> None:
    client, _ = _client(shop, b"<html>", strict=strict, asynchronous=True)
    with pytest.raises(shop.APIResponseValidationError):
        await client.get_product("p-1")
    client, _ = _client(shop, json.dumps({**PRODUCT, "createdAt": 5}).encode(), strict=strict, asynchronous=True)
    if strict:
        with pytest.raises(shop.APIResponseValidationError, match=r"\$\.createdAt"):
            await client.get_product("p-1")
    else:
        assert (await client.get_product("p-1")).created_at == 5


# -- the sweep: every model of every example, mutated bodies, both modes ----------------------

WRONG_VALUES: list[Any] = [None, 5, -1.5, True, "text", "", [], [None], {}, {"x": None}]
NOT_JSON = [b"", b"<html>", b"{", b"\xff", b"nul\x00", b"NaN-ish", b"[1,"]


def _paths(value: Any, path: tuple[Any, ...] = (), depth: int = 0) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON value, outermost first (bounded, for big examples)."""
    yield path
    if depth >= 4:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            yield from _paths(item, (*path, index), depth + 1)


def _mutations(value: Any) -> Iterator[Any]:
    for path in _paths(value):
        if not path:
            yield from WRONG_VALUES
            continue
        for wrong in [*WRONG_VALUES, "__delete__"]:
            mutated = copy.deepcopy(value)
            parent = mutated
            for step in path[:-1]:
                parent = parent[step]
            if wrong == "__delete__":
                del parent[path[-1]]
            else:
                parent[path[-1]] = wrong
            yield mutated


def _models() -> Iterator[tuple[str, ModuleType, Any, Any]]:
    for spec in example_specs(ROOT / "specs"):
        api = load_api(spec).api
        package = _import(output_dir(ROOT, spec))
        for schema in api.schemas:
            if schema.enum is None and schema.class_name:
                yield schema.class_name, package, schema, Generator(7, "response").value(schema)


def _assert_sent_back_as_received(name: str, model: Any, received: Any) -> None:
    UNSET = sys.modules[type(model).__module__.split(".")[0]].UNSET
    try:
        sent = json.loads(json.dumps(model.to_dict(), allow_nan=False))
    except Exception as exc:
        pytest.fail(f"{name}.to_dict() of a leniently parsed {received!r}: {type(exc).__name__}: {exc}")
    assert isinstance(received, dict)
    names = {wire: python for python, wire in type(model)._WIRE.items()}
    # every field that came is sent (none dropped or sent as "UNSET"), nothing that did not come is added
    assert {k for k in received if k in names} <= set(sent) <= set(received), (name, received, sent)
    for key, value in received.items():
        held = getattr(model, names[key]) if key in names else UNSET
        if type(held) is type(value) and held == value:  # kept as it came: sent as it came
            assert sent[key] == value, (name, key, value, sent[key])


def test_sweep_mutated_bodies_of_every_example_model_stay_inside_the_hierarchy() -> None:
    outcomes = {"lenient ok": 0, "lenient raised": 0, "strict ok": 0, "strict raised": 0}
    for name, package, schema, valid in _models():
        cls = getattr(importlib.import_module(f"{package.__name__}.types"), name)
        parser = package._models.json_parser(cls.from_dict, name)
        request = httpx.Request("GET", "https://h.test/x")

        def respond(content: bytes) -> httpx.Response:
            return httpx.Response(200, content=content, request=request)

        # A valid body passes both modes.
        good = json.dumps(valid).encode()
        assert isinstance(parser(respond(good)), cls), name
        assert isinstance(parser.strict(respond(good)), cls), (name, valid)
        bodies = [json.dumps(m).encode() for m in _mutations(valid)] + NOT_JSON
        for body in bodies:
            for mode, parse in (("lenient", parser), ("strict", parser.strict)):
                try:
                    result = parse(respond(body))
                except package.APIResponseValidationError:
                    outcomes[f"{mode} raised"] += 1
                    continue
                except Exception as exc:  # the bug this sweep is for
                    pytest.fail(f"{name} ({mode}): {type(exc).__name__}: {exc} on {body[:200]!r}")
                assert isinstance(result, cls), (name, body)
                outcomes[f"{mode} ok"] += 1
                if mode == "lenient":  # what was kept goes back out as it came: get, change, send back
                    _assert_sent_back_as_received(name, result, json.loads(body))
        # A required property left out: strict names it.
        for prop in schema.properties:
            if prop.required and isinstance(valid, dict) and prop.name in valid:
                body = json.dumps({k: v for k, v in valid.items() if k != prop.name}).encode()
                with pytest.raises(package.APIResponseValidationError) as raised:
                    parser.strict(respond(body))
                assert prop.name in str(raised.value.path), (name, prop.name)
    # Lenient mode keeps most mutations; strict mode refuses most of them.
    assert outcomes["lenient ok"] > 2 * outcomes["lenient raised"] > 0, outcomes
    assert outcomes["strict raised"] > 2 * outcomes["strict ok"] > 0, outcomes
