"""Small shared types of the client runtime."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final, Union


class Unset:
    """The type of ``UNSET``: a value that was not given, as distinct from ``None`` (JSON null)."""

    _instance: Unset | None = None

    def __new__(cls) -> Unset:
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


UNSET: Final = Unset()

# A file for multipart bodies: its bytes, or (filename, bytes), or (filename, bytes, content type).
FileContent = Union[bytes, tuple[str, bytes], tuple[str, bytes, str]]

# A bearer token, or a callable that returns a fresh one (the async client also takes a coroutine function).
Token = Union[str, Callable[[], str]]
AsyncToken = Union[str, Callable[[], str], Callable[[], Awaitable[str]]]
