"""An HTTP API written as separate resources (what CDK's ``HttpApi`` synthesises): ``AWS::ApiGatewayV2::Route`` /
``Integration`` / ``Authorizer`` resources pointing at an ``AWS::ApiGatewayV2::Api`` without a ``Body``, or the
Api's own quick-create ``Target``.

The definition is built as API Gateway's ``export-api`` (OAS 3.0.1, extensions included) would show the deployed
API: a route key ``GET /items`` is a path and an operation (``ANY``: ``x-amazon-apigateway-any-method``), the
``$default`` route is the ``$default`` path with ``isDefaultRoute``, each route's integration is its
``x-amazon-apigateway-integration`` (with ``payloadFormatVersion``), JWT and Lambda authorizers are security
schemes, and the Api's ``CorsConfiguration`` is ``x-amazon-apigateway-cors``. What cannot be represented is left
out with a warning located at the resource that says it.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import pointer_join
from .intrinsics import Resolver
from .restapi import SIGV4_SCHEME, Built, Warn, _mapping, _ref_of, _truth, resources_of

_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"})
_TEMPLATE_VARIABLE = re.compile(r"\{([^}]+)\}")
_SUB_NAME = re.compile(r"\$\{([A-Za-z0-9]+)\}")
# CorsConfiguration's keys as the export names them.
_CORS = {"AllowOrigins": "allowOrigins", "AllowMethods": "allowMethods", "AllowHeaders": "allowHeaders",
         "ExposeHeaders": "exposeHeaders", "MaxAge": "maxAge", "AllowCredentials": "allowCredentials"}  # fmt: skip


def _names_in(value: Any) -> list[str]:
    """Logical ids a value refers to (``Ref``, ``Fn::GetAtt``, ``${X}`` in ``Fn::Sub``), in order."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                found.append(inner)
            elif key == "Fn::Sub":
                text = inner[0] if isinstance(inner, list) and inner else inner
                found.extend(_SUB_NAME.findall(text) if isinstance(text, str) else [])
                found.extend(_names_in(inner[1:]) if isinstance(inner, list) else [])
            else:
                found.extend(_names_in(inner))
    elif isinstance(value, list):
        for inner in value:
            found.extend(_names_in(inner))
    return found


class _Builder:
    def __init__(self, resolver: Resolver, api: str, warn: Warn) -> None:
        self.resolver = resolver
        self.api = api
        self.warn = warn
        self.of_api = resources_of(resolver, api, "AWS::ApiGatewayV2::", "ApiId")
        self.origins: list[tuple[str, str]] = []
        self.operation_ids: dict[str, str] = {}

    def at(self, logical: str, *parts: str | int) -> str:
        return pointer_join("/Resources", logical, "Properties", *parts)

    def text(self, value: Any, pointer: str) -> str:
        return self.resolver.text(value, pointer)

    # -- components ---------------------------------------------------------------------------------

    def authorizers(self) -> dict[str, Any]:
        schemes: dict[str, Any] = {}
        self.authorizer_names: dict[str, str] = {}
        for logical, properties in self.of_api.get("Authorizer", []):
            name = self.text(properties.get("Name"), self.at(logical, "Name")) or logical
            kind = self.text(properties.get("AuthorizerType"), self.at(logical, "AuthorizerType")).upper()
            sources = self.resolver.resolve(properties.get("IdentitySource") or [], self.at(logical, "IdentitySource"))
            sources = [str(s) for s in (sources if isinstance(sources, list) else [sources])]
            authorizer: dict[str, Any] = {"type": kind.lower()}
            if sources:
                authorizer["identitySource"] = ", ".join(sources)
            if kind == "JWT":
                config = _mapping(properties.get("JwtConfiguration"))
                jwt: dict[str, Any] = {}
                if config.get("Issuer") is not None:
                    jwt["issuer"] = self.text(config["Issuer"], self.at(logical, "JwtConfiguration", "Issuer"))
                audience = self.resolver.resolve(config.get("Audience") or [], self.at(logical, "JwtConfiguration", "Audience"))
                jwt["audience"] = [str(a) for a in (audience if isinstance(audience, list) else [audience])]
                authorizer["jwtConfiguration"] = jwt
                scheme: dict[str, Any] = {"type": "oauth2", "flows": {}, "x-amazon-apigateway-authorizer": authorizer}
            elif kind == "REQUEST":
                uri = properties.get("AuthorizerUri")
                authorizer["authorizerUri"] = self.text(uri, self.at(logical, "AuthorizerUri")) if uri is not None else ""
                for key, out in (("AuthorizerPayloadFormatVersion", "authorizerPayloadFormatVersion"),
                                 ("AuthorizerCredentialsArn", "authorizerCredentials")):  # fmt: skip
                    if properties.get(key) is not None:
                        authorizer[out] = self.text(properties[key], self.at(logical, key))
                if properties.get("EnableSimpleResponses") is not None:
                    authorizer["enableSimpleResponses"] = _truth(self.resolver.resolve(
                        properties["EnableSimpleResponses"], self.at(logical, "EnableSimpleResponses")))  # fmt: skip
                ttl = self.text(properties.get("AuthorizerResultTtlInSeconds"), self.at(logical, "AuthorizerResultTtlInSeconds"))
                if ttl.isdigit():
                    authorizer["authorizerResultTtlInSeconds"] = int(ttl)
                first = re.search(r"\$request\.header\.(\S+)", sources[0]) if sources else None
                scheme = {"type": "apiKey", "name": first.group(1) if first else "Unused", "in": "header",
                          "x-amazon-apigateway-authorizer": authorizer}  # fmt: skip
            else:
                self.warn(self.at(logical, "AuthorizerType"), f"authorizer type {kind or '(none)'} is not one an HTTP API "
                          "has (JWT, REQUEST); left out")  # fmt: skip
                continue
            self.authorizer_names[logical] = name
            schemes[name] = scheme
            self.origins.append((pointer_join("/components/securitySchemes", name), self.at(logical)))
        return schemes

    def integrations(self) -> dict[str, dict[str, Any]]:
        return {logical: self.integration(logical, properties) for logical, properties in self.of_api.get("Integration", [])}

    def integration(self, logical: str, raw: dict[str, Any]) -> dict[str, Any]:
        kind = self.text(raw.get("IntegrationType"), self.at(logical, "IntegrationType")).lower()
        integration: dict[str, Any] = {}
        version = raw.get("PayloadFormatVersion")
        if version is not None:
            integration["payloadFormatVersion"] = self.text(version, self.at(logical, "PayloadFormatVersion"))
        elif kind == "aws_proxy" and raw.get("IntegrationSubtype") is None:
            # API Gateway refuses a Lambda integration without one; 2.0 is what the console and CDK choose.
            self.warn(self.at(logical), "the Lambda integration has no PayloadFormatVersion (API Gateway requires one); "
                      "2.0 is assumed")  # fmt: skip
            integration["payloadFormatVersion"] = "2.0"
        else:
            integration["payloadFormatVersion"] = "1.0"
        integration["type"] = kind
        if raw.get("IntegrationSubtype") is not None:
            integration["integrationSubtype"] = self.text(raw["IntegrationSubtype"], self.at(logical, "IntegrationSubtype"))
        method = raw.get("IntegrationMethod")
        if method is not None:
            integration["httpMethod"] = self.text(method, self.at(logical, "IntegrationMethod")).upper()
        elif kind == "aws_proxy":
            integration["httpMethod"] = "POST"  # Lambda is invoked with POST; the export says so
        simple = {"IntegrationUri": "uri", "ConnectionType": "connectionType", "ConnectionId": "connectionId",
                  "CredentialsArn": "credentials"}  # fmt: skip
        for key, out in simple.items():
            if raw.get(key) is not None:
                integration[out] = self.text(raw[key], self.at(logical, key))
        integration.setdefault("connectionType", "INTERNET")
        if raw.get("TimeoutInMillis") is not None:
            timeout = self.text(raw["TimeoutInMillis"], self.at(logical, "TimeoutInMillis"))
            integration["timeoutInMillis"] = int(timeout) if timeout.isdigit() else timeout
        for key, out in (("RequestParameters", "requestParameters"), ("ResponseParameters", "responseParameters")):
            if raw.get(key):
                integration[out] = self.resolver.resolve(raw[key], self.at(logical, key))
        server_name = _mapping(raw.get("TlsConfig")).get("ServerNameToVerify")
        if server_name is not None:
            integration["tlsConfig"] = {"serverNameToVerify": self.text(server_name, self.at(logical, "TlsConfig", "ServerNameToVerify"))}
        if kind not in ("aws_proxy", "http_proxy"):
            self.warn(self.at(logical, "IntegrationType"), f"integration type {kind.upper() or '(none)'} is not one an "
                      "HTTP API has (AWS_PROXY, HTTP_PROXY); kept as written")  # fmt: skip
        return integration

    # -- routes -------------------------------------------------------------------------------------

    def routes(self, schemes: dict[str, Any], integrations: dict[str, dict[str, Any]]) -> dict[str, Any]:
        paths: dict[str, Any] = {}
        for logical, properties in self.of_api.get("Route", []):
            key = self.text(properties.get("RouteKey"), self.at(logical, "RouteKey"))
            if key == "$default":
                path, method = "$default", "ANY"
            else:
                method, _, path = key.partition(" ")
                method = method.upper()
                if method not in _METHODS or not path.startswith("/"):
                    self.warn(self.at(logical, "RouteKey"), f"route key {key!r} is not `METHOD /path` (METHOD one of "
                              "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY) nor $default; left out")  # fmt: skip
                    continue
            operation = self.operation(logical, properties, method, path, schemes, integrations)
            verb = "x-amazon-apigateway-any-method" if method == "ANY" else method.lower()
            paths.setdefault(path, {})[verb] = operation
            self.origins.append((pointer_join("/paths", path, verb), self.at(logical)))
            if path == "$default":  # the route, before and after it is read as /{proxy+}
                self.origins += [("/paths/$default", self.at(logical)), (pointer_join("/paths", "/{proxy+}", verb), self.at(logical))]
        return {path: paths[path] for path in sorted(paths)}

    def operation(self, logical: str, properties: dict[str, Any], method: str, path: str, schemes: dict[str, Any],
                  integrations: dict[str, dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
        operation: dict[str, Any] = {}
        if properties.get("OperationName") is not None:
            name = self.text(properties["OperationName"], self.at(logical, "OperationName"))
            if name in self.operation_ids:
                self.warn(self.at(logical, "OperationName"), f"OperationName {name!r} is also {self.operation_ids[name]}'s: "
                          "this route's is left out (its client method is named after its path)")  # fmt: skip
            elif name:
                self.operation_ids[name] = f"{method} {path}"
                operation["operationId"] = name
        parameters = []
        for variable in _TEMPLATE_VARIABLE.findall(path):
            name = variable.removesuffix("+")
            parameters.append({"name": name, "in": "path", "required": True, "schema": {"type": "string"}})
        if parameters:
            operation["parameters"] = parameters
        shown = "$default" if path == "$default" else f"{method} {path}"
        operation["responses"] = {"default": {"description": f"Default response for {shown}"}}
        security = self.security(logical, properties, schemes)
        if security:
            operation["security"] = security
        target = properties.get("Target")
        if target is not None:
            named = [n for n in _names_in(target) if n in integrations]
            if named:
                operation["x-amazon-apigateway-integration"] = dict(integrations[named[0]])
            else:
                self.warn(self.at(logical, "Target"), "Target names no AWS::ApiGatewayV2::Integration of this API "
                          "(integrations/INTEGRATION_ID); the route has no integration")  # fmt: skip
        if path == "$default":
            operation["isDefaultRoute"] = True
        return operation

    def security(self, logical: str, properties: dict[str, Any], schemes: dict[str, Any]) -> list[dict[str, list[str]]]:
        kind = self.text(properties.get("AuthorizationType", "NONE"), self.at(logical, "AuthorizationType")).upper()
        security: list[dict[str, list[str]]] = []
        if kind == "AWS_IAM":
            schemes.setdefault(SIGV4_SCHEME, {"type": "apiKey", "name": "Authorization", "in": "header",
                                              "x-amazon-apigateway-authtype": "awsSigv4"})  # fmt: skip
            security.append({SIGV4_SCHEME: []})
        elif kind in ("JWT", "CUSTOM"):
            authorizer = _ref_of(properties.get("AuthorizerId"))
            if authorizer is None or authorizer not in self.authorizer_names:
                self.warn(self.at(logical, "AuthorizerId"), f"AuthorizationType {kind} names no AWS::ApiGatewayV2::Authorizer "
                          "of this API; the route's authorizer is left out")  # fmt: skip
            else:
                scopes = self.resolver.resolve(properties.get("AuthorizationScopes") or [], self.at(logical, "AuthorizationScopes"))
                scopes = scopes if isinstance(scopes, list) else [scopes]
                security.append({self.authorizer_names[authorizer]: [str(s) for s in scopes] if kind == "JWT" else []})
        elif kind != "NONE":
            self.warn(self.at(logical, "AuthorizationType"), f"AuthorizationType {kind} is not one an HTTP API route takes "
                      "(NONE, AWS_IAM, JWT, CUSTOM); taken as NONE")  # fmt: skip
        if _truth(self.resolver.resolve(properties.get("ApiKeyRequired", False), self.at(logical, "ApiKeyRequired"))):
            self.warn(self.at(logical, "ApiKeyRequired"), "an HTTP API has no API keys (ApiKeyRequired is for WebSocket "
                      "APIs); ignored")  # fmt: skip
        return security

    # -- the Api's own quick create -----------------------------------------------------------------

    def quick_create(self, properties: dict[str, Any], paths: dict[str, Any]) -> None:
        """``Target`` on the Api itself: one route (``RouteKey``, else ``$default``) to that Lambda function or URL."""
        target = properties.get("Target")
        if target is None:
            return
        pointer = self.at(self.api, "Target")
        uri = self.text(target, pointer)
        lambda_ = ":lambda:" in uri or "Fn::GetAtt" in str(target)
        integration: dict[str, Any] = {"payloadFormatVersion": "2.0" if lambda_ else "1.0",
                                       "type": "aws_proxy" if lambda_ else "http_proxy",
                                       "httpMethod": "POST" if lambda_ else "ANY", "uri": uri, "connectionType": "INTERNET"}  # fmt: skip
        if properties.get("CredentialsArn") is not None:
            integration["credentials"] = self.text(properties["CredentialsArn"], self.at(self.api, "CredentialsArn"))
        key = self.text(properties.get("RouteKey", "$default"), self.at(self.api, "RouteKey"))
        method, _, path = ("ANY", "", "$default") if key == "$default" else key.partition(" ")
        verb = "x-amazon-apigateway-any-method" if method.upper() == "ANY" else method.lower()
        shown = "$default" if path == "$default" else f"{method.upper()} {path}"
        operation: dict[str, Any] = {"responses": {"default": {"description": f"Default response for {shown}"}},
                                     "x-amazon-apigateway-integration": integration}  # fmt: skip
        if path == "$default":
            operation["isDefaultRoute"] = True
        paths.setdefault(path, {})[verb] = operation
        self.origins.append((pointer_join("/paths", path, verb), pointer))


def build(resolver: Resolver, api: str, warn: Warn, *, title: str) -> Built:
    """The definition of HTTP API ``api`` made of the template's separate resources, as ``export-api`` shows it."""
    builder = _Builder(resolver, api, warn)
    properties = _mapping(_mapping(resolver.resources.get(api)).get("Properties"))
    info: dict[str, Any] = {"title": title, "version": "1.0"}
    if properties.get("Description") is not None:
        info["description"] = resolver.text(properties["Description"], builder.at(api, "Description"))
    if properties.get("Version") is not None:
        info["version"] = resolver.text(properties["Version"], builder.at(api, "Version"))
    schemes = builder.authorizers()
    paths = builder.routes(schemes, builder.integrations())
    builder.quick_create(properties, paths)
    if not paths:
        warn(builder.at(api), f"{api} has no AWS::ApiGatewayV2::Route this template defines: the definition has no paths")
    data: dict[str, Any] = {"openapi": "3.0.1", "info": info, "paths": paths}
    if schemes:
        data["components"] = {"securitySchemes": {name: schemes[name] for name in sorted(schemes)}}
    cors = _mapping(properties.get("CorsConfiguration"))
    if cors:
        resolved = _mapping(resolver.resolve(cors, builder.at(api, "CorsConfiguration")))
        data["x-amazon-apigateway-cors"] = {_CORS[k]: v for k, v in resolved.items() if k in _CORS}
    data["x-amazon-apigateway-importexport-version"] = "1.0"
    return Built(data, builder.origins)
