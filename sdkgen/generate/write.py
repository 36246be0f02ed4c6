"""Write a generated project into its directory atomically, or compare it with what is there.

sdkgen owns only the files its manifest (``.sdkgen-manifest.json``, written with them) lists: regenerating
replaces or removes those, and every other file in the directory (the user's tests, notes, ``.git``, build
artefacts) is carried over into the new output untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path, PurePosixPath

MANIFEST = ".sdkgen-manifest.json"


class OutputError(OSError):
    """The output directory cannot be (re)written (an OSError: it crosses from a forked writer as one)."""


def digest(content: str) -> str:
    return "sha256:" + hashlib.sha256(content.encode("utf-8")).hexdigest()


def manifest_text(hashes: dict[str, str]) -> str:
    """The manifest listing ``hashes`` (relative path -> ``digest``): deterministic, so ``--check`` compares it too."""
    document = {"generator": "sdkgen", "note": "files sdkgen wrote; it replaces or removes only these", "files": dict(sorted(hashes.items()))}
    return json.dumps(document, indent=1, ensure_ascii=True) + "\n"


def read_manifest(directory: Path) -> dict[str, str] | None:
    """What sdkgen wrote into ``directory`` (path -> digest), or None when it has no readable manifest."""
    try:
        document = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    # A manifest is input like any other: a path in it that leaves the directory is not ours to touch.
    return {name: value for name, value in files.items() if _is_inside(name)}


def _is_inside(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and "\\" not in name and not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def check_target(directory: Path, *, force: bool) -> None:
    """Refuse a non-empty directory that holds no manifest of sdkgen's (unless forced)."""
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory} exists and is not a directory")
    if directory.is_dir() and any(directory.iterdir()) and read_manifest(directory) is None and not force:
        raise OutputError(
            f"{directory} is not empty and has no {MANIFEST} (sdkgen did not write it, or an older sdkgen did); "
            "use --force to generate into it (files at the paths sdkgen writes are replaced, all others kept)"
        )


def _safe_relative(name: str) -> Path:
    path = Path(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise OutputError(f"refusing to write {name!r}: outside the output directory")
    return path


class Staging:
    """A project being written: its files go into a sibling temporary directory, which then replaces
    ``directory`` in one rename (``commit``), after the files sdkgen did not write have been moved into
    it. Until then a failure leaves the previous output (or nothing) in place, never a half-written
    package: ``discard`` removes what was staged.

    ``write`` may be called from forked children too: each writes its own files.
    """

    def __init__(self, directory: Path, *, force: bool) -> None:
        check_target(directory, force=force)
        self.directory = directory
        self.force = force
        self.kept_edited: list[str] = []  # files sdkgen no longer writes, kept because they were edited
        self._parent = directory.resolve().parent
        # Folders made for the output are taken away again by ``discard``: a failed run leaves nothing.
        self._made = [folder for folder in (self._parent, *self._parent.parents) if not folder.exists()]
        self._parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(self._parent, directory)
        self.path = Path(tempfile.mkdtemp(prefix=f".{directory.name}.sdkgen-{os.getpid()}-", dir=self._parent))
        self._stranded = False  # the user's files are in ``path`` and could not be moved back: never delete it

    def write(self, files: dict[str, str]) -> None:
        relative = {_safe_relative(name): content for name, content in sorted(files.items())}
        for folder in sorted({self.path / path.parent for path in relative}):
            folder.mkdir(parents=True, exist_ok=True)
        previous = self.directory if self.directory.is_dir() else None
        for path, content in relative.items():
            data = content.encode("utf-8")
            if previous is None or not _link_if_same(previous / path, self.path / path, data):
                _write_new(self.path / path, data)

    def commit(self) -> None:
        if not self.directory.exists():
            os.rename(self.path, self.directory)
            return
        new = read_manifest(self.path)
        if new is None:
            raise OutputError(f"internal error: the new output has no {MANIFEST}; please report it")
        carried = self._carried(read_manifest(self.directory) or {}, set(new))
        moved: list[str] = []
        try:
            for name in carried:
                target = self.path / name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.rename(self.directory / name, target)
                moved.append(name)
            self._swap()
        except BaseException:
            self._move_back(moved)
            raise

    def _swap(self) -> None:
        retired = Path(tempfile.mkdtemp(prefix=f".{self.directory.name}.old-{os.getpid()}-", dir=self._parent))
        try:
            os.rename(self.directory, retired / "old")
            try:
                os.rename(self.path, self.directory)
            except BaseException:
                os.rename(retired / "old", self.directory)
                raise
        finally:
            # Never delete the previous output while it is the only copy left.
            if self.directory.exists() or not (retired / "old").exists():
                shutil.rmtree(retired, ignore_errors=True)

    def _move_back(self, moved: list[str]) -> None:
        """The user's files, moved into the staging directory, back where they were (the run failed)."""
        for name in reversed(moved):
            try:
                os.rename(self.path / name, self.directory / name)
            except OSError:
                self._stranded = True
        if self._stranded:
            raise OutputError(f"could not move files back into {self.directory}; they are in {self.path}")

    def _carried(self, old: dict[str, str], new: set[str]) -> list[str]:
        """The entries of the previous output to carry into the new one (relative paths, whole folders where
        possible): everything but what the previous manifest lists. A file of the user's at a path sdkgen now
        writes is refused, unless forced (then it is replaced)."""
        old_folders = {str(parent) for name in old for parent in PurePosixPath(name).parents}
        new_folders = {str(parent) for name in new for parent in PurePosixPath(name).parents}
        carried: list[str] = []
        clashes: list[str] = []

        def visit(folder: Path, prefix: str) -> None:
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                name = prefix + entry.name
                if name == MANIFEST:
                    continue
                if name in old and not entry.is_dir(follow_symlinks=False):  # a folder there now is the user's
                    if name not in new and not _holds(Path(entry.path), old[name]):
                        carried.append(name)  # edited since sdkgen wrote it: the edits are the user's
                        self.kept_edited.append(name)
                    continue
                if entry.is_dir(follow_symlinks=False) and (name in old_folders or name in new_folders):
                    visit(Path(entry.path), name + "/")
                elif name in new:
                    clashes.append(name)
                else:
                    carried.append(name)

        visit(self.directory, "")
        if clashes and not self.force:
            raise OutputError(
                f"{self.directory} holds files sdkgen did not write at paths it writes ({', '.join(clashes[:5])}); "
                "move them away, or use --force to replace them"
            )
        return carried

    def discard(self) -> None:
        if self._stranded:
            return
        shutil.rmtree(self.path, ignore_errors=True)
        for folder in self._made:  # deepest first
            try:
                folder.rmdir()
            except OSError:
                break  # not empty (something else was put there meanwhile), or gone


def _holds(path: Path, expected: str) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest() == expected
    except OSError:
        return False


def _remove_abandoned(parent: Path, directory: Path) -> None:
    """What runs killed before they could clean up left beside ``directory``: their staging directories, and
    previous outputs they were deleting once the new one was in place. Each name carries the pid of the run
    that made it; a directory is left alone while that process lives, and a previous output while it could
    still be the only copy (``directory`` missing)."""
    kinds = "sdkgen|old" if directory.is_dir() else "sdkgen"
    pattern = re.compile(rf"\.{re.escape(directory.name)}\.(?:{kinds})-(\d+)-")
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    for entry in entries:
        match = pattern.match(entry.name)
        if match and not _alive(int(match.group(1))) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's, say: not ours to judge
    return True


def write_tree(directory: Path, files: dict[str, str], *, force: bool = False) -> None:
    """Write ``files`` (a whole project, its manifest included) into ``directory``, replacing it in one rename."""
    staging = Staging(directory, force=force)
    try:
        staging.write(files)
        staging.commit()
    except BaseException:
        staging.discard()
        raise


def _link_if_same(previous: Path, target: Path, data: bytes) -> bool:
    """Give ``target`` the previous output's file when it holds ``data`` already (a hard link: nothing is
    written, and the file is not deleted with the old tree). Regenerating from an unchanged definition
    then creates no file: on this project's test machine, creating a file where thousands were just
    deleted took up to 0.25 ms, and a large package has thousands (Graph: 8,004). Also, unchanged files keep
    their modification times. Anything unexpected (a link, another file system) is written instead."""
    try:
        status = os.lstat(previous)
        if not stat.S_ISREG(status.st_mode) or status.st_size != len(data) or previous.read_bytes() != data:
            return False
        os.link(previous, target, follow_symlinks=False)
    except OSError:
        return False
    return True


def _write_new(path: Path, data: bytes) -> None:
    # os-level calls: for thousands of small files, Path.write_bytes' buffered file objects cost more than
    # the writes (measured when GitHub's package had 6,488 files: 0.75 s through a thread pool, 0.15 s like this).
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # as open() does: the umask decides
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def diff_tree(directory: Path, files: dict[str, str]) -> list[str]:
    """Relative paths that differ between ``directory`` and ``files`` (missing, changed, or extra: listed in
    the directory's manifest but no longer generated). Files sdkgen never wrote are not its business."""
    differences: list[str] = []
    for name, content in sorted(files.items()):
        try:
            if (directory / name).read_bytes() != content.encode("utf-8"):
                differences.append(f"changed: {name}")
        except OSError:
            differences.append(f"missing: {name}")
    for name in sorted(read_manifest(directory) or {}):
        if name not in files and name != MANIFEST and (directory / name).is_file():
            differences.append(f"extra: {name}")
    return differences
