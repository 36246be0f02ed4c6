"""The mock's side of Lambda proxy integrations: which function answers which route, and one request's way through
a function (event in, response or API Gateway's error out).

``attach(gateway)`` runs once when the mock is built: it reads each operation's integration URI, finds the function
the configuration gives code for, checks statically that the handler exists (a located ``ConfigError`` otherwise),
and sets ``route.function``. The request path calls ``LambdaRoute.answer`` only for those routes.
"""

from __future__ import annotations

import ast
import binascii
import json
import re
import sys
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, pointer_join
from ..mock import errors, mapping
from ..mock.config import ConfigError, FunctionConfig
from ..mock.responses import Prepared
from ..mock.validation import compile_pattern
from ..mock.vtl import PayloadError, VtlError, render, variables
from ..mock.vtl import RequestView as TemplateView
from ..model import Api, Operation, SecurityScheme
from . import authorizer, events, responses
from .pool import FunctionPool, FunctionSpec, Interpreters, Outcome

if TYPE_CHECKING:
    from ..mock.app import MockGateway, _Context
    from ..mock.authorizers import RequestView, Verdict
    from ..mock.config import ApiKeyConfig

# ...:function:NAME or ...:function:NAME:QUALIFIER (an alias, a version, or ${stageVariables.x})
_FUNCTION_ARN = re.compile(r"arn:[^:]+:lambda:([^:]*):([^:]*):function:([^:/]+)(?::([^/]+))?")
_API_ID = re.compile(r"^https?://([a-z0-9]+)\.execute-api\.")
_APIGW_ID = bytes.maketrans(b"+/", b"AB")
INVOCATION_LOG = 1000  # invocations kept for gw.invocations


@dataclass(frozen=True)
class Target:
    """What an operation's integration names."""

    function: str  # the function's name
    qualifier: str | None
    region: str
    arn: str
    proxy: bool  # aws_proxy; False: a non-proxy ``aws`` integration (mapping templates, not run here)
    payload: str  # "1.0" | "2.0"
    timeout: float  # the integration's timeout, seconds


def integration_uri(operation: Operation) -> str | None:
    """The Lambda integration's URI as written (``uri``, or an HTTP API's ``integrationUri``); None for other kinds."""
    integration = operation.integration
    if not integration or str(integration.get("type", "")).lower() not in ("aws_proxy", "aws"):
        return None
    uri = integration.get("uri", integration.get("integrationUri"))
    return uri if isinstance(uri, str) else None


def target_of(operation: Operation, http_api: bool, uri: str | None = None) -> Target | None:
    """The Lambda function an operation's integration invokes, or None when it invokes none. ``uri``: the
    integration's URI with the stage's variables put in (``resolve_stage_variables``), else it is read as written."""
    integration = operation.integration
    uri = uri if uri is not None else integration_uri(operation)
    if not integration or uri is None:
        return None
    kind = str(integration.get("type", "")).lower()
    found = _FUNCTION_ARN.search(uri)
    if found is None:
        return None
    payload = str(integration.get("payloadFormatVersion") or ("2.0" if http_api else "1.0"))
    timeout_ms = integration.get("timeoutInMillis")
    default = 30.0 if http_api else 29.0
    timeout = timeout_ms / 1000.0 if isinstance(timeout_ms, (int, float)) and not isinstance(timeout_ms, bool) and timeout_ms > 0 else default
    arn = found.group(0)
    return Target(found.group(3), found.group(4), found.group(1) or "us-east-1", arn, kind == "aws_proxy", payload, timeout)


_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([^}]*)\}")


def resolve_stage_variables(text: str, variables: Mapping[str, str]) -> tuple[str, list[str]]:
    """``text`` with each ``${stageVariables.x}`` replaced by the stage's value, and the names the stage does not
    define or leaves empty (replaced by nothing: API Gateway then names no function, or an empty alias, and cannot
    invoke it)."""
    missing: list[str] = []

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if not variables.get(name):
            missing.append(name)
            return ""
        return variables[name]

    return _STAGE_VARIABLE.sub(value, text), missing


def check_handler(config: FunctionConfig) -> None:
    """The handler's module file exists under the code folder and defines the handler's name (read, not imported:
    the mock's process never runs user code). Raises ``ConfigError`` at the handler's place."""
    place = f"{config.place}.handler" if config.place.startswith("functions.") else config.place
    if not config.code.is_dir():
        where = f"{config.place}.code" if config.place.startswith("functions.") else config.place
        raise ConfigError(where, f"the function {config.name}'s code folder {config.code} does not exist", config.source)
    module, dot, attribute = config.handler.rpartition(".")
    if not dot or not module or not attribute:
        raise ConfigError(place, f"handler {config.handler!r} is not module.function", config.source)
    base = config.code.joinpath(*module.split("."))
    candidates = [base.with_suffix(".py"), base / "__init__.py"]
    file = next((c for c in candidates if c.is_file()), None)
    if file is None:
        raise ConfigError(place, f"handler {config.handler!r}: no module {module} ({candidates[0]} does not exist)", config.source)
    try:
        tree = ast.parse(file.read_bytes(), str(file))
    except SyntaxError as exc:
        raise ConfigError(place, f"handler {config.handler!r}: {file}, line {exc.lineno}: {exc.msg}", config.source) from None
    if attribute not in _top_level_names(tree):
        raise ConfigError(place, f"handler {config.handler!r}: {file} defines no {attribute}", config.source)


def _top_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):  # conditional definitions (if/try) count too
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


@dataclass
class Invocation:
    """What one function received and returned (``gw.invocations``)."""

    function: str
    request_id: str
    route: str
    event: dict[str, Any]
    result: Any = None
    error: dict[str, Any] | None = None  # Lambda's error payload (errorType, errorMessage)
    status: int = 0  # what the client got
    duration_ms: float = 0.0
    cold: bool = False


@dataclass
class Functions:
    """The functions behind one gateway: their pools, the routes they serve, and what they were given."""

    pools: dict[str, FunctionPool] = field(default_factory=dict)
    routes: list[tuple[str, str, str]] = field(default_factory=list)  # (route key, function, handler and folder)
    notes: list[str] = field(default_factory=list)  # routes naming a function without code, unused functions
    invocations: deque[Invocation] = field(default_factory=lambda: deque(maxlen=INVOCATION_LOG))
    # Located problems found at startup (a stage variable an integration URI needs and the stage lacks); printed then.
    warnings: list[Diagnostic] = field(default_factory=list)

    interpreters: Interpreters | None = None  # the spare interpreter new workers take on (made with the first pool)

    def close(self) -> None:
        for pool in self.pools.values():
            pool.close()
        if self.interpreters is not None:
            self.interpreters.close()

    def describe(self) -> list[str]:
        return [f"{key} -> {name} ({where})" for key, name, where in self.routes] + self.notes


def attach(gateway: MockGateway) -> Functions:
    """Give each stage's route whose integration names a configured function its ``LambdaRoute`` (the gateway's
    stages are built). An integration URI with ``${stageVariables.x}`` names a function per stage: each stage's
    variables resolve it, and a stage lacking one gets API Gateway's answer for a function it cannot name."""
    config = gateway.config
    functions = Functions()
    used: set[str] = set()
    api_id = api_id_of(gateway.api)
    for configured in config.functions.values():  # every configured function, used or not: a typo shows now
        check_handler(configured)
    for route in gateway.routes:
        uri = integration_uri(route.operation)
        if uri is None:
            continue
        if "${stageVariables." not in uri:
            answering = _route_function(gateway, functions, used, route.key, route.operation, uri, api_id, route.key)
            route.function = answering
            for stage in gateway.stages:
                stage.routes[route.key].function = answering
            continue
        for stage in gateway.stages:  # the same function in several stages shares its workers (one pool by name)
            label = f"{route.key} [stage {stage.name or '$default'}]"
            resolved, missing = resolve_stage_variables(uri, stage.config.variables)
            if missing:
                stage.routes[route.key].function = _unresolved(gateway, functions, route.operation, stage.name, label, missing)
            else:
                stage.routes[route.key].function = _route_function(gateway, functions, used, route.key, route.operation,
                                                                   resolved, api_id, label)  # fmt: skip
    _attach_authorizers(gateway, functions, used, api_id)
    for name in config.functions:
        if name not in used:
            functions.notes.append(f"function {name}: no route's integration names it")
    for warning in functions.warnings:
        print(f"sdkgen mock: {warning}", file=sys.stderr, flush=True)
    return functions


def _route_function(gateway: MockGateway, functions: Functions, used: set[str], key: str, operation: Operation, uri: str,
                    api_id: str, label: str) -> LambdaRoute | None:  # fmt: skip
    """What answers a route whose integration has ``uri`` (stage variables put in): its function, or None (the
    route's example responses) when the function has no code here, said in the route map as ``label``."""
    target = target_of(operation, gateway.is_http, uri)
    if target is None:
        return None
    function = gateway.config.functions.get(target.function)
    if function is None:
        functions.notes.append(f"{label} names function {target.function}, which has no code here: example responses")
        return None
    if not target.proxy and gateway.is_http:
        functions.notes.append(f"{label} -> {target.function}: HTTP APIs have no non-proxy (aws) integrations: example responses")
        return None
    used.add(target.function)
    pool = _pool(gateway, functions, target)
    assert pool is not None
    if target.proxy:
        functions.routes.append((label, target.function, f"{function.handler} in {function.code}"))
        return LambdaRoute(gateway, functions, pool, key, operation, target, api_id)
    functions.routes.append((label, target.function, f"{function.handler} in {function.code}, mapping templates"))
    return NonProxyRoute(gateway, functions, pool, key, operation, target, api_id)


def _unresolved(gateway: MockGateway, functions: Functions, operation: Operation, stage: str, label: str,
                missing: list[str]) -> Unresolved:  # fmt: skip
    """A stage whose variables cannot complete the integration URI: a located warning now, API Gateway's 500 then."""
    names = ", ".join(f"${{stageVariables.{name}}}" for name in dict.fromkeys(missing))
    where = f"stages.{stage or '$default'}.variables"
    pointer = pointer_join(operation.pointer, "x-amazon-apigateway-integration", "uri") if operation.pointer else ""
    answer = "500 Internal Server Error" if gateway.is_http else "500 Internal server error"
    functions.warnings.append(Diagnostic(
        "warning", f"{operation.method} {operation.path}: the integration URI uses {names}, which stage "
        f"{stage or '$default'} does not define ({where}): no function to invoke there, so the route answers "
        f"{answer}, as API Gateway does", file=gateway.api.source, pointer=pointer,
    ))  # fmt: skip
    functions.notes.append(f"{label}: {names} is not defined in this stage: {answer}, as API Gateway answers")
    return Unresolved(gateway.is_http, f"{label}: {names} is not defined in this stage: no function to invoke")


class Unresolved:
    """A route whose integration URI names no function in the request's stage (a stage variable it uses is not
    defined there). API Gateway cannot invoke it ("Execution failed due to configuration error: Invalid function ARN
    or invalid uri") and answers its 500: REST's API_CONFIGURATION_ERROR, an HTTP API's Internal Server Error."""

    def __init__(self, http_api: bool, why: str) -> None:
        self.error = responses.HTTP_FUNCTION_ERROR if http_api else errors.API_CONFIGURATION_ERROR
        self.why = why

    async def answer(self, ctx: _Context, *_: Any) -> None:
        _console(f"[{ctx.request_id}] {self.why}")
        await ctx.error(self.error)
        return None


def _pool(gateway: MockGateway, functions: Functions, target: Target) -> FunctionPool | None:
    function = gateway.config.functions.get(target.function)
    if function is None:
        return None
    pool = functions.pools.get(target.function)
    if pool is None:
        spec = FunctionSpec(function.name, function.handler, function.code.resolve(), dict(function.env), function.timeout,
                            function.memory, _unqualified(target.arn), target.region)  # fmt: skip
        if functions.interpreters is None:
            functions.interpreters = Interpreters()
        pool = functions.pools[target.function] = FunctionPool(spec, gateway.config.concurrency, reload=gateway.config.reload,
                                                               interpreters=functions.interpreters)  # fmt: skip
    return pool


def _attach_authorizers(gateway: MockGateway, functions: Functions, used: set[str], api_id: str) -> None:
    """Give each route whose security names a Lambda authorizer with code its ``RouteAuthorizers``. An
    ``authorizerUri`` with ``${stageVariables.x}`` names a function per stage, as an integration URI does."""
    invoked: dict[str, dict[str, _Authorizer]] = {}  # scheme -> stage -> its authorizer there (none: the stand-in)
    for name, scheme in gateway.api.security_schemes.items():
        raw = scheme.lambda_authorizer
        uri = raw.get("authorizerUri") if raw else None
        if not isinstance(uri, str) or _FUNCTION_ARN.search(uri) is None:
            continue
        staged = "${stageVariables." in uri
        by_stage: dict[str, _Authorizer] = {}
        for stage in gateway.stages if staged else gateway.stages[:1]:
            label = f"authorizer {name} [stage {stage.name or '$default'}]" if staged else f"authorizer {name}"
            resolved, missing = resolve_stage_variables(uri, stage.config.variables) if staged else (uri, [])
            found = _FUNCTION_ARN.search(resolved)
            if missing or found is None:
                lacking = ", ".join(f"${{stageVariables.{m}}}" for m in dict.fromkeys(missing))
                functions.warnings.append(Diagnostic(
                    "warning", f"authorizer {name}: its authorizerUri uses {lacking}, which stage {stage.name or '$default'} "
                    f"does not define (stages.{stage.name or '$default'}.variables): no function to invoke there, so it "
                    "answers 500, as API Gateway does", file=gateway.api.source,
                ))  # fmt: skip
                functions.notes.append(f"{label}: {lacking} is not defined in this stage: 500, as API Gateway answers")
                by_stage[stage.name] = _Authorizer(scheme, None, "us-east-1")
                continue
            target = Target(found.group(3), found.group(4), found.group(1) or "us-east-1", found.group(0), True, "", 0.0)
            pool = _pool(gateway, functions, target)
            if pool is None:
                functions.notes.append(f"{label} names function {target.function}, which has no code here: the allow-list stand-in")
                continue
            used.add(target.function)
            by_stage[stage.name] = _Authorizer(scheme, pool, target.region)
            functions.routes.append((label, target.function, f"{pool.spec.handler} in {pool.spec.code}"))
        if by_stage and not staged:
            by_stage = {stage.name: by_stage[gateway.stages[0].name] for stage in gateway.stages}
        if by_stage:
            invoked[name] = by_stage
    if not invoked:
        return
    for route in gateway.routes:
        names = dict.fromkeys(n for requirement in route.operation.security for n in requirement if n in invoked)
        if names:
            route.authorizer = RouteAuthorizers(gateway, functions, route.key, route.operation, [invoked[n] for n in names], api_id)


def _unqualified(arn: str) -> str:
    parts = arn.split(":")
    return ":".join(parts[:7])


def api_id_of(api: Api) -> str:
    """The API's id as its server URL shows it, else a stable one made from its title (10 characters, as AWS's)."""
    for server in api.servers:
        found = _API_ID.match(server)
        if found:
            return found.group(1)
    import hashlib

    return hashlib.sha1((api.title or "api").encode()).hexdigest()[:10]


def _scopes(operation: Operation) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for requirement in operation.security for scopes in requirement.values() for s in scopes))


class LambdaRoute:
    """One route's integration with one function."""

    def __init__(self, gateway: MockGateway, functions: Functions, pool: FunctionPool, key: str, operation: Operation,
                 target: Target, api_id: str) -> None:  # fmt: skip
        self.gateway = gateway
        self.functions = functions
        self.pool = pool
        self.key = key
        self.operation = operation
        self.target = target
        self.api_id = api_id
        self.http_api = gateway.is_http
        self.scopes = _scopes(operation)
        method, _, path = key.partition(" ")
        self.route_key = f"{'ANY' if method == 'ANY' else method} {path}"
        # The ARN it is invoked by (context.invoked_function_arn): with the integration's alias or version, if any
        # (a stage variable's value already put in); None: the unqualified one.
        self.invoked_arn = f"{pool.spec.invoked_arn}:{target.qualifier}" if target.qualifier else None

    async def answer(self, ctx: _Context, params: Mapping[str, str], query: Mapping[str, list[str]], raw_query: str,
                     raw_headers: Sequence[tuple[bytes, bytes]], body: bytes, key: ApiKeyConfig | None,
                     granted: Verdict | None) -> Prepared | None:  # fmt: skip
        """Invoke the function for this request and send what API Gateway would; the answer sent back when it is
        the function's (the stage cache may keep it), None when it was one of API Gateway's errors."""
        ctx.function = self.pool.spec.name
        claims = granted.claims if granted is not None else None
        lambda_context = granted.context if granted is not None else None
        incoming = incoming_of(ctx, self.gateway, self.operation, self.api_id, params, query, raw_query, raw_headers, body)
        incoming.api_key = (key.value, key.id) if key is not None else None
        incoming.claims, incoming.lambda_context = claims, lambda_context
        incoming.scopes = self.scopes if claims is not None else ()
        if claims is None and granted is not None and lambda_context is not None:
            incoming.principal = granted.principal  # a Lambda authorizer's function ran: its principalId
        elif claims is None and key is None:
            incoming.principal = ctx.principal  # the allow-list stand-in's identity, if any
        v2 = self.target.payload.startswith("2")
        event = events.payload_v2(incoming, self.route_key) if v2 else events.payload_v1(incoming, http_api=self.http_api)
        outcome = await self.pool.invoke(event, ctx.request_id, self.target.timeout, arn=self.invoked_arn)
        invocation = Invocation(self.pool.spec.name, ctx.request_id, self.key, event, outcome.result, outcome.error,
                                duration_ms=round(outcome.duration_ms, 3), cold=outcome.cold)  # fmt: skip
        self.functions.invocations.append(invocation)
        sent = await self._respond(ctx, outcome, v2)
        invocation.status = sent if isinstance(sent, int) else sent.status
        return None if isinstance(sent, int) else sent

    async def _respond(self, ctx: _Context, outcome: Outcome, v2: bool) -> Prepared | int:
        """The answer sent (a ``Prepared``, which the stage cache may keep), or the status of an error sent."""
        name = f"[{self.pool.spec.name} {ctx.request_id}]"
        if outcome.integration_timed_out:
            _console(f"{name} the integration timed out after {self.target.timeout:g} s (the function's Timeout is {self.pool.spec.timeout:g} s)")
            error = responses.HTTP_TIMEOUT if self.http_api else responses.REST_TIMEOUT
            await ctx.error(error)
            return error.status
        if outcome.error is not None:
            _console_error(name, outcome)
            error = responses.HTTP_FUNCTION_ERROR if self.http_api else responses.REST_FUNCTION_ERROR
            await ctx.error(error)
            return error.status
        try:
            if v2:
                answer = responses.answer_v2(outcome.result)
            else:
                accept = ctx.headers.get("accept")
                answer = responses.answer_v1(outcome.result, accept=accept, binary_types=self.gateway.api.binary_media_types,
                                             http_api=self.http_api)  # fmt: skip
        except responses.Malformed as exc:
            _console(f"{name} malformed Lambda proxy response: {exc}")
            error = responses.HTTP_FUNCTION_ERROR if self.http_api else responses.REST_FUNCTION_ERROR
            await ctx.error(error)
            return error.status
        prepared = Prepared(answer.status, answer.headers, answer.body)
        await ctx.respond(prepared.status, prepared.headers, prepared.body)
        return prepared


class NonProxyRoute(LambdaRoute):
    """A REST ``aws`` (non-proxy) integration with a function: the request template makes the event, the function's
    result or error goes through the integration responses (``sdkgen.mock.mapping``).

    As API Gateway: without a template for the request's ``Content-Type`` the body passes through (per
    ``passthroughBehavior``; 415 when it refuses); the event is the rendered text as JSON (``{}`` when empty; not JSON:
    500). The integration response is the one whose ``selectionPattern`` matches in full (Java's regular expressions:
    ``.`` stops at a newline) the ``errorMessage`` of a function error (a raised exception, the function's own
    timeout, a crash: Lambda's error payload is ``$input``), or ``""`` for a successful result (its JSON is
    ``$input``), else the default one (so an unmatched error answers 200, as on AWS); no response at all: 500. The
    integration timeout (``timeoutInMillis``, 29 s by default) stays API Gateway's 504 "Endpoint request timed out"."""

    def __init__(self, gateway: MockGateway, functions: Functions, pool: FunctionPool, key: str, operation: Operation,
                 target: Target, api_id: str) -> None:  # fmt: skip
        super().__init__(gateway, functions, pool, key, operation, target, api_id)
        integration = operation.integration or {}
        self.problem: str | None = None
        self.requests = mapping.RequestTemplates({}, "WHEN_NO_MATCH")
        self.responses: list[mapping.IntegrationResponse] = []
        self.content_handling: str | None = None  # the integration request's (mapping.convert_request)
        self.binary_types = gateway.api.binary_media_types
        try:
            self.requests = mapping.RequestTemplates.of(integration)
            self.responses = mapping.compile_responses(integration.get("responses"))
            self.content_handling = mapping.content_handling_of(integration.get("contentHandling"), "contentHandling")
        except mapping.MappingError as exc:
            self.problem = mapping.located(gateway.api.source, operation, exc)
            print(f"sdkgen mock: {self.problem} (the route answers 500)", file=sys.stderr)

    async def answer(self, ctx: _Context, params: Mapping[str, str], query: Mapping[str, list[str]], raw_query: str,
                     raw_headers: Sequence[tuple[bytes, bytes]], body: bytes, key: ApiKeyConfig | None,
                     granted: Verdict | None) -> Prepared | None:  # fmt: skip
        ctx.function = self.pool.spec.name
        if self.problem is not None:
            await ctx.error(errors.API_CONFIGURATION_ERROR)
            return None
        name = f"[{self.pool.spec.name} {ctx.request_id}]"
        content_type = ctx.headers.get("content-type")
        try:
            payload = mapping.convert_request(body, mapping.is_binary_type(content_type, self.binary_types), self.content_handling)
        except mapping.ConversionError as exc:
            _console(f"{name} {exc}")
            await ctx.error(errors.API_CONFIGURATION_ERROR)
            return None
        # Templates see the payload as converted ($input.body: a binary body's base64 text with CONVERT_TO_TEXT).
        view = mapping.view_of(ctx, params, query, payload.encode() if isinstance(payload, str) else body, self.api_id,
                               self.operation.path, granted)  # fmt: skip
        try:
            chosen = self.requests.choose(content_type)
            if isinstance(payload, bytes):  # a binary payload passes through as it is: no template applies
                text: str | bytes = payload
            else:
                text = payload if chosen is mapping.PASSTHROUGH else render(chosen, variables(view))  # type: ignore[arg-type]
        except mapping.Unsupported:
            await ctx.error(errors.UNSUPPORTED_MEDIA)
            return None
        except VtlError as exc:
            _console(f"{name} the request template failed: {exc}")
            await ctx.error(errors.PAYLOAD_ERROR if isinstance(exc, PayloadError) else errors.API_CONFIGURATION_ERROR)
            return None
        try:
            event = json.loads(text) if text.strip() else {}
        except ValueError:
            # Lambda refuses a payload that is not JSON (InvalidRequestContentException): the gateway's 500.
            _console(f"{name} the integration request is not JSON, which Lambda refuses: {text[:200]!r}")
            await ctx.error(errors.API_CONFIGURATION_ERROR)
            return None
        outcome = await self.pool.invoke(event, ctx.request_id, self.target.timeout, arn=self.invoked_arn)
        invocation = Invocation(self.pool.spec.name, ctx.request_id, self.key, event, outcome.result, outcome.error,
                                duration_ms=round(outcome.duration_ms, 3), cold=outcome.cold)  # fmt: skip
        self.functions.invocations.append(invocation)
        sent = await self._map(ctx, view, outcome, name)
        invocation.status = sent if isinstance(sent, int) else sent.status
        return None if isinstance(sent, int) else sent

    async def _map(self, ctx: _Context, view: TemplateView, outcome: Outcome, name: str) -> Prepared | int:
        """The integration response for the function's result or error, rendered and sent (or API Gateway's error)."""
        if outcome.integration_timed_out:
            _console(f"{name} the integration timed out after {self.target.timeout:g} s (the function's Timeout is {self.pool.spec.timeout:g} s)")
            await ctx.error(responses.REST_TIMEOUT)
            return responses.REST_TIMEOUT.status
        if outcome.error is not None:
            _console_error(name, outcome)
            message = str(outcome.error.get("errorMessage") or "")
            # Lambda's error payload as its Invoke answers it ($input): a raised error's as the Python runtime
            # reports it; a timeout's or a crash's only errorType and errorMessage.
            payload: dict[str, Any] = {"errorMessage": message, "errorType": outcome.error.get("errorType")}
            if outcome.stack_trace is not None:
                payload.update(requestId=ctx.request_id, stackTrace=outcome.stack_trace)
            body = json.dumps(payload)
            response = mapping.select_integration_response(self.responses, message)
        else:
            body = json.dumps(outcome.result)
            # A successful invocation has no error message: the patterns are matched against "" (AWS's API
            # reference, IntegrationResponse.selectionPattern: ".+" tells an error from a success; a ".*" response
            # takes successes too, as the developer guide's handle-errors-in-lambda-integration says).
            response = mapping.select_integration_response(self.responses, "")
        if response is None:  # "No match for output mapping and no default output mapping configured"
            _console(f"{name} no integration response matches and there is no default one")
            await ctx.error(errors.API_CONFIGURATION_ERROR)
            return errors.API_CONFIGURATION_ERROR.status
        accept = ctx.headers.get("accept")
        try:
            answer = mapping.render_response(response, body, view, accept)
            # After the template: the usual way to return binary renders the base64 text out of the function's JSON
            # ($input.path('$.body')) and has CONVERT_TO_BINARY decode it.
            sent = mapping.convert_response(answer.body, response.content_handling, accept, self.binary_types)
        except (VtlError, mapping.ConversionError) as exc:
            _console(f"{name} the response template failed: {exc}" if isinstance(exc, VtlError) else f"{name} {exc}")
            error = errors.PAYLOAD_ERROR if isinstance(exc, PayloadError) else errors.API_CONFIGURATION_ERROR
            await ctx.error(error)
            return error.status
        headers = [(n.lower().encode("latin-1", "replace"), v.encode("latin-1", "replace")) for n, v in answer.headers]
        prepared = Prepared(answer.status, headers, sent)
        await ctx.respond(prepared.status, prepared.headers, prepared.body)
        return prepared


def incoming_of(ctx: _Context, gateway: MockGateway, operation: Operation, api_id: str, params: Mapping[str, str],
                query: Mapping[str, list[str]], raw_query: str, raw_headers: Sequence[tuple[bytes, bytes]],
                body: bytes) -> events.Incoming:  # fmt: skip
    """The request as the events see it."""
    client = ctx.scope.get("client")
    return events.Incoming(
        method=ctx.method, path=ctx.path, stage=ctx.stage or "", resource=operation.path, path_params=params,
        raw_query=raw_query, query=query, raw_headers=raw_headers, body=body, request_id=ctx.request_id,
        extended_request_id=binascii.b2a_base64(ctx.id_bytes[:12], newline=False).translate(_APIGW_ID).decode(),
        api_id=api_id, source_ip=client[0] if client else "127.0.0.1", protocol=f"HTTP/{ctx.scope.get('http_version', '1.1')}",
        binary_media_types=gateway.api.binary_media_types, stage_variables=stage_variables_of(gateway, ctx.stage),
    )  # fmt: skip


def stage_variables_of(gateway: MockGateway, stage: str | None) -> dict[str, str] | None:
    """The stage's variables (``stages.<name>.variables``); None when it has none, as API Gateway sends them."""
    config = gateway.config.stages.get(stage or "")
    variables = dict(config.variables) if config is not None else {}
    return variables or None


class _Authorizer:
    """One Lambda authorizer whose function the gateway has: its pool, kind, settings and result cache."""

    def __init__(self, scheme: SecurityScheme, pool: FunctionPool | None, region: str) -> None:
        raw = scheme.lambda_authorizer or {}
        self.scheme = scheme
        self.pool = pool  # None: its URI names no function in this stage (a stage variable it lacks): API Gateway's 500
        self.region = region
        self.token = scheme.authorizer == "lambda_token"
        self.payload = str(raw.get("authorizerPayloadFormatVersion") or "2.0")
        self.simple = bool(raw.get("enableSimpleResponses"))
        self.cache = authorizer.ResultCache(authorizer.ttl_of(raw.get("authorizerResultTtlInSeconds")))
        self.sources = scheme.identity_sources or (f"{scheme.location}:{scheme.param_name}",)
        # The same linear-time matcher the mock's stand-in uses: a token must not stall the event loop here either.
        self.validation = compile_pattern(scheme.identity_validation, full=True) if self.token and scheme.identity_validation else None


class RouteAuthorizers:
    """The Lambda authorizers of one route whose functions run: each is invoked (or its cached output reused) and its
    output decided into the verdict ``LambdaChecker`` returns for it."""

    def __init__(self, gateway: MockGateway, functions: Functions, key: str, operation: Operation,
                 authorizers: list[dict[str, _Authorizer]], api_id: str) -> None:  # fmt: skip
        self.gateway = gateway
        self.functions = functions
        self.key = key
        self.operation = operation
        self.authorizers = authorizers  # each one's authorizer per stage
        self.api_id = api_id
        method, _, path = key.partition(" ")
        self.route_key = f"{method} {path}"

    async def decide(self, ctx: _Context, view: RequestView, params: Mapping[str, str]) -> dict[str, Verdict]:
        from ..mock.authorizers import Verdict, _credential

        decided: dict[str, Verdict] = {}
        for by_stage in self.authorizers:
            auth = by_stage.get(ctx.stage or "")
            if auth is None:
                continue  # no function with code in this stage: the stand-in decides
            values = [_credential(auth.scheme, view, source) for source in auth.sources]
            if any(not v for v in values):
                continue  # no identity: 401 without invoking, as API Gateway
            identity = tuple(str(v) for v in values)
            if auth.validation is not None and not auth.validation.search(identity[0]):
                continue  # identityValidationExpression: 401 without invoking
            if auth.pool is None:  # nothing to invoke: the failing authorizer's 500
                _console(f"[{ctx.request_id}] authorizer {auth.scheme.name}: its authorizerUri names no function in stage {ctx.stage or '$default'}")
                decided[auth.scheme.name] = Verdict(authorizer.HTTP_FAILED if self.gateway.is_http else authorizer.FAILED, True)
                continue
            incoming = incoming_of(ctx, self.gateway, self.operation, self.api_id, params, view.query, view.raw_query,
                                   view.raw_headers, b"")  # fmt: skip
            arn = authorizer.method_arn(incoming, auth.region)
            result = auth.cache.get(identity)
            error: dict[str, Any] | None = None
            if result is None:
                if auth.token:
                    event = authorizer.token_event(identity[0], arn)
                elif self.gateway.is_http and auth.payload.startswith("2"):
                    event = authorizer.request_event_v2(incoming, self.route_key, arn, identity)
                else:
                    event = authorizer.request_event(incoming, arn)
                    if self.gateway.is_http:
                        event = {"version": "1.0", **event, "identitySource": ",".join(identity)}
                outcome = await auth.pool.invoke(event, ctx.request_id)
                result, error = outcome.result, outcome.error
                self.functions.invocations.append(Invocation(auth.pool.spec.name, ctx.request_id, self.key, event, result, error,
                                                             duration_ms=round(outcome.duration_ms, 3), cold=outcome.cold))  # fmt: skip
                if error is None:
                    auth.cache.put(identity, result)
            decision = authorizer.decide(result, error, arn, http_api=self.gateway.is_http, simple=auth.simple)
            if decision.error is not None:
                decided[auth.scheme.name] = Verdict(decision.error, True)
                continue
            usage = self.gateway.keys.get(decision.usage_key) if decision.usage_key else None
            decided[auth.scheme.name] = Verdict(None, True, principal=decision.principal, usage_key=usage, context=decision.context)
        return decided


def _console(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _console_error(name: str, outcome: Outcome) -> None:
    """A timeout or a crash is said on the console (a raised exception's traceback the worker printed already)."""
    if outcome.error is not None and (outcome.timed_out or outcome.error.get("errorType") == "Runtime.ExitError"):
        _console(f"{name} {outcome.error['errorMessage']}")


def specs_from_template(source: Any) -> dict[str, Any]:
    """A template's Python functions as the mock configuration's ``functions`` entries (by function name)."""
    entries: dict[str, Any] = {}
    for info in source.functions.values():
        if not info.handler or info.code_uri is None or not (info.runtime or "").startswith("python"):
            continue
        name = info.arn.rsplit(":function:", 1)[-1]
        entry: dict[str, Any] = {"handler": info.handler, "code": str(info.code_uri), "env": dict(info.environment)}
        if info.timeout is not None:
            entry["timeout"] = info.timeout
        if info.memory is not None:
            entry["memory"] = info.memory
        entries[name] = entry
    return entries


__all__ = ["attach", "check_handler", "target_of", "Functions", "Invocation", "LambdaRoute", "specs_from_template"]
