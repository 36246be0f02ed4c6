"""Output-writing behaviour that mutation testing of sdkgen/generate/write.py found unguarded (issue 17).
The writer is driven through `write_tree`, with projects made of a few files and their manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sdkgen.generate.write as write
from sdkgen.generate.write import MANIFEST, OutputError, write_tree


def project(files: dict[str, str]) -> dict[str, str]:
    return {**files, MANIFEST: write.manifest_text({name: write.digest(text) for name, text in files.items()})}


def test_a_file_sdkgen_no_longer_writes_is_kept_when_it_cannot_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files sdkgen no longer writes are removed unless edited; one that cannot be read cannot be shown unedited,
    so it is kept (a read error never costs the user a file)."""
    out = tmp_path / "client"
    write_tree(out, project({"pkg/old.py": "old\n", "pkg/same.py": "same\n"}))
    unreadable = (out / "pkg" / "old.py").resolve()
    read_bytes = Path.read_bytes

    def failing(self: Path) -> bytes:
        if self.resolve() == unreadable:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", failing)
    write_tree(out, project({"pkg/same.py": "same\n"}))
    monkeypatch.undo()
    assert (out / "pkg" / "old.py").read_text() == "old\n" and (out / "pkg" / "same.py").read_text() == "same\n"
    # readable and unedited, it goes
    write_tree(out, project({"pkg/same.py": "same\n", "pkg/new.py": "new\n"}))
    write_tree(out, project({"pkg/same.py": "same\n"}))
    assert not (out / "pkg" / "new.py").exists()


def test_the_refusal_names_the_users_files_in_the_way(tmp_path: Path) -> None:
    """A user's files at paths sdkgen now writes are refused, named (the first five), and nothing changes."""
    out = tmp_path / "client"
    write_tree(out, project({"pkg/a.py": "a\n"}))
    names = [f"pkg/m{i}.py" for i in range(7)]
    for name in names:
        (out / name).write_text("mine\n")
    with pytest.raises(OutputError) as refused:
        write_tree(out, project({"pkg/a.py": "a\n", **{name: "generated\n" for name in names}}))
    message = str(refused.value)
    assert all(name in message for name in names[:5]) and names[5] not in message and "--force" in message
    assert all((out / name).read_text() == "mine\n" for name in names)


def test_manifest_entries_outside_the_output_are_not_sdkgens(tmp_path: Path) -> None:
    """A manifest is input: an entry that leaves the output (`..`, absolute, a backslash, not normalised) is not a
    file sdkgen wrote; it is neither reported by `--check` nor touched, and the user's file there stays."""
    out = tmp_path / "client"
    files = project({"pkg/a.py": "a\n"})
    write_tree(out, files)
    (tmp_path / "victim.txt").write_text("mine\n")
    document = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    for name in ("../victim.txt", str(tmp_path / "victim.txt"), "pkg\\\\..\\\\..\\\\victim.txt", "pkg/./a.py"):
        document["files"][name] = write.digest("mine\n")
    (out / MANIFEST).write_text(json.dumps(document), encoding="utf-8")
    assert set(write.read_manifest(out) or {}) == {"pkg/a.py"}
    assert not [line for line in write.diff_tree(out, files) if "victim" in line]
    write_tree(out, project({"pkg/b.py": "b\n"}))
    assert (tmp_path / "victim.txt").read_text() == "mine\n" and not (out / "pkg" / "a.py").exists()


def test_a_users_file_inside_a_generated_folder_is_carried_over(tmp_path: Path) -> None:
    """Regenerating keeps the user's own files, also those put inside folders sdkgen wrote: one it still writes
    into, and nested ones it no longer writes at all (their folders are made again around the user's file)."""
    out = tmp_path / "client"
    write_tree(out, project({"pkg/a.py": "a\n", "extra/deep/b.py": "b\n"}))
    (out / "pkg" / "notes.txt").write_text("mine\n")
    (out / "extra" / "deep" / "notes.txt").write_text("also mine\n")
    write_tree(out, project({"pkg/a.py": "a2\n"}))
    assert (out / "pkg" / "notes.txt").read_text() == "mine\n" and (out / "pkg" / "a.py").read_text() == "a2\n"
    assert (out / "extra" / "deep" / "notes.txt").read_text() == "also mine\n" and not (out / "extra" / "deep" / "b.py").exists()


def test_written_files_get_the_mode_open_gives_under_the_umask(tmp_path: Path) -> None:
    """Generated files are created as `open()` creates files: 0o666 less the umask (here 0o022 and 0o002)."""
    import os
    import stat

    for umask in (0o022, 0o002):
        previous = os.umask(umask)
        try:
            out = tmp_path / f"client-{umask:o}"
            write_tree(out, project({"pkg/a.py": "a\n"}))
            reference = tmp_path / f"reference-{umask:o}.txt"
            reference.write_text("x")
        finally:
            os.umask(previous)
        mode = stat.S_IMODE((out / "pkg" / "a.py").stat().st_mode)
        assert mode == stat.S_IMODE(reference.stat().st_mode) == 0o666 & ~umask, oct(mode)


def test_when_neither_output_can_be_put_in_place_the_error_is_the_writers_and_nothing_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the new output cannot be renamed into place and the previous one cannot be put back either, the run
    fails with the file system's error (not a crash of the writer's own) and the previous output is not deleted:
    it is the only copy left."""
    import os

    out = tmp_path / "client"
    write_tree(out, project({"pkg/a.py": "previous\n"}))
    real = os.rename

    def rename(source: object, target: object) -> None:
        if Path(str(target)) == out:  # both the new output's rename and the previous one's restore
            raise OSError(5, "Input/output error", str(target))
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError) as failed:
        write_tree(out, project({"pkg/a.py": "new\n"}))
    monkeypatch.undo()
    assert failed.value.errno == 5 or "could not" in str(failed.value)
    assert [p for p in tmp_path.rglob("a.py") if p.read_text() == "previous\n"], "the previous output was deleted"


def test_a_changed_file_of_the_same_size_is_rewritten(tmp_path: Path) -> None:
    """A file whose content changes, even to another of the same length, is written anew (an unchanged one may
    be linked from the previous output): "a" -> "b" and "b" -> "a" both show the new content."""
    out = tmp_path / "client"
    for content in ("a\n", "b\n", "a\n"):
        write_tree(out, project({"pkg/a.py": content}))
        assert (out / "pkg" / "a.py").read_text() == content


def test_the_committed_examples_manifests_are_what_the_writer_writes() -> None:
    """The manifest's text is part of the output `--check` and the committed examples compare: each example's
    manifest is exactly what `manifest_text` makes of the entries it lists."""
    examples = sorted((Path(__file__).resolve().parent.parent / "generated").glob("*/" + MANIFEST))
    assert examples
    for manifest in examples:
        text = manifest.read_text(encoding="utf-8")
        assert write.manifest_text(json.loads(text)["files"]) == text, manifest
