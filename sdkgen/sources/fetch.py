"""``sdkgen fetch``: an API's definition out of an AWS account, and its stage's policies as a mock configuration.

A REST API is exported with ``apigateway get_export`` (OpenAPI 3.0 with API Gateway's extensions), an HTTP API
with ``apigatewayv2 export_api``. boto3 is imported here only, inside ``fetch``: no other command pays for it.
Every AWS or botocore error becomes a ``FetchError`` of one line that says what to do.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from .stack import http_stage_config, stage_config, usage_plan_config

EXTRA = "pip install 'apigw-sdkgen[aws]'"
# get_export's parameters: integrations and authorizers, and "apigateway" for the rest of API Gateway's extensions
# (request validators, API key source, ...).
EXTENSIONS = "integrations,authorizers,apigateway"
FORMATS = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


class FetchError(Exception):
    """One line for the user: what went wrong and what to do."""


@dataclass
class Clients:
    """The two API Gateway clients (``apigateway`` for REST APIs, ``apigatewayv2`` for HTTP APIs)."""

    rest: Any
    http: Any

    @property
    def region(self) -> str:
        return str(self.rest.meta.region_name)

    @property
    def endpoint(self) -> str:
        return str(self.rest.meta.endpoint_url)


@dataclass
class Fetched:
    kind: Literal["REST", "HTTP"]
    name: str
    stage: str | None
    region: str
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the user should know (made-up key values, ...)


def output_format(output: Path) -> str:
    """``json`` or ``yaml``, from the output file's suffix."""
    fmt = FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise FetchError(f"--output {output}: name a .json, .yaml or .yml file (the export's format follows it)")
    return fmt


def make_clients(region: str | None, profile: str | None) -> Clients:
    """boto3's clients with its standard credential chain, ``--profile`` and ``--region`` over it."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError:
        raise FetchError(f"sdkgen fetch needs boto3, which is not installed: {EXTRA}") from None
    # A few quick retries: a throttled or flaky call is retried, an unreachable endpoint fails in seconds.
    config = Config(retries={"mode": "standard", "total_max_attempts": 3}, connect_timeout=10, read_timeout=60)
    with _aws_errors(None, region):
        session = boto3.Session(profile_name=profile, region_name=region)
        rest, http = session.client("apigateway", config=config), session.client("apigatewayv2", config=config)
    return Clients(rest, http)


def fetch(
    api_id: str,
    output: Path,
    *,
    stage: str | None = None,
    region: str | None = None,
    profile: str | None = None,
    mock_config: Path | None = None,
    include_key_values: bool = False,
    clients: Clients | None = None,
) -> Fetched:
    """Export API ``api_id`` (REST or HTTP, found out) into ``output``; with ``mock_config``, write the stage's
    throttling, usage plans and API keys there. Both files are written only once everything was read."""
    fmt = output_format(output)
    for path in (output, mock_config):
        if path is not None and not path.parent.is_dir():
            raise FetchError(f"cannot write {path}: {path.parent} is not a directory")
    if clients is None:
        clients = make_clients(region, profile)
    with _aws_errors(clients.endpoint, clients.region):
        fetched, body, config = _read(clients, api_id, stage, fmt, mock_config is not None, include_key_values)
    files = [(output, body)]
    if mock_config is not None and config is not None:
        files.append((mock_config, _config_text(config, fetched, api_id, include_key_values).encode("utf-8")))
    _write_all(files)
    fetched.written = [path for path, _ in files]
    return fetched


def _read(
    clients: Clients, api_id: str, stage: str | None, fmt: str, want_config: bool, key_values: bool
) -> tuple[Fetched, bytes, dict[str, Any] | None]:
    rest, http = clients.rest, clients.http
    try:
        api = rest.get_rest_api(restApiId=api_id)
    except rest.exceptions.NotFoundException:
        api = None
    if api is not None:
        stages = [s for s in _pages(rest, "get_stages", "item", restApiId=api_id)]
        chosen = _choose_stage(api_id, "REST", stage, [str(s["stageName"]) for s in stages], required=True)
        assert chosen is not None
        fetched = Fetched("REST", str(api.get("name", api_id)), chosen, clients.region)
        export = rest.get_export(
            restApiId=api_id, stageName=chosen, exportType="oas30", parameters={"extensions": EXTENSIONS},
            accepts=f"application/{fmt}",
        )
        body = _body(export)
        config = None
        if want_config:
            stage_data = next(s for s in stages if s["stageName"] == chosen)
            config = _rest_config(rest, api_id, stage_data, key_values, fetched)
        return fetched, body, config
    try:
        v2 = http.get_api(ApiId=api_id)
    except http.exceptions.NotFoundException:
        raise FetchError(
            f"no REST or HTTP API with id {api_id!r} in {clients.region}: check the id "
            "(aws apigateway get-rest-apis, aws apigatewayv2 get-apis) and the region (--region)"
        ) from None
    if v2.get("ProtocolType") != "HTTP":
        raise FetchError(f"{api_id} is a {v2.get('ProtocolType', 'non-HTTP')} API: sdkgen fetch reads REST and HTTP APIs")
    stages = list(_pages(http, "get_stages", "Items", ApiId=api_id))
    chosen = _choose_stage(api_id, "HTTP", stage, [str(s["StageName"]) for s in stages], required=False)
    fetched = Fetched("HTTP", str(v2.get("Name", api_id)), chosen, clients.region)
    arguments: dict[str, Any] = {"ApiId": api_id, "Specification": "OAS30", "OutputType": fmt.upper(), "IncludeExtensions": True}
    if chosen is not None:
        arguments["StageName"] = chosen
    else:
        fetched.notes.append(f"{api_id} has no stage: exported its current routes, without a stage's settings")
    body = _body(http.export_api(**arguments))
    config = None
    if want_config:
        http_stage: dict[str, Any] | None = next((s for s in stages if s["StageName"] == chosen), None)
        config = http_stage_config(http_stage) if http_stage is not None else {}
    return fetched, body, config


def _choose_stage(api_id: str, kind: str, stage: str | None, names: list[str], *, required: bool) -> str | None:
    listed = ", ".join(sorted(names))
    if stage is not None:
        if stage not in names:
            have = f"its stages: {listed}" if names else "it has no stage"
            raise FetchError(f"the {kind} API {api_id} has no stage {stage!r} ({have})")
        return stage
    if len(names) == 1:
        return names[0]
    if len(names) > 1:
        raise FetchError(f"the {kind} API {api_id} has several stages; choose one with --stage ({listed})")
    if required:
        raise FetchError(
            f"the REST API {api_id} has no deployed stage, and only a stage can be exported: deploy it first "
            f"(aws apigateway create-deployment --rest-api-id {api_id} --stage-name NAME)"
        )
    return None


def _pages(client: Any, operation: str, key: str, **arguments: Any) -> Iterator[dict[str, Any]]:
    if client.can_paginate(operation):
        for page in client.get_paginator(operation).paginate(**arguments):
            yield from page.get(key) or []
    else:
        yield from getattr(client, operation)(**arguments).get(key) or []


def _body(response: dict[str, Any]) -> bytes:
    body = response.get("body", b"")
    data = body.read() if hasattr(body, "read") else body
    if not data:
        raise FetchError("API Gateway returned an empty export")
    return bytes(data)


def _capitalised(value: Any) -> Any:
    """API Gateway's API names fields as CloudFormation does with a lower-case first letter: ``rateLimit``."""
    if isinstance(value, dict):
        return {(k[:1].upper() + k[1:] if k[:1].isalpha() else k): _capitalised(v) for k, v in value.items()}
    return value


def _rest_config(rest: Any, api_id: str, stage: dict[str, Any], key_values: bool, fetched: Fetched) -> dict[str, Any]:
    name = str(stage["stageName"])
    config: dict[str, Any] = {}
    items = []
    for key, settings in (stage.get("methodSettings") or {}).items():
        path, _, method = str(key).rpartition("/")  # "*/*" or "~1products~1{id}/GET"
        items.append({"ResourcePath": "/" + path, "HttpMethod": method, **_capitalised(settings)})
    settings = stage_config(items, stage.get("variables"))
    if settings:
        config["stages"] = {name: settings}
    plans: dict[str, Any] = {}
    keys: list[dict[str, Any]] = []
    for plan in _pages(rest, "get_usage_plans", "items"):
        attached = [s for s in plan.get("apiStages") or [] if s.get("apiId") == api_id and s.get("stage") == name]
        if not attached:
            continue
        label = str(plan.get("name") or plan["id"])
        if label in plans:
            label = f"{label} ({plan['id']})"  # names need not be unique; ids are
        plan = _capitalised(plan)
        plans[label] = usage_plan_config(plan.get("Throttle"), plan.get("Quota"), _capitalised(attached[0].get("throttle")))
        for key in _pages(rest, "get_usage_plan_keys", "items", usagePlanId=plan["Id"]):
            if key.get("type", "API_KEY") != "API_KEY" or any(k["id"] == key["id"] for k in keys):
                continue
            if key_values:
                value = key.get("value") or rest.get_api_key(apiKey=key["id"], includeValue=True).get("value")
            else:
                value = None
            if not value:
                value = secrets.token_urlsafe(24)
                fetched.notes.append(f"API key {key['id']} ({key.get('name', '')}): value made up: {value}")
            keys.append({"id": str(key["id"]), "value": str(value), "usage_plan": label})
    if plans:
        config["usage_plans"] = plans
    if keys:
        config["api_keys"] = keys
    return config


def _config_text(config: dict[str, Any], fetched: Fetched, api_id: str, key_values: bool) -> str:
    from ..mock.config import parse_config

    parse_config(config, origin="the fetched configuration")  # what we write, the mock reads: a failure is ours
    lines = [
        f"# sdkgen mock configuration for the {fetched.kind} API {api_id} ({fetched.name}), stage "
        f"{fetched.stage or '(none)'}, {fetched.region}: written by sdkgen fetch.",
    ]
    if config.get("api_keys") and not key_values:
        lines.append("# API key values are MADE UP (the account's were not read): fill in yours, or fetch again with")
        lines.append("# --include-key-values to have them here (this file then holds secrets).")
    elif config.get("api_keys"):
        lines.append("# This file holds the account's API key values: keep it out of version control.")
    if not config:
        lines.append("# The stage has no throttling, usage plans or API keys to enforce.")
    text = "\n".join(lines) + "\n"
    return text + (yaml.safe_dump(config, sort_keys=False, allow_unicode=True) if config else "{}\n")


def _write_all(files: list[tuple[Path, bytes]]) -> None:
    """Each file whole or not at all: written beside its place, then renamed over it."""
    temporary: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            part = path.with_name(f".{path.name}.sdkgen-{os.getpid()}.part")
            temporary.append((part, path))
            with open(part, "wb") as handle:
                handle.write(data)
        for part, path in temporary:
            os.replace(part, path)
    except BaseException as exc:  # an interrupt too: no part file stays behind
        for part, _ in temporary:
            part.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise FetchError(f"cannot write {exc.filename or files[0][0]}: {exc.strerror or exc}") from None
        raise


@contextlib.contextmanager
def _aws_errors(endpoint: str | None, region: str | None) -> Iterator[None]:
    """Turns botocore's exceptions into one ``FetchError`` line naming what to do; anything else passes."""
    try:
        yield
    except FetchError:
        raise
    except Exception as exc:
        message = _explain(exc, endpoint, region)
        if message is None:
            raise
        raise FetchError(message) from None


def _explain(exc: Exception, endpoint: str | None, region: str | None) -> str | None:
    from botocore import exceptions as bce

    where = f" ({region})" if region else ""
    if isinstance(exc, bce.ProfileNotFound):
        return f"no AWS profile {exc.kwargs.get('profile')!r} in your AWS config: check --profile (aws configure list-profiles)"
    if isinstance(exc, bce.NoRegionError):
        return "no AWS region: pass --region, or set AWS_REGION or a region in your AWS profile"
    if isinstance(exc, (bce.NoCredentialsError, bce.PartialCredentialsError)):
        return (
            "no AWS credentials found: run `aws configure` (or `aws sso login`), set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY, or pass --profile"
        )
    if isinstance(exc, (bce.EndpointConnectionError, bce.ConnectTimeoutError, bce.ReadTimeoutError)):
        target = getattr(exc, "kwargs", {}).get("endpoint_url") or endpoint or "API Gateway"
        return f"cannot reach {target}{where}: check --region and your network (or AWS_ENDPOINT_URL if set)"
    if isinstance(exc, bce.ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        text = str(error.get("Message", "") or "").strip()
        operation = exc.operation_name
        detail = f" ({code}: {text})" if text else f" ({code})"
        if code in ("AccessDeniedException", "AccessDenied", "UnauthorizedOperation") or (
            exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 403 and "Denied" in code
        ):
            return f"access denied to {operation}{where}: the credentials need apigateway:GET on the API{detail}"
        if code in ("UnrecognizedClientException", "InvalidSignatureException", "InvalidClientTokenId",
                    "ExpiredTokenException", "ExpiredToken", "SignatureDoesNotMatch"):  # fmt: skip
            return f"AWS refused the credentials{where}{detail}: check them, or refresh them (aws sso login)"
        if code == "NotFoundException":
            return f"not found: {operation}{where}{detail}"
        if code in ("TooManyRequestsException", "ThrottlingException", "LimitExceededException"):
            return f"API Gateway throttled {operation}{where}{detail}: try again in a moment"
        return f"AWS error in {operation}{where}{detail}"
    if isinstance(exc, bce.BotoCoreError):
        return f"AWS client error{where}: {exc}"
    return None
