"""No ``$ref``, however it is spelled or wherever it is written, makes any component read a file outside the
definition's folder or fetch anything over the network; each is a located error that never shows the file's content.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from sdkgen.cli import main
from sdkgen.diagnostics import SpecError
from sdkgen.load import Workspace
from sdkgen.parse import load_api
from sdkgen.validate import validate

SECRET = "hunter2-SECRET-CONTENT"
# What the validator would say of it, were it read: a schema whose type is the secret.
SECRET_YAML = f"type: {SECRET}\ndescription: {SECRET}\n"
LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*?):(?P<line>\d+):(?P<col>\d+) \(#[^\n]*?\): error: (?P<message>\S.*)$")
REFUSED = re.compile(r"outside the definition's folder|remote \$ref|names no readable file")


class _Server:
    """An HTTP server on 127.0.0.1 that counts what it is asked and serves the secret (it must be asked nothing)."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the library's name
                server.requests.append(self.path)
                body = SECRET_YAML.encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/yaml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    s = _Server()
    s.thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def _spec(ref_yaml: str) -> str:
    """A definition whose one response schema is ``$ref: <ref_yaml>`` (written as YAML source, quotes and all)."""
    return (
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: getX\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n"
        f"              schema:\n                $ref: {ref_yaml}\n"
    )


def _json_spec(ref_json: str) -> str:
    """The same definition as JSON; ``ref_json`` is the JSON source of the string (escapes and all)."""
    return (
        '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/x": {"get": {"operationId": "getX",'
        ' "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": '
        + ref_json
        + "}}}}}}}}}"
    )


Layout = Callable[[Path, int], Path]  # (tmp_path, port) -> the root definition


def _layout(root: str, files: dict[str, str] | None = None, links: dict[str, str] | None = None, name: str = "api.yaml") -> Layout:
    """tmp/secret/credentials (outside) and tmp/api/NAME holding ``root``; ``{OUT}`` is tmp's absolute path."""

    def make(tmp: Path, port: int) -> Path:
        (tmp / "secret").mkdir()
        (tmp / "secret" / "credentials").write_text(SECRET_YAML, encoding="utf-8")
        (tmp / "secret" / "credentials.yaml").write_text(SECRET_YAML, encoding="utf-8")
        api = tmp / "api"
        api.mkdir()
        for rel, text in (files or {}).items():
            (api / rel).parent.mkdir(parents=True, exist_ok=True)
            (api / rel).write_text(text.replace("{OUT}", str(tmp)).replace("{PORT}", str(port)), encoding="utf-8")
        for rel, target in (links or {}).items():
            (api / rel).symlink_to(target.replace("{OUT}", str(tmp)))
        spec = api / name
        spec.write_text(root.replace("{OUT}", str(tmp)).replace("{PORT}", str(port)), encoding="utf-8")
        return spec

    return make


CASES: dict[str, Layout] = {
    "plain": _layout(_spec("'../secret/credentials'")),
    "yaml-x-escape": _layout(_spec('"\\x2e\\x2e/secret/credentials"')),
    "yaml-u-escape": _layout(_spec('"\\u002e\\u002e\\u002fsecret/credentials"')),
    "yaml-escaped-key": _layout(_spec("'../secret/credentials'").replace("$ref:", '"\\x24ref":')),
    "yaml-alias": _layout(
        _spec("*where").replace("paths:", "x-where: &where '../secret/credentials'\npaths:")
    ),
    "json-u-escape": _layout(_json_spec('"\\u002e\\u002e/secret/credentials"'), name="api.json"),
    "json-escaped-slash": _layout(_json_spec('"..\\/secret\\/credentials"'), name="api.json"),
    "percent": _layout(_spec("'%2e%2e/secret/credentials'")),
    "percent-upper-slash": _layout(_spec("'%2E%2E%2Fsecret%2Fcredentials'")),
    "percent-in-yaml-escape": _layout(_spec('"\\x252e\\x252e/secret/credentials"')),
    "absolute": _layout(_spec("'{OUT}/secret/credentials'")),
    "file-uri": _layout(_spec("'file://{OUT}/secret/credentials'")),
    "file-uri-localhost": _layout(_spec("'file://localhost{OUT}/secret/credentials'")),
    "file-uri-escaped": _layout(_spec('"file\\x3a//{OUT}/secret/credentials"')),
    "etc-hostname": _layout(_spec("'file:///etc/hostname'")),
    "nested": _layout(_spec("'sub/a.yaml'"), files={"sub/a.yaml": "$ref: '../../../../../../../../etc/passwd'\n"}),
    "nested-escaped": _layout(_spec("'sub/a.yaml'"), files={"sub/a.yaml": '$ref: "\\x2e\\x2e/\\x2e\\x2e/secret/credentials"\n'}),
    "nested-deeper": _layout(
        _spec("'sub/a.yaml#/A'"),
        files={"sub/a.yaml": "A:\n  properties:\n    p: {$ref: 'b.yaml'}\n", "sub/b.yaml": "$ref: '%2e%2e/%2e%2e/secret/credentials'\n"},
    ),
    "symlink-file": _layout(_spec("'link.yaml'"), links={"link.yaml": "{OUT}/secret/credentials.yaml"}),
    "symlink-dir": _layout(_spec("'linked/credentials'"), links={"linked": "{OUT}/secret"}),
    "nested-symlink": _layout(_spec("'sub/a.yaml'"), files={"sub/a.yaml": "$ref: '../link.yaml'\n"}, links={"link.yaml": "{OUT}/secret/credentials.yaml"}),
    "http": _layout(_spec("'http://127.0.0.1:{PORT}/x.yaml'")),
    "http-escaped": _layout(_spec('"http\\x3a//127.0.0.1:{PORT}/x.yaml"')),
    "network-path": _layout(_spec("'//127.0.0.1:{PORT}/x.yaml'")),
    "http-nested": _layout(_spec("'sub/a.yaml'"), files={"sub/a.yaml": '$ref: "http\\x3a//127.0.0.1:{PORT}/x.yaml"\n'}),
    "http-under-default": _layout(
        _spec("'#/components/schemas/A'")
        + "components:\n  schemas:\n    A:\n      type: object\n      default: {p: 1}\n"
        "      properties:\n        p: {$ref: \"http\\x3a//127.0.0.1:{PORT}/x.yaml\"}\n"
    ),
}


def _check_output(text: str, spec: Path) -> None:
    assert SECRET not in text, text
    assert "Traceback" not in text and "internal error" not in text, text
    errors = [line for line in text.splitlines() if ": error: " in line]
    assert errors, text
    for line in errors:
        match = LOCATED.match(line)
        assert match, f"not located: {line!r}"
        assert Path(match["file"]).resolve().is_relative_to(spec.parent.resolve()), line
    assert any(REFUSED.search(line) for line in errors), text


@pytest.mark.parametrize("case", list(CASES))
def test_a_ref_leaving_the_folder_is_a_located_error_and_nothing_is_read_or_fetched(case: str, tmp_path: Path, server: _Server) -> None:
    spec = CASES[case](tmp_path, server.port)
    before = len(server.requests)
    for args in (["validate", str(spec)], ["validate", str(spec), "--lenient"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        _check_output(result.output, spec)
    # The validator's own resolver, without the checks that come before it: it reads nothing outside either.
    workspace = Workspace(spec)
    with pytest.raises(SpecError) as raised:
        validate(workspace)
    _check_output(str(raised.value), spec)
    assert all(SECRET not in json.dumps(document.data) for document in workspace._documents.values())
    # The parser's own path, with validation in a background process as `generate` runs it.
    with pytest.raises(SpecError) as raised:
        load_api(spec, strict=False, background=True).finish_validation()
    _check_output(str(raised.value), spec)
    assert server.requests[before:] == []


def test_generate_refuses_too_and_writes_nothing(tmp_path: Path, server: _Server) -> None:
    spec = CASES["yaml-x-escape"](tmp_path, server.port)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(spec), "--output", str(out), "--lenient"])
    assert result.exit_code == 1, result.output
    _check_output(result.output, spec)
    assert not out.exists()


def test_refs_inside_the_folder_still_work(tmp_path: Path) -> None:
    """The fence is the folder: files beside and below the definition (and links within it) are followed."""
    spec = _layout(
        _spec("'sub/a.yaml#/A'"),
        files={"sub/a.yaml": "A:\n  properties:\n    p: {$ref: '%2e%2e/c.yaml'}\n", "b.yaml": "type: string\n"},
        links={"c.yaml": "{OUT}/api/b.yaml"},
    )(tmp_path, 0)
    assert validate(Workspace(spec)) == []
    parsed = load_api(spec)
    assert [op.py_name for op in parsed.api.operations] == ["get_x"]


def test_retrieve_serves_only_the_workspace(tmp_path: Path) -> None:
    spec = _layout(_spec("'b.yaml'"), files={"b.yaml": "type: string\n"})(tmp_path, 0)
    workspace = Workspace(spec)
    assert workspace.retrieve((spec.parent / "b.yaml").as_uri()) == {"type": "string"}
    for uri in (
        (tmp_path / "secret" / "credentials").as_uri(),
        "file:///etc/hostname",
        "file://example.com" + str(spec.parent / "b.yaml"),
        "http://127.0.0.1:1/x.yaml",
        "https://example.com/b.yaml",
        "ftp://example.com/b.yaml",
        "urn:x:y",
        (spec.parent / "%2e%2e" / "secret" / "credentials").as_uri().replace("%252e", "%2e"),
    ):
        with pytest.raises(SpecError) as raised:
            workspace.retrieve(uri)
        assert REFUSED.search(str(raised.value)), (uri, str(raised.value))
