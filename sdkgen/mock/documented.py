"""A copy of a definition that also documents API Gateway's own responses.

Exports document what the backend answers, not the gateway's 400/401/403/413/415/429 (and 5xx for
injected faults). Tools that check every response against the definition (Schemathesis,
``sdkgen contract``) need those documented to judge the mock gateway, or a real one, fairly.

The copy also mends what real exports get wrong for OpenAPI tools, without changing what the API
does: a greedy path variable ``{proxy+}`` becomes ``{proxy}`` (the name its parameter is declared
under), and path variables the export uses but never declares (HTTP API exports) are declared as
required strings.
"""

from __future__ import annotations

import copy
import re
from typing import Any

GATEWAY_STATUSES = {
    "400": "Bad request (API Gateway request validation)",
    "401": "Unauthorized (API Gateway authorizer)",
    "403": "Forbidden (API Gateway: missing or invalid API key, denied, or missing authentication token)",
    "413": "Request too large (API Gateway)",
    "415": "Unsupported media type (API Gateway)",
    "429": "Too many requests or limit exceeded (API Gateway throttling and quotas)",
    "502": "Bad gateway (API Gateway)",
    "503": "Service unavailable",
    "504": "Endpoint request timed out (API Gateway)",
}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "x-amazon-apigateway-any-method")
_MESSAGE = {"type": "object", "properties": {"message": {"type": "string"}, "Message": {"type": "string"}}}
_JSON = "application/json"
_VARIABLE = re.compile(r"\{([^{}]+?)\+?\}")


def with_gateway_responses(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (a 2.0 or 3.x definition) with API Gateway's responses added where not documented."""
    result = copy.deepcopy(data)
    swagger = "swagger" in result
    paths = result.get("paths")
    if isinstance(paths, dict):
        result["paths"] = {openapi_path(path): item for path, item in paths.items()}
    global_produces = result.get("produces") if isinstance(result.get("produces"), list) else []
    for path, item in (result.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method, operation in item.items():
            if method not in METHODS or not isinstance(operation, dict):
                continue
            _declare_path_parameters(str(path), item, operation, swagger)
            responses = operation.setdefault("responses", {})
            if not isinstance(responses, dict):
                continue
            if swagger:
                # 2.0 lists media types per operation, not per response: the gateway's JSON errors need theirs.
                produces = operation.get("produces") or global_produces
                if isinstance(produces, list) and produces and _JSON not in produces:
                    operation["produces"] = [*produces, _JSON]
            for status, description in GATEWAY_STATUSES.items():
                if status in responses:
                    continue
                if swagger:
                    responses[status] = {"description": description, "schema": _MESSAGE}
                else:
                    responses[status] = {"description": description, "content": {_JSON: {"schema": _MESSAGE}}}
    return result


def openapi_path(path: str) -> str:
    """``/files/{proxy+}`` -> ``/files/{proxy}``: OpenAPI has no greedy variables, and the parameter is ``proxy``."""
    return _VARIABLE.sub(lambda m: "{" + m.group(1) + "}", path) if isinstance(path, str) else path


def _declare_path_parameters(path: str, item: dict[str, Any], operation: dict[str, Any], swagger: bool) -> None:
    shared, own = item.get("parameters", []), operation.get("parameters", [])
    if not isinstance(shared, list) or not isinstance(own, list):
        return
    if any(isinstance(p, dict) and "$ref" in p for p in [*shared, *own]):
        return  # a referenced parameter may declare it; leave such definitions as they are
    declared = {p.get("name") for p in [*shared, *own] if isinstance(p, dict) and p.get("in") == "path"}
    for name in _VARIABLE.findall(path):
        if name in declared:
            continue
        parameter: dict[str, Any] = {"name": name, "in": "path", "required": True}
        if swagger:
            parameter["type"] = "string"
        else:
            parameter["schema"] = {"type": "string"}
        own.append(parameter)
        operation["parameters"] = own
