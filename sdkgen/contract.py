"""Provider-side contract verification: call a deployed (or mock) API and check it keeps its definition.

For each operation it can build valid inputs for (from examples, else generated from the schemas), it
sends requests and checks the answer: a documented status, a documented content type, and a body
that validates against the documented schema.

With ``negative`` it also checks that the API refuses what its definition forbids: each protected
operation called without credentials and with wrong ones must get 401 or 403, and a body that breaks
its schema must get 400 where a request validator checks bodies. Each such check is its own result.

IAM (SigV4) operations are signed with the runtime's signer (templates/runtime/_sigv4.py, the code
generated clients ship), loaded from that one file, with credentials from the standard AWS sources.
"""

from __future__ import annotations

import base64
import configparser
import importlib.util
import json
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import httpx

from .mock.responses import Generator, find_response
from .mock.validation import validate_value
from .model import Api, Operation, Parameter, RequestBody, Schema, SecurityScheme, is_json

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE", "ANY"})
REFUSED = (401, 403)
# The names of the negative checks, as the table and the JUnit report show them.
NO_CREDENTIALS, WRONG_KEY, INVALID_BODY = "no credentials", "wrong key", "invalid body"
_SIGNER_MODULE = "sdkgen._runtime_sigv4"
NO_AWS_CREDENTIALS = (
    "needs SigV4 signing: no AWS credentials found (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
    "or a profile in the shared credentials file)"
)


class ContractError(Exception):
    """A problem with what contract was given (not with the API): said in one line."""


@dataclass
class Credentials:
    api_key: str | None = None
    token: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    aws: Any = None  # the runtime's AwsCredentials, for SigV4 operations
    # For requirements that name OAuth scopes (a Cognito authorizer then takes an access token, and an ID token
    # elsewhere); either token alone goes everywhere.
    access_token: str | None = None

    def token_for(self, scopes: Sequence[str]) -> str | None:
        """The token to send for a requirement with these scopes."""
        if self.access_token is not None and (scopes or self.token is None):
            return self.access_token
        return self.token


def runtime_signer() -> ModuleType:
    """The SigV4 signer generated clients ship, loaded from templates/runtime/_sigv4.py (one implementation)."""
    loaded = sys.modules.get(_SIGNER_MODULE)
    if loaded is not None:
        return loaded
    from .generate.render import TEMPLATES

    spec = importlib.util.spec_from_file_location(_SIGNER_MODULE, TEMPLATES / "runtime" / "_sigv4.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[_SIGNER_MODULE] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def aws_credentials(environ: Mapping[str, str] | None = None) -> Any:
    """AWS credentials from the standard sources, as the AWS CLI orders them; None when there are none.

    First ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` (and ``AWS_SESSION_TOKEN``), then the profile
    ``AWS_PROFILE`` (else ``default``) of the shared credentials file (``AWS_SHARED_CREDENTIALS_FILE``,
    else ~/.aws/credentials). A profile that was asked for and is not there is an error.
    """
    env = os.environ if environ is None else environ
    signer = runtime_signer()
    key, secret = env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")
    if key and secret:
        return signer.AwsCredentials(key, secret, env.get("AWS_SESSION_TOKEN") or None)
    profile = env.get("AWS_PROFILE") or env.get("AWS_DEFAULT_PROFILE")
    path = Path(env.get("AWS_SHARED_CREDENTIALS_FILE") or Path("~/.aws/credentials")).expanduser()
    parser = configparser.RawConfigParser()
    try:
        parser.read_string(path.read_text(encoding="utf-8"), str(path))
    except FileNotFoundError:
        if profile:
            raise ContractError(f"AWS_PROFILE is {profile!r} but {path} does not exist") from None
        return None
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        raise ContractError(f"cannot read the AWS credentials file {path}: {exc}") from None
    name = profile or "default"
    if not parser.has_section(name):
        if profile:
            raise ContractError(f"AWS_PROFILE is {profile!r} but {path} has no [{profile}] profile")
        return None
    section = parser[name]
    key, secret = section.get("aws_access_key_id"), section.get("aws_secret_access_key")
    if not (key and secret):
        raise ContractError(f"{path}: profile [{name}] needs aws_access_key_id and aws_secret_access_key")
    return signer.AwsCredentials(key.strip(), secret.strip(), (section.get("aws_session_token") or "").strip() or None)


@dataclass
class OperationResult:
    key: str  # "GET /products/{productId}"
    check: str = ""  # "" for the answers to valid requests, else the negative check's name
    requests: int = 0
    passed: int = 0
    failed: int = 0
    violations: list[str] = field(default_factory=list)
    skipped: str = ""  # why the operation was not called
    seconds: float = 0.0

    @property
    def first_violation(self) -> str:
        return self.violations[0] if self.violations else ""

    @property
    def name(self) -> str:
        return f"{self.key} [{self.check}]" if self.check else self.key


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
    negative: bool = False,
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
            unsafe = operation.method in UNSAFE and not include_unsafe
            alternative = _alternative(api, operation, credentials)
            if unsafe:
                result.skipped = "unsafe method (use --include-unsafe)"
            elif alternative is None:
                result.skipped = NO_AWS_CREDENTIALS
            else:
                _run_positive(client, api, operation, url, credentials, alternative, result, max_examples, seed)
            if negative:
                results.extend(_run_negative(client, api, operation, url, credentials, alternative, seed, unsafe))
    finally:
        if http is None:
            client.close()
    return results


def _run_positive(
    client: httpx.Client, api: Api, operation: Operation, url: str, credentials: Credentials,
    alternative: dict[str, list[str]], result: OperationResult, max_examples: int, seed: int,
) -> None:  # fmt: skip
    started = time.perf_counter()
    auth = _auth(api, alternative, credentials)
    for index in range(max(1, max_examples)):
        try:
            request = _build_request(client, operation, url, credentials.headers, auth, seed + index, use_examples=index == 0)
        except _NoInput as exc:
            result.skipped = str(exc)
            break
        response = _send(client, request, result)
        if response is None:
            continue
        problems = check_response(operation, response)
        if problems:
            result.failed += 1
            result.violations.extend(f"{request.http.method} {request.http.url.path}: {p}" for p in problems)
        else:
            result.passed += 1
    result.seconds = time.perf_counter() - started


def _send(client: httpx.Client, request: _Built, result: OperationResult) -> httpx.Response | None:
    """The answer, counted in ``result``; None (and a violation) when there was none."""
    result.requests += 1
    try:
        # Signed last and right before sending: the signature covers every header and the body,
        # and AWS refuses signatures more than five minutes old.
        if request.aws is not None:
            runtime_signer().sign(request.http, request.aws)
        return client.send(request.http)
    except httpx.HTTPError as exc:
        result.failed += 1
        result.violations.append(f"request failed: {exc}")
        return None


def _run_negative(
    client: httpx.Client, api: Api, operation: Operation, url: str, credentials: Credentials,
    alternative: dict[str, list[str]] | None, seed: int, unsafe: bool,
) -> list[OperationResult]:  # fmt: skip
    """The negative checks of ``operation``, each its own result."""
    key = operation_key(operation)
    checks: list[tuple[str, _Auth | None]] = []
    protected = bool(operation.security) and all(operation.security)  # an empty alternative makes auth optional
    if protected:
        first = alternative if alternative is not None else operation.security[0]
        checks += [(NO_CREDENTIALS, _Auth()), (WRONG_KEY, _wrong_auth(api, first, credentials))]
    body = operation.body
    if operation.validator is not None and operation.validator.body and body is not None:
        checks.append((INVALID_BODY, None if alternative is None else _auth(api, alternative, credentials)))
    results: list[OperationResult] = []
    # A user header that carries a credential would defeat "without credentials".
    auth_names = {s.param_name.lower() for alt in operation.security for n in alt if (s := api.security_schemes.get(n))}
    user_headers = {k: v for k, v in credentials.headers.items() if k.lower() not in auth_names}
    for check, auth in checks:
        result = OperationResult(key, check)
        results.append(result)
        if unsafe:
            result.skipped = "unsafe method (use --include-unsafe)"
            continue
        if auth is None:
            result.skipped = NO_AWS_CREDENTIALS
            continue
        started = time.perf_counter()
        try:
            if check == INVALID_BODY:
                assert body is not None
                content = _invalid_body(body)
                request = _build_request(client, operation, url, credentials.headers, auth, seed, use_examples=True, content=content)
            else:
                request = _build_request(client, operation, url, user_headers, auth, seed, use_examples=True)
        except _NoInput as exc:
            result.skipped = str(exc)
            continue
        response = _send(client, request, result)
        result.seconds = time.perf_counter() - started
        if response is None:
            continue
        expected = (400,) if check == INVALID_BODY else REFUSED
        if response.status_code in expected:
            result.passed += 1
        else:
            result.failed += 1
            wanted = " or ".join(map(str, expected))
            result.violations.append(
                f"{request.http.method} {request.http.url.path}: answered {response.status_code} with {check}; expected {wanted}"
            )
    return results


def _invalid_body(body: RequestBody) -> bytes:
    """A JSON body that its schema refuses."""
    if body.kind != "json" or body.schema is None:
        raise _NoInput(f"no schema to break for a {body.content_type} body")
    # Values of each JSON type: whatever the schema asks for, one of them is wrong.
    candidates: tuple[Any, ...] = ({}, [], "sdkgen-not-valid", 12345, None, True, {"sdkgen-not-a-property": 1})
    for candidate in candidates:
        if validate_value(body.schema, candidate):
            return json.dumps(candidate).encode()
    raise _NoInput("the body's schema accepts any JSON value")


class _NoInput(Exception):
    """No valid input can be built for this operation."""


@dataclass
class _Auth:
    """What a request carries to authenticate: headers, and credentials to sign it with."""

    headers: dict[str, str] = field(default_factory=dict)
    aws: Any = None


@dataclass
class _Built:
    http: httpx.Request
    aws: Any


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
    client: httpx.Client, operation: Operation, url: str, extra: Mapping[str, str], auth: _Auth, seed: int, *,
    use_examples: bool, content: bytes | None = None,
) -> _Built:  # fmt: skip
    """The request, unsigned; ``content`` replaces the body built from the definition."""
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
    body = operation.body
    if content is not None and body is not None:
        headers["Content-Type"] = body.content_type
    elif body is not None and (body.required or use_examples):
        if body.kind != "json" or body.schema is None:
            if body.required:
                raise _NoInput(f"cannot build a {body.content_type} body")
        else:
            examples = [v for m in body.media_types for v in m.examples.values()]
            content = json.dumps(_value(body.schema, examples, generator, use_examples)).encode()
            headers["Content-Type"] = body.content_type
    headers.update(auth.headers)
    headers.update(extra)
    method = "GET" if operation.method == "ANY" else operation.method
    request = client.build_request(method, url.rstrip("/") + path, params=query, headers=headers, content=content)
    return _Built(request, auth.aws)


def _param_value(param: Parameter, generator: Generator, use_examples: bool) -> Any:
    try:
        return _value(param.schema, param.examples, generator, use_examples)
    except Exception as exc:  # noqa: BLE001 - the generator gives up on unsatisfiable schemas
        raise _NoInput(f"no valid value for parameter {param.name!r}: {exc}") from None


def _has(scheme: SecurityScheme | None, scopes: Sequence[str], credentials: Credentials) -> bool:
    if scheme is None or scheme.kind == "basic":
        return True  # nothing contract can send for it: --header may
    if scheme.kind == "api_key":
        return credentials.api_key is not None
    if scheme.kind == "sigv4":
        return credentials.aws is not None
    return credentials.token_for(scopes) is not None


def _alternative(api: Api, operation: Operation, credentials: Credentials) -> dict[str, list[str]] | None:
    """The requirement set to meet: the first the credentials satisfy, else the first that needs no
    SigV4 (sent with what there is); None when every one needs SigV4 and there are no AWS credentials."""
    if not operation.security:
        return {}
    for alternative in operation.security:
        if all(_has(api.security_schemes.get(n), scopes, credentials) for n, scopes in alternative.items()):
            return alternative
    for alternative in operation.security:
        if not any((s := api.security_schemes.get(n)) is not None and s.kind == "sigv4" for n in alternative):
            return alternative
    return None


def _auth(api: Api, alternative: dict[str, list[str]], credentials: Credentials) -> _Auth:
    auth = _Auth()
    for name, scopes in alternative.items():
        scheme: SecurityScheme | None = api.security_schemes.get(name)
        if scheme is None:
            continue
        token = credentials.token_for(scopes)
        if scheme.kind == "sigv4":
            auth.aws = credentials.aws
        elif scheme.location != "header":
            continue
        elif scheme.kind == "api_key" and credentials.api_key:
            auth.headers[scheme.param_name] = credentials.api_key
        elif scheme.kind == "bearer" and token:
            auth.headers["Authorization"] = f"Bearer {token}"
        elif scheme.kind in ("raw_token", "lambda") and token:
            auth.headers[scheme.param_name] = token
    return auth


def _wrong_auth(api: Api, alternative: dict[str, list[str]], credentials: Credentials) -> _Auth:
    """Credentials of the right shape that the API must not accept: another API key, the token with its
    signature altered, a basic password that is not it, and for SigV4 a secret that does not match the key."""
    wrong = Credentials(
        api_key=f"sdkgen-wrong-{credentials.api_key or 'key'}-0123456789",
        token=_wrong_token(credentials.token),
        access_token=_wrong_token(credentials.access_token) if credentials.access_token is not None else None,
        aws=runtime_signer().AwsCredentials(
            credentials.aws.access_key_id if credentials.aws is not None else "AKIDSDKGENCONTRACT00",
            "sdkgen-contract-wrong-secret",
            credentials.aws.session_token if credentials.aws is not None else None,
        ),
    )
    auth = _auth(api, alternative, wrong)
    for name in alternative:
        scheme = api.security_schemes.get(name)
        if scheme is not None and scheme.kind == "basic" and scheme.location == "header":
            auth.headers[scheme.param_name] = "Basic " + base64.b64encode(b"sdkgen-contract:wrong-password").decode()
    return auth


def _wrong_token(token: str | None) -> str:
    parts = (token or "").split(".")
    if len(parts) == 3 and parts[2]:
        # The same claims, a signature that is not theirs: only a verifying API refuses it.
        signature = parts[2]
        parts[2] = ("B" if signature[0] != "B" else "C") + signature[1:]
        return ".".join(parts)
    if token:
        return "sdkgen-wrong-" + token
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
    claims = base64.urlsafe_b64encode(json.dumps({"sub": "sdkgen-contract", "exp": int(time.time()) + 600}).encode())
    return f"{header}.{claims.rstrip(b'=').decode()}.c2lnbmVkLXdpdGgtbm8ta2V5LWF0LWFsbA"


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
        case = ET.SubElement(cases, "testcase", classname=suite, name=result.name, time=f"{result.seconds:.3f}")
        if result.failed:
            failure = ET.SubElement(case, "failure", message=result.first_violation[:500])
            failure.text = "\n".join(result.violations)
        elif result.skipped and not result.requests:
            ET.SubElement(case, "skipped", message=result.skipped)
    ET.ElementTree(cases).write(path, encoding="utf-8", xml_declaration=True)
