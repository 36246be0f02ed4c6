"""Python values to what goes on the wire: path segments, query strings, headers,
form and multipart bodies, and JSON values."""

from __future__ import annotations

import datetime
import enum
import json
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any, Union
from urllib.parse import quote

from ._types import Unset
from ._uploads import is_stream

__all__ = [
    "build_path",
    "check_header",
    "check_method",
    "cookie_header",
    "encode_query",
    "form_items",
    "header_items",
    "is_absent",
    "is_file",
    "join_url",
    "multipart_items",
    "to_jsonable",
    "to_text",
]

_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
# A segment that URL resolution (httpx, browsers, proxies) would remove or climb with.
_DOT_SEGMENT = re.compile(r"(?<![^/])\.{1,2}(?![^/])")
# RFC 9110 token: what a method or header name may be made of.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# RFC 6265 cookie-octets less "%", which stays the escape character: everything else in
# a cookie value (";", ",", " ", '"', "\\", controls, non-ASCII) is percent-encoded.
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"
_COOKIE_NAME_SAFE = "!#$&'*+-.^_`|~"  # token characters less "%"
_MANY = (list, tuple, set, frozenset)

# One part as httpx's ``files=`` takes it: (filename, or None for a plain field,
# content (bytes, or a file-like Upload read in chunks), content type or None to let
# httpx guess it from the filename).
Part = tuple[Union[str, None], Any, Union[str, None]]


def is_absent(value: Any) -> bool:
    """Not sent at all: an optional parameter left out (UNSET) or given as None."""
    return value is None or isinstance(value, Unset)


def to_text(value: Any) -> str:
    """A scalar as it goes into a path, query, header or form field."""
    if isinstance(value, bool):
        # JSON's spelling, which API Gateway's validator and most backends expect.
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return to_text(value.value)
    if isinstance(value, (datetime.date, datetime.time)):  # a datetime is a date
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode()
    return str(value)


def _key(key: Any) -> str:
    return str(key.value) if isinstance(key, enum.Enum) else str(key)


def to_jsonable(value: Any) -> Any:
    """A JSON value for a model (anything with ``to_dict()``), enum, date, datetime,
    UUID, list or dict, recursively.

    UNSET entries of dicts are dropped: an absent field is left out, None stays null.
    """
    if value is None or isinstance(value, (str, int, float)):  # bool is an int
        return value
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    # A UUID can only exist once its module is loaded; importing it here would import
    # platform too (~4 ms at the package's import).
    uuid = sys.modules.get("uuid")
    if uuid is not None and isinstance(value, uuid.UUID):
        return str(value)
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_jsonable(to_dict())
    if isinstance(value, Mapping):
        items = value.items()
        return {_key(k): to_jsonable(v) for k, v in items if not isinstance(v, Unset)}
    if isinstance(value, _MANY):
        return [to_jsonable(v) for v in value]
    raise TypeError(f"a {type(value).__name__} cannot be sent as JSON")


def _dumps(value: Any) -> str:
    # allow_nan=False: NaN and Infinity are not JSON, and a backend would refuse them.
    compact = (",", ":")
    return json.dumps(
        to_jsonable(value), separators=compact, ensure_ascii=False, allow_nan=False
    )


def json_body(value: Any) -> bytes:
    return _dumps(value).encode()


def build_path(template: str, params: Mapping[str, Any]) -> str:
    """The path template with each ``{name}`` percent-encoded as one segment; a greedy
    ``{name+}`` keeps its slashes."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        greedy = name.endswith("+")
        value = params.get(name, params.get(name[:-1])) if greedy else params.get(name)
        if is_absent(value) or to_text(value) == "":
            # An empty segment routes to another resource, or to API Gateway's 403
            # "Missing Authentication Token", which would only puzzle the caller.
            label = name.rstrip("+")
            raise ValueError(f"path parameter {label!r} needs a non-empty value")
        # safe="" encodes "/" too, so a plain parameter stays one segment.
        return quote(to_text(value), safe="/" if greedy else "")

    path = _PATH_PARAM.sub(substitute, template)
    if "." in path:
        # "." and ".." segments would be resolved away on the way out (get_product("..")
        # would call the parent resource): %2E is the same value to the server, and
        # stays a segment.
        path = _DOT_SEGMENT.sub(lambda m: "%2E" * len(m.group()), path)
    return path


def join_url(base_url: str, path: str) -> str:
    """``https://host/stage`` + ``/items`` with exactly one slash between them."""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def _texts(value: Any) -> list[str]:
    values = value if isinstance(value, _MANY) else [value]
    return [to_text(v) for v in values if not is_absent(v)]


def encode_query(items: Sequence[tuple[str, Any]]) -> str:
    """A query string; a list repeats its key (``tag=a&tag=b``), absent values are
    left out.

    A space is %20, never "+", so the bytes sent are those a SigV4 signature covers.
    """
    pairs = [(name, text) for name, value in items for text in _texts(value)]
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


def header_items(headers: Mapping[str, Any]) -> dict[str, str]:
    """Header values as text; a list is joined with commas, as HTTP joins repeated
    headers. Absent values and empty lists send no header."""
    out: dict[str, str] = {}
    for name, value in headers.items():
        texts = _texts(value)
        if texts:
            out[name] = ",".join(texts)
    return out


def cookie_header(cookies: Mapping[str, str]) -> str:
    """A Cookie header in which each name=value pair is one cookie, whatever the value
    holds: a ";" in a value cannot start another cookie."""
    return "; ".join(
        f"{quote(name, safe=_COOKIE_NAME_SAFE)}={quote(value, safe=_COOKIE_SAFE)}"
        for name, value in cookies.items()
    )


# Header names already found valid: they come from the definition and the runtime, a few.
_VALID_NAMES: set[str] = set()


def check_header(name: str, value: str) -> None:
    """Refuse, before anything is sent, a header no server should receive: a bad name,
    or a value with a line break (which would inject headers), NUL or non-ASCII text."""
    if name not in _VALID_NAMES:
        if not _TOKEN.fullmatch(name):
            raise ValueError(f"{name!r} is not a valid HTTP header name")
        if len(_VALID_NAMES) < 1024:
            _VALID_NAMES.add(name)
    # Three substring searches and isascii, all in C: this runs for every header sent.
    if "\n" in value or "\r" in value or "\x00" in value:
        raise ValueError(
            f"the value of header {name!r} holds a line break or NUL, which HTTP "
            "does not allow (a trailing newline read from a file?)"
        )
    if not value.isascii():
        raise ValueError(
            f"the value of header {name!r} is not ASCII, which HTTP headers must be"
        )


_VALID_METHODS: dict[str, str] = {}  # as given -> upper case, for those found valid


def check_method(method: Any) -> str:
    """The HTTP method in upper case; a ValueError for anything that is not one."""
    found = _VALID_METHODS.get(method) if isinstance(method, str) else None
    if found is not None:
        return found
    if not isinstance(method, str):
        raise TypeError(f"the HTTP method must be a str, not {type(method).__name__}")
    if not _TOKEN.fullmatch(method):
        raise ValueError(f"{method!r} is not an HTTP method")
    if len(_VALID_METHODS) < 256:
        _VALID_METHODS[method] = method.upper()
    return method.upper()


def _is_object(value: Any) -> bool:
    return isinstance(value, Mapping) or callable(getattr(value, "to_dict", None))


def form_items(fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    """application/x-www-form-urlencoded fields; a list repeats its field."""
    out: list[tuple[str, str]] = []
    for name, value in fields.items():
        values = value if isinstance(value, _MANY) else [value]
        for item in values:
            if not is_absent(item):
                # A nested object has no standard flat encoding; JSON is what
                # backends can parse.
                out.append((name, _dumps(item) if _is_object(item) else to_text(item)))
    return out


def is_file(value: Any) -> bool:
    """A FileContent: bytes, a path or open binary file, or (filename, content) or
    (filename, content, content type)."""
    if isinstance(value, (bytes, bytearray)) or is_stream(value):
        return True
    return (
        isinstance(value, tuple)
        and len(value) in (2, 3)
        and isinstance(value[0], str)
        and (isinstance(value[1], (bytes, bytearray)) or is_stream(value[1]))
    )


def _file_part(value: Any) -> Part:
    if isinstance(value, (bytes, bytearray)):
        return ("upload", bytes(value), None)
    if is_stream(value):  # a path or file the client did not prepare: as httpx takes it
        return ("upload", value, None)
    content = bytes(value[1]) if isinstance(value[1], bytearray) else value[1]
    return (value[0], content, value[2] if len(value) == 3 else None)


def _field_part(value: Any) -> Part:
    # No filename makes a plain field. Objects go as JSON parts, OpenAPI's default.
    if _is_object(value):
        return (None, json_body(value), "application/json")
    return (None, to_text(value).encode(), None)


def multipart_items(fields: Mapping[str, Any]) -> list[tuple[str, Part]]:
    """multipart/form-data parts, files and plain fields alike, in the order given;
    a list repeats its part.

    Plain fields are parts too, rather than httpx's ``data=``, so that a body without
    any file is still sent as the multipart the operation declares.
    """
    parts: list[tuple[str, Part]] = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            if not is_absent(item):
                part = _file_part(item) if is_file(item) else _field_part(item)
                parts.append((name, part))
    return parts
