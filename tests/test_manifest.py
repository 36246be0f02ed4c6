"""Regeneration touches only what sdkgen wrote (its manifest); everything else in the directory is the user's."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import sdkgen.generate.write as write
from sdkgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
PETSTORE = ROOT / "tests" / "fixtures" / "real-exports" / "petstore.oas30.apigateway.json"
SHOP = ROOT / "specs" / "shop.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def add_user_files(out: Path) -> dict[str, bytes]:
    files = {
        "tests/test_client.py": b"def test_x(): pass\n",
        "NOTES.md": b"precious\n",
        ".git/HEAD": b"ref: refs/heads/main\n",
        ".git/objects/ab/cdef": b"blob",
        "pet_store/my_helpers.py": b"X = 1\n",  # inside a folder sdkgen writes
        "pet_store/types/extra/note.txt": b"n\n",
    }
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    return files


def user_part(out: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(out).items() if name in files}


def test_the_output_lists_every_file_sdkgen_wrote_with_its_digest(tmp_path: Path) -> None:
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    listed = json.loads((out / ".sdkgen-manifest.json").read_text())["files"]
    files = snapshot(out)
    assert set(listed) == set(files) - {".sdkgen-manifest.json"}
    assert all(listed[name] == write.digest(files[name].decode()) for name in listed)
    assert {"build/", "*.egg-info/"} <= set((out / ".gitignore").read_text().split())


def test_regeneration_keeps_every_file_sdkgen_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    mine = add_user_files(out)
    (out / "pet_store" / "_client.py").write_text("# edited\n")  # sdkgen's own: regenerated
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    assert user_part(out, mine) == mine
    assert (out / "pet_store" / "_client.py").read_text() != "# edited\n"
    assert run("generate", str(PETSTORE), "-o", str(out), "--check")[0] == 0


def test_files_sdkgen_no_longer_writes_are_removed_unless_edited(tmp_path: Path) -> None:
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    mine = add_user_files(out)
    (out / "pet_store" / "_operations.py").write_text("# my edit\n")
    code, _, err = run("generate", str(SHOP), "-o", str(out), "--package-name", "shop")
    assert code == 0, err
    names = set(snapshot(out))
    # The old package is gone but for the user's files and the one file the user edited (with a warning).
    assert {n for n in names if n.startswith("pet_store/")} == {
        "pet_store/my_helpers.py", "pet_store/types/extra/note.txt", "pet_store/_operations.py",
    }  # fmt: skip
    assert "kept" in err and "_operations.py" in err
    assert user_part(out, mine) == mine and "shop/_client.py" in names


def test_check_ignores_build_artefacts_and_other_files_sdkgen_never_wrote(tmp_path: Path) -> None:
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    for name in ("build/lib/pet_store/__init__.py", "pet_store.egg-info/PKG-INFO", "pet_store/__pycache__/x.pyc", "dist/x.whl", "NOTES.md"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("x")
    code, out_text, err = run("generate", str(PETSTORE), "-o", str(out), "--check")
    assert code == 0, err
    manifest = json.loads((out / ".sdkgen-manifest.json").read_text())
    (out / "pet_store" / "gone.py").write_text("")
    manifest["files"]["pet_store/gone.py"] = write.digest("")
    (out / ".sdkgen-manifest.json").write_text(json.dumps(manifest))
    code, _, err = run("generate", str(PETSTORE), "-o", str(out), "--check")
    assert code == 1 and "extra: pet_store/gone.py" in err and "NOTES.md" not in err and "build/" not in err


def test_a_file_of_the_users_where_sdkgen_now_writes_is_refused_without_force(tmp_path: Path) -> None:
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    mine = add_user_files(out)
    (out / "shop").mkdir()
    (out / "shop" / "_client.py").write_text("mine\n")
    before = snapshot(out)
    code, _, err = run("generate", str(SHOP), "-o", str(out), "--package-name", "shop")
    assert code == 1 and "shop/_client.py" in err and "--force" in err and "Traceback" not in err
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["client"]
    assert run("generate", str(SHOP), "-o", str(out), "--package-name", "shop", "--force")[0] == 0
    assert (out / "shop" / "_client.py").read_text() != "mine\n" and user_part(out, mine) == mine


def test_a_manifest_cannot_make_sdkgen_remove_files_outside_the_directory(tmp_path: Path) -> None:
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    manifest = json.loads((out / ".sdkgen-manifest.json").read_text())
    manifest["files"]["../outside.txt"] = write.digest("keep")
    (out / ".sdkgen-manifest.json").write_text(json.dumps(manifest))
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    assert outside.read_text() == "keep"


@pytest.mark.parametrize("failing", ["first", "second", "move"])
def test_a_failed_swap_leaves_the_previous_output_and_the_users_files_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    add_user_files(out)
    (out / "pet_store" / "_client.py").write_text("# edited, so the new output differs\n")
    before = snapshot(out)
    real_rename = os.rename
    moves = []

    def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        src_path, dst_path = Path(src), Path(dst)
        staging_name = f".client.sdkgen-{os.getpid()}-"
        if failing == "first" and src_path == out:
            raise OSError("first rename failed")
        if failing == "second" and src_path.name.startswith(staging_name) and dst_path == out:
            raise OSError("second rename failed")
        if failing == "move" and src_path.parent == out and dst_path.parent.name.startswith(staging_name):
            moves.append(src_path.name)
            if len(moves) == 3:  # after two of the user's entries were moved into the new output
                raise OSError("move failed")
        real_rename(src, dst)

    monkeypatch.setattr(write.os, "rename", rename)
    code, _, err = run("generate", str(PETSTORE), "-o", str(out))
    assert code == 1 and "failed" in err and "Traceback" not in err
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["client"]  # no staging or retired directory left
    assert failing != "move" or len(moves) == 3


def test_a_folder_the_user_put_where_sdkgen_wrote_a_file_is_kept_or_refused(tmp_path: Path) -> None:
    out = tmp_path / "client"
    assert run("generate", str(PETSTORE), "-o", str(out))[0] == 0
    (out / "README.md").unlink()
    (out / "README.md").mkdir()
    (out / "README.md" / "mine.txt").write_text("mine")
    code, _, err = run("generate", str(PETSTORE), "-o", str(out))
    assert code == 1 and "README.md" in err and (out / "README.md" / "mine.txt").read_text() == "mine"
