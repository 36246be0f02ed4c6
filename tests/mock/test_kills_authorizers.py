"""Authorizer behaviour that mutation testing of sdkgen/mock/authorizers.py found unguarded (issue 17).
Tokens are really signed (PyJWT)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from gateway_helpers import SECRET, http_api

ISSUER = "https://issuer.example"


def claims(**extra: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {"sub": "user-1", "iss": ISSUER, "aud": "client-1", "token_use": "id", "iat": now, "exp": now + 600}
    base.update(extra)
    return {k: v for k, v in base.items() if v is not None}


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


async def test_a_token_is_checked_only_against_the_key_its_kid_names(make_client, tmp_path: Path, rsa_key) -> None:
    """With a JWKS, the token's `kid` picks the key (as API Gateway does): a token whose kid names another key, or
    no key of the set, is refused even when its signature matches some key of the set; a token without kid is tried
    against every key that fits its algorithm."""
    rsa_jwk = jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other_jwk = jwt.algorithms.RSAAlgorithm.to_jwk(other.public_key(), as_dict=True)
    ec_jwk = jwt.algorithms.ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP256R1()).public_key(), as_dict=True)
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"keys": [{**rsa_jwk, "kid": "rsa-1"}, {**other_jwk, "kid": "rsa-2"}, {**ec_jwk, "kid": "ec-1"}]}))
    client = make_client(spec=http_api(), config={"authorizers": {"jwt": {"jwks_file": str(keys)}}})

    for kid, expected in (("rsa-1", 200), (None, 200), ("rsa-2", 401), ("ec-1", 401), ("rotated-away", 401)):
        headers = {"kid": kid} if kid is not None else None
        token = jwt.encode(claims(scope="todos/read"), rsa_key, algorithm="RS256", headers=headers)
        r = await client.get("/todos/1", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == expected, kid


async def test_the_logged_principal_of_a_token_without_sub(make_client) -> None:
    """The request log names the caller: `sub`, else the access token's `username`, else its `client_id`."""
    client = make_client(spec=http_api(), config={"authorizers": {"jwt": {"hs256_secret": SECRET}}})
    for extra, principal in (
        ({"sub": None, "username": "alice", "client_id": "app-1"}, "alice"),
        ({"sub": None, "client_id": "app-1"}, "app-1"),
        ({"username": "alice", "client_id": "app-1"}, "user-1"),
    ):
        token = jwt.encode(claims(scope="todos/read", **extra), SECRET, algorithm="HS256")
        r = await client.get("/todos/1", headers={"Authorization": token})
        assert r.status_code == 200 and client.app.records[-1].principal == principal, extra


async def test_basic_and_plain_bearer_schemes_need_the_credential_present(make_client) -> None:
    """HTTP basic and plain bearer schemes (no authorizer configured): the credential must be there (401 without)."""
    schemes = {"basic": {"type": "http", "scheme": "basic"}, "bearer": {"type": "http", "scheme": "bearer"}}
    paths = {f"/{name}": {"get": {"security": [{name: []}], "responses": {"200": {"description": "ok"}}}} for name in schemes}
    spec = {"openapi": "3.0.1", "info": {"title": "plain", "version": "1"}, "servers": [{"url": "https://h.example/prod"}],
            "paths": paths, "components": {"securitySchemes": schemes}}  # fmt: skip
    client = make_client(spec=spec, config={})
    for path, credential in (("/prod/basic", "Basic dXNlcjpwYXNz"), ("/prod/bearer", "Bearer opaque-token")):
        assert (await client.get(path, headers={"Authorization": credential})).status_code == 200, path
        r = await client.get(path)
        assert r.status_code == 401 and r.json() == {"message": "Unauthorized"}, path


def test_an_ec_key_on_a_curve_api_gateway_does_not_take_is_a_config_error(tmp_path: Path) -> None:
    from sdkgen.mock import ConfigError, create_app

    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"keys": [{"kty": "EC", "crv": "secp256k1", "x": "AQAB", "y": "AQAB", "kid": "k1"}]}))
    with pytest.raises(ConfigError, match=r"authorizers\.jwt\.jwks_file keys\[0\].*unsupported key type 'EC'"):
        create_app(http_api(), {"authorizers": {"jwt": {"jwks_file": str(path)}}})
