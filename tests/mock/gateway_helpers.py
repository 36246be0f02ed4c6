"""Shared definitions and helpers for the mock gateway's tests (definitions are built inline)."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from sdkgen.mock import MockGateway, create_app

KEY = "alice-0123456789abcdef"
SECRET = "s3cr3t-for-tests-only-0123456789abcdef"  # HS256 needs >= 32 bytes to keep PyJWT quiet

SHOP: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "Shop", "version": "2024-01-01 00:00:00UTC"},
    "servers": [{"url": "https://abc123.execute-api.us-east-1.amazonaws.com/{basePath}", "variables": {"basePath": {"default": "/prod"}}}],
    "x-amazon-apigateway-request-validators": {
        "all": {"validateRequestBody": True, "validateRequestParameters": True},
        "body-only": {"validateRequestBody": True, "validateRequestParameters": False},
        "params-only": {"validateRequestBody": False, "validateRequestParameters": True},
    },
    "paths": {
        "/products": {
            "get": {
                "security": [{"api_key": []}],
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                    {"name": "category", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Product"}}}}}
                },
            },
            "post": {
                "security": [{"api_key": []}],
                "x-amazon-apigateway-request-validator": "all",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewProduct"}}}},
                "responses": {
                    "201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Product"}}}},
                    "400": {"description": "bad", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            },
        },
        "/products/{productId}": {
            "get": {
                "parameters": [{"name": "productId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "one",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Product"},
                            "examples": {
                                "widget": {"value": {"id": "p-1", "name": "Widget", "price": 9.5}},
                                "gadget": {"value": {"id": "p-2", "name": "Gadget", "price": 20}},
                            },
                        }},
                    },
                    "404": {"description": "missing", "content": {"application/json": {"example": {"message": "no such product"}}}},
                },
            },
            "delete": {
                "parameters": [{"name": "productId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "gone"}},
            },
        },
        "/search": {
            "get": {
                "x-amazon-apigateway-request-validator": "params-only",
                "parameters": [
                    {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}},
                    {"name": "page", "in": "query", "schema": {"type": "integer"}},
                    {"name": "X-Trace", "in": "header", "required": True, "schema": {"type": "string"}},
                ],
                "responses": {"200": {"description": "hits", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Product"}}}}},
            }
        },
        "/orders": {
            "post": {
                "security": [{"api_key": []}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}}},
            }
        },
        "/me": {
            "get": {
                "security": [{"ShopCognito": []}],
                "responses": {"200": {"description": "me", "content": {"application/json": {"example": {"user": "me"}}}}},
            }
        },
        "/admin": {
            "get": {
                "security": [{"ShopCognito": ["shop/admin"]}],
                "responses": {"200": {"description": "admin", "content": {"application/json": {"example": {"admin": True}}}}},
            }
        },
        "/notes": {
            "get": {
                "security": [{"NotesAuthorizer": []}],
                "responses": {"200": {"description": "notes", "content": {"application/json": {"example": ["a"]}}}},
            }
        },
        "/files/{proxy+}": {
            "get": {
                "parameters": [{"name": "proxy", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "file", "content": {"application/json": {"example": {"file": True}}}}},
            }
        },
        "/files/special": {
            "get": {"responses": {"200": {"description": "special", "content": {"application/json": {"example": {"special": True}}}}}}
        },
        "/anything": {
            "x-amazon-apigateway-any-method": {
                "responses": {"200": {"description": "any", "content": {"application/json": {"example": {"any": True}}}}}
            }
        },
        "/health": {
            "get": {
                "responses": {"200": {"description": "health"}},
                "x-amazon-apigateway-integration": {
                    "type": "mock",
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {"default": {
                        "statusCode": "200",
                        "responseParameters": {"method.response.header.X-Mock": "'yes'"},
                        "responseTemplates": {"application/json": '{"status": "healthy"}'},
                    }},
                },
            }
        },
        "/legacy": {"get": {"responses": {"default": {"description": "whatever", "content": {"application/json": {"schema": {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}}}}}}},
    },
    "components": {
        "securitySchemes": {
            "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
            "ShopCognito": {
                "type": "apiKey", "name": "Authorization", "in": "header",
                "x-amazon-apigateway-authtype": "cognito_user_pools",
                "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": ["arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_X"]},
            },
            "NotesAuthorizer": {
                "type": "apiKey", "name": "Authorization", "in": "header",
                "x-amazon-apigateway-authtype": "custom",
                "x-amazon-apigateway-authorizer": {"type": "token", "identitySource": "method.request.header.Authorization"},
            },
        },
        "schemas": {
            "Status": {"type": "string", "enum": ["active", "retired"]},
            "NewProduct": {
                "type": "object",
                "required": ["name", "price"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 40},
                    "price": {"type": "number", "minimum": 0},
                    "status": {"$ref": "#/components/schemas/Status"},
                    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
                    "dims": {"type": "object", "required": ["w", "h"], "properties": {"w": {"type": "integer"}, "h": {"type": "integer"}}},
                    "sku": {"type": "string", "pattern": "^[A-Z]{3}-\\d{4}$"},
                    "launch": {"type": "string", "format": "date"},
                },
            },
            "Product": {
                "type": "object",
                "required": ["id", "name", "price"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "name": {"type": "string", "minLength": 3, "maxLength": 10},
                    "price": {"type": "number", "minimum": 1, "maximum": 5, "multipleOf": 0.5},
                    "count": {"type": "integer", "minimum": 10, "maximum": 12},
                    "status": {"$ref": "#/components/schemas/Status"},
                    "sku": {"type": "string", "pattern": "^[A-Z]{3}-\\d{4}$"},
                    "created": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2, "uniqueItems": True},
                    "related": {"type": "array", "items": {"$ref": "#/components/schemas/Product"}},
                },
            },
            "Order": {
                "type": "object",
                "required": ["orderId", "lines"],
                "properties": {
                    "orderId": {"type": "string"},
                    "lines": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["qty"], "properties": {"qty": {"type": "integer", "exclusiveMinimum": True, "minimum": 0}}}},
                },
            },
            "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
        },
    },
}

HTTP_API: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "Notes HTTP", "version": "1"},
    "x-amazon-apigateway-importexport-version": "1.0",
    "servers": [{"url": "https://xyz.execute-api.us-east-1.amazonaws.com/{basePath}", "variables": {"basePath": {"default": ""}}}],
    "x-amazon-apigateway-cors": {"allowOrigins": ["https://app.example"], "allowMethods": ["GET", "POST"], "allowHeaders": ["authorization"], "maxAge": 600},
    "paths": {
        "/todos/{id}": {"get": {"security": [{"jwt": ["todos/read"]}], "responses": {"default": {"description": "a todo"}}}},
        "/public": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"example": {"public": True}}}}}}},
    },
    "components": {
        "securitySchemes": {
            "jwt": {
                "type": "oauth2", "flows": {},
                "x-amazon-apigateway-authorizer": {
                    "type": "jwt", "identitySource": "$request.header.Authorization",
                    "jwtConfiguration": {"issuer": "https://issuer.example", "audience": ["client-1"]},
                },
            }
        }
    },
}


def shop() -> dict[str, Any]:
    return copy.deepcopy(SHOP)


def http_api() -> dict[str, Any]:
    return copy.deepcopy(HTTP_API)


def base_config(**extra: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "api_keys": [{"id": "alice", "value": KEY}],
        "authorizers": {
            "ShopCognito": {"issuer": "https://issuer.example", "audience": ["client-1"], "hs256_secret": SECRET},
            "NotesAuthorizer": {"allow": ["Bearer good-token"]},
        },
    }
    config.update(extra)
    return config


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def client_for(app: MockGateway) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mock")
