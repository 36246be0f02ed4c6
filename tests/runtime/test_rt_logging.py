"""Logging: the logger named after the package, ``<PACKAGE>_LOG=info|debug``, each request, status and retry
with its delay; credentials of every kind redacted."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import Recorder

SECRETS = ["the-api-key-1234", "jwt.token.value", "cookie-secret", "lambda-secret", "query-secret", "SECRETKEY/xyz"]
SHOP = Path(__file__).resolve().parents[2] / "generated" / "shop"


def test_requests_statuses_and_retries_are_logged_with_credentials_redacted(
    make_client: Any, ops: Any, rtpkg: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    assert rtpkg._logs.logger.name == "rtpkg"
    recorder = Recorder(httpx.Response(503), httpx.Response(200, json={}, headers={"Set-Cookie": "s=cookie-secret"}))
    client = make_client(
        recorder, api_key="the-api-key-1234", token="jwt.token.value",
        credentials={"notes": "lambda-secret", "query_auth": "query-secret"},
    )  # fmt: skip
    caplog.set_level(logging.DEBUG, logger="rtpkg")
    client._call(ops("GET", "/orders/{id}", path_params={"id": "o-1"}, security=(("api_key", "jwt"),)), extra_query={"q": "1"})
    lines = [r.getMessage() for r in caplog.records if r.name == "rtpkg"]
    assert lines[0] == 'GET https://abc123.execute-api.us-east-1.amazonaws.com/prod/orders/o-1?q=1 "HTTP/1.1 503 Service Unavailable"'
    assert any(line.startswith("retry 1 of GET /orders/{id} in ") for line in lines)
    assert lines[-3].endswith('"HTTP/1.1 200 OK"')
    headers = " ".join(line for line in lines if "headers:" in line)
    assert "'x-api-key': '[redacted]'" in headers and "'authorization': '[redacted]'" in headers
    assert "'set-cookie': '[redacted]'" in headers and "'user-agent': 'sdkgen-client" in headers
    # A Lambda authorizer's own header and query parameter, an API key in a cookie and in the query.
    client._call(ops("GET", "/l", security=(("notes_auth", "query_auth"),)), extra_query={"q": "1"})
    client._call(ops("GET", "/c", security=(("key_in_cookie",),)))
    client._call(ops("GET", "/q", security=(("key_in_query",),)))
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "'x-notes-auth': '[redacted]'" in text and "/prod/l?auth=%5Bredacted%5D&q=1 " in text
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "'cookie': '[redacted]'" in text and "key=%5Bredacted%5D" in text
    assert not [s for s in SECRETS if s in text]


def test_sigv4_signatures_and_session_tokens_are_redacted(
    make_client: Any, ops: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(Recorder(), credentials={"aws": ("AKIDEXAMPLE", "SECRETKEY/xyz", "session-token-secret", "eu-west-1")})
    caplog.set_level(logging.DEBUG, logger="rtpkg")
    client._call(ops("GET", "/signed", security=(("iam",),)))
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "'authorization': '[redacted]'" in text and "'x-amz-security-token': '[redacted]'" in text
    assert "session-token-secret" not in text and "Signature=" not in text


def test_the_async_client_logs_the_same(make_async_client: Any, ops: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="rtpkg")
    client = make_async_client(Recorder(httpx.ConnectError("refused"), httpx.Response(200, json={})), token="jwt.token.value")
    asyncio.run(client._call(ops("GET", "/x", security=(("jwt",),))))
    lines = [r.getMessage() for r in caplog.records if r.name == "rtpkg"]
    assert lines[0] == "GET https://abc123.execute-api.us-east-1.amazonaws.com/prod/x failed: ConnectError"
    assert lines[1].startswith("retry 1 of GET /x in ") and lines[2].endswith('"HTTP/1.1 200 OK"')
    assert not [r for r in caplog.records if r.levelno == logging.DEBUG]  # headers at debug only


def test_silent_by_default(make_client: Any, ops: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="rtpkg")
    make_client(Recorder())._call(ops("GET", "/x"))
    assert [r for r in caplog.records if r.name == "rtpkg"] == []


@pytest.mark.parametrize("level", ["info", "debug", ""])
def test_package_log_environment_variable(level: str) -> None:
    """``SHOP_API_LOG`` turns the generated package's logging on, to stderr; unset, it writes nothing."""
    code = (
        "import httpx, shop_api;"
        "c = shop_api.Client('https://shop.example/prod', api_key='the-api-key-1234',"
        " http_client=httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json=[]))));"
        "c.list_products()"
    )
    env = {k: v for k, v in os.environ.items() if k != "SHOP_API_LOG"}
    if level:
        env["SHOP_API_LOG"] = level
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=SHOP, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    if not level:
        assert lines == []
        assert "`SHOP_API_LOG=info` or `=debug`" in (SHOP / "README.md").read_text()  # documented
        return
    assert "shop_api INFO] GET https://shop.example/prod/products" in lines[0] and lines[0].endswith('"HTTP/1.1 200 OK"')
    assert any("DEBUG] request headers" in line for line in lines) == (level == "debug")
    assert "the-api-key-1234" not in result.stderr
