"""A Lambda function behind the mock gateway: warm overhead and cold start.

    python bench/lambda.py            # 2,000 warm requests per route, 10 cold starts
    python bench/lambda.py --smoke    # 200 warm requests, 3 cold starts: seconds

The gateway is called as an ASGI application in this process (no HTTP client or server: their cost is the same
with or without a function, and bench/mock.py measures it), one request at a time:

- direct: the handler called in this process with a prepared event (what the function itself costs);
- example route: the same gateway answering a route from its examples (the mock's own path);
- function route: the gateway building the payload 1.0 event, the worker process running the handler, the
  response mapped back. Added latency = function route - example route, per percentile.

Cold start: a fresh worker for each request (its pool emptied before), the handler importing only the standard
library; measured from the request to the answer. Twice: with the spare interpreter the gateway keeps started
(``pool.Interpreters``: the first request to a function finds it booted), and without one (several cold starts at
once: each worker starts Python itself), beside a bare ``python -c pass`` of the same run. SAM local's documented
model: ``sam local start-api`` runs each invocation in a Docker container (a new one per invocation unless
``--warm-containers``), which cannot run here (no Docker).

Targets (issue 15): warm overhead p50 under 1 ms; cold start under 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import Table, footer, header, percentile  # noqa: E402

from sdkgen.mock import create_app  # noqa: E402

HANDLER = '''
import json


def handler(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps({"id": event["pathParameters"]["id"]})}
'''
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:bench/invocations"


def spec() -> dict[str, Any]:
    ok = {"200": {"description": "ok", "content": {"application/json": {"example": {"id": "1"}}}}}
    return {
        "openapi": "3.0.1",
        "info": {"title": "Bench", "version": "1"},
        "servers": [{"url": "https://bench12345.execute-api.us-east-1.amazonaws.com/prod"}],
        "paths": {
            "/fn/{id}": {"get": {"responses": ok, "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": URI}}},
            "/example/{id}": {"get": {"responses": ok}},
        },
    }


async def call(app: Any, path: str) -> tuple[int, float]:
    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(b"host", b"127.0.0.1:4010"), (b"accept", b"application/json")], "client": ("127.0.0.1", 5000),
             "http_version": "1.1"}  # fmt: skip
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    started = time.perf_counter()
    await app(scope, receive, send)
    return status, (time.perf_counter() - started) * 1000.0


async def series(app: Any, path: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        status, ms = await call(app, path)
        assert status == 200, status
        times.append(ms)
    return sorted(times)


def direct(count: int, folder: Path) -> list[float]:
    sys.path.insert(0, str(folder))
    import bench_handler  # type: ignore[import-not-found]

    event = {"pathParameters": {"id": "1"}}
    times = []
    for _ in range(count):
        started = time.perf_counter()
        bench_handler.handler(event, None)
        times.append((time.perf_counter() - started) * 1000.0)
    return sorted(times)


async def run(count: int, colds: int, folder: Path) -> None:
    app = create_app(spec(), {"functions": {"bench": {"handler": "bench_handler.handler", "code": str(folder)}}, "admin": False})
    pool = app.functions.pools["bench"]
    try:
        interpreters = app.functions.interpreters
        cold: list[float] = []
        for _ in range(colds):
            pool.close()
            await interpreters.wait_booted()  # as it is when a function's first request comes
            status, ms = await call(app, "/prod/fn/1")
            assert status == 200
            cold.append(ms)
        unspared: list[float] = []
        pool.interpreters = None  # each worker starts its own interpreter
        for _ in range(colds):
            pool.close()
            status, ms = await call(app, "/prod/fn/1")
            assert status == 200
            unspared.append(ms)
        pool.interpreters = interpreters
        await series(app, "/prod/fn/1", 50)  # warm-up
        await series(app, "/prod/example/1", 50)
        function = await series(app, "/prod/fn/1", count)
        example = await series(app, "/prod/example/1", count)
    finally:
        app.functions.close()
    handler = direct(count, folder)

    table = Table(["path", "p50 ms", "p99 ms", "requests/s (one at a time)"])
    for name, times in (("handler called directly", handler), ("gateway, example route", example), ("gateway + worker, function route", function)):
        table.add(name, f"{percentile(times, 0.5):.3f}", f"{percentile(times, 0.99):.3f}", f"{1000.0 / (sum(times) / len(times)):,.0f}")
    table.print(f"Warm: {count} requests each")
    added50 = percentile(function, 0.5) - percentile(example, 0.5)
    added99 = percentile(function, 0.99) - percentile(example, 0.99)
    print(f"\nadded by the function (function route - example route): p50 {added50:.3f} ms, p99 {added99:.3f} ms"
          f" -> target p50 < 1 ms: {'met' if added50 < 1.0 else 'NOT met'}")  # fmt: skip
    cold.sort()
    unspared.sort()
    bare = python_start(len(cold))
    print(f"cold start ({colds} fresh workers, standard-library handler), spare interpreter ready: median "
          f"{percentile(cold, 0.5):.1f} ms, max {cold[-1]:.1f} ms -> target < 300 ms: {'met' if cold[-1] < 300 else 'NOT met'}")  # fmt: skip
    print(f"cold start without a spare (each worker starts Python): median {percentile(unspared, 0.5):.1f} ms, "
          f"max {unspared[-1]:.1f} ms; `python -c pass` in the same run: median {percentile(bare, 0.5):.1f} ms, "
          f"max {bare[-1]:.1f} ms")  # fmt: skip
    print("SAM local (documented, not run: no Docker here): each invocation in a Docker container, a new container per "
          "invocation unless --warm-containers EAGER|LAZY")  # fmt: skip


def python_start(count: int) -> list[float]:
    """A bare interpreter's start and exit, the baseline of a cold start."""
    import subprocess

    times = []
    for _ in range(count):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append((time.perf_counter() - started) * 1000.0)
    return sorted(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a few seconds' version")
    args = parser.parse_args()
    header("Lambda functions behind the mock (bench/lambda.py)", args.smoke)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "bench_handler.py").write_text(HANDLER)
        asyncio.run(run(200 if args.smoke else 2000, 3 if args.smoke else 10, Path(folder)))
    footer()


if __name__ == "__main__":
    main()
