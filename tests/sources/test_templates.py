"""CloudFormation templates as inputs: which API, where its definition is, located messages, the CLI options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sdkgen.cli import main
from sdkgen.diagnostics import SpecError
from sdkgen.parse import load_api
from sdkgen.sources import TemplateDocument, TemplateOptions, is_template, open_source

BODY = """      Body:
        openapi: 3.0.1
        info:
          title: !Sub "${AWS::StackName} orders"
          version: "1"
          description: !ImportValue shared-description
        paths:
          /orders:
            get:
              operationId: listOrders
              responses:
                "200": {description: ok}
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Handler.Arn}/invocations"
"""
CFN = f"""AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Handler:
    Type: AWS::Lambda::Function
    Properties: {{Runtime: python3.12, Handler: app.handler, Code: {{ZipFile: "x"}}}}
  OrdersApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
{BODY}
  OrdersStage:
    Type: AWS::ApiGateway::Stage
    Properties: {{RestApiId: !Ref OrdersApi, StageName: live}}
"""


def write(tmp_path: Path, text: str, name: str = "orders-stack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"AWSTemplateFormatVersion": "2010-09-09"}, True),
        ({"Transform": "AWS::Serverless-2016-10-31"}, True),
        ({"Transform": ["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"]}, True),
        ({"Resources": {}}, True),
        ({"openapi": "3.0.1", "Resources": {}}, False),
        ({"swagger": "2.0"}, False),
        ([], False),
    ],
)
def test_what_is_a_template(data: object, expected: bool) -> None:
    assert is_template(data) is expected


def test_a_cloudformation_rest_api_body_resolved(tmp_path: Path) -> None:
    document = open_source(write(tmp_path, CFN), TemplateOptions(region="eu-west-1"))
    assert isinstance(document, TemplateDocument)
    data = document.data
    assert data["info"]["title"] == "orders-stack orders"  # AWS::StackName from the file name
    integration = data["paths"]["/orders"]["get"]["x-amazon-apigateway-integration"]
    assert integration["uri"] == (
        "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
        "arn:aws:lambda:eu-west-1:123456789012:function:orders-stack-Handler/invocations"
    )
    assert data["servers"][0]["variables"]["basePath"]["default"] == "live"  # from the Stage resource
    # The unresolvable import: a placeholder, and a warning at its line in the template.
    assert data["info"]["description"] == "shared-description"
    (warning,) = document.warnings
    assert "Fn::ImportValue" in warning.message and warning.file.endswith("orders-stack.yaml") and warning.line == 14


def test_stack_name_option_and_positions_inside_the_body(tmp_path: Path) -> None:
    document = open_source(write(tmp_path, CFN), TemplateOptions(stack_name="prod-orders"))
    assert document.data["info"]["title"] == "prod-orders orders"
    assert document.position("/paths/~1orders/get/responses") == (19, 15)  # the `responses:` key, inside the template


def test_validate_reports_template_warnings_located_and_counts_them(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(write(tmp_path, CFN))])
    assert result.exit_code == 0, result.output
    assert "orders-stack.yaml:14:" in result.stderr and "Fn::ImportValue" in result.stderr
    assert "1 warning(s)" in result.stdout


def test_no_intrinsic_reaches_generated_text(tmp_path: Path) -> None:
    """Whatever is left unresolved, no file of the package shows a CloudFormation expression."""
    text = CFN.replace('title: !Sub "${AWS::StackName} orders"', "title: !Ref AWS::StackName").replace(
        "description: !ImportValue shared-description", "description: !GetAtt Nowhere.Thing")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(write(tmp_path, text)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "orders_stack").is_dir()
    for file in out.rglob("*"):
        if file.is_file():
            content = file.read_text(encoding="utf-8")
            for marker in ("{'Ref'", "Fn::", "'Ref':", '"Ref":'):
                assert marker not in content, (file, marker)


SEVERAL = """Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body: {openapi: 3.0.1, info: {title: rest, version: "1"}, paths: {}}
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Body: {openapi: 3.0.1, info: {title: http, version: "1"}, paths: {}}
  Socket:
    Type: AWS::ApiGatewayV2::Api
    Properties: {ProtocolType: WEBSOCKET, RouteSelectionExpression: "$request.body.action"}
  Later:
    Type: AWS::ApiGateway::RestApi
    Condition: Never
    Properties:
      Body: {openapi: 3.0.1, info: {title: later, version: "1"}, paths: {}}
Conditions:
  Never: !Equals [a, b]
"""


def test_several_apis_need_api_and_the_error_lists_them(tmp_path: Path) -> None:
    path = write(tmp_path, SEVERAL)
    with pytest.raises(SpecError) as caught:
        open_source(path)
    message = caught.value.diagnostics[0].message
    assert "--api" in message and "Rest (AWS::ApiGateway::RestApi)" in message and "Http (AWS::ApiGatewayV2::Api)" in message
    assert "Socket" not in message and "Later" not in message  # a WebSocket API; a resource whose condition is false
    assert caught.value.diagnostics[0].line == 1
    assert open_source(path, TemplateOptions(api="Http")).data["info"]["title"] == "http"
    with pytest.raises(SpecError, match="--api Nope: no such API"):
        open_source(path, TemplateOptions(api="Nope"))


def test_cli_several_apis_is_one_located_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", str(write(tmp_path, SEVERAL)), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1 and "choose one with --api" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()
    result = CliRunner().invoke(main, ["validate", str(write(tmp_path, SEVERAL)), "--api", "Rest"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("resource", "words"),
    [
        ("Type: AWS::Serverless::Api\n    Properties: {StageName: p, DefinitionUri: s3://bucket/api.yaml}", "s3://bucket/api.yaml is in S3"),
        ("Type: AWS::Serverless::Api\n    Properties: {StageName: p, DefinitionUri: {Bucket: b, Key: k.yaml}}", "s3://b/k.yaml is in S3"),
        ("Type: AWS::ApiGateway::RestApi\n    Properties: {BodyS3Location: {Bucket: b, Key: k}}", "BodyS3Location"),
        ("Type: AWS::ApiGateway::RestApi\n    Properties:\n      Body:\n        Fn::Transform: {Name: AWS::Include, "
         "Parameters: {Location: s3://b/api.yaml}}", "s3://b/api.yaml is in S3"),
    ],
)
def test_s3_locations_say_what_to_pass_instead(tmp_path: Path, resource: str, words: str) -> None:
    path = write(tmp_path, f"Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    {resource}\n")
    with pytest.raises(SpecError) as caught:
        open_source(path)
    diagnostic = caught.value.diagnostics[0]
    # What it is, and what to pass instead: a local file (named in the template, or given to sdkgen).
    assert words in diagnostic.message and "download it" in diagnostic.message, diagnostic.message
    assert "name the local file instead" in diagnostic.message or "pass that file to sdkgen" in diagnostic.message, diagnostic.message
    assert diagnostic.line is not None


OPENAPI = "openapi: 3.0.1\ninfo: {title: included, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n"


def test_definition_uri_with_a_local_path_is_that_file(tmp_path: Path) -> None:
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "openapi.yaml").write_text(OPENAPI)
    path = write(tmp_path, "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n"
                           "    Properties: {StageName: p, DefinitionUri: api/openapi.yaml}\n")  # fmt: skip
    document = open_source(path)
    assert document.path == (tmp_path / "api" / "openapi.yaml").resolve() and document.data["info"]["title"] == "included"


def test_aws_include_with_a_local_location_is_read_resolved_and_located_in_its_file(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(OPENAPI.replace("title: included", "title: {'Fn::Sub': '${AWS::Region} api'}"))
    path = write(tmp_path, "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Body:\n"
                           "        Fn::Transform: {Name: AWS::Include, Parameters: {Location: api.yaml}}\n")  # fmt: skip
    document = open_source(path, TemplateOptions(region="eu-central-1"))
    assert document.data["info"]["title"] == "eu-central-1 api"
    assert document.name.endswith("api.yaml") and document.position("/paths/~1a/get") == (5, 5)


def test_parameters_from_the_command_line(tmp_path: Path) -> None:
    text = CFN.replace('Resources:', 'Parameters:\n  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}\nResources:', 1)
    text = text.replace('title: !Sub "${AWS::StackName} orders"', 'title: !Sub "orders ${Env}"')
    path = write(tmp_path, text)
    assert open_source(path).data["info"]["title"] == "orders dev"
    assert open_source(path, TemplateOptions(parameters=(("Env", "prod"),))).data["info"]["title"] == "orders prod"
    with pytest.raises(SpecError, match="not one of the AllowedValues"):
        open_source(path, TemplateOptions(parameters=(("Env", "qa"),)))
    with pytest.raises(SpecError, match=r"--parameter Envv: the template has no such parameter \(its parameters: Env\)"):
        open_source(path, TemplateOptions(parameters=(("Envv", "prod"),)))
    result = CliRunner().invoke(main, ["validate", str(path), "--parameter", "Env=prod", "--parameter", "bad"])
    assert result.exit_code == 2 and "is not Name=Value" in result.output


def test_template_options_on_a_plain_definition_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, OPENAPI, "api.yaml")
    with pytest.raises(SpecError, match="apply to templates only"):
        open_source(path, TemplateOptions(api="X"))
    assert load_api(path).api.title == "included"  # and without them, today's loading, unchanged


def test_an_api_without_a_body_is_a_clear_error(tmp_path: Path) -> None:
    # A REST API without Body is made of separate Method resources (tests/sources/test_restapi_resources.py); with
    # none, its definition has no paths, and a warning says why.
    path = write(tmp_path, "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {Name: x}\n")
    document = open_source(path)
    assert isinstance(document, TemplateDocument) and document.data["paths"] == {}
    assert [(w.pointer, w.line) for w in document.warnings] == [("/Resources/Api/Properties", 4)]
    # The same for an HTTP API made of Route resources (tests/sources/test_httpapi_resources.py).
    path = write(tmp_path, "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: x, ProtocolType: HTTP}\n")
    document = open_source(path)
    assert isinstance(document, TemplateDocument) and document.data["paths"] == {}
    assert [(w.pointer, w.line, w.message) for w in document.warnings] == [
        ("/Resources/Api/Properties", 4, "Api has no AWS::ApiGatewayV2::Route this template defines: the definition has no paths")]
    path = write(tmp_path, "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n")
    with pytest.raises(SpecError, match="defines no API Gateway API"):
        open_source(path)


def test_json_templates_work_too(tmp_path: Path) -> None:
    body = {"openapi": "3.0.1", "info": {"title": {"Fn::Join": [" ", ["json", {"Ref": "AWS::Region"}]]}, "version": "1"}, "paths": {}}
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"A": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Body": body}}}}
    path = write(tmp_path, json.dumps(template), "stack.template.json")
    document = open_source(path)
    assert document.data["info"]["title"] == "json us-east-1"


def test_files_that_include_each_other_end_with_a_warning(tmp_path: Path) -> None:
    include = "Fn::Transform: {Name: AWS::Include, Parameters: {Location: %s}}"
    (tmp_path / "a.yaml").write_text("openapi: 3.0.1\ninfo: {title: a, version: '1'}\npaths: {}\nx-more:\n  " + include % "b.yaml")
    (tmp_path / "b.yaml").write_text("again:\n  " + include % "a.yaml" + "\n")
    path = write(tmp_path, "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Body:\n"
                           "        Fn::Transform: {Name: AWS::Include, Parameters: {Location: a.yaml}}\n")  # fmt: skip
    document = open_source(path)
    assert document.data["x-more"] == {}  # a includes b, whose include of a again is left out
    assert any("includes itself" in w.message for w in document.warnings), document.warnings


CDK_OUT = Path(__file__).resolve().parent.parent / "fixtures" / "cdk-out"


def test_a_cdk_spec_rest_api_reads_its_definition_asset_from_cdk_out() -> None:
    document = open_source(CDK_OUT / "OrdersStack.template.json")
    assert document.data["info"]["title"] == "Orders (CDK)" and document.name.endswith(".yaml")
    assert document.path.name.startswith("asset.") and document.position("/paths/~1orders/get") == (7, 5)
    assert isinstance(document, TemplateDocument) and document.source is not None
    assert (document.source.api, document.source.stage) == ("OrdersApi49610EDF", "prod")
    assert document.warnings == []  # CDK's BootstrapVersion (an SSM parameter) is not used by the API


def test_a_cdk_asset_missing_from_cdk_out_is_the_s3_error(tmp_path: Path) -> None:
    template = tmp_path / "OrdersStack.template.json"
    template.write_text((CDK_OUT / "OrdersStack.template.json").read_text())
    with pytest.raises(SpecError, match="BodyS3Location"):
        open_source(template)


def test_a_parameter_without_a_value_is_a_warning_where_it_is_used(tmp_path: Path) -> None:
    text = CFN.replace("Resources:", "Parameters:\n  Env: {Type: String}\n  Unused: {Type: String}\nResources:", 1)
    document = open_source(write(tmp_path, text.replace('title: !Sub "${AWS::StackName} orders"', 'title: !Sub "orders ${Env}"')))
    assert document.data["info"]["title"] == "orders Env"
    notes = [w for w in document.warnings if "no Default" in w.message]
    assert len(notes) == 1 and "parameter Env" in notes[0].message and "--parameter Env=VALUE" in notes[0].message
    assert notes[0].line == 15  # the title that uses it


@pytest.mark.parametrize("location", ["../outside.yaml", "/etc/hostname", "sub/../../outside.yaml"])
def test_a_template_reads_no_file_outside_its_folder(tmp_path: Path, location: str) -> None:
    (tmp_path / "outside.yaml").write_text(OPENAPI)
    folder = tmp_path / "stack"
    folder.mkdir()
    for resource in (
        f"Type: AWS::ApiGateway::RestApi\n    Properties:\n      Body:\n        Fn::Transform: {{Name: AWS::Include, Parameters: {{Location: '{location}'}}}}",
        f"Type: AWS::Serverless::Api\n    Properties: {{StageName: p, DefinitionUri: '{location}'}}",
    ):
        path = write(folder, f"Resources:\n  Api:\n    {resource}\n")
        with pytest.raises(SpecError) as caught:
            open_source(path)
        assert "outside the template's folder" in caught.value.diagnostics[-1].message


def test_warnings_that_explain_an_error_come_with_it(tmp_path: Path) -> None:
    path = write(tmp_path, "Conditions: {C: !Equals [only-one]}\nResources:\n  B:\n    Type: AWS::ApiGateway::RestApi\n"
                           "    Condition: C\n    Properties: {Body: {openapi: 3.0.1, info: {title: t, version: '1'}, paths: {}}}\n")  # fmt: skip
    with pytest.raises(SpecError) as caught:
        open_source(path)
    messages = [(d.level, d.message) for d in caught.value.diagnostics]
    assert messages[0][0] == "warning" and "Fn::Equals takes two values" in messages[0][1]
    assert messages[-1][0] == "error" and "defines no API Gateway API" in messages[-1][1]
