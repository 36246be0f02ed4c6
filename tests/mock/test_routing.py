"""Routing: stage prefix, templates, greedy paths, ANY, and API Gateway's answer to unknown routes."""

from __future__ import annotations

import uuid

from sdkgen.mock.routing import Router, StageRouter

from gateway_helpers import KEY, http_api


def test_router_precedence_literal_variable_greedy() -> None:
    router: Router[str] = Router()
    router.add("GET", "/files/{proxy+}", "greedy")
    router.add("GET", "/files/special", "literal")
    router.add("GET", "/files/{name}/meta", "variable")
    router.add("ANY", "/anything", "any")
    assert router.match("GET", "/files/special").target == "literal"  # type: ignore[union-attr]
    m = router.match("GET", "/files/a/meta")
    assert m is not None and m.target == "variable" and m.params == {"name": "a"}
    m = router.match("GET", "/files/a/b/c.txt")
    assert m is not None and m.target == "greedy" and m.params == {"proxy": "a/b/c.txt"}
    m = router.match("GET", "/files/a%20b")
    assert m is not None and m.params == {"proxy": "a b"}
    assert router.match("GET", "/files") is None  # greedy needs at least one segment
    assert router.match("DELETE", "/anything").target == "any"  # type: ignore[union-attr]
    assert router.match("POST", "/files/special") is None


def test_stage_router() -> None:
    stages = StageRouter([("prod", "P"), ("dev", "D")])
    assert stages.split("/prod/products") == ("P", "/products")
    assert stages.split("/dev") == ("D", "/")
    assert stages.split("/products") is None
    root = StageRouter([("", "R")])
    assert root.split("/products") == ("R", "/products")


async def test_stage_prefix_and_templates(make_client) -> None:
    client = make_client()
    r = await client.get("/prod/products/abc")
    assert r.status_code == 200
    assert r.json() == {"id": "p-1", "name": "Widget", "price": 9.5}
    r = await client.get("/prod/files/a/b.txt")
    assert r.json() == {"file": True}
    r = await client.get("/prod/files/special")
    assert r.json() == {"special": True}
    for method in ("GET", "POST", "PATCH", "DELETE"):
        r = await client.request(method, "/prod/anything")
        assert r.status_code == 200 and r.json() == {"any": True}


async def test_unknown_path_or_method_is_missing_authentication_token(make_client) -> None:
    client = make_client()
    for method, path in [("GET", "/prod/nope"), ("GET", "/products"), ("GET", "/dev/products"), ("PUT", "/prod/products/1"), ("GET", "/")]:
        r = await client.request(method, path, headers={"x-api-key": KEY})
        assert r.status_code == 403, (method, path)
        assert r.json() == {"message": "Missing Authentication Token"}
        assert r.headers["x-amzn-errortype"] == "MissingAuthenticationTokenException"
        assert r.headers["content-type"] == "application/json"
        uuid.UUID(r.headers["x-amzn-requestid"])
        assert r.headers["x-amz-apigw-id"]


async def test_stage_override_and_root_stage(make_client) -> None:
    client = make_client(stage="")
    assert (await client.get("/products/1")).status_code == 200
    assert (await client.get("/prod/products/1")).status_code == 403
    client = make_client(config={"stages": {"prod": {}, "beta": {}}})
    assert (await client.get("/beta/products/1")).status_code == 200
    assert (await client.get("/prod/products/1")).status_code == 200
    assert client.app.base_paths() == ["/prod", "/beta"]


async def test_http_api_unknown_route_is_404_with_apigw_requestid(make_client) -> None:
    client = make_client(spec=http_api(), config={})
    r = await client.get("/nope")
    assert r.status_code == 404
    assert r.json() == {"message": "Not Found"}
    assert "apigw-requestid" in r.headers
    assert "x-amzn-errortype" not in r.headers
    r = await client.get("/public")
    assert r.status_code == 200 and r.json() == {"public": True}
    assert "apigw-requestid" in r.headers and "x-amz-apigw-id" not in r.headers


async def test_http_api_cors_preflight(make_client) -> None:
    client = make_client(spec=http_api(), config={})
    r = await client.options("/public", headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "https://app.example"
    assert r.headers["access-control-allow-methods"] == "GET,POST"
    assert r.headers["access-control-max-age"] == "600"
    r = await client.options("/public", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in r.headers
    r = await client.get("/public", headers={"Origin": "https://app.example"})
    assert r.headers["access-control-allow-origin"] == "https://app.example"
