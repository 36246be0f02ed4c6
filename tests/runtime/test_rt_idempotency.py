"""Idempotency keys: opt-in per client (idempotency_header) or per call
(idempotency_key), made once per call and kept across its retries, which then include
POST and PATCH on connection errors and 502/503/504."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import QUOTA, THROTTLED, UNAVAILABLE, MakeClient, Recorder, gateway_error
from rt_sockets import serve

Ops = Callable[..., Any]
OK = httpx.Response(201, json={"ok": True})
KEY = "Idempotency-Key"


def keys(recorder: Recorder, name: str = KEY) -> list[str | None]:
    return [request.headers.get(name) for request in recorder.requests]


def test_without_the_option_post_sends_no_key_and_is_not_retried_on_503(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(UNAVAILABLE, OK)
    with pytest.raises(rtpkg._exceptions.APIStatusError):
        make_client(recorder)._call(ops("POST", "/orders"))
    assert keys(recorder) == [None]


@pytest.mark.parametrize(
    "failure",
    [
        gateway_error(502, "Bad Gateway"),
        UNAVAILABLE,
        gateway_error(504, "Endpoint request timed out"),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        THROTTLED,
    ],
    ids=["502", "503", "504", "connect", "timeout", "429"],
)
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_keyed_post_or_patch_is_retried_with_the_same_key(
    make_client: MakeClient, ops: Ops, failure: Any, method: str
) -> None:
    recorder = Recorder(failure, failure, OK)
    client = make_client(recorder, idempotency_header=KEY)
    assert client._call(ops(method, "/orders")) == {"ok": True}
    sent = keys(recorder)
    assert len(sent) == 3 and sent[0] == sent[1] == sent[2]
    assert sent[0] is not None and uuid.UUID(sent[0]).version == 4


def test_each_call_gets_its_own_key_and_safe_methods_none(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(OK)
    client = make_client(recorder, idempotency_header="X-Idempotency-Token")
    for method in ("POST", "POST", "PUT", "DELETE", "PATCH", "GET", "HEAD", "OPTIONS"):
        client._call(ops(method, "/x"))
    sent = keys(recorder, "X-Idempotency-Token")
    assert all(sent[:5]) and len(set(sent[:5])) == 5
    assert sent[5:] == [None, None, None]
    assert KEY not in recorder.requests[0].headers


def test_a_key_per_call_overrides_and_opts_in(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(UNAVAILABLE, OK)
    # A client without the option: the call's own key still makes POST retryable.
    make_client(recorder)._call(ops("POST", "/x"), idempotency_key="order-42")
    assert keys(recorder) == ["order-42", "order-42"]
    recorder = Recorder(OK)
    make_client(recorder, idempotency_header="X-Key")._call(
        ops("POST", "/x"), idempotency_key="mine"
    )
    assert keys(recorder, "X-Key") == ["mine"]


def test_quota_is_still_not_retried_with_a_key(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(QUOTA, OK)
    with pytest.raises(rtpkg._exceptions.QuotaExceededError):
        make_client(recorder, idempotency_header=KEY)._call(ops("POST", "/x"))
    assert len(recorder.requests) == 1


def test_the_key_survives_a_token_refresh(make_client: MakeClient, ops: Ops) -> None:
    issued: list[str] = []

    def token() -> str:
        issued.append(f"t{len(issued)}")
        return issued[-1]

    recorder = Recorder(httpx.Response(401), OK)
    client = make_client(recorder, token=token, idempotency_header=KEY)
    client._call(ops("POST", "/x", security=(("jwt",),)))
    assert len(recorder.requests) == 2 and keys(recorder)[0] == keys(recorder)[1]


def test_with_options_turns_it_on_and_off(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(OK)
    client = make_client(recorder)
    keyed = client.with_options(idempotency_header=KEY)
    keyed._call(ops("POST", "/x"))
    keyed.with_options(idempotency_header=None)._call(ops("POST", "/x"))
    client._call(ops("POST", "/x"))
    sent = keys(recorder)
    assert sent[0] is not None and sent[1:] == [None, None]


def test_async_keyed_post_is_retried_with_the_same_key(
    make_async_client: MakeClient, ops: Ops
) -> None:
    async def run() -> None:
        recorder = Recorder(httpx.ConnectError("refused"), UNAVAILABLE, OK)
        client = make_async_client(recorder, idempotency_header=KEY)
        assert await client._call(ops("POST", "/x")) == {"ok": True}
        sent = keys(recorder)
        assert len(sent) == 3 and sent[0] and len(set(sent)) == 1
        recorder2 = Recorder(UNAVAILABLE, OK)
        plain = make_async_client(recorder2)
        with pytest.raises(Exception):
            await plain._call(ops("POST", "/x"))
        assert len(recorder2.requests) == 1

    asyncio.run(run())


def test_over_a_real_socket_a_dropped_post_is_sent_again_with_its_key(
    rtpkg: ModuleType, schemes: dict[str, Any]
) -> None:
    """The server reads the request and closes the connection without answering: it
    may have run it, which only the key makes safe to send again."""
    with serve("drop", (201, b'{"id": 1}')) as (url, script):
        client = rtpkg._base_client.SyncAPIClient(
            base_url=url,
            default_base_url=url,
            base_url_env=None,
            api_key=None,
            api_key_env=None,
            token=None,
            credentials={},
            security_schemes=schemes,
            idempotency_header=KEY,
            timeout=10.0,
        )
        client._sleep = lambda seconds: None
        with client:
            assert client._call(ops_post(rtpkg)) == {"id": 1}
            first, second = script.seen
            assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
            assert first.sha256 == second.sha256 and first.size > 0
            # Without a key, the same failure is raised at once.
            script.actions = ["drop", (201, b"{}")]
            with pytest.raises(rtpkg._exceptions.APIConnectionError):
                client.with_options(idempotency_header=None)._call(ops_post(rtpkg))
            assert len(script.seen) == 3


def ops_post(rtpkg: ModuleType) -> Any:
    return rtpkg._base_client.RequestOptions(
        "POST", "/orders", parse={}, json_body={"item": "mug"}
    )
