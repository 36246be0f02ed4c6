"""The mock gateway as a raw ASGI application (no web framework: every route is compiled at startup).

Order of checks, as API Gateway does them: body size, route, authorizer, API key, throttling
(usage plan per method, usage plan, stage per method / stage), quota, request validation, then the
stage cache, injected faults and latency, and the response.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import math
import os
import random
import time
import traceback
import weakref
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from ..model import Api, Operation
from . import errors
from .authorizers import AuthPlan, RequestView, build_checkers
from .config import ApiKeyConfig, ConfigError, Fault, GatewayConfig, StageConfig, Throttle, UsagePlan, load_config
from .errors import ErrorRenderer, GatewayError
from .mapping import MockIntegration
from .responses import PreferError, Prepared, ResponseFactory
from .routing import Router, StageRouter
from .throttle import BucketSet, QuotaCounter, period_end
from .validation import OperationValidator, RequestData, error_count

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Headers = list[tuple[bytes, bytes]]

ACCOUNT_BUCKET = ("account",)
PRISM_QUERY = frozenset(("__code", "__example", "__dynamic"))  # Prism's query-string spelling of Prefer
MAX_BODY = 10 * 1024 * 1024
MAX_HEADER_BYTES = 10 * 1024  # API Gateway REST: 10 KB of headers in total
ADMIN_PREFIX = "/__sdkgen/"
LOG_SIZE = 10_000
# The request log is bounded in bytes as well as in entries (by a record's text: its path, principal and
# messages), and a record's text in size: 10,000 requests with 60 KB paths held ~600 MB.
LOG_BYTES = 32 * 1024 * 1024
RECORD_TEXT = 1024  # characters kept of a record's path, principal and key id
RECORD_OVERHEAD = 400  # bytes of a record beyond its text, near enough (a RequestRecord with short fields)
CACHED_KEY_TEXT = 2048  # a longer path (and query) is answered but not remembered by the route or stage cache
MATCH_CACHE_SIZE = 4096  # (method, path) -> route; cleared when full, so that a scan of random paths stays bounded
Buckets = tuple[tuple[tuple[str, ...], Throttle], ...]


@dataclass
class RequestRecord:
    time: str
    request_id: str
    method: str
    path: str
    stage: str | None
    route: str | None
    key_id: str | None
    principal: str | None
    status: int
    error_type: str | None
    latency_ms: float
    validation_errors: list[str] = field(default_factory=list)
    cache: str | None = None  # "hit" | "miss" | None
    validation_error_count: int = 0  # all of them: validation_errors keeps the first MAX_PROBLEMS
    function: str | None = None  # the Lambda function invoked (sdkgen.lambdas)


@dataclass
class RouteMetrics:
    count: int = 0
    errors_4xx: int = 0
    errors_5xx: int = 0
    throttled: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    latencies: deque[float] = field(default_factory=lambda: deque(maxlen=4096))

    def as_dict(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 3) if ordered else 0.0

        return {
            "Count": self.count,
            "4XXError": self.errors_4xx,
            "5XXError": self.errors_5xx,
            "Throttled": self.throttled,
            "CacheHitCount": self.cache_hits,
            "CacheMissCount": self.cache_misses,
            "Latency": {
                "average": round(sum(ordered) / len(ordered), 3) if ordered else 0.0,
                "p50": pct(0.5),
                "p99": pct(0.99),
                "maximum": round(ordered[-1], 3) if ordered else 0.0,
            },
        }


def route_key(operation: Operation) -> str:
    path = operation.path if operation.path == "/" else operation.path.rstrip("/")
    return f"{operation.method.upper()} {path}"


@dataclass
class Route:
    """One operation, compiled."""

    key: str
    operation: Operation
    auth: AuthPlan
    validator: OperationValidator
    responses: ResponseFactory
    faults: tuple[Fault, ...]
    integration: MockIntegration | None = None  # a mock integration whose templates are rendered per request
    function: Any = None  # a sdkgen.lambdas LambdaRoute: the route's function answers instead of its examples
    authorizer: Any = None  # sdkgen.lambdas RouteAuthorizers: Lambda authorizers whose functions run for this route


@dataclass
class StageRoute:
    route: Route
    stage: Stage
    throttle: Throttle | None
    cache_ttl: float
    # API Gateway's cacheKeyParameters as (location, name); None: key by method, path and query string.
    cache_keys: tuple[tuple[str, str], ...] | None = None
    # Per API key (None: none): its usage plan and the buckets a request takes from (MockGateway._limits).
    limits: dict[ApiKeyConfig | None, tuple[UsagePlan | None, Buckets]] = field(default_factory=dict)
    function: Any = None  # a sdkgen.lambdas route: the function answering in this stage (stage variables may pick it)


@dataclass
class Stage:
    name: str
    config: StageConfig
    router: Router[StageRoute] = field(default_factory=Router)
    cache: dict[tuple[str, ...], tuple[float, Prepared]] = field(default_factory=dict)
    routes: dict[str, StageRoute] = field(default_factory=dict)  # by route key


class MockGateway:
    """The ASGI application; ``create_app`` builds one."""

    def __init__(
        self,
        api: Api,
        config: GatewayConfig,
        *,
        stage: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] | None = None,
        on_request: Callable[[RequestRecord], None] | None = None,
    ) -> None:
        self.api = api
        self.config = config
        self.clock = clock
        self.on_request = on_request
        self.renderer = ErrorRenderer(api.flavour, api.gateway_responses)
        self.is_http = api.flavour == "http"
        self.buckets = BucketSet(clock)
        self.quotas = QuotaCounter(wall_clock)
        self.fault_rng = random.Random(config.seed)
        self.latency_rng = random.Random(config.seed + 1)
        self.records: deque[RequestRecord] = deque()
        self.record_sizes: deque[int] = deque()  # beside records: each one's size, as counted in log_bytes
        self.log_bytes = 0
        self.log_byte_limit = LOG_BYTES
        self.set_log_limits(LOG_SIZE, LOG_BYTES)
        self.metrics: dict[str, RouteMetrics] = {}
        self.keys: dict[str, ApiKeyConfig] = {k.value: k for k in config.api_keys}
        self.plans: Mapping[str, UsagePlan] = config.usage_plans
        self.cors = api.cors if self.is_http and api.cors else None
        self.latency = config.latency_ms.max > 0
        self.request_ids = _RequestIds()
        self.matches: dict[tuple[str, str], tuple[StageRoute, Mapping[str, str]] | None] = {}

        keys_by_route: dict[str, Operation] = {}
        for operation in api.operations:
            keys_by_route.setdefault(route_key(operation), operation)
        self._check_route_keys(keys_by_route)

        checkers = build_checkers(api, config.authorizers, self.keys, iam=config.iam, now=self.quotas.wall_clock, source=config.source)
        key_from_authorizer = api.api_key_source == "AUTHORIZER"
        routes: list[Route] = []
        for key, operation in keys_by_route.items():
            faults = tuple(f for f in config.faults if f.route in ("*", key))
            routes.append(
                Route(key, operation, AuthPlan(operation, checkers, key_from_authorizer=key_from_authorizer),
                      OperationValidator(operation, config.validation), ResponseFactory(operation, config.seed), faults,
                      MockIntegration.build(operation, api))
            )  # fmt: skip
        self.routes = routes

        if stage is not None:
            name = stage.strip("/")
            stage_configs = [config.stages.get(name, StageConfig(name))]
        elif config.stages:
            stage_configs = list(config.stages.values())
        else:
            stage_configs = [StageConfig(api.stage)]
        self.stages: list[Stage] = []
        for stage_config in stage_configs:
            compiled = Stage(stage_config.name, stage_config)
            for route in routes:
                settings = stage_config.methods.get(route.key)
                throttle = settings.throttle if settings and settings.throttle else stage_config.throttle
                ttl = settings.cache_ttl if settings and settings.cache_ttl is not None else stage_config.cache_ttl
                if route.operation.method != "GET" or self.is_http:
                    ttl = 0.0
                cache_keys = settings.cache_key_parameters if settings and settings.cache_key_parameters is not None else None
                if cache_keys is None:
                    cache_keys = _integration_cache_keys(route.operation)
                stage_route = compiled.routes[route.key] = StageRoute(
                    route, compiled, throttle, ttl, _compile_cache_keys(cache_keys) if cache_keys is not None else None
                )
                compiled.router.add(route.operation.method, route.operation.path, stage_route)
            self.stages.append(compiled)
        self.stage_router: StageRouter[Stage] = StageRouter((s.name, s) for s in self.stages)
        self.functions: Any = None
        if config.functions:  # only then are functions' modules imported; after the stages, whose variables name them
            from ..lambdas.integration import attach

            self.functions = attach(self)

    def _check_route_keys(self, known: Mapping[str, Operation]) -> None:
        def check(place: str, key: str) -> None:
            if key != "*" and key not in known:
                raise ConfigError(place, f"the definition has no operation {key!r}", self.config.source)

        for name, stage in self.config.stages.items():
            for key in stage.methods:
                check(f'stages.{name or chr(34) * 2}.methods."{key}"', key)
        for name, plan in self.config.usage_plans.items():
            for key in plan.methods:
                check(f'usage_plans.{name}.methods."{key}"', key)
        for i, fault in enumerate(self.config.faults):
            check(f"faults[{i}].route", fault.route)

    # -- public helpers -------------------------------------------------------------------------
    def set_log_limits(self, entries: int, size: int) -> None:
        """Keep at most ``entries`` records, of at most ``size`` bytes together (the newest ones)."""
        self.records = deque(self.records, maxlen=entries)
        self.record_sizes = deque(self.record_sizes, maxlen=entries)
        self.log_bytes = sum(self.record_sizes)
        self.log_byte_limit = size

    def base_paths(self) -> list[str]:
        return ["/" + s.name if s.name else "" for s in self.stages]

    def reset(self) -> None:
        self.records.clear()
        self.record_sizes.clear()
        self.log_bytes = 0
        self.metrics.clear()
        self.buckets.reset()
        self.quotas.reset()
        for stage in self.stages:
            stage.cache.clear()
        for route in self.routes:
            route.responses.reset()
        self.fault_rng = random.Random(self.config.seed)
        self.latency_rng = random.Random(self.config.seed + 1)

    # -- ASGI -----------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            try:
                await self._http(scope, receive, send)
            except Exception:  # noqa: BLE001 - a bug of ours must not kill the connection silently
                traceback.print_exc()
                body = b'{"message":"Internal server error"}'
                try:
                    await send({"type": "http.response.start", "status": 500,
                                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})  # fmt: skip
                    await send({"type": "http.response.body", "body": body})
                except Exception:  # noqa: BLE001 - the response had already started
                    pass
        elif kind == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1000})

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        method: str = scope["method"].upper()
        raw_path = scope.get("raw_path")
        path = raw_path.decode("latin-1") if raw_path else scope["path"]
        if "?" in path:
            path = path.split("?", 1)[0]
        malformed = not raw_path and not _encodable(path)
        if malformed:  # a server that passes no raw_path may decode a lone surrogate into the path: no URL can hold one
            path = path.encode("utf-8", "backslashreplace").decode("utf-8")
        ctx = _Context(self, scope, send, method, path, *self.request_ids.new(), started)

        raw_headers = scope.get("headers") or ()
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in raw_headers}
        if len(headers) == len(raw_headers):  # the usual case: every name once (latin-1 keeps lengths)
            header_bytes = sum(map(len, headers)) + sum(map(len, headers.values()))
        else:  # a repeated name: its values joined by commas, as API Gateway passes them
            header_bytes = 0
            headers = {}
            for name, value in raw_headers:
                header_bytes += len(name) + len(value)
                key = name.decode("latin-1").lower()
                text = value.decode("latin-1")
                headers[key] = f"{headers[key]},{text}" if key in headers else text
        ctx.headers = headers

        if malformed:
            await ctx.error(errors.bad_request("Invalid request path"))
            return
        if path.startswith(ADMIN_PREFIX) and self.config.admin:
            await self._admin(ctx, receive)
            return
        if header_bytes > MAX_HEADER_BYTES:
            await ctx.error(errors.HEADERS_TOO_LARGE)
            return
        length = headers.get("content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await ctx.error(errors.BAD_REQUEST)
                return
            if declared > MAX_BODY:
                await ctx.error(errors.TOO_LARGE)
                return

        if self.cors is not None and method == "OPTIONS" and "origin" in headers and "access-control-request-method" in headers:
            await self._preflight(ctx)
            return

        matched = self._match(method, path)
        if matched is None:
            await ctx.error(errors.NOT_FOUND if self.is_http else errors.MISSING_AUTH_TOKEN)
            return
        stage_route, params = matched
        route = stage_route.route
        ctx.route = route.key
        ctx.stage = stage_route.stage.name

        body = await _read_body(receive)
        if body is None:
            await ctx.error(errors.TOO_LARGE)
            return

        query_bytes: bytes = scope.get("query_string", b"")
        query_string = query_bytes.decode("latin-1") if query_bytes else ""
        query = parse_qs(query_string, keep_blank_values=True) if query_string else {}
        cookie_header = headers.get("cookie")
        cookies = _cookies(cookie_header) if cookie_header else {}

        auth = route.auth
        granted = None
        key = auth.accepted_key(headers)
        if key is not None:
            ctx.key_id = ctx.principal = key.id
        elif not auth.open:
            view = RequestView(headers, query, cookies, method, path, query_string, raw_headers, body)
            if route.authorizer is not None:  # Lambda authorizers with code: their functions run (awaited) first
                view.decided = await route.authorizer.decide(ctx, view, params)
            verdict = auth.check(view)
            if verdict.error is not None:
                await ctx.error(verdict.error)
                return
            key = verdict.key
            ctx.key_id = key.id if key else None
            ctx.principal = verdict.principal
            granted = verdict

        plan, wanted = stage_route.limits.get(key) or self._limits(stage_route, key)
        if wanted and not self.buckets.acquire(wanted):
            ctx.throttled = True
            await ctx.error(errors.THROTTLED, retry_after=self.buckets.wait(wanted) if self.config.retry_after else None)
            return
        if plan is not None and plan.quota is not None and key is not None:
            if not self.quotas.take(plan.name, key.id, plan.quota):
                now = self.quotas.wall_clock()
                wait = math.ceil((period_end(plan.quota, now) - now).total_seconds())
                await ctx.error(errors.QUOTA_EXCEEDED, retry_after=max(1, wait))
                return

        validator = route.validator
        if validator.enabled and not validator.accepts(params, query, headers, cookies):
            result = validator.validate(RequestData(params, query, headers, cookies, headers.get("content-type", ""), body))
            if result.error is not None:
                ctx.validation_errors = result.details
                await ctx.error(result.error)
                return

        prefer = headers.get("prefer")
        if query and not PRISM_QUERY.isdisjoint(query):
            prefer = _prism_query(query, prefer)
        cache_key: tuple[str, ...] | None = None
        cache = stage_route.stage.cache
        if stage_route.cache_ttl > 0 and prefer is None and len(path) + len(query_string) <= CACHED_KEY_TEXT:
            if stage_route.cache_keys is None:
                cache_key = (route.key, path, query_string)
            else:
                cache_key = (route.key, *_cache_key_values(stage_route.cache_keys, params, query, headers))
            control = headers.get("cache-control", "").replace(" ", "").lower()
            if "max-age=0" not in control and "no-cache" not in control:
                entry = cache.get(cache_key)
                if entry is not None and entry[0] > self.clock():
                    ctx.cache = "hit"
                    await self._latency()
                    await ctx.respond_prepared(entry[1])
                    return
            ctx.cache = "miss"

        for fault in route.faults:
            if fault.rate >= 1.0 or self.fault_rng.random() < fault.rate:
                await self._latency()
                documented = next((r for r in route.operation.responses if r.status == str(fault.status)), None)
                if documented is not None:
                    await ctx.respond_prepared(route.responses.prefer(f"code={fault.status}"))
                else:
                    await ctx.error(errors.fault(fault.status))
                return

        function = stage_route.function
        if function is not None:  # the stage cache answered above, before the function would run
            if self.latency:
                await self._latency()
            answered = await function.answer(ctx, params, query, query_string, raw_headers, body, key, granted)
            if cache_key is not None and answered is not None and 200 <= answered.status < 300:
                if len(cache) > 10_000:
                    cache.clear()
                cache[cache_key] = (self.clock() + stage_route.cache_ttl, answered)
            return

        if route.integration is not None and not prefer:
            await route.integration(ctx, params, query, body, granted)
            return
        if prefer:
            try:
                prepared = route.responses.prefer(prefer)
            except PreferError as exc:
                await ctx.error(errors.bad_request(str(exc)))
                return
        else:
            responses = route.responses
            prepared = responses.default if responses.last_page is None else responses.page(query, body)
        if cache_key is not None and 200 <= prepared.status < 300:
            if len(cache) > 10_000:
                cache.clear()
            cache[cache_key] = (self.clock() + stage_route.cache_ttl, prepared)
        if self.latency:
            await self._latency()
        await ctx.respond_prepared(prepared)

    def _match(self, method: str, path: str) -> tuple[StageRoute, Mapping[str, str]] | None:
        """The stage route and path parameters of a request; remembered per (method, path), as routes never change."""
        try:
            return self.matches[(method, path)]
        except KeyError:
            pass
        split = self.stage_router.split(path)
        matched = split[0].router.match(method, split[1]) if split is not None else None
        result = (matched.target, matched.params) if matched is not None else None
        if len(path) <= CACHED_KEY_TEXT:  # a scan of long random paths must not fill memory with them
            if len(self.matches) >= MATCH_CACHE_SIZE:
                self.matches.clear()
            self.matches[(method, path)] = result
        return result

    def _limits(self, stage_route: StageRoute, key: ApiKeyConfig | None) -> tuple[UsagePlan | None, Buckets]:
        """The key's usage plan and the buckets a request of it on this route takes a token from, in API Gateway's
        order: usage plan per method, usage plan, stage (per method), account. Worked out once per route and key."""
        route = stage_route.route
        plan = self.plans.get(key.usage_plan) if key is not None and key.usage_plan else None
        wanted: list[tuple[tuple[str, ...], Throttle]] = []
        if plan is not None and key is not None:
            method_limit = plan.methods.get(route.key)
            if method_limit is not None:
                wanted.append((("plan-method", plan.name, key.id, route.key), method_limit))
            if plan.throttle is not None:
                wanted.append((("plan", plan.name, key.id), plan.throttle))
        if stage_route.throttle is not None:
            wanted.append((("stage", stage_route.stage.name, route.key), stage_route.throttle))
        if self.config.account_throttle is not None:
            wanted.append((ACCOUNT_BUCKET, self.config.account_throttle))
        limits = stage_route.limits[key] = (plan, tuple(wanted))
        return limits

    async def _latency(self) -> None:
        low, high = self.config.latency_ms.min, self.config.latency_ms.max
        if high <= 0:
            return
        await asyncio.sleep(self.latency_rng.uniform(low, high) / 1000.0)

    async def _preflight(self, ctx: _Context) -> None:
        cors = self.cors or {}
        origin = ctx.headers.get("origin", "")
        allowed = [str(o) for o in cors.get("allowOrigins") or []]
        headers: Headers = []
        if "*" in allowed or origin in allowed:
            # access-control-allow-origin itself is added by ctx.respond, as for every response
            methods = cors.get("allowMethods") or []
            if methods:
                headers.append((b"access-control-allow-methods", ",".join(str(m) for m in methods).encode("latin-1")))
            allow_headers = cors.get("allowHeaders") or []
            if allow_headers:
                headers.append((b"access-control-allow-headers", ",".join(str(h) for h in allow_headers).encode("latin-1")))
            if cors.get("maxAge") is not None:
                headers.append((b"access-control-max-age", str(cors["maxAge"]).encode("latin-1")))
            if cors.get("allowCredentials"):
                headers.append((b"access-control-allow-credentials", b"true"))
        await ctx.respond(204, headers, b"")

    async def _admin(self, ctx: _Context, receive: Receive) -> None:
        await _read_body(receive)
        name = ctx.path[len(ADMIN_PREFIX):].rstrip("/")
        payload: Any
        if name == "requests" and ctx.method == "GET":
            payload = {"requests": [asdict(r) for r in self.records]}
        elif name == "metrics" and ctx.method == "GET":
            payload = {"routes": {key: m.as_dict() for key, m in sorted(self.metrics.items())}}
        elif name == "reset" and ctx.method == "POST":
            self.reset()
            payload = {"reset": True}
        else:
            body = json.dumps({"message": "Not Found"}).encode()
            await ctx.send_raw(404, [(b"content-type", b"application/json")], body)
            return
        await ctx.send_raw(200, [(b"content-type", b"application/json")], json.dumps(payload).encode())

    def record(self, ctx: _Context, status: int, error_type: str | None) -> None:
        latency = (time.perf_counter() - ctx.started) * 1000.0
        route = ctx.route or "(unmatched)"
        metrics = self.metrics.get(route)
        if metrics is None:
            metrics = self.metrics[route] = RouteMetrics()
        metrics.count += 1
        if status >= 400:
            if status < 500:
                metrics.errors_4xx += 1
            else:
                metrics.errors_5xx += 1
        if ctx.throttled:
            metrics.throttled += 1
        if ctx.cache is not None:
            if ctx.cache == "hit":
                metrics.cache_hits += 1
            elif ctx.cache == "miss":
                metrics.cache_misses += 1
        metrics.latencies.append(latency)
        path, key_id, principal, problems = ctx.path, ctx.key_id, ctx.principal, ctx.validation_errors
        if len(path) > RECORD_TEXT:
            path = path[:RECORD_TEXT] + "…"
        # The principal and key id are at most RECORD_TEXT each: counted at that in the overhead when longer than usual.
        if principal is not None and len(principal) > 64:
            principal = principal[:RECORD_TEXT] + "…" if len(principal) > RECORD_TEXT else principal
            key_id = key_id[:RECORD_TEXT] + "…" if key_id is not None and len(key_id) > RECORD_TEXT else key_id
            size = RECORD_OVERHEAD + len(path) + 2 * RECORD_TEXT
        else:
            size = RECORD_OVERHEAD + len(path)
        count = 0
        if problems:
            size += sum(map(len, problems)) + 60 * len(problems)
            count, problems = error_count(problems), list(problems)  # a plain list: asdict() rebuilds its type
        record = RequestRecord(
            _timestamps.now(), ctx.request_id, ctx.method, path, ctx.stage, ctx.route, key_id, principal, status,
            error_type, round(latency, 3), problems, ctx.cache, count, ctx.function,
        )  # fmt: skip
        records, sizes = self.records, self.record_sizes
        if len(sizes) == sizes.maxlen:  # the deques drop their oldest entry as they take this one
            self.log_bytes -= sizes[0]
        records.append(record)
        sizes.append(size)
        self.log_bytes += size
        if self.log_bytes > self.log_byte_limit:
            while self.log_bytes > self.log_byte_limit and len(records) > 1:
                records.popleft()
                self.log_bytes -= sizes.popleft()
        if self.on_request is not None:
            self.on_request(record)


class _RequestIds:
    """Request ids: version 4 UUIDs, from os.urandom as uuid.uuid4() makes them, but 4 KB at a time and formatted
    directly (uuid4() and str() of it took ~3 µs a request)."""

    BATCH = 256

    def __init__(self) -> None:
        self.pool = b""
        self.at = 0
        _id_sources.add(self)

    def discard(self) -> None:
        """Forget the unused bytes: a forked child must not hand out the ids its parent will."""
        self.pool = b""
        self.at = 0

    def new(self) -> tuple[str, bytes]:
        """(the UUID's text, 16 random bytes from which the other id headers are derived)."""
        at = self.at
        if at >= len(self.pool):
            self.pool = os.urandom(16 * self.BATCH)
            at = 0
        self.at = at + 16
        raw = self.pool[at : at + 16]
        h = raw.hex()
        # The version (4) and variant (10xx) bits, where uuid4() sets them.
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}", raw


class _Timestamps:
    """``datetime.now(timezone.utc).isoformat(timespec="milliseconds")`` for ~0.3 µs instead of ~3.5: the text up to
    the second is made once a second."""

    def __init__(self) -> None:
        self.second = -1
        self.prefix = ""

    def now(self) -> str:
        now = time.time()
        second = int(now)
        if second != self.second:
            self.prefix = datetime.fromtimestamp(second, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
            self.second = second
        return f"{self.prefix}.{int((now - second) * 1000):03d}+00:00"


_timestamps = _Timestamps()
_id_sources: weakref.WeakSet[_RequestIds] = weakref.WeakSet()


def _discard_ids_after_fork() -> None:
    for source in list(_id_sources):
        source.discard()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_discard_ids_after_fork)

_APIGW_ID = bytes.maketrans(b"+/", b"AB")  # x-amz-apigw-id is base64 without + and /


class _Context:
    """Per-request state and the response writers."""

    __slots__ = ("app", "scope", "send", "method", "path", "request_id", "id_bytes", "started", "headers", "route", "stage",
                 "key_id", "principal", "validation_errors", "throttled", "cache", "function")  # fmt: skip

    def __init__(
        self, app: MockGateway, scope: Scope, send: Send, method: str, path: str, request_id: str, id_bytes: bytes, started: float
    ) -> None:
        self.app = app
        self.scope = scope
        self.send = send
        self.method = method
        self.path = path
        self.request_id = request_id
        self.id_bytes = id_bytes  # random bytes of the request id, from which the other ids are derived
        self.started = started
        self.headers: dict[str, str] = {}
        self.route: str | None = None
        self.stage: str | None = None
        self.key_id: str | None = None
        self.principal: str | None = None
        self.validation_errors: list[str] = []
        self.throttled = False
        self.cache: str | None = None
        self.function: str | None = None

    def _id_headers(self) -> Headers:
        request_id = self.request_id.encode()
        if self.app.is_http:
            return [(b"apigw-requestid", base64.b32encode(self.id_bytes[:10]).rstrip(b"=")), (b"x-amzn-requestid", request_id)]
        return [(b"x-amzn-requestid", request_id), (b"x-amz-apigw-id", binascii.b2a_base64(self.id_bytes[:12], newline=False).translate(_APIGW_ID))]

    def _cors(self) -> Headers:
        cors = self.app.cors
        origin = self.headers.get("origin")
        if cors is None or origin is None:
            return []
        allowed = [str(o) for o in cors.get("allowOrigins") or []]
        if "*" in allowed or origin in allowed:
            out = [(b"access-control-allow-origin", ("*" if "*" in allowed and not cors.get("allowCredentials") else origin).encode("latin-1"))]
            expose = cors.get("exposeHeaders") or []
            if expose:
                out.append((b"access-control-expose-headers", ",".join(str(h) for h in expose).encode("latin-1")))
            return out
        return []

    async def send_raw(self, status: int, headers: Headers, body: bytes, before_body: Callable[[], None] | None = None) -> None:
        all_headers = headers + self._id_headers() + [(b"content-length", str(len(body)).encode())]
        await self.send({"type": "http.response.start", "status": status, "headers": all_headers})
        if before_body is not None:
            before_body()
        await self.send({"type": "http.response.body", "body": body if self.method != "HEAD" else b""})

    async def respond(self, status: int, headers: Headers, body: bytes, error_type: str | None = None) -> None:
        if not self.app.is_http and not any(name == b"content-type" for name, _ in headers):
            # A REST API sends application/json when the integration names no content type, body or not.
            headers = [(b"content-type", b"application/json"), *headers]
        # Logged before the body goes out: a client that holds the response finds it in the request log.
        await self.send_raw(status, headers + self._cors(), body, lambda: self.app.record(self, status, error_type))

    async def respond_prepared(self, prepared: Prepared) -> None:
        """``respond`` for an answer prepared in advance, whose headers and length are worked out already."""
        app = self.app
        headers = prepared.headers if app.is_http else prepared.rest_headers
        if app.cors is not None:
            headers = headers + self._cors()
        status = prepared.status
        if app.is_http:
            all_headers = [*headers, *self._id_headers(), prepared.content_length]
        else:  # _id_headers, written out for the usual REST case
            apigw_id = binascii.b2a_base64(self.id_bytes[:12], newline=False).translate(_APIGW_ID)
            all_headers = [*headers, (b"x-amzn-requestid", self.request_id.encode()), (b"x-amz-apigw-id", apigw_id), prepared.content_length]
        if prepared.chunks:
            await self._stream(prepared, all_headers[:-1])
            return
        await self.send({"type": "http.response.start", "status": status, "headers": all_headers})
        app.record(self, status, None)  # before the body, as in respond
        await self.send({"type": "http.response.body", "body": prepared.body if self.method != "HEAD" else b""})

    async def _stream(self, prepared: Prepared, headers: list[tuple[bytes, bytes]]) -> None:
        """A streamed answer, part by part (chunked: no content-length), as a STREAM integration sends it."""
        await self.send({"type": "http.response.start", "status": prepared.status, "headers": headers})
        self.app.record(self, prepared.status, None)
        parts = prepared.chunks if self.method != "HEAD" else (b"",)
        for index, part in enumerate(parts):
            await self.send({"type": "http.response.body", "body": part, "more_body": index < len(parts) - 1})

    async def error(self, error: GatewayError, *, retry_after: int | None = None) -> None:
        status, headers, body = self.app.renderer.render(error, self.request_id, self)
        if retry_after is not None and self.app.config.retry_after and status == 429:
            headers.append((b"retry-after", str(retry_after).encode()))
        await self.respond(status, headers, body, error.error_type or error.response_type)


async def _read_body(receive: Receive) -> bytes | None:
    """The whole body, or None when it exceeds 10 MB."""
    message = await receive()
    if message["type"] == "http.request" and not message.get("more_body", False):
        body: bytes = message.get("body", b"")  # the usual case: all of it in one message
        return body if len(body) <= MAX_BODY else None
    chunks: list[bytes] = []
    size = 0
    while message["type"] != "http.disconnect":
        chunk = message.get("body", b"")
        if chunk:
            size += len(chunk)
            if size > MAX_BODY:
                return None
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
        message = await receive()
    return b"".join(chunks)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _prism_query(query: Mapping[str, list[str]], prefer: str | None) -> str:
    """Prism's ``?__code=404&__example=name&__dynamic=true`` as a Prefer header; the header's own values win (later ones do)."""
    parts = [f"{name[2:]}={query[name][0]}" for name in sorted(PRISM_QUERY) if query.get(name)]
    if prefer:
        parts.append(prefer)
    return ", ".join(parts)


def _integration_cache_keys(operation: Operation) -> tuple[str, ...] | None:
    integration = operation.integration
    if not integration or "cacheKeyParameters" not in integration:
        return None
    names = integration.get("cacheKeyParameters")
    return tuple(str(n) for n in names) if isinstance(names, list) else None


def _compile_cache_keys(names: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``method.request.querystring.q`` -> ``("querystring", "q")``; unknown forms are ignored, as API Gateway rejects them."""
    compiled: list[tuple[str, str]] = []
    for name in names:
        parts = name.split(".", 3)
        if len(parts) == 4 and parts[:2] == ["method", "request"]:
            where = parts[2].replace("multivalue", "")
            compiled.append((where, parts[3].lower() if where == "header" else parts[3]))
    return tuple(compiled)


def _cache_key_values(
    keys: Sequence[tuple[str, str]], params: Mapping[str, str], query: Mapping[str, list[str]], headers: Mapping[str, str]
) -> list[str]:
    # Only the listed parameters make entries differ: two paths of one resource share an entry unless
    # their path parameter is a cache key, exactly as on API Gateway.
    values: list[str] = []
    for where, name in keys:
        if where == "path":
            value = params.get(name)
        elif where == "querystring":
            found = query.get(name)
            value = ",".join(found) if found is not None else None
        else:
            value = headers.get(name)
        values.append(f"{where}.{name}=" + (value if value is not None else "\0"))
    return values


def _cookies(header: str | None) -> dict[str, str]:
    if not header:
        return {}
    cookies: dict[str, str] = {}
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            cookies.setdefault(name.strip(), value.strip())
    return cookies


def create_app(
    spec: str | Path | Api | dict[str, Any],
    config: str | Path | Mapping[str, Any] | GatewayConfig | None = None,
    *,
    stage: str | None = None,
    api_keys: Sequence[str] = (),
    seed: int | None = None,
    admin: bool | None = None,
    strict: bool = False,
    clock: Callable[[], float] = time.monotonic,
    wall_clock: Callable[[], datetime] | None = None,
    on_request: Callable[[RequestRecord], None] | None = None,
) -> MockGateway:
    """The mock gateway for a definition (a path, loaded data, or a parsed ``Api``).

    ``config`` is a YAML file, a dict or a ``GatewayConfig``; ``api_keys`` adds keys without a usage
    plan; ``seed`` and ``admin`` override the configuration's. Raises ``ConfigError`` for a bad configuration and
    ``SpecError`` for an unusable definition.
    """
    if isinstance(spec, Api):
        api = spec
    else:
        from ..parse import load_api

        api = load_api(spec if isinstance(spec, dict) else Path(spec), strict=strict).api
    gateway_config = load_config(config)
    if api_keys:
        existing = {k.value for k in gateway_config.api_keys}
        ids = {k.id for k in gateway_config.api_keys}
        extra: list[ApiKeyConfig] = []
        for i, value in enumerate(api_keys, 1):
            if not value:
                raise ConfigError("--api-key", "an API key must not be empty")
            if value in existing:
                continue
            key_id = f"cli-{i}"
            while key_id in ids:
                key_id += "'"
            extra.append(ApiKeyConfig(key_id, value, None))
            existing.add(value)
        gateway_config = replace(gateway_config, api_keys=gateway_config.api_keys + tuple(extra))
    if seed is not None:
        gateway_config = replace(gateway_config, seed=seed)
    if admin is not None:
        gateway_config = replace(gateway_config, admin=admin)
    return MockGateway(api, gateway_config, stage=stage, clock=clock, wall_clock=wall_clock, on_request=on_request)
