"""Small shared types of the client runtime."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final, Union

__all__ = ["UNSET", "AsyncToken", "FileContent", "Token", "Unset"]


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

# A file in a multipart body: its bytes, (filename, bytes) or (filename, bytes, type).
FileContent = Union[bytes, tuple[str, bytes], tuple[str, bytes, str]]

# A bearer token, or a callable returning a fresh one; the async client also takes a
# coroutine function.
Token = Union[str, Callable[[], str]]
AsyncToken = Union[str, Callable[[], str], Callable[[], Awaitable[str]]]
