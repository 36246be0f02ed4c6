"""The clients' shared machinery: building requests, authenticating, retrying, parsing, raising."""

from __future__ import annotations

import asyncio
import copy
import datetime
import enum
import json
import os
import re
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import httpx
import tenacity

from . import _sigv4
from ._auth import AuthParts, Credentials, SecurityScheme, TokenSource, apply
from ._exceptions import APIConnectionError, APITimeoutError, make_status_error
from ._response import APIResponse
from ._retry import RetryPolicy
from ._types import Unset

T = TypeVar("T")
ClientT = TypeVar("ClientT", bound="BaseClient")

_PATH_PARAM = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class RequestOptions(Generic[T]):
    """Everything one call of one operation sends, and how its answer is parsed."""

    method: str
    path: str  # template with {wireName} (and API Gateway's greedy {name+})
    parse: Mapping[str, Callable[[httpx.Response], T]]  # by "200", "2XX" or "default"
    path_params: Mapping[str, Any] = field(default_factory=dict)
    query: Sequence[tuple[str, Any]] = ()
    headers: Mapping[str, Any] = field(default_factory=dict)
    cookies: Mapping[str, Any] = field(default_factory=dict)
    json_body: Any = Unset()
    form: Mapping[str, Any] | None = None
    files: Mapping[str, Any] | None = None
    content: bytes | None = None
    content_type: str | None = None
    security: tuple[tuple[str, ...], ...] = ()
    error_models: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)


def to_text(value: Any) -> str:
    """A parameter value as API Gateway expects it on the wire."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return to_text(value.value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _absent(value: Any) -> bool:
    return value is None or isinstance(value, Unset)


def build_path(template: str, params: Mapping[str, Any]) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        greedy = name.endswith("+")
        value = params.get(name[:-1] if greedy else name)
        if _absent(value):
            return match.group(0)
        # A greedy {proxy+} spans segments, so its slashes stay slashes.
        return quote(to_text(value), safe="/" if greedy else "")

    return _PATH_PARAM.sub(substitute, template)


def join_url(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def _is_file(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray)) or (
        isinstance(value, tuple) and len(value) in (2, 3)
    )


def choose_parser(
    options: RequestOptions[T], status: int
) -> Callable[[httpx.Response], T] | None:
    code = str(status)
    return (
        options.parse.get(code)
        or options.parse.get(f"{code[0]}XX")
        or options.parse.get("default")
    )


def parse_response(options: RequestOptions[T], response: httpx.Response) -> T:
    parser = choose_parser(options, response.status_code)
    if parser is None:
        from ._models import parse_json

        return parse_json(response)  # type: ignore[no-any-return]  # an undocumented 2xx: keep what came
    return parser(response)


class BaseClient:
    """Configuration and request building shared by the sync and async clients."""

    def __init__(
        self,
        *,
        base_url: str | None,
        default_base_url: str,
        base_url_env: str | None,
        api_key: str | None,
        api_key_env: str | None,
        token: Any,
        credentials: Mapping[str, Any],
        security_schemes: Mapping[str, SecurityScheme],
        max_retries: int = 3,
        timeout: float | httpx.Timeout = 30.0,
    ) -> None:
        env_url = os.environ.get(base_url_env) if base_url_env else None
        self.base_url = (base_url or env_url or default_base_url).rstrip("/")
        env_key = os.environ.get(api_key_env) if api_key_env else None
        self._credentials = Credentials(
            api_key if api_key is not None else env_key, TokenSource(token), credentials
        )
        self._schemes = security_schemes
        self.max_retries = max_retries
        self.timeout = timeout
        self._policy = RetryPolicy(max_retries)

    def with_options(
        self: ClientT,
        *,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> ClientT:
        """A copy with other settings, sharing this client's connection pool and credentials."""
        clone = copy.copy(self)
        clone._owns_http = False  # type: ignore[attr-defined]  # the original closes the pool
        if max_retries is not None:
            clone.max_retries = max_retries
            clone._policy = RetryPolicy(max_retries, self._policy.random)
        if timeout is not None:
            clone.timeout = timeout
        return clone

    def _auth(self, options: RequestOptions[Any]) -> tuple[list[SecurityScheme], bool]:
        chosen = self._credentials.choose(options.security, self._schemes)
        uses_token = any(s.kind in ("bearer", "raw_token") for s in chosen)
        return chosen, uses_token

    def _build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        options: RequestOptions[Any],
        auth: AuthParts,
    ) -> httpx.Request:
        query: list[tuple[str, str | int | float | bool | None]] = []
        for name, value in options.query:
            if _absent(value):
                continue
            if isinstance(value, (list, tuple)):
                query.extend((name, to_text(v)) for v in value if not _absent(v))
            else:
                query.append((name, to_text(value)))
        query.extend(auth.query)
        headers: dict[str, str] = {}
        for name, value in options.headers.items():
            if not _absent(value):
                headers[name] = (
                    ",".join(map(to_text, value))
                    if isinstance(value, (list, tuple))
                    else to_text(value)
                )
        headers.update(auth.headers)
        cookies = {k: to_text(v) for k, v in options.cookies.items() if not _absent(v)}
        cookies.update(auth.cookies)
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())

        content: bytes | None = None
        data: dict[str, Any] | None = None
        files: dict[str, Any] | None = None
        if not isinstance(options.json_body, Unset):
            content = json.dumps(
                options.json_body, separators=(",", ":"), ensure_ascii=False
            ).encode("utf-8")
            headers["Content-Type"] = "application/json"
        elif options.form is not None:
            data = {k: to_text(v) for k, v in options.form.items() if not _absent(v)}
        elif options.files is not None:
            files = {k: v for k, v in options.files.items() if _is_file(v)}
            data = {
                k: to_text(v)
                for k, v in options.files.items()
                if not _is_file(v) and not _absent(v)
            }
        elif options.content is not None:
            content = options.content
            headers["Content-Type"] = options.content_type or "application/octet-stream"

        url = join_url(self.base_url, build_path(options.path, options.path_params))
        request = http.build_request(
            options.method,
            url,
            params=query,
            headers=headers,
            content=content,
            data=data,
            files=files,
            timeout=self.timeout,
        )
        if auth.sign_with is not None:
            _sigv4.sign(request, auth.sign_with)
        return request


def _transport_error(
    exc: httpx.TransportError, request: httpx.Request | None
) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"request timed out: {exc}", request)
    return APIConnectionError(f"connection failed: {exc}", request)


class SyncAPIClient(BaseClient):
    def __init__(
        self, *, http_client: httpx.Client | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client()
        self._sleep: Callable[[float], None] = time.sleep

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self: ClientT) -> ClientT:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _call(self, options: RequestOptions[T]) -> T:
        return parse_response(options, self._send(options))

    def _call_raw(self, options: RequestOptions[T]) -> APIResponse[T]:
        response = self._send(options)
        return APIResponse(response, lambda r: parse_response(options, r))

    def _send(self, options: RequestOptions[Any]) -> httpx.Response:
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.max_retries + 1),
            retry=tenacity.retry_if_exception(
                lambda e: self._policy.should_retry(e, options.method)
            ),
            wait=lambda state: self._policy.wait(
                state.outcome.exception() if state.outcome else None,
                state.attempt_number,
            ),
            sleep=lambda seconds: self._sleep(seconds),
            reraise=True,
        )
        return retrying(self._attempt, options)

    def _attempt(self, options: RequestOptions[Any]) -> httpx.Response:
        chosen, uses_token = self._auth(options)
        token = self._credentials.token.get() if uses_token else None
        response = self._exchange(options, apply(chosen, self._credentials, token))
        if (
            response.status_code == 401
            and uses_token
            and self._credentials.token.refreshable
        ):
            # The token may have been revoked or expired early: fetch a new one and try once more.
            token = self._credentials.token.get(force=True)
            response = self._exchange(options, apply(chosen, self._credentials, token))
        if response.status_code >= 300:
            response.read()
            raise make_status_error(response, options.error_models)
        return response

    def _exchange(
        self, options: RequestOptions[Any], auth: AuthParts
    ) -> httpx.Response:
        request = self._build(self._http, options, auth)
        try:
            return self._http.send(request)
        except httpx.TransportError as exc:
            raise _transport_error(exc, request) from exc


class AsyncAPIClient(BaseClient):
    def __init__(
        self, *, http_client: httpx.AsyncClient | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient()
        self._async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def close(self) -> None:
        await self.aclose()

    async def __aenter__(self: ClientT) -> ClientT:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _call(self, options: RequestOptions[T]) -> T:
        return parse_response(options, await self._send(options))

    async def _call_raw(self, options: RequestOptions[T]) -> APIResponse[T]:
        response = await self._send(options)
        return APIResponse(response, lambda r: parse_response(options, r))

    async def _send(self, options: RequestOptions[Any]) -> httpx.Response:
        retrying = tenacity.AsyncRetrying(
            stop=tenacity.stop_after_attempt(self.max_retries + 1),
            retry=tenacity.retry_if_exception(
                lambda e: self._policy.should_retry(e, options.method)
            ),
            wait=lambda state: self._policy.wait(
                state.outcome.exception() if state.outcome else None,
                state.attempt_number,
            ),
            sleep=lambda seconds: self._async_sleep(seconds),
            reraise=True,
        )
        response: httpx.Response = await retrying(self._attempt, options)
        return response

    async def _attempt(self, options: RequestOptions[Any]) -> httpx.Response:
        chosen, uses_token = self._auth(options)
        token = await self._credentials.token.aget() if uses_token else None
        response = await self._exchange(
            options, apply(chosen, self._credentials, token)
        )
        if (
            response.status_code == 401
            and uses_token
            and self._credentials.token.refreshable
        ):
            token = await self._credentials.token.aget(force=True)
            response = await self._exchange(
                options, apply(chosen, self._credentials, token)
            )
        if response.status_code >= 300:
            await response.aread()
            raise make_status_error(response, options.error_models)
        return response

    async def _exchange(
        self, options: RequestOptions[Any], auth: AuthParts
    ) -> httpx.Response:
        request = self._build(self._http, options, auth)
        try:
            return await self._http.send(request)
        except httpx.TransportError as exc:
            raise _transport_error(exc, request) from exc
