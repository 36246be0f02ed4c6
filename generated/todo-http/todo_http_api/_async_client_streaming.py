"""``AsyncClientWithStreamingResponse``: the operations of ``AsyncClient``, their responses streamed."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._streaming import AsyncStreamedResponse
from ._types import NOT_GIVEN, UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    import httpx

    from ._async_client import AsyncClient
    from ._types import BinaryContent, FileContent, NotGiven
    from .types.new_todo import NewTodo
    from .types.todo import Todo
    from .types.todo_patch import TodoPatch

__all__ = ["AsyncClientWithStreamingResponse"]


class AsyncClientWithStreamingResponse:
    """Operations of ``AsyncClient`` whose response is read only when asked: ``async with`` one."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    def get_todos(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[list[Todo]]:
        """GET /todos (streamed response)."""
        return self._client._streamed(
            _operations.get_todos(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def post_todos(
        self,
        *,
        body: NewTodo | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[Todo]:
        """POST /todos (streamed response)."""
        return self._client._streamed(
            _operations.post_todos(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_todos_by_id(
        self,
        id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[Todo]:
        """GET /todos/{id} (streamed response)."""
        return self._client._streamed(
            _operations.get_todos_by_id(id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def patch_todos_by_id(
        self,
        id: str,
        *,
        body: TodoPatch | dict[str, _t.Any] | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[Todo]:
        """PATCH /todos/{id} (streamed response)."""
        return self._client._streamed(
            _operations.patch_todos_by_id(id, body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def delete_todos_by_id(
        self,
        id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> AsyncStreamedResponse[_t.Any]:
        """DELETE /todos/{id} (streamed response)."""
        return self._client._streamed(
            _operations.delete_todos_by_id(id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
