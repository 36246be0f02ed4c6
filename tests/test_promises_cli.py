"""README promises of `sdkgen validate` and `sdkgen generate` that no other test guarded (issue 17):
each test here was seen failing with the behaviour broken on purpose (tests/README.md lists them)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from sdkgen.cli import main

PETSTORE = Path(__file__).resolve().parent / "fixtures" / "real-exports" / "petstore.oas30.apigateway.json"
# openapi-spec-validator refuses this (an unknown operation key), yet a model can be built from it.
REFUSED_BUT_USABLE = """\
openapi: 3.0.1
info: {title: Len, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": {description: ok}
      bogusKey: 1
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_lenient_reports_the_validators_findings_and_exits_0(tmp_path: Path) -> None:
    spec = tmp_path / "len.yaml"
    spec.write_text(REFUSED_BUT_USABLE, encoding="utf-8")
    code, _, err = run("validate", str(spec))
    assert code == 1 and "bogusKey" in err
    code, out, err = run("validate", str(spec), "--lenient")
    assert code == 0, err
    assert "warning: unexpected property 'bogusKey'" in err  # still reported, as a warning
    assert "usable: 1 operations" in out and "1 warning(s)" in out


def test_generate_lenient_generates_a_definition_the_validator_refuses(tmp_path: Path) -> None:
    spec = tmp_path / "len.yaml"
    spec.write_text(REFUSED_BUT_USABLE, encoding="utf-8")
    assert run("generate", str(spec), "-o", str(tmp_path / "strict"))[0] == 1
    assert not (tmp_path / "strict").exists()
    code, _, err = run("generate", str(spec), "-o", str(tmp_path / "lenient"), "--lenient")
    assert code == 0, err
    assert (tmp_path / "lenient" / "len_client" / "_client.py").is_file()


def test_a_valid_package_name_names_the_package(tmp_path: Path) -> None:
    out = tmp_path / "client"
    code, stdout, err = run("generate", str(PETSTORE), "-o", str(out), "--package-name", "zoo_client")
    assert code == 0, err
    assert "Generated zoo_client" in stdout
    assert (out / "zoo_client" / "_client.py").is_file() and not (out / "pet_store").exists()
    assert "from zoo_client" in (out / "README.md").read_text(encoding="utf-8")
    project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "zoo-client"  # the default project name follows the package name


def test_project_name_names_the_distribution(tmp_path: Path) -> None:
    out = tmp_path / "client"
    code, _, err = run("generate", str(PETSTORE), "-o", str(out), "--project-name", "acme.pets-sdk")
    assert code == 0, err
    project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "acme.pets-sdk"
    assert (out / "pet_store" / "_client.py").is_file()  # the import name is unchanged
    assert run("generate", str(PETSTORE), "-o", str(out), "--project-name", "bad name!")[0] == 2


def test_full_black_runs_black_over_every_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the flag black sees only a few statements; with it every module is black's whole output.
    (That the bytes are the same either way is tests/test_format.py's.) Black's result is marked here,
    so the output shows which modules went through it whole."""
    from sdkgen.generate import format as fmt

    real = fmt.format_source
    monkeypatch.setattr(fmt, "format_source", lambda source: real(source) + "# black ran\n")
    out = tmp_path / "client"
    code, _, err = run("generate", str(PETSTORE), "-o", str(out), "--full-black")
    assert code == 0, err
    runtime = {p.name for p in (Path(__file__).resolve().parent.parent / "templates" / "runtime").glob("*.py")}
    modules = [p for p in out.rglob("*.py") if not (p.parent.name == "pet_store" and p.name in runtime)]
    assert len(modules) >= 4
    unformatted = [str(p.relative_to(out)) for p in modules if p.stat().st_size and not p.read_text().endswith("# black ran\n")]
    assert unformatted == []


def test_the_generated_readme_documents_every_operation(tmp_path: Path) -> None:
    """README: `generate` writes `README.md documenting every operation` (its method and HTTP route)."""
    from sdkgen.examples import example_specs
    from sdkgen.parse import load_api

    for spec in example_specs(Path(__file__).resolve().parent.parent / "specs"):
        out = tmp_path / spec.stem
        assert run("generate", str(spec), "-o", str(out))[0] == 0
        readme = (out / "README.md").read_text(encoding="utf-8")
        api = load_api(spec).api
        assert api.operations
        missing = [o.py_name for o in api.operations if f"| `{o.py_name}` | `{o.method} {o.path}` |" not in readme]
        assert missing == [], f"{spec.name}: operations missing from README.md: {missing}"
