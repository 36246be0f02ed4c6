"""Authorizers and API keys, checked the way API Gateway checks them.

An operation's ``security`` is a list of alternatives (OR), each a set of schemes (AND). Within an
alternative the authorizers run first (401/403 from them win), then the API key (403 Forbidden).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Protocol

import jwt

from ..model import Api, Operation, SecurityScheme
from . import errors, sigv4
from .config import ApiKeyConfig, AuthorizerConfig, ConfigError, IamCredential
from .errors import GatewayError
from .validation import Matcher, compile_pattern

# What a key of each type may verify: pinning algorithms per key is what stops alg confusion.
_RSA_ALGS = ("RS256",)
_EC_ALGS = {"P-256": ("ES256",), "P-384": ("ES384",), "P-521": ("ES512",)}


@dataclass
class RequestView:
    """What authorizers read from a request."""

    headers: Mapping[str, str]  # lower-case names
    query: Mapping[str, list[str]]
    cookies: Mapping[str, str]
    # What a SigV4 signature covers, as received.
    method: str = "GET"
    raw_path: str = "/"
    raw_query: str = ""
    raw_headers: Sequence[tuple[bytes, bytes]] = ()
    body: bytes = b""
    # Verdicts of Lambda authorizers whose function the gateway has invoked for this request (sdkgen.lambdas).
    decided: Mapping[str, Verdict] | None = None


@dataclass(frozen=True)
class Verdict:
    error: GatewayError | None
    attempted: bool  # whether the client sent this credential at all
    key: ApiKeyConfig | None = None
    principal: str | None = None
    usage_key: ApiKeyConfig | None = None  # a Lambda authorizer's usageIdentifierKey
    claims: Mapping[str, Any] | None = None  # a JWT's claims, for a Lambda integration's event
    context: Mapping[str, Any] | None = None  # a Lambda authorizer's context, likewise


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
        use = _token_use(claims)
        wanted = self.scheme.token_kind(scopes)  # Cognito: an ID token without scopes, an access token with them
        if wanted is not None and use != wanted:
            return Verdict(errors.UNAUTHORIZED, True)
        if self.audience and not self._audience_ok(claims, use):
            return Verdict(errors.UNAUTHORIZED, True)
        # The token must carry at least one of the method's scopes; Cognito answers 401, JWT authorizers 403.
        if scopes and _scopes(claims).isdisjoint(scopes):
            return Verdict(errors.UNAUTHORIZED if wanted is not None else errors.INSUFFICIENT_SCOPE, True)
        sub = claims.get("sub") or claims.get("username") or claims.get("client_id")
        return Verdict(None, True, principal=str(sub) if sub is not None else None, claims=claims)

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

    def _audience_ok(self, claims: dict[str, Any], use: str) -> bool:
        # ID tokens name the app client in aud, access tokens in client_id.
        if use == "access":
            return claims.get("client_id") in self.audience
        aud = claims.get("aud")
        values = aud if isinstance(aud, list) else [aud]
        return any(isinstance(v, str) and v in self.audience for v in values)


def _token_use(claims: dict[str, Any]) -> str:
    """``token_use`` ("id" or "access"); for tokens without it, access when they have a client_id and no aud."""
    use = claims.get("token_use")
    if isinstance(use, str):
        return use
    return "access" if "aud" not in claims and "client_id" in claims else "id"


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
    """A stand-in for a Lambda authorizer: every identity source must be present (and allowed, if a list is configured).

    With several identity sources an allow-list entry is their values joined by commas, in the order of
    ``identitySource``. A mapping entry's API key id is the usageIdentifierKey the Lambda would return.
    """

    is_api_key = False

    def __init__(
        self, scheme: SecurityScheme, config: AuthorizerConfig | None, keys: Mapping[str, ApiKeyConfig], *, http_api: bool = False
    ) -> None:
        self.name = scheme.name
        self.scheme = scheme
        self.sources = scheme.identity_sources or (f"{scheme.location}:{scheme.param_name}",)
        self.allow = frozenset(config.allow) if config is not None and config.allow is not None else None
        by_id = {k.id: k for k in keys.values()}
        self.usage_keys = {identity: by_id[key_id] for identity, key_id in config.usage_keys.items()} if config is not None else {}
        # HTTP APIs answer a denying authorizer with a plain Forbidden; REST APIs with the explicit-deny message.
        self.deny = errors.FORBIDDEN_HTTP if http_api else errors.EXPLICIT_DENY
        # A token authorizer's identityValidationExpression: a token that does not match in full is 401
        # before the Lambda runs. It runs in linear time as schema patterns do (the token is the caller's);
        # an expression no engine here compiles is ignored (API Gateway uses Java's).
        self.validation: Matcher | None = None
        if scheme.authorizer == "lambda_token" and scheme.identity_validation:
            self.validation = compile_pattern(scheme.identity_validation, full=True)

    def check(self, request: RequestView, scopes: Sequence[str]) -> Verdict:
        values = [_credential(self.scheme, request, source) for source in self.sources]
        if any(not v for v in values):
            return Verdict(errors.UNAUTHORIZED, any(bool(v) for v in values))
        identity = ",".join(str(v) for v in values)
        if self.validation is not None and not self.validation.search(identity):
            return Verdict(errors.UNAUTHORIZED, True)
        if request.decided is not None and self.name in request.decided:
            return request.decided[self.name]  # the authorizer's function really ran
        if self.allow is not None and identity not in self.allow:
            return Verdict(self.deny, True)
        key = self.usage_keys.get(identity)  # the log shows its key id, or a fingerprint: never the credential
        return Verdict(None, True, principal=key.id if key else sigv4.credential_fingerprint(identity), usage_key=key)


def unsigned_error(http_api: bool) -> errors.GatewayError:
    """IAM, no signature: a REST API's "Missing Authentication Token" gateway response; an HTTP API has no gateway
    responses and refuses what its authorization does not admit with 403 "Forbidden"."""
    return errors.FORBIDDEN_HTTP if http_api else errors.MISSING_AUTH_TOKEN


def sigv4_problem(authorization: str, headers: Mapping[str, str]) -> GatewayError | None:
    """Why ``authorization`` is not a complete SigV4 ``Authorization`` header (None if it is)."""
    return sigv4.parse_authorization(authorization, headers)[0]


class IamChecker:
    """IAM: the SigV4 signature verified against the configured credentials."""

    is_api_key = False

    def __init__(self, scheme: SecurityScheme, credentials: Sequence[IamCredential], now: Callable[[], datetime],
                 *, http_api: bool = False) -> None:  # fmt: skip
        self.name = scheme.name
        self.scheme = scheme
        self.credentials = {c.access_key_id: c for c in credentials}
        self.now = now
        self.unsigned = unsigned_error(http_api)

    def check(self, request: RequestView, scopes: Sequence[str]) -> Verdict:
        value = request.headers.get("authorization")
        if not value:
            return Verdict(self.unsigned, False)
        signed = sigv4.SignedRequest(request.method, request.raw_path, request.raw_query, request.raw_headers, request.body)
        problem, key_id = sigv4.verify(value, request.headers, signed, self.credentials, self.now())
        return Verdict(problem, True, principal=key_id)


class PresenceChecker:
    """IAM without configured credentials (SigV4 checked for form only), HTTP basic and plain bearer: the credential must be there."""

    is_api_key = False

    def __init__(self, scheme: SecurityScheme, config: AuthorizerConfig | None, *, http_api: bool = False) -> None:
        self.name = scheme.name
        self.scheme = scheme
        self.allow = frozenset(config.allow) if config is not None and config.allow is not None else None
        self.unsigned = unsigned_error(http_api)

    def check(self, request: RequestView, scopes: Sequence[str]) -> Verdict:
        value = _credential(self.scheme, request)
        if self.scheme.kind == "sigv4":
            if not value:
                return Verdict(self.unsigned, False)
            problem = sigv4_problem(value, request.headers)
            return Verdict(problem, True)
        if not value:
            return Verdict(errors.UNAUTHORIZED, False)
        if self.allow is not None and value not in self.allow:
            return Verdict(errors.UNAUTHORIZED, True)
        return Verdict(None, True)


def build_checkers(
    api: Api,
    authorizers: Mapping[str, AuthorizerConfig],
    keys: Mapping[str, ApiKeyConfig],
    *,
    iam: Sequence[IamCredential] = (),
    now: Callable[[], datetime] | None = None,
    source: str = "",
) -> dict[str, Checker]:
    for name in authorizers:
        if name not in api.security_schemes:
            raise ConfigError(
                f"authorizers.{name}",
                f"the definition has no security scheme named {name!r} (it has: {', '.join(api.security_schemes) or 'none'})",
                source,
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
            checker = LambdaChecker(scheme, config, keys, http_api=api.flavour == "http")
        elif scheme.kind == "sigv4" and iam:
            checker = IamChecker(scheme, iam, now or (lambda: datetime.now(timezone.utc)), http_api=api.flavour == "http")
        elif scheme.authorizer in ("oauth2", "bearer") and config is not None and config.allow is None:
            checker = JwtChecker(scheme, config, raw_only=False)
        else:
            checker = PresenceChecker(scheme, config, http_api=api.flavour == "http")
        checkers[name] = checker
    return checkers


class AuthPlan:
    """An operation's security alternatives, compiled."""

    def __init__(self, operation: Operation, checkers: Mapping[str, Checker], *, key_from_authorizer: bool = False) -> None:
        # x-amazon-apigateway-api-key-source: AUTHORIZER: the key is the Lambda authorizer's usageIdentifierKey,
        # never the x-api-key header.
        self.key_from_authorizer = key_from_authorizer
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
        # The common case, an API key in a header and nothing else: (lower-case header name, keys by value),
        # so that an accepted key costs one lookup, without a RequestView or a Verdict.
        self.header_key: tuple[str, Mapping[str, ApiKeyConfig]] | None = None
        if not self.open and not key_from_authorizer and len(self.alternatives) == 1 and len(self.alternatives[0]) == 1:
            only = self.alternatives[0][0][0]
            if isinstance(only, ApiKeyChecker) and only.scheme.location == "header":
                self.header_key = (only.scheme.param_name.lower(), only.keys)

    def accepted_key(self, headers: Mapping[str, str]) -> ApiKeyConfig | None:
        """The key when the plan is a header API key alone and the request sends a valid one; None: ask ``check``."""
        if self.header_key is None:
            return None
        name, keys = self.header_key
        value = headers.get(name)
        return keys.get(value) if value else None

    def check(self, request: RequestView) -> Verdict:
        if self.open:
            return Verdict(None, False)
        if self.unsatisfiable:
            return Verdict(errors.UNAUTHORIZED, False)
        first: Verdict | None = None
        attempted: Verdict | None = None
        for steps in self.alternatives:
            key: ApiKeyConfig | None = None
            usage_key: ApiKeyConfig | None = None
            principal: str | None = None
            claims: Mapping[str, Any] | None = None
            context: Mapping[str, Any] | None = None
            failure: Verdict | None = None
            all_attempted = True
            for checker, scopes in steps:
                if checker.is_api_key and self.key_from_authorizer:
                    verdict = Verdict(None, True, usage_key, usage_key.id) if usage_key else Verdict(errors.FORBIDDEN, False)
                else:
                    verdict = checker.check(request, scopes)
                all_attempted = all_attempted and verdict.attempted
                if verdict.error is not None:
                    failure = verdict
                    break
                usage_key = verdict.usage_key or usage_key
                key = verdict.key or key
                principal = principal or verdict.principal
                claims = claims or verdict.claims
                context = context if context is not None else verdict.context
            if failure is None:
                return Verdict(None, True, key, principal, claims=claims, context=context)
            if first is None:
                first = failure
            if attempted is None and all_attempted:
                attempted = failure
        result = attempted or first
        assert result is not None
        return result
