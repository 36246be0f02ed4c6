"""Per-call options (extra_headers, extra_query, extra_body, timeout) and the client's
default_headers / default_query, in the sync and async clients: what reaches the wire,
and which wins where two name the same thing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import MakeClient, Recorder

Ops = Callable[..., Any]


def test_extra_headers_are_sent_and_win_whatever_their_case(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder()
    client = make_client(recorder, api_key="client-key")
    options = ops(
        "GET", "/x", headers={"X-Trace-Id": "generated"}, security=(("api_key",),)
    )
    client._call(
        options,
        extra_headers={
            "x-trace-id": "mine",
            "X-Extra": "1",
            "X-API-KEY": "other-key",  # a credential too: explicit per call
            "user-agent": "agent/1",
        },
    )
    request = recorder.last
    assert request.headers.get_list("x-trace-id") == ["mine"]
    assert request.headers.get_list("x-api-key") == ["other-key"]
    assert request.headers.get_list("user-agent") == ["agent/1"]
    assert request.headers["X-Extra"] == "1"
    # Nothing else changed: the next call without extras sends the generated values.
    client._call(options)
    assert recorder.last.headers["x-trace-id"] == "generated"
    assert recorder.last.headers["x-api-key"] == "client-key"
    assert "X-Extra" not in recorder.last.headers


def test_default_headers_are_below_parameters_credentials_and_extras(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder()
    client = make_client(
        recorder,
        api_key="client-key",
        default_headers={"X-Team": "a", "x-trace-id": "default", "X-Api-Key": "d"},
    )
    options = ops(
        "GET", "/x", headers={"X-Trace-Id": "param"}, security=(("api_key",),)
    )
    client._call(options)
    headers = recorder.last.headers
    assert headers["X-Team"] == "a"
    assert headers.get_list("x-trace-id") == ["param"]
    assert headers.get_list("x-api-key") == ["client-key"]
    client._call(options, extra_headers={"X-TEAM": "b"})
    assert recorder.last.headers.get_list("x-team") == ["b"]


def test_bad_extra_headers_are_refused_before_sending(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder()
    client = make_client(recorder)
    with pytest.raises(ValueError, match="line break"):
        client._call(ops("GET", "/x"), extra_headers={"X-A": "1\r\nX-Injected: 1"})
    with pytest.raises(TypeError, match="must be a str"):
        client._call(ops("GET", "/x"), extra_headers={"X-A": 1})
    assert recorder.requests == []


def test_extra_query_adds_and_replaces_parameters(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder()
    client = make_client(recorder, api_key="k", default_query={"lang": "en"})
    options = ops(
        "GET",
        "/x",
        query=[("limit", 5), ("tags", ["a", "b"])],
        security=(("key_in_query",),),
    )
    client._call(options, extra_query={"tags": "c", "debug": True, "key": "k2"})
    url = recorder.last.url
    assert url.params.get_list("tags") == ["c"]
    assert url.params["limit"] == "5" and url.params["debug"] == "true"
    assert url.params.get_list("key") == ["k2"]  # over the credential: extras win
    assert url.params["lang"] == "en"
    # A None extra leaves the parameter out.
    client._call(options, extra_query={"limit": None})
    assert "limit" not in recorder.last.url.params


def test_default_query_gives_way_to_a_parameter_given(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder()
    client = make_client(recorder, default_query={"limit": 10, "lang": "en"})
    client._call(ops("GET", "/x", query=[("limit", None)]))
    assert recorder.last.url.params.get_list("limit") == ["10"]
    client._call(ops("GET", "/x", query=[("limit", 3)]))
    assert recorder.last.url.params.get_list("limit") == ["3"]
    assert recorder.last.url.params["lang"] == "en"


def test_extra_body_merges_into_a_json_object(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder()
    client = make_client(recorder)
    options = ops("POST", "/x", json_body={"name": "Mug", "price": 1})
    client._call(options, extra_body={"price": 2, "beta": [1]})
    assert json.loads(recorder.last.content) == {"name": "Mug", "price": 2, "beta": [1]}
    assert recorder.last.headers["content-type"] == "application/json"


def test_extra_body_merges_into_form_and_multipart_fields(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder()
    client = make_client(recorder)
    client._call(ops("POST", "/f", form={"a": "1"}), extra_body={"b": "2", "a": "3"})
    assert recorder.last.content == b"a=3&b=2"
    client._call(
        ops("POST", "/m", files={"file": ("a.txt", b"abc")}),
        extra_body={"caption": "hi"},
    )
    content = recorder.last.content
    assert b'name="caption"' in content and b"hi" in content and b"abc" in content


def test_extra_body_takes_a_model(make_client: MakeClient, ops: Ops) -> None:
    """Anything with ``to_dict()`` (a generated model) is merged, or sent, as its fields."""

    class Extra:
        def to_dict(self) -> dict[str, Any]:
            return {"price": 2, "createdAt": "2026-12-03T00:00:00Z"}

    recorder = Recorder()
    client = make_client(recorder)
    client._call(ops("POST", "/x", json_body={"name": "Mug", "price": 1}), extra_body=Extra())
    assert json.loads(recorder.last.content) == {"name": "Mug", "price": 2, "createdAt": "2026-12-03T00:00:00Z"}
    client._call(ops("POST", "/f", form={"a": "1"}), extra_body=Extra())
    assert recorder.last.content == b"a=1&price=2&createdAt=2026-12-03T00%3A00%3A00Z"
    client._call(ops("POST", "/x"), extra_body=Extra())
    assert json.loads(recorder.last.content) == {"price": 2, "createdAt": "2026-12-03T00:00:00Z"}


def test_extra_body_is_the_body_of_an_operation_that_describes_none(
    make_client: MakeClient, ops: Ops
) -> None:
    """A mapping template reads a body the definition does not describe."""
    recorder = Recorder()
    client = make_client(recorder)
    client._call(ops("POST", "/x"), extra_body={"action": "start"})
    assert json.loads(recorder.last.content) == {"action": "start"}
    assert recorder.last.headers["content-type"] == "application/json"
    client._call(ops("POST", "/x"), extra_body=[1, 2])
    assert json.loads(recorder.last.content) == [1, 2]
    client._call(ops("PUT", "/x"), extra_body=b"\x00\x01")
    assert recorder.last.content == b"\x00\x01"
    assert recorder.last.headers["content-type"] == "application/octet-stream"
    # An optional JSON body left out: extra_body takes its place.
    client._call(ops("POST", "/x"), extra_body={"a": 1})
    assert json.loads(recorder.last.content) == {"a": 1}


def test_extra_body_that_cannot_be_merged_is_refused_before_sending(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder()
    client = make_client(recorder)
    with pytest.raises(ValueError, match="cannot be merged"):
        client._call(ops("POST", "/x", json_body=[1, 2]), extra_body={"a": 1})
    with pytest.raises(ValueError, match="must be a mapping"):
        client._call(ops("POST", "/x", json_body={"a": 1}), extra_body=[1])
    with pytest.raises(ValueError, match="binary body"):
        client._call(ops("PUT", "/x", content=b"abc"), extra_body={"a": 1})
    assert recorder.requests == []


def test_per_call_timeout(make_client: MakeClient, ops: Ops, rtpkg: ModuleType) -> None:
    recorder = Recorder()
    client = make_client(recorder, timeout=30.0)
    client._call(ops("GET", "/x"), timeout=2.5)
    assert set(recorder.last.extensions["timeout"].values()) == {2.5}
    client._call(ops("GET", "/x"), timeout=httpx.Timeout(1.0, read=9.0))
    assert recorder.last.extensions["timeout"]["read"] == 9.0
    client._call(ops("GET", "/x"), timeout=None)  # None: no timeout at all
    assert set(recorder.last.extensions["timeout"].values()) == {None}
    client._call(ops("GET", "/x"), timeout=rtpkg._types.NOT_GIVEN)
    assert set(recorder.last.extensions["timeout"].values()) == {30.0}
    client._call_raw(ops("GET", "/x"), timeout=4.0)
    assert set(recorder.last.extensions["timeout"].values()) == {4.0}


def test_with_options_takes_defaults_and_leaves_the_original_alone(
    make_client: MakeClient, ops: Ops
) -> None:
    recorder = Recorder()
    client = make_client(
        recorder, default_headers={"X-A": "1", "X-Keep": "k"}, default_query={"q": 1}
    )
    clone = client.with_options(
        default_headers={"x-a": "2", "X-B": "3"}, default_query={"r": 2}, timeout=None
    )
    clone._call(ops("GET", "/x"))
    request = recorder.last
    assert request.headers.get_list("x-a") == ["2"] and request.headers["X-B"] == "3"
    assert request.headers["X-Keep"] == "k"  # added to the client's, not instead
    assert dict(request.url.params) == {"q": "1", "r": "2"}
    assert set(request.extensions["timeout"].values()) == {None}
    client._call(ops("GET", "/x"))
    request = recorder.last
    assert request.headers["X-A"] == "1" and "X-B" not in request.headers
    assert dict(request.url.params) == {"q": "1"}
    assert set(request.extensions["timeout"].values()) == {30.0}


def test_sigv4_signs_what_the_extras_add(
    make_client: MakeClient, ops: Ops, rtpkg: ModuleType
) -> None:
    recorder = Recorder()
    client = make_client(
        recorder,
        credentials={"aws": ("AKIDEXAMPLE", "secret", None, "us-east-1")},
    )
    options = ops("GET", "/x", security=(("iam",),))
    client._call(options, extra_query={"b": "2"}, extra_headers={"X-Amz-Meta": "m"})
    signed = recorder.last.headers["Authorization"]
    client._call(options)
    unsigned_extras = recorder.last.headers["Authorization"]
    assert "x-amz-meta" in signed.split("SignedHeaders=")[1].split(",")[0]
    assert signed.split("Signature=")[1] != unsigned_extras.split("Signature=")[1]


def test_async_client_takes_the_same_options(
    make_async_client: MakeClient, ops: Ops
) -> None:
    async def run() -> None:
        recorder = Recorder()
        client = make_async_client(
            recorder, default_headers={"X-D": "d"}, default_query={"lang": "en"}
        )
        await client._call(
            ops("POST", "/x", json_body={"a": 1}, headers={"X-P": "p"}),
            extra_headers={"x-p": "e"},
            extra_query={"z": 1},
            extra_body={"b": 2},
            timeout=3.0,
        )
        request = recorder.last
        assert request.headers["X-D"] == "d" and request.headers.get_list("x-p") == ["e"]
        assert dict(request.url.params) == {"lang": "en", "z": "1"}
        assert json.loads(request.content) == {"a": 1, "b": 2}
        assert set(request.extensions["timeout"].values()) == {3.0}
        raw = await client._call_raw(ops("GET", "/x"), extra_headers={"X-R": "r"})
        assert raw.status_code == 200 and recorder.last.headers["X-R"] == "r"

    asyncio.run(run())
