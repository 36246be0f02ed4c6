"""What a Lambda proxy integration's result becomes: the client's response, or the error API Gateway answers with.

Payload 1.0 is strict (AWS-recorded: an unknown key, ``{}``, a non-object, a statusCode that is no number, a
multiValueHeaders value that is no list: all 502); payload 2.0 infers a 200 JSON response from anything without a
``statusCode``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from ..mock.errors import GatewayError

Headers = list[tuple[bytes, bytes]]

# REST: a function error, a function timeout and a malformed response are one answer; the integration timeout another.
REST_FUNCTION_ERROR = GatewayError("DEFAULT_5XX", 502, "Internal server error", "InternalServerErrorException")
REST_TIMEOUT = GatewayError("INTEGRATION_TIMEOUT", 504, "Endpoint request timed out")
HTTP_FUNCTION_ERROR = GatewayError("DEFAULT_5XX", 500, "Internal Server Error")
HTTP_TIMEOUT = GatewayError("INTEGRATION_TIMEOUT", 503, "Service Unavailable")  # community-reported (shared/lambda.md)

_V1_KEYS = frozenset(("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"))
_V2_KEYS = frozenset(("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies"))


class Malformed(Exception):
    """The function's result is no valid proxy response; the message says why (for the mock's console)."""


@dataclass
class Answer:
    status: int
    headers: Headers
    body: bytes


def _status(value: Any) -> int:
    if isinstance(value, bool):
        raise Malformed("statusCode is a boolean")
    if isinstance(value, int):
        status = value
    elif isinstance(value, str) and value.strip().isdigit():
        status = int(value)  # "201" is accepted (recorded on AWS)
    else:
        raise Malformed(f"statusCode {value!r} is not a number")
    if not 100 <= status <= 599:
        raise Malformed(f"statusCode {status} is not an HTTP status")
    return status


def _header(name: Any, value: Any) -> tuple[bytes, bytes]:
    if not isinstance(name, str) or not name or isinstance(value, (dict, list)) or value is None:
        raise Malformed(f"header {name!r}: {value!r} is not a header value")
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    if any(c in name + text for c in "\r\n\0") or any(c in name for c in " :"):
        raise Malformed(f"header {name!r} holds a character no header may")
    try:
        return name.lower().encode("latin-1"), text.encode("latin-1")
    except UnicodeEncodeError:
        raise Malformed(f"header {name!r} is not latin-1 text") from None


def _body(result: dict[str, Any], decode: bool) -> bytes:
    body = result.get("body")
    if body is None:
        return b""
    if not isinstance(body, str):
        raise Malformed(f"body is {type(body).__name__}, not a string")
    encoded = result.get("isBase64Encoded", False)
    if encoded and decode:
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise Malformed("isBase64Encoded, but the body is not base64") from None
    return body.encode("utf-8")


def _accepts_binary(accept: str | None, binary_types: Sequence[str]) -> bool:
    """REST decodes a base64 body only when the request's first Accept type is a binary media type."""
    if not accept or not binary_types:
        return False
    first = accept.split(",", 1)[0].split(";", 1)[0].strip().lower()
    return any(fnmatchcase(first, t.lower()) for t in binary_types)


def answer_v1(result: Any, *, accept: str | None = None, binary_types: Sequence[str] = (), http_api: bool = False) -> Answer:
    """A payload 1.0 response (REST proxy, or an HTTP API's 1.0 format)."""
    if not isinstance(result, dict) or not result:
        raise Malformed("the response is not a non-empty JSON object")
    unknown = set(result) - _V1_KEYS
    if unknown:
        raise Malformed(f"unknown key(s) {sorted(unknown)} (allowed: {sorted(_V1_KEYS)})")
    status = _status(result["statusCode"]) if "statusCode" in result else 200
    single = result.get("headers") or {}
    multi = result.get("multiValueHeaders") or {}
    if not isinstance(single, dict) or not isinstance(multi, dict):
        raise Malformed("headers and multiValueHeaders must be objects")
    headers: Headers = []
    for name, values in multi.items():
        if not isinstance(values, list):
            raise Malformed(f"multiValueHeaders {name!r} is not a list")
        headers.extend(_header(name, v) for v in values)
    listed = {str(n).lower() for n in multi}
    # A header in both keeps multiValueHeaders' values only (API Gateway's merge).
    headers.extend(_header(name, value) for name, value in single.items() if str(name).lower() not in listed)
    if not isinstance(result.get("isBase64Encoded", False), bool):
        raise Malformed("isBase64Encoded is not a boolean")
    decode = http_api or _accepts_binary(accept, binary_types)
    return Answer(status, headers, _body(result, decode))


def answer_v2(result: Any) -> Answer:
    """A payload 2.0 response: a structured one with ``statusCode``, else anything JSON as a 200 JSON body."""
    if not isinstance(result, dict) or "statusCode" not in result:
        text = result if isinstance(result, str) else json.dumps(result)
        return Answer(200, [(b"content-type", b"application/json")], text.encode("utf-8"))
    unknown = set(result) - _V2_KEYS
    if unknown:
        raise Malformed(f"unknown key(s) {sorted(unknown)}")
    status = _status(result["statusCode"])
    single = result.get("headers") or {}
    if not isinstance(single, dict):
        raise Malformed("headers must be an object")
    headers = [_header(name, value) for name, value in single.items()]
    multi = result.get("multiValueHeaders") or {}
    if not isinstance(multi, dict):
        raise Malformed("multiValueHeaders must be an object")
    for name, values in multi.items():
        if not isinstance(values, list):
            raise Malformed(f"multiValueHeaders {name!r} is not a list")
        headers.extend(_header(name, v) for v in values)
    cookies = result.get("cookies") or []
    if not isinstance(cookies, list):
        raise Malformed("cookies is not a list")
    headers.extend(_header("set-cookie", c) for c in cookies)
    if not isinstance(result.get("isBase64Encoded", False), bool):
        raise Malformed("isBase64Encoded is not a boolean")
    return Answer(status, headers, _body(result, True))
