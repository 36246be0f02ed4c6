"""`sdkgen generate` and `sdkgen validate` as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sdkgen.cli import main

REAL_EXPORTS = Path(__file__).resolve().parent / "fixtures" / "real-exports"
PETSTORE = REAL_EXPORTS / "petstore.oas30.apigateway.json"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_generate_is_deterministic_and_check_detects_drift(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    code, out, err = run("generate", str(PETSTORE), "--output", str(first))
    assert code == 0, err
    assert "6 operations" in out and "models" in out and str(first) in out
    assert run("generate", str(PETSTORE), "--output", str(second))[0] == 0
    assert snapshot(first) == snapshot(second)
    assert "pet_store/_client.py" in snapshot(first)

    assert run("generate", str(PETSTORE), "--output", str(first), "--check")[0] == 0
    (first / "pet_store" / "_client.py").write_text("# edited\n")
    code, _, err = run("generate", str(PETSTORE), "--output", str(first), "--check")
    assert code == 1 and "changed: pet_store/_client.py" in err
    (first / "stray.py").write_text("")  # not sdkgen's: --check does not look at it
    code, _, err = run("generate", str(PETSTORE), "--output", str(first), "--check")
    assert code == 1 and "stray.py" not in err


def test_regeneration_replaces_own_output_but_refuses_foreign_directory(tmp_path: Path) -> None:
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    (out / "leftover.txt").write_text("mine")
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    assert (out / "leftover.txt").read_text() == "mine"  # not sdkgen's: kept

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("precious")
    # A mention of the old marker is no claim of ownership (such a project was once wiped).
    (foreign / "pyproject.toml").write_text("# see [tool.sdkgen]\n[project]\nname = 'mine'\n")
    code, _, err = run("generate", str(PETSTORE), "-o", str(foreign))
    assert code == 1 and "--force" in err and ".sdkgen-manifest.json" in err
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt", "pyproject.toml"]
    assert run("generate", str(PETSTORE), "-o", str(foreign), "--force")[0] == 0
    assert (foreign / "notes.txt").read_text() == "precious"  # forced: what sdkgen writes replaces, the rest stays
    assert "[tool.sdkgen]" in (foreign / "pyproject.toml").read_text() and (foreign / ".sdkgen-manifest.json").is_file()


@pytest.mark.parametrize("name", ["../evil", "a/b", "class", "1abc", "", "httpx", "_private"])
def test_bad_package_name_is_refused(tmp_path: Path, name: str) -> None:
    code, _, err = run("generate", str(PETSTORE), "-o", str(tmp_path / "out"), "--package-name", name)
    assert code == 2 and "package" in err.lower()
    assert not (tmp_path / "out").exists()
    assert list(tmp_path.iterdir()) == []


def test_broken_spec_writes_nothing_and_keeps_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    before = snapshot(out)
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.1\ninfo: [unclosed\n")
    code, _, err = run("generate", str(broken), "-o", str(out))
    assert code == 1
    assert f"{broken.resolve()}:3:1" in err and "invalid YAML" in err and "Traceback" not in err
    assert err.rstrip().endswith("1 problem(s); nothing was written.")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml", "client"]


def test_failure_while_writing_leaves_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    before = snapshot(out)
    import sdkgen.generate.write as write

    def explode(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(write.os, "rename", explode)
    code, _, err = run("generate", str(PETSTORE), "-o", str(out))
    assert code == 1 and "disk full" in err and "Traceback" not in err
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["client"]


def test_validate_reports_located_problems(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("openapi: 3.0.1\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n")
    code, _, err = run("validate", str(spec))
    assert code == 1
    assert f"{spec.resolve()}:6:" in err and "#/paths/~1a/get/responses" in err
    assert err.rstrip().endswith(" problem(s).")  # validate writes nothing, and does not say it did not
    assert run("validate", str(PETSTORE))[0] == 0


def test_a_definition_the_validator_refuses_leaves_nothing_though_a_forked_child_wrote_its_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from sdkgen import generate as generation

    monkeypatch.setattr(generation, "PARALLEL_MODELS", 2)
    schemas = {f"Model{i}": {"type": "object", "properties": {"id": {"type": "integer"}}} for i in range(6)}
    schemas["Model5"]["properties"]["id"]["minLength"] = -1  # the validator's finding, not the parser's
    document = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}}
    spec = tmp_path / "refused.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "client"
    code, _, err = run("generate", str(spec), "-o", str(out))
    assert code == 1 and "minLength" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refused.json"]  # no output, no staging directory
    code, _, err = run("generate", str(spec), "-o", str(out), "--lenient")
    assert code == 0, err
    assert len([p for p in (out / "t" / "types").glob("model*.py")]) == 6  # both processes' shares in place


def test_a_failed_run_takes_away_the_folders_it_made_for_the_output(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.1\ninfo: [unclosed\n")
    code, _, _ = run("generate", str(broken), "-o", str(tmp_path / "new" / "deeper" / "client"))
    assert code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml"]


def test_regenerating_keeps_unchanged_files_and_rewrites_the_others(tmp_path: Path) -> None:
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    client, readme = out / "pet_store" / "_client.py", out / "README.md"
    before = {path: path.stat().st_ino for path in (client, readme)}
    readme.write_text(readme.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours\n", encoding="utf-8")
    operations = out / "pet_store" / "_operations.py"
    text = operations.read_text(encoding="utf-8")
    operations.unlink()
    operations.symlink_to(outside)  # a link in the previous output is never taken over
    outside.write_text(text, encoding="utf-8")
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    assert client.stat().st_ino == before[client] and client.stat().st_nlink == 1  # the same file, kept
    assert readme.stat().st_ino != before[readme] and not readme.read_text(encoding="utf-8").endswith("edited\n")
    assert not operations.is_symlink() and operations.read_text(encoding="utf-8") == text
    assert outside.read_text(encoding="utf-8") == text  # left alone
    assert run("generate", str(PETSTORE), "-o", str(out), "--check")[0] == 0


def test_what_killed_runs_left_beside_the_output_is_removed_by_the_next_run(tmp_path: Path) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)  # a process that has exited: its pid names what a killed run left
    out = tmp_path / "client"
    left = {
        "staging": tmp_path / f".client.sdkgen-{dead}-x1",
        "retired": tmp_path / f".client.old-{dead}-x2",
        "running": tmp_path / f".client.sdkgen-{os.getpid()}-x3",  # a run still going: left alone
        "other output": tmp_path / f".other.sdkgen-{dead}-x4",
        "no pid": tmp_path / ".client.sdkgen-x5",
    }
    for path in left.values():
        (path / "pkg").mkdir(parents=True)
        (path / "pkg" / "a.py").write_text("x = 1\n")
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    # No output was there: the retired one could have been the only copy left, so it stays this time.
    assert {name for name, path in left.items() if path.exists()} == {"retired", "running", "other output", "no pid"}
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    assert {name for name, path in left.items() if path.exists()} == {"running", "other output", "no pid"}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".client.")) == sorted(
        p.name for p in (left["running"], left["no pid"])
    )  # and the runs themselves left nothing


def test_no_page_of_another_project_is_linked_and_the_distribution_name_is_ours(tmp_path: Path) -> None:
    import re
    import tomllib

    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    definition = PETSTORE.read_text(encoding="utf-8")
    for name in ("README.md", "pyproject.toml"):
        # Every address in these files is one the definition gave (its servers), none of sdkgen's choosing.
        for url in re.findall(r"https?://[^\s)>\]`\"']+", (out / name).read_text(encoding="utf-8")):
            assert url in definition, (name, url)
    ours = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert ours["project"]["name"] == "apigw-sdkgen" and ours["project"]["scripts"]["sdkgen"]
    code, out_text, _ = run("--version")
    assert code == 0 and "0." in out_text
