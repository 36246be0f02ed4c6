"""Coverage of sdkgen/ and of the client runtime, side by side.

templates/runtime/ never runs from where it is: the tests run copies of it (the runtime tests' copy, the
generated packages'). Each measured file that is a byte-for-byte copy of a runtime module is counted as that
module, so the runtime's own coverage shows beside sdkgen/'s.

    pip install -e '.[test,coverage]'
    python scripts/coverage_report.py                         # the default test selection (no e2e, no corpus)
    python scripts/coverage_report.py tests/runtime           # any pytest arguments
    python scripts/coverage_report.py --html build/coverage   # also an HTML report

Only this process and its in-process tests are measured (tests that run sdkgen or a client in a subprocess, such
as tests/e2e, do not count).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "templates" / "runtime"
DEFAULT_TESTS = [
    "tests/runtime", "tests/test_client_behaviour.py", "tests/mock", "tests/test_generate_cli.py", "tests/test_promises_cli.py",
    "tests/test_promises_write.py", "tests/test_promises_plugin.py", "tests/test_testing_plugin.py", "tests/test_parse.py",
    "tests/test_naming.py", "tests/test_validate.py", "tests/test_contract.py",
]  # fmt: skip


def map_copies(measured: Path, mapped: Path) -> tuple[int, int]:
    """Write ``mapped``: ``measured`` with each verbatim copy of a runtime module counted as that module.
    Returns (copies found, files kept)."""
    from coverage import CoverageData

    originals = {path.read_bytes(): str(path) for path in RUNTIME.glob("*.py")}
    source = CoverageData(basename=str(measured))
    source.read()
    target = CoverageData(basename=str(mapped))
    copies = kept = 0
    for name in source.measured_files():
        path = Path(name)
        try:
            text = path.read_bytes()
        except OSError:
            continue  # a copy in a temporary directory already removed: the runtime tests' copies are kept below
        original = originals.get(text) if path.name in {p.name for p in RUNTIME.glob("*.py")} else None
        if original is None and not path.is_relative_to(ROOT / "sdkgen"):
            continue
        destination = original or name
        copies += original is not None
        kept += original is None
        arcs = source.arcs(name)
        if arcs is not None and source.has_arcs():
            target.add_arcs({destination: arcs})
        else:
            target.add_lines({destination: source.lines(name) or []})
    target.write()
    return copies, kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (default: a selection without e2e and corpus)")
    parser.add_argument("--html", type=Path, help="also write an HTML report into this directory")
    args = parser.parse_args()
    from coverage import Coverage

    with tempfile.TemporaryDirectory(prefix="sdkgen-coverage-") as scratch:
        measured, mapped = Path(scratch) / "measured", Path(scratch) / "mapped"
        # basetemp inside the scratch directory and kept to the end: the copies must still be there to be
        # recognised as copies. Site-packages are not measured (slow, and not ours).
        run = subprocess.run(
            [sys.executable, "-m", "coverage", "run", f"--data-file={measured}", "--branch",
             "--omit=*/site-packages/*,*/lib/python3*/*", "-m", "pytest", "-q", "-p", "no:cacheprovider",
             f"--basetemp={Path(scratch) / 'tmp'}", *(args.pytest_args or DEFAULT_TESTS)],
            cwd=ROOT,
        )  # fmt: skip
        if run.returncode != 0:
            print(f"(the tests failed: exit {run.returncode}; the coverage below is of what ran)", file=sys.stderr)
        copies, kept = map_copies(measured, mapped)
        cov = Coverage(data_file=str(mapped))
        cov.load()
        print(f"\n{copies} measured copies of runtime modules counted as templates/runtime/\n")
        totals = {}
        for label, pattern in (("sdkgen/", f"{ROOT}/sdkgen/*"), ("templates/runtime/", f"{RUNTIME}/*")):
            print(f"== {label}")
            totals[label] = cov.report(include=[pattern], show_missing=False, skip_empty=True)
            print()
        print("  ".join(f"{label}: {total:.1f}%" for label, total in totals.items()))
        if args.html:
            cov.html_report(directory=str(args.html), include=[f"{ROOT}/sdkgen/*", f"{RUNTIME}/*"])
    sys.exit(run.returncode)


if __name__ == "__main__":
    main()
