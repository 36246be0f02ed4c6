"""The raw response of an operation, for callers who want the status and headers too."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import httpx

from ._exceptions import request_id_of

__all__ = ["APIResponse", "choose_parser", "parse_any"]

T = TypeVar("T")

Parsers = Mapping[str, Callable[[httpx.Response], T]]


def parse_any(response: httpx.Response) -> Any:
    """A body without a parser: decoded JSON, else text; None when empty."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def choose_parser(parsers: Parsers[T], status: int) -> Callable[[httpx.Response], T]:
    """The parser for a status: the exact code ("201"), then its class ("2XX"), then
    "default", then ``parse_any``."""
    code = str(status)
    for key in (code, f"{code[0]}XX", f"{code[0]}xx", "default"):
        parser = parsers.get(key)
        if parser is not None:
            return parser
    # A 2xx the definition does not document: keep what came rather than fail.
    return parse_any


class APIResponse(Generic[T]):
    """A successful call's HTTP response, with ``parse()`` for the documented body."""

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

    @property
    def request_id(self) -> str | None:
        return request_id_of(self.http_response)

    def parse(self) -> T:
        return self._parser(self.http_response)

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}]>"
