"""Runtime client behaviour that mutation testing of templates/runtime/_base_client.py found unguarded (issue 17)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType


def test_the_client_loads_its_retry_module_only_when_a_call_first_fails(rtpkg: ModuleType) -> None:
    """`import pkg; pkg.Client()` loads the sync client only: not `_retry` (nor `_sigv4`), checked in a fresh
    interpreter over the runtime as the templates have it (tests/runtime/test_rt_imports.py checks the committed
    examples, which a change to templates/runtime does not reach until they are regenerated)."""
    root = Path(rtpkg.__file__).parent.parent
    code = (
        "import sys, json, httpx; sys.path.insert(0, sys.argv[1]); before = set(sys.modules);"
        "import rtpkg._base_client;"
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "rtpkg._base_client" in loaded and "rtpkg._retry" not in loaded and "rtpkg._sigv4" not in loaded, loaded


def test_both_clients_validate_responses_leniently_by_default(rtpkg: ModuleType) -> None:
    """README: responses are validated leniently by default, strictly only with `strict_response_validation=True`;
    the async client as the sync one."""
    import inspect

    for client in (rtpkg._base_client.SyncAPIClient, rtpkg._base_client.AsyncAPIClient):
        default = inspect.signature(client.__init__).parameters["strict_response_validation"].default
        assert default is False, client
