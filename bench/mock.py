"""Mock gateway benchmark: requests/s and p50/p99 of ``sdkgen mock`` against a bare uvicorn app returning the
same body (the ceiling) and Prism 5 (``prism mock``) on the same definition and route, with a real load
generator, all on 127.0.0.1.

    python bench/mock.py              # 50 connections, 10 s per server (two turns of 5 s each), after 2 s of warm-up
    python bench/mock.py --smoke      # 10 connections, 1 s: seconds; peers only if already installed
    python bench/mock.py --in-process [--profile]   # only the apps' own time, without a server (seconds)

Route: ``GET /prod/widgets/w-1001`` of ``bench/specs/widgets.yaml`` with an API key on a usage plan whose
limits never throttle (rate and burst 10^6, quota 10^9 a day) and request validation on (``validation:
strict``): the gateway checks the key, takes a token from the plan's and the stage's buckets, counts the
quota, validates the path and query parameters and answers the definition's example (20 fields).

  sdkgen mock     ``sdkgen mock SPEC --config ... --quiet`` (uvicorn, one process)
  bare uvicorn    a three-line ASGI app answering the same body with uvicorn's same settings: the ceiling
  prism           ``prism mock SPEC -v error`` (Prism 5 from npm; same definition; it checks the key's presence
                  and answers the same example; its path has no stage prefix)

Load generator: ``wrk`` if it is on PATH (Debian: apt-get install wrk), else autocannon (npm, installed into
``~/.cache/sdkgen/npm``); ``--loadgen python`` uses this project's asyncio generator (the smoke default when
autocannon is not there). On a 2-core machine the load generator shares the CPU with the server.

The three servers run side by side and take turns under load (sdkgen, bare, Prism, then again), so that the
ratios compare them over the same stretch of time on a shared machine; requests/s is over each server's turns
together, p99 the highest of its turns.

Before the servers, both apps run in this process without a server: an ASGI loop sends them the scope uvicorn
would (same route, headers, config) and the time per request is the app's own, without HTTP parsing, sockets
or the load generator (best of 5 rounds of 20,000 requests; ``--profile`` adds cProfile's top functions).

Targets (issue 6): sdkgen >= 8,000 requests/s with p99 < 20 ms, >= 3x Prism, >= 30% of bare uvicorn.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BENCH_SPECS,
    Table,
    Unavailable,
    footer,
    free_port,
    header,
    note,
    npm_package,
    npm_version,
    percentile,
    python_load,
    start_mock,
    stop,
    wait_for_port,
)

SPEC = BENCH_SPECS / "widgets.yaml"
KEY = "bench-key-0123456789abcdef"
CONFIG: dict[str, object] = {
    "stages": {"prod": {"throttle": {"rate": 1_000_000, "burst": 1_000_000}}},
    "api_keys": [{"id": "bench", "value": KEY, "usage_plan": "plan"}],
    "usage_plans": {"plan": {"throttle": {"rate": 1_000_000, "burst": 1_000_000}, "quota": {"limit": 1_000_000_000, "period": "DAY"}}},
    "validation": "strict",
    "admin": False,
}

# The ceiling: uvicorn with the settings sdkgen.mock.server uses, and an app that does nothing but answer.
BARE_APP = r"""
import sys, uvicorn
body = open(sys.argv[2], "rb").read()
headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
start = {"type": "http.response.start", "status": 200, "headers": headers}
message = {"type": "http.response.body", "body": body}

async def app(scope, receive, send):
    await send(start)
    await send(message)

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False, lifespan="off",
            server_header=False, date_header=True, proxy_headers=False)
"""


@dataclass
class Figures:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    total: int
    non2xx: int
    errors: int


class LoadGenerator:
    def __init__(self, kind: str, smoke: bool) -> None:
        self.kind = kind
        self.path: str | None = None
        if kind == "auto":
            kind = "wrk" if shutil.which("wrk") else "autocannon"
            if kind == "autocannon" and smoke:
                try:
                    npm_package("autocannon", install=False)
                except Unavailable:
                    kind = "python"
        if kind == "wrk":
            self.path = shutil.which("wrk")
            if self.path is None:
                raise SystemExit("wrk is not on PATH (Debian: apt-get install wrk)")
        elif kind == "autocannon":
            self.path = str(npm_package("autocannon") / "autocannon.js")
        self.kind = kind

    def describe(self) -> str:
        if self.kind == "autocannon":
            return f"autocannon {npm_version('autocannon')} (node)"
        if self.kind == "wrk":
            version = subprocess.run([self.path or "wrk", "-v"], capture_output=True, text=True)
            return (version.stdout + version.stderr).strip().splitlines()[0] if (version.stdout + version.stderr).strip() else "wrk"
        return "python asyncio keep-alive connections (this project's; one process)"

    def run(self, url: str, connections: int, seconds: float) -> Figures:
        if self.kind == "autocannon":
            command = ["node", self.path or "", "-c", str(connections), "-d", str(seconds), "-H", f"x-api-key={KEY}", "--json", url]
            result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
            data = json.loads(result.stdout)
            return Figures(data["requests"]["total"] / data["duration"], float(data["latency"]["p50"]), float(data["latency"]["p99"]),
                           data["requests"]["total"], data["non2xx"], data["errors"] + data["timeouts"])  # fmt: skip
        if self.kind == "wrk":
            command = [self.path or "wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency", "-H", f"x-api-key: {KEY}", url]
            out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout

            def latency(label: str) -> float:
                match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
                if not match:
                    return float("nan")
                return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]

            total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
            non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
            return Figures(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), latency("50"), latency("99"), total,  # type: ignore[union-attr]
                           int(non2xx.group(1)) if non2xx else 0, sum(map(int, errors.groups())) if errors else 0)  # fmt: skip
        match = re.match(r"http://([\d.]+):(\d+)(/.*)", url)
        assert match
        result = python_load(match.group(1), int(match.group(2)), match.group(3), {"x-api-key": KEY}, connections=connections, seconds=seconds)
        return Figures(result.rate(), percentile(result.latencies, 0.5) * 1000, percentile(result.latencies, 0.99) * 1000,
                       result.total, result.total - result.statuses.get(200, 0), result.errors)  # fmt: skip


Asgi = Callable[[MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


def bare_app(body: bytes) -> Asgi:
    """BARE_APP's application, for the in-process measure."""
    start = {"type": "http.response.start", "status": 200,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}  # fmt: skip
    message = {"type": "http.response.body", "body": body}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(start)
        await send(message)

    return app


def in_process(app: Asgi, path: str, requests: int, rounds: int, *, profile: bool = False) -> float:
    """µs per request of ``app`` alone: the best of ``rounds`` loops of ``requests`` GETs of ``path``, each with a
    fresh scope like uvicorn's (httptools) and the benchmark's headers, on uvloop when the server would use it."""
    headers = [(b"host", b"127.0.0.1:4010"), (b"x-api-key", KEY.encode()), (b"user-agent", b"autocannon")]
    request = {"type": "http.request", "body": b"", "more_body": False}
    statuses: dict[int, int] = {}

    async def receive() -> dict[str, Any]:
        return request

    async def send(message: Any) -> None:
        if message["type"] == "http.response.start":
            statuses[message["status"]] = statuses.get(message["status"], 0) + 1

    async def loop() -> None:
        for _ in range(requests):
            scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1",
                     "server": ("127.0.0.1", 4010), "client": ("127.0.0.1", 50000), "scheme": "http", "method": "GET",
                     "root_path": "", "path": path, "raw_path": path.encode(), "query_string": b"", "headers": list(headers)}  # fmt: skip
            await app(scope, receive, send)

    try:
        import uvloop

        event_loop = uvloop.new_event_loop()
    except ImportError:
        event_loop = asyncio.new_event_loop()
    try:
        event_loop.run_until_complete(loop())  # warm-up: caches, first-use imports
        best = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            event_loop.run_until_complete(loop())
            best = min(best, (time.perf_counter() - started) / requests * 1e6)
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            event_loop.run_until_complete(loop())
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(20)
    finally:
        event_loop.close()
    if set(statuses) != {200}:
        raise SystemExit(f"in process the app answered {statuses}, not only 200")
    return best


def measure_in_process(smoke: bool, profile: bool) -> tuple[float, float]:
    from sdkgen.mock import create_app

    app = create_app(SPEC, CONFIG)
    requests, rounds = (2_000, 2) if smoke else (20_000, 5)
    sdk = in_process(app, "/prod/widgets/w-1001", requests, rounds, profile=profile)
    body = app.routes[0].responses.default.body
    bare = in_process(bare_app(body), "/prod/widgets/w-1001", requests, rounds)
    print(f"in process (ASGI loop, no server; best of {rounds} x {requests:,} requests): sdkgen app {sdk:.1f} µs/request, "
          f"bare app {bare:.1f} µs/request")  # fmt: skip
    sys.stdout.flush()
    return sdk, bare


def uvicorn_stack() -> str:
    """What uvicorn's "auto" loop and HTTP settings pick in this interpreter, which runs both Python servers."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str | None:
        try:
            __import__(name)
            return version(name)
        except (ImportError, PackageNotFoundError):
            return None

    uvloop, httptools = installed("uvloop"), installed("httptools")
    return (f"uvicorn {version('uvicorn')}, loop {f'uvloop {uvloop}' if uvloop else 'asyncio'}, "
            f"HTTP {f'httptools {httptools}' if httptools else 'h11'}")  # fmt: skip


def combine(rounds: list[Figures]) -> Figures:
    """One server's rounds as one: requests/s over their summed time, p50 weighted by requests, the highest p99."""
    total = sum(f.total for f in rounds)
    busy = sum(f.total / f.requests_per_second for f in rounds if f.requests_per_second > 0)
    return Figures(total / busy if busy else 0.0, sum(f.p50_ms * f.total for f in rounds) / total if total else float("nan"),
                   max(f.p99_ms for f in rounds), total, sum(f.non2xx for f in rounds), sum(f.errors for f in rounds))  # fmt: skip


def fetch(url: str) -> tuple[int, bytes]:
    import httpx

    response = httpx.get(url, headers={"x-api-key": KEY}, timeout=30)
    return response.status_code, response.content


def start_prism(spec: Path, smoke: bool) -> tuple[subprocess.Popen[str], int, str]:
    if shutil.which("node") is None:
        raise Unavailable("Prism needs node (Debian: apt-get install nodejs npm)")
    prism = npm_package("prism", install=not smoke)
    port = free_port()
    process = subprocess.Popen(["node", str(prism / "dist" / "index.js"), "mock", str(spec), "-h", "127.0.0.1", "-p", str(port), "-v", "error"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True, start_new_session=True)  # fmt: skip
    try:
        wait_for_port(port, 60, process)
    except RuntimeError:
        stop(process)
        raise
    for path in ("/widgets/w-1001", "/prod/widgets/w-1001"):
        status, _ = fetch(f"http://127.0.0.1:{port}{path}")
        if status == 200:
            return process, port, path
    stop(process)
    raise Unavailable("Prism did not answer 200 on /widgets/w-1001 nor /prod/widgets/w-1001")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="10 connections, 1 s, no warm-up beyond one request; no downloads")
    parser.add_argument("--connections", type=int, default=None, help="default 50; smoke 10")
    parser.add_argument("--seconds", type=float, default=None, help="per server; default 10; smoke 1")
    parser.add_argument("--warmup", type=float, default=None, help="seconds of load before measuring; default 2; smoke 0")
    parser.add_argument("--loadgen", choices=["auto", "autocannon", "wrk", "python"], default="auto")
    parser.add_argument("--skip-prism", action="store_true")
    parser.add_argument("--rounds", type=int, default=None, help="turns each server takes under load (of seconds/rounds each); default 2; smoke 1")
    parser.add_argument("--in-process", action="store_true", help="only the apps' own time per request, without servers")
    parser.add_argument("--profile", action="store_true", help="with the in-process measure: cProfile's top 20 functions of sdkgen's app")
    args = parser.parse_args()
    header("mock", args.smoke)
    measure_in_process(args.smoke, args.profile)
    if args.in_process:
        footer()
        return
    connections = args.connections or (10 if args.smoke else 50)
    seconds = args.seconds or (1.0 if args.smoke else 10.0)
    warmup = args.warmup if args.warmup is not None else (0.0 if args.smoke else 2.0)
    loadgen = LoadGenerator(args.loadgen, args.smoke)
    rounds = args.rounds or (1 if args.smoke else 2)
    # autocannon takes whole seconds
    slice_seconds = max(1, round(seconds / rounds)) if loadgen.kind == "autocannon" else seconds / rounds
    print(f"load generator: {loadgen.describe()}; {connections} connections, {seconds:g} s per server in {rounds} turn(s), "
          f"after {warmup:g} s of warm-up")  # fmt: skip
    print(f"servers: {uvicorn_stack()}, one process each, proxy headers and access log off (sdkgen mock and bare uvicorn alike)")

    urls: dict[str, str] = {}
    notes: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="sdkgen-mockbench-") as tmp, contextlib.ExitStack() as servers:
        # All servers run from the start and take turns under load (an idle one costs no CPU), so that a change
        # in the machine's speed during the run (other work on a shared host) falls on each of them alike.
        process, base, port = start_mock(SPEC, CONFIG, Path(tmp) / "sdkgen")
        servers.callback(stop, process)
        url = f"http://127.0.0.1:{port}{base}/widgets/w-1001"
        status, body = fetch(url)
        if status != 200:
            raise SystemExit(f"sdkgen mock answered {status} on {url}: {body[:300]!r}")
        note(f"sdkgen mock: {url}")
        urls["sdkgen mock"] = url
        notes["sdkgen mock"] = "key + usage plan + quota + validation"
        body_file = Path(tmp) / "body.json"
        body_file.write_bytes(body)

        # bare uvicorn: the ceiling
        port = free_port()
        bare = subprocess.Popen([sys.executable, "-c", BARE_APP, str(port), str(body_file)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip
        servers.callback(stop, bare)
        wait_for_port(port, 30, bare)
        url = f"http://127.0.0.1:{port}/prod/widgets/w-1001"
        assert fetch(url) == (200, body)
        note(f"bare uvicorn: {url}")
        urls["bare uvicorn (ceiling)"] = url
        notes["bare uvicorn (ceiling)"] = "fixed body, no checks"

        # Prism 5
        if not args.skip_prism:
            try:
                prism, port, path = start_prism(SPEC, args.smoke)
                servers.callback(stop, prism)
                url = f"http://127.0.0.1:{port}{path}"
                _, prism_body = fetch(url)
                same = json.loads(prism_body) == json.loads(body)
                note(f"prism {npm_version('prism')}: {url}")
                urls["prism"] = url
                notes["prism"] = f"Prism {npm_version('prism')}; key presence checked; {'same body' if same else 'a different body'}"
            except Unavailable as exc:
                notes["prism"] = f"skipped: {exc}"

        if warmup > 0:
            for url in urls.values():
                loadgen.run(url, connections, max(1, round(warmup)))
            time.sleep(0.5)
        slices: dict[str, list[Figures]] = {name: [] for name in urls}
        for number in range(rounds):
            for name, url in urls.items():
                note(f"round {number + 1}/{rounds}: {name}")
                slices[name].append(loadgen.run(url, connections, slice_seconds))
    results = {name: combine(figures) for name, figures in slices.items()}

    sdk = results["sdkgen mock"]
    bare_figures = results["bare uvicorn (ceiling)"]
    table = Table(["server", "requests/s", "p50 ms", "p99 ms", "requests", "non-2xx", "errors", "sdkgen vs it", "note"])
    for name in ("sdkgen mock", "bare uvicorn (ceiling)", "prism"):
        figures = results.get(name)
        if figures is None:
            table.add(name, "-", "-", "-", "-", "-", "-", "-", notes.get(name, ""))
            continue
        table.add(name, f"{figures.requests_per_second:,.0f}", f"{figures.p50_ms:.2f}", f"{figures.p99_ms:.2f}", f"{figures.total:,}",
                  figures.non2xx, figures.errors, f"{sdk.requests_per_second / figures.requests_per_second:.2f}x", notes.get(name, ""))  # fmt: skip
    table.print(f"GET /widgets/{{widgetId}} with an API key, {connections} connections, {rounds} x {slice_seconds:g} s per server, "
                "the servers taking turns")  # fmt: skip
    if rounds > 1:
        print("requests/s by round: " + "; ".join(
            f"{name} {' / '.join(f'{f.requests_per_second:,.0f}' for f in figures)}" for name, figures in slices.items()))  # fmt: skip

    checks = [
        (f"sdkgen >= 8,000 requests/s: {sdk.requests_per_second:,.0f}", sdk.requests_per_second >= 8000),
        (f"sdkgen p99 < 20 ms: {sdk.p99_ms:.2f} ms", sdk.p99_ms < 20),
        (f"sdkgen >= 30% of bare uvicorn: {sdk.requests_per_second / bare_figures.requests_per_second:.0%}",
         sdk.requests_per_second >= 0.3 * bare_figures.requests_per_second),
    ]  # fmt: skip
    if "prism" in results:
        prism_rps = results["prism"].requests_per_second
        checks.append((f"sdkgen >= 3x Prism: {sdk.requests_per_second / prism_rps:.2f}x", sdk.requests_per_second >= 3 * prism_rps))
    print()
    for text, met in checks:
        print(f"{'met    ' if met else 'NOT MET'}  {text}")
    footer()


if __name__ == "__main__":
    main()
