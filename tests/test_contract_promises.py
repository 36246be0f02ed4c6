"""Each promise of `sdkgen contract` (README, "Contract testing"), guarded by a test that fails when it breaks.

Servers are real (uvicorn on 127.0.0.1): the mock gateway where the API keeps its definition, and small
deliberately wrong or permissive ASGI apps, which record what they were sent, where it does not.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import jwt
import pytest
import yaml
from click.testing import CliRunner
from gateway_specs import IAM_API

from sdkgen.cli import main
from sdkgen.mock import create_app
from sdkgen.mock.server import ServerThread
from sdkgen.mock.validation import validate_value
from sdkgen.parse import load_api

ROOT = Path(__file__).resolve().parents[1]
SHOP = ROOT / "specs" / "shop.yaml"
KITCHEN = ROOT / "tests" / "fixtures" / "kitchen.yaml"
KEY = "contract-key-0123456789"
SECRET = "contract-secret-0123456789abcdef-0123"
AKID, AWS_SECRET = "AKIDCONTRACT0123456", "contract/aws+secret"
SHOP_CONFIG: dict[str, Any] = {
    "api_keys": [{"id": "ci", "value": KEY}],
    "authorizers": {"ShopCognito": {"hs256_secret": SECRET, "audience": ["shop-client"]}},
}
UUID = "3f0e8b0e-6f7c-4b8e-9a5c-2d1f0e9b7a61"
PRODUCT = {"id": "p-1", "name": "mug", "price": 1.5, "currency": "EUR"}
ORDER = {"id": UUID, "status": "pending", "items": []}


@pytest.fixture(autouse=True)
def no_ambient_aws_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """What the machine running the tests has configured must not decide them."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-such-credentials"))


def shop_token() -> str:
    # A fixed expiry (2100-01-01): the same token each time it is made, whatever the clock says.
    claims = {"aud": "shop-client", "token_use": "id", "exp": 4102444800, "scope": "shop/write"}
    return jwt.encode(claims, SECRET)


def shop_access_token() -> str:
    # What shop's product methods with the shop/write scope take: an access token of the app client, carrying it.
    claims = {"client_id": "shop-client", "token_use": "access", "exp": 4102444800, "scope": "shop/write"}
    return jwt.encode(claims, SECRET)


def contract(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["contract", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@contextmanager
def serving(app: Any) -> Iterator[str]:
    server = ServerThread(app, max_seconds=120)
    url = server.start()
    try:
        yield url + "/prod"
    finally:
        server.stop()


@dataclass
class Seen:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes


Answer = tuple[int, str, bytes]  # status, content type, body


@dataclass
class Fake:
    """An ASGI app that answers with ``answer(seen)`` and keeps what it was sent."""

    answer: Callable[[Seen], Answer]
    seen: list[Seen] = field(default_factory=list)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        seen = Seen(scope["method"], scope["path"], parse_qsl(scope["query_string"].decode()), headers, body)
        self.seen.append(seen)
        status, content_type, payload = self.answer(seen)
        head = [(b"content-type", content_type.encode())] if content_type else []
        await send({"type": "http.response.start", "status": status, "headers": head})
        await send({"type": "http.response.body", "body": payload})


def shop_answer(seen: Seen) -> Answer:
    """Shop's definition kept (status, type, body), whatever the request: no auth, no validation."""
    path, method = seen.path.removeprefix("/prod"), seen.method
    if path == "/health":
        body: Any = {"status": "ok"}
    elif path == "/products":
        body = [PRODUCT] if method == "GET" else PRODUCT
    elif path.startswith("/products/"):
        if method == "DELETE":
            return 204, "", b""
        body = PRODUCT
    elif path == "/orders":
        body = [ORDER] if method == "GET" else ORDER
    else:
        body = ORDER
    return (201 if method == "POST" else 200), "application/json", json.dumps(body).encode()


def rows(output: str) -> dict[str, list[str]]:
    """The table: operation (with its check) -> [requests, passed, failed, first violation]."""
    table: dict[str, list[str]] = {}
    for line in output.splitlines():
        match = re.match(r"^(\S+ \S+(?: \[[a-z ]+\])?)\s+(\d+)\s+(\d+)\s+(\d+)  (.*)$", line)
        if match:
            table[match.group(1)] = [match.group(2), match.group(3), match.group(4), match.group(5)]
    return table


def junit(path: Path) -> tuple[ET.Element, dict[str, ET.Element]]:
    suite = ET.parse(path).getroot()
    return suite, {case.get("name", ""): case for case in suite}


# -- what each answer is checked for -----------------------------------------------------------


def test_an_undeclared_content_type_is_a_violation() -> None:
    fake = Fake(lambda seen: (200, "text/plain", json.dumps([PRODUCT]).encode()))
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--operations", "GET /products", "--max-examples", "1")
    assert code == 1, out
    assert "content type 'text/plain' is not one of ['application/json']" in rows(out)["GET /products"][3]


def test_a_body_that_is_not_json_is_a_violation() -> None:
    fake = Fake(lambda seen: (200, "application/json", b'[{"id": "p-1",'))
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--operations", "GET /products", "--max-examples", "1")
    assert code == 1, out
    assert rows(out)["GET /products"][3].endswith("the body is not valid JSON"), out


def test_a_status_the_definition_does_not_list_is_a_violation() -> None:
    fake = Fake(lambda seen: (500, "application/json", b'{"message": "boom"}'))
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--operations", "GET /health", "--max-examples", "1")
    assert code == 1 and "status 500 is not documented" in rows(out)["GET /health"][3], out


def test_a_body_that_breaks_the_schema_is_a_violation_naming_the_field() -> None:
    fake = Fake(lambda seen: (200, "application/json", json.dumps([{**PRODUCT, "price": "free"}]).encode()))
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--operations", "GET /products", "--max-examples", "1")
    assert code == 1 and "price" in rows(out)["GET /products"][3], out


# -- the flags ---------------------------------------------------------------------------------


def test_operations_limits_the_calls_to_those_named() -> None:
    fake = Fake(shop_answer)
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--operations", "GET  /health", "--operations", "GET /products")
    assert code == 0, out
    assert {s.path for s in fake.seen} == {"/prod/health", "/prod/products"}
    assert set(rows(out)) == {"GET /health", "GET /products"}


def test_header_is_sent_with_every_request() -> None:
    fake = Fake(shop_answer)
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--header", "X-Run-Id: run 42", "--header", "X-Other:x", "--include-unsafe")
    assert code == 0, out
    assert len(fake.seen) >= 20
    assert all(s.headers.get("x-run-id") == "run 42" and s.headers.get("x-other") == "x" for s in fake.seen)


def test_unsafe_methods_are_called_only_with_include_unsafe() -> None:
    fake = Fake(shop_answer)
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--max-examples", "1")
        assert code == 0, out
        assert {s.method for s in fake.seen} == {"GET"}
        table = rows(out)
        for operation in ("POST /products", "PUT /products/{productId}", "DELETE /products/{productId}", "POST /orders"):
            assert table[operation] == ["0", "0", "0", "skipped: unsafe method (use --include-unsafe)"], operation
        fake.seen.clear()
        code, out = contract(str(SHOP), "--url", url, "--max-examples", "1", "--include-unsafe")
    assert code == 0, out
    assert {s.method for s in fake.seen} == {"GET", "POST", "PUT", "DELETE"}
    assert len(fake.seen) == 9 and not any("skipped" in row[3] for row in rows(out).values())


def test_api_key_and_token_go_where_each_operation_asks_for_them() -> None:
    fake = Fake(shop_answer)
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--api-key", KEY, "--token", "tok.en.sig", "--include-unsafe", "--max-examples", "1")
    assert code == 0, out
    sent = {(s.method, s.path): s.headers for s in fake.seen}
    assert sent["GET", "/prod/products"].get("x-api-key") == KEY and "authorization" not in sent["GET", "/prod/products"]
    # api_key AND ShopCognito: both; a Cognito authorizer reads the raw token from Authorization.
    assert sent["POST", "/prod/products"]["x-api-key"] == KEY and sent["POST", "/prod/products"]["authorization"] == "tok.en.sig"
    assert sent["GET", "/prod/orders"]["authorization"] == "tok.en.sig" and "x-api-key" not in sent["GET", "/prod/orders"]
    assert "x-api-key" not in sent["GET", "/prod/health"] and "authorization" not in sent["GET", "/prod/health"]


def test_access_token_goes_to_the_operations_whose_security_names_scopes() -> None:
    fake = Fake(shop_answer)
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--api-key", KEY, "--token", "id.to.ken", "--access-token", "acc.ess.tok",
                             "--include-unsafe", "--max-examples", "1")  # fmt: skip
    assert code == 0, out
    sent = {(s.method, s.path): s.headers.get("authorization") for s in fake.seen}
    scoped = [auth for (method, path), auth in sent.items() if path.startswith("/prod/products") and method != "GET"]
    assert len(scoped) == 3 and set(scoped) == {"acc.ess.tok"}, sent
    assert sent["GET", "/prod/orders"] == "id.to.ken" and sent["POST", "/prod/orders"] == "id.to.ken"
    # Either alone goes everywhere (as --token always did).
    fake.seen.clear()
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--api-key", KEY, "--access-token", "acc.ess.tok", "--include-unsafe", "--max-examples", "1")
    assert code == 0, out
    assert {s.headers.get("authorization") for s in fake.seen if s.path.startswith(("/prod/orders", "/prod/products")) and s.method != "GET"} == {"acc.ess.tok"}


def test_token_is_a_bearer_token_for_jwt_authorizers() -> None:
    fake = Fake(lambda seen: (200, "application/json", json.dumps({"id": UUID, "name": "n"}).encode()))
    with serving(fake) as url:
        code, out = contract(str(KITCHEN), "--url", url, "--token", "tok.en.sig", "--operations", "GET /items/{itemId}", "--max-examples", "1")
    assert [s.headers.get("authorization") for s in fake.seen] == ["Bearer tok.en.sig"], out


def test_inputs_come_from_examples_first_then_from_the_schemas() -> None:
    app = create_app(SHOP, SHOP_CONFIG, strict=True)
    with serving(app) as url:
        # Every operation: the product methods with scopes take the access token, the orders the ID token.
        code, out = contract(str(SHOP), "--url", url, "--api-key", KEY, "--token", shop_token(), "--access-token", shop_access_token(),
                             "--include-unsafe", "--max-examples", "3")  # fmt: skip
    assert code == 0, out
    records = list(app.records)
    assert {(r.method, r.route) for r in records} == {(o.method, f"{o.method} {o.path}") for o in load_api(SHOP).api.operations}
    assert all(r.status < 400 and not r.validation_errors for r in records), [(r.path, r.status, r.validation_errors) for r in records]
    # The first request of each operation uses the definition's examples, the others values generated from the schemas.
    product_paths = [r.path for r in records if r.method == "GET" and r.path.startswith("/prod/products/")]
    assert product_paths[0] == "/prod/products/p-1001" and len(set(product_paths)) == 3, product_paths


def test_generated_bodies_follow_the_schema(tmp_path: Path) -> None:
    fake = Fake(shop_answer)
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--include-unsafe", "--operations", "POST /orders", "--max-examples", "4")
    assert code == 0, out
    schema = next(o for o in load_api(SHOP).api.operations if o.py_name == "create_order").body
    assert schema is not None and schema.schema is not None
    bodies = [json.loads(s.body) for s in fake.seen]
    assert len(bodies) == 4 and all(validate_value(schema.schema, b) == [] for b in bodies), bodies
    assert len({json.dumps(b, sort_keys=True) for b in bodies}) > 1, bodies


# -- the table, the report, the exit codes -------------------------------------------------------


def test_the_table_has_its_columns_and_counts() -> None:
    answers = iter([(200, "application/json", json.dumps([PRODUCT]).encode()), (200, "application/json", b"[1]")])

    def answer(seen: Seen) -> Answer:
        return shop_answer(seen) if seen.path == "/prod/health" else next(answers, (200, "application/json", b"[]"))

    fake = Fake(answer)
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--operations", "GET /products", "--operations", "GET /health", "--max-examples", "3")
    assert code == 1
    lines = out.splitlines()
    assert re.match(r"^operation\s+requests  passed  failed  first violation$", lines[0]), lines[0]
    requests, passed, failed, first = rows(out)["GET /products"]
    assert (requests, passed, failed) == ("3", "2", "1"), out
    assert first.startswith("GET /prod/products: body $[0]") and "object" in first, first
    assert rows(out)["GET /health"][:3] == ["3", "3", "0"]
    assert lines[-1] == "2 operation(s) called, 1 with violations, 0 skipped"


def test_the_junit_report_has_a_case_per_operation_with_failures_and_skips(tmp_path: Path) -> None:
    def answer(seen: Seen) -> Answer:
        if seen.path == "/prod/health":
            return 418, "application/json", b"{}"
        return shop_answer(seen)

    fake = Fake(answer)
    report = tmp_path / "out" / "junit.xml"
    report.parent.mkdir()
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--max-examples", "2", "--report", str(report))
    assert code == 1, out
    suite, cases = junit(report)
    assert suite.tag == "testsuite" and suite.get("name") == "Shop API"
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("9", "1", "4")
    assert set(cases) == {f"{o.method} {o.path}" for o in load_api(SHOP).api.operations}
    assert all(c.get("classname") == "Shop API" and float(c.get("time", "x")) >= 0 for c in cases.values())
    failure = cases["GET /health"].find("failure")
    assert failure is not None and failure.get("message") == "GET /prod/health: status 418 is not documented"
    assert failure.text == "GET /prod/health: status 418 is not documented\n" * 1 + "GET /prod/health: status 418 is not documented"
    skipped = cases["POST /orders"].find("skipped")
    assert skipped is not None and skipped.get("message") == "unsafe method (use --include-unsafe)"
    passed = cases["GET /products"]
    assert list(passed) == []


def test_exit_codes() -> None:
    fake = Fake(shop_answer)
    with serving(fake) as url:
        assert contract(str(SHOP), "--url", url, "--operations", "GET /health")[0] == 0
    wrong = Fake(lambda seen: (200, "application/json", b"{}"))
    with serving(wrong) as url:
        assert contract(str(SHOP), "--url", url, "--operations", "GET /health")[0] == 1
    assert contract(str(SHOP), "--url", "ftp://127.0.0.1:9")[0] == 2
    assert contract(str(SHOP), "--url", "http://127.0.0.1:9", "--header", "no colon")[0] == 2


def test_nothing_checked_is_a_failure_that_says_why_each_was_skipped() -> None:
    fake = Fake(shop_answer)
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--operations", "POST /orders", "--operations", "DELETE /products/{productId}")
    assert code == 1, out
    assert fake.seen == []
    assert "0 operation(s) called, 0 with violations, 2 skipped" in out
    assert "nothing was checked: every operation was skipped (2 unsafe method (use --include-unsafe))" in out
    assert "Traceback" not in out


def test_sigv4_operations_without_aws_credentials_are_skipped_and_nothing_checked_fails(iam_spec: str) -> None:
    fake = Fake(lambda seen: (200, "application/json", b'{"n": 1}'))
    with serving(fake) as url:
        code, out = contract(iam_spec, "--url", url)
    assert code == 1 and fake.seen == [], out
    assert "skipped: needs SigV4 signing: no AWS credentials found" in rows(out)["GET /stats/{name}"][3]
    assert "nothing was checked" in out and "AWS_ACCESS_KEY_ID" in out


@pytest.fixture
def iam_spec(tmp_path: Path) -> str:
    path = tmp_path / "iam.json"
    path.write_text(json.dumps(IAM_API), encoding="utf-8")
    return str(path)


# -- IAM: signed with the runtime's signer, verified for real by the mock -------------------------


def iam_mock(**credential: str) -> Any:
    return create_app(IAM_API, {"iam": {"access_key_id": AKID, "secret_access_key": AWS_SECRET, **credential}})


def test_iam_operations_are_signed_with_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch, iam_spec: str) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", AKID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AWS_SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", "session-1")
    app = iam_mock(session_token="session-1")
    with serving(app) as url:
        code, out = contract(iam_spec, "--url", url, "--header", "X-Signed-Too: yes")
    assert code == 0, out
    assert rows(out)["GET /stats/{name}"][:3] == ["3", "3", "0"]
    assert [(r.status, r.principal) for r in app.records] == [(200, AKID)] * 3
    assert app.records[0].path == "/prod/stats/a%20b%2Fc"


def test_a_wrong_aws_secret_is_refused_by_the_mock(monkeypatch: pytest.MonkeyPatch, iam_spec: str) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", AKID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    app = iam_mock()
    with serving(app) as url:
        code, out = contract(iam_spec, "--url", url, "--max-examples", "1")
    assert code == 1 and "status 403 is not documented" in rows(out)["GET /stats/{name}"][3], out


def test_iam_credentials_from_a_profile_of_the_shared_credentials_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, iam_spec: str) -> None:
    credentials = tmp_path / "credentials"
    credentials.write_text(
        f"[default]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = other\n\n"
        f"[ci]\naws_access_key_id = {AKID}\naws_secret_access_key = {AWS_SECRET}\naws_session_token = session-2\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_PROFILE", "ci")
    app = iam_mock(session_token="session-2")
    with serving(app) as url:
        code, out = contract(iam_spec, "--url", url, "--max-examples", "1")
        assert code == 0, out
        monkeypatch.setenv("AWS_PROFILE", "missing")
        code, out = contract(iam_spec, "--url", url, "--max-examples", "1")
    assert code == 1 and f"AWS_PROFILE is 'missing' but {credentials} has no [missing] profile" in out, out
    assert "Traceback" not in out


# -- --negative ------------------------------------------------------------------------------------


def test_negative_checks_pass_against_the_mock_each_its_own_case(tmp_path: Path) -> None:
    app = create_app(SHOP, SHOP_CONFIG)
    report = tmp_path / "junit.xml"
    with serving(app) as url:
        # Every operation: the product methods with scopes take the access token, the others the ID token.
        code, out = contract(str(SHOP), "--url", url, "--api-key", KEY, "--token", shop_token(), "--access-token", shop_access_token(),
                             "--include-unsafe", "--negative", "--max-examples", "1", "--report", str(report))  # fmt: skip
    assert code == 0, out
    table = rows(out)
    protected = ["GET /products", "POST /products", "GET /products/{productId}", "PUT /products/{productId}", "DELETE /products/{productId}",
                 "GET /orders", "POST /orders", "GET /orders/{orderId}"]  # fmt: skip
    expected = {f"{op} [{check}]" for op in protected for check in ("no credentials", "wrong key")}
    expected |= {"POST /products [invalid body]", "PUT /products/{productId} [invalid body]", "POST /orders [invalid body]"}
    assert {name for name in table if "[" in name} == expected
    assert all(table[name][:3] == ["1", "1", "0"] for name in expected), out
    assert "9 operation(s) called, 19 negative check(s), 0 with violations, 0 skipped" in out
    suite, cases = junit(report)
    assert set(cases) >= expected and suite.get("tests") == str(9 + 19) and suite.get("failures") == "0"
    statuses = sorted({r.status for r in app.records if r.status >= 400})
    assert statuses == [400, 401, 403], statuses


def test_negative_checks_fail_against_a_permissive_server_naming_operation_and_check(tmp_path: Path) -> None:
    fake = Fake(shop_answer)
    report = tmp_path / "junit.xml"
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--api-key", KEY, "--token", shop_token(), "--include-unsafe", "--negative",
                             "--max-examples", "1", "--operations", "POST /orders", "--operations", "GET /health",
                             "--report", str(report))  # fmt: skip
    assert code == 1, out
    table = rows(out)
    assert table["POST /orders"][:3] == ["1", "1", "0"] and table["GET /health"][:3] == ["1", "1", "0"]
    assert table["POST /orders [no credentials]"][3] == "POST /prod/orders: answered 201 with no credentials; expected 401 or 403"
    assert table["POST /orders [wrong key]"][3] == "POST /prod/orders: answered 201 with wrong key; expected 401 or 403"
    assert table["POST /orders [invalid body]"][3] == "POST /prod/orders: answered 201 with invalid body; expected 400"
    assert not any(name.startswith("GET /health [") for name in table)  # security: [] -- nothing to refuse
    _, cases = junit(report)
    failure = cases["POST /orders [wrong key]"].find("failure")
    assert failure is not None and "answered 201 with wrong key" in failure.get("message", "")
    # What the permissive server was sent: nothing, then a key and a token that are not the real ones, then a broken body.
    negative = fake.seen[1:4]
    assert "authorization" not in negative[0].headers
    assert negative[1].headers["authorization"] not in ("", shop_token()) and negative[1].headers["authorization"].count(".") == 2
    assert negative[2].headers["authorization"] == shop_token() and json.loads(negative[2].body) in ({}, [])


def test_negative_checks_on_iam_operations(monkeypatch: pytest.MonkeyPatch, iam_spec: str) -> None:
    app = iam_mock()
    with serving(app) as url:
        code, out = contract(iam_spec, "--url", url, "--negative")
        # Without AWS credentials the refusals are still checked, and that is something checked.
        assert code == 0, out
        assert rows(out)["GET /stats/{name} [wrong key]"][:3] == ["1", "1", "0"]
        assert "skipped: needs SigV4" in rows(out)["GET /stats/{name}"][3]
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", AKID)
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AWS_SECRET)
        code, out = contract(iam_spec, "--url", url, "--negative", "--max-examples", "1")
    assert code == 0, out
    errors = [r.error_type for r in app.records if r.status == 403]
    assert "MissingAuthenticationTokenException" in errors and "InvalidSignatureException" in errors, errors
    assert app.records[-1].status == 403 and any(r.status == 200 and r.principal == AKID for r in app.records)


def test_an_api_that_cannot_be_reached_is_a_violation() -> None:
    server = ServerThread(Fake(shop_answer), max_seconds=60)
    url = server.start()
    server.stop()  # the port is closed now: every request fails to connect
    code, out = contract(str(SHOP), "--url", url + "/prod", "--operations", "GET /health", "--max-examples", "2")
    assert code == 1, out
    assert rows(out)["GET /health"][:3] == ["2", "0", "2"] and rows(out)["GET /health"][3].startswith("request failed: ")


def test_without_credentials_means_without_those_given_by_header_too() -> None:
    app = create_app(SHOP, SHOP_CONFIG)
    with serving(app) as url:
        code, out = contract(str(SHOP), "--url", url, "--header", f"X-Api-Key: {KEY}", "--negative", "--operations", "GET /products")
    assert code == 0, out
    assert rows(out)["GET /products [no credentials]"][:3] == ["1", "1", "0"]
    assert [r.status for r in app.records] == [200, 200, 200, 403, 403]


def test_an_example_that_breaks_its_own_schema_is_not_sent(tmp_path: Path) -> None:
    spec = tmp_path / "examples.json"
    spec.write_text(json.dumps({
        "openapi": "3.0.1", "info": {"title": "examples", "version": "1"},
        "paths": {"/things": {"get": {
            "parameters": [{"name": "limit", "in": "query", "required": True, "example": "ten",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 5, "example": 3}}],
            "responses": {"200": {"description": "ok"}},
        }}},
    }), encoding="utf-8")  # fmt: skip
    fake = Fake(lambda seen: (200, "", b""))
    with serving(fake) as url:
        code, out = contract(str(spec), "--url", url, "--max-examples", "1")
    assert code == 0, out
    # "ten" is the parameter's example but not an integer: the schema's own example is the first valid one.
    assert [s.query for s in fake.seen] == [[("limit", "3")]]


def test_invalid_body_is_checked_only_where_a_validator_checks_bodies(tmp_path: Path) -> None:
    document = yaml.safe_load(SHOP.read_text(encoding="utf-8"))
    del document["paths"]["/orders"]["post"]["x-amazon-apigateway-request-validator"]  # the default: params-only
    spec = tmp_path / "shop.yaml"
    spec.write_text(yaml.safe_dump(document), encoding="utf-8")
    fake = Fake(shop_answer)
    with serving(fake) as url:
        code, out = contract(str(spec), "--url", url, "--api-key", KEY, "--token", shop_token(), "--include-unsafe", "--negative",
                             "--max-examples", "1", "--operations", "POST /orders", "--operations", "POST /products")  # fmt: skip
    table = rows(out)
    assert "POST /orders [invalid body]" not in table and "POST /orders [wrong key]" in table, out
    assert "answered 201 with invalid body" in table["POST /products [invalid body]"][3], out


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/prod", "http://", "http://[::1", "127.0.0.1:8080/prod"])
def test_a_url_that_is_not_http_is_a_usage_error(url: str) -> None:
    code, out = contract(str(SHOP), "--url", url)
    assert code == 2 and "--url" in out and "Traceback" not in out and "internal error" not in out, out


def test_a_report_that_cannot_be_written_is_a_located_error(tmp_path: Path) -> None:
    fake = Fake(shop_answer)
    report = tmp_path / "missing-dir" / "junit.xml"
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--operations", "GET /health", "--report", str(report))
    assert code == 1 and f"cannot write the report {report}: No such file or directory" in out, out
    assert "internal error" not in out and not report.parent.exists()


def test_aws_settings_matter_only_to_definitions_with_iam(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "absent")
    fake = Fake(shop_answer)
    with serving(fake) as url:
        code, out = contract(str(SHOP), "--url", url, "--operations", "GET /health", "--max-examples", "1")
    assert code == 0 and "AWS_PROFILE" not in out, out
