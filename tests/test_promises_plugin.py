"""The pytest plugin's helpers as the README promises them (issue 17); each seen failing when broken."""

from __future__ import annotations

from pathlib import Path

import httpx
import jwt

KITCHEN = Path(__file__).parent / "fixtures" / "kitchen.yaml"
SECRET = "test-secret-0123456789abcdef0123"
CONFIG = {
    "api_keys": [{"id": "ci", "value": "ci-key-0123456789abcdef"}],
    "authorizers": {"Jwt": {"hs256_secret": SECRET}},
}


def test_metrics_count_what_the_gateway_served(mock_gateway) -> None:  # type: ignore[no-untyped-def]
    gw = mock_gateway(KITCHEN, CONFIG)
    assert gw.metrics == {}
    with httpx.Client(base_url=gw.url, timeout=5) as http:
        for key in ("ci-key-0123456789abcdef", "ci-key-0123456789abcdef", "wrong"):
            http.get("/items", headers={"x-api-key": key})
    routes = gw.metrics
    assert set(routes) == {"GET /items"}
    items = routes["GET /items"]
    assert items["Count"] == 3 and items["4XXError"] == 1 and items["5XXError"] == 0
    assert items["Latency"]["average"] > 0
    gw.reset()
    assert gw.metrics == {} and gw.requests == []


def test_token_access_mints_an_access_token_the_authorizer_accepts(mock_gateway) -> None:  # type: ignore[no-untyped-def]
    gw = mock_gateway(KITCHEN, CONFIG)
    access = gw.token(scopes=["kitchen/read"], access=True)
    identity = gw.token(scopes=["kitchen/read"])
    claims = jwt.decode(access, SECRET, algorithms=["HS256"], options={"verify_aud": False})
    assert claims["token_use"] == "access" and claims["client_id"] == "kitchen" and "aud" not in claims
    assert claims["scope"] == "kitchen/read" and claims["iss"] == "https://issuer.example"
    id_claims = jwt.decode(identity, SECRET, algorithms=["HS256"], audience="kitchen")
    assert id_claims["token_use"] == "id" and "client_id" not in id_claims
    # getItem asks for the key and the JWT authorizer together (API Gateway's AND of key and authorizer).
    key = gw.api_keys["ci"]
    with httpx.Client(base_url=gw.url, timeout=5) as http:
        for token in (access, identity):
            assert http.get("/items/1", headers={"Authorization": f"Bearer {token}", "x-api-key": key}).status_code == 200


def test_the_gateway_stops_with_the_test(pytester) -> None:  # type: ignore[no-untyped-def]
    """`mock_gateway` ... stops it afterwards: once the test is over, its port no longer answers."""
    seen = pytester.path / "url.txt"
    pytester.makepyfile(
        f"""
        from pathlib import Path

        def test_uses_a_gateway(mock_gateway):
            gw = mock_gateway({str(KITCHEN)!r})
            Path({str(seen)!r}).write_text(gw.url)
        """
    )
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")  # as the project's own settings
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    url = seen.read_text()
    with httpx.Client(timeout=5) as http:
        try:
            http.get(url + "/items")
        except httpx.TransportError:
            return
    raise AssertionError(f"{url} still answers after its test ended")
