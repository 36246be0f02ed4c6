"""What the mock answers once a request is admitted.

The operation's lowest documented 2xx status (200 for ``default``-only), with a body from the
definition's example, else generated from the schema (deterministic for a seed, valid against the
schema; never a ``writeOnly`` property), else empty. A binary media type gets bytes (the example's, or
generated text standing in for a file). ``mock`` integrations answer their static response template.
Prism's ``Prefer: code=404, example=name, dynamic=true`` picks another response.
"""

from __future__ import annotations

import base64
import importlib
import json
import random
import re
import string
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from http import HTTPStatus
from typing import Any
from uuid import UUID

from ..model import MediaType, Operation, Pagination, Response, Schema, is_json
from .validation import Direction, validate_value

Headers = list[tuple[bytes, bytes]]
_sre: Any = importlib.import_module("re._parser")  # the stdlib regex parser, to generate matching strings
MAX_DEPTH = 5
JSON_TYPE = (b"content-type", b"application/json")


@dataclass(frozen=True)
class Prepared:
    status: int
    headers: Headers
    body: bytes
    # A streamed answer (responseTransferMode: STREAM, text/event-stream): sent in these parts, without a length.
    chunks: tuple[bytes, ...] = ()
    # Worked out once, not for every response that sends this one: the content-length header, and the
    # headers a REST API sends (application/json when the integration names no content type).
    content_length: tuple[bytes, bytes] = field(init=False, repr=False, compare=False)
    rest_headers: Headers = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "content_length", (b"content-length", str(len(self.body)).encode()))
        typed = any(name == b"content-type" for name, _ in self.headers)
        object.__setattr__(self, "rest_headers", self.headers if typed else [JSON_TYPE, *self.headers])


class _Unsatisfiable(Exception):
    pass


class PreferError(ValueError):
    """A ``Prefer`` header (or Prism's ``?__code=``) asking for something no response can be: the client's mistake,
    answered with a 400."""


# The statuses a Prefer may ask for: a final HTTP response (1xx are interim, and no server sends 600 or above).
PREFER_CODES = range(200, 600)


class Generator:
    """Values valid against a schema, the same for the same seed.

    With ``direction="response"`` objects never carry ``writeOnly`` properties (OpenAPI tools treat
    them as forbidden in responses); with "request" they never carry ``readOnly`` ones.
    """

    def __init__(self, seed: int, direction: Direction | None = None) -> None:
        self.rng = random.Random(seed)
        self.direction: Direction | None = direction

    def _valid(self, schema: Schema, value: Any) -> bool:
        return not validate_value(schema, value, direction=self.direction)

    def value(self, schema: Schema, depth: int = 0) -> Any:
        for example in schema.examples[:1]:
            if self._valid(schema, example):
                return example
        if schema.has_default and self._valid(schema, schema.default):
            return schema.default
        if schema.has_const:
            return schema.const
        if schema.enum:
            choices = [v for v in schema.enum if v is not None] or schema.enum
            return choices[self.rng.randrange(len(choices))]
        t = schema.type
        if t == "union":
            return self._union(schema, depth)
        if t == "string":
            return self._string(schema)
        if t == "integer":
            return self._integer(schema)
        if t == "number":
            return self._number(schema)
        if t == "boolean":
            return self.rng.random() < 0.5
        if t == "null":
            return None
        if t == "array":
            return self._array(schema, depth)
        if t == "object":
            return self._object(schema, depth)
        return "example"

    def _union(self, schema: Schema, depth: int) -> Any:
        if not schema.variants:
            return None
        disc = schema.discriminator
        if disc is not None and disc.mapping:
            tag, variant = sorted(disc.mapping.items())[self.rng.randrange(len(disc.mapping))]
            value = self.value(variant, depth)
            if isinstance(value, dict):
                value[disc.property_name] = tag
            return value
        for offset in range(len(schema.variants)):
            variant = schema.variants[(self.rng.randrange(len(schema.variants)) + offset) % len(schema.variants)]
            value = self.value(variant, depth)
            if self._valid(schema, value):
                return value
        return self.value(schema.variants[0], depth)

    def _string(self, schema: Schema) -> str:
        fmt = schema.format
        rng = self.rng
        if fmt == "date-time":
            moment = datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(365 * 86400))
            return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        if fmt == "date":
            return (date(2024, 1, 1) + timedelta(days=rng.randrange(365))).isoformat()
        if fmt == "uuid":
            return str(UUID(int=rng.getrandbits(128), version=4))
        if fmt == "email":
            return f"user{rng.randrange(1000)}@example.com"
        if fmt in ("uri", "url"):
            return f"https://example.com/{rng.randrange(1000)}"
        if fmt == "hostname":
            return f"host{rng.randrange(1000)}.example.com"
        if fmt == "ipv4":
            return f"192.0.2.{rng.randrange(1, 255)}"
        if fmt == "ipv6":
            return f"2001:db8::{rng.randrange(1, 65535):x}"
        if fmt == "byte":
            return base64.b64encode(bytes(rng.randrange(256) for _ in range(6))).decode()
        low = schema.min_length or 0
        high = schema.max_length if schema.max_length is not None else max(low, 12)
        if schema.pattern:
            for _ in range(25):
                try:
                    candidate = self._from_pattern(schema.pattern)
                except _Unsatisfiable:
                    break
                if self._valid(schema, candidate):
                    return candidate
        length = min(high, max(low, 8))
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))

    def _integer(self, schema: Schema) -> int:
        low, high = _bounds(schema, integer=True)
        step = int(schema.multiple_of) if schema.multiple_of and float(schema.multiple_of).is_integer() else 1
        first = -(-int(low) // step) * step
        if first > high:
            return int(low)
        return first + step * self.rng.randrange(int((high - first) // step) + 1)

    def _number(self, schema: Schema) -> float | int:
        if schema.multiple_of:
            low, high = _bounds(schema, integer=False)
            k_low, k_high = int(-(-low // schema.multiple_of)), int(high // schema.multiple_of)
            if k_low <= k_high:
                return round(self.rng.randint(k_low, k_high) * schema.multiple_of, 10)
        low, high = _bounds(schema, integer=False)
        return round(low + (high - low) * self.rng.random(), 2) if high > low else low

    def _array(self, schema: Schema, depth: int) -> list[Any]:
        low = schema.min_items or 0
        count = low if depth >= MAX_DEPTH else max(low, 1 if schema.max_items != 0 else 0)
        if schema.max_items is not None:
            count = min(count, schema.max_items)
        items: list[Any] = []
        item_schema = schema.items or Schema(type="string")
        seen: set[str] = set()
        attempts = 0
        while len(items) < count and attempts < count * 20 + 20:
            attempts += 1
            item = self.value(item_schema, depth + 1)
            if schema.unique_items:
                key = json.dumps(item, sort_keys=True)
                if key in seen:
                    continue
                seen.add(key)
            items.append(item)
        return items

    def _object(self, schema: Schema, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for prop in schema.properties:
            if prop.schema.write_only and (not prop.required or self.direction == "response"):
                continue
            if prop.schema.read_only and self.direction == "request":
                continue
            if not prop.required and (depth >= MAX_DEPTH or (depth >= 2 and prop.schema.type in ("object", "array", "union"))):
                continue
            if depth >= MAX_DEPTH + 3 and prop.schema.nullable:
                result[prop.name] = None
                continue
            result[prop.name] = self.value(prop.schema, depth + 1)
        want = schema.min_properties or 0
        extra = schema.additional_properties
        if not schema.properties and isinstance(extra, Schema) and depth < MAX_DEPTH:
            want = max(want, 1)
        index = 0
        while len(result) < want and extra is not False:
            index += 1
            result[f"key{index}"] = self.value(extra, depth + 1) if isinstance(extra, Schema) else "value"
        return result

    def _from_pattern(self, pattern: str) -> str:
        try:
            parsed = _sre.parse(pattern)
        except re.error:
            raise _Unsatisfiable from None
        return self._emit(parsed)

    def _emit(self, items: Any) -> str:
        out: list[str] = []
        rng = self.rng
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(arg))
            elif name == "ANY":
                out.append(rng.choice(string.ascii_letters))
            elif name == "IN":
                out.append(self._class(arg))
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                low, high, sub = arg
                high = min(high, low + 3) if high != _sre.MAXREPEAT else low + 3
                for _ in range(rng.randint(low, max(low, high))):
                    out.append(self._emit(sub))
            elif name == "SUBPATTERN":
                out.append(self._emit(arg[-1]))
            elif name == "ATOMIC_GROUP":
                out.append(self._emit(arg))
            elif name == "BRANCH":
                out.append(self._emit(rng.choice(arg[1])))
            elif name == "CATEGORY":
                out.append(_category(str(arg), rng))
            elif name in ("AT", "ASSERT", "ASSERT_NOT"):
                continue
            else:
                raise _Unsatisfiable
        return "".join(out)

    def _class(self, members: Any) -> str:
        pool: list[str] = []
        negate = False
        for op, arg in members:
            name = str(op)
            if name == "NEGATE":
                negate = True
            elif name == "LITERAL":
                pool.append(chr(arg))
            elif name == "RANGE":
                low, high = arg
                pool.extend(chr(c) for c in range(low, min(high, low + 200) + 1))
            elif name == "CATEGORY":
                pool.append(_category(str(arg), self.rng))
        if negate:
            allowed = [c for c in string.ascii_letters + string.digits if c not in pool]
            if not allowed:
                raise _Unsatisfiable
            return self.rng.choice(allowed)
        if not pool:
            raise _Unsatisfiable
        return self.rng.choice(pool)


def _category(name: str, rng: random.Random) -> str:
    if "NOT_DIGIT" in name:
        return rng.choice(string.ascii_letters)
    if "DIGIT" in name:
        return rng.choice(string.digits)
    if "NOT_SPACE" in name or "NOT_WORD" not in name and "WORD" in name:
        return rng.choice(string.ascii_letters + string.digits)
    if "SPACE" in name:
        return " "
    return "-"


def _bounds(schema: Schema, *, integer: bool) -> tuple[float, float]:
    low = schema.minimum if schema.minimum is not None else None
    high = schema.maximum if schema.maximum is not None else None
    nudge = 1 if integer else 0.01
    if schema.exclusive_minimum is not None:
        low = max(low if low is not None else -1e18, schema.exclusive_minimum + nudge)
    if schema.exclusive_maximum is not None:
        high = min(high if high is not None else 1e18, schema.exclusive_maximum - nudge)
    if low is None and high is None:
        low, high = 1, 100
    elif low is None:
        assert high is not None
        low = high - 100
    elif high is None:
        high = low + 100
    if integer:
        import math

        low, high = math.ceil(low), math.floor(high)
    return float(low), float(max(low, high))


def _status_number(status: str) -> int:
    if status == "default":
        return 200
    if status.upper().endswith("XX"):
        return int(status[0]) * 100
    try:
        return int(status)
    except ValueError:
        return 200


def pick_success(operation: Operation) -> Response | None:
    ok = [r for r in operation.responses if r.status.startswith("2")]
    if ok:
        return min(ok, key=lambda r: (_status_number(r.status), r.status.upper().endswith("XX")))
    return next((r for r in operation.responses if r.status == "default"), None)


def find_response(operation: Operation, code: int) -> Response | None:
    exact = next((r for r in operation.responses if r.status == str(code)), None)
    if exact is not None:
        return exact
    ranged = next((r for r in operation.responses if r.status.upper() == f"{code // 100}XX"), None)
    if ranged is not None:
        return ranged
    return next((r for r in operation.responses if r.status == "default"), None)


def _pick_media(response: Response) -> MediaType | None:
    for media in response.content:
        if is_json(media.content_type):
            return media
    return response.content[0] if response.content else None


class ResponseFactory:
    """Everything an operation can answer, prepared once (and per ``Prefer`` variant on demand)."""

    def __init__(self, operation: Operation, seed: int) -> None:
        self.operation = operation
        self.seed = (seed * 1_000_003 + zlib.crc32(f"{operation.method} {operation.path}".encode())) & 0xFFFFFFFF
        self.cache: dict[tuple[int | None, str | None, bool], Prepared] = {}
        self.integration = _mock_integration(operation)
        self.dynamic_count = 0
        self.default = self._build(None, None, False)
        # A paginated list is answered over two pages: a request sending back the continuation (or a
        # non-zero offset) gets the last one.
        self.last_page: Prepared | None = None
        self.page_param = ""
        self.page_in_body = False  # the continuation comes back in the JSON body (DynamoDB's ExclusiveStartKey)
        paging = operation.pagination
        if paging is not None and paging.style != "link" and self.integration is None:
            pages = _two_pages(self.default, paging)
            if pages is not None:
                (self.default, self.last_page), self.page_param = pages, paging.request_param
                self.page_in_body = paging.request_in == "body"
        if (operation.stream or operation.streams_events) and self.integration is None:
            self.default = _streamed(self.default, operation.streams_events)

    def page(self, query: Mapping[str, list[str]], body: bytes = b"") -> Prepared:
        if self.page_in_body:
            # Parsed only for a paginated operation whose continuation goes in the body.
            try:
                data = json.loads(body) if body else None
            except ValueError:
                data = None
            sent_back = data.get(self.page_param) if isinstance(data, dict) else None
            later = sent_back not in (None, "", {}, [], 0)
        else:
            sent = query.get(self.page_param)
            later = bool(sent) and sent != ["0"]
        return self.last_page if self.last_page is not None and later else self.default

    def prefer(self, header: str) -> Prepared:
        """The response a ``Prefer`` header picks; ``PreferError`` for a code that is no final HTTP status."""
        code: int | None = None
        example: str | None = None
        dynamic = False
        for part in re.split(r"[,;]", header):
            name, _, value = part.strip().partition("=")
            name, value = name.strip().lower(), value.strip().strip('"')
            if name == "code":
                # isdecimal() alone admits "²" and other digits int() refuses; the length keeps int() cheap
                if not (len(value) == 3 and value.isascii() and value.isdecimal() and int(value) in PREFER_CODES):
                    raise PreferError(f"Invalid Prefer code {value[:20]!r}: expected an HTTP status from 200 to 599")
                code = int(value)
            elif name == "example":
                example = value
            elif name == "dynamic":
                dynamic = value.lower() == "true"
        if dynamic:
            # Prism's dynamic mode answers new values every time; a counter keeps the sequence reproducible per seed.
            self.dynamic_count += 1
            return self._build(code, example, True, self.dynamic_count)
        key = (code, example, dynamic)
        if key not in self.cache:
            if len(self.cache) > 256:
                self.cache.clear()
            self.cache[key] = self._build(code, example, dynamic)
        return self.cache[key]

    def reset(self) -> None:
        self.dynamic_count = 0

    def _build(self, code: int | None, example: str | None, dynamic: bool, variant: int = 0) -> Prepared:
        if self.integration is not None and code is None and example is None and not dynamic:
            return self.integration
        if code is None:
            response = pick_success(self.operation)
            status = _status_number(response.status) if response is not None else 200
        else:
            response = find_response(self.operation, code)
            status = code
            if response is None:
                phrase = HTTPStatus(code).phrase if code in HTTPStatus._value2member_map_ else "Error"
                return Prepared(status, [(b"content-type", b"application/json")], json.dumps({"message": phrase}).encode())
        if response is None:
            return Prepared(status, [(b"content-type", b"application/json")], b"" if status == 204 else b"{}")
        generator = Generator(self.seed + status + variant * 7919, direction="response")
        headers: Headers = []
        for name, schema in response.headers.items():
            if name.lower() in ("content-type", "content-length", "transfer-encoding"):
                continue
            header_value = generator.value(schema)
            text = (
                json.dumps(header_value) if isinstance(header_value, (dict, list))
                else str(header_value).lower() if isinstance(header_value, bool) else str(header_value)
            )  # fmt: skip
            headers.append((name.lower().encode("latin-1"), text.encode("latin-1", "replace")))
        media = _pick_media(response)
        if status in (204, 304) or media is None:
            return Prepared(status, headers, b"")
        headers.insert(0, (b"content-type", media.content_type.encode("latin-1")))
        value: Any = None
        found = False
        if example is not None:
            if example not in media.examples:
                # Prism refuses an example it does not have rather than answer something else.
                return _prism_error(f"Response for contentType: {media.content_type} and exampleKey: {example} does not exist.")
            value, found = media.examples[example], True
        elif not dynamic and media.examples:
            value, found = next(iter(media.examples.values())), True
        if not found and media.schema is not None:
            value, found = generator.value(media.schema), True
        if not found:
            return Prepared(status, headers, b"")
        return Prepared(status, headers, _encode(value, media.content_type))


def _two_pages(first: Prepared, paging: Pagination) -> tuple[Prepared, Prepared] | None:
    """The first page (with a continuation) and the last (without one, or with no items for an offset)."""
    if not 200 <= first.status < 300:
        return None
    try:
        data = json.loads(first.body)
    except ValueError:
        return None
    last: Any
    if paging.style == "token" and isinstance(data, dict):
        # A continuation the client can send back as it came: an object where one was generated
        # (LastEvaluatedKey), a string otherwise.
        token = data.get(paging.next_field) or ({"page": 2} if isinstance(data.get(paging.next_field), dict) else "page-2")
        data = {**data, paging.next_field: token}
        last = {k: v for k, v in data.items() if k != paging.next_field}
    elif paging.style == "offset" and isinstance(data, dict) and paging.items:
        last = {**data, paging.items: []}
    elif paging.style == "offset" and isinstance(data, list) and not paging.items:
        last = []
    else:
        return None
    return Prepared(first.status, first.headers, _encode(data, "application/json")), Prepared(first.status, first.headers, _encode(last, "application/json"))


def _streamed(answer: Prepared, events: bool) -> Prepared:
    """A streamed operation's answer in parts: as server-sent events (three, numbered, each line of a text
    that is not an event stream already one ``data`` line), or its body in up to four pieces."""
    if not 200 <= answer.status < 300:
        return answer
    body = answer.body
    if events and b"data:" not in body:
        text = body.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
        data = "".join(f"data: {line}\n" for line in text.split("\n"))
        chunks = tuple(f"id: {n}\nevent: message\n{data}\n".encode() for n in range(1, 4))
    else:
        size = max(1, -(-len(body) // 4))
        chunks = tuple(body[i : i + size] for i in range(0, len(body), size)) or (b"",)
    return Prepared(answer.status, answer.headers, b"".join(chunks), chunks)


def _prism_error(detail: str) -> Prepared:
    """Prism's answer when a Prefer asks for something the definition lacks: 500, problem+json."""
    body = {"type": "https://stoplight.io/prism/errors#NOT_FOUND", "title": "The server cannot find the requested content",
            "status": 500, "detail": detail}  # fmt: skip
    return Prepared(500, [(b"content-type", b"application/problem+json")], json.dumps(body).encode())


def _encode(value: Any, content_type: str) -> bytes:
    if is_json(content_type):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode()  # text, or a binary payload (``format: binary``) stood in for by its example bytes
    if content_type.startswith("text/") and value is not None:
        return json.dumps(value).encode()
    return b""


def _mock_integration(operation: Operation) -> Prepared | None:
    integration = operation.integration
    if not integration or str(integration.get("type", "")).lower() != "mock":
        return None
    wanted = "200"
    requests = integration.get("requestTemplates")
    if isinstance(requests, dict):
        for template in requests.values():
            match = re.search(r'"?statusCode"?\s*:\s*(\d{3})', str(template))
            if match:
                wanted = match.group(1)
                break
    responses = integration.get("responses")
    if not isinstance(responses, dict) or not responses:
        return Prepared(int(wanted), [], b"")
    # Integration responses are keyed by selection pattern: a regex the integration's status code must match
    # in full; "default" catches the rest.
    chosen: Any = None
    for pattern, candidate in responses.items():
        if pattern == "default" or not isinstance(candidate, dict):
            continue
        try:
            if re.fullmatch(str(pattern), wanted):
                chosen = candidate
                break
        except re.error:
            continue
    if chosen is None:
        chosen = responses.get("default") if isinstance(responses.get("default"), dict) else None
    if chosen is None:
        # API Gateway: "No match for output mapping and no default output mapping", a configuration error.
        return Prepared(500, [(b"content-type", b"application/json")], b'{"message": "Internal server error"}')
    if not isinstance(chosen, dict):
        return Prepared(int(wanted), [], b"")
    try:
        status = int(chosen.get("statusCode", wanted))
    except (TypeError, ValueError):
        status = int(wanted)
    headers: Headers = []
    params = chosen.get("responseParameters")
    if isinstance(params, dict):
        for key, raw in params.items():
            match = re.fullmatch(r"method\.response\.header\.(.+)", str(key))
            text = str(raw)
            if match and len(text) >= 2 and text[0] == text[-1] == "'":
                headers.append((match.group(1).lower().encode("latin-1"), text[1:-1].encode("latin-1", "replace")))
    templates = chosen.get("responseTemplates")
    body = b""
    if isinstance(templates, dict) and templates:
        content_type = "application/json" if "application/json" in templates else str(next(iter(templates)))
        template = templates[content_type]
        body = str(template).encode() if template is not None else b""
        headers.insert(0, (b"content-type", content_type.encode("latin-1")))
    return Prepared(status, headers, body)
