"""The clients' shared machinery: building requests, authenticating, retrying,
parsing and raising.

The generated ``Client`` and ``AsyncClient`` subclass ``SyncAPIClient`` and
``AsyncAPIClient`` and describe each operation as a ``RequestOptions``; everything
else happens here.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import logging
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import quote_plus

import httpx

from ._auth import (
    AuthParts,
    Credentials,
    SecurityScheme,
    TokenInput,
    TokenSource,
    apply,
    uses_token,
)
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    make_status_error,
)
from ._options import (
    SAFE_METHODS,
    merge_body,
    merge_headers,
    merge_query,
    new_idempotency_key,
)
from ._logs import log_response, log_retry, logger, secret_names
from ._response import APIResponse, choose_parser
from ._serialize import (
    build_path,
    check_header,
    check_method,
    cookie_header,
    encode_query,
    form_items,
    header_items,
    join_url,
    json_body,
    multipart_items,
    to_jsonable,
)
from ._types import (
    NOT_GIVEN,
    UNSET,
    AsyncToken,
    Body,
    Headers,
    NotGiven,
    Query,
    Token,
    Unset,
)
from ._uploads import Upload, is_stream, prepare_content, prepare_files

if TYPE_CHECKING:
    import ssl

    from ._pagination import AsyncPaginator, SyncPage
    from ._streaming import (
        AsyncEventStream,
        AsyncStreamedResponse,
        EventStream,
        StreamedResponse,
    )

    # Imported when a call first fails: most calls never need it.
    from ._retry import RetryPolicy

__all__ = [
    "AsyncAPIClient",
    "BaseClient",
    "RequestOptions",
    "SyncAPIClient",
    "to_jsonable",
]

T = TypeVar("T")
_NamespaceT = TypeVar("_NamespaceT")
_ClientT = TypeVar("_ClientT", bound="BaseClient")

DEFAULT_USER_AGENT = (
    # sys.version's first word is what platform.python_version() says, without importing
    # platform (~3 ms).
    f"sdkgen-client (Python {sys.version.split()[0]}; httpx {httpx.__version__})"
)


@functools.cache
def shared_ssl_context() -> ssl.SSLContext:
    """httpx's default SSL context (certifi's CAs, or $SSL_CERT_FILE / $SSL_CERT_DIR),
    built once per process and shared by the clients that create their own
    ``httpx`` client: loading the CA bundle costs ~25 ms, which every further client
    would pay again. (The environment is read when the first client is made.)"""
    return httpx.create_ssl_context()


@dataclass(frozen=True)
class RequestOptions(Generic[T]):
    """Everything one call of one operation sends, and how its answer is parsed."""

    method: str
    # A template with {wireName}, and API Gateway's greedy {name+}.
    path: str
    # Parsers of a 2xx body by "200", "2XX" or "default".
    parse: Mapping[str, Callable[[httpx.Response], T]]
    path_params: Mapping[str, Any] = field(default_factory=dict)
    query: Sequence[tuple[str, Any]] = ()
    headers: Mapping[str, Any] = field(default_factory=dict)
    cookies: Mapping[str, Any] = field(default_factory=dict)
    json_body: Any = UNSET
    form: Mapping[str, Any] | None = None
    files: Mapping[str, Any] | None = None
    # bytes, or a path or binary file streamed as the body.
    content: Any = None
    content_type: str | None = None
    # A 2xx body left unread, for the caller to stream; and the least time to wait for each chunk
    # of it (the integration's timeout: a streamed answer may pause that long).
    stream: bool = False
    read_timeout: float | None = None
    security: tuple[tuple[str, ...], ...] = ()
    # Parsers of an error body by "404", "4XX" or "default", for the error's .model.
    error_models: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    # The call's own options (the generated methods' keywords), added by _call.
    extra_headers: Headers | None = None
    extra_query: Query | None = None
    extra_body: Body | None = None
    timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN
    idempotency_key: str | None = None
    # The files this call streams, made by _prepare: rewound before a retry.
    uploads: tuple[Upload, ...] = ()


def _resendable(options: RequestOptions[Any]) -> bool:
    """Whether the body can be sent again: a stream read once that cannot be rewound
    would go out empty or cut short."""
    return all(upload.rewindable for upload in options.uploads)


def _connection_error(
    exc: httpx.TransportError, request: httpx.Request
) -> APIConnectionError:
    # The URL without its query, which may hold an API key.
    where = f"{request.method} {request.url.copy_with(query=None)}"
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"{where} timed out: {exc}", request)
    return APIConnectionError(f"{where}: connection failed: {exc}", request)


def _undecodable(response: httpx.Response, exc: httpx.DecodingError) -> None:
    """A 2xx whose body cannot be decoded raises; any other status goes on to its
    status error, without a body."""
    if response.is_success:
        message = f"the body cannot be decoded: {exc}"
        raise APIResponseValidationError(message, response=response) from exc


def _base_url(given: str | None, env_name: str | None, default: str) -> str:
    """The explicit argument, then the environment, then the definition's server; a
    ValueError naming both ways to set it when none is an absolute http(s) URL."""
    env_url = os.environ.get(env_name) if env_name else None
    if given:
        url, source = given, "base_url"
    elif env_url:
        url, source = env_url, f"${env_name}"
    else:
        url, source = default, ""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in ("http", "https") and rest.split("/", 1)[0]:
        return url.rstrip("/")
    ways = "pass base_url='https://...' to the client" + (
        f" or set ${env_name}" if env_name else ""
    )
    if source:
        raise ValueError(f"{source} {url!r} is not an absolute http(s) URL; {ways}")
    found = f" (only the base path {url!r})" if url else ""
    raise ValueError(f"the API definition names no host{found}: {ways}")


def _body(
    options: RequestOptions[Any],
) -> tuple[bytes | None, list[tuple[str, Any]] | None, str | None]:
    """Content or multipart parts, and the Content-Type to send with the content."""
    if not isinstance(options.json_body, Unset):
        return json_body(options.json_body), None, "application/json"
    if options.form is not None:
        pairs = form_items(options.form)
        text = "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in pairs)
        return text.encode("ascii"), None, "application/x-www-form-urlencoded"
    if options.files is not None:
        # httpx writes the multipart Content-Type itself, with its boundary.
        return None, list(multipart_items(options.files)), None
    if options.content is not None:
        content_type = options.content_type or "application/octet-stream"
        if isinstance(options.content, Upload):
            options.content.rewind()  # a retry sends it from its start again
        return options.content, None, content_type
    return None, None, None


class BaseClient:
    """Configuration and request building shared by the sync and async clients."""

    _owns_http: bool

    def __init__(
        self,
        *,
        base_url: str | None,
        default_base_url: str,
        base_url_env: str | None,
        api_key: str | None,
        api_key_env: str | None,
        token: TokenInput,
        credentials: Mapping[str, Any],
        security_schemes: Mapping[str, SecurityScheme],
        access_token: TokenInput = None,
        max_retries: int = 3,
        timeout: float | httpx.Timeout | None = 30.0,
        user_agent: str = DEFAULT_USER_AGENT,
        strict_response_validation: bool = False,
        default_headers: Headers | None = None,
        default_query: Query | None = None,
        idempotency_header: str | None = None,
    ) -> None:
        self.base_url = _base_url(base_url, base_url_env, default_base_url)
        # Sent with every request, below what an operation or a call sets.
        self.default_headers: dict[str, str] = dict(default_headers or {})
        self.default_query: dict[str, object] = dict(default_query or {})
        # Set: POST, PATCH, PUT and DELETE send this header with a key made once per
        # call, and POST and PATCH are then retried like the idempotent methods.
        self.idempotency_header = idempotency_header
        # False: a 2xx body that differs from the definition is kept as it came, where it
        # differs; True: it raises APIResponseValidationError.
        self.strict_response_validation = strict_response_validation
        env_key = os.environ.get(api_key_env) if api_key_env else None
        self.max_retries = max_retries
        self.timeout = timeout
        self.user_agent = user_agent
        self._schemes: Mapping[str, SecurityScheme] = dict(security_schemes)
        # Replaceable, e.g. by a seeded Random for reproducible waits in tests.
        self._random = random.Random()
        self._clock: Callable[[], float] = time.time
        tokens = TokenSource(token, clock=lambda: self._clock())
        key = api_key if api_key is not None else env_key
        sigv4 = any(s.kind == "sigv4" for s in self._schemes.values())
        access = TokenSource(access_token, clock=lambda: self._clock())
        self._credentials = Credentials(
            key, tokens, credentials, sigv4=sigv4, access_token=access
        )
        # client.<tag> namespaces, made on first use.
        self._namespaces: dict[object, Any] = {}

    def with_options(
        self: _ClientT,
        *,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        strict_response_validation: bool | None = None,
        default_headers: Headers | None = None,
        default_query: Query | None = None,
        idempotency_header: str | None | NotGiven = NOT_GIVEN,
    ) -> _ClientT:
        """A copy with other settings. It shares this client's connection pool,
        credentials and token cache; closing it leaves them open. ``default_headers``
        and ``default_query`` are added to this client's (replacing those of the same
        name); ``timeout=None`` means no timeout, ``idempotency_header=None`` no key."""
        # copy, not the subclass's __init__, whose arguments are gone by now.
        clone = copy.copy(self)
        clone._owns_http = False
        clone._namespaces = {}  # this client's would call this client
        if max_retries is not None:
            clone.max_retries = max_retries
        if not isinstance(timeout, Unset):
            clone.timeout = timeout
        if default_headers:
            clone.default_headers = dict(self.default_headers)
            merge_headers(clone.default_headers, default_headers)
        if default_query:
            clone.default_query = {**self.default_query, **default_query}
        if not isinstance(idempotency_header, Unset):
            clone.idempotency_header = idempotency_header
        if strict_response_validation is not None:
            clone.strict_response_validation = strict_response_validation
        return clone

    def _namespace(self, make: Callable[[Any], _NamespaceT]) -> _NamespaceT:
        """The operations of a tag (``client.orders``): made once per client."""
        namespace: _NamespaceT | None = self._namespaces.get(make)
        if namespace is None:
            namespace = self._namespaces[make] = make(self)
        return namespace

    def _parser(
        self, options: RequestOptions[T], response: httpx.Response
    ) -> Callable[[httpx.Response], T]:
        parser = choose_parser(options.parse, response.status_code)
        if self.strict_response_validation:
            # JSON parsers have a strict form; bytes, text and undocumented bodies do not.
            strict: Callable[[httpx.Response], T] | None = getattr(
                parser, "strict", None
            )
            if strict is not None:
                return strict
        return parser

    def _retry_policy(self, options: RequestOptions[Any]) -> RetryPolicy:
        from ._retry import RetryPolicy

        return RetryPolicy(
            self.max_retries,
            self._random,
            self._clock,
            keyed=options.idempotency_key is not None,
            resendable=(lambda: _resendable(options)) if options.uploads else None,
        )

    @staticmethod
    def _per_call(
        options: RequestOptions[T],
        extra_headers: Headers | None,
        extra_query: Query | None,
        extra_body: Body | None,
        timeout: float | httpx.Timeout | None | NotGiven,
        idempotency_key: str | None,
    ) -> RequestOptions[T]:
        """The operation's options with the call's own."""
        if (
            extra_headers is None
            and extra_query is None
            and extra_body is None
            and isinstance(timeout, Unset)
            and idempotency_key is None
        ):
            return options  # most calls: nothing to copy
        return dataclasses.replace(
            options,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def _prepare(
        self, options: RequestOptions[T], uploads: list[Upload]
    ) -> RequestOptions[T]:
        """What a call decides once for all its attempts: ``extra_body`` merged in, the
        files it streams opened (into ``uploads``, closed by the caller), its
        idempotency key."""
        changes: dict[str, Any] = {}
        extra = options.extra_body
        if extra is not None:
            changes["extra_body"] = None
            to_dict = getattr(extra, "to_dict", None)
            if callable(to_dict):
                extra = to_dict()  # a model: its fields, as sent for a body of its type
            if not isinstance(options.json_body, Unset):
                changes["json_body"] = merge_body(options.json_body, extra, "JSON")
            elif options.form is not None:
                changes["form"] = merge_body(options.form, extra, "form")
            elif options.files is not None:
                changes["files"] = merge_body(options.files, extra, "multipart")
            elif options.content is not None:
                raise ValueError(
                    "extra_body cannot be merged into this operation's binary body"
                )
            elif isinstance(extra, (bytes, bytearray)) or is_stream(extra):
                # A body the definition does not describe (a mapping template reads it).
                changes["content"] = extra
                changes["content_type"] = "application/octet-stream"
            else:
                changes["json_body"] = extra
        files = changes.get("files", options.files)
        if files is not None:
            changes["files"] = prepare_files(files, uploads)
        content = changes.get("content", options.content)
        if content is not None and is_stream(content):
            changes["content"] = prepare_content(content, uploads)
        if uploads:
            changes["uploads"] = tuple(uploads)
        if (
            options.idempotency_key is None
            and self.idempotency_header
            and check_method(options.method) not in SAFE_METHODS
        ):
            changes["idempotency_key"] = new_idempotency_key()
        return dataclasses.replace(options, **changes) if changes else options

    def _choose(self, options: RequestOptions[Any]) -> list[SecurityScheme]:
        return self._credentials.choose(options.security, self._schemes)

    def _build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        options: RequestOptions[Any],
        auth: AuthParts,
    ) -> httpx.Request:
        path = build_path(options.path, options.path_params)
        url = join_url(self.base_url, path)
        # Encoded here rather than by httpx, so that the bytes sent are those signed.
        query = encode_query(
            merge_query(
                self.default_query, [*options.query, *auth.query], options.extra_query
            )
        )
        if query:
            url += ("&" if "?" in url else "?") + query

        headers = {"User-Agent": self.user_agent} if self.user_agent else {}
        if self.default_headers:
            merge_headers(headers, self.default_headers)
            merge_headers(headers, header_items(options.headers))
        else:
            headers.update(header_items(options.headers))
        cookies = {**header_items(options.cookies), **auth.cookies}
        if cookies:
            headers["Cookie"] = cookie_header(cookies)
        content, files, content_type = _body(options)
        if content_type is not None:
            merge_headers(headers, {"Content-Type": content_type})
        if isinstance(content, Upload):
            if content.length is not None:
                headers["Content-Length"] = str(content.length)
            if isinstance(http, httpx.AsyncClient):
                content = content.aiter()
        # Credentials win over a parameter or default of the same name, whatever its case.
        merge_headers(headers, auth.headers)
        if options.idempotency_key is not None:
            name = self.idempotency_header or "Idempotency-Key"
            merge_headers(headers, {name: options.idempotency_key})
        if options.extra_headers:
            # The call's own headers win over everything, credentials included.
            merge_headers(headers, options.extra_headers)
        # What the caller passed is checked before anything is sent: a bad value is a
        # ValueError now, rather than a connection error retried three times.
        for name, value in headers.items():
            check_header(name, value)

        request = http.build_request(
            check_method(options.method),
            url,
            headers=headers,
            content=content,
            files=files,
            timeout=(
                self.timeout if isinstance(options.timeout, Unset) else options.timeout
            ),
        )
        if options.read_timeout is not None and isinstance(options.timeout, Unset):
            # The integration's timeout raises the client's read timeout for a streamed
            # answer; a timeout given for the call is the caller's choice, and wins.
            timeouts = request.extensions["timeout"]
            read = timeouts.get("read")
            if read is not None and read < options.read_timeout:
                request.extensions["timeout"] = {
                    **timeouts,
                    "read": options.read_timeout,
                }
        if auth.sign_with is not None:
            # Last: the signature covers the finished request.
            from ._sigv4 import sign

            sign(request, auth.sign_with)
        return request


class SyncAPIClient(BaseClient):
    """The synchronous client, over ``httpx.Client``."""

    def __init__(
        self,
        *,
        base_url: str | None,
        default_base_url: str,
        base_url_env: str | None,
        api_key: str | None,
        api_key_env: str | None,
        token: Token | None,
        credentials: Mapping[str, Any],
        security_schemes: Mapping[str, SecurityScheme],
        access_token: Token | None = None,
        max_retries: int = 3,
        timeout: float | httpx.Timeout | None = 30.0,
        http_client: httpx.Client | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        strict_response_validation: bool = False,
        default_headers: Headers | None = None,
        default_query: Query | None = None,
        idempotency_header: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            default_base_url=default_base_url,
            base_url_env=base_url_env,
            api_key=api_key,
            api_key_env=api_key_env,
            token=token,
            credentials=credentials,
            security_schemes=security_schemes,
            access_token=access_token,
            max_retries=max_retries,
            timeout=timeout,
            user_agent=user_agent,
            strict_response_validation=strict_response_validation,
            default_headers=default_headers,
            default_query=default_query,
            idempotency_header=idempotency_header,
        )
        # A client passed in is the caller's, who may share it: not closed here.
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(
            timeout=timeout, verify=shared_ssl_context()
        )
        # Replaceable, so that tests need not wait.
        self._sleep: Callable[[float], None] = time.sleep

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self: _ClientT) -> _ClientT:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _call(
        self,
        options: RequestOptions[T],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> T:
        options = self._per_call(
            options, extra_headers, extra_query, extra_body, timeout, idempotency_key
        )
        response = self._send(options)
        return self._parser(options, response)(response)

    def _call_raw(
        self,
        options: RequestOptions[T],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[T]:
        options = self._per_call(
            options, extra_headers, extra_query, extra_body, timeout, idempotency_key
        )
        response = self._send(options)
        return APIResponse(response, self._parser(options, response))

    def _paginate(
        self,
        options: RequestOptions[T],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
        **paging: str,
    ) -> SyncPage[Any, T]:
        from ._pagination import Paging, SyncPage

        options = self._per_call(
            options, extra_headers, extra_query, extra_body, timeout, idempotency_key
        )
        return SyncPage.fetch(self, options, Paging(**paging))

    def _events(self, options: RequestOptions[Any], **call: Any) -> EventStream:
        from ._streaming import EventStream

        options = self._per_call(options, **call)
        return EventStream(self._send(replace(options, stream=True)))

    def _streamed(self, options: RequestOptions[T], **call: Any) -> StreamedResponse[T]:
        from ._streaming import StreamedResponse

        options = self._per_call(options, **call)
        streamed = replace(options, stream=True)
        return StreamedResponse(
            lambda: self._send(streamed), lambda r: self._parser(options, r)
        )

    def _send(self, options: RequestOptions[Any]) -> httpx.Response:
        uploads: list[Upload] = []
        try:
            return self._send_prepared(self._prepare(options, uploads))
        finally:
            for upload in uploads:
                upload.close()

    def _send_prepared(self, options: RequestOptions[Any]) -> httpx.Response:
        chosen = self._choose(options)
        # Most calls succeed at once: tenacity (about 20 µs a call) only comes in after a failure.
        try:
            return self._attempt(options, chosen)
        except APIError as error:
            policy = self._retry_policy(options)
            if (
                not policy.should_retry(error, options.method)
                or policy.max_retries <= 0
            ):
                raise
            first = [error]

        retries = [0]

        def sleep(seconds: float) -> None:
            retries[0] += 1
            log_retry(options.method, options.path, retries[0], seconds)
            # Looked up at each wait, so that replacing self._sleep takes effect.
            self._sleep(seconds)

        def attempt() -> httpx.Response:
            if first:
                raise first.pop()  # tenacity's attempt 1 is the one already made
            return self._attempt(options, chosen)

        from ._retry import retrying

        return retrying(policy, options.method, sleep)(attempt)

    def _attempt(
        self, options: RequestOptions[Any], chosen: list[SecurityScheme]
    ) -> httpx.Response:
        tokens = self._credentials.tokens_for(chosen)
        needs_token = uses_token(chosen)
        token = tokens.get() if needs_token else None
        response = self._exchange(options, apply(chosen, self._credentials, token))
        if (
            response.status_code == 401
            and needs_token
            and tokens.refreshable
            and _resendable(options)
        ):
            # Revoked, or expired before its exp said: one new token, one more try.
            token = tokens.get(refused=token)
            auth = apply(chosen, self._credentials, token)
            response = self._exchange(options, auth)
        if not response.is_success:
            raise make_status_error(response, options.error_models)
        return response

    def _exchange(
        self, options: RequestOptions[Any], auth: AuthParts
    ) -> httpx.Response:
        request = self._build_request(self._http, options, auth)
        try:
            # Streamed, then read here: a body that cannot be decoded (a broken gzip
            # stream) is then told from a failed connection.
            response = self._http.send(request, stream=True)
        except httpx.TransportError as exc:
            if logger.isEnabledFor(logging.INFO):
                log_response(request, None, secret_names(auth.headers, auth.query), exc)
            raise _connection_error(exc, request) from exc
        if logger.isEnabledFor(logging.INFO):
            log_response(request, response, secret_names(auth.headers, auth.query))
        if options.stream and response.is_success:
            return response
        try:
            response.read()
        except httpx.DecodingError as exc:
            response.close()
            _undecodable(response, exc)
        except httpx.TransportError as exc:
            response.close()
            raise _connection_error(exc, request) from exc
        except BaseException:
            response.close()
            raise
        return response


class AsyncAPIClient(BaseClient):
    """The asynchronous client, over ``httpx.AsyncClient``; its token callable may be
    a coroutine function."""

    def __init__(
        self,
        *,
        base_url: str | None,
        default_base_url: str,
        base_url_env: str | None,
        api_key: str | None,
        api_key_env: str | None,
        token: AsyncToken | None,
        credentials: Mapping[str, Any],
        security_schemes: Mapping[str, SecurityScheme],
        access_token: AsyncToken | None = None,
        max_retries: int = 3,
        timeout: float | httpx.Timeout | None = 30.0,
        http_client: httpx.AsyncClient | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        strict_response_validation: bool = False,
        default_headers: Headers | None = None,
        default_query: Query | None = None,
        idempotency_header: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            default_base_url=default_base_url,
            base_url_env=base_url_env,
            api_key=api_key,
            api_key_env=api_key_env,
            token=token,
            credentials=credentials,
            security_schemes=security_schemes,
            access_token=access_token,
            max_retries=max_retries,
            timeout=timeout,
            user_agent=user_agent,
            strict_response_validation=strict_response_validation,
            default_headers=default_headers,
            default_query=default_query,
            idempotency_header=idempotency_header,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(
            timeout=timeout, verify=shared_ssl_context()
        )
        import asyncio  # here rather than at import: the sync client never needs it

        self._async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def close(self) -> None:
        await self.aclose()

    async def __aenter__(self: _ClientT) -> _ClientT:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _call(
        self,
        options: RequestOptions[T],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> T:
        options = self._per_call(
            options, extra_headers, extra_query, extra_body, timeout, idempotency_key
        )
        response = await self._send(options)
        return self._parser(options, response)(response)

    async def _call_raw(
        self,
        options: RequestOptions[T],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[T]:
        options = self._per_call(
            options, extra_headers, extra_query, extra_body, timeout, idempotency_key
        )
        response = await self._send(options)
        return APIResponse(response, self._parser(options, response))

    def _paginate(
        self,
        options: RequestOptions[T],
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
        **paging: str,
    ) -> AsyncPaginator[Any, T]:
        from ._pagination import AsyncPaginator, Paging

        options = self._per_call(
            options, extra_headers, extra_query, extra_body, timeout, idempotency_key
        )
        return AsyncPaginator(self, options, Paging(**paging))

    async def _events(
        self, options: RequestOptions[Any], **call: Any
    ) -> AsyncEventStream:
        from ._streaming import AsyncEventStream

        options = self._per_call(options, **call)
        return AsyncEventStream(await self._send(replace(options, stream=True)))

    def _streamed(
        self, options: RequestOptions[T], **call: Any
    ) -> AsyncStreamedResponse[T]:
        from ._streaming import AsyncStreamedResponse

        options = self._per_call(options, **call)
        streamed = replace(options, stream=True)
        return AsyncStreamedResponse(
            lambda: self._send(streamed), lambda r: self._parser(options, r)
        )

    async def _send(self, options: RequestOptions[Any]) -> httpx.Response:
        uploads: list[Upload] = []
        try:
            return await self._send_prepared(self._prepare(options, uploads))
        finally:
            for upload in uploads:
                upload.close()

    async def _send_prepared(self, options: RequestOptions[Any]) -> httpx.Response:
        chosen = self._choose(options)

        try:
            return await self._attempt(options, chosen)
        except APIError as error:
            policy = self._retry_policy(options)
            if (
                not policy.should_retry(error, options.method)
                or policy.max_retries <= 0
            ):
                raise
            first = [error]

        retries = [0]

        async def sleep(seconds: float) -> None:
            retries[0] += 1
            log_retry(options.method, options.path, retries[0], seconds)
            await self._async_sleep(seconds)

        async def attempt() -> httpx.Response:
            if first:
                raise first.pop()
            return await self._attempt(options, chosen)

        from ._retry import async_retrying

        response: httpx.Response = await async_retrying(policy, options.method, sleep)(
            attempt
        )
        return response

    async def _attempt(
        self, options: RequestOptions[Any], chosen: list[SecurityScheme]
    ) -> httpx.Response:
        tokens = self._credentials.tokens_for(chosen)
        needs_token = uses_token(chosen)
        token = await tokens.aget() if needs_token else None
        auth = apply(chosen, self._credentials, token)
        response = await self._exchange(options, auth)
        if (
            response.status_code == 401
            and needs_token
            and tokens.refreshable
            and _resendable(options)
        ):
            token = await tokens.aget(refused=token)
            auth = apply(chosen, self._credentials, token)
            response = await self._exchange(options, auth)
        if not response.is_success:
            raise make_status_error(response, options.error_models)
        return response

    async def _exchange(
        self, options: RequestOptions[Any], auth: AuthParts
    ) -> httpx.Response:
        request = self._build_request(self._http, options, auth)
        try:
            response = await self._http.send(request, stream=True)
        except httpx.TransportError as exc:
            if logger.isEnabledFor(logging.INFO):
                log_response(request, None, secret_names(auth.headers, auth.query), exc)
            raise _connection_error(exc, request) from exc
        if logger.isEnabledFor(logging.INFO):
            log_response(request, response, secret_names(auth.headers, auth.query))
        if options.stream and response.is_success:
            return response
        try:
            await response.aread()
        except httpx.DecodingError as exc:
            await response.aclose()
            _undecodable(response, exc)
        except httpx.TransportError as exc:
            await response.aclose()
            raise _connection_error(exc, request) from exc
        except BaseException:
            await response.aclose()
            raise
        return response
