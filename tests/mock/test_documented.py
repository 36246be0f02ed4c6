"""The documented copy: API Gateway's own responses added, and exports mended for OpenAPI tools."""

from __future__ import annotations

import copy
from typing import Any

from sdkgen.mock.documented import (
    GATEWAY_STATUSES,
    openapi_path,
    with_gateway_responses,
)

SWAGGER: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "t", "version": "1"},
    "produces": ["application/json"],
    "paths": {
        "/notes/{noteId}": {"delete": {
            "parameters": [{"name": "noteId", "in": "path", "required": True, "type": "string"}],
            "responses": {"default": {"description": "gone"}},
        }},
        "/files/{proxy+}": {"get": {
            "produces": ["application/octet-stream"],
            "parameters": [{"name": "proxy", "in": "path", "required": True, "type": "string"}],
            "responses": {"200": {"description": "bytes", "schema": {"type": "string", "format": "binary"}}},
        }},
        "/reports/{year}": {"get": {"responses": {"200": {"description": "report"}}}},
    },
}  # fmt: skip

HTTP_API: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/todos/{id}": {
            "get": {"responses": {"200": {"description": "a todo"}}},
            "patch": {"parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string", "minLength": 3}}],
                      "responses": {"200": {"description": "patched"}}},
        },
        "/users/{userId}/todos/{id}": {
            "parameters": [{"name": "userId", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {"responses": {"200": {"description": "one"}}},
        },
    },
}  # fmt: skip


def test_gateway_responses_are_added_where_undocumented() -> None:
    result = with_gateway_responses(HTTP_API)
    responses = result["paths"]["/todos/{id}"]["get"]["responses"]
    assert set(responses) == {"200", *GATEWAY_STATUSES}
    assert responses["403"]["content"]["application/json"]["schema"]["properties"]["message"] == {"type": "string"}
    assert with_gateway_responses(SWAGGER)["paths"]["/reports/{year}"]["get"]["responses"]["429"]["schema"]


def test_swagger_operations_with_their_own_media_types_also_produce_json() -> None:
    # Regression (Schemathesis ST105 on notes.swagger.yaml): 2.0 lists media types per operation, so the
    # gateway's JSON errors on an application/octet-stream operation were "undocumented".
    paths = with_gateway_responses(SWAGGER)["paths"]
    assert paths["/files/{proxy}"]["get"]["produces"] == ["application/octet-stream", "application/json"]
    assert "produces" not in paths["/notes/{noteId}"]["delete"]  # the definition's own produces covers JSON


def test_greedy_variables_become_plain_ones() -> None:
    # Regression (Schemathesis "Path parameter 'proxy+' is not defined" on notes.swagger.yaml).
    assert openapi_path("/files/{proxy+}") == "/files/{proxy}"
    assert openapi_path("/a/{b}/{c+}") == "/a/{b}/{c}"
    paths = with_gateway_responses(SWAGGER)["paths"]
    assert "/files/{proxy+}" not in paths
    assert [p["name"] for p in paths["/files/{proxy}"]["get"]["parameters"]] == ["proxy"]


def test_undeclared_path_parameters_are_declared() -> None:
    # Regression (Schemathesis "Path parameter 'id' is not defined" on todo-http.json): HTTP API exports
    # never declare their path parameters.
    paths = with_gateway_responses(HTTP_API)["paths"]
    assert paths["/todos/{id}"]["get"]["parameters"] == [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    assert paths["/todos/{id}"]["patch"]["parameters"] == HTTP_API["paths"]["/todos/{id}"]["patch"]["parameters"]  # kept as is
    # a parameter declared on the path item counts; only the other one is added
    assert paths["/users/{userId}/todos/{id}"]["get"]["parameters"] == [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    swagger = with_gateway_responses(SWAGGER)["paths"]["/reports/{year}"]["get"]["parameters"]
    assert swagger == [{"name": "year", "in": "path", "required": True, "type": "string"}]


def test_the_input_is_not_changed() -> None:
    before = copy.deepcopy(SWAGGER), copy.deepcopy(HTTP_API)
    with_gateway_responses(SWAGGER)
    with_gateway_responses(HTTP_API)
    assert (SWAGGER, HTTP_API) == before
