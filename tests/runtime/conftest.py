"""Fixtures for the client runtime's own tests.

The runtime in templates/runtime/ is copied verbatim into every generated package, where
its modules import each other relatively. Here it is copied into a throwaway package,
``rtpkg``, and exercised directly over ``httpx.MockTransport``: no network, no sleeping.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import BASE_URL, MakeClient, Recorder, client_options

RUNTIME = Path(__file__).resolve().parents[2] / "templates" / "runtime"


@pytest.fixture(scope="session")
def rtpkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("runtime")
    package = root / "rtpkg"
    package.mkdir()
    for module in RUNTIME.glob("*.py"):
        shutil.copy(module, package / module.name)
    (package / "__init__.py").write_text('"""The runtime, copied for its tests."""\n')
    sys.path.insert(0, str(root))
    try:
        imported = importlib.import_module("rtpkg")
        for module in sorted(RUNTIME.glob("_*.py")):
            importlib.import_module(f"rtpkg.{module.stem}")
        yield imported
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == "rtpkg" or m.startswith("rtpkg.")]:
            del sys.modules[name]


@pytest.fixture
def schemes(rtpkg: ModuleType) -> dict[str, Any]:
    """One security scheme of each kind, named as a definition might name them."""
    scheme = rtpkg._auth.SecurityScheme
    return {
        "api_key": scheme("api_key", "api_key", "header", "x-api-key", "api_key"),
        "key_in_query": scheme("key_in_query", "api_key", "query", "key", "api_key"),
        "key_in_cookie": scheme("key_in_cookie", "api_key", "cookie", "k", "api_key"),
        "jwt": scheme("jwt", "bearer", "header", "Authorization", "token"),
        "cognito": scheme("cognito", "raw_token", "header", "Authorization", "token"),
        "notes_auth": scheme("notes_auth", "lambda", "header", "X-Notes-Auth", "notes"),
        "query_auth": scheme("query_auth", "lambda", "query", "auth", "query_auth"),
        "iam": scheme("iam", "sigv4", "header", "Authorization", "aws"),
        "basic": scheme("basic", "basic", "header", "Authorization", "basic"),
    }


@pytest.fixture(autouse=True)
def no_ambient_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's own AWS settings must not leak into what the tests expect."""
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
    ):
        monkeypatch.delenv(name, raising=False)


def _client_options(schemes: dict[str, Any], http_client: Any, overrides: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for SyncAPIClient/AsyncAPIClient with nothing configured, then ``overrides`` (which
    may bring an ``http_client`` of their own)."""
    return client_options(schemes, **{"http_client": http_client, **overrides})


@pytest.fixture
def make_client(rtpkg: ModuleType, schemes: dict[str, Any]) -> MakeClient:
    """``make_client(recorder, **kwargs)``: a SyncAPIClient over a MockTransport that
    records its sleeps in ``recorder.sleeps`` instead of sleeping."""

    def make(recorder: Recorder, **kwargs: Any) -> Any:
        options = _client_options(schemes, httpx.Client(transport=httpx.MockTransport(recorder)), kwargs)
        client = rtpkg._base_client.SyncAPIClient(**options)
        client._sleep = recorder.sleeps.append
        return client

    return make


@pytest.fixture
def make_async_client(rtpkg: ModuleType, schemes: dict[str, Any]) -> MakeClient:
    """The same for AsyncAPIClient; its async sleep records into ``recorder.sleeps``."""

    def make(recorder: Recorder, **kwargs: Any) -> Any:
        options = _client_options(schemes, httpx.AsyncClient(transport=httpx.MockTransport(recorder)), kwargs)
        client = rtpkg._base_client.AsyncAPIClient(**options)

        async def sleep(seconds: float) -> None:
            recorder.sleeps.append(seconds)

        client._async_sleep = sleep
        return client

    return make


@pytest.fixture
def ops(rtpkg: ModuleType) -> Callable[..., Any]:
    """``ops(method, path, **fields)``: a RequestOptions parsing any 2xx generically
    unless ``parse`` is given."""

    def build(method: str, path: str, **fields: Any) -> Any:
        fields.setdefault("parse", {})
        return rtpkg._base_client.RequestOptions(method, path, **fields)

    return build
