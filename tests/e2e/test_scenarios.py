"""The generated shop client against the mock gateway over real sockets: API Gateway's policies as a
client meets them (keys, tokens, throttling, quotas, injected faults)."""

from __future__ import annotations

import random
import time
from datetime import datetime, timezone
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import jwt
import pytest
from generated_import import generated_package

from sdkgen.mock import create_app
from sdkgen.mock.server import ServerThread

from .conftest import ROOT

SHOP = ROOT / "specs" / "shop.yaml"
KEY = "alice-0123456789abcdef"
SECRET = "shop-secret-0123456789abcdef012345"


@pytest.fixture(scope="module")
def shop() -> Iterator[ModuleType]:
    with generated_package("shop", "shop_api") as package:
        yield package


class SharedClock:
    """The mock's clock, moved only by the client's retry waits: the client sleeps by advancing it, so throttling
    through retries takes no real time and does not depend on the machine's speed."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def serve(config: dict[str, Any], **clocks: Any) -> ServerThread:
    """The mock under uvicorn; ``clock`` / ``wall_clock`` as ``create_app`` takes them."""
    base = {"api_keys": [{"id": "alice", "value": KEY, "usage_plan": "basic"}], "usage_plans": {"basic": {}}}
    base.update(config)
    server = ServerThread(create_app(SHOP, base, seed=3, **clocks), max_seconds=120)
    server.start()
    return server


def token(expires_in: int = 600) -> str:
    now = int(time.time())
    return jwt.encode(
        {"sub": "u1", "aud": "shop-client", "token_use": "id", "iat": now, "exp": now + expires_in, "scope": "shop/write"},
        SECRET,
    )


def test_wrong_key_is_permission_denied(shop: ModuleType) -> None:
    server = serve({})
    try:
        with shop.Client(server.url + "/prod", api_key="nope") as client:
            with pytest.raises(shop.PermissionDeniedError) as excinfo:
                client.list_products()
        assert excinfo.value.message == "Forbidden" and excinfo.value.error_type == "ForbiddenException"
        assert excinfo.value.request_id
    finally:
        server.stop()


def test_expired_or_revoked_token_is_fetched_again(shop: ModuleType) -> None:
    server = serve({"authorizers": {"ShopCognito": {"hs256_secret": SECRET, "audience": ["shop-client"]}}})
    issued: list[str] = []

    def tokens() -> str:
        issued.append(token(-60) if not issued else token())
        return issued[-1]

    revoked = jwt.encode({"sub": "u1", "aud": "shop-client", "exp": int(time.time()) + 600}, "another-key-0123456789abcdef0123")
    revoking = iter([revoked])

    def revoke_once() -> str:
        return next(revoking, None) or token()

    try:
        with shop.Client(server.url + "/prod", api_key=KEY, token=tokens) as client:
            assert client.list_orders() is not None
        assert len(issued) == 2
        with shop.Client(server.url + "/prod", api_key=KEY, token=revoke_once) as client:
            assert client.list_orders() is not None  # 401, then a fresh token and one retry
        records = list(server.server.config.app.records)
        # Expired: 401 "The incoming token has expired", a fresh token, success; then the same for a revoked one.
        assert [r.status for r in records] == [401, 200, 401, 200]
    finally:
        server.stop()


def test_throttled_calls_succeed_through_retries(shop: ModuleType) -> None:
    clock = SharedClock()
    server = serve({"usage_plans": {"basic": {"throttle": {"rate": 5, "burst": 2}}}}, clock=clock)
    app = server.server.config.app
    try:
        with shop.Client(server.url + "/prod", api_key=KEY) as client:
            client._sleep, client._random = clock.sleep, random.Random(17)  # the waits move the mock's clock; seeded jitter
            products = [client.list_products() for _ in range(30)]
        assert len(products) == 30
        metrics = app.metrics["GET /products"].as_dict()
        # The server records a request just after answering it, so the last one may not be counted yet.
        assert metrics["Throttled"] > 0 and metrics["Count"] - metrics["Throttled"] in (29, 30)
        assert len(clock.slept) == metrics["Throttled"] and clock.now - 1000.0 >= (30 - 2) / 5  # the rate held
        app.reset()
        with shop.Client(server.url + "/prod", api_key=KEY, max_retries=0) as client:
            with pytest.raises(shop.RateLimitError) as excinfo:
                for _ in range(30):
                    client.list_products()
        assert not isinstance(excinfo.value, shop.QuotaExceededError)
        assert excinfo.value.error_type == "TooManyRequestsException"
    finally:
        server.stop()


def test_quota_is_raised_at_once(shop: ModuleType) -> None:
    # A fixed wall clock: a real one could cross midnight UTC between the calls and start a new DAY.
    noon = datetime(2026, 5, 10, 12, 0, tzinfo=timezone.utc)
    server = serve({"usage_plans": {"basic": {"quota": {"limit": 3, "period": "DAY"}}}}, wall_clock=lambda: noon)
    app = server.server.config.app
    try:
        with shop.Client(server.url + "/prod", api_key=KEY) as client:
            slept: list[float] = []
            client._sleep = slept.append
            for _ in range(3):
                client.list_products()
            with pytest.raises(shop.QuotaExceededError) as excinfo:
                client.list_products()
        assert slept == []  # raised at once: no wait, no retry
        assert excinfo.value.message == "Limit Exceeded"
        assert [r.status for r in app.records] == [200, 200, 200, 429]  # no retry
    finally:
        server.stop()


def test_injected_503_retried_on_get_raised_on_post(shop: ModuleType) -> None:
    faults = {"faults": [{"route": "GET /products", "status": 503, "rate": 0.5}, {"route": "POST /orders", "status": 503, "rate": 1.0}]}
    server = serve({**faults, "authorizers": {"ShopCognito": {"hs256_secret": SECRET, "audience": ["shop-client"]}}})
    app = server.server.config.app
    try:
        with shop.Client(server.url + "/prod", api_key=KEY, token=token()) as client:
            client._sleep = lambda seconds: None  # the waits are the runtime's business, tested elsewhere
            for _ in range(5):
                client.list_products()
            gets = [r.status for r in app.records]
            assert 503 in gets and gets.count(200) == 5
            app.reset()
            with pytest.raises(shop.InternalServerError):
                client.create_order(body={"items": [{"productId": "p-1", "quantity": 1}]})
        assert [r.status for r in app.records] == [503]
    finally:
        server.stop()
