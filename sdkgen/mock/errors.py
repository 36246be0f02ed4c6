"""API Gateway's gateway responses: what it answers when it refuses a request itself.

Bodies are ``{"message": ...}`` (``{"Message": ...}`` for an explicit deny), with ``x-amzn-ErrorType``;
request-id headers are added by the app for every response. A definition's
``x-amazon-apigateway-gateway-responses`` (REST) override status, headers (``'literal'``,
``method.request.header|querystring|path.X``, ``stageVariables.X``, ``context.X``) and the body, whose template is
rendered as a Velocity mapping template (``sdkgen.mock.vtl``) with ``$context.error.*`` set.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .vtl import ErrorInfo, Params, RequestView, Template, VtlError, compile_template, render, variables

Headers = list[tuple[bytes, bytes]]
JSON_TYPE = (b"content-type", b"application/json")


@dataclass(frozen=True)
class GatewayError:
    response_type: str  # API Gateway's gateway response type, e.g. THROTTLED
    status: int
    message: str
    error_type: str = ""  # x-amzn-ErrorType
    message_key: str = "message"
    content_type: str = "application/json"
    raw_body: str | None = None  # sent as is (the 413 is plain text)


MISSING_AUTH_TOKEN = GatewayError("MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token", "MissingAuthenticationTokenException")
NOT_FOUND = GatewayError("RESOURCE_NOT_FOUND", 404, "Not Found", "NotFoundException")
FORBIDDEN = GatewayError("INVALID_API_KEY", 403, "Forbidden", "ForbiddenException")
UNAUTHORIZED = GatewayError("UNAUTHORIZED", 401, "Unauthorized", "UnauthorizedException")
EXPIRED = GatewayError("EXPIRED_TOKEN", 401, "The incoming token has expired", "UnauthorizedException")
INSUFFICIENT_SCOPE = GatewayError("ACCESS_DENIED", 403, "Forbidden", "ForbiddenException")
EXPLICIT_DENY = GatewayError(
    "ACCESS_DENIED", 403, "User is not authorized to access this resource with an explicit deny", "AccessDeniedException", "Message"
)
FORBIDDEN_HTTP = GatewayError("ACCESS_DENIED", 403, "Forbidden", "ForbiddenException")  # HTTP APIs: an authorizer said no
THROTTLED = GatewayError("THROTTLED", 429, "Too Many Requests", "TooManyRequestsException")
QUOTA_EXCEEDED = GatewayError("QUOTA_EXCEEDED", 429, "Limit Exceeded", "LimitExceededException")
INVALID_BODY = GatewayError("BAD_REQUEST_BODY", 400, "Invalid request body", "BadRequestException")
UNSUPPORTED_MEDIA = GatewayError("UNSUPPORTED_MEDIA_TYPE", 415, "Unsupported Media Type", "UnsupportedMediaTypeException")
TOO_LARGE = GatewayError(
    "REQUEST_TOO_LARGE", 413, "", "", content_type="text/plain", raw_body="HTTP content length exceeded 10485760 bytes."
)
HEADERS_TOO_LARGE = GatewayError("REQUEST_TOO_LARGE", 431, "Request Header Fields Too Large", "BadRequestException")
BAD_REQUEST = GatewayError("BAD_REQUEST_BODY", 400, "Bad Request", "BadRequestException")
# A mapping template that fails, or no integration response for the answer: "Execution failed due to configuration error".
API_CONFIGURATION_ERROR = GatewayError("API_CONFIGURATION_ERROR", 500, "Internal server error", "InternalServerErrorException")
# $input.json/path of a body that starts like JSON and is not (recorded answers of API Gateway).
PAYLOAD_ERROR = GatewayError("BAD_REQUEST_BODY", 400, "Could not process payload", "BadRequestException")


def missing_parameters(names: list[str]) -> GatewayError:
    return GatewayError(
        "BAD_REQUEST_PARAMETERS", 400, f"Missing required request parameters: [{', '.join(names)}]", "BadRequestException"
    )


def bad_request(message: str) -> GatewayError:
    """A request the gateway cannot make sense of (a malformed path, a Prefer code that is no HTTP status)."""
    return GatewayError("BAD_REQUEST_PARAMETERS", 400, message, "BadRequestException")


def incomplete_signature(message: str) -> GatewayError:
    """IAM: an ``Authorization`` header that is not a complete SigV4 signature (403, as API Gateway answers)."""
    return GatewayError("INVALID_SIGNATURE", 403, message, "IncompleteSignatureException")


def invalid_parameters(names: list[str]) -> GatewayError:
    """Strict validation only (API Gateway itself checks only that required parameters are present)."""
    return GatewayError("BAD_REQUEST_PARAMETERS", 400, f"Invalid request parameters: [{', '.join(names)}]", "BadRequestException")


_FAULT_MESSAGES = {
    500: ("Internal server error", "InternalServerErrorException"),
    502: ("Internal server error", ""),
    503: ("Service Unavailable", "ServiceUnavailableException"),
    504: ("Endpoint request timed out", ""),
}


def fault(status: int) -> GatewayError:
    """An injected failure the definition does not document."""
    from http import HTTPStatus

    if status in _FAULT_MESSAGES:
        message, error_type = _FAULT_MESSAGES[status]
    else:
        try:
            message = HTTPStatus(status).phrase
        except ValueError:
            message = "Error"
        error_type = ""
    return GatewayError("DEFAULT_5XX" if status >= 500 else "DEFAULT_4XX", status, message, error_type)


@dataclass(frozen=True)
class _Override:
    status: int | None
    headers: Headers
    template: str | None
    compiled: Template | None = None  # the template when it needs rendering (None: sent as written, or unusable)
    dynamic_headers: tuple[tuple[bytes, str], ...] = ()  # (header, source) read from the request


class ErrorRenderer:
    """Renders gateway errors for one API, honouring its custom gateway responses."""

    def __init__(self, flavour: str, gateway_responses: dict[str, Any] | None = None) -> None:
        self.flavour = flavour
        self.overrides: dict[str, _Override] = {}
        for name, raw in (gateway_responses or {}).items():
            if not isinstance(raw, dict):
                continue
            status: int | None = None
            try:
                status = int(raw["statusCode"]) if raw.get("statusCode") is not None else None
            except (TypeError, ValueError):
                status = None
            headers: Headers = []
            dynamic: list[tuple[bytes, str]] = []
            params = raw.get("responseParameters")
            if isinstance(params, dict):
                for key, value in params.items():
                    match = re.fullmatch(r"gatewayresponse\.header\.(.+)", str(key))
                    text = str(value)
                    if match and len(text) >= 2 and text[0] == text[-1] == "'":
                        headers.append((match.group(1).lower().encode("latin-1"), text[1:-1].encode("latin-1", "replace")))
                    elif match and _DYNAMIC_SOURCE.match(text):
                        dynamic.append((match.group(1).lower().encode("latin-1"), text))
            template: str | None = None
            compiled: Template | None = None
            templates = raw.get("responseTemplates")
            if isinstance(templates, dict) and templates:
                value = templates.get("application/json", next(iter(templates.values())))
                template = str(value) if value is not None else None
                if template is not None:
                    try:
                        compiled = compile_template(template)
                    except VtlError:
                        template = None  # API Gateway would fail the same way: keep the default body
                    else:
                        # The usual templates ({"message":$context.error.messageString}) need no engine: ~15 µs
                        # instead of ~200 a response, which matters when 429s are many.
                        compiled = None if compiled.static or _simple(template) else compiled
            self.overrides[str(name).upper()] = _Override(status, headers, template, compiled, tuple(dynamic))

    def render(self, error: GatewayError, request_id: str, request: Any = None) -> tuple[int, Headers, bytes]:
        """(status, headers, body) of the response; request-id headers are not included. ``request``: the app's
        per-request context, read only when a custom gateway response has a template or request-based headers."""
        override = self._override(error)
        status = error.status
        headers: Headers = []
        if error.raw_body is not None:
            body = error.raw_body.encode()
        else:
            body = json.dumps({error.message_key: error.message}).encode()
        if override is not None:
            status = override.status or status
            headers.extend(override.headers)
            view: RequestView | None = None
            if override.dynamic_headers:
                view = _view(request, request_id)
                for header, source in override.dynamic_headers:
                    value = _source(source, view)
                    if value is not None:
                        headers.append((header, value.encode("latin-1", "replace")))
            # A JSON error (the authorizer's {"message": null} included) takes the template; the 413's text does not.
            templated = error.raw_body is None or error.content_type == "application/json"
            if override.compiled is not None and templated:
                view = view or _view(request, request_id)
                try:
                    problems = getattr(request, "validation_errors", None) or []
                    info = ErrorInfo(error.message, error.response_type, f"[{', '.join(problems)}]" if problems else "")
                    names = variables(view, body="", error=info)
                    if error.raw_body is not None and not error.message:
                        names["context"]["error"]["messageString"] = "null"  # no message: null, as the default body has
                    body = render(override.compiled, names).encode()
                except VtlError:
                    pass  # the default body stays
            elif override.template is not None and templated:
                body = _substitute(override.template, error, request_id).encode()
        headers.insert(0, (b"content-type", error.content_type.encode()))
        if error.error_type and self.flavour == "rest":
            headers.append((b"x-amzn-errortype", error.error_type.encode()))
        return status, headers, body

    def _override(self, error: GatewayError) -> _Override | None:
        if not self.overrides:
            return None
        found = self.overrides.get(error.response_type)
        if found is None:
            found = self.overrides.get("DEFAULT_5XX" if error.status >= 500 else "DEFAULT_4XX")
        return found


_DYNAMIC_SOURCE = re.compile(r"(method\.request\.(header|querystring|path)|stageVariables|context)\.")


def _view(request: Any, request_id: str) -> RequestView:
    """What a gateway response template reads of the request (``sdkgen.mock.app._Context``, duck-typed: errors
    are rendered before a route is known, so path parameters are not available)."""
    if request is None:
        return RequestView(request_id=request_id)
    from urllib.parse import parse_qs

    headers: dict[str, str] = getattr(request, "headers", {}) or {}
    scope = getattr(request, "scope", {}) or {}
    raw_query = scope.get("query_string", b"") or b""
    query = {k: v[-1] for k, v in parse_qs(raw_query.decode("latin-1"), keep_blank_values=True).items()}
    client = scope.get("client")
    stage = getattr(request, "stage", None) or ""
    app = getattr(request, "app", None)
    stage_config = app.config.stages.get(stage) if app is not None else None
    return RequestView(
        method=getattr(request, "method", "GET"), path=getattr(request, "path", "/"),
        resource_path=(getattr(request, "route", None) or " /").split(" ", 1)[1], stage=stage,
        params=Params({}, query, dict(headers)), request_id=request_id,
        source_ip=str(client[0]) if client else "127.0.0.1", user_agent=headers.get("user-agent", ""),
        api_key=headers.get("x-api-key", "") if getattr(request, "key_id", None) else "",
        api_key_id=getattr(request, "key_id", None) or "", domain_name=headers.get("host", "localhost").split(":", 1)[0],
        stage_variables=dict(getattr(stage_config, "variables", None) or {}),
    )  # fmt: skip


def _source(source: str, view: RequestView) -> str | None:
    for prefix, table in (("method.request.path.", view.params.path), ("method.request.querystring.", view.params.querystring),
                          ("stageVariables.", view.stage_variables)):  # fmt: skip
        if source.startswith(prefix):
            return table.get(source[len(prefix):])
    if source.startswith("method.request.header."):
        return view.params.header.get(source[len("method.request.header."):].lower())
    if source.startswith("context."):
        current: Any = variables(view)["context"]
        for part in source[len("context."):].split("."):
            current = current.get(part) if isinstance(current, dict) else None
        return None if current is None or isinstance(current, dict) else str(current)
    return None


_SIMPLE_NAMES = ("$context.error.messageString", "$context.error.message", "$context.error.responseType", "$context.requestId")
# A name alone: not followed by more of a reference ($context.error.messageStringX, .length(), [0]).
_SIMPLE = re.compile("(" + "|".join(re.escape(n) for n in sorted(_SIMPLE_NAMES, key=len, reverse=True)) + r")(?![\w(\[]|\.\w)")


def _simple(template: str) -> bool:
    """Whether a template only names error fields and the request id, so that replacing them is rendering it."""
    rest = _SIMPLE.sub("", template)
    return "$" not in rest and "#" not in rest and "\\" not in rest


def _substitute(template: str, error: GatewayError, request_id: str) -> str:
    values = {
        "$context.error.messageString": json.dumps(error.message) if error.message or error.raw_body is None else "null",
        "$context.error.message": error.message,
        "$context.error.responseType": error.response_type,
        "$context.requestId": request_id,
    }
    return _SIMPLE.sub(lambda m: values[m.group(1)], template)
