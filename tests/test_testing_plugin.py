"""The pytest plugin users get: a mock gateway per test, with credentials and recorded requests."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

KITCHEN = Path(__file__).parent / "fixtures" / "kitchen.yaml"
CONFIG = {
    "api_keys": [{"id": "ci", "value": "ci-key-0123456789abcdef"}],
    "authorizers": {"Jwt": {"hs256_secret": "test-secret-0123456789abcdef0123"}},
}


def test_fixture_serves_the_definition_with_its_credentials(mock_gateway) -> None:  # type: ignore[no-untyped-def]
    gw = mock_gateway(KITCHEN, CONFIG)
    assert gw.url.startswith("http://127.0.0.1:") and gw.url.endswith("/prod")
    assert gw.api_keys == {"ci": "ci-key-0123456789abcdef"}
    with httpx.Client(base_url=gw.url, timeout=5) as http:
        assert http.get("/items", headers={"x-api-key": gw.api_keys["ci"]}).status_code == 200
        assert http.get("/items", headers={"x-api-key": "wrong"}).status_code == 403
        key = {"x-api-key": gw.api_keys["ci"]}  # getItem: the key AND the Jwt authorizer (API Gateway's reading)
        good = http.get("/items/1", headers={**key, "Authorization": f"Bearer {gw.token(scopes=['kitchen/read'])}"})
        expired = http.get("/items/1", headers={**key, "Authorization": f"Bearer {gw.token(scopes=['kitchen/read'], expires_in=-60)}"})
        unscoped = http.get("/items/1", headers={**key, "Authorization": f"Bearer {gw.token()}"})
    assert good.status_code == 200
    assert expired.status_code == 401 and expired.json() == {"message": "The incoming token has expired"}
    assert unscoped.status_code == 403
    assert [r.status for r in gw.requests] == [200, 403, 200, 401, 403]
    assert gw.requests[0].key_id == "ci"
    gw.reset()
    assert gw.requests == []


def test_strict_mode_fails_the_test_that_breaks_the_definition(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import httpx

        def test_breaks_contract(mock_gateway):
            gw = mock_gateway({str(KITCHEN)!r}, strict=True)
            httpx.post(gw.url + "/shapes", json={{"kind": "circle"}}, timeout=5)

        def test_keeps_contract(mock_gateway):
            gw = mock_gateway({str(KITCHEN)!r}, strict=True)
            httpx.post(gw.url + "/shapes", json={{"kind": "circle", "radius": 2}}, timeout=5)
        """
    )
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*1 request(s) broke the definition*", "*POST /prod/shapes -> 400*"])


def test_strict_mode_lets_a_test_declare_the_violations_it_expects(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import httpx, pytest

        def test_deliberate_400_is_declared(mock_gateway):
            gw = mock_gateway({str(KITCHEN)!r}, strict=True)
            with gw.expect_violations() as refused:
                r = httpx.post(gw.url + "/shapes", json={{"kind": "circle"}}, timeout=5)
            assert r.status_code == 400 and [v.status for v in refused] == [400]
            httpx.post(gw.url + "/shapes", json={{"kind": "circle", "radius": 2}}, timeout=5)
            assert gw.violations == []

        def test_a_declaration_nothing_broke_fails(mock_gateway):
            gw = mock_gateway({str(KITCHEN)!r}, strict=True)
            with pytest.raises(AssertionError, match="no request in the block broke the definition"):
                with gw.expect_violations():
                    httpx.post(gw.url + "/shapes", json={{"kind": "circle", "radius": 2}}, timeout=5)

        def test_an_undeclared_violation_still_fails(mock_gateway):
            gw = mock_gateway({str(KITCHEN)!r}, strict=True)
            with gw.expect_violations():
                httpx.post(gw.url + "/shapes", json={{"kind": "circle"}}, timeout=5)
            httpx.post(gw.url + "/shapes", json={{"kind": "square"}}, timeout=5)
        """
    )
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_an_undeclared_violation_still_fails*", "*1 request(s) broke the definition*"])


LOOSE = {"openapi": "3.0.1", "info": {"title": "loose"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}


def test_the_fixture_loads_the_definition_as_the_cli_does(mock_gateway) -> None:  # type: ignore[no-untyped-def]
    from sdkgen.diagnostics import SpecError

    with pytest.raises(SpecError, match="the required property 'version' is missing"):
        mock_gateway(LOOSE)
    gw = mock_gateway(LOOSE, lenient=True)
    assert httpx.get(gw.url + "/a", timeout=5).status_code == 200


LIBRARY = Path(__file__).parent.parent / "specs" / "templates" / "library.yaml"


def test_template_options_as_the_command_line_takes_them(mock_gateway) -> None:  # type: ignore[no-untyped-def]
    """``--parameter``, ``--region``, ``--stack-name``, ``--stage`` and ``--api`` as keyword arguments: the template's
    parameters and pseudo parameters resolve with them, and the stage chosen is the one served."""
    gw = mock_gateway(LIBRARY, parameters={"Stage": "v2", "Environment": "dev"}, region="eu-west-1", stack_name="shelf",
                      stage="v2", api="LibraryApi")  # fmt: skip
    assert gw.url.endswith("/v2") and gw.app.api.servers == ["https://libraryapi.execute-api.eu-west-1.amazonaws.com/v2"]
    assert gw.app.api.description == "The library's catalogue (the dev stack in eu-west-1)."
    with httpx.Client(base_url=gw.root_url, timeout=5) as http:
        assert http.get("/v1/books").status_code == 403  # not served: API Gateway's answer to a stage it does not have
    plain = mock_gateway(LIBRARY)
    assert plain.url.endswith("/v1") and "us-east-1" in (plain.app.api.description or "")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"region": "moon"}, "region='moon'"),
        ({"stack_name": "1-bad"}, "stack_name='1-bad'"),
        ({"parameters": {" ": "x"}}, "a parameter's name is empty"),
        ({"api": "NoSuchApi"}, "NoSuchApi"),
        ({"parameters": {"Stage": "v3"}}, "v3"),
    ],
)
def test_template_options_refused_say_which(mock_gateway, options: dict[str, object], message: str) -> None:  # type: ignore[no-untyped-def]
    from sdkgen.diagnostics import SpecError

    with pytest.raises((ValueError, SpecError)) as refused:  # the option's form; what the template says of it
        mock_gateway(LIBRARY, **options)
    assert message in str(refused.value)


def test_template_options_on_a_definition_are_refused(mock_gateway) -> None:  # type: ignore[no-untyped-def]
    from sdkgen.diagnostics import SpecError

    with pytest.raises(SpecError, match="apply to templates only"):
        mock_gateway(KITCHEN, region="eu-west-1")


@pytest.mark.parametrize(
    ("text", "where"), [(b"stages: [\n", "line "), (b"a: \xff\n", "line 1, column 4"), (b"stages: &x [*x]\n", "stages")]
)
def test_a_broken_config_file_beside_a_template_is_a_located_config_error(mock_gateway, tmp_path, text: bytes, where: str) -> None:  # type: ignore[no-untyped-def]
    """Read as ``sdkgen mock --config`` reads it (the plugin once read it with yaml.safe_load: a YAML traceback)."""
    from sdkgen.mock.config import ConfigError

    config = tmp_path / "gateway.yaml"
    config.write_bytes(text)
    with pytest.raises(ConfigError) as refused:
        mock_gateway(LIBRARY, config)
    assert refused.value.source == str(config) and where in str(refused.value)  # the file, and the line or the key
