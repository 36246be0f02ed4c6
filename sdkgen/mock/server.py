"""Running the mock gateway under uvicorn: in the foreground (the CLI) or in a background thread (tests, benchmarks)."""

from __future__ import annotations

import signal
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

import uvicorn


def _config(app: Any, host: str, port: int) -> uvicorn.Config:
    # proxy_headers off: the gateway never reads the client's address or scheme, and uvicorn's middleware
    # for X-Forwarded-* would otherwise run on every request. bench/mock.py's bare uvicorn uses the same settings.
    return uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, lifespan="off",
        server_header=False, date_header=True, proxy_headers=False, timeout_graceful_shutdown=2,
    )  # fmt: skip


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: a free one), so the port is known before the server starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose proto says TCP, and
    # without it Nagle + delayed ACKs hold every response for ~40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(app: Any, sock: socket.socket, host: str, announce: Callable[[], None] = lambda: None) -> None:
    """Serve until Ctrl-C or SIGTERM, then return (the main thread's; ``announce`` says so once that holds).

    uvicorn handles both signals while it serves, and re-raises the one it caught once it has shut down. Handlers
    of ours, in place before and after that, only ask the server to stop: a signal that comes while uvicorn starts,
    or the re-raised one, is no exception raised wherever the interpreter happens to be (in asyncio's start-up that
    left locks half-released, or the process hanging), and no "Aborted!" or death by signal once it has stopped.
    """
    server = uvicorn.Server(_config(app, host, sock.getsockname()[1]))

    def stop(*_: Any) -> None:
        server.should_exit = True

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop)
    announce()
    server.run(sockets=[sock])


class ServerThread:
    """``with ServerThread(app) as base_url: ...``: uvicorn on 127.0.0.1, a free port, in a daemon thread.

    The server stops when the block ends, or by itself after ``max_seconds`` whatever happens.
    """

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, *, max_seconds: float = 300.0) -> None:
        self.sock = bind(host, port)
        self.host = host
        self.port: int = self.sock.getsockname()[1]
        self.server = uvicorn.Server(_config(app, host, self.port))
        self.max_seconds = max_seconds
        self.thread = threading.Thread(target=self._run, name=f"sdkgen-mock-{self.port}", daemon=True)
        self._timer = threading.Timer(max_seconds, self.stop)
        self._timer.daemon = True

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _run(self) -> None:
        self.server.run(sockets=[self.sock])

    def start(self) -> str:
        self.thread.start()
        self._timer.start()
        deadline = time.monotonic() + 10.0
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the mock server did not start")
            time.sleep(0.01)
        return self.url

    def stop(self) -> None:
        self.server.should_exit = True
        self._timer.cancel()
        if self.thread.is_alive() and threading.current_thread() is not self.thread:
            self.thread.join(timeout=10.0)
        self.sock.close()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
