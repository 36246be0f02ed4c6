"""What the sync client puts on the wire, and how it reads what comes back."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import BASE_URL, MakeClient, Recorder, client_options

Ops = Callable[..., Any]


def test_path_query_header_and_cookie_parameters(
    make_client: MakeClient, ops: Ops, rtpkg: ModuleType
) -> None:
    recorder = Recorder(httpx.Response(200, json=[]))
    client = make_client(recorder)
    client._call(
        ops(
            "get",
            "/items/{itemId}/parts/{proxy+}",
            path_params={"itemId": "a/b c", "proxy": "x/y z"},
            query=[("tags", ["a", "b"]), ("limit", 5), ("gone", rtpkg._types.UNSET)],
            headers={"X-Trace-Id": "t-1", "X-Flags": ["p", "q"], "X-None": None},
            cookies={"session": "s1", "missing": None},
        )
    )
    request = recorder.last
    assert request.method == "GET"
    assert request.url.raw_path == (
        b"/prod/items/a%2Fb%20c/parts/x/y%20z?tags=a&tags=b&limit=5"
    )
    assert request.url.host == "abc123.execute-api.us-east-1.amazonaws.com"
    assert request.headers["X-Trace-Id"] == "t-1"
    assert request.headers["X-Flags"] == "p,q"
    assert "X-None" not in request.headers
    assert request.headers["Cookie"] == "session=s1"


def test_json_body(make_client: MakeClient, ops: Ops, rtpkg: ModuleType) -> None:
    recorder = Recorder(httpx.Response(201, json={}))
    body = {"name": "Mug", "note": None, "gone": rtpkg._types.UNSET, "n": "é"}
    make_client(recorder)._call(ops("POST", "/items", json_body=body))
    request = recorder.last
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {"name": "Mug", "note": None, "n": "é"}
    assert b" " not in request.content  # compact


def test_json_body_may_be_a_falsy_value(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(httpx.Response(200))
    make_client(recorder)._call(ops("PUT", "/flag", json_body=False))
    assert recorder.last.content == b"false"


def test_form_body(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(httpx.Response(200))
    form = {"name": "a b", "tags": ["x", "y"], "ok": True, "gone": None}
    make_client(recorder)._call(ops("POST", "/form", form=form))
    request = recorder.last
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.content == b"name=a+b&tags=x&tags=y&ok=true"


def test_multipart_body(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(httpx.Response(200))
    files = {
        "photo": ("a.png", b"\x89PNG", "image/png"),
        "raw": b"\x00\x01",
        "caption": "hi",
        "meta": {"w": 2},
        "gone": None,
    }
    make_client(recorder)._call(ops("POST", "/upload", files=files))
    request = recorder.last
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    body = request.content
    assert b'name="photo"; filename="a.png"\r\nContent-Type: image/png' in body
    assert b"\x89PNG" in body and b"\x00\x01" in body
    assert b'name="caption"\r\n\r\nhi\r\n' in body
    assert b'name="meta"\r\nContent-Type: application/json\r\n\r\n{"w":2}' in body
    assert b'name="gone"' not in body


def test_multipart_without_files_is_still_multipart(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder(httpx.Response(200))
    make_client(recorder)._call(ops("POST", "/upload", files={"caption": "only"}))
    assert recorder.last.headers["Content-Type"].startswith("multipart/form-data")


def test_raw_content(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(httpx.Response(200))
    client = make_client(recorder)
    client._call(ops("PUT", "/blob", content=b"\x00\xff", content_type="image/png"))
    client._call(ops("PUT", "/blob", content=b"x"))
    png, default = recorder.requests
    assert png.content == b"\x00\xff" and png.headers["Content-Type"] == "image/png"
    assert default.headers["Content-Type"] == "application/octet-stream"


def test_no_body_sends_no_content_type(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(httpx.Response(200))
    make_client(recorder)._call(ops("DELETE", "/items/{id}", path_params={"id": 1}))
    assert "Content-Type" not in recorder.last.headers
    assert recorder.last.content == b""


def test_user_agent(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(httpx.Response(200))
    make_client(recorder)._call(ops("GET", "/"))
    make_client(recorder, user_agent="shop-client/1.0")._call(ops("GET", "/"))
    default, custom = recorder.requests
    assert default.headers["User-Agent"].startswith("sdkgen-client")
    assert custom.headers["User-Agent"] == "shop-client/1.0"


def test_base_url_explicit_then_environment_then_default(
    make_client: MakeClient, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder(httpx.Response(200))
    env = {"base_url_env": "SHOP_BASE_URL"}
    make_client(recorder, **env)._call(ops("GET", "/items"))
    monkeypatch.setenv("SHOP_BASE_URL", "http://127.0.0.1:4010/dev/")
    make_client(recorder, **env)._call(ops("GET", "/items"))
    make_client(recorder, base_url="http://localhost:9/x", **env)._call(
        ops("GET", "/items")
    )
    urls = [str(r.url) for r in recorder.requests]
    assert urls == [
        f"{BASE_URL}/items",
        "http://127.0.0.1:4010/dev/items",
        "http://localhost:9/x/items",
    ]


def test_api_key_explicit_then_environment(
    make_client: MakeClient, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder(httpx.Response(200))
    secured = ops("GET", "/items", security=(("api_key",),))
    monkeypatch.setenv("SHOP_API_KEY", "env-key")
    make_client(recorder, api_key_env="SHOP_API_KEY")._call(secured)
    make_client(recorder, api_key="own", api_key_env="SHOP_API_KEY")._call(secured)
    make_client(recorder)._call(secured)  # no variable named: the environment is unused
    sent = [r.headers.get("x-api-key") for r in recorder.requests]
    assert sent == ["env-key", "own", None]


def test_parser_choice(make_client: MakeClient, ops: Ops) -> None:
    parsers = {
        "201": lambda r: ("201", r.json()),
        "2XX": lambda r: ("2XX", r.json()),
        "default": lambda r: ("default", r.status_code),
    }
    recorder = Recorder(
        httpx.Response(201, json={"a": 1}), httpx.Response(202, json={"b": 2})
    )
    client = make_client(recorder)
    assert client._call(ops("POST", "/x", parse=parsers)) == ("201", {"a": 1})
    assert client._call(ops("POST", "/x", parse=parsers)) == ("2XX", {"b": 2})
    only_default = {"default": parsers["default"]}
    assert client._call(ops("POST", "/x", parse=only_default)) == ("default", 202)


@pytest.mark.parametrize(
    ("response", "parsed"),
    [
        (httpx.Response(200, json={"a": [1]}), {"a": [1]}),
        (httpx.Response(204), None),
        (httpx.Response(200, text="plain words"), "plain words"),
    ],
)
def test_undocumented_body_falls_back_to_json_or_none(
    make_client: MakeClient, ops: Ops, response: httpx.Response, parsed: Any
) -> None:
    client = make_client(Recorder(response))
    assert client._call(ops("GET", "/x", parse={"404": lambda r: "wrong"})) == parsed


def test_raw_response(make_client: MakeClient, ops: Ops) -> None:
    headers = {"x-amzn-RequestId": "r-9", "X-Total": "3"}
    recorder = Recorder(httpx.Response(200, json=[1, 2, 3], headers=headers))
    raw = make_client(recorder)._call_raw(
        ops("GET", "/x", parse={"200": lambda r: len(r.json())})
    )
    assert raw.status_code == 200 and raw.headers["X-Total"] == "3"
    assert raw.request_id == "r-9"
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.parse() == 3


def test_with_options_is_a_configured_copy_sharing_the_pool(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops, schemes: dict[str, Any]
) -> None:
    inits: list[str] = []

    class Client(rtpkg._base_client.SyncAPIClient):  # type: ignore[misc,name-defined]
        def __init__(self, http_client: httpx.Client) -> None:
            inits.append("init")
            super().__init__(
                base_url=None,
                default_base_url=BASE_URL,
                base_url_env=None,
                api_key="k",
                api_key_env=None,
                token=None,
                credentials={},
                security_schemes=schemes,
                http_client=http_client,
            )

    recorder = Recorder(httpx.Response(200))
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    client = Client(http)
    clone = client.with_options(max_retries=0, timeout=5.0)
    assert type(clone) is Client and clone is not client
    assert inits == ["init"]  # the subclass's __init__ did not run again
    assert (clone.max_retries, clone.timeout) == (0, 5.0)
    assert (client.max_retries, client.timeout) == (3, 30.0)
    assert clone._http is client._http and clone._credentials is client._credentials
    clone._call(ops("GET", "/x", security=(("api_key",),)))
    assert recorder.last.headers["x-api-key"] == "k"
    assert recorder.last.extensions["timeout"]["read"] == 5.0
    assert client.with_options().max_retries == 3


def test_closing_owns_only_its_own_pool(
    rtpkg: ModuleType, make_client: MakeClient, schemes: dict[str, Any]
) -> None:
    mine = make_client(Recorder())
    mine.close()
    assert not mine._http.is_closed  # passed in by the caller: theirs to close

    own = rtpkg._base_client.SyncAPIClient(**client_options(schemes, base_url="http://127.0.0.1:9"))
    with own.with_options(max_retries=1) as copy_of_own:
        assert copy_of_own._http is own._http
    assert not own._http.is_closed  # a copy never closes the pool it shares
    with own as entered:
        assert entered is own and not own._http.is_closed
    assert own._http.is_closed


def test_timeout_reaches_the_request(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(httpx.Response(200))
    make_client(recorder, timeout=httpx.Timeout(2.0, read=7.0))._call(ops("GET", "/"))
    assert recorder.last.extensions["timeout"]["read"] == 7.0
    assert recorder.last.extensions["timeout"]["connect"] == 2.0


def test_request_values_with_dates(make_client: MakeClient, ops: Ops) -> None:
    recorder = Recorder(httpx.Response(200))
    day = datetime.date(2024, 2, 29)
    make_client(recorder)._call(ops("GET", "/d/{day}", path_params={"day": day}))
    assert recorder.last.url.raw_path == b"/prod/d/2024-02-29"


def test_clients_share_one_ssl_context(
    rtpkg: ModuleType, schemes: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clients that make their own httpx client load the CA bundle once per process."""
    built: list[object] = []
    real = httpx.create_ssl_context

    def counting() -> Any:
        built.append(context := real())
        return context

    monkeypatch.setattr(httpx, "create_ssl_context", counting)
    shared = rtpkg._base_client.shared_ssl_context
    shared.cache_clear()
    try:
        options = client_options(schemes, default_base_url="https://x.test")
        clients = [rtpkg._base_client.SyncAPIClient(**options) for _ in range(3)]
        clients.append(rtpkg._base_client.AsyncAPIClient(**options))
        assert len(built) == 1
        assert all(c._http._transport._pool._ssl_context is built[0] for c in clients)
        for client in clients[:3]:
            client.close()
    finally:
        shared.cache_clear()
