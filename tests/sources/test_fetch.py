"""``sdkgen fetch``: an API out of an AWS account, against a real boto3 endpoint on 127.0.0.1 (moto in server mode)
and, where moto lacks an operation (apigatewayv2 export_api), botocore's Stubber with responses shaped like AWS's.

moto 5.2.5's ``get_export`` ignores the export type and Accept header and returns a Swagger 2.0 skeleton with
upper-case methods (``"GET":``), which no gateway exports. The fixture replaces that one handler with an AWS-shaped
OAS 3.0 export of the definition the test imported (AWS's ``servers`` entry with the stage as ``basePath``, JSON or
YAML by the Accept header) and records what sdkgen asked for; stages, deployments, usage plans, API keys and every
error are moto's own.
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import moto.server as moto_server  # the test extra installs moto[server]: a missing one fails, never skips
import pytest
import yaml
from botocore.response import StreamingBody
from botocore.stub import Stubber
from click.testing import CliRunner

from sdkgen.cli import main
from sdkgen.mock.config import load_config
from sdkgen.parse import load_api
from sdkgen.sources import open_source
from sdkgen.sources.fetch import Clients, FetchError, fetch

ROOT = Path(__file__).resolve().parents[2]
SHOP = yaml.safe_load((ROOT / "specs" / "shop.yaml").read_text(encoding="utf-8"))
REGION = "us-east-1"


class Moto:
    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.exports: dict[str, dict[str, Any]] = {}  # api id -> the definition imported
        self.requests: list[dict[str, Any]] = []  # what get_export was asked for
        self.client = boto3.client(
            "apigateway", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing"
        )

    def rest_api(self, stages: tuple[str, ...] = ("prod",)) -> str:
        """shop.yaml as a REST API, deployed to ``stages``."""
        # moto's importer takes no path-level parameters and no integration without a uri: give it a copy without.
        doc = copy.deepcopy(SHOP)
        for item in doc["paths"].values():
            item.pop("parameters", None)
            for operation in item.values():
                integration = operation.get("x-amazon-apigateway-integration", {})
                integration.setdefault("uri", "http://backend.invalid")
                integration.setdefault("httpMethod", "GET")
        api_id = str(self.client.import_rest_api(body=json.dumps(doc).encode(), failOnWarnings=False)["id"])
        self.exports[api_id] = SHOP
        for stage in stages:
            self.client.create_deployment(restApiId=api_id, stageName=stage)
        return api_id


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def moto() -> Iterator[Moto]:
    from moto.apigateway.responses import APIGatewayResponse

    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    state = Moto(f"http://{host}:{port}")

    def get_export(self: Any) -> Any:
        parts = self.path.split("?")[0].split("/")  # /restapis/ID/stages/STAGE/exports/TYPE
        api_id, stage, export_type = parts[2], parts[4], parts[6]
        self.backend.get_stage(api_id, stage)  # moto's NotFoundException for an unknown API or stage
        accept = self.headers.get("Accept", "")
        state.requests.append({"api": api_id, "stage": stage, "type": export_type, "accept": accept,
                               "extensions": self.querystring.get("extensions")})  # fmt: skip
        doc = copy.deepcopy(state.exports[api_id])
        doc["servers"] = [{"url": f"https://{api_id}.execute-api.{REGION}.amazonaws.com/{{basePath}}",
                           "variables": {"basePath": {"default": stage}}}]  # fmt: skip
        if accept == "application/yaml":
            return 200, {"Content-Type": accept}, yaml.safe_dump(doc, sort_keys=False).encode()
        return 200, {"Content-Type": "application/json"}, json.dumps(doc).encode()

    patch = pytest.MonkeyPatch()
    patch.setattr(APIGatewayResponse, "get_export", get_export)
    try:
        yield state
    finally:
        patch.undo()
        server.stop()


def _env(tmp_path: Path, endpoint: str | None, *, credentials: bool = True, region: bool = False) -> dict[str, str]:
    """A clean AWS environment: none of the user's configuration, no instance metadata (only 127.0.0.1 is reached)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_CONFIG_FILE=str(tmp_path / "no-config"), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"),
               AWS_EC2_METADATA_DISABLED="true")  # fmt: skip
    if endpoint is not None:
        env["AWS_ENDPOINT_URL"] = endpoint
    if credentials:
        env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    if region:
        env["AWS_DEFAULT_REGION"] = REGION
    return env


def _sdkgen(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sdkgen", *args], capture_output=True, text=True, env=env, timeout=timeout)


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


# -- a REST API out of moto, then generate and mock on what was written ----------------------------------------------


def test_fetch_a_rest_api_then_generate_and_mock_with_its_usage_plan(moto: Moto, tmp_path: Path) -> None:
    api_id = moto.rest_api()
    c = moto.client
    c.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "100"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "50"},
        {"op": "replace", "path": "/~1products/GET/throttling/rateLimit", "value": "5"},
        {"op": "replace", "path": "/~1products/GET/throttling/burstLimit", "value": "3"},
    ])  # fmt: skip
    key = c.create_api_key(name="alice", enabled=True)
    plan = c.create_usage_plan(
        name="basic", throttle={"rateLimit": 10, "burstLimit": 5}, quota={"limit": 1000, "period": "WEEK", "offset": 2},
        apiStages=[{"apiId": api_id, "stage": "prod", "throttle": {"/orders/POST": {"rateLimit": 1.0, "burstLimit": 1}}}],
    )
    c.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    other = c.create_usage_plan(name="elsewhere", apiStages=[{"apiId": "someother", "stage": "prod"}])  # not attached
    c.create_usage_plan_key(usagePlanId=other["id"], keyId=c.create_api_key(name="bob", enabled=True)["id"], keyType="API_KEY")

    output, config = tmp_path / "shop.json", tmp_path / "gateway.yaml"
    env = _env(tmp_path, moto.endpoint)
    result = _sdkgen("fetch", api_id, "--region", REGION, "--output", str(output), "--mock-config", str(config), env=env)
    assert result.returncode == 0, result.stderr
    assert moto.requests[-1] == {"api": api_id, "stage": "prod", "type": "oas30", "accept": "application/json",
                                 "extensions": ["integrations,authorizers,apigateway"]}  # fmt: skip
    assert json.loads(output.read_text())["paths"] == SHOP["paths"]
    operations = sum(1 for item in SHOP["paths"].values() for method in item if method != "parameters")
    assert re.search(rf"{re.escape(str(output))}: usable: {operations} operations, \d+ models, \d+ warning\(s\) \(REST API {api_id}, stage prod, {REGION}\)", result.stdout), result.stdout

    # The mock configuration: the stage's throttling, the attached plan (not the other), its key by id, value made up.
    text = config.read_text()
    assert "MADE UP" in text and "--include-key-values" in text
    data = yaml.safe_load(text)
    assert data["stages"] == {"prod": {"throttle": {"rate": 100.0, "burst": 50},
                                       "methods": {"GET /products": {"throttle": {"rate": 5.0, "burst": 3}}}}}  # fmt: skip
    assert data["usage_plans"] == {"basic": {"throttle": {"rate": 10.0, "burst": 5},
                                             "quota": {"limit": 1000, "period": "WEEK", "offset": 2},
                                             "methods": {"POST /orders": {"throttle": {"rate": 1.0, "burst": 1}}}}}  # fmt: skip
    [entry] = data["api_keys"]
    assert entry["id"] == key["id"] and entry["usage_plan"] == "basic" and entry["value"] != key["value"]
    assert f"API key {key['id']} (alice): value made up: {entry['value']}" in result.stderr
    load_config(config)  # the mock reads it

    generated = _sdkgen("generate", str(output), "--output", str(tmp_path / "client"), env=env, timeout=300)
    assert generated.returncode == 0, generated.stderr
    assert (tmp_path / "client" / "pyproject.toml").is_file()

    # sdkgen mock enforces what was fetched: the key (made-up value) passes, another is refused, the quota counts.
    command = [sys.executable, "-m", "sdkgen", "mock", str(output), "--config", str(config), "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**env, "PYTHONUNBUFFERED": "1"})
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/prod)", line)
        assert match, line
        base, deadline = match.group(1), time.monotonic() + 20
        while True:
            try:
                good = httpx.get(base + "/products", headers={"x-api-key": entry["value"]}, timeout=5)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert good.status_code == 200, good.text
        bad = httpx.get(base + "/products", headers={"x-api-key": key["value"]}, timeout=5)  # the real value: not in the file
        assert bad.status_code == 403 and bad.json() == {"message": "Forbidden"}
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_include_key_values_and_a_yaml_export(moto: Moto, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    api_id = moto.rest_api()
    key = moto.client.create_api_key(name="carol", enabled=True)
    plan = moto.client.create_usage_plan(name="gold", apiStages=[{"apiId": api_id, "stage": "prod"}])
    moto.client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    for name, value in _env(tmp_path, moto.endpoint).items():
        monkeypatch.setenv(name, value)
    output, config = tmp_path / "shop.yaml", tmp_path / "gateway.yaml"
    result = CliRunner().invoke(main, ["fetch", api_id, "--region", REGION, "-o", str(output), "--mock-config", str(config),
                                       "--include-key-values"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert moto.requests[-1]["accept"] == "application/yaml"
    assert yaml.safe_load(output.read_text())["paths"] == SHOP["paths"] and not output.read_text().startswith("{")
    text = config.read_text()
    assert "MADE UP" not in text and "holds the account's API key values" in text
    assert yaml.safe_load(text)["api_keys"] == [{"id": key["id"], "value": key["value"], "usage_plan": "gold"}]
    assert "value made up" not in result.output


def test_stage_choice(moto: Moto, tmp_path: Path) -> None:
    env = _env(tmp_path, moto.endpoint)
    output = tmp_path / "out.json"
    several = moto.rest_api(stages=("prod", "beta"))
    line = _one_line_error(_sdkgen("fetch", several, "--region", REGION, "-o", str(output), env=env))
    assert f"the REST API {several} has several stages; choose one with --stage (beta, prod)" in line
    line = _one_line_error(_sdkgen("fetch", several, "--region", REGION, "-o", str(output), "--stage", "gamma", env=env))
    assert f"the REST API {several} has no stage 'gamma' (its stages: beta, prod)" in line
    none = moto.rest_api(stages=())
    line = _one_line_error(_sdkgen("fetch", none, "--region", REGION, "-o", str(output), env=env))
    assert f"has no deployed stage" in line and f"create-deployment --rest-api-id {none}" in line
    assert not output.exists()
    ok = _sdkgen("fetch", several, "--region", REGION, "-o", str(output), "--stage", "beta", env=env)
    assert ok.returncode == 0, ok.stderr
    assert moto.requests[-1]["stage"] == "beta" and json.loads(output.read_text())["servers"][0]["variables"]["basePath"]["default"] == "beta"


# -- errors: one line, exit 1, nothing written ----------------------------------------------------------------------


def test_an_unknown_api_id_is_one_line_and_leaves_the_output_as_it_was(moto: Moto, tmp_path: Path) -> None:
    output = tmp_path / "out.json"
    output.write_text("previous")
    line = _one_line_error(_sdkgen("fetch", "nope123456", "--region", REGION, "-o", str(output), "--mock-config",
                                   str(tmp_path / "gw.yaml"), env=_env(tmp_path, moto.endpoint)))  # fmt: skip
    assert f"no REST or HTTP API with id 'nope123456' in {REGION}" in line and "--region" in line
    assert line.endswith("nothing was written")
    assert output.read_text() == "previous" and sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_definition_sdkgen_cannot_use_is_written_and_its_problems_listed(moto: Moto, tmp_path: Path) -> None:
    api_id = moto.rest_api()
    moto.exports[api_id] = {"openapi": "3.0.1", "info": {"title": "Broken"}, "paths": {"/x": {"get": {"responses": "no"}}}}
    output = tmp_path / "broken.json"
    result = _sdkgen("fetch", api_id, "--region", REGION, "-o", str(output), env=_env(tmp_path, moto.endpoint))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(rf"^{re.escape(str(output))}:\d+:\d+ \(#/info\): error: .*version", result.stderr, re.M), result.stderr
    assert f"error: {output} holds the export as API Gateway gave it, but sdkgen cannot use it" in result.stderr
    assert json.loads(output.read_text())["info"] == {"title": "Broken"}


def test_without_boto3_the_error_names_the_extra(tmp_path: Path) -> None:
    code = "import sys; sys.modules['boto3'] = None; from sdkgen.cli import run; run()"
    result = subprocess.run([sys.executable, "-c", code, "fetch", "abc", "-o", str(tmp_path / "o.json")],
                            capture_output=True, text=True, env=_env(tmp_path, None), timeout=60)  # fmt: skip
    line = _one_line_error(result)
    assert "sdkgen fetch needs boto3, which is not installed: pip install 'apigw-sdkgen[aws]'" in line


def test_no_credentials(moto: Moto, tmp_path: Path) -> None:
    line = _one_line_error(_sdkgen("fetch", "abc", "--region", REGION, "-o", str(tmp_path / "o.json"),
                                   env=_env(tmp_path, moto.endpoint, credentials=False)))  # fmt: skip
    assert "no AWS credentials found" in line and "aws configure" in line and "--profile" in line


def test_no_region_and_an_unknown_profile(tmp_path: Path) -> None:
    env = _env(tmp_path, None)
    line = _one_line_error(_sdkgen("fetch", "abc", "-o", str(tmp_path / "o.json"), env=env))
    assert "no AWS region: pass --region" in line
    line = _one_line_error(_sdkgen("fetch", "abc", "--profile", "nosuch", "--region", REGION, "-o", str(tmp_path / "o.json"), env=env))
    assert "no AWS profile 'nosuch'" in line and "--profile" in line


def test_an_unreachable_endpoint(tmp_path: Path) -> None:
    endpoint = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    line = _one_line_error(_sdkgen("fetch", "abc", "--region", REGION, "-o", str(tmp_path / "o.json"), env=_env(tmp_path, endpoint)))
    assert f"cannot reach {endpoint}" in line and "check --region and your network" in line
    assert not (tmp_path / "o.json").exists()


def test_a_bad_output_suffix_is_refused_before_any_call(tmp_path: Path) -> None:
    line = _one_line_error(_sdkgen("fetch", "abc", "-o", str(tmp_path / "out.txt"), env=_env(tmp_path, None)))
    assert "name a .json, .yaml or .yml file" in line


# -- in process, with botocore's Stubber: what moto does not implement, and AWS's refusals ---------------------------


def _clients() -> tuple[Clients, Stubber, Stubber]:
    kwargs: dict[str, Any] = {"region_name": "eu-west-1", "aws_access_key_id": "testing", "aws_secret_access_key": "testing",
                              "endpoint_url": "http://127.0.0.1:9"}  # fmt: skip  # never reached: stubbed
    clients = Clients(boto3.client("apigateway", **kwargs), boto3.client("apigatewayv2", **kwargs))
    return clients, Stubber(clients.rest), Stubber(clients.http)


def _body(data: bytes) -> StreamingBody:
    return StreamingBody(io.BytesIO(data), len(data))


def test_an_http_api_through_export_api(tmp_path: Path) -> None:
    clients, rest, http = _clients()
    definition = (ROOT / "specs" / "todo-http.json").read_bytes()
    rest.add_client_error("get_rest_api", "NotFoundException", "Invalid API identifier specified", 404, expected_params={"restApiId": "h77p"})
    http.add_response("get_api", {"ApiId": "h77p", "Name": "todo", "ProtocolType": "HTTP", "RouteSelectionExpression": "$request.method $request.path"}, {"ApiId": "h77p"})
    http.add_response("get_stages", {"Items": [{
        "StageName": "$default", "AutoDeploy": True,
        "DefaultRouteSettings": {"ThrottlingBurstLimit": 20, "ThrottlingRateLimit": 40.0},
        "RouteSettings": {"GET /todos": {"ThrottlingBurstLimit": 2, "ThrottlingRateLimit": 5.0}, "$default": {"ThrottlingRateLimit": 1.0}},
    }]}, {"ApiId": "h77p"})  # fmt: skip
    http.add_response("export_api", {"body": _body(definition)}, {
        "ApiId": "h77p", "Specification": "OAS30", "OutputType": "JSON", "IncludeExtensions": True, "StageName": "$default"})  # fmt: skip
    output, config = tmp_path / "todo.json", tmp_path / "gw.yaml"
    with rest, http:
        fetched = fetch("h77p", output, mock_config=config, clients=clients)
    rest.assert_no_pending_responses()
    http.assert_no_pending_responses()
    assert (fetched.kind, fetched.stage, fetched.written) == ("HTTP", "$default", [output, config])
    assert output.read_bytes() == definition
    assert load_api(open_source(output)).api.operations
    data = yaml.safe_load(config.read_text())
    assert data == {"stages": {"$default": {"throttle": {"rate": 40.0, "burst": 20},
                                            "methods": {"GET /todos": {"throttle": {"rate": 5.0, "burst": 2}}}}}}  # fmt: skip
    load_config(config)


def test_rest_stage_settings_caching_and_plans_of_the_same_name(tmp_path: Path) -> None:
    """API Gateway's shapes as AWS returns them: methodSettings keyed "~1path~1{id}/GET" (the root "~1/GET"),
    caching, two attached plans both named "basic" (names need not be unique), a key in each."""
    clients, rest, _ = _clients()
    rest.add_response("get_rest_api", {"id": "abc", "name": "shop"})
    rest.add_response("get_stages", {"item": [
        {"stageName": "dev"},
        {"stageName": "prod", "methodSettings": {
            "*/*": {"throttlingRateLimit": 100.0, "throttlingBurstLimit": 50, "cachingEnabled": True, "cacheTtlInSeconds": 30},
            "~1products~1{productId}/GET": {"throttlingRateLimit": 5.0, "throttlingBurstLimit": 2, "cachingEnabled": True, "cacheTtlInSeconds": 60},
            "~1/GET": {"throttlingRateLimit": 1.0, "throttlingBurstLimit": 1, "cachingEnabled": False, "cacheTtlInSeconds": 300},
        }},
    ]})  # fmt: skip
    rest.add_response("get_export", {"body": _body(json.dumps(SHOP).encode())},
                      {"restApiId": "abc", "stageName": "prod", "exportType": "oas30", "accepts": "application/json",
                       "parameters": {"extensions": "integrations,authorizers,apigateway"}})  # fmt: skip
    rest.add_response("get_usage_plans", {"items": [
        {"id": "p1", "name": "basic", "apiStages": [{"apiId": "abc", "stage": "prod"}], "quota": {"limit": 5, "period": "MONTH", "offset": 0}},
        {"id": "p2", "name": "basic", "apiStages": [{"apiId": "abc", "stage": "prod"}], "throttle": {"rateLimit": 2.0}},
        {"id": "p3", "name": "dev-only", "apiStages": [{"apiId": "abc", "stage": "dev"}]},
    ]})  # fmt: skip
    rest.add_response("get_usage_plan_keys", {"items": [{"id": "k1", "type": "API_KEY", "name": "alice", "value": "alice-secret-value"}]}, {"usagePlanId": "p1"})
    rest.add_response("get_usage_plan_keys", {"items": [{"id": "k2", "type": "API_KEY", "name": "bob", "value": "bob-secret-value"}]}, {"usagePlanId": "p2"})
    config = tmp_path / "gw.yaml"
    with rest:
        fetched = fetch("abc", tmp_path / "shop.json", stage="prod", mock_config=config, clients=clients)
    rest.assert_no_pending_responses()
    data = yaml.safe_load(config.read_text())
    assert data["stages"] == {"prod": {"throttle": {"rate": 100.0, "burst": 50}, "cache_ttl": 30.0, "methods": {
        "GET /products/{productId}": {"throttle": {"rate": 5.0, "burst": 2}, "cache_ttl": 60.0},
        "GET /": {"throttle": {"rate": 1.0, "burst": 1}},
    }}}  # fmt: skip
    assert data["usage_plans"] == {"basic": {"quota": {"limit": 5, "period": "MONTH"}}, "basic (p2)": {"throttle": {"rate": 2.0}}}
    assert [(k["id"], k["usage_plan"]) for k in data["api_keys"]] == [("k1", "basic"), ("k2", "basic (p2)")]
    assert "secret-value" not in config.read_text() and len(fetched.notes) == 2  # made up: --include-key-values not given
    load_config(config)


def test_an_http_api_without_a_stage_exports_its_routes(tmp_path: Path) -> None:
    clients, rest, http = _clients()
    rest.add_client_error("get_rest_api", "NotFoundException", "Invalid API identifier specified", 404)
    http.add_response("get_api", {"ApiId": "h1", "Name": "todo", "ProtocolType": "HTTP", "RouteSelectionExpression": "x"})
    http.add_response("get_stages", {"Items": []})
    http.add_response("export_api", {"body": _body(b"openapi: 3.0.1\n")},
                      {"ApiId": "h1", "Specification": "OAS30", "OutputType": "YAML", "IncludeExtensions": True})  # fmt: skip
    with rest, http:
        fetched = fetch("h1", tmp_path / "todo.yml", mock_config=tmp_path / "gw.yaml", clients=clients)
    assert fetched.stage is None and fetched.notes == ["h1 has no stage: exported its current routes, without a stage's settings"]
    assert load_config(tmp_path / "gw.yaml").stages == {}


def test_a_websocket_api_is_refused(tmp_path: Path) -> None:
    clients, rest, http = _clients()
    rest.add_client_error("get_rest_api", "NotFoundException", "Invalid API identifier specified", 404)
    http.add_response("get_api", {"ApiId": "ws1", "Name": "chat", "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action"})
    with rest, http, pytest.raises(FetchError, match="ws1 is a WEBSOCKET API: sdkgen fetch reads REST and HTTP APIs"):
        fetch("ws1", tmp_path / "o.json", clients=clients)


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        ("AccessDeniedException", 403, "access denied to GetRestApi (eu-west-1): the credentials need apigateway:GET on the API (AccessDeniedException: User: arn:aws:iam::123456789012:user/dev is not authorized)"),
        ("UnrecognizedClientException", 403, "AWS refused the credentials (eu-west-1) (UnrecognizedClientException: The security token included in the request is invalid.): check them, or refresh them (aws sso login)"),
        ("ExpiredTokenException", 403, "AWS refused the credentials (eu-west-1) (ExpiredTokenException"),
        ("TooManyRequestsException", 429, "API Gateway throttled GetRestApi (eu-west-1) (TooManyRequestsException"),
    ],
)
def test_aws_refusals_are_one_line(tmp_path: Path, code: str, status: int, expected: str) -> None:
    messages = {"AccessDeniedException": "User: arn:aws:iam::123456789012:user/dev is not authorized",
                "UnrecognizedClientException": "The security token included in the request is invalid."}  # fmt: skip
    clients, rest, _ = _clients()
    rest.add_client_error("get_rest_api", code, messages.get(code, "no"), status)
    output = tmp_path / "o.json"
    with rest, pytest.raises(FetchError) as caught:
        fetch("abc", output, clients=clients)
    assert str(caught.value).startswith(expected) and "\n" not in str(caught.value)
    assert not output.exists()


def test_access_denied_on_the_usage_plans_writes_nothing(tmp_path: Path) -> None:
    """The export read, then a refusal while reading the mock configuration: neither file is written."""
    clients, rest, _ = _clients()
    rest.add_response("get_rest_api", {"id": "abc", "name": "shop"})
    rest.add_response("get_stages", {"item": [{"stageName": "prod", "methodSettings": {}}]})
    rest.add_response("get_export", {"body": _body(json.dumps(SHOP).encode())})
    rest.add_client_error("get_usage_plans", "AccessDeniedException", "not allowed: apigateway:GET /usageplans", 403)
    output, config = tmp_path / "o.json", tmp_path / "gw.yaml"
    with rest, pytest.raises(FetchError, match="access denied to GetUsagePlans"):
        fetch("abc", output, mock_config=config, clients=clients)
    assert list(tmp_path.iterdir()) == []


def test_fetch_does_not_load_boto3_for_other_commands() -> None:
    """boto3 and botocore take a large share of a second to import: only sdkgen fetch may load them."""
    code = (
        "import sys; from sdkgen.cli import main\n"
        "try:\n    main(['validate', 'specs/shop.yaml'])\nexcept SystemExit as exc:\n    assert exc.code in (0, None), exc\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore', 'moto'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
