"""`sdkgen contract` behaviour that mutation testing of sdkgen/contract.py found unguarded (issue 17): what the
--negative checks send, and which parameters a request carries. Each runs the CLI against a recording server."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

from test_contract_promises import Fake, contract, serving

OK = (200, "application/json", b"{}")


def spec(tmp_path: Path, paths: dict[str, Any], schemes: dict[str, Any]) -> str:
    responses = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}},
                 "401": {"description": "no"}, "403": {"description": "no"}, "400": {"description": "bad"}}  # fmt: skip
    document = {
        "openapi": "3.0.1", "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://abc.execute-api.eu-west-1.amazonaws.com/{basePath}", "variables": {"basePath": {"default": "/prod"}}}],
        "paths": {path: {"get": {**operation, "responses": responses}} for path, operation in paths.items()},
        "components": {"securitySchemes": schemes},
    }  # fmt: skip
    path = tmp_path / "api.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def claims_of(token: str) -> dict[str, Any]:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_wrong_credentials_are_well_formed_and_not_the_real_ones(tmp_path: Path) -> None:
    """--negative's [wrong key]: a basic credential with a wrong password, and the token with its signature altered
    (whatever letter the signature starts with), or, without a token, a made-up unexpired one."""
    path = spec(tmp_path, {"/basic": {"security": [{"basic": []}]}, "/jwt": {"security": [{"jwt": []}]}},
                {"basic": {"type": "http", "scheme": "basic"}, "jwt": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}})  # fmt: skip
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
    body = base64.urlsafe_b64encode(b'{"sub":"me","exp":4102444800}').rstrip(b"=").decode()
    for first in "ABCZ_-09":
        token = f"{header}.{body}.{first}2lnbmF0dXJl"
        fake = Fake(lambda seen: (401, "", b"") if seen.headers.get("authorization") != f"Bearer {token}" else OK)
        with serving(fake) as url:
            code, out = contract(path, "--url", url, "--token", token, "--negative", "--operations", "GET /jwt")
        assert code == 0, (first, out)
        sent = [s.headers.get("authorization", "") for s in fake.seen]
        wrong = [value for value in sent if value not in ("", f"Bearer {token}")]
        assert len(wrong) == 1 and wrong[0].startswith(f"Bearer {header}.{body}."), (first, sent)
    fake = Fake(lambda seen: OK if seen.headers.get("authorization") == "Basic dXNlcjpwYXNz" else (401, "", b""))
    with serving(fake) as url:
        contract(path, "--url", url, "--negative")
    basics = [s.headers["authorization"] for s in fake.seen if s.path == "/prod/basic" and "authorization" in s.headers]
    assert basics and all(v.startswith("Basic ") and b":" in base64.b64decode(v[6:]) for v in basics), basics
    made_up = [s.headers["authorization"] for s in fake.seen if s.path == "/prod/jwt" and "authorization" in s.headers]
    assert made_up and all(claims_of(v.removeprefix("Bearer "))["exp"] > time.time() for v in made_up), made_up


def test_required_parameters_without_examples_and_optional_ones_with_examples_are_sent(tmp_path: Path) -> None:
    """Inputs come from examples first, then from the schemas: a required parameter is always sent (generated if it
    has no example), an optional one when it has an example."""
    parameters = [
        {"name": "needed", "in": "query", "required": True, "schema": {"type": "string"}},
        {"name": "shown", "in": "query", "schema": {"type": "string"}, "example": "ex"},
        {"name": "skipped", "in": "query", "schema": {"type": "string"}},
    ]
    path = spec(tmp_path, {"/p": {"parameters": parameters}}, {})
    fake = Fake(lambda seen: OK)
    with serving(fake) as url:
        code, out = contract(path, "--url", url)
    assert code == 0, out
    names = {name for s in fake.seen for name, _ in s.query}
    assert {"needed", "shown"} <= names and all({n for n, _ in s.query} >= {"needed"} for s in fake.seen), names


def test_header_parameters_are_sent_as_headers(tmp_path: Path) -> None:
    """A required header parameter is sent, with its example as the first request's value."""
    path = spec(tmp_path, {"/h": {"parameters": [
        {"name": "X-Tenant", "in": "header", "required": True, "schema": {"type": "string"}, "example": "acme"},
    ]}}, {})  # fmt: skip
    fake = Fake(lambda seen: OK)
    with serving(fake) as url:
        code, out = contract(path, "--url", url)
    assert code == 0, out
    assert fake.seen and fake.seen[0].headers.get("x-tenant") == "acme", [s.headers for s in fake.seen]


def test_every_header_scheme_of_an_alternative_is_sent_after_a_query_one(tmp_path: Path) -> None:
    """An alternative that ANDs an API key in the query with a bearer token sends the token too (a scheme outside
    the headers is skipped there, not the ones after it)."""
    path = spec(tmp_path, {"/both": {"security": [{"qkey": [], "jwt": []}]}},
                {"qkey": {"type": "apiKey", "in": "query", "name": "key"}, "jwt": {"type": "http", "scheme": "bearer"}})  # fmt: skip
    fake = Fake(lambda seen: OK)
    with serving(fake) as url:
        code, out = contract(path, "--url", url, "--api-key", "k-1", "--token", "t-1")
    assert code == 0, out
    assert fake.seen and all(s.headers.get("authorization") == "Bearer t-1" for s in fake.seen), [s.headers for s in fake.seen]


def test_a_wrong_opaque_token_is_the_real_one_made_unknown(tmp_path: Path) -> None:
    """--negative's [wrong key] with a token that is not a JWT: the token prefixed so that no API knows it."""
    path = spec(tmp_path, {"/jwt": {"security": [{"jwt": []}]}}, {"jwt": {"type": "http", "scheme": "bearer"}})
    fake = Fake(lambda seen: OK if seen.headers.get("authorization") == "Bearer opaque-123" else (401, "", b""))
    with serving(fake) as url:
        code, out = contract(path, "--url", url, "--token", "opaque-123", "--negative")
    assert code == 0, out
    sent = {s.headers.get("authorization", "") for s in fake.seen}
    assert "Bearer sdkgen-wrong-opaque-123" in sent, sent


def test_the_reports_times_are_the_checks_own(tmp_path: Path) -> None:
    """`--report`'s JUnit `time` of each check, the negative ones included, is the seconds it took: never more
    than the whole run took."""
    import xml.etree.ElementTree as ET

    path = spec(tmp_path, {"/k": {"security": [{"key": []}]}}, {"key": {"type": "apiKey", "in": "header", "name": "x-api-key"}})
    fake = Fake(lambda seen: OK if seen.headers.get("x-api-key") == "k-1" else (403, "", b""))
    report = tmp_path / "report.xml"
    started = time.perf_counter()
    with serving(fake) as url:
        code, out = contract(path, "--url", url, "--api-key", "k-1", "--negative", "--report", str(report))
    took = time.perf_counter() - started
    assert code == 0, out
    times = [float(case.get("time", "-1")) for case in ET.parse(report).iter("testcase")]
    assert len(times) >= 2 and all(0.0 <= t <= took + 0.001 for t in times), (times, took)
