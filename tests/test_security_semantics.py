"""Security and parameter semantics decided once in parse, read by the generated client and the mock (issue 12, 1-4).

tests/fixtures/sam-auth.json has the shapes SAM's translator writes: ``[{"MyCognitoAuth": []}, {"api_key": []}]``
for ``ApiKeyRequired: true`` with an authorizer, a REQUEST authorizer scheme named ``Unused``-style with header and
query identity sources, a legacy ``x-amazon-apigateway-auth`` and a path whose parameters are listed out of order.
"""

from __future__ import annotations

import copy
import importlib
import itertools
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import jwt
import pytest

from sdkgen.generate import generate
from sdkgen.generate.write import write_tree
from sdkgen.mock import create_app
from sdkgen.mock.server import ServerThread
from sdkgen.parse import load_api

SAM_PATH = Path(__file__).parent / "fixtures" / "sam-auth.json"
SAM: dict[str, Any] = json.loads(SAM_PATH.read_text())
CALC = "/calc/{operand1}/{operand2}/{operator}"
KEY = "sam-key-0123456789abcdef"
SECRET = "sam-secret-0123456789abcdef0123456789"
CLIENT_ID = "app-client-1"


def sam() -> dict[str, Any]:
    return copy.deepcopy(SAM)


def plain(value: Any) -> Any:
    """The definition without any x-amazon-apigateway-* key: what a plain OpenAPI document says."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if not str(k).startswith("x-amazon-apigateway-")}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def operation(api: Any, path: str) -> Any:
    return next(op for op in api.operations if op.path == path)


# -- 12.1: positional order is the path's ------------------------------------------------------------


@pytest.mark.parametrize("order", list(itertools.permutations(["operand1", "operand2", "operator"])))
def test_path_parameters_follow_the_template_whatever_the_declared_order(order: tuple[str, ...]) -> None:
    spec = sam()
    get = spec["paths"][CALC]["get"]
    get["parameters"] = [{"name": n, "in": "path", "required": True, "type": "string"} for n in order]
    get["parameters"].insert(1, {"name": "verbose", "in": "query", "type": "boolean"})
    api = load_api(spec).api
    assert [p.name for p in operation(api, CALC).parameters] == ["operand1", "operand2", "operator", "verbose"]


def test_inferred_path_parameters_take_their_place_in_the_template() -> None:
    spec = sam()
    spec["paths"][CALC]["get"]["parameters"] = [{"name": "operator", "in": "path", "required": True, "type": "string"}]
    api = load_api(spec, strict=False).api
    assert [p.name for p in operation(api, CALC).parameters] == ["operand1", "operand2", "operator"]


def test_generated_signature_and_readme_example_follow_the_path() -> None:
    files = generate(load_api(SAM_PATH).api, "sam_auth").files
    client = files["sam_auth/_client.py"]
    signature = client[client.index("def get_calc_by_operand1_by_operand2_by_operator(") :].split(")", 1)[0]
    assert signature.index("operand1: str") < signature.index("operand2: str") < signature.index("operator: str")
    readme = files["README.md"]
    assert 'client.get_calc_by_operand1_by_operand2_by_operator(operand1="...", operand2="...", operator="...")' in readme
    assert 'get_tenants_by_tenant_id(tenant_id="...")' in readme
    assert 'Client(my_request_auth={"x_tenant_token": "...", "tenant": "..."})' in readme


# -- 12.2: key AND authorizer for API Gateway definitions, OR for plain ones ---------------------------


def test_api_gateway_definition_requires_key_and_authorizer() -> None:
    api = load_api(SAM_PATH).api
    assert operation(api, CALC).security == [{"MyCognitoAuth": [], "api_key": []}]
    assert operation(api, "/reports").security == [{"MyCognitoAuth": ["reports/read"], "api_key": []}]


def test_plain_openapi_keeps_or() -> None:
    api = load_api(plain(sam())).api
    assert operation(api, CALC).security == [{"MyCognitoAuth": []}, {"api_key": []}]


def test_key_only_and_several_authorizers() -> None:
    spec = sam()
    get = spec["paths"][CALC]["get"]
    get["security"] = [{"api_key": []}]
    assert operation(load_api(spec).api, CALC).security == [{"api_key": []}]
    get["security"] = [{"MyCognitoAuth": []}, {"MyRequestAuth": []}, {"api_key": []}]
    assert operation(load_api(spec).api, CALC).security == [{"MyCognitoAuth": [], "api_key": []}, {"MyRequestAuth": [], "api_key": []}]
    get["security"] = [{"MyCognitoAuth": []}, {"MyRequestAuth": []}]  # no key: nothing to combine
    assert operation(load_api(spec).api, CALC).security == [{"MyCognitoAuth": []}, {"MyRequestAuth": []}]


# -- 12.3: identity sources ------------------------------------------------------------------------------


def test_request_authorizer_identity_sources_in_the_model() -> None:
    scheme = load_api(SAM_PATH).api.security_schemes["MyRequestAuth"]
    assert scheme.identity_sources == ("header:X-Tenant-Token", "query:tenant")
    assert scheme.identity_inputs == (("x_tenant_token", "header", "X-Tenant-Token"), ("tenant", "query", "tenant"))


@pytest.mark.parametrize(
    ("identity_source", "expected"),
    [
        ("method.request.header.X-Token", ("header", "X-Token", ())),
        ("method.request.querystring.token", ("query", "token", ())),
        (["$request.header.X-Token"], ("header", "X-Token", ())),
        (["$request.header.X-Token", "$request.querystring.t"], ("header", "X-Token", (("x_token", "header", "X-Token"), ("t", "query", "t")))),
        ("method.request.header.token, method.request.querystring.token",
         ("header", "token", (("header_token", "header", "token"), ("query_token", "query", "token")))),
    ],
)  # fmt: skip
def test_lambda_values_go_where_the_identity_source_says(identity_source: Any, expected: tuple[Any, ...]) -> None:
    spec = sam()
    spec["securityDefinitions"]["MyRequestAuth"]["x-amazon-apigateway-authorizer"]["identitySource"] = identity_source
    scheme = load_api(spec).api.security_schemes["MyRequestAuth"]
    assert (scheme.location, scheme.param_name, scheme.identity_inputs) == expected


# -- 12.4: legacy x-amazon-apigateway-auth -------------------------------------------------------------


def test_legacy_aws_iam_is_sigv4() -> None:
    api = load_api(SAM_PATH).api
    (requirement,) = operation(api, "/legacy").security
    (name,) = requirement
    assert api.security_schemes[name].kind == "sigv4"


def test_legacy_aws_iam_reuses_the_definitions_iam_scheme() -> None:
    spec = sam()
    spec["securityDefinitions"]["sigv4"] = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}
    spec["securityDefinitions"]["iam2"] = {"type": "apiKey", "name": "x-api-key", "in": "header"}
    api = load_api(spec).api
    assert operation(api, "/legacy").security == [{"sigv4": []}]
    assert sum(s.kind == "sigv4" for s in api.security_schemes.values()) == 1


# -- root-level security: ignored by API Gateway's REST import, OpenAPI's default elsewhere ------------------


def with_root_security(spec: dict[str, Any]) -> dict[str, Any]:
    spec["security"] = [{"api_key": []}]
    del spec["paths"][CALC]["get"]["security"]
    return spec


def test_rest_import_ignores_root_security_and_says_so() -> None:
    parsed = load_api(with_root_security(sam()))
    assert operation(parsed.api, CALC).security == []
    assert operation(parsed.api, "/reports").security == [{"MyCognitoAuth": ["reports/read"], "api_key": []}]
    [warning] = [w for w in parsed.warnings if w.pointer == "/security"]
    assert "GET " + CALC in warning.message and "without auth" in warning.message


def test_root_security_is_the_default_where_api_gateway_does_not_import_it() -> None:
    # plain OpenAPI: the root is every operation's default, as OpenAPI says
    assert operation(load_api(plain(with_root_security(sam()))).api, CALC).security == [{"api_key": []}]
    # an HTTP API's export: sdkgen does not claim API Gateway drops it
    spec = with_root_security(sam())
    spec["x-amazon-apigateway-importexport-version"] = "1.0"
    parsed = load_api(spec)
    assert operation(parsed.api, CALC).security == [{"api_key": []}]
    assert not [w for w in parsed.warnings if w.pointer == "/security"]


def test_mock_leaves_open_what_api_gateway_deploys_open() -> None:
    app = create_app(with_root_security(sam()), {"api_keys": [{"id": "k1", "value": KEY}]}, seed=1)
    with ServerThread(app, max_seconds=60) as url:
        assert httpx.get(url + "/Prod/calc/1/2/plus").status_code == 200
        assert httpx.get(url + "/Prod/reports").status_code == 401


# -- the generated client against the mock, under uvicorn on 127.0.0.1 -------------------------------------


@pytest.fixture(scope="module")
def sam_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("sam") / "sam-auth"
    write_tree(out, generate(load_api(SAM_PATH).api, "sam_auth").files)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("sam_auth")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "sam_auth" or m.startswith("sam_auth.")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def gateway() -> Iterator[Any]:
    config = {
        "api_keys": [{"id": "k1", "value": KEY}],
        "authorizers": {"MyCognitoAuth": {"hs256_secret": SECRET, "audience": [CLIENT_ID]}, "MyRequestAuth": {"allow": ["tok-1,acme"]}},
        "iam": {"access_key_id": "AKIDEXAMPLE", "secret_access_key": "sam-iam-secret"},
    }
    server = ServerThread(create_app(SAM_PATH, config, seed=1), max_seconds=120)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def id_token(secret: str = SECRET) -> str:
    now = int(time.time())
    return jwt.encode({"sub": "u1", "token_use": "id", "aud": CLIENT_ID, "iat": now, "exp": now + 600}, secret, algorithm="HS256")


def test_client_sends_key_and_token_and_the_mock_needs_both(sam_client: ModuleType, gateway: Any) -> None:
    url = gateway.url + "/Prod"
    with sam_client.Client(url, api_key=KEY, token=id_token()) as client:
        raw = client.with_raw_response.get_calc_by_operand1_by_operand2_by_operator("1", "2", "plus")
        assert raw.status_code == 200
    record = gateway.server.config.app.records[-1]
    assert record.key_id == "k1" and record.principal == "u1"
    assert record.path.endswith("/calc/1/2/plus")
    with sam_client.Client(url, api_key=KEY) as client, pytest.raises(sam_client.AuthenticationError):
        client.get_calc_by_operand1_by_operand2_by_operator("1", "2", "plus")  # key only
    with sam_client.Client(url, api_key=KEY, token=id_token("wrong-secret-0123456789abcdef012345")) as client:
        with pytest.raises(sam_client.AuthenticationError):
            client.get_calc_by_operand1_by_operand2_by_operator("1", "2", "plus")
    with sam_client.Client(url, token=id_token()) as client, pytest.raises(sam_client.PermissionDeniedError):
        client.get_calc_by_operand1_by_operand2_by_operator("1", "2", "plus")  # token only: 403 Forbidden


def test_client_sends_each_identity_where_its_source_says(sam_client: ModuleType, gateway: Any) -> None:
    url = gateway.url + "/Prod"
    with sam_client.Client(url, my_request_auth={"x_tenant_token": "tok-1", "tenant": "acme"}) as client:
        assert client.with_raw_response.get_tenants_by_tenant_id("t1").status_code == 200
    record = gateway.server.config.app.records[-1]
    from sdkgen.mock.sigv4 import credential_fingerprint

    # The identity the authorizer saw is both sources' values joined; the log keeps only its fingerprint.
    assert record.principal == credential_fingerprint("tok-1,acme")
    with pytest.raises(TypeError, match="one value per identity source"):
        sam_client.Client(url, my_request_auth="tok-1").get_tenants_by_tenant_id("t1")


def test_client_signs_legacy_iam_operations(sam_client: ModuleType, gateway: Any) -> None:
    url = gateway.url + "/Prod"
    with sam_client.Client(url, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="sam-iam-secret", aws_region="us-east-1") as client:
        assert client.with_raw_response.get_legacy().status_code == 200
    with httpx.Client(timeout=5) as http:
        r = http.get(url + "/legacy")
    assert r.status_code == 403 and r.json() == {"message": "Missing Authentication Token"}


def test_hostile_identity_source_names_give_a_working_client(tmp_path: Path) -> None:
    """Source names that are keywords, digits, quotes or clash after snake_case still give one key each."""
    spec = sam()
    spec["securityDefinitions"]["MyRequestAuth"]["x-amazon-apigateway-authorizer"]["identitySource"] = (
        'method.request.querystring.class, method.request.querystring.1st, method.request.querystring.q"x\\, '
        "method.request.header.X-Self, method.request.querystring.x_self, method.request.header.Bad\"Header"
    )
    api = load_api(spec).api
    inputs = api.security_schemes["MyRequestAuth"].identity_inputs
    assert [(where, name) for _, where, name in inputs] == [
        ("query", "class"), ("query", "1st"), ("query", 'q"x\\'), ("header", "X-Self"), ("query", "x_self")
    ]  # fmt: skip
    keys = [key for key, _, _ in inputs]
    assert len(set(keys)) == len(keys) and all(key.isidentifier() for key in keys)
    out = tmp_path / "hostile-sam"
    write_tree(out, generate(api, "hostile_sam").files)
    sys.path.insert(0, str(out))
    try:
        package = importlib.import_module("hostile_sam")
        seen: list[httpx.Request] = []
        transport = httpx.MockTransport(lambda request: seen.append(request) or httpx.Response(200, json={}))
        identity = {key: f"v{i}" for i, key in enumerate(keys)}
        with package.Client("https://h.example/Prod", my_request_auth=identity, http_client=httpx.Client(transport=transport)) as client:
            client.get_tenants_by_tenant_id("t1")
        (request,) = seen
        assert request.url.params["class"] == "v0" and request.url.params["1st"] == "v1" and request.url.params['q"x\\'] == "v2"
        assert request.headers["X-Self"] == "v3" and request.url.params["x_self"] == "v4"
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "hostile_sam" or m.startswith("hostile_sam.")]:
            del sys.modules[name]
