"""The user's Lambda functions behind the mock: which function answers which route, worker processes, events as
API Gateway sends them (checked against AWS Powertools' event models), responses and API Gateway's errors.

Every request goes over a real socket to the mock under uvicorn on 127.0.0.1; handlers run in worker processes.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventModel, APIGatewayProxyEventV2Model
from click.testing import CliRunner

from sdkgen.cli import main
from sdkgen.lambdas import events
from sdkgen.lambdas.integration import target_of
from sdkgen.lambdas.responses import Malformed, answer_v1, answer_v2
from sdkgen.mock import ConfigError, create_app
from sdkgen.mock.server import ServerThread
from sdkgen.model import Operation

HERE = Path(__file__).resolve().parent
HANDLERS = HERE / "handlers"
ROOT = HERE.parent.parent
SECRET = "lambda-tests-secret-0123456789abcdef"


def arn_uri(name: str) -> str:
    return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:{name}/invocations"


def operation(name: str, **extra: Any) -> dict[str, Any]:
    integration = {"type": "aws_proxy", "httpMethod": "POST", "uri": arn_uri(name), **extra}
    return {"responses": {"200": {"description": "ok"}}, "x-amazon-apigateway-integration": integration}


def rest_spec(**paths: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "openapi": "3.0.1",
        "info": {"title": "Lambdas", "version": "1"},
        "servers": [{"url": "https://abc123.execute-api.us-east-1.amazonaws.com/prod"}],
        "x-amazon-apigateway-binary-media-types": ["image/png"],
        "paths": {
            "/echo/{id}": {"get": operation("echo"), "post": operation("echo")},
            "/boom": {"get": operation("boom")},
            "/slow": {"get": operation("slow")},
            "/hurried": {"get": operation("slow", timeoutInMillis=300)},
            "/returns": {"post": operation("returns")},
            "/exits": {"get": operation("exits")},
            "/notjson": {"get": operation("not_json")},
            "/keyed": {"get": {**operation("echo"), "security": [{"api_key": []}]}},
            "/secured": {"get": {**operation("echo"), "security": [{"Pool": ["todo/read"]}]}},
            "/examples": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"example": {"from": "example"}}}}}}},
        },
        "components": {
            "securitySchemes": {
                "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
                "Pool": {
                    "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "cognito_user_pools",
                    "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool"]},
                },
            }
        },
    }  # fmt: skip
    spec["paths"].update(paths)
    return spec


def http_spec() -> dict[str, Any]:
    spec = rest_spec()
    spec["x-amazon-apigateway-importexport-version"] = "1.0"
    spec["servers"] = [{"url": "https://xyz789.execute-api.us-east-1.amazonaws.com/"}]
    spec.pop("x-amazon-apigateway-binary-media-types")
    for item in spec["paths"].values():
        for op in item.values():
            if "x-amazon-apigateway-integration" in op:
                op["x-amazon-apigateway-integration"]["payloadFormatVersion"] = "2.0"
            op.pop("security", None)
    spec["paths"]["/v1/{id}"] = {"get": operation("echo", payloadFormatVersion="1.0")}
    del spec["components"]
    return spec


def functions(**overrides: Any) -> dict[str, Any]:
    code = str(HANDLERS)
    entries = {name: {"handler": f"app.{name}", "code": code} for name in ("echo", "boom", "slow", "returns", "exits", "not_json")}
    entries["echo"]["env"] = {"GREETING": "hello"}
    entries["echo"]["memory"] = 256
    entries["slow"]["timeout"] = 1
    entries.update(overrides)
    return entries


def config(**extra: Any) -> dict[str, Any]:
    return {
        "functions": functions(),
        "api_keys": [{"id": "k1", "value": "key-0123456789abcdef"}],
        "authorizers": {"Pool": {"hs256_secret": SECRET}},
        **extra,
    }


class Served:
    def __init__(self, app: Any, url: str) -> None:
        self.app = app
        self.url = url
        self.client = httpx.Client(base_url=url, timeout=30)

    def invocations(self) -> list[Any]:
        return list(self.app.functions.invocations)


@pytest.fixture(scope="module")
def rest() -> Iterator[Served]:
    app = create_app(rest_spec(), config())
    with ServerThread(app) as url:
        served = Served(app, url + "/prod")
        yield served
        served.client.close()
    app.functions.close()


@pytest.fixture(scope="module")
def http() -> Iterator[Served]:
    app = create_app(http_spec(), {"functions": functions()})
    with ServerThread(app) as url:
        served = Served(app, url)
        yield served
        served.client.close()
    app.functions.close()


def token(scopes: str = "todo/read") -> str:
    now = int(time.time())
    claims = {"sub": "user-1", "token_use": "access", "client_id": "app", "scope": scopes, "iat": now, "exp": now + 600,
              "cognito:groups": ["admins"]}  # fmt: skip
    return jwt.encode(claims, SECRET, algorithm="HS256")


# -- which function answers which route ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("integration", "expected"),
    [
        ({"type": "aws_proxy", "uri": arn_uri("getTodo")}, ("getTodo", None, "1.0", 29.0)),
        ({"type": "AWS_PROXY", "uri": arn_uri("getTodo:live")}, ("getTodo", "live", "1.0", 29.0)),
        ({"type": "aws_proxy", "uri": arn_uri("getTodo:${stageVariables.alias}")}, ("getTodo", "${stageVariables.alias}", "1.0", 29.0)),
        ({"type": "aws_proxy", "uri": arn_uri("getTodo"), "timeoutInMillis": 5000}, ("getTodo", None, "1.0", 5.0)),
        ({"type": "aws_proxy", "uri": "arn:aws:lambda:eu-west-1:1:function:fn", "payloadFormatVersion": "2.0"}, ("fn", None, "2.0", 29.0)),
        ({"type": "aws", "uri": arn_uri("nonProxy")}, ("nonProxy", None, "1.0", 29.0)),
        ({"type": "http_proxy", "uri": "https://example.com/{proxy}"}, None),
        ({"type": "mock"}, None),
        ({"type": "aws", "uri": "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem"}, None),
    ],
)
def test_the_integration_uri_names_the_function(integration: dict[str, Any], expected: tuple[Any, ...] | None) -> None:
    target = target_of(Operation("GET", "/x", "x", integration=integration), http_api=False)
    got = (target.function, target.qualifier, target.payload, target.timeout) if target is not None else None
    assert got == expected


def test_http_api_integrations_default_to_payload_2_and_30_seconds() -> None:
    target = target_of(Operation("GET", "/x", "x", integration={"type": "AWS_PROXY", "uri": arn_uri("fn")}), http_api=True)
    assert target is not None and (target.payload, target.timeout) == ("2.0", 30.0)


@pytest.mark.parametrize(
    ("entry", "place", "words"),
    [
        ({"handler": "app.echo", "code": "no-such-dir"}, "functions.echo.code", "does not exist"),
        ({"handler": "missing.echo", "code": str(HANDLERS)}, "functions.echo.handler", "no module missing"),
        ({"handler": "app.nothing_here", "code": str(HANDLERS)}, "functions.echo.handler", "defines no nothing_here"),
        ({"handler": "echo", "code": str(HANDLERS)}, "functions.echo.handler", "not module.function"),
        ({"code": str(HANDLERS)}, "functions.echo.handler", "required"),
        ({"handler": "app.echo", "code": str(HANDLERS), "timeout": 0}, "functions.echo.timeout", "at least"),
        ({"handler": "app.echo", "code": str(HANDLERS), "memory": 64}, "functions.echo.memory", "at least"),
        ({"handler": "app.echo", "code": str(HANDLERS), "env": {"A": [1]}}, "functions.echo.env.A", "expected a string"),
        ({"handler": "app.echo", "code": str(HANDLERS), "runtime": "python3.12"}, "functions.echo.runtime", "unknown key"),
    ],
)
def test_a_function_that_cannot_run_is_a_located_error_before_the_server_starts(entry: dict[str, Any], place: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        create_app(rest_spec(), {"functions": {"echo": entry}})
    assert caught.value.place == place and words in caught.value.message


def test_a_syntax_error_in_the_handler_module_is_located(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("def handler(event, context)\n    return 1\n")
    with pytest.raises(ConfigError) as caught:
        create_app(rest_spec(), {"functions": {"echo": {"handler": "broken.handler", "code": str(tmp_path)}}})
    assert "broken.py, line 1" in caught.value.message


def test_routes_without_code_keep_their_examples_and_the_route_map_says_which_function_serves_what() -> None:
    app = create_app(rest_spec(), {"functions": {"echo": {"handler": "app.echo", "code": str(HANDLERS)}}})
    lines = app.functions.describe()
    assert f"GET /echo/{{id}} -> echo (app.echo in {HANDLERS})" in lines
    assert "GET /boom names function boom, which has no code here: example responses" in lines
    assert not any(r.function for r in app.routes if r.key == "GET /boom")
    app.functions.close()


def test_without_functions_nothing_of_sdkgen_lambdas_is_imported() -> None:
    code = ("import sys, json; from sdkgen.mock import create_app; "
            f"app = create_app(json.loads(sys.argv[1])); print(any(m.startswith('sdkgen.lambdas') for m in sys.modules), app.functions)")  # fmt: skip
    run = subprocess.run([sys.executable, "-c", code, json.dumps(rest_spec())], capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["False", "None"], run.stderr


# -- workers ------------------------------------------------------------------------------------------------------


def test_the_handler_sees_lambdas_context_and_environment_and_stays_warm(rest: Served) -> None:
    first = rest.client.get("/echo/1").json()
    second = rest.client.get("/echo/2").json()
    assert second["pid"] == first["pid"] and second["calls"] == first["calls"] + 1  # the same warm worker
    context = second["context"]
    assert context["function_name"] == "echo" and context["function_version"] == "$LATEST"
    assert context["invoked_function_arn"] == "arn:aws:lambda:us-east-1:123456789012:function:echo"
    assert context["memory_limit_in_mb"] == "256"
    assert context["aws_request_id"] == second["event"]["requestContext"]["requestId"]
    assert context["log_group_name"] == "/aws/lambda/echo" and "[$LATEST]" in context["log_stream_name"]
    assert 0 < context["remaining"] <= 3000
    env = second["env"]
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == "echo" and env["_HANDLER"] == "app.echo" and env["AWS_REGION"] == "us-east-1"
    assert env["LAMBDA_TASK_ROOT"] == str(HANDLERS) == second["cwd"] and env["GREETING"] == "hello"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256" and env["AWS_EXECUTION_ENV"].startswith("AWS_Lambda_python")


def test_overlapping_requests_run_in_further_workers_up_to_the_limit() -> None:
    spec = rest_spec()
    for limit, expected_workers in ((2, 2), (1, 1)):
        app = create_app(spec, {"functions": functions(slow={"handler": "app.slow", "code": str(HANDLERS), "timeout": 5}),
                                "concurrency": limit})  # fmt: skip
        with ServerThread(app) as url:
            statuses: list[int] = []

            def call() -> None:
                statuses.append(httpx.get(url + "/prod/slow?s=0.5", timeout=30).status_code)

            threads = [threading.Thread(target=call) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert statuses == [200, 200]
            assert len(app.functions.pools["slow"].all) == expected_workers
        app.functions.close()


def test_what_a_function_prints_reaches_the_console_prefixed_with_function_and_request_id(rest: Served, capfd: pytest.CaptureFixture[str]) -> None:
    response = rest.client.get("/boom")
    request_id = response.headers["x-amzn-requestid"]
    deadline = time.monotonic() + 5
    out = ""
    while "ValueError" not in out and time.monotonic() < deadline:
        captured = capfd.readouterr()
        out += captured.out + captured.err
        time.sleep(0.05)
    assert f"[boom {request_id}] about to fail" in out
    assert f"[boom {request_id}] ValueError: the handler failed on purpose" in out  # the traceback: console only
    assert "Traceback" not in response.text


# -- errors as API Gateway answers them ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "rest_answer", "http_answer"),
    [
        ("/boom", (502, {"message": "Internal server error"}, "InternalServerErrorException"), (500, {"message": "Internal Server Error"})),
        ("/slow?s=5", (502, {"message": "Internal server error"}, "InternalServerErrorException"), (500, {"message": "Internal Server Error"})),
        ("/hurried?s=5", (504, {"message": "Endpoint request timed out"}, None), (503, {"message": "Service Unavailable"})),
        ("/exits", (502, {"message": "Internal server error"}, "InternalServerErrorException"), (500, {"message": "Internal Server Error"})),
        ("/notjson", (502, {"message": "Internal server error"}, "InternalServerErrorException"), (500, {"message": "Internal Server Error"})),
    ],
    ids=["raises", "function-timeout", "integration-timeout", "process-exits", "not-json"],
)
def test_a_failing_function_gets_exactly_api_gateways_answer(rest: Served, http: Served, path: str, rest_answer: tuple[Any, ...],
                                                             http_answer: tuple[Any, ...]) -> None:  # fmt: skip
    response = rest.client.get(path)
    assert (response.status_code, response.json(), response.headers.get("x-amzn-errortype")) == rest_answer
    assert response.headers["content-type"] == "application/json"
    response = http.client.get(path)
    assert (response.status_code, response.json()) == http_answer
    assert "x-amzn-errortype" not in response.headers and "apigw-requestid" in response.headers
    # The function answers again afterwards: a killed worker is replaced.
    assert rest.client.get("/echo/9").status_code == 200


def test_a_timed_out_worker_is_killed_and_replaced(rest: Served) -> None:
    rest.client.get("/slow?s=0")
    pool = rest.app.functions.pools["slow"]
    before = {w.process.pid for w in pool.all}
    assert rest.client.get("/slow?s=5").status_code == 502
    assert rest.client.get("/slow?s=0").text == "late"
    after = {w.process.pid for w in pool.all}
    assert before and before.isdisjoint(after)
    record = rest.invocations()[-2]
    assert record.error["errorType"] == "Sandbox.Timedout" and record.status == 502


# -- events -------------------------------------------------------------------------------------------------------


def test_rest_events_are_payload_1_as_api_gateway_fills_it(rest: Served) -> None:
    response = rest.client.post("/echo/a%20b?q=1&q=2&e=", content=b'{"x": 1}',
                                headers=[("content-type", "application/json"), ("x-multi", "one"), ("x-multi", "two")])  # fmt: skip
    event = response.json()["event"]
    APIGatewayProxyEventModel.model_validate(event)
    assert set(event) == {"resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
                          "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext", "body",
                          "isBase64Encoded"}  # fmt: skip
    assert (event["resource"], event["path"], event["httpMethod"]) == ("/echo/{id}", "/echo/a b", "POST")
    assert event["headers"]["x-multi"] == "two" and event["multiValueHeaders"]["x-multi"] == ["one", "two"]
    assert event["queryStringParameters"] == {"q": "2", "e": ""}
    assert event["multiValueQueryStringParameters"] == {"q": ["1", "2"], "e": [""]}
    assert event["pathParameters"] == {"id": "a b"} and event["stageVariables"] is None
    assert (event["body"], event["isBase64Encoded"]) == ('{"x": 1}', False)
    context = event["requestContext"]
    assert context["path"] == "/prod/echo/a%20b" and context["stage"] == "prod" and context["resourcePath"] == "/echo/{id}"
    assert context["apiId"] == "abc123" and context["requestId"] == response.headers["x-amzn-requestid"]
    assert context["extendedRequestId"] == response.headers["x-amz-apigw-id"]
    assert context["identity"]["sourceIp"] == "127.0.0.1" and "apiKey" not in context["identity"]
    assert "authorizer" not in context
    assert abs(context["requestTimeEpoch"] / 1000 - time.time()) < 60


def test_absent_parts_of_a_rest_event_are_null_not_empty(rest: Served) -> None:
    event = rest.client.get("/echo/1").json()["event"]
    APIGatewayProxyEventModel.model_validate(event)
    assert event["queryStringParameters"] is None and event["multiValueQueryStringParameters"] is None
    assert event["body"] is None and event["isBase64Encoded"] is False


def test_the_api_key_and_cognito_claims_reach_the_event(rest: Served) -> None:
    event = rest.client.get("/keyed", headers={"x-api-key": "key-0123456789abcdef"}).json()["event"]
    APIGatewayProxyEventModel.model_validate(event)
    identity = event["requestContext"]["identity"]
    assert (identity["apiKey"], identity["apiKeyId"]) == ("key-0123456789abcdef", "k1")
    event = rest.client.get("/secured", headers={"Authorization": token()}).json()["event"]
    APIGatewayProxyEventModel.model_validate(event)
    claims = event["requestContext"]["authorizer"]["claims"]
    assert claims["sub"] == "user-1" and claims["scope"] == "todo/read" and all(isinstance(v, str) for v in claims.values())
    assert rest.client.get("/secured").status_code == 401  # the authorizer still answers first; no invocation
    assert rest.invocations()[-1].route == "GET /secured" and rest.invocations()[-1].status == 200


def test_a_binary_media_type_body_is_base64_encoded_and_a_base64_response_decoded_when_accepted(rest: Served) -> None:
    png = bytes(range(256))
    event = rest.client.post("/echo/1", content=png, headers={"content-type": "image/png"}).json()["event"]
    APIGatewayProxyEventModel.model_validate(event)
    assert event["isBase64Encoded"] is True and base64.b64decode(event["body"]) == png
    answer = {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "body": base64.b64encode(png).decode(), "isBase64Encoded": True}
    sent = json.dumps(answer).encode()
    decoded = rest.client.post("/returns", content=sent, headers={"content-type": "application/json", "accept": "image/png"})
    assert decoded.content == png
    as_text = rest.client.post("/returns", content=sent, headers={"content-type": "application/json", "accept": "application/json"})
    assert as_text.text == answer["body"]  # API Gateway sends the base64 text when the client does not accept the type


def test_http_api_events_are_payload_2_with_absent_parts_left_out(http: Served) -> None:
    response = http.client.get("/echo/7?q=1&q=2", headers=[("cookie", "a=1; b=2"), ("x-multi", "one"), ("x-multi", "two")])
    event = response.json()["event"]
    APIGatewayProxyEventV2Model.model_validate(event)
    assert event["version"] == "2.0" and event["routeKey"] == "GET /echo/{id}" and event["rawPath"] == "/echo/7"
    assert event["rawQueryString"] == "q=1&q=2" and event["queryStringParameters"] == {"q": "1,2"}
    assert event["cookies"] == ["a=1", "b=2"] and "cookie" not in event["headers"]
    assert event["headers"]["x-multi"] == "one,two" and event["pathParameters"] == {"id": "7"}
    assert "body" not in event and "stageVariables" not in event and event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["http"]["method"] == "GET" and context["stage"] == "$default" and context["apiId"] == "xyz789"
    assert context["requestId"] == response.headers["x-amzn-requestid"]
    bare = http.client.get("/echo/7").json()["event"]
    APIGatewayProxyEventV2Model.model_validate(bare)
    assert not {"cookies", "queryStringParameters", "body"} & set(bare) and bare["rawQueryString"] == ""


def test_an_http_api_route_may_ask_for_payload_1(http: Served) -> None:
    event = http.client.get("/v1/3?a=b").json()["event"]
    APIGatewayProxyEventModel.model_validate(event)
    assert event["version"] == "1.0" and event["pathParameters"] == {"id": "3"} and event["queryStringParameters"] == {"a": "b"}


# -- responses ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "result",
    [{}, [], "text", None, 5, {"statusCode": 200, "extra": 1}, {"statusCode": "test"}, {"statusCode": True},
     {"statusCode": 200, "multiValueHeaders": {"a": "b"}}, {"statusCode": 200, "body": {"a": 1}},
     {"statusCode": 200, "headers": {"a": {"b": 1}}}, {"statusCode": 200, "headers": {"x": "a\r\nb"}},
     {"statusCode": 200, "body": "!!", "isBase64Encoded": "yes"}, {"statusCode": 99}],
)  # fmt: skip
def test_a_malformed_payload_1_response_is_a_502(rest: Served, result: Any) -> None:
    with pytest.raises(Malformed):
        answer_v1(result)
    response = rest.client.post("/returns", content=json.dumps(result).encode(), headers={"content-type": "application/json"})
    assert (response.status_code, response.json()) == (502, {"message": "Internal server error"})
    assert response.headers["x-amzn-errortype"] == "InternalServerErrorException"


def test_payload_1_responses_as_api_gateway_maps_them(rest: Served) -> None:
    def send(result: Any, **headers: str) -> httpx.Response:
        return rest.client.post("/returns", content=json.dumps(result).encode(), headers={"content-type": "application/json", **headers})

    response = send({"statusCode": "201", "headers": {"X-One": "1", "Both": "single"},
                     "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"], "Both": ["m1", "m2"]}, "body": "made"})  # fmt: skip
    assert (response.status_code, response.text) == (201, "made")
    assert response.headers.get_list("set-cookie") == ["a=1", "b=2"] and response.headers.get_list("both") == ["m1", "m2"]
    assert response.headers["x-one"] == "1" and response.headers["content-type"] == "application/json"
    response = send({"headers": {"X-Only": "yes"}})
    assert (response.status_code, response.content, response.headers["x-only"]) == (200, b"", "yes")


@pytest.mark.parametrize(
    ("result", "status", "body", "headers"),
    [
        ({"message": "hi"}, 200, b'{"message": "hi"}', {"content-type": "application/json"}),
        ("plain words", 200, b"plain words", {"content-type": "application/json"}),
        ([1, 2], 200, b"[1, 2]", {"content-type": "application/json"}),
        ({"statusCode": 201, "body": "x", "cookies": ["a=1", "b=2"], "headers": {"X-H": "v"}}, 201, b"x", {"x-h": "v"}),
        ({"statusCode": 200, "body": base64.b64encode(b"\x00\x01").decode(), "isBase64Encoded": True}, 200, b"\x00\x01", {}),
    ],
)
def test_payload_2_responses_are_inferred(http: Served, result: Any, status: int, body: bytes, headers: dict[str, str]) -> None:
    response = http.client.post("/returns", content=json.dumps(result).encode(), headers={"content-type": "application/json"})
    assert (response.status_code, response.content) == (status, body)
    assert all(response.headers[k] == v for k, v in headers.items())
    if isinstance(result, dict) and "cookies" in result:
        assert response.headers.get_list("set-cookie") == ["a=1", "b=2"]
    assert answer_v2(result).status == status


def test_a_malformed_payload_2_response_is_a_500(http: Served) -> None:
    response = http.client.post("/returns", content=json.dumps({"statusCode": "nope"}).encode(), headers={"content-type": "application/json"})
    assert (response.status_code, response.json()) == (500, {"message": "Internal Server Error"})


# -- the request log, the pytest plugin, templates, the CLI --------------------------------------------------------


def test_the_request_log_records_the_function(rest: Served) -> None:
    rest.client.get("/echo/5")
    assert rest.app.records[-1].function == "echo"
    rest.client.get("/examples")
    assert rest.app.records[-1].function is None and rest.client.get("/examples").json() == {"from": "example"}


def test_the_pytest_fixture_takes_functions_and_lists_invocations(mock_gateway: Any) -> None:
    spec = rest_spec()
    gw = mock_gateway(spec, functions={"echo": f"{HANDLERS / 'app.py'}:echo", "boom": {"handler": "app.boom", "code": str(HANDLERS)}})
    assert httpx.get(gw.url + "/echo/42?x=1", timeout=30).status_code == 200
    assert httpx.get(gw.url + "/boom", timeout=30).status_code == 502
    echo, boom = gw.invocations
    assert echo.function == "echo" and echo.event["pathParameters"] == {"id": "42"} and echo.status == 200
    assert json.loads(echo.result["body"])["event"]["queryStringParameters"] == {"x": "1"}
    assert boom.error == {"errorType": "ValueError", "errorMessage": "the handler failed on purpose"} and boom.status == 502


def test_the_pytest_fixture_runs_a_templates_functions(mock_gateway: Any) -> None:
    gw = mock_gateway(str(ROOT / "specs" / "templates" / "library.yaml"), {"authorizers": {"Readers": {"hs256_secret": SECRET}}})
    assert {(key, name) for key, name, _ in gw.app.functions.routes} == {
        ("GET /books", "library-BooksFunction"), ("POST /books", "library-BooksFunction"), ("GET /books/{bookId}", "library-BookFunction")}
    key = gw.api_keys["LibraryApiApiKey"]  # the template's usage plan and key still apply
    response = httpx.get(gw.url + "/books", headers={"x-api-key": key, "Authorization": gw.token(["library/read"], access=True)}, timeout=30)
    assert (response.status_code, response.json()) == (200, {"items": []})  # library-src/app.py's handler
    assert gw.invocations[-1].function == "library-BooksFunction"
    assert gw.invocations[-1].event["requestContext"]["identity"]["apiKeyId"] == "LibraryApiApiKey"


def test_sdkgen_mock_refuses_a_bad_function_option_and_a_missing_handler() -> None:
    spec = str(ROOT / "specs" / "todo-http.json")
    result = CliRunner().invoke(main, ["mock", spec, "--function", "echo=app.py"])
    assert result.exit_code != 0 and "NAME=path/module.py:handler" in result.output
    result = CliRunner().invoke(main, ["mock", spec, "--lenient", "--function", f"echo={HANDLERS / 'app.py'}:nope"])
    assert result.exit_code == 1 and "--function echo" in result.output and "defines no nope" in result.output


def test_sdkgen_mock_prints_which_function_serves_which_route(tmp_path: Path) -> None:
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps(rest_spec()))
    process = subprocess.Popen(
        [sys.executable, "-m", "sdkgen", "mock", str(spec), "--port", "0", "--reload", "--function", f"echo={HANDLERS / 'app.py'}:echo"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while not any("Press Ctrl-C" in line for line in lines):
            line = process.stdout.readline()
            assert line, process.stderr.read() if process.stderr else ""
            lines.append(line)
        url = next(line.split(": ", 1)[1].strip() for line in lines if line.startswith("Mock gateway"))
        assert f"Lambda: GET /echo/{{id}} -> echo (app.echo in {HANDLERS})\n" in lines
        seen = httpx.get(url + "/echo/1", timeout=30).json()
        assert seen["context"]["function_name"] == "echo"
        folder = Path(seen["env"]["TMPDIR"])  # the function's own /tmp
        assert folder.is_dir() and folder.name.startswith("sdkgen-echo-")
    finally:
        process.terminate()
        process.wait(timeout=15)
    assert process.returncode == 0 and not folder.exists()  # stopped by SIGTERM, it cleaned up after its functions


def test_payload_builders_keep_the_last_single_value_and_every_multi_value() -> None:
    incoming = events.Incoming("GET", "/s/p", "s", "/p", {}, "a=1&a=2", {"a": ["1", "2"]},
                               [(b"X", b"1"), (b"X", b"2")], b"", "id", "ext", "api")  # fmt: skip
    v1 = events.payload_v1(incoming)
    assert v1["headers"] == {"X": "2"} and v1["multiValueHeaders"] == {"X": ["1", "2"]}
    v2 = events.payload_v2(incoming, "GET /p")
    assert v2["headers"] == {"x": "1,2"} and v2["rawPath"] == "/s/p"
    APIGatewayProxyEventModel.model_validate(v1)
    APIGatewayProxyEventV2Model.model_validate(v2)


def test_a_handler_whose_import_fails_answers_502_every_time_and_says_why_on_the_console(capfd: pytest.CaptureFixture[str]) -> None:
    app = create_app(rest_spec(), {"functions": {"echo": {"handler": "broken_import.handler", "code": str(HANDLERS)}}})
    try:
        with ServerThread(app) as url:
            statuses = [httpx.get(url + "/prod/echo/1", timeout=30).status_code for _ in range(2)]
        assert statuses == [502, 502]
        assert [i.error["errorType"] for i in app.functions.invocations] == ["RuntimeError", "RuntimeError"]
        out = capfd.readouterr()
        assert "cannot reach the configuration at import time" in out.out + out.err
    finally:
        app.functions.close()


def test_stopping_the_pytest_gateway_ends_its_workers(mock_gateway: Any) -> None:
    gw = mock_gateway(rest_spec(), functions={"echo": f"{HANDLERS / 'app.py'}:echo"})
    assert httpx.get(gw.url + "/echo/1", timeout=30).status_code == 200
    processes = [w.process for pool in gw.app.functions.pools.values() for w in pool.all]
    assert processes and all(p.poll() is None for p in processes)
    gw.stop()
    assert all(p.poll() is not None for p in processes)


def test_a_configuration_entry_replaces_one_template_function_and_keeps_the_others(mock_gateway: Any) -> None:
    template = ROOT / "specs" / "lambda-app" / "todos.yaml"
    gw = mock_gateway(str(template), {"functions": {"todos-FailFunction": {"handler": "app.echo", "code": str(HANDLERS)}}})
    key = {"x-api-key": gw.api_keys["TodoApiApiKey"]}
    assert httpx.get(gw.url + "/fail", headers=key, timeout=30).json()["context"]["function_name"] == "todos-FailFunction"
    assert {name for _, name, _ in gw.app.functions.routes} == {"todos-TodosFunction", "todos-MeFunction", "todos-FailFunction",
                                                               "todos-SlowFunction", "todos-AuthFunction", "todos-TenantFunction",
                                                               "todos-EstimateFunction"}  # fmt: skip


def test_sdkgen_mock_takes_a_templates_functions_and_a_config_files_entry_over_one(tmp_path: Path) -> None:
    from sdkgen.sources import TemplateOptions
    from sdkgen.sources.cli import load_for_mock

    config = tmp_path / "gateway.yaml"
    config.write_text(f"functions:\n  todos-FailFunction: {{handler: app.echo, code: '{HANDLERS}'}}\n")
    _, loaded = load_for_mock(ROOT / "specs" / "lambda-app" / "todos.yaml", TemplateOptions(), config, strict=True)
    functions = loaded.functions  # type: ignore[union-attr]
    assert functions["todos-FailFunction"].handler == "app.echo" and functions["todos-SlowFunction"].timeout == 1.0
    assert functions["todos-TodosFunction"].env == {"APP_NAME": "todos", "TABLE": "todos"}


def test_reload_restarts_a_functions_workers_when_its_code_changes(tmp_path: Path) -> None:
    from dataclasses import replace

    from sdkgen.mock import load_config

    module = tmp_path / "live.py"
    module.write_text("import os\n\ndef echo(event, context):\n    return {'statusCode': 200, 'body': f'one {os.getpid()}'}\n")
    for reload, expected in ((True, "two"), (False, "one")):
        config = replace(load_config({"functions": {"echo": {"handler": "live.echo", "code": str(tmp_path)}}}), reload=reload)
        app = create_app(rest_spec(), config)
        try:
            with ServerThread(app) as url:
                first = httpx.get(url + "/prod/echo/1", timeout=30).text
                module.write_text(module.read_text().replace("'one", "'two"))
                stat = module.stat()
                os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))  # a later mtime, whatever the clock's grain
                time.sleep(0.6)  # RELOAD_CHECK
                second = httpx.get(url + "/prod/echo/1", timeout=30).text
            assert first.startswith("one ")
            word, pid = second.split()
            assert word == expected and (pid != first.split()[1]) == reload
        finally:
            app.functions.close()
            module.write_text(module.read_text().replace("'two", "'one"))


def test_waiting_for_a_busy_functions_worker_counts_against_the_integration_timeout() -> None:
    app = create_app(rest_spec(), {"functions": functions(slow={"handler": "app.slow", "code": str(HANDLERS), "timeout": 5}),
                                   "concurrency": 1})  # fmt: skip
    try:
        with ServerThread(app) as url:
            first: list[int] = []
            busy = threading.Thread(target=lambda: first.append(httpx.get(url + "/prod/slow?s=1.5", timeout=30).status_code))
            busy.start()
            time.sleep(0.5)  # the only worker is answering the first request
            waiting = httpx.get(url + "/prod/hurried?s=0", timeout=30)  # timeoutInMillis 300
            busy.join()
            assert (waiting.status_code, waiting.json()) == (504, {"message": "Endpoint request timed out"})
            assert first == [200]
            assert httpx.get(url + "/prod/hurried?s=0", timeout=30).status_code == 200  # the worker was not lost
            assert len(app.functions.pools["slow"].all) == 1
    finally:
        app.functions.close()
