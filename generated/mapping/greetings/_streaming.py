"""Responses read as they arrive: server-sent events, and ``with_streaming_response``.

``SSEDecoder`` follows the WHATWG event-stream rules (``data``/``event``/``id``/``retry`` fields,
multi-line data, comments, CR, LF or CRLF line ends, a leading BOM). ``EventStream`` is what an
operation answering ``text/event-stream`` (or streamed by its integration) returns: iterate it for
``ServerSentEvent``s as each arrives. ``StreamedResponse`` is what
``client.with_streaming_response.<operation>(...)`` returns: a context manager that sends the request
when entered and reads the body only when asked. Loaded at the first such call, not on import.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from ._exceptions import request_id_of

__all__ = [
    "AsyncEventStream",
    "AsyncStreamedResponse",
    "EventStream",
    "SSEDecoder",
    "ServerSentEvent",
    "StreamedResponse",
]

T = TypeVar("T")


@dataclass(frozen=True)
class ServerSentEvent:
    """One dispatched event; ``id`` is the last event ID the stream set (it carries over, as in browsers)."""

    data: str = ""
    event: str = "message"
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        """``data`` decoded as JSON."""
        return json.loads(self.data)


class SSEDecoder:
    """Bytes in, events out: ``feed(chunk)`` returns the events the chunk completes; ``close()`` ends the
    stream (an event without its closing blank line is dropped, as the standard says).
    """

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._buffer = ""
        self._started = False
        self._data: list[str] = []
        self._event = ""
        self._last_id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        return self._lines(self._text.decode(chunk), final=False)

    def close(self) -> list[ServerSentEvent]:
        return self._lines(self._text.decode(b"", final=True), final=True)

    def _lines(self, text: str, final: bool) -> list[ServerSentEvent]:
        buffer = self._buffer + text
        if not self._started and buffer:
            self._started = True
            if buffer.startswith("\ufeff"):
                buffer = buffer[1:]
        events: list[ServerSentEvent] = []
        start = 0
        while True:
            cr, lf = buffer.find("\r", start), buffer.find("\n", start)
            if cr < 0 and lf < 0:
                break
            end = lf if cr < 0 or 0 <= lf < cr else cr
            if buffer[end] == "\r" and end + 1 == len(buffer) and not final:
                break  # a CR at the chunk's end may be the first half of a CRLF
            step = 2 if buffer.startswith("\r\n", end) else 1
            event = self._line(buffer[start:end])
            if event is not None:
                events.append(event)
            start = end + step
        self._buffer = buffer[start:]
        if final:
            self._buffer = ""
        return events

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None  # a comment (keep-alives are sent this way)
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._last_id = value
        elif name == "retry":
            if value.isascii() and value.isdigit():
                self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event = self._data, self._event
        self._data, self._event = [], ""
        if not data:
            return None
        return ServerSentEvent(
            "\n".join(data), event or "message", self._last_id, self._retry
        )


def iter_events(chunks: Iterable[bytes]) -> Iterator[ServerSentEvent]:
    decoder = SSEDecoder()
    for chunk in chunks:
        yield from decoder.feed(chunk)
    yield from decoder.close()


async def aiter_events(chunks: AsyncIterator[bytes]) -> AsyncIterator[ServerSentEvent]:
    decoder = SSEDecoder()
    async for chunk in chunks:
        for event in decoder.feed(chunk):
            yield event
    for event in decoder.close():
        yield event


class EventStream:
    """The events of a streamed response, as they arrive; the connection closes when they end, or
    on ``close()`` / leaving ``with``."""

    def __init__(self, response: httpx.Response) -> None:
        self.http_response = response
        self._events = iter_events(response.iter_bytes())

    def __iter__(self) -> Iterator[ServerSentEvent]:
        try:
            yield from self._events
        finally:
            self.close()

    def __next__(self) -> ServerSentEvent:
        return next(self._events)

    def close(self) -> None:
        self.http_response.close()

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncEventStream:
    """``EventStream`` for the async client: ``async for event in stream``."""

    def __init__(self, response: httpx.Response) -> None:
        self.http_response = response
        self._events = aiter_events(response.aiter_bytes())

    async def _all(self) -> AsyncIterator[ServerSentEvent]:
        try:
            async for event in self._events:
                yield event
        finally:
            await self.close()

    def __aiter__(self) -> AsyncIterator[ServerSentEvent]:
        return self._all()

    async def __anext__(self) -> ServerSentEvent:
        return await self._events.__anext__()

    async def close(self) -> None:
        await self.http_response.aclose()

    async def __aenter__(self) -> AsyncEventStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


class _Streamed(Generic[T]):
    _response: httpx.Response | None = None

    def __init__(
        self, parser_for: Callable[[httpx.Response], Callable[[httpx.Response], T]]
    ) -> None:
        self._parser_for = parser_for

    @property
    def http_response(self) -> httpx.Response:
        if self._response is None:
            raise RuntimeError("the request is sent when the with-block is entered")
        return self._response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return request_id_of(self.http_response)

    def __repr__(self) -> str:
        state = (
            "not sent" if self._response is None else f"{self._response.status_code}"
        )
        return f"<{type(self).__name__} [{state}]>"


class StreamedResponse(_Streamed[T]):
    """``with client.with_streaming_response.op(...) as response:``; nothing of the body is read until
    ``iter_bytes()``, ``iter_text()``, ``iter_lines()``, ``read()`` or ``parse()`` asks.
    """

    def __init__(
        self,
        send: Callable[[], httpx.Response],
        parser_for: Callable[[httpx.Response], Callable[[httpx.Response], T]],
    ) -> None:
        super().__init__(parser_for)
        self._send = send

    def __enter__(self) -> StreamedResponse[T]:
        self._response = self._send()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._response is not None:
            self._response.close()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def iter_events(self) -> Iterator[ServerSentEvent]:
        return iter_events(self.http_response.iter_bytes())

    def read(self) -> bytes:
        return self.http_response.read()

    def parse(self) -> T:
        """The whole body, read and parsed as the operation documents it."""
        response = self.http_response
        response.read()
        return self._parser_for(response)(response)


class AsyncStreamedResponse(_Streamed[T]):
    """``async with client.with_streaming_response.op(...) as response:``, as ``StreamedResponse``."""

    def __init__(
        self,
        send: Callable[[], Awaitable[httpx.Response]],
        parser_for: Callable[[httpx.Response], Callable[[httpx.Response], T]],
    ) -> None:
        super().__init__(parser_for)
        self._send = send

    async def __aenter__(self) -> AsyncStreamedResponse[T]:
        self._response = await self._send()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            await self._response.aclose()

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    def iter_events(self) -> AsyncIterator[ServerSentEvent]:
        return aiter_events(self.http_response.aiter_bytes())

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def parse(self) -> T:
        response = self.http_response
        await response.aread()
        return self._parser_for(response)(response)
