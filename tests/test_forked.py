"""Work forked off while generation goes on: results, failures and a dead child."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from sdkgen import generate as generation
from sdkgen.forked import Forked, ForkedError
from sdkgen.generate import generate
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
