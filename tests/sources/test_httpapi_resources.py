"""An HTTP API made of separate AWS::ApiGatewayV2::Route / Integration / Authorizer / Stage resources (what CDK's
`HttpApi` synthesises): its definition as API Gateway's export-api shows it, located warnings for what cannot be
represented, and `sdkgen mock` serving it with the stack's Python function behind its routes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner
from mock_process import mock_process

from sdkgen.cli import main
from sdkgen.parse import load_api
from sdkgen.sources import TemplateDocument, open_source

API = "ItemsApi5D3A2B1C"
FUNCTION = "ItemsHandler7E1F2A3B"
AUTHORIZER_FUNCTION = "AuthHandler0A1B2C3D"


def _integration_target(integration: str) -> dict[str, Any]:
    return {"Fn::Join": ["", ["integrations/", {"Ref": integration}]]}


# Shaped like `cdk synth` of an aws-cdk-lib HttpApi (aws_apigatewayv2 + aws_apigatewayv2_integrations +
# aws_apigatewayv2_authorizers): hashed logical ids, Fn::Join targets, the authorizer URI built from the partition
# and region, the $default stage, Lambda permissions and asset metadata.
SYNTH: dict[str, Any] = {
    "Resources": {
        FUNCTION: {
            "Type": "AWS::Lambda::Function",
            "Properties": {"Handler": "app.handler", "Runtime": "python3.12", "Code": {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}, "S3Key": "0f1e.zip"}},
            "Metadata": {"aws:asset:path": "asset.0f1e", "aws:asset:property": "Code"},
        },
        AUTHORIZER_FUNCTION: {
            "Type": "AWS::Lambda::Function",
            "Properties": {"Handler": "auth.handler", "Runtime": "python3.12", "Code": {"ZipFile": "def handler(e, c): pass"}},
        },
        API: {
            "Type": "AWS::ApiGatewayV2::Api",
            "Properties": {
                "Name": "Items", "ProtocolType": "HTTP",
                "CorsConfiguration": {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET", "POST"], "MaxAge": 600},
            },
        },
        "ItemsApiDefaultStage1A2B3C4D": {
            "Type": "AWS::ApiGatewayV2::Stage",
            "Properties": {"ApiId": {"Ref": API}, "StageName": "$default", "AutoDeploy": True},
        },
        "ItemsApiJwtAuthorizerB7C8D9E0": {
            "Type": "AWS::ApiGatewayV2::Authorizer",
            "Properties": {
                "ApiId": {"Ref": API}, "AuthorizerType": "JWT", "Name": "ItemsJwt",
                "IdentitySource": ["$request.header.Authorization"],
                "JwtConfiguration": {"Audience": ["client-1"], "Issuer": {"Fn::Sub": "https://cognito-idp.${AWS::Region}.amazonaws.com/us-east-1_abc"}},
            },
        },
        "ItemsApiLambdaAuthorizerF1E2D3C4": {
            "Type": "AWS::ApiGatewayV2::Authorizer",
            "Properties": {
                "ApiId": {"Ref": API}, "AuthorizerType": "REQUEST", "Name": "ItemsLambda",
                "IdentitySource": ["$request.header.X-Token"], "AuthorizerPayloadFormatVersion": "2.0",
                "EnableSimpleResponses": True, "AuthorizerResultTtlInSeconds": 300,
                "AuthorizerUri": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"},
                                                   ":lambda:path/2015-03-31/functions/", {"Fn::GetAtt": [AUTHORIZER_FUNCTION, "Arn"]}, "/invocations"]]},
            },
        },
        "ItemsApiGETitemsItemsIntegration9A8B7C6D": {
            "Type": "AWS::ApiGatewayV2::Integration",
            "Properties": {"ApiId": {"Ref": API}, "IntegrationType": "AWS_PROXY",
                           "IntegrationUri": {"Fn::GetAtt": [FUNCTION, "Arn"]}, "PayloadFormatVersion": "2.0"},
        },
        "ItemsApiProxyIntegrationA0B1C2D3": {
            "Type": "AWS::ApiGatewayV2::Integration",
            "Properties": {"ApiId": {"Ref": API}, "IntegrationType": "HTTP_PROXY", "IntegrationMethod": "ANY",
                           "IntegrationUri": "https://legacy.example.com/{proxy}", "PayloadFormatVersion": "1.0"},
        },
        "ItemsApiGETitems0F1E2D3C": {
            "Type": "AWS::ApiGatewayV2::Route",
            "Properties": {"ApiId": {"Ref": API}, "RouteKey": "GET /items", "AuthorizationType": "NONE",
                           "Target": _integration_target("ItemsApiGETitemsItemsIntegration9A8B7C6D")},
        },
        "ItemsApiPOSTitems4B5C6D7E": {
            "Type": "AWS::ApiGatewayV2::Route",
            "Properties": {"ApiId": {"Ref": API}, "RouteKey": "POST /items", "AuthorizationType": "JWT",
                           "AuthorizerId": {"Ref": "ItemsApiJwtAuthorizerB7C8D9E0"}, "AuthorizationScopes": ["items/write"],
                           "OperationName": "addItem", "Target": _integration_target("ItemsApiGETitemsItemsIntegration9A8B7C6D")},
        },
        "ItemsApiANYitemsid8F9E0D1C": {
            "Type": "AWS::ApiGatewayV2::Route",
            "Properties": {"ApiId": {"Ref": API}, "RouteKey": "ANY /items/{id}", "AuthorizationType": "CUSTOM",
                           "AuthorizerId": {"Ref": "ItemsApiLambdaAuthorizerF1E2D3C4"},
                           "Target": _integration_target("ItemsApiGETitemsItemsIntegration9A8B7C6D")},
        },
        "ItemsApiGETadmin2C3D4E5F": {
            "Type": "AWS::ApiGatewayV2::Route",
            "Properties": {"ApiId": {"Ref": API}, "RouteKey": "GET /admin", "AuthorizationType": "AWS_IAM",
                           "Target": _integration_target("ItemsApiGETitemsItemsIntegration9A8B7C6D")},
        },
        "ItemsApiDefaultRoute6A7B8C9D": {
            "Type": "AWS::ApiGatewayV2::Route",
            "Properties": {"ApiId": {"Ref": API}, "RouteKey": "$default", "AuthorizationType": "NONE",
                           "Target": _integration_target("ItemsApiProxyIntegrationA0B1C2D3")},
        },
        "ItemsApiGETitemsPermission1234ABCD": {
            "Type": "AWS::Lambda::Permission",
            "Properties": {"Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": [FUNCTION, "Arn"]},
                           "Principal": "apigateway.amazonaws.com"},
        },
    },
}


def _write(tmp_path: Path, template: dict[str, Any] | None = None) -> Path:
    path = tmp_path / "ItemsStack.template.json"
    path.write_text(json.dumps(template or SYNTH, indent=1))
    return path


def _line(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_cdk_http_api_as_its_export_shows_it(tmp_path: Path) -> None:
    document = open_source(_write(tmp_path))
    assert isinstance(document, TemplateDocument) and document.source is not None
    data = document.data
    assert (data["openapi"], data["info"]["title"], data["x-amazon-apigateway-importexport-version"]) == ("3.0.1", "Items", "1.0")
    assert data["servers"][0]["variables"]["basePath"]["default"] == ""  # the $default stage
    assert document.source.protocol == "http" and document.source.stage == "$default"
    # Routes as paths; ANY as x-amazon-apigateway-any-method; $default as the greedy path every other request takes.
    assert sorted(data["paths"]) == ["/admin", "/items", "/items/{id}", "/{proxy+}"]
    listing = data["paths"]["/items"]["get"]
    assert listing["x-amazon-apigateway-integration"] == {
        "payloadFormatVersion": "2.0", "type": "aws_proxy", "httpMethod": "POST",
        "uri": f"arn:aws:lambda:us-east-1:123456789012:function:ItemsStack-{FUNCTION}", "connectionType": "INTERNET",
    }  # fmt: skip
    assert "security" not in listing and listing["responses"] == {"default": {"description": "Default response for GET /items"}}
    add = data["paths"]["/items"]["post"]
    assert add["operationId"] == "addItem" and add["security"] == [{"ItemsJwt": ["items/write"]}]
    one = data["paths"]["/items/{id}"]["x-amazon-apigateway-any-method"]
    assert one["security"] == [{"ItemsLambda": []}]
    assert one["parameters"] == [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    assert data["paths"]["/admin"]["get"]["security"] == [{"sigv4": []}]
    default = data["paths"]["/{proxy+}"]["x-amazon-apigateway-any-method"]
    assert default["x-amazon-apigateway-integration"]["type"] == "http_proxy"
    assert default["x-amazon-apigateway-integration"]["payloadFormatVersion"] == "1.0"
    schemes = data["components"]["securitySchemes"]
    assert schemes["ItemsJwt"] == {"type": "oauth2", "flows": {}, "x-amazon-apigateway-authorizer": {
        "type": "jwt", "identitySource": "$request.header.Authorization",
        "jwtConfiguration": {"issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", "audience": ["client-1"]}}}  # fmt: skip
    lambda_authorizer = schemes["ItemsLambda"]["x-amazon-apigateway-authorizer"]
    assert schemes["ItemsLambda"]["name"] == "X-Token" and lambda_authorizer["type"] == "request"
    assert lambda_authorizer["authorizerUri"] == ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                                  f"arn:aws:lambda:us-east-1:123456789012:function:ItemsStack-{AUTHORIZER_FUNCTION}/invocations")  # fmt: skip
    assert (lambda_authorizer["authorizerPayloadFormatVersion"], lambda_authorizer["enableSimpleResponses"]) == ("2.0", True)
    assert data["x-amazon-apigateway-cors"] == {"allowOrigins": ["https://example.com"], "allowMethods": ["GET", "POST"], "maxAge": 600}
    # The only warning: the $default route read as ANY /{proxy+}, located at the route resource.
    path = Path(document.source.template)
    assert [(w.message.split(" (")[0], w.line) for w in document.warnings] == [
        ("the $default route", _line(path, '"ItemsApiDefaultRoute6A7B8C9D"') + 2)]  # its Properties


def test_the_model_reads_it_as_an_http_api(tmp_path: Path) -> None:
    parsed = load_api(open_source(_write(tmp_path)))
    assert parsed.problems == []
    api = parsed.api
    routes = {f"{o.method} {o.path}": o for o in api.operations}
    assert sorted(routes) == ["ANY /items/{id}", "ANY /{proxy+}", "GET /admin", "GET /items", "POST /items"]
    assert routes["POST /items"].py_name == "add_item"
    jwt = api.security_schemes["ItemsJwt"]
    assert (jwt.authorizer, jwt.issuer, jwt.audience) == ("jwt", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", ("client-1",))
    assert api.security_schemes["ItemsLambda"].identity_sources == ("header:X-Token",)
    assert api.security_schemes["sigv4"].authorizer == "iam"
    assert api.cors is not None and api.cors["allowOrigins"] == ["https://example.com"]


def test_what_cannot_be_represented_is_a_located_warning(tmp_path: Path) -> None:
    template = copy.deepcopy(SYNTH)
    resources = template["Resources"]
    resources["BadKey"] = {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"ApiId": {"Ref": API}, "RouteKey": "FETCH items"}}
    resources["NoIntegration"] = {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
        "ApiId": {"Ref": API}, "RouteKey": "GET /lost", "Target": {"Fn::Join": ["", ["integrations/", "abc123"]]}}}
    resources["NoAuthorizer"] = {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
        "ApiId": {"Ref": API}, "RouteKey": "GET /locked", "AuthorizationType": "JWT", "AuthorizerId": "imported",
        "ApiKeyRequired": True}}
    resources["OddAuthorizer"] = {"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": {"ApiId": {"Ref": API}, "AuthorizerType": "TOKEN"}}
    resources["NoVersion"] = {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
        "ApiId": {"Ref": API}, "IntegrationType": "AWS_PROXY", "IntegrationUri": {"Fn::GetAtt": [FUNCTION, "Arn"]}}}
    path = _write(tmp_path, template)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]

    expected = [
        ("BadKey", "RouteKey", "route key 'FETCH items' is not `METHOD /path`"),
        ("NoIntegration", "Target", "Target names no AWS::ApiGatewayV2::Integration of this API"),
        ("NoAuthorizer", "AuthorizerId", "AuthorizationType JWT names no AWS::ApiGatewayV2::Authorizer of this API"),
        ("NoAuthorizer", "ApiKeyRequired", "an HTTP API has no API keys"),
        ("OddAuthorizer", "AuthorizerType", "authorizer type TOKEN is not one an HTTP API has"),
    ]
    for logical, key, message in expected:
        pointer = f"(#/Resources/{logical}/Properties/{key}): warning: {message}"
        found = [w for w in warnings if pointer in w]
        assert len(found) == 1, (pointer, warnings)
        assert found[0].startswith(f"{path}:"), found[0]  # located (file:line:column) in the template
    assert any("(#/Resources/NoVersion/Properties): warning: the Lambda integration has no PayloadFormatVersion" in w for w in warnings), warnings
    assert "usable: 7 operations" in result.stdout  # the bad route key left out; the others kept


def test_quick_create_target_on_the_api_itself(tmp_path: Path) -> None:
    """`Target` on an AWS::ApiGatewayV2::Api (quick create): one $default route to that function."""
    template = {"Resources": {FUNCTION: SYNTH["Resources"][FUNCTION], "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
        "Name": "quick", "ProtocolType": "HTTP", "Target": {"Fn::GetAtt": [FUNCTION, "Arn"]}}}}}
    data = open_source(_write(tmp_path, template)).data
    (operation,) = data["paths"]["/{proxy+}"].values()
    assert operation["x-amazon-apigateway-integration"]["uri"] == f"arn:aws:lambda:us-east-1:123456789012:function:ItemsStack-{FUNCTION}"
    assert operation["x-amazon-apigateway-integration"]["payloadFormatVersion"] == "2.0"


HANDLER = '''import json


def handler(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"},
            "body": json.dumps({"route": event["routeKey"], "version": event["version"]})}
'''


def test_sdkgen_mock_serves_it_with_the_stacks_function(tmp_path: Path) -> None:
    """The route's integration names the stack's function; `sdkgen mock TEMPLATE` runs its code (the asset folder
    `cdk synth` wrote) with a payload 2.0 event, as API Gateway would."""
    (tmp_path / "asset.0f1e").mkdir()
    (tmp_path / "asset.0f1e" / "app.py").write_text(HANDLER)
    path = _write(tmp_path)
    with mock_process(str(path), "--quiet") as (url, _):
        answer = httpx.get(url.rstrip("/") + "/items", timeout=30)
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"route": "GET /items", "version": "2.0"}
        assert httpx.post(url.rstrip("/") + "/items", timeout=30).status_code == 401  # the JWT route needs a token
        assert httpx.get(url.rstrip("/") + "/nothing/here", timeout=30).status_code == 200  # the $default route takes it


def test_the_stages_route_throttling_becomes_the_mocks_stage_settings(tmp_path: Path) -> None:
    """`DefaultRouteSettings` and `RouteSettings` of the API's stage (CDK's HttpStage throttle, SAM's HttpApi
    properties): the mock's stage settings, as `sdkgen fetch --mock-config` writes them for a deployed HTTP API."""
    from sdkgen.sources import TemplateOptions
    from sdkgen.sources.cli import load_for_mock

    template = copy.deepcopy(SYNTH)
    template["Resources"]["ItemsApiDefaultStage1A2B3C4D"]["Properties"].update({
        "DefaultRouteSettings": {"ThrottlingRateLimit": 100, "ThrottlingBurstLimit": 50},
        "RouteSettings": {"POST /items": {"ThrottlingRateLimit": 5, "ThrottlingBurstLimit": 2}, "$default": {"ThrottlingRateLimit": 1}},
    })  # fmt: skip
    path = _write(tmp_path, template)
    document = open_source(path)
    assert isinstance(document, TemplateDocument) and document.source is not None
    assert document.source.mock_config == {"stages": {"$default": {
        "throttle": {"rate": 100.0, "burst": 50}, "methods": {"POST /items": {"throttle": {"rate": 5.0, "burst": 2}}}}}}  # fmt: skip
    _, config = load_for_mock(path, TemplateOptions(), None, strict=False)
    assert getattr(config, "stages")[""].throttle.rate == 100.0  # the $default stage: served at the root
    # The same through SAM: an HttpApi's route settings are on the Stage the translator makes.
    sam = tmp_path / "sam.yaml"
    sam.write_text(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Http:\n    Type: AWS::Serverless::HttpApi\n"
        "    Properties:\n      DefaultRouteSettings: {ThrottlingRateLimit: 7, ThrottlingBurstLimit: 3}\n"
        "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n"
        "      CodeUri: src/\n      Events:\n        Get: {Type: HttpApi, Properties: {ApiId: !Ref Http, Path: /x, Method: get}}\n"
    )
    document = open_source(sam)
    assert isinstance(document, TemplateDocument) and document.source is not None
    assert document.source.mock_config == {"stages": {"$default": {"throttle": {"rate": 7.0, "burst": 3}}}}
