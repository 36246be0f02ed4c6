"""The parser: definitions as API Gateway exports them -> the intermediate model."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdkgen.diagnostics import SpecError
from sdkgen.parse import load_api

REAL_EXPORTS = Path(__file__).resolve().parent / "fixtures" / "real-exports"

HEADER = """
openapi: 3.0.1
info: {title: Test API, version: "1"}
"""


def test_http_api_undeclared_path_parameter_is_inferred_with_warning(write_spec) -> None:
    spec = write_spec(
        HEADER
        + """
servers:
  - url: https://abc.execute-api.us-east-1.amazonaws.com/{basePath}
    variables: {basePath: {default: ""}}
paths:
  /todos/{id}:
    get:
      responses: {default: {description: ok}}
"""
    )
    parsed = load_api(spec)
    (op,) = parsed.api.operations
    (param,) = op.parameters
    assert (param.name, param.location, param.required, param.inferred) == ("id", "path", True, True)
    assert op.py_name == "get_todos_by_id"
    assert any("'id' is not declared" in w.message and w.line == 10 for w in parsed.warnings), parsed.warnings
    assert parsed.api.servers == ["https://abc.execute-api.us-east-1.amazonaws.com"]


@pytest.mark.parametrize(
    ("template", "default", "expected"),
    [
        ("https://h.example/{basePath}", "/prod", "https://h.example/prod"),
        ("https://h.example/{basePath}", "prod", "https://h.example/prod"),
        ("https://h.example/{basePath}", "", "https://h.example"),
        ("https://h.example{basePath}", "prod", "https://h.example/prod"),
        ("https://h.example{basePath}", "/prod/", "https://h.example/prod"),
    ],
)
def test_stage_base_path_joins_with_one_slash(write_spec, template: str, default: str, expected: str) -> None:
    spec = write_spec(HEADER + f"servers: [{{url: '{template}', variables: {{basePath: {{default: '{default}'}}}}}}]\npaths: {{}}\n")
    api = load_api(spec).api
    assert api.servers == [expected]
    assert api.stage == default.strip("/")


def test_real_exports_parse() -> None:
    petstore = load_api(REAL_EXPORTS / "petstore.oas30.apigateway.json").api
    assert petstore.servers == ["https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/local"]
    assert {(o.method, o.path) for o in petstore.operations} >= {("GET", "/pets"), ("GET", "/pets/{petId}")}
    photos = load_api(REAL_EXPORTS / "ai-photo-search.swagger.yaml").api
    search = next(o for o in photos.operations if o.path == "/search" and o.method == "GET")
    assert search.security == [{"api_key": []}]
    assert photos.security_schemes["api_key"].param_name == "x-api-key"


def test_security_schemes_as_api_gateway_exports_them(write_spec) -> None:
    spec = write_spec(
        HEADER
        + """
paths:
  /a:
    get:
      security: [{api_key: []}, {Cognito: [shop/read]}]
      responses: {"200": {description: ok}}
  /b:
    x-amazon-apigateway-any-method:
      security: []
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    api_key: {type: apiKey, name: x-api-key, in: header}
    Cognito:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
    Lambda:
      type: apiKey
      name: X-Token
      in: header
      x-amazon-apigateway-authtype: my custom thing
      x-amazon-apigateway-authorizer: {type: request, identitySource: "method.request.header.X-Token, method.request.querystring.t"}
    Iam: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
    Jwt:
      type: oauth2
      flows: {}
      x-amazon-apigateway-authorizer:
        type: jwt
        identitySource: $request.header.Authorization
        jwtConfiguration: {issuer: "https://issuer.example", audience: [aud-1]}
    Bearer: {type: http, scheme: bearer}
"""
    )
    api = load_api(spec).api
    schemes = api.security_schemes
    assert (schemes["api_key"].kind, schemes["api_key"].param_name) == ("api_key", "x-api-key")
    assert (schemes["Cognito"].kind, schemes["Cognito"].authorizer) == ("raw_token", "cognito")
    lam = schemes["Lambda"]
    assert (lam.kind, lam.credential, lam.param_name, lam.authorizer) == ("lambda", "lambda_", "X-Token", "lambda_request")
    assert lam.identity_sources == ("header:X-Token", "query:t")
    assert schemes["Iam"].kind == "sigv4"
    assert (schemes["Jwt"].kind, schemes["Jwt"].issuer, schemes["Jwt"].audience) == ("bearer", "https://issuer.example", ("aud-1",))
    assert schemes["Bearer"].kind == "bearer"
    a, b = api.operations
    # API Gateway's import semantics (the definition has its extensions): the key AND the authorizer.
    assert a.security == [{"Cognito": ["shop/read"], "api_key": []}]
    assert (b.method, b.security) == ("ANY", [])


def test_schemas_all_of_one_of_enums_recursion_and_external_refs(tmp_path: Path) -> None:
    (tmp_path / "common.yaml").write_text(
        "components:\n  schemas:\n    Money: {type: object, required: [amount], properties: {amount: {type: number}}}\n"
    )
    (tmp_path / "api.yaml").write_text(
        HEADER
        + """
paths:
  /things:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Base: {type: object, required: [id], properties: {id: {type: string, format: uuid}}}
    Thing:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            price: {$ref: 'common.yaml#/components/schemas/Money'}
            status: {type: string, enum: [on, off, null], nullable: true}
            pet: {$ref: '#/components/schemas/Pet'}
            children: {type: array, items: {$ref: '#/components/schemas/Thing'}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat', dog: Dog}}
    Cat: {type: object, properties: {kind: {type: string}, lives: {type: integer}}}
    Dog: {type: object, properties: {kind: {type: string}, good: {type: boolean}}}
"""
    )
    api = load_api(tmp_path / "api.yaml").api
    thing = next(s for s in api.schemas if s.name == "Thing")
    assert [p.name for p in thing.properties] == ["id", "price", "status", "pet", "children"]
    assert thing.required == ["id"]
    assert thing.property("id").schema.format == "uuid"  # type: ignore[union-attr]
    status = thing.property("status").schema  # type: ignore[union-attr]
    assert status.enum == ["on", "off"] and status.nullable and status.class_name == "ThingStatus"
    assert thing.property("children").schema.items is thing  # type: ignore[union-attr]
    pet = thing.property("pet").schema  # type: ignore[union-attr]
    assert pet.type == "union" and set(pet.discriminator.mapping) == {"cat", "dog"}  # type: ignore[union-attr]
    money = thing.property("price").schema  # type: ignore[union-attr]
    assert money.class_name == "Money" and money.required == ["amount"]
    assert {s.class_name for s in api.schemas} == {"Base", "Thing", "Cat", "Dog", "Money", "ThingStatus"}


def test_swagger2_form_data_and_greedy_path(write_spec) -> None:
    spec = write_spec(
        """
swagger: "2.0"
info: {title: Notes, version: "1"}
host: abc.execute-api.eu-west-1.amazonaws.com
basePath: /dev
schemes: [https]
paths:
  /notes/{noteId}/attachments:
    post:
      consumes: [multipart/form-data]
      parameters:
        - {name: noteId, in: path, required: true, type: string}
        - {name: file, in: formData, required: true, type: file}
        - {name: caption, in: formData, type: string}
      responses: {"201": {description: created}}
  /files/{proxy+}:
    get:
      produces: [application/octet-stream]
      parameters: [{name: proxy, in: path, required: true, type: string}]
      responses: {"200": {description: ok, schema: {type: string, format: binary}}}
"""
    )
    api = load_api(spec).api
    assert api.servers == ["https://abc.execute-api.eu-west-1.amazonaws.com/dev"] and api.stage == "dev"
    upload, files = api.operations
    assert upload.body is not None and upload.body.kind == "multipart"
    assert upload.body.schema is not None and upload.body.schema.property("file").schema.format == "binary"  # type: ignore[union-attr]
    assert files.parameters[0].greedy and files.py_name == "get_files_by_proxy"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("openapi: 3.0.1\ninfo: {title: x\n", "invalid YAML", 3),
        ('{"openapi": "3.0.1",\n "info": }', "invalid JSON", 2),
        ("hello: world\n", "not an OpenAPI definition", None),
        ("", "the file is empty", None),
        ("openapi: 9.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n", "unsupported OpenAPI version", 1),
    ],
)
def test_unusable_input_is_a_located_error(write_spec, text: str, message: str, line: int | None) -> None:
    spec = write_spec(text)
    with pytest.raises(SpecError) as excinfo:
        load_api(spec)
    (diagnostic,) = excinfo.value.diagnostics[:1]
    assert message in diagnostic.message
    assert diagnostic.file == str(spec.resolve())
    if line is not None:
        assert diagnostic.line == line


def test_missing_ref_is_located(write_spec) -> None:
    spec = write_spec(
        HEADER
        + """paths:
  /x:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}
"""
    )
    with pytest.raises(SpecError) as excinfo:
        load_api(spec, strict=False)
    diagnostic = excinfo.value.diagnostics[0]
    assert "Nope" in diagnostic.message and diagnostic.line == 10


def test_yaml_alias_bomb_is_refused(write_spec) -> None:
    lines = ["openapi: 3.0.1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    spec = write_spec("\n".join(lines) + "\n")
    with pytest.raises(SpecError) as excinfo:
        load_api(spec)
    assert "aliases" in excinfo.value.diagnostics[0].message


def test_inline_models_share_the_module_of_their_schema_or_operation(write_spec) -> None:
    api = load_api(
        write_spec(
            HEADER
            + """
paths:
  /orders:
    post:
      operationId: createOrder
      parameters:
        - {name: sort, in: query, schema: {type: string, enum: [asc, desc]}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {note: {type: string}, order: {$ref: '#/components/schemas/Order'}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
  /tags:
    get:
      operationId: listTags
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Tags'}
components:
  schemas:
    Order:
      type: object
      properties:
        status: {type: string, enum: [open, closed]}
        lines: {type: array, items: {type: object, properties: {sku: {type: string}}}}
        customer: {$ref: '#/components/schemas/Customer'}
    Customer: {type: object, properties: {name: {type: string}}}
    Tags: {type: array, items: {type: object, properties: {label: {type: string}}}}
    CreateOrder: {type: object, properties: {x: {type: integer}}}
"""
        )
    ).api
    modules = {s.class_name: s.module_name for s in api.schemas}
    assert modules == {
        "Order": "order", "OrderStatus": "order", "OrderLinesItem": "order",  # a named schema's inline models
        "Customer": "customer",  # referred to, not inside: its own module
        "TagsItem": "tags",  # named after the schema even though the schema itself is no model
        "CreateOrder": "create_order",
        # the operation's parameter enum, body and response: one module, which the named schema's name left taken
        "CreateOrderSort": "create_order_2", "CreateOrderBody": "create_order_2", "CreateOrderResponse": "create_order_2",
    }  # fmt: skip


def test_swagger2_base_path_without_host_keeps_the_stage_and_no_default_host(write_spec) -> None:
    spec = write_spec('swagger: "2.0"\ninfo: {title: T, version: "1"}\nbasePath: /prod/\npaths: {}\n')
    api = load_api(spec).api
    # No invented http://localhost: the client asks its user for a base URL instead.
    assert api.servers == ["/prod"] and api.stage == "prod" and api.default_base_url == "/prod"
    bare = load_api(write_spec('swagger: "2.0"\ninfo: {title: T, version: "1"}\npaths: {}\n')).api
    assert bare.servers == [] and bare.default_base_url == ""


# Texts a server variable's default or a Swagger host may hold: each either makes a URL a client can call or is
# dropped with a located warning; none may crash the parser (urlsplit raises on some: "[]", "[", "h:port").
HOSTILE_HOSTS = ["[]", "[", "]", "[::1", "h:notaport", "h:99999", "exa mple", "a\tb", "a\nb", "", "javascript:alert(1)//",
                 "x\x00y", "\x7f", "é.example", "user@h", "h/../..", "%00", "::", "h:80:80", "[::1]", "[v1.x]"]  # fmt: skip


def _check_base_urls(data: dict[str, object]) -> None:
    import httpx

    parsed = load_api(data, strict=False, check=False)
    dropped = [w for w in parsed.warnings if "the base URL" in w.message]
    for url in parsed.api.servers:
        if "://" in url:
            parsed_url = httpx.URL(url)
            assert parsed_url.scheme in ("http", "https") and parsed_url.host, url
    assert len(parsed.api.servers) + len(dropped) == 1, (parsed.api.servers, dropped)
    assert all(w.pointer in ("/servers/0/url", "/host") for w in dropped)


@pytest.mark.parametrize("text", HOSTILE_HOSTS)
def test_a_base_url_is_callable_or_dropped_with_a_located_warning(text: str) -> None:
    server = {"url": "https://{api}.execute-api.us-east-1.amazonaws.com/{basePath}",
              "variables": {"api": {"default": text}, "basePath": {"default": "prod"}}}  # fmt: skip
    _check_base_urls({"openapi": "3.0.1", "info": {"title": "T", "version": "1"}, "servers": [server], "paths": {}})
    _check_base_urls({"swagger": "2.0", "info": {"title": "T", "version": "1"}, "host": text or "h", "basePath": "/prod", "paths": {}})


def test_any_server_variable_text_gives_a_callable_url_or_a_warning() -> None:
    from hypothesis import given, settings, strategies as st

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.one_of(st.text(max_size=20), st.lists(st.integers(), max_size=2), st.none()))
    def check(default: object) -> None:
        server = {"url": "https://{api}.example/{basePath}", "variables": {"api": {"default": default}, "basePath": {"default": "v1"}}}
        _check_base_urls({"openapi": "3.0.1", "info": {"title": "T", "version": "1"}, "servers": [server], "paths": {}})

    check()
