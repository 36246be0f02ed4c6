"""No request can make the mock fail: a table of hostile requests, sent in process (raw ASGI scopes, which can
carry what no socket can, such as a lone surrogate in the path) and through a real uvicorn server on 127.0.0.1
(raw bytes on a socket, parsed back by ``http.client``). Every answer must be a complete HTTP response with a
status below 500 (no fault is configured) and API Gateway's JSON body (the 413's plain text excepted).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import pytest
from gateway_helpers import KEY, base_config, shop

from sdkgen.mock import MockGateway, create_app
from sdkgen.mock.server import ServerThread

AKID = "AKIDHOSTILE"


def hostile_spec() -> dict[str, Any]:
    spec = shop()
    spec["paths"]["/things"] = {
        "post": {
            "security": [{"api_key": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {
                    "n": {"type": "number", "multipleOf": 0.5, "maximum": 10},
                    "i": {"type": "integer", "format": "int32", "multipleOf": 3},
                    "ints": {"type": "array", "items": {"type": "integer"}},
                    "unique": {"type": "array", "uniqueItems": True},
                    "email": {"type": "string", "format": "email"},
                    "host": {"type": "string", "format": "hostname"},
                    "uri": {"type": "string", "format": "uri"},
                    "when": {"type": "string", "format": "date-time"},
                    "bytes": {"type": "string", "format": "byte"},
                    "code": {"type": "string", "pattern": "^(a+)+$"},
                    "any": {},
                },
            }}}},
            "parameters": [
                {"name": "filter", "in": "query", "schema": {"type": "object"}},
                {"name": "count", "in": "query", "schema": {"type": "integer", "multipleOf": 2}},
                {"name": "ratio", "in": "query", "schema": {"type": "number", "multipleOf": 0.25}},
            ],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"example": {"ok": True}}}}},
        }
    }
    spec["paths"]["/iam"] = {
        "get": {"security": [{"sigv4": []}], "responses": {"200": {"description": "ok", "content": {"application/json": {"example": {"iam": True}}}}}}
    }
    spec["components"]["securitySchemes"]["sigv4"] = {
        "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4",
    }  # fmt: skip
    return spec


def hostile_app() -> MockGateway:
    config = base_config(validation="strict", iam={"access_key_id": AKID, "secret_access_key": "hostile-secret"})
    return create_app(hostile_spec(), config)


@dataclass
class Hostile:
    name: str
    method: str = "GET"
    target: bytes = b"/prod/products/1"  # path and query, as on the wire
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""
    socket: bool = True  # also sent over a real socket (False: only a raw ASGI scope can carry it)
    scope_path: str | None = None  # in process: the decoded path, sent without raw_path


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


def _sigv4(signature: str) -> list[tuple[bytes, bytes]]:
    now = datetime.now(timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    authorization = (
        f"AWS4-HMAC-SHA256 Credential={AKID}/{amz_date[:8]}/us-east-1/execute-api/aws4_request, "
        f"SignedHeaders=host;x-amz-date, Signature={signature}"
    )
    return [(b"authorization", authorization.encode("utf-8")), (b"x-amz-date", amz_date.encode())]


KEYED = [(b"x-api-key", KEY.encode()), (b"content-type", b"application/json")]


def _thing(name: str, body: bytes | Any, target: bytes = b"/prod/things") -> Hostile:
    return Hostile(name, "POST", target, KEYED, body if isinstance(body, bytes) else _json(body))


HOSTILE: list[Hostile] = [
    # numbers beyond a float's range (OverflowError), and nesting beyond the interpreter's stack (RecursionError)
    _thing("400-digit number", b'{"n": ' + b"9" * 400 + b"}"),
    _thing("400-digit integer", b'{"i": ' + b"9" * 400 + b"}"),
    _thing("5000-digit integer", b'{"i": ' + b"9" * 5000 + b"}"),
    _thing("1e400", b'{"n": 1e400}'),
    _thing("float at the edge of range", b'{"n": 1.7e308}'),
    _thing("nested 5,000 deep", b"[" * 5000 + b"]" * 5000),
    _thing("nested 5,000 deep in a property", b'{"any": ' + b"[" * 5000 + b"]" * 5000 + b"}"),
    _thing("nested 900 deep in uniqueItems", b'{"unique": [' + b"[" * 900 + b"]" * 900 + b", 1]}"),
    _thing("query object nested 5,000 deep", {}, b"/prod/things?filter=" + b"%5B" * 5000 + b"%5D" * 5000),
    _thing("query integer of 400 digits", {}, b"/prod/things?count=" + b"9" * 400),
    _thing("query integer of 5,000 digits", {}, b"/prod/things?count=" + b"9" * 5000),
    _thing("query number of 400 digits", {}, b"/prod/things?ratio=" + b"9" * 400),
    _thing("array of 200,000 wrong items", {"ints": ["x"] * 200_000}),
    # formats and patterns on adversarial text
    _thing("email", {"email": "a@" + "." * 40_000 + " "}),
    _thing("hostname", {"host": "a" * 40_000 + "!"}),
    _thing("uri", {"uri": "a:" + "b" * 40_000 + " "}),
    _thing("date-time", {"when": "2024-01-01T00:00:00." + "1" * 40_000}),
    _thing("byte", {"bytes": "A" * 40_001}),
    _thing("catastrophic pattern", {"code": "a" * 40 + "!"}),
    _thing("not JSON", b"{" * 10),
    _thing("not UTF-8", b'{"email": "\xff\xfe"}'),
    # Prism's Prefer and ?__code= with codes that are no HTTP status
    *[Hostile(f"Prefer: code={c}", headers=[(b"prefer", f"code={c}".encode())]) for c in ("0", "99", "1000", "abc", "-1", "2" * 400)],
    Hostile("Prefer: code=² (UTF-8)", headers=[(b"prefer", "code=²".encode())]),
    Hostile("?__code=1000", target=b"/prod/products/1?__code=1000"),
    Hostile("?__code=%C2%B2", target=b"/prod/products/1?__code=%C2%B2"),
    Hostile("?__code=%00", target=b"/prod/products/1?__code=%00"),
    # SigV4 with text compare_digest refuses
    Hostile("SigV4 non-ASCII signature", target=b"/prod/iam", headers=_sigv4("é" * 64)),
    Hostile("SigV4 non-ASCII credential", target=b"/prod/iam",
            headers=[(b"authorization", "AWS4-HMAC-SHA256 Credential=é/ü/é/é/é, SignedHeaders=host, Signature=ß".encode()),
                     (b"x-amz-date", "2024é".encode())]),  # fmt: skip
    # authorizers with non-ASCII and binary credentials
    Hostile("Cognito token non-ASCII", target=b"/prod/me", headers=[(b"authorization", "Bearer é.é.é".encode())]),
    Hostile("Lambda authorizer binary", target=b"/prod/notes", headers=[(b"authorization", b"\xff\xfe\x80")]),
    Hostile("API key non-ASCII", target=b"/prod/products", headers=[(b"x-api-key", "ключ".encode())]),
    # paths
    Hostile("percent-encoded surrogate in the path", target=b"/prod/products/%ED%A0%80"),
    Hostile("invalid UTF-8 in the path", target=b"/prod/products/\xff\xfe"),
    Hostile("percent-encoded invalid UTF-8 in the stage", target=b"/%FF/products/1"),
    Hostile("60 KB path", target=b"/prod/products/" + b"a" * 60_000),
    Hostile("lone surrogate in the path", socket=False, scope_path="/prod/products/\ud800"),
    Hostile("lone surrogate in an unknown path", socket=False, scope_path="/\udcff"),
    # framing
    *[Hostile(f"Content-Length: {v!r}", "POST", b"/prod/things", [*KEYED, (b"content-length", v.encode())], socket=False)
      for v in ("²", "-1", "9" * 5000, "1e3")],  # fmt: skip
    Hostile("5,000 query parameters", target=b"/prod/products?" + b"&".join(b"q%d=1" % i for i in range(5000))),
    Hostile("headers over 10 KB", headers=[(b"x-big", b"a" * 12_000)]),
    Hostile("cookie soup", headers=[(b"cookie", b";=;==;" * 1000)]),
]


def _check(name: str, status: int, content_type: str, body: bytes) -> None:
    assert 200 <= status < 500, f"{name}: {status} {body[:200]!r}"
    if status == 413:
        assert content_type == "text/plain", name
        return
    assert content_type.startswith("application/json"), f"{name}: {content_type}"
    decoded = json.loads(body)
    assert isinstance(decoded, (dict, list)), name
    if status >= 400:
        assert set(decoded) <= {"message", "Message"}, f"{name}: {decoded}"


async def _asgi(app: MockGateway, case: Hostile) -> tuple[int, str, bytes]:
    path_bytes, _, query = case.target.partition(b"?")
    scope: dict[str, Any] = {
        "type": "http", "http_version": "1.1", "method": case.method, "scheme": "http", "root_path": "",
        "path": case.scope_path if case.scope_path is not None else path_bytes.decode("latin-1"),
        "raw_path": None if case.scope_path is not None else path_bytes,
        "query_string": query, "headers": [(b"host", b"mock"), *case.headers],
        "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1),
    }  # fmt: skip
    messages: list[dict[str, Any]] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": case.body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    await app(scope, receive, send)
    assert [m["type"] for m in messages] == ["http.response.start", "http.response.body"], case.name
    headers = {k.decode(): v.decode("latin-1") for k, v in messages[0]["headers"]}
    body = messages[1]["body"]
    assert int(headers["content-length"]) == len(body), case.name
    return messages[0]["status"], headers.get("content-type", ""), body


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_hostile_request_in_process(case: Hostile, app: MockGateway) -> None:
    status, content_type, body = asyncio.run(_asgi(app, case))
    _check(case.name, status, content_type, body)


@pytest.fixture(scope="module")
def app() -> MockGateway:
    return hostile_app()


def _over_socket(port: int, case: Hostile) -> tuple[int, str, bytes]:
    head = [case.method.encode() + b" " + case.target + b" HTTP/1.1", b"host: 127.0.0.1", b"connection: close"]
    head += [name + b": " + value for name, value in case.headers]
    if case.body:
        head.append(b"content-length: %d" % len(case.body))
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"\r\n".join(head) + b"\r\n\r\n" + case.body)
        response = http.client.HTTPResponse(sock)
        response.begin()  # raises on a dropped connection or a malformed answer
        body = response.read()
        assert len(body) == int(response.getheader("content-length") or -1), case.name
        return response.status, response.getheader("content-type") or "", body


@pytest.fixture(scope="module")
def server_port(app: MockGateway) -> Any:
    with ServerThread(app, max_seconds=300) as url:
        yield int(url.rsplit(":", 1)[1])


SOCKET_CASES = [c for c in HOSTILE if c.socket]
# uvicorn itself answers some framing before the app sees the request (its own 400, text/plain): allowed,
# as long as it is a well-formed answer below 500.
UVICORN_FRAMING = {"60 KB path", "invalid UTF-8 in the path"}


@pytest.mark.parametrize("case", SOCKET_CASES, ids=lambda c: c.name)
def test_hostile_request_over_a_real_server(case: Hostile, server_port: int) -> None:
    status, content_type, body = _over_socket(server_port, case)
    if case.name in UVICORN_FRAMING and content_type.startswith("text/plain") and status == 400:
        return
    _check(case.name, status, content_type, body)


def test_the_server_still_answers_after_the_sweep(server_port: int) -> None:
    status, _, body = _over_socket(server_port, Hostile("plain", target=b"/prod/products/1"))
    assert status == 200 and json.loads(body)["id"] == "p-1"

