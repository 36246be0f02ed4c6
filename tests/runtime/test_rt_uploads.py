"""Uploads: multipart parts and whole binary bodies from bytes, paths, open binary files
and (name, content, type) tuples; streamed, not held in memory; rewound before a retry,
or not retried at all when they cannot be."""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import io
import os
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import UNAVAILABLE, MakeClient, Recorder
from rt_sockets import serve

Ops = Callable[..., Any]
NOTES = Path(__file__).resolve().parents[2] / "generated" / "notes"
MB = 1024 * 1024


class Counting(io.RawIOBase):
    """A binary file that counts the bytes read from it; seekable or not."""

    def __init__(self, data: bytes, seekable: bool = True) -> None:
        self._inner = io.BytesIO(data)
        self._seekable = seekable
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._seekable

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        self.bytes_read += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        if not self._seekable:
            raise io.UnsupportedOperation("seek")
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        if not self._seekable:
            raise io.UnsupportedOperation("tell")
        return self._inner.tell()


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_multipart_parts_from_paths_files_bytes_and_tuples(
    make_client: MakeClient, ops: Ops, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG-photo")
    note = tmp_path / "note.txt"
    note.write_bytes(b"0123456789")
    recorder = Recorder()
    client = make_client(recorder)
    fds = open_fds()
    with note.open("rb") as opened:
        opened.seek(4)  # sent from where it stands
        client._call(
            ops(
                "POST",
                "/up",
                files={
                    "photo": photo,
                    "note": opened,
                    "raw": b"raw-bytes",
                    "typed": ("a.bin", photo, "application/x-thing"),
                    "named": ("b.dat", io.BytesIO(b"from-bytesio")),
                    "caption": "hello",
                },
            )
        )
        assert not opened.closed  # the caller's file stays the caller's
    assert open_fds() == fds  # the paths opened for the call are closed
    body = recorder.last.content
    assert recorder.last.headers["content-type"].startswith("multipart/form-data")
    assert b'name="photo"; filename="photo.png"\r\nContent-Type: image/png' in body
    assert b'name="note"; filename="note.txt"' in body and b"\r\n\r\n456789\r\n" in body
    assert b'name="raw"; filename="upload"' in body and b"raw-bytes" in body
    assert b'filename="a.bin"\r\nContent-Type: application/x-thing' in body
    assert b'filename="b.dat"' in body and b"from-bytesio" in body
    assert int(recorder.last.headers["content-length"]) == len(body)


def test_binary_body_from_a_path_or_file_with_its_length(
    make_client: MakeClient, ops: Ops, tmp_path: Path
) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(b"x" * 100_000)
    recorder = Recorder()
    client = make_client(recorder)
    client._call(ops("PUT", "/blob", content=path, content_type="application/octet-stream"))
    assert recorder.last.content == b"x" * 100_000
    assert recorder.last.headers["content-length"] == "100000"
    assert "transfer-encoding" not in recorder.last.headers
    source = Counting(b"abcdef")
    source.seek(2)
    client._call(ops("PUT", "/blob", content=source))
    assert recorder.last.content == b"cdef" and recorder.last.headers["content-length"] == "4"


@pytest.mark.parametrize("kind", ["content", "multipart"])
def test_a_retry_sends_a_seekable_file_again_from_its_start(
    make_client: MakeClient, ops: Ops, kind: str
) -> None:
    data = bytes(range(256)) * 400
    source = Counting(data)
    recorder = Recorder(UNAVAILABLE, UNAVAILABLE, httpx.Response(200))
    client = make_client(recorder)
    fields = {"content": source} if kind == "content" else {"files": {"f": ("f.bin", source)}}
    client._call(ops("PUT", "/x", **fields))
    bodies = [request.content for request in recorder.requests]
    assert len(bodies) == 3 and all(data in body for body in bodies)
    assert len({len(body) for body in bodies}) == 1  # nothing but the boundary differs


@pytest.mark.parametrize("kind", ["content", "multipart"])
def test_a_file_that_cannot_be_rewound_is_not_sent_again(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops, kind: str
) -> None:
    """Sent again, it would go out empty: the error is raised instead."""
    source = Counting(b"once-only", seekable=False)
    recorder = Recorder(UNAVAILABLE, httpx.Response(200))
    client = make_client(recorder)
    fields = {"content": source} if kind == "content" else {"files": {"f": ("f", source)}}
    with pytest.raises(rtpkg._exceptions.APIStatusError) as caught:
        client._call(ops("PUT", "/x", **fields))
    assert caught.value.status_code == 503
    assert len(recorder.requests) == 1 and b"once-only" in recorder.last.content
    # Throttling (always retried otherwise) and a token refresh alike.
    for answer, security in ((httpx.Response(429), ()), (httpx.Response(401), (("jwt",),))):
        recorder = Recorder(answer, httpx.Response(200))
        client = make_client(recorder, token=lambda: "t")
        source = Counting(b"once-only", seekable=False)
        with pytest.raises(rtpkg._exceptions.APIStatusError):
            client._call(ops("PUT", "/x", content=source, security=security))
        assert len(recorder.requests) == 1


class RefusingFirst(httpx.BaseTransport):
    """Refuses the first connection before reading anything, as a closed port does;
    then hands requests to ``inner``."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.refused = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.refused:
            self.refused += 1
            raise httpx.ConnectError("refused")
        return self.inner.handle_request(request)


def test_a_file_not_yet_read_may_still_be_retried(
    make_client: MakeClient, ops: Ops
) -> None:
    """A connection refused before any byte was read leaves the stream whole."""
    source = Counting(b"payload", seekable=False)
    recorder = Recorder()
    transport = RefusingFirst(httpx.MockTransport(recorder))
    client = make_client(recorder, http_client=httpx.Client(transport=transport))
    client._call(ops("PUT", "/x", content=source))
    assert transport.refused == 1 and len(recorder.sleeps) == 1
    assert recorder.last.content == b"payload" and source.bytes_read == 7


def test_bad_files_are_refused_before_sending(
    make_client: MakeClient, ops: Ops, tmp_path: Path
) -> None:
    recorder = Recorder()
    client = make_client(recorder)
    with pytest.raises(FileNotFoundError):
        client._call(ops("POST", "/x", files={"f": tmp_path / "missing.bin"}))
    with (tmp_path / "t.txt").open("w") as text, pytest.raises(TypeError, match="binary"):
        client._call(ops("PUT", "/x", content=text))
    assert recorder.requests == []


def test_async_uploads_stream_and_rewind(
    make_async_client: MakeClient, ops: Ops, tmp_path: Path
) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(b"y" * 70_000)

    async def run() -> None:
        recorder = Recorder(UNAVAILABLE, httpx.Response(200))
        client = make_async_client(recorder)
        await client._call(ops("PUT", "/x", content=path))
        assert [r.content for r in recorder.requests] == [b"y" * 70_000] * 2
        assert recorder.last.headers["content-length"] == "70000"
        recorder = Recorder()
        client = make_async_client(recorder)
        await client._call(ops("POST", "/m", files={"f": path, "g": io.BytesIO(b"g")}))
        assert b'filename="blob.bin"' in recorder.last.content
        assert b"y" * 70_000 in recorder.last.content

    asyncio.run(run())


# -- over a real socket: memory and reads -------------------------------------------


@pytest.fixture
def big_file(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    path = tmp_path / "big.bin"
    digest = hashlib.sha256()
    with path.open("wb") as out:
        block = os.urandom(MB)
        for _ in range(50):
            out.write(block)
            digest.update(block)
    yield path, digest.hexdigest()


def _socket_client(rtpkg: ModuleType, schemes: dict[str, Any], url: str, cls: str) -> Any:
    client = getattr(rtpkg._base_client, cls)(
        base_url=url,
        default_base_url=url,
        base_url_env=None,
        api_key=None,
        api_key_env=None,
        token=None,
        credentials={},
        security_schemes=schemes,
        timeout=30.0,
    )
    if cls == "SyncAPIClient":
        client._sleep = lambda seconds: None
    else:

        async def no_sleep(seconds: float) -> None:
            pass

        client._async_sleep = no_sleep
    return client


def _peak_while(call: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("kind", ["content", "multipart"])
def test_a_50_mb_upload_is_streamed_not_held_in_memory(
    rtpkg: ModuleType, schemes: dict[str, Any], big_file: tuple[Path, str], kind: str
) -> None:
    path, sha = big_file
    with serve(UNAVAILABLE_ACTION, (200, b"{}")) as (url, script):
        with _socket_client(rtpkg, schemes, url, "SyncAPIClient") as client:
            with path.open("rb") as opened:
                counting = CountingFile(opened)
                value = {"content": counting} if kind == "content" else {"files": {"f": ("big.bin", counting)}}
                peak = _peak_while(lambda: client._call(rtpkg._base_client.RequestOptions("PUT", "/up", parse={}, **value)))
    first, second = script.seen  # one 503, then the retry: the whole file both times
    if kind == "content":
        assert first.sha256 == second.sha256 == sha and second.size == 50 * MB
        assert "transfer-encoding" not in second.headers
    else:
        assert first.size == second.size > 50 * MB  # the boundaries differ
    assert counting.bytes_read == 2 * 50 * MB  # read once per attempt, never more
    assert peak < 5 * MB, f"peak traced memory {peak / MB:.1f} MB"


def test_a_50_mb_async_upload_from_a_path_is_streamed(
    rtpkg: ModuleType, schemes: dict[str, Any], big_file: tuple[Path, str]
) -> None:
    path, sha = big_file

    async def run() -> None:
        async with _socket_client(rtpkg, schemes, url, "AsyncAPIClient") as client:
            await client._call(rtpkg._base_client.RequestOptions("PUT", "/up", parse={}, content=path))

    with serve((200, b"{}")) as (url, script):
        peak = _peak_while(lambda: asyncio.run(run()))
    (seen,) = script.seen
    assert seen.sha256 == sha and seen.headers["content-length"] == str(50 * MB)
    assert peak < 5 * MB, f"peak traced memory {peak / MB:.1f} MB"


def test_a_pipe_is_sent_chunked_and_whole(
    rtpkg: ModuleType, schemes: dict[str, Any]
) -> None:
    read_end, write_end = os.pipe()
    payload = os.urandom(200_000)
    with os.fdopen(write_end, "wb") as writer:
        writer.write(payload[:60_000])  # what the pipe holds before the call; the rest follows
    # A pipe's fstat size is 0: the length must not be taken from it.
    with serve((200, b"{}")) as (url, script), os.fdopen(read_end, "rb") as reader:
        with _socket_client(rtpkg, schemes, url, "SyncAPIClient") as client:
            client._call(rtpkg._base_client.RequestOptions("PUT", "/up", parse={}, content=reader))
    (seen,) = script.seen
    assert seen.headers.get("transfer-encoding") == "chunked"
    assert seen.size == 60_000 and seen.sha256 == hashlib.sha256(payload[:60_000]).hexdigest()


UNAVAILABLE_ACTION = (503, b'{"message": "Service Unavailable"}')


class CountingFile(io.RawIOBase):
    """A real file seen through a wrapper counting what is read from it."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.bytes_read = 0
        self.name = inner.name

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        self.bytes_read += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        return self._inner.tell()

    def fileno(self) -> int:
        return self._inner.fileno()


# -- a generated package: notes (a multipart POST and a binary PUT) -------------------


@pytest.fixture(scope="module")
def notes() -> Iterator[ModuleType]:
    sys.path.insert(0, str(NOTES))
    try:
        yield importlib.import_module("notes_api")
    finally:
        sys.path.remove(str(NOTES))
        for name in [m for m in sys.modules if m == "notes_api" or m.startswith("notes_api.")]:
            del sys.modules[name]


def test_generated_upload_methods_take_paths_and_files(notes: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "receipt.png"
    path.write_bytes(b"\x89PNG-receipt")
    answers = [httpx.Response(201, json={"id": "a-1", "noteId": "n-1", "fileName": "receipt.png"}), httpx.Response(200, json={})]
    recorder = Recorder(*answers)
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    client = notes.Client(api_key="k", notes_authorizer="allow", http_client=http)
    client.post_notes_by_note_id_attachments("n-1", body={"file": path, "caption": "lunch"})
    body = recorder.last.content
    assert b'filename="receipt.png"' in body and b"\x89PNG-receipt" in body and b"lunch" in body
    with path.open("rb") as opened:
        client.put_files_by_proxy("n-1/receipt.png", body=opened)
    assert recorder.last.content == b"\x89PNG-receipt"
    assert recorder.last.headers["content-type"] == "application/octet-stream"
    assert recorder.last.headers["content-length"] == str(len(b"\x89PNG-receipt"))


def test_generated_uploads_to_the_mock_gateway_over_sockets(notes: ModuleType, tmp_path: Path) -> None:
    """sdkgen mock under uvicorn, validating requests strictly: a path sent as a multipart file and as a
    binary body, with per-call options and an idempotency key, pass its validation."""
    from sdkgen.mock import create_app
    from sdkgen.mock.server import ServerThread

    spec = Path(__file__).resolve().parents[2] / "specs" / "notes.swagger.yaml"
    key, identity = "notes-key-0123456789abcdef", "Bearer allowed"
    config = {
        "api_keys": [{"id": "k", "value": key}],
        "authorizers": {"NotesAuthorizer": {"allow": [identity]}},
        "validation": "strict",
    }
    path = tmp_path / "receipt.png"
    path.write_bytes(b"\x89PNG" + os.urandom(300_000))
    server = ServerThread(create_app(spec, config, seed=1), max_seconds=60)
    server.start()
    try:
        with notes.Client(server.url + "/dev", api_key=key, notes_authorizer=identity, idempotency_header="Idempotency-Key") as client:
            attachment = client.post_notes_by_note_id_attachments(
                "n-1", body={"file": path, "caption": "lunch"}, extra_headers={"X-Trace-Id": "t-1"}, timeout=20.0
            )
            assert attachment is not None
            with path.open("rb") as opened:
                client.put_files_by_proxy("n-1/receipt.png", body=opened)
        records = list(server.server.config.app.records)
    finally:
        server.stop()
    assert [(r.method, r.status, r.validation_errors) for r in records] == [("POST", 201, []), ("PUT", 200, [])]
