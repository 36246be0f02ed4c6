"""When to retry, and how long to wait: API Gateway's throttling and transient failures.

- 429 "Too Many Requests" (TooManyRequestsException): API Gateway did not pass the
  request on, so it is retried whatever the method.
- 429 "Limit Exceeded" (LimitExceededException): a usage plan's quota, exhausted until
  its period ends, so it is never retried.
- 502/503/504, connection errors and timeouts: the request may have reached the
  backend, so only methods that may safely run twice (GET, HEAD, OPTIONS, PUT, DELETE)
  are retried, and POST and PATCH when they carry an idempotency key.
- Nothing is retried once its body cannot be sent again: a streamed upload that was
  read and cannot be rewound.

Waits are exponential with full jitter (AWS's advice for throttling): a random time in
[0, min(20, 2**n)] seconds before retry n, unless the server asked for a wait with
``Retry-After`` or ``retry-after-ms``. A server asking for more than a minute gets the
error raised at once instead: a caller would rather know than hang.
"""

from __future__ import annotations

import datetime
import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    QuotaExceededError,
)

if TYPE_CHECKING:
    # Imported when a call first fails: most calls never need it, and it costs ~6 ms to import.
    import tenacity

__all__ = ["RetryPolicy", "async_retrying", "retry_after", "retrying"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
TRANSIENT_STATUSES = frozenset({502, 503, 504})
# Seconds: the cap of the exponential backoff.
MAX_BACKOFF = 20.0
# Seconds: a longer wait asked for by the server is not slept.
MAX_RETRY_AFTER = 60.0


def retry_after(headers: httpx.Headers, now: float) -> float | None:
    """Seconds the server asked to wait: ``retry-after-ms``, or ``Retry-After`` as
    seconds or as an HTTP date."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000.0)
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
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # an HTTP date is GMT even when it says "-0000"
        when = when.replace(tzinfo=datetime.timezone.utc)
    return max(0.0, when.timestamp() - now)


@dataclass
class RetryPolicy:
    max_retries: int = 3
    rng: random.Random = field(default_factory=random.Random)
    # Wall-clock seconds, to turn an HTTP date into a wait.
    clock: Callable[[], float] = time.time
    # The request carries an idempotency key: the server runs it once however often it
    # comes, so POST and PATCH are retried like the idempotent methods.
    keyed: bool = False
    # False once the body cannot be sent again (a stream read that cannot be rewound).
    resendable: Callable[[], bool] | None = None

    def asked_wait(self, error: BaseException | None) -> float | None:
        if isinstance(error, APIStatusError):
            return retry_after(error.headers, self.clock())
        return None

    def should_retry(self, error: BaseException, method: str) -> bool:
        if not isinstance(error, APIError):
            return False
        if self.resendable is not None and not self.resendable():
            return False
        idempotent = self.keyed or method.upper() in IDEMPOTENT_METHODS
        if isinstance(error, APIStatusError):
            if isinstance(error, QuotaExceededError):
                return False
            asked = self.asked_wait(error)
            if asked is not None and asked > MAX_RETRY_AFTER:
                return False
            if error.status_code == 429:
                return True
            return error.status_code in TRANSIENT_STATUSES and idempotent
        return isinstance(error, APIConnectionError) and idempotent

    def wait(self, error: BaseException | None, retry_number: int) -> float:
        """Seconds to sleep before retry ``retry_number`` (1 for the first retry)."""
        asked = self.asked_wait(error)
        if asked is not None:
            return asked
        return self.rng.uniform(0.0, min(MAX_BACKOFF, 2.0**retry_number))


def _wait(policy: RetryPolicy) -> Callable[[tenacity.RetryCallState], float]:
    def wait(state: tenacity.RetryCallState) -> float:
        # tenacity counts attempts from 1: after the first one fails, this is retry 1.
        error = state.outcome.exception() if state.outcome is not None else None
        return policy.wait(error, state.attempt_number)

    return wait


def _retry(policy: RetryPolicy, method: str) -> tenacity.retry_if_exception:
    import tenacity

    return tenacity.retry_if_exception(lambda exc: policy.should_retry(exc, method))


def _stop(policy: RetryPolicy) -> tenacity.stop_after_attempt:
    import tenacity

    return tenacity.stop_after_attempt(max(0, policy.max_retries) + 1)


def retrying(
    policy: RetryPolicy, method: str, sleep: Callable[[float], None]
) -> tenacity.Retrying:
    import tenacity

    # reraise: the last error itself is raised, not tenacity's RetryError wrapping it.
    return tenacity.Retrying(
        stop=_stop(policy),
        retry=_retry(policy, method),
        wait=_wait(policy),
        sleep=sleep,
        reraise=True,
    )


def async_retrying(
    policy: RetryPolicy, method: str, sleep: Callable[[float], Awaitable[None]]
) -> tenacity.AsyncRetrying:
    import tenacity

    return tenacity.AsyncRetrying(
        stop=_stop(policy),
        retry=_retry(policy, method),
        wait=_wait(policy),
        sleep=sleep,
        reraise=True,
    )
