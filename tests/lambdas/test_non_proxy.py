"""Non-proxy (``aws``) Lambda integrations with mapping templates, ``$context.authorizer`` in templates, stage
variables in events and qualifiers, the stage cache and latency on function routes, and gateway response overrides for
Lambda authorizers. Over real sockets (uvicorn on 127.0.0.1), functions in worker processes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventModel

from sdkgen.mock import ConfigError, create_app
from sdkgen.mock.server import ServerThread

HANDLERS = Path(__file__).resolve().parent / "handlers"
SECRET = "non-proxy-tests-secret-0123456789abcdef"
ACCOUNT_ARN = "arn:aws:lambda:us-east-1:123456789012:function"
REQUEST_TEMPLATE = (
    '{"id": "$input.params(\'id\')", "mode": "$input.params(\'mode\')", "color": "$stageVariables.color",'
    ' "sub": "$!context.authorizer.claims.sub", "principal": "$!context.authorizer.principalId",'
    ' "tenant": "$!context.authorizer.tenant"}'
)


def arn_uri(name: str) -> str:
    return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{ACCOUNT_ARN}:{name}/invocations"


def mapped_integration(**extra: Any) -> dict[str, Any]:
    integration: dict[str, Any] = {
        "type": "aws", "httpMethod": "POST", "uri": arn_uri("mapped"),
        "requestTemplates": {"application/json": REQUEST_TEMPLATE},
        "responses": {
            "default": {
                "statusCode": "200",
                "responseParameters": {"method.response.header.X-Color": "stageVariables.color",
                                       "method.response.header.X-Arn": "integration.response.body.arn",
                                       "method.response.header.X-Error": "integration.response.body.errorMessage"},
                "responseTemplates": {"application/json": '{"item": $input.json(\'$.received\')}'},
            },
            ".*\\[NotFound\\].*": {
                "statusCode": "404",
                "responseTemplates": {"application/json": '{"message": "$util.escapeJavaScript($input.path(\'$.errorMessage\'))", "type": "$input.path(\'$.errorType\')"}'},
            },
            ".*Task timed out after.*": {"statusCode": "504", "responseTemplates": {"application/json": '{"message": "the function was too slow"}'}},
        },
    }  # fmt: skip
    integration.update(extra)
    return integration


def op(integration: dict[str, Any], *security: dict[str, list[str]]) -> dict[str, Any]:
    operation: dict[str, Any] = {"responses": {"200": {"description": "ok"}}, "x-amazon-apigateway-integration": integration}
    if security:
        operation["security"] = list(security)
    return operation


def spec() -> dict[str, Any]:
    return {
        "openapi": "3.0.1",
        "info": {"title": "NonProxy", "version": "1"},
        "servers": [{"url": "https://np1234.execute-api.us-east-1.amazonaws.com/prod"}],
        "paths": {
            "/items/{id}": {"get": op(mapped_integration())},
            "/items": {"post": op({"type": "aws", "httpMethod": "POST", "uri": arn_uri("mapped"), "responses": {"default": {"statusCode": "200"}}})},
            "/strict": {"post": op(mapped_integration(passthroughBehavior="NEVER"))},
            "/nodefault": {"get": op(mapped_integration(responses={"nothing": {"statusCode": "400"}}))},
            "/unusable": {"get": op(mapped_integration(responses={"([": {"statusCode": "400"}}))},
            "/secure/{id}": {"get": op(mapped_integration(), {"Pool": []})},
            "/tenant/{id}": {"get": op(mapped_integration(), {"TokenAuth": []})},
            "/mocked": {"get": op({"type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                                   "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json":
                                       '{"principal": "$context.authorizer.principalId", "tenant": "$!context.authorizer.tenant"}'}}}},
                                  {"TokenAuth": []})},
            "/echo/{id}": {"get": op({"type": "aws_proxy", "httpMethod": "POST", "uri": arn_uri("echo:${stageVariables.alias}")})},
            "/cached/{id}": {"get": op({"type": "aws_proxy", "httpMethod": "POST", "uri": arn_uri("echo")})},
            "/guarded": {"get": op({"type": "aws_proxy", "httpMethod": "POST", "uri": arn_uri("echo")}, {"TokenAuth": []})},
            "/by-tenant": {"get": op({"type": "aws_proxy", "httpMethod": "POST", "uri": arn_uri("echo")}, {"RequestAuth": []})},
        },
        "components": {"securitySchemes": {
            "Pool": {
                "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "cognito_user_pools",
                "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool"]},
            },
            "TokenAuth": {"type": "apiKey", "name": "X-Token", "in": "header", "x-amazon-apigateway-authtype": "custom",
                          "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": arn_uri("authToken"),
                                                             "identitySource": "method.request.header.X-Token",
                                                             "authorizerResultTtlInSeconds": 0}},
            "RequestAuth": {"type": "apiKey", "name": "Unused", "in": "header", "x-amazon-apigateway-authtype": "custom",
                            "x-amazon-apigateway-authorizer": {"type": "request", "authorizerUri": arn_uri("authRequest"),
                                                               "identitySource": "method.request.header.X-Tenant",
                                                               "authorizerResultTtlInSeconds": 0}},
        }},
    }  # fmt: skip


def config(**extra: Any) -> dict[str, Any]:
    code = str(HANDLERS)
    return {
        "functions": {"mapped": {"handler": "app.mapped", "code": code, "timeout": 1}, "echo": {"handler": "app.echo", "code": code},
                      "authToken": {"handler": "auth.token", "code": code}, "authRequest": {"handler": "auth.request", "code": code}},
        "authorizers": {"Pool": {"hs256_secret": SECRET}},
        "stages": {"prod": {"variables": {"color": "blue", "alias": "live"},
                            "methods": {"GET /cached/{id}": {"cache_ttl": 60}}}},
        **extra,
    }  # fmt: skip


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Any, httpx.Client]]:
    app = create_app(spec(), config())
    with ServerThread(app) as url, httpx.Client(base_url=url + "/prod", timeout=30) as client:
        yield app, client
    app.functions.close()


def calls(app: Any, name: str) -> list[Any]:
    return [i for i in app.functions.invocations if i.function == name]


def id_token(**claims: Any) -> str:
    now = int(time.time())
    body = {"sub": "user-7", "token_use": "id", "aud": "app", "iat": now, "exp": now + 600, "email_verified": True, **claims}
    return jwt.encode(body, SECRET, algorithm="HS256")


# -- 1. non-proxy Lambda integrations ------------------------------------------------------------------------------


def test_the_request_template_makes_the_event_and_the_default_response_maps_the_result(served: tuple[Any, httpx.Client]) -> None:
    app, client = served
    r = client.get("/items/42", params={"mode": "ok"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    received = r.json()["item"]
    assert received == {"id": "42", "mode": "ok", "color": "blue", "sub": "", "principal": "", "tenant": ""}
    assert calls(app, "mapped")[-1].event == received  # the function saw the rendered template, parsed
    assert r.headers["x-color"] == "blue"  # responseParameters from stageVariables
    assert r.headers["x-arn"] == f"{ACCOUNT_ARN}:mapped"  # ... and from the integration's body
    assert app.records[-1].function == "mapped"


def test_a_function_error_is_selected_by_its_error_message(served: tuple[Any, httpx.Client]) -> None:
    app, client = served
    r = client.get("/items/9", params={"mode": "missing"})
    assert r.status_code == 404 and r.json() == {"message": "[NotFound] no item 9", "type": "LookupError"}
    assert calls(app, "mapped")[-1].error == {"errorType": "LookupError", "errorMessage": "[NotFound] no item 9"}
    assert calls(app, "mapped")[-1].status == 404


def test_an_unmatched_function_error_takes_the_default_response_as_on_aws(served: tuple[Any, httpx.Client]) -> None:
    _, client = served
    r = client.get("/items/9", params={"mode": "bad"})
    # API Gateway's documented trap: an error no pattern matches is a 200 through the default response.
    assert r.status_code == 200 and r.json() == {"item": None}
    assert r.headers["x-error"] == "something else went wrong"  # $input was Lambda's error payload


def test_the_functions_timeout_is_an_error_message_patterns_match(served: tuple[Any, httpx.Client]) -> None:
    app, client = served
    r = client.get("/items/1", params={"mode": "sleep"})  # the function's Timeout is 1 s
    assert r.status_code == 504 and r.json() == {"message": "the function was too slow"}
    request_id = r.headers["x-amzn-requestid"]  # Lambda's message, as its Invoke answer has it:
    assert calls(app, "mapped")[-1].error["errorMessage"] == f"RequestId: {request_id} Error: Task timed out after 1.00 seconds"


def test_without_a_template_the_body_passes_through_as_the_event(served: tuple[Any, httpx.Client]) -> None:
    app, client = served
    r = client.post("/items", json={"mode": "ok", "n": [1, 2]})
    assert r.status_code == 200 and r.json()["received"] == {"mode": "ok", "n": [1, 2]}  # no response template: as is
    r = client.post("/items", content=b"")
    assert r.status_code == 200 and r.json()["received"] == {}
    before = len(calls(app, "mapped"))
    r = client.post("/items", content=b"not json", headers={"content-type": "text/plain"})
    assert r.status_code == 500 and r.json() == {"message": "Internal server error"}  # Lambda takes JSON only
    assert len(calls(app, "mapped")) == before


def test_passthrough_never_refuses_an_unmapped_content_type_and_no_response_is_a_500(served: tuple[Any, httpx.Client]) -> None:
    app, client = served
    before = len(calls(app, "mapped"))
    r = client.post("/strict", content=b"x", headers={"content-type": "text/plain"})
    assert r.status_code == 415 and r.json() == {"message": "Unsupported Media Type"}
    assert len(calls(app, "mapped")) == before
    r = client.get("/nodefault")
    assert r.status_code == 500 and r.json() == {"message": "Internal server error"}
    assert len(calls(app, "mapped")) == before + 1  # invoked, then no integration response for its answer


def test_an_unusable_integration_is_a_500_without_invoking_the_function(served: tuple[Any, httpx.Client]) -> None:
    app, client = served
    before = len(calls(app, "mapped"))
    r = client.get("/unusable")  # a selection pattern that is no regular expression
    assert r.status_code == 500 and r.json() == {"message": "Internal server error"}
    assert len(calls(app, "mapped")) == before


def test_the_route_map_names_the_non_proxy_routes() -> None:
    app = create_app(spec(), config())
    try:
        described = app.functions.describe()
    finally:
        app.functions.close()
    assert any(line.startswith("GET /items/{id} -> mapped") and "mapping templates" in line for line in described)
    assert not any("not run yet" in line for line in described)


# -- 2. $context.authorizer in mapping templates -------------------------------------------------------------------


def test_cognito_claims_reach_the_request_template(served: tuple[Any, httpx.Client]) -> None:
    _, client = served
    r = client.get("/secure/5", headers={"Authorization": id_token()})
    assert r.status_code == 200 and r.json()["item"]["sub"] == "user-7"


def test_a_lambda_authorizers_principal_and_context_reach_aws_and_mock_templates(served: tuple[Any, httpx.Client]) -> None:
    _, client = served
    r = client.get("/tenant/5", headers={"X-Token": "acme"})
    assert r.status_code == 200
    item = r.json()["item"]
    assert (item["principal"], item["tenant"], item["sub"]) == ("user-acme", "acme", "")
    r = client.get("/mocked", headers={"X-Token": "globex"})
    assert r.status_code == 200 and r.json() == {"principal": "user-globex", "tenant": "globex"}


# -- 3. stage variables ----------------------------------------------------------------------------------------------


def test_stage_variables_reach_proxy_events_and_resolve_the_functions_qualifier(served: tuple[Any, httpx.Client]) -> None:
    _, client = served
    r = client.get("/echo/1")
    assert r.status_code == 200
    seen = r.json()
    APIGatewayProxyEventModel.model_validate(seen["event"])
    assert seen["event"]["stageVariables"] == {"color": "blue", "alias": "live"}
    assert seen["context"]["invoked_function_arn"] == f"{ACCOUNT_ARN}:echo:live"


def test_stage_variables_reach_a_request_authorizers_event(served: tuple[Any, httpx.Client]) -> None:
    app, client = served
    r = client.get("/by-tenant", headers={"X-Tenant": "acme"})
    assert r.status_code == 200
    assert calls(app, "authRequest")[-1].event["stageVariables"] == {"color": "blue", "alias": "live"}
    assert r.json()["event"]["requestContext"]["authorizer"]["tenant"] == "acme"


def test_a_stage_without_variables_sends_null(mock_gateway: Any) -> None:
    gw = mock_gateway(spec(), {"functions": config()["functions"]})
    seen = httpx.get(gw.url + "/cached/1", timeout=30).json()
    assert seen["event"]["stageVariables"] is None
    assert seen["context"]["invoked_function_arn"] == f"{ACCOUNT_ARN}:echo"


@pytest.mark.parametrize(
    ("variables", "place"),
    [({"bad-name": "x"}, "stages.prod.variables.bad-name"), ({"a b": "x"}, 'stages.prod.variables."a b"'), ({"ok": ["x"]}, "stages.prod.variables.ok"), ("x", "stages.prod.variables")],
)
def test_bad_stage_variables_are_located_errors(variables: Any, place: str) -> None:
    with pytest.raises(ConfigError) as caught:
        create_app(spec(), {"stages": {"prod": {"variables": variables}}})
    assert caught.value.place == place


# -- 4. the stage cache and latency on function routes ---------------------------------------------------------------


def test_the_stage_cache_answers_before_the_function_is_invoked(served: tuple[Any, httpx.Client]) -> None:
    app, client = served
    before = len(calls(app, "echo"))
    first = client.get("/cached/7")
    second = client.get("/cached/7")
    assert first.status_code == second.status_code == 200 and first.json() == second.json()
    assert len(calls(app, "echo")) == before + 1  # the second came from the cache
    assert [r.cache for r in list(app.records)[-2:]] == ["miss", "hit"]
    fresh = client.get("/cached/7", headers={"Cache-Control": "max-age=0"})
    assert fresh.json()["event"]["requestContext"]["requestId"] != first.json()["event"]["requestContext"]["requestId"]
    assert len(calls(app, "echo")) == before + 2


def test_latency_applies_to_function_routes() -> None:
    app = create_app(spec(), config(latency_ms={"min": 400, "max": 400}))
    try:
        with ServerThread(app) as url, httpx.Client(base_url=url + "/prod", timeout=30) as client:
            client.get("/echo/1")  # the worker's cold start, apart
            started = time.perf_counter()
            assert client.get("/echo/1").status_code == 200
            assert time.perf_counter() - started >= 0.4  # a lower bound: the configured latency was added
    finally:
        app.functions.close()


# -- 5. gateway responses for Lambda authorizers ----------------------------------------------------------------------


GATEWAY_RESPONSES = {
    "UNAUTHORIZED": {"statusCode": 401, "responseParameters": {"gatewayresponse.header.WWW-Authenticate": "'Token'"},
                     "responseTemplates": {"application/json": '{"error": "login first", "type": "$context.error.responseType"}'}},
    "ACCESS_DENIED": {"statusCode": 403, "responseTemplates": {"application/json": '{"error": "denied", "why": $context.error.messageString}'}},
    "AUTHORIZER_CONFIGURATION_ERROR": {"statusCode": 503, "responseParameters": {"gatewayresponse.header.Retry-After": "'5'"},
                                       "responseTemplates": {"application/json": '{"error": "authorizer", "message": $context.error.messageString, "id": "$context.requestId"}'}},
}  # fmt: skip


@pytest.mark.parametrize(
    ("token", "status", "body", "header"),
    [
        (None, 401, {"error": "login first", "type": "UNAUTHORIZED"}, ("www-authenticate", "Token")),
        ("unauthorized", 401, {"error": "login first", "type": "UNAUTHORIZED"}, ("www-authenticate", "Token")),
        ("deny", 403, {"error": "denied", "why": "User is not authorized to access this resource with an explicit deny"}, None),
        ("broken", 503, {"error": "authorizer", "message": None}, ("retry-after", "5")),
        ("nested", 503, {"error": "authorizer", "message": None}, ("retry-after", "5")),
    ],
)
def test_gateway_response_overrides_answer_for_a_refusing_or_failing_lambda_authorizer(
    mock_gateway: Any, token: str | None, status: int, body: dict[str, Any], header: tuple[str, str] | None
) -> None:
    definition = spec()
    definition["x-amazon-apigateway-gateway-responses"] = GATEWAY_RESPONSES
    gw = mock_gateway(definition, {"functions": config()["functions"]})
    r = httpx.get(gw.url + "/guarded", headers={"X-Token": token} if token else {}, timeout=30)
    got = r.json()
    assert (r.status_code, {k: v for k, v in got.items() if k != "id"}) == (status, body)
    if status == 503:
        assert got["id"] == r.headers["x-amzn-requestid"]
    if header is not None:
        assert r.headers[header[0]] == header[1]
    assert not [i for i in gw.invocations if i.function == "echo"]  # the integration never ran
