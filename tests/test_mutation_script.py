"""scripts/mutation.py's own logic, without running a mutation (that takes minutes: see tests/README.md)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("sdkgen_mutation_script", ROOT / "scripts" / "mutation.py")
assert _spec is not None and _spec.loader is not None
mutation = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = mutation
_spec.loader.exec_module(mutation)

SOURCE = '''from __future__ import annotations
x: int | None = None
def f(a: str | None, *rest: int, b: dict[str, int] = {}) -> list[int] | None:
    return [a | b]
'''


def test_annotations_are_found_only_when_postponed() -> None:
    spans = mutation.annotation_spans(SOURCE)
    assert ((2, 3), (2, 13)) in spans  # x: int | None
    assert {((3, 9), (3, 19)), ((3, 28), (3, 31)), ((3, 36), (3, 50)), ((3, 60), (3, 76))} <= set(spans)  # a, *rest, b, return
    assert not any(start <= (4, 13) <= end for start, end in spans)  # `a | b` in the body is code
    assert mutation.annotation_spans(SOURCE.replace("from __future__ import annotations\n", "")) == []


def test_summary_scores_killed_over_killed_and_survived() -> None:
    def line(outcome: str | None, test: str | None) -> str:
        item = {"mutations": [{"operator_name": "core/AddNot", "start_pos": [7, 0]}]}
        result = None if outcome is None else {"worker_outcome": outcome, "test_outcome": test, "diff": "-a\n+b"}
        return json.dumps([item, result])

    dump = "\n".join(
        [line("normal", "killed")] * 3 + [line("normal", "survived"), line("skipped", None), line("abnormal", None), line(None, None)]
    )
    result = mutation.summarise("m.py", dump)
    assert result["killed"] == 3 and result["other"] == 2 and result["score"] == 0.75 and result["mutants"] == 7
    assert result["survived"] == [
        {"id": "7:0:core/AddNot:0", "operator": "core/AddNot", "line": 7, "diff": "-a\n+b", "covered": True}
    ]


def test_a_mutant_no_test_ran_is_a_survivor_marked_not_covered() -> None:
    item = {"mutations": [{"operator_name": "core/AddNot", "start_pos": [9, 4]}]}
    result = {"worker_outcome": "normal", "test_outcome": "survived", "output": mutation.NOT_COVERED, "diff": ""}
    summary = mutation.summarise("m.py", json.dumps([item, result]))
    assert summary["score"] == 0.0 and [m["covered"] for m in summary["survived"]] == [False]


def test_mutant_ids_are_stable_and_survivors_are_found_per_module() -> None:
    first = {"operator_name": "core/NumberReplacer", "occurrence": 3, "start_pos": [12, 4]}
    second = {"operator_name": "core/NumberReplacer", "occurrence": 4, "start_pos": [12, 4]}
    assert mutation.mutant_id(first) == "12:4:core/NumberReplacer:3" != mutation.mutant_id(second)
    results = [
        {"module": "a.py", "survived": [{"id": "1:0:x:0"}, {"id": "2:0:y:1"}]},
        {"module": "b.py", "survived": []},
    ]
    assert mutation.survivors(results) == {"a.py": {"1:0:x:0", "2:0:y:1"}, "b.py": set()}


def test_every_listed_module_and_test_exists() -> None:
    for module, tests in mutation.MODULES.items():
        assert (ROOT / module).is_file(), module
        assert all((ROOT / test).exists() for test in tests), tests


def test_sdkgen_plugin_loaded_for_the_tests_that_use_its_fixture(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "test_a.py").write_text("def test_a(mock_gateway):\n    pass\n", encoding="utf-8")
    (tmp_path / "test_b.py").write_text("def test_b():\n    pass\n", encoding="utf-8")
    assert mutation.uses_sdkgen_plugin(tmp_path, ["test_b.py", "t"])
    assert not mutation.uses_sdkgen_plugin(tmp_path, ["test_b.py"])


MODULE = """import os
LIMIT = 3


@decorate(LIMIT + 1)
def f(a, b=LIMIT * 2):
    if a > b and (
        b < 0
    ):
        return a - b
    try:
        x = g(a)
    except ValueError as error:
        x = 0
    return x


class C:
    size = LIMIT - 1

    def m(self):
        return [
            self.size + 1,
        ]
"""


def test_a_mutant_selects_the_lines_of_its_statement_and_whether_it_runs_at_import() -> None:
    statement = mutation.statement_of
    assert statement(MODULE, (2, 8), (2, 9)) == (range(2, 3), True)  # a module constant
    assert statement(MODULE, (5, 21), (5, 22)) == (range(5, 7), True)  # a decorator: the def's header, at import
    assert statement(MODULE, (6, 17), (6, 18)) == (range(5, 7), True)  # a default value
    # an if's condition spread over lines: the header only, not its body; run when f is called
    assert statement(MODULE, (8, 10), (8, 11)) == (range(7, 10), False)
    assert statement(MODULE, (10, 17), (10, 18)) == (range(10, 11), False)  # a return in the if's body
    assert statement(MODULE, (14, 12), (14, 13)) == (range(14, 15), False)  # a statement of an except handler
    assert statement(MODULE, (19, 16), (19, 17)) == (range(19, 20), True)  # a class attribute: at class definition
    assert statement(MODULE, (23, 22), (23, 23)) == (range(22, 25), False)  # a method's multi-line return


def test_the_tests_selected_are_those_that_ran_the_statement_in_run_order() -> None:
    tests = [
        {"id": "t.py::one", "fixtures": ["server", "tmp_path"]},
        {"id": "t.py::two", "fixtures": ["tmp_path"]},
        {"id": "t.py::three", "fixtures": ["server"]},
        {"id": "u.py::four", "fixtures": []},
    ]
    contexts = {
        10: {"test u.py::four", "test t.py::two"},
        11: {"test t.py::one"},
        12: {"fixture server"},  # set up once, in one's setup, for one and three
        13: {""},  # run outside any test (collection, a thread between tests)
    }
    covered = mutation.CoverageMap(tests, contexts, 1.0)
    assert covered.tests_for(range(10, 11), False) == ["t.py::two", "u.py::four"]
    assert covered.tests_for(range(10, 12), False) == ["t.py::one", "t.py::two", "u.py::four"]
    assert covered.tests_for(range(12, 13), False) == ["t.py::one", "t.py::three"]
    assert covered.tests_for(range(13, 14), False) == ["t.py::one", "t.py::two", "t.py::three", "u.py::four"]
    assert covered.tests_for(range(14, 20), False) == []  # not covered: the mutant survives without a run
    assert covered.tests_for(range(14, 20), True) == [t["id"] for t in tests]  # at import: every test


def test_a_mutant_that_does_not_compile_is_seen_as_such() -> None:
    """cosmic-ray mutates `**` in a dict display as if it were a power: such a mutant breaks the import, so every
    test is selected for it, not only those running its line."""
    from cosmic_ray.work_item import MutationSpec

    source = "def f(a, b):\n    return {**a, **b}\n\n\ndef g(x):\n    return x ** 2\n"
    broken = MutationSpec("m.py", "core/ReplaceBinaryOperator_Pow_Add", 0, (2, 12), (2, 14))
    fine = MutationSpec("m.py", "core/ReplaceBinaryOperator_Pow_Add", 2, (6, 13), (6, 15))
    assert not mutation.compiles(source, broken)
    assert mutation.compiles(source, fine)


def test_smoke_run_kills_a_real_mutant_and_reports_an_equivalent_survivor(tmp_path: Path) -> None:
    """The script end to end on two mutants of the runtime's _retry.py (issue 17: its smoke run is in CI): one the
    tests kill (retrying a body that cannot be sent again), one equivalent (the `keyed` default the client never
    uses), recorded in tests/README.md."""
    import subprocess

    killed, equivalent = "97:43:core/ReplaceUnaryOperator_Delete_Not:2", "85:18:core/ReplaceFalseWithTrue:0"
    report = tmp_path / "mutation.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "mutation.py"), "templates/runtime/_retry.py", "--only", killed,
         "--only", equivalent, "--json", str(report)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    (result,) = json.loads(report.read_text(encoding="utf-8"))
    assert (result["killed"], [m["id"] for m in result["survived"]]) == (1, [equivalent]), run.stdout
    assert "keyed: bool = True" in result["survived"][0]["diff"]


def test_a_mutant_cosmic_ray_cannot_make_is_reported_not_fatal() -> None:
    """cosmic-ray's ExceptionReplacer raises on a dotted name in a tuple of exceptions: that mutant is set aside
    with the reason (counted as "other"), the run goes on; it once stopped a whole run of _auth.py."""
    from cosmic_ray.work_item import MutationSpec

    source = "import json\n\n\ndef f(x):\n    try:\n        return json.loads(x)\n    except (json.JSONDecodeError, ValueError):\n        return None\n"
    dotted = MutationSpec("m.py", "core/ExceptionReplacer", 0, (7, 12), (7, 32))
    plain = MutationSpec("m.py", "core/ExceptionReplacer", 1, (7, 34), (7, 44))
    problem = mutation.inapplicable(source, dotted)
    assert problem is not None and "ExceptionReplacer" in problem
    assert mutation.inapplicable(source, plain) is None
