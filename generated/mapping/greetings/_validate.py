"""Checking and leniently converting JSON against the types the generated code declares.

The generated ``from_dict`` methods are the fast path and trust the body. This module is
the slow path, imported only when it is needed: when a body does not fit them (lenient
decoding keeps what came instead of crashing) and when the client validates responses
strictly. It reads the types from the models' own annotations (and ``_WIRE``, their
wire names), so nothing is described twice.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime
import enum
import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

from ._types import LENIENT, UNSET

__all__ = ["Spec", "model_spec", "spec_of"]

# A problem is (path, message); the first one found is reported.
Problem = tuple[str, str]

_MAX_SHOWN = 60  # characters of a wrong value shown in a message


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "an array"
    text = repr(value)
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 3] + "..."
    kind = {str: "string", int: "integer", float: "number"}.get(type(value), "value")
    return f"{kind} {text}"


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{key!r}]"


class Spec:
    """What a value should be: ``problem`` says what is wrong with one (None: nothing),
    ``coerce`` converts it to the Python value, keeping it as it came where it does not
    fit, and never raises; ``fits`` tells whether its JSON kind is right at all."""

    describe = "a value"

    def problem(self, value: Any, path: str) -> Problem | None:
        return None

    def coerce(self, value: Any) -> Any:
        return value

    def fits(self, value: Any) -> bool:
        return True


ANY = Spec()


class _Scalar(Spec):
    def __init__(self, describe: str, test: Callable[[Any], bool]) -> None:
        self.describe = describe
        self._test = test

    def problem(self, value: Any, path: str) -> Problem | None:
        if self._test(value):
            return None
        return path, f"expected {self.describe}, got {_show(value)}"

    def fits(self, value: Any) -> bool:
        return self._test(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


STR = _Scalar("a string", lambda v: isinstance(v, str))
INT = _Scalar("an integer", _is_int)
FLOAT = _Scalar("a number", _is_number)
BOOL = _Scalar("a boolean", lambda v: isinstance(v, bool))
NONE = _Scalar("null", lambda v: v is None)


class _Formatted(Spec):
    """A string in a format the client converts: date-time, date, UUID."""

    def __init__(self, describe: str, parse: Callable[[str], Any]) -> None:
        self.describe = describe
        self._parse = parse

    def problem(self, value: Any, path: str) -> Problem | None:
        if isinstance(value, str):
            try:
                self._parse(value)
                return None
            except (ValueError, TypeError):
                pass
        return path, f"expected {self.describe}, got {_show(value)}"

    def coerce(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return self._parse(value)
            except (ValueError, TypeError):
                pass
        return value

    def fits(self, value: Any) -> bool:
        return isinstance(value, str)


def _parse_datetime(value: str) -> Any:
    from ._models import parse_datetime

    return parse_datetime(value)


def _parse_uuid(value: str) -> Any:
    import uuid

    return uuid.UUID(value)


DATETIME = _Formatted("a date-time string", _parse_datetime)
DATE = _Formatted("a date string", datetime.date.fromisoformat)
UUID = _Formatted("a UUID string", _parse_uuid)


class _List(Spec):
    def __init__(self, item: Spec) -> None:
        self.item = item
        self.describe = "an array"

    def problem(self, value: Any, path: str) -> Problem | None:
        if not isinstance(value, list):
            return path, f"expected an array, got {_show(value)}"
        for index, item in enumerate(value):
            found = self.item.problem(item, f"{path}[{index}]")
            if found:
                return found
        return None

    def coerce(self, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [self.item.coerce(item) for item in value]

    def fits(self, value: Any) -> bool:
        return isinstance(value, list)


class _Dict(Spec):
    def __init__(self, value: Spec) -> None:
        self.value = value
        self.describe = "an object"

    def problem(self, value: Any, path: str) -> Problem | None:
        if not isinstance(value, Mapping):
            return path, f"expected an object, got {_show(value)}"
        for key, item in value.items():
            found = self.value.problem(item, _key_path(path, str(key)))
            if found:
                return found
        return None

    def coerce(self, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        return {key: self.value.coerce(item) for key, item in value.items()}

    def fits(self, value: Any) -> bool:
        return isinstance(value, Mapping)


class _Literal(Spec):
    def __init__(self, values: tuple[Any, ...]) -> None:
        self.values = values
        self.describe = "one of " + ", ".join(repr(v) for v in values)

    def problem(self, value: Any, path: str) -> Problem | None:
        for allowed in self.values:
            if value == allowed and type(value) is type(allowed):
                return None
        return path, f"expected {self.describe}, got {_show(value)}"

    def fits(self, value: Any) -> bool:
        return self.problem(value, "") is None


class _Enum(Spec):
    """An open enum: a value of the right JSON type is accepted, listed or not, as the
    enum classes themselves accept it."""

    def __init__(self, cls: type[enum.Enum]) -> None:
        self.cls = cls
        self._scalar = INT if issubclass(cls, int) else STR
        self.describe = f"{cls.__name__} ({self._scalar.describe})"

    def problem(self, value: Any, path: str) -> Problem | None:
        if self._scalar.fits(value):
            return None
        return path, f"expected {self.describe}, got {_show(value)}"

    def coerce(self, value: Any) -> Any:
        try:
            return self.cls(value)
        except (ValueError, TypeError):
            return value

    def fits(self, value: Any) -> bool:
        return self._scalar.fits(value)


class _Union(Spec):
    def __init__(self, members: list[Spec]) -> None:
        self.members = members
        self.describe = " or ".join(m.describe for m in members)

    def problem(self, value: Any, path: str) -> Problem | None:
        problems = []
        for member in self.members:
            found = member.problem(value, path)
            if found is None:
                return None
            problems.append((member, found))
        # The member whose kind fits says best what is wrong inside (a field of an object).
        fitting = [found for member, found in problems if member.fits(value)]
        if len(fitting) == 1:
            return fitting[0]
        return path, f"expected {self.describe}, got {_show(value)}"

    def coerce(self, value: Any) -> Any:
        for member in self.members:
            if member.problem(value, "") is None:
                return member.coerce(value)
        for member in self.members:
            if member.fits(value):
                return member.coerce(value)
        return value

    def fits(self, value: Any) -> bool:
        return any(member.fits(value) for member in self.members)


@dataclasses.dataclass
class _Field:
    name: str  # the attribute
    wire: str
    required: bool
    spec: Spec


class _Model(Spec):
    """A generated model: a mapping of its wire names, converted by its ``from_dict``,
    or field by field where that fails."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.describe = f"an object ({cls.__name__})"
        self._fields: list[_Field] | None = None
        self._extra: Spec | None = None

    def _resolve(self) -> list[_Field]:
        # On first use: models refer to each other, and to themselves.
        if self._fields is None:
            cls = self.cls
            namespace = vars(sys.modules[cls.__module__])
            wires: Mapping[str, str] = getattr(cls, "_WIRE", {})
            fields = []
            for f in dataclasses.fields(cls):
                spec = spec_of(f.type, namespace) if isinstance(f.type, str) else ANY
                if f.name in wires:
                    required = (
                        f.default is dataclasses.MISSING
                        and f.default_factory is dataclasses.MISSING
                    )
                    fields.append(_Field(f.name, wires[f.name], required, spec))
                elif f.name == "additional_properties":
                    self._extra = spec.value if isinstance(spec, _Dict) else ANY
            self._fields = fields
        return self._fields

    def problem(self, value: Any, path: str) -> Problem | None:
        if not isinstance(value, Mapping):
            return path, f"expected {self.describe}, got {_show(value)}"
        fields = self._resolve()
        for f in fields:
            if f.wire not in value:
                if f.required:
                    return _key_path(path, f.wire), "required property missing"
                continue
            found = f.spec.problem(value[f.wire], _key_path(path, f.wire))
            if found:
                return found
        if self._extra is not None and self._extra is not ANY:
            known = {f.wire for f in fields}
            for key, item in value.items():
                if key not in known:
                    found = self._extra.problem(item, _key_path(path, str(key)))
                    if found:
                        return found
        return None

    def coerce(self, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        try:
            return self.cls.from_dict(value)  # type: ignore[attr-defined]
        except Exception:
            return self.build(value)

    def build(self, data: Mapping[str, Any]) -> Any:
        """The model field by field: what fits is converted, what does not is kept as
        it came, and a missing field is UNSET, required or not."""
        fields = self._resolve()
        model: Any = object.__new__(self.cls)
        # Its to_dict() cannot trust the field types: _models.lenient_to_dict serves it.
        vars(model)[LENIENT] = True
        for f in fields:
            value = data.get(f.wire, UNSET)
            setattr(model, f.name, UNSET if value is UNSET else f.spec.coerce(value))
        if self._extra is not None:
            known = {f.wire for f in fields}
            extra = {
                k: self._extra.coerce(v) for k, v in data.items() if k not in known
            }
            model.additional_properties = extra
        return model

    def fits(self, value: Any) -> bool:
        return isinstance(value, Mapping)


_MODELS: dict[type, Spec] = {}


def model_spec(cls: Any) -> Spec:
    """The spec of a generated class: a model, or an enum."""
    found = _MODELS.get(cls)
    if found is None:
        if isinstance(cls, type) and issubclass(cls, enum.Enum):
            found = _Enum(cls)
        elif isinstance(cls, type) and dataclasses.is_dataclass(cls):
            found = _Model(cls)
        else:
            found = ANY
        _MODELS[cls] = found
    return found


_NAMES: dict[str, Spec] = {
    "str": STR,
    "int": INT,
    "float": FLOAT,
    "bool": BOOL,
    "None": NONE,
    "_dt.datetime": DATETIME,
    "_dt.date": DATE,
    "_uuid.UUID": UUID,
}


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return None if inner is None else f"{inner}.{node.attr}"
    return None


def _class(name: str, namespace: Mapping[str, Any]) -> Any:
    """A generated class by name: in the module's namespace (loading a lazy stand-in),
    else in the package's ``types``."""
    value = namespace.get(name)
    if value is not None:
        load = getattr(type(value), "_load", None)
        return load(value) if load is not None else value
    try:
        types = importlib.import_module(".types", __package__)
        return getattr(types, name)
    except (ImportError, AttributeError):
        return None


def _spec(node: ast.expr, namespace: Mapping[str, Any]) -> Spec | None:
    """None for ``Unset``, which only says that a field may be missing."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        members: list[Spec] = []
        for side in (node.left, node.right):
            found = _spec(side, namespace)
            if found is None:
                continue
            for member in found.members if isinstance(found, _Union) else [found]:
                if member not in members:
                    members.append(member)
        if ANY in members or not members:
            return ANY
        return members[0] if len(members) == 1 else _Union(members)
    if isinstance(node, ast.Constant):
        if node.value is None:
            return NONE
        return (
            _spec(ast.parse(node.value, mode="eval").body, namespace)
            if isinstance(node.value, str)
            else ANY
        )
    if isinstance(node, ast.Subscript):
        base = _dotted(node.value)
        args = (
            list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
        )
        if base in ("list", "_t.List", "_t.Sequence"):
            return _List(_spec(args[0], namespace) or ANY)
        if base in ("dict", "_t.Dict", "_t.Mapping") and len(args) == 2:
            return _Dict(_spec(args[1], namespace) or ANY)
        if base in ("_t.Literal", "Literal") and all(
            isinstance(a, ast.Constant) for a in args
        ):
            return _Literal(tuple(a.value for a in args if isinstance(a, ast.Constant)))
        return ANY
    name = _dotted(node)
    if name is None:
        return ANY
    if name in ("Unset", "_t.Unset"):
        return None
    if name in _NAMES:
        return _NAMES[name]
    if "." in name:
        return ANY  # _t.Any, and whatever else no check is known for
    cls = _class(name, namespace)
    return ANY if cls is None else model_spec(cls)


_ANNOTATIONS: dict[tuple[int, str], Spec] = {}


def spec_of(annotation: str, namespace: Mapping[str, Any] | None = None) -> Spec:
    """The spec of an annotation as the generated code writes it, its names looked up
    in ``namespace`` (a module's) or the package's ``types``."""
    names = namespace if namespace is not None else {}
    key = (id(namespace), annotation)
    found = _ANNOTATIONS.get(key)
    if found is None:
        try:
            found = _spec(ast.parse(annotation, mode="eval").body, names) or ANY
        except (SyntaxError, RecursionError):
            found = ANY
        _ANNOTATIONS[key] = found
    return found
