"""Work forked off while generation goes on: results, failures and a dead child."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from sdkgen import generate as generation
from sdkgen.forked import Forked, ForkedError
from sdkgen.generate import generate
from sdkgen.model import Schema
from sdkgen.parse import load_api

ROOT = Path(__file__).resolve().parent.parent


def test_the_result_comes_back_from_another_process() -> None:
    parent = os.getpid()
    assert Forked(lambda: (os.getpid() != parent, [1, "two"]), daemon=True).result() == (True, [1, "two"])


def test_an_exception_in_the_child_is_raised_with_its_message() -> None:
    def fail() -> None:
        raise ValueError("no good")

    with pytest.raises(ForkedError, match="ValueError: no good"):
        Forked(fail, daemon=True).result()


def test_a_child_that_dies_without_answering_is_done_again_here() -> None:
    parent = os.getpid()

    def die_in_the_child() -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return 42

    assert Forked(die_in_the_child, daemon=True).result() == 42


def test_models_formatted_in_a_forked_child_give_the_same_project(monkeypatch: pytest.MonkeyPatch) -> None:
    api = load_api(ROOT / "tests" / "fixtures" / "kitchen.yaml", strict=False).api
    alone = generate(api, "pkg").files
    monkeypatch.setattr(generation, "PARALLEL_MODELS", 2)
    forked: list[int] = []
    real_forked = generation.Forked

    def counting(function, *, daemon):  # type: ignore[no-untyped-def]
        forked.append(os.getpid())
        return real_forked(function, daemon=daemon)

    monkeypatch.setattr(generation, "Forked", counting)
    together = generate(api, "pkg").files
    assert forked and together == alone


def test_a_cancelled_child_is_stopped_even_while_it_is_blocked_sending_a_large_answer() -> None:
    forked = Forked(lambda: "x" * 10_000_000, daemon=False)  # far more than a pipe holds
    process = forked._process
    assert forked._reader.poll(30)  # it has begun to send, and waits for a reader
    forked.cancel()
    assert not process.is_alive()
    with pytest.raises(ForkedError, match="cancelled"):
        forked.result()


def test_generation_that_fails_in_the_parent_stops_its_child(monkeypatch: pytest.MonkeyPatch) -> None:
    api = load_api(ROOT / "tests" / "fixtures" / "kitchen.yaml", strict=False).api
    monkeypatch.setattr(generation, "PARALLEL_MODELS", 2)
    children: list[Forked[object]] = []
    real_forked = generation.Forked

    def keeping(function, *, daemon):  # type: ignore[no-untyped-def]
        children.append(real_forked(function, daemon=daemon))
        return children[-1]

    def broken(*args: object) -> dict[str, str]:
        raise RuntimeError("black said no")

    monkeypatch.setattr(generation, "Forked", keeping)
    monkeypatch.setattr(generation, "_package", broken)
    with pytest.raises(generation.SpecError, match="internal error.*black said no"):
        generate(api, "pkg")
    assert children and not children[0]._process.is_alive()


def test_files_handed_to_a_sink_by_parent_and_child_are_the_whole_project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from sdkgen.generate.write import Staging

    api = load_api(ROOT / "tests" / "fixtures" / "kitchen.yaml", strict=False).api
    alone = generate(api, "pkg").files
    monkeypatch.setattr(generation, "PARALLEL_MODELS", 2)
    staging = Staging(tmp_path / "out", force=False)

    def sink(files: dict[str, str]) -> None:
        (tmp_path / f"writer-{os.getpid()}").touch()  # a file: the child's memory is its own
        staging.write(files)

    result = generate(api, "pkg", sink=sink)
    staging.commit()
    assert result.files == {} and result.count == len(alone)
    assert len(list(tmp_path.glob("writer-*"))) == 2  # the child wrote its share itself
    written = {p.relative_to(tmp_path / "out").as_posix(): p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert written == alone


def test_a_write_failing_in_the_child_is_raised_as_the_os_error_it_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    api = load_api(ROOT / "tests" / "fixtures" / "kitchen.yaml", strict=False).api
    monkeypatch.setattr(generation, "PARALLEL_MODELS", 2)
    parent = os.getpid()

    def sink(files: dict[str, str]) -> None:
        if os.getpid() != parent:
            raise PermissionError(13, "Permission denied", "types/x.py")

    with pytest.raises(PermissionError, match="Permission denied"):
        generate(api, "pkg", sink=sink)


def test_the_models_are_divided_between_the_processes_by_whole_modules() -> None:
    sizes = [3, 1, 4, 1, 5, 9, 2, 6]
    modules = [(f"m{i}", [Schema() for _ in range(size)]) for i, size in enumerate(sizes)]
    split = generation._split(modules)
    share = sum(sizes) * (1 - generation.CHILD_SHARE)  # the parent's
    # The parent stops at the first module that brings it to its share; the child has all the rest.
    assert sum(sizes[: split - 1]) < share <= sum(sizes[:split]) and split < len(sizes)
    assert generation._split(modules[:1]) == 1  # a single module stays with the parent
