"""How a non-proxy (``aws``) Lambda integration picks its integration response, checked against AWS's documents:
``selectionPattern`` is matched in full (Java's regular expressions: ``.`` stops at a newline) against a function
error's ``errorMessage`` (a raised exception, the function's own Timeout, a crash) and against ``""`` for a success
(API reference, IntegrationResponse.selectionPattern; developer guide, handle-errors-in-lambda-integration); the
error payload is Lambda's; the integration's own timeout is API Gateway's 504. Over real sockets (uvicorn on
127.0.0.1), functions in worker processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sdkgen.mock import create_app
from sdkgen.mock.server import ServerThread

HANDLERS = Path(__file__).resolve().parent / "handlers"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:failing/invocations"
REQUEST = {"application/json": '{"mode": "$input.params(\'mode\')", "s": "$input.params(\'s\')"}'}
SHOW = {"application/json": '{"kind": "KIND", "input": $input.json(\'$\')}'}


def shown(kind: str) -> dict[str, str]:
    return {"application/json": SHOW["application/json"].replace("KIND", kind)}


def op(responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    integration = {"type": "aws", "httpMethod": "POST", "uri": URI, "requestTemplates": REQUEST, "responses": responses, **extra}
    return {"responses": {"200": {"description": "ok"}}, "x-amazon-apigateway-integration": integration}


def spec() -> dict[str, Any]:
    return {
        "openapi": "3.0.1",
        "info": {"title": "Errors", "version": "1"},
        "servers": [{"url": "https://err0rs.execute-api.us-east-1.amazonaws.com/prod"}],
        "paths": {
            # ".+" tells an error from a success (AWS's own example), a "default" takes the rest.
            "/selected": {"get": op({"default": {"statusCode": "200", "responseTemplates": shown("default")},
                                     ".+": {"statusCode": "500", "responseTemplates": shown("error")}})},
            # ".*" matches "" too: it takes successes as well as errors.
            "/catch-all": {"get": op({"default": {"statusCode": "200", "responseTemplates": shown("default")},
                                      ".*": {"statusCode": "202", "responseTemplates": shown("catch-all")}})},
            "/hurried": {"get": op({".*": {"statusCode": "202", "responseTemplates": shown("catch-all")}}, timeoutInMillis=300)},
        },
    }  # fmt: skip


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    app = create_app(spec(), {"functions": {"failing": {"handler": "app.failing", "code": str(HANDLERS), "timeout": 1}}})
    with ServerThread(app) as url, httpx.Client(base_url=url + "/prod", timeout=30) as client:
        yield client
    app.functions.close()


def test_a_success_is_matched_as_an_empty_message(client: httpx.Client) -> None:
    ok = client.get("/selected", params={"mode": "ok"})
    assert (ok.status_code, ok.json()) == (200, {"kind": "default", "input": {"ok": True}})  # ".+" does not match ""
    caught = client.get("/catch-all", params={"mode": "ok"})
    assert (caught.status_code, caught.json()) == (202, {"kind": "catch-all", "input": {"ok": True}})  # ".*" does


def test_a_raised_error_is_selected_by_its_message_with_lambdas_payload(client: httpx.Client) -> None:
    response = client.get("/selected", params={"mode": "raise"})
    assert response.status_code == 500
    shown = response.json()
    assert shown["kind"] == "error"
    payload = shown["input"]
    assert list(payload) == ["errorMessage", "errorType", "requestId", "stackTrace"]  # the Python runtime's
    assert (payload["errorMessage"], payload["errorType"]) == ("bad input", "ValueError")
    assert payload["requestId"] == response.headers["x-amzn-requestid"]
    assert any("app.py" in line and "in failing" in line for line in payload["stackTrace"])


def test_a_message_of_several_lines_is_not_matched_by_a_dot(client: httpx.Client) -> None:
    response = client.get("/selected", params={"mode": "multiline"})
    # AWS's API reference: ".+" matches an error "that does not contain any newline": a full match, "." no newline.
    assert response.status_code == 200 and response.json()["kind"] == "default"
    assert response.json()["input"]["errorMessage"] == "first line\nsecond line"


@pytest.mark.parametrize(("mode", "error_type", "ending"), [
    ("sleep", "Sandbox.Timedout", "Error: Task timed out after 1.00 seconds"),
    ("exit", "Runtime.ExitError", "Error: Runtime exited with error: exit status 2"),
])  # fmt: skip
def test_the_functions_timeout_and_a_crash_are_function_errors_the_patterns_match(client: httpx.Client, mode: str, error_type: str,
                                                                                   ending: str) -> None:  # fmt: skip
    response = client.get("/selected", params={"mode": mode, "s": "5"})
    assert response.status_code == 500 and response.json()["kind"] == "error"
    payload = response.json()["input"]
    assert list(payload) == ["errorMessage", "errorType"] and payload["errorType"] == error_type
    assert payload["errorMessage"] == f"RequestId: {response.headers['x-amzn-requestid']} {ending}"


def test_the_integration_timeout_is_api_gateways_504_whatever_the_patterns(client: httpx.Client) -> None:
    response = client.get("/hurried", params={"mode": "sleep", "s": "0.8"})  # the function's own Timeout is 1 s
    assert (response.status_code, response.json()) == (504, {"message": "Endpoint request timed out"})
    assert "x-amzn-errortype" not in response.headers
    assert client.get("/hurried", params={"mode": "ok"}).status_code == 202  # a worker is there again
