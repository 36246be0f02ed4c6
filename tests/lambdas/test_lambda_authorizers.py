"""Lambda authorizers whose function the mock has are really invoked: TOKEN and REQUEST (REST), payload 2.0 with
simple responses (HTTP API); the policy decides, the context reaches the integration, results are cached per
identity; API Gateway's 401/403/500 otherwise. Over real sockets, functions in worker processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aws_lambda_powertools.utilities.parser.models import (
    APIGatewayProxyEventModel,
    ApiGatewayAuthorizerRequest,
    ApiGatewayAuthorizerRequestV2,
    ApiGatewayAuthorizerToken,
)

from sdkgen.mock import create_app
from sdkgen.mock.server import ServerThread

HANDLERS = Path(__file__).resolve().parent / "handlers"


def arn_uri(name: str) -> str:
    return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:{name}/invocations"


def route(*security: dict[str, list[str]]) -> dict[str, Any]:
    return {"security": list(security), "responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": arn_uri("echo")}}  # fmt: skip


def rest_spec() -> dict[str, Any]:
    return {
        "openapi": "3.0.1",
        "info": {"title": "Authorized", "version": "1"},
        "servers": [{"url": "https://auth123.execute-api.us-east-1.amazonaws.com/prod"}],
        "x-amazon-apigateway-api-key-source": "AUTHORIZER",
        "paths": {
            "/a": {"get": route({"TokenAuth": []}), "post": route({"TokenAuth": []})},
            "/r": {"get": route({"RequestAuth": []})},
            "/metered": {"get": route({"TokenAuth": [], "api_key": []})},
        },
        "components": {"securitySchemes": {
            "TokenAuth": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
                          "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": arn_uri("authToken"),
                                                             "identitySource": "method.request.header.Authorization",
                                                             "authorizerResultTtlInSeconds": 300}},
            "RequestAuth": {"type": "apiKey", "name": "Unused", "in": "header", "x-amazon-apigateway-authtype": "custom",
                            "x-amazon-apigateway-authorizer": {"type": "request", "authorizerUri": arn_uri("authRequest"),
                                                               "identitySource": "method.request.header.X-Tenant",
                                                               "authorizerResultTtlInSeconds": 0}},
            "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
        }},
    }  # fmt: skip


def functions() -> dict[str, Any]:
    code = str(HANDLERS)
    return {"echo": {"handler": "app.echo", "code": code}, "authToken": {"handler": "auth.token", "code": code},
            "authRequest": {"handler": "auth.request", "code": code}, "authSimple": {"handler": "auth.simple", "code": code}}  # fmt: skip


@pytest.fixture(scope="module")
def rest() -> Iterator[tuple[Any, httpx.Client]]:
    config = {"functions": functions(), "api_keys": [{"id": "metered", "value": "plan-key-0123456789abcdef", "usage_plan": "p"}],
              "usage_plans": {"p": {"quota": {"limit": 1, "period": "DAY"}}}}  # fmt: skip
    app = create_app(rest_spec(), config)
    with ServerThread(app) as url, httpx.Client(base_url=url + "/prod", timeout=30) as client:
        yield app, client
    app.functions.close()


def calls(app: Any, name: str) -> list[Any]:
    return [i for i in app.functions.invocations if i.function == name]


def test_an_allowing_token_authorizer_passes_principal_and_context_to_the_integration(rest: tuple[Any, httpx.Client]) -> None:
    app, client = rest
    response = client.get("/a", headers={"Authorization": "t1"})
    assert response.status_code == 200
    event = response.json()["event"]
    APIGatewayProxyEventModel.model_validate(event)
    authorizer = event["requestContext"]["authorizer"]
    assert authorizer["principalId"] == "user-t1" and authorizer["tenant"] == "t1" and authorizer["admin"] == "false"
    assert isinstance(authorizer["calls"], str)  # context values reach the integration as strings
    sent = calls(app, "authToken")[-1].event
    ApiGatewayAuthorizerToken.model_validate(sent)
    assert sent == {"type": "TOKEN", "authorizationToken": "t1", "methodArn": "arn:aws:execute-api:us-east-1:123456789012:auth123/prod/GET/a"}
    assert app.records[-1].principal == "user-t1"


@pytest.mark.parametrize(
    ("token", "status", "body", "error_type"),
    [
        ("deny", 403, {"Message": "User is not authorized to access this resource with an explicit deny"}, "AccessDeniedException"),
        ("elsewhere", 403, {"Message": "User is not authorized to access this resource"}, "AccessDeniedException"),
        ("unauthorized", 401, {"message": "Unauthorized"}, "UnauthorizedException"),
        ("broken", 500, {"message": None}, "AuthorizerConfigurationException"),
        ("nested", 500, {"message": None}, "AuthorizerConfigurationException"),
    ],
)
def test_refusing_and_failing_authorizers_get_api_gateways_answers(rest: tuple[Any, httpx.Client], token: str, status: int,
                                                                   body: Any, error_type: str) -> None:  # fmt: skip
    app, client = rest
    before = len(calls(app, "echo"))
    response = client.get("/a", headers={"Authorization": token})
    assert (response.status_code, response.json(), response.headers["x-amzn-errortype"]) == (status, body, error_type)
    assert len(calls(app, "echo")) == before  # the integration never ran


def test_a_missing_identity_is_401_without_invoking_the_authorizer(rest: tuple[Any, httpx.Client]) -> None:
    app, client = rest
    before = len(calls(app, "authToken")) + len(calls(app, "authRequest"))
    assert client.get("/a").status_code == 401 and client.get("/r").status_code == 401
    assert len(calls(app, "authToken")) + len(calls(app, "authRequest")) == before


def test_results_are_cached_per_token_and_the_cached_policy_is_evaluated_per_method(rest: tuple[Any, httpx.Client]) -> None:
    app, client = rest
    before = len(calls(app, "authToken"))
    assert client.get("/a", headers={"Authorization": "cached"}).status_code == 200
    assert client.get("/a", headers={"Authorization": "cached"}).status_code == 200
    assert len(calls(app, "authToken")) == before + 1  # TTL 300: invoked once
    # The cached policy allows GET /a only: POST /a with the same token is denied without a new invocation.
    assert client.post("/a", headers={"Authorization": "cached"}).status_code == 403
    assert len(calls(app, "authToken")) == before + 1


def test_a_request_authorizer_with_ttl_0_runs_every_time_and_sees_the_request(rest: tuple[Any, httpx.Client]) -> None:
    app, client = rest
    before = len(calls(app, "authRequest"))
    for _ in range(2):
        assert client.get("/r?x=1", headers={"X-Tenant": "acme"}).status_code == 200
    sent = calls(app, "authRequest")
    assert len(sent) == before + 2
    ApiGatewayAuthorizerRequest.model_validate(sent[-1].event)
    assert sent[-1].event["type"] == "REQUEST" and sent[-1].event["queryStringParameters"] == {"x": "1"}
    assert client.get("/r", headers={"X-Tenant": "deny"}).status_code == 403


def test_the_usage_identifier_key_counts_for_the_usage_plan(rest: tuple[Any, httpx.Client]) -> None:
    _, client = rest
    assert client.get("/metered", headers={"Authorization": "metered"}).status_code == 200
    assert client.get("/metered", headers={"Authorization": "metered"}).status_code == 429  # the plan's quota of 1
    assert client.get("/metered", headers={"Authorization": "t9"}).status_code == 403  # no usage key: Forbidden


def test_an_http_api_authorizer_with_simple_responses(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.0.1", "info": {"title": "Simple", "version": "1"}, "x-amazon-apigateway-importexport-version": "1.0",
        "servers": [{"url": "https://simple1.execute-api.us-east-1.amazonaws.com/"}],
        "paths": {"/s": {"get": {"security": [{"Simple": []}], "responses": {"200": {"description": "ok"}},
                                 "x-amazon-apigateway-integration": {"type": "aws_proxy", "uri": arn_uri("echo"), "payloadFormatVersion": "2.0"}}}},
        "components": {"securitySchemes": {"Simple": {
            "type": "apiKey", "name": "X-Tenant", "in": "header",
            "x-amazon-apigateway-authorizer": {"type": "request", "authorizerUri": arn_uri("authSimple"), "authorizerPayloadFormatVersion": "2.0",
                                               "enableSimpleResponses": True, "identitySource": "$request.header.X-Tenant"}}}},
    }  # fmt: skip
    app = create_app(spec, {"functions": functions()})
    try:
        with ServerThread(app) as url:
            response = httpx.get(url + "/s", headers={"X-Tenant": "acme"}, timeout=30)
            assert response.status_code == 200
            context = response.json()["event"]["requestContext"]["authorizer"]["lambda"]
            assert context["tenant"] == "acme" and context["nested"] == {"ok": True}  # HTTP APIs keep nested values
            denied = httpx.get(url + "/s", headers={"X-Tenant": "deny"}, timeout=30)
            assert (denied.status_code, denied.json()) == (403, {"message": "Forbidden"})
        sent = calls(app, "authSimple")[0].event
        ApiGatewayAuthorizerRequestV2.model_validate(sent)
        assert sent["identitySource"] == ["acme"] and sent["routeArn"].endswith("/$default/GET/s")
    finally:
        app.functions.close()


def test_the_route_map_names_the_authorizer_functions() -> None:
    app = create_app(rest_spec(), {"functions": functions()})
    try:
        lines = app.functions.describe()
        assert f"authorizer TokenAuth -> authToken (auth.token in {HANDLERS})" in lines
    finally:
        app.functions.close()


def test_a_token_authorizer_with_code_checks_its_expression_with_the_shared_linear_matcher() -> None:
    """identityValidationExpression runs in linear time (issue 13) whichever authorizer checks it: the one whose
    function runs too, not a backtracking `re` of its own (`^(a+)+$` on 30 a's and a '!' would stall the loop)."""
    from types import SimpleNamespace

    from sdkgen.lambdas.integration import _Authorizer
    from sdkgen.mock.validation import compile_pattern
    from sdkgen.model import SecurityScheme

    scheme = SecurityScheme("Tok", "lambda", "header", "Authorization", authorizer="lambda_token", identity_validation="^(a+)+$")
    auth = _Authorizer(scheme, SimpleNamespace(), SimpleNamespace(region="us-east-1"))  # type: ignore[arg-type]
    assert auth.validation is compile_pattern("^(a+)+$", full=True)
    assert not auth.validation.search("a" * 30 + "!") and auth.validation.search("aaa")
