"""Request builders: one function per operation, shared by the sync and async clients."""

from __future__ import annotations

import typing as _t

from . import _models as _m
from ._auth import SecurityScheme
from ._base_client import RequestOptions
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._types import BinaryContent, FileContent
    from .types.new_todo import NewTodo
    from .types.todo import Todo
    from .types.todo_patch import TodoPatch

SECURITY_SCHEMES: dict[str, SecurityScheme] = {
    "TodoJwt": SecurityScheme(
        name="TodoJwt",
        kind="bearer",
        location="header",
        param_name="Authorization",
        credential="token",
    ),
    "TodoJwt:access": SecurityScheme(
        name="TodoJwt",
        kind="bearer",
        location="header",
        param_name="Authorization",
        credential="access_token",
    ),
}


def get_todos() -> RequestOptions[list[Todo]]:
    from .types.todo import Todo

    return RequestOptions(
        method="GET",
        path="/todos",
        parse={
            "200": _m.json_parser(
                lambda _x0: _m.parse_list(_x0, Todo.from_dict), "list[Todo]"
            ),
        },
        security=(("TodoJwt:access",),),
    )


def post_todos(
    *,
    body: NewTodo | dict[str, _t.Any],
) -> RequestOptions[Todo]:
    from .types.new_todo import NewTodo
    from .types.todo import Todo

    return RequestOptions(
        method="POST",
        path="/todos",
        parse={"201": _m.json_parser(Todo.from_dict, "Todo")},
        json_body=_m.to_json_value(body),
        security=(("TodoJwt:access",),),
    )


def get_todos_by_id(
    id: str,
) -> RequestOptions[Todo]:
    from .types.todo import Todo

    return RequestOptions(
        method="GET",
        path="/todos/{id}",
        parse={"200": _m.json_parser(Todo.from_dict, "Todo")},
        path_params={"id": id},
        security=(("TodoJwt:access",),),
    )


def patch_todos_by_id(
    id: str,
    *,
    body: TodoPatch | dict[str, _t.Any] | None = None,
) -> RequestOptions[Todo]:
    from .types.todo import Todo
    from .types.todo_patch import TodoPatch

    return RequestOptions(
        method="PATCH",
        path="/todos/{id}",
        parse={"200": _m.json_parser(Todo.from_dict, "Todo")},
        path_params={"id": id},
        json_body=UNSET if body is None else _m.to_json_value(body),
        security=(("TodoJwt:access",),),
    )


def delete_todos_by_id(
    id: str,
) -> RequestOptions[_t.Any]:
    return RequestOptions(
        method="DELETE",
        path="/todos/{id}",
        parse={"default": _m.parse_json},
        path_params={"id": id},
        security=(("TodoJwt:access",),),
    )
