"""Definitions written to attack the generator through every text field that reaches generated code.

Titles, descriptions, summaries, operationIds, parameter, property, schema and enum names and values,
defaults, examples, paths, server URLs and variables, security scheme names: all carry quotes, triple
quotes, backslashes, newlines and carriage returns, Jinja syntax, Python code, non-ASCII, empty strings,
keywords and builtins, names that shadow what generated code imports, names equal after normalisation
and names starting with digits.

For each definition: generation succeeds; no text of the definition is executed while generating,
importing or calling (the Python and Jinja payloads would create a sentinel file and set an environment
variable); the package passes ``mypy --strict``; and every operation and property is reachable: each
operation is a method of both clients and of ``with_raw_response`` and sends its request, and each
property is a field that ``to_dict()`` writes under its wire name.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from sdkgen.cli import main
from sdkgen.generate.format import format_source
from sdkgen.parse import load_api
from sdkgen.parse.naming import BUILTIN_NAMES

ENV_FLAG = "SDKGEN_HOSTILE_EXECUTED"


def payloads(sentinel: Path) -> list[str]:
    """Text that does something observable if it is ever executed as Python or rendered as Jinja."""
    code = (
        f"__import__('os').environ.__setitem__({ENV_FLAG!r}, '1') or "
        f"__import__('pathlib').Path({str(sentinel)!r}).write_text('executed')"
    )
    jinja = f"{{{{ cycler.__init__.__globals__.os.environ.__setitem__({ENV_FLAG!r}, 'jinja') }}}}"
    return [
        code,
        f'"""\n{code}\n"""',
        f"'''\n{code}\n'''",
        f'"); {code}; print("',
        f"'); {code}; print('",
        f"\\\n{code}\n#",
        f"\r{code}\r\n{code}\\",
        f'\\"""; {code}; """\\',
        jinja,
        f"{{% set x = {code} %}}{{{{ x }}}}{{# comment #}}",
        "{{ 7*7 }} {% raw %}{% endraw %} ${7*7} #{7*7} %(x)s {0}",
        "ünïcødé ☃ 日本語 \u2028 \u2029 \u0085 \ufeff \U0001f600 e\u0301",
        "",
        "\\",
        '"',
        "'",
        '"""',
        "'''",
        "\t\x0b\x0c\x00\x1b[31m",
        "<script>alert(1)</script> | `code` *bold* [link](http://x) # heading",
    ]


# Names that are Python keywords, builtins, what the generated modules import or define, or collide.
HOSTILE_NAMES = [
    "class", "def", "None", "True", "False", "import", "from", "return", "lambda", "async", "await",
    "match", "case", "_", "type", "print", "str", "int", "float", "bool", "bytes", "list", "dict", "tuple",
    "object", "set", "frozenset", "_WIRE_NAMES", "self", "cls", "datetime", "typing", "httpx", "List", "Optional", "Any", "Client", "AsyncClient",
    "UNSET", "Unset", "_t", "_m", "_dt", "_uuid", "_dc", "out", "data", "body", "to_dict", "from_dict",
    "additional_properties", "__init__", "__class__", "__dict__", "foo-bar", "foo_bar", "fooBar", "FOO_BAR",
    "1st", "123", "", " ", "-", "ünïcødé", "日本語", "a\"b", "a'b", "a\\b", "a\nb", "{{ name }}",
    "super", "isinstance", "len", "getattr", "DEFAULT_BASE_URL", "_operations", "httpx_",
]  # fmt: skip
OPERATION_NAMES = HOSTILE_NAMES + [
    "close", "aclose", "with_options", "with_raw_response", "user_agent", "base_url", "max_retries", "timeout",
    "copy", "request", "mro", "_call", "_call_raw", "RequestOptions", "SECURITY_SCHEMES", "annotations",
]  # fmt: skip


def hostile_openapi(sentinel: Path) -> dict[str, Any]:
    texts = payloads(sentinel)
    evil = "".join(texts)

    def text(i: int) -> str:
        return texts[i % len(texts)]

    enum_values = [t for t in texts] + ["a-b", "a_b", "A B", "None", "class", "1", "mro", "UNKNOWN"]
    properties: dict[str, Any] = {}
    for i, name in enumerate(HOSTILE_NAMES):
        prop: dict[str, Any] = {"description": text(i), "example": text(i + 1), "default": text(i + 2), "title": text(i + 3)}
        kind = i % 6
        if kind == 0:
            prop["type"] = "string"
        elif kind == 1:
            prop.update(type="integer", default=i, example=i)
        elif kind == 2:
            prop.update(type="string", enum=enum_values, default=enum_values[0])
        elif kind == 3:
            prop = {"allOf": [{"$ref": "#/components/schemas/datetime"}], "description": text(i)}
        elif kind == 4:
            prop.update(type="array", items={"$ref": "#/components/schemas/typing"}, default=[], example=[])
        else:
            prop.update(type="object", additionalProperties={"type": "string", "description": text(i)}, default={text(i): text(i)}, example={})
        properties[name] = prop

    schemas: dict[str, Any] = {
        "Hostile": {
            "type": "object",
            "title": evil,
            "description": evil,
            "required": ["class", "foo-bar", "1st", ""],
            "properties": properties,
            "example": {"class": evil},
        },
        "datetime": {"type": "object", "description": text(3), "properties": {"datetime": {"type": "string", "format": "date-time"}}},
        "typing": {"type": "object", "properties": {"typing": {"type": "string", "format": "uuid"}, "List": {"type": "integer"}}},
        "IntEnum": {"type": "integer", "enum": [0, -1, 1, 2**40, 7], "description": text(5)},
        "StrEnum": {"type": "string", "enum": enum_values, "default": text(0)},
        "Pet": {
            "oneOf": [{"$ref": "#/components/schemas/Cat'\""}, {"$ref": "#/components/schemas/1Dog"}],
            "discriminator": {
                "propertyName": "pet'\"type",
                "mapping": {text(0): "#/components/schemas/Cat'\"", "'''": "#/components/schemas/1Dog"},
            },
        },
        "Cat'\"": {"type": "object", "required": ["pet'\"type"], "properties": {"pet'\"type": {"type": "string"}, "meow": {"type": "string"}}},
        "1Dog": {"type": "object", "required": ["pet'\"type"], "properties": {"pet'\"type": {"type": "string"}, "bark": {"type": "boolean"}}},
        # Not a model itself, but its items are: their module is named after it.
        "1 import'\"": {"type": "array", "items": {"type": "object", "properties": {"from": {"type": "string"}}}},
    }
    for name in HOSTILE_NAMES:
        schemas.setdefault(name, {"type": "object", "description": text(len(name)), "properties": {name or "empty": {"type": "string"}}})

    paths: dict[str, Any] = {}
    for i, op_id in enumerate(OPERATION_NAMES):
        paths[f"/op{i}"] = {
            "get": {
                "operationId": op_id,
                "summary": text(i),
                "description": text(i + 1),
                "responses": {"200": {"description": text(i + 2)}},
            }
        }
    params = [
        {"name": name, "in": ("query", "header", "cookie")[i % 3], "description": text(i), "example": text(i + 1),
         "schema": {"type": "string", "default": text(i + 2), "example": text(i + 3)}}
        for i, name in enumerate(HOSTILE_NAMES) if name.strip() and "\n" not in name
    ]  # fmt: skip
    params.append({"name": "color", "in": "query", "schema": {"type": "string", "enum": enum_values}})
    params.append({"name": "level", "in": "query", "required": True, "schema": {"$ref": "#/components/schemas/IntEnum"}})
    hostile_path = "/items/{foo-bar}/{foo_bar}/{class}/{1st}/'\"\"\"/\\/{{x}}/{%y%}/ünï"
    paths[hostile_path] = {
        "post": {
            "operationId": evil,
            "summary": evil,
            "description": evil,
            "parameters": [
                {"name": n, "in": "path", "required": True, "description": text(i), "schema": {"type": "string"}}
                for i, n in enumerate(["foo-bar", "foo_bar", "class", "1st"])
            ]
            + params,
            "requestBody": {
                "required": True,
                "description": evil,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Hostile"}, "example": {"x": evil}}},
            },
            "responses": {
                "200": {"description": evil, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Hostile"}}}},
                "404": {"description": text(1), "content": {"application/json": {"schema": {"$ref": "#/components/schemas/datetime"}}}},
            },
            "security": [{"api'\"key": []}, {"token": []}],
        }
    }
    paths["/pets"] = {
        "put": {
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}},
        },
        "x-amazon-apigateway-any-method": {"operationId": "any", "responses": {"200": {"description": "ok"}}},
    }
    paths["/text'\"/{proxy+}"] = {
        "post": {
            "requestBody": {"content": {"text/plain; charset=\"utf-8\"'": {"schema": {"type": "string", "example": evil}}}},
            "responses": {"200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}}},
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": evil, "description": evil, "version": f'1.0"; {texts[0]}; "'},
        "servers": [
            {
                "url": "https://{host}/'\"\"\"\\{stage}",
                "description": evil,
                "variables": {
                    "host": {"default": "h'\"\\.example", "description": evil, "enum": ["h'\"\\.example", evil]},
                    "stage": {"default": "prod\n" + texts[0], "description": evil},
                },
            }
        ],
        "tags": [{"name": evil, "description": evil}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "api'\"key": {"type": "apiKey", "in": "header", "name": "x-api-key", "description": evil},
                "token": {
                    "type": "apiKey", "in": "header", "name": "Authorization", "description": evil,
                    "x-amazon-apigateway-authtype": "custom",
                    "x-amazon-apigateway-authorizer": {"type": "token", "identitySource": "method.request.header.Authorization"},
                },
                "class": {
                    "type": "apiKey", "in": "header", "name": "X-Class",
                    "x-amazon-apigateway-authtype": "custom",
                    "x-amazon-apigateway-authorizer": {"type": "request", "identitySource": "method.request.header.X-Class"},
                },
                # A Lambda authorizer is a keyword of Client(): named after every builtin (``super`` broke every
                # Client() call) and every other name here, the exercise below constructs the client with all.
                **{
                    name: {
                        "type": "apiKey", "in": "header", "name": f"X-Auth-{i}", "x-amazon-apigateway-authtype": "custom",
                        "x-amazon-apigateway-authorizer": {"type": "token", "identitySource": f"method.request.header.X-Auth-{i}"},
                    }
                    for i, name in enumerate(sorted(BUILTIN_NAMES | set(OPERATION_NAMES) - {"class", "token", "api'\"key"}))
                },
            },
        },
    }


def hostile_swagger(sentinel: Path) -> dict[str, Any]:
    texts = payloads(sentinel)
    evil = "".join(texts)
    form = [
        {"name": n, "in": "formData", "type": "string", "description": texts[i % len(texts)], "default": texts[(i + 1) % len(texts)]}
        for i, n in enumerate(["foo-bar", "foo_bar", "class", "1st", "datetime", "httpx", "a\"b"])
    ]  # fmt: skip
    return {
        "swagger": "2.0",
        "info": {"title": "", "description": evil, "version": ""},
        "host": "evil.example'\"\\",
        "basePath": "/'''{{ stage }}\"\"\"",
        "schemes": ["https"],
        "paths": {
            "/form/{Optional}": {
                "post": {
                    "operationId": "List",
                    "summary": evil,
                    "consumes": ["application/x-www-form-urlencoded"],
                    "parameters": [{"name": "Optional", "in": "path", "required": True, "type": "string", "description": evil}] + form,
                    "responses": {"200": {"description": evil, "schema": {"$ref": "#/definitions/Any"}}},
                }
            },
            "/body": {
                "put": {
                    "operationId": "Optional",
                    "parameters": [
                        {"name": "Any", "in": "body", "required": True, "schema": {"$ref": "#/definitions/Any"}},
                        {"name": "List", "in": "query", "type": "array", "items": {"type": "string", "enum": texts[:6]}},
                    ],
                    "responses": {"default": {"description": evil, "schema": {"type": "array", "items": {"$ref": "#/definitions/Any"}}}},
                }
            },
        },
        "definitions": {
            "Any": {
                "type": "object",
                "description": evil,
                "required": ["List"],
                "properties": {
                    "List": {"type": "string", "x-nullable": True, "description": evil},
                    "Optional": {"type": "integer", "enum": [1, 2, 3]},
                    "Client": {"type": "string", "format": "date"},
                    "httpx": {"$ref": "#/definitions/Any"},
                },
            }
        },
    }


# Run in a fresh interpreter: import everything, reach every operation and property, call every operation.
_EXERCISE = r"""
import asyncio, dataclasses, importlib, inspect, json, os, pkgutil, sys
import httpx

root, name, expected_path = sys.argv[1], sys.argv[2], sys.argv[3]
expected = json.loads(open(expected_path, encoding="utf-8").read())
sys.path.insert(0, root)
pkg = importlib.import_module(name)
for module in pkgutil.walk_packages(pkg.__path__, name + "."):
    importlib.import_module(module.name)
types = importlib.import_module(name + ".types")
# The default base URL is the definition's, carried verbatim as a literal.
assert pkg._client.DEFAULT_BASE_URL == expected["base_url"], pkg._client.DEFAULT_BASE_URL

# Every property is a field, and to_dict() writes it under its wire name.
for model in expected["models"]:
    cls = getattr(types, model["class_name"])
    if model["enum"] is not None:
        assert [m.value for m in cls] == model["enum"], (model["class_name"], [m.value for m in cls], model["enum"])
        continue
    fields = {f.name for f in dataclasses.fields(cls)}
    for prop in model["properties"]:
        assert prop["py_name"] in fields, (model["class_name"], prop)
    data = {prop["name"]: prop["sample"] for prop in model["properties"]}
    instance = cls.from_dict(data)
    out = instance.to_dict()
    assert set(out) >= set(data), (model["class_name"], set(data) - set(out))
    for prop in model["properties"]:
        if prop["plain"]:
            assert out[prop["name"]] == data[prop["name"]], (prop, out[prop["name"]])

requests = []
current = {"array": False, "header_args": []}

def handler(request):
    requests.append(request)
    body = expected["response"]
    return httpx.Response(200, json=[body] if current["array"] else body)

def value(annotation):
    pieces = [p.strip() for p in str(annotation).split("|")]
    for piece in pieces:
        if piece == "str":
            return expected["text"]
        if piece.startswith("dict["):
            return dict(expected["response"])
    for piece in pieces:
        if piece == "int":
            return 1
        if piece == "float":
            return 1.5
        if piece == "bool":
            return True
        if piece.startswith("list["):
            return []
    raise AssertionError(f"no value for {annotation}")

def arguments(method):
    args, kwargs = [], {}
    for p in list(inspect.signature(method).parameters.values())[1:]:
        given = value(p.annotation) if p.default is inspect.Parameter.empty else None
        if p.default is not inspect.Parameter.empty and p.annotation.startswith("str") and p.name not in ("http_method", "idempotency_key"):  # the per-call key is no parameter of the definition
            given = expected["text"]
        if isinstance(given, str) and p.name in current["header_args"]:
            given = given.replace("\n", " ")
        if p.default is not inspect.Parameter.empty:
            if given is not None:
                kwargs[p.name] = given
        elif p.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[p.name] = given
        else:
            args.append(given)
    return args, kwargs

client = pkg.Client(base_url="http://gw.test/prod", api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(handler)),
                    **{k: "cred" for k in expected["credentials"]})
for op in expected["operations"]:
    for owner in (pkg.Client, pkg.AsyncClient, pkg._client_raw.ClientWithRawResponse, pkg._async_client_raw.AsyncClientWithRawResponse):
        assert callable(getattr(owner, op["py_name"], None)), (owner, op)
    method = getattr(client, op["py_name"])
    current["array"], current["header_args"] = op["array"], op["header_args"]
    args, kwargs = arguments(getattr(pkg.Client, op["py_name"]))
    before = len(requests)
    method(*args, **kwargs)
    raw = getattr(client.with_raw_response, op["py_name"])(*args, **kwargs)
    assert raw.status_code == 200
    assert len(requests) == before + 2, op
    sent = requests[-1]
    assert sent.method == (op["method"] if op["method"] != "ANY" else "GET"), (sent.method, op)
    for wire in op["query"]:
        assert wire in sent.url.params, (wire, str(sent.url))
    for wire in op["headers"]:
        assert wire.lower() in sent.headers, (wire, sent.headers)

async def run_async():
    transport = httpx.MockTransport(handler)
    async with pkg.AsyncClient(base_url="http://gw.test/prod", api_key="k", http_client=httpx.AsyncClient(transport=transport),
                               **{k: "cred" for k in expected["credentials"]}) as aclient:
        for op in expected["operations"]:
            current["array"], current["header_args"] = op["array"], op["header_args"]
            args, kwargs = arguments(getattr(pkg.AsyncClient, op["py_name"]))
            await getattr(aclient, op["py_name"])(*args, **kwargs)

asyncio.run(run_async())
assert os.environ.get(expected["flag"]) is None
print("ok", len(expected["operations"]), len(expected["models"]))
"""


def _sample(schema: Any, depth: int = 0) -> tuple[Any, bool]:
    """A wire value for a model schema, and whether it comes back from to_dict() unchanged."""
    if schema.enum is not None:
        return schema.enum[0], True
    if schema.type == "union" and len(schema.variants) == 1:
        return _sample(schema.variants[0], depth)
    if schema.type == "string":
        if schema.format == "date-time":
            return "2024-01-31T12:00:00+00:00", True
        if schema.format == "date":
            return "2024-01-31", True
        if schema.format == "uuid":
            return "12345678-1234-5678-1234-567812345678", True
        return "v'\"\\\n{{x}}", True
    if schema.type == "integer":
        return 3, True
    if schema.type == "boolean":
        return True, True
    if schema.type == "array":
        return [], True
    if schema.type == "object" and depth < 3:
        return {p.name: _sample(p.schema, depth + 1)[0] for p in schema.properties if p.required}, False
    return None if schema.nullable else {}, False


def expectations(spec: Path) -> dict[str, Any]:
    api = load_api(spec, strict=False).api
    models = []
    for schema in api.schemas:
        props = []
        for prop in schema.properties:
            sample, plain = _sample(prop.schema)
            props.append({"name": prop.name, "py_name": prop.py_name, "sample": sample, "plain": plain})
        models.append({"class_name": schema.class_name, "enum": schema.enum if schema.enum is not None else None, "properties": props})
    operations = [
        {
            "py_name": op.py_name,
            "method": op.method,
            "query": [p.name for p in op.parameters if p.location == "query" and p.required],
            "headers": [p.name for p in op.parameters if p.location == "header" and p.required],
            # A header value cannot hold a line break: the client refuses it (a ValueError) before sending.
            "header_args": [p.py_name for p in op.parameters if p.location == "header"],
            "array": any(r.schema is not None and r.schema.type == "array" for r in op.success_responses),
        }
        for op in api.operations
    ]
    # One response body for every operation: it has what each model requires.
    response = {p.name: _sample(p.schema)[0] for s in api.schemas for p in s.properties if p.required}
    credentials = [s.credential for s in api.security_schemes.values() if s.kind == "lambda"]
    return {"models": models, "operations": operations, "response": response, "text": "t'\"\\ \n{{x}}",
            "credentials": credentials, "flag": ENV_FLAG, "base_url": api.default_base_url}  # fmt: skip


def _raw_properties(data: dict[str, Any]) -> dict[str, set[str]]:
    schemas = data.get("components", {}).get("schemas") or data.get("definitions") or {}
    return {name: set(s.get("properties", {})) for name, s in schemas.items() if s.get("properties")}


@pytest.fixture(scope="module")
def sentinel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sentinel") / "executed"


def _assert_not_executed(sentinel: Path) -> None:
    assert not sentinel.exists(), "definition text was executed"
    assert ENV_FLAG not in os.environ, "definition text was executed"


CASES = {
    "openapi-json": (hostile_openapi, "json"),
    "openapi-yaml": (hostile_openapi, "yaml"),
    "swagger-json": (hostile_swagger, "json"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_definition(case: str, tmp_path: Path, sentinel: Path) -> None:
    build, fmt = CASES[case]
    data = build(sentinel)
    spec = tmp_path / f"hostile.{fmt}"
    if fmt == "json":
        spec.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["generate", str(spec), "--output", str(out), "--lenient"])
    assert result.exit_code == 0, result.output + (result.stderr if result.stderr_bytes else "")
    _assert_not_executed(sentinel)
    packages = [p.parent for p in out.glob("*/_client.py")]
    assert len(packages) == 1
    package = packages[0]
    generated = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    assert "{{ 7*7 }}" in generated, "a Jinja expression of the definition was evaluated"
    # Black's output, though black only formatted the chunks that needed it.
    assert [p.name for p in out.rglob("*.py") if format_source(t := p.read_text(encoding="utf-8")) != t] == []

    # Nothing the definition names was lost on the way to the model.
    api = load_api(spec, strict=False).api
    raw_ops = sum(1 for path, item in data["paths"].items() for key in item)
    assert len(api.operations) == raw_ops
    assert len({op.py_name for op in api.operations}) == raw_ops
    by_name = {s.name: s for s in api.schemas}
    for schema_name, wire_names in _raw_properties(data).items():
        assert schema_name in by_name, schema_name
        assert {p.name for p in by_name[schema_name].properties} == wire_names, schema_name
    if case.startswith("openapi"):
        assert {p.name for p in by_name["Hostile"].properties} == set(HOSTILE_NAMES)
        assert len({p.py_name for p in by_name["Hostile"].properties}) == len(HOSTILE_NAMES)
    assert package.name.isidentifier() and package.name.isascii()

    expected = tmp_path / "expected.json"
    expected.write_text(json.dumps(expectations(spec)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != ENV_FLAG}
    run = subprocess.run(
        [sys.executable, "-c", _EXERCISE, str(out), package.name, str(expected)],
        check=False, capture_output=True, text=True, cwd=tmp_path, timeout=300, env={**env, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("ok"), run.stdout
    _assert_not_executed(sentinel)

    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, package.name],
        check=False, capture_output=True, text=True, cwd=out, timeout=600,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    _assert_not_executed(sentinel)
