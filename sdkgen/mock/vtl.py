"""Velocity (VTL) mapping templates as API Gateway renders them, on ``airspeed``, in a sandbox.

A template sees the variables API Gateway gives it (AWS developer guide, api-gateway-mapping-template-reference):

- ``$input.body`` (the raw payload), ``$input.json('$.x')`` (JSONPath, the result as JSON text),
  ``$input.path('$.x')`` (JSONPath, the result as an object: ``$input.path('$.items').size()``),
  ``$input.params()`` (``{path, querystring, header}``), ``$input.params('name')`` (path, then query string,
  then header; ``""`` when absent);
- ``$util.escapeJavaScript``, ``parseJson``, ``urlEncode``, ``urlDecode``, ``base64Encode``, ``base64Decode``;
- ``$context`` (a map: ``requestId``, ``requestTime``, ``requestTimeEpoch``, ``stage``, ``resourcePath``,
  ``httpMethod``, ``path``, ``apiId``, ``domainName``, ``identity.sourceIp``, ``identity.apiKey``,
  ``authorizer.*``, ``error.message``, ``error.messageString``, ``error.responseType``...), ``$stageVariables``.

The payload follows API Gateway's recorded behaviour (ToQoz/api-gateway-mapping-template's captures of real
responses): an empty body is ``{}``; a body that is not JSON is a string (``$input.json('$')`` of ``a=b`` is
``"a=b"``), unless it starts like JSON (``{``, ``[``), which fails with 400 "Could not process payload".
Maps and lists print as Java prints them (``{a=1, b=2}``, ``[x, y]``); booleans as ``true``/``false``.

Safety. Templates and payloads may be hostile. Rendering is bounded: at most ``MAX_STEPS`` evaluation steps,
``MAX_SECONDS`` of wall time, ``MAX_TEXT`` characters of output and of any one string, 1,000 iterations per
``#foreach`` (API Gateway's REST quota as remembered from AWS's quotas page, not checked against
apigateway.md; later iterations are skipped, as Velocity's ``directive.foreach.maxloops`` does),
integers within Java's ``long``. Nothing reaches Python attributes: a name resolves only as a map key, as one of
the documented members of ``$input``/``$util`` (``Exposed.members``), or as one of the Java methods of
strings, lists and maps listed in ``_METHODS`` (regular expressions run on RE2, in linear time). ``#include``,
``#parse`` and ``#evaluate`` are refused. Any failure raises ``VtlError``; the callers answer API Gateway's
500 (or 400 for an unparsable payload, ``PayloadError``).

airspeed resolves names with ``getattr`` and applies Python operators as they are (``"a" * 10**9``,
``"%999999999d" % 1``); this module replaces those few pieces of airspeed once, on import (airspeed is only used
through here). The integration logic (template selection, integration responses, ``mock`` integrations, the API
for non-proxy Lambda integrations) is in ``sdkgen.mock.mapping``.
"""

from __future__ import annotations

import base64
import binascii
import contextvars
import io
import json
import math
import operator
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, ClassVar
from urllib.parse import quote_plus, unquote_plus

import airspeed  # type: ignore[import-untyped]
import re2  # type: ignore[import-untyped]

MAX_STEPS = 500_000  # evaluations of template elements and names per render
MAX_SECONDS = 2.0
MAX_TEXT = 32 * 1024 * 1024  # characters written in total, and of any one string built
MAX_TEMPLATE = 300 * 1024  # characters of a template's text
MAX_LOOPS = 1000
_LONG = 2**63


class VtlError(Exception):
    """A template that cannot be compiled or rendered: API Gateway answers 500."""


class PayloadError(VtlError):
    """A payload that starts like JSON and is not: API Gateway answers 400 "Could not process payload"."""


class LimitExceeded(VtlError):
    pass


# -- the budget of one render ---------------------------------------------------------------------------


class _Budget:
    __slots__ = ("steps", "written", "deadline")

    def __init__(self) -> None:
        self.steps = 0
        self.written = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self) -> None:
        self.steps += 1
        if self.steps & 0xFF == 0:
            if self.steps > MAX_STEPS:
                raise LimitExceeded(f"the template took more than {MAX_STEPS} steps")
            if time.monotonic() > self.deadline:
                raise LimitExceeded(f"the template took more than {MAX_SECONDS} s")

    def write(self, size: int) -> None:
        self.written += size
        if self.written > MAX_TEXT:
            raise LimitExceeded(f"the template wrote more than {MAX_TEXT} characters")


_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("sdkgen_vtl_budget", default=None)


def _step() -> None:
    budget = _budget.get()
    if budget is not None:
        budget.step()


def _text_fits(size: int) -> None:
    if size > MAX_TEXT:
        raise LimitExceeded(f"a string of more than {MAX_TEXT} characters")


# -- Java-like values -----------------------------------------------------------------------------------


def java_str(value: Any) -> str:
    """A value as Velocity (Java's ``toString``) prints it."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{java_str(k)}={java_str(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(java_str(v) for v in value) + "]"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Exposed):
        return value.java_string()
    return ""  # nothing else reaches a template; never print a Python object's repr


def _long(value: int) -> int:
    if not -_LONG <= value < _LONG:
        raise LimitExceeded("integer overflow")
    return value


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _add(a: Any, b: Any) -> Any:
    if isinstance(a, str) or isinstance(b, str):
        left, right = java_str(a), java_str(b)
        _text_fits(len(left) + len(right))
        return left + right
    if _number(a) and _number(b):
        result = a + b
        return _long(result) if isinstance(result, int) else result
    raise TypeError("+ needs numbers or a string")


def _arith(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def apply(a: Any, b: Any) -> Any:
        if not (_number(a) and _number(b)):
            raise TypeError("arithmetic needs numbers")
        result = op(a, b)
        return _long(result) if isinstance(result, int) else result

    return apply


def _div(a: Any, b: Any) -> Any:
    if not (_number(a) and _number(b)):
        raise TypeError("/ needs numbers")
    if b == 0:
        return None  # Velocity: division by zero is null
    if isinstance(a, int) and isinstance(b, int):
        q = abs(a) // abs(b)  # Java truncates toward zero
        return _long(q if (a >= 0) == (b >= 0) else -q)
    return a / b


def _compare(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    """Velocity's ordering: false (not an error) when a side is null or the kinds differ."""

    def apply(a: Any, b: Any) -> bool:
        if a is None or b is None or isinstance(a, bool) != isinstance(b, bool):
            return False
        try:
            return bool(op(a, b))
        except TypeError:
            return False

    return apply


def _mod(a: Any, b: Any) -> Any:
    if not (_number(a) and _number(b)):
        raise TypeError("% needs numbers")
    if b == 0:
        return None
    if isinstance(a, int) and isinstance(b, int):
        return int(math.fmod(a, b))
    return math.fmod(a, b)


# -- regular expressions (Java syntax, run on RE2) --------------------------------------------------

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.max_mem = 8 << 20
_patterns: dict[str, Any] = {}


def _regex(pattern: Any) -> Any:
    if not isinstance(pattern, str):
        raise TypeError("a regular expression must be a string")
    compiled = _patterns.get(pattern)
    if compiled is None:
        try:
            compiled = re2.compile(pattern, _RE2_OPTIONS)
        except Exception as exc:  # noqa: BLE001 - re2 raises its own error types
            raise VtlError(f"invalid regular expression {pattern[:80]!r}: {exc}") from None
        if len(_patterns) > 512:
            _patterns.clear()
        _patterns[pattern] = compiled
    return compiled


def _java_replacement(text: Any) -> str:
    """Java's ``$1`` / ``\\$`` replacement syntax in Python's."""
    if not isinstance(text, str):
        raise TypeError("a replacement must be a string")
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append("\\\\" if text[i + 1] == "\\" else text[i + 1])
            i += 2
        elif ch == "$" and i + 1 < len(text) and text[i + 1].isdigit():
            out.append(f"\\g<{text[i + 1]}>")
            i += 2
        else:
            out.append("\\\\" if ch == "\\" else ch)
            i += 1
    return "".join(out)


def _replace_all(s: str, pattern: Any, repl: Any, count: int = 0) -> str:
    compiled = _regex(pattern)
    replacement = _java_replacement(repl)
    _text_fits(len(s) + (len(s) + 1) * len(replacement))  # every position may match (an empty pattern)
    result: str = compiled.sub(replacement, s, count)
    return result


def _split(s: str, pattern: Any, limit: int = 0) -> list[str]:
    parts: list[str] = _regex(pattern).split(s, max(limit - 1, 0)) if limit >= 0 else _regex(pattern).split(s)
    if limit == 0:
        while parts and parts[-1] == "":
            parts.pop()  # Java drops trailing empty strings
    return parts


def _replace(s: str, old: Any, new: Any) -> str:
    old, new = java_str(old), java_str(new)
    hits = s.count(old) if old else len(s) + 1
    _text_fits(len(s) + hits * max(len(new) - len(old), 0))
    return s.replace(old, new)


def _substring(s: str, begin: int, end: int | None = None) -> str:
    stop = len(s) if end is None else end
    if not (0 <= begin <= stop <= len(s)):
        raise IndexError("substring out of range")
    return s[begin:stop]


def _index_of(s: str, sub: Any, start: int = 0) -> int:
    return s.find(java_str(sub), start)


def _put(m: dict[Any, Any], key: Any, value: Any) -> Any:
    previous = m.get(key)
    m[key] = value
    return previous


def _list_set(items: list[Any], index: int, value: Any) -> Any:
    previous = items[index]
    items[index] = value
    return previous


def _in_range(index: Any, size: int) -> int:
    """Java's bounds: no negative index counting from the end."""
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < size:
        raise IndexError("index out of range")
    return index


def _put_all(m: dict[Any, Any], other: Any) -> None:
    if not isinstance(other, dict):
        raise TypeError("putAll needs a map")
    m.update(other)


def _entry_set(m: Mapping[Any, Any]) -> list[dict[str, Any]]:
    return [{"key": k, "value": v} for k, v in m.items()]


def _list_add(items: list[Any], value: Any) -> bool:
    if len(items) >= MAX_TEXT // 8:
        raise LimitExceeded("a list too long")
    items.append(value)
    return True


# The Java methods a template may call, by the Python type that stands for the Java one.
_METHODS: dict[type, dict[str, Callable[..., Any]]] = {
    str: {
        "length": len,
        "isEmpty": lambda s: not s,
        "contains": lambda s, x: java_str(x) in s,
        "startsWith": lambda s, x: s.startswith(java_str(x)),
        "endsWith": lambda s, x: s.endswith(java_str(x)),
        "indexOf": _index_of,
        "lastIndexOf": lambda s, x: s.rfind(java_str(x)),
        "substring": _substring,
        "charAt": lambda s, i: s[_in_range(i, len(s))],
        "toLowerCase": str.lower,
        "toUpperCase": str.upper,
        "trim": lambda s: s.strip(" \t\n\r\x0b\x0c\x00"),
        "replace": _replace,
        "replaceAll": _replace_all,
        "replaceFirst": lambda s, p, r: _replace_all(s, p, r, 1),
        "matches": lambda s, p: _regex(p).fullmatch(s) is not None,
        "split": _split,
        "equals": lambda s, x: s == x,
        "equalsIgnoreCase": lambda s, x: isinstance(x, str) and s.lower() == x.lower(),
        "concat": lambda s, x: _add(s, java_str(x)),
        "toString": lambda s: s,
    },
    list: {
        "size": len,
        "isEmpty": lambda items: not items,
        "get": lambda items, i: items[_in_range(i, len(items))],
        "contains": lambda items, x: x in items,
        "indexOf": lambda items, x: items.index(x) if x in items else -1,
        "add": _list_add,
        "set": _list_set,
        "toString": java_str,
    },
    dict: {
        "get": lambda m, k: m.get(k),
        "containsKey": lambda m, k: k in m,
        "keySet": lambda m: list(m.keys()),
        "values": lambda m: list(m.values()),
        "entrySet": _entry_set,
        "size": len,
        "isEmpty": lambda m: not m,
        "put": _put,
        "putAll": _put_all,
        "remove": lambda m, k: m.pop(k, None),
        "toString": java_str,
    },
    bool: {"toString": java_str, "equals": lambda b, x: b is x},
    int: {"toString": java_str, "equals": lambda n, x: n == x and not isinstance(x, bool)},
    float: {"toString": java_str, "equals": lambda n, x: n == x and not isinstance(x, bool)},
}


def _methods_of(value: Any) -> dict[str, Callable[..., Any]] | None:
    kind = type(value)
    found = _METHODS.get(kind)
    if found is None:
        for base in (bool, str, dict, list, int, float):
            if isinstance(value, base):
                return _METHODS[base]
    return found


class Exposed:
    """Base of the objects a template sees besides plain data: only the names in ``members`` resolve."""

    members: ClassVar[frozenset[str]] = frozenset()

    def java_string(self) -> str:
        return "{}"

    def __repr__(self) -> str:
        return self.java_string()

    __str__ = __repr__


# -- the replaced pieces of airspeed ------------------------------------------------------------------


def _name_or_call(self: Any, current_object: Any, loader: Any, top_namespace: Any) -> Any:
    _step()
    name: str = self.name
    calling = self.parameters is not None
    result: Any = None
    methods = None if isinstance(current_object, airspeed.LocalNamespace) else _methods_of(current_object)
    if calling and methods is not None and name in methods:
        method = methods[name]
        result = lambda *args: method(current_object, *args)  # noqa: E731
    elif isinstance(current_object, dict):
        try:
            result = current_object[name]
        except KeyError:
            result = None
    elif isinstance(current_object, Exposed):
        if name in type(current_object).members:
            result = getattr(current_object, name)
    if result is None:
        return None
    if isinstance(result, airspeed._FunctionDefinition):
        params = self.parameters.calculate(top_namespace, loader) if calling else []
        stream = airspeed.StoppableStream()
        result.execute_function(stream, top_namespace, params or [], loader)
        return stream.getvalue()
    if calling:
        if not callable(result):
            raise TypeError(f"{name} is not a method")
        return result(*self.parameters.calculate(top_namespace, loader))
    if callable(result):
        return None  # a method named without parentheses is a missing property in Velocity
    if self.index is not None:
        array_index = self.index.calculate(top_namespace, loader)
        if isinstance(result, list) and not isinstance(array_index, int):
            raise ValueError(f"expected an integer index, got {java_str(array_index)[:40]!r}")
        try:
            result = result[array_index]
        except (KeyError, IndexError, TypeError):
            result = None
    return result


def _evaluate(self: Any, stream: Any, namespace: Any, loader: Any) -> Any:
    budget = _budget.get()
    if budget is not None:
        budget.step()
    try:
        return self.evaluate_raw(stream, namespace, loader)
    except airspeed.TemplateExecutionError:
        raise
    except Exception as exc:
        raise airspeed.TemplateExecutionError(self) from exc


def _write(self: Any, text: str) -> None:
    if not self.stop:
        budget = _budget.get()
        if budget is not None:
            budget.write(len(text))
        io.StringIO.write(self, text)


def _reference(self: Any, stream: Any, namespace: Any, loader: Any) -> None:
    value = None
    if self.expression is not None:
        value = self.expression.calculate(namespace, loader)
    if value is None:
        if self.alternate is not None:
            value = self.alternate.calculate(namespace, loader)
        elif self.silent and self.expression is not None:
            value = ""
        else:
            value = self.my_text()  # Velocity prints a null reference as written
    stream.write(java_str(value))


def _foreach(self: Any, stream: Any, namespace: Any, loader: Any) -> None:
    iterable = self.value.calculate(namespace, loader)
    if iterable is None:
        return
    items: Sequence[Any]
    if isinstance(iterable, dict):
        items = list(iterable.values())  # Velocity iterates a map's values
    elif isinstance(iterable, (list, tuple, range)):
        items = iterable
    else:
        raise ValueError(f"${self.loop_var_name}: #foreach needs a list or a map")
    length = min(len(items), MAX_LOOPS)
    for counter in range(1, length + 1):
        local = airspeed.LocalNamespace(namespace)
        has_next = counter < len(items)
        local["velocityCount"] = counter
        local["velocityHasNext"] = has_next
        local["foreach"] = {"count": counter, "index": counter - 1, "hasNext": has_next, "first": counter == 1, "last": counter == len(items)}
        local[self.loop_var_name] = items[counter - 1]
        self.block.evaluate(stream, local, loader)


def _refused(self: Any, stream: Any, namespace: Any, loader: Any) -> None:
    raise VtlError("#include, #parse and #evaluate are not available in mapping templates")


def _install() -> None:
    airspeed.NameOrCall.calculate = _name_or_call
    airspeed._Element.evaluate = _evaluate
    airspeed.StoppableStream.write = _write
    airspeed.FormalReference.evaluate_raw = _reference
    airspeed.ForeachDirective.evaluate_raw = _foreach
    for directive in (airspeed.EvaluateDirective, airspeed.IncludeDirective, airspeed.ParseDirective):
        directive.evaluate_raw = _refused
    # Velocity reads no backslash escapes in string literals: '\d+' is a regular expression's \d+, and AWS's
    # advice .replaceAll("\\'", "'") (undoing escapeJavaScript's \' for JSON) replaces backslash-quote. airspeed
    # turned \\ into \ and refused '\d'.
    never = re.compile(r"(?!)")
    airspeed.StringLiteral.STRING = re.compile(r"'((?:\\.|[^'\\])*)'", re.S)
    airspeed.StringLiteral.ESCAPED_CHAR = never
    airspeed.InterpolatedStringLiteral.STRING = re.compile(r'"((?:\\.|[^"\\])*)"', re.S)
    airspeed.InterpolatedStringLiteral.ESCAPED_CHAR = never
    operators = airspeed.BinaryOperator.OPERATORS
    operators["+"] = _add
    operators["-"] = _arith(lambda a, b: a - b)
    operators["*"] = _arith(lambda a, b: a * b)
    operators["/"] = _div
    operators["%"] = _mod
    for name, op in (("<", operator.lt), ("lt", operator.lt), ("<=", operator.le), ("le", operator.le),
                     (">", operator.gt), ("gt", operator.gt), (">=", operator.ge), ("ge", operator.ge)):  # fmt: skip
        operators[name] = _compare(op)


_install()


# -- templates ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """A compiled mapping template."""

    text: str
    compiled: Any = field(repr=False, compare=False)

    @property
    def static(self) -> bool:
        """Whether it renders as its own text (no reference, directive or comment)."""
        return "$" not in self.text and "#" not in self.text


def compile_template(text: str) -> Template:
    """Compile once (at start-up); ``VtlError`` for a template airspeed cannot parse."""
    if len(text) > MAX_TEMPLATE:
        raise VtlError(f"a mapping template of more than {MAX_TEMPLATE // 1024} KB")
    compiled = airspeed.Template(text)
    try:
        compiled.ensure_compiled()
    except RecursionError:
        raise VtlError("the template nests too deeply") from None
    except airspeed.TemplateSyntaxError as exc:
        raise VtlError(f"template syntax error: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - airspeed's parser raises assorted errors on odd input
        raise VtlError(f"template error: {type(exc).__name__}: {exc}") from None
    return Template(text, compiled)


def render(template: Template, variables: Mapping[str, Any]) -> str:
    """Render with a fresh budget; ``VtlError`` (``PayloadError``, ``LimitExceeded``) when it fails."""
    if template.static:
        return template.text
    budget = _Budget()
    token = _budget.set(budget)
    try:
        result: str = template.compiled.merge(dict(variables))
        return result
    except RecursionError:
        raise VtlError("the template recursed too deeply") from None
    except airspeed.TemplateError as exc:
        cause = _root_cause(exc)
        if isinstance(cause, VtlError):
            raise cause from None
        raise VtlError(f"template error: {type(cause).__name__}: {str(cause)[:200]}") from None
    except VtlError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of a template is API Gateway's 500, never a crash
        raise VtlError(f"template error: {type(exc).__name__}: {str(exc)[:200]}") from None
    finally:
        _budget.reset(token)


def _root_cause(exc: BaseException) -> BaseException:
    seen = 0
    while exc.__cause__ is not None and seen < 1000:
        exc = exc.__cause__
        seen += 1
    return exc


# -- JSONPath (the subset API Gateway's Jayway JsonPath is used with) -------------------------------------

_MISSING = object()


@dataclass(frozen=True)
class _Segment:
    kind: str  # "key", "index", "wild", "slice", "union", "filter"
    value: Any = None
    deep: bool = False


_paths: dict[str, tuple[tuple[_Segment, ...], bool]] = {}
_NAME = re.compile(r"[^.\[\]\s()]+")


def _parse_path(text: str) -> tuple[tuple[_Segment, ...], bool]:
    """Segments, and whether the path is definite (a single value, not a list of matches)."""
    cached = _paths.get(text)
    if cached is not None:
        return cached
    if not isinstance(text, str) or len(text) > 1024:
        raise VtlError("a JSONPath must be a string of at most 1024 characters")
    path = text.strip()
    if not path.startswith("$"):
        raise VtlError(f"JSONPath {text[:80]!r} must start with $")
    i, n = 1, len(path)
    segments: list[_Segment] = []
    definite = True
    while i < n:
        deep = False
        if path.startswith("..", i):
            deep, definite = True, False
            i += 2
            if i < n and path[i] == "[":
                pass
            else:
                match = _NAME.match(path, i)
                if match is None:
                    raise VtlError(f"JSONPath {text[:80]!r}: a name must follow ..")
                name = match.group(0)
                segments.append(_Segment("wild" if name == "*" else "key", name, True))
                i = match.end()
                continue
        elif path[i] == ".":
            i += 1
            match = _NAME.match(path, i)
            if match is None:
                raise VtlError(f"JSONPath {text[:80]!r}: a name must follow .")
            name = match.group(0)
            if name == "*":
                segments.append(_Segment("wild"))
                definite = False
            else:
                segments.append(_Segment("key", name))
            i = match.end()
            continue
        if i < n and path[i] == "[":
            end = _bracket_end(path, i, text)
            inner = path[i + 1 : end].strip()
            segment = _bracket(inner, text, deep)
            if segment.kind not in ("key", "index"):
                definite = False
            segments.append(segment)
            i = end + 1
            continue
        raise VtlError(f"JSONPath {text[:80]!r}: unexpected {path[i]!r} at {i}")
    result = (tuple(segments), definite)
    if len(_paths) > 1024:
        _paths.clear()
    _paths[text] = result
    return result


def _bracket_end(path: str, start: int, text: str) -> int:
    quote = ""
    depth = 0
    for j in range(start, len(path)):
        ch = path[j]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return j
    raise VtlError(f"JSONPath {text[:80]!r}: unclosed [")


def _literal(token: str, text: str) -> Any:
    token = token.strip()
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "'\"":
        return token[1:-1]
    try:
        return json.loads(token)
    except ValueError:
        raise VtlError(f"JSONPath {text[:80]!r}: bad value {token[:40]!r}") from None


_FILTER = re.compile(r"\?\(\s*@((?:\.[^\s.=!<>]+)*)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*\)")


def _bracket(inner: str, text: str, deep: bool) -> _Segment:
    if inner == "*":
        return _Segment("wild", None, deep)
    if inner.startswith("?"):
        match = _FILTER.fullmatch(inner)
        if match is None:
            raise VtlError(f"JSONPath {text[:80]!r}: unsupported filter {inner[:60]!r}")
        keys = tuple(k for k in match.group(1).split(".") if k)
        op = match.group(2)
        value = _literal(match.group(3), text) if op else None
        return _Segment("filter", (keys, op, value), deep)
    if ":" in inner and not inner.startswith(("'", '"')):
        parts = inner.split(":")
        if len(parts) > 3:
            raise VtlError(f"JSONPath {text[:80]!r}: bad slice")
        try:
            bounds = [int(p) if p.strip() else None for p in parts]
        except ValueError:
            raise VtlError(f"JSONPath {text[:80]!r}: bad slice") from None
        return _Segment("slice", slice(*bounds), deep)
    items = [_literal(p, text) for p in _split_union(inner)]
    if len(items) == 1:
        item = items[0]
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise VtlError(f"JSONPath {text[:80]!r}: bad index {inner[:40]!r}")
        return _Segment("key" if isinstance(item, str) else "index", item, deep)
    return _Segment("union", tuple(items), deep)


def _split_union(inner: str) -> list[str]:
    parts: list[str] = []
    quote, start = "", 0
    for j, ch in enumerate(inner):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == ",":
            parts.append(inner[start:j])
            start = j + 1
    parts.append(inner[start:])
    return parts


def _children(node: Any) -> Iterable[Any]:
    if isinstance(node, dict):
        return node.values()
    if isinstance(node, list):
        return node
    return ()


def _descendants(node: Any) -> list[Any]:
    out: list[Any] = []
    stack = [node]
    while stack:
        _step()
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(list(_children(current))))
    return out


def _filter_holds(node: Any, keys: tuple[str, ...], op: str | None, value: Any) -> bool:
    current = node
    for key in keys:
        if not isinstance(current, dict) or key not in current:
            return False
        current = current[key]
    if op is None:
        return True
    try:
        if op == "==":
            return bool(current == value)
        if op == "!=":
            return bool(current != value)
        if isinstance(current, bool) or isinstance(value, bool) or (isinstance(current, str) != isinstance(value, str)):
            return False
        return bool({"<": current < value, "<=": current <= value, ">": current > value, ">=": current >= value}[op])
    except TypeError:
        return False


def _apply(segment: _Segment, node: Any) -> list[Any]:
    kind = segment.kind
    if kind == "key":
        return [node[segment.value]] if isinstance(node, dict) and segment.value in node else []
    if kind == "index":
        if isinstance(node, list) and -len(node) <= segment.value < len(node):
            return [node[segment.value]]
        return []
    if kind == "wild":
        return list(_children(node))
    if kind == "slice":
        return node[segment.value] if isinstance(node, list) else []
    if kind == "union":
        out: list[Any] = []
        for item in segment.value:
            out.extend(_apply(_Segment("key" if isinstance(item, str) else "index", item), node))
        return out
    if kind == "filter":
        keys, op, value = segment.value
        candidates = node if isinstance(node, list) else [node] if isinstance(node, dict) else []
        return [c for c in candidates if _filter_holds(c, keys, op, value)]
    return []


def json_path(document: Any, path: str) -> Any:
    """The value at ``path`` (``None`` when a definite path is missing), or the list of matches of an indefinite one."""
    segments, definite = _parse_path(path)
    nodes = [document]
    for segment in segments:
        _step()
        sources = nodes
        if segment.deep:
            sources = []
            for node in nodes:
                sources.extend(_descendants(node))
        nodes = []
        for node in sources:
            nodes.extend(_apply(segment, node))
        if len(nodes) > MAX_TEXT // 8:
            raise LimitExceeded("a JSONPath matched too many values")
    if definite:
        return nodes[0] if nodes else None
    return nodes


# -- $input, $util ---------------------------------------------------------------------------------------


def _parse_payload(body: str) -> Any:
    """The payload as API Gateway reads it for ``$input.json``/``path`` (see the module docstring)."""
    if not body.strip():
        return {}
    try:
        return json.loads(body)
    except RecursionError:
        raise PayloadError("Could not process payload: nested too deeply") from None
    except ValueError as exc:
        if body.lstrip().startswith(("{", "[")):
            raise PayloadError(f"Could not process payload: {exc}") from None
        return body


@dataclass
class Params:
    """A request's parameters as ``$input.params()`` shows them: names as sent, one value each."""

    path: Mapping[str, str] = field(default_factory=dict)
    querystring: Mapping[str, str] = field(default_factory=dict)
    header: Mapping[str, str] = field(default_factory=dict)

    def lookup(self, name: str) -> str:
        if name in self.path:
            return self.path[name]
        if name in self.querystring:
            return self.querystring[name]
        if name in self.header:
            return self.header[name]
        lowered = name.lower()  # header names are case-insensitive
        for key, value in self.header.items():
            if key.lower() == lowered:
                return value
        return ""


class Input(Exposed):
    """``$input``: the payload (the request's, or the integration response's) and the method request's parameters."""

    members = frozenset(("body", "json", "path", "params"))

    def __init__(self, body: str, params: Params) -> None:
        self.body = body
        self._params = params
        self._document: Any = _MISSING

    def _doc(self) -> Any:
        if self._document is _MISSING:
            self._document = _parse_payload(self.body)
        return self._document

    def json(self, path: Any) -> str:
        value = json_path(self._doc(), java_str(path))
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        _text_fits(len(text))
        return text

    def path(self, path: Any) -> Any:
        return _copy(json_path(self._doc(), java_str(path)))

    def params(self, name: Any = None) -> Any:
        if name is None:
            return {"path": dict(self._params.path), "querystring": dict(self._params.querystring), "header": dict(self._params.header)}
        return self._params.lookup(java_str(name))

    def java_string(self) -> str:
        return "{}"


def _copy(value: Any) -> Any:
    """A template may change what it gets (``$list.add``): it gets its own copy of the parsed payload's part."""
    if isinstance(value, (dict, list)):
        return json.loads(json.dumps(value))
    return value


def escape_javascript(text: str) -> str:
    """Apache Commons Lang 2's ``StringEscapeUtils.escapeJavaScript``, which ``$util.escapeJavaScript`` is: quotes,
    backslash and slash escaped, control characters as ``\\n``-style escapes or ``\\u00XX``, every character above
    U+007F as ``\\uXXXX`` (upper-case hex, UTF-16 units)."""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04X}\\u{0xDC00 + (code & 0x3FF):04X}")
        elif code > 0x7F:
            out.append(f"\\u{code:04X}")
        elif code < 32:
            out.append(_CONTROL.get(ch) or f"\\u{code:04X}")
        elif ch in _QUOTED:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


_CONTROL = {"\b": "\\b", "\n": "\\n", "\t": "\\t", "\f": "\\f", "\r": "\\r"}
_QUOTED = frozenset("'\"\\/")


class Util(Exposed):
    """``$util``."""

    members = frozenset(("escapeJavaScript", "parseJson", "urlEncode", "urlDecode", "base64Encode", "base64Decode"))

    def escapeJavaScript(self, value: Any) -> str:  # noqa: N802 - the name templates use
        text = java_str(value)
        _text_fits(len(text) * 6)
        return escape_javascript(text)

    def parseJson(self, value: Any) -> Any:  # noqa: N802
        try:
            return json.loads(java_str(value))
        except (ValueError, RecursionError):
            raise VtlError("$util.parseJson: not JSON") from None

    def urlEncode(self, value: Any) -> str:  # noqa: N802
        # java.net.URLEncoder: letters, digits and ".-*_" stay, a space is "+"; Python would also keep "~".
        return quote_plus(java_str(value), safe="*").replace("~", "%7E")

    def urlDecode(self, value: Any) -> str:  # noqa: N802
        return unquote_plus(java_str(value))

    def base64Encode(self, value: Any) -> str:  # noqa: N802
        return base64.b64encode(java_str(value).encode()).decode("ascii")

    def base64Decode(self, value: Any) -> str:  # noqa: N802
        try:
            return base64.b64decode(java_str(value), validate=True).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            raise VtlError("$util.base64Decode: not base64") from None


UTIL = Util()


# -- $context -------------------------------------------------------------------------------------------


@dataclass
class RequestView:
    """What a mapping template reads of a method request (and of the gateway's state for it)."""

    method: str = "GET"
    path: str = "/"  # as requested, with the stage
    resource_path: str = "/"  # the route's template, e.g. /pets/{petId}
    stage: str = ""
    params: Params = field(default_factory=Params)
    body: str = ""
    request_id: str = ""
    source_ip: str = "127.0.0.1"
    user_agent: str = ""
    api_key: str = ""
    api_key_id: str = ""
    api_id: str = "local"
    domain_name: str = "localhost"
    authorizer: Mapping[str, Any] = field(default_factory=dict)
    stage_variables: Mapping[str, str] = field(default_factory=dict)
    now: datetime | None = None  # the request's time; None: now


@dataclass(frozen=True)
class ErrorInfo:
    """``$context.error``."""

    message: str
    response_type: str
    validation_error_string: str = ""


def context_of(view: RequestView, error: ErrorInfo | None = None) -> dict[str, Any]:
    """``$context`` for one request: a fresh map, so that a template's ``#set`` changes nothing shared."""
    now = view.now or datetime.now(timezone.utc)
    domain_prefix = view.domain_name.split(".", 1)[0]
    context: dict[str, Any] = {
        "accountId": "123456789012",
        "apiId": view.api_id,
        "domainName": view.domain_name,
        "domainPrefix": domain_prefix,
        "extendedRequestId": view.request_id,
        "httpMethod": view.method,
        "path": view.path,
        "protocol": "HTTP/1.1",
        "requestId": view.request_id,
        "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "requestTimeEpoch": int(now.timestamp() * 1000),
        "resourceId": "mock",
        "resourcePath": view.resource_path,
        "stage": view.stage,
        "identity": {
            "sourceIp": view.source_ip,
            "userAgent": view.user_agent,
            "apiKey": view.api_key,
            "apiKeyId": view.api_key_id,
            "accountId": "",
            "caller": "",
            "user": "",
            "userArn": "",
            "cognitoIdentityId": "",
            "cognitoIdentityPoolId": "",
            "cognitoAuthenticationType": "",
            "cognitoAuthenticationProvider": "",
        },
        "authorizer": json.loads(json.dumps(dict(view.authorizer))),
        "error": {"message": "", "messageString": '""', "responseType": "", "validationErrorString": ""},
    }
    if error is not None:
        context["error"] = {
            "message": error.message,
            "messageString": json.dumps(error.message),
            "responseType": error.response_type,
            "validationErrorString": error.validation_error_string,
        }
    return context


def variables(view: RequestView, body: str | None = None, error: ErrorInfo | None = None) -> dict[str, Any]:
    """The variables of one render: ``$input`` over ``body`` (the request's when None), ``$util``, ``$context``,
    ``$stageVariables``."""
    return {
        "input": Input(view.body if body is None else body, view.params),
        "util": UTIL,
        "context": context_of(view, error),
        "stageVariables": dict(view.stage_variables),
    }
