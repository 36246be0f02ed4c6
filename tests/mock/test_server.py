"""Over a real uvicorn server on 127.0.0.1 (free port, background thread), and the ``sdkgen mock`` command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import yaml
from click.testing import CliRunner
from gateway_helpers import KEY, FakeClock, base_config, shop

from sdkgen.mock import create_app
from sdkgen.mock.cli import mock
from sdkgen.mock.server import ServerThread


@pytest.fixture(scope="module")
def server_url():  # type: ignore[no-untyped-def]
    config = base_config(stages={"prod": {"methods": {"GET /files/{proxy+}": {"throttle": {"rate": 20, "burst": 5}}}}})
    app = create_app(shop(), config)
    with ServerThread(app, max_seconds=120) as url:
        yield url


def test_real_server_end_to_end(server_url: str) -> None:
    with httpx.Client(base_url=server_url, timeout=5) as client:
        r = client.get("/prod/products", headers={"x-api-key": KEY})
        assert r.status_code == 200 and "x-amzn-requestid" in r.headers
        r = client.get("/prod/products")
        assert r.status_code == 403 and r.json() == {"message": "Forbidden"}
        r = client.get("/prod/unknown")
        assert r.json() == {"message": "Missing Authentication Token"}
        r = client.post("/prod/products", content=b"{oops", headers={"x-api-key": KEY, "content-type": "application/json"})
        assert r.status_code == 400 and r.json() == {"message": "Invalid request body"}
        r = client.post("/prod/products", content=b"x" * (10 * 1024 * 1024 + 10), headers={"x-api-key": KEY})
        assert r.status_code == 413 and r.text == "HTTP content length exceeded 10485760 bytes."


def test_accepted_sockets_have_no_nagle_delay() -> None:
    """Regression: without TCP_NODELAY on accepted sockets each response waited ~40 ms for a delayed ACK.
    asyncio sets it on the sockets it accepts only when the listening socket says TCP: checked on the socket
    itself, not by timing requests (which would pass or fail with the machine's speed)."""
    import asyncio
    import socket

    from sdkgen.mock.server import bind

    async def accepted_nodelay() -> int:
        listener = bind("127.0.0.1", 0)
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(connected, sock=listener)
        _, writer = await asyncio.open_connection("127.0.0.1", listener.getsockname()[1])
        try:
            return await asyncio.wait_for(seen, 10)
        finally:
            writer.close()
            server.close()

    assert asyncio.run(accepted_nodelay()) != 0


def test_real_server_throttling_under_threads() -> None:
    """16 threads, 120 requests, a bucket of burst 5 on a clock that does not move: exactly 5 are admitted,
    however fast or slow the machine (a moving clock would make the count depend on the speed)."""
    config = base_config(stages={"prod": {"methods": {"GET /files/{proxy+}": {"throttle": {"rate": 20, "burst": 5}}}}})
    app = create_app(shop(), config, clock=FakeClock())
    with ServerThread(app, max_seconds=120) as url:

        def hit(_: int) -> int:
            with httpx.Client(base_url=url, timeout=5) as client:
                return client.get("/prod/files/a").status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(hit, range(120)))
    assert statuses.count(200) == 5 and statuses.count(429) == 115


def test_server_thread_stops_itself() -> None:
    app = create_app(shop(), base_config())
    thread = ServerThread(app, max_seconds=0.5)
    url = thread.start()
    assert httpx.get(url + "/prod/products/1").status_code == 200
    thread.thread.join(timeout=10)
    assert not thread.thread.is_alive()


def test_cli_reports_config_errors(tmp_path: Path) -> None:
    spec = tmp_path / "shop.json"
    spec.write_text(json.dumps(shop()))
    config = tmp_path / "gw.yaml"
    config.write_text(yaml.safe_dump({"stages": {"prod": {"throttle": {"rate": "x"}}}}))
    result = CliRunner().invoke(mock, [str(spec), "--config", str(config)])
    assert result.exit_code == 1
    assert "stages.prod.throttle.rate: expected a number" in result.output


def test_cli_serves_and_logs_requests(tmp_path: Path) -> None:
    spec = tmp_path / "shop.json"
    spec.write_text(json.dumps(shop()))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-c", "from sdkgen.mock.cli import mock; mock()", str(spec), "--port", "0", "--api-key", "k-123", "--seed", "3"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/prod)", line)
        assert match, line
        base = match.group(1)
        deadline = time.monotonic() + 10
        while True:
            try:
                r = httpx.get(base + "/products", headers={"x-api-key": "k-123"}, timeout=2)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        assert r.status_code == 200
        seen = ""
        while "GET /prod/products 200" not in seen:
            seen = process.stdout.readline()
            assert seen, "the server printed no request line"
        assert "key=cli-1" in seen and "ms" in seen
    finally:
        process.terminate()
        process.wait(timeout=10)


def _start_cli(args: list[str]) -> tuple[subprocess.Popen[str], str]:
    """``sdkgen mock`` in a subprocess; returns it and the base URL it printed."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-c", "from sdkgen.mock.cli import mock; mock()", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+\S*)", line)
    if not match:
        process.terminate()
        process.wait(timeout=10)
        raise AssertionError(line)
    return process, match.group(1)


def _get(url: str, **kwargs: object) -> httpx.Response:
    deadline = time.monotonic() + 10
    while True:
        try:
            return httpx.get(url, timeout=2, **kwargs)  # type: ignore[arg-type]
        except httpx.ConnectError:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_cli_flags_config_host_stage_seed_no_admin(tmp_path: Path) -> None:
    spec = tmp_path / "shop.json"
    spec.write_text(json.dumps(shop()))
    config = tmp_path / "gw.yaml"
    config.write_text(yaml.safe_dump({"api_keys": [{"id": "carol", "value": "carol-0123456789abcdef"}]}))
    args = [str(spec), "--config", str(config), "--host", "127.0.0.1", "--port", "0", "--stage", "beta", "--seed", "5", "--no-admin"]
    process, base = _start_cli(args)
    try:
        assert base.endswith("/beta")
        r = _get(base + "/products", headers={"x-api-key": "carol-0123456789abcdef"})
        assert r.status_code == 200
        # --seed: the generated body is the one an app with that seed answers, and not another seed's.
        expected = {seed: _in_process_body(seed) for seed in (5, 6)}
        assert r.content == expected[5] and r.content != expected[6]
        assert _get(base.rsplit("/", 1)[0] + "/prod/products").json() == {"message": "Missing Authentication Token"}  # only beta
        admin = _get(base.rsplit("/", 1)[0] + "/__sdkgen/requests")
        assert admin.status_code == 403 and admin.json() == {"message": "Missing Authentication Token"}
        assert process.stdout is not None
        seen = ""
        while "GET /beta/products 200" not in seen:
            seen = process.stdout.readline()
            assert seen, "the server printed no request line"
        # One line per request: method, path, status, latency, key id.
        assert re.fullmatch(r"GET /beta/products 200 \d+\.\dms key=carol\n", click_unstyle(seen)), seen
    finally:
        process.terminate()
        process.wait(timeout=10)


def _in_process_body(seed: int) -> bytes:
    import asyncio

    async def run() -> bytes:
        app = create_app(shop(), {"api_keys": [{"id": "c", "value": "k-0123456789"}]}, seed=seed, stage="beta")
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://m") as client:
            return (await client.get("/beta/products", headers={"x-api-key": "k-0123456789"})).content

    return asyncio.run(run())


def click_unstyle(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_real_server_cors_preflight_and_account_throttle() -> None:
    from gateway_helpers import http_api

    app = create_app(http_api(), {"account_throttle": {"rate": 5, "burst": 3}}, clock=FakeClock())  # a clock that does not move
    with ServerThread(app, max_seconds=60) as url, httpx.Client(base_url=url, timeout=5) as client:
        preflight = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}
        r = client.options("/todos/1", headers=preflight)
        assert r.status_code == 204
        assert r.headers["access-control-allow-origin"] == "https://app.example"
        assert r.headers["access-control-allow-headers"] == "authorization"
        r = client.options("/todos/1", headers={**preflight, "Origin": "https://evil.example"})
        assert r.status_code == 204 and "access-control-allow-origin" not in r.headers

        def hit(_: int) -> int:
            with httpx.Client(base_url=url, timeout=5) as own:
                return own.get("/public").status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(hit, range(40)))
        assert statuses.count(200) == 3 and statuses.count(429) == 37  # the account's burst, shared by all
