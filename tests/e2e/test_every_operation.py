"""Every example definition: its generated client, pip-installed in a venv, calls every operation,
sync and async, against `sdkgen mock` over real sockets, and parses every answer without loss."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdkgen.examples import output_dir
from sdkgen.parse import load_api

from .conftest import ROOT, SPECS, gateway_setup, run_driver, sdkgen_mock


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
