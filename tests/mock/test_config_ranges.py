"""Every number of the configuration, given any hostile value, is either refused before the server starts with an
error naming its place, or served: no value passes the check and then breaks requests (``burst: 1e400``,
``quota.offset: 999999999``, a 5,000-digit seed)."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from gateway_helpers import KEY, client_for, shop

from sdkgen.mock import ConfigError, create_app
from sdkgen.mock.cli import mock

Build = Callable[[Any], dict[str, Any]]


def _throttle(key: str) -> Callable[[Any], dict[str, Any]]:
    return lambda v: {"rate": v, "burst": 5} if key == "rate" else {"rate": 5, "burst": v}


PLACES: dict[str, Build] = {
    "stages.prod.throttle.rate": lambda v: {"stages": {"prod": {"throttle": _throttle("rate")(v)}}},
    "stages.prod.throttle.burst": lambda v: {"stages": {"prod": {"throttle": _throttle("burst")(v)}}},
    "stages.prod.cache_ttl": lambda v: {"stages": {"prod": {"cache_ttl": v}}},
    'stages.prod.methods."GET /products".cache_ttl': lambda v: {"stages": {"prod": {"methods": {"GET /products": {"cache_ttl": v}}}}},
    'stages.prod.methods."GET /products".throttle.burst': lambda v: {"stages": {"prod": {"methods": {"GET /products": {"throttle": _throttle("burst")(v)}}}}},
    "usage_plans.basic.throttle.rate": lambda v: {"usage_plans": {"basic": {"throttle": _throttle("rate")(v)}}},
    "usage_plans.basic.throttle.burst": lambda v: {"usage_plans": {"basic": {"throttle": _throttle("burst")(v)}}},
    'usage_plans.basic.methods."GET /products".throttle.rate': lambda v: {"usage_plans": {"basic": {"methods": {"GET /products": {"throttle": _throttle("rate")(v)}}}}},
    "usage_plans.basic.quota.limit": lambda v: {"usage_plans": {"basic": {"quota": {"limit": v, "period": "DAY"}}}},
    "usage_plans.basic.quota.offset": lambda v: {"usage_plans": {"basic": {"quota": {"limit": 5, "period": "MONTH", "offset": v}}}},
    "faults[0].status": lambda v: {"faults": [{"route": "GET /products/{productId}", "status": v}]},
    "faults[0].rate": lambda v: {"faults": [{"route": "GET /products/{productId}", "status": 503, "rate": v}]},
    "latency_ms.min": lambda v: {"latency_ms": {"min": v, "max": 60_000}},
    "latency_ms.max": lambda v: {"latency_ms": {"max": v}},
    "seed": lambda v: {"seed": v},
    "account_throttle.rate": lambda v: {"account_throttle": {"rate": v}},
    "account_throttle.burst": lambda v: {"account_throttle": {"burst": v}},
}
HOSTILE: list[Any] = [math.inf, -math.inf, math.nan, 10**400, -(10**400), 1e308, -1, -0.5, 999_999_999, 10**13, 2**64, "1e400", True, None, [1]]


async def _serve(config: dict[str, Any]) -> list[int]:
    app = create_app(shop(), config)
    async with client_for(app) as client:
        statuses = []
        for path in ("/prod/products", "/prod/products/1", "/prod/products"):
            response = await asyncio.wait_for(client.get(path, headers={"x-api-key": KEY}), 10)
            statuses.append(response.status_code)
            assert response.headers["content-type"].startswith("application/json")
        return statuses


@pytest.mark.parametrize("place", sorted(PLACES))
async def test_every_number_is_refused_where_it_is_or_served(place: str) -> None:
    for value in HOSTILE:
        config: dict[str, Any] = {"api_keys": [{"id": "alice", "value": KEY, "usage_plan": "basic"}], "usage_plans": {"basic": {}}}
        for key, item in PLACES[place](value).items():
            config[key] = {**config.get(key, {}), **item} if isinstance(item, dict) and isinstance(config.get(key), dict) else item
        try:
            create_app(shop(), config)
        except ConfigError as exc:
            assert exc.place == place or (value is None and exc.place.startswith(place.rsplit(".", 1)[0])), (value, exc.place, str(exc))
            continue
        if place.startswith("latency_ms") and isinstance(value, (int, float)) and value > 1000:
            continue  # an accepted latency of up to 60 s: too long to wait for here
        statuses = await _serve(config)
        faulted = place.startswith("faults") and isinstance(value, int)
        assert all(s < 500 for s in statuses) or faulted, (value, statuses)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"seed: " + b"7" * 5000 + b"\n", "a number written with more digits than can be read"),
        (b"seed: " + b"7" * 300 + b"\n", "seed: must be at most"),
        (b"retry_after: true\n# caf\xe9\n", "line 2, column 6: not UTF-8 text (byte 23: b'\\xe9')"),
        (b"usage_plans:\n  p: {quota: {limit: 5, period: WEEK, offset: 999999999}}\n", "usage_plans.p.quota.offset: must be at most 6"),
        (b"stages:\n  prod: {throttle: {rate: 1e400, burst: 5}}\n", "stages.prod.throttle.rate: expected a number"),
        (b"stages:\n  prod: {throttle: {rate: .inf, burst: 5}}\n", "stages.prod.throttle.rate: expected a finite number"),
        (b"stages:\n  prod: {throttle: {rate: 5, burst: 100000000000000000000}}\n", "stages.prod.throttle.burst: must be at most"),
    ],
)
def test_config_files_are_refused_with_a_located_error_not_a_traceback(tmp_path: Path, text: bytes, message: str) -> None:
    spec = tmp_path / "shop.yaml"
    import yaml

    spec.write_text(yaml.safe_dump(shop()))
    config = tmp_path / "gateway.yaml"
    config.write_bytes(text)
    with pytest.raises(ConfigError) as caught:
        create_app(spec, config)
    assert message in str(caught.value)
    result = CliRunner().invoke(mock, [str(spec), "--config", str(config), "--port", "0"])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
