"""What the caller passes can never change what is requested: path parameters stay one
segment of the intended route (over a real socket), cookie values stay one cookie, and
input no request can carry is refused at once, before anything is sent or retried."""

from __future__ import annotations

import http.server
import importlib
import itertools
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rt_helpers import BASE_URL, MakeClient, Recorder, client_options

Ops = Callable[..., Any]

# Characters with a meaning in a URL path, alone and in every combination up to three.
_URL_CHARS = "./%?#\\;"
SWEEP = ["".join(p) for n in (1, 2, 3) for p in itertools.product(_URL_CHARS, repeat=n)]
SWEEP += ["%2e%2e", "%2E", "..%2f..", ".%2e", "a/../b", "../../etc/passwd", "..;x", " ..", "~"]


class _Recording(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one connection for the whole sweep
    wbufsize = 1 << 16  # the answer in one write, not held back by delayed ACKs
    targets: list[str]

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        # self.path is the request target exactly as it came on the wire.
        self.targets.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    do_DELETE = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[str]]]:
    targets: list[str] = []
    handler = type("Handler", (_Recording,), {"targets": targets})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/prod", targets
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def socket_client(
    rtpkg: ModuleType, schemes: dict[str, Any], server: tuple[str, list[str]]
) -> Iterator[Any]:
    base_url, _ = server
    client = rtpkg._base_client.SyncAPIClient(
        **client_options(schemes, base_url=base_url, default_base_url="", max_retries=0)
    )
    yield client
    client.close()


def test_path_parameters_never_leave_their_segment_over_a_socket(
    socket_client: Any, server: tuple[str, list[str]], ops: Ops
) -> None:
    _, targets = server
    for value in SWEEP:
        for method in ("GET", "DELETE"):
            targets.clear()
            socket_client._call(
                ops(method, "/products/{productId}", path_params={"productId": value})
            )
            (target,) = targets
            prefix = "/prod/products/"
            assert target.startswith(prefix), (value, target)
            segment = target[len(prefix) :]
            # One segment, no query or fragment, and the server decodes the value itself.
            assert "/" not in segment and "?" not in segment and "#" not in segment
            assert segment not in (".", ".."), (value, target)
            assert unquote(segment) == value, (value, target)


def test_greedy_path_parameters_keep_slashes_but_never_climb(
    socket_client: Any, server: tuple[str, list[str]], ops: Ops
) -> None:
    _, targets = server
    for value in SWEEP:
        targets.clear()
        socket_client._call(ops("GET", "/files/{proxy+}", path_params={"proxy": value}))
        (target,) = targets
        prefix = "/prod/files/"
        assert target.startswith(prefix), (value, target)
        rest = target[len(prefix) :]
        assert "?" not in rest and "#" not in rest
        assert not {".", ".."} & set(rest.split("/")), (value, target)
        assert unquote(rest) == value, (value, target)


def _cookies(header: str) -> list[tuple[str, str]]:
    """A Cookie header as servers split it: pairs at ";", name and value at the first "="."""
    pairs = []
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        pairs.append((name, value))
    return pairs


# make_client is a factory: nothing it returns is shared between examples.
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(), st.text())
def test_one_cookie_parameter_is_one_cookie(
    make_client: MakeClient, ops: Ops, theme: str, lang: str
) -> None:
    recorder = Recorder(httpx.Response(200))
    client = make_client(recorder, api_key="key-1")
    client._call(
        ops(
            "GET",
            "/items",
            cookies={"theme": theme, "lang": lang},
            security=(("key_in_cookie",),),
        )
    )
    pairs = _cookies(recorder.last.headers["Cookie"])
    assert [name for name, _ in pairs] == ["theme", "lang", "k"]
    assert [unquote(value) for _, value in pairs] == [theme, lang, "key-1"]


def test_cookie_injection_example(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(httpx.Response(200))
    make_client(recorder)._call(
        ops("GET", "/items", cookies={"theme": "dark; session=attacker"})
    )
    assert recorder.last.headers["Cookie"] == "theme=dark%3B%20session=attacker"


# -- input no request can carry: refused before anything is sent ----------------------------

BAD_HEADER_VALUES = [
    "a\r\nX-Injected: 1",
    "a\nb",
    "a\rb",
    "trailing newline\n",
    "nul\x00",
    "é",
    "\u2028",
]


@pytest.mark.parametrize("value", BAD_HEADER_VALUES)
def test_bad_header_value_is_a_value_error_and_nothing_is_sent(
    make_client: MakeClient, ops: Ops, value: str
) -> None:
    recorder = Recorder(httpx.Response(200))
    client = make_client(recorder)
    with pytest.raises(ValueError, match="X-Trace"):
        client._call(ops("GET", "/items", headers={"X-Trace": value}))
    assert recorder.requests == [] and recorder.sleeps == []


def test_credential_with_a_newline_is_a_value_error_and_nothing_is_sent(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(httpx.Response(200))
    client = make_client(recorder, api_key="key-read-from-a-file\n")
    with pytest.raises(ValueError, match="x-api-key"):
        client._call(ops("PUT", "/items", security=(("api_key",),)))
    assert recorder.requests == [] and recorder.sleeps == []


def test_every_control_character_in_a_header_is_refused_or_sent_verbatim(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(httpx.Response(200))
    client = make_client(recorder)
    for code in range(0x80):
        value = f"a{chr(code)}b"
        if chr(code) in "\r\n\x00":
            with pytest.raises(ValueError):
                client._call(ops("GET", "/items", headers={"X-V": value}))
        else:
            client._call(ops("GET", "/items", headers={"X-V": value}))
            assert recorder.last.headers["X-V"] == value
    assert len(recorder.requests) == 0x80 - 3


@pytest.mark.parametrize(
    ("method", "error"),
    [("FOO BAR", ValueError), ("GET\r\n", ValueError), ("", ValueError), (5, TypeError)],
)
def test_bad_http_method_is_refused_before_sending(
    make_client: MakeClient, ops: Ops, method: Any, error: type[Exception]
) -> None:
    recorder = Recorder(httpx.Response(200))
    with pytest.raises(error):
        make_client(recorder)._call(ops(method, "/items"))
    assert recorder.requests == [] and recorder.sleeps == []


def test_http_method_is_upper_cased(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(httpx.Response(200))
    make_client(recorder)._call(ops("patch", "/items"))
    assert recorder.last.method == "PATCH"


async def test_async_client_refuses_bad_input_before_sending(
    make_async_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(httpx.Response(200))
    client = make_async_client(recorder)
    with pytest.raises(ValueError):
        await client._call(ops("GET", "/items", headers={"X-Trace": "a\r\nb: c"}))
    with pytest.raises(ValueError):
        await client._call(ops("FOO BAR", "/items"))
    assert recorder.requests == [] and recorder.sleeps == []


# -- the base URL ---------------------------------------------------------------------------


@pytest.mark.parametrize("default", ["", "/prod"])
def test_no_usable_host_is_an_error_at_construction_naming_both_ways(
    make_client: MakeClient, default: str
) -> None:
    with pytest.raises(ValueError) as raised:
        make_client(Recorder(), default_base_url=default, base_url_env="SHOP_API_BASE_URL")
    message = str(raised.value)
    assert "base_url=" in message and "$SHOP_API_BASE_URL" in message
    if default:
        assert "'/prod'" in message


def test_no_host_is_fine_once_a_base_url_is_given(
    make_client: MakeClient, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder(httpx.Response(200))
    options = {"default_base_url": "/prod", "base_url_env": "SHOP_API_BASE_URL"}
    make_client(recorder, base_url="http://127.0.0.1:9/prod", **options)._call(ops("GET", "/a"))
    monkeypatch.setenv("SHOP_API_BASE_URL", "https://h.test/dev")
    make_client(recorder, **options)._call(ops("GET", "/a"))
    assert [str(r.url) for r in recorder.requests] == [
        "http://127.0.0.1:9/prod/a",
        "https://h.test/dev/a",
    ]


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"base_url": "api.example.com/prod"}, "base_url 'api.example.com/prod'"),
        ({"base_url": "ftp://h/prod"}, "base_url 'ftp://h/prod'"),
        ({"base_url": "https:///prod"}, "base_url 'https:///prod'"),
    ],
)
def test_a_base_url_that_is_not_absolute_http_is_refused(
    make_client: MakeClient, options: dict[str, Any], named: str
) -> None:
    with pytest.raises(ValueError, match=named):
        make_client(Recorder(), **options)


def test_invalid_base_url_from_the_environment_names_the_variable(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOP_API_BASE_URL", "localhost:4010")
    with pytest.raises(ValueError, match=r"\$SHOP_API_BASE_URL 'localhost:4010'"):
        make_client(Recorder(), base_url_env="SHOP_API_BASE_URL")


def test_connection_errors_name_the_url_without_its_query(
    make_client: MakeClient, ops: Ops, rtpkg: ModuleType
) -> None:
    recorder = Recorder(httpx.ConnectError("refused"))
    client = make_client(recorder, api_key="secret-key", max_retries=0)
    with pytest.raises(rtpkg._exceptions.APIConnectionError) as raised:
        client._call(ops("GET", "/items/{id}", path_params={"id": "7"}, security=(("key_in_query",),)))
    assert f"GET {BASE_URL}/items/7" in str(raised.value)
    assert "secret-key" not in str(raised.value)


@pytest.mark.parametrize(("method", "error"), [("FOO BAR", ValueError), ("GET\r\nX: y", ValueError), (None, TypeError)])
def test_generated_any_operation_refuses_a_bad_http_method_before_sending(method: Any, error: type[Exception]) -> None:
    project = Path(__file__).resolve().parents[2] / "generated" / "notes"
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    notes = importlib.import_module("notes_api")
    recorder = Recorder(httpx.Response(200, json={}))
    client = notes.Client(base_url="https://h.test/dev", api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(recorder)))
    with pytest.raises(error):
        client.any_echo(http_method=method)
    assert recorder.requests == []
    client.any_echo(http_method="delete")
    assert recorder.last.method == "DELETE"
