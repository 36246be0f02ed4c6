"""An HTTP API made of AWS::ApiGatewayV2::Route resources: a route cannot declare responses, so each operation
has only the 'default' one the export shows. One warning, located at the API, counts them (as for the operations
SAM makes from functions' events), instead of one per route."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from sdkgen.cli import main


def _template(routes: int) -> dict[str, Any]:
    resources: dict[str, Any] = {
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "app.handler", "Runtime": "python3.12", "Code": {"ZipFile": "x"}}},
        "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "Items", "ProtocolType": "HTTP"}},
        "Integration": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "ApiId": {"Ref": "Api"}, "IntegrationType": "AWS_PROXY", "IntegrationUri": {"Fn::GetAtt": ["Fn", "Arn"]},
            "PayloadFormatVersion": "2.0"}},
    }  # fmt: skip
    for i in range(routes):
        resources[f"Route{i}"] = {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
            "ApiId": {"Ref": "Api"}, "RouteKey": f"GET /items{i}", "OperationName": f"getItems{i}",
            "Target": {"Fn::Join": ["", ["integrations/", {"Ref": "Integration"}]]}}}  # fmt: skip
    return {"Resources": resources}


def test_one_summary_for_the_routes_default_only_responses(tmp_path: Path) -> None:
    path = tmp_path / "template.json"
    path.write_text(json.dumps(_template(12), indent=1), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    default_only = [line for line in warnings if "'default' response" in line]
    assert len(default_only) == 1, warnings
    assert "12 operation(s) made from the template's route resources" in default_only[0]
    api_line = path.read_text(encoding="utf-8").splitlines().index('  "Api": {') + 1
    assert default_only[0].startswith(f"{path}:{api_line}:"), (default_only[0], api_line)  # at the API resource
    assert warnings == default_only  # every route has its OperationName: nothing else to say


def test_a_definitions_default_only_operations_are_still_each_warned(tmp_path: Path) -> None:
    """What a definition's author can fix is said where to fix it, operation by operation."""
    path = tmp_path / "api.yaml"
    path.write_text(
        "openapi: 3.0.1\ninfo: {title: T, version: '1'}\npaths:\n"
        + "".join(f"  /a{i}:\n    get:\n      operationId: a{i}\n      responses: {{default: {{description: x}}}}\n" for i in range(3)),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert sum("documents only a 'default' response" in line for line in result.stderr.splitlines()) == 3
