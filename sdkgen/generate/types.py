"""Python types for schemas, and the expressions that convert values between JSON and Python.

Every decision about generated types is made here, in Python; templates only print the results.
Expressions are built from names (never from definition text) and ``repr`` literals.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..model import Schema
from .text import literal, tuple_expr

MAX_NESTING = 12  # deeper anonymous nesting (or a cycle of unnamed schemas) becomes Any


@dataclass
class TypeContext:
    """What one generated module needs: model classes it references, and helper imports."""

    models: dict[str, Schema] = field(default_factory=dict)  # class name -> schema
    counter: itertools.count[int] = field(default_factory=itertools.count)

    def ref(self, schema: Schema) -> str:
        assert schema.class_name is not None
        self.models[schema.class_name] = schema
        return schema.class_name

    def fresh(self, prefix: str) -> str:
        return f"_{prefix}{next(self.counter)}"


def is_enum_model(schema: Schema) -> bool:
    return schema.is_model and schema.enum is not None


def _union_parts(schema: Schema) -> list[Schema]:
    return [v for v in schema.variants]


def annotation(schema: Schema, ctx: TypeContext, *, request: bool = False, values: bool = False, depth: int = 0) -> str:
    """The annotation for ``schema``; ``request`` (a parameter) and ``values`` (a model's field) widen enums to
    accept plain values too: ``method="card"``. Enums are open (an unlisted value is kept), so any plain value
    is; a ``Literal`` of the listed ones made fields' lines too long to lay out without black."""
    base = _base_annotation(schema, ctx, request=request, values=values, depth=depth)
    if schema.nullable and base not in ("_t.Any", "None") and not base.endswith("| None"):
        return f"{base} | None"
    return base


def _base_annotation(schema: Schema, ctx: TypeContext, *, request: bool, values: bool, depth: int) -> str:
    if depth > MAX_NESTING:
        return "_t.Any"
    if schema.is_model:
        name = ctx.ref(schema)
        if schema.enum is not None and (request or values):
            return f"{name} | {'int' if schema.type == 'integer' else 'str'}"
        return name
    kind = schema.type
    if kind == "union":
        parts: list[str] = []
        for variant in _union_parts(schema):
            text = annotation(variant, ctx, request=request, values=values, depth=depth + 1)
            if text == "_t.Any":
                return "_t.Any"
            for piece in split_union(text):
                if piece not in parts:
                    parts.append(piece)
        if "None" in parts:
            parts.remove("None")
            parts.append("None")
        return " | ".join(parts) if parts else "_t.Any"
    if kind == "array":
        item = annotation(schema.items, ctx, request=request, values=values, depth=depth + 1) if schema.items else "_t.Any"
        return f"list[{item}]"
    if kind == "object":
        if isinstance(schema.additional_properties, Schema):
            value = annotation(schema.additional_properties, ctx, request=request, values=values, depth=depth + 1)
            return f"dict[str, {value}]"
        return "dict[str, _t.Any]"
    if kind == "string":
        formatted = {"date": "_dt.date", "date-time": "_dt.datetime", "uuid": "_uuid.UUID"}.get(schema.format or "")
        if formatted:
            # Callers may pass the wire form too ("2024-01-31") in requests.
            return f"{formatted} | str" if request else formatted
        return "FileContent" if schema.format == "binary" else "str"
    return {"integer": "int", "number": "float", "boolean": "bool", "null": "None"}.get(kind, "_t.Any")


def split_union(text: str) -> list[str]:
    """The members of an annotation union, splitting only outside brackets and string literals."""
    pieces: list[str] = []
    depth = start = 0
    quote = ""  # the quote of the string literal (of a ``Literal[...]``) being passed over
    escaped = False
    for index, char in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "|" and depth == 0:
            pieces.append(text[start:index].strip())
            start = index + 1
    pieces.append(text[start:].strip())
    return pieces


def needs_conversion(schema: Schema, depth: int = 0) -> bool:
    """Whether JSON values of this schema differ from their Python values."""
    if depth > MAX_NESTING:
        return False
    if schema.is_model:
        return True
    if schema.type == "union":
        return any(needs_conversion(v, depth + 1) for v in schema.variants)
    if schema.type == "array":
        return schema.items is not None and needs_conversion(schema.items, depth + 1)
    if schema.type == "object":
        return isinstance(schema.additional_properties, Schema) and needs_conversion(schema.additional_properties, depth + 1)
    return schema.type == "string" and schema.format in ("date", "date-time", "uuid")


_FORMAT_PARSERS = {"date": "_m.parse_date", "date-time": "_m.parse_datetime", "uuid": "_uuid.UUID"}


def from_json(schema: Schema, expr: str, ctx: TypeContext, depth: int = 0) -> str:
    """An expression turning the JSON value ``expr`` into the Python value."""
    if not needs_conversion(schema, depth):
        return expr
    if schema.nullable:
        name = ctx.fresh("n")
        return f"None if ({name} := {expr}) is None else {_from_json_value(schema, name, ctx, depth)}"
    return _from_json_value(schema, expr, ctx, depth)


def _from_json_value(schema: Schema, expr: str, ctx: TypeContext, depth: int) -> str:
    if schema.is_model:
        name = ctx.ref(schema)
        return f"{name}({expr})" if schema.enum is not None else f"{name}.from_dict({expr})"
    if schema.type == "union":
        return _from_json_union(schema, expr, ctx, depth)
    if schema.type == "array":
        assert schema.items is not None
        helper = "parse_list_nullable" if schema.items.nullable else "parse_list"
        return f"_m.{helper}({expr}, {value_parser(schema.items, ctx, depth + 1)})"
    if schema.type == "object":
        assert isinstance(schema.additional_properties, Schema)
        key, value = ctx.fresh("k"), ctx.fresh("v")
        return f"{{{key}: {from_json(schema.additional_properties, value, ctx, depth + 1)} for {key}, {value} in {expr}.items()}}"
    return _FORMAT_PARSERS[schema.format or ""] + f"({expr})"


def _from_json_union(schema: Schema, expr: str, ctx: TypeContext, depth: int) -> str:
    variants = schema.variants
    if len(variants) == 1:
        return from_json(variants[0], expr, ctx, depth + 1)
    parsers = tuple_expr([parser(v, ctx, depth + 1) for v in variants])
    accepts = tuple_expr([_accept(v) for v in variants])

    def general(value: str) -> str:
        return f"_m.parse_union({value}, {parsers}, {accepts})"

    if schema.discriminator and schema.discriminator.mapping:
        mapping = ", ".join(
            f"{literal(value)}: {parser(target, ctx, depth + 1)}" for value, target in schema.discriminator.mapping.items()
        )
        fallback = ctx.fresh("u")
        return (
            f"_m.parse_discriminated({expr}, {literal(schema.discriminator.property_name)}, {{{mapping}}}, "
            f"lambda {fallback}: {general(fallback)})"
        )
    return general(expr)


def parser(schema: Schema, ctx: TypeContext, depth: int = 0) -> str:
    """A callable expression taking a JSON value (null too, where the schema allows it) and returning the Python value."""
    if not needs_conversion(schema, depth):
        return "_m.identity"
    convert = value_parser(schema, ctx, depth)
    return f"_m.nullable({convert})" if schema.nullable else convert


def value_parser(schema: Schema, ctx: TypeContext, depth: int = 0) -> str:
    """A callable expression for the JSON values of ``schema`` other than null."""
    if schema.is_model:
        name = ctx.ref(schema)
        return name if schema.enum is not None else f"{name}.from_dict"
    if schema.type == "string" and schema.format in _FORMAT_PARSERS:
        return _FORMAT_PARSERS[schema.format]
    if not needs_conversion(schema, depth):
        return "_m.identity"
    arg = ctx.fresh("x")
    return f"lambda {arg}: {_from_json_value(schema, arg, ctx, depth)}"


def _accept(schema: Schema) -> str:
    if schema.is_model:
        if schema.enum is not None:
            return "_m.is_int" if schema.type == "integer" else "_m.is_str"
        return "_m.is_object"
    return {
        "object": "_m.is_object",
        "array": "_m.is_list",
        "string": "_m.is_str",
        "integer": "_m.is_int",
        "number": "_m.is_number",
        "boolean": "_m.is_bool",
    }.get(schema.type, "_m.is_any")


def to_json(schema: Schema, expr: str, ctx: TypeContext, depth: int = 0) -> str:
    """An expression turning the Python value ``expr`` (a plain name) into a JSON value."""
    if not needs_conversion(schema, depth):
        return expr
    if schema.nullable:
        return f"None if {expr} is None else {_to_json_value(schema, expr, ctx, depth)}"
    return _to_json_value(schema, expr, ctx, depth)


def _to_json_value(schema: Schema, expr: str, ctx: TypeContext, depth: int) -> str:
    if schema.is_model:
        ctx.ref(schema)
        if schema.enum is not None:
            # A field may hold a plain value ("card") as well as a member; str() and int() give the plain
            # value of either (an OpenStrEnum's str() is its value).
            return f"{'int' if schema.type == 'integer' else 'str'}({expr})"
        return f"{expr}.to_dict()"
    if schema.type == "union":
        if len(schema.variants) == 1:
            return to_json(schema.variants[0], expr, ctx, depth + 1)
        return f"_m.to_json_value({expr})"
    if schema.type == "array":
        assert schema.items is not None
        item = ctx.fresh("i")
        return f"[{to_json(schema.items, item, ctx, depth + 1)} for {item} in {expr}]"
    if schema.type == "object":
        assert isinstance(schema.additional_properties, Schema)
        key, value = ctx.fresh("k"), ctx.fresh("v")
        return f"{{{key}: {to_json(schema.additional_properties, value, ctx, depth + 1)} for {key}, {value} in {expr}.items()}}"
    return f"str({expr})" if schema.format == "uuid" else f"{expr}.isoformat()"
