"""Shared pieces of the end-to-end tests: a venv with every generated client installed, and `sdkgen mock`."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from mock_process import mock_process
from venvs import add_parent_env, assert_fresh, make_venv, packages_of, pip_install

from sdkgen.examples import example_specs, examples
from sdkgen.model import Api

ROOT = Path(__file__).resolve().parent.parent.parent
SPECS = example_specs(ROOT / "specs")
EXAMPLES = examples(ROOT / "specs")  # the definitions and the templates' APIs
API_KEY = "e2e-key-0123456789abcdef"
JWT_SECRET = "e2e-secret-0123456789abcdef0123456789"
LAMBDA_IDENTITY = "Bearer e2e-allowed"


@pytest.fixture(scope="session")
def client_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with every generated project pip-installed; its python. One install serves every test."""
    workdir = tmp_path_factory.mktemp("venv")
    python = make_venv(workdir / "env")
    install = pip_install(python, [example.output(ROOT) for example in EXAMPLES], workdir)
    assert install.returncode == 0, install.stdout + install.stderr
    assert_fresh(python, packages_of([example.output(ROOT) for example in EXAMPLES]))
    add_parent_env(python)  # the driver's own tools (sdkgen, PyJWT), behind the clients' installed dependencies
    return python


def gateway_setup(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    """A mock configuration accepting every kind of credential the definition uses, and those credentials."""
    config: dict[str, Any] = {"api_keys": [{"id": "e2e", "value": API_KEY}], "authorizers": {}}
    credentials: dict[str, Any] = {"api_key": API_KEY, "lambda_identity": LAMBDA_IDENTITY}
    scopes = sorted({s for op in api.operations for alt in op.security for scopes in alt.values() for s in scopes})
    for scheme in api.security_schemes.values():
        if scheme.kind in ("bearer", "raw_token"):
            audience = scheme.audience[0] if scheme.audience else "e2e-client"
            config["authorizers"][scheme.name] = {"hs256_secret": JWT_SECRET, "audience": [audience]}
            credentials.update(jwt_secret=JWT_SECRET, audience=audience, scopes=scopes, issuer=scheme.issuer)
            if scheme.issuer:
                config["authorizers"][scheme.name]["issuer"] = scheme.issuer
        elif scheme.kind == "lambda":
            config["authorizers"][scheme.name] = {"allow": [LAMBDA_IDENTITY]}
    return config, credentials


@contextmanager
def sdkgen_mock(spec: Path, config: dict[str, Any], tmp_path: Path, *extra: str, printed: list[str] | None = None) -> Iterator[str]:
    """`sdkgen mock` as a subprocess on a free 127.0.0.1 port; yields the stage's base URL (``printed`` receives
    what it printed before)."""
    config_file = tmp_path / f"{spec.stem}-gateway.yaml"
    config_file.write_text(yaml.safe_dump(config))
    with mock_process(str(spec), "--config", str(config_file), "--seed", "7", *extra) as (url, lines):
        if printed is not None:
            printed.extend(lines)
        yield url


def run_driver(python: Path, spec: Path, package: str, url: str, credentials: dict[str, Any], api: str | None = None) -> list[dict[str, Any]]:
    result = subprocess.run(
        [str(python), str(Path(__file__).parent / "driver.py"), str(spec), package, url, json.dumps(credentials), *([api] if api else [])],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stderr
    return lines
