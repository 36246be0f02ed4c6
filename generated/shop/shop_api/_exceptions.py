"""The errors a client raises, with what API Gateway tells about them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

__all__ = [
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "QuotaExceededError",
    "InternalServerError",
    "make_status_error",
]


class APIError(Exception):
    """Base of every error the client raises."""

    def __init__(self, message: str, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """The API could not be reached, or the connection failed."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


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
        self.request_id: str | None = response.headers.get(
            "x-amzn-RequestId"
        ) or response.headers.get("apigw-requestid")
        error_type = response.headers.get("x-amzn-ErrorType")
        # API Gateway may append details after a colon: "UnauthorizedException:http://..."
        self.error_type: str | None = (
            error_type.split(":", 1)[0] if error_type else None
        )

    def __str__(self) -> str:
        return f"{self.status_code} {self.message}" + (
            f" (request id {self.request_id})" if self.request_id else ""
        )


class BadRequestError(APIStatusError):
    """400"""


class AuthenticationError(APIStatusError):
    """401: no credentials, or invalid or expired ones."""


class PermissionDeniedError(APIStatusError):
    """403: a missing or wrong API key, a denying authorizer, or an unknown route on API Gateway."""


class NotFoundError(APIStatusError):
    """404"""


class ConflictError(APIStatusError):
    """409"""


class UnprocessableEntityError(APIStatusError):
    """422"""


class RateLimitError(APIStatusError):
    """429: throttled (retried with backoff before this is raised)."""


class QuotaExceededError(RateLimitError):
    """429 "Limit Exceeded": a usage plan's quota is used up; retrying does not help."""


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
    try:
        return response.json()
    except ValueError:
        return response.text


def is_quota_error(response: httpx.Response, body: Any = None) -> bool:
    if response.status_code != 429:
        return False
    if (response.headers.get("x-amzn-ErrorType") or "").startswith(
        "LimitExceededException"
    ):
        return True
    return isinstance(body, Mapping) and body.get("message") == "Limit Exceeded"


def make_status_error(
    response: httpx.Response, error_models: Mapping[str, Callable[[Any], Any]]
) -> APIStatusError:
    """The typed error for a non-2xx response, with its body parsed into the documented model."""
    body = decode_body(response)
    message: str | None = None
    if isinstance(body, Mapping):
        found = body.get("message", body.get("Message"))
        message = str(found) if found is not None else None
    if message is None:
        message = (
            body if isinstance(body, str) and body and len(body) < 500 else None
        ) or response.reason_phrase
    status = response.status_code
    if is_quota_error(response, body):
        cls: type[APIStatusError] = QuotaExceededError
    elif status >= 500:
        cls = InternalServerError
    else:
        cls = _BY_STATUS.get(status, APIStatusError)
    model = None
    parse = (
        error_models.get(str(status))
        or error_models.get(f"{str(status)[0]}XX")
        or error_models.get("default")
    )
    if parse is not None and isinstance(body, (Mapping, list)):
        try:
            model = parse(body)
        except (KeyError, TypeError, ValueError):
            model = None  # a gateway error body, not the documented error model
    return cls(message, response=response, body=body, model=model)
