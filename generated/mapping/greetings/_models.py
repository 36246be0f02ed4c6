"""Helpers with which the generated models and operations convert JSON values."""

from __future__ import annotations

import datetime
import enum
import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Generic, TypeVar, overload

import httpx

from ._response import parse_any
from ._serialize import to_jsonable
from ._exceptions import APIResponseValidationError
from ._types import LENIENT as LENIENT, UNSET, Unset

T = TypeVar("T")

# Fractional seconds of any length, which Python 3.10's fromisoformat refuses unless
# they have exactly 3 or 6 digits.
_FRACTION = re.compile(r"(\.\d+)")


class OpenStrEnum(str, enum.Enum):
    """A string enum that also accepts values the definition did not list, so that a
    server adding a value does not break older clients."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)


class OpenIntEnum(int, enum.Enum):
    """An integer enum that also accepts values the definition did not list."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


class _LazyModel:
    """Stands in a model's module for a model class it refers to, until first used.

    Models may refer to each other, so they cannot import each other when loaded; and an
    import statement in ``from_dict`` would cost each call about a microsecond. The
    first use imports the class and puts it in place of this stand-in, in the module
    that named it: later calls find the class itself.
    """

    __slots__ = ("_namespace", "_name", "_module")

    def __init__(self, namespace: dict[str, Any], name: str, module: str) -> None:
        self._namespace = namespace
        self._name = name
        self._module = module

    def _load(self) -> Any:
        namespace = self._namespace
        package = namespace["__package__"]
        value = getattr(importlib.import_module(self._module, package), self._name)
        namespace[self._name] = value
        return value

    def __getattr__(self, name: str) -> Any:
        return getattr(self._load(), name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._load()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<{self._name}, imported from {self._module} when first used>"


def lazy_models(namespace: dict[str, Any], modules: dict[str, str]) -> None:
    """Stand-ins in ``namespace`` for the classes ``modules`` names (class -> relative module)."""
    for name, module in modules.items():
        namespace[name] = _LazyModel(namespace, name, module)


def parse_datetime(value: str) -> datetime.datetime:
    try:  # 3.11 reads nearly all of ISO 8601 itself
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        pass
    # Python 3.10's fromisoformat accepts neither a trailing "Z" nor, say, ".12".
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    value = _FRACTION.sub(lambda m: m.group(1)[:7].ljust(7, "0"), value, count=1)
    return datetime.datetime.fromisoformat(value)


def parse_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def parse_union(
    value: Any,
    parsers: Sequence[Callable[[Any], Any]],
    accepts: Sequence[Callable[[Any], bool]],
) -> Any:
    """The first variant that fits: ``accepts[i]`` tells whether ``parsers[i]`` may
    take the value."""
    for accept, parse in zip(accepts, parsers):
        if accept(value):
            try:
                return parse(value)
            except (KeyError, TypeError, ValueError):
                continue
    # Nothing fits: keep the JSON value rather than lose it.
    return value


def parse_discriminated(
    value: Any,
    property_name: str,
    mapping: Mapping[str, Callable[[Any], Any]],
    fallback: Callable[[Any], Any],
) -> Any:
    if isinstance(value, Mapping):
        parse = mapping.get(value.get(property_name))  # type: ignore[arg-type]
        if parse is not None:
            return parse(value)
    return fallback(value)


def optional(
    data: Mapping[str, Any], key: str, convert: Callable[[Any], T]
) -> T | Unset:
    """``data[key]`` converted, or ``UNSET`` when the property is missing."""
    value = data.get(key, UNSET)
    return UNSET if value is UNSET else convert(value)


def optional_nullable(
    data: Mapping[str, Any], key: str, convert: Callable[[Any], T]
) -> T | None | Unset:
    """``data[key]`` converted, ``None`` when it is null, or ``UNSET`` when the property is missing."""
    value = data.get(key, UNSET)
    if value is None:
        return None
    return UNSET if value is UNSET else convert(value)


def nullable(convert: Callable[[Any], T]) -> Callable[[Any], T | None]:
    """``convert`` for a value that may also be null."""
    return lambda value: None if value is None else convert(value)


def parse_list(values: Sequence[Any], convert: Callable[[Any], T]) -> list[T]:
    return [convert(value) for value in values]


def parse_list_nullable(
    values: Sequence[Any], convert: Callable[[Any], T]
) -> list[T | None]:
    return [None if value is None else convert(value) for value in values]


# The wire names of a model that names no property (a name, not ``frozenset()``: in a class body
# ``frozenset`` could be one of the model's own fields).
NO_NAMES: AbstractSet[str] = frozenset()


@overload
def additional_properties(
    data: Mapping[str, Any], known: AbstractSet[str]
) -> dict[str, Any]: ...


@overload
def additional_properties(
    data: Mapping[str, Any], known: AbstractSet[str], convert: Callable[[Any], T]
) -> dict[str, T]: ...


def additional_properties(
    data: Mapping[str, Any],
    known: AbstractSet[str],
    convert: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """The members of ``data`` whose names are not ``known`` properties, converted if asked."""
    if data.keys() <= known:
        return {}  # the usual case, checked in C
    if convert is None:
        return {key: value for key, value in data.items() if key not in known}
    return {key: convert(value) for key, value in data.items() if key not in known}


def is_object(value: Any) -> bool:
    return isinstance(value, Mapping)


def is_list(value: Any) -> bool:
    return isinstance(value, list)


def is_str(value: Any) -> bool:
    return isinstance(value, str)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def is_any(value: Any) -> bool:
    return True


def _invalid(
    response: httpx.Response, message: str, body: Any = None, path: str | None = None
) -> APIResponseValidationError:
    return APIResponseValidationError(message, response=response, body=body, path=path)


class JsonParser(Generic[T]):
    """Parses a 2xx JSON body with ``convert`` (generated, fast, trusting), into the
    type ``annotation`` names.

    A body that is not JSON raises ``APIResponseValidationError``. Called as a function,
    a body that ``convert`` cannot take is converted leniently instead (what does not
    fit is kept as it came; see ``_validate``), unless even its outer shape is wrong;
    ``strict`` raises ``APIResponseValidationError`` for any difference from the type.
    """

    __slots__ = ("convert", "annotation")

    def __init__(self, convert: Callable[[Any], T], annotation: str = "_t.Any") -> None:
        self.convert = convert
        self.annotation = annotation

    def _decode(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except (ValueError, RecursionError) as exc:
            # JSONDecodeError (HTML, truncated, empty) and UnicodeDecodeError are ValueErrors.
            what = "is empty" if not response.content else f"is not JSON ({exc})"
            raise _invalid(response, f"the body {what}") from exc

    def __call__(self, response: httpx.Response) -> T:
        data = self._decode(response)
        try:
            return self.convert(data)
        except Exception:
            pass  # below, out of the except block: no "during handling" chain
        return self._lenient(response, data)

    def _lenient(self, response: httpx.Response, data: Any) -> T:
        from ._validate import spec_of

        spec = spec_of(self.annotation)
        if not spec.fits(data):
            raise _invalid(
                response,
                f"the body is not {spec.describe}: {type(data).__name__}",
                data,
                "$",
            )
        try:
            value: T = spec.coerce(data)
        except RecursionError as exc:
            raise _invalid(response, "the body is nested too deeply", data) from exc
        return value

    def strict(self, response: httpx.Response) -> T:
        from ._validate import spec_of

        data = self._decode(response)
        try:
            problem = spec_of(self.annotation).problem(data, "$")
        except RecursionError as exc:
            raise _invalid(response, "the body is nested too deeply", data) from exc
        if problem is not None:
            path, message = problem
            raise _invalid(response, f"{path}: {message}", data, path)
        try:
            return self.convert(data)
        except Exception as exc:
            raise _invalid(
                response, f"the body does not fit {self.annotation}: {exc!r}", data
            ) from exc


def json_parser(
    convert: Callable[[Any], T], annotation: str = "_t.Any"
) -> JsonParser[T]:
    """Parse a response's JSON body with ``convert``, into ``annotation`` (as the
    generated code writes it)."""
    return JsonParser(convert, annotation)


def parse_none(response: httpx.Response) -> None:
    return None


def parse_json(response: httpx.Response) -> Any:
    """A body without a schema: decoded JSON, else text; None when empty."""
    return parse_any(response)


def parse_bytes(response: httpx.Response) -> bytes:
    return response.content


def parse_text(response: httpx.Response) -> str:
    return response.text


def identity(value: T) -> T:
    return value


def to_json_value(value: Any) -> Any:
    """A JSON value for anything a generated model or operation may hold."""
    return to_jsonable(value)


def lenient_to_dict(model: Any) -> dict[str, Any]:
    """``to_dict()`` of a model built leniently: each field as JSON whatever it holds
    (a value kept as it came is sent as it came), unset ones left out."""
    out = (
        {str(k): to_jsonable(v) for k, v in model.additional_properties.items()}
        if hasattr(model, "additional_properties")
        else {}
    )
    for name, wire in type(model)._WIRE.items():
        value = getattr(model, name, UNSET)
        if not isinstance(value, Unset):
            out[wire] = to_jsonable(value)
    return out


def form_fields(body: Any) -> dict[str, Any]:
    """Fields of a form or multipart body; files (bytes or tuples) stay as they are."""
    fields = body.to_dict() if hasattr(body, "to_dict") else dict(body)
    return {str(k): v for k, v in fields.items() if not isinstance(v, Unset)}
