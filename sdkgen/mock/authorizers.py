"""Authorizers and API keys, checked the way API Gateway checks them.

An operation's ``security`` is a list of alternatives (OR), each a set of schemes (AND). Within an
alternative the authorizers run first (401/403 from them win), then the API key (403 Forbidden).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import jwt

from ..model import Api, Operation, SecurityScheme
from . import errors
from .config import ApiKeyConfig, AuthorizerConfig, ConfigError
from .errors import GatewayError

# What a key of each type may verify: pinning algorithms per key is what stops alg confusion.
_RSA_ALGS = ("RS256",)
_EC_ALGS = {"P-256": ("ES256",), "P-384": ("ES384",), "P-521": ("ES512",)}


@dataclass
class RequestView:
    """What authorizers read from a request."""

    headers: Mapping[str, str]  # lower-case names
    query: Mapping[str, list[str]]
    cookies: Mapping[str, str]


@dataclass(frozen=True)
class Verdict:
    error: GatewayError | None
    attempted: bool  # whether the client sent this credential at all
    key: ApiKeyConfig | None = None
    principal: str | None = None


class Checker(Protocol):
    name: str
    is_api_key: bool

    def check(self, request: RequestView, scopes: Sequence[str]) -> Verdict: ...


def _credential(scheme: SecurityScheme, request: RequestView, source: str | None = None) -> str | None:
    where, _, name = (source or f"{scheme.location}:{scheme.param_name}").partition(":")
    if where == "query":
        values = request.query.get(name)
        return values[0] if values else None
    if where == "cookie":
        return request.cookies.get(name)
    return request.headers.get(name.lower())


class ApiKeyChecker:
    is_api_key = True

    def __init__(self, scheme: SecurityScheme, keys: Mapping[str, ApiKeyConfig]) -> None:
        self.name = scheme.name
        self.scheme = scheme
        self.keys = keys

    def check(self, request: RequestView, scopes: Sequence[str]) -> Verdict:
        value = _credential(self.scheme, request)
        if not value:
            return Verdict(errors.FORBIDDEN, False)
        key = self.keys.get(value)
        if key is None:
            return Verdict(errors.FORBIDDEN, True)
        return Verdict(None, True, key, key.id)


@dataclass(frozen=True)
class _VerificationKey:
    kid: str | None
    key: Any
    algorithms: tuple[str, ...]


class JwtChecker:
    """Cognito user pools (raw token) and JWT authorizers (``Bearer <token>`` or raw)."""

    is_api_key = False

    def __init__(self, scheme: SecurityScheme, config: AuthorizerConfig | None, *, raw_only: bool) -> None:
        self.name = scheme.name
        self.scheme = scheme
        self.raw_only = raw_only
        self.issuer = (config.issuer if config else None) or scheme.issuer
        self.audience = config.audience if config is not None and config.audience is not None else scheme.audience
        self.keys = _verification_keys(config) if config is not None else []
        self.source = scheme.identity_sources[0] if scheme.identity_sources else None

    def check(self, request: RequestView, scopes: Sequence[str]) -> Verdict:
        raw = _credential(self.scheme, request, self.source)
        if not raw:
            return Verdict(errors.UNAUTHORIZED, False)
        token = raw.strip()
        if not self.raw_only and token[:7].lower() == "bearer ":
            token = token[7:].strip()
        claims = self._decode(token)
        if isinstance(claims, GatewayError):
            return Verdict(claims, True)
        if self.audience and not self._audience_ok(claims):
            return Verdict(errors.UNAUTHORIZED, True)
        if scopes:
            granted = _scopes(claims)
            if any(s not in granted for s in scopes):
                return Verdict(errors.INSUFFICIENT_SCOPE, True)
        sub = claims.get("sub") or claims.get("username") or claims.get("client_id")
        return Verdict(None, True, principal=str(sub) if sub is not None else None)

    def _decode(self, token: str) -> dict[str, Any] | GatewayError:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            return errors.UNAUTHORIZED
        alg = header.get("alg")
        kid = header.get("kid")
        if not isinstance(alg, str) or alg.lower() == "none":
            return errors.UNAUTHORIZED
        candidates = [k for k in self.keys if alg in k.algorithms and (kid is None or k.kid is None or k.kid == kid)]
        if not candidates:
            return errors.UNAUTHORIZED
        expired = False
        for candidate in candidates:
            try:
                claims = jwt.decode(
                    token, candidate.key, algorithms=[alg], issuer=self.issuer,
                    options={"require": ["exp"], "verify_aud": False},
                )  # fmt: skip
            except jwt.ExpiredSignatureError:
                expired = True
                continue
            except (jwt.PyJWTError, ValueError, TypeError):
                continue
            if isinstance(claims, dict):
                return claims
        return errors.EXPIRED if expired else errors.UNAUTHORIZED

    def _audience_ok(self, claims: dict[str, Any]) -> bool:
        if claims.get("token_use") == "access" or "aud" not in claims:
            return claims.get("client_id") in self.audience
        aud = claims.get("aud")
        values = aud if isinstance(aud, list) else [aud]
        return any(v in self.audience for v in values)


def _scopes(claims: dict[str, Any]) -> set[str]:
    granted: set[str] = set()
    for claim in ("scope", "scp"):
        value = claims.get(claim)
        if isinstance(value, str):
            granted.update(value.split())
        elif isinstance(value, list):
            granted.update(str(v) for v in value)
    return granted


def _verification_keys(config: AuthorizerConfig) -> list[_VerificationKey]:
    place = f"authorizers.{config.name}"
    if config.hs256_secret is not None:
        return [_VerificationKey(None, config.hs256_secret.encode(), ("HS256",))]
    if config.jwks is None:
        return []
    keys: list[_VerificationKey] = []
    for i, jwk in enumerate(config.jwks.get("keys") or []):
        where = f"{place}.jwks_file" if config.jwks_file else f"{place}.jwks"
        if not isinstance(jwk, dict):
            raise ConfigError(f"{where} keys[{i}]", "expected a JSON Web Key object")
        kty = jwk.get("kty")
        if kty == "RSA":
            algorithms: tuple[str, ...] = _RSA_ALGS
        elif kty == "EC" and jwk.get("crv") in _EC_ALGS:
            algorithms = _EC_ALGS[str(jwk.get("crv"))]
        else:
            raise ConfigError(f"{where} keys[{i}]", f"unsupported key type {kty!r} (RSA or EC P-256/384/521 keys only)")
        if isinstance(jwk.get("alg"), str):
            if jwk["alg"] not in algorithms:
                raise ConfigError(f"{where} keys[{i}].alg", f"{jwk['alg']!r} does not fit a {kty} key")
            algorithms = (jwk["alg"],)
        try:
            key = jwt.PyJWK(jwk, algorithms[0]).key
        except (jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{where} keys[{i}]", f"not a usable key: {exc}") from None
        keys.append(_VerificationKey(str(jwk["kid"]) if jwk.get("kid") is not None else None, key, algorithms))
    return keys


class LambdaChecker:
    """A stand-in for a Lambda authorizer: the identity must be present (and allowed, if a list is configured)."""

    is_api_key = False

    def __init__(self, scheme: SecurityScheme, config: AuthorizerConfig | None) -> None:
        self.name = scheme.name
        self.scheme = scheme
        self.sources = scheme.identity_sources or (f"{scheme.location}:{scheme.param_name}",)
        self.allow = frozenset(config.allow) if config is not None and config.allow is not None else None

    def check(self, request: RequestView, scopes: Sequence[str]) -> Verdict:
        values = [_credential(self.scheme, request, source) for source in self.sources]
        if any(not v for v in values):
            return Verdict(errors.UNAUTHORIZED, any(bool(v) for v in values))
        identity = str(values[0])
        if self.allow is not None and identity not in self.allow:
            return Verdict(errors.EXPLICIT_DENY, True)
        return Verdict(None, True, principal=identity)


def sigv4_problem(authorization: str, headers: Mapping[str, str]) -> GatewayError | None:
    """Why ``authorization`` is not a complete SigV4 ``Authorization`` header, as API Gateway words it.

    API Gateway takes the first word as the algorithm and the rest as comma-separated ``key=value``
    pairs; it needs ``Credential``, ``Signature`` and ``SignedHeaders`` and an ``X-Amz-Date`` or
    ``Date`` header. The signature itself is not verified (the mock has no secret keys).
    """
    algorithm, _, rest = authorization.strip().partition(" ")
    pairs: dict[str, str] = {}
    for item in rest.split(","):
        item = item.strip()
        if not item:
            continue
        key, equals, value = item.partition("=")
        if not equals:
            digest = base64.b64encode(hashlib.sha256(item.encode()).digest()).decode()
            return errors.incomplete_signature(
                f"Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '{digest}'."
            )
        pairs[key.strip()] = value.strip()
    missing = [f"Authorization header requires '{name}' parameter." for name in ("Credential", "Signature", "SignedHeaders")
               if not pairs.get(name)]  # fmt: skip
    if "x-amz-date" not in headers and "date" not in headers:
        missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
    if missing:
        return errors.incomplete_signature(" ".join(missing) + f" Authorization={authorization}")
    if algorithm != "AWS4-HMAC-SHA256":
        return errors.incomplete_signature(f"Unsupported AWS 'algorithm': '{algorithm}'")  # wording not confirmed against AWS
    return None


class PresenceChecker:
    """IAM (SigV4 signatures are checked for form, not verified), HTTP basic and plain bearer: the credential must be there."""

    is_api_key = False

    def __init__(self, scheme: SecurityScheme, config: AuthorizerConfig | None) -> None:
        self.name = scheme.name
        self.scheme = scheme
        self.allow = frozenset(config.allow) if config is not None and config.allow is not None else None

    def check(self, request: RequestView, scopes: Sequence[str]) -> Verdict:
        value = _credential(self.scheme, request)
        if self.scheme.kind == "sigv4":
            if not value:
                return Verdict(errors.MISSING_AUTH_TOKEN, False)  # unsigned: API Gateway's "Missing Authentication Token"
            problem = sigv4_problem(value, request.headers)
            return Verdict(problem, True)
        if not value:
            return Verdict(errors.UNAUTHORIZED, False)
        if self.allow is not None and value not in self.allow:
            return Verdict(errors.UNAUTHORIZED, True)
        return Verdict(None, True)


def build_checkers(api: Api, authorizers: Mapping[str, AuthorizerConfig], keys: Mapping[str, ApiKeyConfig]) -> dict[str, Checker]:
    for name in authorizers:
        if name not in api.security_schemes:
            raise ConfigError(
                f"authorizers.{name}",
                f"the definition has no security scheme named {name!r} (it has: {', '.join(api.security_schemes) or 'none'})",
            )
    checkers: dict[str, Checker] = {}
    for name, scheme in api.security_schemes.items():
        config = authorizers.get(name)
        checker: Checker
        if scheme.authorizer == "api_key":
            checker = ApiKeyChecker(scheme, keys)
        elif scheme.authorizer in ("cognito", "jwt"):
            checker = JwtChecker(scheme, config, raw_only=scheme.authorizer == "cognito")
        elif scheme.authorizer in ("lambda_token", "lambda_request"):
            checker = LambdaChecker(scheme, config)
        elif scheme.authorizer in ("oauth2", "bearer") and config is not None and config.allow is None:
            checker = JwtChecker(scheme, config, raw_only=False)
        else:
            checker = PresenceChecker(scheme, config)
        checkers[name] = checker
    return checkers


class AuthPlan:
    """An operation's security alternatives, compiled."""

    def __init__(self, operation: Operation, checkers: Mapping[str, Checker]) -> None:
        self.alternatives: list[list[tuple[Checker, tuple[str, ...]]]] = []
        for requirement in operation.security:
            steps = [(checkers[name], tuple(scopes)) for name, scopes in requirement.items() if name in checkers]
            if len(steps) < len(requirement):
                continue  # a scheme the parser could not read: nothing can satisfy it here
            steps.sort(key=lambda step: step[0].is_api_key)  # authorizers first, then the API key
            self.alternatives.append(steps)
        self.open = not operation.security or any(not alt for alt in self.alternatives)
        self.needs_api_key = any(c.is_api_key for alt in self.alternatives for c, _ in alt)
        if not self.open and not self.alternatives:
            self.alternatives = [[]]  # unsatisfiable: treated as a missing token below
            self.unsatisfiable = True
        else:
            self.unsatisfiable = False

    def check(self, request: RequestView) -> Verdict:
        if self.open:
            return Verdict(None, False)
        if self.unsatisfiable:
            return Verdict(errors.UNAUTHORIZED, False)
        first: Verdict | None = None
        attempted: Verdict | None = None
        for steps in self.alternatives:
            key: ApiKeyConfig | None = None
            principal: str | None = None
            failure: Verdict | None = None
            all_attempted = True
            for checker, scopes in steps:
                verdict = checker.check(request, scopes)
                all_attempted = all_attempted and verdict.attempted
                if verdict.error is not None:
                    failure = verdict
                    break
                key = verdict.key or key
                principal = principal or verdict.principal
            if failure is None:
                return Verdict(None, True, key, principal)
            if first is None:
                first = failure
            if attempted is None and all_attempted:
                attempted = failure
        result = attempted or first
        assert result is not None
        return result
