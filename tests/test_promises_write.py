"""README promises about writing the output (issue 17): a failed run leaves the previous output intact, also
when the new output cannot be swapped in after the old one was moved aside; nothing is written outside DIR."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from sdkgen.cli import main

PETSTORE = Path(__file__).resolve().parent / "fixtures" / "real-exports" / "petstore.oas30.apigateway.json"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_previous_output_survives_when_the_new_one_cannot_be_swapped_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The swap moves the previous output aside, then renames the staging directory (`.DIR.sdkgen-PID-*`)
    into place: when that second rename fails, the previous output must be put back."""
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    (out / "README.md").write_text("the previous output\n", encoding="utf-8")  # so the run has something to replace
    before = snapshot(out)
    real_rename = os.rename
    refused: list[str] = []

    def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        if Path(dst) == out and ".client.sdkgen-" in Path(src).name:
            refused.append(str(src))
            raise OSError("no space left on device")
        real_rename(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", rename)
    code, _, err = run("generate", str(PETSTORE), "-o", str(out))
    assert refused, "the new output was never renamed into place: the test no longer exercises the swap"
    assert code == 1 and "no space left on device" in err and "Traceback" not in err
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["client"]  # neither staging nor retired copy left behind


@pytest.mark.parametrize("name", ["../escaped.py", "pkg/../../escaped.py", "ABSOLUTE"])
def test_the_writer_refuses_paths_outside_the_output(tmp_path: Path, name: str) -> None:
    from sdkgen.generate.write import MANIFEST, OutputError, digest, manifest_text, write_tree

    out = tmp_path / "nest" / "client"
    previous = "[tool.sdkgen]\n"  # a previous output sdkgen wrote (with its manifest)
    write_tree(out, {"pyproject.toml": previous, MANIFEST: manifest_text({"pyproject.toml": digest(previous)})})
    if name == "ABSOLUTE":
        name = str(tmp_path / "escaped.py")
    before = snapshot(tmp_path)
    with pytest.raises(OutputError, match="outside the output directory"):
        write_tree(out, {"pyproject.toml": "[tool.sdkgen]\nnew = 1\n", name: "print('escaped')\n"})
    assert snapshot(tmp_path) == before  # nothing escaped, the previous output intact, no staging left
    assert sorted(p.name for p in (tmp_path / "nest").iterdir()) == ["client"]
