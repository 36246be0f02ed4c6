"""Which failures are retried, how often, and how long the client waits between tries."""

from __future__ import annotations

import email.utils
import random
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import (
    QUOTA,
    THROTTLED,
    UNAVAILABLE,
    MakeClient,
    Recorder,
    gateway_error,
)

Ops = Callable[..., Any]
OK = httpx.Response(200, json={"ok": True})


class RecordingRandom(random.Random):
    """Returns the upper bound it was given, and remembers every bound."""

    def __init__(self) -> None:
        super().__init__(0)
        self.bounds: list[tuple[float, float]] = []

    def uniform(self, a: float, b: float) -> float:
        self.bounds.append((a, b))
        return b


def test_throttling_is_retried_for_post(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(THROTTLED, THROTTLED, OK)
    assert make_client(recorder)._call(ops("POST", "/orders")) == {"ok": True}
    assert len(recorder.requests) == 3 and len(recorder.sleeps) == 2


def test_throttling_without_an_error_type_is_retried(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(httpx.Response(429, text="slow down"), OK)
    assert make_client(recorder)._call(ops("PATCH", "/x")) == {"ok": True}
    assert len(recorder.requests) == 2


def test_exhausted_retries_raise_the_last_typed_error(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(THROTTLED)
    with pytest.raises(rtpkg._exceptions.RateLimitError) as caught:
        make_client(recorder)._call(ops("GET", "/x"))
    assert caught.value.message == "Too Many Requests"
    assert len(recorder.requests) == 4 and len(recorder.sleeps) == 3  # 1 + max_retries


@pytest.mark.parametrize("retries", [0, 1, 5])
def test_max_retries_counts_retries(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops, retries: int
) -> None:
    recorder = Recorder(THROTTLED)
    with pytest.raises(rtpkg._exceptions.RateLimitError):
        make_client(recorder, max_retries=retries)._call(ops("GET", "/x"))
    assert len(recorder.requests) == retries + 1
    assert len(recorder.sleeps) == retries


def test_with_options_max_retries_zero(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(THROTTLED)
    client = make_client(recorder)
    with pytest.raises(rtpkg._exceptions.RateLimitError):
        client.with_options(max_retries=0)._call(ops("GET", "/x"))
    assert len(recorder.requests) == 1 and recorder.sleeps == []


def test_quota_is_never_retried(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops
) -> None:
    for quota in (QUOTA, gateway_error(429, "Limit Exceeded")):
        recorder = Recorder(quota, OK)
        with pytest.raises(rtpkg._exceptions.QuotaExceededError):
            make_client(recorder)._call(ops("GET", "/x"))
        assert len(recorder.requests) == 1 and recorder.sleeps == []


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])
@pytest.mark.parametrize("status", [502, 503, 504])
def test_transient_statuses_retried_for_idempotent_methods(
    make_client: MakeClient, ops: Ops, method: str, status: int
) -> None:
    recorder = Recorder(
        gateway_error(status, "Service Unavailable"), httpx.Response(204)
    )
    make_client(recorder)._call(ops(method, "/x"))
    assert len(recorder.requests) == 2


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_transient_statuses_not_retried_for_other_methods(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops, method: str
) -> None:
    recorder = Recorder(UNAVAILABLE, OK)
    with pytest.raises(rtpkg._exceptions.InternalServerError):
        make_client(recorder)._call(ops(method, "/x"))
    assert len(recorder.requests) == 1


@pytest.mark.parametrize("status", [500, 400, 403, 404])
def test_other_errors_are_not_retried(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops, status: int
) -> None:
    recorder = Recorder(gateway_error(status, "no"), OK)
    with pytest.raises(rtpkg._exceptions.APIStatusError):
        make_client(recorder)._call(ops("GET", "/x"))
    assert len(recorder.requests) == 1


def test_connection_errors_and_timeouts_retried_for_get_only(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops
) -> None:
    refused = httpx.ConnectError("refused")
    recorder = Recorder(refused, httpx.ReadTimeout("slow"), OK)
    assert make_client(recorder)._call(ops("GET", "/x")) == {"ok": True}
    assert len(recorder.requests) == 3

    recorder = Recorder(refused)
    with pytest.raises(rtpkg._exceptions.APIConnectionError):
        make_client(recorder)._call(ops("GET", "/x"))
    assert len(recorder.requests) == 4

    recorder = Recorder(httpx.ReadTimeout("slow"))
    with pytest.raises(rtpkg._exceptions.APITimeoutError):
        make_client(recorder)._call(ops("POST", "/x"))
    assert len(recorder.requests) == 1


def test_retry_after_seconds_is_honoured(make_client: MakeClient, ops: Ops) -> None:
    throttled = gateway_error(429, "Too Many Requests", headers={"Retry-After": "7"})
    recorder = Recorder(throttled, OK)
    make_client(recorder)._call(ops("POST", "/x"))
    assert recorder.sleeps == [7.0]


def test_retry_after_http_date_is_honoured(make_client: MakeClient, ops: Ops) -> None:
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 12, usegmt=True)
    recorder = Recorder(gateway_error(503, "busy", headers={"Retry-After": date}), OK)
    client = make_client(recorder)
    client._clock = lambda: now
    client._call(ops("GET", "/x"))
    assert recorder.sleeps == [12.0]


def test_retry_after_ms_is_honoured(make_client: MakeClient, ops: Ops) -> None:
    throttled = gateway_error(
        429, "Too Many Requests", headers={"retry-after-ms": "1500"}
    )
    recorder = Recorder(throttled, OK)
    make_client(recorder)._call(ops("GET", "/x"))
    assert recorder.sleeps == [1.5]


@pytest.mark.parametrize("header", [{"Retry-After": "61"}, {"retry-after-ms": "90000"}])
def test_a_wait_over_a_minute_is_raised_at_once(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops, header: dict[str, str]
) -> None:
    recorder = Recorder(gateway_error(429, "Too Many Requests", headers=header), OK)
    with pytest.raises(rtpkg._exceptions.RateLimitError):
        make_client(recorder)._call(ops("GET", "/x"))
    assert len(recorder.requests) == 1 and recorder.sleeps == []


def test_a_wait_of_exactly_a_minute_is_slept(make_client: MakeClient, ops: Ops) -> None:
    throttled = gateway_error(429, "Too Many Requests", headers={"Retry-After": "60"})
    recorder = Recorder(throttled, OK)
    make_client(recorder)._call(ops("GET", "/x"))
    assert recorder.sleeps == [60.0]


def test_backoff_is_full_jitter_capped_at_20_s(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(THROTTLED)
    client = make_client(recorder, max_retries=6)
    client._random = RecordingRandom()
    with pytest.raises(Exception):
        client._call(ops("GET", "/x"))
    caps = [2.0, 4.0, 8.0, 16.0, 20.0, 20.0]
    # tenacity computes a wait before it checks the stop, so one more may be drawn.
    assert client._random.bounds[:6] == [(0.0, cap) for cap in caps]
    assert recorder.sleeps == caps


def test_seeded_backoff_is_reproducible_and_in_bounds(
    make_client: MakeClient, ops: Ops
) -> None:
    runs = []
    for _ in range(2):
        recorder = Recorder(THROTTLED)
        client = make_client(recorder, max_retries=8)
        client._random = random.Random(1234)
        with pytest.raises(Exception):
            client._call(ops("GET", "/x"))
        runs.append(recorder.sleeps)
    assert runs[0] == runs[1]
    caps = [min(20.0, 2.0**n) for n in range(1, 9)]
    assert all(0.0 <= s <= cap for s, cap in zip(runs[0], caps))
    assert len(set(runs[0])) > 1  # random, not a constant


def test_retry_after_parsing(rtpkg: ModuleType) -> None:
    parse = rtpkg._retry.retry_after
    now = 1_700_000_000.0

    def headers(**values: str) -> httpx.Headers:
        return httpx.Headers({k.replace("_", "-"): v for k, v in values.items()})

    assert parse(headers(), now) is None
    assert parse(headers(retry_after="2.5"), now) == 2.5
    assert parse(headers(retry_after="-3"), now) == 0.0
    assert parse(headers(retry_after="soon"), now) is None
    past = email.utils.formatdate(now - 100, usegmt=True)
    assert parse(headers(retry_after=past), now) == 0.0
    assert parse(headers(retry_after_ms="250", retry_after="9"), now) == 0.25
    assert parse(headers(retry_after_ms="x", retry_after="9"), now) == 9.0


def test_retry_sleeps_use_the_client_sleep(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(THROTTLED, OK)
    client = make_client(recorder)
    slept: list[float] = []
    client._sleep = slept.append  # replaced after construction: still used
    client._call(ops("GET", "/x"))
    assert len(slept) == 1 and recorder.sleeps == []


def test_sigv4_retries_are_signed_afresh(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(THROTTLED, OK)
    client = make_client(recorder, credentials={"aws": ("AKID", "secret")})
    client._call(ops("GET", "/x", security=(("iam",),)))
    for request in recorder.requests:
        assert len(request.headers.get_list("Authorization")) == 1
        assert request.headers["Authorization"].startswith("AWS4-HMAC-SHA256")
