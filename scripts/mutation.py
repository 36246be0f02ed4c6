"""Mutation testing with cosmic-ray, one module at a time, with only the tests that cover that module.

    pip install -e '.[mutation]'
    python scripts/mutation.py templates/runtime/_retry.py     # one module (or several); prints the score
    python scripts/mutation.py --list                          # the modules it knows and their tests
    python scripts/mutation.py MODULE --json out.json          # ... and keep the results
    python scripts/mutation.py MODULE --rerun out.json         # only the mutants that survived in out.json
    python scripts/mutation.py MODULE --only 42:8:core/AddNot:0   # only these mutants (ids as printed)

Each module is mutated in a scratch copy of the repository (the checkout is never touched, even if the run is
killed). The score is killed / (killed + survived); every surviving mutant is printed as a diff, to be killed by
a new test or recorded as equivalent in tests/README.md ("Mutation testing"). Not part of the test suite: a
module takes minutes on two cores (each mutant runs its tests once; pytest's plugin autoloading is switched off
to save a second per mutant).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Promise-carrying modules (issue 17) and the tests that cover each; runtime modules run from their copies.
MODULES: dict[str, list[str]] = {
    "templates/runtime/_retry.py": [
        "tests/runtime/test_rt_retry.py", "tests/runtime/test_rt_retry_mutants.py", "tests/runtime/test_rt_async.py"
    ],
    "templates/runtime/_auth.py": [
        "tests/runtime/test_rt_auth.py", "tests/runtime/test_kills_auth.py", "tests/runtime/test_rt_async.py"
    ],
    "templates/runtime/_base_client.py": ["tests/runtime"],
    "sdkgen/mock/throttle.py": [
        "tests/mock/test_throttle.py", "tests/mock/test_kills_throttle.py", "tests/mock/test_promises_mock.py",
        "tests/mock/test_fast_path.py",
    ],
    "sdkgen/mock/authorizers.py": [
        "tests/mock/test_auth.py", "tests/mock/test_kills_authorizers.py", "tests/mock/test_auth_semantics.py",
        "tests/mock/test_sigv4.py",
    ],
    "sdkgen/mock/app.py": ["tests/mock"],  # the gateway itself: every mock test goes through it
    "sdkgen/generate/write.py": [
        "tests/test_kills_write.py", "tests/test_promises_write.py", "tests/test_manifest.py", "tests/test_generate_cli.py"
    ],
    "sdkgen/cli.py": [
        "tests/test_kills_cli.py", "tests/test_promises_cli.py", "tests/sources/test_kills_sources_cli.py",
        "tests/test_generate_cli.py", "tests/test_bad_input.py", "tests/test_contract_promises.py", "tests/test_manifest.py",
    ],
    "sdkgen/testing.py": [
        "tests/test_kills_testing.py", "tests/test_promises_plugin.py", "tests/test_testing_plugin.py",
        "tests/mock/test_auth_semantics.py",
    ],
    "sdkgen/contract.py": ["tests/test_kills_contract.py", "tests/test_contract_promises.py", "tests/test_contract.py"],
}
COPIED = ("sdkgen", "templates", "tests", "specs", "generated", "pyproject.toml")


def scratch_copy(into: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".mypy_cache"))
        else:
            shutil.copy2(source, into / name)
    return into


def uses_sdkgen_plugin(root: Path, tests: list[str]) -> bool:
    """Whether the tests use sdkgen's own pytest plugin (its ``mock_gateway`` fixture): it is loaded by name then
    (PYTEST_PLUGINS), plugin autoloading being off."""
    files: list[Path] = []
    for test in tests:
        path = root / test
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return any("mock_gateway" in file.read_text(encoding="utf-8") for file in files)


def mutant_id(mutation: dict[str, object]) -> str:
    """A mutant's name that stays the same between runs (cosmic-ray's job ids do not): line:column:operator:occurrence."""
    start = mutation["start_pos"]
    assert isinstance(start, (list, tuple))
    return f"{start[0]}:{start[1]}:{mutation['operator_name']}:{mutation.get('occurrence', 0)}"


def run_module(
    module: str, tests: list[str], timeout: float, sample: int | None = None, only: set[str] | None = None
) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="sdkgen-mutation-") as scratch:
        work = scratch_copy(Path(scratch) / "repo")
        config = Path(scratch) / "cosmic-ray.toml"
        # Only the plugins these tests use: autoloading them all (schemathesis, hypothesis) costs ~1 s a mutant.
        plugins = ["pytest_asyncio.plugin"]
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *(f"-p{p}" for p in plugins), *tests]
        config.write_text(
            "[cosmic-ray]\n"
            f"module-path = {json.dumps(module)}\n"
            f"timeout = {timeout}\n"
            "excluded-modules = []\n"
            f"test-command = {json.dumps(' '.join(command))}\n"
            "\n[cosmic-ray.distributor]\nname = \"local\"\n",
            encoding="utf-8",
        )
        session = Path(scratch) / "session.sqlite"
        env = {**os.environ, "PYTHONPATH": str(work), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        if uses_sdkgen_plugin(ROOT, tests):
            # By the environment, not -p: the pytest runs these tests start themselves (pytester) need it too.
            env["PYTEST_PLUGINS"] = "sdkgen.testing"
        cosmic = [sys.executable, "-m", "cosmic_ray.cli"]
        subprocess.run([*cosmic, "init", str(config), str(session)], cwd=work, env=env, check=True)
        skipped = skip_annotations(session, work / module)
        if only is not None:
            missing = keep_only(session, only)
            if missing:
                raise SystemExit(f"{module}: no such mutant(s) (the module changed since?): {', '.join(sorted(missing))}")
        if sample is not None:
            keep_sample(session, sample)
        baseline = subprocess.run([*cosmic, "baseline", str(config)], cwd=work, env=env, capture_output=True, text=True)
        if baseline.returncode != 0:
            raise SystemExit(f"{module}: the tests fail without any mutation:\n{baseline.stdout}{baseline.stderr}")
        subprocess.run([*cosmic, "exec", str(config), str(session)], cwd=work, env=env, check=True)
        dump = subprocess.run([*cosmic, "dump", str(session)], cwd=work, env=env, capture_output=True, text=True, check=True)
    result = summarise(module, dump.stdout)
    result["annotations"] = skipped
    return result


def annotation_spans(source: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where the module's annotations are written, when it postpones their evaluation (PEP 563): a mutant
    there is equivalent (nothing evaluates it; these modules never call get_type_hints)."""
    tree = ast.parse(source)
    postponed = any(
        isinstance(node, ast.ImportFrom) and node.module == "__future__" and any(a.name == "annotations" for a in node.names)
        for node in tree.body
    )
    if not postponed:
        return []
    nodes: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
            nodes += [a.annotation for a in every if a is not None and a.annotation is not None]
            if node.returns is not None:
                nodes.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            nodes.append(node.annotation)
    return [((n.lineno, n.col_offset), (n.end_lineno or n.lineno, n.end_col_offset or 0)) for n in nodes]


def keep_sample(session: Path, sample: int) -> None:
    """Skip all but ``sample`` of the pending mutants (spread evenly, the same ones every time): a smoke run."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    with use_db(str(session), WorkDB.Mode.open) as db:
        pending = sorted(db.pending_work_items, key=lambda item: (item.mutations[0].start_pos, item.mutations[0].operator_name))
        step = max(1, len(pending) // max(1, sample))
        chosen = {item.job_id for item in pending[::step][:sample]}
        for item in pending:
            if item.job_id not in chosen:
                db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))


def keep_only(session: Path, only: set[str]) -> set[str]:
    """Skip every pending mutant whose id is not in ``only`` (a re-run of chosen ones); the ids matching none."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    found: set[str] = set()
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in list(db.pending_work_items):
            mutation = item.mutations[0]
            name = mutant_id(
                {"start_pos": mutation.start_pos, "operator_name": mutation.operator_name, "occurrence": mutation.occurrence}
            )
            if name in only:
                found.add(name)
            else:
                db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
    return only - found


def skip_annotations(session: Path, module: Path) -> int:
    """Mark the mutants inside postponed annotations as skipped (equivalent); how many."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    spans = annotation_spans(module.read_text(encoding="utf-8"))
    skipped = 0
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in db.work_items:
            if all(
                any(start <= tuple(m.start_pos) and tuple(m.end_pos) <= end for start, end in spans) for m in item.mutations
            ):
                db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
                skipped += 1
    return skipped


def summarise(module: str, dump: str) -> dict[str, object]:
    killed, survived, other, total = 0, [], 0, 0
    for line in dump.splitlines():
        total += 1
        work_item, result = json.loads(line)
        if result is None:
            other += 1
            continue
        if result.get("worker_outcome") == "skipped":
            continue  # counted by skip_annotations
        if result.get("worker_outcome") != "normal":
            other += 1  # abnormal: the mutant could not be applied or run
        elif result.get("test_outcome") == "killed":
            killed += 1
        elif result.get("test_outcome") == "survived":
            mutation = work_item["mutations"][0]
            survived.append(
                {
                    "id": mutant_id(mutation),
                    "operator": mutation["operator_name"],
                    "line": mutation["start_pos"][0],
                    "diff": result.get("diff", ""),
                }
            )
        else:
            other += 1  # incompetent (e.g. a timeout)
    run = killed + len(survived)
    return {
        "module": module, "mutants": total, "killed": killed, "survived": survived, "other": other,
        "score": killed / run if run else 1.0,
    }


def survivors(results: list[dict[str, object]]) -> dict[str, set[str]]:
    """The ids of the surviving mutants per module, from an earlier run's --json."""
    found: dict[str, set[str]] = {}
    for result in results:
        mutants = result["survived"]
        assert isinstance(mutants, list)
        found.setdefault(str(result["module"]), set()).update(str(m["id"]) for m in mutants)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", help="modules to mutate (paths as in --list)")
    parser.add_argument("--list", action="store_true", help="list the known modules and their tests")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a mutant's tests may take")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--sample", type=int, help="run only this many mutants (a smoke run; the score means little)")
    parser.add_argument("--only", action="append", metavar="ID", help="run only this mutant (as printed: line:col:operator:n)")
    parser.add_argument("--rerun", type=Path, metavar="JSON", help="run only the survivors recorded by an earlier --json")
    args = parser.parse_args()
    if args.list or not args.modules:  # noqa: SIM102
        for module, tests in MODULES.items():
            print(f"{module}: {' '.join(tests)}")
        return
    earlier = survivors(json.loads(args.rerun.read_text(encoding="utf-8"))) if args.rerun else {}
    results = []
    for module in args.modules:
        if module not in MODULES:
            raise SystemExit(f"{module}: not a known module (see --list)")
        only: set[str] | None = None
        if args.only or args.rerun:
            only = set(args.only or ()) | earlier.get(module, set())
            if not only:
                print(f"{module}: nothing to re-run (no survivors recorded)")
                continue
        result = run_module(module, MODULES[module], args.timeout, args.sample, only)
        results.append(result)
        survived = result["survived"]
        assert isinstance(survived, list)
        print(f"{module}: score {result['score']:.1%} ({result['killed']} killed, {len(survived)} survived, {result['other']} other, "
              f"{result['annotations']} in annotations skipped as equivalent, {result['mutants']} mutants in all)")
        for mutant in survived:
            print(f"  survived: {mutant['id']}\n" + "".join(f"    {l}\n" for l in str(mutant["diff"]).splitlines()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
