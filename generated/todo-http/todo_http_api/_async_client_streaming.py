"""``AsyncClientWithStreamingResponse``: the operations of ``AsyncClient``, their responses streamed."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._streaming import AsyncStreamedResponse
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._async_client import AsyncClient
    from ._types import FileContent
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
    ) -> AsyncStreamedResponse[list[Todo]]:
        """GET /todos (streamed response)."""
        return self._client._streamed(_operations.get_todos())

    def post_todos(
        self,
        *,
        body: NewTodo | dict[str, _t.Any],
    ) -> AsyncStreamedResponse[Todo]:
        """POST /todos (streamed response)."""
        return self._client._streamed(_operations.post_todos(body=body))

    def get_todos_by_id(
        self,
        id: str,
    ) -> AsyncStreamedResponse[Todo]:
        """GET /todos/{id} (streamed response)."""
        return self._client._streamed(_operations.get_todos_by_id(id))

    def patch_todos_by_id(
        self,
        id: str,
        *,
        body: TodoPatch | dict[str, _t.Any] | None = None,
    ) -> AsyncStreamedResponse[Todo]:
        """PATCH /todos/{id} (streamed response)."""
        return self._client._streamed(_operations.patch_todos_by_id(id, body=body))

    def delete_todos_by_id(
        self,
        id: str,
    ) -> AsyncStreamedResponse[_t.Any]:
        """DELETE /todos/{id} (streamed response)."""
        return self._client._streamed(_operations.delete_todos_by_id(id))
