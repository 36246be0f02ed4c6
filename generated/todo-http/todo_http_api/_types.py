"""Small shared types of the client runtime."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping
from typing import IO, Final, Union

__all__ = [
    "NOT_GIVEN",
    "UNSET",
    "AsyncToken",
    "BinaryContent",
    "Body",
    "FileContent",
    "Headers",
    "NotGiven",
    "Query",
    "Token",
    "Unset",
]


class Unset:
    """The type of ``UNSET``: a value not given, as opposed to ``None`` (JSON null)."""

    _instance: Unset | None = None

    def __new__(cls) -> Unset:
        # One instance only, so that ``value is UNSET`` holds everywhere, copies too.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __copy__(self) -> Unset:
        return self

    def __deepcopy__(self, memo: object) -> Unset:
        return self

    def __reduce__(self) -> str:
        # Unpickling looks UNSET up by name instead of making a second instance.
        return "UNSET"


UNSET: Final = Unset()

# The instance attribute marking a model that was built field by field from a body that did
# not fit its types (what did not fit is kept as it came): its to_dict() cannot trust them.
LENIENT: Final = "_sdkgen_lenient"

# Stainless's names for the same sentinel, as the per-call ``timeout`` uses it: None there
# means "no timeout", NOT_GIVEN "the client's".
NotGiven = Unset
NOT_GIVEN: Final = UNSET

# Per-call and client-wide additions to a request (``extra_headers``, ``default_query``...).
Headers = Mapping[str, str]
Query = Mapping[str, object]
Body = object

# An upload's content: bytes, a path (opened when sent, closed after) or a binary file open
# for reading (read in chunks, never whole).
BinaryContent = Union[bytes, os.PathLike[str], IO[bytes]]

# A file in a multipart body: its content, (filename, content) or (filename, content, type).
FileContent = Union[
    BinaryContent,
    tuple[str, BinaryContent],
    tuple[str, BinaryContent, Union[str, None]],
]

# A bearer token, or a callable returning a fresh one; the async client also takes a
# coroutine function.
Token = Union[str, Callable[[], str]]
AsyncToken = Union[str, Callable[[], str], Callable[[], Awaitable[str]]]
