"""Input that is not a usable definition: a clear, located message, exit 1, nothing written, bounded time and memory.

Each case runs ``sdkgen generate`` in a subprocess under an address-space limit and a time limit, the
way a user (or CI) would run it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

MEMORY_LIMIT = 2 * 2**30  # bytes of address space for the sdkgen process
TIME_LIMIT = 60.0  # seconds; every case here takes a few
# "file:line:col (#/pointer): error: message", the location at least naming the file.
LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*?)(?::(?P<line>\d+):(?P<col>\d+))?(?: \(#[^\n]*?\))?: error: (?P<message>\S.*)$")

_RUN = (
    "import resource, runpy, sys\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))\n"
    "sys.argv[0] = 'sdkgen'\n"
    "runpy.run_module('sdkgen', run_name='__main__', alter_sys=True)\n"
)

MINIMAL = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"


def sdkgen(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _RUN, *args], check=False, capture_output=True, text=True, cwd=cwd, timeout=TIME_LIMIT,
        env={k: v for k, v in os.environ.items() if k != "SDKGEN_DEBUG"},
    )  # fmt: skip
    return result, time.perf_counter() - started


def _refs_chain(n: int) -> str:
    schemas = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(n)}
    schemas[f"S{n}"] = {"$ref": "#/components/schemas/S0"}
    return json.dumps({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "components": {"schemas": schemas}})


def _nested_schema(depth: int) -> str:
    schema = '{"type": "object", "properties": {"a": ' * depth + '{"type": "string"}' + "}}" * depth
    head = '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "components": {"schemas": {"Deep": '
    return head + schema + "}}}"


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    return MINIMAL + "paths: {}\nx-bomb:\n" + "\n".join("  " + line for line in lines) + "\n"


def _big(path: Path) -> None:
    """A 50 MB definition: a valid header and a very large (meaningless) description."""
    with path.open("w", encoding="utf-8") as f:
        f.write('{"openapi": "3.0.3", "info": {"title": "Big", "version": "1", "description": "')
        chunk = "lorem ipsum dolor sit amet " * 4000
        for _ in range(50 * 2**20 // len(chunk) + 1):
            f.write(chunk)
        f.write('"}, "paths": {}}')


# name -> (how to write the file, a piece of the expected message, whether the message has a line number)
CASES: dict[str, tuple[Callable[[Path], None], str, bool]] = {
    "broken-yaml": (lambda p: p.write_text(MINIMAL + "paths:\n  /a: {get: [\n", encoding="utf-8"), "invalid YAML", True),
    "broken-yaml-indent": (lambda p: p.write_text(MINIMAL + "paths:\n  /a:\n get: {}\n  bad: : :\n", encoding="utf-8"), "invalid YAML", True),
    "broken-json": (lambda p: p.write_text('{"openapi": "3.0.3",\n "info": {"title": "T",}\n}', encoding="utf-8"), "invalid JSON", True),
    "truncated-json": (lambda p: p.write_text('{"openapi": "3.0.3", "info": {"ti', encoding="utf-8"), "invalid JSON", True),
    "yaml-alias-bomb": (lambda p: p.write_text(_alias_bomb(), encoding="utf-8"), "alias", False),
    "json-nested-100k": (lambda p: p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"), "nests too deeply", False),
    "yaml-nested-100k": (lambda p: p.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8"), "nest(s|ing) deep|nesting depth", True),
    "yaml-nested-block": (lambda p: p.write_text(MINIMAL + "x:\n" + "- " * 100_000 + "x\n", encoding="utf-8"), "nest(s|ing) deep|nesting depth", True),
    "schema-nested-5000": (lambda p: p.write_text(_nested_schema(5000), encoding="utf-8"), "deep", False),
    "schema-nested-300": (lambda p: p.write_text(_nested_schema(300), encoding="utf-8"), "deep", False),
    "ref-cycle": (lambda p: p.write_text(_refs_chain(1), encoding="utf-8"), "cycle|refer to each other", False),
    "ref-cycle-long": (lambda p: p.write_text(_refs_chain(20_000), encoding="utf-8"), "cycle|refer to each other", False),
    "ref-missing": (
        lambda p: p.write_text(
            MINIMAL + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n"
            "          content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}\n",
            encoding="utf-8",
        ),
        "Nope",
        True,
    ),
    "ref-missing-file": (
        lambda p: p.write_text(MINIMAL + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'missing.yaml#/A'}\n", encoding="utf-8"),
        "missing.yaml",
        True,
    ),
    "ref-outside-folder": (
        lambda p: p.write_text(MINIMAL + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '../../../../etc/passwd#/A'}\n", encoding="utf-8"),
        "outside",
        True,
    ),
    "ref-remote": (
        lambda p: p.write_text(MINIMAL + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'https://example.com/a.yaml#/A'}\n", encoding="utf-8"),
        "remote",
        True,
    ),
    "50-mb": (_big, "refused", False),
    "empty": (lambda p: p.write_text("", encoding="utf-8"), "empty", False),
    "whitespace": (lambda p: p.write_text(" \n\n\t\n", encoding="utf-8"), "empty", False),
    "binary": (lambda p: p.write_bytes(bytes(range(256)) * 64), "binary", False),
    "png": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 2), "binary", False),
    "latin-1": (lambda p: p.write_bytes((MINIMAL + "paths: {}\n# caf\xe9\n").encode("latin-1")), "UTF-8", False),
    "not-openapi-mapping": (lambda p: p.write_text("hello: world\nitems: [1, 2]\n", encoding="utf-8"), "not an OpenAPI definition", False),
    "not-openapi-list": (lambda p: p.write_text('[{"openapi": "3.0.3"}]', encoding="utf-8"), "not an OpenAPI definition", False),
    "not-openapi-scalar": (lambda p: p.write_text("just some text\n", encoding="utf-8"), "not an OpenAPI definition", False),
    "json-schema": (
        lambda p: p.write_text('{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}', encoding="utf-8"),
        "not an OpenAPI definition",
        False,
    ),
    "kubernetes": (
        lambda p: p.write_text("apiVersion: v1\nkind: Service\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Pod\n", encoding="utf-8"),
        "YAML",
        True,
    ),
    "openapi-4": (lambda p: p.write_text("openapi: 4.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n", encoding="utf-8"), "unsupported", True),
    "swagger-1.2": (lambda p: p.write_text('{"swagger": "1.2", "apis": []}', encoding="utf-8"), "unsupported", True),
    "paths-not-mapping": (lambda p: p.write_text(MINIMAL + "paths: [1, 2]\n", encoding="utf-8"), "paths", True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_fails_cleanly(case: str, tmp_path: Path) -> None:
    write, expected, has_line = CASES[case]
    folder = tmp_path / "specs"
    folder.mkdir()
    spec = folder / ("api.json" if case in ("broken-json", "truncated-json") else "api.yaml")
    write(spec)
    out = tmp_path / "out"

    for command in (["generate", str(spec), "--output", str(out)], ["generate", str(spec), "--output", str(out), "--lenient"]):
        result, seconds = sdkgen(*command, cwd=tmp_path)
        stderr = result.stderr
        assert result.returncode == 1, (command, result.returncode, stderr[-2000:], result.stdout[-500:])
        assert "Traceback" not in stderr, stderr[-3000:]
        assert "internal error" not in stderr, stderr[-2000:]
        assert seconds < TIME_LIMIT
        errors = [line for line in stderr.splitlines() if ": error: " in line or line.startswith("error: ")]
        assert errors, stderr
        for line in errors:
            match = LOCATED.match(line)
            assert match, f"not located: {line!r}"
            assert Path(match["file"]).name == spec.name or Path(match["file"]).parent == folder.resolve(), line
            assert len(line) < 4000  # a deep JSON pointer can make a location long
        assert not any(not line.strip() for line in stderr.strip().splitlines()), "more than one paragraph:\n" + stderr
        if has_line:
            assert any(LOCATED.match(line)["line"] for line in errors), errors  # type: ignore[index]
        assert re.search(expected, stderr, re.IGNORECASE), stderr[-2000:]
        # Nothing written: no output, no staging directory left behind.
        assert not out.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["specs"], list(tmp_path.iterdir())


def test_bad_input_leaves_previous_output_alone(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(
        MINIMAL + "paths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'200': {description: ok}}\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result, _ = sdkgen("generate", str(good), "--output", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.yaml"
    _alias_bomb_file = _alias_bomb()
    bad.write_text(_alias_bomb_file, encoding="utf-8")
    result, _ = sdkgen("generate", str(bad), "--output", str(out), "--force", cwd=tmp_path)
    assert result.returncode == 1
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "good.yaml", "out"]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for target in (tmp_path / "nope.yaml", tmp_path):
        result, _ = sdkgen("generate", str(target), "--output", str(tmp_path / "out"), cwd=tmp_path)
        assert result.returncode in (1, 2), result.stderr
        assert "Traceback" not in result.stderr
        assert str(target.name) in result.stderr
        assert not (tmp_path / "out").exists()
