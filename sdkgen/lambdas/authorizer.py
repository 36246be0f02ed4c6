"""Lambda authorizers as API Gateway runs them (``shared/lambda.md`` section 4): the events they receive (TOKEN and
REQUEST for REST APIs, payload 2.0 for HTTP APIs), what their output means (an IAM policy evaluated against the
method ARN, explicit Deny first; HTTP APIs' simple ``isAuthorized``), the answers for a refusal or a failure, and the
result cache per identity.

``integration.RouteAuthorizers`` invokes the functions (the gateway awaits it before its checks) and turns each
``Decision`` into the verdict the mock's ``LambdaChecker`` returns.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..mock import errors
from ..mock.errors import GatewayError
from . import events

UNAUTHORIZED = errors.UNAUTHORIZED
EXPLICIT_DENY = errors.EXPLICIT_DENY
IMPLICIT_DENY = GatewayError("ACCESS_DENIED", 403, "User is not authorized to access this resource", "AccessDeniedException", "Message")
HTTP_FORBIDDEN = errors.FORBIDDEN_HTTP
# A failing authorizer: 500 with a null message ({"message": null}), AuthorizerConfigurationException.
FAILED = GatewayError("AUTHORIZER_CONFIGURATION_ERROR", 500, "", "AuthorizerConfigurationException", raw_body='{"message": null}')
HTTP_FAILED = GatewayError("AUTHORIZER_FAILURE", 500, "Internal Server Error")
DEFAULT_TTL = 300
MAX_TTL = 3600


def method_arn(incoming: events.Incoming, region: str = "us-east-1") -> str:
    """``arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/VERB/path`` of the request (the real path, below the stage)."""
    path = incoming.stageless_path()
    stage = incoming.stage or "$default"
    return f"arn:aws:execute-api:{region}:{incoming.account_id}:{incoming.api_id}/{stage}/{incoming.method}/{path.lstrip('/')}"


def token_event(token: str, arn: str) -> dict[str, Any]:
    return {"type": "TOKEN", "authorizationToken": token, "methodArn": arn}


def request_event(incoming: events.Incoming, arn: str) -> dict[str, Any]:
    """A REST REQUEST authorizer's event: the proxy event's request parts (no body), its type and method ARN."""
    event = events.payload_v1(incoming)
    del event["body"], event["isBase64Encoded"]
    return {"type": "REQUEST", "methodArn": arn, **event}


def request_event_v2(incoming: events.Incoming, route_key: str, arn: str, identity: Sequence[str]) -> dict[str, Any]:
    """An HTTP API authorizer's payload 2.0 event: the request's event (no body), ``routeArn`` and the identity values."""
    event = events.payload_v2(incoming, route_key)
    event.pop("body", None)
    event.pop("isBase64Encoded", None)
    return {"version": "2.0", "type": "REQUEST", "routeArn": arn, "identitySource": list(identity), **event}


@dataclass(frozen=True)
class Decision:
    """What the gateway does with the request: refuse it (``error``), or pass it on with the authorizer's principal,
    context (for ``requestContext.authorizer``) and usage identifier key (an API key value, for usage plans)."""

    error: GatewayError | None
    principal: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict)
    usage_key: str | None = None


class BadOutput(Exception):
    """The authorizer's output is not what API Gateway accepts (a 500 AuthorizerConfigurationException)."""


def _wildcard(pattern: str) -> re.Pattern[str]:
    # IAM's wildcards: * any run of characters (across segments), ? one character (the latter: unconfirmed for API Gateway).
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.S)


def _strings(value: Any, what: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise BadOutput(f"{what} is neither a string nor a list of strings")


def policy_allows(policy: Any, arn: str) -> GatewayError | None:
    """None when the policy allows invoking ``arn``; the explicit or implicit deny otherwise."""
    if not isinstance(policy, dict):
        raise BadOutput("policyDocument is not an object")
    statements = policy.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        raise BadOutput("policyDocument.Statement is not a list")
    allowed = False
    for statement in statements:
        if not isinstance(statement, dict):
            raise BadOutput("a policy statement is not an object")
        effect = statement.get("Effect")
        if effect not in ("Allow", "Deny"):
            raise BadOutput(f"a statement's Effect is {effect!r}, not Allow or Deny")
        actions = _strings(statement.get("Action"), "Action")
        if not any(_wildcard(a.lower()).fullmatch("execute-api:invoke") for a in actions):
            continue
        if not any(_wildcard(r).fullmatch(arn) for r in _strings(statement.get("Resource"), "Resource")):
            continue
        if effect == "Deny":
            return EXPLICIT_DENY  # an explicit Deny wins over any Allow
        allowed = True
    return None if allowed else IMPLICIT_DENY


def _context(value: Any, *, nested: bool) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadOutput("context is not an object")
    if nested:
        return dict(value)  # HTTP APIs pass nested values on
    out: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, (dict, list)) or item is None:
            raise BadOutput(f"context.{key} is an object or array (REST authorizers may return strings, numbers and booleans)")
        out[key] = ("true" if item else "false") if isinstance(item, bool) else str(item)  # 1 -> "1", as the event carries it
    return out


def decide(result: Any, error: Mapping[str, Any] | None, arn: str, *, http_api: bool = False, simple: bool = False) -> Decision:
    """The gateway's decision from an authorizer's outcome: its result, or Lambda's error payload."""
    failed = HTTP_FAILED if http_api else FAILED
    if error is not None:
        # A function that fails with exactly "Unauthorized" means 401; any other failure is the authorizer's fault.
        return Decision(UNAUTHORIZED if error.get("errorMessage") == "Unauthorized" else failed)
    try:
        if http_api and simple:
            if not isinstance(result, dict) or not isinstance(result.get("isAuthorized"), bool):
                raise BadOutput("the simple response has no boolean isAuthorized")
            if not result["isAuthorized"]:
                return Decision(HTTP_FORBIDDEN)
            return Decision(None, None, _context(result.get("context"), nested=True))
        if not isinstance(result, dict):
            raise BadOutput("the output is not an object")
        principal = result.get("principalId")
        if not isinstance(principal, str) and not http_api:
            raise BadOutput("principalId is missing or not a string")
        denied = policy_allows(result.get("policyDocument"), arn)
        if denied is not None:
            return Decision(HTTP_FORBIDDEN if http_api else denied)
        usage = result.get("usageIdentifierKey")
        if usage is not None and not isinstance(usage, str):
            raise BadOutput("usageIdentifierKey is not a string")
        return Decision(None, principal if isinstance(principal, str) else None, _context(result.get("context"), nested=http_api), usage)
    except BadOutput:
        return Decision(failed)


def ttl_of(raw: Any) -> int:
    """``authorizerResultTtlInSeconds``: 300 when absent; 0 turns the cache off; at most 3600."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return DEFAULT_TTL
    return max(0, min(MAX_TTL, int(raw)))


class ResultCache:
    """An authorizer's outputs per identity (the token, or every identity source's value), for its TTL. The policy is
    cached, not the decision: a cached policy is evaluated again against each request's method ARN, as API Gateway
    does (hence its advice to return wildcard resources)."""

    def __init__(self, ttl: int, clock: Any = time.monotonic) -> None:
        self.ttl = ttl
        self.clock = clock
        self.entries: dict[tuple[str, ...], tuple[float, Any]] = {}

    def get(self, identity: tuple[str, ...]) -> Any | None:
        if self.ttl <= 0:
            return None
        entry = self.entries.get(identity)
        if entry is None:
            return None
        if entry[0] <= self.clock():
            del self.entries[identity]
            return None
        return entry[1]

    def put(self, identity: tuple[str, ...], result: Any) -> None:
        if self.ttl <= 0:
            return
        if len(self.entries) >= 10_000:
            self.entries.clear()  # bounded: a scan of random tokens must not fill memory
        self.entries[identity] = (self.clock() + self.ttl, result)
