"""The async client: the same behaviour over httpx.AsyncClient, with async sleep and
async token callables."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import (
    BASE_URL,
    QUOTA,
    THROTTLED,
    UNAVAILABLE,
    MakeClient,
    Recorder,
    TokenIssuer,
    client_options,
    gateway_error,
    jwt,
)

Ops = Callable[..., Any]
OK = httpx.Response(200, json={"ok": True})
UNAUTHORIZED = gateway_error(401, "Unauthorized", "UnauthorizedException")


class AsyncIssuer(TokenIssuer):
    """A coroutine-function token source."""

    async def fetch(self) -> str:
        return self()


async def test_request_and_parse(make_async_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(httpx.Response(200, json={"a": 1}))
    client = make_async_client(recorder, api_key="k")
    result = await client._call(
        ops(
            "GET",
            "/items/{id}",
            path_params={"id": "a b"},
            query=[("q", True)],
            security=(("api_key",),),
            parse={"200": lambda r: r.json()["a"]},
        )
    )
    assert result == 1
    assert str(recorder.last.url) == f"{BASE_URL}/items/a%20b?q=true"
    assert recorder.last.headers["x-api-key"] == "k"


async def test_async_token_callable_is_awaited_and_cached(
    make_async_client: MakeClient, ops: Ops
) -> None:
    issuer = AsyncIssuer()
    recorder = Recorder(OK)
    client = make_async_client(recorder, token=issuer.fetch)
    for _ in range(2):
        await client._call(ops("GET", "/x", security=(("jwt",),)))
    assert issuer.issued == ["plain-1"]
    assert recorder.last.headers["Authorization"] == "Bearer plain-1"


async def test_sync_token_callable_works_too(
    make_async_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(OK)
    client = make_async_client(recorder, token=lambda: "sync-token")
    await client._call(ops("GET", "/x", security=(("cognito",),)))
    assert recorder.last.headers["Authorization"] == "sync-token"


async def test_async_token_refreshed_near_expiry(
    make_async_client: MakeClient, ops: Ops
) -> None:
    issuer = AsyncIssuer(exp=1000.0)
    recorder = Recorder(OK)
    client = make_async_client(recorder, token=issuer.fetch)
    now = [950.0]
    client._clock = lambda: now[0]
    secured = ops("GET", "/x", security=(("jwt",),))
    await client._call(secured)
    await client._call(secured)
    assert len(issuer.issued) == 1
    now[0] = 980.0
    await client._call(secured)
    assert len(issuer.issued) == 2
    assert recorder.last.headers["Authorization"] == "Bearer " + issuer.issued[1]


async def test_async_401_refreshes_and_retries_once(
    rtpkg: ModuleType, make_async_client: MakeClient, ops: Ops
) -> None:
    issuer = AsyncIssuer()
    recorder = Recorder(UNAUTHORIZED, OK)
    client = make_async_client(recorder, token=issuer.fetch)
    assert await client._call(ops("POST", "/x", security=(("jwt",),))) == {"ok": True}
    sent = [r.headers["Authorization"] for r in recorder.requests]
    assert sent == ["Bearer plain-1", "Bearer plain-2"]

    recorder = Recorder(UNAUTHORIZED)
    client = make_async_client(recorder, token=AsyncIssuer().fetch)
    with pytest.raises(rtpkg._exceptions.AuthenticationError):
        await client._call(ops("POST", "/x", security=(("jwt",),)))
    assert len(recorder.requests) == 2


async def test_async_retries_and_sleeps(
    rtpkg: ModuleType, make_async_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(THROTTLED, THROTTLED, OK)
    assert await make_async_client(recorder)._call(ops("POST", "/x")) == {"ok": True}
    assert len(recorder.requests) == 3 and len(recorder.sleeps) == 2
    assert all(0.0 <= s <= 20.0 for s in recorder.sleeps)

    recorder = Recorder(UNAVAILABLE, OK)
    assert await make_async_client(recorder)._call(ops("GET", "/x")) == {"ok": True}
    assert len(recorder.requests) == 2

    recorder = Recorder(UNAVAILABLE, OK)
    with pytest.raises(rtpkg._exceptions.InternalServerError):
        await make_async_client(recorder)._call(ops("POST", "/x"))
    assert len(recorder.requests) == 1

    recorder = Recorder(QUOTA, OK)
    with pytest.raises(rtpkg._exceptions.QuotaExceededError):
        await make_async_client(recorder)._call(ops("GET", "/x"))
    assert len(recorder.requests) == 1 and recorder.sleeps == []


async def test_async_retry_after_and_limits(
    rtpkg: ModuleType, make_async_client: MakeClient, ops: Ops
) -> None:
    asked = gateway_error(429, "Too Many Requests", headers={"Retry-After": "3"})
    recorder = Recorder(asked, OK)
    await make_async_client(recorder)._call(ops("GET", "/x"))
    assert recorder.sleeps == [3.0]

    too_long = gateway_error(429, "Too Many Requests", headers={"Retry-After": "600"})
    recorder = Recorder(too_long, OK)
    with pytest.raises(rtpkg._exceptions.RateLimitError):
        await make_async_client(recorder)._call(ops("GET", "/x"))
    assert len(recorder.requests) == 1 and recorder.sleeps == []

    recorder = Recorder(THROTTLED)
    client = make_async_client(recorder).with_options(max_retries=1)
    with pytest.raises(rtpkg._exceptions.RateLimitError):
        await client._call(ops("GET", "/x"))
    assert len(recorder.requests) == 2


async def test_async_connection_errors(
    rtpkg: ModuleType, make_async_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(httpx.ConnectError("refused"))
    with pytest.raises(rtpkg._exceptions.APIConnectionError):
        await make_async_client(recorder)._call(ops("GET", "/x"))
    assert len(recorder.requests) == 4

    recorder = Recorder(httpx.ConnectTimeout("slow"))
    with pytest.raises(rtpkg._exceptions.APITimeoutError):
        await make_async_client(recorder)._call(ops("POST", "/x"))
    assert len(recorder.requests) == 1


async def test_async_raw_response_and_error_model(
    rtpkg: ModuleType, make_async_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(
        httpx.Response(201, json=[1], headers={"apigw-requestid": "h1"})
    )
    raw = await make_async_client(recorder)._call_raw(ops("POST", "/x"))
    assert raw.status_code == 201 and raw.request_id == "h1" and raw.parse() == [1]

    problem = httpx.Response(409, json={"message": "taken", "field": "name"})
    recorder = Recorder(problem)
    with pytest.raises(rtpkg._exceptions.ConflictError) as caught:
        await make_async_client(recorder)._call(
            ops("POST", "/x", error_models={"409": lambda body: body["field"]})
        )
    assert caught.value.message == "taken" and caught.value.model == "name"


async def test_async_sigv4(make_async_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(OK)
    client = make_async_client(recorder, credentials={"aws": ("AKIDEXAMPLE", "s")})
    await client._call(ops("PUT", "/x", json_body={"a": 1}, security=(("iam",),)))
    authorization = recorder.last.headers["Authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "SignedHeaders=content-type;host;x-amz-date," in authorization


async def test_async_with_options_and_closing(
    rtpkg: ModuleType, make_async_client: MakeClient, schemes: dict[str, Any]
) -> None:
    client = make_async_client(Recorder(OK))
    clone = client.with_options(timeout=1.0)
    assert (
        type(clone) is type(client) and clone.timeout == 1.0 and client.timeout == 30.0
    )
    async with clone:
        pass
    await client.aclose()
    assert not client._http.is_closed  # the caller's own AsyncClient

    own = rtpkg._base_client.AsyncAPIClient(**client_options(schemes))
    async with own as entered:
        assert entered is own
    assert own._http.is_closed


async def test_async_expired_jwt_given_as_text_is_still_sent(
    make_async_client: MakeClient, ops: Ops
) -> None:
    # A fixed token cannot be refreshed: it is sent as given, and the server decides.
    stale = jwt({"exp": 1})
    recorder = Recorder(OK)
    await make_async_client(recorder, token=stale)._call(
        ops("GET", "/x", security=(("jwt",),))
    )
    assert recorder.last.headers["Authorization"] == "Bearer " + stale


async def test_concurrent_calls_share_one_async_token_fetch(
    make_async_client: MakeClient, ops: Ops
) -> None:
    issuer = TokenIssuer()

    async def slow_token() -> str:
        for _ in range(5):
            await asyncio.sleep(0)  # let the other calls ask meanwhile
        return issuer()

    recorder = Recorder(OK)
    client = make_async_client(recorder, token=slow_token)
    secured = ops("GET", "/x", security=(("jwt",),))
    await asyncio.gather(*(client._call(secured) for _ in range(5)))
    assert issuer.issued == ["plain-1"] and len(recorder.requests) == 5


def test_async_token_source_works_across_event_loops(rtpkg: ModuleType) -> None:
    issuer = TokenIssuer()

    async def slow_token() -> str:
        await asyncio.sleep(0)
        return issuer()

    tokens = rtpkg._auth.TokenSource(slow_token)

    async def together(refused: str | None) -> list[str]:
        # Several callers at once, so that they contend for the lock.
        return list(
            await asyncio.gather(*(tokens.aget(refused=refused) for _ in range(3)))
        )

    assert asyncio.run(together(None)) == ["plain-1"] * 3
    # A new loop (a new lock; one bound to the first loop would refuse to work here).
    assert asyncio.run(together("plain-1")) == ["plain-2"] * 3
