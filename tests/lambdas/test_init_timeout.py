"""A function whose init phase (the handler module's import) outlasts Lambda's 10 s: Lambda logs the init's timeout
(INIT_REPORT ... Phase: init Status: timeout) and "retries the Init phase at the time of the first function
invocation with the configured function timeout" (Lambda Developer Guide, the execution environment lifecycle). The
limit is made short here (``pool.INIT_TIMEOUT``); the handler's module sleeps ``INIT_SLEEP`` seconds as it loads."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from sdkgen.lambdas import pool
from sdkgen.lambdas.pool import FunctionPool, FunctionSpec, Outcome

HANDLERS = Path(__file__).resolve().parent / "handlers"


def invoke(monkeypatch: pytest.MonkeyPatch, sleep: float, timeout: float, integration_timeout: float | None = None,
           times: int = 1) -> tuple[list[Outcome], tuple[int, int]]:  # fmt: skip
    """The outcomes, and the pool's count of workers and the workers it holds, before it is closed."""
    monkeypatch.setattr(pool, "INIT_TIMEOUT", 0.2)
    spec = FunctionSpec("slowInit", "slow_init.handler", HANDLERS, {"INIT_SLEEP": str(sleep)}, timeout=timeout)
    functions = FunctionPool(spec, limit=1)

    async def run() -> list[Outcome]:
        return [await functions.invoke({}, f"req-{i}", integration_timeout) for i in range(times)]

    try:
        return asyncio.run(run()), (functions.count, len(functions.all))
    finally:
        functions.close()


def test_an_init_past_the_limit_is_retried_in_the_invocation_and_answers(monkeypatch: pytest.MonkeyPatch,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    (outcome, warm), held = invoke(monkeypatch, sleep=0.6, timeout=5.0, times=2)
    assert outcome.error is None and outcome.cold and outcome.result["statusCode"] == 200
    # The retried init counted against the function's timeout: less than 5 s minus the 0.6 s it slept was left.
    assert int(outcome.result["body"].split()[1]) <= 4400
    reports = [line for line in capsys.readouterr().err.splitlines() if "INIT_REPORT" in line]
    assert len(reports) == 1 and reports[0].startswith("[slowInit req-0] INIT_REPORT Init Duration: ")
    assert reports[0].endswith(" ms\tPhase: init\tStatus: timeout")
    assert warm.error is None and not warm.cold  # the retried worker stays warm, the only one of the pool
    assert held == (1, 1)


def test_a_retried_init_that_outlasts_the_timeout_is_the_task_timeout(monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    (outcome,), _ = invoke(monkeypatch, sleep=5.0, timeout=0.5)
    assert outcome.timed_out and not outcome.integration_timed_out
    assert outcome.error == {"errorType": "Sandbox.Timedout", "errorMessage": "RequestId: req-0 Error: Task timed out after 0.50 seconds"}
    phases = [line.rsplit("Phase: ", 1)[1] for line in capsys.readouterr().err.splitlines() if "INIT_REPORT" in line]
    assert phases == ["init\tStatus: timeout", "invoke\tStatus: timeout"]


def test_the_gateway_timeout_counts_the_init_phase(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (outcome,), _ = invoke(monkeypatch, sleep=5.0, timeout=5.0, integration_timeout=0.5)
    assert outcome.integration_timed_out and not outcome.timed_out
    assert [line for line in capsys.readouterr().err.splitlines() if "INIT_REPORT" in line][0].endswith("Phase: init\tStatus: timeout")
