"""Non-2xx answers become typed errors that carry API Gateway's details."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_helpers import MakeClient, Recorder, gateway_error

Ops = Callable[..., Any]


def error_for(rtpkg: ModuleType, response: httpx.Response, models: Any = None) -> Any:
    response.request = httpx.Request("GET", "https://h.example/x")
    return rtpkg._exceptions.make_status_error(response, models or {})


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (502, "InternalServerError"),
        (504, "InternalServerError"),
        (405, "APIStatusError"),
        (413, "APIStatusError"),
        (304, "APIStatusError"),
    ],
)
def test_class_per_status(rtpkg: ModuleType, status: int, name: str) -> None:
    error = error_for(rtpkg, gateway_error(status, "m", "SomeException"))
    assert type(error) is getattr(rtpkg._exceptions, name)
    assert isinstance(error, rtpkg._exceptions.APIStatusError)
    assert isinstance(error, rtpkg._exceptions.APIError)


@pytest.mark.parametrize(
    "response",
    [
        gateway_error(429, "Too Many Requests? no:", "LimitExceededException"),
        gateway_error(429, "Limit Exceeded"),
        gateway_error(429, "x", "LimitExceededException:http://internal.example/"),
    ],
)
def test_quota_errors(rtpkg: ModuleType, response: httpx.Response) -> None:
    error = error_for(rtpkg, response)
    assert type(error) is rtpkg._exceptions.QuotaExceededError
    assert isinstance(error, rtpkg._exceptions.RateLimitError)


def test_throttling_is_not_a_quota_error(rtpkg: ModuleType) -> None:
    response = gateway_error(429, "Too Many Requests", "TooManyRequestsException")
    assert type(error_for(rtpkg, response)) is rtpkg._exceptions.RateLimitError


def test_hierarchy(rtpkg: ModuleType) -> None:
    errors = rtpkg._exceptions
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    assert issubclass(errors.APIConnectionError, errors.APIError)
    assert not issubclass(errors.APIConnectionError, errors.APIStatusError)
    assert issubclass(errors.QuotaExceededError, errors.RateLimitError)
    assert issubclass(errors.APIError, Exception)


def test_attributes(rtpkg: ModuleType) -> None:
    response = gateway_error(
        401,
        "Unauthorized",
        "UnauthorizedException:http://internal.amazon.com/coral/",
        {"x-amzn-RequestId": "req-42"},
    )
    error = error_for(rtpkg, response)
    assert error.status_code == 401
    assert error.message == "Unauthorized"
    assert error.body == {"message": "Unauthorized"}
    assert error.request_id == "req-42"
    assert error.error_type == "UnauthorizedException"
    assert error.headers["x-amzn-RequestId"] == "req-42"
    assert error.response is response and error.request is response.request
    assert error.model is None
    assert str(error) == "401 Unauthorized [UnauthorizedException] (request id req-42)"


def test_capital_m_message_and_http_api_request_id(rtpkg: ModuleType) -> None:
    response = httpx.Response(
        403,
        json={"Message": "User is not authorized to access this resource"},
        headers={"apigw-requestid": "Abc="},
    )
    error = error_for(rtpkg, response)
    assert error.message == "User is not authorized to access this resource"
    assert error.request_id == "Abc=" and error.error_type is None


@pytest.mark.parametrize(
    ("response", "message", "body"),
    [
        (
            httpx.Response(413, text="HTTP content length exceeded 10485760 bytes."),
            "HTTP content length exceeded 10485760 bytes.",
            "HTTP content length exceeded 10485760 bytes.",
        ),
        (httpx.Response(502), "Bad Gateway", None),
        (httpx.Response(500, text="<html>" + "x" * 500), "Internal Server Error", None),
        (httpx.Response(400, json={"errors": ["a"]}), "Bad Request", {"errors": ["a"]}),
        (httpx.Response(599), "HTTP 599", None),
    ],
)
def test_message_without_a_gateway_body(
    rtpkg: ModuleType, response: httpx.Response, message: str, body: Any
) -> None:
    error = error_for(rtpkg, response)
    assert error.message == message
    if body is not None:
        assert error.body == body


class Problem:
    def __init__(self, data: dict[str, Any]) -> None:
        self.code = data["code"]


def test_model_by_status_class_and_default(rtpkg: ModuleType) -> None:
    body = {"code": "E1", "message": "bad"}
    exact = error_for(rtpkg, httpx.Response(404, json=body), {"404": Problem})
    assert isinstance(exact.model, Problem) and exact.model.code == "E1"
    by_class = error_for(rtpkg, httpx.Response(409, json=body), {"4XX": Problem})
    assert isinstance(by_class.model, Problem)
    fallback = error_for(rtpkg, httpx.Response(500, json=body), {"default": Problem})
    assert isinstance(fallback.model, Problem)
    other = error_for(rtpkg, httpx.Response(500, json=body), {"404": Problem})
    assert other.model is None


def test_model_is_none_when_the_body_does_not_fit(rtpkg: ModuleType) -> None:
    # API Gateway's own {"message": ...} lacks the documented "code".
    throttled = gateway_error(404, "Not Found")
    assert error_for(rtpkg, throttled, {"404": Problem}).model is None
    text = httpx.Response(404, text="nope")
    assert error_for(rtpkg, text, {"404": Problem}).model is None


def test_client_raises_the_typed_error_with_its_model(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops
) -> None:
    response = httpx.Response(
        404,
        json={"code": "NOPE", "message": "no such item"},
        headers={"x-amzn-RequestId": "r1"},
    )
    client = make_client(Recorder(response))
    with pytest.raises(rtpkg._exceptions.NotFoundError) as caught:
        client._call(
            ops(
                "GET",
                "/items/{id}",
                path_params={"id": "x"},
                error_models={"404": Problem},
            )
        )
    error = caught.value
    assert error.message == "no such item" and error.request_id == "r1"
    assert isinstance(error.model, Problem) and error.model.code == "NOPE"
    assert error.request.url.path == "/prod/items/x"


def test_client_raises_connection_errors(
    rtpkg: ModuleType, make_client: MakeClient, ops: Ops
) -> None:
    refused = httpx.ConnectError("refused")
    with pytest.raises(rtpkg._exceptions.APIConnectionError) as caught:
        make_client(Recorder(refused), max_retries=0)._call(ops("GET", "/x"))
    assert not isinstance(caught.value, rtpkg._exceptions.APITimeoutError)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.request is not None

    slow = httpx.ReadTimeout("slow")
    with pytest.raises(rtpkg._exceptions.APITimeoutError):
        make_client(Recorder(slow), max_retries=0)._call(ops("GET", "/x"))
