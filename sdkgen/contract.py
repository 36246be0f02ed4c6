"""Provider-side contract verification: call a deployed (or mock) API and check it keeps its definition.

For each operation it can build valid inputs for (from examples, else generated from the schemas), it
sends requests and checks the answer: a documented status, a documented content type, and a body
that validates against the documented schema.
"""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from .mock.responses import Generator, find_response
from .mock.validation import validate_value
from .model import Api, Operation, Parameter, Schema, SecurityScheme, is_json

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE", "ANY"})


@dataclass
class Credentials:
    api_key: str | None = None
    token: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class OperationResult:
    key: str  # "GET /products/{productId}"
    requests: int = 0
    passed: int = 0
    failed: int = 0
    violations: list[str] = field(default_factory=list)
    skipped: str = ""  # why the operation was not called
    seconds: float = 0.0

    @property
    def first_violation(self) -> str:
        return self.violations[0] if self.violations else ""


def operation_key(operation: Operation) -> str:
    return f"{operation.method} {operation.path}"


def verify(
    api: Api,
    url: str,
    credentials: Credentials,
    *,
    operations: Sequence[str] = (),
    max_examples: int = 3,
    include_unsafe: bool = False,
    seed: int = 0,
    timeout: float = 10.0,
    http: httpx.Client | None = None,
) -> list[OperationResult]:
    wanted = {" ".join(o.split()) for o in operations}
    client = http or httpx.Client(timeout=timeout)
    results: list[OperationResult] = []
    try:
        for operation in api.operations:
            key = operation_key(operation)
            if wanted and key not in wanted:
                continue
            result = OperationResult(key)
            results.append(result)
            if operation.method in UNSAFE and not include_unsafe:
                result.skipped = "unsafe method (use --include-unsafe)"
                continue
            if operation.security and all(
                any(api.security_schemes[n].kind == "sigv4" for n in alt if n in api.security_schemes)
                for alt in operation.security
            ):
                result.skipped = "needs SigV4 signing, which contract does not do yet"
                continue
            started = time.perf_counter()
            for index in range(max(1, max_examples)):
                try:
                    request = _build_request(client, api, operation, url, credentials, seed + index, use_examples=index == 0)
                except _NoInput as exc:
                    result.skipped = str(exc)
                    break
                try:
                    response = client.send(request)
                except httpx.HTTPError as exc:
                    result.requests += 1
                    result.failed += 1
                    result.violations.append(f"request failed: {exc}")
                    continue
                result.requests += 1
                problems = check_response(operation, response)
                if problems:
                    result.failed += 1
                    result.violations.extend(f"{request.method} {request.url.path}: {p}" for p in problems)
                else:
                    result.passed += 1
            result.seconds = time.perf_counter() - started
    finally:
        if http is None:
            client.close()
    return results


class _NoInput(Exception):
    """No valid input can be built for this operation."""


def _value(schema: Schema, examples: list[Any], generator: Generator, use_examples: bool) -> Any:
    if use_examples:
        for candidate in examples + schema.examples:
            if not validate_value(schema, candidate):
                return candidate
    return generator.value(schema)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _build_request(
    client: httpx.Client, api: Api, operation: Operation, url: str, credentials: Credentials, seed: int, *, use_examples: bool
) -> httpx.Request:
    generator = Generator(seed)
    path = operation.path
    query: list[tuple[str, str | int | float | bool | None]] = []
    headers: dict[str, str] = {}
    for param in operation.parameters:
        if not param.required and not param.examples:
            continue
        value = _param_value(param, generator, use_examples)
        if param.location == "path":
            token = "{" + param.name + ("+}" if param.greedy else "}")
            path = path.replace(token, quote(_text(value), safe="/" if param.greedy else ""))
        elif param.location == "query":
            values = value if isinstance(value, list) else [value]
            query.extend((param.name, _text(v)) for v in values)
        elif param.location == "header":
            headers[param.name] = ",".join(map(_text, value)) if isinstance(value, list) else _text(value)
    content: bytes | None = None
    body = operation.body
    if body is not None and (body.required or use_examples):
        if body.kind != "json" or body.schema is None:
            if body.required:
                raise _NoInput(f"cannot build a {body.content_type} body")
        else:
            examples = [v for m in body.media_types for v in m.examples.values()]
            content = json.dumps(_value(body.schema, examples, generator, use_examples)).encode()
            headers["Content-Type"] = body.content_type
    headers.update(_auth_headers(api, operation, credentials))
    headers.update(credentials.headers)
    method = "GET" if operation.method == "ANY" else operation.method
    return client.build_request(method, url.rstrip("/") + path, params=query, headers=headers, content=content)


def _param_value(param: Parameter, generator: Generator, use_examples: bool) -> Any:
    try:
        return _value(param.schema, param.examples, generator, use_examples)
    except Exception as exc:  # noqa: BLE001 - the generator gives up on unsatisfiable schemas
        raise _NoInput(f"no valid value for parameter {param.name!r}: {exc}") from None


def _auth_headers(api: Api, operation: Operation, credentials: Credentials) -> dict[str, str]:
    headers: dict[str, str] = {}
    for alternative in operation.security[:1]:
        for name in alternative:
            scheme: SecurityScheme | None = api.security_schemes.get(name)
            if scheme is None or scheme.location != "header":
                continue
            if scheme.kind == "api_key" and credentials.api_key:
                headers[scheme.param_name] = credentials.api_key
            elif scheme.kind == "bearer" and credentials.token:
                headers["Authorization"] = f"Bearer {credentials.token}"
            elif scheme.kind in ("raw_token", "lambda") and credentials.token:
                headers[scheme.param_name] = credentials.token
    return headers


def check_response(operation: Operation, response: httpx.Response) -> list[str]:
    """What in ``response`` breaks the definition of ``operation``."""
    documented = find_response(operation, response.status_code)
    if documented is None:
        return [f"status {response.status_code} is not documented"]
    problems: list[str] = []
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if documented.content and response.content:
        declared = [m.content_type.split(";", 1)[0].strip().lower() for m in documented.content]
        if not any(d == content_type or d in ("*/*", "") or (d.endswith("/*") and content_type.startswith(d[:-1])) for d in declared):
            problems.append(f"content type {content_type or 'none'!r} is not one of {declared}")
    schema = documented.schema
    if schema is not None and is_json(content_type or "application/json"):
        try:
            body = response.json()
        except ValueError:
            return problems + ["the body is not valid JSON"]
        problems.extend(f"body {p}" for p in validate_value(schema, body)[:5])
    return problems


def junit_report(results: list[OperationResult], path: Path, suite: str) -> None:
    cases = ET.Element(
        "testsuite",
        name=suite,
        tests=str(len(results)),
        failures=str(sum(1 for r in results if r.failed)),
        skipped=str(sum(1 for r in results if r.skipped and not r.requests)),
    )
    for result in results:
        case = ET.SubElement(cases, "testcase", classname=suite, name=result.key, time=f"{result.seconds:.3f}")
        if result.failed:
            failure = ET.SubElement(case, "failure", message=result.first_violation[:500])
            failure.text = "\n".join(result.violations)
        elif result.skipped and not result.requests:
            ET.SubElement(case, "skipped", message=result.skipped)
    ET.ElementTree(cases).write(path, encoding="utf-8", xml_declaration=True)
