"""The errors a client raises, carrying what API Gateway tells about them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "QuotaExceededError",
    "RateLimitError",
    "UnprocessableEntityError",
    "make_status_error",
]

# A longer text body is not used as the message: it is an HTML page or a stack trace.
_MAX_TEXT_MESSAGE = 200

ErrorModels = Mapping[str, Callable[[Any], Any]]


def header(response: httpx.Response, name: str) -> str | None:
    value: str | None = response.headers.get(name)
    return value


def request_id_of(response: httpx.Response) -> str | None:
    # REST APIs send x-amzn-RequestId, HTTP APIs apigw-requestid; either one finds
    # the call in API Gateway's logs.
    return header(response, "x-amzn-RequestId") or header(response, "apigw-requestid")


def error_type_of(response: httpx.Response) -> str | None:
    """API Gateway's ``x-amzn-ErrorType``, without what it may append after a colon."""
    # e.g. "UnauthorizedException:http://internal.amazon.com/coral/com.amazon.coral/"
    value = header(response, "x-amzn-ErrorType") or ""
    return value.split(":", 1)[0].strip() or None


class APIError(Exception):
    """Base of every error the client raises."""

    def __init__(self, message: str, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """The API could not be reached, or the connection failed before an answer."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIResponseValidationError(APIError):
    """A successful (2xx) response whose body is not what the definition documents:
    not JSON, not decodable, or, with ``strict_response_validation=True``, not of the
    documented shape (``path`` then names the first place that is wrong, as
    ``$.items[0].createdAt``)."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message, getattr(response, "_request", None))
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.path = path
        self.request_id = request_id_of(response)

    def __str__(self) -> str:
        text = f"{self.status_code} response: {self.message}"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text


class APIStatusError(APIError):
    """The API answered with a status outside 2xx."""

    def __init__(
        self, message: str, *, response: httpx.Response, body: Any, model: Any = None
    ) -> None:
        super().__init__(message, response.request)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.model = model
        self.request_id = request_id_of(response)
        self.error_type = error_type_of(response)

    def __str__(self) -> str:
        text = f"{self.status_code} {self.message}"
        if self.error_type:
            text += f" [{self.error_type}]"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text


class BadRequestError(APIStatusError):
    """400: the request failed API Gateway's validation or the backend's."""


class AuthenticationError(APIStatusError):
    """401: no credentials, or invalid or expired ones."""


class PermissionDeniedError(APIStatusError):
    """403: a missing or wrong API key, a denying authorizer or IAM policy, or (on
    REST APIs) a route that does not exist."""


class NotFoundError(APIStatusError):
    """404"""


class ConflictError(APIStatusError):
    """409"""


class UnprocessableEntityError(APIStatusError):
    """422"""


class RateLimitError(APIStatusError):
    """429: throttled. The client retries it with backoff before raising it."""


class QuotaExceededError(RateLimitError):
    """429 "Limit Exceeded": a usage plan's quota is used up. Retrying does not help
    before the quota period ends, so it is raised at once."""


class InternalServerError(APIStatusError):
    """5xx"""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def decode_body(response: httpx.Response) -> Any:
    """The body as JSON when it parses, else as text; None when empty."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return None  # its body could not be decoded (a broken gzip stream)
    if not content:
        return None
    try:
        return response.json()
    except (
        ValueError,
        RecursionError,
    ):  # JSONDecodeError and UnicodeDecodeError both are
        return response.text


def gateway_message(body: Any) -> str | None:
    # API Gateway writes {"message": ...}, but {"Message": ...} for explicit denies.
    if isinstance(body, Mapping):
        for key in ("message", "Message"):
            found = body.get(key)
            if isinstance(found, str):
                return found
    return None


def is_quota_error(response: httpx.Response, body: Any) -> bool:
    """A 429 from an exhausted usage-plan quota, as opposed to throttling."""
    if response.status_code != 429:
        return False
    if error_type_of(response) == "LimitExceededException":
        return True
    return gateway_message(body) == "Limit Exceeded"


def _message(response: httpx.Response, body: Any) -> str:
    found = gateway_message(body)
    if found is not None:
        return found
    text = body.strip() if isinstance(body, str) else ""
    if text and len(text) <= _MAX_TEXT_MESSAGE:
        return text
    return response.reason_phrase or f"HTTP {response.status_code}"


def _error_model(status: int, body: Any, error_models: ErrorModels) -> Any:
    code = str(status)
    for key in (code, f"{code[0]}XX", f"{code[0]}xx", "default"):
        parse = error_models.get(key)
        if parse is not None:
            break
    else:
        return None
    if not isinstance(body, (Mapping, list)):
        return None
    try:
        return parse(body)
    except Exception:
        # A body API Gateway wrote itself (a throttle, a denied key) need not fit the
        # model the definition documents; the error is still raised, without a model.
        return None


def make_status_error(
    response: httpx.Response, error_models: ErrorModels
) -> APIStatusError:
    """The typed error for a non-2xx response, its body parsed into the documented
    error model when it fits."""
    body = decode_body(response)
    status = response.status_code
    cls: type[APIStatusError]
    if is_quota_error(response, body):
        cls = QuotaExceededError
    elif status >= 500:
        cls = InternalServerError
    else:
        cls = _BY_STATUS.get(status, APIStatusError)
    model = _error_model(status, body, error_models)
    return cls(_message(response, body), response=response, body=body, model=model)
