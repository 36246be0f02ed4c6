"""AWS Signature Version 4, verified as API Gateway verifies it for IAM-authorised methods (service ``execute-api``).

Without configured credentials the mock only checks that ``Authorization`` is a complete SigV4 header
(it has no secret to verify with). With ``iam:`` credentials it recomputes the signature: canonical
request, string to sign, derived key, as in AWS's "Create a signed AWS API request" guide, and answers
API Gateway's 403s. Messages follow the wording AWS sends; ``apigateway.md`` does not list them, so
they are as observed from AWS, not from its documentation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import quote, unquote

from .config import IamCredential
from .errors import GatewayError, incomplete_signature

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "execute-api"
MAX_SKEW = timedelta(minutes=5)
_SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key "
    "and signing method. Consult the service documentation for details."
)


def credential_fingerprint(value: str) -> str:
    """What the request log shows of a credential (a Lambda authorizer's token): enough to tell two apart, not to
    use one. The log is served by /__sdkgen/requests, so it never holds a credential itself."""
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def invalid_signature(message: str) -> GatewayError:
    """A complete signature that does not verify (wrong key, scope, time or content)."""
    return GatewayError("INVALID_SIGNATURE", 403, message, "InvalidSignatureException")


# An unknown access key, or a session token that does not belong to it.
UNRECOGNIZED_CLIENT = GatewayError("UNAUTHORIZED", 403, "The security token included in the request is invalid.", "UnrecognizedClientException")


@dataclass(frozen=True)
class SignedRequest:
    """What a signature covers, as it arrived."""

    method: str
    raw_path: str  # percent-encoded, with the stage prefix, without the query
    raw_query: str
    headers: Sequence[tuple[bytes, bytes]]  # as received (names in any case, repeats kept)
    body: bytes


def parse_authorization(authorization: str, headers: Mapping[str, str]) -> tuple[GatewayError | None, dict[str, str]]:
    """(why ``authorization`` is not a complete SigV4 header, or None; its ``key=value`` pairs), as API Gateway words it.

    API Gateway takes the first word as the algorithm and the rest as comma-separated ``key=value``
    pairs; it needs ``Credential``, ``Signature`` and ``SignedHeaders`` and an ``X-Amz-Date`` or
    ``Date`` header.
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
            return incomplete_signature(
                f"Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '{digest}'."
            ), pairs
        pairs[key.strip()] = value.strip()
    missing = [f"Authorization header requires '{name}' parameter." for name in ("Credential", "Signature", "SignedHeaders")
               if not pairs.get(name)]  # fmt: skip
    if "x-amz-date" not in headers and "date" not in headers:
        missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
    if missing:
        return incomplete_signature(" ".join(missing) + f" Authorization={authorization}"), pairs
    if algorithm != ALGORITHM:
        return incomplete_signature(f"Unsupported AWS 'algorithm': '{algorithm}'"), pairs  # wording not confirmed against AWS
    return None, pairs


def _uri_encode(text: str) -> str:
    # RFC 3986 unreserved characters stay; everything else becomes %XX (upper-case hex).
    return quote(text, safe="-_.~")


def canonical_uri(raw_path: str) -> str:
    """Each segment decoded from the wire, then encoded twice (every service but S3 double-encodes)."""
    if not raw_path:
        return "/"
    return "/".join(_uri_encode(_uri_encode(unquote(segment))) for segment in raw_path.split("/"))


def canonical_query(raw_query: str) -> str:
    pairs = []
    for part in raw_query.split("&"):
        if part:
            name, _, value = part.partition("=")
            pairs.append((_uri_encode(unquote(name)), _uri_encode(unquote(value))))
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def canonical_headers(headers: Sequence[tuple[bytes, bytes]], names: Sequence[str]) -> str:
    values: dict[str, list[str]] = {name: [] for name in names}
    for raw_name, raw_value in headers:
        name = raw_name.decode("latin-1").lower()
        if name in values:
            # Repeated headers join with commas; runs of spaces collapse to one.
            values[name].append(" ".join(raw_value.decode("latin-1").split()))
    return "".join(f"{name}:{','.join(values[name])}\n" for name in names)


def canonical_request(request: SignedRequest, names: Sequence[str]) -> str:
    return "\n".join(
        [
            request.method.upper(),
            canonical_uri(request.raw_path),
            canonical_query(request.raw_query),
            canonical_headers(request.headers, names),
            ";".join(names),
            hashlib.sha256(request.body).hexdigest(),
        ]
    )


def signing_key(secret: str, day: str, region: str, service: str) -> bytes:
    key = hmac.new(("AWS4" + secret).encode(), day.encode(), hashlib.sha256).digest()
    for part in (region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def string_to_sign(amz_date: str, scope: str, creq: str) -> str:
    return "\n".join([ALGORITHM, amz_date, scope, hashlib.sha256(creq.encode()).hexdigest()])


def signature(secret: str, amz_date: str, region: str, service: str, creq: str) -> str:
    scope = f"{amz_date[:8]}/{region}/{service}/aws4_request"
    key = signing_key(secret, amz_date[:8], region, service)
    return hmac.new(key, string_to_sign(amz_date, scope, creq).encode(), hashlib.sha256).hexdigest()


def _request_time(headers: Mapping[str, str]) -> tuple[datetime, str] | GatewayError:
    """The signing time and its ISO-8601 basic form, from ``X-Amz-Date`` (preferred) or ``Date``."""
    raw = headers.get("x-amz-date")
    if raw is not None:
        try:
            moment = datetime.strptime(raw.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
        except ValueError:
            return incomplete_signature(
                f"Date must be in ISO-8601 'basic format'. Got '{raw}'. See http://en.wikipedia.org/wiki/ISO_8601"
            )
        return moment, raw.strip()
    raw = headers.get("date", "")
    try:
        moment = parsedate_to_datetime(raw).astimezone(timezone.utc)
    except (TypeError, ValueError, IndexError):
        return incomplete_signature(f"Date must be in ISO-8601 'basic format'. Got '{raw}'. See http://en.wikipedia.org/wiki/ISO_8601")
    return moment, moment.strftime("%Y%m%dT%H%M%SZ")


def _basic(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def verify(
    authorization: str,
    headers: Mapping[str, str],
    request: SignedRequest,
    credentials: Mapping[str, IamCredential],
    now: datetime,
) -> tuple[GatewayError | None, str | None]:
    """(the 403 API Gateway would answer, or None; the access key id that signed) for a signed request.

    Checks, in order: form, credential scope, access key, time (five minutes either way), session
    token, then the signature itself over method, path, query, the signed headers and the body.
    """
    problem, pairs = parse_authorization(authorization, headers)
    if problem is not None:
        return problem, None
    names = [n.strip().lower() for n in pairs["SignedHeaders"].split(";") if n.strip()]
    if "host" not in names:
        return incomplete_signature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."), None
    parts = pairs["Credential"].split("/")
    if len(parts) != 5:
        return incomplete_signature(f"Credential should be scoped to a valid region, not '{parts[2] if len(parts) > 2 else ''}'. "), None
    key_id, day, region, service, terminator = parts
    if terminator != "aws4_request":
        return invalid_signature(f"Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'. "), None
    if service != SERVICE:
        return invalid_signature(f"Credential should be scoped to correct service: '{SERVICE}'. "), None
    credential = credentials.get(key_id)
    if credential is None:
        return UNRECOGNIZED_CLIENT, None
    if credential.region is not None and region != credential.region:
        return invalid_signature(f"Credential should be scoped to a valid region, not '{region}'. "), None
    when = _request_time(headers)
    if isinstance(when, GatewayError):
        return when, None
    moment, amz_date = when
    if day != amz_date[:8]:
        return invalid_signature(
            f"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{day}' != '{amz_date[:8]}', from '{amz_date}'."
        ), None
    now = now.astimezone(timezone.utc)
    if moment < now - MAX_SKEW:
        return invalid_signature(f"Signature expired: {amz_date} is now earlier than {_basic(now - MAX_SKEW)} ({_basic(now)} - 5 min.)"), None
    if moment > now + MAX_SKEW:
        return invalid_signature(
            f"Signature not yet current: {amz_date} is still later than {_basic(now + MAX_SKEW)} ({_basic(now)} + 5 min.)"
        ), None
    if headers.get("x-amz-security-token") != credential.session_token:
        return UNRECOGNIZED_CLIENT, None
    creq = canonical_request(request, names)
    expected = signature(credential.secret_access_key, amz_date, region, service, creq)
    # As bytes: compare_digest refuses str with non-ASCII characters, and a header may carry any (latin-1) text.
    if not hmac.compare_digest(expected.encode(), pairs["Signature"].lower().encode("utf-8", "surrogateescape")):
        # API Gateway shows what it signed, which is what makes a mismatch debuggable.
        sts = string_to_sign(amz_date, f"{day}/{region}/{service}/aws4_request", creq)
        return invalid_signature(
            f"{_SIGNATURE_MISMATCH}\n\nThe Canonical String for this request should have been\n'{creq}'\n\n"
            f"The String-to-Sign should have been\n'{sts}'\n"
        ), None
    return None, key_id
