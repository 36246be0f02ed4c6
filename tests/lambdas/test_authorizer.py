"""Lambda authorizers' semantics (sdkgen/lambdas/authorizer.py), without the gateway: the events, validated against
Powertools' authorizer event models; policies evaluated as API Gateway does; the answers for a refusal or a failure;
the result cache. tests/lambdas/test_lambda_authorizers.py runs them behind the gateway."""

from __future__ import annotations

from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import (
    ApiGatewayAuthorizerRequest,
    ApiGatewayAuthorizerRequestV2,
    ApiGatewayAuthorizerToken,
)

from sdkgen.lambdas import authorizer, events
from sdkgen.mock.errors import ErrorRenderer

ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/todos/7"


def incoming(**changes: Any) -> events.Incoming:
    values: dict[str, Any] = dict(
        method="GET", path="/prod/todos/7", stage="prod", resource="/todos/{id}", path_params={"id": "7"}, raw_query="a=1",
        query={"a": ["1"]}, raw_headers=[(b"host", b"abc123.example"), (b"authorization", b"tok")], body=b"",
        request_id="r-1", extended_request_id="e-1", api_id="abc123",
    )  # fmt: skip
    values.update(changes)
    return events.Incoming(**values)


def policy(*statements: tuple[str, Any, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [{"Effect": e, "Action": a, "Resource": r} for e, a, r in statements]}


def test_the_method_arn_names_the_real_path_below_the_stage() -> None:
    assert authorizer.method_arn(incoming()) == ARN
    assert authorizer.method_arn(incoming(path="/prod/", resource="/")).endswith("/prod/GET/")


def test_authorizer_events_have_the_shapes_powertools_expects() -> None:
    ApiGatewayAuthorizerToken.model_validate(authorizer.token_event("tok", ARN))
    request = authorizer.request_event(incoming(), ARN)
    ApiGatewayAuthorizerRequest.model_validate(request)
    assert request["type"] == "REQUEST" and request["methodArn"] == ARN and "body" not in request
    assert request["headers"]["authorization"] == "tok" and request["pathParameters"] == {"id": "7"}
    v2 = authorizer.request_event_v2(incoming(stage=""), "GET /todos/{id}", ARN, ["tok"])
    ApiGatewayAuthorizerRequestV2.model_validate(v2)
    assert v2["identitySource"] == ["tok"] and v2["routeArn"] == ARN and v2["version"] == "2.0"


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        ([("Allow", "execute-api:Invoke", ARN)], None),
        ([("Allow", "execute-api:Invoke", "arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/*")], None),
        ([("Allow", "execute-api:*", "*")], None),
        ([("Allow", "*", ["arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*"])], None),
        ([("Allow", "EXECUTE-API:Invoke", ARN)], None),  # actions are case-insensitive
        ([("Allow", "execute-api:Invoke", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/*")], "implicit"),
        ([("Allow", "execute-api:Invoke", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/todos")], "implicit"),
        ([("Allow", "s3:GetObject", "*")], "implicit"),
        ([], "implicit"),
        ([("Allow", "execute-api:Invoke", "*"), ("Deny", "execute-api:Invoke", ARN)], "explicit"),
        ([("Deny", "execute-api:Invoke", "*/GET/*"), ("Allow", "execute-api:Invoke", "*")], "explicit"),
        ([("Allow", "execute-api:Invoke", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/todos/?")], None),
    ],
)
def test_policies_are_evaluated_against_the_method_arn(statements: list[tuple[str, Any, Any]], expected: str | None) -> None:
    found = authorizer.policy_allows(policy(*statements), ARN)
    assert found is {None: None, "implicit": authorizer.IMPLICIT_DENY, "explicit": authorizer.EXPLICIT_DENY}[expected]


def test_a_single_statement_object_is_read_as_a_list() -> None:
    assert authorizer.policy_allows({"Statement": {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}}, ARN) is None


def test_allowed_output_passes_principal_stringified_context_and_usage_key_on() -> None:
    output = {"principalId": "user-1", "policyDocument": policy(("Allow", "execute-api:Invoke", "*")),
              "context": {"n": 1, "ok": True, "s": "x"}, "usageIdentifierKey": "key-0123456789abcdef"}  # fmt: skip
    decision = authorizer.decide(output, None, ARN)
    assert decision == authorizer.Decision(None, "user-1", {"n": "1", "ok": "true", "s": "x"}, "key-0123456789abcdef")


@pytest.mark.parametrize(
    ("result", "error", "expected"),
    [
        (None, {"errorType": "Exception", "errorMessage": "Unauthorized"}, (401, '{"message": "Unauthorized"}')),
        (None, {"errorType": "ValueError", "errorMessage": "boom"}, (500, '{"message": null}')),
        (None, {"errorType": "Sandbox.Timedout", "errorMessage": "Task timed out after 3.00 seconds"}, (500, '{"message": null}')),
        ({"principalId": "u", "policyDocument": policy(("Deny", "execute-api:Invoke", "*"))}, None,
         (403, '{"Message": "User is not authorized to access this resource with an explicit deny"}')),
        ({"principalId": "u", "policyDocument": policy()}, None, (403, '{"Message": "User is not authorized to access this resource"}')),
        ({"policyDocument": policy(("Allow", "execute-api:Invoke", "*"))}, None, (500, '{"message": null}')),  # no principalId
        ({"principalId": "u"}, None, (500, '{"message": null}')),  # no policy
        ({"principalId": "u", "policyDocument": policy(("Maybe", "execute-api:Invoke", "*"))}, None, (500, '{"message": null}')),
        ({"principalId": "u", "policyDocument": policy(("Allow", "execute-api:Invoke", "*")), "context": {"o": {"a": 1}}}, None,
         (500, '{"message": null}')),  # REST context values must be flat
        ("allow", None, (500, '{"message": null}')),
    ],
)  # fmt: skip
def test_rest_refusals_and_failures_get_api_gateways_answers(result: Any, error: Any, expected: tuple[int, str]) -> None:
    decision = authorizer.decide(result, error, ARN)
    assert decision.error is not None
    status, headers, body = ErrorRenderer("rest").render(decision.error, "r-1")
    assert (status, body.decode()) == expected
    error_type = dict(headers)[b"x-amzn-errortype"].decode()
    assert error_type == {401: "UnauthorizedException", 403: "AccessDeniedException", 500: "AuthorizerConfigurationException"}[status]


@pytest.mark.parametrize(
    ("result", "status", "context"),
    [
        ({"isAuthorized": True, "context": {"user": {"id": 1}}}, None, {"user": {"id": 1}}),
        ({"isAuthorized": False}, 403, None),
        ({"isAuthorized": "yes"}, 500, None),
        ({}, 500, None),
    ],
)
def test_http_api_simple_responses(result: Any, status: int | None, context: Any) -> None:
    decision = authorizer.decide(result, None, ARN, http_api=True, simple=True)
    assert (decision.error.status if decision.error else None) == status
    if context is not None:
        assert decision.context == context


def test_results_are_cached_per_identity_for_the_ttl_and_not_at_all_with_0() -> None:
    now = [100.0]
    cache = authorizer.ResultCache(authorizer.ttl_of(300), clock=lambda: now[0])
    cache.put(("tok",), {"principalId": "u"})
    assert cache.get(("tok",)) == {"principalId": "u"} and cache.get(("other",)) is None
    now[0] += 299.9
    assert cache.get(("tok",)) is not None
    now[0] += 0.2
    assert cache.get(("tok",)) is None
    off = authorizer.ResultCache(authorizer.ttl_of(0))
    off.put(("tok",), {"principalId": "u"})
    assert off.get(("tok",)) is None
    assert (authorizer.ttl_of(None), authorizer.ttl_of(99999), authorizer.ttl_of(-5)) == (300, 3600, 0)
