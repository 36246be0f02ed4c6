"""``sdkgen mock`` stopped as a user stops it: Ctrl-C (SIGINT) or a supervisor's SIGTERM.

Either is the way to end a server that runs until told to stop, so it is an orderly end: exit 0, no "Aborted!",
no traceback (a script or CI step that stops the mock it started does not see a failure).
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

SPECS = Path(__file__).resolve().parent.parent / "specs"


@pytest.mark.parametrize("when", ["serving", "at-once"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("spec", ["shop.yaml", "lambda-app/todos.yaml"])
def test_mock_stops_cleanly_on_a_signal(spec: str, sig: signal.Signals, when: str) -> None:
    """"at-once": as soon as it says Ctrl-C stops it, while uvicorn is still starting (the signal then used to be an
    exception raised inside asyncio's start-up: "Aborted!", an internal error, death by the signal, or a hang)."""
    process = subprocess.Popen([sys.executable, "-m", "sdkgen", "mock", str(SPECS / spec), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 30
        line, port = "", None
        while "Press Ctrl-C" not in line and time.monotonic() < deadline:
            line = process.stdout.readline()
            found = re.search(r"http://127\.0\.0\.1:(\d+)", line)
            port = int(found.group(1)) if found else port
            if not line and process.poll() is not None:
                break
        assert "Press Ctrl-C" in line and port, process.stderr.read() if process.stderr else ""
        # Serving (an answer came back): uvicorn's signal handlers are in place. The socket listens before that, so
        # a connection alone proves nothing.
        while when == "serving" and time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/nothing", timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        process.send_signal(sig)
        stdout, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, (process.returncode, stderr[-2000:])
    assert "Traceback" not in stderr and "Aborted" not in stderr + stdout and "error" not in stderr.lower(), stderr[-2000:]
