"""Enum-typed fields take plain strings (or ints) as well as members: at run time and under mypy --strict.
Enums are open (a value the definition does not list is kept), so any plain value of the enum's type is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sdkgen.generate import generate
from sdkgen.generate.write import write_tree
from sdkgen.parse import load_api

SPEC: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "Pay", "version": "1.0"},
    "servers": [{"url": "https://example.com/prod"}],
    "paths": {
        "/payments": {
            "post": {
                "operationId": "createPayment",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CardPayment"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CardPayment"}}}}},
            }
        }
    },
    "components": {
        "schemas": {
            "Method": {"type": "string", "enum": ["card", "bank", "it's \"odd\" | [x]"]},
            "Level": {"type": "integer", "enum": [1, 2, 3]},
            "CardPayment": {
                "type": "object",
                "required": ["method"],
                "properties": {
                    "method": {"$ref": "#/components/schemas/Method"},
                    "backup": {"$ref": "#/components/schemas/Method"},
                    "others": {"type": "array", "items": {"$ref": "#/components/schemas/Method"}},
                    "byName": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Level"}},
                    "level": {"allOf": [{"$ref": "#/components/schemas/Level"}], "nullable": True},
                    "inline": {"type": "string", "enum": ["x", "y"]},
                },
            },
        }
    },
}

USER_CODE = '''
import httpx
from pay import Client
from pay.types import CardPayment, Method

sent: list[object] = []

def handler(request: httpx.Request) -> httpx.Response:
    sent.append(json.loads(request.content))
    return httpx.Response(200, json=sent[-1])

payment = CardPayment(method="card", backup=Method.BANK, others=["bank", "card"], by_name={"a": 2}, level=3, inline="y")
plain = payment.to_dict()
assert plain == {"method": "card", "backup": "bank", "others": ["bank", "card"], "byName": {"a": 2}, "level": 3, "inline": "y"}, plain
assert all(type(v) is str for v in (plain["method"], plain["backup"], *plain["others"]))
client = Client(http_client=httpx.Client(transport=httpx.MockTransport(handler)))
back = client.create_payment(body=CardPayment(method="it's \\"odd\\" | [x]"))
assert sent[-1] == {"method": "it's \\"odd\\" | [x]"} and back.method is Method("it's \\"odd\\" | [x]")
print("ok")
'''

UNKNOWN = '''
from pay.types import CardPayment

assert CardPayment.from_dict({"method": "crypto"}).to_dict() == {"method": "crypto"}
print("ok")
'''


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("enum")
    write_tree(root / "out", generate(load_api(SPEC, strict=False).api, "pay").files)
    return root


def run(project: Path, code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project / "out")}
    return subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True, timeout=120, env=env)


def test_listed_values_are_taken_as_plain_strings_at_run_time(project: Path) -> None:
    result = run(project, USER_CODE)
    assert result.returncode == 0 and result.stdout == "ok\n", result.stderr


def test_unknown_values_are_still_kept(project: Path) -> None:
    result = run(project, UNKNOWN)
    assert result.returncode == 0 and result.stdout == "ok\n", result.stderr


def test_mypy_strict_takes_plain_values_and_refuses_other_types(project: Path) -> None:
    user = project / "out" / "user.py"
    user.write_text("import json\n" + USER_CODE, encoding="utf-8")
    wrong = project / "out" / "wrong.py"
    wrong.write_text('from pay.types import CardPayment\n\nCardPayment(method=5)\nCardPayment(method="card", level="7")\n', encoding="utf-8")
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, "pay", "user.py", "wrong.py"],
        capture_output=True, text=True, cwd=project / "out", timeout=600,
    )  # fmt: skip
    errors = [line for line in mypy.stdout.splitlines() if ": error:" in line]
    assert all(line.startswith("wrong.py:") for line in errors), mypy.stdout
    assert {line.split(":")[1] for line in errors} == {"3", "4"}, mypy.stdout

