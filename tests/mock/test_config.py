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
    with pytest.raises(ConfigError, match=r"gw.yaml: line \d+, column \d+: not valid YAML"):
        load_config(path)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")


def test_yaml_off_means_off(tmp_path: Path) -> None:
    path = tmp_path / "gw.yaml"
    path.write_text("validation: off\n")
    assert load_config(path).validation == "off"
