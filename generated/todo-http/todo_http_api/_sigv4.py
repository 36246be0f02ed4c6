"""AWS Signature Version 4 for IAM-authorised operations (service ``execute-api``), without boto."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

import httpx

_REGION_IN_HOST = re.compile(r"\.execute-api\.([a-z0-9-]+)\.amazonaws\.com")


@dataclass(frozen=True)
class AwsCredentials:
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None
    region: str | None = None


def resolve_credentials(
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
    session_token: str | None = None,
    region: str | None = None,
) -> AwsCredentials | None:
    """Explicit values first, then the standard AWS environment variables."""
    key = access_key_id or os.environ.get("AWS_ACCESS_KEY_ID")
    secret = secret_access_key or os.environ.get("AWS_SECRET_ACCESS_KEY")
    if not key or not secret:
        return None
    token = (
        session_token
        if access_key_id
        else session_token or os.environ.get("AWS_SESSION_TOKEN")
    )
    region = (
        region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    )
    return AwsCredentials(key, secret, token, region)


def region_from_host(host: str) -> str | None:
    match = _REGION_IN_HOST.search(host)
    return match.group(1) if match else None


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def _encode(text: str) -> str:
    return quote(text, safe="-_.~")


def sign(
    request: httpx.Request,
    credentials: AwsCredentials,
    *,
    service: str = "execute-api",
    region: str | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Add ``Authorization``, ``X-Amz-Date`` (and ``X-Amz-Security-Token``) headers to ``request``."""
    moment = (now or datetime.datetime.now(datetime.timezone.utc)).astimezone(
        datetime.timezone.utc
    )
    amz_date = moment.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    region = (
        region
        or credentials.region
        or region_from_host(request.url.host)
        or "us-east-1"
    )

    request.headers["X-Amz-Date"] = amz_date
    if credentials.session_token:
        request.headers["X-Amz-Security-Token"] = credentials.session_token
    if "host" not in request.headers:
        request.headers["Host"] = request.url.netloc.decode("ascii")

    # Every path segment is encoded once more on top of its encoding on the wire (all services but S3).
    raw_path = request.url.raw_path.split(b"?", 1)[0].decode("ascii") or "/"
    canonical_uri = "/".join(
        _encode(_encode(unquote(segment))) for segment in raw_path.split("/")
    )
    pairs = sorted(
        (_encode(k), _encode(v)) for k, v in request.url.params.multi_items()
    )
    canonical_query = "&".join(f"{k}={v}" for k, v in pairs)
    signed = sorted(
        {"host", "x-amz-date", "content-type", "x-amz-security-token"}
        & {k.lower() for k in request.headers}
    )
    canonical_headers = "".join(
        f"{name}:{' '.join(request.headers[name].split())}\n" for name in signed
    )
    payload_hash = hashlib.sha256(
        request.content if request.content else b""
    ).hexdigest()
    canonical_request = "\n".join(
        [
            request.method,
            canonical_uri,
            canonical_query,
            canonical_headers,
            ";".join(signed),
            payload_hash,
        ]
    )
    scope = f"{day}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            amz_date,
            scope,
            hashlib.sha256(canonical_request.encode("utf-8")).hexdigest(),
        ]
    )
    key = _hmac(
        _hmac(
            _hmac(
                _hmac(("AWS4" + credentials.secret_access_key).encode("utf-8"), day),
                region,
            ),
            service,
        ),
        "aws4_request",
    )
    signature = hmac.new(
        key, string_to_sign.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    request.headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={credentials.access_key_id}/{scope}, "
        f"SignedHeaders={';'.join(signed)}, Signature={signature}"
    )
