"""Throttling and quota promises that mutation testing of sdkgen/mock/throttle.py found unguarded (issue 17)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from gateway_helpers import FakeClock, base_config

from sdkgen.mock.config import Quota
from sdkgen.mock.throttle import QuotaCounter, period_start


async def test_retry_after_counts_every_bucket_including_the_ones_refilled_since(make_client) -> None:
    """`retry_after: true`: the seconds until *the buckets* admit a request. The stage's bucket is the first to refuse;
    the account's, slower, must be refilled for the time gone by before its wait is counted."""
    clock = FakeClock(start=1.0)
    config = base_config(
        stages={"prod": {"throttle": {"rate": 0.5, "burst": 1}}}, account_throttle={"rate": 0.25, "burst": 1}, retry_after=True
    )
    client = make_client(config=config, clock=clock)
    assert (await client.get("/prod/products/1")).status_code == 200  # both buckets now empty
    throttled = await client.get("/prod/products/1")
    assert throttled.status_code == 429 and throttled.headers["retry-after"] == "4"  # the account's: 1 token at 0.25/s
    clock.advance(1.0)  # stage 0.5 token (still refuses), account 0.25: 0.75 missing at 0.25/s
    throttled = await client.get("/prod/products/1")
    assert throttled.status_code == 429 and throttled.headers["retry-after"] == "3"
    clock.advance(3.0)
    assert (await client.get("/prod/products/1")).status_code == 200


def test_a_wall_clock_set_back_counts_in_the_earlier_period() -> None:
    """The quota period is the one containing the wall clock's time, also when the clock goes back (an NTP step,
    an injected clock): a remembered later period is not reused."""
    now = [datetime(2024, 3, 2, 12, 0, tzinfo=timezone.utc)]
    counter = QuotaCounter(lambda: now[0])
    quota = Quota(2, "DAY")
    assert counter.take("plan", "key", quota) and counter.remaining("plan", "key", quota) == 1
    now[0] -= timedelta(hours=13)  # 1 March, 23:00
    assert counter.current_start(quota) == period_start(quota, now[0]) == datetime(2024, 3, 1, tzinfo=timezone.utc)
    assert counter.remaining("plan", "key", quota) == 2


async def test_retry_after_ignores_a_never_refilling_bucket_that_still_has_tokens(make_client) -> None:
    """A bucket with rate 0 waits a day only when it is empty; while it holds tokens the wait is the other buckets'."""
    config = base_config(
        stages={"prod": {"throttle": {"rate": 1, "burst": 1}}}, account_throttle={"rate": 0, "burst": 100}, retry_after=True
    )
    client = make_client(config=config, clock=FakeClock())
    assert (await client.get("/prod/products/1")).status_code == 200
    throttled = await client.get("/prod/products/1")
    assert throttled.status_code == 429 and throttled.headers["retry-after"] == "1"
