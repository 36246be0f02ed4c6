"""Token buckets, usage plans and quotas, including under concurrent requests."""

from __future__ import annotations

import asyncio
import time

import pytest
from datetime import datetime, timedelta, timezone

from gateway_helpers import KEY, FakeClock, base_config

from sdkgen.mock.config import Quota, Throttle
from sdkgen.mock.throttle import BucketSet, QuotaCounter, period_end, period_start

BOB = "bob-fedcba9876543210"


def test_bucket_burst_and_refill() -> None:
    clock = FakeClock()
    buckets = BucketSet(clock)
    limit = [(("s",), Throttle(rate=2, burst=5))]
    assert [buckets.acquire(limit) for _ in range(6)] == [True] * 5 + [False]
    clock.advance(0.49)
    assert not buckets.acquire(limit)
    clock.advance(0.01)
    assert buckets.acquire(limit)
    clock.advance(100)
    assert sum(buckets.acquire(limit) for _ in range(20)) == 5  # capped at burst


def test_all_or_nothing_across_buckets() -> None:
    clock = FakeClock()
    buckets = BucketSet(clock)
    small, big = (("a",), Throttle(1, 1)), (("b",), Throttle(1, 3))
    assert buckets.acquire([small, big])
    assert not buckets.acquire([small, big])
    assert buckets.acquire([big]) and buckets.acquire([big])  # b kept the tokens a refused
    assert not buckets.acquire([big])


def test_never_more_than_rate_times_t_plus_burst() -> None:
    clock = FakeClock()
    buckets = BucketSet(clock)
    limit = [(("s",), Throttle(rate=7.5, burst=4))]
    admitted = 0
    for step in range(1000):  # 10 s in 10 ms steps, 3 attempts each
        clock.advance(0.01)
        admitted += sum(buckets.acquire(limit) for _ in range(3))
        elapsed = (step + 1) * 0.01
        assert admitted <= 7.5 * elapsed + 4 + 1e-9
    assert admitted >= 7.5 * 10 + 4 - 1


async def test_stage_throttle_under_concurrent_load(make_client) -> None:
    clock = FakeClock()
    client = make_client(config=base_config(stages={"prod": {"throttle": {"rate": 10, "burst": 5}}}), clock=clock)
    responses = await asyncio.gather(*(client.get("/prod/products/1") for _ in range(50)))
    statuses = [r.status_code for r in responses]
    assert statuses.count(200) == 5 and statuses.count(429) == 45
    throttled = next(r for r in responses if r.status_code == 429)
    assert throttled.json() == {"message": "Too Many Requests"}
    assert throttled.headers["x-amzn-errortype"] == "TooManyRequestsException"
    assert "retry-after" not in throttled.headers
    clock.advance(1.0)
    responses = await asyncio.gather(*(client.get("/prod/products/1") for _ in range(50)))
    assert [r.status_code for r in responses].count(200) == 5  # refilled to burst, not beyond
    metrics = (await client.get("/__sdkgen/metrics")).json()["routes"]["GET /products/{productId}"]
    assert metrics["Count"] == 100 and metrics["Throttled"] == 90 and metrics["4XXError"] == 90


async def test_real_clock_concurrency_bound(make_client) -> None:
    client = make_client(config=base_config(stages={"prod": {"throttle": {"rate": 50, "burst": 10}}}))
    start = time.monotonic()
    admitted = 0
    while time.monotonic() - start < 0.5:
        batch = await asyncio.gather(*(client.get("/prod/products/1") for _ in range(20)))
        admitted += sum(r.status_code == 200 for r in batch)
    elapsed = time.monotonic() - start
    assert admitted <= 50 * elapsed + 10
    assert admitted >= 10


async def test_stage_method_override(make_client) -> None:
    config = base_config(stages={"prod": {"throttle": {"rate": 100, "burst": 50}, "methods": {"GET /products/{productId}": {"throttle": {"rate": 1, "burst": 2}}}}})
    client = make_client(config=config, clock=FakeClock())
    statuses = [(await client.get("/prod/products/1")).status_code for _ in range(4)]
    assert statuses == [200, 200, 429, 429]
    # Other methods keep the stage's own limit (a bucket per method).
    statuses = [(await client.get("/prod/files/x")).status_code for _ in range(10)]
    assert statuses == [200] * 10


def plan_config(**plan: object) -> dict[str, object]:
    return base_config(
        api_keys=[{"id": "alice", "value": KEY, "usage_plan": "basic"}, {"id": "bob", "value": BOB}],
        usage_plans={"basic": plan},
    )


async def test_usage_plan_throttle_is_per_key(make_client) -> None:
    client = make_client(config=plan_config(throttle={"rate": 1, "burst": 2}), clock=FakeClock())
    alice = [(await client.get("/prod/products", headers={"x-api-key": KEY})).status_code for _ in range(3)]
    assert alice == [200, 200, 429]
    bob = [(await client.get("/prod/products", headers={"x-api-key": BOB})).status_code for _ in range(3)]
    assert bob == [200, 200, 200]  # bob has no plan


async def test_usage_plan_method_throttle(make_client) -> None:
    config = plan_config(throttle={"rate": 100, "burst": 100}, methods={"POST /orders": {"throttle": {"rate": 1, "burst": 1}}})
    client = make_client(config=config, clock=FakeClock())
    orders = [(await client.post("/prod/orders", headers={"x-api-key": KEY})).status_code for _ in range(2)]
    assert orders == [200, 429]
    assert (await client.get("/prod/products", headers={"x-api-key": KEY})).status_code == 200


async def test_quota_per_day_and_retry_after(make_client) -> None:
    now = [datetime(2024, 5, 10, 23, 0, tzinfo=timezone.utc)]
    config = plan_config(quota={"limit": 3, "period": "DAY"})
    config["retry_after"] = True
    client = make_client(config=config, wall_clock=lambda: now[0])
    statuses = [(await client.get("/prod/products", headers={"x-api-key": KEY})).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    r = await client.get("/prod/products", headers={"x-api-key": KEY})
    assert r.status_code == 429
    assert r.json() == {"message": "Limit Exceeded"}
    assert r.headers["x-amzn-errortype"] == "LimitExceededException"
    assert r.headers["retry-after"] == "3600"
    assert (await client.get("/prod/products", headers={"x-api-key": BOB})).status_code == 200
    now[0] += timedelta(hours=1)  # a new day
    assert (await client.get("/prod/products", headers={"x-api-key": KEY})).status_code == 200
    await client.post("/__sdkgen/reset")
    assert client.app.quotas.remaining("basic", "alice", Quota(3, "DAY")) == 3


async def test_throttle_before_quota(make_client) -> None:
    config = plan_config(throttle={"rate": 1, "burst": 1}, quota={"limit": 1, "period": "MONTH"})
    client = make_client(config=config, clock=FakeClock())
    assert (await client.get("/prod/products", headers={"x-api-key": KEY})).status_code == 200
    r = await client.get("/prod/products", headers={"x-api-key": KEY})
    assert r.json() == {"message": "Too Many Requests"}


def test_quota_periods() -> None:
    wed = datetime(2024, 5, 15, 12, 30, tzinfo=timezone.utc)  # a Wednesday
    assert period_start(Quota(1, "DAY"), wed) == datetime(2024, 5, 15, tzinfo=timezone.utc)
    assert period_start(Quota(1, "WEEK"), wed) == datetime(2024, 5, 13, tzinfo=timezone.utc)
    assert period_end(Quota(1, "WEEK"), wed) == datetime(2024, 5, 20, tzinfo=timezone.utc)
    assert period_start(Quota(1, "WEEK", offset=3), wed) == datetime(2024, 5, 9, tzinfo=timezone.utc)
    assert period_start(Quota(1, "MONTH"), wed) == datetime(2024, 5, 1, tzinfo=timezone.utc)
    assert period_end(Quota(1, "MONTH"), wed) == datetime(2024, 6, 1, tzinfo=timezone.utc)
    assert period_start(Quota(1, "MONTH", offset=20), wed) == datetime(2024, 4, 21, tzinfo=timezone.utc)
    assert period_end(Quota(1, "MONTH", offset=20), wed) == datetime(2024, 5, 21, tzinfo=timezone.utc)


def test_quota_counter_weekly_rollover() -> None:
    now = [datetime(2024, 5, 19, 23, 59, tzinfo=timezone.utc)]  # Sunday
    counter = QuotaCounter(lambda: now[0])
    quota = Quota(2, "WEEK")
    assert counter.take("p", "k", quota) and counter.take("p", "k", quota)
    assert not counter.take("p", "k", quota)
    now[0] += timedelta(minutes=2)  # Monday
    assert counter.take("p", "k", quota)


async def test_account_throttle_is_shared_by_every_route_and_key(make_client) -> None:
    clock = FakeClock()
    config = plan_config(throttle={"rate": 100, "burst": 100})
    config["account_throttle"] = {"rate": 2, "burst": 3}
    client = make_client(config=config, clock=clock)
    statuses = [
        (await client.get("/prod/products", headers={"x-api-key": KEY})).status_code,
        (await client.get("/prod/products/1")).status_code,
        (await client.get("/prod/files/a", headers={"x-api-key": BOB})).status_code,
        (await client.get("/prod/products/2")).status_code,
    ]
    assert statuses == [200, 200, 200, 429]
    clock.advance(0.5)  # one token back at 2 per second
    assert [(await client.get("/prod/files/b")).status_code for _ in range(2)] == [200, 429]


async def test_account_throttle_under_concurrent_load(make_client) -> None:
    clock = FakeClock()
    config = base_config(account_throttle={"rate": 10, "burst": 7}, stages={"prod": {"throttle": {"rate": 1000, "burst": 1000}}})
    client = make_client(config=config, clock=clock)
    paths = ["/prod/products/1", "/prod/files/x", "/prod/anything", "/prod/legacy"]
    responses = await asyncio.gather(*(client.get(paths[i % 4]) for i in range(60)))
    assert [r.status_code for r in responses].count(200) == 7
    throttled = next(r for r in responses if r.status_code == 429)
    assert throttled.json() == {"message": "Too Many Requests"}


async def test_account_throttle_is_off_unless_configured(make_client) -> None:
    client = make_client(clock=FakeClock())
    statuses = await asyncio.gather(*(client.get("/prod/products/1") for _ in range(200)))
    assert all(r.status_code == 200 for r in statuses)


def test_account_throttle_defaults_are_api_gateways() -> None:
    from sdkgen.mock import load_config

    assert load_config({"account_throttle": True}).account_throttle == Throttle(10_000, 5_000)
    assert load_config({"account_throttle": {"rate": 50}}).account_throttle == Throttle(50, 5_000)
    assert load_config({"account_throttle": False}).account_throttle is None
    assert load_config({}).account_throttle is None


@pytest.mark.parametrize(
    ("throttle", "steps", "expected"),
    [
        ({"rate": 0.2, "burst": 1}, (0, 1, 2, 1.5), [5, 4, 2, 1]),  # one token per 5 s; less to wait as the clock moves
        ({"rate": 0.1, "burst": 2}, (0, 1, 2, 1.5), [10, 9, 7, 6]),
        ({"rate": 10, "burst": 3}, (0, 0.01, 0.02, 0.03), [1, 1, 1, 1]),  # under a second: rounded up
        ({"rate": 0, "burst": 1}, (0, 1, 2, 1.5), [86400, 86400, 86400, 86400]),  # never refills: a day
    ],
)
async def test_retry_after_is_the_wait_until_the_bucket_admits_a_request(make_client, throttle, steps, expected) -> None:
    clock = FakeClock()
    config = plan_config(throttle=throttle)
    config["retry_after"] = True
    client = make_client(config=config, clock=clock)
    for _ in range(throttle["burst"]):
        assert (await client.get("/prod/products", headers={"x-api-key": KEY})).status_code == 200
    waits = []
    for step in steps:  # the clock moves between refusals; no sleeping
        clock.advance(step)
        r = await client.get("/prod/products", headers={"x-api-key": KEY})
        assert r.status_code == 429 and r.json() == {"message": "Too Many Requests"}
        waits.append(int(r.headers["retry-after"]))
    assert waits == expected
    if throttle["rate"]:
        clock.advance(waits[-1])  # obeying the last Retry-After is enough
        assert (await client.get("/prod/products", headers={"x-api-key": KEY})).status_code == 200
