"""SAM templates through AWS's own transform (aws-sam-translator): implicit and explicit APIs as API Gateway
receives them, and the example templates of specs/templates/ generated, imported, and served by `sdkgen mock`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from mock_process import mock_process

from sdkgen.cli import main
from sdkgen.diagnostics import SpecError
from sdkgen.sources import TemplateDocument, TemplateOptions, open_source

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "specs" / "templates"
LIBRARY = TEMPLATES / "library.yaml"
ORDERS = TEMPLATES / "orders.yaml"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders-{}"


def test_implicit_rest_api_as_api_gateway_receives_it() -> None:
    document = open_source(ORDERS, TemplateOptions(api="ServerlessRestApi"))
    data = document.data
    assert data["swagger"] == "2.0" and data["info"]["title"] == "orders"  # {'Ref': 'AWS::StackName'} resolved
    assert (data["host"], data["basePath"]) == ("serverless.execute-api.us-east-1.amazonaws.com", "/Prod")
    post = data["paths"]["/orders"]["post"]
    assert post["security"] == [{"api_key": []}, {"TokenAuthorizer": []}]  # ApiKeyRequired beside the default authorizer
    assert FUNCTION_ARN.format("OrdersFunction") in post["x-amazon-apigateway-integration"]["uri"]
    assert data["paths"]["/health"]["get"]["security"] == []  # Authorizer: NONE
    authorizer = data["securityDefinitions"]["TokenAuthorizer"]["x-amazon-apigateway-authorizer"]
    assert authorizer["type"] == "token" and FUNCTION_ARN.format("AuthorizerFunction") in authorizer["authorizerUri"]
    header = data["paths"]["/orders/{orderId}"]["get"]["parameters"][0]
    assert (header["name"], header["in"], header["required"]) == ("X-Request-Id", "header", False)
    # Which function each integration names, and its code on disk, are kept beside.
    assert isinstance(document, TemplateDocument) and document.source is not None
    functions = document.source.functions
    assert functions["OrdersFunction"].arn == FUNCTION_ARN.format("OrdersFunction")
    assert functions["OrdersFunction"].code_uri == TEMPLATES / "orders-src"
    assert (functions["AuthorizerFunction"].handler, functions["OrdersFunction"].runtime) == ("app.authorize", "python3.12")
    assert document.source.stage == "Prod"
    # A route SAM made from an event is located at that event.
    assert document.position("/paths/~1orders/post") == (51, 9)


def test_implicit_http_api_with_a_request_authorizer() -> None:
    data = open_source(ORDERS, TemplateOptions(api="ServerlessHttpApi", region="eu-west-2")).data
    assert data["openapi"].startswith("3.0") and data["servers"][0]["variables"]["basePath"]["default"] == ""
    scheme = data["components"]["securitySchemes"]["RequestAuthorizer"]
    assert scheme["name"] == "Unused"  # the translator's shape: the identity sources say what is sent
    assert scheme["x-amazon-apigateway-authorizer"]["identitySource"] == ["$request.header.Authorization"]
    track = data["paths"]["/tracking/{orderId}"]["get"]
    assert track["parameters"][0]["schema"] == {"type": "string"}
    assert "arn:aws:lambda:eu-west-2:" in track["x-amazon-apigateway-integration"]["uri"]


def test_explicit_api_with_short_forms_conditions_and_cognito() -> None:
    data = open_source(LIBRARY).data
    assert data["info"]["title"] == "Library dev"
    assert data["info"]["description"] == "The library's catalogue (the dev stack in us-east-1)."
    assert data["servers"][0]["variables"]["basePath"]["default"] == "v1"
    assert data["paths"]["/books"]["get"]["parameters"][0]["schema"]["maximum"] == 50  # a Number parameter
    assert data["paths"]["/books"]["get"]["security"] == [{"Readers": ["library/read"]}, {"api_key": []}]
    cognito = data["components"]["securitySchemes"]["Readers"]["x-amazon-apigateway-authorizer"]
    assert cognito == {"type": "cognito_user_pools",
                       "providerARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Readers00"]}
    prod = open_source(LIBRARY, TemplateOptions(parameters=(("Environment", "prod"), ("Stage", "v2")))).data
    assert (prod["info"]["description"], prod["servers"][0]["variables"]["basePath"]["default"]) == ("The library's catalogue.", "v2")


def test_a_translator_refusal_is_located_at_the_resource(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(LIBRARY.read_text().replace("CreateUsagePlan: PER_API", "CreateUsagePlan: SOMETIMES"))
    with pytest.raises(SpecError) as caught:
        open_source(path)
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.message.startswith("SAM: ") and "LibraryApi" in diagnostic.message
    assert diagnostic.pointer == "/Resources/LibraryApi" and diagnostic.line is not None


def test_each_api_of_the_example_templates_is_an_example() -> None:
    """generated/ holds a client of each (tests/test_generated.py checks them, the e2e tests call them)."""
    from sdkgen.examples import examples

    found = {(e.spec, e.api, e.name) for e in examples(ROOT / "specs") if e.template}
    assert {(LIBRARY, None, "library"), (ORDERS, "ServerlessRestApi", "orders-serverless-rest-api"),
            (ORDERS, "ServerlessHttpApi", "orders-serverless-http-api")} <= found  # fmt: skip


def test_a_generated_client_against_sdkgen_mock_template(tmp_path: Path) -> None:
    """The orders REST client, generated from the template, calls `sdkgen mock TEMPLATE` under uvicorn."""
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["generate", str(ORDERS), "--api", "ServerlessRestApi", "-o", str(out)]).exit_code == 0
    with mock_process(str(ORDERS), "--api", "ServerlessRestApi", "--quiet") as (url, _):
        assert url.endswith("/Prod"), url
        script = (
            "import sys, orders\n"
            "client = orders.Client(base_url=sys.argv[1], max_retries=0)\n"
            "print(client.with_raw_response.get_health().status_code)\n"
            "try:\n    client.get_orders()\nexcept orders.AuthenticationError as exc:\n    print(exc.status_code)\n"
        )
        run = subprocess.run([sys.executable, "-c", script, url], capture_output=True, text=True, cwd=out, timeout=60)
        assert run.returncode == 0, run.stderr
        assert run.stdout.split() == ["200", "401"]  # no authorizer on /health; the TOKEN authorizer on /orders


def test_sam_resources_without_the_transform_line_are_still_transformed(tmp_path: Path) -> None:
    """SAM's own examples often leave out `Transform:`; the AWS::Serverless::* resources say what is meant."""
    path = tmp_path / "t.yaml"
    path.write_text(
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://b/k.zip\n"
        "      Handler: index.handler\n      Runtime: nodejs20.x\n      Events:\n        Get:\n          Type: Api\n"
        "          Properties: {RestApiId: !Ref Site, Path: /, Method: get}\n"
        "  Site:\n    Type: AWS::Serverless::Api\n    Properties: {StageName: Prod}\n"
    )
    data = open_source(path).data
    assert list(data["paths"]) == ["/"] and data["basePath"] == "/Prod"


def test_an_image_function_behind_a_greedy_http_route(tmp_path: Path) -> None:
    """`PackageType: Image` without ImageUri (sam build fills it) and SAM's `proxy+` parameter of `/{proxy+}`."""
    path = tmp_path / "t.yaml"
    path.write_text(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
        "    Properties:\n      PackageType: Image\n      Events:\n        All:\n          Type: HttpApi\n"
        "          Properties: {Path: '/{proxy+}', Method: ANY}\n    Metadata: {Dockerfile: Dockerfile}\n"
    )
    operation = open_source(path).data["paths"]["/{proxy+}"]["x-amazon-apigateway-any-method"]
    assert operation["parameters"] == [{"name": "proxy", "in": "path", "required": True, "schema": {"type": "string"}}]
    result = CliRunner().invoke(main, ["validate", str(path)])
    # SAM writes no operationId and only a default response: one summary warning for the API, and no other.
    assert result.exit_code == 0 and "1 warning(s)" in result.stdout, result.output
    assert "SAM made 1 operation(s) from functions' events" in result.stderr, result.output


AUTH_KINDS = """Transform: AWS::Serverless-2016-10-31
Globals:
  Function: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}
Resources:
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration: {AllowOrigins: ["https://example.com"], AllowMethods: [GET]}
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            IdentitySource: $request.header.Authorization
            JwtConfiguration: {issuer: "https://issuer.example.com", audience: [client-1]}
  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'*'"
      Models:
        Item: {type: object, required: [name], properties: {name: {type: string}}}
      Auth:
        DefaultAuthorizer: AWS_IAM
        Authorizers:
          Req:
            FunctionArn: !GetAtt Fn.Arn
            FunctionPayloadType: REQUEST
            Identity: {Headers: [X-Token], QueryStrings: [token]}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        H: {Type: HttpApi, Properties: {ApiId: !Ref Http, Path: /items, Method: get, Auth: {AuthorizationScopes: [read]}}}
        R: {Type: Api, Properties: {RestApiId: !Ref Rest, Path: /items, Method: post, RequestModel: {Model: Item, Required: true}}}
        Q: {Type: Api, Properties: {RestApiId: !Ref Rest, Path: /q, Method: get, Auth: {Authorizer: Req}}}
"""


def test_auth_kinds_through_the_translator_as_the_model_reads_them(tmp_path: Path) -> None:
    """JWT (issuer, audience, scopes), IAM by default, a Lambda REQUEST authorizer's identity sources, a RequestModel
    body and CORS, each as parse reads the definition SAM makes."""
    from sdkgen.parse import load_api

    path = tmp_path / "auth.yaml"
    path.write_text(AUTH_KINDS)
    http = load_api(open_source(path, TemplateOptions(api="Http")))
    # What SAM writes (no operationId, only a default response): one summary, warned, not refused.
    assert [w.message.split(":")[0] for w in http.warnings] == ["SAM made 1 operation(s) from functions' events, which cannot set an operationId nor responses"]
    assert http.problems == []
    (items,) = http.api.operations
    assert items.security == [{"Jwt": ["read"]}]
    jwt = http.api.security_schemes["Jwt"]
    assert (jwt.authorizer, jwt.issuer, jwt.audience) == ("jwt", "https://issuer.example.com", ("client-1",))
    assert http.api.cors == {"allowOrigins": ["https://example.com"], "allowMethods": ["GET"]}
    rest = load_api(open_source(path, TemplateOptions(api="Rest"))).api
    routes = {f"{o.method} {o.path}": o for o in rest.operations}
    assert routes["POST /items"].security == [{"AWS_IAM": []}] and routes["GET /q"].security == [{"Req": []}]
    # Cors: a preflight OPTIONS with a mock integration, under the default authorizer as SAM puts it there
    # (its AddDefaultAuthorizerToCorsPreflight is true unless the template says otherwise).
    assert routes["OPTIONS /items"].integration["type"] == "mock" and routes["OPTIONS /items"].security == [{"AWS_IAM": []}]
    assert rest.security_schemes["AWS_IAM"].authorizer == "iam"
    assert rest.security_schemes["Req"].identity_sources == ("header:X-Token", "query:token")
    assert [s.name for s in rest.schemas] == ["item"]  # SAM writes model names in lower case


def test_functions_keep_their_configuration_with_globals_merged(tmp_path: Path) -> None:
    """What the Lambda side of the mock reads: each function's environment, timeout and memory, SAM's Globals merged
    (a function's own value wins, its variables join the global ones), intrinsics resolved."""
    path = tmp_path / "shop.yaml"
    path.write_text(
        "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: python3.12\n    Handler: app.handler\n"
        "    CodeUri: src/\n    Timeout: 15\n    MemorySize: 512\n    Environment:\n      Variables: {STAGE: dev, REGION: !Ref AWS::Region}\n"
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Timeout: 30\n"
        "      Environment:\n        Variables: {TABLE: !Ref Table}\n      Events:\n        Get: {Type: Api, Properties: {Path: /, Method: get}}\n"
        "  Plain:\n    Type: AWS::Serverless::Function\n  Table:\n    Type: AWS::DynamoDB::Table\n"
    )
    document = open_source(path, TemplateOptions(region="eu-west-1"))
    assert isinstance(document, TemplateDocument) and document.source is not None
    fn, plain = document.source.functions["Fn"], document.source.functions["Plain"]
    assert (fn.timeout, fn.memory, plain.timeout) == (30, 512, 15)
    assert fn.environment == {"STAGE": "dev", "REGION": "eu-west-1", "TABLE": "shop-Table"}
    assert plain.environment == {"STAGE": "dev", "REGION": "eu-west-1"} and plain.code_uri == tmp_path / "src"


SUMMARY = """Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      DefinitionBody:
        openapi: '3.0.1'
        info: {title: t, version: '1'}
        paths:
          /written:
            get:
              responses: {default: {description: any}}
              x-amazon-apigateway-integration: {type: mock}
  EventsApi:
    Type: AWS::Serverless::Api
    Properties: {StageName: v1}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Events:
        A: {Type: Api, Properties: {RestApiId: !Ref EventsApi, Path: /a, Method: get}}
        B: {Type: Api, Properties: {RestApiId: !Ref EventsApi, Path: /b, Method: post}}
        C: {Type: Api, Properties: {Path: /c, Method: get}}
        D: {Type: HttpApi, Properties: {Path: /d, Method: get}}
        E: {Type: HttpApi}
"""


@pytest.mark.parametrize(
    ("api", "count", "per_operation"),
    [("Api", 0, ["GET /written has no operationId", "GET /written documents only a 'default'"]),
     ("EventsApi", 2, []), ("ServerlessRestApi", 1, []), ("ServerlessHttpApi", 2, [])],
)  # fmt: skip
def test_operations_sam_made_from_events_are_summed_up_in_one_warning(tmp_path: Path, api: str, count: int, per_operation: list[str]) -> None:
    """SAM events cannot set an operationId or responses: the operations SAM made from them give one warning,
    located at the template's API (or its first event); an operation written in DefinitionBody keeps its own."""
    from sdkgen.parse import load_api

    path = tmp_path / "template.yaml"
    path.write_text(SUMMARY)
    warnings = load_api(open_source(path, TemplateOptions(api=api))).warnings
    summary = [w for w in warnings if w.message.startswith("SAM made")]
    assert [w.message.split(":")[0] for w in summary] == [f"SAM made {count} operation(s) from functions' events, which cannot set an operationId nor responses"][:count]
    if count:
        assert f"{count} have no operationId" in summary[0].message and f"{count} document only a 'default'" in summary[0].message
        assert summary[0].file == str(path) and summary[0].line is not None
        where = SUMMARY.splitlines()[summary[0].line - 1].strip()
        assert where.startswith({"EventsApi": "EventsApi:", "ServerlessRestApi": "C:", "ServerlessHttpApi": "D:"}[api]), where
    others = [w.message for w in warnings if w not in summary]
    assert [m for m in others if "operationId" in m or "'default'" in m] == [m for m in others if any(m.startswith(p) for p in per_operation)]
    assert len([m for m in others if "operationId" in m or "'default'" in m]) == len(per_operation)


def test_sams_auth_usage_plan_becomes_the_mock_configuration() -> None:
    """SAM's `Auth.UsagePlan` (PER_API on the explicit API, SHARED on the implicit one): the plan the translator
    makes, with its throttle and quota resolved, and its API key, as `sdkgen mock TEMPLATE` enforces them."""
    library = open_source(LIBRARY)
    orders = open_source(ORDERS, TemplateOptions(api="ServerlessRestApi"))
    assert isinstance(library, TemplateDocument) and library.source is not None
    assert isinstance(orders, TemplateDocument) and orders.source is not None
    assert library.source.mock_config["usage_plans"] == {
        "LibraryApiUsagePlan": {"throttle": {"rate": 10.0, "burst": 20}, "quota": {"limit": 1000, "period": "DAY"}}}
    assert orders.source.mock_config["usage_plans"] == {
        "ServerlessUsagePlan": {"throttle": {"rate": 20.0, "burst": 40}, "quota": {"limit": 5000, "period": "MONTH"}}}
    for document, key in ((library, "LibraryApiApiKey"), (orders, "ServerlessApiKey")):
        assert [k["id"] for k in document.source.mock_config["api_keys"]] == [key]
        assert document.source.made_up_keys[0].startswith(f"{key}=")  # no Value in the template: made up, printed


def test_without_aws_sam_translator_the_error_names_it(tmp_path: Path) -> None:
    """aws-sam-translator comes with sdkgen's own install; where it is missing, one line says what to install."""
    script = ("import sys\nsys.modules['samtranslator'] = None\nfrom sdkgen.cli import run\n"
              "sys.argv = ['sdkgen', 'validate', *sys.argv[1:]]\nrun()\n")  # fmt: skip
    run = subprocess.run([sys.executable, "-c", script, str(ORDERS), "--api", "ServerlessRestApi"],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 1, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    assert "reading a SAM template needs aws-sam-translator: pip install aws-sam-translator" in run.stderr, run.stderr


def test_each_template_api_is_served_as_the_kind_of_api_the_template_makes() -> None:
    """SAM hands API Gateway an HTTP API's definition without the export's marker: the parser must still see an HTTP
    API (its error bodies, headers and Lambda authorizers' simple responses differ), as the template says."""
    from sdkgen.examples import examples
    from sdkgen.parse import load_api

    kinds = {}
    for example in examples(ROOT / "specs"):
        if example.template:
            document = example.document()
            assert isinstance(document, TemplateDocument) and document.source is not None
            kinds[example.name] = (load_api(document, strict=False).api.flavour, document.source.protocol)
    assert kinds["orders-serverless-http-api"] == ("http", "http") and kinds["orders-serverless-rest-api"] == ("rest", "rest")
    assert all(flavour == protocol for flavour, protocol in kinds.values()), kinds
