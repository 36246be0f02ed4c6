"""Mock gateway promises of the README that no other test guarded (issue 17); each seen failing when broken."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from gateway_helpers import FakeClock, base_config

import sdkgen.mock.app as mock_app


async def test_retry_after_true_adds_retry_after_to_throttled_429s(make_client) -> None:
    throttle = {"prod": {"throttle": {"rate": 1, "burst": 1}}}
    for retry_after, expected in ((True, "1"), (False, None)):
        client = make_client(config=base_config(stages=throttle, retry_after=retry_after), clock=FakeClock())
        assert (await client.get("/prod/products/1")).status_code == 200
        throttled = await client.get("/prod/products/1")
        assert throttled.status_code == 429 and throttled.json() == {"message": "Too Many Requests"}
        assert throttled.headers.get("retry-after") == expected  # API Gateway itself sends none


class SleepRecorder:
    """Stands in for asyncio.sleep in the mock: records the delays it is asked for, waits for none."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self.real = asyncio.sleep

    async def __call__(self, delay: float, *args: Any, **kwargs: Any) -> Any:
        self.delays.append(delay)
        return await self.real(0)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> SleepRecorder:
    recorder = SleepRecorder()
    monkeypatch.setattr(mock_app.asyncio, "sleep", recorder)
    return recorder


async def test_injected_latency_stays_within_min_and_max(make_client, sleeps: SleepRecorder) -> None:
    """The delays the mock asks for, not the wall clock: both bounds hold exactly and the test takes no time."""
    client = make_client(config=base_config(latency_ms={"min": 30, "max": 40}, seed=7))
    for _ in range(50):
        assert (await client.get("/prod/products/1")).status_code == 200
    mine = [d for d in sleeps.delays if d > 0]  # the ASGI transport's own zero-length yields aside
    assert len(mine) == 50
    assert all(0.030 <= d <= 0.040 for d in mine), mine
    assert max(mine) - min(mine) > 0.005  # spread over the range, not a constant


async def test_latency_is_deterministic_for_a_seed_and_off_by_default(make_client, sleeps: SleepRecorder) -> None:
    for _ in range(2):
        client = make_client(config=base_config(latency_ms={"min": 0, "max": 100}, seed=3))
        for _ in range(5):
            await client.get("/prod/products/1")
    first, second = sleeps.delays[:5], sleeps.delays[5:10]
    assert first == second and len(set(first)) == 5
    sleeps.delays.clear()
    client = make_client()
    await client.get("/prod/products/1")
    assert [d for d in sleeps.delays if d > 0] == []


async def test_only_get_responses_are_cached_and_clients_can_bypass_the_cache(make_client) -> None:
    """`cache_ttl`: GET responses cached per stage; other methods never (API Gateway caches GET only);
    `Cache-Control: max-age=0` or `no-cache` skips the entry, as API Gateway's invalidation header does."""
    client = make_client(config=base_config(stages={"prod": {"cache_ttl": 60}}), clock=FakeClock())
    app = client.app
    for _ in range(2):
        await client.delete("/prod/products/1")
    assert [r.cache for r in app.records] == [None, None]
    await client.get("/prod/products/1")
    await client.get("/prod/products/1")
    for control in ("no-cache", "max-age=0", "No-Cache"):
        await client.get("/prod/products/1", headers={"Cache-Control": control})
    assert [r.cache for r in list(app.records)[2:]] == ["miss", "hit", "miss", "miss", "miss"]


async def test_http_apis_have_no_stage_cache(make_client) -> None:
    """API Gateway's HTTP APIs have no caching: a configured cache_ttl changes nothing there."""
    from gateway_helpers import http_api

    client = make_client(spec=http_api(), config={"stages": {"": {"cache_ttl": 60}}}, clock=FakeClock())
    for _ in range(2):
        assert (await client.get("/public")).status_code == 200
    assert [r.cache for r in client.app.records] == [None, None]


async def test_spec_validation_checks_only_what_the_operations_validator_asks(make_client) -> None:
    """`validation: spec` follows x-amazon-apigateway-request-validator: a params-only validator leaves the body
    alone, a body-only one the parameters; `strict` checks both everywhere."""
    from gateway_helpers import KEY, shop

    bad_body = {"content": b'{"price": "not a number"}', "headers": {"x-api-key": KEY, "content-type": "application/json"}}
    for validator, body_checked in (("params-only", False), ("body-only", True), ("all", True)):
        spec = shop()
        spec["paths"]["/products"]["post"]["x-amazon-apigateway-request-validator"] = validator
        client = make_client(spec=spec)
        r = await client.post("/prod/products", **bad_body)
        assert (r.status_code == 400) is body_checked, (validator, r.status_code, r.text)
    spec = shop()
    spec["paths"]["/products"]["post"]["x-amazon-apigateway-request-validator"] = "params-only"
    strict = make_client(spec=spec, config=base_config(validation="strict"))
    assert (await strict.post("/prod/products", **bad_body)).status_code == 400
