"""`sdkgen contract`: passes against the mock gateway, and names what a wrong server breaks."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jwt
from click.testing import CliRunner

from sdkgen.cli import main
from sdkgen.mock import create_app
from sdkgen.mock.server import ServerThread

KITCHEN = Path(__file__).parent / "fixtures" / "kitchen.yaml"
KEY = "contract-key-0123456789"


def contract(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["contract", *args])
    return result.exit_code, result.output


def test_contract_passes_against_the_mock_gateway(tmp_path: Path) -> None:
    secret = "contract-secret-0123456789abcdef"
    app = create_app(
        KITCHEN,
        {
            "api_keys": [{"id": "c", "value": KEY}],
            "authorizers": {
                "Cognito": {"hs256_secret": secret, "audience": ["kitchen-client"]},
                # getItem needs the key AND this authorizer (API Gateway's reading of its security list).
                "Jwt": {"hs256_secret": secret, "audience": ["kitchen-client"]},
            },
        },
    )
    token = jwt.encode(
        # An access token: Cognito methods with scopes take no other kind.
        {"client_id": "kitchen-client", "token_use": "access", "exp": int(time.time()) + 600, "iss": "https://issuer.example",
         "scope": "kitchen/write kitchen/read"},
        secret,
    )
    report = tmp_path / "junit.xml"
    with_server = ServerThread(app, max_seconds=120)
    url = with_server.start()
    try:
        code, out = contract(str(KITCHEN), "--url", url + "/prod", "--api-key", KEY, "--token", token, "--include-unsafe", "--report", str(report))
    finally:
        with_server.stop()
    assert code == 0, out
    assert "GET /items" in out and "0 with violations" in out
    suite = ET.parse(report).getroot()
    assert suite.get("failures") == "0" and int(suite.get("tests", "0")) >= 5
    assert len(app.records) >= 5


async def wrong_server(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Breaks the kitchen definition three ways: a wrong type, a missing field, an undocumented status."""
    if scope["type"] != "http":
        return
    path = scope["path"]
    if path == "/prod/items":
        status, body = 418, {"message": "teapot"}
    else:
        status, body = 200, {"id": 42}  # id must be a uuid string, and name is required
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": json.dumps(body).encode()})


def test_contract_fails_against_a_wrong_server_naming_operation_and_violation(tmp_path: Path) -> None:
    server = ServerThread(wrong_server, max_seconds=120)
    url = server.start()
    report = tmp_path / "junit.xml"
    try:
        code, out = contract(str(KITCHEN), "--url", url + "/prod", "--api-key", KEY, "--max-examples", "1", "--report", str(report))
    finally:
        server.stop()
    assert code == 1
    lines = {line.split("  ")[0].strip(): line for line in out.splitlines()}
    assert "status 418 is not documented" in lines["GET /items"]
    assert "skipped" in lines["POST /items"]
    failures = {case.get("name"): case.findtext("failure") or "" for case in ET.parse(report).getroot()}
    assert "$.id" in failures["GET /items/{itemId}"] and "'name'" in failures["GET /items/{itemId}"], failures


def test_contract_rejects_bad_flags() -> None:
    assert contract(str(KITCHEN), "--url", "ftp://x")[0] == 2
    code, out = contract(str(KITCHEN), "--url", "http://127.0.0.1:9", "--operations", "GET /nope")
    assert code == 2 and "GET /nope" in out
