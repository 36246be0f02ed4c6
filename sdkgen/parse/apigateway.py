"""API Gateway's export conventions: security schemes, stage base URLs and ``x-amazon-apigateway-*``.

Extensions read here: ``-authtype``, ``-authorizer``, ``-api-key-source``, ``-request-validators``,
``-request-validator``, ``-gateway-responses``, ``-binary-media-types``, ``-cors``,
``-importexport-version``, ``-integration`` (kept on the operation for the mock) and
``-any-method`` (in ``openapi.py``). Every other ``x-amazon-apigateway-*`` key (policy, endpoint
configuration, documentation, minimum compression size, ...) is ignored on purpose: it does not
change what a client sends or what the gateway answers on loopback.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..diagnostics import Diagnostic, pointer_join
from ..load import Workspace
from ..model import RequestValidator, SecurityScheme
from .naming import NameAllocator, keyword_name
from .raw import mapping, sequence, text

AUTHTYPE = "x-amazon-apigateway-authtype"
AUTHORIZER = "x-amazon-apigateway-authorizer"
# Client keywords a Lambda authorizer's credential keyword must not take.
CLIENT_KEYWORDS = frozenset(
    {"base_url", "api_key", "token", "max_retries", "timeout", "http_client", "aws_access_key_id",
     "aws_secret_access_key", "aws_session_token", "aws_region", "basic_auth", "self"}
)  # fmt: skip


def security_schemes(data: dict[str, Any], version: str, workspace: Workspace, warnings: list[Diagnostic]) -> dict[str, SecurityScheme]:
    if version == "2.0":
        raw_schemes, base = data.get("securityDefinitions"), "/securityDefinitions"
    else:
        components = mapping(data.get("components"))
        raw_schemes, base = components.get("securitySchemes"), "/components/securitySchemes"
    if not isinstance(raw_schemes, dict):
        return {}
    keywords = NameAllocator(CLIENT_KEYWORDS)
    schemes: dict[str, SecurityScheme] = {}
    for name, raw in raw_schemes.items():
        pointer = pointer_join(base, name)
        if isinstance(raw, dict) and isinstance(raw.get("$ref"), str):
            raw = workspace.resolve(raw["$ref"], workspace.root).value
        if not isinstance(raw, dict):
            warnings.append(workspace.locate(workspace.root, pointer, "warning", f"security scheme {name!r} is not an object; ignored"))
            continue
        scheme = _scheme(str(name), raw, keywords)
        if scheme is None:
            warnings.append(
                workspace.locate(
                    workspace.root, pointer, "warning",
                    f"security scheme {name!r} of type {raw.get('type')!r} is not supported; operations needing it send no credential for it",
                )
            )  # fmt: skip
            continue
        schemes[str(name)] = scheme
    return schemes


def _scheme(name: str, raw: dict[str, Any], keywords: NameAllocator) -> SecurityScheme | None:
    kind = str(raw.get("type", "")).lower()
    authtype = str(raw.get(AUTHTYPE, "")).strip().lower()
    authorizer = mapping(raw.get(AUTHORIZER))
    authorizer_type = str(authorizer.get("type", "")).lower()
    description = text(raw.get("description"))
    location = str(raw.get("in", "header")).lower()
    if location not in ("header", "query", "cookie"):
        location = "header"
    param_name = str(raw.get("name") or "Authorization")

    if kind == "apikey":
        if authtype == "cognito_user_pools" or authorizer_type == "cognito_user_pools":
            return SecurityScheme(name, "raw_token", "header", param_name, "token", "cognito", description=description)
        if authtype == "awssigv4":
            return SecurityScheme(name, "sigv4", "header", "Authorization", "aws", "iam", description=description)
        if authtype or authorizer_type in ("token", "request"):
            sources = _identity_sources(authorizer.get("identitySource"), param_name, location)
            return SecurityScheme(
                name, "lambda", location, param_name,  # type: ignore[arg-type]
                keywords.take(keyword_name(name, fallback="authorizer", digit_prefix="auth")),
                "lambda_request" if authorizer_type == "request" else "lambda_token",
                identity_sources=sources, description=description,
                identity_validation=text(authorizer.get("identityValidationExpression")) or None,
            )  # fmt: skip
        return SecurityScheme(name, "api_key", location, param_name, "api_key", "api_key", description=description)  # type: ignore[arg-type]
    if kind == "http":
        scheme = str(raw.get("scheme", "")).lower()
        if scheme == "basic":
            return SecurityScheme(name, "basic", "header", "Authorization", "basic", "basic", description=description)
        if scheme == "bearer":
            return SecurityScheme(name, "bearer", "header", "Authorization", "token", "bearer", description=description)
        return None
    if kind in ("oauth2", "openidconnect"):
        if authorizer_type == "jwt":
            config = mapping(authorizer.get("jwtConfiguration"))
            audience = config.get("audience") or []
            return SecurityScheme(
                name, "bearer", "header", "Authorization", "token", "jwt",
                identity_sources=_identity_sources(authorizer.get("identitySource"), "Authorization", "header"),
                issuer=str(config["issuer"]) if config.get("issuer") else None,
                audience=tuple(str(a) for a in audience) if isinstance(audience, list) else (str(audience),),
                description=description,
            )  # fmt: skip
        return SecurityScheme(name, "bearer", "header", "Authorization", "token", "oauth2", description=description)
    if kind == "awssigv4":
        return SecurityScheme(name, "sigv4", "header", "Authorization", "aws", "iam", description=description)
    return None


def _identity_sources(value: Any, param_name: str, location: str) -> tuple[str, ...]:
    """``method.request.header.Authorization`` / ``$request.header.Authorization`` -> ``header:Authorization``."""
    sources: list[str] = []
    items = value if isinstance(value, list) else str(value or "").split(",")
    for item in items:
        match = re.search(r"(header|querystring|query)\.([^,\s]+)", str(item))
        if match:
            where = "query" if match.group(1).startswith("query") else "header"
            sources.append(f"{where}:{match.group(2)}")
    return tuple(sources) or (f"{'query' if location == 'query' else 'header'}:{param_name}",)


def request_validators(data: dict[str, Any]) -> dict[str, RequestValidator]:
    raw = data.get("x-amazon-apigateway-request-validators")
    validators: dict[str, RequestValidator] = {}
    if isinstance(raw, dict):
        for name, value in raw.items():
            if isinstance(value, dict):
                validators[str(name)] = RequestValidator(
                    body=value.get("validateRequestBody") is True,
                    parameters=value.get("validateRequestParameters") is True,
                )
    return validators


def base_urls(data: dict[str, Any], version: str) -> list[str]:
    """Absolute base URLs with their stage, without a trailing slash."""
    if version == "2.0":
        host = str(data.get("host") or "").strip().rstrip("/")
        if not host:
            return []
        schemes = sequence(data.get("schemes"))
        scheme = "https" if "https" in schemes or not schemes else str(schemes[0])
        return [_join(f"{scheme}://{host}", str(data.get("basePath") or ""))]
    urls: list[str] = []
    for server in data.get("servers") or []:
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        url = server["url"]
        variables = mapping(server.get("variables"))
        for var_name, var in variables.items():
            default = str(var.get("default", "")) if isinstance(var, dict) else ""
            placeholder = "{" + str(var_name) + "}"
            at = url.find(placeholder)
            if at < 0:
                continue
            in_path = "://" in url[:at] and "/" in url[url.index("://") + 3 : at]
            if in_path or str(var_name).lower() == "basepath" or (at > 0 and url[at - 1] == "/"):
                # A stage variable: join "/" + "prod", "/prod" or "" with one slash exactly.
                value = default.strip("/")
                url = url.replace(placeholder, ("/" if url[at - 1 : at] != "/" and value else "") + value)
            else:
                url = url.replace(placeholder, default)
        urls.append(_join(url, ""))
    return urls


def _join(base: str, path: str) -> str:
    url = base.rstrip("/") + ("/" + path.strip("/") if path.strip("/") else "")
    scheme, sep, rest = url.partition("://")
    if not sep:
        return re.sub(r"/{2,}", "/", url).rstrip("/")
    return scheme + sep + re.sub(r"/{2,}", "/", rest).rstrip("/")


def stage_of(url: str) -> str:
    """The stage (base path) of a base URL: ``https://h/prod`` -> ``prod``."""
    return urlsplit(url).path.strip("/") if "://" in url else url.strip("/")
