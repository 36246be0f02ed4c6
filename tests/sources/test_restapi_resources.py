"""A REST API made of separate AWS::ApiGateway::Resource / Method / Authorizer / Model / RequestValidator resources
(CDK's `RestApi`, hand-written CloudFormation): its definition as API Gateway's export shows it, located warnings
for what cannot be represented."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sdkgen.cli import main
from sdkgen.parse import load_api
from sdkgen.sources import TemplateDocument, TemplateOptions, open_source

ROOT = Path(__file__).resolve().parent.parent.parent
LEDGER = ROOT / "specs" / "templates" / "cdk.out" / "LedgerStack.template.json"


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_cdk_rest_api_as_its_export_shows_it() -> None:
    document = open_source(LEDGER)
    assert isinstance(document, TemplateDocument) and document.warnings == []
    data = document.data
    assert (data["openapi"], data["info"]["title"]) == ("3.0.1", "Ledger")
    assert data["servers"][0]["variables"]["basePath"]["default"] == "prod"  # the Stage resource's StageName
    # Paths from each Resource's parent chain, three levels deep included.
    assert sorted(data["paths"]) == ["/accounts/{accountId}/balance", "/entries", "/entries/{entryId}", "/health"]
    post = data["paths"]["/entries"]["post"]
    assert post["operationId"] == "addEntry"
    assert post["security"] == [{"LedgerStackLedgerAuthorizer6A8C0E2F": ["ledger/write"]}, {"api_key": []}]
    assert post["requestBody"] == {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewEntry"}}}, "required": True}
    assert post["x-amazon-apigateway-request-validator"] == "body"
    assert post["responses"]["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "EntriesHandler9D2B4F6A/invocations" in post["x-amazon-apigateway-integration"]["uri"]
    listing = data["paths"]["/entries"]["get"]
    assert [(p["name"], p["in"], p.get("required", False)) for p in listing["parameters"]] == [("limit", "query", False), ("cursor", "query", False)]
    assert data["paths"]["/accounts/{accountId}/balance"]["get"]["security"] == [{"sigv4": []}]
    assert "security" not in data["paths"]["/health"]["get"]  # AuthorizationType NONE
    assert data["paths"]["/health"]["get"]["x-amazon-apigateway-integration"]["type"] == "mock"
    schemas = data["components"]["schemas"]
    assert schemas["EntryList"]["properties"]["items"]["items"] == {"$ref": "#/components/schemas/Entry"}  # a model URL
    assert "$schema" not in schemas["Entry"] and schemas["Error"]["title"] == "Error Schema"  # a built-in model
    cognito = data["components"]["securitySchemes"]["LedgerStackLedgerAuthorizer6A8C0E2F"]
    assert cognito["x-amazon-apigateway-authorizer"]["providerARNs"] == ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_LedgerUse"]
    assert data["x-amazon-apigateway-request-validators"]["params"] == {"validateRequestBody": False, "validateRequestParameters": True}
    # Each operation is located at its Method resource, each model at its schema.
    text = LEDGER.read_text()
    assert document.position("/paths/~1entries/post")[0] == _line(text, '"LedgerApientriesPOST3D5F7B9C": {') + 2  # its Properties
    assert document.position("/components/schemas/EntryList/required")[0] > _line(text, '"LedgerApiEntryListModel6F8B0D2E": {')  # type: ignore[index]
    # The stack beside it: the stage's throttling, the usage plan and its key, the functions and their asset code.
    source = document.source
    assert source is not None and source.stage == "prod"
    assert source.mock_config["api_keys"] == [{"id": "LedgerApiPartnerKey7F9B1D3E", "value": "ledger-partner-0123456789abcdef",
                                               "usage_plan": "LedgerApiPartnerPlan5E7A9C1D"}]  # fmt: skip
    assert source.mock_config["stages"] == {"prod": {"throttle": {"rate": 50.0, "burst": 100}}}
    entries = source.functions["EntriesHandler9D2B4F6A"]
    assert entries.code_uri is not None and entries.code_uri.parent == LEDGER.parent and (entries.code_uri / "entries.py").is_file()
    assert (entries.handler, entries.timeout, entries.memory) == ("entries.handler", 10, 256)
    assert entries.environment == {"TABLE_NAME": "LedgerStack-EntriesTable4B7D9F21", "POWERTOOLS_SERVICE_NAME": "ledger"}
    api = load_api(document).api
    assert {o.operation_id for o in api.operations} == {"health", "listEntries", "addEntry", "getEntry", "deleteEntry", "getBalance"}


CFN = """AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  WithAdmin: {Type: String, Default: "no", AllowedValues: ["yes", "no"]}
Conditions:
  Admin: !Equals [!Ref WithAdmin, "yes"]
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: !Sub "${AWS::StackName}-files", BinaryMediaTypes: [image/png], ApiKeySourceType: HEADER}
  Other:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: other}
  Files:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: files}
  Proxy:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !Ref Files, PathPart: "{proxy+}"}
  Any:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Proxy
      HttpMethod: ANY
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref Token
      RequestParameters: {method.request.header.X-Trace: true, method.request.querystring.tag: false, nonsense: true}
      Integration: {Type: HTTP_PROXY, IntegrationHttpMethod: ANY, Uri: "https://files.example.com/{proxy}"}
  Token:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Name: token
      Type: TOKEN
      IdentitySource: method.request.header.X-Token
      AuthorizerUri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Check.Arn}/invocations"
      AuthorizerResultTtlInSeconds: "60"
  Check:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, Handler: index.handler, Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: "x"}}
  Admin:
    Type: AWS::ApiGateway::Method
    Condition: Admin
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Files, HttpMethod: DELETE, AuthorizationType: NONE}
  Orphan:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !ImportValue shared-resource, HttpMethod: GET, AuthorizationType: NONE}
  Loop1:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !Ref Loop2, PathPart: a}
  Loop2:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !Ref Loop1, PathPart: b}
  Looped:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Loop1, HttpMethod: GET, AuthorizationType: NONE}
  NoAuthorizer:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Files
      HttpMethod: GET
      AuthorizationType: COGNITO_USER_POOLS
      AuthorizerId: missing-authorizer
      ApiKeyRequired: true
      MethodResponses: [{StatusCode: "200", ResponseModels: {application/json: Nowhere}}]
  NoPart:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId}
  Partless:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref NoPart, HttpMethod: GET, AuthorizationType: NONE}
  Fetch:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Files, HttpMethod: FETCH, AuthorizationType: NONE}
  Denied:
    Type: AWS::ApiGateway::GatewayResponse
    Properties:
      RestApiId: !Ref Api
      ResponseType: ACCESS_DENIED
      StatusCode: "403"
      ResponseTemplates: {application/json: '{"error": "$context.error.message"}'}
  ElsewhereMethod:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Other, ResourceId: !GetAtt Other.RootResourceId, HttpMethod: GET, AuthorizationType: NONE}
"""


def test_cloudformation_resources_with_short_forms_conditions_and_what_cannot_be_represented(tmp_path: Path) -> None:
    path = tmp_path / "files.yaml"
    path.write_text(CFN)
    document = open_source(path, TemplateOptions(api="Api"))
    assert isinstance(document, TemplateDocument)
    data = document.data
    assert data["info"]["title"] == "files-files" and data["x-amazon-apigateway-binary-media-types"] == ["image/png"]
    # Only this API's methods, only the created ones (Admin's condition is false), only the representable ones.
    assert list(data["paths"]) == ["/files", "/files/{proxy+}"] and list(data["paths"]["/files"]) == ["get"]
    any_method = data["paths"]["/files/{proxy+}"]["x-amazon-apigateway-any-method"]
    assert [(p["name"], p["in"], p.get("required", False)) for p in any_method["parameters"]] == [
        ("proxy", "path", True), ("X-Trace", "header", True), ("tag", "query", False)]  # fmt: skip
    assert any_method["security"] == [{"token": []}]
    token = data["components"]["securitySchemes"]["token"]
    assert (token["name"], token["x-amazon-apigateway-authtype"]) == ("X-Token", "custom")
    assert token["x-amazon-apigateway-authorizer"]["authorizerResultTtlInSeconds"] == 60
    assert "function:files-Check/invocations" in token["x-amazon-apigateway-authorizer"]["authorizerUri"]
    assert data["paths"]["/files"]["get"]["security"] == [{"api_key": []}]  # the authorizer it names is not there
    assert data["x-amazon-apigateway-gateway-responses"] == {
        "ACCESS_DENIED": {"statusCode": "403", "responseTemplates": {"application/json": '{"error": "$context.error.message"}'}}}
    assert data["x-amazon-apigateway-api-key-source"] == "HEADER"
    found = {(w.pointer, w.line) for w in document.warnings}
    expected = {
        ("/Resources/Any/Properties/RequestParameters/nonsense", _line(CFN, "RequestParameters: {method")),
        ("/Resources/Orphan/Properties/ResourceId", _line(CFN, "ResourceId: !ImportValue")),
        ("/Resources/NoAuthorizer/Properties/AuthorizerId", _line(CFN, "AuthorizerId: missing-authorizer")),
        ("/Resources/NoAuthorizer/Properties/MethodResponses/0/ResponseModels/application~1json", _line(CFN, "MethodResponses:")),
        ("/Resources/NoPart/Properties/PathPart", _line(CFN, "  NoPart:") + 2),
        ("/Resources/Fetch/Properties/HttpMethod", _line(CFN, "HttpMethod: FETCH")),
    }
    assert expected <= found, found
    loops = [w for w in document.warnings if "its own ancestor" in w.message]
    assert loops and loops[0].pointer.startswith("/Resources/Loop") and loops[0].line is not None
    # validate says the same, located, and the definition is usable.
    result = CliRunner().invoke(main, ["validate", str(path), "--api", "Api"])
    assert result.exit_code == 0, result.output
    assert f"files.yaml:{_line(CFN, 'ResourceId: !ImportValue')}:" in result.stderr


ODD_VALUES: list[object] = [None, 5, "", {"Ref": "Nowhere"}, [{"a": 1}]]


def test_any_value_in_any_property_of_the_api_resources_is_read_or_refused_cleanly() -> None:
    """A sweep: each property of each API Gateway resource of the CDK example (and each resource's Properties
    itself) replaced by values of the wrong shape gives a definition (with warnings) or a SpecError, never a crash."""
    import json

    from sdkgen.diagnostics import SpecError
    from sdkgen.load import Document
    from sdkgen.sources.template import definition

    text = LEDGER.read_text()
    original = json.loads(text)
    targets = [(logical, key) for logical, resource in original["Resources"].items()
               if resource["Type"].startswith("AWS::ApiGateway::") for key in [None, *resource.get("Properties", {})]]  # fmt: skip
    assert len(targets) > 100
    outcomes = {"read": 0, "refused": 0}
    for logical, key in targets:
        for value in ODD_VALUES:
            resource = dict(original["Resources"][logical])  # only what changes is copied
            resource["Properties"] = value if key is None else {**resource["Properties"], key: value}
            data = {**original, "Resources": {**original["Resources"], logical: resource}}
            try:
                load_api(definition(Document(path=LEDGER, data=data, text=text), TemplateOptions()), strict=False, check=False)
                outcomes["read"] += 1
            except SpecError as exc:
                assert all(d.message for d in exc.diagnostics), (logical, key, value)
                outcomes["refused"] += 1
    assert outcomes["read"] > 0


CDK_INTEG = ROOT / "tests" / "fixtures" / "templates" / "aws-cdk-integ-restapi" / "test-apigateway-restapi.template.json"


def test_of_several_stages_the_one_outputs_name_else_the_first_and_stage_chooses(tmp_path: Path) -> None:
    """A CDK RestApi with a Stage of its own beside its deployment's: the definition takes the stage CDK's URL
    output names (a located warning names the others); `--stage` takes another, with its usage plans only."""
    from sdkgen.sources.cli import load_for_mock

    document = open_source(CDK_INTEG)
    assert isinstance(document, TemplateDocument) and document.source is not None
    assert document.source.stage == "beta" and document.data["servers"][0]["variables"]["basePath"]["default"] == "beta"
    (warning,) = [w for w in document.warnings if "stages" in w.message]
    assert warning.message == ("myapi4C7BF186 is deployed to 2 stages (beta, prod): the definition takes beta (the "
                               "template's Outputs name it); --stage NAME takes another")  # fmt: skip
    assert (warning.pointer, warning.line) == ("/Resources/myapi4C7BF186", _line(CDK_INTEG.read_text(), '"myapi4C7BF186": {'))
    # The usage plan lists the beta stage (`Stage: {Ref: <the Stage resource>}`, which is its StageName).
    assert list(document.source.mock_config["usage_plans"]) == ["myapiUsagePlan56F9C4F2"]

    prod = open_source(CDK_INTEG, TemplateOptions(stage="prod"))
    assert isinstance(prod, TemplateDocument) and prod.source is not None
    assert prod.data["servers"][0]["variables"]["basePath"]["default"] == "prod"
    assert [w for w in prod.warnings if "stage" in w.message] == [] and prod.source.mock_config == {}
    # `sdkgen mock TEMPLATE --stage prod` takes the same stage: no usage plan, no API key there.
    for stage, plans in (("prod", {}), ("beta", {"myapiUsagePlan56F9C4F2"})):
        _, config = load_for_mock(CDK_INTEG, TemplateOptions(stage=stage), None, strict=False)
        assert set(getattr(config, "usage_plans")) == set(plans) and len(getattr(config, "api_keys")) == len(plans)

    result = CliRunner().invoke(main, ["validate", str(CDK_INTEG), "--stage", "gamma"])
    assert result.exit_code == 0, result.output
    assert "warning: --stage gamma: myapi4C7BF186 is deployed to beta, prod only; gamma is used as given" in result.stderr

    # Without an output naming one: the first, said so.
    data = json.loads(CDK_INTEG.read_text())
    del data["Outputs"]
    path = tmp_path / "no-outputs.template.json"
    path.write_text(json.dumps(data, indent=1))
    document = open_source(path)
    assert [w.message for w in document.warnings if "stages" in w.message] == [
        "myapi4C7BF186 is deployed to 2 stages (beta, prod): the definition takes beta; --stage NAME takes another"]
    # An output naming the other stage: that one.
    data["Outputs"] = {"Url": {"Value": {"Fn::Join": ["", ["https://x/", {"Ref": "TestStage3097EB68"}, "/"]]}}}
    path.write_text(json.dumps(data, indent=1))
    assert open_source(path).data["servers"][0]["variables"]["basePath"]["default"] == "prod"
