"""sdkgen.mock.mapping: request template choice, integration responses, mock integrations in the gateway, gateway
response templates; end to end under uvicorn with specs/mapping.yaml."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from gateway_helpers import FakeClock, base_config, http_api, shop

from sdkgen.mock import create_app
from sdkgen.mock.mapping import (
    PASSTHROUGH,
    MappingError,
    MockIntegration,
    RequestTemplates,
    Unsupported,
    compile_responses,
    render_request,
    render_response,
    select_integration_response,
)
from sdkgen.mock.server import ServerThread
from sdkgen.mock.vtl import Params, RequestView, VtlError

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "fixtures" / "real-exports"


# -- integration responses --------------------------------------------------------------------------


LAMBDA_RESPONSES = {
    # The shape of a non-proxy Lambda integration: patterns match the function's errorMessage in full.
    "default": {"statusCode": "200", "responseTemplates": {"application/json": '{"data": $input.json(\'$\')}'}},
    ".*\\[NotFound\\].*": {
        "statusCode": "404",
        "responseParameters": {"method.response.header.X-Error-Type": "integration.response.body.errorType"},
        "responseTemplates": {"application/json": '{"message": "$util.escapeJavaScript($input.path(\'$.errorMessage\'))"}'},
    },
    "Invalid.*": {"statusCode": "400"},
}


def test_selection_patterns_match_in_full() -> None:
    responses = compile_responses(LAMBDA_RESPONSES)
    pick = lambda value: (select_integration_response(responses, value) or pytest.fail("no response")).status  # noqa: E731
    assert pick("[NotFound] no item 7") == 404
    assert pick("Invalid id") == 400
    assert pick("Very Invalid id") == 200  # "Invalid.*" must match from the start: the default answers
    assert pick("[NotFound]\nsecond line") == 200  # "." does not cross a line break, as in Java's regex
    assert pick(None) == 200  # a successful call takes the default response
    status_responses = compile_responses({"default": {"statusCode": "200"}, "4\\d{2}": {"statusCode": "400"}})
    assert select_integration_response(status_responses, "404").status == 400  # type: ignore[union-attr]
    assert select_integration_response(status_responses, "4040").status == 200  # type: ignore[union-attr]
    assert select_integration_response(compile_responses({"5\\d{2}": {"statusCode": "500"}}), "200") is None


def test_cloudformation_integration_responses_and_bad_definitions() -> None:
    listed = compile_responses([{"StatusCode": "201"}, {"SelectionPattern": "Err.*", "StatusCode": "502"}])
    assert [(r.pattern, r.status) for r in listed] == [(None, 201), ("Err.*", 502)]
    for bad in ({"default": {"statusCode": "abc"}}, {"default": {"statusCode": "99"}}, {"(": {"statusCode": "400"}},
                {"default": {"responseTemplates": {"application/json": "#foreach($x)#end"}}}):  # fmt: skip
        with pytest.raises(MappingError):
            compile_responses(bad)


def test_render_response_for_a_lambda_error() -> None:
    responses = compile_responses(LAMBDA_RESPONSES)
    error = {"errorMessage": '[NotFound] no "item" 7', "errorType": "KeyError", "stackTrace": []}
    chosen = select_integration_response(responses, error["errorMessage"])
    assert chosen is not None
    answer = render_response(chosen, json.dumps(error), RequestView())
    assert answer.status == 404 and json.loads(answer.body) == {"message": '[NotFound] no "item" 7'}
    assert ("X-Error-Type", "KeyError") in answer.headers and ("Content-Type", "application/json") in answer.headers
    ok = select_integration_response(responses, None)
    assert ok is not None
    assert json.loads(render_response(ok, '{"id": 7}', RequestView()).body) == {"data": {"id": 7}}
    plain = select_integration_response(responses, "Invalid id")
    assert plain is not None and render_response(plain, "raw", RequestView()).body == "raw"  # no template: passed through


def test_response_parameters_sources_and_template_choice_by_accept() -> None:
    [response] = compile_responses({"default": {
        "statusCode": "200",
        "responseParameters": {
            "method.response.header.A": "'literal'", "method.response.header.B": "integration.response.header.X-Up",
            "method.response.header.C": "method.request.header.x-trace", "method.response.header.D": "context.stage",
            "method.response.header.E": "stageVariables.colour", "method.response.header.F": "method.request.path.id",
            "method.response.header.G": "integration.response.body",
        },
        "responseTemplates": {"application/xml": "<a/>", "application/json": "{}", "text/html": "<p/>"},
    }})  # fmt: skip
    view = RequestView(stage="dev", params=Params({"id": "9"}, {}, {"X-Trace": "t-1"}), stage_variables={"colour": "blue"})
    answer = render_response(response, "up-body", view, accept="text/html", integration_headers={"x-up": "u"})
    assert answer.body == "<p/>" and answer.headers[0] == ("Content-Type", "text/html")
    assert dict(answer.headers[1:]) == {"A": "literal", "B": "u", "C": "t-1", "D": "dev", "E": "blue", "F": "9", "G": "up-body"}
    assert render_response(response, "", view).body == "{}"  # no Accept: application/json
    assert render_response(response, "", view, accept="image/png").body == "{}"


# -- request templates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("behaviour", "templates", "content_type", "expected"),
    [
        ("WHEN_NO_MATCH", {"application/json": "{}"}, "application/json; charset=utf-8", "template"),
        ("WHEN_NO_MATCH", {"application/json": "{}"}, None, "template"),  # no Content-Type: application/json
        ("WHEN_NO_MATCH", {"application/json": "{}"}, "text/plain", "passthrough"),
        ("WHEN_NO_TEMPLATES", {"application/json": "{}"}, "text/plain", "415"),
        ("WHEN_NO_TEMPLATES", {}, "text/plain", "passthrough"),
        ("NEVER", {"application/json": "{}"}, "text/plain", "415"),
        ("NEVER", {}, "application/json", "415"),
        ("never", {"Application/JSON": "{}"}, "application/json", "template"),
    ],
)
def test_passthrough_behaviours(behaviour: str, templates: dict[str, str], content_type: str | None, expected: str) -> None:
    chosen = RequestTemplates.of({"passthroughBehavior": behaviour, "requestTemplates": templates})
    try:
        outcome = "passthrough" if chosen.choose(content_type) is PASSTHROUGH else "template"
    except Unsupported:
        outcome = "415"
    assert outcome == expected


def test_render_request_with_context() -> None:
    template = '{"user": "$context.authorizer.claims.sub", "id": "$input.params(\'id\')", "body": $input.json(\'$.x\')}'
    view = RequestView(params=Params({"id": "7"}), body='{"x": [1]}')
    out = render_request(template, view, {"authorizer": {"claims": {"sub": "u-1"}}})
    assert json.loads(out) == {"user": "u-1", "id": "7", "body": [1]}


def test_real_exports_integrations() -> None:
    # ai-photo-search (a real export): CORS OPTIONS methods as mock integrations with a status template.
    photo = yaml.safe_load((REAL / "ai-photo-search.swagger.yaml").read_text())
    options = photo["paths"]["/upload/{item}"]["options"]["x-amazon-apigateway-integration"]
    chosen = RequestTemplates.of(options).choose("application/json")
    assert chosen is not PASSTHROUGH and json.loads(render_request(chosen, RequestView())) == {"statusCode": 200}  # type: ignore[arg-type]
    response = select_integration_response(compile_responses(options["responses"]), "200")
    assert response is not None
    answer = render_response(response, "", RequestView())
    assert dict(answer.headers)["Access-Control-Allow-Origin"] == "*" and answer.status == 200
    # The petstore example (a real export): its landing page, a mock with a text/html template and a Content-Type.
    pets = json.loads((REAL / "petstore.oas30.apigateway.json").read_text())
    root = pets["paths"]["/"]["get"]["x-amazon-apigateway-integration"]
    [default] = compile_responses(root["responses"])
    page = render_response(default, "", RequestView(), accept="text/html")
    assert dict(page.headers)["Content-Type"] == "text/html" and "Welcome to your Pet Store API" in page.body


# -- in the gateway ---------------------------------------------------------------------------------


SCOPE_TEMPLATE = '{\n  #if( $input.params(\'scope\') == "internal" )\n    "statusCode": 200\n  #else\n    "statusCode": 500\n  #end\n}'


def scoped(responses: dict[str, Any] | None = None, **integration: Any) -> dict[str, Any]:
    """shop's /health answered by the developer guide's mock example (how-to-mock-integration)."""
    spec = shop()
    spec["paths"]["/health"]["get"]["x-amazon-apigateway-integration"] = {
        "type": "mock",
        "requestTemplates": {"application/json": SCOPE_TEMPLATE},
        "responses": responses or {
            "default": {"statusCode": "200", "responseTemplates": {"application/json": '{"statusCode": 200, "message": "Go ahead without me."}'}},
            "5\\d{2}": {"statusCode": "500", "responseParameters": {"method.response.header.X-Scope": "method.request.querystring.scope"},
                        "responseTemplates": {"application/json": '{"statusCode": 500, "message": "The invoked method is not supported on the API resource."}'}},
        },
        **integration,
    }  # fmt: skip
    return spec


async def test_the_developer_guides_mock_example(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(spec=scoped())
    r = await client.get("/prod/health?scope=internal")
    assert r.status_code == 200 and r.json() == {"statusCode": 200, "message": "Go ahead without me."}
    r = await client.get("/prod/health?scope=public")
    assert r.status_code == 500 and r.json()["message"] == "The invoked method is not supported on the API resource."
    assert r.headers["x-scope"] == "public"
    r = await client.get("/prod/health")
    assert r.status_code == 500
    # A Prefer header still asks for a documented response, as for every route.
    r = await client.get("/prod/health", headers={"prefer": "code=200"})
    assert r.status_code == 200


async def test_only_routes_with_templates_to_render_take_the_new_path(make_client) -> None:  # type: ignore[no-untyped-def]
    static = make_client()
    assert all(route.integration is None for route in static.app.routes)  # shop's /health is static: prepared once
    r = await static.get("/prod/health")
    assert r.status_code == 200 and r.json() == {"status": "healthy"} and r.headers["x-mock"] == "yes"
    dynamic = make_client(spec=scoped())
    assert [route.key for route in dynamic.app.routes if route.integration is not None] == ["GET /health"]


async def test_template_failures_are_api_gateways_500(make_client) -> None:  # type: ignore[no-untyped-def]
    spec = scoped({"default": {"statusCode": "200", "responseTemplates": {"application/json": "$util.parseJson('{oops')"}}},
                  requestTemplates={"application/json": '{"statusCode": 200}'})  # fmt: skip
    r = await make_client(spec=spec).get("/prod/health")
    assert r.status_code == 500 and r.json() == {"message": "Internal server error"}
    assert r.headers["x-amzn-errortype"] == "InternalServerErrorException"
    # A status no pattern matches and no default: "No match for output mapping and no default output mapping".
    spec = scoped({"5\\d{2}": {"statusCode": "500"}})
    r = await make_client(spec=spec).get("/prod/health?scope=internal")
    assert r.status_code == 500 and r.json() == {"message": "Internal server error"}
    # A template that does not compile: the route answers 500, the others are served.
    spec = scoped({"default": {"statusCode": "200", "responseTemplates": {"application/json": "#foreach($x)#end"}}})
    client = make_client(spec=spec)
    assert (await client.get("/prod/health")).status_code == 500
    assert (await client.get("/prod/products/1", headers={"x-api-key": base_config()["api_keys"][0]["value"]})).status_code == 200


async def test_passthrough_never_is_415_and_bad_payload_400(make_client) -> None:  # type: ignore[no-untyped-def]
    spec = scoped(passthroughBehavior="NEVER")
    spec["paths"]["/health"]["get"]["x-amazon-apigateway-integration"]["requestTemplates"] = {
        "application/json": "#set($x = $input.path('$'))" + SCOPE_TEMPLATE
    }
    client = make_client(spec=spec)
    r = await client.get("/prod/health?scope=internal", headers={"content-type": "text/plain"})
    assert r.status_code == 415 and r.json() == {"message": "Unsupported Media Type"}
    assert r.headers["x-amzn-errortype"] == "UnsupportedMediaTypeException"
    r = await client.request("GET", "/prod/health?scope=internal", content=b"{oops", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json() == {"message": "Could not process payload"}


async def test_gateway_response_templates_are_velocity(make_client) -> None:  # type: ignore[no-untyped-def]
    spec = shop()
    spec["x-amazon-apigateway-gateway-responses"] = {
        "THROTTLED": {
            "statusCode": 429,
            "responseParameters": {"gatewayresponse.header.X-Trace": "method.request.header.x-trace",
                                   "gatewayresponse.header.X-Stage": "context.stage"},
            "responseTemplates": {"application/json": (
                '{"message": $context.error.messageString, "type": "$context.error.responseType", '
                '"retry": #if($context.error.responseType == "THROTTLED")true#{else}false#end, "path": "$context.resourcePath", '
                '"who": "$util.escapeJavaScript($input.params(\'x-trace\'))", "q": "$input.params(\'q\')"}'
            )},
        },
        "MISSING_AUTHENTICATION_TOKEN": {"statusCode": 404, "responseTemplates": {"application/json": '{"message": "no route for $context.httpMethod $context.path"}'}},
    }  # fmt: skip
    client = make_client(spec=spec, config=base_config(stages={"prod": {"throttle": {"rate": 1, "burst": 1}}}), clock=FakeClock())
    await client.get("/prod/products/1")
    r = await client.get("/prod/products/1?q=7", headers={"x-trace": 'a"b'})
    assert r.status_code == 429 and r.headers["x-trace"] == 'a"b' and r.headers["x-stage"] == "prod"
    assert r.json() == {"message": "Too Many Requests", "type": "THROTTLED", "retry": True, "path": "/products/{productId}", "who": 'a"b', "q": "7"}
    r = await client.post("/prod/nowhere")
    assert r.status_code == 404 and r.json() == {"message": "no route for POST /prod/nowhere"}


async def test_a_failing_gateway_response_template_keeps_the_default_body(make_client) -> None:  # type: ignore[no-untyped-def]
    spec = shop()
    spec["x-amazon-apigateway-gateway-responses"] = {"DEFAULT_4XX": {"responseTemplates": {"application/json": "$util.base64Decode('!')"}}}
    r = await make_client(spec=spec).get("/prod/nowhere")
    assert r.status_code == 403 and r.json() == {"message": "Missing Authentication Token"}


def test_build_is_per_route_and_rest_only() -> None:
    app = create_app(scoped(), base_config())
    mapped = {route.key: route.integration for route in app.routes}
    assert isinstance(mapped["GET /health"], MockIntegration) and mapped["GET /products/{productId}"] is None
    # HTTP APIs have no mock integrations (nor mapping templates): an extension saying so is not acted on.
    spec = http_api()
    for operations in spec["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict):
                operation["security"] = []
                operation["x-amazon-apigateway-integration"] = {"type": "mock", "requestTemplates": {"application/json": SCOPE_TEMPLATE}}
    spec.pop("security", None)
    spec.get("components", {}).pop("securitySchemes", None)
    assert all(route.integration is None for route in create_app(spec, {}).routes)


# -- end to end -------------------------------------------------------------------------------------


def test_mapping_spec_end_to_end_over_uvicorn() -> None:
    app = create_app(str(ROOT / "specs" / "mapping.yaml"), {})
    with ServerThread(app, max_seconds=60) as url, httpx.Client(base_url=url, timeout=5) as client:
        r = client.get("/dev/greetings/Ana%22s", params={"lang": "fr"})
        assert r.status_code == 200 and r.headers["x-stage"] == "dev" and r.headers["cache-control"] == "no-store"
        assert r.json() == {"greeting": 'Bonjour, Ana"s!', "resource": "/greetings/{name}", "requestId": r.headers["x-amzn-requestid"]}
        r = client.get("/dev/greetings/Bo")
        assert r.json()["greeting"] == "Hello, Bo!"
        r = client.get("/dev/greetings/nobody")
        assert r.status_code == 404 and r.json() == {"message": "Nobody called nobody here"}
        r = client.post("/dev/tally", json={"items": ["a", "b"]}, headers={"x-trace": "t-9"})
        assert r.status_code == 200 and r.json() == {"trace": "t-9", "method": "POST", "stage": "dev"}
        r = client.post("/dev/tally", json={"items": []})
        assert r.status_code == 400 and r.json() == {"message": "Nothing to count"}
        r = client.post("/dev/tally", content=b"items=a", headers={"content-type": "application/x-www-form-urlencoded"})
        assert r.status_code == 415 and r.headers["x-request-id"] == r.headers["x-amzn-requestid"]
        assert r.json() == {"message": "Unsupported Media Type", "type": "UNSUPPORTED_MEDIA_TYPE"}
        r = client.post("/dev/tally", content=b"[1, 2", headers={"content-type": "application/json"})
        assert r.status_code == 400 and r.json() == {"message": "Could not process payload"}


def test_unknown_helpers_raise_vtl_errors() -> None:
    with pytest.raises(VtlError):
        render_request("$util.base64Decode('%%%')", RequestView())


SIMPLE_TEMPLATES = [
    '{"message":$context.error.messageString}', '{"message": "$context.error.message", "type": "$context.error.responseType"}',
    '{"error": $context.error.messageString, "id": "$context.requestId"}', "$context.error.message. Sorry.",
    "plain text", '{"m": "$context.error.message.length()"}', "$context.error.messageStringX", "#if(true)x#end",
    "${context.error.message}", "$context.error.message[0]", "\\$context.error.message",
]


@pytest.mark.parametrize("template", SIMPLE_TEMPLATES)
def test_the_fast_gateway_template_path_renders_as_velocity_does(template: str) -> None:
    """Gateway templates naming only error fields and the request id skip the engine; the result must be the same."""
    from sdkgen.mock import errors
    from sdkgen.mock.vtl import ErrorInfo, compile_template, render, variables

    for error in (errors.THROTTLED, errors.EXPLICIT_DENY, errors.missing_parameters(["q", 'we"ird'])):
        renderer = errors.ErrorRenderer("rest", {"DEFAULT_4XX": {"responseTemplates": {"application/json": template}}})
        _, _, body = renderer.render(error, "rid-7")
        expected = render(compile_template(template), variables(RequestView(request_id="rid-7"), body="", error=ErrorInfo(error.message, error.response_type)))
        assert body.decode() == expected


async def test_gateway_templates_see_validation_errors(make_client) -> None:  # type: ignore[no-untyped-def]
    # escapeJavaScript writes \' for a quote, which JSON refuses; AWS's reference suggests undoing it with
    # .replaceAll("\\'","'") (Velocity string literals keep their backslashes).
    template = r"""{"message": $context.error.messageString, "details": "$util.escapeJavaScript($context.error.validationErrorString).replaceAll("\\'","'")"}"""
    spec = shop()
    spec["x-amazon-apigateway-gateway-responses"] = {"BAD_REQUEST_BODY": {"responseTemplates": {"application/json": template}}}
    client = make_client(spec=spec)
    key = base_config()["api_keys"][0]["value"]
    r = await client.post("/prod/products", json={"nope": 1}, headers={"x-api-key": key})
    assert r.status_code == 400 and r.json()["message"] == "Invalid request body"
    details = r.json()["details"]
    assert details.startswith("[") and details.endswith("]") and "'" in details, details


async def test_a_static_mock_answers_by_accept_when_it_has_several_templates(make_client) -> None:  # type: ignore[no-untyped-def]
    spec = shop()
    spec["paths"]["/health"]["get"]["x-amazon-apigateway-integration"] = {
        "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
        "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": '{"ok": true}', "text/html": "<p>ok</p>"}}},
    }  # fmt: skip
    client = make_client(spec=spec)
    r = await client.get("/prod/health", headers={"accept": "text/html"})
    assert r.status_code == 200 and r.text == "<p>ok</p>" and r.headers["content-type"] == "text/html"
    r = await client.get("/prod/health")
    assert r.json() == {"ok": True} and r.headers["content-type"] == "application/json"
    # Without a statusCode, the default integration response answers (how-to-mock-integration).
    spec["paths"]["/health"]["get"]["x-amazon-apigateway-integration"] = {
        "type": "mock", "requestTemplates": {"application/json": "{}"},
        "responses": {"2\\d{2}": {"statusCode": "202"}, "default": {"statusCode": "204"}},
    }  # fmt: skip
    assert (await make_client(spec=spec).get("/prod/health")).status_code == 204


# -- $context.authorizer and stage variables in mock integrations ---------------------------------------------------

WHOAMI_TEMPLATE = ('{"sub": "$!context.authorizer.claims.sub", "groups": "$!context.authorizer.claims[\'cognito:groups\']",'
                   ' "principal": "$!context.authorizer.principalId", "tier": "$!stageVariables.tier"}')


def whoami_spec() -> dict[str, Any]:
    spec = shop()
    integration = {"type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                   "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": WHOAMI_TEMPLATE}}}}  # fmt: skip
    spec["paths"]["/whoami"] = {"get": {"security": [{"ShopCognito": []}], "responses": {"200": {"description": "ok"}},
                                        "x-amazon-apigateway-integration": integration}}  # fmt: skip
    spec["paths"]["/notes-whoami"] = {"get": {"security": [{"NotesAuthorizer": []}], "responses": {"200": {"description": "ok"}},
                                              "x-amazon-apigateway-integration": integration}}  # fmt: skip
    spec["paths"]["/key-whoami"] = {"get": {"security": [{"api_key": []}], "responses": {"200": {"description": "ok"}},
                                            "x-amazon-apigateway-integration": integration}}  # fmt: skip
    return spec


async def test_context_authorizer_and_stage_variables_reach_mock_integration_templates(make_client) -> None:  # type: ignore[no-untyped-def]
    import time

    import jwt
    from gateway_helpers import KEY, SECRET

    client = make_client(spec=whoami_spec(), config=base_config(stages={"prod": {"variables": {"tier": "gold"}}}))
    now = int(time.time())
    token = jwt.encode({"sub": "u-1", "token_use": "id", "aud": "client-1", "iss": "https://issuer.example", "iat": now,
                        "exp": now + 600, "cognito:groups": ["admins", "ops"]}, SECRET, algorithm="HS256")  # fmt: skip
    r = await client.get("/prod/whoami", headers={"Authorization": token})
    assert r.status_code == 200 and r.json() == {"sub": "u-1", "groups": "[admins ops]", "principal": "", "tier": "gold"}
    r = await client.get("/prod/notes-whoami", headers={"Authorization": "Bearer good-token"})
    assert r.status_code == 200 and r.json()["principal"].startswith("sha256:") and r.json()["sub"] == ""
    r = await client.get("/prod/key-whoami", headers={"x-api-key": KEY})
    assert r.status_code == 200 and r.json()["principal"] == ""  # an API key alone is no authorizer: no principalId
