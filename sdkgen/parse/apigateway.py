"""API Gateway's export conventions: security schemes, stage base URLs and ``x-amazon-apigateway-*``.

Extensions read here: ``-authtype``, ``-authorizer``, ``-auth`` (the legacy per-operation IAM/NONE), ``-api-key-source``, ``-request-validators``,
``-request-validator``, ``-gateway-responses``, ``-binary-media-types``, ``-cors``,
``-importexport-version``, ``-integration`` (kept on the operation for the mock) and
``-any-method`` (in ``openapi.py``). Every other ``x-amazon-apigateway-*`` key (policy, endpoint
configuration, documentation, minimum compression size, ...) is ignored on purpose: it does not
change what a client sends or what the gateway answers on loopback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ..diagnostics import Diagnostic, pointer_join
from ..load import Workspace
from ..model import RequestValidator, SecurityScheme
from .naming import NameAllocator, keyword_name, snake
from .raw import mapping, sequence, text

AUTHTYPE = "x-amazon-apigateway-authtype"
AUTHORIZER = "x-amazon-apigateway-authorizer"
# Client keywords a Lambda authorizer's credential keyword must not take.
CLIENT_KEYWORDS = frozenset(
    {"base_url", "api_key", "token", "access_token", "max_retries", "timeout", "http_client", "aws_access_key_id",
     "aws_secret_access_key", "aws_session_token", "aws_region", "basic_auth", "self", "default_headers",
     "default_query", "idempotency_header", "user_agent", "strict_response_validation"}
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
            # The token goes where the authorizer's identitySource says (the scheme's name by default).
            where, _, header = _identity_sources(authorizer.get("identitySource"), param_name, "header")[0].partition(":")
            return SecurityScheme(name, "raw_token", "header", header if where == "header" else param_name, "token", "cognito", description=description)
        if authtype == "awssigv4":
            return SecurityScheme(name, "sigv4", "header", "Authorization", "aws", "iam", description=description)
        if authtype or authorizer_type in ("token", "request"):
            sources = _identity_sources(authorizer.get("identitySource"), param_name, location)
            # The scheme's own name is often a placeholder ("Unused"): the identity sources say where values go.
            where, _, param_name = sources[0].partition(":")
            location = where if where in ("header", "query") else location
            return SecurityScheme(
                name, "lambda", location, param_name,  # type: ignore[arg-type]
                keywords.take(keyword_name(name, fallback="authorizer", digit_prefix="auth")),
                "lambda_request" if authorizer_type == "request" else "lambda_token",
                identity_sources=sources, identity_inputs=_identity_inputs(sources), description=description,
                identity_validation=text(authorizer.get("identityValidationExpression")) or None,
                lambda_authorizer=dict(authorizer),
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
            sources = _identity_sources(authorizer.get("identitySource"), "Authorization", "header")
            where, _, header = sources[0].partition(":")
            return SecurityScheme(
                name, "bearer", "header", header if where == "header" else "Authorization", "token", "jwt",
                identity_sources=sources,
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
        # A header name no client can send (not an HTTP token) cannot be an identity source either.
        if match and (match.group(1) != "header" or re.fullmatch(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+", match.group(2))):
            where = "query" if match.group(1).startswith("query") else "header"
            sources.append(f"{where}:{match.group(2)}")
    return tuple(sources) or (f"{'query' if location == 'query' else 'header'}:{param_name}",)


def is_http_api(data: dict[str, Any], schemes: dict[str, SecurityScheme]) -> bool:
    """Whether a definition is an HTTP API's: its export marks it, and what SAM or a template hands API Gateway
    shows it by what only HTTP APIs have (JWT authorizers, integrations' ``payloadFormatVersion``, authorizers'
    ``authorizerPayloadFormatVersion``/``enableSimpleResponses``)."""
    if "x-amazon-apigateway-importexport-version" in data or any(s.authorizer == "jwt" for s in schemes.values()):
        return True
    for scheme in _security_scheme_data(data).values():
        authorizer = mapping(scheme).get(AUTHORIZER)
        if isinstance(authorizer, dict) and ("authorizerPayloadFormatVersion" in authorizer or "enableSimpleResponses" in authorizer):
            return True
    for item in mapping(data.get("paths")).values():
        for operation in mapping(item).values():
            if isinstance(operation, dict) and "payloadFormatVersion" in mapping(operation.get("x-amazon-apigateway-integration")):
                return True
    return False


def _security_scheme_data(data: dict[str, Any]) -> dict[str, Any]:
    return mapping(data.get("securityDefinitions") if "swagger" in data else mapping(data.get("components")).get("securitySchemes"))


def uses_extensions(data: dict[str, Any], version: str) -> bool:
    """Whether a definition carries API Gateway's extensions (at its root, on a path, an operation or a
    security scheme): then its security lists are read as API Gateway imports them, not as OpenAPI's OR."""
    if _extended(data):
        return True
    schemes = data.get("securityDefinitions") if version == "2.0" else mapping(data.get("components")).get("securitySchemes")
    if isinstance(schemes, dict) and any(_extended(s) for s in schemes.values()):
        return True
    for item in mapping(data.get("paths")).values():
        if _extended(item) or (isinstance(item, dict) and any(_extended(op) for op in item.values())):
            return True
    return False


def _extended(value: Any) -> bool:
    return isinstance(value, dict) and any(isinstance(k, str) and k.startswith("x-amazon-apigateway-") for k in value)


def is_api_key(scheme: SecurityScheme) -> bool:
    """The scheme API Gateway reads as ``apiKeyRequired``: an API key in the ``x-api-key`` header."""
    return scheme.authorizer == "api_key" and scheme.location == "header" and scheme.param_name.lower() == "x-api-key"


def gateway_security(
    alternatives: list[dict[str, list[str]]], schemes: dict[str, SecurityScheme], legacy: str | None, iam: str | None
) -> list[dict[str, list[str]]]:
    """An operation's security as API Gateway imports it, as alternatives of requirements that all apply.

    An entry naming the ``x-api-key`` scheme, wherever it is in the list, makes the key required; the other
    entries name the method's authorizer, so ``[{MyAuth: []}, {api_key: []}]`` needs both. ``legacy`` is
    ``x-amazon-apigateway-auth``'s type ("AWS_IAM" or "NONE"), which sets the authorizer (``iam``: the IAM scheme).
    """
    key: dict[str, list[str]] = {}
    authorizers: list[dict[str, list[str]]] = []
    for alternative in alternatives:
        key.update({name: scopes for name, scopes in alternative.items() if is_api_key(schemes[name])})
        rest = {name: scopes for name, scopes in alternative.items() if not is_api_key(schemes[name])}
        if rest:
            authorizers.append(rest)
    if legacy == "AWS_IAM" and iam is not None:
        authorizers = [{iam: []}]
    elif legacy == "NONE":
        authorizers = []
    elif all(key.keys() <= alternative.keys() for alternative in alternatives):
        return alternatives  # the key is in every alternative: OpenAPI's reading and API Gateway's agree
    if not authorizers:
        return [key] if key else []
    return [{**authorizer, **key} for authorizer in authorizers]


def _identity_inputs(sources: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """One client input per identity source when there are several: a Python name for each, its source."""
    if len(sources) < 2:
        return ()
    names = NameAllocator(frozenset({"self"}))
    pairs = [source.partition(":")[::2] for source in sources]
    # A name in both a header and the query string: the keys say which is which (header_token, query_token).
    shared = [n.lower() for _, n in pairs]
    keys = [f"{where} {name}" if shared.count(name.lower()) > 1 else name for where, name in pairs]
    return tuple((names.take(snake(key, fallback="identity", digit_prefix="source")), where, name) for key, (where, name) in zip(keys, pairs))


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


def base_urls(data: dict[str, Any], version: str, warn: Callable[[str, str], None]) -> list[str]:
    """Absolute base URLs with their stage, without a trailing slash; one that is not a URL is a warning."""
    return [url for pointer, url in _base_urls(data, version) if _usable_url(url, pointer, warn)]


def _base_urls(data: dict[str, Any], version: str) -> list[tuple[str, str]]:
    if version == "2.0":
        host = str(data.get("host") or "").strip().rstrip("/")
        if not host:
            # No host: the base path alone (the stage), which the client cannot call
            # without a base URL from its user but the mock serves under.
            base_path = str(data.get("basePath") or "").strip("/")
            return [("/basePath", "/" + base_path)] if base_path else []
        schemes = sequence(data.get("schemes"))
        scheme = "https" if "https" in schemes or not schemes else str(schemes[0])
        return [("/host", _join(f"{scheme}://{host}", str(data.get("basePath") or "")))]
    urls: list[tuple[str, str]] = []
    for index, server in enumerate(sequence(data.get("servers"))):
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
        urls.append((f"/servers/{index}/url", _join(url, "")))
    return urls


def _usable_url(url: str, pointer: str, warn: Callable[[str, str], None]) -> bool:
    """Whether a base URL (its variables filled in) can be called: http(s) with a host, or a path alone."""
    problem = None
    if any(c.isspace() or ord(c) < 32 or c == "\x7f" for c in url):
        problem = "holds white space or control characters"
    elif "://" in url:
        scheme, _, rest = url.partition("://")
        authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
        if scheme.lower() not in ("http", "https") or not _AUTHORITY.fullmatch(authority):
            problem = "is not an http(s) URL with a host"
    if problem is not None:
        warn(pointer, f"the base URL {url[:200]!r} {problem}; ignored (the client then needs base_url=)")
    return problem is None


# host[:port] as clients accept it: an ASCII name (RFC 3986's characters, no percent-encoding) or an IPv6
# literal in brackets, a numeric port.
_AUTHORITY = re.compile(r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=-]+)(?::[0-9]{1,5})?")


def _join(base: str, path: str) -> str:
    url = base.rstrip("/") + ("/" + path.strip("/") if path.strip("/") else "")
    scheme, sep, rest = url.partition("://")
    if not sep:
        return re.sub(r"/{2,}", "/", url).rstrip("/")
    return scheme + sep + re.sub(r"/{2,}", "/", rest).rstrip("/")


def stage_of(url: str) -> str:
    """The stage (base path) of a base URL: ``https://h/prod`` -> ``prod``."""
    return urlsplit(url).path.strip("/") if "://" in url else url.strip("/")
