"""The worker processes' start: what a worker imports before the handler, the spare interpreter a new worker takes
on (``pool.Interpreters``), and what the function's environment still decides there. Over real sockets (uvicorn on
127.0.0.1) where a request goes through the gateway."""

from __future__ import annotations

import asyncio
import gc
import os
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from sdkgen.lambdas.pool import FunctionPool, FunctionSpec, Interpreters, Worker
from sdkgen.mock import create_app
from sdkgen.mock.server import ServerThread

HANDLERS = Path(__file__).resolve().parent / "handlers"
FUNCTIONS = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function"


def spec(*names: str) -> dict[str, Any]:
    paths = {f"/{name}": {"get": {"responses": {"200": {"description": "ok"}}, "x-amazon-apigateway-integration": {
        "type": "aws_proxy", "httpMethod": "POST", "uri": f"{FUNCTIONS}:{name}/invocations"}}} for name in names}  # fmt: skip
    return {"openapi": "3.0.1", "info": {"title": "Workers", "version": "1"},
            "servers": [{"url": "https://w0rk3r.execute-api.us-east-1.amazonaws.com/prod"}], "paths": paths}  # fmt: skip


def test_a_worker_imports_nothing_of_sdkgen_nor_typing_before_the_handler() -> None:
    app = create_app(spec("modules"), {"functions": {"modules": {"handler": "bare.modules", "code": str(HANDLERS)}}})
    try:
        with ServerThread(app) as url:
            loaded = set(httpx.get(url + "/prod/modules", timeout=30).text.split())
    finally:
        app.functions.close()
    assert "bare" in loaded and "json" in loaded
    assert not {m for m in loaded if m.startswith("sdkgen")}
    # typing, traceback (until an error), socket.py, struct, importlib's import_module, asyncio: none of them
    assert not {"typing", "traceback", "socket", "struct", "asyncio", "subprocess", "selectors"} & loaded


def test_a_new_worker_takes_on_the_spare_interpreter_and_another_is_started_after() -> None:
    entry = {"handler": "bare.settings", "code": str(HANDLERS), "env": {"PYTHONPATH": str(HANDLERS / "extra"), "TZ": "Asia/Tokyo"}}
    app = create_app(spec("settings", "own"), {"functions": {"settings": entry,
                                                             "own": {**entry, "env": {**entry["env"], "PYTHONHASHSEED": "7"}}}})  # fmt: skip
    interpreters = app.functions.interpreters
    try:
        spare = interpreters.spare[0].pid
        with ServerThread(app) as url:
            zone, pid, first_path, extra, _, cwd = httpx.get(url + "/prod/settings", timeout=30).text.split("|")
            assert int(pid) == spare  # the interpreter started with the gateway became the function's worker
            # ... and took on what the function's environment says: PYTHONPATH's folder, TZ; its code folder first
            assert (zone, extra, first_path, cwd) == ("+0900", "from PYTHONPATH", str(HANDLERS), str(HANDLERS))
            assert interpreters.spare is not None and interpreters.spare[0].pid not in (spare, int(pid))  # the next one
            # A variable Python reads as it starts (PYTHONHASHSEED): an interpreter started for the function, with it.
            next_spare = interpreters.spare[0].pid
            _, own_pid, _, _, seed, _ = httpx.get(url + "/prod/own", timeout=30).text.split("|")
            assert int(own_pid) != next_spare and seed == "7"
            assert interpreters.spare[0].pid == next_spare  # still there for the next function that fits
    finally:
        app.functions.close()
    assert interpreters.spare is None


def test_an_interpreter_nobody_closed_ends_with_its_owner() -> None:
    interpreters = Interpreters()
    assert interpreters.spare is not None
    process = interpreters.spare[0]
    del interpreters
    gc.collect()
    assert process.wait(timeout=10) is not None


def test_the_booted_message_and_the_init_report_waiting_together_are_read_one_by_one() -> None:
    async def scenario() -> dict[str, Any]:
        interpreters = Interpreters()
        function = FunctionSpec("modules", "bare.modules", HANDLERS)
        worker = Worker(function, None, interpreters)
        try:
            time.sleep(2.0)  # not awaiting: both messages are written into the pipe meanwhile
            return await asyncio.wait_for(worker.read_ready(), 10)
        finally:
            worker.kill()
            interpreters.close()

    assert asyncio.run(scenario()) == {"ok": True}


def test_a_pool_without_a_spare_starts_its_workers_itself() -> None:
    async def scenario() -> Any:
        pool = FunctionPool(FunctionSpec("settings", "bare.settings", HANDLERS, env={"PYTHONPATH": str(HANDLERS / "extra")}))
        try:
            return (await pool.invoke({}, "r1")).result
        finally:
            pool.close()

    result = asyncio.run(scenario())
    assert result["statusCode"] == 200 and result["body"].split("|")[3] == "from PYTHONPATH"
    assert result["body"].split("|")[0] == "+0000"  # TZ=:UTC, Lambda's


