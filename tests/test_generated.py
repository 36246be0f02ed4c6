"""The committed clients in generated/: current, mypy --strict clean, installable and importable."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from venvs import assert_fresh, clean_env, make_venv, pip_install

from sdkgen.cli import main
from sdkgen.examples import Example, examples

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = examples(ROOT / "specs")


def packages() -> list[Path]:
    """The package directory inside each generated project."""
    found = []
    for example in EXAMPLES:
        found.extend(p.parent for p in example.output(ROOT).glob("*/_client.py"))
    return found


def test_there_are_example_specs() -> None:
    assert len([e for e in EXAMPLES if not e.template]) >= 4, EXAMPLES
    # The templates' APIs are examples too: a SAM explicit API, SAM implicit REST and HTTP APIs, a CDK synth output.
    assert len([e for e in EXAMPLES if e.template]) >= 4, EXAMPLES


def test_every_generated_project_is_an_example() -> None:
    """A project left in generated/ after its example went away (or renamed) would be checked by nothing."""
    assert sorted(p.name for p in (ROOT / "generated").iterdir() if p.is_dir()) == sorted(e.name for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_generated_matches_a_fresh_run(example: Example) -> None:
    result = CliRunner().invoke(main, ["generate", *example.generate_args, "--output", str(example.output(ROOT)), "--check"])
    assert result.exit_code == 0, f"{result.stderr}\nrun: python scripts/regenerate_examples.py"


def test_generated_packages_pass_mypy_strict() -> None:
    targets = packages()
    assert len(targets) == len(EXAMPLES)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *[str(p) for p in targets]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("package", packages(), ids=lambda p: p.name)
def test_import_has_no_side_effects_and_loads_models_lazily(package: Path) -> None:
    code = (
        "import sys, os; before = set(os.listdir('.'));"
        f"import {package.name} as pkg; c = pkg.Client(base_url='http://127.0.0.1:9');"
        f"assert not [m for m in sys.modules if m.startswith('{package.name}.types.')], 'models loaded at import';"
        f"lazy = [f'{package.name}.{{m}}' for m in ('_async_client', '_pagination', '_streaming', '_resources')];"
        "assert not [m for m in lazy if m in sys.modules], 'loaded at import';"
        # Re-exported from the package, loaded on first use, the runtime's own classes.
        "names = ['AsyncClient', 'SyncPage', 'AsyncPage', 'AsyncPaginator', 'NextPageError', 'EventStream',"
        " 'AsyncEventStream', 'ServerSentEvent', 'StreamedResponse', 'AsyncStreamedResponse'];"
        "assert all(n in dir(pkg) and n in pkg.__all__ for n in names);"
        "from importlib import import_module;"
        "assert all(getattr(pkg, n) is getattr(import_module(f'{pkg.__name__}.{m}'), n) for n, m in"
        " [('SyncPage', '_pagination'), ('AsyncPaginator', '_pagination'), ('NextPageError', '_pagination'),"
        " ('ServerSentEvent', '_streaming'), ('AsyncStreamedResponse', '_streaming'), ('AsyncClient', '_async_client')]);"
        "assert set(os.listdir('.')) == before; print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=package.parent, timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_pip_install_into_a_fresh_venv_and_call(tmp_path: Path) -> None:
    """A real `pip install` of a generated project into a new venv, then a call through it."""
    project = next(e.output(ROOT) for e in EXAMPLES if e.name == "shop")
    env_dir = tmp_path / "venv"
    python = make_venv(env_dir)
    install = pip_install(python, [project], tmp_path)
    assert install.returncode == 0, install.stdout + install.stderr
    # Only what the project declares (and its dependencies) is there; sdkgen, pytest, yaml are not importable.
    installed = assert_fresh(python, ["shop_api"])
    assert {"shop-api", "httpx", "tenacity"} <= set(installed), installed
    script = tmp_path / "call.py"
    script.write_text(
        "import httpx, shop_api\n"
        f"assert shop_api.__file__.startswith({str(env_dir)!r}), shop_api.__file__\n"
        "seen = []\n"
        "def handler(request):\n"
        "    seen.append(request)\n"
        "    return httpx.Response(200, json={'status': 'ok'})\n"
        "client = shop_api.Client(http_client=httpx.Client(transport=httpx.MockTransport(handler)))\n"
        "assert client.health().status == 'ok'\n"
        "assert str(seen[0].url) == 'https://s7h0p1a2b3.execute-api.eu-west-1.amazonaws.com/prod/health', seen[0].url\n"
        "print('called')\n"
    )
    run = subprocess.run([str(python), str(script)], capture_output=True, text=True, timeout=60, cwd=tmp_path, env=clean_env())
    assert run.returncode == 0 and run.stdout.strip() == "called", run.stdout + run.stderr


def test_every_runtime_name_the_package_imports_is_kept_from_model_classes() -> None:
    """A model class named like a runtime class a module imports beside it (``SecurityScheme`` in Jira's
    definition) would shadow it there: such names are reserved, and this finds any left out."""
    from sdkgen.parse import RESERVED_CLASS_NAMES

    imported: set[str] = set()
    for package in packages():
        for module in package.glob("*.py"):
            imports = [node for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))) if isinstance(node, ast.ImportFrom)]
            if not any((node.module or "").startswith("types") for node in imports):
                continue  # imports no model: nothing to collide with
            for node in imports:
                if node.level == 1 and not (node.module or "").startswith("types"):
                    imported.update(alias.asname or alias.name for alias in node.names if alias.name[:1].isupper())
    assert {"SecurityScheme", "RequestOptions", "SyncAPIClient", "APIResponse"} <= imported  # the scan sees them
    assert sorted(imported - RESERVED_CLASS_NAMES) == []
