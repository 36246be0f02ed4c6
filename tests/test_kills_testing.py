"""pytest plugin behaviour that mutation testing of sdkgen/testing.py found unguarded (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

KITCHEN = Path(__file__).parent / "fixtures" / "kitchen.yaml"
SECRET = "test-secret-0123456789abcdef0123"
KEYS = [{"id": "ci", "value": "ci-key-0123456789abcdef"}]


def test_token_without_a_scheme_needs_exactly_one_signing_authorizer(mock_gateway) -> None:  # type: ignore[no-untyped-def]
    """`gw.token()` picks the one authorizer with an hs256_secret; with none it says so (a ValueError naming the
    choice), never a bare StopIteration from inside the plugin."""
    gw = mock_gateway(KITCHEN, {"api_keys": KEYS})
    with pytest.raises(ValueError, match="name the scheme: authorizers with an hs256_secret are \\[\\]"):
        gw.token()
    assert mock_gateway(KITCHEN, {"api_keys": KEYS, "authorizers": {"Jwt": {"hs256_secret": SECRET}}}).token().count(".") == 2


def test_url_is_the_first_configured_stages_base_url(mock_gateway) -> None:  # type: ignore[no-untyped-def]
    """`gw.url` is what a client's base_url should be: with several stages, the first one configured."""
    gw = mock_gateway(KITCHEN, {"api_keys": KEYS, "stages": {"prod": {}, "beta": {}}})
    assert gw.url == gw.root_url + "/prod"


def test_a_tokens_lifetime_is_its_expires_in(mock_gateway) -> None:  # type: ignore[no-untyped-def]
    """`gw.token(expires_in=...)`: the token expires that many seconds after it is issued (negative: already
    expired), as its `exp` and `iat` claims say."""
    import jwt

    gw = mock_gateway(KITCHEN, {"api_keys": KEYS, "authorizers": {"Jwt": {"hs256_secret": SECRET}}})
    for lifetime in (3600, 60, 1, -60):
        claims = jwt.decode(gw.token(expires_in=lifetime), options={"verify_signature": False})
        assert claims["exp"] - claims["iat"] == lifetime, (lifetime, claims)
