"""Per-call and client-wide additions to a request: ``extra_headers``, ``extra_query``,
``extra_body``, ``default_headers``, ``default_query``, and idempotency keys.

What wins where two name the same thing: client defaults < the operation's own
parameters < credentials < the call's extras. Header names are compared without case,
so that an extra ``x-api-key`` replaces the ``X-Api-Key`` sent otherwise rather than
going out beside it. An extra can replace a header, never remove one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from ._serialize import is_absent
from ._types import Unset

__all__ = [
    "SAFE_METHODS",
    "merge_body",
    "merge_headers",
    "merge_query",
    "new_idempotency_key",
]

# Methods that change nothing: they get no idempotency key of their own.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def merge_headers(headers: dict[str, str], extra: Mapping[str, str]) -> None:
    """``extra`` into ``headers`` in place, replacing any header of the same name
    whatever its case."""
    lower = {name.lower(): name for name in headers}
    for name, value in extra.items():
        if not isinstance(value, str):
            raise TypeError(
                f"the value of header {name!r} must be a str, not {type(value).__name__}"
            )
        old = lower.get(name.lower())
        if old is not None and old != name:
            del headers[old]
        headers[name] = value
        lower[name.lower()] = name


def merge_query(
    defaults: Mapping[str, object],
    query: Sequence[tuple[str, Any]],
    extra: Mapping[str, object] | None,
) -> list[tuple[str, Any]]:
    """The client's default query, the operation's parameters, then the call's extras;
    each replaces every value of a name the one before had (a None extra removes it)."""
    items = list(query)
    if defaults:
        given = {name for name, value in items if not is_absent(value)}
        items = [(k, v) for k, v in defaults.items() if k not in given] + items
    if extra:
        items = [(k, v) for k, v in items if k not in extra] + list(extra.items())
    return items


def merge_body(body: Any, extra: object, what: str) -> Any:
    """A form, multipart or JSON object body with ``extra_body``'s fields added (they
    win); any other body cannot take fields, which is a ValueError before sending."""
    if not isinstance(extra, Mapping):
        raise ValueError(
            f"extra_body must be a mapping of fields to add to this operation's {what} "
            f"body, not a {type(extra).__name__}"
        )
    if not isinstance(body, Mapping):
        raise ValueError(
            f"extra_body cannot be merged into this operation's body, a "
            f"{type(body).__name__} rather than an object"
        )
    return {**body, **{str(k): v for k, v in extra.items() if not isinstance(v, Unset)}}


def new_idempotency_key() -> str:
    """A random (version 4) UUID, made without importing ``uuid`` (which imports
    ``platform``, a few ms)."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
