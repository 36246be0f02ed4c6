"""Request validation against the model's ``Schema`` objects, as API Gateway's request validators do.

``validation: spec`` follows each operation's ``x-amazon-apigateway-request-validator``
(``validateRequestBody`` / ``validateRequestParameters``) and validates nothing where there is
none; ``strict`` validates bodies and parameters everywhere (parameter types too, empty values
included, and multipart forms, which API Gateway itself never checks); ``off`` validates nothing.
Bodies are requests: a ``readOnly`` property is never required in one.
"""

from __future__ import annotations

import email.errors
import email.message
import email.parser
import email.policy
import ipaddress
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any, Literal, Protocol
from urllib.parse import parse_qs
from uuid import UUID

import re2  # type: ignore[import-untyped]
import regex  # type: ignore[import-untyped]

from ..model import Operation, Parameter, Property, Schema, is_json
from . import errors
from .config import ValidationMode
from .errors import GatewayError

MAX_DEPTH = 64
# A request's problems are reported up to this many (a 9.6 MB array of wrong items had 2.4 million), and each
# message up to this length: what the request log holds of one request stays small.
MAX_PROBLEMS = 50
MAX_MESSAGE = 300
_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
_SPACE = re.compile(r"\s")
_HOSTNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*")
_UUID_LENGTH = 36
_IP_LENGTH = 45  # the longest IPv6 text (with an embedded IPv4 address)
_HOSTNAME_LENGTH = 253


class Matcher(Protocol):
    def search(self, text: str) -> object: ...


_pattern_cache: dict[tuple[str, bool], Matcher | None] = {}
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # a pattern RE2 refuses falls back to regex; RE2 would print its parse error
# Which way a value travels: a ``readOnly`` property is never required in a request, nor a
# ``writeOnly`` one in a response (OpenAPI 3); None applies ``required`` as written.
Direction = Literal["request", "response"]


class _Linear:
    """A compiled RE2 pattern's yes/no search (or, with ``full``, match of the whole text). RE2's Python ``search``
    builds a match object and maps byte offsets back to characters (~3 µs for a short value, ten times re's); a yes/no
    answer needs neither, so the underlying RE2 object is called on the UTF-8 bytes when the wrapper exposes it
    (google-re2 1.1), else its ``search``. Answers for short values are remembered (a client sends the same ids again
    and again), a bounded number."""

    __slots__ = ("search",)

    def __init__(self, compiled: Any, full: bool) -> None:
        regexp = getattr(compiled, "_regexp", None)
        anchor = getattr(getattr(re2, "_Anchor", None), "ANCHOR_BOTH" if full else "UNANCHORED", None)
        if regexp is None or anchor is None or not hasattr(regexp, "Match"):
            self.search = compiled.fullmatch if full else compiled.search
            return
        match = regexp.Match
        known: dict[str, bool | None] = {}

        def search(text: str) -> bool | None:
            if text in known:
                return known[text]
            data = text.encode("utf-8", "surrogatepass")
            answer: bool | None = True if match(anchor, data, 0, len(data))[0][0] != -1 else None
            if len(text) <= _REMEMBERED_LENGTH:
                if len(known) >= _REMEMBERED:
                    known.clear()
                known[text] = answer
            return answer

        self.search = search


class _Budgeted:
    """A pattern RE2 refuses (lookaround, backreferences), on the ``regex`` module, which backtracks: each value
    gets ``FALLBACK_BUDGET`` seconds, and one that takes longer is answered as not matching, so that no
    ``(?=(a|aa)+$)`` can hold the event loop however long the value."""

    __slots__ = ("search",)

    def __init__(self, compiled: Any, full: bool) -> None:
        method = compiled.fullmatch if full else compiled.search

        def search(text: str) -> object:
            try:
                return method(text, timeout=FALLBACK_BUDGET)
            except TimeoutError:
                return None

        self.search = search


_NO_STOP = 2**62
_REMEMBERED = 256  # answers kept per pattern
_REMEMBERED_LENGTH = 64  # of values up to this many characters
FALLBACK_BUDGET = 0.05  # seconds a backtracking pattern may spend on one value


def compile_pattern(pattern: str, *, full: bool = False) -> Matcher | None:
    """A schema's ``pattern`` (or, with ``full``, an expression the whole text must match, as a Lambda authorizer's
    ``identityValidationExpression``), compiled once; None if no engine compiles it. RE2 matches in time linear in the
    text (no backtracking, so no ``(a+)+$`` can stall the event loop); the few patterns it refuses fall back to a
    backtracking engine under a time budget (``_Budgeted``)."""
    key = (pattern, full)
    if key not in _pattern_cache:
        matcher: Matcher | None
        try:
            matcher = _Linear(re2.compile(pattern, _RE2_OPTIONS), full)
        except re2.error:
            try:
                matcher = _Budgeted(regex.compile(pattern), full)
            except (regex.error, ValueError, OverflowError):
                matcher = None
        _pattern_cache[key] = matcher
    return _pattern_cache[key]


_compiled = compile_pattern


def check_format(fmt: str, value: str) -> bool:
    """Whether ``value`` is a valid ``fmt`` (unknown formats are annotations). Each check runs in time linear in
    the value: lengths first where a format has a maximum, no regex that can backtrack more than once over it."""
    try:
        if fmt == "date":
            if len(value) != 10:
                return False
            date.fromisoformat(value)
            return True
        if fmt == "date-time":
            if not _DATE_TIME.fullmatch(value):
                return False
            datetime.fromisoformat(value.replace("z", "+00:00").replace("Z", "+00:00"))
            return True
        if fmt == "uuid":
            return len(value) == _UUID_LENGTH and str(UUID(value)) == value.lower()
        if fmt == "email":
            # one "@", something before it, no white space, and a dot inside the domain (not first or last)
            local, at, domain = value.partition("@")
            return bool(local) and bool(at) and "@" not in domain and "." in domain[1:-1] and _SPACE.search(value) is None
        if fmt == "ipv4":
            if len(value) > _IP_LENGTH:
                return False
            ipaddress.IPv4Address(value)
            return True
        if fmt == "ipv6":
            if len(value) > _IP_LENGTH:
                return False
            ipaddress.IPv6Address(value)
            return True
        if fmt in ("uri", "url"):
            return _URI.fullmatch(value) is not None
        if fmt == "hostname":
            return len(value) <= _HOSTNAME_LENGTH and _HOSTNAME.fullmatch(value) is not None
        if fmt == "byte":
            # base64: a multiple of 4 characters, at most two "=" and only at the end
            data = value.rstrip("=")
            pad = len(value) - len(data)
            return len(value) % 4 == 0 and pad <= 2 and _BASE64.fullmatch(data) is not None
    except ValueError:
        return False
    return True


class Problems(list[str]):
    """A value's problems: the first ``MAX_PROBLEMS`` messages (each up to ``MAX_MESSAGE`` characters), and in
    ``total`` how many there are. Past the kept messages the walk goes on only to count (up to ``stop``, None: all),
    so that the request log can say "50 of 2,400,000 errors shown" while holding 50."""

    __slots__ = ("total", "stop")

    def __init__(self, stop: int | None = None) -> None:
        super().__init__()
        self.total = 0
        self.stop = _NO_STOP if stop is None else stop  # compared on every value the walk visits: an int, no None

    @property
    def done(self) -> bool:
        return self.total >= self.stop

    @property
    def full(self) -> bool:
        """Whether no more messages are kept (the walk then builds no places for them)."""
        return self.total >= MAX_PROBLEMS

    def append(self, message: str) -> None:
        self.total += 1
        if self.total <= MAX_PROBLEMS:
            # a message quotes the value: a 1 MB string stays out of the log
            super().append(message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…")

    def finished(self) -> Problems:
        """These problems, with a last line saying how many there are when not all of them are kept."""
        if self.total > MAX_PROBLEMS:
            super().append(f"({MAX_PROBLEMS} of {self.total:,}{'+' if self.done else ''} errors shown)")
        return self


def validate_value(
    schema: Schema, value: Any, where: str = "$", *, depth: int = 0, direction: Direction | None = None, stop: int | None = None
) -> list[str]:
    """Every way ``value`` breaks ``schema``, each as ``"<json path>: <problem>"``: the first ``MAX_PROBLEMS`` of
    them, then a line that says how many there are (``stop`` ends the count there: a yes/no check passes 1).

    ``direction`` ("request" or "response") drops ``readOnly`` / ``writeOnly`` properties from ``required``.
    The result is a ``Problems``: its ``total`` counts them all.
    """
    problems = Problems(stop)
    _validate(schema, value, where, problems, depth, direction)
    return problems.finished()


def error_count(problems: list[str]) -> int:
    """How many problems ``problems`` stands for (a ``Problems`` counts those it holds no message of)."""
    return problems.total if isinstance(problems, Problems) else len(problems)


def required_in(prop: Property, direction: Direction | None) -> bool:
    """Whether ``prop`` must be present in a value travelling in ``direction``."""
    if not prop.required:
        return False
    if direction == "request":
        return not prop.schema.read_only
    if direction == "response":
        return not prop.schema.write_only
    return True


def _type_ok(schema: Schema, value: Any) -> bool:
    t = schema.type
    if t == "any" or t == "union":
        return True
    if t == "object":
        return isinstance(value, dict)
    if t == "array":
        return isinstance(value, list)
    if t == "string":
        return isinstance(value, str)
    if t == "integer":
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if t == "number":
        # an int is finite however long (math.isfinite would overflow on one beyond a float's range)
        return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and math.isfinite(value))
    if t == "boolean":
        return isinstance(value, bool)
    if t == "null":
        return value is None
    return True


def _validate(schema: Schema, value: Any, where: str, problems: Problems, depth: int, direction: Direction | None) -> None:
    if problems.total >= problems.stop:  # done (inline: this runs for every value)
        return
    if depth > MAX_DEPTH:
        problems.append(f"{where}: nested too deeply")
        return
    if value is None and (schema.nullable or schema.type in ("null", "any")):
        return
    if schema.enum is not None and value not in schema.enum and not (value is None and None in schema.enum):
        problems.append(f"{where}: {value!r} is not one of {schema.enum!r}")
        return
    if schema.has_const and value != schema.const:
        problems.append(f"{where}: must be {schema.const!r}")
        return
    if not _type_ok(schema, value):
        problems.append(f"{where}: expected {'an' if schema.type[0] in 'aeiou' else 'a'} {schema.type}")
        return
    t = schema.type
    if t == "union":
        _validate_union(schema, value, where, problems, depth, direction)
    elif t == "string":
        if schema.min_length is not None and len(value) < schema.min_length:
            problems.append(f"{where}: shorter than {schema.min_length} characters")
        if schema.max_length is not None and len(value) > schema.max_length:
            problems.append(f"{where}: longer than {schema.max_length} characters")
        if schema.pattern:
            compiled = _compiled(schema.pattern)
            if compiled is not None and not compiled.search(value):
                problems.append(f"{where}: does not match {schema.pattern!r}")
        if schema.format and not check_format(schema.format, value):
            problems.append(f"{where}: not a valid {schema.format}")
    elif t in ("integer", "number"):
        _validate_number(schema, value, where, problems)
    elif t == "array":
        if schema.min_items is not None and len(value) < schema.min_items:
            problems.append(f"{where}: fewer than {schema.min_items} items")
        if schema.max_items is not None and len(value) > schema.max_items:
            problems.append(f"{where}: more than {schema.max_items} items")
        if schema.unique_items:
            seen = [json.dumps(v, sort_keys=True) for v in value]
            if len(set(seen)) != len(seen):
                problems.append(f"{where}: items are not unique")
        if schema.items is not None:
            items = schema.items
            for i, item in enumerate(value):
                if problems.total >= MAX_PROBLEMS:  # full: counting only, no place formatted for a message not kept
                    if problems.done:
                        break
                    _validate(items, item, where, problems, depth + 1, direction)
                else:
                    _validate(items, item, f"{where}[{i}]", problems, depth + 1, direction)
    elif t == "object":
        _validate_object(schema, value, where, problems, depth, direction)


def _validate_number(schema: Schema, value: Any, where: str, problems: Problems) -> None:
    if schema.minimum is not None and value < schema.minimum:
        problems.append(f"{where}: less than {schema.minimum:g}")
    if schema.maximum is not None and value > schema.maximum:
        problems.append(f"{where}: greater than {schema.maximum:g}")
    if schema.exclusive_minimum is not None and value <= schema.exclusive_minimum:
        problems.append(f"{where}: not greater than {schema.exclusive_minimum:g}")
    if schema.exclusive_maximum is not None and value >= schema.exclusive_maximum:
        problems.append(f"{where}: not less than {schema.exclusive_maximum:g}")
    if schema.multiple_of:
        try:
            quotient = value / schema.multiple_of
            off = abs(quotient - round(quotient)) > 1e-9
        except OverflowError:  # beyond a float's range (a 400-digit integer): exact arithmetic
            off = (Fraction(value) / Fraction(str(schema.multiple_of))).denominator != 1
        if off:
            problems.append(f"{where}: not a multiple of {schema.multiple_of:g}")
    if schema.type == "integer" and schema.format in ("int32", "int64"):
        low, high = _INT32 if schema.format == "int32" else _INT64
        if not low <= value <= high:
            problems.append(f"{where}: out of range for {schema.format}")


def _validate_object(
    schema: Schema, value: dict[str, Any], where: str, problems: Problems, depth: int, direction: Direction | None
) -> None:
    for prop in schema.properties:
        if prop.name in value:
            _validate(prop.schema, value[prop.name], f"{where}.{prop.name}", problems, depth + 1, direction)
        elif required_in(prop, direction):
            problems.append(f"{where}: missing required property {prop.name!r}")
    if schema.additional_properties is not True:
        known = {p.name for p in schema.properties}
        for name, item in value.items():
            if problems.done:
                break
            if name in known:
                continue
            if schema.additional_properties is False:
                problems.append(f"{where}: unexpected property {name!r}")
            else:  # counting only (full): no place is formatted for a message that is not kept
                _validate(schema.additional_properties, item, where if problems.full else f"{where}.{name}", problems, depth + 1, direction)
    if schema.min_properties is not None and len(value) < schema.min_properties:
        problems.append(f"{where}: fewer than {schema.min_properties} properties")
    if schema.max_properties is not None and len(value) > schema.max_properties:
        problems.append(f"{where}: more than {schema.max_properties} properties")


def _validate_union(schema: Schema, value: Any, where: str, problems: Problems, depth: int, direction: Direction | None) -> None:
    if not schema.variants:
        return
    disc = schema.discriminator
    if disc is not None and isinstance(value, dict):
        tag = value.get(disc.property_name)
        target = disc.mapping.get(str(tag)) if tag is not None else None
        if target is None:
            target = next((v for v in schema.variants if v.name is not None and v.name == tag), None)
        if target is None:
            problems.append(f"{where}.{disc.property_name}: {tag!r} is not a known kind")
            return
        _validate(target, value, where, problems, depth + 1, direction)
        return
    matches = sum(1 for v in schema.variants if not validate_value(v, value, where, depth=depth + 1, direction=direction, stop=1))
    if matches == 0:
        problems.append(f"{where}: matches none of the {len(schema.variants)} alternatives")
    elif matches > 1 and schema.variant_kind == "oneOf":
        # Loose exports often list overlapping object variants; only reject clearly distinct scalars.
        if not isinstance(value, dict):
            problems.append(f"{where}: matches more than one alternative of a oneOf")


# What a hostile value can make the checks raise; caught at the validator's boundary as the request's fault.
_HOSTILE = (RecursionError, OverflowError, MemoryError)

# Parameters arrive as text: turn them into the values their schema describes.
_NOT_CONVERTIBLE = object()


def coerce(schema: Schema, raw: str) -> Any:
    t = schema.type
    if raw == "" and schema.nullable and t not in ("string", "any"):
        return None  # an empty value is how a null non-string goes on the wire
    if t == "union":
        for variant in schema.variants:
            value = coerce(variant, raw)
            if value is not _NOT_CONVERTIBLE and not validate_value(variant, value):
                return value
        return raw
    try:
        if t == "integer":
            return int(raw)
        if t == "number":
            number = float(raw)
            return number if math.isfinite(number) else _NOT_CONVERTIBLE
        if t == "boolean":
            if raw in ("true", "false"):
                return raw == "true"
            return _NOT_CONVERTIBLE
        if t == "null":
            return None if raw in ("", "null") else _NOT_CONVERTIBLE
        if t in ("object", "any") and raw[:1] in "{[":
            return json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than the interpreter's stack
        return _NOT_CONVERTIBLE
    return raw


def check_parameter(param: Parameter, values: list[str]) -> list[str]:
    """What is wrong with a parameter's raw values (an empty value is a value: ``?d=`` is the string "")."""
    schema = param.schema
    where = f"{param.location} parameter {param.name!r}"
    if schema.type == "array":
        if values == [""]:
            items: list[str] = []  # ``?tags=``: an empty list
        else:
            items = values if len(values) > 1 else values[0].split(",")
        item_schema = schema.items or Schema()
        converted = [coerce(item_schema, item) for item in items]
        if any(c is _NOT_CONVERTIBLE for c in converted):
            return [f"{where}: expected a list of {item_schema.type}"]
        return validate_value(schema, converted, where, direction="request")
    value = coerce(schema, values[0] if values else "")
    if value is _NOT_CONVERTIBLE:
        return [f"{where}: expected {'an' if schema.type[0] in 'aeiou' else 'a'} {schema.type}"]
    return validate_value(schema, value, where, direction="request")


def _value_check(param: Parameter) -> Callable[[str], bool]:
    """Whether one raw value of a non-array parameter is valid, as ``not check_parameter(param, [value])``; a plain
    string schema is tested directly, without coercing the value or formatting a place for messages."""
    schema = param.schema
    if schema.type != "string":
        return lambda value: not check_parameter(param, [value])
    enum = schema.enum
    has_const, const = schema.has_const, schema.const
    low, high = schema.min_length, schema.max_length
    compiled = _compiled(schema.pattern) if schema.pattern else None
    fmt = schema.format

    def check(value: str) -> bool:
        return (
            (enum is None or value in enum)
            and (not has_const or value == const)
            and (low is None or len(value) >= low)
            and (high is None or len(value) <= high)
            and (compiled is None or compiled.search(value) is not None)
            and (not fmt or check_format(fmt, value))
        )

    return check


ParameterTest = Callable[[Mapping[str, str], Mapping[str, list[str]], Mapping[str, str], Mapping[str, str]], bool]


def _parameter_test(param: Parameter, required: bool, typed: bool) -> ParameterTest | None:
    """What ``OperationValidator.validate`` checks of one parameter (its presence if ``required``, its value if
    ``typed``) as a yes/no test of (path parameters, query, headers, cookies); None when nothing is checked."""
    if not required and not typed:
        return None
    name = param.name
    if param.location == "query":
        if not typed:
            check_values = None
        elif param.schema.type == "array":
            check_values = lambda values: not check_parameter(param, values)  # noqa: E731
        else:
            check_first = _value_check(param)
            check_values = lambda values: check_first(values[0])  # noqa: E731 - check_parameter looks at the first only

        def query_test(path_params: Mapping[str, str], query: Mapping[str, list[str]], headers: Mapping[str, str],
                       cookies: Mapping[str, str]) -> bool:  # fmt: skip
            values = query.get(name)
            if required and (not values or all(v == "" for v in values)):  # an empty value is a missing one
                return False
            return not values or check_values is None or check_values(values)

        return query_test
    check: Callable[[str], bool] | None = None
    if typed:
        check = (lambda value: not check_parameter(param, [value])) if param.schema.type == "array" else _value_check(param)
    location = param.location
    key = name.lower() if location == "header" else name

    def single_test(path_params: Mapping[str, str], query: Mapping[str, list[str]], headers: Mapping[str, str],
                    cookies: Mapping[str, str]) -> bool:  # fmt: skip
        value = (path_params if location == "path" else headers if location == "header" else cookies).get(key)
        if required and not value:
            return False
        return value is None or check is None or check(value)

    return single_test


def _raw_values(
    param: Parameter, path_params: Mapping[str, str], query: Mapping[str, list[str]], headers: Mapping[str, str],
    cookies: Mapping[str, str], empty: bool,
) -> list[str] | None:  # fmt: skip
    """The parameter's raw values, None when absent; with ``empty=False`` an empty value counts as absent
    (as for API Gateway's required-parameter check), with ``empty=True`` it is a value to type-check."""
    location = param.location
    if location == "path":
        value = path_params.get(param.name)
        return [value] if value or (empty and value is not None) else None
    if location == "query":
        values = query.get(param.name)
        return values if values and (empty or any(v != "" for v in values)) else None
    if location == "header":
        header = headers.get(param.name.lower())
        return [header] if header or (empty and header is not None) else None
    cookie = cookies.get(param.name)
    return [cookie] if cookie or (empty and cookie is not None) else None


@dataclass
class RequestData:
    path_params: Mapping[str, str]
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # lower-case names
    cookies: Mapping[str, str]
    content_type: str
    body: bytes


@dataclass
class ValidationResult:
    error: GatewayError | None = None
    details: list[str] = field(default_factory=list)


class OperationValidator:
    """Compiled per operation and mode."""

    def __init__(self, operation: Operation, mode: ValidationMode) -> None:
        self.operation = operation
        validator = operation.validator
        if mode == "off":
            self.body = self.parameters = self.types = False
        elif mode == "strict":
            self.body = self.parameters = self.types = True
        else:
            self.body = bool(validator and validator.body)
            self.parameters = bool(validator and validator.parameters)
            self.types = False
        self.required_params = [p for p in operation.parameters if p.required]
        self.enabled = self.body or self.parameters
        required = {id(p) for p in self.required_params} if self.parameters else set()
        tests = (_parameter_test(p, id(p) in required, self.parameters and self.types) for p in operation.parameters)
        self.tests = [test for test in tests if test is not None]
        body = operation.body
        self.media_types = [m.content_type.split(";")[0].strip().lower() for m in body.media_types] if body else []
        if body is not None and not self.media_types:
            self.media_types = [body.content_type.split(";")[0].strip().lower()]

    def _values(self, param: Parameter, request: RequestData, *, empty: bool = False) -> list[str] | None:
        return _raw_values(param, request.path_params, request.query, request.headers, request.cookies, empty)

    def accepts(
        self, path_params: Mapping[str, str], query: Mapping[str, list[str]], headers: Mapping[str, str], cookies: Mapping[str, str]
    ) -> bool:
        """True only when ``validate`` would find nothing wrong, False when it must run; most requests are valid,
        and this answers for them without building a RequestData, a result or any message."""
        if self.body and self.operation.body is not None:
            return False
        try:
            for test in self.tests:
                if not test(path_params, query, headers, cookies):
                    return False
        except _HOSTILE:
            return False  # validate() says what is wrong
        return True

    def validate(self, request: RequestData) -> ValidationResult:
        """What API Gateway answers to the request (no error when it is valid), with the details for the request log."""
        try:
            return self._validate(request)
        except _HOSTILE as exc:
            # A value the checks above could not handle (nested beyond the interpreter's stack, a number beyond any
            # float): the request is refused as API Gateway refuses what its validator cannot read, never with a 500.
            error = errors.INVALID_BODY if self.body else errors.bad_request("Invalid request parameters")
            return ValidationResult(error, [f"the request could not be checked ({type(exc).__name__})"])

    def _validate(self, request: RequestData) -> ValidationResult:
        if not self.enabled:
            return ValidationResult()
        if self.parameters:
            missing = [p.name for p in self.required_params if self._values(p, request) is None]
            if missing:
                return ValidationResult(errors.missing_parameters(missing), [f"missing {n}" for n in missing])
            if self.types:
                bad: list[str] = []
                details: list[str] = []
                for param in self.operation.parameters:
                    values = self._values(param, request, empty=True)
                    if values is None:
                        continue
                    problems = check_parameter(param, values)
                    if problems:
                        bad.append(param.name)
                        details.extend(problems)
                if bad:
                    return ValidationResult(errors.invalid_parameters(bad), details)
        if self.body:
            return self._validate_body(request)
        return ValidationResult()

    def _validate_body(self, request: RequestData) -> ValidationResult:
        body = self.operation.body
        if body is None:
            return ValidationResult()
        if not request.body:
            # Zero bytes of a binary or text type are a value (an empty file); of JSON or a form, no body at all.
            sent = request.content_type.split(";")[0].strip().lower()
            empty_file = bool(sent) and not is_json(sent) and not sent.startswith(("multipart/", "application/x-www-form-urlencoded"))
            if body.required and not empty_file:
                return ValidationResult(errors.INVALID_BODY, ["the request body is required"])
            return ValidationResult()
        content_type = request.content_type.split(";")[0].strip().lower()
        media = next((m for m in body.media_types if m.content_type.split(";")[0].strip().lower() == content_type), None)
        if media is None and not content_type and len(self.media_types) == 1:
            content_type = self.media_types[0]  # API Gateway assumes application/json when none is sent
            media = body.media_types[0] if body.media_types else None
        if content_type not in self.media_types and not any(_wildcard(m, content_type) for m in self.media_types):
            return ValidationResult(errors.UNSUPPORTED_MEDIA, [f"content type {content_type or '(none)'!r} is not accepted"])
        schema = media.schema if media is not None else body.schema
        if schema is None:
            return ValidationResult()
        if is_json(content_type):
            try:
                value = json.loads(request.body)
            except (ValueError, UnicodeDecodeError):
                return ValidationResult(errors.INVALID_BODY, ["the body is not valid JSON"])
            except RecursionError:
                return ValidationResult(errors.INVALID_BODY, ["the body is nested too deeply"])
        elif content_type == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                return ValidationResult(errors.INVALID_BODY, ["the form is not UTF-8"])
            value = _form_value(schema, form)
        elif content_type == "multipart/form-data" and self.types:
            parts = _multipart_form(request.content_type, request.body)
            if parts is None:
                return ValidationResult(errors.INVALID_BODY, ["the body is not a well-formed multipart/form-data payload"])
            value = _form_value(schema, parts)
        else:
            # Binary and text bodies are passed through, and so are multipart ones except in strict mode:
            # API Gateway validates bodies with JSON models only.
            return ValidationResult()
        problems = Problems()
        _validate(schema, value, "$", problems, 0, "request")
        if self.types and isinstance(value, dict) and _from_form_parameters(schema):
            # Swagger 2.0 ``formData`` parameters list every field of the form: others break the definition.
            known = {p.name for p in schema.properties}
            for name in value:
                if name not in known:
                    problems.append(f"$: unexpected form field {name!r}")
        if problems:
            return ValidationResult(errors.INVALID_BODY, problems.finished())
        return ValidationResult()


def _wildcard(declared: str, actual: str) -> bool:
    if declared in ("*/*", "*"):
        return True
    if declared.endswith("/*"):
        return actual.startswith(declared[:-1])
    return False


_MULTIPART_DEFECTS = (
    email.errors.StartBoundaryNotFoundDefect,
    email.errors.MultipartInvariantViolationDefect,
    email.errors.NoBoundaryInMultipartDefect,
)


def _multipart_form(content_type: str, body: bytes) -> dict[str, list[str]] | None:
    """The fields of a multipart/form-data body (files as text, decoded leniently), or None if malformed."""
    try:
        head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    except UnicodeEncodeError:
        return None
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart() or any(isinstance(d, _MULTIPART_DEFECTS) for d in message.defects):
        return None
    form: dict[str, list[str]] = {}
    for part in message.iter_parts():
        if not isinstance(part, email.message.EmailMessage):
            return None
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or part.get_content_disposition() != "form-data":
            return None
        payload = part.get_payload(decode=True)
        raw = payload if isinstance(payload, bytes) else b""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        form.setdefault(name, []).append(text)
    return form


def _from_form_parameters(schema: Schema) -> bool:
    """Whether a body schema was assembled from Swagger 2.0 ``formData`` parameters (it points at the first)."""
    return re.search(r"/parameters/[^/]+$", schema.pointer) is not None


def _form_value(schema: Schema, form: dict[str, list[str]]) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for name, values in form.items():
        prop = schema.property(name)
        if prop is None:
            value[name] = values[0]
        elif prop.schema.type == "array":
            value[name] = [coerce(prop.schema.items or Schema(), v) for v in values]
        else:
            value[name] = coerce(prop.schema, values[0])
    return value
