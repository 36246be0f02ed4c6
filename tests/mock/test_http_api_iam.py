"""An HTTP API route with IAM (AWS_IAM) auth, called without a signature: HTTP APIs answer 403 {"message":"Forbidden"}.

"Missing Authentication Token" is a REST API's gateway response (its MISSING_AUTHENTICATION_TOKEN, also what an
unknown REST path gets); HTTP APIs have no gateway responses, answer an unknown route 404 "Not Found", and refuse a
request their authorizer does not admit with 403 "Forbidden" (apigateway.md, Default gateway responses).
"""

from __future__ import annotations

from typing import Any

import pytest
from gateway_helpers import client_for

from sdkgen.mock import create_app

SIGV4 = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}


def _api(flavour: str) -> dict[str, Any]:
    operation: dict[str, Any] = {"security": [{"sigv4": []}], "responses": {"200": {"description": "ok"}}}
    if flavour == "http":
        operation["x-amazon-apigateway-integration"] = {
            "type": "aws_proxy", "httpMethod": "POST", "payloadFormatVersion": "2.0",
            "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations",
        }  # fmt: skip
    data: dict[str, Any] = {
        "openapi": "3.0.1", "info": {"title": "Admin", "version": "1"},
        "paths": {"/admin": {"get": operation}}, "components": {"securitySchemes": {"sigv4": SIGV4}},
    }  # fmt: skip
    if flavour == "http":
        data["x-amazon-apigateway-importexport-version"] = "1.0"
    return data


@pytest.mark.parametrize("iam", [None, {"access_key_id": "AKIDEXAMPLE", "secret_access_key": "secret"}], ids=["form-only", "verified"])
@pytest.mark.parametrize(("flavour", "status", "body", "error_type"), [
    ("http", 403, {"message": "Forbidden"}, None),
    ("rest", 403, {"message": "Missing Authentication Token"}, "MissingAuthenticationTokenException"),
], ids=["http-api", "rest-api"])  # fmt: skip
async def test_unsigned_request_to_an_iam_route(flavour: str, status: int, body: dict[str, str], error_type: str | None, iam: Any) -> None:
    app = create_app(_api(flavour), {"iam": iam} if iam else None)
    assert app.is_http == (flavour == "http")
    async with client_for(app) as client:
        response = await client.get("/admin")
    assert response.status_code == status
    assert response.json() == body
    assert response.headers.get("x-amzn-errortype") == error_type
