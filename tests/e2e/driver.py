"""Run inside a venv where a generated client is installed: call every operation, sync and async.

    python driver.py SPEC PACKAGE BASE_URL CREDENTIALS_JSON [API]

(API: the template's API, when SPEC is a template with several.)

Arguments are built from the definition (examples, else values generated from the schemas, as the
mock does); every response is parsed into the generated models and compared with the raw JSON.
Prints one JSON line per call and exits 1 if any call failed.
"""

from __future__ import annotations

import asyncio
import datetime
import enum
import importlib
import json
import sys
import time
import uuid
from typing import Any

import jwt

from sdkgen.mock.responses import Generator
from sdkgen.model import Api, Operation
from sdkgen.parse import load_api
from sdkgen.sources import TemplateOptions, open_source


def arguments(operation: Operation, seed: int) -> tuple[list[Any], dict[str, Any]]:
    generator = Generator(seed)
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for param in operation.parameters:
        if param.location == "path":
            value = param.examples[0] if param.examples else generator.value(param.schema)
            positional.append(str(value) if param.greedy else value)
        elif param.required:
            keywords[param.py_name] = param.examples[0] if param.examples else generator.value(param.schema)
    body = operation.body
    if body is not None and body.schema is not None:
        value = generator.value(body.schema)
        if body.kind == "multipart" and isinstance(value, dict):
            value = {k: (b"file-bytes" if body.schema.property(k) and body.schema.property(k).schema.format == "binary" else v)  # type: ignore[union-attr]
                     for k, v in value.items()}  # fmt: skip
        keywords["body"] = value
    elif body is not None and body.required:
        keywords["body"] = b"raw-bytes" if body.kind == "binary" else "text"
    return positional, keywords


def same(parsed: Any, raw: Any) -> bool:
    """Whether a parsed value, turned back into JSON, says what the wire said (timestamps normalised)."""
    if hasattr(parsed, "to_dict"):
        parsed = parsed.to_dict()
    if isinstance(parsed, list) and isinstance(raw, list):
        return len(parsed) == len(raw) and all(same(p, r) for p, r in zip(parsed, raw))
    if isinstance(parsed, dict) and isinstance(raw, dict):
        return parsed.keys() == raw.keys() and all(same(parsed[k], raw[k]) for k in raw)
    if isinstance(parsed, enum.Enum):
        parsed = parsed.value
    if isinstance(parsed, (datetime.datetime, datetime.date)):
        parsed = parsed.isoformat()
    elif isinstance(parsed, uuid.UUID):
        parsed = str(parsed)
    if isinstance(parsed, str) and isinstance(raw, str) and parsed != raw:
        try:
            return datetime.datetime.fromisoformat(parsed.replace("Z", "+00:00")) == datetime.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return False
    numbers = (int, float)
    if isinstance(parsed, bool) or isinstance(raw, bool):
        return parsed is raw
    if isinstance(parsed, numbers) and isinstance(raw, numbers):
        return parsed == raw
    return type(parsed) is type(raw) and parsed == raw


def token_kind(api: Api, operation: Operation) -> str:
    """The Cognito token the operation takes, as the model says (an ID token unless it lists scopes)."""
    kinds = [api.security_schemes[n].token_kind(s) for alt in operation.security for n, s in alt.items() if n in api.security_schemes]
    return next((k for k in kinds if k), "id")


def client_options(api: Api, credentials: dict[str, Any], kind: str = "id") -> dict[str, Any]:
    options: dict[str, Any] = {"api_key": credentials.get("api_key")}
    secret = credentials.get("jwt_secret")
    if secret:
        def token() -> str:
            now = int(time.time())
            claims: dict[str, Any] = {"sub": "e2e", "iat": now, "exp": now + 600, "scope": " ".join(credentials.get("scopes", []))}
            if kind == "access":
                claims.update(token_use="access", client_id=credentials["audience"])
            else:
                claims.update(token_use="id", aud=credentials["audience"])
            if credentials.get("issuer"):
                claims["iss"] = credentials["issuer"]
            return jwt.encode(claims, secret, algorithm="HS256")

        options["token"] = token
    for scheme in api.security_schemes.values():
        if scheme.kind == "lambda":
            options[scheme.credential] = credentials.get("lambda_identity")
        if scheme.kind == "sigv4":
            options.update(aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="e2e-secret", aws_region="us-east-1")
    return options


def main() -> int:
    spec, package_name, base_url, credentials_json = sys.argv[1:5]
    api = load_api(open_source(spec, TemplateOptions(api=sys.argv[5]) if len(sys.argv) > 5 else None), strict=False).api
    package = importlib.import_module(package_name)
    credentials = json.loads(credentials_json)
    # A Cognito method without scopes takes ID tokens, one with scopes access tokens: a client for each.
    options = {kind: client_options(api, credentials, kind) for kind in ("id", "access")}
    failures = 0

    def report(mode: str, operation: Operation, ok: bool, detail: str = "") -> None:
        nonlocal failures
        failures += 0 if ok else 1
        print(json.dumps({"mode": mode, "operation": operation.py_name, "ok": ok, "detail": detail}))

    def check(mode: str, operation: Operation, raw: Any) -> None:
        if not 200 <= raw.status_code < 300:
            report(mode, operation, False, f"status {raw.status_code}")
            return
        parsed = raw.parse()
        body = raw.http_response.content
        if body and "json" in raw.headers.get("content-type", ""):
            wire = json.loads(body)
            report(mode, operation, same(parsed, wire), f"parsed {parsed!r:.200} vs wire {wire!r:.200}")
        else:
            report(mode, operation, True)

    with package.Client(base_url, **options["id"]) as id_client, package.Client(base_url, **options["access"]) as access_client:
        for index, operation in enumerate(api.operations):
            args, kwargs = arguments(operation, index)
            client = access_client if token_kind(api, operation) == "access" else id_client
            try:
                check("sync", operation, getattr(client.with_raw_response, operation.py_name)(*args, **kwargs))
                getattr(client, operation.py_name)(*args, **kwargs)  # the parsed path too
            except Exception as exc:  # noqa: BLE001 - report, then carry on with the other operations
                report("sync", operation, False, f"{type(exc).__name__}: {exc}")

    async def run_async() -> None:
        async with package.AsyncClient(base_url, **options["id"]) as id_client, package.AsyncClient(base_url, **options["access"]) as access_client:
            for index, operation in enumerate(api.operations):
                args, kwargs = arguments(operation, index)
                client = access_client if token_kind(api, operation) == "access" else id_client
                try:
                    check("async", operation, await getattr(client.with_raw_response, operation.py_name)(*args, **kwargs))
                except Exception as exc:  # noqa: BLE001
                    report("async", operation, False, f"{type(exc).__name__}: {exc}")

    asyncio.run(run_async())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
