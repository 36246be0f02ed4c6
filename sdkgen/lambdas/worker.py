"""The process one function runs in, as Lambda's Python runtime runs it: imports the handler once, then answers one
event at a time.

It is started as ``python -c <this file's text> READ_FD WRITE_FD`` (not ``-m``): nothing of sdkgen is imported.
Messages are length-prefixed JSON over the two pipes; stdout and stderr stay the mock's console, each line a
function prints prefixed with the function's name and the request id.

An interpreter may be started before any function needs it (``pool.Interpreters``): it says it has booted, then
waits for the function it is to become (its environment and code folder, LAMBDA_TASK_ROOT, which goes first on
``sys.path`` as on Lambda), and only then imports the handler. Its own imports are few and cheap (no ``typing``;
``traceback`` only for an error): a cold start is the interpreter's start, the handler's imports and the first event.
"""

from __future__ import annotations

import sys

if sys.path and sys.path[0] == "":  # -c puts the starting folder first; the function's code folder goes there later
    del sys.path[0]

import json  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: typing costs a few milliseconds of every cold start
    from typing import Any, TextIO


class _Context:
    """The context object Lambda passes to a Python handler."""

    def __init__(self, request_id: str, arn: str, deadline_ms: int) -> None:
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.invoked_function_arn = arn
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.identity = None
        self.client_context = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self._deadline_ms - int(time.time() * 1000))


class _Prefixed:
    """A text stream that writes each line with ``[function request-id]`` before it (the request being answered)."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self.stream = stream
        self.name = name
        self.request_id = "init"
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        if "\n" in self.pending:
            *lines, self.pending = self.pending.split("\n")
            self.stream.write("".join(f"[{self.name} {self.request_id}] {line}\n" for line in lines))
            self.stream.flush()
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.write("\n")
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return self.stream.encoding


def _read(fd: int) -> Any:
    head = _read_exactly(fd, 4)
    if head is None:
        return None
    body = _read_exactly(fd, int.from_bytes(head, "big"))
    return json.loads(body) if body is not None else None


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = os.read(fd, size)
        if not chunk:
            return None  # the mock has gone: so does the worker
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _write(fd: int, message: Any) -> None:
    data = json.dumps(message, separators=(",", ":")).encode()
    data = len(data).to_bytes(4, "big") + data
    while data:
        data = data[os.write(fd, data) :]


def _error(exc: BaseException, error_type: str | None = None) -> dict[str, Any]:
    """Lambda's error payload; the traceback is printed to the console here, and never goes back to a client."""
    import traceback  # only when something failed

    tb = exc.__traceback__.tb_next if exc.__traceback__ is not None else None  # from the handler's frame on
    print(f"[ERROR] {error_type or type(exc).__name__}: {exc}")
    traceback.print_exception(type(exc), exc, tb)
    sys.stderr.flush()
    # As the Python runtime reports it: the frames from the handler's on, one formatted string each.
    stack = traceback.format_list(traceback.extract_tb(tb)) if tb is not None else []
    return {"ok": False, "errorType": error_type or type(exc).__name__, "errorMessage": str(exc), "stackTrace": stack}


def _load(handler_name: str) -> Any:
    module_name, _, attribute = handler_name.rpartition(".")
    __import__(module_name)
    return getattr(sys.modules[module_name], attribute)


def _become(setup: dict[str, Any]) -> None:
    """Take on the function: its environment (os.environ as Lambda's runtime sets it), its code folder as the working
    directory and first on sys.path, PYTHONPATH's folders after it, its time zone."""
    env = setup["env"]
    os.environ.clear()
    os.environ.update(env)
    os.chdir(setup["cwd"])
    extra = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p not in sys.path]
    sys.path[:0] = [setup["cwd"], *extra]
    sys.dont_write_bytecode = sys.dont_write_bytecode or bool(env.get("PYTHONDONTWRITEBYTECODE"))
    time.tzset()


def _receive_setup(fd: int) -> Any:
    """The function to become, and the mock's standard output and error of the moment (SCM_RIGHTS over the Unix
    socket ``fd``), which become this process's: what the function prints goes where the mock's output goes now."""
    import _socket  # the C module: socket.py's imports would cost milliseconds

    sock = _socket.socket(fileno=fd)
    try:
        data, ancillary, _, _ = sock.recvmsg(65536, _socket.CMSG_SPACE(8))
    finally:
        sock.detach()
    if not data:
        return None  # the mock has gone before this interpreter was needed
    for level, kind, fds in ancillary:
        if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS and len(fds) >= 8:
            out, err = int.from_bytes(fds[0:4], sys.byteorder), int.from_bytes(fds[4:8], sys.byteorder)
            os.dup2(out, 1)
            os.dup2(err, 2)
            os.close(out)
            os.close(err)
    head = data[:4] + (_read_exactly(fd, 4 - len(data)) or b"") if len(data) < 4 else data[:4]
    size = int.from_bytes(head, "big")
    body = data[4:]
    rest = _read_exactly(fd, size - len(body)) if len(body) < size else b""
    if rest is None or len(head) < 4:
        return None
    return json.loads(body + rest)


def main() -> None:
    read_fd, write_fd = int(sys.argv[1]), int(sys.argv[2])
    _write(write_fd, {"booted": True})
    setup = _receive_setup(read_fd)
    if setup is None:
        return  # the mock has gone before this interpreter was needed
    _become(setup)
    name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "function")
    out, err = _Prefixed(sys.stdout, name), _Prefixed(sys.stderr, name)
    sys.stdout, sys.stderr = out, err
    try:
        handler = _load(os.environ.get("_HANDLER", ""))
        init: dict[str, Any] = {"ok": True}
    except Exception as exc:  # noqa: BLE001 - reported as Lambda reports a failed init, on every invocation
        init = _error(exc, "Runtime.ImportModuleError" if isinstance(exc, ImportError) else "Runtime.HandlerNotFound" if isinstance(exc, AttributeError) else None)
        handler = None
    _write(write_fd, init)
    while True:
        request = _read(read_fd)
        if request is None:
            return
        out.request_id = err.request_id = request["id"]
        if handler is None:
            _write(write_fd, {k: v for k, v in init.items()})
            continue
        context = _Context(request["id"], request["arn"], request["deadline_ms"])
        try:
            result = handler(request["event"], context)
            try:
                reply: dict[str, Any] = {"ok": True, "result": result}
                out.flush()
                err.flush()
                _write(write_fd, reply)
                continue
            except (TypeError, ValueError) as exc:  # not JSON: Lambda cannot serialise it either
                reply = _error(exc, "Runtime.MarshalError")
        except Exception as exc:  # noqa: BLE001 - the function's own error: Lambda reports it, the worker lives on
            reply = _error(exc)
        out.flush()
        err.flush()
        _write(write_fd, reply)


if __name__ == "__main__":
    main()
