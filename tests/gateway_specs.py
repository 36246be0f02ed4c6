"""Definitions more than one test area serves from the mock."""

from __future__ import annotations

from typing import Any

# Two IAM (SigV4) operations: a GET with a path and a query parameter (values that need encoding, as examples), and
# a POST with a body.
IAM_API: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "iam", "version": "1"},
    "servers": [{"url": "https://abc.execute-api.eu-west-1.amazonaws.com/{basePath}", "variables": {"basePath": {"default": "/prod"}}}],
    "paths": {
        "/stats/{name}": {"get": {
            "security": [{"sigv4": []}],
            "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}, "example": "a b/c"},
                           {"name": "q", "in": "query", "schema": {"type": "string"}, "example": "x y"}],
            "responses": {"200": {"description": "stats", "content": {"application/json": {
                "schema": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}, "example": {"n": 1}}}}},
        }},
        "/notes": {"post": {
            "security": [{"sigv4": []}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": {"201": {"description": "made", "content": {"application/json": {"example": {"id": "n1"}}}}},
        }},
    },
    "components": {"securitySchemes": {"sigv4": {
        "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4",
    }}},
}  # fmt: skip
