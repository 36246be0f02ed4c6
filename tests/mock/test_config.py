"""The configuration file: every mistake is an error naming its place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gateway_helpers import shop

from sdkgen.mock import ConfigError, create_app, load_config
from sdkgen.mock.config import Throttle

FULL = """
stages:
  prod:
    throttle: {rate: 100, burst: 50}
    cache_ttl: 0
    methods:
      "GET /products": {throttle: {rate: 5, burst: 2}, cache_ttl: 60}
api_keys:
  - {id: alice, value: "alice-0123456789abcdef", usage_plan: basic}
usage_plans:
  basic:
    throttle: {rate: 10, burst: 5}
    quota: {limit: 1000, period: DAY}
    methods:
      "POST /orders": {throttle: {rate: 1, burst: 1}}
authorizers:
  ShopCognito: {issuer: "https://issuer.example", audience: ["client-1"], hs256_secret: "x"}
  NotesAuthorizer: {allow: ["Bearer good-token"]}
validation: spec
faults:
  - {route: "GET /products", status: 503, rate: 0.25}
latency_ms: {min: 0, max: 0}
retry_after: false
admin: true
"""


def test_full_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(FULL)
    config = load_config(path)
    assert config.stages["prod"].methods["GET /products"].throttle == Throttle(5, 2)
    assert config.usage_plans["basic"].quota is not None and config.usage_plans["basic"].quota.limit == 1000
    assert config.api_keys[0].usage_plan == "basic"
    assert config.authorizers["NotesAuthorizer"].allow == ("Bearer good-token",)
    app = create_app(shop(), path)
    assert app.base_paths() == ["/prod"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stages": {"prod": {"throttle": {"rate": "fast"}}}}, "stages.prod.throttle.rate: expected a number"),
        ({"stages": {"prod": {"throttle": {"rate": 1, "burst": 1.5}}}}, "stages.prod.throttle.burst: expected an integer"),
        ({"stages": {"prod": {"throtle": {}}}}, "stages.prod.throtle: unknown key"),
        ({"stages": {"prod": {"cache_ttl": 4000}}}, "stages.prod.cache_ttl: must be at most 3600"),
        ({"stages": {"prod": {"methods": {"products": {}}}}}, 'stages.prod.methods.products: expected "METHOD /path"'),
        ({"stages": []}, "stages: expected a mapping, got a list"),
        ({"api_keys": [{"id": "a"}]}, "api_keys[0].value: required"),
        ({"api_keys": [{"value": "k", "usage_plan": "gold"}]}, "api_keys[0].usage_plan: no usage plan named 'gold'"),
        ({"api_keys": [{"value": "k"}, {"value": "k"}]}, "api_keys[1].value: the same key value is listed twice"),
        ({"usage_plans": {"basic": {"quota": {"limit": 5, "period": "YEAR"}}}}, "usage_plans.basic.quota.period: expected DAY, WEEK or MONTH"),
        ({"usage_plans": {"basic": {"quota": {"limit": -1}}}}, "usage_plans.basic.quota.limit: must be at least 0"),
        ({"validation": "sometimes"}, "validation: expected spec, strict or off"),
        ({"faults": [{"route": "GET /products", "status": 200}]}, "faults[0].status: expected an HTTP error status"),
        ({"faults": [{"status": 500, "rate": 2}]}, "faults[0].rate: must be at most 1"),
        ({"latency_ms": {"min": 10, "max": 5}}, "latency_ms.max: must not be less than latency_ms.min"),
        ({"retry_after": "yes"}, "retry_after: expected true or false"),
        ({"authorizers": {"X": {"hs256_secret": "a", "jwks_file": "k.json"}}}, "authorizers.X: give either"),
        ({"bogus": 1}, "bogus: unknown key"),
    ],
)
def test_config_errors_are_located(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(data)
    assert str(info.value).startswith(message), str(info.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stages": {"prod": {"methods": {"GET /nope": {}}}}}, "stages.prod.methods.\"GET /nope\": the definition has no operation"),
        ({"usage_plans": {"p": {"methods": {"PUT /orders": {"throttle": {"rate": 1}}}}}}, 'usage_plans.p.methods."PUT /orders"'),
        ({"authorizers": {"Nobody": {"allow": ["x"]}}}, "authorizers.Nobody: the definition has no security scheme"),
        ({"faults": [{"route": "GET /zzz", "status": 500}]}, "faults[0].route"),
    ],
)
def test_config_checked_against_the_definition(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        create_app(shop(), data)
    assert str(info.value).startswith(message), str(info.value)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gw.yaml"
    path.write_text("stages:\n  prod:\n    throttle: {rate: [1]}\n")
    with pytest.raises(ConfigError, match=r"gw.yaml: stages.prod.throttle.rate: expected a number"):
        load_config(path)
    path.write_text("stages: [unclosed\n")
    with pytest.raises(ConfigError, match=r"gw.yaml: line \d+, column \d+: invalid YAML"):
        load_config(path)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")


def test_yaml_off_means_off(tmp_path: Path) -> None:
    path = tmp_path / "gw.yaml"
    path.write_text("validation: off\n")
    assert load_config(path).validation == "off"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"account_throttle": {"rate": "lots"}}, "account_throttle.rate: expected a number"),
        ({"account_throttle": {"rat": 1}}, "account_throttle.rat: unknown key"),
        ({"account_throttle": 5}, "account_throttle: expected a mapping, got an integer"),
        ({"stages": {"prod": {"methods": {"GET /products": {"cache_key_parameters": ["querystring.q"]}}}}},
         'stages.prod.methods."GET /products".cache_key_parameters[0]: expected method.request.(path|querystring|header).NAME'),
        ({"stages": {"prod": {"methods": {"GET /products": {"cache_key_parameters": 3}}}}},
         'stages.prod.methods."GET /products".cache_key_parameters: expected a list of strings'),
        ({"authorizers": {"X": {"allow": {"token": 5}}}}, "authorizers.X.allow.token: expected a string, got an integer"),
        ({"authorizers": {"X": {"allow": {"token": "nobody"}}}}, "authorizers.X.allow.token: no API key with id 'nobody'"),
    ],
)  # fmt: skip
def test_new_keys_errors_are_located(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(data)
    assert str(info.value).startswith(message), str(info.value)


def test_a_root_that_is_not_a_mapping_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="expected a mapping, got a list"):
        load_config([1, 2])  # type: ignore[arg-type]
    path = tmp_path / "gw.yaml"
    path.write_text("- 1\n- 2\n")
    with pytest.raises(ConfigError, match=r"gw.yaml: expected a mapping, got a list"):
        load_config(path)


def test_errors_found_against_the_definition_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gw.yaml"
    path.write_text("authorizers:\n  Nobody: {allow: [x]}\n")
    with pytest.raises(ConfigError, match=r"gw.yaml: authorizers.Nobody: the definition has no security scheme"):
        create_app(shop(), path)


def test_new_keys_load(tmp_path: Path) -> None:
    path = tmp_path / "gw.yaml"
    path.write_text(
        "api_keys: [{id: alice, value: alice-0123456789abcdef}]\n"
        "authorizers:\n  NotesAuthorizer: {allow: {'Bearer a': alice, 'Bearer b': null}}\n"
        "iam: {access_key_id: AKID1, secret_access_key: s3cret}\n"
        "account_throttle: {rate: 100, burst: 20}\n"
        "stages:\n  prod:\n    methods:\n      GET /products: {cache_ttl: 30, cache_key_parameters: [method.request.querystring.category]}\n"
    )
    config = load_config(path)
    assert config.authorizers["NotesAuthorizer"].allow == ("Bearer a", "Bearer b")
    assert config.authorizers["NotesAuthorizer"].usage_keys == {"Bearer a": "alice"}
    assert config.iam[0].access_key_id == "AKID1" and config.iam[0].session_token is None
    assert config.account_throttle == Throttle(100, 20)
    assert config.stages["prod"].methods["GET /products"].cache_key_parameters == ("method.request.querystring.category",)
    assert create_app(shop(), path).base_paths() == ["/prod"]
