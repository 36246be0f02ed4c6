"""Credentials per security scheme kind, the choice between alternatives, and tokens."""

from __future__ import annotations

import base64
import inspect
import threading
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import MakeClient, Recorder, TokenIssuer, gateway_error, jwt

Ops = Callable[..., Any]
UNAUTHORIZED = gateway_error(401, "Unauthorized", "UnauthorizedException")
OK = httpx.Response(200, json={})
ALL_CREDENTIALS: dict[str, Any] = {
    "api_key": "key-1",
    "token": "tok-1",
    "credentials": {
        "notes": "allow-me",
        "query_auth": "q-secret",
        "basic": ("ann", "pa:ss"),
        "aws": ("AKIDEXAMPLE", "secret"),
    },
}
CREDENTIAL_HEADERS = ("x-api-key", "Authorization", "X-Notes-Auth", "Cookie")


def send(make_client: MakeClient, ops: Ops, security: Any, **kw: Any) -> Any:
    recorder = Recorder(OK)
    make_client(recorder, **kw)._call(ops("GET", "/x", security=security))
    return recorder.last


@pytest.mark.parametrize(
    ("scheme", "where", "name", "value"),
    [
        ("api_key", "header", "x-api-key", "key-1"),
        ("key_in_query", "query", "key", "key-1"),
        ("key_in_cookie", "header", "Cookie", "k=key-1"),
        ("jwt", "header", "Authorization", "Bearer tok-1"),
        ("cognito", "header", "Authorization", "tok-1"),
        ("notes_auth", "header", "X-Notes-Auth", "allow-me"),
        ("query_auth", "query", "auth", "q-secret"),
        (
            "basic",
            "header",
            "Authorization",
            "Basic " + base64.b64encode(b"ann:pa:ss").decode(),
        ),
    ],
)
def test_each_scheme_kind_sends_its_credential(
    make_client: MakeClient, ops: Ops, scheme: str, where: str, name: str, value: str
) -> None:
    request = send(make_client, ops, ((scheme,),), **ALL_CREDENTIALS)
    if where == "header":
        assert request.headers[name] == value
    else:
        assert request.url.params[name] == value
    # Nothing but the one credential asked for.
    others = [h for h in CREDENTIAL_HEADERS if h.lower() != name.lower()]
    assert not [h for h in others if h in request.headers]
    if where == "header":
        assert not request.url.params


def test_sigv4_scheme_signs_the_request(make_client: MakeClient, ops: Ops) -> None:
    request = send(make_client, ops, (("iam",),), **ALL_CREDENTIALS)
    authorization = request.headers["Authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/us-east-1/execute-api/aws4_request" in authorization
    assert "x-api-key" not in request.headers and "X-Notes-Auth" not in request.headers


def test_no_security_sends_no_credentials(make_client: MakeClient, ops: Ops) -> None:
    request = send(make_client, ops, (), **ALL_CREDENTIALS)
    assert not [h for h in (*CREDENTIAL_HEADERS, "X-Amz-Date") if h in request.headers]
    assert not request.url.params


def test_first_satisfied_alternative_wins_and_only_it_is_sent(
    make_client: MakeClient, ops: Ops
) -> None:
    either = (("api_key",), ("jwt",))
    both = send(make_client, ops, either, api_key="key-1", token="tok-1")
    assert both.headers["x-api-key"] == "key-1" and "Authorization" not in both.headers
    token_only = send(make_client, ops, either, token="tok-1")
    assert token_only.headers["Authorization"] == "Bearer tok-1"
    assert "x-api-key" not in token_only.headers


def test_and_alternative_sends_all_its_schemes(
    make_client: MakeClient, ops: Ops
) -> None:
    request = send(
        make_client, ops, (("api_key", "cognito"),), api_key="key-1", token="tok-1"
    )
    assert request.headers["x-api-key"] == "key-1"
    assert request.headers["Authorization"] == "tok-1"


def test_unsatisfied_security_sends_what_the_first_alternative_has(
    make_client: MakeClient, ops: Ops
) -> None:
    security = (("api_key", "cognito"), ("notes_auth",))
    request = send(make_client, ops, security, api_key="key-1")
    assert request.headers["x-api-key"] == "key-1"
    assert "Authorization" not in request.headers
    assert "X-Notes-Auth" not in request.headers


def test_empty_alternative_makes_auth_optional(
    make_client: MakeClient, ops: Ops
) -> None:
    optional = (("api_key",), ())
    anonymous = send(make_client, ops, optional)
    assert "x-api-key" not in anonymous.headers
    keyed = send(make_client, ops, optional, api_key="key-1")
    assert keyed.headers["x-api-key"] == "key-1"


def test_bearer_prefix_is_not_doubled(make_client: MakeClient, ops: Ops) -> None:
    request = send(make_client, ops, (("jwt",),), token="Bearer abc")
    assert request.headers["Authorization"] == "Bearer abc"


def test_jwt_expiry(rtpkg: ModuleType) -> None:
    expiry = rtpkg._auth.jwt_expiry
    assert expiry(jwt({"exp": 1700000000})) == 1700000000.0
    assert expiry("Bearer " + jwt({"exp": 5})) == 5.0
    assert expiry(jwt({"sub": "no exp"})) is None
    assert expiry(jwt({"exp": True})) is None
    assert expiry("opaque-token") is None
    assert expiry("a.!!!notbase64!!!.c") is None


def test_token_callable_is_cached(make_client: MakeClient, ops: Ops) -> None:
    issuer = TokenIssuer(exp=None)  # not a JWT: never considered expired
    recorder = Recorder(OK)
    client = make_client(recorder, token=issuer)
    client._clock = lambda: 10.0**12
    for _ in range(3):
        client._call(ops("GET", "/x", security=(("jwt",),)))
    assert issuer.issued == ["plain-1"]
    assert {r.headers["Authorization"] for r in recorder.requests} == {"Bearer plain-1"}


def test_token_fetched_again_when_exp_is_less_than_30_s_away(
    make_client: MakeClient, ops: Ops
) -> None:
    issuer = TokenIssuer(exp=1000.0)
    recorder = Recorder(OK)
    client = make_client(recorder, token=issuer)
    now = [900.0]
    client._clock = lambda: now[0]
    secured = ops("GET", "/x", security=(("jwt",),))
    client._call(secured)  # first use: fetched
    now[0] = 970.0  # exp 30 s away: still good
    client._call(secured)
    assert len(issuer.issued) == 1
    now[0] = 971.0  # 29 s away: fetched again before use
    client._call(secured)
    assert len(issuer.issued) == 2
    sent = [r.headers["Authorization"] for r in recorder.requests]
    assert sent == [
        "Bearer " + t for t in (issuer.issued[0],) * 2 + (issuer.issued[1],)
    ]


def test_token_is_not_fetched_for_operations_that_do_not_use_it(
    make_client: MakeClient, ops: Ops
) -> None:
    issuer = TokenIssuer()
    client = make_client(Recorder(OK), token=issuer, api_key="k")
    client._call(ops("GET", "/x", security=(("api_key",),)))
    assert issuer.issued == []


def test_401_fetches_a_new_token_and_retries_once(
    make_client: MakeClient, ops: Ops
) -> None:
    issuer = TokenIssuer()
    recorder = Recorder(UNAUTHORIZED, httpx.Response(200, json={"ok": True}))
    client = make_client(recorder, token=issuer)
    assert client._call(ops("POST", "/x", security=(("jwt",),))) == {"ok": True}
    assert issuer.issued == ["plain-1", "plain-2"]
    sent = [r.headers["Authorization"] for r in recorder.requests]
    assert sent == ["Bearer plain-1", "Bearer plain-2"]
    assert recorder.sleeps == []


def test_second_401_is_raised(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops
) -> None:
    issuer = TokenIssuer()
    recorder = Recorder(UNAUTHORIZED)
    client = make_client(recorder, token=issuer)
    with pytest.raises(rtpkg._exceptions.AuthenticationError):
        client._call(ops("GET", "/x", security=(("cognito",),)))
    assert len(recorder.requests) == 2 and len(issuer.issued) == 2


def test_401_with_a_fixed_token_or_no_token_is_not_retried(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops
) -> None:
    for kwargs, security in (
        ({"token": "fixed"}, (("jwt",),)),
        ({"api_key": "k", "token": TokenIssuer()}, (("api_key",),)),
    ):
        recorder = Recorder(UNAUTHORIZED)
        with pytest.raises(rtpkg._exceptions.AuthenticationError):
            make_client(recorder, **kwargs)._call(ops("GET", "/x", security=security))
        assert len(recorder.requests) == 1


def test_sync_client_refuses_an_async_token_callable(
    make_client: MakeClient, ops: Ops
) -> None:
    async def fetch() -> str:
        return "never"

    made: list[Any] = []

    def token() -> Any:
        made.append(fetch())
        return made[-1]

    client = make_client(Recorder(OK), token=token)
    with pytest.raises(TypeError, match="async"):
        client._call(ops("GET", "/x", security=(("jwt",),)))
    # Closed, not left to warn "coroutine was never awaited".
    assert inspect.getcoroutinestate(made[0]) == inspect.CORO_CLOSED


def test_token_callable_must_return_text(make_client: MakeClient, ops: Ops) -> None:
    client = make_client(Recorder(OK), token=lambda: None)
    with pytest.raises(TypeError, match="NoneType"):
        client._call(ops("GET", "/x", security=(("jwt",),)))


def test_aws_credentials_from_the_environment(
    make_client: MakeClient, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "Authorization" not in send(make_client, ops, (("iam",),)).headers
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "env-session")
    request = send(make_client, ops, (("iam",),))
    assert request.headers["Authorization"].startswith(
        "AWS4-HMAC-SHA256 Credential=AKIDENV/"
    )
    assert request.headers["X-Amz-Security-Token"] == "env-session"


def test_explicit_aws_credentials_take_a_tuple_or_a_mapping(
    make_client: MakeClient, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SESSION_TOKEN", "belongs-to-another-key")
    as_tuple = send(
        make_client,
        ops,
        (("iam",),),
        credentials={"aws": ("AKIDT", "s", None, "eu-west-1")},
    )
    assert "/eu-west-1/execute-api/" in as_tuple.headers["Authorization"]
    assert "X-Amz-Security-Token" not in as_tuple.headers
    mapping = {
        "aws_access_key_id": "AKIDM",
        "aws_secret_access_key": "s",
        "session_token": "st",
    }
    as_mapping = send(make_client, ops, (("iam",),), credentials={"aws": mapping})
    assert "Credential=AKIDM/" in as_mapping.headers["Authorization"]
    assert as_mapping.headers["X-Amz-Security-Token"] == "st"


def test_half_given_aws_credentials_are_an_error(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    with pytest.raises(ValueError, match="secret"):
        make_client(Recorder(OK), credentials={"aws": ("AKIDONLY", None, None, None)})


def test_aws_credentials_repr_hides_the_secret(rtpkg: ModuleType) -> None:
    credentials = rtpkg._sigv4.AwsCredentials("AKID", "very-secret", "session-x")
    assert "very-secret" not in repr(credentials) and "session-x" not in repr(
        credentials
    )


def test_threads_share_one_token_fetch(make_client: MakeClient, ops: Ops) -> None:
    started = threading.Event()
    issuer = TokenIssuer()

    def slow_token() -> str:
        started.set()
        time.sleep(0.05)  # long enough for the other threads to ask meanwhile
        return issuer()

    recorder = Recorder(OK)
    client = make_client(recorder, token=slow_token)
    secured = ops("GET", "/x", security=(("jwt",),))
    threads = [threading.Thread(target=client._call, args=(secured,)) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert started.is_set()
    assert issuer.issued == ["plain-1"] and len(recorder.requests) == 5


def test_a_401_refetches_only_the_refused_token(rtpkg: ModuleType) -> None:
    issuer = TokenIssuer()
    tokens = rtpkg._auth.TokenSource(issuer)
    first = tokens.get()
    assert tokens.get(refused=first) == "plain-2"
    # A second caller refused the same old token: the new one is already here.
    assert tokens.get(refused=first) == "plain-2"
    assert issuer.issued == ["plain-1", "plain-2"]


# -- Lambda authorizers with several identity sources (issue 12, item 3) ------------------------------


def identity_schemes(rtpkg: ModuleType, schemes: dict[str, Any]) -> dict[str, Any]:
    sources = (("x_token", "header", "X-Token"), ("tenant", "query", "tenant"))
    tenant = rtpkg._auth.SecurityScheme("Unused", "lambda", "header", "X-Token", "tenant_auth", sources)
    return {**schemes, "tenant_auth": tenant}


def test_each_identity_goes_where_its_source_says(
    rtpkg: ModuleType, schemes: dict[str, Any], make_client: MakeClient, ops: Ops
) -> None:
    identity = {"x_token": "tok-1", "tenant": "acme"}
    request = send(
        make_client, ops, (("tenant_auth", "api_key"),), api_key="key-1",
        credentials={"tenant_auth": identity}, security_schemes=identity_schemes(rtpkg, schemes),
    )  # fmt: skip
    assert request.headers["X-Token"] == "tok-1"
    assert request.url.params["tenant"] == "acme"
    assert request.headers["x-api-key"] == "key-1"
    assert "Unused" not in request.headers


@pytest.mark.parametrize(
    ("given", "message"),
    [("tok-1,acme", "one value per identity source"), ({"x_token": "t", "tennant": "a"}, "unknown keys")],
)
def test_identity_of_the_wrong_shape_is_refused_before_sending(
    rtpkg: ModuleType, schemes: dict[str, Any], make_client: MakeClient, ops: Ops, given: Any, message: str
) -> None:
    recorder = Recorder(OK)
    client = make_client(recorder, credentials={"tenant_auth": given}, security_schemes=identity_schemes(rtpkg, schemes))
    with pytest.raises(TypeError, match=message):
        client._call(ops("GET", "/x", security=(("tenant_auth",),)))
    assert recorder.requests == []
