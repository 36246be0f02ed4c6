"""AWS Signature Version 4 for IAM-authorised operations (service ``execute-api``).

The steps and names follow AWS's "Create a signed AWS API request" guide: canonical
request, string to sign, derived signing key, Authorization header. No boto needed.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

import httpx

__all__ = ["AwsCredentials", "credentials_from", "region_from_host", "sign"]

_ALGORITHM = "AWS4-HMAC-SHA256"
_REGION_IN_HOST = re.compile(r"\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$")
_FIELDS = ("access_key_id", "secret_access_key", "session_token", "region")

Given = tuple[Any, Any, Any, Any]


@dataclass(frozen=True)
class AwsCredentials:
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None
    # Given explicitly; otherwise decided per request (see ``sign``).
    region: str | None = None

    def __repr__(self) -> str:
        # Keeps the secret and the session token out of logs and tracebacks.
        key, region = self.access_key_id, self.region
        return f"AwsCredentials(access_key_id={key!r}, region={region!r})"


def _given(value: Any) -> Given:
    if value is None:
        return None, None, None, None
    if isinstance(value, AwsCredentials):
        v = value
        return v.access_key_id, v.secret_access_key, v.session_token, v.region
    if isinstance(value, Mapping):
        # Both "region" and the client's keyword spelling "aws_region" are understood.
        found = [value.get(name, value.get("aws_" + name)) for name in _FIELDS]
        return found[0], found[1], found[2], found[3]
    if isinstance(value, (tuple, list)) and 2 <= len(value) <= 4:
        padded = [*value, None, None][:4]
        return padded[0], padded[1], padded[2], padded[3]
    raise TypeError(
        "AWS credentials are (access key id, secret, [session token], [region]),"
        " a mapping with those names, or AwsCredentials"
    )


def _text(value: Any) -> str | None:
    return str(value) if value else None


def credentials_from(value: Any = None) -> AwsCredentials | None:
    """Credentials given as a tuple or mapping, else from the standard AWS
    environment variables; None when there are none.

    A key given without its secret is an error rather than a silent fall back to the
    environment, which could sign as another identity.
    """
    key, secret, token, region = _given(value)
    if key or secret:
        if not (key and secret):
            raise ValueError("an AWS access key id needs its secret access key")
        return AwsCredentials(str(key), str(secret), _text(token), _text(region))
    env_key = os.environ.get("AWS_ACCESS_KEY_ID")
    env_secret = os.environ.get("AWS_SECRET_ACCESS_KEY")
    if not env_key or not env_secret:
        return None
    # A session token belongs with the key it was issued for: both from one place.
    env_token = os.environ.get("AWS_SESSION_TOKEN")
    return AwsCredentials(env_key, env_secret, _text(env_token), _text(region))


def region_from_host(host: str) -> str | None:
    """``us-east-1`` for ``abc123.execute-api.us-east-1.amazonaws.com``; None for a
    custom domain."""
    match = _REGION_IN_HOST.search(host.lower())
    return match.group(1) if match else None


def _region(request: httpx.Request, credentials: AwsCredentials) -> str:
    # An execute-api host names the one region that can verify the signature, so it
    # comes before the environment's default region, which may be another one.
    return (
        credentials.region
        or region_from_host(request.url.host)
        or os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
        or "us-east-1"
    )


def _uri_encode(text: str) -> str:
    # RFC 3986 unreserved characters stay as they are; everything else becomes %XX.
    return quote(text, safe="-_.~")


def canonical_uri(raw_path: str) -> str:
    """Each path segment decoded from the wire, then encoded twice: every service but
    S3 expects the double encoding."""
    if not raw_path:
        return "/"
    segments = (unquote(segment) for segment in raw_path.split("/"))
    return "/".join(_uri_encode(_uri_encode(segment)) for segment in segments)


def canonical_query(raw_query: str) -> str:
    pairs = []
    for part in raw_query.split("&"):
        if part:
            name, _, value = part.partition("=")
            # The runtime never writes "+" for a space, so a "+" is a literal plus.
            pairs.append((_uri_encode(unquote(name)), _uri_encode(unquote(value))))
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def signed_header_names(headers: httpx.Headers) -> list[str]:
    # Host, the body's type and AWS's own headers are signed. Headers that an HTTP
    # stack or proxy may rewrite on the way (User-Agent, Accept-Encoding, Connection,
    # Content-Length) are not, so that they cannot break the signature.
    names = {name.lower() for name in headers}
    wanted = ("host", "content-type")
    return sorted(n for n in names if n in wanted or n.startswith("x-amz-"))


def _canonical_headers(headers: httpx.Headers, names: list[str]) -> str:
    lines = []
    for name in names:
        values = [" ".join(value.split()) for value in headers.get_list(name)]
        lines.append(f"{name}:{','.join(values)}\n")
    return "".join(lines)


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signing_key(secret: str, day: str, region: str, service: str) -> bytes:
    key = _hmac(("AWS4" + secret).encode(), day)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    return key


def canonical_request(request: httpx.Request, names: list[str], body: bytes) -> str:
    raw_path, _, raw_query = request.url.raw_path.decode("ascii").partition("?")
    return "\n".join(
        [
            request.method.upper(),
            canonical_uri(raw_path),
            canonical_query(raw_query),
            _canonical_headers(request.headers, names),
            ";".join(names),
            hashlib.sha256(body).hexdigest(),
        ]
    )


def sign(
    request: httpx.Request,
    credentials: AwsCredentials,
    *,
    service: str = "execute-api",
    region: str | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Add ``X-Amz-Date``, ``X-Amz-Security-Token`` (temporary credentials only) and
    ``Authorization`` to ``request``.

    Sign right before sending: AWS refuses signatures more than five minutes old.
    """
    moment = now or datetime.datetime.now(datetime.timezone.utc)
    amz_date = moment.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    region = region or _region(request, credentials)
    scope = f"{day}/{region}/{service}/aws4_request"

    # A request signed again (a retry) must not keep its previous signature.
    for stale in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token"):
        request.headers.pop(stale, None)
    request.headers["X-Amz-Date"] = amz_date
    if credentials.session_token:
        request.headers["X-Amz-Security-Token"] = credentials.session_token

    names = signed_header_names(request.headers)
    # read(): a multipart body is a stream until read, and the hash needs its bytes.
    creq = canonical_request(request, names, request.read())
    creq_hash = hashlib.sha256(creq.encode()).hexdigest()
    string_to_sign = "\n".join([_ALGORITHM, amz_date, scope, creq_hash])
    key = signing_key(credentials.secret_access_key, day, region, service)
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    request.headers["Authorization"] = (
        f"{_ALGORITHM} Credential={credentials.access_key_id}/{scope}, "
        f"SignedHeaders={';'.join(names)}, Signature={signature}"
    )
