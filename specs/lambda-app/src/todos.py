"""CRUD on to-dos, kept in a JSON file that every worker process of the function shares.

The file is ``$TODOS_FILE`` when set (the mock's environment reaches its workers), else ``todos.json`` in the
function's temporary folder: Lambda's ``/tmp``, which the mock gives each function (``TMPDIR``) and removes when it
stops, so that nothing is left behind.
"""

import fcntl
import json
import os
import tempfile
import uuid
from contextlib import contextmanager

STORE = os.environ.get("TODOS_FILE") or os.path.join(tempfile.gettempdir(), "todos.json")


@contextmanager
def store():
    """The to-dos, locked for the time of one request; what the block leaves in the dict is written back."""
    with open(STORE, "a+", encoding="utf-8") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        file.seek(0)
        text = file.read()
        todos = json.loads(text) if text else {}
        before = dict(todos)
        yield todos
        if todos != before:
            file.seek(0)
            file.truncate()
            json.dump(todos, file)


def reply(status, body=None):
    return {"statusCode": status, "headers": {"Content-Type": "application/json"},
            "body": json.dumps(body) if body is not None else ""}


def _new_todo(event):
    try:
        data = json.loads(event.get("body") or "")
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        return None
    return {"title": data["title"], "done": bool(data.get("done", False))}


def handler(event, context):
    method, resource = event["httpMethod"], event["resource"]
    todo_id = (event.get("pathParameters") or {}).get("todoId")
    print(f"{method} {resource} {todo_id or ''}".strip())
    with store() as todos:
        if resource == "/todos" and method == "GET":
            items = list(todos.values())
            done = (event.get("queryStringParameters") or {}).get("done")
            if done is not None:
                items = [t for t in items if t["done"] == (done == "true")]
            return reply(200, {"items": items})
        if resource == "/todos" and method == "POST":
            todo = _new_todo(event)
            if todo is None:
                return reply(400, {"message": "a to-do needs a title"})
            todo["id"] = uuid.uuid4().hex[:12]
            todos[todo["id"]] = todo
            return reply(201, todo)
        if todo_id not in todos:
            return reply(404, {"message": f"no to-do {todo_id}"})
        if method == "GET":
            return reply(200, todos[todo_id])
        if method == "PUT":
            todo = _new_todo(event)
            if todo is None:
                return reply(400, {"message": "a to-do needs a title"})
            todos[todo_id] = {**todo, "id": todo_id}
            return reply(200, todos[todo_id])
        if method == "DELETE":
            del todos[todo_id]
            return {"statusCode": 204}
    return reply(405, {"message": "method not allowed"})
