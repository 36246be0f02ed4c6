"""Streaming: the SSE decoder (WHATWG rules, a round-trip property), event-streaming operations and
``with_streaming_response`` of the client generated from specs/feed.yaml over httpx.MockTransport, binary
answers, and events arriving one by one from a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import importlib
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rt_helpers import Recorder

from sdkgen.generate import generate
from sdkgen.generate.write import write_tree
from sdkgen.mock.server import ServerThread
from sdkgen.parse import load_api

FEED = Path(__file__).resolve().parents[2] / "specs" / "feed.yaml"
FEED_URL = "https://feed.example/prod"


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("feed") / "feed"
    write_tree(out, generate(load_api(FEED).api, "order_feed_stream").files)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("order_feed_stream")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "order_feed_stream" or m.startswith("order_feed_stream.")]:
            del sys.modules[name]


@pytest.fixture
def sse(rtpkg: ModuleType) -> ModuleType:
    module: ModuleType = rtpkg._streaming
    return module


def decode(sse: ModuleType, *chunks: bytes) -> list[Any]:
    return list(sse.iter_events(chunks))


# -- the decoder ---------------------------------------------------------------------------------
def test_fields_comments_and_multi_line_data(sse: ModuleType) -> None:
    text = b": keep-alive\n\nevent: order\nid: 7\nretry: 1500\ndata: first\ndata:second\ndata\n\ndata: {\"n\": 1}\n\n"
    first, second = decode(sse, text)
    assert (first.event, first.id, first.retry, first.data) == ("order", "7", 1500, "first\nsecond\n")
    # The last ID and retry carry over; the event type does not.
    assert (second.event, second.id, second.retry, second.json()) == ("message", "7", 1500, {"n": 1})


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_every_line_ending(sse: ModuleType, newline: bytes) -> None:
    text = newline.join([b"event: e", b"data: a", b"data: b", b"", b"data: c", b"", b""])
    assert [(e.event, e.data) for e in decode(sse, text)] == [("e", "a\nb"), ("message", "c")]


def test_chunks_split_anywhere_even_inside_crlf_and_utf8(sse: ModuleType) -> None:
    text = "\ufeffdata: caf\u00e9 \u2603\r\n\r\nid: x\r\ndata: 2\r\n\r\n".encode()
    whole = decode(sse, text)
    assert [(e.data, e.id) for e in whole] == [("caf\u00e9 \u2603", None), ("2", "x")]
    assert decode(sse, *[text[i : i + 1] for i in range(len(text))]) == whole
    # A CR ending a chunk waits for the next: an LF there makes one line end, not two (a blank line between).
    [event] = decode(sse, b"data: a\r", b"\ndata: b\r\n\r\n")
    assert event.data == "a\nb"


def test_what_the_standard_ignores(sse: ModuleType) -> None:
    text = b"id: a\0b\nretry: 10s\nunknown: x\nevent: only\n\ndata: kept\n\ndata: unterminated"
    [event] = decode(sse, text)  # no data: no event; a last event without its blank line is dropped
    assert (event.data, event.id, event.retry, event.event) == ("kept", None, None, "message")


def serialise(events: list[tuple[str, str, str]], newline: str) -> str:
    out = []
    for event, data, id_ in events:
        lines = [f"event: {event}", f"id: {id_}", *(f"data: {line}" for line in data.split("\n")), ""]
        out.append("".join(line + newline for line in lines))
    return "".join(out)


LINE = st.text(st.characters(blacklist_characters="\r\n\0", blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    events=st.lists(st.tuples(LINE.filter(bool), st.lists(LINE, min_size=1, max_size=3).map("\n".join), LINE), max_size=6),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=8),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_any_events_serialised_then_parsed_round_trip(
    rtpkg: ModuleType, events: list[tuple[str, str, str]], cuts: list[int], newline: str
) -> None:
    raw = serialise(events, newline).encode()
    bounds = sorted({0, len(raw), *(c % (len(raw) + 1) for c in cuts)})
    chunks = [raw[a:b] for a, b in zip(bounds, bounds[1:])]
    parsed = list(rtpkg._streaming.iter_events(chunks))
    assert [(e.event, e.data, e.id) for e in parsed] == events


# -- the generated client over MockTransport ---------------------------------------------------
def sync_client(feed: ModuleType, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    return feed.Client(FEED_URL, api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(handler)))


def async_client(feed: ModuleType, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    return feed.AsyncClient(FEED_URL, api_key="k", http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))


EVENTS = b"event: status\ndata: paid\n\nevent: status\ndata: shipped\n\n"


def event_answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=EVENTS, headers={"content-type": "text/event-stream"})


def test_an_event_stream_operation_yields_typed_events(feed: ModuleType) -> None:
    recorder = Recorder(event_answer)
    with sync_client(feed, recorder).stream_order_events("o-1") as stream:
        events = list(stream)
    assert [(e.event, e.data) for e in events] == [("status", "paid"), ("status", "shipped")]
    assert recorder.last.url.path == "/prod/orders/o-1/events"
    # The integration's timeoutInMillis (300000): the stream may pause that long between chunks.
    assert recorder.last.extensions["timeout"]["read"] == 300.0
    assert recorder.last.extensions["timeout"]["connect"] == 30.0


def test_a_timeout_given_for_the_call_wins_over_the_integration_s(feed: ModuleType) -> None:
    recorder = Recorder(event_answer)
    client = sync_client(feed, recorder)
    with client.stream_order_events("o-1", timeout=5.0) as stream:
        list(stream)
    assert set(recorder.last.extensions["timeout"].values()) == {5.0}
    with client.with_streaming_response.stream_order_events("o-1", timeout=httpx.Timeout(2.0, read=7.0)) as response:
        response.read()
    assert recorder.last.extensions["timeout"] == {"connect": 2.0, "read": 7.0, "write": 2.0, "pool": 2.0}
    # with_options sets the client's timeout: the integration's still raises its read timeout.
    with client.with_options(timeout=5.0).stream_order_events("o-1") as stream:
        list(stream)
    assert recorder.last.extensions["timeout"]["read"] == 300.0

    async def run() -> dict[str, Any]:
        arecorder = Recorder(event_answer)
        stream = await async_client(feed, arecorder).stream_order_events("o-1", timeout=5.0)
        [e async for e in stream]
        return dict(arecorder.last.extensions["timeout"])

    assert set(asyncio.run(run()).values()) == {5.0}


def test_an_async_event_stream(feed: ModuleType) -> None:
    async def run() -> list[str]:
        stream = await async_client(feed, Recorder(event_answer)).stream_order_events("o-1")
        return [e.data async for e in stream]

    assert asyncio.run(run()) == ["paid", "shipped"]


def test_an_undocumented_timeout_is_29_seconds_and_other_operations_keep_the_client_s(tmp_path: Path) -> None:
    definition = load_api(FEED).api
    [events] = [op for op in definition.operations if op.py_name == "stream_order_events"]
    events.timeout_ms = None
    files = generate(definition, "feed_default").files
    assert "read_timeout=29.0" in files["feed_default/_operations.py"]
    assert files["feed_default/_operations.py"].count("read_timeout=") == 1


def test_response_transfer_mode_stream_makes_a_text_answer_an_event_stream_and_15_minutes_is_the_cap() -> None:
    definition = load_api(FEED).api
    [events] = [op for op in definition.operations if op.py_name == "stream_order_events"]
    for response in events.responses:
        for media in response.content:
            media.content_type = "text/plain"  # not text/event-stream: STREAM alone decides
    events.timeout_ms = 3_600_000  # an hour asked: API Gateway's streams stop at 15 minutes
    client = generate(definition, "feed_stream").files["feed_stream/_client.py"]
    method = client[client.index("def stream_order_events") :].split("\n    def ", 1)[0]
    assert "-> EventStream:" in method and "self._events(" in method
    assert "read_timeout=900.0" in generate(definition, "feed_stream").files["feed_stream/_operations.py"]
    events.stream = False  # neither streamed nor an event stream: text, read whole
    client = generate(definition, "feed_text").files["feed_text/_client.py"]
    method = client[client.index("def stream_order_events") :].split("\n    def ", 1)[0]
    assert "EventStream" not in method and "self._call(" in method


PDF = b"%PDF-1.7\n" + bytes(range(256)) * 64


def test_binary_answers_are_bytes_and_stream_on_request(feed: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, content=PDF, headers={"content-type": "application/pdf"}))
    client = sync_client(feed, recorder)
    assert client.get_invoice("o-1") == PDF
    streamed = client.with_streaming_response.get_invoice("o-1")
    assert len(recorder.requests) == 1  # nothing sent before the with-block
    with streamed as response:
        assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
        assert b"".join(response.iter_bytes(1000)) == PDF
    with client.with_streaming_response.get_invoice("o-1") as response:
        assert response.parse() == PDF



class Tracked(httpx.SyncByteStream):
    """A body that records whether anyone read it, and whether it was closed."""

    def __init__(self) -> None:
        self.read = self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        self.read = True
        yield b'{"items": []}'

    def close(self) -> None:
        self.closed = True


def test_with_streaming_response_reads_nothing_until_asked(feed: ModuleType) -> None:
    body = Tracked()
    client = sync_client(feed, lambda request: httpx.Response(200, stream=body))
    with client.with_streaming_response.list_orders() as response:
        assert response.status_code == 200
        assert not body.read
    assert body.closed and not body.read  # closed on leaving, not drained


def test_with_streaming_response_lines_and_parse_async(feed: ModuleType) -> None:
    page = httpx.Response(200, json={"items": [{"id": "o-1", "total": 1.0}]})

    async def run() -> tuple[list[str], Any]:
        client = async_client(feed, Recorder(event_answer, page))
        async with client.with_streaming_response.stream_order_events("o-1") as response:
            lines = [line async for line in response.iter_lines()]
        async with client.with_streaming_response.list_orders() as response:
            parsed = await response.parse()
        return lines, parsed

    lines, parsed = asyncio.run(run())
    assert lines == ["event: status", "data: paid", "", "event: status", "data: shipped", ""]
    assert parsed.items[0].id == "o-1"


def test_an_error_status_is_raised_on_entering(feed: ModuleType) -> None:
    recorder = Recorder(httpx.Response(404, json={"message": "Not Found"}))
    with pytest.raises(feed.NotFoundError):
        with sync_client(feed, recorder).with_streaming_response.get_invoice("o-9"):
            pass


def test_text_types_in_binary_media_types_are_bytes() -> None:
    definition = {
        "openapi": "3.0.1",
        "info": {"title": "Csv", "version": "1"},
        "x-amazon-apigateway-binary-media-types": ["text/csv", "*/*"],
        "paths": {
            "/a": {"get": {"operationId": "csv", "responses": {"200": {"description": "", "content": {"text/csv": {}}}}}},
            "/b": {"get": {"operationId": "html", "responses": {"200": {"description": "", "content": {"text/html": {}}}}}},
        },
    }
    client = generate(load_api(definition).api, "csv_api").files["csv_api/_client.py"]
    assert "    ) -> bytes:\n        \"\"\"GET /a" in client and "    ) -> str:\n        \"\"\"GET /b" in client


# -- a real server ---------------------------------------------------------------------------------
class Slow:
    """An ASGI app streaming two events; the second waits until the test has seen the first (or 10 s)."""

    def __init__(self) -> None:
        self.first_seen = threading.Event()
        self.waited_in_vain = False

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})
        await send({"type": "http.response.body", "body": b"id: 1\ndata: first\n\n", "more_body": True})
        seen = await asyncio.get_running_loop().run_in_executor(None, self.first_seen.wait, 10.0)
        self.waited_in_vain = not seen
        await send({"type": "http.response.body", "body": b": ping\n\nid: 2\ndata: second\n\n", "more_body": False})


def test_the_first_event_arrives_before_the_stream_ends(feed: ModuleType) -> None:
    app = Slow()
    with ServerThread(app, max_seconds=60) as url, feed.Client(url + "/prod") as client:
        received = []
        for event in client.stream_order_events("o-1"):
            received.append(event.data)
            app.first_seen.set()
    assert received == ["first", "second"]
    assert not app.waited_in_vain


def test_the_first_event_arrives_before_the_stream_ends_async(feed: ModuleType) -> None:
    app = Slow()

    async def run(url: str) -> list[str]:
        async with feed.AsyncClient(url + "/prod") as client:
            received = []
            async with client.with_streaming_response.stream_order_events("o-1") as response:
                async for event in response.iter_events():
                    received.append(event.data)
                    app.first_seen.set()
            return received

    with ServerThread(app, max_seconds=60) as url:
        assert asyncio.run(run(url)) == ["first", "second"]
    assert not app.waited_in_vain


def test_events_and_a_download_from_the_mock_gateway(feed: ModuleType) -> None:
    from sdkgen.mock import create_app

    app = create_app(FEED, {"api_keys": [{"id": "alice", "value": "k" * 20}]})
    with ServerThread(app, max_seconds=60) as url, feed.Client(url + "/prod") as client:
        with client.stream_order_events("o-1") as stream:
            events = list(stream)
            assert "content-length" not in stream.http_response.headers  # sent in parts
        invoice = client.get_invoice("o-1")
        with client.with_streaming_response.get_invoice("o-1") as response:
            parts = list(response.iter_bytes())
    assert [e.id for e in events] == ["1", "2", "3"] and len({e.data for e in events}) == 1
    assert isinstance(invoice, bytes) and b"".join(parts) == invoice
