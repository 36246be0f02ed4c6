"""Throwaway venvs for tests that really `pip install` generated projects."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path


def make_venv(env_dir: Path) -> Path:
    """A new venv that sees this environment's packages (pip, setuptools, httpx, tenacity, sdkgen); its python.

    The packages come through a .pth file, so installing into it needs no network.
    """
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True
    ).stdout.strip()
    parents = [p for p in sys.path if p.endswith("site-packages")]
    # addsitedir (not a bare path) so the parent's own .pth files, e.g. an editable install's, apply too.
    Path(purelib, "parent-env.pth").write_text("".join(f"import site; site.addsitedir({p!r})\n" for p in parents))
    return python


def pip_install(python: Path, projects: list[Path], workdir: Path) -> subprocess.CompletedProcess[str]:
    """`pip install` copies of the projects: pip builds inside a project (build/, *.egg-info), and
    generated/ must stay exactly as generated."""
    copies = []
    for project in projects:
        copy = workdir / "projects" / project.name
        shutil.copytree(project, copy)
        copies.append(str(copy))
    return subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--no-build-isolation", "--no-deps", "--quiet", *copies],
        capture_output=True, text=True, timeout=600, cwd=workdir,
    )  # fmt: skip
