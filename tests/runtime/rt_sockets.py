"""A tiny HTTP/1.1 server on 127.0.0.1 for the runtime's socket tests: it reads each
request body in chunks (Content-Length or chunked), keeps only its size and SHA-256,
and answers from a script; "drop" closes the connection without answering."""

from __future__ import annotations

import hashlib
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Union

Action = Union[str, tuple[int, bytes]]  # "drop", or (status, JSON body)


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    size: int
    sha256: str


@dataclass
class Script:
    actions: list[Action]
    seen: list[Seen] = field(default_factory=list)

    def next(self) -> Action:
        return self.actions.pop(0) if len(self.actions) > 1 else self.actions[0]


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        line = self.rfile.readline(65536).decode("latin-1").split()
        if len(line) < 2:
            return
        headers: dict[str, str] = {}
        while True:
            raw = self.rfile.readline(65536)
            if raw in (b"\r\n", b"\n", b""):
                break
            name, _, value = raw.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        digest, size = hashlib.sha256(), 0
        for chunk in self._body(headers):
            digest.update(chunk)
            size += len(chunk)
        script = self.server.script
        script.seen.append(Seen(line[0], line[1], headers, size, digest.hexdigest()))
        action = script.next()
        if action == "drop":
            return  # closed without an answer: a connection error for the client
        status, body = action
        self.wfile.write(
            f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body
        )

    def _body(self, headers: dict[str, str]) -> Iterator[bytes]:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                length = int(self.rfile.readline(1024).split(b";")[0], 16)
                if length == 0:
                    self.rfile.readline(1024)
                    return
                yield from self._exactly(length)
                self.rfile.readline(1024)
        else:
            yield from self._exactly(int(headers.get("content-length", "0")))

    def _exactly(self, length: int) -> Iterator[bytes]:
        while length:
            chunk = self.rfile.read(min(length, 65536))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, script: Script) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script


@contextmanager
def serve(*actions: Action) -> Iterator[tuple[str, Script]]:
    """``(base_url, script)``: a server answering ``actions`` in turn (the last repeats)."""
    script = Script(list(actions) or [(200, b"{}")])
    server = _Server(script)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", script
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
