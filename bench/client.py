"""Client overhead benchmark: a generated sync client against raw httpx, and model parsing against
openapi-python-client's models, all over the same ``httpx.MockTransport`` in one interpreter.

    python bench/client.py            # 10,000 calls, 5 rounds (best round counts; parsing 20)
    python bench/client.py --smoke    # 1,000 calls, 2 rounds, no downloads: seconds

Definition: ``bench/specs/widgets.yaml`` (``GET /widgets/{widgetId}`` behind an API key, answering an object of
20 fields: strings, numbers, an enum, two date-times, a date, a UUID, a list and a nested object). Sides:

  raw httpx      ``http.get(url, headers={"x-api-key": ...})`` + ``json.loads(response.content)``
  sdkgen         ``client.get_widget("w-1001")`` (builds the request, sends it, parses into ``Widget``)
  opc            openapi-python-client's ``get_widget.sync(client=..., widget_id=...)`` (if installed)

and parsing the same decoded payload into models: sdkgen's ``Widget.from_dict`` against
openapi-python-client's ``Widget.from_dict``. openapi-python-client (pip) and its models' needs (attrs,
python-dateutil) live in venvs in ``~/.cache/sdkgen``; ``--smoke`` uses them only if they are already there.

Targets (issue 6): sdkgen calls <= 1.5x raw httpx; sdkgen's parsing at least as fast as openapi-python-client's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    BENCH_SPECS,
    OPENAPI_PYTHON_CLIENT,
    OUT,
    Table,
    Unavailable,
    footer,
    generate_sdkgen,
    header,
    note,
    package_of,
    venv,
)

SPEC = BENCH_SPECS / "widgets.yaml"
KEY = "bench-key-0123456789abcdef"
WORKER_REQUIREMENTS = ["httpx", "tenacity", "attrs", "python-dateutil"]


# --------------------------------------------------------------------------------------------- the worker


def worker(config: dict[str, Any]) -> dict[str, Any]:
    """Runs in the measuring interpreter: every side over the same transport, best of ``rounds``."""
    import gc
    import importlib
    import time

    import httpx

    calls, rounds = config["calls"], config["rounds"]
    body = json.dumps(config["payload"]).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    transport = httpx.MockTransport(handler)
    base = "https://w1dg3t5abc.execute-api.eu-west-1.amazonaws.com/prod"
    results: dict[str, Any] = {"calls": calls, "rounds": rounds}

    def best(sides: dict[str, Any], n: int, rounds: int) -> None:
        """Each side's best round, the sides' rounds alternating so that a busy moment
        of the machine falls on all of them rather than on one."""
        times: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(rounds):
            for name, fn in sides.items():
                gc.collect()
                start = time.perf_counter()
                fn(n)
                times[name].append(time.perf_counter() - start)
        results.update({name: min(t) / n for name, t in times.items()})

    call_sides: dict[str, Any] = {}
    parse_sides: dict[str, Any] = {}

    # raw httpx + json.loads
    http = httpx.Client(transport=transport)

    def raw(n: int) -> None:
        for _ in range(n):
            response = http.get(f"{base}/widgets/w-1001", headers={"x-api-key": KEY})
            response.raise_for_status()
            json.loads(response.content)

    raw(50)
    call_sides["raw"] = raw

    sdk = importlib.import_module(config["sdkgen_package"])
    client = sdk.Client(base_url=base, api_key=KEY, http_client=httpx.Client(transport=transport))
    widget = client.get_widget("w-1001")
    assert widget.id == "w-1001" and widget.dimensions.width == 18.5, widget

    def sdkgen_calls(n: int) -> None:
        for _ in range(n):
            client.get_widget("w-1001")

    sdkgen_calls(50)
    call_sides["sdkgen"] = sdkgen_calls

    payload = json.loads(body)
    sdk_widget = importlib.import_module(f"{config['sdkgen_package']}.types.widget").Widget

    def sdkgen_parse(n: int) -> None:
        for _ in range(n):
            sdk_widget.from_dict(payload)

    sdkgen_parse(100)
    parse_sides["sdkgen_parse"] = sdkgen_parse

    if config.get("opc_package"):
        opc = importlib.import_module(config["opc_package"])
        get_widget = importlib.import_module(f"{config['opc_package']}.api.default.get_widget")
        opc_client = opc.Client(base_url=base, headers={"x-api-key": KEY}, httpx_args={"transport": transport})
        parsed = get_widget.sync(client=opc_client, widget_id="w-1001")
        assert parsed is not None and parsed.id == "w-1001", parsed

        def opc_calls(n: int) -> None:
            for _ in range(n):
                get_widget.sync(client=opc_client, widget_id="w-1001")

        opc_calls(50)
        call_sides["opc"] = opc_calls
        opc_widget = importlib.import_module(f"{config['opc_package']}.models.widget").Widget

        def opc_parse(n: int) -> None:
            for _ in range(n):
                opc_widget.from_dict(payload)

        opc_parse(100)
        parse_sides["opc_parse"] = opc_parse

    best(call_sides, calls, rounds)
    best(parse_sides, calls, 4 * rounds)  # short rounds: more of them, for the same steadiness

    if config.get("profile"):
        import cProfile
        import io
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        sdkgen_calls(min(calls, 5000))
        profiler.disable()
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        n = min(calls, 5000)
        own = sum(v[2] for k, v in stats.stats.items() if f"/{config['sdkgen_package']}/" in k[0])  # type: ignore[attr-defined]
        stream.write(f"own time in the generated package's code (profiled): {own / n * 1e6:.1f} µs per call "
                     f"of {stats.total_tt / n * 1e6:.1f} µs\n")  # type: ignore[attr-defined]
        stats.sort_stats("cumulative").print_stats(rf"{config['sdkgen_package']}|httpx/_client", 24)
        results["profile"] = stream.getvalue()
    return results


# --------------------------------------------------------------------------------------------- the driver


def example_payload() -> dict[str, Any]:
    import yaml

    document = yaml.safe_load(SPEC.read_text())
    media = document["paths"]["/widgets/{widgetId}"]["get"]["responses"]["200"]["content"]["application/json"]
    payload = dict(media["example"])
    assert len(payload) == 20, len(payload)
    return payload


def opc_client_dir(smoke: bool) -> Path | None:
    """openapi-python-client's package for the same definition (generated once into the cache)."""
    project = OUT / "widgets" / "openapi-python-client"
    package = project / "opc_client"
    stamp = project / ".spec"
    if (package / "__init__.py").exists() and stamp.exists() and stamp.read_text() == SPEC.read_text():
        return project
    try:
        bin_dir = venv("openapi-python-client", [OPENAPI_PYTHON_CLIENT], install=not smoke)
    except Unavailable as exc:
        note(f"openapi-python-client side skipped: {exc}")
        return None
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    note("openapi-python-client generate bench/specs/widgets.yaml")
    result = subprocess.run([str(bin_dir / "openapi-python-client"), "generate", "--path", str(SPEC), "--meta", "none",
                             "--output-path", str(package), "--overwrite"], capture_output=True, text=True, cwd=project)  # fmt: skip
    if not (package / "__init__.py").exists():
        note(f"openapi-python-client failed: {(result.stdout + result.stderr)[-800:]}")
        return None
    stamp.write_text(SPEC.read_text())
    return project


def measuring_python(smoke: bool, with_opc: bool) -> str:
    try:
        return str(venv("client-worker", WORKER_REQUIREMENTS, install=not smoke) / "python")
    except Unavailable:
        if with_opc:
            try:
                import attrs  # noqa: F401
                import dateutil  # noqa: F401
            except ImportError:
                raise Unavailable("no interpreter with attrs and python-dateutil for openapi-python-client's models") from None
        return sys.executable


def us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="1,000 calls, 2 rounds, no downloads")
    parser.add_argument("--calls", type=int, default=None, help="calls per round (default 10,000; smoke 1,000)")
    parser.add_argument("--rounds", type=int, default=None, help="rounds; the best counts (default 5; smoke 2)")
    parser.add_argument("--profile", action="store_true", help="also cProfile 5,000 sdkgen calls")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return
    header("client", args.smoke)
    calls = args.calls or (1_000 if args.smoke else 10_000)
    rounds = args.rounds or (2 if args.smoke else 5)
    project = generate_sdkgen(SPEC, OUT / "widgets" / "sdkgen")
    opc_project = opc_client_dir(args.smoke)
    try:
        python = measuring_python(args.smoke, opc_project is not None)
    except Unavailable as exc:
        note(f"openapi-python-client side skipped: {exc}")
        opc_project, python = None, sys.executable
    paths = [str(project)] + ([str(opc_project)] if opc_project else [])
    config = {"calls": calls, "rounds": rounds, "payload": example_payload(), "sdkgen_package": package_of(project),
              "opc_package": "opc_client" if opc_project else None, "profile": args.profile}  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    versions = subprocess.run([python, "-c", "import sys, httpx; print(sys.version.split()[0], httpx.__version__)"],
                              capture_output=True, text=True, env=env).stdout.split()  # fmt: skip
    print(f"interpreter: {python} (Python {versions[0]}, httpx {versions[1]}); {calls:,} calls x {rounds} rounds (parsing: {4 * rounds}),"
          " the sides alternating, best round")
    result = subprocess.run([python, __file__, "--worker", json.dumps(config)], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"the measuring interpreter failed:\n{result.stderr[-3000:]}")
    r = json.loads(result.stdout.strip().splitlines()[-1])

    table = Table(["side", "µs per call", "calls/s", "vs raw httpx", "target"])
    table.add("raw httpx + json.loads", us(r["raw"]), f"{1 / r['raw']:,.0f}", "1.00x", "")
    table.add("sdkgen Client.get_widget", us(r["sdkgen"]), f"{1 / r['sdkgen']:,.0f}", f"{r['sdkgen'] / r['raw']:.2f}x",
              "<= 1.5x " + ("met" if r["sdkgen"] / r["raw"] <= 1.5 else "NOT MET"))  # fmt: skip
    if "opc" in r:
        table.add("openapi-python-client get_widget.sync", us(r["opc"]), f"{1 / r['opc']:,.0f}", f"{r['opc'] / r['raw']:.2f}x", "")
    else:
        table.add("openapi-python-client get_widget.sync", "-", "-", "-", "skipped (not installed)")
    table.print(f"GET returning 20 fields over httpx.MockTransport ({calls:,} calls)")

    parse = Table(["models", "µs per from_dict", "vs openapi-python-client", "target"])
    if "opc_parse" in r:
        parse.add("openapi-python-client Widget.from_dict", us(r["opc_parse"]), "1.00x", "")
        ratio = r["sdkgen_parse"] / r["opc_parse"]
        parse.add("sdkgen Widget.from_dict", us(r["sdkgen_parse"]), f"{ratio:.2f}x", "<= 1.0x " + ("met" if ratio <= 1.0 else "NOT MET"))
    else:
        parse.add("sdkgen Widget.from_dict", us(r["sdkgen_parse"]), "n/a", "openapi-python-client skipped (not installed)")
    parse.print("Parsing the same decoded payload into models")
    print(f"\nsdkgen / raw httpx: {r['sdkgen'] / r['raw']:.2f}x (target <= 1.5x); overhead {us(r['sdkgen'] - r['raw'])} µs per call, "
          f"of which parsing {us(r['sdkgen_parse'])} µs")  # fmt: skip
    if "profile" in r:
        print(f"\ncProfile of {min(calls, 5000):,} sdkgen calls (cumulative; the generated package and httpx.Client):")
        print("\n".join(line for line in r["profile"].splitlines() if line.strip())[:5000])
    footer()


if __name__ == "__main__":
    main()
