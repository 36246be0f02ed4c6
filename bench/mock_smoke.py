"""Smoke benchmark of the mock gateway: requests per second and p50/p99 latency.

Two measurements, with API keys, a usage plan, stage throttling and request validation on:
  1. the ASGI app called directly (the gateway's own cost, no HTTP stack);
  2. over HTTP: ``sdkgen mock`` in a subprocess (uvicorn), loaded by an httpx async client.

    python bench/mock_smoke.py [--seconds 3] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "mock"))

from gateway_helpers import KEY, shop  # noqa: E402

from sdkgen.mock import create_app  # noqa: E402

CONFIG: dict[str, Any] = {
    "stages": {"prod": {"throttle": {"rate": 1_000_000, "burst": 1_000_000}}},
    "api_keys": [{"id": "alice", "value": KEY, "usage_plan": "basic"}],
    "usage_plans": {"basic": {"throttle": {"rate": 1_000_000, "burst": 1_000_000}, "quota": {"limit": 100_000_000, "period": "DAY"}}},
    "validation": "strict",
}
BODY = json.dumps({"name": "Lamp", "price": 12.5, "tags": ["a"], "dims": {"w": 1, "h": 2}}).encode()


def summary(name: str, latencies: list[float], elapsed: float) -> None:
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    print(f"{name}: {len(latencies) / elapsed:,.0f} req/s over {len(latencies)} requests; p50 {p(0.5):.2f} ms, p99 {p(0.99):.2f} ms")


async def direct(seconds: float) -> None:
    app = create_app(shop(), CONFIG)
    requests = [
        ("GET", "/prod/products", b"limit=10", b""),
        ("POST", "/prod/products", b"", BODY),
        ("GET", "/prod/products/123", b"", b""),
    ]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    start = time.perf_counter()
    i = 0
    while time.perf_counter() - start < seconds:
        method, path, query, body = requests[i % len(requests)]
        i += 1
        sent: list[Any] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": query,
                 "headers": [(b"x-api-key", KEY.encode()), (b"content-type", b"application/json"), (b"host", b"bench")]}
        t0 = time.perf_counter()
        await app(scope, receive, send)
        latencies.append(time.perf_counter() - t0)
        statuses[sent[0]["status"]] = statuses.get(sent[0]["status"], 0) + 1
    summary("ASGI app, direct", latencies, time.perf_counter() - start)
    print(f"  statuses: {statuses}")


def over_http(seconds: float, concurrency: int) -> None:
    """Raw keep-alive HTTP/1.1 connections from threads: a load generator light enough not to be the bottleneck."""
    with tempfile.TemporaryDirectory() as tmp:
        spec, config = Path(tmp) / "shop.json", Path(tmp) / "gw.yaml"
        spec.write_text(json.dumps(shop()))
        config.write_text(yaml.safe_dump(CONFIG))
        process = subprocess.Popen(
            [sys.executable, "-c", "from sdkgen.mock.cli import mock; mock()", str(spec), "--config", str(config), "--port", "0", "--quiet"],
            stdout=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
        try:
            assert process.stdout is not None
            match = re.search(r"http://([\d.]+):(\d+)(/\S*)", process.stdout.readline())
            assert match
            host, port, base = match.group(1), int(match.group(2)), match.group(3)
            for _ in range(100):
                try:
                    httpx.get(f"http://{host}:{port}{base}/products/1", timeout=2)
                    break
                except httpx.ConnectError:
                    time.sleep(0.05)
            get = f"GET {base}/products?limit=10 HTTP/1.1\r\nHost: bench\r\nx-api-key: {KEY}\r\n\r\n".encode()
            post = (f"POST {base}/products HTTP/1.1\r\nHost: bench\r\nx-api-key: {KEY}\r\ncontent-type: application/json\r\n"
                    f"content-length: {len(BODY)}\r\n\r\n").encode() + BODY  # fmt: skip
            latencies: list[float] = []
            statuses: dict[int, int] = {}
            lock = threading.Lock()
            deadline = time.perf_counter() + seconds

            def worker(n: int) -> None:
                sock = socket.create_connection((host, port))
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                buffer = b""
                mine: list[float] = []
                codes: dict[int, int] = {}
                i = n
                while time.perf_counter() < deadline:
                    i += 1
                    t0 = time.perf_counter()
                    sock.sendall(post if i % 3 == 0 else get)
                    while True:
                        end = buffer.find(b"\r\n\r\n")
                        if end >= 0:
                            head = buffer[:end]
                            length = re.search(rb"content-length: *(\d+)", head, re.IGNORECASE)
                            size = int(length.group(1)) if length else 0
                            if len(buffer) >= end + 4 + size:
                                buffer = buffer[end + 4 + size :]
                                break
                        chunk = sock.recv(65536)
                        if not chunk:
                            raise ConnectionError("the server closed the connection")
                        buffer += chunk
                    mine.append(time.perf_counter() - t0)
                    code = int(head.split(b" ", 2)[1])
                    codes[code] = codes.get(code, 0) + 1
                sock.close()
                with lock:
                    latencies.extend(mine)
                    for code, count in codes.items():
                        statuses[code] = statuses.get(code, 0) + count

            start = time.perf_counter()
            threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            summary(f"HTTP via uvicorn (sdkgen mock subprocess), {concurrency} keep-alive connections", latencies, time.perf_counter() - start)
            print(f"  statuses: {statuses}")
        finally:
            process.terminate()
            process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    asyncio.run(direct(args.seconds))
    over_http(args.seconds, args.concurrency)


if __name__ == "__main__":
    main()
