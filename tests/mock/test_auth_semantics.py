"""API Gateway's auth semantics in the mock, read from the model the parser builds (issue 13, items 1-3).

The definition is tests/fixtures/sam-auth.json: what SAM's translator writes for a Cognito authorizer with
``ApiKeyRequired: true`` (``[{"MyCognitoAuth": []}, {"api_key": []}]``), a REQUEST authorizer whose scheme is
named ``Unused`` with header and query identity sources, and a legacy ``x-amazon-apigateway-auth``.
Tokens are really signed (PyJWT, HS256).
"""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest

from sdkgen.mock import ConfigError, create_app

SAM_PATH = Path(__file__).parents[1] / "fixtures" / "sam-auth.json"
SAM = json.loads(SAM_PATH.read_text())
KEY = "sam-key-0123456789abcdef"
SECRET = "sam-secret-0123456789abcdef0123456789"
CLIENT_ID = "app-client-1"
CONFIG: dict[str, Any] = {
    "api_keys": [{"id": "k1", "value": KEY}],
    "authorizers": {
        "MyCognitoAuth": {"hs256_secret": SECRET, "audience": [CLIENT_ID]},
        "MyRequestAuth": {"allow": ["tok-1,acme"]},
    },
}
CALC = "/Prod/calc/1/2/plus"


def sam() -> dict[str, Any]:
    return copy.deepcopy(SAM)


def id_token(secret: str = SECRET, **extra: Any) -> str:
    now = int(time.time())
    claims = {"sub": "u1", "token_use": "id", "aud": CLIENT_ID, "iat": now, "exp": now + 600, **extra}
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, secret, algorithm="HS256")


def access_token(scope: str, **extra: Any) -> str:
    return id_token(**{"aud": None, "token_use": "access", "client_id": CLIENT_ID, "scope": scope, **extra})


def without_extensions(value: Any) -> Any:
    """The same definition as a plain OpenAPI export would give it: no x-amazon-apigateway-* anywhere."""
    if isinstance(value, dict):
        return {k: without_extensions(v) for k, v in value.items() if not str(k).startswith("x-amazon-apigateway-")}
    if isinstance(value, list):
        return [without_extensions(v) for v in value]
    return value


# -- API key AND authorizer ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "security",
    [
        [{"MyCognitoAuth": []}, {"api_key": []}],  # SAM's translator and API Gateway's export
        [{"api_key": []}, {"MyCognitoAuth": []}],  # the key entry anywhere in the list
        [{"MyCognitoAuth": [], "api_key": []}],  # one entry naming both
    ],
)
async def test_key_and_authorizer_are_both_required(make_client, security: list[dict[str, list[str]]]) -> None:
    spec = sam()
    spec["paths"]["/calc/{operand1}/{operand2}/{operator}"]["get"]["security"] = security
    client = make_client(spec=spec, config=CONFIG)
    r = await client.get(CALC, headers={"x-api-key": KEY})
    assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}  # the authorizer runs first
    r = await client.get(CALC, headers={"x-api-key": KEY, "Authorization": id_token("wrong-secret-0123456789abcdef01234")})
    assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}
    r = await client.get(CALC, headers={"Authorization": id_token()})
    assert r.status_code == 403 and r.json() == {"message": "Forbidden"}  # a valid token without the key
    r = await client.get(CALC, headers={"x-api-key": "not-a-key", "Authorization": id_token()})
    assert r.status_code == 403 and r.json() == {"message": "Forbidden"}
    r = await client.get(CALC, headers={"x-api-key": KEY, "Authorization": id_token()})
    assert r.status_code == 200
    assert client.app.records[-1].key_id == "k1"


async def test_plain_openapi_keeps_or(make_client) -> None:
    spec = without_extensions(sam())
    # Without its extensions the Cognito scheme is a plain API key sent in Authorization: either one will do.
    client = make_client(spec=spec, config={"api_keys": [{"id": "k1", "value": KEY}]})
    assert (await client.get(CALC, headers={"x-api-key": KEY})).status_code == 200
    assert (await client.get(CALC, headers={"Authorization": KEY})).status_code == 200
    assert (await client.get(CALC)).status_code in (401, 403)


def test_every_api_gateway_definition_in_the_repository_ands_the_key() -> None:
    """A sweep: in each API Gateway definition, no alternative offers the x-api-key scheme alone beside an authorizer."""
    from sdkgen.examples import example_specs
    from sdkgen.parse import load_api
    from sdkgen.parse.apigateway import is_api_key

    root = Path(__file__).parents[2]
    for path in [*example_specs(root / "specs"), root / "tests" / "fixtures" / "sam-auth.json", root / "tests" / "fixtures" / "kitchen.yaml"]:
        api = load_api(path, strict=False).api
        for operation in api.operations:
            alternatives = [set(alt) for alt in operation.security]
            key_alone = [alt for alt in alternatives if alt and all(is_api_key(api.security_schemes[n]) for n in alt)]
            assert not (key_alone and len(alternatives) > 1), (path.name, operation.method, operation.path, operation.security)


# -- Cognito token kinds ------------------------------------------------------------------------------


async def test_cognito_token_kinds_and_app_clients(make_client) -> None:
    client = make_client(spec=sam(), config=CONFIG)
    headers = {"x-api-key": KEY}
    # No scopes on the method: an ID token for one of the configured app clients.
    assert (await client.get(CALC, headers={**headers, "Authorization": id_token()})).status_code == 200
    for token in (access_token("reports/read"), id_token(aud="another-client")):
        r = await client.get(CALC, headers={**headers, "Authorization": token})
        assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}
    # Scopes on the method: an access token carrying one of them, for a configured app client.
    assert (await client.get("/Prod/reports", headers={**headers, "Authorization": access_token("openid reports/read")})).status_code == 200
    for token in (id_token(scope="reports/read"), access_token("openid"), access_token("reports/read", client_id="another-client")):
        r = await client.get("/Prod/reports", headers={**headers, "Authorization": token})
        assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}


def test_empty_audience_is_a_located_config_error() -> None:
    config = copy.deepcopy(CONFIG)
    config["authorizers"]["MyCognitoAuth"]["audience"] = []
    with pytest.raises(ConfigError, match=r"authorizers\.MyCognitoAuth\.audience.*empty list"):
        create_app(sam(), config)


# -- identity sources, legacy IAM -------------------------------------------------------------------


async def test_request_authorizer_reads_its_identity_sources_not_the_placeholder_name(make_client) -> None:
    client = make_client(spec=sam(), config=CONFIG)
    r = await client.get("/Prod/tenants/t1", headers={"X-Tenant-Token": "tok-1"}, params={"tenant": "acme"})
    from sdkgen.mock.sigv4 import credential_fingerprint

    # Both sources' values joined are the identity; the log keeps only its fingerprint.
    assert r.status_code == 200 and client.app.records[-1].principal == credential_fingerprint("tok-1,acme")
    r = await client.get("/Prod/tenants/t1", headers={"Unused": "tok-1,acme"})
    assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}


async def test_legacy_aws_iam_is_iam(make_client) -> None:
    client = make_client(spec=sam(), config=CONFIG)
    r = await client.get("/Prod/legacy")
    assert r.status_code == 403 and r.json() == {"message": "Missing Authentication Token"}
    signed = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123"
    r = await client.get("/Prod/legacy", headers={"Authorization": signed, "X-Amz-Date": "20240101T000000Z"})
    assert r.status_code == 200


async def test_legacy_none_removes_the_authorizer_not_the_key(make_client) -> None:
    spec = sam()
    spec["paths"]["/legacy"]["get"]["x-amazon-apigateway-auth"] = {"type": "none"}
    spec["paths"]["/legacy"]["get"]["security"] = [{"MyCognitoAuth": []}]
    reports = spec["paths"]["/reports"]["get"]
    reports["x-amazon-apigateway-auth"] = {"type": "NONE"}  # security: [{MyCognitoAuth: [...]}, {api_key: []}]
    client = make_client(spec=spec, config=CONFIG)
    assert (await client.get("/Prod/legacy")).status_code == 200
    assert (await client.get("/Prod/reports")).json() == {"message": "Forbidden"}
    assert (await client.get("/Prod/reports", headers={"x-api-key": KEY})).status_code == 200


def test_plugin_tokens_of_each_kind(mock_gateway) -> None:  # type: ignore[no-untyped-def]
    """``gw.token(access=True)`` mints an access token (client_id, no aud), accepted where the method has scopes."""
    gw = mock_gateway(SAM_PATH, CONFIG)
    access = gw.token(["reports/read"], access=True)
    claims = jwt.decode(access, SECRET, algorithms=["HS256"], options={"verify_aud": False})
    assert claims["token_use"] == "access" and claims["client_id"] == CLIENT_ID and "aud" not in claims
    with httpx.Client(base_url=gw.url, timeout=5) as http:
        key = {"x-api-key": KEY}
        assert http.get("/reports", headers={**key, "Authorization": access}).status_code == 200
        assert http.get("/calc/1/2/plus", headers={**key, "Authorization": access}).status_code == 401
        assert http.get("/calc/1/2/plus", headers={**key, "Authorization": gw.token()}).status_code == 200


async def test_a_cognito_token_without_token_use_is_told_apart_by_its_shape(make_client) -> None:
    """Without `token_use`, a token with `client_id` and no `aud` is an access token, else an ID token: the method
    without scopes takes only the ID-shaped one, the method with scopes only the access-shaped one (mutation
    survivor of authorizers.py: `isinstance(use, str)` negated made such a token neither kind)."""
    client = make_client(spec=sam(), config=CONFIG)
    headers = {"x-api-key": KEY}
    id_shaped, access_shaped = id_token(token_use=None), access_token("reports/read", token_use=None)
    assert (await client.get(CALC, headers={**headers, "Authorization": id_shaped})).status_code == 200
    assert (await client.get(CALC, headers={**headers, "Authorization": access_shaped})).status_code == 401
    assert (await client.get("/Prod/reports", headers={**headers, "Authorization": access_shaped})).status_code == 200
    assert (await client.get("/Prod/reports", headers={**headers, "Authorization": id_shaped})).status_code == 401
