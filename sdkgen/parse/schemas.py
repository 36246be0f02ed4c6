"""Raw JSON schemas (2.0, 3.0 or 3.1 dialect) -> ``model.Schema`` graphs.

A ``$ref`` is built once and shared, so recursive schemas become cycles. ``allOf`` is merged into
one object; ``oneOf``/``anyOf`` become unions; 3.1 ``type`` lists and ``nullable``/``x-nullable``
all become ``Schema.nullable``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, SpecError, pointer_join
from ..load import Document, Workspace
from ..model import Discriminator, Property, Schema
from .naming import NameAllocator, constant, module_name, pascal, snake
from .raw import mapping, sequence, text

PRIMITIVES = {"string", "integer", "number", "boolean", "null", "object", "array"}
# Field names a model class defines itself, or that would shadow types used in its annotations.
RESERVED_FIELDS = frozenset(
    {"to_dict", "from_dict", "additional_properties", "str", "int", "float", "bool", "bytes", "list", "dict", "object"}
)
MAX_DEPTH = 200


@dataclass(eq=False)
class _Group:
    """Models that share a module: a named schema and the inline ones inside it, or an operation's."""

    label: str  # names the module when its first model is not the named schema itself
    module: str | None = None


@dataclass
class _Candidate:
    schema: Schema
    hint: str
    named: bool
    group: _Group | None


_CONSTRAINTS = frozenset(
    {"minimum", "maximum", "multipleOf", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}
)


class SchemaBuilder:
    def __init__(self, workspace: Workspace, warnings: list[Diagnostic]):
        self.workspace = workspace
        self.warnings = warnings
        self._by_ref: dict[tuple[Path, str], Schema] = {}
        self._candidates: list[_Candidate] = []
        self._merged: set[int] = set()
        self._depth = 0
        self._group: _Group | None = None

    @contextmanager
    def grouped(self, label: str) -> Iterator[None]:
        """Inline models built meanwhile share one module (a named schema they refer to has its own)."""
        outer, self._group = self._group, _Group(label)
        try:
            yield
        finally:
            self._group = outer

    # -- building -------------------------------------------------------------------------------
    def build(self, raw: Any, doc: Document, pointer: str, hint: str) -> Schema:
        """Build the schema ``raw`` found at ``pointer`` in ``doc``; ``hint`` names inline models."""
        if isinstance(raw, dict) and isinstance(raw.get("$ref"), str):
            return self.build_ref(raw["$ref"], doc, pointer)
        schema = Schema(pointer=pointer)
        self._fill(schema, raw, doc, pointer, hint, named=False)
        return schema

    def build_ref(self, ref: str, doc: Document, pointer: str) -> Schema:
        try:
            target = self.workspace.resolve(ref, doc)
        except SpecError as exc:
            raise SpecError([self.workspace.locate(doc, pointer, "error", d.message) for d in exc.diagnostics]) from None
        key = (target.document.path, target.pointer)
        if key in self._by_ref:
            return self._by_ref[key]
        seen = {key}
        raw = target.value
        # A chain of plain $refs (A -> B -> C) is one schema.
        while isinstance(raw, dict) and isinstance(raw.get("$ref"), str) and len(raw) == 1:
            try:
                target = self.workspace.resolve(raw["$ref"], target.document)
            except SpecError as exc:
                raise SpecError([self.workspace.locate(doc, pointer, "error", d.message) for d in exc.diagnostics]) from None
            key = (target.document.path, target.pointer)
            if key in self._by_ref:
                schema = self._by_ref[key]
                for k in seen:
                    self._by_ref[k] = schema
                return schema
            if key in seen:
                raise SpecError([self.workspace.locate(doc, pointer, "error", f"$ref {ref!r} refers to itself in a cycle")])
            seen.add(key)
            raw = target.value
        name = target.pointer.rsplit("/", 1)[-1] if target.pointer else target.document.path.stem
        schema = Schema(name=name, pointer=target.pointer)
        for k in seen:
            self._by_ref[k] = schema
        with self.grouped(name):
            self._fill(schema, raw, target.document, target.pointer, name, named=True)
        return schema

    def _fill(self, schema: Schema, raw: Any, doc: Document, pointer: str, hint: str, named: bool) -> None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise SpecError([self.workspace.locate(doc, pointer, "error", f"schemas nest deeper than {MAX_DEPTH} levels")])
            self._fill_inner(schema, raw, doc, pointer, hint, named)
        finally:
            self._depth -= 1

    def _fill_inner(self, schema: Schema, raw: Any, doc: Document, pointer: str, hint: str, named: bool) -> None:
        if raw is True or raw is None:
            return
        if raw is False or not isinstance(raw, dict):
            if raw is not False:
                self._warn(doc, pointer, "a schema must be an object; treated as any value")
            return
        self._annotations(schema, raw)

        if "allOf" in raw and isinstance(raw["allOf"], list):
            self._merge_all_of(schema, raw, doc, pointer, hint)
            self._maybe_model(schema, hint, named)
            return

        for keyword in ("oneOf", "anyOf"):
            variants_raw = raw.get(keyword)
            if isinstance(variants_raw, list) and variants_raw and _has_type_info(variants_raw):
                self._union(schema, raw, keyword, doc, pointer, hint)
                if schema.type != "union":
                    self._maybe_model(schema, hint, named)
                return

        types = raw.get("type")
        if isinstance(types, list):  # 3.1
            kinds = [t for t in types if isinstance(t, str) and t in PRIMITIVES]
            if "null" in kinds and len(kinds) > 1:
                schema.nullable = True
                kinds.remove("null")
            if len(kinds) > 1:
                schema.type = "union"
                schema.variant_kind = "anyOf"
                for index, kind in enumerate(kinds):
                    variant = {**raw, "type": kind}
                    schema.variants.append(self.build(variant, doc, pointer_join(pointer, "type", index), hint))
                return
            types = kinds[0] if kinds else None
        if types == "file":  # Swagger 2.0 formData file
            types, schema.format = "string", "binary"
        if types is None:
            if "properties" in raw or "additionalProperties" in raw:
                types = "object"
            elif "items" in raw:
                types = "array"
            elif isinstance(raw.get("enum"), list) and raw["enum"]:
                types = _infer_type(raw["enum"])
            elif schema.has_const:
                types = _infer_type([schema.const])
        if isinstance(types, str) and types in PRIMITIVES:
            schema.type = types  # type: ignore[assignment]  # checked against PRIMITIVES

        if schema.type == "object":
            self._object(schema, raw, doc, pointer, hint)
        elif schema.type == "array":
            items = raw.get("items")
            if isinstance(items, list):  # tuple validation: take the first item type
                items = items[0] if items else {}
            schema.items = self.build(items if items is not None else {}, doc, pointer_join(pointer, "items"), hint + "Item")
        if isinstance(raw.get("enum"), list) and raw["enum"] and schema.type in ("string", "integer", "number", "boolean"):
            values = list(raw["enum"])
            if None in values:
                schema.nullable = True
                values = [v for v in values if v is not None]
            schema.enum = values
        self._maybe_model(schema, hint, named)

    def _annotations(self, schema: Schema, raw: dict[str, Any]) -> None:
        """Keywords that only describe or constrain, whatever the type."""
        schema.nullable = schema.nullable or raw.get("nullable") is True or raw.get("x-nullable") is True
        if isinstance(raw.get("format"), str):
            schema.format = raw["format"]
        schema.title = text(raw.get("title"))
        schema.description = text(raw.get("description"))
        if not _CONSTRAINTS.isdisjoint(raw):  # most schemas have none (45,000 of GitHub's)
            self._constraints(schema, raw)
        if isinstance(raw.get("pattern"), str):
            schema.pattern = raw["pattern"]
        schema.unique_items = raw.get("uniqueItems") is True
        schema.read_only = schema.read_only or raw.get("readOnly") is True
        schema.write_only = schema.write_only or raw.get("writeOnly") is True
        schema.deprecated = raw.get("deprecated") is True
        if "default" in raw:
            schema.default, schema.has_default = raw["default"], True
        if "const" in raw:
            schema.const, schema.has_const = raw["const"], True
        if "example" in raw:
            schema.examples.append(raw["example"])
        if isinstance(raw.get("examples"), list):
            schema.examples.extend(raw["examples"])

    @staticmethod
    def _constraints(schema: Schema, raw: dict[str, Any]) -> None:
        """Bounds on numbers, lengths and counts."""
        for attr, key in (
            ("minimum", "minimum"),
            ("maximum", "maximum"),
            ("multiple_of", "multipleOf"),
        ):
            if _is_number(raw.get(key)):
                setattr(schema, attr, raw[key])
        # 3.0 booleans vs 3.1 numbers for exclusive bounds
        for attr, key, bound in (
            ("exclusive_minimum", "exclusiveMinimum", "minimum"),
            ("exclusive_maximum", "exclusiveMaximum", "maximum"),
        ):
            value = raw.get(key)
            if value is True and _is_number(raw.get(bound)):
                setattr(schema, attr, raw[bound])
                setattr(schema, bound, None)
            elif _is_number(value):
                setattr(schema, attr, value)
        for attr, key in (
            ("min_length", "minLength"),
            ("max_length", "maxLength"),
            ("min_items", "minItems"),
            ("max_items", "maxItems"),
            ("min_properties", "minProperties"),
            ("max_properties", "maxProperties"),
        ):
            if isinstance(raw.get(key), int) and not isinstance(raw.get(key), bool):
                setattr(schema, attr, raw[key])

    def _object(self, schema: Schema, raw: dict[str, Any], doc: Document, pointer: str, hint: str) -> None:
        required = sequence(raw.get("required"))
        properties = raw.get("properties")
        if isinstance(properties, dict):
            names = NameAllocator(RESERVED_FIELDS)
            for wire_name, prop_raw in properties.items():
                wire_name = str(wire_name)
                prop_pointer = pointer_join(pointer, "properties", wire_name)
                prop_schema = self.build(prop_raw, doc, prop_pointer, hint + pascal(wire_name, fallback="Field"))
                schema.properties.append(
                    Property(
                        name=wire_name,
                        py_name=names.take(snake(wire_name, fallback="field", digit_prefix="field")),
                        schema=prop_schema,
                        required=wire_name in required,
                        description=text(prop_raw.get("description")) if isinstance(prop_raw, dict) else "",
                    )
                )
        extra = raw.get("additionalProperties", True)
        if extra is False:
            schema.additional_properties = False
        elif isinstance(extra, dict) and extra:
            schema.additional_properties = self.build(extra, doc, pointer_join(pointer, "additionalProperties"), hint + "Value")
        else:
            schema.additional_properties = True

    def _merge_all_of(self, schema: Schema, raw: dict[str, Any], doc: Document, pointer: str, hint: str) -> None:
        parts = [p for p in raw["allOf"] if isinstance(p, dict)]
        rest = {k: v for k, v in raw.items() if k != "allOf"}
        built = [self.build(p, doc, pointer_join(pointer, "allOf", i), hint) for i, p in enumerate(parts)]
        if set(rest) & {"properties", "additionalProperties"}:
            own = Schema(type="object", pointer=pointer)
            self._object(own, rest, doc, pointer, hint)
            built.append(own)
        # Inline parts are merged into this schema, not classes of their own.
        self._merged.update(id(b) for b in built if b.name is None)
        if len(built) == 1:
            # allOf: [$ref] with a description beside it is an alias of the one part.
            schema.type, schema.variants = "union", built
            return
        objects = [b for b in built if b.type in ("object", "any")]
        if any(b.type not in ("object", "any") for b in built):
            # allOf of non-objects (say a string with extra constraints): keep the first typed part.
            typed = next(b for b in built if b.type not in ("object", "any"))
            schema.type, schema.variants = "union", [typed]
            return
        schema.type = "object"
        seen: dict[str, Property] = {}
        names = NameAllocator(RESERVED_FIELDS)
        extra: Schema | bool = True
        for part in objects:
            for prop in part.properties:
                if prop.name in seen:
                    seen[prop.name].required = seen[prop.name].required or prop.required
                    continue
                copied = Property(prop.name, names.take(prop.py_name), prop.schema, prop.required, prop.description)
                seen[prop.name] = copied
                schema.properties.append(copied)
            if part.additional_properties is False:
                extra = False
            elif isinstance(part.additional_properties, Schema) and extra is True:
                extra = part.additional_properties
        for part_raw in parts + [rest]:
            for name in sequence(part_raw.get("required")):
                if isinstance(name, str) and name in seen:
                    seen[name].required = True
        schema.additional_properties = extra
        # A discriminator declared on a parent still applies to the merged child.
        for part in objects:
            if part.discriminator and not schema.discriminator:
                schema.discriminator = part.discriminator

    def _union(self, schema: Schema, raw: dict[str, Any], keyword: str, doc: Document, pointer: str, hint: str) -> None:
        variants: list[Schema] = []
        for index, variant_raw in enumerate(raw[keyword]):
            variant_pointer = pointer_join(pointer, keyword, index)
            variant = self.build(variant_raw, doc, variant_pointer, f"{hint}{keyword[0].upper()}{keyword[1:]}{index}")
            if variant.type == "null":
                schema.nullable = True
                continue
            if variant not in variants:
                variants.append(variant)
        siblings = {k: v for k, v in raw.items() if k not in (keyword, "discriminator", "description", "title", "nullable")}
        if len(variants) == 1 and not siblings.get("properties"):
            schema.type, schema.variants = "union", variants
            return
        schema.type = "union"
        schema.variant_kind = "oneOf" if keyword == "oneOf" else "anyOf"
        schema.variants = variants
        discriminator = raw.get("discriminator")
        if isinstance(discriminator, dict) and isinstance(discriminator.get("propertyName"), str):
            targets: dict[str, Schema] = {}
            for value, target in mapping(discriminator.get("mapping")).items():
                if isinstance(target, str):
                    ref = target if "#" in target or "/" in target else f"#/components/schemas/{target}"
                    mapping_pointer = pointer_join(pointer, "discriminator", "mapping", value)
                    try:
                        targets[str(value)] = self.build_ref(ref, doc, mapping_pointer)
                    except SpecError as exc:
                        # The union still parses by trying each variant; only this shortcut is lost.
                        self._warn(doc, mapping_pointer, f"discriminator mapping ignored: {exc.diagnostics[0].message}")
            for variant in variants:
                if variant.name and variant not in targets.values():
                    targets[variant.name] = variant
            schema.discriminator = Discriminator(discriminator["propertyName"], targets)

    def _maybe_model(self, schema: Schema, hint: str, named: bool) -> None:
        if (schema.type == "object" and schema.properties) or (schema.enum and schema.type in ("string", "integer")):
            self._candidates.append(_Candidate(schema, hint, named, self._group))

    def _warn(self, doc: Document, pointer: str, message: str) -> None:
        self.warnings.append(self.workspace.locate(doc, pointer, "warning", message))

    # -- naming ---------------------------------------------------------------------------------
    def assign_class_names(self, reserved: set[str]) -> list[Schema]:
        """Give every model a unique class name, named schemas first, then inline ones; and its module.

        A named schema's module is named after its class and holds the inline models within it too; an
        operation's inline models share a module named after the operation (as Stainless-generated SDKs
        keep nested types beside their parent). Six times fewer files for GitHub's definition.
        """
        classes = NameAllocator(reserved)
        modules = NameAllocator({"__init__"}, case_insensitive=True)
        ordered = [c for c in self._candidates if c.named] + [c for c in self._candidates if not c.named]
        models: list[Schema] = []
        seen: set[int] = set()
        for candidate in ordered:
            schema = candidate.schema
            if id(schema) in seen or id(schema) in self._merged:
                continue
            seen.add(id(schema))
            schema.class_name = classes.take(pascal(candidate.hint, fallback="Model"), separator="")
            schema.module_name = self._module(candidate, schema.class_name, modules)
            if schema.enum is not None:
                members = NameAllocator({"MRO"})
                schema.enum_members = [(members.take(constant(str(v))), v) for v in schema.enum]
            models.append(schema)
        return models

    @staticmethod
    def _module(candidate: _Candidate, class_name: str, modules: NameAllocator) -> str:
        group = candidate.group
        if group is None:  # built outside any named schema or operation
            return modules.take(module_name(class_name))
        if group.module is None:  # the group's first model: the named schema itself when it is one
            label = class_name if candidate.named else group.label
            group.module = modules.take(module_name(label))
        return group.module


def _has_type_info(variants: list[Any]) -> bool:
    """oneOf lists that only say which fields are required carry no type of their own."""
    keys = {"$ref", "type", "properties", "items", "enum", "allOf", "oneOf", "anyOf", "const", "format"}
    return any(isinstance(v, dict) and keys & set(v) for v in variants)


def _infer_type(values: list[Any]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values if v is not None):
        return "integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values if v is not None):
        return "number"
    return "string" if all(isinstance(v, str) for v in values if v is not None) else "any"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)

