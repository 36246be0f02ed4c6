"""The raw response of an operation, for callers who want status and headers too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import httpx

T = TypeVar("T")


class APIResponse(Generic[T]):
    def __init__(
        self, response: httpx.Response, parser: Callable[[httpx.Response], T]
    ) -> None:
        self.http_response = response
        self._parser = parser

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def parse(self) -> T:
        """The body parsed as the operation documents it."""
        return self._parser(self.http_response)

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}]>"
