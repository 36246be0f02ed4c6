"""Every text of a definition reaches TOML, Markdown and Python escaped for that target: a sweep of the
characters that break them (control characters, DEL, U+2028/2029, lone surrogates, quotes, backslashes)
through each text field; the project must parse, and a few hostile ones must install and import."""

from __future__ import annotations

import ast
import copy
import subprocess
import tomllib
from pathlib import Path
from typing import Any, Callable

import pytest

from sdkgen.generate import generate
from sdkgen.generate.write import write_tree
from sdkgen.parse import load_api

from venvs import make_venv, pip_install

NASTY = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\u2028", "\u2029", "\ud800", "\udfff", '"', "'", "\\", '"""', "```", "\n\n# x", "]]"]

BASE: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "Sweep", "version": "1.0", "description": "about"},
    "servers": [{"url": "https://example.com/prod"}],
    "paths": {
        "/items/{id}": {
            "get": {
                "operationId": "getItem",
                "summary": "Get one",
                "description": "Longer text",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}, "description": "the id"},
                    {"name": "kind", "in": "query", "schema": {"$ref": "#/components/schemas/Kind"}, "example": "a"},
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}},
            }
        }
    },
    "components": {
        "schemas": {
            "Kind": {"type": "string", "enum": ["a", "b"]},
            "Item": {
                "type": "object",
                "description": "An item",
                "properties": {"name": {"type": "string", "description": "its name", "example": "mug"}},
                "example": {"name": "mug"},
            },
        }
    },
}


def _set(path: tuple[Any, ...], value: Callable[[str], Any]) -> Callable[[dict[str, Any], str], None]:
    def apply(spec: dict[str, Any], text: str) -> None:
        target = spec
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value(text)

    return apply


OP = ("paths", "/items/{id}", "get")
FIELDS: dict[str, Callable[[dict[str, Any], str], None]] = {
    "title": _set(("info", "title"), lambda t: f"Sweep{t}API"),
    "version": _set(("info", "version"), lambda t: f"1.0{t}"),
    "description": _set(("info", "description"), lambda t: f"about{t}it"),
    "summary": _set((*OP, "summary"), lambda t: f"Get{t}one"),
    "operation description": _set((*OP, "description"), lambda t: f"Longer{t}text"),
    "parameter description": _set((*OP, "parameters", 0, "description"), lambda t: f"the{t}id"),
    "parameter example": _set((*OP, "parameters", 1, "example"), lambda t: f"a{t}"),
    "property description": _set(("components", "schemas", "Item", "properties", "name", "description"), lambda t: f"its{t}name"),
    "property example": _set(("components", "schemas", "Item", "properties", "name", "example"), lambda t: f"mug{t}"),
    "model example": _set(("components", "schemas", "Item", "example"), lambda t: {"name": f"mug{t}"}),
    "server URL": _set(("servers", 0, "url"), lambda t: f"https://example.com/prod{t}x"),
    "enum value": _set(("components", "schemas", "Kind", "enum"), lambda t: ["a", f"b{t}c", t]),
}


def project_for(field: str, text: str) -> dict[str, str]:
    spec = copy.deepcopy(BASE)
    FIELDS[field](spec, text)
    return generate(load_api(spec, strict=False, check=False).api, "sweep").files


def assert_parses(files: dict[str, str]) -> None:
    for name, content in files.items():
        content.encode("utf-8")  # a lone surrogate could not even be written
        if name.endswith(".py"):
            ast.parse(content, filename=name)
        elif name.endswith(".toml"):
            tomllib.loads(content)
    project = tomllib.loads(files["pyproject.toml"])["project"]
    assert project["version"] and "\n" not in project["version"]


# Where the text becomes a name or a value as well as prose, each character alone (one may hide another
# behind a fallback); elsewhere all of them together.
ONE_BY_ONE = {"title", "version", "server URL", "enum value"}


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_every_hostile_character_in_every_text_field_gives_a_project_that_parses(field: str) -> None:
    for text in NASTY if field in ONE_BY_ONE else ["".join(NASTY), "x".join(NASTY)]:
        try:
            assert_parses(project_for(field, text))
        except (SyntaxError, tomllib.TOMLDecodeError, UnicodeError) as exc:
            raise AssertionError(f"{field} with {text!r}: {exc}") from exc


def test_a_version_with_a_trailing_newline_is_not_taken_as_valid() -> None:
    files = project_for("version", "\n")
    assert tomllib.loads(files["pyproject.toml"])["project"]["version"] == "0.1.0"
    assert '__version__ = "0.1.0"' in files["sweep/__init__.py"]


def test_hostile_texts_install_and_import(tmp_path: Path) -> None:
    spec = copy.deepcopy(BASE)
    for field, text in [("title", "\x7f\u2028"), ("version", "\n"), ("description", "\x00\ud800"), ("summary", '"""\\'),
                        ("server URL", '"\n'), ("enum value", "\u2029\x1b"), ("property description", "\x7f\udfff")]:  # fmt: skip
        FIELDS[field](spec, text)
    out = tmp_path / "sweep"
    write_tree(out, generate(load_api(spec, strict=False, check=False).api, "sweep").files)
    python = make_venv(tmp_path / "venv")
    installed = pip_install(python, [out], tmp_path)
    assert installed.returncode == 0, installed.stderr
    code = "import sweep, sweep.types; print(sweep.__version__, sweep.types.Kind.__members__.keys().__len__())"
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "0.1.0"
