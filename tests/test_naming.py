from __future__ import annotations

import importlib.util
import keyword
import sys
from pathlib import Path

import pytest

from sdkgen.parse.naming import (
    RUNTIME_DEPENDENCIES, NameAllocator, constant, is_valid_package_name, operation_name, package_name, package_name_problem, pascal,
    shadowed, snake,
)  # fmt: skip


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


SHADOWING_TITLES = ["HTTP", "SSL", "Logging", "Threading", "Socket", "Idna", "Certifi", "Anyio", "Sniffio", "H11", "Typing Extensions", "Email", "Json"]


@pytest.mark.parametrize("name", sorted({n for n in sys.stdlib_module_names if not n.startswith("_")} | {n for n in RUNTIME_DEPENDENCIES if not n.startswith("_")}))
def test_no_derived_package_name_shadows_the_standard_library_or_a_dependency(name: str) -> None:
    for title in (name, name.upper(), name.title(), name.replace("_", " ").title()):
        derived = package_name(title)
        assert shadowed(derived) is None and derived.lower() not in sys.stdlib_module_names, (title, derived)
        assert derived.lower() not in RUNTIME_DEPENDENCIES and is_valid_package_name(derived)
    # Given explicitly, the name is refused, saying why.
    problem = package_name_problem(name)
    assert problem is not None and "shadow" in problem and repr(name.lower()) in problem


@pytest.mark.parametrize("title", SHADOWING_TITLES)
def test_titles_that_once_gave_shadowing_packages(title: str) -> None:
    derived = package_name(title)
    assert derived.endswith("_client") and importlib.util.find_spec(derived) is None


def test_an_explicit_shadowing_package_name_is_refused_by_the_cli(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sdkgen.cli import main

    spec = Path(__file__).resolve().parent / "fixtures" / "real-exports" / "petstore.oas30.apigateway.json"
    for name, why in [("logging", "standard library"), ("idna", "depends on"), ("SSL", "standard library")]:
        result = CliRunner().invoke(main, ["generate", str(spec), "-o", str(tmp_path / "out"), "--package-name", name])
        assert result.exit_code == 2 and why in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "out").exists()


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
