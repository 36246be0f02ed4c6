"""A function named by a stage variable (``function:${stageVariables.fn}`` in the integration URI, as real exports
write it): each stage's variables pick the function, from a configuration's ``stages.<name>.variables`` or a
template's stage ``Variables``/``StageVariables``. Over real sockets (uvicorn on 127.0.0.1), handlers in workers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sdkgen.lambdas.integration import resolve_stage_variables
from sdkgen.mock import create_app
from sdkgen.mock.server import ServerThread

HANDLERS = Path(__file__).resolve().parent / "handlers"
FUNCTIONS = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function"


def op(name: str, kind: str = "aws_proxy", **extra: Any) -> dict[str, Any]:
    integration = {"type": kind, "httpMethod": "POST", "uri": f"{FUNCTIONS}:{name}/invocations", **extra}
    example = {"application/json": {"example": {"from": "example"}}}
    return {"responses": {"200": {"description": "ok", "content": example}}, "x-amazon-apigateway-integration": integration}


def spec(http: bool = False) -> dict[str, Any]:
    definition: dict[str, Any] = {
        "openapi": "3.0.1",
        "info": {"title": "Staged", "version": "1"},
        "servers": [{"url": "https://st4g3d.execute-api.us-east-1.amazonaws.com/dev"}],
        "paths": {
            "/who": {"get": op("${stageVariables.fn}")},
            "/aliased": {"get": op("who:${stageVariables.alias}")},
            "/mapped": {"get": op("${stageVariables.fn}", "aws", responses={"default": {"statusCode": "200"}})},
            "/fixed": {"get": op("who")},
        },
    }
    if http:
        definition["x-amazon-apigateway-importexport-version"] = "1.0"
        definition["servers"] = [{"url": "https://st4g3d.execute-api.us-east-1.amazonaws.com/"}]
        del definition["paths"]["/mapped"]
    return definition


def functions() -> dict[str, Any]:
    return {name: {"handler": "app.echo", "code": str(HANDLERS)} for name in ("who", "whoDev", "whoProd")}


STAGES = {
    "dev": {"variables": {"fn": "whoDev", "alias": "dev"}},
    "prod": {"variables": {"fn": "whoProd", "alias": "live"}},
    "qa": {"variables": {"fn": "nobody"}},  # a function without code here: the route's examples
    "bare": {},  # no variables: nothing to invoke
}


@pytest.fixture(scope="module")
def staged() -> Iterator[tuple[Any, httpx.Client]]:
    app = create_app(spec(), {"functions": functions(), "stages": STAGES})
    with ServerThread(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield app, client
    app.functions.close()


@pytest.mark.parametrize(
    ("text", "variables", "expected"),
    [
        ("function:${stageVariables.fn}/invocations", {"fn": "a"}, ("function:a/invocations", [])),
        ("function:f:${stageVariables.v}", {"v": "7"}, ("function:f:7", [])),
        ("function:${stageVariables.fn}:${stageVariables.v}", {"fn": "a"}, ("function:a:", ["v"])),
        ("function:${stageVariables.fn}", {"fn": ""}, ("function:", ["fn"])),
        ("function:${stageVariables.fn}", {}, ("function:", ["fn"])),
        ("function:plain", {}, ("function:plain", [])),
    ],
)
def test_stage_variables_fill_in_the_uri_and_the_missing_ones_are_named(text: str, variables: dict[str, str],
                                                                        expected: tuple[str, list[str]]) -> None:  # fmt: skip
    assert resolve_stage_variables(text, variables) == expected


def test_each_stage_invokes_the_function_its_variables_name(staged: tuple[Any, httpx.Client]) -> None:
    app, client = staged
    for stage, function in (("dev", "whoDev"), ("prod", "whoProd")):
        seen = client.get(f"/{stage}/who").json()
        assert seen["context"]["function_name"] == function
        assert seen["event"]["stageVariables"]["fn"] == function
        assert app.records[-1].function == function
    # A proxy and a non-proxy route naming the same function share its workers.
    assert client.get("/dev/mapped").status_code == 200
    assert app.functions.invocations[-1].function == "whoDev"
    assert sorted(app.functions.pools) == ["who", "whoDev", "whoProd"]


def test_a_stage_variable_picks_the_alias_the_function_is_invoked_by(staged: tuple[Any, httpx.Client]) -> None:
    _, client = staged
    assert client.get("/dev/aliased").json()["context"]["invoked_function_arn"].endswith(":function:who:dev")
    assert client.get("/prod/aliased").json()["context"]["invoked_function_arn"].endswith(":function:who:live")


def test_a_stage_naming_a_function_without_code_keeps_the_examples(staged: tuple[Any, httpx.Client]) -> None:
    app, client = staged
    before = len(app.functions.invocations)
    response = client.get("/qa/who")
    assert (response.status_code, response.json()) == (200, {"from": "example"})
    assert len(app.functions.invocations) == before


@pytest.mark.parametrize("path", ["/bare/who", "/bare/aliased", "/bare/mapped", "/qa/aliased"])
def test_a_stage_lacking_the_variable_gets_api_gateways_500(staged: tuple[Any, httpx.Client], path: str) -> None:
    app, client = staged
    before = len(app.functions.invocations)
    response = client.get(path)
    assert (response.status_code, response.json()) == (500, {"message": "Internal server error"})
    assert response.headers["x-amzn-errortype"] == "InternalServerErrorException"
    assert len(app.functions.invocations) == before  # nothing was invoked
    assert client.get(path.replace("/bare/", "/dev/").replace("/qa/", "/dev/")).status_code == 200  # other stages do


def test_routes_without_stage_variables_answer_the_same_in_every_stage(staged: tuple[Any, httpx.Client]) -> None:
    _, client = staged
    for stage in STAGES:
        assert client.get(f"/{stage}/fixed").json()["context"]["function_name"] == "who"


def test_the_route_map_says_each_stages_function_and_the_missing_variables_are_located_warnings(
    staged: tuple[Any, httpx.Client], capfd: pytest.CaptureFixture[str]
) -> None:
    app, _ = staged
    lines = app.functions.describe()
    assert f"GET /who [stage dev] -> whoDev (app.echo in {HANDLERS})" in lines
    assert f"GET /who [stage prod] -> whoProd (app.echo in {HANDLERS})" in lines
    assert "GET /who [stage qa] names function nobody, which has no code here: example responses" in lines
    assert any(line.startswith("GET /who [stage bare]: ${stageVariables.fn} is not defined in this stage: 500") for line in lines)
    assert f"GET /fixed -> who (app.echo in {HANDLERS})" in lines
    warnings = {(w.pointer, w.message.split(":")[0]) for w in app.functions.warnings}
    assert ("/paths/~1who/get/x-amazon-apigateway-integration/uri", "GET /who") in warnings
    assert ("/paths/~1aliased/get/x-amazon-apigateway-integration/uri", "GET /aliased") in warnings
    warning = next(w for w in app.functions.warnings if w.pointer.startswith("/paths/~1who/"))
    assert "stage bare does not define (stages.bare.variables)" in warning.message and warning.level == "warning"
    # Printed when the gateway is built (by `sdkgen mock` and the pytest fixture alike), located.
    create_app(spec(), {"functions": functions(), "stages": {"bare": {}}}).functions.close()
    err = capfd.readouterr().err
    assert "(#/paths/~1who/get/x-amazon-apigateway-integration/uri): warning: GET /who: the integration URI uses ${stageVariables.fn}" in err


def test_an_http_apis_default_stage_takes_its_variables_at_the_root() -> None:
    app = create_app(spec(http=True), {"functions": functions(), "stages": {"$default": {"variables": {"fn": "whoProd"}}}})
    try:
        with ServerThread(app) as url:
            seen = httpx.get(url + "/who", timeout=30).json()
            assert seen["context"]["function_name"] == "whoProd" and seen["event"]["stageVariables"] == {"fn": "whoProd"}
            missing = httpx.get(url + "/aliased", timeout=30)
            assert (missing.status_code, missing.json()) == (500, {"message": "Internal Server Error"})
    finally:
        app.functions.close()


# -- a template's stage variables ------------------------------------------------------------------------------------

WHO_URI = ("!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${AWS::Region}:"
           "${AWS::AccountId}:function:${!stageVariables.fn}/invocations")  # fmt: skip


def sam_template(api_type: str, variables_key: str, stage: str, payload: str) -> str:
    return f"""Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: {api_type}
    Properties:
      {stage}
      {variables_key}:
        fn: !Ref WhoFunction
        other: plain
      DefinitionBody:
        openapi: 3.0.1
        info: {{title: staged, version: "1"}}
        paths:
          /who:
            get:
              responses: {{"200": {{description: ok}}}}
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                payloadFormatVersion: "{payload}"
                uri: {WHO_URI}
  WhoFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.echo
      CodeUri: {HANDLERS}
"""


@pytest.mark.parametrize(
    ("api_type", "variables_key", "stage", "payload", "base"),
    [
        ("AWS::Serverless::Api", "Variables", "StageName: live", "1.0", "/live"),
        ("AWS::Serverless::HttpApi", "StageVariables", "", "2.0", ""),
    ],
    ids=["rest", "http"],
)
def test_a_templates_stage_variables_name_the_function_behind_the_mock(mock_gateway: Any, tmp_path: Path, api_type: str,
                                                                       variables_key: str, stage: str, payload: str,
                                                                       base: str) -> None:  # fmt: skip
    template = tmp_path / "staged.yaml"
    template.write_text(sam_template(api_type, variables_key, stage, payload))
    gw = mock_gateway(str(template))
    assert [(key, name) for key, name, _ in gw.app.functions.routes] == [
        (f"GET /who [stage {base.strip('/') or '$default'}]", "staged-WhoFunction")]
    assert gw.url.endswith(base) or not base
    seen = httpx.get(gw.url.rstrip("/") + "/who", timeout=30).json()
    assert seen["context"]["function_name"] == "staged-WhoFunction"
    assert seen["event"]["stageVariables"] == {"fn": "staged-WhoFunction", "other": "plain"}


def test_a_cloudformation_deployments_stage_variables_reach_the_mock_configuration(tmp_path: Path) -> None:
    from sdkgen.sources import open_source
    from sdkgen.sources.document import TemplateDocument

    template = tmp_path / "cfn.yaml"
    template.write_text("""Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        info: {title: cfn, version: "1"}
        paths:
          /who:
            get:
              responses: {"200": {description: ok}}
              x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}/invocations"}
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: v1
      StageDescription:
        Variables: {fn: whoProd, count: 3}
        MethodSettings: [{ResourcePath: "/*", HttpMethod: "*", ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5}]
""")
    document = open_source(template)
    assert isinstance(document, TemplateDocument) and document.source is not None
    assert document.source.mock_config == {"stages": {"v1": {"variables": {"fn": "whoProd", "count": "3"},
                                                             "throttle": {"rate": 10.0, "burst": 5}}}}  # fmt: skip


# -- a Lambda authorizer named by a stage variable -------------------------------------------------------------------


def test_a_lambda_authorizer_named_by_a_stage_variable_resolves_per_stage() -> None:
    definition = spec()
    definition["paths"]["/guarded"] = {"get": {**op("who"), "security": [{"TokenAuth": []}]}}
    definition["components"] = {"securitySchemes": {"TokenAuth": {
        "type": "apiKey", "name": "X-Token", "in": "header", "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": f"{FUNCTIONS}:${{stageVariables.auth}}/invocations",
                                           "identitySource": "method.request.header.X-Token", "authorizerResultTtlInSeconds": 0}}}}  # fmt: skip
    entries = {**functions(), "authDev": {"handler": "auth.token", "code": str(HANDLERS)}}
    stages = {"dev": {"variables": {"auth": "authDev"}}, "qa": {"variables": {"auth": "nobody"}}, "bare": {}}
    app = create_app(definition, {"functions": entries, "stages": stages})
    try:
        lines = app.functions.describe()
        assert f"authorizer TokenAuth [stage dev] -> authDev (auth.token in {HANDLERS})" in lines
        assert "authorizer TokenAuth [stage qa] names function nobody, which has no code here: the allow-list stand-in" in lines
        assert any("authorizer TokenAuth: its authorizerUri uses ${stageVariables.auth}, which stage bare" in w.message
                   for w in app.functions.warnings)  # fmt: skip
        with ServerThread(app) as url, httpx.Client(base_url=url, timeout=30) as client:
            allowed = client.get("/dev/guarded", headers={"X-Token": "acme"})
            assert allowed.status_code == 200 and allowed.json()["event"]["requestContext"]["authorizer"]["principalId"] == "user-acme"
            assert client.get("/dev/guarded", headers={"X-Token": "deny"}).status_code == 403  # the function decided
            invoked = [i.function for i in app.functions.invocations]
            assert client.get("/qa/guarded", headers={"X-Token": "deny"}).status_code == 200  # the stand-in: any token
            failing = client.get("/bare/guarded", headers={"X-Token": "acme"})
            assert (failing.status_code, failing.text) == (500, '{"message": null}')
            assert failing.headers["x-amzn-errortype"] == "AuthorizerConfigurationException"
            assert client.get("/bare/guarded").status_code == 401  # no identity: refused before anything would run
            assert [i.function for i in app.functions.invocations] == [*invoked, "who"]  # only qa's integration ran since
    finally:
        app.functions.close()
