"""Public templates (tests/fixtures/templates/, provenance in its README) through `validate` and `generate`: no
crash, every finding located in the file the user wrote, a usable client."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sdkgen.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "templates"
TEMPLATES = sorted([*FIXTURES.glob("*/template.yaml"), *FIXTURES.glob("*/*.template.json")])
# What each one's API is, as `validate` counts it: operations, and a warning each must give (None: none needed).
EXPECTED = {
    "apigw-api-key": (1, None),  # a Method resource on the root, ApiKeyRequired, a usage plan with a made-up key
    "apigw-cors-nonproxy": (2, "OperationName 'helloworld' is also GET /helloworld's"),
    "apigw-data-validation": (1, None),  # SAM Models and a RequestModel with ValidateBody
    "apigw-ddb-openapi-crud": (5, None),  # AWS::Include of api.yaml, located there
    "apigw-http-api-lambda-python": (1, "the $default route"),
    "apigw-iam": (1, None),
    "apigw-lambda-authorizer": (1, None),  # a TOKEN Authorizer resource
    "apigw-sqs-receive-messages": (1, None),  # an AWS (SQS) integration, query parameters, the built-in Empty model
    "aws-cdk-integ-restapi": (6, None),  # a real `cdk synth` of a CDK RestApi: Resource/Method resources, two stages
}
LOCATED = re.compile(r"^\S+:\d+:\d+ \(#\S*\): (warning|error): ")


def test_every_fixture_is_expected() -> None:
    assert sorted(t.parent.name for t in TEMPLATES) == sorted(EXPECTED)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.parent.name)
def test_validate_and_generate_each_public_template(template: Path, tmp_path: Path) -> None:
    operations, warning = EXPECTED[template.parent.name]
    result = CliRunner().invoke(main, ["validate", str(template)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    assert f"usable: {operations} operations" in result.stdout, result.output
    findings = [line for line in result.stderr.splitlines() if line.strip()]
    unlocated = [line for line in findings if not LOCATED.match(line)]
    assert unlocated == [], unlocated
    # Located in the template (or the file it includes), never in a file of sdkgen's own making.
    assert all(line.startswith(str(template.parent)) for line in findings), findings
    if warning is not None:
        assert any(warning in line for line in findings), findings
    out = tmp_path / "client"
    generated = CliRunner().invoke(main, ["generate", str(template), "-o", str(out)])
    assert generated.exit_code == 0, generated.output
    assert len(list(out.glob("*/_client.py"))) == 1 and (out / "pyproject.toml").is_file()
