"""What ``import pkg; pkg.Client()`` loads: the sync client only (issue 6's import target).

Each check runs in a fresh interpreter over a committed example (``generated/``), so that nothing
imported by the test run itself hides a module the package would have imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

GENERATED = Path(__file__).resolve().parents[2] / "generated"

# Modules that the sync client of a definition without IAM-authorised operations has no use for.
NOT_AT_IMPORT = ["asyncio", "uuid", "platform", "hmac"]
NOT_AT_IMPORT_OWN = ["_async_client", "_client_raw", "_async_client_raw", "_sigv4", "_retry"]


def _run(project: str, code: str) -> Any:
    root = GENERATED / project
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def _package(project: str) -> str:
    return next((GENERATED / project).glob("*/_client.py")).parent.name


def test_import_and_client_load_only_the_sync_client() -> None:
    package = _package("shop")
    found = _run(
        "shop",
        f"import sys, json, httpx\n"
        f"before = set(sys.modules)\n"
        f"import {package}; {package}.Client(api_key='k')\n"
        f"print(json.dumps(sorted(set(sys.modules) - before)))\n",
    )
    loaded = set(found)
    assert f"{package}._client" in loaded and f"{package}._operations" in loaded
    assert [m for m in NOT_AT_IMPORT if m in loaded] == []
    assert [m for m in NOT_AT_IMPORT_OWN if f"{package}.{m}" in loaded] == []
    # No model module either: they load when an operation first parses one.
    assert [m for m in loaded if m.startswith(f"{package}.types.")] == []


def test_the_async_client_and_raw_responses_load_when_first_used() -> None:
    package = _package("shop")
    found = _run(
        "shop",
        f"import sys, json\n"
        f"import {package}\n"
        f"from {package} import *\n"
        f"names = dir({package})\n"
        f"client = {package}.Client(api_key='k')\n"
        f"raw = type(client.with_raw_response).__name__\n"
        f"cls = {package}.AsyncClient\n"
        f"print(json.dumps([cls.__module__, cls is AsyncClient, 'AsyncClient' in names, raw]))\n",
    )
    assert found == [f"{package}._async_client", True, True, "ClientWithRawResponse"]


@pytest.mark.parametrize("name", ["NoSuchClient", "_async_client_raw"])
def test_unknown_package_attributes_still_raise(name: str) -> None:
    package = _package("shop")
    found = _run(
        "shop",
        f"import json, {package}\n"
        f"try:\n"
        f"    getattr({package}, {name!r})\n"
        f"    print(json.dumps('found'))\n"
        f"except AttributeError as error:\n"
        f"    print(json.dumps(str(error)))\n",
    )
    assert found == f"module {package!r} has no attribute {name!r}"


def test_from_dict_sets_every_field_and_replaces_its_stand_ins() -> None:
    """from_dict builds without ``__init__``: the result equals the constructed model, and
    after the first call the model module holds the classes it refers to, not stand-ins."""
    package = _package("catalog")
    found = _run(
        "catalog",
        f"import dataclasses, json\n"
        f"from {package}.types import book\n"
        f"data = {{'id': '5b8f3d2f-2f10-4c8c-9a53-0b6c5a475d8e', 'kind': 'book', 'title': 'T', 'isbn': 'i',\n"
        f"        'price': {{'amount': 1.5, 'currency': 'EUR'}}, 'author': {{'name': 'A'}}, 'extra': 1}}\n"
        f"before = type(book.Money).__name__\n"
        f"parsed = book.Book.from_dict(data)\n"
        f"built = book.Book(**{{f.name: getattr(parsed, f.name) for f in dataclasses.fields(parsed)}})\n"
        f"print(json.dumps([before, type(book.Money).__name__, parsed == built, vars(parsed) == vars(built),\n"
        f"                  parsed.additional_properties, parsed.to_dict() == data]))\n",
    )
    assert found == ["_LazyModel", "type", True, True, {"extra": 1}, True]
