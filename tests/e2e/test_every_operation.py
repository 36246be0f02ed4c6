"""Every example definition: its generated client, pip-installed in a venv, calls every operation,
sync and async, against `sdkgen mock` over real sockets, and parses every answer without loss."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sdkgen.examples import Example, output_dir
from sdkgen.parse import load_api
from sdkgen.sources import TemplateDocument

from .conftest import EXAMPLES, ROOT, SPECS, gateway_setup, run_driver, sdkgen_mock


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_every_operation_sync_and_async(spec: Path, client_venv: Path, tmp_path: Path) -> None:
    api = load_api(spec, strict=False).api
    package = next(output_dir(ROOT, spec).glob("*/_client.py")).parent.name
    config, credentials = gateway_setup(api)
    with sdkgen_mock(spec, config, tmp_path) as url:
        results = run_driver(client_venv, spec, package, url, credentials)
    failed = [r for r in results if not r["ok"]]
    assert not failed, failed
    for mode in ("sync", "async"):
        assert sorted(r["operation"] for r in results if r["mode"] == mode) == sorted(o.py_name for o in api.operations)


TEMPLATES = [example for example in EXAMPLES if example.template]
MADE_UP = re.compile(r"API key from the template \(value made up for this run\): (\S+?)=(\S+)")


@pytest.mark.parametrize("example", TEMPLATES, ids=str)
def test_every_operation_of_a_template_against_sdkgen_mock_template(example: Example, client_venv: Path, tmp_path: Path) -> None:
    """`sdkgen mock TEMPLATE` serves the template's API with the stack's usage plans and API keys: the client calls
    every operation with the stack's own key (made up and printed by the mock when the template gives no value);
    the configuration adds only the authorizers' secrets (Cognito tokens signed for real, Lambda identities)."""
    document = example.document()
    api = load_api(document, strict=False).api
    package = next(example.output(ROOT).glob("*/_client.py")).parent.name
    config, credentials = gateway_setup(api)
    del config["api_keys"]  # the stack's keys only
    printed: list[str] = []
    with sdkgen_mock(example.spec, config, tmp_path, *example.args[1:], printed=printed) as url:
        stack_keys = {m.group(1): m.group(2) for m in map(MADE_UP.search, printed) if m}
        assert isinstance(document, TemplateDocument) and document.source is not None
        for key in document.source.mock_config.get("api_keys", []):
            stack_keys.setdefault(key["id"], key["value"])  # a value the template gives
        uses_keys = any("api_key" == s.authorizer for s in api.security_schemes.values())
        assert bool(stack_keys) == uses_keys, (stack_keys, printed)
        credentials["api_key"] = next(iter(stack_keys.values()), None)
        results = run_driver(client_venv, example.spec, package, url, credentials, example.api)
    failed = [r for r in results if not r["ok"]]
    assert not failed, failed
    for mode in ("sync", "async"):
        assert sorted(r["operation"] for r in results if r["mode"] == mode) == sorted(o.py_name for o in api.operations)
