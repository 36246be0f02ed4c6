"""A function run in a forked child while the caller goes on; only its result comes back, pickled.

Forked, the child already holds everything the function reads (a parsed definition, a plan): nothing
is sent to it. Where fork is not available the function runs at once, in this process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class ForkedError(Exception):
    """The function raised in the child; the message names the exception (an OSError is raised as it is)."""


class Forked(Generic[T]):
    """``function()`` in a child process; ``result()`` waits for it.

    A ``daemon`` child is stopped if this process exits first (it may not start processes of its own).
    If the child dies without answering (killed, out of memory), ``result()`` runs the function here.
    """

    def __init__(self, function: Callable[[], T], *, daemon: bool) -> None:
        self._function = function
        self._answer: tuple[bool, Any] | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._answer = (True, function())
            return
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(target=_answer, args=(function, writer), daemon=daemon)
        self._process.start()
        writer.close()

    def result(self) -> T:
        if self._answer is None:
            try:
                self._answer = self._reader.recv()
            except EOFError:
                self._answer = (True, self._function())
            finally:
                self._reader.close()
                self._process.join()
        ok, value = self._answer
        if not ok:
            raise value if isinstance(value, OSError) else ForkedError(value)
        return value

    def cancel(self) -> None:
        """Stop the child if it has not answered: its answer is no longer wanted (and, unread, a large
        one would block it in the pipe for ever)."""
        if self._answer is None:
            self._process.terminate()
            self._process.join()
            self._reader.close()
            self._answer = (False, "cancelled")


def _answer(function: Callable[[], Any], writer: Connection) -> None:
    try:
        answer: tuple[bool, Any] = (True, function())
    except OSError as exc:
        answer = (False, exc)  # raised again as it is in the parent, whose caller knows what to say about it
    except BaseException as exc:  # noqa: BLE001 - whatever it is, the parent reports it
        answer = (False, f"{type(exc).__name__}: {exc}")
    writer.send(answer)
    writer.close()
