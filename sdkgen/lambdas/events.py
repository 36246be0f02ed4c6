"""The events API Gateway sends a Lambda proxy integration: payload 1.0 (REST, and HTTP APIs that ask for it) and
payload 2.0 (HTTP APIs), with ``null`` and absent fields where AWS has them (``shared/lambda.md`` sections 1 and 2).

Nothing here knows the mock: a request is described by ``Incoming``, built by ``integration.py``.
"""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import unquote

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# HTTP APIs pass these bodies as text and base64-encode any other (they have no binaryMediaTypes). Unconfirmed
# beyond the developer guide's "if the body is not text".
_TEXT_TYPES = ("text/*", "application/json", "application/*+json", "application/xml", "application/*+xml",
               "application/javascript", "application/x-www-form-urlencoded")  # fmt: skip


@dataclass
class Incoming:
    """One request as the gateway admitted it."""

    method: str
    path: str  # as received, the stage included ("/prod/todos/1"); percent-encoded
    stage: str  # "" for none ($default)
    resource: str  # the route's path template ("/todos/{id}")
    path_params: Mapping[str, str]
    raw_query: str
    query: Mapping[str, list[str]]
    raw_headers: Sequence[tuple[bytes, bytes]]
    body: bytes
    request_id: str
    extended_request_id: str
    api_id: str
    account_id: str = "123456789012"
    source_ip: str = "127.0.0.1"
    protocol: str = "HTTP/1.1"
    api_key: tuple[str, str] | None = None  # (value, id) of the API key the request used
    claims: Mapping[str, Any] | None = None  # a Cognito or JWT authorizer's token claims
    scopes: Sequence[str] = ()
    principal: str | None = None  # a Lambda authorizer's principalId (the allow-list stand-in's identity)
    lambda_context: Mapping[str, Any] | None = None  # a Lambda authorizer's context, when its function ran
    binary_media_types: Sequence[str] = ()
    stage_variables: Mapping[str, str] | None = None
    now: float = field(default_factory=time.time)

    def header_pairs(self) -> list[tuple[str, str]]:
        return [(n.decode("latin-1"), v.decode("latin-1")) for n, v in self.raw_headers]

    def content_type(self) -> str:
        for name, value in self.raw_headers:
            if name.lower() == b"content-type":
                return value.decode("latin-1")
        return ""

    def host(self) -> str:
        for name, value in self.raw_headers:
            if name.lower() == b"host":
                return value.decode("latin-1")
        return f"{self.api_id}.execute-api.us-east-1.amazonaws.com"

    def stageless_path(self) -> str:
        prefix = f"/{self.stage}" if self.stage else ""
        if prefix and (self.path == prefix or self.path.startswith(prefix + "/")):
            return self.path[len(prefix) :] or "/"
        return self.path


def request_time(now: float) -> str:
    """API Gateway's ``requestTime``: ``03/Dec/2026:13:45:07 +0000``."""
    t = time.gmtime(now)
    return f"{t.tm_mday:02d}/{_MONTHS[t.tm_mon - 1]}/{t.tm_year}:{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0000"


def resource_id(resource: str) -> str:
    """A stable made-up resource id (API Gateway's are 6 characters of [a-z0-9])."""
    return hashlib.sha1(resource.encode()).hexdigest()[:6]


def _is_binary(content_type: str, binary_types: Sequence[str]) -> bool:
    base = content_type.split(";", 1)[0].strip().lower()
    return bool(base) and any(fnmatchcase(base, t.lower()) for t in binary_types)


def _body(incoming: Incoming, binary_types: Sequence[str], text_types: Sequence[str] = ()) -> tuple[str | None, bool]:
    if not incoming.body:
        return None, False
    content_type = incoming.content_type()
    binary = _is_binary(content_type, binary_types) or (bool(text_types) and not _is_binary(content_type, text_types))
    if binary:
        return base64.b64encode(incoming.body).decode("ascii"), True
    return incoming.body.decode("utf-8", "replace"), False


def _claims(claims: Mapping[str, Any]) -> dict[str, str]:
    """Token claims as API Gateway passes them: every value a string."""
    out: dict[str, str] = {}
    for key, value in claims.items():
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            out[key] = "[" + " ".join(str(v) for v in value) + "]"  # unconfirmed: how AWS spells a list claim
        else:
            out[key] = str(value)
    return out


def _domain_prefix(host: str) -> str:
    return host.split(":", 1)[0].split(".", 1)[0]


def payload_v1(incoming: Incoming, *, http_api: bool = False) -> dict[str, Any]:
    """The REST proxy event (payload 1.0); ``http_api``: an HTTP API's 1.0 payload (``version: "1.0"``)."""
    headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for name, value in incoming.header_pairs():
        headers[name] = value  # the last of repeated headers, as API Gateway keeps it
        multi_headers.setdefault(name, []).append(value)
    query = {name: values[-1] for name, values in incoming.query.items()} if incoming.query else None
    multi_query = {name: list(values) for name, values in incoming.query.items()} if incoming.query else None
    body, encoded = _body(incoming, incoming.binary_media_types)
    path = unquote(incoming.stageless_path())
    host = incoming.host()
    user_agent = headers.get("User-Agent", headers.get("user-agent"))
    identity: dict[str, Any] = {
        "cognitoIdentityPoolId": None, "accountId": None, "cognitoIdentityId": None, "caller": None,
        "sourceIp": incoming.source_ip, "principalOrgId": None, "accessKey": None, "cognitoAuthenticationType": None,
        "cognitoAuthenticationProvider": None, "userArn": None, "userAgent": user_agent, "user": None,
    }  # fmt: skip
    if incoming.api_key is not None:
        identity["apiKey"], identity["apiKeyId"] = incoming.api_key
    context: dict[str, Any] = {
        "resourceId": resource_id(incoming.resource),
        "resourcePath": incoming.resource,
        "httpMethod": incoming.method,
        "extendedRequestId": incoming.extended_request_id,
        "requestTime": request_time(incoming.now),
        "path": incoming.path if incoming.stage else path,  # with the stage, as received
        "accountId": incoming.account_id,
        "protocol": incoming.protocol,
        "stage": incoming.stage or "$default",
        "domainPrefix": _domain_prefix(host),
        "requestTimeEpoch": int(incoming.now * 1000),
        "requestId": incoming.request_id,
        "identity": identity,
        "domainName": host,
        "apiId": incoming.api_id,
    }
    if incoming.claims is not None:
        context["authorizer"] = {"claims": _claims(incoming.claims)}
        if incoming.scopes:
            context["authorizer"]["scopes"] = list(incoming.scopes)
    elif incoming.principal is not None or incoming.lambda_context is not None:
        context["authorizer"] = {"principalId": incoming.principal, "integrationLatency": 0, **(incoming.lambda_context or {})}
    event: dict[str, Any] = {}
    if http_api:
        event["version"] = "1.0"
    event.update({
        "resource": incoming.resource,
        "path": path,
        "httpMethod": incoming.method,
        "headers": headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": query,
        "multiValueQueryStringParameters": multi_query,
        "pathParameters": dict(incoming.path_params) or None,
        "stageVariables": dict(incoming.stage_variables) if incoming.stage_variables else None,
        "requestContext": context,
        "body": body,
        "isBase64Encoded": encoded,
    })  # fmt: skip
    return event


def payload_v2(incoming: Incoming, route_key: str) -> dict[str, Any]:
    """The HTTP API event (payload 2.0): lower-case headers joined by commas, cookies apart, absent parts left out."""
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in incoming.header_pairs():
        key = name.lower()
        if key == "cookie":
            cookies.extend(c.strip() for c in value.split(";") if c.strip())
            continue
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    host = incoming.host()
    http = {
        "method": incoming.method,
        "path": incoming.path,
        "protocol": incoming.protocol,
        "sourceIp": incoming.source_ip,
        "userAgent": headers.get("user-agent", ""),
    }
    context: dict[str, Any] = {
        "accountId": incoming.account_id,
        "apiId": incoming.api_id,
        "domainName": host,
        "domainPrefix": _domain_prefix(host),
        "http": http,
        "requestId": incoming.request_id,
        "routeKey": route_key,
        "stage": incoming.stage or "$default",
        "time": request_time(incoming.now),
        "timeEpoch": int(incoming.now * 1000),
    }
    if incoming.claims is not None:
        context["authorizer"] = {"jwt": {"claims": _claims(incoming.claims), "scopes": list(incoming.scopes) or None}}
    elif incoming.lambda_context is not None:
        context["authorizer"] = {"lambda": dict(incoming.lambda_context)}
    elif incoming.principal is not None:
        context["authorizer"] = {"lambda": {"principalId": incoming.principal}}
    event: dict[str, Any] = {"version": "2.0", "routeKey": route_key, "rawPath": incoming.path, "rawQueryString": incoming.raw_query}
    if cookies:
        event["cookies"] = cookies
    event["headers"] = headers
    if incoming.query:
        event["queryStringParameters"] = {name: ",".join(values) for name, values in incoming.query.items()}
    if incoming.path_params:
        event["pathParameters"] = dict(incoming.path_params)
    if incoming.stage_variables:
        event["stageVariables"] = dict(incoming.stage_variables)
    event["requestContext"] = context
    body, encoded = _body(incoming, (), _TEXT_TYPES)
    if body is not None:
        event["body"] = body
    event["isBase64Encoded"] = encoded
    return event
