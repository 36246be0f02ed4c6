"""API keys, JWT authorizers (tokens really signed with PyJWT) and the Lambda authorizer stand-in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from gateway_helpers import KEY, SECRET, base_config, http_api, shop

from sdkgen.mock import ConfigError, create_app, sigv4

ISSUER = "https://issuer.example"


def claims(**extra: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {"sub": "user-1", "iss": ISSUER, "aud": "client-1", "token_use": "id", "iat": now, "exp": now + 600}
    base.update(extra)
    return {k: v for k, v in base.items() if v is not None}


def hs(payload: dict[str, Any], secret: str = SECRET) -> str:
    return jwt.encode(payload, secret, algorithm="HS256")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(payload: dict[str, Any]) -> str:
    return b64(json.dumps({"alg": "none", "typ": "JWT"}).encode()) + "." + b64(json.dumps(payload).encode()) + "."


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture
def jwks_file(tmp_path: Path, rsa_key: rsa.RSAPrivateKey, ec_key: ec.EllipticCurvePrivateKey) -> Path:
    rsa_jwk = jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    rsa_jwk["kid"] = "rsa-1"
    ec_jwk = jwt.algorithms.ECAlgorithm.to_jwk(ec_key.public_key(), as_dict=True)
    ec_jwk["kid"] = "ec-1"
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"keys": [rsa_jwk, ec_jwk]}))
    return path


# -- API keys --------------------------------------------------------------------------------------


async def test_api_key_missing_wrong_and_good(make_client) -> None:
    client = make_client()
    for headers in ({}, {"x-api-key": "nope"}, {"x-api-key": ""}):
        r = await client.get("/prod/products", headers=headers)
        assert r.status_code == 403
        assert r.json() == {"message": "Forbidden"}
        assert r.headers["x-amzn-errortype"] == "ForbiddenException"
    r = await client.get("/prod/products", headers={"x-api-key": KEY})
    assert r.status_code == 200
    assert client.app.records[-1].key_id == "alice"


async def test_no_keys_configured_rejects_every_key_but_cli_keys_work(make_client) -> None:
    client = make_client(config={})
    assert (await client.get("/prod/products", headers={"x-api-key": "anything"})).status_code == 403
    client = make_client(config={}, api_keys=["dev-key-1"])
    r = await client.get("/prod/products", headers={"x-api-key": "dev-key-1"})
    assert r.status_code == 200
    assert client.app.records[-1].key_id == "cli-1"


async def test_operation_without_security_needs_no_key(make_client) -> None:
    assert (await make_client().get("/prod/products/1")).status_code == 200


# -- Cognito (raw token, HS256 here) ------------------------------------------------------------------


async def test_cognito_id_token_without_scopes_and_access_token_with_them(make_client) -> None:
    client = make_client()
    r = await client.get("/prod/me", headers={"Authorization": hs(claims())})
    assert r.status_code == 200 and r.json() == {"user": "me"}
    assert client.app.records[-1].principal == "user-1"
    # A method without OAuth scopes takes ID tokens only; one with scopes, access tokens only.
    access = hs(claims(aud=None, token_use="access", client_id="client-1", scope="openid shop/admin"))
    assert (await client.get("/prod/me", headers={"Authorization": access})).json() == {"message": "Unauthorized"}
    assert (await client.get("/prod/admin", headers={"Authorization": access})).status_code == 200
    id_token = hs(claims(scope="shop/admin"))
    assert (await client.get("/prod/admin", headers={"Authorization": id_token})).json() == {"message": "Unauthorized"}


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (lambda: hs(claims(exp=int(time.time()) - 10)), "The incoming token has expired"),
        (lambda: hs(claims(aud="someone-else")), "Unauthorized"),
        (lambda: hs(claims(aud=None, token_use="access", client_id="other")), "Unauthorized"),
        (lambda: hs(claims(iss="https://evil.example")), "Unauthorized"),
        (lambda: hs(claims(), "another-secret-0123456789abcdefghij"), "Unauthorized"),
        (lambda: hs(claims(nbf=int(time.time()) + 600)), "Unauthorized"),
        (lambda: hs(claims(exp=None)), "Unauthorized"),
        (lambda: unsigned(claims()), "Unauthorized"),
        (lambda: "Bearer " + hs(claims()), "Unauthorized"),  # Cognito wants the raw token
        (lambda: "not-a-jwt", "Unauthorized"),
        (lambda: "", "Unauthorized"),
    ],
)
async def test_cognito_rejections(make_client, token, message) -> None:
    client = make_client()
    value = token()
    r = await client.get("/prod/me", headers={"Authorization": value} if value else {})
    assert r.status_code == 401
    assert r.json() == {"message": message}
    assert r.headers["x-amzn-errortype"] == "UnauthorizedException"


async def test_expired_token_with_wrong_signature_is_just_unauthorized(make_client) -> None:
    token = hs(claims(exp=int(time.time()) - 10), "another-secret-0123456789abcdefghij")
    r = await make_client().get("/prod/me", headers={"Authorization": token})
    assert r.json() == {"message": "Unauthorized"}


def access(**extra: Any) -> dict[str, Any]:
    return claims(aud=None, token_use="access", client_id="client-1", **extra)


async def test_cognito_scopes(make_client) -> None:
    client = make_client()
    r = await client.get("/prod/admin", headers={"Authorization": hs(access(scope="openid profile"))})
    assert r.status_code == 401  # Cognito: an access token without one of the method's scopes
    assert r.json() == {"message": "Unauthorized"}
    r = await client.get("/prod/admin", headers={"Authorization": hs(access(scope="openid shop/admin"))})
    assert r.status_code == 200
    r = await client.get("/prod/admin", headers={"Authorization": hs(access(scp=["shop/admin"]))})
    assert r.status_code == 200


async def test_unconfigured_jwt_authorizer_rejects_everything(make_client) -> None:
    client = make_client(config={})
    assert (await client.get("/prod/me", headers={"Authorization": hs(claims())})).status_code == 401


async def test_authorizer_runs_before_api_key(make_client) -> None:
    spec = shop()
    spec["paths"]["/me"]["get"]["security"] = [{"api_key": [], "ShopCognito": []}]
    client = make_client(spec=spec)
    r = await client.get("/prod/me")
    assert r.status_code == 401
    r = await client.get("/prod/me", headers={"Authorization": hs(claims())})
    assert r.status_code == 403 and r.json() == {"message": "Forbidden"}
    r = await client.get("/prod/me", headers={"Authorization": hs(claims()), "x-api-key": KEY})
    assert r.status_code == 200


async def test_alternatives_either_passes_in_plain_openapi(make_client) -> None:
    # Without API Gateway's extensions the list is OpenAPI's OR (with them, see test_auth_semantics.py).
    spec = {"openapi": "3.0.1", "info": {"title": "plain", "version": "1"}, "servers": [{"url": "https://h.example/prod"}],
            "paths": {"/me": {"get": {"security": [{"api_key": []}, {"ShopCognito": []}], "responses": {"200": {"description": "me"}}}}},
            "components": {"securitySchemes": {"api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
                                               "ShopCognito": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}}}  # fmt: skip
    config = base_config(authorizers={"ShopCognito": {"issuer": ISSUER, "audience": ["client-1"], "hs256_secret": SECRET}})
    client = make_client(spec=spec, config=config)
    assert (await client.get("/prod/me", headers={"x-api-key": KEY})).status_code == 200
    assert (await client.get("/prod/me", headers={"Authorization": hs(claims())})).status_code == 200
    r = await client.get("/prod/me", headers={"Authorization": hs(claims(exp=1))})
    assert r.json() == {"message": "The incoming token has expired"}  # the attempted alternative's error
    assert (await client.get("/prod/me")).json() == {"message": "Forbidden"}


# -- JWKS (RS256 / ES256) on an HTTP API JWT authorizer ----------------------------------------------


def jwt_config(jwks_file: Path) -> dict[str, Any]:
    return {"authorizers": {"jwt": {"jwks_file": str(jwks_file)}}}


async def test_jwks_rs256_and_es256(make_client, jwks_file, rsa_key, ec_key) -> None:
    client = make_client(spec=http_api(), config=jwt_config(jwks_file))
    good = jwt.encode(claims(scope="todos/read"), rsa_key, algorithm="RS256", headers={"kid": "rsa-1"})
    assert (await client.get("/todos/1", headers={"Authorization": f"Bearer {good}"})).status_code == 200
    assert (await client.get("/todos/1", headers={"Authorization": good})).status_code == 200  # prefix optional
    ec_token = jwt.encode(claims(scp="todos/read"), ec_key, algorithm="ES256", headers={"kid": "ec-1"})
    assert (await client.get("/todos/1", headers={"Authorization": f"Bearer {ec_token}"})).status_code == 200
    r = await client.get("/todos/1", headers={"Authorization": f"Bearer {jwt.encode(claims(), rsa_key, algorithm='RS256', headers={'kid': 'rsa-1'})}"})
    assert r.status_code == 403  # valid, but without the route's scope


async def test_jwks_inline_in_the_configuration(make_client, jwks_file, rsa_key) -> None:
    # `jwks:` holds the document itself (no file): the same keys verify, another key's signature does not.
    client = make_client(spec=http_api(), config={"authorizers": {"jwt": {"jwks": json.loads(jwks_file.read_text())}}})
    good = jwt.encode(claims(scope="todos/read"), rsa_key, algorithm="RS256", headers={"kid": "rsa-1"})
    assert (await client.get("/todos/1", headers={"Authorization": f"Bearer {good}"})).status_code == 200
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims(scope="todos/read"), other, algorithm="RS256", headers={"kid": "rsa-1"})
    assert (await client.get("/todos/1", headers={"Authorization": f"Bearer {forged}"})).status_code == 401


async def test_jwks_rejects_other_keys_none_and_confusion(make_client, jwks_file, rsa_key) -> None:
    client = make_client(spec=http_api(), config=jwt_config(jwks_file))
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims(scope="todos/read"), other, algorithm="RS256", headers={"kid": "rsa-1"})
    public_pem = rsa_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}).encode())
    body = b64(json.dumps(claims(scope="todos/read")).encode())
    signature = b64(hmac.new(public_pem, f"{header}.{body}".encode(), hashlib.sha256).digest())
    confused = f"{header}.{body}.{signature}"  # HS256 keyed with the RSA public key
    for token in (forged, confused, unsigned(claims(scope="todos/read"))):
        r = await client.get("/todos/1", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, token
        assert r.json() == {"message": "Unauthorized"}
    r = await client.get("/todos/1")
    assert r.status_code == 401


async def test_hs256_config_rejects_rs256_tokens(make_client, rsa_key) -> None:
    client = make_client(spec=http_api(), config={"authorizers": {"jwt": {"hs256_secret": SECRET}}})
    rs = jwt.encode(claims(scope="todos/read"), rsa_key, algorithm="RS256")
    assert (await client.get("/todos/1", headers={"Authorization": rs})).status_code == 401
    good = hs(claims(scope="todos/read"))
    assert (await client.get("/todos/1", headers={"Authorization": good})).status_code == 200


def test_bad_jwks_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"keys": [{"kty": "oct", "k": "abc"}]}))
    with pytest.raises(ConfigError, match=r"authorizers.jwt.jwks_file keys\[0\]"):
        create_app(http_api(), {"authorizers": {"jwt": {"jwks_file": str(path)}}})
    path.write_text("not json")
    with pytest.raises(ConfigError, match="authorizers.jwt.jwks_file"):
        create_app(http_api(), {"authorizers": {"jwt": {"jwks_file": str(path)}}})


# -- Lambda authorizer stand-in ----------------------------------------------------------------------


async def test_lambda_allow_list(make_client) -> None:
    client = make_client()
    assert (await client.get("/prod/notes", headers={"Authorization": "Bearer good-token"})).status_code == 200
    r = await client.get("/prod/notes", headers={"Authorization": "Bearer bad-token"})
    assert r.status_code == 403
    assert r.json() == {"Message": "User is not authorized to access this resource with an explicit deny"}
    assert r.headers["x-amzn-errortype"] == "AccessDeniedException"
    r = await client.get("/prod/notes")
    assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}


async def test_lambda_without_allow_list_accepts_any_identity(make_client) -> None:
    client = make_client(config={})
    assert (await client.get("/prod/notes", headers={"Authorization": "whatever"})).status_code == 200
    assert (await client.get("/prod/notes")).status_code == 401


IAM_API: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "iam", "version": "1"},
    "paths": {"/admin/stats": {"get": {
        "security": [{"sigv4": []}],
        "responses": {"200": {"description": "stats", "content": {"application/json": {"example": {"notes": 1}}}}},
    }}},
    "components": {"securitySchemes": {"sigv4": {
        "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4",
    }}},
}  # fmt: skip
SIGNED = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123"


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "Missing Authentication Token"),
        ({"Authorization": ""}, "Missing Authentication Token"),
        ({"Authorization": "Bearer e2e-allowed", "X-Amz-Date": "20240101T000000Z"}, "Invalid key=value pair (missing equal-sign) in Authorization header"),
        (
            {"Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/execute-api/aws4_request"},
            (
                "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                "Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/execute-api/aws4_request"
            ),
        ),
        ({"Authorization": SIGNED}, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."),
    ],
)
async def test_iam_refuses_missing_and_malformed_signatures_with_403(make_client, headers: dict[str, str], message: str) -> None:
    # Regression (Schemathesis on notes.swagger.yaml): anything starting "AWS4-HMAC-SHA256 Credential=" was let in.
    r = await make_client(IAM_API, {}).get("/admin/stats", headers=headers)
    assert r.status_code == 403
    assert r.json()["message"].startswith(message)
    unsigned = message == "Missing Authentication Token"
    assert r.headers["x-amzn-errortype"] == ("MissingAuthenticationTokenException" if unsigned else "IncompleteSignatureException")


async def test_iam_accepts_a_well_formed_signature(make_client) -> None:
    client = make_client(IAM_API, {})
    for date_header in ({"X-Amz-Date": "20240101T000000Z"}, {"Date": "Mon, 01 Jan 2024 00:00:00 GMT"}):
        r = await client.get("/admin/stats", headers={"Authorization": SIGNED, **date_header})
        assert r.status_code == 200 and r.json() == {"notes": 1}


# -- x-amazon-apigateway-api-key-source: AUTHORIZER --------------------------------------------------


def authorizer_sourced() -> dict[str, Any]:
    spec = shop()
    spec["x-amazon-apigateway-api-key-source"] = "AUTHORIZER"
    spec["paths"]["/notes"]["get"]["security"] = [{"NotesAuthorizer": [], "api_key": []}]
    return spec


async def test_api_key_from_the_lambda_authorizers_usage_identifier_key(make_client) -> None:
    config = base_config(
        api_keys=[{"id": "alice", "value": KEY, "usage_plan": "one"}, {"id": "bob", "value": "bob-0123456789abcdef"}],
        usage_plans={"one": {"quota": {"limit": 1, "period": "DAY"}}},
        authorizers={"NotesAuthorizer": {"allow": {"Bearer alice-token": "alice", "Bearer bob-token": "bob", "Bearer keyless": None}}},
    )
    noon = datetime(2026, 5, 10, 12, 0, tzinfo=timezone.utc)  # a real clock could cross midnight UTC: a new DAY
    client = make_client(spec=authorizer_sourced(), config=config, wall_clock=lambda: noon)
    r = await client.get("/prod/notes", headers={"Authorization": "Bearer bob-token"})
    assert r.status_code == 200 and client.app.records[-1].key_id == "bob"
    # The header is not where the key comes from: a good x-api-key does not stand in for the authorizer's.
    r = await client.get("/prod/notes", headers={"Authorization": "Bearer keyless", "x-api-key": KEY})
    assert r.status_code == 403 and r.json() == {"message": "Forbidden"}
    # The authorizer's key counts against its usage plan (quota 1).
    assert (await client.get("/prod/notes", headers={"Authorization": "Bearer alice-token"})).status_code == 200
    r = await client.get("/prod/notes", headers={"Authorization": "Bearer alice-token"})
    assert r.status_code == 429 and r.json() == {"message": "Limit Exceeded"}
    # A denied identity is the authorizer's 403, before any key question.
    r = await client.get("/prod/notes", headers={"Authorization": "Bearer stranger"})
    assert r.json() == {"Message": "User is not authorized to access this resource with an explicit deny"}
    # Operations with only an API key have no authorizer to take it from.
    r = await client.get("/prod/products", headers={"x-api-key": KEY})
    assert r.status_code == 403 and r.json() == {"message": "Forbidden"}


async def test_header_key_source_ignores_the_authorizers_key(make_client) -> None:
    spec = authorizer_sourced()
    spec["x-amazon-apigateway-api-key-source"] = "HEADER"
    config = base_config(authorizers={"NotesAuthorizer": {"allow": {"Bearer alice-token": "alice"}}})
    client = make_client(spec=spec, config=config)
    r = await client.get("/prod/notes", headers={"Authorization": "Bearer alice-token"})
    assert r.status_code == 403 and r.json() == {"message": "Forbidden"}
    r = await client.get("/prod/notes", headers={"Authorization": "Bearer alice-token", "x-api-key": KEY})
    assert r.status_code == 200


def test_allow_mapping_names_existing_keys() -> None:
    config = base_config(authorizers={"NotesAuthorizer": {"allow": {"Bearer x": "carol"}}})
    with pytest.raises(ConfigError, match=r"""authorizers.NotesAuthorizer.allow."Bearer x": no API key with id 'carol'"""):
        create_app(shop(), config)


# -- Lambda request authorizers with several identity sources -------------------------------------------


def multi_source() -> dict[str, Any]:
    spec = shop()
    spec["components"]["securitySchemes"]["TenantAuthorizer"] = {
        "type": "apiKey", "name": "Unused", "in": "header", "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": {
            "type": "request", "authorizerResultTtlInSeconds": 300,
            "identitySource": "method.request.header.X-Token, method.request.querystring.tenant",
        },
    }  # fmt: skip
    spec["paths"]["/notes"]["get"]["security"] = [{"TenantAuthorizer": []}]
    return spec


async def test_request_authorizer_needs_every_identity_source(make_client) -> None:
    config = base_config(authorizers={"TenantAuthorizer": {"allow": ["t-1,acme"]}})
    client = make_client(spec=multi_source(), config=config)
    r = await client.get("/prod/notes", params={"tenant": "acme"}, headers={"X-Token": "t-1"})
    assert r.status_code == 200 and client.app.records[-1].principal == sigv4.credential_fingerprint("t-1,acme")  # never the credential
    for params, headers in (({"tenant": "acme"}, {}), ({}, {"X-Token": "t-1"}), ({"tenant": ""}, {"X-Token": "t-1"}), ({}, {})):
        r = await client.get("/prod/notes", params=params, headers=headers)
        assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}, (params, headers)
    r = await client.get("/prod/notes", params={"tenant": "other"}, headers={"X-Token": "t-1"})
    assert r.status_code == 403 and r.headers["x-amzn-errortype"] == "AccessDeniedException"


async def test_http_api_lambda_deny_is_plain_forbidden(make_client) -> None:
    spec = http_api()
    spec["components"]["securitySchemes"]["lam"] = {
        "type": "apiKey", "name": "Authorization", "in": "header",
        "x-amazon-apigateway-authorizer": {"type": "request", "identitySource": ["$request.header.Authorization"],
                                           "authorizerPayloadFormatVersion": "2.0", "enableSimpleResponses": True},
    }  # fmt: skip
    spec["paths"]["/public"]["get"]["security"] = [{"lam": []}]
    client = make_client(spec=spec, config={"authorizers": {"lam": {"allow": ["good"]}}})
    assert (await client.get("/public", headers={"Authorization": "good"})).status_code == 200
    r = await client.get("/public", headers={"Authorization": "bad"})
    assert r.status_code == 403 and r.json() == {"message": "Forbidden"}
    assert (await client.get("/public")).status_code == 401


async def test_token_authorizer_identity_validation_expression(make_client) -> None:
    spec = shop()
    spec["components"]["securitySchemes"]["NotesAuthorizer"]["x-amazon-apigateway-authorizer"]["identityValidationExpression"] = "Bearer [a-z-]+"
    client = make_client(spec=spec, config=base_config(authorizers={"NotesAuthorizer": {}}))
    assert (await client.get("/prod/notes", headers={"Authorization": "Bearer any-token"})).status_code == 200
    # Not matching in full: 401 before the authorizer would run (no explicit deny).
    for value in ("Bearer Token9", "bearer any-token", "Bearer any-token extra"):
        r = await client.get("/prod/notes", headers={"Authorization": value})
        assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}, value
