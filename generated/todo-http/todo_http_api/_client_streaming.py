"""``ClientWithStreamingResponse``: the operations of ``Client``, their responses streamed."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._streaming import StreamedResponse
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._client import Client
    from ._types import FileContent
    from .types.new_todo import NewTodo
    from .types.todo import Todo
    from .types.todo_patch import TodoPatch

__all__ = ["ClientWithStreamingResponse"]


class ClientWithStreamingResponse:
    """Operations of ``Client`` whose response is read only when asked: ``with`` one."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get_todos(
        self,
    ) -> StreamedResponse[list[Todo]]:
        """GET /todos (streamed response)."""
        return self._client._streamed(_operations.get_todos())

    def post_todos(
        self,
        *,
        body: NewTodo | dict[str, _t.Any],
    ) -> StreamedResponse[Todo]:
        """POST /todos (streamed response)."""
        return self._client._streamed(_operations.post_todos(body=body))

    def get_todos_by_id(
        self,
        id: str,
    ) -> StreamedResponse[Todo]:
        """GET /todos/{id} (streamed response)."""
        return self._client._streamed(_operations.get_todos_by_id(id))

    def patch_todos_by_id(
        self,
        id: str,
        *,
        body: TodoPatch | dict[str, _t.Any] | None = None,
    ) -> StreamedResponse[Todo]:
        """PATCH /todos/{id} (streamed response)."""
        return self._client._streamed(_operations.patch_todos_by_id(id, body=body))

    def delete_todos_by_id(
        self,
        id: str,
    ) -> StreamedResponse[_t.Any]:
        """DELETE /todos/{id} (streamed response)."""
        return self._client._streamed(_operations.delete_todos_by_id(id))
