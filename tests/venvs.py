"""Throwaway venvs for tests that really `pip install` generated projects.

A venv here is really fresh: it sees none of this environment's packages. A generated project is installed
with its declared dependencies, resolved by pip from a local wheel cache (``~/.cache/sdkgen/wheels``, filled
once from PyPI with the versions installed here), so a generated package importing anything it does not
declare fails the test. ``python tests/venvs.py`` fills the cache ahead of the tests (.ci/run does).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import venv
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# What a generated project declares (templates/package/pyproject.toml.j2), and what builds it (setuptools).
RUNTIME_DEPENDENCIES = ("httpx", "tenacity")
BUILD_DEPENDENCIES = ("setuptools",)
CACHE_ROOT = Path(os.environ.get("SDKGEN_WHEEL_CACHE", Path.home() / ".cache" / "sdkgen" / "wheels"))
# Importable here, and never by a generated package: a venv where one of them imports is not fresh.
NOT_DECLARED = ("sdkgen", "pytest", "yaml", "jwt", "click", "jinja2", "black", "uvicorn")


def declared(projects: Iterable[Path]) -> list[str]:
    """The dependencies the projects' pyproject.toml files declare (their names)."""
    names: set[str] = set()
    for project in projects:
        data = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
        names.update(re.match(r"[A-Za-z0-9._-]+", text).group() for text in data["project"].get("dependencies", []))  # type: ignore[union-attr]
    return sorted(names)


def pinned(names: Iterable[str] = RUNTIME_DEPENDENCIES) -> list[str]:
    """The cache's requirements: the versions this environment has (a name it lacks, unpinned)."""
    requirements = []
    for name in sorted({*names, *BUILD_DEPENDENCIES}):
        try:
            requirements.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            requirements.append(name)
    return requirements


def wheel_cache(names: Iterable[str] = RUNTIME_DEPENDENCIES) -> Path:
    """A directory of wheels for ``pinned()`` and their dependencies, for this interpreter; downloaded once.

    Keyed by the requirements and the interpreter, and filled in a temporary directory renamed into place, so
    that concurrent test runs and an interrupted download never see half a cache.
    """
    requirements = pinned(names)
    key = hashlib.sha256(json.dumps([requirements, sys.version_info[:2], sys.platform]).encode()).hexdigest()[:16]
    cache = CACHE_ROOT / key
    if (cache / "requirements.txt").is_file():
        return cache
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    with open(CACHE_ROOT / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (cache / "requirements.txt").is_file():
            return cache  # another process filled it meanwhile
        staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=CACHE_ROOT))
        try:
            download = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--dest", str(staging), *requirements],
                capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            if download.returncode != 0:
                raise RuntimeError(f"cannot fill the wheel cache {cache} from PyPI:\n{download.stdout}{download.stderr}")
            (staging / "requirements.txt").write_text("\n".join(requirements) + "\n", encoding="utf-8")
            os.rename(staging, cache)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return cache


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without what would show a venv's python this environment's packages."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    env.update(extra or {})
    return env


def make_venv(env_dir: Path) -> Path:
    """A new venv with nothing installed (not even pip: this environment's pip installs into it); its python."""
    venv.create(env_dir, with_pip=False, symlinks=True)
    return env_dir / "bin" / "python"


def pip_install(python: Path, projects: list[Path], workdir: Path) -> subprocess.CompletedProcess[str]:
    """`pip install` copies of the projects, their dependencies resolved from the wheel cache only.

    Copies: pip builds inside a project (build/, *.egg-info), and generated/ must stay exactly as generated.
    Each project is built in pip's isolated build environment, with setuptools from the cache too.
    """
    cache = wheel_cache(declared(projects))  # what the projects declare, should that change
    copies = []
    for project in projects:
        copy = workdir / "projects" / project.name
        shutil.copytree(project, copy)
        copies.append(str(copy))
    return subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", "--find-links", str(cache),
         "--quiet", "--disable-pip-version-check", *copies],
        capture_output=True, text=True, timeout=600, cwd=workdir, env=clean_env({"PIP_NO_CACHE_DIR": "1"}),
    )  # fmt: skip


FRESHNESS_CHECK = r"""
import importlib, importlib.metadata as md, importlib.util, json, pkgutil, re, sys
packages, forbidden = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for package in packages:  # every module of every package imports, with only what was installed
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
found = [name for name in forbidden if importlib.util.find_spec(name) is not None]
assert not found, f"importable in the fresh venv: {found}"
def norm(name): return re.sub(r"[-_.]+", "-", name).lower()
installed = {norm(d.metadata["Name"]): d for d in md.distributions()}
needed, todo = set(), [norm(md.packages_distributions()[p][0]) for p in packages]
while todo:
    name = todo.pop()
    if name in needed or name not in installed:
        continue
    needed.add(name)
    for requirement in installed[name].requires or []:
        if ";" in requirement and not eval_marker(requirement):
            continue
        todo.append(norm(re.match(r"[A-Za-z0-9._-]+", requirement).group()))
extra = sorted(set(installed) - needed)
assert not extra, f"installed though no generated package needs it: {extra}"
print(json.dumps(sorted(needed)))
"""
MARKER_HELPER = r"""
def eval_marker(requirement):
    # Environment markers without the packaging library (not installed here): python_version and extra only.
    import platform, sys
    marker = requirement.split(";", 1)[1].strip()
    if "extra" in marker:
        return False
    env = {"python_version": ".".join(map(str, sys.version_info[:2])), "sys_platform": sys.platform,
           "platform_python_implementation": platform.python_implementation(), "os_name": __import__("os").name,
           "implementation_name": sys.implementation.name}
    def version(v): return tuple(int(p) for p in v.split(".") if p.isdigit())
    for clause in marker.split(" and "):
        name, op, value = re.match(r'\s*\(?\s*(\w+)\s*(<=|>=|==|!=|<|>)\s*["\']([^"\']*)["\']\s*\)?\s*$', clause).groups()
        left, right = (version(env[name]), version(value)) if name == "python_version" else (env[name], value)
        if not {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right, "==": left == right, "!=": left != right}[op]:
            return False
    return True
"""


def assert_fresh(python: Path, packages: Iterable[str]) -> list[str]:
    """Every module of ``packages`` imports in the venv, nothing of this environment is importable there, and
    each distribution installed is needed by one of the packages (their declared dependencies, transitively).
    Returns the distributions installed."""
    code = "import re\n" + MARKER_HELPER + FRESHNESS_CHECK
    result = subprocess.run(
        [str(python), "-I", "-c", code, json.dumps(sorted(packages)), json.dumps(NOT_DECLARED)],
        capture_output=True, text=True, timeout=120, env=clean_env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    installed: list[str] = json.loads(result.stdout)
    return installed


def packages_of(projects: Iterable[Path]) -> list[str]:
    """The import packages of generated projects (their folders holding an ``__init__.py``)."""
    return sorted(p.parent.name for project in projects for p in project.glob("*/__init__.py"))


def add_parent_env(python: Path) -> None:
    """After ``assert_fresh``: let the venv also see this environment's packages, behind its own (a .pth file
    appends them to sys.path), for test drivers that need sdkgen or PyJWT beside the installed clients."""
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True
    ).stdout.strip()
    parents = [p for p in sys.path if p.endswith("site-packages")]
    # addsitedir (not a bare path) so the parent's own .pth files, e.g. an editable install's, apply too.
    Path(purelib, "parent-env.pth").write_text("".join(f"import site; site.addsitedir({p!r})\n" for p in parents))


if __name__ == "__main__":
    print(wheel_cache())
