from __future__ import annotations

import keyword

import pytest

from sdkgen.parse.naming import NameAllocator, constant, is_valid_package_name, operation_name, package_name, pascal, snake


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("createdAt", "created_at"),
        ("in-stock", "in_stock"),
        ("class", "class_"),
        ("HTTPServerError", "http_server_error"),
        ("2fa", "n_2fa"),
        ("", "value"),
        ("café", "cafe"),
        ("x-amzn-RequestId", "x_amzn_request_id"),
        ("__init__", "init"),
        ("match", "match_"),
    ],
)
def test_snake(text: str, expected: str) -> None:
    assert snake(text) == expected


def test_names_are_always_identifiers() -> None:
    for text in ['"; import os #', "'''", "\\", "\n", "{{ x }}", "中文", "None", "True", "1", "-", "a b"]:
        for name in (snake(text), pascal(text), constant(text)):
            assert name.isidentifier() and name.isascii(), (text, name)
            assert not keyword.iskeyword(name)


def test_operation_names() -> None:
    assert operation_name("CreateOrder", "POST", "/orders") == "create_order"
    assert operation_name(None, "DELETE", "/products/{productId}") == "delete_products_by_product_id"
    assert operation_name(None, "GET", "/files/{proxy+}") == "get_files_by_proxy"
    assert operation_name(None, "GET", "/") == "get"


def test_allocator_suffixes_deterministically() -> None:
    names = NameAllocator({"close"})
    assert [names.take("close"), names.take("list"), names.take("list")] == ["close_2", "list", "list_2"]


def test_package_names() -> None:
    assert package_name("Shop API") == "shop_api"
    assert package_name("httpx") == "httpx_client"
    assert package_name("123 go") == "api_123_go"
    assert not is_valid_package_name("../evil")
    assert not is_valid_package_name("class")
    assert not is_valid_package_name("a/b")
    assert is_valid_package_name("shop_api")


def test_operation_names_never_shadow_what_generated_modules_use() -> None:
    # An operation is a module-level function of _operations.py: `def list(...)` would shadow `list[...]`.
    assert operation_name("list", "GET", "/items") == "list_"
    assert operation_name("Str", "GET", "/items") == "str_"
    assert operation_name("annotations", "GET", "/items") == "annotations_"
    assert operation_name("listItems", "GET", "/items") == "list_items"


def test_names_are_capped_for_file_systems() -> None:
    text = "very long title " * 100
    for name in (snake(text), pascal(text), constant(text), package_name(text)):
        assert len(name) <= 90 and name.isidentifier() and not name.endswith("_"), name
