"""Which operations page their results, and how: detected conservatively, or declared.

Exports carry no pagination metadata. An operation is taken as paginated only when both ends of a
continuation are in the definition: the response carries it (a ``nextToken``-like field, a ``Link`` header,
or the items counted from an ``offset``) and the request has the parameter that sends it back. Its items
are the response's one array property (or, for ``Link`` and ``offset``, a body that is itself an array).

``x-sdkgen-pagination`` on an operation, or ``sdkgen generate --pagination FILE`` (operationId -> the same),
declares ``{style, items, next_field, request_param}`` or ``false`` to turn detection off.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, SpecError, pointer_join
from ..model import Api, Operation, Pagination, Schema

# A response field (normalised: lower case, no "_" or "-") -> the request parameters that send it back.
TOKEN_FIELDS: dict[str, tuple[str, ...]] = {
    "nexttoken": ("nexttoken", "token", "starttoken", "pagetoken"),
    "nextpagetoken": ("pagetoken", "nextpagetoken"),
    "lastevaluatedkey": ("exclusivestartkey",),
    "nextcursor": ("cursor", "nextcursor", "after"),
    "cursor": ("cursor", "after"),
    "next": ("next", "cursor", "after"),
    "continuationtoken": ("continuationtoken",),
    "nextcontinuationtoken": ("continuationtoken",),
}
STYLES = ("token", "cursor", "link", "offset")  # "cursor" is read as "token"
DECLARED_KEYS = frozenset({"style", "items", "next_field", "request_param"})


def _norm(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def _response_schema(op: Operation) -> Schema | None:
    for response in op.success_responses:
        if response.schema is not None:
            return response.schema
    return None


def _arrays(schema: Schema) -> list[str]:
    return [p.name for p in schema.properties if p.schema.type == "array"]


def _request_params(op: Operation) -> dict[str, tuple[str, str]]:
    """Normalised name -> (wire name, "query" or "body") of what a request can send a token in."""
    found: dict[str, tuple[str, str]] = {}
    body = op.body.schema if op.body is not None and op.body.kind == "json" else None
    if body is not None and body.type == "object":
        for prop in body.properties:
            found.setdefault(_norm(prop.name), (prop.name, "body"))
    for param in op.parameters:
        if param.location == "query":
            found[_norm(param.name)] = (param.name, "query")  # a query parameter wins over a body field
    return found


def _has_link_header(op: Operation) -> bool:
    return any(name.lower() == "link" for r in op.success_responses for name in r.headers)


def detect(op: Operation) -> Pagination | None:
    """The pagination the definition shows, or None when it does not show it beyond doubt."""
    if op.method not in ("GET", "POST"):
        return None
    schema = _response_schema(op)
    if schema is None:
        return None
    arrays = _arrays(schema) if schema.type == "object" else []
    items = arrays[0] if len(arrays) == 1 else None
    params = _request_params(op)
    if items is not None:
        for prop in schema.properties:
            wanted = TOKEN_FIELDS.get(_norm(prop.name))
            if wanted is None or prop.schema.type not in ("string", "object", "any"):
                continue
            if prop.schema.format in ("uri", "url"):
                continue  # a URL to call, not a token to send back
            for candidate in wanted:
                if candidate in params:
                    param, where = params[candidate]
                    reason = f"response field {prop.name!r} is sent back as {_what(where)} {param!r}; items in {items!r}"
                    return Pagination("token", items, prop.name, param, "body" if where == "body" else "query", reason)
    list_items = items if items is not None else ("" if schema.type == "array" else None)
    if list_items is None:
        return None
    where_items = f"items in {list_items!r}" if list_items else "the body is the list"
    if op.method == "GET" and _has_link_header(op):
        return Pagination("link", list_items, reason=f"responses declare a Link header; {where_items}")
    offset, limit = params.get("offset"), params.get("limit")
    if offset is not None and limit is not None and offset[1] == limit[1] == "query":
        return Pagination("offset", list_items, request_param=offset[0], reason=f"query parameters 'offset' and 'limit'; {where_items}")
    return None


def _what(where: str) -> str:
    return "body field" if where == "body" else "query parameter"


def declared(op: Operation, value: Any, source: str) -> tuple[Pagination | None, str | None]:
    """``x-sdkgen-pagination``'s (or ``--pagination``'s) value for ``op``: the pagination, or a problem."""
    if value is False:
        return None, None
    if not isinstance(value, Mapping):
        return None, "must be false or a mapping with style, items, next_field, request_param"
    unknown = sorted(str(k) for k in value if k not in DECLARED_KEYS)
    if unknown:
        return None, f"unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(DECLARED_KEYS))}"
    style = value.get("style", "token")
    if style not in STYLES:
        return None, f"style {style!r} is not one of {', '.join(STYLES)}"
    style = "token" if style == "cursor" else style
    for key in ("items", "next_field", "request_param"):
        if key in value and not isinstance(value[key], str):
            return None, f"{key} must be a string"
    schema = _response_schema(op)
    if schema is None:
        return None, f"{op.method} {op.path} has no JSON success response to page through"
    if "items" in value:
        items = value["items"]
        if items == "" and schema.type != "array":
            return None, "items '' means the body is the list, but the response is not an array"
        if items and (schema.type != "object" or items not in _arrays(schema)):
            return None, f"items {items!r} is not an array property of the response (it has: {', '.join(_arrays(schema)) or 'none'})"
    else:
        arrays = _arrays(schema) if schema.type == "object" else []
        if len(arrays) != 1 and schema.type != "array":
            return None, f"give items: the response has {len(arrays)} array properties"
        items = arrays[0] if arrays else ""
    params = _request_params(op)
    exact = {wire: (wire, where) for wire, where in params.values()}
    reason = f"declared in {source}"
    if style == "token":
        next_field, param = value.get("next_field"), value.get("request_param")
        if not next_field or not param:
            return None, "style token needs next_field and request_param"
        if schema.type != "object" or schema.property(next_field) is None:
            return None, f"next_field {next_field!r} is not a property of the response"
        if param not in exact:
            return None, f"request_param {param!r} is neither a query parameter nor a body field of {op.method} {op.path}"
        where = exact[param][1]
        return Pagination("token", items, next_field, param, "body" if where == "body" else "query", reason, source), None
    if style == "offset":
        param = value.get("request_param") or "offset"
        if param not in exact or exact[param][1] != "query":
            return None, f"request_param {param!r} is not a query parameter of {op.method} {op.path}"
        return Pagination("offset", items, request_param=param, reason=reason, source=source), None
    return Pagination("link", items, reason=reason, source=source), None


def decide(op: Operation, raw: Mapping[str, Any]) -> tuple[Pagination | None, str | None]:
    """The operation's pagination: its ``x-sdkgen-pagination``, else what ``detect`` finds; or a problem."""
    if "x-sdkgen-pagination" in raw:
        return declared(op, raw["x-sdkgen-pagination"], "x-sdkgen-pagination")
    return detect(op), None


def apply_file(api: Api, path: Path) -> None:
    """``generate --pagination FILE``: operationId -> a declaration or false, over what the definition says.

    Every problem is reported (located in FILE) before anything is changed.
    """
    from ..load import read_data

    name = str(path)
    data = read_data(path, "a YAML or JSON pagination file")  # its problems located in it, as a definition's
    if data is None:
        return
    if not isinstance(data, dict):
        raise SpecError.single("must be a mapping of operationId to a pagination (or false)", file=name)
    by_id = {op.operation_id: op for op in api.operations if op.operation_id}
    problems: list[Diagnostic] = []
    decided: list[tuple[Operation, Pagination | None]] = []
    for key, value in data.items():
        pointer = pointer_join("", str(key))
        op = by_id.get(str(key))
        if op is None:
            problems.append(Diagnostic("error", f"no operation has operationId {key!r}", file=name, pointer=pointer))
            continue
        pagination, problem = declared(op, value, "--pagination")
        if problem is not None:
            problems.append(Diagnostic("error", f"{key}: {problem}", file=name, pointer=pointer))
        decided.append((op, pagination))
    if problems:
        raise SpecError(problems)
    for op, pagination in decided:
        op.pagination = pagination
