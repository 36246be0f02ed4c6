"""specs/lambda-app: a SAM application whose Python functions run behind the mock; its generated client calls every
route over a real socket (uvicorn on 127.0.0.1), the error paths included."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from sdkgen.cli import main
from sdkgen.mock import create_app
from sdkgen.mock.server import ServerThread

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATE = ROOT / "specs" / "lambda-app" / "todos.yaml"
SECRET = "lambda-app-secret-0123456789abcdef"


@pytest.fixture(scope="module")
def todos_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("lambda-app")
    result = CliRunner().invoke(main, ["generate", str(TEMPLATE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (package,) = [p.parent.name for p in out.glob("*/_client.py")]
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]


def test_the_generated_client_calls_every_route_of_the_sam_app(
    todos_package: Any, mock_gateway: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TODOS_FILE", raising=False)  # the store in the function's own temporary folder
    gw = mock_gateway(str(TEMPLATE), {"authorizers": {"Users": {"hs256_secret": SECRET}}})
    todos = todos_package
    key = gw.api_keys["TodoApiApiKey"]  # the template's usage plan meters every route
    client = todos.Client(base_url=gw.url, max_retries=0, api_key=key, token=gw.token(claims={"email": "ann@example.com"}),
                          tenant_auth="acme")  # fmt: skip
    with pytest.raises(todos.PermissionDeniedError):
        todos.Client(base_url=gw.url, max_retries=0).list_todos()  # no key: 403

    assert client.list_todos().items == []
    made = client.create_todo(body={"title": "write the tests"})
    assert made.title == "write the tests" and made.done is False and made.id
    assert client.get_todo(made.id).title == "write the tests"
    updated = client.update_todo(made.id, body={"title": "write the tests", "done": True})
    assert updated.done is True
    other = client.create_todo(body={"title": "review"})
    assert [t.id for t in client.list_todos(done=True).items] == [made.id]
    assert {t.id for t in client.list_todos().items} == {made.id, other.id}
    client.delete_todo(made.id)
    with pytest.raises(todos.NotFoundError):
        client.get_todo(made.id)

    me = client.who_am_i()
    assert (me.sub, me.email, me.function) == ("sdkgen-test-user", "ann@example.com", "todos-MeFunction")
    anonymous = todos.Client(base_url=gw.url, max_retries=0, api_key=key)
    with pytest.raises(todos.AuthenticationError):
        anonymous.who_am_i()  # the Cognito authorizer refuses before any function runs

    tenant = client.get_tenant()  # the Lambda REQUEST authorizer (AuthFunction) ran, its context reached the function
    assert (tenant.tenant, tenant.principal) == ("acme", "tenant-acme")
    blocked = todos.Client(base_url=gw.url, max_retries=0, api_key=key, tenant_auth="blocked")
    with pytest.raises(todos.PermissionDeniedError) as denied:
        blocked.get_tenant()
    assert denied.value.body == {"Message": "User is not authorized to access this resource with an explicit deny"}
    with pytest.raises(todos.AuthenticationError):
        anonymous.get_tenant()  # no X-Tenant: 401 without invoking the authorizer

    with pytest.raises(todos.InternalServerError) as failed:
        client.fail()
    assert failed.value.status_code == 502 and failed.value.body == {"message": "Internal server error"}
    with pytest.raises(todos.InternalServerError) as slow:
        client.slow()
    assert slow.value.status_code == 502  # SlowFunction's Timeout is 1 s; it sleeps 3

    estimate = client.estimate_todo(body={"title": "write the tests"})  # the non-proxy route's mapping templates
    assert (estimate.title, estimate.minutes, estimate.stage) == ("write the tests", 45, "dev")
    assert gw.invocations[-1].event == {"title": "write the tests", "stage": "dev"}  # what the request template made
    with pytest.raises(todos.BadRequestError) as refused:
        client.estimate_todo(body={"title": " "})  # the function raises; its selectionPattern makes it a 400
    assert refused.value.body == {"message": "[BadRequest] a to-do needs a title to estimate"}

    by_function = {i.function for i in gw.invocations}
    assert by_function == {"todos-TodosFunction", "todos-MeFunction", "todos-FailFunction", "todos-SlowFunction",
                           "todos-AuthFunction", "todos-TenantFunction", "todos-EstimateFunction"}  # fmt: skip
    assert len([i for i in gw.invocations if i.function == "todos-AuthFunction"]) == 2  # acme, blocked
    fail = next(i for i in gw.invocations if i.function == "todos-FailFunction")
    assert fail.error == {"errorType": "RuntimeError", "errorMessage": "the database is on fire"}
    slowed = next(i for i in gw.invocations if i.function == "todos-SlowFunction")
    assert slowed.error["errorType"] == "Sandbox.Timedout"
    create = next(i for i in gw.invocations if i.event.get("httpMethod") == "POST")
    assert create.event["requestContext"]["stage"] == "dev" and create.event["resource"] == "/todos"
    store = Path(gw.app.functions.pools["todos-TodosFunction"].tmp) / "todos.json"
    assert store.is_file() and str(tmp_path) not in str(store)  # Lambda's /tmp for the function, not a shared folder


def test_the_apps_store_goes_with_the_mock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The to-do store lives in the function's temporary folder, which stopping the mock removes: runs leave no file."""
    from sdkgen.sources import TemplateOptions
    from sdkgen.testing import _template

    monkeypatch.delenv("TODOS_FILE", raising=False)
    api, config = _template(TEMPLATE, None, TemplateOptions(), strict=True)
    app = create_app(api, config)
    try:
        with ServerThread(app) as url, httpx.Client(base_url=url + "/dev", timeout=30) as client:
            key = app.config.api_keys[0].value
            assert client.post("/todos", json={"title": "t"}, headers={"x-api-key": key}).status_code == 201
            folder = Path(app.functions.pools["todos-TodosFunction"].tmp)
            assert (folder / "todos.json").is_file()
    finally:
        app.functions.close()
    assert not folder.exists()
