"""Mutation testing with cosmic-ray, one module at a time, with only the tests that cover that module.

    pip install -e '.[mutation]'
    python scripts/mutation.py templates/runtime/_retry.py     # one module (or several); prints the score
    python scripts/mutation.py --list                          # the modules it knows and their tests
    python scripts/mutation.py MODULE --json out.json          # ... and keep the results
    python scripts/mutation.py MODULE --rerun out.json         # only the mutants that survived in out.json
    python scripts/mutation.py MODULE --only 42:8:core/AddNot:0   # only these mutants (ids as printed)

Each module is mutated in a scratch copy of the repository (the checkout is never touched, even if the run is
killed). The score is killed / (killed + survived); every surviving mutant is printed as a diff, to be killed by
a new test or recorded as equivalent in tests/README.md ("Mutation testing"). Not part of the test suite.

Per-mutant test selection: the module's listed tests first run once under coverage.py, each test in its own
context (switched by a small pytest plugin, subprocesses included), which maps every line of the module to the
tests that execute it. A mutant then runs only the tests covering its statement (pytest -x); a mutant whose
statement no listed test executes survives without running anything ("not covered"). Statements run at import
or class definition, and lines run outside any test (collection, server threads between tests), select all the
listed tests; lines run while setting up a wider-scoped fixture select every test using that fixture.
``--all-tests`` runs every listed test for each mutant instead (the old way, minutes a mutant).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import shlex
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Promise-carrying modules (issue 17) and the tests that cover each; runtime modules run from their copies.
MODULES: dict[str, list[str]] = {
    "templates/runtime/_retry.py": [
        "tests/runtime/test_rt_retry.py", "tests/runtime/test_rt_retry_mutants.py", "tests/runtime/test_rt_async.py",
        "tests/runtime/test_rt_uploads.py",  # a body that cannot be sent again is not retried
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
    # The gateway itself: every mock test goes through it; the Lambda tests run its function routes.
    "sdkgen/mock/app.py": ["tests/mock", "tests/lambdas"],
    "sdkgen/generate/write.py": [
        "tests/test_kills_write.py", "tests/test_promises_write.py", "tests/test_manifest.py", "tests/test_generate_cli.py"
    ],
    "sdkgen/cli.py": [
        "tests/test_kills_cli.py", "tests/test_promises_cli.py", "tests/sources/test_kills_sources_cli.py",
        "tests/test_generate_cli.py", "tests/test_bad_input.py", "tests/test_contract_promises.py", "tests/test_manifest.py",
        "tests/sources/test_fetch.py",  # the fetch command's options, against moto on 127.0.0.1
    ],
    "sdkgen/testing.py": [
        "tests/test_kills_testing.py", "tests/test_promises_plugin.py", "tests/test_testing_plugin.py",
        "tests/mock/test_auth_semantics.py",
        "tests/lambdas",  # mock_gateway with Lambda functions and SAM templates, gw.invocations
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


# The pytest plugin of the coverage run: each test's setup, call and teardown in a context of its own, a wider-scoped
# fixture's setup in the fixture's (it serves every test using it); subprocesses started meanwhile get the same
# context as their static one (coverage's `patch = subprocess` hands them COVERAGE_PROCESS_CONFIG).
CONTEXT_PLUGIN = """
import copy, json, os, time
import coverage, pytest

_cov = coverage.Coverage.current()
_durations = {}


def _switch(label):
    if _cov is None:
        return ""
    previous = _cov.switch_context(label) or ""
    config = copy.copy(_cov.config)
    config.context = label
    os.environ["COVERAGE_PROCESS_CONFIG"] = config.serialize()
    return previous


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _switch("test " + item.nodeid)
    started = time.monotonic()
    yield
    _durations[item.nodeid] = time.monotonic() - started
    _switch("")


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    if fixturedef.scope == "function":
        yield
        return
    previous = _switch("fixture " + fixturedef.argname)
    try:
        yield
    finally:
        _switch(previous)


def pytest_sessionfinish(session):
    tests = [
        {"id": item.nodeid, "fixtures": sorted(getattr(item, "fixturenames", ())), "seconds": _durations.get(item.nodeid, 0.0)}
        for item in session.items
    ]
    with open(os.environ["SDKGEN_MUTATION_TESTS"], "w", encoding="utf-8") as handle:
        json.dump(tests, handle)
"""
NOT_COVERED = "not covered: no listed test executes the mutated statement"


def pytest_command(tests: list[str]) -> list[str]:
    # Only the plugins these tests use: autoloading them all (schemathesis, hypothesis) costs ~1 s a mutant.
    plugins = ["pytest_asyncio.plugin"]
    return [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *(f"-p{p}" for p in plugins), *tests]


def run_module(
    module: str,
    tests: list[str],
    timeout: float,
    sample: int | None = None,
    only: set[str] | None = None,
    select: bool = True,
) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="sdkgen-mutation-") as scratch:
        work = scratch_copy(Path(scratch) / "repo")
        config = Path(scratch) / "cosmic-ray.toml"
        config.write_text(
            "[cosmic-ray]\n"
            f"module-path = {json.dumps(module)}\n"
            f"timeout = {timeout}\n"
            "excluded-modules = []\n"
            # cosmic-ray's configuration needs a test command; the mutants are run by execute() below.
            f"test-command = {json.dumps(shlex.join(pytest_command(tests)))}\n"
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
        if select:
            # The coverage run is the baseline too: the listed tests must pass unmutated.
            coverage_map = measure_coverage(work, Path(scratch), module, tests, env)
        else:
            started = time.monotonic()
            baseline = subprocess.run(pytest_command(tests), cwd=work, env=env, capture_output=True, text=True)
            if baseline.returncode != 0:
                raise SystemExit(f"{module}: the tests fail without any mutation:\n{baseline.stdout[-5000:]}{baseline.stderr[-5000:]}")
            coverage_map = CoverageMap([], {}, time.monotonic() - started, everything=True)
        execute(session, work, module, tests, coverage_map, timeout, env)
        dump = subprocess.run([*cosmic, "dump", str(session)], cwd=work, env=env, capture_output=True, text=True, check=True)
    result = summarise(module, dump.stdout)
    result["annotations"] = skipped
    return result


class CoverageMap:
    """Which of the listed tests execute each line of the mutated module, from one run of them under coverage."""

    def __init__(
        self, tests: list[dict[str, object]], contexts: dict[int, set[str]], seconds: float, everything: bool = False
    ) -> None:
        self.everything = everything  # no selection (--all-tests): every mutant runs every listed test
        self.tests = [str(t["id"]) for t in tests]  # in the order pytest ran them
        self.seconds = {str(t["id"]): float(t.get("seconds", 0.0)) for t in tests}  # type: ignore[arg-type]
        self.users: dict[str, set[str]] = {}  # fixture -> the tests using it
        for test in tests:
            for fixture in test["fixtures"]:  # type: ignore[attr-defined]
                self.users.setdefault(str(fixture), set()).add(str(test["id"]))
        self.contexts = contexts  # line -> the contexts that executed it
        self.total = seconds

    def tests_for(self, lines: range, everything: bool) -> list[str]:
        """The tests to run for a mutant of the statement on ``lines`` (all, if it runs at import), in run order."""
        if everything or self.everything:
            return list(self.tests)
        chosen: set[str] = set()
        for line in lines:
            for context in self.contexts.get(line, ()):
                kind, _, name = context.partition(" ")
                if kind == "test":
                    chosen.add(name)
                elif kind == "fixture":
                    chosen |= self.users.get(name, set())
                else:
                    return list(self.tests)  # outside any test: collection, or threads between tests
        return [test for test in self.tests if test in chosen]


def statement_of(source: str, start: tuple[int, int], end: tuple[int, int]) -> tuple[range, bool]:
    """The lines of the innermost statement holding a mutation (a compound statement's header only), and whether
    it runs at import or class definition (outside every function body): coverage records the line of a
    statement that Python reports, which for a multi-line one may be any of its lines."""
    tree = ast.parse(source)
    best: ast.stmt | None = None
    in_function = False
    inside = False

    def visit(body: list[ast.stmt], function: bool) -> None:
        nonlocal best, in_function, inside
        for node in body:
            node_end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
            node_start = min([(node.lineno, node.col_offset), *((d.lineno, 0) for d in getattr(node, "decorator_list", []))])
            if not (node_start <= start and end <= node_end):
                continue
            best, in_function = node, function
            is_function = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    nested: list[ast.stmt] = []
                    for child in children:
                        # except handlers and match cases hold statements of their own
                        nested += child.body if isinstance(child, (ast.ExceptHandler, ast.match_case)) else [child]
                    visit(nested, function or is_function)

    visit(tree.body, False)
    if best is None:
        return range(start[0], end[0] + 1), True
    first_body = [
        child.lineno
        for field in ("body", "orelse", "finalbody", "handlers", "cases")
        for child in (getattr(best, field, None) or [])
        if isinstance(getattr(best, field, None), list) and hasattr(child, "lineno")
    ]
    decorators = [d.lineno for d in getattr(best, "decorator_list", [])]
    header_start = min([best.lineno, *decorators])
    header_end = (min(first_body) - 1) if first_body else (best.end_lineno or best.lineno)
    lines = range(header_start, max(header_end, end[0]) + 1)
    return lines, not in_function


def contexts_by_line(data_dir: Path, work: Path, module: str) -> dict[int, set[str]]:
    """Each line of ``module`` and the contexts that executed it, from the coverage data files in ``data_dir``:
    the module itself, or for the runtime's templates their verbatim copies (the tests import those)."""
    import coverage

    cov = coverage.Coverage(data_file=str(data_dir / ".coverage"))
    cov.combine([str(data_dir)], keep=True)
    data = cov.get_data()
    target = (work / module).resolve()
    original = target.read_text(encoding="utf-8")
    found: dict[int, set[str]] = {}
    for measured in data.measured_files():
        path = Path(measured)
        if path.name != target.name or work / "generated" in path.parents:
            continue  # generated/ holds copies of the unmutated runtime: they cannot show a mutant
        if path.resolve() != target:
            if not module.startswith("templates/"):
                continue
            if path.exists() and path.read_text(encoding="utf-8") != original:
                continue  # a file of the same name that is not a copy of this module
        for line, contexts in data.contexts_by_lineno(measured).items():
            found.setdefault(line, set()).update(contexts)
    return found


def measure_coverage(work: Path, scratch: Path, module: str, tests: list[str], env: dict[str, str]) -> CoverageMap:
    plugin_dir = scratch / "plugin"
    plugin_dir.mkdir()
    (plugin_dir / "sdkgen_mutation_contexts.py").write_text(CONTEXT_PLUGIN, encoding="utf-8")
    data_dir = scratch / "coverage"
    data_dir.mkdir()
    rcfile = scratch / "coveragerc"
    rcfile.write_text(
        "[run]\n"
        f"data_file = {data_dir / '.coverage'}\n"
        "parallel = true\n"
        # _exit: `python -m sdkgen` ends with os._exit (cli.run), which skips coverage's own save at exit.
        "patch =\n    subprocess\n    _exit\n"
        # Only files of the module's name: the runtime's templates run from copies, wherever the tests put them.
        f"include = */{Path(module).name}\n",
        encoding="utf-8",
    )
    listing = scratch / "tests.json"
    measure_env = {
        **env,
        "PYTHONPATH": f"{work}{os.pathsep}{plugin_dir}",
        "SDKGEN_MUTATION_TESTS": str(listing),
    }
    command = [sys.executable, "-m", "coverage", "run", f"--rcfile={rcfile}", *pytest_command(tests)[1:]]
    command.insert(command.index("-x") + 1, "-psdkgen_mutation_contexts")
    started = time.monotonic()
    run = subprocess.run(command, cwd=work, env=measure_env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if run.returncode != 0:
        raise SystemExit(f"{module}: the tests fail without any mutation:\n{run.stdout[-5000:]}{run.stderr[-5000:]}")
    listed = json.loads(listing.read_text(encoding="utf-8"))
    print(f"{module}: {len(listed)} tests measured under coverage in {seconds:.0f} s", file=sys.stderr)
    return CoverageMap(listed, contexts_by_line(data_dir, work, module), seconds)


def execute(
    session: Path, work: Path, module: str, tests: list[str], coverage_map: CoverageMap, timeout: float,
    env: dict[str, str],
) -> None:
    """Run every pending mutant with the tests covering it (cosmic-ray's own mutate-and-test, one mutant at a time)."""
    from attrs import evolve
    from cosmic_ray.mutating import mutate_and_test
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

    source = (work / module).read_text(encoding="utf-8")
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(work)  # the mutant's path is relative to the scratch copy; the tests run from there as before
    try:
        with use_db(str(session), WorkDB.Mode.open) as db:
            pending = list(db.pending_work_items)
            for number, item in enumerate(pending, 1):
                mutations = [evolve(m, module_path=work / m.module_path) for m in item.mutations]
                first = mutations[0]
                lines, at_import = statement_of(source, tuple(first.start_pos), tuple(first.end_pos))
                problem = inapplicable(source, first)
                if problem is not None:  # counted as "other", never as a kill or a survivor
                    db.set_result(item.job_id, WorkResult(output=problem, worker_outcome=WorkerOutcome.EXCEPTION))
                    print(f"  [{number}/{len(pending)}] {mutant_id({'start_pos': first.start_pos, 'operator_name': first.operator_name, 'occurrence': first.occurrence})}"
                          f": not run ({problem})", file=sys.stderr, flush=True)  # fmt: skip
                    continue
                # A mutant that does not compile (cosmic-ray takes `**` in a dict display for a power) breaks the
                # module's import: every test importing it can see it, whatever lines they run.
                chosen = coverage_map.tests_for(lines, at_import or not compiles(source, first))
                started = time.monotonic()
                if not chosen and not coverage_map.everything:
                    result = WorkResult(
                        output=NOT_COVERED, diff=mutant_diff(source, first, module),
                        test_outcome=TestOutcome.SURVIVED, worker_outcome=WorkerOutcome.NORMAL,
                    )
                else:
                    everything = coverage_map.everything or len(chosen) == len(coverage_map.tests)
                    arguments = tests if everything else chosen
                    # The tests' own time unmutated (under coverage, so generous), three times over, or --timeout:
                    # a timeout counts as a kill, and a loaded machine must not make kills.
                    own = coverage_map.total if everything else sum(coverage_map.seconds.get(t, 0.0) for t in chosen)
                    limit = max(timeout, 3 * own)
                    result = mutate_and_test(mutations, shlex.join(pytest_command(arguments)), limit)
                if result.diff:
                    result = evolve(result, diff=result.diff.replace(f"{work}{os.sep}", ""))  # the module's path as listed
                db.set_result(item.job_id, result)
                outcome = "not covered" if result.output == NOT_COVERED else str(result.test_outcome.value if result.test_outcome else "?")
                print(
                    f"  [{number}/{len(pending)}] {mutant_id({'start_pos': first.start_pos, 'operator_name': first.operator_name, 'occurrence': first.occurrence})}"
                    f": {outcome}{' (timeout)' if result.output == 'timeout' else ''}, "
                    f"{'all' if coverage_map.everything else len(chosen)} test(s), {time.monotonic() - started:.1f} s",
                    file=sys.stderr, flush=True,
                )
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def inapplicable(source: str, mutation: object) -> str | None:
    """Why cosmic-ray cannot make this mutant, or None: its ExceptionReplacer fails on a dotted name in a tuple of
    exceptions (``except (jwt.PyJWTError, ValueError)``), which stopped a whole run of _auth.py."""
    try:
        compiles(source, mutation)
    except Exception as exc:  # noqa: BLE001 - any failure of the operator itself
        return f"cosmic-ray cannot apply {mutation.operator_name}: {type(exc).__name__}: {exc}"  # type: ignore[attr-defined]
    return None


def compiles(source: str, mutation: object) -> bool:
    """Whether the module still compiles with this mutation applied."""
    from cosmic_ray.mutating import mutate_code
    from cosmic_ray.plugins import get_operator

    operator = get_operator(mutation.operator_name)(**(getattr(mutation, "operator_args", None) or {}))  # type: ignore[attr-defined]
    mutated = mutate_code(source, operator, mutation.occurrence)  # type: ignore[attr-defined]
    try:
        compile(mutated or source, "<mutant>", "exec")
    except SyntaxError:
        return False
    return True


def mutant_diff(source: str, mutation: object, module: str) -> str:
    """The diff a mutant would make, without writing it (for one that is not run)."""
    import difflib

    from cosmic_ray.mutating import mutate_code
    from cosmic_ray.plugins import get_operator

    operator = get_operator(mutation.operator_name)(**(getattr(mutation, "operator_args", None) or {}))  # type: ignore[attr-defined]
    mutated = mutate_code(source, operator, mutation.occurrence) or source  # type: ignore[attr-defined]
    return "\n".join(
        difflib.unified_diff(source.split("\n"), mutated.split("\n"), f"a/{module}", f"b/{module}", lineterm="")
    )


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
    killed, survived, other, total, timeouts = 0, [], 0, 0, 0
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
            timeouts += result.get("output") == "timeout"
        elif result.get("test_outcome") == "survived":
            mutation = work_item["mutations"][0]
            survived.append(
                {
                    "id": mutant_id(mutation),
                    "operator": mutation["operator_name"],
                    "line": mutation["start_pos"][0],
                    "diff": result.get("diff", ""),
                    "covered": result.get("output") != NOT_COVERED,
                }
            )
        else:
            other += 1  # incompetent (e.g. a timeout)
    run = killed + len(survived)
    return {
        "module": module, "mutants": total, "killed": killed, "survived": survived, "other": other, "timeouts": timeouts,
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
    parser.add_argument(
        "--timeout", type=float, default=60.0,
        help="seconds a mutant's tests may take (at least; three times their unmutated time under coverage if more)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--sample", type=int, help="run only this many mutants (a smoke run; the score means little)")
    parser.add_argument("--only", action="append", metavar="ID", help="run only this mutant (as printed: line:col:operator:n)")
    parser.add_argument("--rerun", type=Path, metavar="JSON", help="run only the survivors recorded by an earlier --json")
    parser.add_argument(
        "--all-tests", action="store_true", help="run every listed test for each mutant (no selection by coverage; slow)"
    )
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
        result = run_module(module, MODULES[module], args.timeout, args.sample, only, select=not args.all_tests)
        results.append(result)
        survived = result["survived"]
        assert isinstance(survived, list)
        print(f"{module}: score {result['score']:.1%} ({result['killed']} killed ({result['timeouts']} by a timeout), "
              f"{len(survived)} survived, {result['other']} other, "
              f"{result['annotations']} in annotations skipped as equivalent, {result['mutants']} mutants in all)")
        for mutant in survived:
            how = "" if mutant.get("covered", True) else " (not covered: no listed test runs it)"
            print(f"  survived{how}: {mutant['id']}\n" + "".join(f"    {l}\n" for l in str(mutant["diff"]).splitlines()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
