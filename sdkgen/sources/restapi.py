"""A REST API written as separate resources (what CDK's ``RestApi`` synthesises, and plain CloudFormation often has):
``AWS::ApiGateway::Resource`` / ``Method`` / ``Authorizer`` / ``Model`` / ``RequestValidator`` /
``GatewayResponse`` resources pointing at an ``AWS::ApiGateway::RestApi`` without a ``Body``.

The definition is built as API Gateway's own export (``oas30`` with its extensions) would show the deployed API:
paths from each Resource's parent chain, one operation per Method (``OperationName`` as its ``operationId``,
request parameters, the request model, method responses, the authorizer and ``apiKeyRequired`` as security, the
request validator, the integration), models as ``components.schemas``. What cannot be represented is left out with
a warning located at the resource that says it.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..diagnostics import pointer_join
from .intrinsics import Resolver

_PARAMETER = re.compile(r"^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$")
_LOCATIONS = {"path": "path", "querystring": "query", "multivaluequerystring": "query", "header": "header",
              "multivalueheader": "header"}  # fmt: skip
_MODEL_URL = re.compile(r"^https://apigateway\.amazonaws\.com/restapis/[^/]+/models/([^/]+)$")
_TEMPLATE_VARIABLE = re.compile(r"\{([^}]+)\}")
# The two models every REST API has, as its export shows them.
BUILTIN_MODELS = {
    "Empty": {"title": "Empty Schema", "type": "object"},
    "Error": {"title": "Error Schema", "type": "object", "properties": {"message": {"type": "string"}}},
}
_HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "any"})
API_KEY_SCHEME = "api_key"
SIGV4_SCHEME = "sigv4"
Warn = Callable[[str, str], None]


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _ref_of(value: Any) -> str | None:
    """The logical id a ``{Ref: X}`` names (a literal id is an imported or physical one, not a resource here)."""
    return value["Ref"] if isinstance(value, dict) and list(value) == ["Ref"] and isinstance(value["Ref"], str) else None


@dataclass
class Built:
    """The definition and where each part of it is written in the template (definition pointer -> template pointer)."""

    data: dict[str, Any]
    origins: list[tuple[str, str]] = field(default_factory=list)


def resources_of(resolver: Resolver, api: str, prefix: str, api_property: str) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """The resources of one API (those of type ``prefix``... whose ``api_property`` refers to it, and that the
    template's conditions keep), by type without the prefix: (logical id, properties) each."""
    found: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for logical, resource in resolver.resources.items():
        if not isinstance(resource, dict) or not str(resource.get("Type", "")).startswith(prefix):
            continue
        properties = _mapping(resource.get("Properties"))
        if _ref_of(properties.get(api_property)) == api and resolver.exists(str(logical)):
            found.setdefault(str(resource["Type"]).removeprefix(prefix), []).append((str(logical), properties))
    return found


class _Builder:
    def __init__(self, resolver: Resolver, api: str, warn: Warn) -> None:
        self.resolver = resolver
        self.api = api
        self.warn = warn
        self.of_api = resources_of(resolver, api, "AWS::ApiGateway::", "RestApiId")
        self.origins: list[tuple[str, str]] = []
        self.builtin: set[str] = set()  # the built-in models a method names
        self.operation_ids: dict[str, str] = {}  # OperationName -> the method that has it
        self._paths: dict[str, str | None] = {}

    def at(self, logical: str, *parts: str | int) -> str:
        return pointer_join("/Resources", logical, "Properties", *parts)

    def value(self, value: Any, pointer: str) -> Any:
        return self.resolver.resolve(value, pointer)

    # -- paths --------------------------------------------------------------------------------------

    def path_of(self, resource_id: Any, pointer: str) -> str | None:
        """The path of the resource ``ResourceId`` / ``ParentId`` names: "/" for the API's root resource."""
        if isinstance(resource_id, dict) and list(resource_id) == ["Fn::GetAtt"]:
            target = resource_id["Fn::GetAtt"]
            parts = target.split(".", 1) if isinstance(target, str) else target
            if isinstance(parts, list) and parts == [self.api, "RootResourceId"]:
                return "/"
        logical = _ref_of(resource_id)
        resources = dict(self.of_api.get("Resource", []))
        if logical is None or logical not in resources:
            self.warn(pointer, f"{pointer.rsplit('/', 1)[-1]} names no AWS::ApiGateway::Resource of this API nor its root resource "
                      "(an imported or another stack's resource is not known offline); left out")  # fmt: skip
            return None
        if logical in self._paths:
            path = self._paths[logical]
            if path == "":  # being worked out: the parents loop
                self.warn(self.at(logical, "ParentId"), "the resource is its own ancestor (ParentId loops); left out")
                return None
            return path
        self._paths[logical] = ""
        properties = resources[logical]
        parent = self.path_of(properties.get("ParentId"), self.at(logical, "ParentId"))
        part = self.resolver.text(properties.get("PathPart"), self.at(logical, "PathPart"))
        if parent is not None and not part:
            self.warn(self.at(logical, "PathPart"), "the resource has no PathPart; left out")
        path = None if parent is None or not part else parent.rstrip("/") + "/" + part
        self._paths[logical] = path
        return path

    # -- components ---------------------------------------------------------------------------------

    def schemas(self) -> dict[str, Any]:
        schemas: dict[str, Any] = {}
        self.model_names: dict[str, str] = {}  # logical id -> model name
        for logical, properties in self.of_api.get("Model", []):
            name = self.resolver.text(properties.get("Name"), self.at(logical, "Name")) or logical
            self.model_names[logical] = name
            schema = self.value(properties.get("Schema"), self.at(logical, "Schema"))
            if isinstance(schema, str):
                try:
                    schema = json.loads(schema)
                except ValueError:
                    self.warn(self.at(logical, "Schema"), f"model {name}'s Schema is not JSON; an empty schema is used")
                    schema = {}
            if not isinstance(schema, dict):
                schema = {}
            schema = _export_refs(schema)
            schema.pop("$schema", None)  # the export leaves out the draft the model was written in
            schemas[name] = schema
            self.origins.append((pointer_join("/components/schemas", name), self.at(logical, "Schema")))
        return schemas

    def model(self, value: Any, pointer: str) -> str | None:
        logical = _ref_of(value)
        if logical is not None and logical in self.model_names:
            return self.model_names[logical]
        name = self.resolver.text(value, pointer)
        if name in self.model_names.values():
            return name  # a model named as written
        if name in BUILTIN_MODELS:
            self.builtin.add(name)
            return name
        self.warn(pointer, f"model {name!r} is not an AWS::ApiGateway::Model of this API; left out")
        return None

    def authorizers(self) -> dict[str, Any]:
        schemes: dict[str, Any] = {}
        self.authorizer_names: dict[str, str] = {}
        for logical, properties in self.of_api.get("Authorizer", []):
            name = self.resolver.text(properties.get("Name"), self.at(logical, "Name")) or logical
            self.authorizer_names[logical] = name
            kind = self.resolver.text(properties.get("Type"), self.at(logical, "Type")).upper()
            source = self.resolver.text(properties.get("IdentitySource"), self.at(logical, "IdentitySource"))
            header = source.removeprefix("method.request.header.") if source.startswith("method.request.header.") else None
            authorizer: dict[str, Any] = {}
            if kind == "COGNITO_USER_POOLS":
                authtype = "cognito_user_pools"
                authorizer = {"type": "cognito_user_pools",
                              "providerARNs": self.value(properties.get("ProviderARNs") or [], self.at(logical, "ProviderARNs"))}  # fmt: skip
            elif kind in ("TOKEN", "REQUEST"):
                authtype = "custom"
                authorizer = {"type": kind.lower(), "authorizerUri": self.resolver.text(properties.get("AuthorizerUri"), self.at(logical, "AuthorizerUri"))}
                if kind == "REQUEST":
                    header = None  # a REQUEST authorizer's identity is its sources, not one header
                    authorizer["identitySource"] = source
                else:
                    header = header or "Authorization"
                if properties.get("IdentityValidationExpression") is not None:
                    authorizer["identityValidationExpression"] = self.resolver.text(
                        properties["IdentityValidationExpression"], self.at(logical, "IdentityValidationExpression"))
                if properties.get("AuthorizerCredentials") is not None:
                    authorizer["authorizerCredentials"] = self.resolver.text(
                        properties["AuthorizerCredentials"], self.at(logical, "AuthorizerCredentials"))
            else:
                self.warn(self.at(logical, "Type"), f"authorizer type {kind or '(none)'} is not one API Gateway knows "
                          "(TOKEN, REQUEST, COGNITO_USER_POOLS); left out")  # fmt: skip
                continue
            ttl = self.resolver.text(properties.get("AuthorizerResultTtlInSeconds"), self.at(logical, "AuthorizerResultTtlInSeconds"))
            if ttl.isdigit():
                authorizer["authorizerResultTtlInSeconds"] = int(ttl)
            elif ttl:
                self.warn(self.at(logical, "AuthorizerResultTtlInSeconds"), f"{ttl!r} is not a number of seconds; "
                          "API Gateway's default (300) is used")  # fmt: skip
            schemes[name] = {"type": "apiKey", "name": header or "Unused", "in": "header",
                             "x-amazon-apigateway-authtype": authtype, "x-amazon-apigateway-authorizer": authorizer}  # fmt: skip
            self.origins.append((pointer_join("/components/securitySchemes", name), self.at(logical)))
        return schemes

    def validators(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        self.validator_names: dict[str, str] = {}
        for logical, properties in self.of_api.get("RequestValidator", []):
            name = self.resolver.text(properties.get("Name"), self.at(logical, "Name")) or logical
            self.validator_names[logical] = name
            found[name] = {
                "validateRequestBody": _truth(self.value(properties.get("ValidateRequestBody", False), self.at(logical))),
                "validateRequestParameters": _truth(self.value(properties.get("ValidateRequestParameters", False), self.at(logical))),
            }  # fmt: skip
        return found

    def gateway_responses(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for logical, properties in self.of_api.get("GatewayResponse", []):
            kind = self.resolver.text(properties.get("ResponseType"), self.at(logical, "ResponseType"))
            response: dict[str, Any] = {}
            if properties.get("StatusCode") is not None:
                response["statusCode"] = self.resolver.text(properties["StatusCode"], self.at(logical, "StatusCode"))
            for key, out in (("ResponseParameters", "responseParameters"), ("ResponseTemplates", "responseTemplates")):
                if isinstance(properties.get(key), dict):
                    response[out] = self.value(properties[key], self.at(logical, key))
            found[kind] = response
        return found

    # -- methods ------------------------------------------------------------------------------------

    def operations(self, schemes: dict[str, Any]) -> dict[str, Any]:
        paths: dict[str, Any] = {}
        for logical, properties in self.of_api.get("Method", []):
            path = self.path_of(properties.get("ResourceId"), self.at(logical, "ResourceId"))
            if path is None:
                continue
            method = self.resolver.text(properties.get("HttpMethod"), self.at(logical, "HttpMethod")).lower()
            if method not in _HTTP_METHODS:
                self.warn(self.at(logical, "HttpMethod"), f"HttpMethod {method.upper() or '(none)'} is not one API Gateway "
                          "takes (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY); left out")  # fmt: skip
                continue
            key = "x-amazon-apigateway-any-method" if method == "any" else method
            operation = self.operation(logical, properties, path, schemes)
            if operation is None:
                continue
            paths.setdefault(path, {})[key] = operation
            self.origins.append((pointer_join("/paths", path, key), self.at(logical)))
        return {path: paths[path] for path in sorted(paths)}

    def operation(self, logical: str, properties: dict[str, Any], path: str, schemes: dict[str, Any]) -> dict[str, Any] | None:
        operation: dict[str, Any] = {}
        if properties.get("OperationName") is not None:
            name = self.resolver.text(properties["OperationName"], self.at(logical, "OperationName"))
            if name in self.operation_ids:
                # API Gateway takes the same name twice (it only labels the method); an operationId may not repeat.
                self.warn(self.at(logical, "OperationName"), f"OperationName {name!r} is also {self.operation_ids[name]}'s: "
                          "this method's is left out (its client method is named after its path)")  # fmt: skip
            elif name:
                self.operation_ids[name] = f"{self.resolver.text(properties.get('HttpMethod'), logical).upper()} {path}"
                operation["operationId"] = name
        parameters: dict[tuple[str, str], dict[str, Any]] = {}
        for variable in _TEMPLATE_VARIABLE.findall(path):
            name = variable.removesuffix("+")
            parameters[("path", name)] = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        requested = self.value(properties.get("RequestParameters"), self.at(logical, "RequestParameters"))
        for expression, required in _mapping(requested).items():
            match = _PARAMETER.match(str(expression))
            if match is None:
                self.warn(self.at(logical, "RequestParameters", str(expression)),
                          f"{expression} is not a method request parameter (method.request.path|querystring|header.NAME); left out")  # fmt: skip
                continue
            where, name = _LOCATIONS[match.group(1)], match.group(2)
            parameter: dict[str, Any] = {"name": name, "in": where}
            if where == "path" or _truth(required):
                parameter["required"] = True
            parameter["schema"] = {"type": "array", "items": {"type": "string"}} if match.group(1).startswith("multivalue") else {"type": "string"}
            parameters.setdefault((where, name), parameter)
        if parameters:
            operation["parameters"] = list(parameters.values())
        content = {}
        for media, model in _mapping(properties.get("RequestModels")).items():
            model_name = self.model(model, self.at(logical, "RequestModels", str(media)))
            if model_name is not None:
                content[str(media)] = {"schema": {"$ref": f"#/components/schemas/{model_name}"}}
        if content:
            operation["requestBody"] = {"content": content, "required": True}
        operation["responses"] = self.responses(logical, properties)
        security = self.security(logical, properties, schemes)
        if security:
            operation["security"] = security
        validator = _ref_of(properties.get("RequestValidatorId"))
        if validator is not None and validator in self.validator_names:
            operation["x-amazon-apigateway-request-validator"] = self.validator_names[validator]
        elif properties.get("RequestValidatorId") is not None:
            self.warn(self.at(logical, "RequestValidatorId"), "names no AWS::ApiGateway::RequestValidator of this API; "
                      "the method is taken as not validated")  # fmt: skip
        integration = self.integration(logical, _mapping(properties.get("Integration")))
        if integration:
            operation["x-amazon-apigateway-integration"] = integration
        return operation

    def responses(self, logical: str, properties: dict[str, Any]) -> dict[str, Any]:
        responses: dict[str, Any] = {}
        raw = properties.get("MethodResponses")
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            pointer = self.at(logical, "MethodResponses", index)
            if isinstance(item, dict) and len(item) == 1 and str(next(iter(item))).startswith("Fn::"):
                item = self.resolver.resolve(item, pointer)  # a response chosen by Fn::If
            item = _mapping(item)
            status = self.resolver.text(item.get("StatusCode"), pointer_join(pointer, "StatusCode"))
            if not status:
                continue
            response: dict[str, Any] = {"description": f"{status} response"}
            headers = {}
            for expression in _mapping(self.value(item.get("ResponseParameters"), pointer_join(pointer, "ResponseParameters"))):
                if str(expression).startswith("method.response.header."):
                    headers[str(expression).removeprefix("method.response.header.")] = {"schema": {"type": "string"}}
            if headers:
                response["headers"] = headers
            content = {}
            for media, model in _mapping(item.get("ResponseModels")).items():
                name = self.model(model, pointer_join(pointer, "ResponseModels", str(media)))
                if name is not None:
                    content[str(media)] = {"schema": {"$ref": f"#/components/schemas/{name}"}}
            if content:
                response["content"] = content
            responses[status] = response
        return responses

    def security(self, logical: str, properties: dict[str, Any], schemes: dict[str, Any]) -> list[dict[str, list[str]]]:
        kind = self.resolver.text(properties.get("AuthorizationType", "NONE"), self.at(logical, "AuthorizationType")).upper()
        security: list[dict[str, list[str]]] = []
        if kind == "AWS_IAM":
            schemes.setdefault(SIGV4_SCHEME, {"type": "apiKey", "name": "Authorization", "in": "header",
                                              "x-amazon-apigateway-authtype": "awsSigv4"})  # fmt: skip
            security.append({SIGV4_SCHEME: []})
        elif kind in ("COGNITO_USER_POOLS", "CUSTOM"):
            authorizer = _ref_of(properties.get("AuthorizerId"))
            if authorizer is None or authorizer not in self.authorizer_names:
                self.warn(self.at(logical, "AuthorizerId"), f"AuthorizationType {kind} names no AWS::ApiGateway::Authorizer "
                          "of this API; the method's authorizer is left out")  # fmt: skip
            else:
                scopes = self.value(properties.get("AuthorizationScopes") or [], self.at(logical, "AuthorizationScopes"))
                scopes = scopes if isinstance(scopes, list) else [scopes]
                security.append({self.authorizer_names[authorizer]: [str(s) for s in scopes] if kind == "COGNITO_USER_POOLS" else []})
        elif kind != "NONE":
            self.warn(self.at(logical, "AuthorizationType"), f"AuthorizationType {kind} is not one API Gateway knows "
                      "(NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS); taken as NONE")  # fmt: skip
        if _truth(self.value(properties.get("ApiKeyRequired", False), self.at(logical, "ApiKeyRequired"))):
            schemes.setdefault(API_KEY_SCHEME, {"type": "apiKey", "name": "x-api-key", "in": "header"})
            security.append({API_KEY_SCHEME: []})  # a separate entry, as API Gateway exports it (both apply)
        return security

    def integration(self, logical: str, raw: dict[str, Any]) -> dict[str, Any]:
        pointer = self.at(logical, "Integration")
        if not raw:
            return {}
        integration: dict[str, Any] = {}
        simple = {"Type": "type", "IntegrationHttpMethod": "httpMethod", "Uri": "uri", "ConnectionType": "connectionType",
                  "ConnectionId": "connectionId", "Credentials": "credentials", "PassthroughBehavior": "passthroughBehavior",
                  "ContentHandling": "contentHandling", "TimeoutInMillis": "timeoutInMillis"}  # fmt: skip
        for key, out in simple.items():
            if raw.get(key) is not None:
                value = self.value(raw[key], pointer_join(pointer, key))
                integration[out] = value.lower() if key in ("Type", "PassthroughBehavior") and isinstance(value, str) else value
        for key, out in (("RequestParameters", "requestParameters"), ("RequestTemplates", "requestTemplates"),
                         ("CacheKeyParameters", "cacheKeyParameters")):  # fmt: skip
            if raw.get(key):
                integration[out] = self.value(raw[key], pointer_join(pointer, key))
        responses: dict[str, Any] = {}
        listed = raw.get("IntegrationResponses")
        for index, item in enumerate(listed if isinstance(listed, list) else []):
            item = _mapping(self.value(item, pointer_join(pointer, "IntegrationResponses", index)))
            response: dict[str, Any] = {"statusCode": str(item.get("StatusCode", ""))}
            for key, out in (("ResponseParameters", "responseParameters"), ("ResponseTemplates", "responseTemplates"),
                             ("ContentHandling", "contentHandling")):  # fmt: skip
                if item.get(key):
                    response[out] = item[key]
            responses[str(item.get("SelectionPattern") or "default")] = response
        if responses:
            integration["responses"] = responses
        return integration


def build(resolver: Resolver, api: str, warn: Warn, *, title: str, stage: str | None) -> Built:
    """The definition of REST API ``api`` made of the template's separate resources, as API Gateway exports it."""
    builder = _Builder(resolver, api, warn)
    properties = _mapping(_mapping(resolver.resources.get(api)).get("Properties"))
    info: dict[str, Any] = {"title": title, "version": "1.0"}
    if properties.get("Description") is not None:
        info["description"] = resolver.text(properties["Description"], builder.at(api, "Description"))
    schemas = builder.schemas()
    schemes = builder.authorizers()
    validators = builder.validators()
    paths = builder.operations(schemes)
    for name in sorted(builder.builtin - set(schemas)):
        schemas[name] = copy.deepcopy(BUILTIN_MODELS[name])
    if not paths:
        warn(builder.at(api), f"{api} has no AWS::ApiGateway::Method this template defines: the definition has no paths")
    data: dict[str, Any] = {"openapi": "3.0.1", "info": info, "paths": paths}
    components: dict[str, Any] = {}
    if schemas:
        components["schemas"] = schemas
    if schemes:
        components["securitySchemes"] = {name: schemes[name] for name in sorted(schemes)}
    if components:
        data["components"] = components
    if validators:
        data["x-amazon-apigateway-request-validators"] = validators
    source_type = properties.get("ApiKeySourceType")
    if source_type is not None:
        data["x-amazon-apigateway-api-key-source"] = resolver.text(source_type, builder.at(api, "ApiKeySourceType"))
    media = properties.get("BinaryMediaTypes")
    if media:
        data["x-amazon-apigateway-binary-media-types"] = resolver.resolve(media, builder.at(api, "BinaryMediaTypes"))
    responses = builder.gateway_responses()
    if responses:
        data["x-amazon-apigateway-gateway-responses"] = responses
    return Built(data, builder.origins)


def _truth(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _export_refs(value: Any) -> Any:
    """A model's reference to another model (``https://apigateway.amazonaws.com/restapis/ID/models/NAME``) is
    exported as ``#/components/schemas/NAME``."""
    if isinstance(value, dict):
        out = {k: _export_refs(v) for k, v in value.items()}
        ref = out.get("$ref")
        if isinstance(ref, str):
            match = _MODEL_URL.match(ref)
            if match:
                out["$ref"] = f"#/components/schemas/{match.group(1)}"
        return out
    if isinstance(value, list):
        return [_export_refs(v) for v in value]
    return value
