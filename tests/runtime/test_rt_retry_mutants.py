"""Retry behaviour that mutation testing (scripts/mutation.py on templates/runtime/_retry.py) found unguarded."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import THROTTLED, MakeClient, Recorder

Ops = Callable[..., Any]


def test_an_error_that_is_not_the_apis_is_never_retried(make_client: MakeClient, ops: Ops) -> None:
    """Once retrying (after a 429), a failure of another kind, say a bug in a transport, is raised at once."""
    recorder = Recorder(THROTTLED, RuntimeError("transport bug"))
    with pytest.raises(RuntimeError, match="transport bug"):
        make_client(recorder)._call(ops("GET", "/x"))
    assert len(recorder.requests) == 2 and len(recorder.sleeps) == 1


def test_a_negative_retry_after_ms_waits_nothing(rtpkg: ModuleType) -> None:
    assert rtpkg._retry.retry_after(httpx.Headers({"retry-after-ms": "-500"}), 0.0) == 0.0


def test_an_http_date_with_an_offset_is_read_with_it(rtpkg: ModuleType) -> None:
    """RFC 9110 dates are GMT, yet servers send offsets: the date means that instant, not that hour in UTC."""
    now = 1_700_000_000.0  # 2023-11-14 22:13:20 UTC
    headers = httpx.Headers({"Retry-After": "Tue, 14 Nov 2023 23:13:50 +0100"})  # 22:13:50 UTC
    assert rtpkg._retry.retry_after(headers, now) == 30.0
    gmt = httpx.Headers({"Retry-After": "Tue, 14 Nov 2023 22:13:50 -0000"})  # "-0000": GMT, read as naive
    assert rtpkg._retry.retry_after(gmt, now) == 30.0


def test_tenacity_is_imported_only_when_a_call_first_fails(rtpkg: ModuleType) -> None:
    """A successful call never imports tenacity (~6 ms); checked in a fresh interpreter."""
    root = Path(rtpkg.__file__).parent.parent
    code = (
        "import sys, httpx; sys.path.insert(0, sys.argv[1]);"
        "import rtpkg._retry, rtpkg._base_client;"
        "assert 'tenacity' not in sys.modules, 'imported with the runtime'; print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
