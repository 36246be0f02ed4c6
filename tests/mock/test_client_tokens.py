"""The generated client sends each operation the Cognito token it takes: ``access_token`` where its security names
OAuth scopes, ``token`` elsewhere (API Gateway wants an access token carrying a scope on the first, an ID token on
the others). The committed generated/shop client against the mock under uvicorn, with really signed JWTs."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import jwt
import pytest
from generated_import import generated_package

from sdkgen.mock import create_app
from sdkgen.mock.server import ServerThread

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "specs" / "shop.yaml"
KEY = "alice-0123456789abcdef"
SECRET = "tokens-secret-0123456789abcdef0123"
CLIENT_ID = "shop-client"
ID_TOKEN = jwt.encode({"aud": CLIENT_ID, "token_use": "id", "sub": "u1", "exp": 4102444800}, SECRET)
ACCESS_TOKEN = jwt.encode({"client_id": CLIENT_ID, "token_use": "access", "scope": "shop/write", "sub": "u1", "exp": 4102444800}, SECRET)
PRODUCT = {"name": "Mug", "price": 9.5, "currency": "EUR"}


@pytest.fixture(scope="module")
def shop_api() -> Iterator[ModuleType]:
    with generated_package("shop", "shop_api") as package:
        yield package


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    config = {"api_keys": [{"id": "alice", "value": KEY}], "authorizers": {"ShopCognito": {"hs256_secret": SECRET, "audience": [CLIENT_ID]}}}
    with ServerThread(create_app(SHOP, config), max_seconds=120) as base:
        yield base + "/prod"


def _calls(client: Any) -> dict[str, int]:
    """The status of a scoped method (create_product) and of one without scopes (list_orders)."""
    statuses: dict[str, int] = {}
    for name, call in (("create_product", lambda: client.create_product(body=PRODUCT)), ("list_orders", client.list_orders)):
        try:
            call()
            statuses[name] = 200
        except Exception as exc:  # noqa: BLE001 - the client's APIStatusError: its status is what is compared
            statuses[name] = getattr(exc, "status_code", -1)
    return statuses


def test_each_operation_gets_the_token_kind_it_takes(shop_api: ModuleType, url: str) -> None:
    with shop_api.Client(url, api_key=KEY, token=ID_TOKEN, access_token=ACCESS_TOKEN, max_retries=0) as client:
        assert _calls(client) == {"create_product": 200, "list_orders": 200}
    # One token for both kinds (all a client could be given before): one of the two kinds of method refuses it.
    with shop_api.Client(url, api_key=KEY, token=ID_TOKEN, max_retries=0) as client:
        assert _calls(client) == {"create_product": 401, "list_orders": 200}
    with shop_api.Client(url, api_key=KEY, access_token=ACCESS_TOKEN, max_retries=0) as client:
        assert _calls(client) == {"create_product": 200, "list_orders": 401}  # either alone goes to all


def test_the_async_client_and_callable_tokens_do_the_same(shop_api: ModuleType, url: str) -> None:
    fetched: list[str] = []

    def access() -> str:
        fetched.append("access")
        return ACCESS_TOKEN

    async def run() -> tuple[Any, Any]:
        async with shop_api.AsyncClient(url, api_key=KEY, token=lambda: ID_TOKEN, access_token=access, max_retries=0) as client:
            return await client.create_product(body=PRODUCT), await client.list_orders()

    created, orders = asyncio.run(run())
    assert type(created).__name__ == "Product" and orders is not None  # both answered 2xx (else they raise)
    assert fetched == ["access"]  # fetched once, for the scoped method only
