"""Runtime auth behaviour that mutation testing of templates/runtime/_auth.py found unguarded (issue 17)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import httpx
from rt_helpers import MakeClient, Recorder


def test_auth_loads_neither_asyncio_nor_sigv4_with_the_runtime(rtpkg: ModuleType) -> None:
    """asyncio is for the async client only and _sigv4 (hmac) for definitions with IAM operations only: importing the
    runtime loads neither (checked in a fresh interpreter, after httpx, which the client needs anyway)."""
    root = Path(rtpkg.__file__).parent.parent
    code = (
        "import sys, json, httpx; sys.path.insert(0, sys.argv[1]); before = set(sys.modules);"
        "import rtpkg._auth, rtpkg._base_client;"
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "rtpkg._auth" in loaded and "rtpkg._sigv4" not in loaded and "asyncio" not in loaded


def test_a_basic_credential_that_is_not_a_pair_is_not_sent(make_client: MakeClient, ops: Callable[..., Any]) -> None:
    """HTTP basic takes a (user, password) pair; anything else sends no Authorization header at all, rather than a
    guess (the server then answers 401)."""
    for given, sent in ((("ann", "pw"), True), (("ann", "pw", "extra"), False), (("ann",), False), ("ann:pw", False)):
        recorder = Recorder(httpx.Response(200, json={}))
        make_client(recorder, credentials={"basic": given})._call(ops("GET", "/x", security=(("basic",),)))
        assert ("Authorization" in recorder.last.headers) is sent, given


def test_the_token_kind_and_the_alternative_follow_the_schemes_credentials(
    rtpkg: ModuleType, make_client: MakeClient, ops: Callable[..., Any], schemes: dict[str, Any]
) -> None:
    """A client given an API key and both tokens: an unscoped Cognito method gets the (ID) token, a scoped one the
    access token; with only an API key, alternatives [scoped Cognito] or [API key] take the key (mutation survivors
    of _auth.py: `== "access_token"` -> `is not` in tokens_for, `credential == "api_key"` -> `<=` in has)."""
    scoped = rtpkg._auth.SecurityScheme("scoped", "raw_token", "header", "Authorization", "access_token")
    every = {**schemes, "scoped": scoped}
    for security, sent in (((("cognito",),), "id-token"), (((("scoped",),)), "access-token")):
        recorder = Recorder(httpx.Response(200, json={}))
        client = make_client(recorder, security_schemes=every, api_key="k", token="id-token", access_token="access-token")
        client._call(ops("GET", "/x", security=security))
        assert recorder.last.headers.get("Authorization") == sent, security
    recorder = Recorder(httpx.Response(200, json={}))
    make_client(recorder, security_schemes=every, api_key="k")._call(ops("GET", "/x", security=(("scoped",), ("api_key",))))
    assert recorder.last.headers.get("x-api-key") == "k" and "Authorization" not in recorder.last.headers
