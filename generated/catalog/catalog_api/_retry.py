"""When to retry, and how long to wait: API Gateway's throttling and transient failures.

429 "Too Many Requests" means API Gateway did not pass the request on, so every method is retried.
502/503/504, connection errors and timeouts may have reached the backend, so only idempotent
methods are retried. A quota error (429 "Limit Exceeded") is never retried.
"""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass, field

import httpx

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    QuotaExceededError,
)

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
TRANSIENT_STATUSES = frozenset({502, 503, 504})
MAX_BACKOFF = 20.0  # seconds: the cap of the exponential backoff
MAX_RETRY_AFTER = 60.0  # a server asking for a longer wait gets the error instead


def retry_after(headers: httpx.Headers) -> float | None:
    """Seconds the server asked to wait (``retry-after-ms``, ``Retry-After`` seconds or HTTP date)."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass
class RetryPolicy:
    max_retries: int = 3
    random: random.Random = field(default_factory=random.Random)

    def should_retry(self, error: BaseException, method: str) -> bool:
        if not isinstance(error, APIError):
            return False
        if isinstance(error, APIStatusError):
            if isinstance(error, QuotaExceededError):
                return False
            wait = retry_after(error.headers)
            if wait is not None and wait > MAX_RETRY_AFTER:
                return False
            if error.status_code == 429:
                return True
            return error.status_code in TRANSIENT_STATUSES and method in IDEMPOTENT
        return isinstance(error, APIConnectionError) and method in IDEMPOTENT

    def wait(self, error: BaseException | None, attempt: int) -> float:
        """Seconds before retry number ``attempt`` (1-based): Retry-After, else full jitter."""
        if isinstance(error, APIStatusError):
            asked = retry_after(error.headers)
            if asked is not None:
                return asked
        return self.random.uniform(0.0, min(MAX_BACKOFF, 2.0**attempt))
