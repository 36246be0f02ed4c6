"""Every user-facing input, broken systematically: a clear, located error, a non-zero exit, no traceback, nothing half-written.

The inputs: a definition, a SAM / CloudFormation / CDK template (and the files it names), the mock's configuration
file, ``--pagination FILE``, ``--function NAME=path/module.py:handler``, ``--parameter``, the options of ``fetch``
and ``contract``. Each is broken by generated variants rather than a hand-picked few:

- as a file: missing, a directory, unreadable (a symbolic-link loop: the tests run as root, so modes stop nothing),
  empty, truncated, not UTF-8, binary, a YAML alias bomb, nested 100,000 deep, under a hostile name;
- by key: every key the configuration file takes (CONFIG_KEYS, walked over a complete file) and every property of
  the templates sdkgen reads, each value replaced by a wrong-typed one (null, a list, an integer, a huge string,
  bytes that are not UTF-8, deep nesting).

Property asserted for each: the exit is 1 or 2 (or 0 where the wrong-typed value is one sdkgen tolerates, such
as a number for a stage variable); stderr holds no traceback, no "internal error" and no Python exception class
name; the error names the file, and the line or the key path; the output directory is absent or as it was.
In-process through click's CliRunner (fast); a few cases again as real subprocesses.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from sdkgen.cli import main
from sdkgen.mock.config import CONFIG_KEYS
from sdkgen.sources import cfn_yaml

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
BAD_HOST = "256.0.0.1"  # the mock fails to bind once everything was read: startup is checked, nothing served

# A Python exception's class name leaking into a message (ours say what is wrong in words).
LEAKED = re.compile(r"\b(?:[A-Z][a-z0-9]+)+(?:Error|Exception|Warning)\b|\bTraceback\b|\binternal error\b")
# "file:line:col (#pointer): error: ..." (a definition or template) or "error: FILE: place: ..." (a configuration).
LOCATED_SPEC = re.compile(r"^(?P<file>\S.*?)(?::(?P<line>\d+):(?P<col>\d+))?(?: \(#(?P<pointer>[^\n]*?)\))?: error: ")

DEFINITION = """\
openapi: 3.0.3
info: {title: Sweep, version: '1'}
servers: [{url: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod'}]
paths:
  /products:
    get:
      operationId: listProducts
      security: [{ShopCognito: []}, {api_key: []}]
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:getTodo/invocations
      parameters:
        - {name: nextToken, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  nextToken: {type: string}
  /orders:
    post:
      operationId: createOrder
      security: [{NotesAuthorizer: []}]
      responses: {'201': {description: created}}
components:
  securitySchemes:
    api_key: {type: apiKey, name: x-api-key, in: header}
    ShopCognito:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer: {type: cognito_user_pools, providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x']}
    NotesAuthorizer:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer: {type: token, authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations'}
"""

DEFINITION_JSON = json.dumps(yaml.safe_load(DEFINITION), indent=1)

# Every key CONFIG_KEYS names, with a value of the right type (a test below checks that nothing is left out).
CONFIG: dict[str, Any] = {
    "stages": {"prod": {
        "throttle": {"rate": 100, "burst": 50}, "cache_ttl": 0,
        "methods": {"GET /products": {"throttle": {"rate": 5, "burst": 2}, "cache_ttl": 60,
                                      "cache_key_parameters": ["method.request.querystring.nextToken"]}},
        "variables": {"color": "blue"},
    }},
    "api_keys": [{"id": "alice", "value": "alice-0123456789abcdef", "usage_plan": "basic"}],
    "usage_plans": {"basic": {
        "throttle": {"rate": 10, "burst": 5}, "quota": {"limit": 1000, "period": "WEEK", "offset": 1},
        "methods": {"POST /orders": {"throttle": {"rate": 1, "burst": 1}}},
    }},
    "authorizers": {
        "ShopCognito": {"issuer": "https://issuer.example", "audience": ["client-1"], "hs256_secret": "s3cret"},
        "NotesAuthorizer": {"allow": ["Bearer good-token"], "jwks": {"keys": []}},
        "api_key": {"jwks_file": "jwks.json"},
    },
    "validation": "spec",
    "faults": [{"route": "GET /products", "status": 503, "rate": 0.25}],
    "latency_ms": {"min": 0, "max": 0},
    "retry_after": False,
    "admin": True,
    "seed": 3,
    "iam": {"access_key_id": "AKIDEXAMPLE", "secret_access_key": "x", "session_token": "t", "region": "us-east-1"},
    "account_throttle": {"rate": 10000, "burst": 5000},
    "functions": {"getTodo": {"handler": "app.get_todo", "code": "src", "env": {"TABLE": "todos"}, "timeout": 3, "memory": 128}},
    "concurrency": 4,
}  # fmt: skip

HANDLER = "def get_todo(event, context):\n    return {'statusCode': 200, 'body': '[]'}\n"

# An HTTP API made of AWS::ApiGatewayV2 resources (CDK's HttpApi), the one template kind no fixture file holds.
HTTP_TEMPLATE: dict[str, Any] = {
    "Resources": {
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "app.handler", "Runtime": "python3.12",
                                                              "Code": {"ZipFile": "x"}, "Timeout": 3, "MemorySize": 128}},
        "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
            "Name": "Items", "ProtocolType": "HTTP", "CorsConfiguration": {"AllowOrigins": ["https://example.com"], "MaxAge": 600}}},
        "Stage": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
            "ApiId": {"Ref": "Api"}, "StageName": "$default", "AutoDeploy": True,
            "DefaultRouteSettings": {"ThrottlingRateLimit": 10, "ThrottlingBurstLimit": 5},
            "RouteSettings": {"GET /items": {"ThrottlingRateLimit": 1}}}},
        "Jwt": {"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": {
            "ApiId": {"Ref": "Api"}, "AuthorizerType": "JWT", "Name": "ItemsJwt", "IdentitySource": ["$request.header.Authorization"],
            "JwtConfiguration": {"Audience": ["client-1"], "Issuer": "https://issuer.example"}}},
        "Integration": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "ApiId": {"Ref": "Api"}, "IntegrationType": "AWS_PROXY", "IntegrationUri": {"Fn::GetAtt": ["Fn", "Arn"]},
            "PayloadFormatVersion": "2.0"}},
        "GetItems": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
            "ApiId": {"Ref": "Api"}, "RouteKey": "GET /items", "AuthorizationType": "NONE",
            "Target": {"Fn::Join": ["", ["integrations/", {"Ref": "Integration"}]]}}},
        "PostItems": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
            "ApiId": {"Ref": "Api"}, "RouteKey": "POST /items", "AuthorizationType": "JWT", "AuthorizerId": {"Ref": "Jwt"},
            "AuthorizationScopes": ["items/write"], "OperationName": "addItem",
            "Target": {"Fn::Join": ["", ["integrations/", {"Ref": "Integration"}]]}}},
    },
}  # fmt: skip


# -- running -------------------------------------------------------------------------------------------------------


def invoke(*args: str | Path, cwd: Path) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    finally:
        os.chdir(old)


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def assert_clean(result: Result, *, located_in: Path | None, where: str | None = None, may_pass: bool = False) -> str:
    """The property every case shares; returns stderr. The mock's "cannot listen" (BAD_HOST) says all was read."""
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        raise AssertionError("an exception escaped:\n" + "".join(traceback.format_exception(result.exception)) + stderr)
    if may_pass and result.exit_code == 0:
        return stderr
    assert result.exit_code in (1, 2), (result.exit_code, stderr[-3000:], result.stdout[-1000:])
    leaked = LEAKED.search(stderr)
    assert leaked is None, f"{leaked.group(0)!r} in:\n{stderr[-3000:]}"
    if f"cannot listen on {BAD_HOST}" in stderr:
        return stderr
    if located_in is not None:
        name = located_in.name.encode("unicode_escape").decode("ascii") if not located_in.name.isprintable() else located_in.name
        lines = [line for line in stderr.splitlines() if "error" in line.lower() or line.startswith("Usage")]
        assert any(name in line or located_in.name in line for line in lines) or name in stderr, (
            f"the error does not name {located_in.name!r}:\n{stderr[-3000:]}"
        )
    if where is not None:
        assert where in stderr, f"the error is not located at {where!r}:\n{stderr[-3000:]}"
    return stderr


# -- file variants ---------------------------------------------------------------------------------------------------


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        lines.append(f"{level}: &{level} [" + ",".join([f"*{chr(ord(level) - 1)}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _symlink_loop(path: Path) -> None:
    path.symlink_to(path.name)


def file_variants(good: str) -> dict[str, Callable[[Path], None]]:
    """Ways to break a file whose good content is ``good``. The path's parent exists."""
    data = good.encode("utf-8")
    return {
        "missing": lambda p: None,
        "directory": lambda p: p.mkdir(),
        "unreadable": _symlink_loop,
        "dangling-link": lambda p: p.symlink_to("nowhere.yaml"),
        "empty": lambda p: p.write_bytes(b""),
        "truncated-half": lambda p: p.write_bytes(data[: len(data) // 2]),
        "truncated-third": lambda p: p.write_bytes(data[: len(data) // 3]),
        "not-utf8": lambda p: p.write_bytes(data[: len(data) // 2] + b"\xff\xfe caf\xe9 " + data[len(data) // 2 :]),
        "binary": lambda p: p.write_bytes(bytes(range(256)) * 16),
        "alias-bomb": lambda p: p.write_text(_alias_bomb(), encoding="utf-8"),
        "nested-100k": lambda p: p.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8"),
        "nested-block": lambda p: p.write_text("x:\n" + "- " * 50_000 + "x\n", encoding="utf-8"),
        "a-list": lambda p: p.write_text("- 1\n- 2\n", encoding="utf-8"),
        "a-scalar": lambda p: p.write_text("just text\n", encoding="utf-8"),
    }


# A usable file under a name that is hard to print or to pass: the message must still name it.
HOSTILE_NAMES = ["-dash.yaml", "new\nline.yaml", "esc\x1b[31mred.yaml", "sp ace.yaml", "ünï.yaml", "quote'\".yaml"]


# -- key walks -------------------------------------------------------------------------------------------------------

BAD_UTF8 = "@@NOT-UTF-8@@"
DEEP = "@@DEEP@@"
WRONG: dict[str, Any] = {
    "null": None,
    "list": [1, [2]],
    "int": 7,
    "huge-string": "A" * 200_000,
    "not-utf8": BAD_UTF8,
    "deep": DEEP,
    "mapping": {"x": {"y": 1}},
}


def dump(data: Any, *, as_json: bool = False) -> bytes:
    """YAML text of ``data`` (JSON's layout, which YAML reads, after a comment that makes it YAML: json.dumps is
    fast where PyYAML's emitter is not), or JSON; the placeholders made into what no dumper writes: bytes that are
    not UTF-8, a flow sequence nested 50,000 deep."""
    # JSON on one line (json's C encoder; with an indent it is pure Python, a fifth of a template case's time).
    text = json.dumps(data, ensure_ascii=False) if as_json else "# the sweep's file\n" + json.dumps(data, indent=1, ensure_ascii=False)
    text = text.replace(f'"{DEEP}"', "[" * 50_000 + "]" * 50_000)
    return text.encode("utf-8").replace(BAD_UTF8.encode(), b"\xff\xfecaf\xe9")


def leaves_and_branches(data: Any, path: tuple[Any, ...] = (), *, skip: Callable[[tuple[Any, ...]], bool] = lambda p: False) -> Iterator[tuple[Any, ...]]:
    """Every key path of ``data`` (list items by index), parents before children."""
    if path:
        yield path
    if skip(path):
        return
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves_and_branches(value, (*path, key), skip=skip)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from leaves_and_branches(value, (*path, i), skip=skip)


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    copied = copy.deepcopy(data)
    node = copied
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return copied


def dotted(path: tuple[Any, ...]) -> str:
    """The configuration reader's name for a key path: ``stages.prod.methods."GET /products".throttle``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            shown = part if re.fullmatch(r"[A-Za-z0-9_\-]+", part) else f'"{part}"'
            out = f"{out}.{shown}" if out else shown
    return out


def config_place(path: tuple[Any, ...]) -> str:
    """CONFIG_KEYS's name of a path's place (user-named keys as <name>, list items dropped)."""
    parts: list[str] = []
    named_after = {"stages", "usage_plans", "authorizers", "functions", "methods"}
    previous: Any = None
    for part in path:
        if isinstance(part, int):
            previous = part
            continue
        parts.append("<name>" if previous in named_after and parts and parts[-1] != "<name>" else part)
        previous = part
    return ".".join(parts)


# -- the workspace every case starts from ---------------------------------------------------------------------------


@dataclass
class Workspace:
    root: Path
    spec: Path
    config: Path
    out: Path
    before: dict[str, bytes | None] = field(default_factory=dict)


def make_workspace(root: Path, config: Any = CONFIG) -> Workspace:
    spec = root / "api.json"  # the companion of the file under test: JSON, which is read in a fraction of the time
    spec.write_text(DEFINITION_JSON, encoding="utf-8")
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text(HANDLER, encoding="utf-8")
    (root / "jwks.json").write_text('{"keys": []}', encoding="utf-8")
    path = root / "gateway.yaml"
    path.write_bytes(dump(config))
    return Workspace(root, spec, path, root / "out")


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A client generated once; generate cases start from a copy of it and must leave it as it was."""
    root = tmp_path_factory.mktemp("previous")
    spec = root / "api.yaml"
    spec.write_text(DEFINITION, encoding="utf-8")
    result = invoke("generate", spec, "--output", root / "out", cwd=root)
    assert result.exit_code == 0, result.output
    return root / "out"


def _copy_output(previous: Path, out: Path) -> dict[str, bytes | None]:
    import shutil

    shutil.copytree(previous, out, symlinks=True)
    return snapshot(out)


def assert_output_intact(ws: Workspace) -> None:
    leftovers = [p.name for p in ws.root.iterdir() if p.name.startswith(".out.sdkgen-")]
    assert not leftovers, leftovers
    if ws.before:
        assert snapshot(ws.out) == ws.before
    else:
        assert not ws.out.exists()


# -- 1. a broken file, for every command and every file input --------------------------------------------------------

# input kind -> (the file's good content, the command line with FILE in place of the file)
FILE_INPUTS: dict[str, tuple[str, list[str]]] = {
    "validate-spec": (DEFINITION, ["validate", "FILE"]),
    "generate-spec": (DEFINITION, ["generate", "FILE", "--output", "OUT"]),
    "mock-spec": (DEFINITION, ["mock", "FILE", "--host", BAD_HOST, "--port", "0"]),
    "contract-spec": (DEFINITION, ["contract", "FILE", "--url", "http://127.0.0.1:9/prod"]),
    "mock-config": (dump(CONFIG).decode(), ["mock", "SPEC", "--config", "FILE", "--host", BAD_HOST, "--port", "0"]),
    "pagination": ("listProducts: {style: token, items: items, next_field: nextToken, request_param: nextToken}\n",
                   ["generate", "SPEC", "--output", "OUT", "--pagination", "FILE"]),
    "function-module": (HANDLER, ["mock", "SPEC", "--function", "getTodo=FILE:get_todo", "--host", BAD_HOST, "--port", "0"]),
    "template": ((SPECS / "templates" / "library.yaml").read_text(encoding="utf-8"), ["validate", "FILE"]),
    "template-generate": (json.dumps(HTTP_TEMPLATE, indent=1), ["generate", "FILE", "--output", "OUT"]),
    "template-mock": (json.dumps(HTTP_TEMPLATE, indent=1), ["mock", "FILE", "--host", BAD_HOST, "--port", "0"]),
    "definition-uri": (DEFINITION, ["validate", "TEMPLATE"]),  # the file a template's DefinitionUri names
    "include-location": (DEFINITION, ["validate", "INCLUDE"]),  # the file a template's AWS::Include names
}
SUFFIX = {"function-module": ".py", "template-generate": ".json", "template-mock": ".json"}

URI_TEMPLATE = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionUri: FILE\n"
INCLUDE_TEMPLATE = (
    "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Body:\n        Fn::Transform:\n"
    "          Name: AWS::Include\n          Parameters: {Location: FILE}\n"
)


def _command(template: list[str], ws: Workspace, file: Path) -> list[str]:
    words = []
    for word in template:
        if word == "TEMPLATE":
            (ws.root / "template.yaml").write_text(URI_TEMPLATE.replace("FILE", file.name), encoding="utf-8")
            word = str(ws.root / "template.yaml")
        elif word == "INCLUDE":
            (ws.root / "template.yaml").write_text(INCLUDE_TEMPLATE.replace("FILE", file.name), encoding="utf-8")
            word = str(ws.root / "template.yaml")
        words.append(word.replace("FILE", str(file)).replace("SPEC", str(ws.spec)).replace("OUT", str(ws.out)))
    return words


FILE_CASES = [(kind, variant) for kind, (good, _) in FILE_INPUTS.items() for variant in file_variants(good)]


@pytest.mark.parametrize(("kind", "variant"), FILE_CASES, ids=[f"{k}-{v}" for k, v in FILE_CASES])
def test_broken_file(kind: str, variant: str, tmp_path: Path, previous_output: Path) -> None:
    good, template = FILE_INPUTS[kind]
    ws = make_workspace(tmp_path)
    file = tmp_path / ("broken" + SUFFIX.get(kind, ".yaml"))
    file_variants(good)[variant](file)
    if "OUT" in template and variant in ("truncated-half", "not-utf8"):
        ws.before = _copy_output(previous_output, ws.out)
    args = _command(template, ws, file)
    result = invoke(*args, cwd=tmp_path)
    # A truncated file may still be a usable one (cut after a complete mapping): then the command goes on.
    # An empty pagination or configuration file declares nothing: every key is optional.
    may_pass = (variant.startswith("truncated") and kind not in ("mock-spec", "mock-config", "function-module", "template-mock")
                or variant == "empty" and kind == "pagination")  # fmt: skip
    stderr = assert_clean(result, located_in=file, may_pass=may_pass)
    if kind.startswith(("mock", "function", "template-mock")) and result.exit_code and "cannot listen" in stderr:
        # Accepted: a cut that leaves a usable file, or an empty configuration (every key is optional).
        assert variant.startswith("truncated") or (kind == "mock-config" and variant == "empty"), f"{variant} accepted:\n{stderr}"
    if result.exit_code:
        assert_output_intact(ws)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("command", ["validate", "generate", "mock-config", "pagination"])
def test_hostile_file_name(name: str, command: str, tmp_path: Path) -> None:
    """A broken file under a hostile name: the message names it (escaped where it cannot be printed as it is)."""
    ws = make_workspace(tmp_path)
    file = tmp_path / name
    file.write_bytes(b"a: [\n")
    args: list[str | Path] = {
        "validate": ["validate", file],
        "generate": ["generate", file, "--output", ws.out],
        "mock-config": ["mock", ws.spec, "--config", file, "--host", BAD_HOST],
        "pagination": ["generate", ws.spec, "--output", ws.out, "--pagination", file],
    }[command]
    stderr = assert_clean(invoke(*args, cwd=tmp_path), located_in=None)
    assert name in stderr or repr(name)[1:-1] in stderr or name.encode("unicode_escape").decode() in stderr, stderr
    assert "\x1b[31m" not in stderr, "a name's escape sequence reached the terminal"
    assert_output_intact(ws)


# -- 2. every configuration key, every wrong type ---------------------------------------------------------------------

CONFIG_PATHS = list(leaves_and_branches(CONFIG))
CONFIG_CASES = [(path, wrong) for path in CONFIG_PATHS for wrong in WRONG]


def test_the_configuration_walked_holds_every_key() -> None:
    places = {(config_place(p[:-1]), p[-1]) for p in CONFIG_PATHS if isinstance(p[-1], str)}
    missing = [(place, key) for place, keys in CONFIG_KEYS.items() for key in keys if (place, key) not in places]
    assert not missing, missing


def _tolerated(path: tuple[Any, ...], wrong: str) -> bool:
    """Whether the configuration may take ``wrong`` at ``path``: the right type after all, or one it documents."""
    original = CONFIG
    for part in path:
        original = original[part]
    if wrong == "null" or "jwks" in path:  # an optional key left out; a JWKS document is the issuer's, read as it is
        return True
    if wrong == "int":  # a number where one is, or a number as text (stage variables, environment variables)
        return isinstance(original, (int, float)) and not isinstance(original, bool) or path[-2] in ("variables", "env")
    if wrong == "huge-string":  # any text where text is; one string where a list of strings is
        return isinstance(original, str) or isinstance(original, list) and all(isinstance(v, str) for v in original)
    return False


@pytest.mark.parametrize(("path", "wrong"), CONFIG_CASES, ids=[f"{dotted(p)}={w}" for p, w in CONFIG_CASES])
def test_config_key_wrong_type(path: tuple[Any, ...], wrong: str, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path, replaced(CONFIG, path, WRONG[wrong]))
    result = invoke("mock", ws.spec, "--config", ws.config, "--host", BAD_HOST, "--port", "0", cwd=tmp_path)
    stderr = assert_clean(result, located_in=ws.config)
    if f"cannot listen on {BAD_HOST}" in stderr:
        assert _tolerated(path, wrong), f"{dotted(path)} took {wrong}"
        return
    error = next(line for line in stderr.splitlines() if line.startswith("error: "))
    if wrong in ("not-utf8", "deep"):
        assert re.search(r"\bline \d+", error), error  # found while reading the file: located by line
    else:
        # Located at the key replaced, or at the key whose value it is part of.
        place = error.split(": ", 2)[2] if error.count(": ") >= 2 else ""
        name = dotted(path)
        assert any(name.startswith(dotted(path[:n])) and dotted(path[:n]) in error for n in range(1, len(path) + 1)), (name, error)
        assert place, error


# Not region names, for every place that takes one (iam.region, --region; sdkgen.sources.REGION_NAME): a newline after
# a valid name passed re.match once.
BAD_REGIONS = ("us_east_1", "US-EAST-1", "us-east", "moon", "", "us-east-1\n", "eu-west-1 ", "x" * 300)

# Values of the right type that the configuration still refuses, at their place, saying what it expects.
CONFIG_REFUSED: list[tuple[tuple[Any, ...], Any, str]] = [
    (("authorizers", "api_key", "jwks"), {"keys": []}, "authorizers.api_key: give one of jwks_file (a file) or jwks"),
    (("authorizers", "NotesAuthorizer", "jwks_file"), "jwks.json", "authorizers.NotesAuthorizer: give one of jwks_file"),
    *[(("iam", "region"), region, "iam.region: ") for region in BAD_REGIONS],
    (("iam",), [{"access_key_id": "A", "secret_access_key": "x"}, {"access_key_id": "B", "secret_access_key": "y", "region": "useast1"}],
     "iam[1].region: 'useast1' is not an AWS region name (like us-east-1"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "message"), CONFIG_REFUSED, ids=[f"{dotted(p)}={v!r:.20}" for p, v, _ in CONFIG_REFUSED])
def test_config_value_refused(path: tuple[Any, ...], value: Any, message: str, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path, replaced(CONFIG, path, value))
    stderr = assert_clean(invoke("mock", ws.spec, "--config", ws.config, "--host", BAD_HOST, cwd=tmp_path), located_in=ws.config)
    assert message in stderr and f"cannot listen on {BAD_HOST}" not in stderr, stderr


def test_config_regions_accepted(tmp_path: Path) -> None:
    """AWS's region names of every shape (GovCloud, China, two-part) pass the check."""
    credentials = [{"access_key_id": f"K{i}", "secret_access_key": "x", "region": region}
                   for i, region in enumerate(["us-east-1", "eu-central-2", "us-gov-west-1", "cn-northwest-1", "ap-southeast-4"])]  # fmt: skip
    ws = make_workspace(tmp_path, replaced(CONFIG, ("iam",), credentials))
    stderr = invoke("mock", ws.spec, "--config", ws.config, "--host", BAD_HOST, cwd=tmp_path).stderr
    assert f"cannot listen on {BAD_HOST}" in stderr, stderr


# -- 3. every template property, every wrong type ---------------------------------------------------------------------


def _template_bases() -> dict[str, tuple[Any, str, list[str]]]:
    """name -> (template data, file suffix, extra arguments)."""
    library = cfn_yaml.load_yaml((SPECS / "templates" / "library.yaml").read_text(encoding="utf-8"), "library.yaml")
    ledger = json.loads((SPECS / "templates" / "cdk.out" / "LedgerStack.template.json").read_text(encoding="utf-8"))
    orders = cfn_yaml.load_yaml((SPECS / "templates" / "orders.yaml").read_text(encoding="utf-8"), "orders.yaml")
    return {
        "sam-rest": (library, ".yaml", []),
        "sam-implicit": (orders, ".yaml", ["--api", "ServerlessHttpApi"]),
        "cdk-rest": (ledger, ".json", []),
        "cfn-http": (HTTP_TEMPLATE, ".json", []),
    }


TEMPLATES = _template_bases()


def _template_skip(path: tuple[Any, ...]) -> bool:
    # The definition in a body is a definition (the definition sweeps cover it); metadata and policies are not read.
    return bool(path) and path[-1] in ("DefinitionBody", "Body", "Metadata", "AssumeRolePolicyDocument", "Policies", "Description")


# The resources sdkgen reads (roles, tables, permissions and the like are no business of it).
READ_TYPES = ("AWS::Serverless::", "AWS::ApiGateway", "AWS::Lambda::Function")


def _template_paths(data: Any, depth: int) -> list[tuple[Any, ...]]:
    """Every key path down to ``depth`` levels, once per resource type: ``/Resources/A/Properties/X`` stands for the
    ``Properties/X`` of every resource of A's type (and a function's events, of every event of its type). Of a list,
    its first item; in the sections of entries alike (Parameters, Mappings, ...), one path per level."""
    seen: set[tuple[Any, ...]] = set()
    paths = []
    for path in leaves_and_branches(data, skip=_template_skip):
        if len(path) > depth or any(isinstance(part, int) and part > 0 for part in path):
            continue
        if path[0] == "Resources" and len(path) >= 2:
            kind = data["Resources"][path[1]].get("Type") if isinstance(data["Resources"][path[1]], dict) else None
            if not str(kind).startswith(READ_TYPES):
                continue
            key: tuple[Any, ...] = ("Resources", kind, *path[2:])
            if path[2:4] == ("Properties", "Events") and len(path) > 4:  # a function's events: once per event type
                event = data["Resources"][path[1]]["Properties"]["Events"][path[4]]
                key = ("Resources", kind, "Events", event.get("Type") if isinstance(event, dict) else None, *path[5:])
        elif path[0] in ("Parameters", "Mappings", "Conditions", "Outputs", "Rules") and len(path) > 2:
            key = (path[0], len(path))  # their entries are alike: one path per level
        else:
            key = path
        if key not in seen:
            seen.add(key)
            paths.append(path)
    return paths


# Bytes that are not UTF-8, and deep nesting, fail as the file is read, wherever they are: at each top-level section.
TEMPLATE_WRONG = ("null", "list", "int", "mapping")


def _wrongs(base: str, index: int, path: tuple[Any, ...]) -> tuple[str, ...]:
    """Which wrong values a path gets: every one at a section; elsewhere one of null, a list, an integer, a mapping
    and a huge string, in turn along the paths (which go property by property, and resource type by type), so that
    each kind meets every reader's kind of value while the sweep stays within seconds."""
    if len(path) <= 1:  # bytes that are not UTF-8 and deep nesting are found as the file is read: once per format
        return tuple(WRONG) if base in ("sam-rest", "cdk-rest") else (*TEMPLATE_WRONG, "huge-string")
    turn = [*TEMPLATE_WRONG, "huge-string"]
    return (turn[index % len(turn)],)


# How deep each base is walked: to the parts of a property (5), or of a function's events (7: their Path, Method,
# Auth); to the properties (4) where their parts are the same few shapes again and again (CDK's Methods), or are
# SAM's own to read (its Auth and UsagePlan: the transform's errors are one located line, whatever they are).
TEMPLATE_DEPTH = {"sam-rest": 4, "sam-implicit": 7, "cdk-rest": 4, "cfn-http": 5}
TEMPLATE_CASES = [
    (base, path, wrong)
    for base, (data, _, _) in TEMPLATES.items()
    for index, path in enumerate(_template_paths(data, depth=TEMPLATE_DEPTH[base]))
    for wrong in _wrongs(base, index, path)
]


@pytest.mark.parametrize(
    ("base", "path", "wrong"), TEMPLATE_CASES, ids=[f"{b}:{'/'.join(map(str, p))}={w}" for b, p, w in TEMPLATE_CASES]
)
def test_template_property_wrong_type(base: str, path: tuple[Any, ...], wrong: str, tmp_path: Path) -> None:
    data, suffix, extra = TEMPLATES[base]
    source = SPECS / "templates"
    for folder in ("library-src", "orders-src"):
        if (source / folder).is_dir():
            (tmp_path / folder).symlink_to(source / folder)
    file = tmp_path / f"template{suffix}"
    # 20,000 characters: SAM's translator hashes every string character by character in Python (its py27hash), so
    # that 200,000 in one event took it 40 s; no template has such a value, and 20,000 still is none of the shapes.
    value = "A" * 20_000 if wrong == "huge-string" else WRONG[wrong]
    file.write_bytes(dump(replaced(data, path, value), as_json=suffix == ".json"))  # CDK's output is JSON
    # validate reads the template as generate and mock do (open_source, load_api), without writing: the broken-file
    # cases above cover generate's output.
    result = invoke("validate", file, *extra, cwd=tmp_path)
    stderr = assert_clean(result, located_in=file, may_pass=True)
    if result.exit_code:
        errors = [m for m in map(LOCATED_SPEC.match, stderr.splitlines()) if m]
        assert errors, stderr
        assert all(m["line"] or m["pointer"] is not None for m in errors if Path(m["file"]).name == file.name), stderr


# -- 4. options: --function, --parameter, --pagination entries, names ------------------------------------------------

FUNCTION_OPTIONS = [
    "getTodo", "getTodo=", "=src/app.py:get_todo", "getTodo=src/app.py", "getTodo=src/app.txt:get_todo",
    "getTodo=src/app.py:get-todo", "getTodo=src/app.py:", "getTodo=src/nope.py:get_todo", "getTodo=src/app.py:nope",
    "getTodo=src:get_todo", "getTodo=src/app.py:get_todo:x", "getTodo=/dev/null/x.py:get_todo", "getTodo=\x00.py:h",
    "getTodo=src/app.py:" + "h" * 100_000,
]


@pytest.mark.parametrize("option", FUNCTION_OPTIONS, ids=range(len(FUNCTION_OPTIONS)))
def test_function_option(option: str, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path, {})
    result = invoke("mock", ws.spec, "--function", option, "--host", BAD_HOST, cwd=tmp_path)
    stderr = assert_clean(result, located_in=None)
    assert "--function" in stderr, stderr
    assert "cannot listen" not in stderr, stderr


PARAMETERS = ["Stage", "=v1", "Nope=1", "Stage=v3", "MaxPageSize=many", "MaxPageSize=1e999", "Stage=" + "x" * 100_000,
              "Environment=\x00", "Stage=v1\nStage: v2"]


@pytest.mark.parametrize("option", PARAMETERS, ids=range(len(PARAMETERS)))
@pytest.mark.parametrize("command", ["validate", "mock"])
def test_parameter_option(option: str, command: str, tmp_path: Path) -> None:
    template = tmp_path / "library.yaml"
    template.write_text((SPECS / "templates" / "library.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "library-src").symlink_to(SPECS / "templates" / "library-src")
    extra = ["--host", BAD_HOST] if command == "mock" else []
    result = invoke(command, template, "--parameter", option, *extra, cwd=tmp_path)
    stderr = assert_clean(result, located_in=None)
    assert "--parameter" in stderr, stderr


PAGINATION_VALUES: dict[str, Any] = {"style": "token", "items": "items", "next_field": "nextToken", "request_param": "nextToken"}
PAGINATION_CASES = [(key, wrong) for key in [None, *PAGINATION_VALUES] for wrong in WRONG]


@pytest.mark.parametrize(("key", "wrong"), PAGINATION_CASES, ids=[f"{k}={w}" for k, w in PAGINATION_CASES])
def test_pagination_entry_wrong_type(key: str | None, wrong: str, tmp_path: Path, previous_output: Path) -> None:
    ws = make_workspace(tmp_path)
    entry = WRONG[wrong] if key is None else {**PAGINATION_VALUES, key: WRONG[wrong]}
    file = tmp_path / "pagination.yaml"
    file.write_bytes(dump({"listProducts": entry}))
    ws.before = _copy_output(previous_output, ws.out)
    result = invoke("generate", ws.spec, "--output", ws.out, "--force", "--pagination", file, cwd=tmp_path)
    stderr = assert_clean(result, located_in=file, may_pass=wrong == "null" and key is None)
    if result.exit_code:
        assert "listProducts" in stderr or re.search(r"line \d+|:\d+:\d+", stderr), stderr
        assert_output_intact(ws)


HOSTILE_VALUES = ["", "-x", "a\nb", "\x1b[31m", "é", "class", "import", "a" * 10_000, "..", "1abc", "a-b", "a.b"]


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
@pytest.mark.parametrize("option", ["--package-name", "--project-name"])
def test_hostile_names(option: str, value: str, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    result = invoke("generate", ws.spec, "--output", ws.out, option, value, cwd=tmp_path)
    assert_clean(result, located_in=None, may_pass=True)
    if result.exit_code:
        assert option in result.stderr, result.stderr
        assert_output_intact(ws)


# -- 5. output places, contract's and fetch's options (no network) ----------------------------------------------------


def test_output_is_a_file_or_under_one(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    for out in (tmp_path / "file", tmp_path / "file" / "out"):
        result = invoke("generate", ws.spec, "--output", out, cwd=tmp_path)
        assert_clean(result, located_in=out)
        assert (tmp_path / "file").read_text(encoding="utf-8") == "mine"


CONTRACT_OPTIONS = [
    ["--url", "ftp://x"], ["--url", "http://"], ["--url", "not a url"], ["--url", "http://[::1"],
    ["--url", "http://127.0.0.1:9/prod", "--header", "NoColon"], ["--url", "http://127.0.0.1:9/prod", "--header", ": v"],
    ["--url", "http://127.0.0.1:9/prod", "--operations", "GET /nope"], ["--url", "http://127.0.0.1:9/prod", "--max-examples", "0"],
    ["--url", "http://127.0.0.1:9/prod", "--seed", "x"], ["--url", "http://127.0.0.1:9/prod", "--report", "DIR"],
]


@pytest.mark.parametrize("options", CONTRACT_OPTIONS, ids=range(len(CONTRACT_OPTIONS)))
def test_contract_refuses_before_any_call(options: list[str], tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    options = [str(tmp_path) if o == "DIR" else o for o in options]
    result = invoke("contract", ws.spec, *options, cwd=tmp_path)
    assert_clean(result, located_in=None)
    assert result.stdout == "" or "operation" not in result.stdout  # nothing was called


FETCH_OPTIONS = [
    ["--output", "api.txt"], ["--output", "nowhere/api.json"], ["--output", "DIR"], ["--output", "api.json", "--mock-config", "DIR"],
    ["--output", "api.json", "--mock-config", "nowhere/gw.yaml"], ["--output", "api.json", "--profile", "no-such-profile"],
    ["--output", "api.json", "--region", "x" * 300], ["--output", "api.json", "--region", "\x00"],
]


@pytest.mark.parametrize("options", FETCH_OPTIONS, ids=range(len(FETCH_OPTIONS)))
def test_fetch_refuses_before_any_call(options: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No credentials, no configuration: nothing could reach AWS, and every refusal comes before trying.
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    import sdkgen.sources.fetch as fetch_module

    real_clients = fetch_module.make_clients

    def no_calls(region: str | None, profile: str | None) -> Any:
        clients = real_clients(region, profile)  # a profile or region problem is found here, before any call
        raise AssertionError(f"fetch went on to call AWS with {options}")

    monkeypatch.setattr(fetch_module, "make_clients", no_calls)
    options = [str(tmp_path) if o == "DIR" else o for o in options]
    result = invoke("fetch", "a1b2c3d4e5", *options, cwd=tmp_path)
    assert_clean(result, located_in=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == [], list(tmp_path.iterdir())


# -- 6. a few real subprocesses: the same property through the installed entry point ----------------------------------

SUBPROCESS_CASES = [("mock-config", "nested-100k"), ("template", "not-utf8"), ("mock-spec", "unreadable")]


@pytest.mark.parametrize(("kind", "variant"), SUBPROCESS_CASES, ids=[f"{k}-{v}" for k, v in SUBPROCESS_CASES])
def test_real_process(kind: str, variant: str, tmp_path: Path) -> None:
    good, template = FILE_INPUTS[kind]
    ws = make_workspace(tmp_path)
    file = tmp_path / "broken.yaml"
    file_variants(good)[variant](file)
    args = _command(template, ws, file)
    env = {k: v for k, v in os.environ.items() if k != "SDKGEN_DEBUG"}
    done = subprocess.run([sys.executable, "-m", "sdkgen", *args], cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode in (1, 2), (done.returncode, done.stderr[-2000:])
    assert not LEAKED.search(done.stderr), done.stderr[-3000:]
    assert file.name in done.stderr, done.stderr
    assert_output_intact(ws)


# -- 7. fetch against AWS's refusals and broken answers (botocore's Stubber: no network) -------------------------------

# AWS's error codes are its answer's names, said as such; a Python exception's class is not.
PYTHON_LEAKED = re.compile(r"\b(?:Type|Value|Key|Attribute|Index|Runtime|Recursion|OS|UnicodeDecode|JSONDecode|Assertion|Name)Error\b|Traceback|internal error")
AWS_REFUSALS = [("AccessDeniedException", 403), ("UnrecognizedClientException", 403), ("ExpiredTokenException", 403),
                ("TooManyRequestsException", 429), ("BadRequestException", 400), ("ServiceUnavailable", 503),
                ("InternalFailure", 500), ("SomethingNew", 418)]  # fmt: skip
BROKEN_EXPORTS = {"not-utf8": b'{"openapi": "3.0.1", "info": {"title": "\xff\xfe"}}', "truncated": b'{"openapi": "3.0.1", "info": {"ti',
                  "empty": b"", "nested": b"[" * 100_000 + b"]" * 100_000, "a-list": b"[1, 2]"}  # fmt: skip


def _stubbed(monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    import boto3
    from botocore.stub import Stubber

    import sdkgen.sources.fetch as fetch_module

    kwargs: dict[str, Any] = {"region_name": "eu-west-1", "aws_access_key_id": "testing", "aws_secret_access_key": "testing",
                              "endpoint_url": "http://127.0.0.1:9"}  # fmt: skip  # never reached: stubbed
    clients = fetch_module.Clients(boto3.client("apigateway", **kwargs), boto3.client("apigatewayv2", **kwargs))
    rest, http = Stubber(clients.rest), Stubber(clients.http)
    rest.activate()
    http.activate()
    monkeypatch.setattr(fetch_module, "make_clients", lambda region, profile: clients)
    return rest, http


@pytest.mark.parametrize(("code", "status"), AWS_REFUSALS, ids=[c for c, _ in AWS_REFUSALS])
def test_fetch_refused_by_aws(code: str, status: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rest, _ = _stubbed(monkeypatch)
    rest.add_client_error("get_rest_api", code, "no", status)
    result = invoke("fetch", "a1b2c3d4e5", "--output", "api.json", "--mock-config", "gw.yaml", cwd=tmp_path)
    assert result.exit_code == 1, result.output
    assert not PYTHON_LEAKED.search(result.stderr), result.stderr
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1, result.stderr  # one line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", list(BROKEN_EXPORTS))
def test_fetch_of_a_broken_export(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What API Gateway answered is written whole, as it came; that sdkgen cannot use it is a located error, exit 1."""
    from botocore.response import StreamingBody

    import io

    rest, _ = _stubbed(monkeypatch)
    body = BROKEN_EXPORTS[kind]
    rest.add_response("get_rest_api", {"id": "a1b2c3d4e5", "name": "shop"}, {"restApiId": "a1b2c3d4e5"})
    rest.add_response("get_stages", {"item": [{"stageName": "prod"}]}, {"restApiId": "a1b2c3d4e5"})
    rest.add_response("get_export", {"body": StreamingBody(io.BytesIO(body), len(body))})
    result = invoke("fetch", "a1b2c3d4e5", "--output", "api.json", cwd=tmp_path)
    stderr = result.stderr
    assert result.exit_code == 1, result.output
    assert not PYTHON_LEAKED.search(stderr), stderr
    if not body:  # refused before anything is written
        assert "empty export" in stderr and list(tmp_path.iterdir()) == [], stderr
        return
    assert "api.json" in stderr and "cannot use it" in stderr, stderr
    assert [p.name for p in tmp_path.iterdir()] == ["api.json"] and (tmp_path / "api.json").read_bytes() == body


# -- 8. Velocity mapping templates and integration responses in a definition (the mock's startup) ----------------------

INTEGRATION: dict[str, Any] = {
    "type": "mock",
    "passthroughBehavior": "NEVER",
    "requestTemplates": {"application/json": '#set($n = $input.params("n"))\n{"statusCode": #if($n == "1") 200 #else 404 #end}'},
    "responses": {
        "default": {"statusCode": "200", "responseTemplates": {"application/json": '{"n": "$input.params(\'n\')"}'},
                    "responseParameters": {"method.response.header.X-N": "'1'"}},
        "404": {"statusCode": "404", "selectionPattern": "4\\d\\d", "responseTemplates": {"application/json": '{"message": "none"}'}},
    },
}  # fmt: skip
BROKEN_VTL = ["#if(", "#foreach($a in", "$input.json(", "#set($x = )", "${", "#end", "#macro(x)#x()#end#x()",
              "#set($a = [" + "[" * 5000 + "]" * 5000 + "])", "$util.escapeJavaScript(" * 3000, "\x00\xff", "#" * 100_000]


def _mapping_spec(integration: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.1", "info": {"title": "Mapped", "version": "1"},
        "paths": {"/n": {"get": {"operationId": "getN", "responses": {"200": {"description": "ok"}},
                                 "parameters": [{"name": "n", "in": "query", "schema": {"type": "string"}}],
                                 "x-amazon-apigateway-integration": integration}}},
    }  # fmt: skip


MAPPING_CASES = list(dict.fromkeys([(path, TEMPLATE_WRONG[i % 4]) for i, path in enumerate(leaves_and_branches(INTEGRATION))] + [
    (("requestTemplates", "application/json"), f"vtl-{i}") for i in range(len(BROKEN_VTL))
] + [(("responses", "default", "responseTemplates", "application/json"), f"vtl-{i}") for i in range(len(BROKEN_VTL))] + [
    (path, wrong) for path in (("requestTemplates", "application/json"), ("responses", "default", "responseTemplates", "application/json"))
    for wrong in ("list", "mapping")
]))  # fmt: skip


@pytest.mark.parametrize(("path", "wrong"), MAPPING_CASES, ids=[f"{'/'.join(p)}={w}" for p, w in MAPPING_CASES])
def test_mapping_templates_broken(path: tuple[str, ...], wrong: str, tmp_path: Path) -> None:
    """A definition's integration with a wrong-typed part or a template that does not compile: validate and the mock's
    startup end cleanly; a route that cannot work is named, with the key, in a notice (it answers 500, as API Gateway)."""
    value = BROKEN_VTL[int(wrong[4:])] if wrong.startswith("vtl-") else WRONG[wrong]
    spec = tmp_path / "mapped.json"
    spec.write_text(json.dumps(_mapping_spec(replaced(INTEGRATION, path, value))), encoding="utf-8")
    for args in (["validate", spec], ["mock", spec, "--host", BAD_HOST]):
        result = invoke(*args, cwd=tmp_path)
        stderr = assert_clean(result, located_in=spec, may_pass=True)
        notices = [line for line in stderr.splitlines() if line.startswith("sdkgen mock: ")]
        for notice in notices:
            assert "GET /n: x-amazon-apigateway-integration: " in notice, notice
        if args[0] == "validate" and path[-2:] in (("requestTemplates", "application/json"), ("responseTemplates", "application/json")) \
                and isinstance(value, (dict, list)):  # an intrinsic left unresolved, say: not compiled as its repr
            assert "the mapping template does not compile: expected the template's text, got a " in stderr, stderr
        if wrong.startswith("vtl-") and not _compiles(value):
            # The file and the JSON pointer of the template: validate warns (API Gateway imports it as text), the mock's
            # notice says the same and the key.
            pointer = "/paths/~1n/get/x-amazon-apigateway-integration/" + "/".join(p.replace("/", "~1") for p in path)
            assert f"{spec} (#{pointer})" in stderr or re.search(rf"{re.escape(str(spec))}:\d+:\d+ \(#{re.escape(pointer)}\)", stderr), stderr
            if args[0] == "validate":
                assert result.exit_code == 0 and "warning: GET /n: the mapping template does not compile: " in stderr, stderr
            else:
                assert any("Templates['application/json']: " in notice and str(spec) in notice for notice in notices), stderr


@pytest.mark.parametrize("index", range(len(BROKEN_VTL)))
def test_gateway_response_template_broken(index: int, tmp_path: Path) -> None:
    """A gateway response's template that does not compile: validate warns at its file and pointer, and exits 0."""
    definition = _mapping_spec({"type": "mock"})
    definition["x-amazon-apigateway-gateway-responses"] = {"DEFAULT_4XX": {"responseTemplates": {"application/json": BROKEN_VTL[index]}}}
    spec = tmp_path / "gw.json"
    spec.write_text(json.dumps(definition), encoding="utf-8")
    for args in (["validate", spec], ["mock", spec, "--host", BAD_HOST]):
        stderr = assert_clean(invoke(*args, cwd=tmp_path), located_in=spec, may_pass=True)
        if args[0] == "validate" and not _compiles(BROKEN_VTL[index]):
            pointer = "/x-amazon-apigateway-gateway-responses/DEFAULT_4XX/responseTemplates/application~1json"
            assert re.search(rf"gw\.json:\d+:\d+ \(#{re.escape(pointer)}\): warning: the gateway response's mapping template", stderr), stderr


def _compiles(text: str) -> bool:
    from sdkgen.mock.vtl import VtlError, compile_template

    try:
        compile_template(text)
    except VtlError:
        return False
    return True


# -- 9. hostile names where the configuration lets the user name things -----------------------------------------------

NAMED_PLACES = [("stages", "prod"), ("usage_plans", "basic"), ("authorizers", "ShopCognito"), ("functions", "getTodo"),
                ("stages", "prod", "methods", "GET /products"), ("stages", "prod", "variables", "color")]  # fmt: skip
HOSTILE_KEYS = ["esc\x1b[31mred", "new\nline", "", " ", "..", "ünï", "x" * 10_000, "GET /a\x00"]


def _renamed(data: Any, path: tuple[str, ...], name: str) -> Any:
    copied = copy.deepcopy(data)
    node = copied
    for part in path[:-1]:
        node = node[part]
    node[name] = node.pop(path[-1])
    return copied


@pytest.mark.parametrize("key", HOSTILE_KEYS, ids=range(len(HOSTILE_KEYS)))
@pytest.mark.parametrize("path", NAMED_PLACES, ids=[".".join(p) for p in NAMED_PLACES])
def test_config_hostile_key_names(path: tuple[str, ...], key: str, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path, _renamed(CONFIG, path, key))
    result = invoke("mock", ws.spec, "--config", ws.config, "--host", BAD_HOST, cwd=tmp_path)
    stderr = assert_clean(result, located_in=ws.config)
    assert "\x1b[31m" not in stderr and "\x00" not in stderr, "a key's name reached the terminal as it is"
    if f"cannot listen on {BAD_HOST}" not in stderr and not re.search(r"line \d+, column \d+: invalid YAML", stderr):
        # (YAML itself refuses a key over 1,024 characters, at its line.) Else the error is where the name is.
        assert dotted(path[:-1]) in stderr, stderr


# -- 10. every option of the mock and of generate, given a wrong value ------------------------------------------------

WRONG_FLAGS: list[tuple[str, ...]] = [
    ("mock", "--port", "-1"), ("mock", "--port", "65536"), ("mock", "--port", "x"), ("mock", "--seed", "-1"),
    ("mock", "--seed", str(2**64)), ("mock", "--seed", "1.5"), ("mock", "--api-key", ""), ("mock", "--api-key", " "),
    ("mock", "--config", "DIR"), ("mock", "--config", "MISSING"), ("mock", "--stage", "a", "--api", "X"),
    ("mock", "--region", "moon-1"), ("mock", "--stack-name", "1-bad"), ("mock", "--parameter", "X=1"),
    ("mock", "--nope",), ("generate", "--output", "DIR/api.yaml-is-a-file"), ("generate", "--pagination", "DIR"),
    ("generate", "--package-name", "1x"), ("generate", "--project-name", "-x-"), ("generate", "--api", "X"),
    ("validate", "--parameter", "="), ("contract", "--max-examples", "1001"),
    *[("validate", "--region", region) for region in BAD_REGIONS],
]  # fmt: skip


@pytest.mark.parametrize("flags", WRONG_FLAGS, ids=[" ".join(f) for f in WRONG_FLAGS])
def test_wrong_flag_value(flags: tuple[str, ...], tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    (tmp_path / "api.yaml-is-a-file").write_text("x", encoding="utf-8")
    command, *rest = [f.replace("DIR", str(tmp_path)).replace("MISSING", str(tmp_path / "missing.yaml")) for f in flags]
    required = {"mock": ["--host", BAD_HOST], "generate": ["--output", str(ws.out)], "contract": ["--url", "http://127.0.0.1:9/x"]}
    extra = [] if "--output" in rest else required.get(command, [])
    result = invoke(command, ws.spec, *rest, *extra, cwd=tmp_path)
    stderr = assert_clean(result, located_in=None)
    assert f"cannot listen on {BAD_HOST}" not in stderr, f"{flags} accepted"
    option = next(f for f in flags[1:] if f.startswith("--"))
    assert option in stderr or (tmp_path.name in stderr), stderr  # the option named, or the file it names
    if option == "--region":  # refused for what it is, not only because the definition is no template
        assert "is not an AWS region name" in stderr, stderr
    assert not ws.out.exists()
