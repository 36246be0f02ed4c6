"""Which credentials an operation gets, and how each kind of security scheme sends them.

An operation's ``security`` is a tuple of alternatives (any one will do), each a tuple
of scheme names (all of them together). Only the chosen alternative's credentials leave
the client: an API key or token is never sent to an operation that did not ask for it.
"""

from __future__ import annotations

import base64
import binascii
import inspect
import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Union
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    # Both imported where first needed: asyncio (~10 ms) by the async client only,
    # _sigv4 (hmac) by definitions with an IAM-authorised operation only.
    import asyncio

    from ._sigv4 import AwsCredentials

__all__ = [
    "AuthParts",
    "Credentials",
    "SecurityScheme",
    "TokenSource",
    "apply",
    "jwt_expiry",
    "uses_token",
]

# A callable token is fetched again when it expires within this many seconds, so that
# it cannot expire between being read here and being checked by the authorizer.
REFRESH_MARGIN = 30.0

Security = tuple[tuple[str, ...], ...]
TokenInput = Union[str, Callable[[], Any], None]


@dataclass(frozen=True)
class SecurityScheme:
    # The scheme's name in the definition.
    name: str
    kind: Literal["api_key", "bearer", "raw_token", "lambda", "sigv4", "basic"]
    location: Literal["header", "query", "cookie"]
    # The header, query parameter or cookie that carries the credential.
    param_name: str
    # "api_key", "token", "aws", "basic", or a Lambda authorizer's keyword.
    credential: str
    # A Lambda authorizer with several identity sources: (key, location, name) for each;
    # its keyword takes a mapping, and the value under each key goes where its source says.
    sources: tuple[tuple[str, str, str], ...] = ()


@dataclass
class AuthParts:
    """What the chosen security alternative adds to a request."""

    headers: dict[str, str] = field(default_factory=dict)
    query: list[tuple[str, str]] = field(default_factory=list)
    cookies: dict[str, str] = field(default_factory=dict)
    sign_with: AwsCredentials | None = None


def _strip_bearer(token: str) -> str:
    return token[7:] if token[:7].lower() == "bearer " else token


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT, or None for other tokens.

    The token is not verified: the claim only decides when to fetch a new one.
    """
    parts = _strip_bearer(token).split(".")
    if len(parts) != 3:
        return None
    padded = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        payload = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, binascii.Error):
        return None
    exp = payload.get("exp") if isinstance(payload, dict) else None
    if isinstance(exp, bool) or not isinstance(exp, (int, float)):
        return None
    return float(exp)


class TokenSource:
    """A fixed token, or a callable one whose result is cached until near its exp.

    Callers needing a token at the same time wait for one fetch instead of making
    one each: one lock serves the threads (sync), one per event loop the tasks (async).
    """

    def __init__(
        self, token: TokenInput, clock: Callable[[], float] = time.time
    ) -> None:
        self._token = token
        self._cached: str | None = token if isinstance(token, str) else None
        self._expires: float | None = None
        self._clock = clock
        self._lock = threading.Lock()
        # asyncio locks belong to one event loop, and a client may outlive its loop.
        self._async_locks: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
        self._async_locks = WeakKeyDictionary()

    @property
    def present(self) -> bool:
        return self._token is not None

    @property
    def refreshable(self) -> bool:
        return callable(self._token)

    def _fresh(self) -> bool:
        if self._cached is None:
            return False
        if self._expires is None:  # not a JWT: nothing says when it expires
            return True
        return self._expires - self._clock() >= REFRESH_MARGIN

    def _must_fetch(self, refused: str | None) -> bool:
        # ``refused`` is a token the server answered 401 to. It is fetched again
        # unless another caller has done so meanwhile.
        if refused is not None and refused == self._cached:
            return True
        return not self._fresh()

    def _store(self, value: object) -> str:
        if not isinstance(value, str):
            kind = type(value).__name__
            raise TypeError(f"the token callable returned {kind}, not str")
        self._cached = value
        self._expires = jwt_expiry(value)
        return value

    def get(self, *, refused: str | None = None) -> str | None:
        """The current token, fetched if there is none, it nears its expiry, or it
        is the ``refused`` one."""
        fetch = self._token
        if not callable(fetch):
            return self._cached
        with self._lock:
            if not self._must_fetch(refused):
                return self._cached
            value = fetch()
            if inspect.isawaitable(value):
                if inspect.iscoroutine(value):
                    # Never awaited: closed rather than left to warn about it.
                    value.close()
                raise TypeError("an async token callable needs the async client")
            return self._store(value)

    def _async_lock(self) -> asyncio.Lock:
        import asyncio

        loop = asyncio.get_running_loop()
        lock = self._async_locks.get(loop)
        if lock is None:
            lock = self._async_locks[loop] = asyncio.Lock()
        return lock

    async def aget(self, *, refused: str | None = None) -> str | None:
        """``get`` for the async client; the callable may be sync or async."""
        fetch = self._token
        if not callable(fetch):
            return self._cached
        async with self._async_lock():
            if not self._must_fetch(refused):
                return self._cached
            value = fetch()
            if inspect.isawaitable(value):
                value = await value
            return self._store(value)


class Credentials:
    """Everything a client was given to authenticate with."""

    def __init__(
        self,
        api_key: str | None,
        token: TokenSource,
        others: Mapping[str, Any],
        *,
        sigv4: bool = True,
        access_token: TokenSource | None = None,
    ) -> None:
        self.api_key = api_key
        self.token = token
        # For requirements that name OAuth scopes (credential "access_token"): a Cognito
        # authorizer takes an access token there and an ID token elsewhere. Either token
        # alone goes to both.
        self.access_token = access_token or TokenSource(None)
        self.others = dict(others)
        # Explicit AWS credentials, else the standard environment variables, read once;
        # only where some scheme signs requests (``sigv4``) or credentials were given.
        self.aws: AwsCredentials | None = None
        if sigv4 or "aws" in self.others:
            from ._sigv4 import credentials_from

            self.aws = credentials_from(self.others.get("aws"))

    def has(self, scheme: SecurityScheme) -> bool:
        if scheme.kind == "sigv4":
            return self.aws is not None
        if scheme.credential == "api_key":
            return bool(self.api_key)
        if scheme.credential in ("token", "access_token"):
            return self.token.present or self.access_token.present
        return self.others.get(scheme.credential) is not None

    def choose(
        self, security: Security, schemes: Mapping[str, SecurityScheme]
    ) -> list[SecurityScheme]:
        """The first alternative whose credentials are all here, else what is here of
        the first one.

        Sending the incomplete first alternative lets the server answer with its own
        401 or 403, which says more than a client-side error would. An empty
        alternative means authentication is optional.
        """
        if not security:
            return []
        alternatives = [
            [schemes[name] for name in alternative if name in schemes]
            for alternative in security
        ]
        for alternative in alternatives:
            if all(self.has(scheme) for scheme in alternative):
                return alternative
        return [scheme for scheme in alternatives[0] if self.has(scheme)]

    def tokens_for(self, chosen: list[SecurityScheme]) -> TokenSource:
        """The token source for the chosen schemes: the access token where they
        name scopes, else the token (either alone serves both)."""
        scoped = any(scheme.credential == "access_token" for scheme in chosen)
        if (scoped and self.access_token.present) or not self.token.present:
            return self.access_token
        return self.token


def uses_token(chosen: list[SecurityScheme]) -> bool:
    return any(scheme.kind in ("bearer", "raw_token") for scheme in chosen)


def _basic(pair: Any) -> str | None:
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        return None
    user_pass = f"{pair[0]}:{pair[1]}".encode()
    return "Basic " + base64.b64encode(user_pass).decode("ascii")


def _value(
    scheme: SecurityScheme, credentials: Credentials, token: str | None
) -> str | None:
    if scheme.kind == "bearer":
        # The caller may hand over "Bearer ..." already: one prefix, not two.
        return None if token is None else "Bearer " + _strip_bearer(token)
    if scheme.kind == "raw_token":
        # Cognito user pool authorizers take the bare token.
        return token
    if scheme.kind == "api_key":
        return credentials.api_key or None
    if scheme.kind == "basic":
        return _basic(credentials.others.get(scheme.credential))
    found = credentials.others.get(scheme.credential)
    return None if found is None else str(found)


def apply(
    chosen: list[SecurityScheme], credentials: Credentials, token: str | None
) -> AuthParts:
    """Headers, query parameters and cookies for the chosen schemes.

    ``token`` is the current bearer token, fetched by the caller (sync or async).
    """
    parts = AuthParts()
    for scheme in chosen:
        if scheme.kind == "sigv4":
            # Signed last, once everything else is in the request.
            parts.sign_with = credentials.aws
            continue
        if scheme.sources:
            for location, name, identity in _identities(scheme, credentials):
                _place(parts, location, name, identity)
            continue
        value = _value(scheme, credentials, token)
        if value is not None:
            _place(parts, scheme.location, scheme.param_name, value)
    return parts


def _place(parts: AuthParts, location: str, name: str, value: str) -> None:
    if location == "query":
        parts.query.append((name, value))
    elif location == "cookie":
        parts.cookies[name] = value
    else:
        parts.headers[name] = value


def _identities(
    scheme: SecurityScheme, credentials: Credentials
) -> list[tuple[str, str, str]]:
    """(location, name, value) for each identity source a value was given for."""
    given = credentials.others.get(scheme.credential)
    if given is None:
        return []
    keys = [key for key, _, _ in scheme.sources]
    if not isinstance(given, Mapping):
        raise TypeError(
            f"{scheme.credential} takes one value per identity source, as a dict"
            f" with the keys {keys}, not {type(given).__name__}"
        )
    unknown = [key for key in given if key not in keys]
    if unknown:
        raise TypeError(f"{scheme.credential}: unknown keys {unknown}; expected {keys}")
    return [
        (location, name, str(given[key]))
        for key, location, name in scheme.sources
        if given.get(key) is not None
    ]
