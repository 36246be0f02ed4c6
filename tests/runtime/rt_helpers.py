"""Helpers for the runtime's tests: a recording MockTransport handler, gateway-style
error responses and unsigned JWTs."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any, Union

import httpx

BASE_URL = "https://abc123.execute-api.us-east-1.amazonaws.com/prod"

# make_client(recorder, **keyword arguments of the client) -> a client
MakeClient = Callable[..., Any]
Handler = Callable[[httpx.Request], httpx.Response]
Answer = Union[httpx.Response, Handler, BaseException]


class Recorder:
    """A MockTransport handler answering from a queue (the last answer repeats),
    keeping every request it saw and, through the client fixtures, every sleep."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers) or [httpx.Response(200)]
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, BaseException):
            raise answer
        if callable(answer):
            return answer(request)
        # A fresh copy each time: a repeated Response object would be consumed once.
        return httpx.Response(
            answer.status_code, headers=answer.headers, content=answer.content
        )

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def gateway_error(
    status: int,
    message: str,
    error_type: str | None = None,
    headers: dict[str, str] | None = None,
    key: str = "message",
) -> httpx.Response:
    """An error as API Gateway's default gateway responses write it."""
    sent = {"x-amzn-RequestId": "req-123"}
    if error_type:
        sent["x-amzn-ErrorType"] = error_type
    sent.update(headers or {})
    return httpx.Response(status, json={key: message}, headers=sent)


THROTTLED = gateway_error(429, "Too Many Requests", "TooManyRequestsException")
QUOTA = gateway_error(429, "Limit Exceeded", "LimitExceededException")
UNAVAILABLE = gateway_error(503, "Service Unavailable")


def jwt(claims: dict[str, Any]) -> str:
    """An unsigned-looking JWT: the runtime reads ``exp`` without verifying."""

    def part(value: dict[str, Any]) -> str:
        raw = json.dumps(value).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


class TokenIssuer:
    """A token callable that counts its calls and hands out JWTs expiring at ``exp``
    (or plain strings when ``exp`` is None)."""

    def __init__(self, exp: float | None = None) -> None:
        self.exp = exp
        self.issued: list[str] = []

    def __call__(self) -> str:
        n = len(self.issued) + 1
        token = f"plain-{n}" if self.exp is None else jwt({"exp": self.exp, "n": n})
        self.issued.append(token)
        return token


def client_options(schemes: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """Keyword arguments for SyncAPIClient/AsyncAPIClient with nothing configured (no base URL of its own, no
    credentials, its own HTTP client), then ``overrides``."""
    options: dict[str, Any] = {
        "base_url": None,
        "default_base_url": BASE_URL,
        "base_url_env": None,
        "api_key": None,
        "api_key_env": None,
        "token": None,
        "credentials": {},
        "security_schemes": schemes,
    }
    return {**options, **overrides}
