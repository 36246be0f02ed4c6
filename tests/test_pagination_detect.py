"""Which operations are paginated: detected only when both ends of the continuation are in the definition,
declared by x-sdkgen-pagination or generate --pagination, and reported by generate."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sdkgen.cli import main
from sdkgen.diagnostics import SpecError
from sdkgen.examples import example_specs
from sdkgen.parse import load_api

ROOT = Path(__file__).resolve().parent.parent
FEED = ROOT / "specs" / "feed.yaml"


def api_with(responses_schema: dict[str, Any], parameters: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": "listThings",
        "parameters": parameters,
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": responses_schema}}}},
        **extra,
    }
    return {"openapi": "3.0.1", "info": {"title": "T", "version": "1"}, "paths": {"/things": {"get": operation}}}


PAGE = {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}, "nextToken": {"type": "string"}}}
TOKEN_PARAM = {"name": "nextToken", "in": "query", "schema": {"type": "string"}}


def pagination(definition: dict[str, Any]) -> Any:
    return load_api(definition).api.operations[0].pagination


def test_the_feed_example_s_lists_are_detected_and_the_rest_are_not() -> None:
    found = {op.operation_id: op.pagination for op in load_api(FEED).api.operations}
    assert (found["listOrders"].style, found["listOrders"].next_field, found["listOrders"].request_param) == ("token", "nextToken", "nextToken")
    assert (found["searchOrders"].request_param, found["searchOrders"].request_in) == ("ExclusiveStartKey", "body")
    assert (found["listCustomers"].style, found["listCustomers"].items) == ("offset", "")
    assert found["streamOrderEvents"] is None and found["getInvoice"] is None


def test_a_token_needs_the_request_parameter_that_sends_it_back() -> None:
    assert pagination(api_with(PAGE, [TOKEN_PARAM])) is not None
    assert pagination(api_with(PAGE, [])) is None  # nowhere to send it: not paginated


@pytest.mark.parametrize(
    ("response_field", "param"),
    [("NextToken", "NextToken"), ("next_token", "token"), ("cursor", "cursor"), ("next", "after"), ("nextPageToken", "pageToken")],
)
def test_common_spellings(response_field: str, param: str) -> None:
    schema = {"type": "object", "properties": {"data": {"type": "array", "items": {}}, response_field: {"type": "string"}}}
    found = pagination(api_with(schema, [{"name": param, "in": "query", "schema": {"type": "string"}}]))
    assert (found.next_field, found.request_param, found.items) == (response_field, param, "data")


def test_ambiguous_items_or_a_url_are_not_guessed() -> None:
    two_arrays = copy.deepcopy(PAGE)
    two_arrays["properties"]["others"] = {"type": "array", "items": {}}
    assert pagination(api_with(two_arrays, [TOKEN_PARAM])) is None
    url = {"type": "object", "properties": {"items": {"type": "array"}, "next": {"type": "string", "format": "uri"}}}
    assert pagination(api_with(url, [{"name": "next", "in": "query", "schema": {"type": "string"}}])) is None


def test_link_header_and_offset() -> None:
    listed = {"type": "array", "items": {"type": "string"}}
    link = api_with(listed, [])
    link["paths"]["/things"]["get"]["responses"]["200"]["headers"] = {"Link": {"schema": {"type": "string"}}}
    assert pagination(link).style == "link"
    offset = [{"name": n, "in": "query", "schema": {"type": "integer"}} for n in ("offset", "limit")]
    assert pagination(api_with(listed, offset)).style == "offset"
    assert pagination(api_with(listed, offset[:1])) is None


def test_the_extension_declares_or_disables() -> None:
    assert pagination(api_with(PAGE, [TOKEN_PARAM], **{"x-sdkgen-pagination": False})) is None
    declared = {"style": "cursor", "items": "items", "next_field": "nextToken", "request_param": "nextToken"}
    found = pagination(api_with(PAGE, [TOKEN_PARAM], **{"x-sdkgen-pagination": declared}))
    assert (found.style, found.source) == ("token", "x-sdkgen-pagination")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"style": "pages"}, "style 'pages'"),
        ({"style": "token", "next_field": "nope", "request_param": "nextToken"}, "next_field 'nope'"),
        ({"style": "token", "next_field": "nextToken", "request_param": "missing"}, "request_param 'missing'"),
        ({"items": "nextToken"}, "items 'nextToken'"),
        ({"colour": 1}, "unknown key"),
        ("yes", "must be false or a mapping"),
    ],
)
def test_a_wrong_extension_is_a_located_error(value: Any, message: str) -> None:
    with pytest.raises(SpecError) as caught:
        pagination(api_with(PAGE, [TOKEN_PARAM], **{"x-sdkgen-pagination": value}))
    [diagnostic] = caught.value.diagnostics
    assert message in diagnostic.message and diagnostic.pointer.endswith("/get/x-sdkgen-pagination")


def test_no_other_example_is_paginated_by_accident() -> None:
    for spec in example_specs(ROOT / "specs"):
        if spec != FEED:
            assert not [op.py_name for op in load_api(spec, strict=False).api.operations if op.pagination], spec


def test_generate_reports_and_the_file_overrides(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", str(FEED), "-o", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert "paginated: list_orders (response field 'nextToken' is sent back as query parameter 'nextToken'" in result.output
    overrides = tmp_path / "paging.yaml"
    overrides.write_text("listOrders: false\nlistCustomers: {style: offset, request_param: offset}\n")
    result = CliRunner().invoke(main, ["generate", str(FEED), "-o", str(tmp_path / "b"), "--pagination", str(overrides)])
    assert result.exit_code == 0, result.output
    assert "paginated: list_orders" not in result.output
    assert "paginated: list_customers (declared in --pagination)" in result.output
    client = (tmp_path / "b" / "order_feed_api" / "_client.py").read_text()
    assert "def list_orders" in client and ") -> OrderPage:" in client


def test_a_wrong_pagination_file_writes_nothing(tmp_path: Path) -> None:
    overrides = tmp_path / "paging.json"
    overrides.write_text('{"noSuchOperation": false, "listOrders": {"style": "offset"}}')
    result = CliRunner().invoke(main, ["generate", str(FEED), "-o", str(tmp_path / "out"), "--pagination", str(overrides)])
    assert result.exit_code == 1
    assert "paging.json (#/noSuchOperation): error: no operation has operationId 'noSuchOperation'" in result.output
    assert "listOrders: request_param 'offset' is not a query parameter" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()
