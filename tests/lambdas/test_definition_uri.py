"""A SAM API whose definition is a separate file (``DefinitionUri: api.yaml``): SAM passes it to API Gateway
untouched, so its integration and authorizer URIs are literal ARNs. The template's functions answer them (by
``FunctionName``, else by logical id), with the Api resource's stage variables and method settings; a name the
template lacks is one located warning. The same application with ``DefinitionBody: Fn::Transform AWS::Include``
behaves alike. ``sdkgen mock`` runs over real sockets (uvicorn on 127.0.0.1), the handlers in workers."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from mock_process import mock_process

from sdkgen.lambdas.integration import specs_from_template
from sdkgen.sources import TemplateDocument, TemplateOptions, open_source, template_warnings

HERE = Path(__file__).resolve().parent / "definition_uri"
FUNCTIONS = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:"


def source_of(path: Path, **options: str) -> TemplateDocument:
    document = open_source(path, TemplateOptions(**options))  # type: ignore[arg-type]
    assert isinstance(document, TemplateDocument) and document.source is not None
    return document


def test_the_file_routes_name_the_template_functions_and_the_stage_comes_from_the_api() -> None:
    document = source_of(HERE / "template.yaml", stack_name="todos")
    assert document.source is not None
    served = specs_from_template(document.source)
    # todos-get by its FunctionName (!Sub with the stack name), ListTodos by its logical id, the authorizer's too.
    assert sorted(served) == ["ListTodos", "todos-auth", "todos-get"]
    assert served["todos-get"] == {"handler": "app.get_todo", "code": str(HERE / "src"), "env": {"GREETING": "hello"}, "timeout": 5.0}
    assert document.source.stage == "live"
    assert document.source.mock_config == {"stages": {"live": {
        "variables": {"table": "todos-live"}, "methods": {"GET /stats": {"throttle": {"rate": 0.01, "burst": 1}}}}}}  # fmt: skip
    # ${AWS::Region}-style text (written for AWS::Include) is put in for the mock, said once where it is.
    uri = document.data["paths"]["/region"]["get"]["x-amazon-apigateway-integration"]["uri"]
    assert uri == f"{FUNCTIONS}{ARN}todos-get/invocations"
    warnings = template_warnings(document)
    assert [(Path(w.file or "").name, w.line) for w in warnings] == [("api.yaml", 35), ("api.yaml", 44)]
    assert "leave as written" in warnings[0].message and "AWS::Include" in warnings[0].message
    assert "names function todos-stats" in warnings[1].message and "keeps its example responses" in warnings[1].message
    # The file as read is not changed: the definition the client is generated from is the user's.
    assert "${AWS::Region}" in (HERE / "api.yaml").read_text()


def test_a_stack_name_that_does_not_match_is_said_with_the_option_that_sets_it() -> None:
    warnings = template_warnings(source_of(HERE / "template.yaml"))  # the stack is taken as "template"
    (wrong,) = [w for w in warnings if "names function todos-get" in w.message]
    assert "the stack name is taken as template; --stack-name NAME sets it" in wrong.message and wrong.line == 25


TEMPLATE = """Transform: AWS::Serverless-2016-10-31
Globals: {Function: {Runtime: python3.12, CodeUri: src/}}
Resources:
  Api:
    Type: AWS::Serverless::%(api)s
    Properties: {StageName: live, DefinitionUri: api.yaml, %(variables)s: {fn: Named}}
  Named:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.named, FunctionName: %(name)s}
  Auth:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.auth}
"""
DEFINITION = """openapi: 3.0.1
info: {title: t, version: '1'}
paths:
  /x:
    get:
      responses: {'200': {description: ok}}
      x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: %(uri)s}
components:
  securitySchemes:
    A:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authorizer: {type: token, authorizerUri: '%(authorizer)s'}
"""


@pytest.mark.parametrize("api", ["Api", "HttpApi"])
@pytest.mark.parametrize(
    ("name", "uri", "served"),
    [
        ("todos-named", f"'{FUNCTIONS}{ARN}todos-named/invocations'", "todos-named"),  # a literal FunctionName
        ("!Sub '${AWS::StackName}-named'", f"'{FUNCTIONS}{ARN}stack-named/invocations'", "stack-named"),  # resolved
        ("todos-named", f"'{FUNCTIONS}{ARN}Named/invocations'", "Named"),  # its logical id
        ("todos-named", f"'{FUNCTIONS}{ARN}todos-named:live/invocations'", "todos-named"),  # with an alias
        # Text and intrinsics a file written for AWS::Include has: put in for the mock (and warned about).
        ("todos-named", "'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:"
                        "${AWS::Region}:${AWS::AccountId}:function:todos-named/invocations'", "todos-named"),
        ("todos-named", "{'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Named.Arn}/invocations'}",
         "todos-named"),
    ],
)  # fmt: skip
def test_every_way_a_file_names_a_function_reaches_it(tmp_path: Path, api: str, name: str, uri: str, served: str) -> None:
    variables = "Variables" if api == "Api" else "StageVariables"
    (tmp_path / "template.yaml").write_text(TEMPLATE % {"api": api, "name": name, "variables": variables})
    (tmp_path / "api.yaml").write_text(DEFINITION % {"uri": uri, "authorizer": f"{FUNCTIONS}{ARN}Auth/invocations"})
    document = source_of(tmp_path / "template.yaml", stack_name="stack")
    assert document.source is not None
    entries = specs_from_template(document.source)
    assert entries[served]["handler"] == "app.named" and entries["Auth"]["handler"] == "app.auth"
    assert not [w for w in template_warnings(document) if "names function" in w.message]
    stages = document.source.mock_config["stages"]
    assert stages["live"]["variables"] == {"fn": "Named"}


def test_a_missing_authorizer_function_is_one_warning_and_the_stand_in_stays(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE % {"api": "Api", "name": "n", "variables": "Variables"})
    missing = f"{FUNCTIONS}{ARN}nobody/invocations"
    (tmp_path / "api.yaml").write_text(DEFINITION % {"uri": f"'{missing}'", "authorizer": missing})
    warnings = [w for w in template_warnings(source_of(tmp_path / "template.yaml")) if "names function nobody" in w.message]
    assert len(warnings) == 1 and warnings[0].line == 7  # the first use: the route's URI
    assert "its route keeps its example responses" in warnings[0].message
    (tmp_path / "api.yaml").write_text(DEFINITION % {"uri": f"'{FUNCTIONS}{ARN}n/invocations'", "authorizer": missing})
    (only,) = [w for w in template_warnings(source_of(tmp_path / "template.yaml")) if "names function nobody" in w.message]
    assert only.message.startswith("the authorizerUri names") and "allow-list stand-in stays" in only.message


@pytest.mark.parametrize(("template", "listed_as"), [("template.yaml", "ListTodos"), ("include.yaml", "todos-ListTodos")])
def test_sdkgen_mock_serves_the_template_functions_for_the_file_routes(template: str, listed_as: str) -> None:
    with mock_process(str(HERE / template), "--stack-name", "todos", "--quiet", until_ready=True) as (url, lines):
        printed = "".join(lines)
        assert url.endswith("/live")
        # The route map names each function; the one the template lacks keeps its examples, after one warning.
        assert f"Lambda: GET /todos -> {listed_as} (app.list_todos in " in printed
        assert "Lambda: GET /todos/{id} -> todos-get (app.get_todo in " in printed
        assert "Lambda: authorizer TenantAuth -> todos-auth (auth.handler in " in printed
        assert "Lambda: GET /stats names function todos-stats, which has no code here: example responses" in printed
        assert printed.count("names function todos-stats, but no function of the template") == 1
        with httpx.Client(base_url=url, timeout=30) as client:
            listed = client.get("/todos").json()
            # The handler, with the Globals' environment and the Api resource's stage variables.
            assert listed == {"function": listed_as, "greeting": "hello", "table": "todos-live", "stage": "live"}
            got = client.get("/todos/7", headers={"X-Tenant": "acme"}).json()
            assert got["function"] == "todos-get" and got["id"] == "7" and got["principal"] == "user-acme"
            assert client.get("/todos/7", headers={"X-Tenant": "deny"}).status_code == 403  # the authorizer's Deny
            assert client.get("/todos/7").status_code == 401  # no identity: not invoked
            assert client.get("/region").json()["function"] == "todos-get"
            # Examples for the function the template lacks, throttled by the stage's MethodSettings (burst 1).
            assert client.get("/stats").json() == {"from": "example"}
            assert client.get("/stats").status_code == 429


def test_text_outside_fn_sub_in_an_included_file_is_said_and_put_in(tmp_path: Path) -> None:
    # AWS::Include resolves the intrinsics of the file it includes; plain text is left as written, there as anywhere.
    text = (TEMPLATE % {"api": "Api", "name": "!Sub '${AWS::StackName}-named'", "variables": "Variables"}).replace(
        "DefinitionUri: api.yaml", "DefinitionBody: {'Fn::Transform': {Name: 'AWS::Include', Parameters: {Location: api.yaml}}}")
    (tmp_path / "template.yaml").write_text(text)
    plain = f"arn:aws:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/{ARN}${{AWS::StackName}}-named/invocations"
    (tmp_path / "api.yaml").write_text(DEFINITION % {"uri": f"'{plain}'", "authorizer": f"{FUNCTIONS}{ARN}Auth/invocations"})
    document = source_of(tmp_path / "template.yaml", stack_name="stack")
    assert document.source is not None and specs_from_template(document.source)["stack-named"]["handler"] == "app.named"
    (said,) = [w for w in template_warnings(document) if "outside Fn::Sub" in w.message]
    assert Path(said.file or "").name == "api.yaml" and said.line == 7


def test_a_stage_variable_in_a_files_fn_sub_is_left_for_the_stage(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE % {"api": "Api", "name": "n", "variables": "Variables"})
    uri = "{'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/" + ARN + "${stageVariables.fn}/invocations'}"
    (tmp_path / "api.yaml").write_text(DEFINITION % {"uri": uri, "authorizer": f"{FUNCTIONS}{ARN}Auth/invocations"})
    document = source_of(tmp_path / "template.yaml")
    integration = document.data["paths"]["/x"]["get"]["x-amazon-apigateway-integration"]
    assert integration["uri"] == f"{FUNCTIONS}{ARN}${{stageVariables.fn}}/invocations"
    (only,) = template_warnings(document)  # the one about intrinsics; none about a resource "stageVariables"
    assert "use intrinsics" in only.message
