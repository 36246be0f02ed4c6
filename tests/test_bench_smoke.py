"""The benchmark scripts keep working: each runs in ``--smoke`` mode (seconds, no downloads) and prints its figures.

These are not timed tests: no figure is compared with a target here. The cache (generated clients) goes to a
temporary directory, so nothing from a developer's ``~/.cache/sdkgen`` is used or changed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def run(script: str, *args: str, cache: Path, timeout: float = 240) -> str:
    env = {**os.environ, "SDKGEN_BENCH_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, str(BENCH / script), "--smoke", *args], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=timeout)  # fmt: skip
    assert result.returncode == 0, f"{script} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "installing" not in result.stderr, "a smoke run must not download anything"
    assert result.stdout.rstrip().endswith("done"), result.stdout[-2000:]
    return result.stdout


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def number(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in:\n{text}"
    return float(match.group(1).replace(",", ""))


def test_imports_smoke(cache: Path) -> None:
    out = run("imports.py", "--spec", str(ROOT / "specs" / "shop.yaml"), cache=cache)
    assert number(r"import \+ Client\(\): ([\d.]+) ms", out) > 0
    assert number(r"worst first-call extra: ([\d.]+) ms", out) >= 0
    assert "shop_api" in out
    assert re.search(r"first get_product\(\)", out), out
    assert "raised" not in out, "every timed first call should have parsed its answer"


def test_client_smoke(cache: Path) -> None:
    out = run("client.py", cache=cache)
    raw = number(r"\| raw httpx \+ json\.loads\s*\| ([\d.]+)", out)
    sdk = number(r"\| sdkgen Client\.get_widget\s*\| ([\d.]+)", out)
    assert raw > 0 and sdk > 0
    assert number(r"sdkgen / raw httpx: ([\d.]+)x", out) == pytest.approx(sdk / raw, rel=0.05)
    assert number(r"\| sdkgen Widget\.from_dict\s*\| ([\d.]+)", out) > 0


def test_throttle_smoke(cache: Path) -> None:
    out = run("throttle.py", cache=cache)
    rows = re.findall(r"^\| (\d+)\s+\| (\d+)\s+\| ([\d,]+) .*?\| ([\d,]+)\s+\| ([+-][\d.]+)%", out, re.MULTILINE)
    assert [(r[0], r[1]) for r in rows] == [("10", "5"), ("100", "50")], out
    for rate, burst, expected, admitted, _ in rows:
        assert int(expected.replace(",", "")) == int(rate) * 2 + int(burst)
        assert int(admitted.replace(",", "")) > 0
    assert number(r"worst error: ([\d.]+)%", out) >= 0


def test_mock_smoke_without_peers(cache: Path) -> None:
    out = run("mock.py", "--loadgen", "python", "--skip-prism", cache=cache)
    assert number(r"\| sdkgen mock\s*\| ([\d,]+)", out) > 0
    assert number(r"\| bare uvicorn \(ceiling\)\s*\| ([\d,]+)", out) > 0
    assert "sdkgen >= 30% of bare uvicorn" in out


def test_generate_smoke_without_peers(cache: Path) -> None:
    out = run("generate.py", "--skip", "openapi-python-client", "--skip", "openapi-generator", cache=cache)
    row = re.search(r"^\| sdkgen\s*\| [^|]+\| ([\d.]+)\s*\|.*\| (\d+)\s*\| yes: import", out, re.MULTILINE)
    assert row, out
    assert float(row.group(1)) > 0 and int(row.group(2)) > 0
