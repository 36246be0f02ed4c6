"""Mapping keys as read from YAML and JSON: every key a string, every duplicate a located warning, and no
validator failure that is not located."""

from __future__ import annotations

import copy
import datetime
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from sdkgen.cli import main
from sdkgen.diagnostics import Diagnostic, SpecError
from sdkgen.parse import load_api

# One mapping of (nearly) every kind a definition holds, in each of the three versions.
BASES: dict[str, dict[str, Any]] = {
    "3.0": {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1", "contact": {"name": "n"}},
        "servers": [{"url": "https://x.example/{stage}", "variables": {"stage": {"default": "prod"}}}],
        "paths": {
            "/items/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {
                    "operationId": "getItem",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": {"X-Rate": {"schema": {"type": "integer"}}},
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}, "examples": {"a": {"value": {"id": "1"}}}}},
                        },
                        "default": {"description": "error"},
                    },
                    "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{}"}},
                },
                "post": {
                    "operationId": "postItem",
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}},
                    "security": [{"key": []}],
                    "responses": {"201": {"description": "made"}},
                },
            }
        },
        "components": {
            "schemas": {
                "Item": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}, "tags": {"type": "array", "items": {"type": "object", "properties": {"k": {"type": "string"}}}}},
                    "additionalProperties": {"type": "string"},
                },
                "Pet": {"oneOf": [{"$ref": "#/components/schemas/Item"}, {"type": "object", "properties": {"p": {"type": "string"}}}], "discriminator": {"propertyName": "id", "mapping": {"i": "#/components/schemas/Item"}}},
            },
            "securitySchemes": {"key": {"type": "apiKey", "name": "x-api-key", "in": "header"}},
        },
    },
    "2.0": {
        "swagger": "2.0",
        "info": {"title": "T", "version": "1"},
        "basePath": "/prod",
        "paths": {
            "/a": {
                "get": {
                    "operationId": "getA",
                    "produces": ["application/json"],
                    "parameters": [{"name": "q", "in": "query", "type": "string"}],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/A"}, "headers": {"X-A": {"type": "string"}}}},
                }
            }
        },
        "definitions": {"A": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "object", "properties": {"c": {"type": "number"}}}}}},
        "securityDefinitions": {"key": {"type": "apiKey", "name": "x-api-key", "in": "header"}},
    },
    "3.1": {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/b": {"get": {"operationId": "getB", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": ["object", "null"], "properties": {"b": {"type": "string"}}}}}}}}}},
        "components": {"schemas": {"B": {"type": "object", "properties": {"b": {"const": "x"}}}}},
    },
}
# Keys YAML reads as something other than a string, as yaml.safe_dump writes them (unquoted).
KEYS: dict[str, Any] = {"int": 7, "float": 1.5, "bool": True, "null": None, "date": datetime.date(2024, 1, 2)}


def _mappings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        yield path
        for key, item in value.items():
            yield from _mappings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _mappings(item, (*path, index))


def _variants() -> Iterator[tuple[str, str, tuple[Any, ...]]]:
    for version, base in BASES.items():
        for path in _mappings(base):
            for kind in KEYS:
                yield version, kind, path


def _assert_located(diagnostics: list[Diagnostic], where: str) -> None:
    for diagnostic in diagnostics:
        assert diagnostic.line is not None and diagnostic.file, f"{where}: not located: {diagnostic}"
        assert "could not get past" not in diagnostic.message, f"{where}: {diagnostic}"


@pytest.mark.parametrize("version", list(BASES))
def test_a_key_that_is_not_a_string_anywhere_is_read_as_text_and_every_finding_is_located(version: str, tmp_path: Path) -> None:
    checked = 0
    for _, kind, path in (v for v in _variants() if v[0] == version):
        data = copy.deepcopy(BASES[version])
        target = data
        for part in path:
            target = target[part]
        target[KEYS[kind]] = {"type": "string"} if path and path[-1] in ("properties", "schemas") else "x"
        text = yaml.safe_dump(data, sort_keys=False)
        spec = tmp_path / "api.yaml"
        spec.write_text(text, encoding="utf-8")
        where = f"{kind} key at {'/'.join(map(str, path)) or 'the top'}"
        try:
            parsed = load_api(spec, strict=False)
        except SpecError as exc:
            _assert_located(exc.diagnostics, where)
            continue
        _assert_located(parsed.problems + parsed.warnings, where)
        line = 1 + text.splitlines().index(next(l for l in text.splitlines() if re.match(rf"\s*(- )?{re.escape(yaml.safe_dump(KEYS[kind]).splitlines()[0])}:", l)))
        assert any(w.line == line and "not a string" in w.message for w in parsed.warnings), (where, [str(w) for w in parsed.warnings])
        checked += 1
    assert checked > 40


def test_integer_status_codes_are_read_as_the_strings_they_mean_without_a_word(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n"
        "        200:\n          description: ok\n          content: {application/json: {schema: {type: string}}}\n"
        "        404: {description: missing}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 0, result.output
    assert "usable: 1 operations" in result.output and "0 warning(s)" in result.output, result.output
    [operation] = load_api(spec).api.operations
    assert sorted(r.status for r in operation.responses) == ["200", "404"]


def test_data_given_as_a_mapping_with_integer_keys_validates(tmp_path: Path) -> None:
    data = json.loads(json.dumps(BASES["3.0"]))
    data["paths"]["/items/{id}"]["get"]["responses"] = {200: {"description": "ok"}}
    parsed = load_api(data)
    assert [r.status for r in parsed.api.operations[0].responses] == ["200"]
    assert 200 in data["paths"]["/items/{id}"]["get"]["responses"]  # the caller's data is left as it was


DUPLICATED_YAML = """openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /x:
    get:
      operationId: first
      responses: {'200': {description: ok}}
  /y:
    get:
      operationId: getY
      responses: {'200': {description: ok}}
    get:
      operationId: secondGetY
      responses: {'200': {description: ok}}
  /x:
    post:
      operationId: second
      responses: {'200': {description: ok}}
"""


@pytest.mark.parametrize("form", ["yaml", "json"])
def test_a_key_written_twice_is_a_warning_naming_both_places(form: str, tmp_path: Path) -> None:
    if form == "yaml":
        text = DUPLICATED_YAML
    else:  # the same, as JSON laid out one key per line, keeping the duplicates
        text = (
            '{\n"openapi": "3.0.3",\n"info": {"title": "T", "version": "1"},\n"paths": {\n'
            '"/x": {"get": {"operationId": "first", "responses": {"200": {"description": "ok"}}}},\n'
            '"/y": {\n"get": {"operationId": "getY", "responses": {"200": {"description": "ok"}}},\n'
            '"get": {"operationId": "secondGetY", "responses": {"200": {"description": "ok"}}}\n},\n'
            '"/x": {"post": {"operationId": "second", "responses": {"200": {"description": "ok"}}}}\n}\n}\n'
        )
    spec = tmp_path / f"api.{form}"
    spec.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 0, result.output
    lines = text.splitlines()
    first_x, second_x = [i + 1 for i, line in enumerate(lines) if line.lstrip().startswith(('"/x"', "/x:"))]
    first_get, second_get = [i + 1 for i, line in enumerate(lines) if line.lstrip().startswith(('"get"', "get:"))][-2:]
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert any(re.match(rf"{re.escape(str(spec))}:{second_x}:\d+ \(#/paths/~1x\): warning: .*'/x'.*line {first_x}\b", w) for w in warnings), result.output
    assert any(re.match(rf"{re.escape(str(spec))}:{second_get}:\d+ \(#/paths/~1y/get\): warning: .*'get'.*line {first_get}\b", w) for w in warnings), result.output
    # The two duplicates, and the operations without an operationId (a warning of their own).
    assert len([w for w in warnings if "no operationId" not in w]) == 2, result.output


def test_no_warning_for_a_merge_key_overridden(tmp_path: Path) -> None:
    """``<<: *base`` then the same key again is YAML's way to override, not a duplicate."""
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nx-base: &base {description: ok}\npaths:\n  /x:\n    get:\n"
        "      operationId: getX\n      responses:\n        '200':\n          <<: *base\n          description: fine\n",
        encoding="utf-8",
    )
    parsed = load_api(spec)
    assert parsed.warnings == []


def test_a_finding_in_a_key_written_twice_is_located_in_the_one_that_is_read(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: a\n"
        "      responses: {'200': {description: ok}}\n  /x:\n    get:\n      operationId: b\n      responses:\n"
        "        '200': {}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 1
    assert f"{spec}:12:9 (#/paths/~1x/get/responses/200): error: the required property 'description' is missing" in result.output
    assert f"{spec}:8:3 (#/paths/~1x): warning: key '/x' is written twice" in result.output
