"""The process one function runs in, as Lambda's Python runtime runs it: imports the handler once, then answers one
event at a time.

It is started as ``python -c <this file's text> READ_FD WRITE_FD`` (not ``-m``): nothing of sdkgen is imported, and
the working directory (the function's code, LAMBDA_TASK_ROOT) is first on ``sys.path``, as on Lambda. Messages are
length-prefixed JSON over the two pipes; stdout and stderr stay the mock's console, each line a function prints
prefixed with the function's name and the request id.
"""

from __future__ import annotations

import importlib
import json
import os
import struct
import sys
import time
import traceback
from typing import Any, TextIO

_LENGTH = struct.Struct(">I")


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
    head = _read_exactly(fd, _LENGTH.size)
    if head is None:
        return None
    body = _read_exactly(fd, _LENGTH.unpack(head)[0])
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
    data = _LENGTH.pack(len(data)) + data
    while data:
        data = data[os.write(fd, data) :]


def _error(exc: BaseException, error_type: str | None = None) -> dict[str, Any]:
    """Lambda's error payload; the traceback is printed to the console here, and never goes back to a client."""
    tb = exc.__traceback__.tb_next if exc.__traceback__ is not None else None  # from the handler's frame on
    print(f"[ERROR] {error_type or type(exc).__name__}: {exc}")
    traceback.print_exception(type(exc), exc, tb)
    sys.stderr.flush()
    # As the Python runtime reports it: the frames from the handler's on, one formatted string each.
    stack = traceback.format_list(traceback.extract_tb(tb)) if tb is not None else []
    return {"ok": False, "errorType": error_type or type(exc).__name__, "errorMessage": str(exc), "stackTrace": stack}


def _load(handler_name: str) -> Any:
    module_name, _, attribute = handler_name.rpartition(".")
    module = importlib.import_module(module_name)
    return getattr(module, attribute)


def main() -> None:
    read_fd, write_fd = int(sys.argv[1]), int(sys.argv[2])
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
