"""The template flags (--api, --parameter, --region, --stack-name) reach the template on every command that takes
them: `generate` and `mock` are run through the CLI and the values are seen in what each makes of the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import sdkgen.mock.server
from sdkgen.cli import main

TWO_APIS = """AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
Resources:
  First:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        info: {title: first api, version: "1"}
        paths:
          /a:
            get:
              operationId: getA
              responses: {"200": {description: ok}}
              x-amazon-apigateway-integration: {type: mock}
  Second:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        info:
          title: !Sub "second ${AWS::StackName} ${AWS::Region} ${Env}"
          version: "1"
        paths:
          /b:
            get:
              operationId: getB
              responses: {"200": {description: ok}}
              x-amazon-apigateway-integration: {type: mock}
"""
FLAGS = ["--api", "Second", "--region", "eu-west-1", "--stack-name", "prod-shop", "--parameter", "Env=prod"]


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "shop-stack.yaml"
    path.write_text(TWO_APIS, encoding="utf-8")
    return path


def test_generate_takes_the_chosen_api_with_the_given_region_stack_name_and_parameter(template: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(template), *FLAGS, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "README.md").read_text(encoding="utf-8").splitlines()[0] == "# second prod-shop eu-west-1 prod"
    # the defaults: AWS::StackName from the file name, us-east-1, the parameter's Default
    out = tmp_path / "defaults"
    result = CliRunner().invoke(main, ["generate", str(template), "--api", "Second", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "README.md").read_text(encoding="utf-8").splitlines()[0] == "# second shop-stack us-east-1 dev"


def test_mock_serves_the_chosen_api_with_the_given_region_stack_name_and_parameter(
    template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = []
    monkeypatch.setattr(sdkgen.mock.server, "serve", lambda app, sock, host, **_: served.append(app))  # bind, do not serve
    result = CliRunner().invoke(main, ["mock", str(template), *FLAGS, "--port", "0", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Mock gateway for second prod-shop eu-west-1 prod: http://127.0.0.1:" in result.output
    assert [operation.operation_id for operation in served[0].api.operations] == ["getB"]
    result = CliRunner().invoke(main, ["mock", str(template), "--port", "0", "--quiet"])
    assert result.exit_code == 1 and "choose one with --api" in result.output
