"""`sdkgen mock` as a subprocess, for the tests that run it as a user would (e2e, templates as inputs)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def mock_process(*args: str, until_ready: bool = False) -> Iterator[tuple[str, list[str]]]:
    """`sdkgen mock ARGS --port 0` on a free 127.0.0.1 port: yields the first URL it prints and the lines it
    printed up to it; with ``until_ready``, every line of both streams (warnings, the route map) up to "Press
    Ctrl-C". Stopped with Ctrl-C at the end (killed if it has not stopped 15 s later)."""
    errors = subprocess.STDOUT if until_ready else subprocess.PIPE
    process = subprocess.Popen([sys.executable, "-m", "sdkgen", "mock", *args, "--port", "0"],
                               stdout=subprocess.PIPE, stderr=errors, text=True)  # fmt: skip
    try:
        assert process.stdout is not None
        lines: list[str] = []
        url = None
        deadline = time.monotonic() + 30
        while (url is None or (until_ready and not lines[-1].startswith("Press Ctrl-C"))) and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                raise AssertionError(f"sdkgen mock exited: {''.join(lines)}{process.stderr.read() if process.stderr else ''}")
            lines.append(line)
            match = re.search(r"(http://127\.0\.0\.1:\d+\S*)", line)
            url = url or (match.group(1) if match else None)
        assert url is not None, "sdkgen mock printed no URL"
        yield url, lines
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
