"""The admin routes: the request log never holds a credential, and beyond loopback they are off unless asked for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from gateway_helpers import KEY, base_config, shop

from sdkgen.mock import MockGateway, server
from sdkgen.mock.cli import mock


async def test_the_request_log_never_holds_a_credential(make_client: Any) -> None:
    config = base_config()
    config["authorizers"]["NotesAuthorizer"] = {"allow": ["Bearer good-token", "Bearer other-token"]}
    client = make_client(shop(), config)
    assert (await client.get("/prod/notes", headers={"Authorization": "Bearer good-token"})).status_code == 200
    assert (await client.get("/prod/notes", headers={"Authorization": "Bearer other-token"})).status_code == 200
    assert (await client.get("/prod/products", headers={"x-api-key": KEY})).status_code == 200
    log = (await client.get("/__sdkgen/requests")).text
    for secret in ("good-token", "other-token", KEY):
        assert secret not in log
    records = json.loads(log)["requests"]
    first, second, keyed = records
    assert first["principal"].startswith("sha256:") and first["principal"] != second["principal"]  # told apart
    assert keyed["key_id"] == keyed["principal"] == "alice"


async def test_a_lambda_identity_mapped_to_a_key_is_logged_as_the_key_id(make_client: Any) -> None:
    config = base_config()
    config["authorizers"]["NotesAuthorizer"] = {"allow": {"Bearer good-token": "alice"}}
    client = make_client(shop(), config)
    assert (await client.get("/prod/notes", headers={"Authorization": "Bearer good-token"})).status_code == 200
    assert client.app.records[-1].principal == "alice"


class _Socket:
    def getsockname(self) -> tuple[str, int]:
        return ("0.0.0.0", 4010)

    def close(self) -> None:
        pass


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[MockGateway]:
    """``sdkgen mock`` up to the point where it would serve: the app it would serve, without binding any address."""
    apps: list[MockGateway] = []
    monkeypatch.setattr(server, "bind", lambda host, port: _Socket())
    monkeypatch.setattr(server, "serve", lambda app, sock, host, **_: apps.append(app))
    return apps


@pytest.mark.parametrize(
    ("host", "args", "config", "admin"),
    [
        ("127.0.0.1", [], {}, True),
        ("localhost", [], {}, True),
        ("::1", [], {}, True),
        ("0.0.0.0", [], {}, False),
        ("192.0.2.10", [], {}, False),
        ("my-host.example", [], {}, False),
        ("0.0.0.0", ["--admin"], {}, True),
        ("0.0.0.0", [], {"admin": True}, True),
        ("127.0.0.1", ["--no-admin"], {}, False),
        ("127.0.0.1", [], {"admin": False}, False),
    ],
)
def test_admin_is_off_beyond_loopback_unless_enabled(
    tmp_path: Path, served: list[MockGateway], host: str, args: list[str], config: dict[str, Any], admin: bool
) -> None:
    spec = tmp_path / "shop.yaml"
    spec.write_text(yaml.safe_dump(shop()))
    config_path = tmp_path / "gateway.yaml"
    config_path.write_text(yaml.safe_dump(config))
    result = CliRunner().invoke(mock, [str(spec), "--config", str(config_path), "--host", host, *args])
    assert result.exit_code == 0, result.output
    assert served[-1].config.admin is admin
    assert ("Admin routes (/__sdkgen/) are off" in result.output) is (not admin and not args and not config)
