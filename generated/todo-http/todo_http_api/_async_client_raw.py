"""``AsyncClientWithRawResponse``: the operations of ``AsyncClient``, returning the raw response."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._response import APIResponse
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._async_client import AsyncClient
    from ._types import FileContent
    from .types.new_todo import NewTodo
    from .types.todo import Todo
    from .types.todo_patch import TodoPatch

__all__ = ["AsyncClientWithRawResponse"]


class AsyncClientWithRawResponse:
    """Operations of ``AsyncClient`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def get_todos(
        self,
    ) -> APIResponse[list[Todo]]:
        """GET /todos (raw response)."""
        return await self._client._call_raw(_operations.get_todos())

    async def post_todos(
        self,
        *,
        body: NewTodo | dict[str, _t.Any],
    ) -> APIResponse[Todo]:
        """POST /todos (raw response)."""
        return await self._client._call_raw(_operations.post_todos(body=body))

    async def get_todos_by_id(
        self,
        id: str,
    ) -> APIResponse[Todo]:
        """GET /todos/{id} (raw response)."""
        return await self._client._call_raw(_operations.get_todos_by_id(id))

    async def patch_todos_by_id(
        self,
        id: str,
        *,
        body: TodoPatch | dict[str, _t.Any] | None = None,
    ) -> APIResponse[Todo]:
        """PATCH /todos/{id} (raw response)."""
        return await self._client._call_raw(
            _operations.patch_todos_by_id(id, body=body)
        )

    async def delete_todos_by_id(
        self,
        id: str,
    ) -> APIResponse[_t.Any]:
        """DELETE /todos/{id} (raw response)."""
        return await self._client._call_raw(_operations.delete_todos_by_id(id))
