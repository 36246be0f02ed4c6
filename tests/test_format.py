"""Generated code is black's output, though black only formats the chunks that need it.

The layout helpers write what black would write; these tests hold them to it by running black itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdkgen.examples import example_specs
from sdkgen.generate import generate
from sdkgen.generate import layout
from sdkgen.generate.format import format_source, needs_black, split_chunks
from sdkgen.generate.render import RUNTIME_MODULES, TEMPLATES
from sdkgen.parse import load_api

ROOT = Path(__file__).resolve().parent.parent
DEFINITIONS = [*example_specs(ROOT / "specs"), ROOT / "tests" / "fixtures" / "kitchen.yaml"]
LONG = "WebhookPullRequestReviewCommentCreatedPullRequestRequestedReviewersItem"


@pytest.mark.parametrize("spec", DEFINITIONS, ids=[s.name for s in DEFINITIONS])
def test_fast_formatting_equals_black_over_everything(spec: Path) -> None:
    api = load_api(spec, strict=False).api
    fast = generate(api, "pkg").files
    full = generate(api, "pkg", full_black=True).files
    assert fast.keys() == full.keys()
    assert [name for name in fast if fast[name] != full[name]] == []


@pytest.mark.parametrize("module", RUNTIME_MODULES)
def test_runtime_modules_are_black_clean(module: str) -> None:
    """They are copied into every package without going through black."""
    text = (TEMPLATES / "runtime" / module).read_text(encoding="utf-8")
    assert format_source(text) == text


def test_chunks_put_back_together_are_the_source() -> None:
    files = generate(load_api(ROOT / "specs" / "shop.yaml").api, "pkg").files
    for name, text in files.items():
        if name.endswith(".py"):
            chunks = split_chunks(text)
            assert "".join(chunks) == text
    modules = ("_client", "_client_raw", "_async_client", "_async_client_raw")
    client = [chunk for module in modules for chunk in split_chunks(files[f"pkg/{module}.py"])]
    # Each method is a chunk of its own: in Client, AsyncClient and their two WithRawResponse classes.
    assert sum(1 for c in client if c.lstrip().startswith(("def list_products", "async def list_products"))) == 4


def _in_function(lines: str, depth: int) -> str:
    """``lines`` (laid out for indent ``4 * depth``) inside enough blocks to be valid at that depth."""
    prefix = "".join("    " * i + f"def f{i}():\n" for i in range(depth))
    return prefix + "    " * depth + lines + "\n"


CASES = {
    "call fits": lambda: layout.nested_call(8, "return self._call(", "_operations.op", ["a=a", "b=b"], ")"),
    "call exploded": lambda: layout.nested_call(8, "return self._call(", "_operations." + "x" * 60, ["a=a", "b=b"], ")"),
    "call without arguments": lambda: layout.nested_call(8, "return self._client._call_raw(", "_operations." + "y" * 50, [], ")"),
    "import": lambda: layout.import_from(4, ".types." + LONG.lower(), [LONG]),
    "import as": lambda: layout.import_from(4, "." + "m" * 40, [f"{LONG} as {LONG}"]),
    "bracket": lambda: layout.bracket(0, "__all__ = [", [f'"{LONG}{LONG}"'], "]"),
    "assign atom": lambda: layout.assign(8, 'out["total_active_caches_size_in_bytes"]', "self.total_active_caches_size_in_bytes"),
    "assign string": lambda: layout.assign(4, "ENUM_MEMBER_WITH_A_LONG_NAME", '"' + "v" * 70 + '"'),
    "assign call": lambda: layout.assign(8, 'out["x"]', "_m.to_json_value(" + ", ".join(["self.value_" + str(i) for i in range(8)]) + ")"),
    "assign ternary": lambda: layout.assign(8, 'out["closed_at"]', "None if self.closed_at is None else self.closed_at.isoformat()"),
    "assign subscript": lambda: layout.assign(8, "self.total_active_caches_size_in_bytes", 'data["total_active_caches_size_in_bytes"]'),
    "assign subscript too long to split": lambda: layout.assign(8, "self.x", f'data["{LONG}"]'),
    "assign dict comprehension": lambda: layout.assign(8, "self.files", f'{{_k0: {LONG[:30]}.from_dict(_v1) for _k0, _v1 in data["files"].items()}}'),
    "assign list comprehension": lambda: layout.assign(8, 'out["repository_cache_usages"]', "[_i0.to_dict() for _i0 in self.repository_cache_usages_of_the_test]"),
    "assign comprehension of a conditional": lambda: layout.assign(
        8, 'out["files"]', "{_k4: None if _v5 is None else _v5.to_dict() for _k4, _v5 in self.files_of_the_test.items()}"
    ),
    "call with a comprehension of a conditional": lambda: layout.bracket(
        8, "self.files = _m.optional(", ["data", '"files"', f"lambda _x0: {{_k1: None if (_n3 := _v2) is None else {LONG[:40]}.from_dict(_n3) for _k1, _v2 in _x0.items()}}"], ")"
    ),
    "call with a list comprehension of a long conditional": lambda: layout.bracket(
        8, "self.files = _m.optional(", ["data", '"files"', f"lambda _x0: [None if (_n3 := _v2) is None else {LONG[:45]}.from_dict(_n3) for _v2 in _x0]"], ")"
    ),
    "call of a call in a dict": lambda: layout.bracket(
        8, "parse = {", [f'"2XX": _m.json_parser(lambda _x0: _m.parse_union(_x0, ({LONG}.from_dict, _m.identity), (_m.is_object, _m.is_object)))'], "}", explode=True
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_layout_is_what_black_writes(case: str) -> None:
    text = CASES[case]()
    depth = 2 if case.startswith(("call", "assign")) and not case.endswith("string") else 1
    if case == "bracket":
        depth = 0
    source = _in_function(text, depth) if depth else text + "\n"
    assert format_source(source) == source, f"black writes it otherwise:\n{format_source(source)}"


@pytest.mark.parametrize(
    ("value", "complete"),
    [
        ("UNSET if (_f0 := data.get('created', UNSET)) is UNSET else _m.parse_datetime(_f0)", True),
        (f"None if (_n1 := data['user']) is None else {LONG}.from_dict(_n1)", True),
        (f"None if (_n1 := data['user']) is None else {LONG}{LONG}(_n1)", True),
        (f"_m.parse_union(data['created_at'], (_m.identity, _m.parse_datetime), (_m.is_object, _m.is_str))", True),
        (f"_m.parse_union(data['created_at'], ({LONG}.from_dict, _m.parse_datetime), (_m.is_object, _m.is_str))", True),
        (f"data['{LONG}{LONG}']", False),  # a subscript: left to black
    ],
)
def test_keyword_arguments_are_what_black_writes(value: str, complete: bool) -> None:
    """``complete``: the layout alone gives black's output; otherwise black is left the rest, and must be asked."""
    from sdkgen.generate.text import literal

    value = value.replace("'created'", literal("created")).replace("'user'", literal("user"))
    value = value.replace("'created_at'", literal("created_at")).replace(f"'{LONG}{LONG}'", literal(LONG + LONG))
    text = layout.keyword_arg(12, "field_name", value)
    source = f"class C:\n    def f(self):\n        return cls(\n            {text},\n        )\n"
    assert needs_black(source) is not complete
    if complete:
        assert format_source(source) == source, f"black writes it otherwise:\n{format_source(source)}"


@pytest.mark.parametrize(
    "annotation",
    [
        f"{LONG} | str | None",
        f"{LONG}OneOf0 | {LONG}OneOf1",
        "int | None",
        f"list[{LONG}]",
        f"list[{LONG} | str] | None",  # the subscript split, then one member a line
        f"list[{LONG[:62]} | str] | None",  # the subscript on a line of its own
        f"str | list[{LONG}{LONG} | str] | None",  # a member longer than the line stays whole
        f"list[{LONG}{LONG}] | None",
        f"dict[str, list[{LONG} | str]] | None",  # two subscripts: left to black
    ],
)
def test_parameters_are_what_black_writes(annotation: str) -> None:
    text = layout.parameter(8, "requested_reviewers", annotation, "None")
    source = f"class C:\n    def f(\n        self,\n        *,\n        {text},\n    ) -> None:\n        pass\n"
    if annotation.startswith(("list[", "dict[")) and "|" not in annotation.rsplit("]", 1)[1]:
        assert text == f"requested_reviewers: {annotation} = None"  # left for black to lay out
        return
    if annotation.startswith("dict["):
        assert needs_black(source)
        return
    assert format_source(source) == source, f"black writes it otherwise:\n{format_source(source)}"
    field = layout.parameter(4, "requested_reviewers", annotation.replace("| None", "| Unset"), "UNSET", "")
    source = f"class C:\n    {field}\n"
    assert format_source(source) == source, f"black writes it otherwise:\n{format_source(source)}"


def test_string_literals_take_blacks_quotes() -> None:
    from black.strings import normalize_string_quotes

    from sdkgen.generate.text import literal

    alphabet = ["a", "'", '"', "\\", "\n", "é", "\x00", "{", " "]
    samples = {"".join(alphabet[(i // len(alphabet) ** k) % len(alphabet)] for k in range(4)) for i in range(len(alphabet) ** 4)}
    for text in samples:
        assert literal(text) == normalize_string_quotes(repr(text)), text
        assert eval(literal(text)) == text  # noqa: S307 - our own literal of our own string


STATEMENTS = f'''"""Module."""

import typing


def top_level_function_with_a_long_name() -> dict[str, list[{LONG} | None]]:
    pass


class Model:
    """A model."""

    requested_reviewers: list[{LONG}OneOf0 | {LONG}OneOf1 | None]
    short: int
    wide: str = "日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語"

    def to_dict(self) -> dict[str, typing.Any]:
        out: dict[str, typing.Any] = {{}}
        if not isinstance(self.requested_reviewers_with_a_name_long_enough_to_split, Unset):
            out["requested_reviewers"] = self.requested_reviewers_with_a_long_name.to_dict()  # why
        return out
'''


def test_statements_formatted_alone_come_out_as_black_writes_them_in_place() -> None:
    from sdkgen.generate.format import format_files, statements_to_format

    lines = STATEMENTS.splitlines(keepends=True)
    found = statements_to_format(STATEMENTS, lines)
    assert found is not None
    # The def, the field, the wide string (60 characters but 102 columns), the if and the assignment.
    assert ["".join(lines[s.start : s.end]).split()[0] for s in found] == ["def", "requested_reviewers:", "wide:", "if", 'out["requested_reviewers"]']
    assert [s.depth for s in found] == [0, 1, 1, 2, 3]
    assert [s.header for s in found] == [True, False, False, True, False]
    assert format_files({"m.py": STATEMENTS})["m.py"] == format_source(STATEMENTS) != STATEMENTS


def test_a_docstring_too_long_to_close_leaves_the_chunk_to_black() -> None:
    from sdkgen.generate.format import format_files, statements_to_format

    source = STATEMENTS.replace('"""A model."""', '"""A model.\n\n    ' + "word " * 17 + 'end."""')
    assert statements_to_format(source, source.splitlines(keepends=True)) is None
    assert format_files({"m.py": source})["m.py"] == format_source(source) != source



HEADS = {
    "an import": (f"from .types.{LONG.lower()}_and_more import (\n    {LONG},\n)\n", False),
    "a keyword argument": (
        f"def f():\n    return g(\n        {LONG.lower()}_argument={LONG}.from_dict(\n            data,\n        ),\n    )\n",
        False,
    ),
    "an assignment": (f"def f(self):\n    self.metadata_configuration = {LONG[:60]}.from_dict(\n        data\n    )\n", True),
    # Black's second opinion would open the call on a line of its own, where it does not fit either.
    "an assignment whose value is too long either way": (
        f"def f(self):\n    self.metadata_configuration = {LONG}.from_dict(\n        data\n    )\n",
        False,
    ),
    "a return": (f"def f(self):\n    return {LONG[:40]}.{LONG[:27]}.from_dict(\n        data\n    )\n", True),
    "a return too long either way": (f"def f(self):\n    return {LONG[:40]}.{LONG[:30]}.from_dict(\n        data\n    )\n", False),
}


@pytest.mark.parametrize("case", list(HEADS))
def test_a_long_head_of_an_exploded_call_is_left_only_where_black_leaves_it(case: str) -> None:
    """Black wraps an assignment's or a return's value in parentheses when its head is too long."""
    source, black_changes_it = HEADS[case]
    assert needs_black(source) is black_changes_it
    assert (format_source(source) != source) is black_changes_it


@pytest.mark.parametrize(
    ("head", "annotation"),
    [
        (")", "None"),
        (")", LONG + "Devcontainers"),  # a lone name: in parentheses
        (")", f"APIResponse[{LONG}Devcontainers]"),  # a subscript: split at its brackets
        (")", f"APIResponse[{LONG} | None]"),
        (")", f"list[{LONG}OneOf0 | {LONG}OneOf1 | {LONG}OneOf2]"),  # one member a line
        (")", f"APIResponse[list[{LONG}]]"),  # nested subscripts: split in turn
        (")", "APIResponse[list[" + " | ".join(f"{LONG[:30]}{i}" for i in range(5)) + "]]"),
        (")", f"APIResponse[dict[str, {LONG}]]"),  # two items: left to black
        ("def get_public_key_for_authenticated_user()", "RequestOptions[CodespacesUserPublicKey]"),
    ],
)
def test_return_annotations_are_what_black_writes(head: str, annotation: str) -> None:
    from sdkgen.generate.layout import returns

    for depth in (0, 1):
        text = returns(4 * depth, head, annotation)
        if head == ")":
            text = "def f(\n" + " " * (4 * depth + 4) + "self,\n" + " " * (4 * depth) + text
        source = ("class C:\n    " if depth else "") + text + "\n" + " " * (4 * depth + 4) + "pass\n"
        exact = format_source(source) == source
        assert exact or "[dict[" in annotation, f"black writes it otherwise:\n{format_source(source)}"
        assert exact or needs_black(source)  # what is not black's is left for black


@pytest.mark.parametrize("target_length", [10, 40, 60, 75, 80])
@pytest.mark.parametrize(
    "value",
    [
        f"{LONG}.from_dict(data['key'])",
        f"{LONG[:30]}(data['repository_selection'])",
        "_m.optional(data, 'key', " + LONG[:40] + ".from_dict)",
        "_m.lazy(globals(), '" + LONG + "', '." + LONG.lower() + "')",
        "self.requested_reviewers.to_dict()",
    ],
)
def test_assignments_are_what_black_writes(target_length: int, value: str) -> None:
    """Split at the call's brackets, or in parentheses of their own, as black's second opinion decides."""
    from sdkgen.generate.text import literal

    value = value.replace("'key'", literal("key")).replace("'repository_selection'", literal("repository_selection"))
    value = value.replace(f"'{LONG}'", literal(LONG)).replace(f"'.{LONG.lower()}'", literal("." + LONG.lower()))
    for target in ("self." + "x" * target_length, 'out["' + "x" * target_length + '"]'):
        source = f"class C:\n    def f(self, data):\n        {layout.assign(8, target, value)}\n"
        exact = format_source(source) == source
        assert exact or needs_black(source), f"black writes it otherwise, and is not asked:\n{format_source(source)}"
        if layout.fits(8, target + " = ("):  # beyond that, black splits the target itself
            assert exact or "_m.lazy" in value, f"black writes it otherwise:\n{format_source(source)}"


def test_a_class_field_with_a_long_name_for_a_type_is_what_black_writes() -> None:
    field = layout.parameter(4, "allow_deletions_enforcement_level", LONG, "", "")
    source = f"class C:\n    {field}\n"
    assert "(\n" in field and format_source(source) == source, f"black writes it otherwise:\n{format_source(source)}"


@pytest.mark.parametrize("head", ["self.metadata = ", "x = ", "return "])
def test_a_long_call_head_black_is_not_asked_about_is_one_black_leaves(head: str) -> None:
    """Around the width where black's second opinion stops fitting, for every depth the templates use."""
    for depth in (1, 2, 3):
        for length in range(60, 90):
            callee = (LONG * 2)[: length - len(".from_dict(")] + ".from_dict("
            pad = "    " * depth
            if layout.fits(4 * depth, f"{head}{callee}data)"):
                continue  # not a line the templates split
            source = "".join("    " * d + "def f():\n" for d in range(depth)) + f"{pad}{head}{callee}\n{pad}    data\n{pad})\n"
            assert needs_black(source) or format_source(source) == source, source


@pytest.mark.parametrize("name", ["dependabot_security_updates_enabled_for_new_repositories", "x" * 90, "short"])
def test_an_unset_check_is_what_black_writes(name: str) -> None:
    text = layout.split_last_bracket(8, f"if not isinstance(self.{name}, Unset)", ":") + ":"
    source = f"class C:\n    def f(self):\n        {text}\n            pass\n"
    assert format_source(source) == source, f"black writes it otherwise:\n{format_source(source)}"


@pytest.mark.parametrize(
    "annotation",
    [f"list[{LONG}]", f"list[{LONG}Devcontainers]", f"list[{LONG} | None]", f"list[{LONG}OneOf0 | {LONG}OneOf1 | None]", f"dict[str, {LONG}]"],
)
def test_a_class_field_of_a_long_subscript_is_what_black_writes(annotation: str) -> None:
    field = layout.parameter(4, "requested_reviewers", annotation, "", "")
    source = f"class C:\n    {field}\n"
    if annotation.startswith("dict["):
        assert needs_black(source)  # two subscript items: left to black
    else:
        assert format_source(source) == source, f"black writes it otherwise:\n{format_source(source)}"


@pytest.mark.parametrize("length", range(78, 86))
def test_a_lone_name_too_long_for_parentheses_is_left_as_black_leaves_it(length: int) -> None:
    """A return annotation after exploded parameters, and a class field's type."""
    name = (LONG * 2)[:length]
    for source in (
        f"class C:\n    def f(\n        self,\n    ) -> {name}:\n        pass\n",
        f"class C:\n    x: {name}\n",
        f"class C:\n    {layout.parameter(4, 'x', name, '', '')}\n",
    ):
        assert needs_black(source) or format_source(source) == source, source
    returns = f"class C:\n    def f(\n        self,\n    {layout.returns(4, ')', name)}\n        pass\n"
    assert not needs_black(returns) and format_source(returns) == returns, returns


def test_comprehensions_of_conditionals_are_what_black_writes_at_every_width() -> None:
    """On one line, cut before ``for``, the conditional in parentheses on one line, then one part a line."""
    shapes = set()
    for length in range(10, 50, 3):
        item = f"lambda _x0: {{_k1: None if (_n3 := _v2) is None else {LONG[:length]}.from_dict(_n3) for _k1, _v2 in _x0.items()}}"
        text = layout.bracket(8, "self.files = _m.optional(", ["data", '"files"', item], ")")
        source = f"class C:\n    def f(self):\n        {text}\n"
        assert needs_black(source) or format_source(source) == source, source
        shapes.add(text.count("\n") if not needs_black(source) else -1)
    assert {7, 9, 11} <= shapes


def test_descriptions_ending_in_lines_of_spaces_come_out_as_black_writes_them() -> None:
    """A last line of spaces: black makes a one-line docstring of what is left, and keeps a longer one's end."""
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/#X-Amz-Target=Service.ResumeTask": {"post": {"operationId": "resume", "description": " ", "responses": {"200": {"description": "ok"}}}},
            "/items": {"get": {"operationId": "items", "description": "Lists items.\n\n   ", "responses": {"200": {"description": "ok"}}}},
        },
        "components": {
            "schemas": {
                "GymDTO": {
                    "type": "object",
                    "description": "The GymDTO Class.\nContains relevant fields.\n            ",
                    "properties": {"gym_id": {"type": "integer", "description": "The id.\n  "}, "name": {"type": "string", "description": "One\nTwo\n\t"}},
                }
            }
        },
    }
    api = load_api(document, strict=False).api
    fast = generate(api, "pkg").files
    full = generate(api, "pkg", full_black=True).files
    assert [name for name in fast if fast[name] != full[name]] == []
    assert '"""The GymDTO Class.\n    Contains relevant fields."""' in fast["pkg/types/gym_dto.py"]
