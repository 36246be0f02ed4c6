"""Which credentials an operation gets, and how each kind of security scheme sends them."""

from __future__ import annotations

import base64
import binascii
import inspect
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Union

from ._sigv4 import AwsCredentials, resolve_credentials

# Fetch a callable token again when it expires within this many seconds.
REFRESH_MARGIN = 30.0


@dataclass(frozen=True)
class SecurityScheme:
    name: str  # the scheme's name in the definition
    kind: Literal["api_key", "bearer", "raw_token", "lambda", "sigv4", "basic"]
    location: Literal["header", "query", "cookie"]
    param_name: str  # the header, query parameter or cookie that carries the credential
    credential: (
        str  # "api_key", "token", "aws", "basic", or a Lambda authorizer's keyword
    )


@dataclass
class AuthParts:
    """What the chosen security alternative adds to a request."""

    headers: dict[str, str]
    query: list[tuple[str, str]]
    cookies: dict[str, str]
    sign_with: AwsCredentials | None = None
    uses_token: bool = False


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT, read without verifying it (it only decides when to fetch a new one)."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(
            base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        )
    except (ValueError, binascii.Error):
        return None
    exp = payload.get("exp") if isinstance(payload, dict) else None
    return (
        float(exp)
        if isinstance(exp, (int, float)) and not isinstance(exp, bool)
        else None
    )


class TokenSource:
    """A fixed token, or a callable one that is cached until it nears its ``exp``."""

    def __init__(self, token: Union[str, Callable[[], Any], None]) -> None:
        self._token = token
        self._cached: str | None = token if isinstance(token, str) else None
        self._expires: float | None = None

    @property
    def present(self) -> bool:
        return self._token is not None

    @property
    def refreshable(self) -> bool:
        return callable(self._token)

    def _fresh(self) -> bool:
        if self._cached is None:
            return False
        return self._expires is None or self._expires - time.time() > REFRESH_MARGIN

    def _store(self, value: str) -> str:
        self._cached = value
        self._expires = jwt_expiry(value)
        return value

    def get(self, *, force: bool = False) -> str | None:
        if not callable(self._token):
            return self._cached
        if force or not self._fresh():
            value = self._token()
            if inspect.isawaitable(value):
                raise TypeError("an async token callable needs the AsyncClient")
            return self._store(str(value))
        return self._cached

    async def aget(self, *, force: bool = False) -> str | None:
        if not callable(self._token):
            return self._cached
        if force or not self._fresh():
            value = self._token()
            if inspect.isawaitable(value):
                value = await value
            return self._store(str(value))
        return self._cached


class Credentials:
    """Everything a client was given to authenticate with."""

    def __init__(
        self, api_key: str | None, token: TokenSource, others: Mapping[str, Any]
    ) -> None:
        self.api_key = api_key
        self.token = token
        self.others = dict(others)
        aws = self.others.get("aws")
        self.aws = resolve_credentials(*aws) if isinstance(aws, tuple) else None

    def has(self, scheme: SecurityScheme) -> bool:
        if scheme.credential == "api_key":
            return bool(self.api_key)
        if scheme.credential == "token":
            return self.token.present
        if scheme.credential == "aws":
            return self.aws is not None
        return self.others.get(scheme.credential) is not None

    def choose(
        self,
        security: tuple[tuple[str, ...], ...],
        schemes: Mapping[str, SecurityScheme],
    ) -> list[SecurityScheme]:
        """The first alternative whose credentials are all here; else what is here of the first one."""
        if not security:
            return []
        alternatives = [[schemes[n] for n in alt if n in schemes] for alt in security]
        for alternative in alternatives:
            if all(self.has(s) for s in alternative):
                return alternative
        return [s for s in alternatives[0] if self.has(s)]


def apply(
    chosen: list[SecurityScheme], credentials: Credentials, token: str | None
) -> AuthParts:
    """Headers, query parameters and cookies for the chosen schemes; ``token`` is the current token."""
    parts = AuthParts({}, [], {})
    for scheme in chosen:
        value: str | None
        if scheme.kind == "sigv4":
            parts.sign_with = credentials.aws
            continue
        if scheme.kind in ("bearer", "raw_token"):
            parts.uses_token = True
            if token is None:
                continue
            value = f"Bearer {token}" if scheme.kind == "bearer" else token
        elif scheme.kind == "api_key":
            value = credentials.api_key
        elif scheme.kind == "basic":
            pair = credentials.others.get("basic")
            if not isinstance(pair, tuple):
                continue
            value = "Basic " + base64.b64encode(f"{pair[0]}:{pair[1]}".encode()).decode(
                "ascii"
            )
        else:
            found = credentials.others.get(scheme.credential)
            value = None if found is None else str(found)
        if value is None:
            continue
        if scheme.location == "query":
            parts.query.append((scheme.param_name, value))
        elif scheme.location == "cookie":
            parts.cookies[scheme.param_name] = value
        else:
            parts.headers[scheme.param_name] = value
    return parts
