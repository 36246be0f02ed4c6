"""The compiled meta-check never passes a schema that openapi-spec-validator's own check refuses."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from openapi_schema_validator import OAS30Validator

from sdkgen import validate as validation
from sdkgen.examples import Example, examples
from sdkgen.cli import main
from sdkgen.diagnostics import SpecError
from sdkgen.load import Workspace
from sdkgen.parse import load_api

ROOT = Path(__file__).resolve().parent.parent
# The examples (templates' APIs included: their definitions are what SAM and CloudFormation give API Gateway) and fixtures.
DEFINITIONS: list[Example | Path] = [*examples(ROOT / "specs"), ROOT / "tests" / "fixtures" / "kitchen.yaml", *sorted((ROOT / "tests" / "fixtures" / "real-exports").glob("*.*[ln]"))]

# Values that each keyword of the OpenAPI 3.0 dialect must refuse, or that jsonschema-rs and
# jsonschema could judge apart (integers written as floats, booleans for numbers, regular
# expressions Python cannot compile).
WRONG = {
    "type": [5, "strin", ["string"]],
    "minLength": [1.0, -1, True, "1"],
    "maxItems": [2.5, None],
    "required": [[], ["a", "a"], "a", [1]],
    "enum": [[], "a"],
    "pattern": ["(?<name>a)", "[", 5],
    "properties": [[], {"a": 5}, {"a": {"type": 5}}],
    "items": [[{"type": "string"}], 5, {"minLength": 1.5}],
    "additionalProperties": ["x", {"type": "strin"}],
    "allOf": [[], {"type": "string"}, [5]],
    "nullable": ["yes", 1],
    "readOnly": ["x"],
    "multipleOf": [0, -1, "2"],
    "exclusiveMaximum": [5],
    "discriminator": [5, {"mapping": {}}],
    "format": [5],
    "$ref": [5],
    "uniqueItems": [1, "true"],
}


def _schemas(value: Any) -> Iterator[dict[str, Any]]:
    """Every mapping under a schema-holding key of the examples (a superset of their schemas)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("schema", "schemas", "properties", "items", "additionalProperties") and isinstance(item, dict):
                yield from (item.values() if key in ("schemas", "properties") else [item])  # type: ignore[misc]
            yield from _schemas(item)
    elif isinstance(value, list):
        for item in value:
            yield from _schemas(item)


def _jsonschema_passes(schema: Any) -> bool:
    try:
        OAS30Validator.check_schema(schema)
    except Exception:  # noqa: BLE001 - any refusal
        return False
    return True


def _workspace(spec: Example | Path) -> Workspace:
    return Workspace(spec.document() if isinstance(spec, Example) else spec)


def _cases() -> list[Any]:
    found: list[Any] = []
    for spec in DEFINITIONS:
        found.extend(s for s in _schemas(_workspace(spec).root.data) if isinstance(s, dict))
    return found


def test_compiled_check_agrees_with_jsonschema_on_every_schema_of_the_examples_and_each_mutation() -> None:
    schemas = _cases()
    assert len(schemas) > 100
    disagreements: list[str] = []
    passed = refused = 0
    for schema in schemas:
        variants = [schema]
        for key, values in WRONG.items():
            for value in values:
                mutated = copy.deepcopy(schema)
                mutated[key] = value
                variants.append(mutated)
                variants.append({"properties": {"nested": mutated}})  # at depth too
        for variant in variants:
            fast = validation._passes_compiled_meta_check(variant)
            slow = _jsonschema_passes(variant)
            if fast and not slow:
                disagreements.append(repr(variant)[:200])
            passed += fast
            refused += not slow
    assert disagreements == []
    assert passed > 100 and refused > 1000  # both verdicts were exercised


@pytest.mark.parametrize("spec", DEFINITIONS, ids=[str(s) if isinstance(s, Example) else s.name for s in DEFINITIONS])
def test_findings_are_the_same_with_and_without_the_compiled_check(spec: Example | Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_it = validation.validate(_workspace(spec))
    monkeypatch.setattr(validation, "_passes_compiled_meta_check", lambda schema: False)
    assert validation.validate(_workspace(spec)) == with_it


def test_a_pattern_python_cannot_compile_is_reported_and_located(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    Code:\n      type: string\n      pattern: '(?<name>a)'\n",
        encoding="utf-8",
    )
    problems = validation.validate(Workspace(spec))
    assert [p.message for p in problems] == ["'(?<name>a)' is not a 'regex'"]
    # Located at the keyword, not at the top of the file (the validator places it within the schema only).
    assert (problems[0].pointer, problems[0].line) == ("/components/schemas/Code/pattern", 8)


class _OnlyGetitem:
    def __getitem__(self, key: object) -> object:
        return key


class _Sized(_OnlyGetitem):
    def __len__(self) -> int:
        return 0

    def __contains__(self, key: object) -> bool:
        return False


class _Disabled(dict):  # type: ignore[type-arg]
    __contains__ = None  # type: ignore[assignment]


@pytest.mark.parametrize(
    "value", [{}, [], (), "", b"", 0, None, 1.5, set(), _OnlyGetitem(), _Sized(), _Disabled(), range(3), object()]
)
def test_cached_subscriptable_check_answers_as_pathables_protocol(value: object) -> None:
    from pathable.protocols import Subscriptable

    assert isinstance(value, validation._Subscriptable) == isinstance(value, Subscriptable)


def _library_walk_classes(ours_by_version: dict[str, Any]) -> dict[str, Any]:
    """Our validator classes with openapi-spec-validator's own schema walk (and its property collection) put back."""
    classes: dict[str, Any] = {}
    for version, validator_class in ours_by_version.items():
        ours = validator_class.keyword_validators["schema"]
        library = ours.__mro__[1]
        walk = type("LibraryWalk", (ours,), {"__call__": library.__call__, "_collect_properties": library._collect_properties})
        keyword_validators = {**validator_class.keyword_validators, "schema": walk}
        classes[version] = type(validator_class.__name__, (validator_class,), {"keyword_validators": keyword_validators})
    return classes


TRICKY_SCHEMAS = {
    "Base": {"type": "object", "properties": {"x": {"type": "string"}}},
    "Derived": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "required": ["x", "y", "missing"], "properties": {"y": {"type": "integer"}}}]},
    "DerivedRequiresNested": {"allOf": [{"oneOf": [{"properties": {"deep": {}}}]}], "required": ["deep", "nowhere"]},
    "BadDefault": {"type": "string", "default": 5},
    "NullDefault": {"type": "string", "nullable": True, "default": None},
    "NullDefaultNotNullable": {"type": "string", "default": None},
    "ObjectDefault": {"type": "object", "properties": {"a": {"type": "integer", "default": "no"}}, "default": {"a": "x"}},
    "Combined": {"anyOf": [{"$ref": "#/components/schemas/Base"}], "oneOf": [{"type": "string", "default": 1}], "not": {"type": "integer", "default": "s"}},
    "Array": {"type": "array", "items": {"$ref": "#/components/schemas/Derived"}},
    "Nested": {"type": "object", "properties": {"inner": {"allOf": [{"required": ["q"]}], "properties": {"r": {}}}, "list": {"type": "array", "items": {"type": "integer", "default": "x"}}}},
    "BadMeta": {"type": "strin", "properties": {"a": {"minLength": -1}}},
    "RefToBad": {"properties": {"b": {"$ref": "#/components/schemas/BadMeta"}}},
    "Chain": {"$ref": "#/components/schemas/ChainEnd"},
    "ChainEnd": {"type": "object", "required": ["z"], "allOf": [{"$ref": "#/components/schemas/Base"}], "properties": {"z": {"$ref": "#/components/schemas/BadDefault"}}},
    "NotRef": {"not": {"$ref": "#/components/schemas/NullDefaultNotNullable"}, "items": {"$ref": "#/components/schemas/Chain"}},
    # Reached only through references, so never meta-checked: shapes the dialect does not allow.
    "Weird": {"items": {"$ref": "#/x-weird"}},
}
WEIRD = {
    "x-weird": {"properties": {"$ref": "#/x-properties"}, "allOf": {"$ref": "#/x-list"}, "oneOf": [{"default": 1, "type": "string"}]},
    "x-properties": {"p": {"type": "integer", "default": "p"}, "q": {"$ref": "#/components/schemas/BadDefault"}},
    "x-list": [{"type": "string", "default": 5, "required": ["w"]}],
}


def _tricky_definition(tmp_path: Path, version: str) -> Path:
    spec = tmp_path / f"tricky-{version}.json"
    schemas = json.loads(json.dumps(TRICKY_SCHEMAS))
    if version == "3.1":
        for schema in schemas.values():
            schema.pop("nullable", None)
        schemas["Booleans"] = {"type": "object", "properties": {"yes": True, "no": False}, "items": False}
    operation = {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nested"}}}}},
                 "parameters": [{"name": "q", "in": "query", "schema": {"type": "integer", "default": "x"}}]}  # fmt: skip
    document = {"openapi": "3.0.3" if version == "3.0" else "3.1.0", "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"get": operation}}, "components": {"schemas": schemas}, **WEIRD}  # fmt: skip
    spec.write_text(json.dumps(document), encoding="utf-8")
    return spec


@pytest.mark.parametrize("spec", [*DEFINITIONS, "tricky-3.0", "tricky-3.1"], ids=str)
def test_findings_are_those_of_the_librarys_own_walk(spec: Example | Path | str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _tricky_definition(tmp_path, spec.split("-")[1]) if isinstance(spec, str) else spec
    ours = validation.validate(_workspace(path))
    library_walk = _library_walk_classes(validation._validator_classes())
    monkeypatch.setattr(validation, "_validator_classes", lambda: library_walk)
    theirs = validation.validate(_workspace(path))
    assert {d.message for d in theirs} == {d.message for d in ours}
    # The same places, or fuller: the library places an allOf's finding nowhere and a default's within the
    # default value only; we put the schema's place before it. (Findings it places nowhere that say the same
    # are one there, as one wrong thing is said once at a place.)
    for library in theirs:
        assert any(
            mine.message == library.message
            and ((mine.pointer + "/").startswith(library.pointer + "/") or mine.pointer.endswith("/default" + library.pointer))
            for mine in ours
        ), library
    if isinstance(spec, str):
        assert len(ours) >= 5  # the tricky definitions exercise the findings, not only their absence


def test_findings_are_located_where_the_schema_is_written_not_where_it_is_referred_to(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        """openapi: 3.0.1
info: {title: T, version: "1"}
paths:
  /x:
    get:
      parameters:
        - {name: q, in: query, schema: {type: integer, default: "abc"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        n: {type: integer, default: "nope"}
        o: {type: object, properties: {a: {type: string}}, default: {a: 5}}
        bad: {$ref: '#/components/schemas/Bad'}
    Bad: {type: strng}
    Both:
      allOf:
        - $ref: '#/components/schemas/Thing'
      required: [missing]
""",
        encoding="utf-8",
    )
    found = {(d.pointer, d.line) for d in validation.validate(Workspace(spec))}
    assert found == {
        ("/components/schemas/Thing/properties/n/default", 19),  # reached through the response's $ref
        ("/components/schemas/Thing/properties/o/default/a", 20),  # within the default value
        ("/paths/~1x/get/parameters/0/schema/default", 7),
        # A meta-check's finding, reached through two references, and the same schema's reached directly: both
        # at the keyword that is wrong (the branch of the dialect's oneOf that came nearest says which).
        ("/components/schemas/Bad/type", 22),
        ("/components/schemas/Both/required", 26),
    }


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["a", "b"], ("api.json", "/a/b")),
        (["r", "b"], ("api.json", "/a/b")),  # r refers to a
        (["r", "own"], ("api.json", "/r/own")),  # a sibling of the $ref is found where it is
        (["chain", "b"], ("api.json", "/a/b")),
        (["loop", "b"], ("api.json", "/loop/b")),  # a cycle of references is left where it is
        (["ext", "b"], ("other.json", "/a/b")),  # into another file
        (["ext", "c", "d"], ("other.json", "/x/d")),  # and on from there, by its own references
        (["gone", "b"], ("api.json", "/gone/b")),  # a reference that names nothing
        (["spaced", "b"], ("api.json", "/with space/b")),  # a fragment written URL-encoded
        (["list", 1, "b"], ("api.json", "/a/b")),
        (["a", "nowhere", "deeper"], ("api.json", "/a/nowhere/deeper")),
        (["x~y/z"], ("api.json", "/x~0y~1z")),
    ],
)
def test_a_path_through_references_becomes_the_file_and_pointer_of_its_target(
    parts: list[Any], expected: tuple[str, str], tmp_path: Path
) -> None:
    root = {
        "a": {"b": 1},
        "r": {"$ref": "#/a", "own": 2},
        "chain": {"$ref": "#/r"},
        "loop": {"$ref": "#/loop2"},
        "loop2": {"$ref": "#/loop"},
        "ext": {"$ref": "other.json#/a"},
        "gone": {"$ref": "#/nothing"},
        "spaced": {"$ref": "#/with%20space"},
        "with space": {"b": 1},
        "list": [{}, {"$ref": "#/a"}],
        "x~y/z": 3,
    }
    (tmp_path / "api.json").write_text(json.dumps(root), encoding="utf-8")
    (tmp_path / "other.json").write_text(json.dumps({"a": {"b": 1, "c": {"$ref": "#/x"}}, "x": {"d": 1}}), encoding="utf-8")
    document, pointer = validation._through_refs(Workspace(tmp_path / "api.json"), parts)
    assert (document.path.name, pointer) == expected


def test_a_finding_in_a_referenced_file_is_located_there(tmp_path: Path) -> None:
    (tmp_path / "common.yaml").write_text(
        "components:\n  schemas:\n    Money:\n      type: object\n      properties:\n        amount: {type: number, default: lots}\n",
        encoding="utf-8",
    )
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Price: {type: object, properties: {money: {$ref: 'common.yaml#/components/schemas/Money'}}}\n",
        encoding="utf-8",
    )
    [problem] = validation.validate(Workspace(spec))
    assert (Path(problem.file).name, problem.pointer, problem.line) == (
        "common.yaml", "/components/schemas/Money/properties/amount/default", 6
    )


def test_an_all_of_that_refers_back_to_itself_is_validated(tmp_path: Path) -> None:
    # openapi-spec-validator's own property collection recursed here until Python gave up.
    spec = tmp_path / "api.yaml"
    spec.write_text(
        """openapi: 3.0.1
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Node:
      allOf:
        - $ref: '#/components/schemas/Node'
        - {type: object, properties: {id: {type: string}}}
      required: [id, name]
    Tree:
      allOf: [{$ref: '#/components/schemas/Tree'}, {items: {$ref: '#/components/schemas/Tree'}}]
""",
        encoding="utf-8",
    )
    found = [(d.pointer, d.message) for d in validation.validate(Workspace(spec))]
    assert found == [("/components/schemas/Node/required", "Required list has not defined properties: ['name']")]


RAW_DUMP = re.compile(r"is not valid under any of the|Failed validating|On instance|is valid under each of")


def _keys(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from _keys(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _keys(item, (*path, index))


def test_every_finding_says_what_is_wrong_in_words_and_where(tmp_path: Path) -> None:
    """A sweep: each key of small definitions (2.0, 3.0, 3.1) removed, or its value made a number, in turn."""
    from test_load_keys import BASES

    checked = 0
    for version, base in BASES.items():
        for path in _keys(base):
            for change in ("remove", "number"):
                data = copy.deepcopy(base)
                parent = data
                for part in path[:-1]:
                    parent = parent[part]
                if change == "remove":
                    del parent[path[-1]]
                else:
                    parent[path[-1]] = 5
                spec = tmp_path / "api.yaml"
                spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
                try:
                    found = load_api(spec, strict=False).problems
                except SpecError as exc:
                    found = exc.diagnostics
                said = set()
                for diagnostic in found:
                    where = f"{version}: {change} {'/'.join(map(str, path))}: {diagnostic}"
                    assert diagnostic.line is not None, where
                    assert not RAW_DUMP.search(diagnostic.message), where
                    assert len(diagnostic.message) < 400, where
                    # one wrong thing, one finding (the validator may reach it through several schemas)
                    gist = (diagnostic.pointer, diagnostic.message.split(": ")[0])
                    assert gist not in said, where
                    said.add(gist)
                checked += bool(found)
    assert checked > 100


BROKEN = """openapi: 3.0.3
info: {title: T}
paths:
  /x:
    get:
      operationId: getX
      parameters:
        - name: q
          in: query
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  a: {type: strin}
        '404': {}
  /y:
    get:
      responses:
        default: {description: error}
"""


def test_findings_name_the_missing_property_the_wrong_value_and_the_nearest_branch(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 1
    lines = [line.split(": error: ", 1) for line in result.output.splitlines() if ": error: " in line]
    found = sorted(((where.split(" ")[0].removeprefix(str(spec)), message) for where, message in lines), key=lambda f: int(f[0].split(":")[1]))
    # The definition's check and the schema's meta-check both reach the type: it is said once.
    assert found == [
        (":2:1", "the required property 'version' is missing"),
        (":8:11", "one of these properties is needed here: 'schema', 'content'"),
        (":18:23", '"strin" is not one of the values allowed here: "array", "boolean", "integer", "number", "object", "string"'),
        (":19:9", "the required property 'description' is missing"),
    ]


def test_lenient_reports_the_validators_findings_as_warnings_and_the_gateways_deviations_too(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--lenient", str(spec)])
    assert result.exit_code == 0, result.output
    assert ": error: " not in result.output
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert len(warnings) == 6 and "6 warning(s)" in result.output, result.output
    assert any("the required property 'version' is missing" in w for w in warnings)


def test_default_only_responses_and_missing_operation_ids_are_located_warnings(tmp_path: Path) -> None:
    """The README's promise: API Gateway's deviations are warnings, not silence."""
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /y/{id}:\n    get:\n"
        "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
        "      responses:\n        default: {description: error}\n"
        "    post:\n      operationId: postY\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
        "      responses: {'200': {description: ok}, default: {description: error}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert len(warnings) == 2 and "2 warning(s)" in result.output, result.output
    assert re.match(rf"{re.escape(str(spec))}:5:5 \(#/paths/~1y~1{{id}}/get\): warning: GET /y/{{id}} has no operationId", warnings[0])
    assert re.match(rf"{re.escape(str(spec))}:7:7 \(#/paths/~1y~1{{id}}/get/responses\): warning: GET /y/{{id}} documents only a 'default'", warnings[1])


def test_a_reference_to_nothing_is_located_without_dumping_the_document(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n"
        "        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}\n",
        encoding="utf-8",
    )
    [finding] = validation.validate(Workspace(spec))
    assert (finding.line, finding.message) == (10, "this $ref names nothing: there is no '/components/schemas/Nope' in the definition")
