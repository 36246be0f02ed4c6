"""Worker processes per function: started on first use, kept warm, one event at a time each, more of them (up to a
limit) when requests overlap; a worker that overruns its time is killed and a fresh one takes its place."""

from __future__ import annotations

import array
import asyncio
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import uuid
import weakref
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_LENGTH = struct.Struct(">I")
_WORKER_SOURCE = (Path(__file__).with_name("worker.py")).read_text(encoding="utf-8")
INIT_TIMEOUT = 10.0  # seconds: Lambda's limit on a function's initialisation
ACCOUNT = "123456789012"  # the account the mock pretends to be (as sources' pseudo parameters do)


@dataclass(frozen=True)
class FunctionSpec:
    """What a function runs: its code and the settings Lambda would give it."""

    name: str
    handler: str
    code: Path
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = 3.0
    memory: int = 128
    arn: str = ""
    region: str = "us-east-1"

    @property
    def invoked_arn(self) -> str:
        return self.arn or f"arn:aws:lambda:{self.region}:{ACCOUNT}:function:{self.name}"

    def environment(self, tmp: str | None = None) -> dict[str, str]:
        """The mock's environment, the variables the Lambda runtime sets, then the function's own; ``tmp``: the
        function's temporary folder (its ``/tmp``), as ``TMPDIR``."""
        stream = f"{time.strftime('%Y/%m/%d')}/[$LATEST]{uuid.uuid4().hex}"
        env = dict(os.environ)
        env.update({
            "AWS_LAMBDA_FUNCTION_NAME": self.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.memory),
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{self.name}",
            "AWS_LAMBDA_LOG_STREAM_NAME": stream,
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_EXECUTION_ENV": f"AWS_Lambda_python{sys.version_info.major}.{sys.version_info.minor}",
            "_HANDLER": self.handler,
            "LAMBDA_TASK_ROOT": str(self.code),
            "LAMBDA_RUNTIME_DIR": str(Path(sys.executable).parent),
            "PYTHONUNBUFFERED": "1",
            "TZ": ":UTC",
        })  # fmt: skip
        if tmp is not None:
            env.update({"TMPDIR": tmp, "TMP": tmp, "TEMP": tmp})
        env.update(self.env)
        return env


class WorkerGone(Exception):
    """The worker process ended while answering (sys.exit, a crash, killed)."""


def _start(env: dict[str, str], cwd: Path | str | None) -> tuple[subprocess.Popen[bytes], int, int]:
    """A worker interpreter, and the mock's ends of its two channels: to it (a Unix socket, which can carry the mock's
    console to it: ``_send_setup``), from it (a pipe)."""
    parent, child = socket.socketpair()
    to_worker, to_worker_r = parent.detach(), child.detach()
    from_worker, from_worker_w = os.pipe()
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", _WORKER_SOURCE, str(to_worker_r), str(from_worker_w)],
            cwd=cwd, env=env, pass_fds=(to_worker_r, from_worker_w), stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except BaseException:
        for fd in (to_worker, from_worker):
            os.close(fd)
        raise
    finally:
        os.close(to_worker_r)
        os.close(from_worker_w)
    return process, to_worker, from_worker


# Variables Python reads as it starts, which a function's environment cannot change in an interpreter started before
# (PYTHONPATH, PYTHONDONTWRITEBYTECODE and TZ it can: the worker applies them when it takes the function on).
_AT_START = ("PYTHON", "LANG", "LC_")
_APPLIED_LATER = frozenset(("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"))


class Interpreters:
    """One worker interpreter started before it is needed, which the next new worker of any function becomes
    (another is started once that cold start is over): a cold start then costs the function's own imports, not
    Python's start.

    The interpreter has loaded nothing of the function (its module is imported once it takes the function on, as a
    fresh one would), so only what Python reads as it starts differs: a function whose environment sets such a
    variable (``PYTHONHASHSEED``, ``LANG``, ...) gets an interpreter of its own, started with it."""

    def __init__(self) -> None:
        self.booted = False  # the spare's "booted" message was read (by wait_booted)
        self.closed = False
        # The spare, where a finalizer finds it: one the mock never took on is ended with the gateway.
        self._holder: dict[str, tuple[subprocess.Popen[bytes], int, int] | None] = {"spare": None}
        self._finalizer = weakref.finalize(self, Interpreters._end, self._holder)
        self._start()

    @property
    def spare(self) -> tuple[subprocess.Popen[bytes], int, int] | None:
        return self._holder["spare"]

    def _start(self) -> None:
        try:
            self._holder["spare"] = _start({**os.environ, "PYTHONUNBUFFERED": "1"}, None)
        except OSError as exc:  # no spare: workers start as before
            print(f"sdkgen mock: could not start a spare Python interpreter: {exc}", file=sys.stderr, flush=True)
            self._holder["spare"] = None
        self.booted = False

    @staticmethod
    def _end(holder: dict[str, tuple[subprocess.Popen[bytes], int, int] | None]) -> None:
        spare = holder["spare"]
        holder["spare"] = None
        if spare is not None:
            _kill(spare[0], spare[1:])

    def fits(self, spec: FunctionSpec) -> bool:
        return not any(k.startswith(_AT_START) and k not in _APPLIED_LATER and os.environ.get(k) != v for k, v in spec.env.items())

    def take(self, spec: FunctionSpec) -> tuple[subprocess.Popen[bytes], int, int, bool] | None:
        """The spare (and whether its "booted" message was read already) for ``spec``; None when there is none, it
        does not fit the function or has died. ``replenish`` starts the next one."""
        if self.closed or self.spare is None or not self.fits(spec):
            return None
        process, to_worker, from_worker = self.spare
        booted = self.booted
        self._holder["spare"] = None
        if process.poll() is not None:
            _kill(process, (to_worker, from_worker))
            return None
        return process, to_worker, from_worker, booted

    def replenish(self) -> None:
        """Start the next spare, once the cold start that took the last one is over (not beside it: its start would
        take the processor from that function's imports)."""
        if not self.closed and self.spare is None:
            self._start()

    async def wait_booted(self, timeout: float = INIT_TIMEOUT) -> bool:
        """Wait until the spare has started (it then waits for a function): a benchmark's cold start is measured
        from there."""
        if self.spare is None or self.booted:
            return self.booted
        message = await asyncio.wait_for(_aread(self.spare[2]), timeout)
        self.booted = bool(message.get("booted"))
        return self.booted

    def close(self) -> None:
        self.closed = True
        self._finalizer()


def _kill(process: subprocess.Popen[bytes], fds: tuple[int, ...]) -> None:
    if process.poll() is None:
        process.kill()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:  # pragma: no cover - a process that ignores SIGKILL
        pass
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


async def _aread(fd: int) -> dict[str, Any]:
    """One message from a worker, read as the event loop finds the pipe readable (no thread)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[dict[str, Any]] = loop.create_future()
    buffer = bytearray()

    def readable() -> None:
        # Never past this message: the next one may be in the pipe already (an interpreter's "booted" and its init
        # report), and is the next read's.
        wanted = _LENGTH.size - len(buffer) if len(buffer) < _LENGTH.size else _LENGTH.size + _LENGTH.unpack_from(buffer)[0] - len(buffer)
        try:
            chunk = os.read(fd, min(wanted, 1 << 20)) if wanted else b""
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk and wanted:
            loop.remove_reader(fd)
            if not done.done():
                done.set_exception(WorkerGone())
            return
        buffer.extend(chunk)
        if len(buffer) >= _LENGTH.size:
            size = _LENGTH.unpack_from(buffer)[0]
            if len(buffer) == _LENGTH.size + size:
                loop.remove_reader(fd)
                if not done.done():
                    done.set_result(json.loads(bytes(buffer[_LENGTH.size :])))

    os.set_blocking(fd, False)
    loop.add_reader(fd, readable)
    try:
        return await done
    finally:
        loop.remove_reader(fd)
        os.set_blocking(fd, True)


class Worker:
    """One process running one function: a spare interpreter taken on (``Interpreters``), else one started for it."""

    def __init__(self, spec: FunctionSpec, tmp: str | None = None, interpreters: Interpreters | None = None) -> None:
        self.spec = spec
        env = spec.environment(tmp)
        taken = interpreters.take(spec) if interpreters is not None else None
        if taken is not None:
            self.process, self._to_worker, self._from_worker, self.booted = taken
            self.spare = True
        else:
            self.process, self._to_worker, self._from_worker = _start(env, spec.code)
            self.booted = False
            self.spare = False
        self.ready: dict[str, Any] | None = None  # the worker's init report, once read
        self.generation = 0
        try:
            _send_setup(self._to_worker, {"env": env, "cwd": str(spec.code)})  # the function it becomes
        except WorkerGone:
            pass  # it died: its init report says so (read_ready raises WorkerGone)

    async def read_ready(self) -> dict[str, Any]:
        """The worker's report once it has imported the handler."""
        if self.ready is None:
            if not self.booted:
                await _aread(self._from_worker)  # {"booted": true}
                self.booted = True
            self.ready = await _aread(self._from_worker)
        return self.ready

    async def acall(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send one event and wait for the answer, read as the event loop finds the pipe readable."""
        _write(self._to_worker, request)  # the worker reads every request whole before it answers
        return await _aread(self._from_worker)

    def kill(self) -> None:
        _kill(self.process, (self._to_worker, self._from_worker))

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


def _send_setup(fd: int, setup: dict[str, Any]) -> None:
    """The function a worker becomes, with the mock's standard output and error as they are now (SCM_RIGHTS): what
    the function prints goes where the mock's own output goes at its start (a spare interpreter was started earlier,
    perhaps while pytest's capfd or a redirection held other files)."""
    data = json.dumps(setup, separators=(",", ":")).encode()
    data = _LENGTH.pack(len(data)) + data
    console = []
    for std in (1, 2):
        try:
            os.fstat(std)
        except OSError:  # closed: the worker keeps its own
            continue
        console.append(std)
    rights = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", console).tobytes())] if len(console) == 2 else []
    sock = socket.socket(fileno=fd)
    try:
        sent = sock.sendmsg([data], rights)
        sock.sendall(data[sent:])
    except OSError:
        raise WorkerGone() from None
    finally:
        sock.detach()


def _write(fd: int, message: Any) -> None:
    data = json.dumps(message, separators=(",", ":")).encode()
    data = _LENGTH.pack(len(data)) + data
    try:
        while data:
            data = data[os.write(fd, data) :]
    except OSError:
        raise WorkerGone() from None


@dataclass
class Outcome:
    """What one invocation gave: the result, Lambda's error payload, or a timeout."""

    result: Any = None
    error: dict[str, Any] | None = None
    timed_out: bool = False  # the function's own Timeout
    integration_timed_out: bool = False  # the gateway's integration timeout, before the function's
    duration_ms: float = 0.0
    cold: bool = False
    stack_trace: list[str] | None = None  # a raised error's frames (Lambda's stackTrace), None for other errors


def code_stamp(folder: Path) -> tuple[int, int]:
    """(number of Python files, their latest modification) under ``folder``: what ``--reload`` watches."""
    count, latest = 0, 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
        for name in files:
            if name.endswith(".py"):
                try:
                    latest = max(latest, os.stat(os.path.join(root, name)).st_mtime_ns)
                except OSError:
                    continue
                count += 1
    return count, latest


RELOAD_CHECK = 0.5  # seconds between two looks at a function's code with --reload


class FunctionPool:
    """The workers of one function: at most ``limit`` at once; a request waits for a free one beyond that.

    With ``reload``, a change to the code's Python files (looked at before an invocation, at most every half
    second) retires every worker: idle ones at once, busy ones when they finish; the next request starts fresh.
    """

    def __init__(self, spec: FunctionSpec, limit: int = 4, *, reload: bool = False, interpreters: Interpreters | None = None) -> None:
        self.spec = spec
        self.interpreters = interpreters  # a spare interpreter a new worker takes on, if it fits the function
        self.limit = limit
        self.idle: deque[Worker] = deque()
        self.count = 0
        self.waiters: deque[asyncio.Future[Worker | None]] = deque()
        self.closed = False
        self.all: set[Worker] = set()
        self.reload = reload
        self.stamp = code_stamp(spec.code) if reload else (0, 0)
        self.looked = time.monotonic()
        self.generation = 0  # of the code: a worker of an older one is not reused
        # The function's /tmp (TMPDIR of its workers): made with the first worker, removed by close(), so that what a
        # function leaves in its temporary folder does not outlive the mock.
        self.tmp: str | None = None
        self._remove_tmp: weakref.finalize[Any, Any] | None = None

    def _look_at_code(self) -> None:
        now = time.monotonic()
        if now - self.looked < RELOAD_CHECK:
            return
        self.looked = now
        stamp = code_stamp(self.spec.code)
        if stamp == self.stamp:
            return
        self.stamp = stamp
        self.generation += 1
        print(f"[{self.spec.name}] code changed in {self.spec.code}: its workers restart", file=sys.stderr, flush=True)
        while self.idle:
            self._discard(self.idle.pop())

    async def _acquire(self, deadline: float | None = None) -> tuple[Worker, bool] | None:
        """A worker (and whether it is new), or None when none came free before ``deadline`` (the loop's time)."""
        if self.reload:
            self._look_at_code()
        while self.idle:
            worker = self.idle.pop()  # the most recently used: warmest
            if worker.alive:
                return worker, False
            self._discard(worker)
        if self.count < self.limit:
            self.count += 1
            try:
                if self.tmp is None:
                    self.tmp = tempfile.mkdtemp(prefix=f"sdkgen-{self.spec.name[:40]}-")
                    # Removed by close(), else when the pool is collected or the interpreter exits.
                    self._remove_tmp = weakref.finalize(self, shutil.rmtree, self.tmp, True)
                worker = Worker(self.spec, self.tmp, self.interpreters)
            except BaseException:
                self.count -= 1
                raise
            worker.generation = self.generation
            self.all.add(worker)
            return worker, True
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[Worker | None] = loop.create_future()
        self.waiters.append(waiter)
        try:
            patience = None if deadline is None else max(0.0, deadline - loop.time())
            handed = await asyncio.wait_for(asyncio.shield(waiter), patience)
        except asyncio.TimeoutError:
            if not waiter.done():
                waiter.cancel()  # _release and _discard pass over it
                return None
            handed = waiter.result()  # handed over just as the time ran out: pass it on
            if handed is not None:
                self._release(handed)
            else:
                self._wake_one()
            return None
        if handed is None:  # a worker was discarded: a place to start a new one
            return await self._acquire(deadline)
        return handed, False

    def _wake_one(self) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    def _release(self, worker: Worker) -> None:
        if worker.generation != self.generation:
            self._discard(worker)  # started from code that has changed since
            return
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self.idle.append(worker)

    def _discard(self, worker: Worker) -> None:
        worker.kill()
        self.all.discard(worker)
        self.count -= 1
        self._wake_one()

    async def invoke(self, event: Any, request_id: str, integration_timeout: float | None = None, *, arn: str | None = None) -> Outcome:
        """Run the function on ``event``; a worker that overruns the function's timeout (or the gateway's) is killed.
        ``arn``: the qualified ARN it is invoked by (an alias), for ``context.invoked_function_arn``."""
        started = time.perf_counter()
        loop = asyncio.get_running_loop()
        # Waiting for a free worker (all busy, at the concurrency limit) counts against the integration's timeout.
        acquired = await self._acquire(None if integration_timeout is None else loop.time() + integration_timeout)
        if acquired is None:
            return Outcome(error={"errorType": "Gateway.Timeout", "errorMessage": "no worker came free in time"},
                           integration_timed_out=True, duration_ms=(time.perf_counter() - started) * 1000.0)  # fmt: skip
        worker, cold = acquired
        budget = self.spec.timeout
        # The gateway's integration timeout runs from the request (a wait for a worker, the init phase included).
        gateway_at = None if integration_timeout is None else loop.time() + max(0.001, integration_timeout - (time.perf_counter() - started))
        request = {"id": request_id, "arn": arn or self.spec.invoked_arn, "event": event, "deadline_ms": 0}
        outcome = Outcome(cold=cold)
        gateway_first = False
        try:
            if cold:
                # Lambda's init phase (the handler's imports) has 10 s of its own, apart from the timeout. Past them,
                # Lambda logs the init's timeout and "retries the Init phase at the time of the first function
                # invocation with the configured function timeout" (Lambda Developer Guide, "Understanding the
                # Lambda execution environment lifecycle"): a new worker, whose init counts against the Timeout.
                init_at = loop.time()
                limit = init_at + INIT_TIMEOUT
                gateway_first = gateway_at is not None and gateway_at < limit
                try:
                    await asyncio.wait_for(worker.read_ready(), (gateway_at if gateway_first and gateway_at is not None else limit) - init_at)
                except asyncio.TimeoutError:
                    if gateway_first:
                        raise
                    self._init_report(request_id, loop.time() - init_at, "init")
                    worker = self._replace(worker)
            invoked_at = loop.time()
            function_at = invoked_at + budget
            gateway_first = gateway_at is not None and gateway_at < function_at
            ends_at = gateway_at if gateway_first and gateway_at is not None else function_at
            if cold and worker.ready is None:  # the init retried in the invocation
                try:
                    await asyncio.wait_for(worker.read_ready(), ends_at - invoked_at)
                except asyncio.TimeoutError:
                    if not gateway_first:
                        self._init_report(request_id, loop.time() - invoked_at, "invoke")
                    raise
            now = loop.time()
            request["deadline_ms"] = int(time.time() * 1000 + (function_at - now) * 1000)
            reply = await asyncio.wait_for(worker.acall(request), max(0.0, ends_at - now))
        except asyncio.TimeoutError:
            self._discard(worker)
            outcome.timed_out = not gateway_first
            outcome.integration_timed_out = gateway_first
            # Lambda's own words (its Invoke answer), which a non-proxy integration's selectionPattern is matched against.
            message = f"RequestId: {request_id} Error: Task timed out after {budget:.2f} seconds"
            outcome.error = {"errorType": "Sandbox.Timedout", "errorMessage": message}
        except WorkerGone:
            code = worker.process.poll()
            waited_until = loop.time() + 1.0
            while code is None and loop.time() < waited_until:  # its pipe closed first: the exit status follows
                await asyncio.sleep(0.005)
                code = worker.process.poll()
            self._discard(worker)
            outcome.error = {"errorType": "Runtime.ExitError", "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: exit status {code}"}
        else:
            if reply.get("ok"):
                outcome.result = reply.get("result")
            else:
                outcome.error = {"errorType": reply.get("errorType"), "errorMessage": reply.get("errorMessage")}
                stack = reply.get("stackTrace")
                outcome.stack_trace = [str(line) for line in stack] if isinstance(stack, list) else None
            self._release(worker)
        outcome.duration_ms = (time.perf_counter() - started) * 1000.0
        if cold and self.interpreters is not None:
            self.interpreters.replenish()
        return outcome

    def _init_report(self, request_id: str, seconds: float, phase: str) -> None:
        """Lambda's log line for an init phase that ran out of time (its INIT_REPORT), on the mock's console."""
        print(f"[{self.spec.name} {request_id}] INIT_REPORT Init Duration: {seconds * 1000:.2f} ms\tPhase: {phase}\t"
              "Status: timeout", file=sys.stderr, flush=True)  # fmt: skip

    def _replace(self, worker: Worker) -> Worker:
        """A new worker in the place of ``worker`` (killed: its init ran out of time), for the same invocation."""
        worker.kill()
        self.all.discard(worker)
        try:
            new = Worker(self.spec, self.tmp, self.interpreters)
        except BaseException:
            self.count -= 1
            self._wake_one()
            raise
        new.generation = self.generation
        self.all.add(new)
        return new
    def close(self) -> None:
        self.closed = True
        for worker in list(self.all):
            worker.kill()
        self.all.clear()
        self.idle.clear()
        self.count = 0
        if self._remove_tmp is not None:
            self._remove_tmp()
            self._remove_tmp = None
            self.tmp = None
