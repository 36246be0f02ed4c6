"""A generated client, exercised over httpx.MockTransport: what it sends, parses, retries and raises."""

from __future__ import annotations

import base64
import datetime
import importlib
import json
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from sdkgen.generate import generate
from sdkgen.generate.write import write_tree
from sdkgen.parse import load_api

KITCHEN = Path(__file__).parent / "fixtures" / "kitchen.yaml"
BASE = "https://k1t2c3h4e5.execute-api.us-east-1.amazonaws.com/prod"
ITEM = {
    "id": "0b6c5a47-5d8e-4c8c-9a53-5b8f3d2f2f10",
    "createdAt": "2024-05-06T07:08:09Z",
    "name": "Mug",
    "class": "kitchenware",
    "in-stock": True,
    "status": "fresh",
    "priority": 2,
    "bestBefore": "2025-01-31",
    "note": None,
    "counts": {"a": 1},
    "children": [{"id": "1b6c5a47-5d8e-4c8c-9a53-5b8f3d2f2f10", "name": "Lid"}],
    "colour": "blue",
}


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("kitchen") / "kitchen-sink"
    write_tree(out, generate(load_api(KITCHEN).api, "kitchen_sink").files)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("kitchen_sink")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "kitchen_sink" or m.startswith("kitchen_sink.")]:
            del sys.modules[name]


Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler answering from a queue, keeping every request."""

    def __init__(self, *responses: httpx.Response | Handler) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        return answer(request) if callable(answer) else answer


def gateway_error(status: int, message: str, error_type: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status,
        json={"message": message},
        headers={"x-amzn-ErrorType": error_type, "x-amzn-RequestId": "req-123", **(headers or {})},
    )


def make_client(kitchen: ModuleType, recorder: Recorder, **kwargs: Any) -> Any:
    kwargs.setdefault("api_key", "key-1")
    client = kitchen.Client(http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **kwargs)
    client._sleep = lambda seconds: recorder.__dict__.setdefault("sleeps", []).append(seconds)
    return client


def test_default_base_url_is_the_exported_stage(kitchen: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json=[]))
    make_client(kitchen, recorder).list_items()
    assert str(recorder.requests[0].url) == f"{BASE}/items"


def test_base_url_and_api_key_from_environment(kitchen: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KITCHEN_SINK_BASE_URL", "http://127.0.0.1:9/stage/")
    monkeypatch.setenv("KITCHEN_SINK_API_KEY", "env-key")
    recorder = Recorder(httpx.Response(200, json=[]))
    client = kitchen.Client(http_client=httpx.Client(transport=httpx.MockTransport(recorder)))
    client.list_items()
    request = recorder.requests[0]
    assert str(request.url) == "http://127.0.0.1:9/stage/items"
    assert request.headers["x-api-key"] == "env-key"


def test_query_header_and_path_serialisation(kitchen: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json=[]), httpx.Response(200, json=ITEM))
    client = make_client(kitchen, recorder)
    client.list_items(tags=["a", "b c"], in_stock=False, status=kitchen.types.Status.IN_STOCK, x_trace_id="t-1")
    client.get_item("a/b c?")
    listed, got = recorder.requests
    assert listed.url.params.get_list("tags") == ["a", "b c"]
    assert listed.url.params["inStock"] == "false"
    assert listed.url.params["status"] == "in-stock"
    assert listed.headers["X-Trace-Id"] == "t-1"
    assert got.url.raw_path == b"/prod/items/a%2Fb%20c%3F"


def test_response_parses_into_models_without_loss(kitchen: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json=ITEM))
    item = make_client(kitchen, recorder).get_item("x")
    assert isinstance(item, kitchen.types.Item)
    assert item.id == uuid.UUID(ITEM["id"])
    assert item.created_at == datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
    assert item.class_ == "kitchenware" and item.in_stock is True
    assert item.status is kitchen.types.Status.FRESH and item.status == "fresh"
    assert item.priority is kitchen.types.Priority.VALUE_2
    assert item.best_before == datetime.date(2025, 1, 31)
    assert item.note is None
    assert item.counts == {"a": 1}
    assert item.children[0].name == "Lid" and item.children[0].note is kitchen.UNSET
    assert item.additional_properties == {"colour": "blue"}
    round_trip = item.to_dict()
    assert round_trip["createdAt"] in ("2024-05-06T07:08:09+00:00",)
    assert {k: v for k, v in round_trip.items() if k != "createdAt"} == {k: v for k, v in ITEM.items() if k != "createdAt"}


def test_unknown_enum_values_are_tolerated(kitchen: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json={**ITEM, "status": "frozen", "priority": 9}))
    item = make_client(kitchen, recorder).get_item("x")
    assert item.status == "frozen" and item.status.name == "UNKNOWN"
    assert item.priority == 9
    assert item.to_dict()["status"] == "frozen"


def test_absent_and_null_stay_distinct_in_requests(kitchen: ModuleType) -> None:
    recorder = Recorder(httpx.Response(201, json=ITEM))
    client = make_client(kitchen, recorder, token="tok")
    client.create_item(body=kitchen.types.NewItem(name="a"))
    client.create_item(body=kitchen.types.NewItem(name="b", note=None, status=kitchen.types.Status.STALE))
    client.create_item(body={"name": "c"})
    bodies = [json.loads(r.content) for r in recorder.requests]
    assert bodies == [{"name": "a"}, {"name": "b", "note": None, "status": "stale"}, {"name": "c"}]
    assert recorder.requests[0].headers["content-type"] == "application/json"


def test_discriminated_union(kitchen: ModuleType) -> None:
    recorder = Recorder(
        httpx.Response(200, json={"kind": "square", "side": 2}), httpx.Response(200, json={"kind": "circle", "radius": 1})
    )
    client = make_client(kitchen, recorder)
    square = client.describe_shape(body=kitchen.types.Square(kind="square", side=2))
    circle = client.describe_shape(body={"kind": "circle", "radius": 1})
    assert isinstance(square, kitchen.types.Square) and square.side == 2
    assert isinstance(circle, kitchen.types.Circle) and circle.radius == 1


def test_only_the_credentials_an_operation_asks_for_are_sent(kitchen: ModuleType) -> None:
    recorder = Recorder(lambda r: httpx.Response(204) if r.method == "DELETE" else httpx.Response(201, json=ITEM))
    client = make_client(kitchen, recorder, token="cognito-token")
    client.create_item(body={"name": "x"})  # api_key AND Cognito: raw token in Authorization
    client.delete_items_by_item_id("x")  # security: [] sends nothing
    create, delete = recorder.requests
    assert create.headers["x-api-key"] == "key-1" and create.headers["Authorization"] == "cognito-token"
    assert "x-api-key" not in delete.headers and "Authorization" not in delete.headers


def test_alternatives_pick_the_first_satisfied(kitchen: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json=ITEM))
    client = make_client(kitchen, recorder, api_key=None, token="jwt-token")
    client.get_item("x")  # api_key OR Jwt: no key, so the bearer token
    (request,) = recorder.requests
    assert request.headers["Authorization"] == "Bearer jwt-token" and "x-api-key" not in request.headers


def test_lambda_authorizer_value_and_multipart_upload(kitchen: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200))
    client = make_client(kitchen, recorder, lambda_="allow-me")
    assert client.upload_photo("i1", body={"file": ("a.png", b"\x89PNG", "image/png"), "caption": "hi"}) is None
    (request,) = recorder.requests
    assert request.headers["X-Kitchen-Auth"] == "allow-me" and "x-api-key" not in request.headers
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert b'filename="a.png"' in request.content and b"\x89PNG" in request.content and b"hi" in request.content


def test_iam_operations_are_sigv4_signed(kitchen: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, content=b"\x00\x01"))
    client = make_client(kitchen, recorder, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
    assert client.get_files_by_proxy("a/b.txt") == b"\x00\x01"
    (request,) = recorder.requests
    assert request.url.raw_path == b"/prod/files/a/b.txt"
    assert request.headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/us-east-1/execute-api/aws4_request" in request.headers["Authorization"]
    assert "x-amz-date" in request.headers


def test_errors_are_typed_and_carry_gateway_details(kitchen: ModuleType) -> None:
    recorder = Recorder(gateway_error(404, "no such item", "NotFoundException"))
    with pytest.raises(kitchen.NotFoundError) as excinfo:
        make_client(kitchen, recorder).get_item("x")
    error = excinfo.value
    assert isinstance(error, kitchen.APIStatusError) and isinstance(error, kitchen.APIError)
    assert (error.status_code, error.message, error.request_id, error.error_type) == (404, "no such item", "req-123", "NotFoundException")
    assert isinstance(error.model, kitchen.types.Error) and error.model.message == "no such item"

    recorder = Recorder(gateway_error(403, "Forbidden", "ForbiddenException"))
    with pytest.raises(kitchen.PermissionDeniedError) as denied:
        make_client(kitchen, recorder).list_items()
    assert denied.value.message == "Forbidden" and denied.value.model is None


def test_throttling_is_retried_with_backoff_then_raised(kitchen: ModuleType) -> None:
    throttled = gateway_error(429, "Too Many Requests", "TooManyRequestsException")
    recorder = Recorder(throttled, throttled, httpx.Response(201, json=ITEM))
    client = make_client(kitchen, recorder, token="t")
    assert client.create_item(body={"name": "x"}).name == "Mug"  # POST too: API Gateway never passed it on
    assert len(recorder.requests) == 3
    assert len(recorder.sleeps) == 2 and all(0 <= s <= 20 for s in recorder.sleeps)  # type: ignore[attr-defined]

    recorder = Recorder(throttled)
    with pytest.raises(kitchen.RateLimitError):
        make_client(kitchen, recorder).list_items()
    assert len(recorder.requests) == 4  # 1 + max_retries

    recorder = Recorder(throttled)
    with pytest.raises(kitchen.RateLimitError):
        make_client(kitchen, recorder).with_options(max_retries=0).list_items()
    assert len(recorder.requests) == 1


def test_retry_after_is_honoured_and_long_waits_raise(kitchen: ModuleType) -> None:
    recorder = Recorder(
        gateway_error(429, "Too Many Requests", "TooManyRequestsException", {"Retry-After": "7"}), httpx.Response(200, json=[])
    )
    make_client(kitchen, recorder).list_items()
    assert recorder.sleeps == [7]  # type: ignore[attr-defined]

    recorder = Recorder(gateway_error(429, "Too Many Requests", "TooManyRequestsException", {"Retry-After": "120"}))
    with pytest.raises(kitchen.RateLimitError):
        make_client(kitchen, recorder).list_items()
    assert len(recorder.requests) == 1


def test_quota_is_never_retried(kitchen: ModuleType) -> None:
    recorder = Recorder(gateway_error(429, "Limit Exceeded", "LimitExceededException"))
    with pytest.raises(kitchen.QuotaExceededError) as excinfo:
        make_client(kitchen, recorder).list_items()
    assert isinstance(excinfo.value, kitchen.RateLimitError)
    assert len(recorder.requests) == 1


def test_server_errors_retried_for_idempotent_methods_only(kitchen: ModuleType) -> None:
    unavailable = gateway_error(503, "Service Unavailable", "ServiceUnavailableException")
    recorder = Recorder(unavailable, httpx.Response(200, json=[]))
    assert make_client(kitchen, recorder).list_items() == []
    assert len(recorder.requests) == 2

    recorder = Recorder(unavailable)
    with pytest.raises(kitchen.InternalServerError):
        make_client(kitchen, recorder, token="t").create_item(body={"name": "x"})
    assert len(recorder.requests) == 1


def test_connection_errors(kitchen: ModuleType) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    recorder = Recorder(refuse)
    with pytest.raises(kitchen.APIConnectionError):
        make_client(kitchen, recorder).list_items()
    assert len(recorder.requests) == 4

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(kitchen.APITimeoutError):
        make_client(kitchen, Recorder(slow)).list_items()


def jwt(exp: float) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256'})}.{part({'exp': exp, 'sub': 'u'})}.c2ln"


def test_token_callable_is_cached_refreshed_near_expiry_and_after_401(kitchen: ModuleType) -> None:
    issued: list[str] = []

    def token() -> str:
        issued.append(jwt(time.time() + (10 if len(issued) == 0 else 3600)))
        return issued[-1]

    recorder = Recorder(httpx.Response(200, json=ITEM))
    client = make_client(kitchen, recorder, api_key=None, token=token)
    client.get_item("a")
    client.get_item("b")  # first token expires in 10 s (< 30 s): fetched again
    client.get_item("c")  # second one is good for an hour: cached
    assert len(issued) == 2
    assert [r.headers["Authorization"] for r in recorder.requests] == [f"Bearer {issued[0]}", f"Bearer {issued[1]}", f"Bearer {issued[1]}"]

    recorder = Recorder(gateway_error(401, "Unauthorized", "UnauthorizedException"), httpx.Response(200, json=ITEM))
    client = make_client(kitchen, recorder, api_key=None, token=token)
    assert client.get_item("x").name == "Mug"
    assert len(recorder.requests) == 2 and recorder.requests[0].headers["Authorization"] != recorder.requests[1].headers["Authorization"]


def test_any_method_operation_takes_the_http_method(kitchen: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json={"echo": True}))
    client = make_client(kitchen, recorder)
    assert client.any_echo() == {"echo": True}
    client.any_echo(http_method="patch")
    assert [r.method for r in recorder.requests] == ["GET", "PATCH"]


def test_raw_response(kitchen: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json=ITEM, headers={"x-amzn-RequestId": "r-9"}))
    raw = make_client(kitchen, recorder).with_raw_response.get_item("x")
    assert raw.status_code == 200 and raw.headers["x-amzn-RequestId"] == "r-9"
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.parse().name == "Mug"


def test_context_manager_and_with_options(kitchen: ModuleType) -> None:
    recorder = Recorder(httpx.Response(200, json=[]))
    with make_client(kitchen, recorder) as client:
        copy = client.with_options(max_retries=0, timeout=5.0)
        assert type(copy) is type(client) and copy is not client
        assert copy.list_items() == []


async def test_async_client(kitchen: ModuleType) -> None:
    throttled = gateway_error(429, "Too Many Requests", "TooManyRequestsException")
    recorder = Recorder(throttled, httpx.Response(200, json=ITEM))
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def token() -> str:
        return "async-token"

    async with kitchen.AsyncClient(
        api_key=None, token=token, http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    ) as client:
        client._async_sleep = sleep
        item = await client.get_item("x")
        raw = await client.with_raw_response.get_item("y")
    assert item.name == "Mug" and raw.parse().name == "Mug"
    assert len(sleeps) == 1
    assert recorder.requests[0].headers["Authorization"] == "Bearer async-token"
