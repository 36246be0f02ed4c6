"""``AsyncClientWithRawResponse``: the operations of ``AsyncClient``, returning the raw response."""

from __future__ import annotations

import typing as _t

from . import _operations
from ._response import APIResponse
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

__all__ = ["AsyncClientWithRawResponse"]


class AsyncClientWithRawResponse:
    """Operations of ``AsyncClient`` that return an ``APIResponse`` instead of the parsed body."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def get_todos(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[list[Todo]]:
        """GET /todos (raw response)."""
        return await self._client._call_raw(
            _operations.get_todos(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def post_todos(
        self,
        *,
        body: NewTodo | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Todo]:
        """POST /todos (raw response)."""
        return await self._client._call_raw(
            _operations.post_todos(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def get_todos_by_id(
        self,
        id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Todo]:
        """GET /todos/{id} (raw response)."""
        return await self._client._call_raw(
            _operations.get_todos_by_id(id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def patch_todos_by_id(
        self,
        id: str,
        *,
        body: TodoPatch | dict[str, _t.Any] | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[Todo]:
        """PATCH /todos/{id} (raw response)."""
        return await self._client._call_raw(
            _operations.patch_todos_by_id(id, body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    async def delete_todos_by_id(
        self,
        id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> APIResponse[_t.Any]:
        """DELETE /todos/{id} (raw response)."""
        return await self._client._call_raw(
            _operations.delete_todos_by_id(id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
