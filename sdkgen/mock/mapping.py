"""Non-proxy integrations: request templates, integration responses, ``mock`` integrations.

How API Gateway runs a non-proxy integration (AWS developer guide: how-to-mock-integration,
api-gateway-mapping-template-reference, integration-passthrough-behaviors, x-amazon-apigateway-integration):

1. The request template is chosen by the request's ``Content-Type`` (``application/json`` when absent), matched
   on the media type without parameters. With none for it, ``passthroughBehavior`` decides:
   ``WHEN_NO_MATCH`` (the default) passes the body through, ``WHEN_NO_TEMPLATES`` passes it only when the
   integration has no template at all, ``NEVER`` refuses; a refusal is 415 ``Unsupported Media Type``.
2. The integration runs. A ``mock`` integration's "response" is the ``statusCode`` of the rendered request
   (``{"statusCode": 200}``); without one the default integration response answers.
3. The integration response is chosen by ``selectionPattern`` (the key of ``responses`` in an export), a regular
   expression that must match in full: the status code for ``mock``/HTTP integrations, the error message for a
   Lambda function that failed (``errorMessage``; ``""`` for a successful call). The default response
   (``default``, no pattern) takes the rest. No match and no default is API Gateway's configuration error: 500.
4. The response's ``responseParameters`` set headers (``method.response.header.X``) from literals (``'text'``),
   ``integration.response.header.Y``, ``integration.response.body[.JSONPath]``, ``context.*``,
   ``stageVariables.*``, ``method.request.{path,querystring,header}.Y``; its ``responseTemplates`` (chosen by the
   request's ``Accept``, else ``application/json``, else the first) render the body, whose media type becomes the
   ``Content-Type`` unless a parameter sets one. Without templates the integration's body passes through.

API for other integrations (the Lambda non-proxy ``aws`` integration uses these):

- ``render_request(template, view, context=None) -> str``: render a request template (a ``Template`` or its
  text) for a ``vtl.RequestView``; ``context`` adds or replaces ``$context`` entries (e.g. ``authorizer``).
- ``choose_request_template(integration, content_type) -> Template | None`` (``PASSTHROUGH`` when the body
  passes through); raises ``Unsupported`` for API Gateway's 415.
- ``compile_responses(raw) -> list[IntegrationResponse]``, once per route; ``select_integration_response(
  responses, value)`` with the status code (``mock``/HTTP) or the Lambda error message, ``""`` for a
  successful Lambda call (AWS matches the patterns against an empty message then); ``None`` back means 500.
- ``render_response(response, body, view, accept=None, integration_headers=None) -> MethodResponse``.
- ``view_of(ctx, params, query, body, api_id_of(api), operation.path, granted=None) -> RequestView``: the view of a
  request the gateway admitted (``app._Context``), as ``MockIntegration`` and ``sdkgen.lambdas``' non-proxy route
  build it; ``granted`` (the authorizer's ``Verdict``) fills ``$context.authorizer`` (``authorizer_of``).

Every render raises ``vtl.VtlError`` on failure (``vtl.PayloadError``: 400 "Could not process payload"); callers
answer ``errors.API_CONFIGURATION_ERROR`` (500) for the others.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, Final

import re2  # type: ignore[import-untyped]

from ..diagnostics import pointer_join
from ..model import Api, Operation
from . import errors
from .vtl import ErrorInfo, Params, PayloadError, RequestView, Template, VtlError, compile_template, java_str, json_path, render, variables

if TYPE_CHECKING:
    from .app import _Context
    from .authorizers import Verdict

Headers = list[tuple[bytes, bytes]]


class _Passthrough:
    def __repr__(self) -> str:
        return "PASSTHROUGH"


PASSTHROUGH: Final = _Passthrough()


class Unsupported(Exception):
    """No request template for the content type and the passthrough behaviour refuses: 415."""


class MappingError(ValueError):
    """An integration definition that cannot work (a template that does not compile, a bad pattern).

    ``pointer``: where, as a JSON pointer within the integration ("/requestTemplates/application~1json")."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(message)
        self.pointer = pointer


def located(source: str, operation: Operation, exc: MappingError) -> str:
    """The start-up message of a route whose integration cannot work: the file and JSON pointer, then the route."""
    where = pointer_join(operation.pointer, "x-amazon-apigateway-integration") + exc.pointer if operation.pointer else ""
    place = (source or "<definition>") + (f" (#{where})" if where else "")
    return f"{place}: {operation.method} {operation.path}: x-amazon-apigateway-integration: {exc}"


def template_problems(integration: Any) -> Iterator[tuple[str, str]]:
    """(JSON pointer within the integration, message) of each mapping template that does not compile, every one
    (``sdkgen validate``; the mock stops at the first); each is compiled once."""
    if not isinstance(integration, Mapping):
        return
    places: list[tuple[str, Any]] = [("/requestTemplates", integration.get("requestTemplates"))]
    responses = integration.get("responses")
    entries = responses.items() if isinstance(responses, dict) else enumerate(responses) if isinstance(responses, list) else ()
    for key, response in entries:
        if isinstance(response, dict):
            templates = response.get("responseTemplates", response.get("ResponseTemplates"))
            places.append((pointer_join("/responses", key, "responseTemplates"), templates))
    yield from _compile_all(places)


def gateway_response_problems(responses: Any) -> Iterator[tuple[str, str]]:
    """As ``template_problems``, for ``x-amazon-apigateway-gateway-responses`` (pointers within it)."""
    if isinstance(responses, dict):
        yield from _compile_all([(pointer_join("", name, "responseTemplates"), response.get("responseTemplates"))
                                 for name, response in responses.items() if isinstance(response, dict)])  # fmt: skip


def _compile_all(places: Sequence[tuple[str, Any]]) -> Iterator[tuple[str, str]]:
    for base, templates in places:
        if not isinstance(templates, dict):
            continue
        for media, text in templates.items():
            if text is None:
                continue
            if isinstance(text, (dict, list)):  # an intrinsic function left unresolved (Fn::Sub of an included file)
                yield pointer_join(base, str(media)), f"expected the template's text, got a {'mapping' if isinstance(text, dict) else 'list'}"
                continue
            try:
                compile_template(str(text))
            except VtlError as exc:
                yield pointer_join(base, str(media)), str(exc)


# -- requests -------------------------------------------------------------------------------------------


def media_type(content_type: str | None) -> str:
    if not content_type:
        return "application/json"
    return content_type.split(";", 1)[0].strip().lower() or "application/json"


@dataclass
class RequestTemplates:
    templates: dict[str, Template]  # by lower-case media type
    passthrough: str  # WHEN_NO_MATCH, WHEN_NO_TEMPLATES, NEVER

    @classmethod
    def of(cls, integration: Mapping[str, Any]) -> RequestTemplates:
        raw = integration.get("requestTemplates")
        templates: dict[str, Template] = {}
        if isinstance(raw, dict):
            for key, text in raw.items():
                if text is None:
                    continue
                try:
                    templates[str(key).strip().lower()] = compile_template(str(text))
                except VtlError as exc:
                    raise MappingError(f"requestTemplates[{key!r}]: {exc}", pointer_join("/requestTemplates", str(key))) from None
        behaviour = str(integration.get("passthroughBehavior") or "WHEN_NO_MATCH").upper()
        if behaviour not in ("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"):
            behaviour = "WHEN_NO_MATCH"
        return cls(templates, behaviour)

    def choose(self, content_type: str | None) -> Template | _Passthrough:
        found = self.templates.get(media_type(content_type))
        if found is not None:
            return found
        if self.passthrough == "WHEN_NO_MATCH" or (self.passthrough == "WHEN_NO_TEMPLATES" and not self.templates):
            return PASSTHROUGH
        raise Unsupported(media_type(content_type))


def choose_request_template(integration: Mapping[str, Any], content_type: str | None) -> Template | _Passthrough:
    """The request template for a content type, or ``PASSTHROUGH``; ``Unsupported`` for a 415."""
    return RequestTemplates.of(integration).choose(content_type)


def render_request(template: Template | str, view: RequestView, context: Mapping[str, Any] | None = None) -> str:
    """A request template rendered for a method request (``$input`` is the request's body)."""
    compiled = compile_template(template) if isinstance(template, str) else template
    names = variables(view)
    if context:
        names["context"].update(json.loads(json.dumps(dict(context), default=str)))
    return render(compiled, names)


# -- binary payloads: contentHandling -------------------------------------------------------------------
#
# AWS developer guide, api-gateway-payload-encodings and api-gateway-payload-encodings-workflow (its two tables).
# A request body is binary when its Content-Type matches one of the API's binaryMediaTypes; the integration's
# contentHandling then converts it: CONVERT_TO_TEXT base64-encodes a binary body (templates see that text as
# $input.body), CONVERT_TO_BINARY base64-decodes a text body, and a binary payload otherwise passes through as it is
# ("For a binary payload, API Gateway simply passes through the message as-is": no template applies). The answer
# (a Lambda function's JSON is text) is base64-decoded when the integration response's contentHandling is
# CONVERT_TO_BINARY, or when it has none and the request's first Accept type is a binary media type; CONVERT_TO_TEXT
# and the rest leave it text. A conversion that fails is "a 500 response indicating an API configuration error".

CONTENT_HANDLING = ("CONVERT_TO_BINARY", "CONVERT_TO_TEXT")


class ConversionError(ValueError):
    """A payload contentHandling cannot convert (text that is no base64): API Gateway's 500."""


def content_handling_of(raw: Any, where: str) -> str | None:
    if raw in (None, ""):
        return None
    handling = str(raw).upper()
    if handling not in CONTENT_HANDLING:
        raise MappingError(f"{where}: {str(raw)[:40]!r} is not CONVERT_TO_BINARY or CONVERT_TO_TEXT")
    return handling


def is_binary_type(content_type: str | None, binary_types: Sequence[str]) -> bool:
    """Whether a media type (parameters ignored) matches one of the API's binary media types (``*`` wildcards)."""
    base = (content_type or "").split(";", 1)[0].strip().lower()
    return bool(base) and any(fnmatchcase(base, t.lower()) for t in binary_types)


def convert_request(body: bytes, binary: bool, handling: str | None) -> str | bytes:
    """The integration request's payload: text (``str``, which templates render) or binary (``bytes``, passed
    through as it is). ``binary``: the body's Content-Type is one of the API's binary media types."""
    if binary:
        return base64.b64encode(body).decode("ascii") if handling == "CONVERT_TO_TEXT" else body
    if handling == "CONVERT_TO_BINARY":
        return _b64decode(body.decode("latin-1"))
    return body.decode("utf-8", "replace")


def convert_response(text: str, handling: str | None, accept: str | None, binary_types: Sequence[str]) -> bytes:
    """The method response's body from the integration response's (text, after its template)."""
    first = (accept or "").split(",", 1)[0]
    if handling == "CONVERT_TO_BINARY" or (handling is None and is_binary_type(first, binary_types)):
        # A function that returns a base64 string returns it as a JSON string: its quotes are no part of the
        # data (the usual way of returning binary from a non-proxy Lambda integration, community-reported to work).
        stripped = text.strip()
        if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
            try:
                decoded = json.loads(stripped)
            except ValueError:
                decoded = None
            if isinstance(decoded, str):
                stripped = decoded
        return _b64decode(stripped)
    return text.encode("utf-8")


def _b64decode(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ConversionError("the payload is not base64, which contentHandling CONVERT_TO_BINARY needs") from None


# -- integration responses ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntegrationResponse:
    pattern: str | None  # None: the default response
    status: int
    parameters: tuple[tuple[str, str], ...]  # (response header name, source expression)
    templates: tuple[tuple[str, Template], ...]  # (media type, template), in definition order
    matcher: Any = field(default=None, repr=False, compare=False)
    content_handling: str | None = None  # CONVERT_TO_BINARY | CONVERT_TO_TEXT | None (convert_response)

    def matches(self, value: str) -> bool:
        return self.matcher is not None and self.matcher.fullmatch(value) is not None


def _matcher(pattern: str) -> Any:
    try:
        return re2.compile(pattern)
    except Exception:  # noqa: BLE001 - RE2 lacks look-arounds and back-references; Java's regex has them
        try:
            return re.compile(pattern)
        except re.error as exc:
            raise MappingError(f"selection pattern {pattern[:80]!r}: {exc}") from None


def compile_responses(raw: Any) -> list[IntegrationResponse]:
    """An export's ``responses`` map (selection pattern -> integration response), or a list of integration
    responses with ``selectionPattern`` (CloudFormation's ``IntegrationResponses``)."""
    items: list[tuple[str | None, Mapping[str, Any], str]] = []  # (pattern, response, its pointer)
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(value, dict):
                items.append((None if str(key) == "default" else str(key), value, pointer_join("/responses", str(key))))
    elif isinstance(raw, list):
        for index, value in enumerate(raw):
            if isinstance(value, dict):
                pattern = value.get("selectionPattern", value.get("SelectionPattern"))
                items.append((str(pattern) if pattern not in (None, "") else None, value, pointer_join("/responses", index)))
    out: list[IntegrationResponse] = []
    for pattern, value, pointer in items:
        where = f"responses[{pattern or 'default'!r}]"
        status_raw = value.get("statusCode", value.get("StatusCode", 200))
        try:
            status = int(str(status_raw))
        except ValueError:
            raise MappingError(f"{where}: statusCode {status_raw!r} is not a number", pointer_join(pointer, "statusCode")) from None
        if not 100 <= status <= 599:
            raise MappingError(f"{where}: statusCode {status} is not an HTTP status", pointer_join(pointer, "statusCode"))
        params_raw = value.get("responseParameters", value.get("ResponseParameters")) or {}
        parameters: list[tuple[str, str]] = []
        if isinstance(params_raw, dict):
            for key, source in params_raw.items():
                match = re.fullmatch(r"method\.response\.header\.(.+)", str(key))
                if match:
                    parameters.append((match.group(1), str(source)))
        templates_raw = value.get("responseTemplates", value.get("ResponseTemplates")) or {}
        templates: list[tuple[str, Template]] = []
        if isinstance(templates_raw, dict):
            for media, text in templates_raw.items():
                try:
                    templates.append((str(media).strip().lower(), compile_template("" if text is None else str(text))))
                except VtlError as exc:
                    raise MappingError(f"{where}.responseTemplates[{media!r}]: {exc}",
                                       pointer_join(pointer, "responseTemplates", str(media))) from None
        handling = content_handling_of(value.get("contentHandling", value.get("ContentHandling")), f"{where}.contentHandling")
        out.append(IntegrationResponse(pattern, status, tuple(parameters), tuple(templates), _matcher(pattern) if pattern else None,
                                       handling))  # fmt: skip
    return out


def select_integration_response(responses: Sequence[IntegrationResponse], value: str | int | None) -> IntegrationResponse | None:
    """The response whose selection pattern matches ``value`` in full (the status code, or a Lambda function's error
    message: ``""`` for a successful call, which a ``.*`` pattern matches too), else the default one; ``value`` None
    picks the default."""
    if value is not None:
        text = str(value)
        for response in responses:
            if response.pattern is not None and response.matches(text):
                return response
    for response in responses:
        if response.pattern is None:
            return response
    return None


@dataclass
class MethodResponse:
    status: int
    headers: list[tuple[str, str]]
    body: str


def _pick_template(templates: Sequence[tuple[str, Template]], accept: str | None) -> tuple[str, Template] | None:
    if not templates:
        return None
    if accept:
        for part in accept.split(","):
            wanted = media_type(part)
            for media, template in templates:
                if media == wanted:
                    return media, template
    for media, template in templates:
        if media == "application/json":
            return media, template
    return templates[0]


def _header(headers: Mapping[str, str], name: str) -> str | None:
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None


def _source_value(source: str, body: str, view: RequestView, integration_headers: Mapping[str, str]) -> str | None:
    if len(source) >= 2 and source[0] == source[-1] == "'":
        return source[1:-1]
    if source.startswith("integration.response.header."):
        return _header(integration_headers, source[len("integration.response.header."):])
    if source == "integration.response.body":
        return body
    if source.startswith("integration.response.body."):
        try:
            value = json_path(json.loads(body), "$." + source[len("integration.response.body."):])
        except (ValueError, VtlError):
            return None
        return None if value is None else value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    for prefix, table in (("method.request.path.", view.params.path), ("method.request.querystring.", view.params.querystring)):
        if source.startswith(prefix):
            return table.get(source[len(prefix):])
    if source.startswith("method.request.header."):
        return _header(view.params.header, source[len("method.request.header."):])
    if source.startswith("stageVariables."):
        return view.stage_variables.get(source[len("stageVariables."):])
    if source.startswith("context."):
        current: Any = variables(view)["context"]
        for part in source[len("context."):].split("."):
            current = current.get(part) if isinstance(current, dict) else None
        return None if current is None else java_str(current)
    return None


def render_response(
    response: IntegrationResponse, body: str, view: RequestView, accept: str | None = None,
    integration_headers: Mapping[str, str] | None = None,
) -> MethodResponse:  # fmt: skip
    """The method response for an integration response and the integration's body (``$input`` in the template)."""
    headers: list[tuple[str, str]] = []
    for name, source in response.parameters:
        value = _source_value(source, body, view, integration_headers or {})
        if value is not None:
            headers.append((name, value))
    chosen = _pick_template(response.templates, accept)
    if chosen is None:
        return MethodResponse(response.status, headers, body)
    media, template = chosen
    text = render(template, variables(view, body=body))
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.insert(0, ("Content-Type", media))
    return MethodResponse(response.status, headers, text)


# -- mock integrations in the mock gateway -------------------------------------------------------------


_API_ID = re.compile(r"https?://([a-z0-9]+)\.execute-api\.", re.I)


def api_id_of(api: Api) -> str:
    for server in api.servers:
        match = _API_ID.match(server)
        if match:
            return match.group(1)
    return "local"


def _stringified(values: Mapping[str, Any]) -> dict[str, str]:
    """Authorizer values as API Gateway hands them to a REST integration: strings (``true``, ``1``)."""
    out: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(value, bool):
            out[str(key)] = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            out[str(key)] = "[" + " ".join(str(v) for v in value) + "]"
        elif value is not None:
            out[str(key)] = str(value)
    return out


def authorizer_of(ctx: _Context, granted: Verdict | None) -> dict[str, Any]:
    """``$context.authorizer``: a Cognito authorizer's ``claims``, or a Lambda authorizer's ``principalId`` and its
    context's keys (the allow-list stand-in's identity as the principal); ``{}`` when no authorizer ran."""
    if granted is not None and granted.claims is not None:
        return {"claims": _stringified(granted.claims)}
    if granted is not None and (granted.principal is not None or granted.context):
        return {**_stringified(granted.context or {}), "principalId": granted.principal}
    if ctx.principal is not None and ctx.principal != ctx.key_id:  # an API key alone is no authorizer
        return {"principalId": ctx.principal}
    return {}


def view_of(ctx: _Context, params: Mapping[str, str], query: Mapping[str, list[str]], body: bytes, api_id: str, resource: str,
            granted: Verdict | None = None) -> RequestView:  # fmt: skip
    """A ``RequestView`` of a request the mock gateway admitted; ``granted``: the authorizer's verdict, if one ran."""
    headers = ctx.headers
    client = ctx.scope.get("client")
    stage_config = ctx.app.config.stages.get(ctx.stage or "")
    stage_variables = getattr(stage_config, "variables", None) or {}
    authorizer = authorizer_of(ctx, granted)
    return RequestView(
        method=ctx.method,
        path=ctx.path,
        resource_path=resource,
        stage=ctx.stage or "",
        params=Params(dict(params), {k: v[-1] for k, v in query.items() if v}, dict(headers)),
        body=body.decode("utf-8", "replace"),
        request_id=ctx.request_id,
        source_ip=str(client[0]) if client else "127.0.0.1",
        user_agent=headers.get("user-agent", ""),
        api_key=headers.get("x-api-key", "") if ctx.key_id else "",
        api_key_id=ctx.key_id or "",
        api_id=api_id,
        domain_name=headers.get("host", "localhost").split(":", 1)[0],
        authorizer=authorizer,
        stage_variables=dict(stage_variables),
    )


_STATUS = re.compile(r"\d{3}")


def _json_status(text: str) -> bool:
    try:
        document = json.loads(text)
    except ValueError:
        return False
    status = document.get("statusCode") if isinstance(document, dict) else None
    return isinstance(status, int) and not isinstance(status, bool) and 100 <= status <= 599


class MockIntegration:
    """A REST ``mock`` integration whose templates must be rendered per request (static ones are answered by the
    response prepared in ``responses.py``, which renders the same)."""

    def __init__(self, operation: Operation, api_id: str, source: str = "") -> None:
        integration = operation.integration or {}
        self.resource = operation.path
        self.api_id = api_id
        self.problem: str | None = None
        self.requests = RequestTemplates({}, "WHEN_NO_MATCH")
        self.responses: list[IntegrationResponse] = []
        try:
            self.requests = RequestTemplates.of(integration)
            self.responses = compile_responses(integration.get("responses"))
        except MappingError as exc:
            self.problem = located(source, operation, exc)

    @classmethod
    def build(cls, operation: Operation, api: Api) -> MockIntegration | None:
        """The route's mock integration when it needs rendering; None for every other route."""
        integration = operation.integration
        if api.flavour != "rest" or not integration or str(integration.get("type", "")).lower() != "mock":
            return None
        built = cls(operation, api_id_of(api), api.source)
        # responses.py prepares the answer of a mock whose templates are plain text, once: the same answer when each
        # request template is a JSON status and each response has one template (none to choose by Accept).
        static = all(t.static and _json_status(t.text) for t in built.requests.templates.values()) and all(
            t.static for r in built.responses for _, t in r.templates
        ) and all(len(r.templates) <= 1 for r in built.responses)  # fmt: skip
        if static and built.requests.passthrough == "WHEN_NO_MATCH" and built.problem is None:
            return None
        if built.problem is not None:
            print(f"sdkgen mock: {built.problem} (the route answers 500)", file=sys.stderr)
        return built

    def status_of(self, view: RequestView, content_type: str | None) -> str | None:
        """The mock integration's status code: the ``statusCode`` its rendered request carries."""
        chosen = self.requests.choose(content_type)
        text = view.body if chosen is PASSTHROUGH else render(chosen, variables(view))  # type: ignore[arg-type]
        if not text.strip():
            return None
        try:
            document = json.loads(text)
        except ValueError:
            if chosen is PASSTHROUGH:
                return None
            raise VtlError("the mock integration's request is not JSON") from None
        status = document.get("statusCode") if isinstance(document, dict) else None
        if status is None or isinstance(status, bool):
            return None
        text_status = str(status)
        if not _STATUS.fullmatch(text_status):
            raise VtlError(f"statusCode {text_status[:20]!r} is not a status code")
        return text_status

    async def __call__(self, ctx: _Context, params: Mapping[str, str], query: Mapping[str, list[str]], body: bytes,
                       granted: Verdict | None = None) -> None:  # fmt: skip
        if self.problem is not None:
            await ctx.error(errors.API_CONFIGURATION_ERROR)
            return
        view = view_of(ctx, params, query, body, self.api_id, self.resource, granted)
        try:
            status = self.status_of(view, ctx.headers.get("content-type"))
            response = select_integration_response(self.responses, status)
            if response is None:  # "No match for output mapping and no default output mapping configured"
                await ctx.error(errors.API_CONFIGURATION_ERROR)
                return
            answer = render_response(response, "", view, ctx.headers.get("accept"))
        except Unsupported:
            await ctx.error(errors.UNSUPPORTED_MEDIA)
            return
        except VtlError as exc:
            await ctx.error(errors.PAYLOAD_ERROR if isinstance(exc, PayloadError) else errors.API_CONFIGURATION_ERROR)
            return
        headers: Headers = [(n.lower().encode("latin-1", "replace"), v.encode("latin-1", "replace")) for n, v in answer.headers]
        await ctx.respond(answer.status, headers, answer.body.encode())


def error_info(error: errors.GatewayError, validation: Sequence[str] = ()) -> ErrorInfo:
    return ErrorInfo(error.message, error.response_type, "; ".join(validation))
