"""Logging of requests, responses and retries, with credentials redacted.

The logger is named after the package (``logging.getLogger("<package>")``); setting
``<PACKAGE>_LOG=info`` (each request's method, URL and status, each retry and its delay) or
``=debug`` (their headers too) turns it on without code, writing to stderr. Bodies are never
logged. API keys, tokens, cookies and SigV4 signatures are replaced by ``[redacted]``: the
usual names, and whatever header or query parameter the request's own credentials went in.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection, Iterable

import httpx

__all__ = ["log_response", "log_retry", "logger", "secret_names"]

# logging is imported by httpx already: this costs nothing on import.
logger = logging.getLogger(__name__.rpartition(".")[0] or __name__)

REDACTED = "[redacted]"
# Credentials whatever the API: never written out.
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "x-api-key",
        "cookie",
        "set-cookie",
        "x-amz-security-token",
    }
)
SECRET_QUERY = frozenset(
    {
        "x-amz-signature",
        "x-amz-credential",
        "x-amz-security-token",
        "api_key",
        "apikey",
        "access_token",
        "id_token",
        "token",
    }
)


def _configure_from_environment() -> None:
    level = os.environ.get(f"{logger.name.upper()}_LOG", "").strip().lower()
    if level not in ("info", "debug"):
        return
    logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s")
        )
        logger.addHandler(handler)


_configure_from_environment()


def secret_names(
    headers: Iterable[str], query: Iterable[tuple[str, object]]
) -> tuple[frozenset[str], frozenset[str]]:
    """The header and query names to redact for a request whose credentials went in
    ``headers`` and ``query`` (a Lambda authorizer's own header, an API key in the query).
    """
    return (
        SECRET_HEADERS | {name.lower() for name in headers},
        SECRET_QUERY | {name.lower() for name, _ in query},
    )


def _url(url: httpx.URL, secret_query: Collection[str]) -> str:
    if not url.query:
        return str(url)
    params = [
        (name, REDACTED if name.lower() in secret_query else value)
        for name, value in url.params.multi_items()
    ]
    return str(url.copy_with(params=params))


def _headers(headers: httpx.Headers, secret: Collection[str]) -> dict[str, str]:
    return {
        name: REDACTED if name.lower() in secret else value
        for name, value in headers.items()
    }


def log_response(
    request: httpx.Request,
    response: httpx.Response | None,
    secrets: tuple[frozenset[str], frozenset[str]],
    error: BaseException | None = None,
) -> None:
    """One line per exchange (info); the headers both ways (debug). Called only when the
    logger is enabled for info."""
    secret_headers, secret_query = secrets
    url = _url(request.url, secret_query)
    if response is None:
        logger.info("%s %s failed: %s", request.method, url, type(error).__name__)
    else:
        logger.info(
            '%s %s "%s %d %s"',
            request.method,
            url,
            response.http_version,
            response.status_code,
            response.reason_phrase,
        )
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("request headers: %s", _headers(request.headers, secret_headers))
        if response is not None:
            logger.debug(
                "response headers: %s", _headers(response.headers, secret_headers)
            )


def log_retry(method: str, path: str, retry: int, seconds: float) -> None:
    """A retry about to wait (``path`` is the operation's template: no parameter values)."""
    logger.info("retry %d of %s %s in %.3f s", retry, method, path, seconds)
