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
    assert result["survived"] == [{"id": "7:0:core/AddNot:0", "operator": "core/AddNot", "line": 7, "diff": "-a\n+b"}]


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
