"""Binary payloads through non-proxy (``aws``) Lambda integrations: the integration's and the integration responses'
``contentHandling`` with the API's binary media types, as AWS's conversion tables have them (developer guide,
api-gateway-payload-encodings-workflow). Over real sockets (uvicorn on 127.0.0.1), functions in worker processes."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sdkgen.mock import create_app
from sdkgen.mock.mapping import ConversionError, MappingError, compile_responses, convert_request, convert_response
from sdkgen.mock.server import ServerThread

HANDLERS = Path(__file__).resolve().parent / "handlers"
PIXEL = bytes(range(256))
FUNCTIONS = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function"
MODE = {"application/json": '{"mode": "$input.params(\'mode\')"}'}


def op(function: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    integration = {"type": "aws", "httpMethod": "POST", "uri": f"{FUNCTIONS}:{function}/invocations", "responses": responses, **extra}
    return {"responses": {"200": {"description": "ok"}}, "x-amazon-apigateway-integration": integration}


def spec() -> dict[str, Any]:
    png_header = {"method.response.header.Content-Type": "'image/png'"}
    return {
        "openapi": "3.0.1",
        "info": {"title": "Binary", "version": "1"},
        "servers": [{"url": "https://b1n4ry.execute-api.us-east-1.amazonaws.com/prod"}],
        "x-amazon-apigateway-binary-media-types": ["image/png", "application/vnd.*"],
        "paths": {
            # requests
            "/upload": {"post": op("binary", {"default": {"statusCode": "200"}}, contentHandling="CONVERT_TO_TEXT",
                                   requestTemplates={"image/png": '{"mode": "received", "data": "$input.body"}'})},
            "/raw": {"post": op("binary", {"default": {"statusCode": "200"}},
                                requestTemplates={"application/vnd.raw": '{"mode": "received", "templated": true}'})},
            "/decode": {"post": op("binary", {"default": {"statusCode": "200"}}, contentHandling="CONVERT_TO_BINARY")},
            # responses
            "/image": {"get": op("binary", {"default": {"statusCode": "200", "contentHandling": "CONVERT_TO_BINARY",
                                                        "responseParameters": png_header}}, requestTemplates=MODE)},
            "/wrapped": {"get": op("binary", {"default": {"statusCode": "200", "contentHandling": "CONVERT_TO_BINARY",
                                                          "responseTemplates": {"image/png": "$input.path('$.body')"}}},
                                   requestTemplates={"application/json": '{"mode": "wrapped"}'})},
            "/by-accept": {"get": op("binary", {"default": {"statusCode": "200"}}, requestTemplates=MODE)},
            "/as-text": {"get": op("binary", {"default": {"statusCode": "200", "contentHandling": "CONVERT_TO_TEXT"}}, requestTemplates=MODE)},
        },
    }  # fmt: skip


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Any, httpx.Client]]:
    app = create_app(spec(), {"functions": {"binary": {"handler": "app.binary", "code": str(HANDLERS)}}})
    with ServerThread(app) as url, httpx.Client(base_url=url + "/prod", timeout=30) as client:
        yield app, client
    app.functions.close()


def event_of(app: Any) -> Any:
    return app.functions.invocations[-1].event


# -- the tables, row by row -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "binary", "handling", "expected"),
    [
        (b"text", False, None, "text"),
        (b"text", False, "CONVERT_TO_TEXT", "text"),
        (base64.b64encode(PIXEL), False, "CONVERT_TO_BINARY", PIXEL),
        (PIXEL, True, None, PIXEL),
        (PIXEL, True, "CONVERT_TO_BINARY", PIXEL),
        (PIXEL, True, "CONVERT_TO_TEXT", base64.b64encode(PIXEL).decode()),
    ],
)
def test_the_integration_request_is_converted_as_aws_documents(body: bytes, binary: bool, handling: str | None, expected: Any) -> None:
    assert convert_request(body, binary, handling) == expected


@pytest.mark.parametrize(
    ("accept", "types", "handling", "decoded"),
    [
        ("application/json", (), None, False),
        ("application/json", (), "CONVERT_TO_BINARY", True),
        ("application/json", (), "CONVERT_TO_TEXT", False),
        ("application/json", ("image/png",), None, False),
        ("image/png", ("image/png",), None, True),
        ("image/png, application/json", ("image/png",), None, True),
        ("application/json, image/png", ("image/png",), None, False),  # only the first Accept type counts
        ("image/png", ("image/png",), "CONVERT_TO_TEXT", False),
        ("application/json", ("*/*",), None, True),  # */*: every answer is decoded
    ],
)
def test_the_method_response_is_converted_as_aws_documents(accept: str, types: tuple[str, ...], handling: str | None, decoded: bool) -> None:
    text = base64.b64encode(PIXEL).decode()
    assert convert_response(text, handling, accept, types) == (PIXEL if decoded else text.encode())


def test_text_that_is_no_base64_cannot_be_converted_to_binary() -> None:
    with pytest.raises(ConversionError):
        convert_request(b"not base64!", False, "CONVERT_TO_BINARY")
    with pytest.raises(ConversionError):
        convert_response('"not base64!"', "CONVERT_TO_BINARY", None, ())


def test_an_unknown_content_handling_is_a_definition_error() -> None:
    with pytest.raises(MappingError, match="contentHandling"):
        compile_responses({"default": {"statusCode": "200", "contentHandling": "CONVERT_TO_HEX"}})


# -- under the real server ------------------------------------------------------------------------------------------


def test_a_binary_body_converted_to_text_reaches_the_template_as_base64(served: tuple[Any, httpx.Client]) -> None:
    app, client = served
    response = client.post("/upload", content=PIXEL, headers={"content-type": "image/png"})
    assert response.status_code == 200
    assert event_of(app) == {"mode": "received", "data": base64.b64encode(PIXEL).decode()}
    assert response.json() == event_of(app)  # the answer is text: passed through


def test_a_binary_body_passes_through_untemplated(served: tuple[Any, httpx.Client]) -> None:
    app, client = served
    response = client.post("/raw", content=b'{"mode": "received", "raw": 1}', headers={"content-type": "application/vnd.raw"})
    assert response.status_code == 200 and event_of(app) == {"mode": "received", "raw": 1}  # the template did not apply
    before = len(app.functions.invocations)
    refused = client.post("/raw", content=PIXEL, headers={"content-type": "application/vnd.raw"})  # no JSON: Lambda refuses it
    assert (refused.status_code, refused.json()) == (500, {"message": "Internal server error"})
    assert len(app.functions.invocations) == before


def test_a_text_body_converted_to_binary_is_base64_decoded(served: tuple[Any, httpx.Client]) -> None:
    app, client = served
    payload = json.dumps({"mode": "received", "decoded": True}).encode()
    response = client.post("/decode", content=base64.b64encode(payload), headers={"content-type": "text/plain"})
    assert response.status_code == 200 and event_of(app) == {"mode": "received", "decoded": True}
    failed = client.post("/decode", content=b"not base64!", headers={"content-type": "text/plain"})
    assert (failed.status_code, failed.json()) == (500, {"message": "Internal server error"})
    assert failed.headers["x-amzn-errortype"] == "InternalServerErrorException"


def test_a_base64_string_the_function_returns_is_decoded_by_convert_to_binary(served: tuple[Any, httpx.Client]) -> None:
    _, client = served
    response = client.get("/image")
    assert (response.status_code, response.content, response.headers["content-type"]) == (200, PIXEL, "image/png")
    failed = client.get("/image", params={"mode": "bad"})
    assert (failed.status_code, failed.json()) == (500, {"message": "Internal server error"})


def test_a_response_template_picks_the_base64_text_which_convert_to_binary_decodes(served: tuple[Any, httpx.Client]) -> None:
    _, client = served
    response = client.get("/wrapped", headers={"accept": "image/png"})
    assert (response.status_code, response.content, response.headers["content-type"]) == (200, PIXEL, "image/png")


def test_without_content_handling_the_first_accept_type_decides(served: tuple[Any, httpx.Client]) -> None:
    _, client = served
    assert client.get("/by-accept", headers={"accept": "image/png"}).content == PIXEL
    as_text = client.get("/by-accept", headers={"accept": "application/json, image/png"})
    assert as_text.json() == base64.b64encode(PIXEL).decode()  # the function's JSON string, as it is
    assert client.get("/as-text", headers={"accept": "image/png"}).json() == base64.b64encode(PIXEL).decode()
