"""Model -> a plan of the generated package: every name, type, import and literal, decided here.

The templates receive these plans and print them; they make no decisions of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Api, Operation, Response, Schema, SecurityScheme, is_json
from ..parse.naming import OPERATION_SHADOWS, pascal, snake, words
from .layout import assign, bracket, docstring_body, fits, parameter, split_last_bracket
from .text import docstring, literal, markdown, toml_string, tuple_expr
from .types import TypeContext, annotation, from_json, needs_conversion, parser, split_union, to_json, value_parser

PEP440 = re.compile(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?")


@dataclass
class FieldPlan:
    """A model's field, its lines laid out here: a call from a template costs several times a plain one,
    and models have tens of thousands of fields."""

    required: bool
    annotation: str  # and from_expr: also searched for the modules the model's code uses
    from_expr: str
    declaration: str  # ``name: annotation = default`` in the class body
    doc_body: str  # the field's docstring text at the class body's indent; "" for none
    from_line: str  # ``self.name = ...`` in from_dict
    to_lines: list[str]  # its part of to_dict
    wire_entry: str = ""  # ``"py_name": "wireName"`` in the class's _WIRE


@dataclass
class ModelPlan:
    class_name: str
    module: str
    doc: str
    kind: str  # "dataclass", "str_enum" or "int_enum"
    fields: list[FieldPlan] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # enum members: ``NAME = literal``, laid out
    extra_annotation: str | None = None  # additional properties' value type, None when not kept
    extra_from: str = ""  # expression building the additional properties from ``data``
    extra_to: str = ""  # expression for the dict that to_dict() starts from
    wire_names: list[str] = field(default_factory=list)  # literals of the wire names, to tell additional properties apart
    wire_entries: list[str] = field(default_factory=list)  # field -> wire name, read by the runtime's response validation
    runtime_imports: list[str] = field(default_factory=list)
    type_imports: list[tuple[str, str]] = field(default_factory=list)  # (module, class) for annotations
    uses: set[str] = field(default_factory=set)  # "_dt", "_uuid", "_m"


@dataclass
class ParamPlan:
    py_name: str
    annotation: str
    default: str  # "" when required


@dataclass(frozen=True)
class ClientVariant:
    """One of the four client modules: the sync or async client, or its WithRawResponse companion."""

    is_async: bool
    raw: bool
    streaming: bool = False  # with ``raw``: the WithStreamingResponse companion

    @property
    def client(self) -> str:  # the client class the module is about
        return "AsyncClient" if self.is_async else "Client"

    @property
    def class_name(self) -> str:  # the class the module defines
        return self.client + ("WithStreamingResponse" if self.streaming else "WithRawResponse") if self.raw else self.client

    @property
    def module(self) -> str:
        return self.client_module + ("_streaming" if self.streaming else "_raw" if self.raw else "")

    @property
    def response_class(self) -> str:  # what a companion's methods return
        if self.streaming:
            return "AsyncStreamedResponse" if self.is_async else "StreamedResponse"
        return "APIResponse"

    @property
    def event_stream(self) -> str:  # what an event-streaming operation returns
        return "AsyncEventStream" if self.is_async else "EventStream"

    @property
    def client_module(self) -> str:
        return "_async_client" if self.is_async else "_client"

    @property
    def base(self) -> str:
        return "AsyncAPIClient" if self.is_async else "SyncAPIClient"

    @property
    def token_type(self) -> str:
        return "AsyncToken" if self.is_async else "Token"

    @property
    def http_client(self) -> str:
        return "httpx.AsyncClient" if self.is_async else "httpx.Client"

    @property
    def page_class(self) -> str:  # what a paginated method returns (``AsyncPaginator`` is awaited for a page)
        return "AsyncPaginator" if self.is_async else "SyncPage"

    @property
    def def_(self) -> str:
        return "async def" if self.is_async else "def"

    @property
    def await_(self) -> str:
        return "await " if self.is_async else ""


# Keywords every generated method takes after its own (Stainless's names), passed on to ``_call``; the parser
# keeps operations' parameters off these names (RESERVED_PARAMETERS).
CALL_OPTIONS = (
    ParamPlan("extra_headers", "_t.Mapping[str, str] | None", "None"),
    ParamPlan("extra_query", "_t.Mapping[str, object] | None", "None"),
    ParamPlan("extra_body", "object | None", "None"),
    ParamPlan("timeout", "float | httpx.Timeout | None | NotGiven", "NOT_GIVEN"),
    ParamPlan("idempotency_key", "str | None", "None"),
)

# Importing the package loads the sync client's module only; the others load when first used.
CLIENT_VARIANTS = tuple(ClientVariant(is_async, raw) for is_async in (False, True) for raw in (False, True)) + tuple(
    ClientVariant(is_async, True, True) for is_async in (False, True)
)


@dataclass
class OperationPlan:
    name: str
    method: str
    path: str
    doc: str
    readme_doc: str
    path_doc: str
    path_md: str
    positional: list[ParamPlan]
    keyword: list[ParamPlan]
    call_args: list[str]  # how the client passes its arguments on to the request builder
    return_annotation: str
    options: list[tuple[str, str]]  # RequestOptions keyword -> expression
    local_imports: list[tuple[str, str]]
    example: str  # an example call for the README
    page_types: str = ""  # a paginated operation's "Item, Body" (the page's type arguments); "" when not paginated
    paging_args: list[str] = field(default_factory=list)  # keyword arguments of ``_paginate``
    paging_reason: str = ""
    events: bool = False  # returns an EventStream of server-sent events
    upload_example: str = ""  # for an operation with a file to send: the call with a path as that file


@dataclass
class PackagePlan:
    package: str
    project: str
    version: str
    version_toml: str  # the version as each target writes it (a validated version needs no escape: belt and braces)
    version_literal: str
    title: str
    title_doc: str
    default_base_url_doc: str
    description_literal: str
    readme_title: str
    readme_description: str
    default_base_url: str
    env_prefix: str
    operations: list[OperationPlan]
    schemes: list[str]  # entries of SECURITY_SCHEMES
    has_access_token: bool  # some requirement names scopes: the client takes access_token= too
    lambda_credentials: list[tuple[str, str]]  # (keyword, annotation) for Lambda authorizers
    has_sigv4: bool
    has_basic: bool
    type_imports: list[tuple[str, str]]  # every model the operations' annotations use
    all_models: list[tuple[str, str]]  # (module, class) for types/__init__.py
    model_reexports: list[tuple[str, list[str]]]  # (module, ``Name as Name`` of each class) for types/__init__.py
    spec_warnings: int = 0
    has_pagination: bool = False
    has_events: bool = False
    # README examples: a paginated operation's call, an event-streaming one's, and any operation's (streamed)
    paging_example: str = ""
    events_example: str = ""
    stream_example: str = ""
    identity_types: list[IdentityTypePlan] = field(default_factory=list)
    call_options: tuple[ParamPlan, ...] = CALL_OPTIONS
    options_example: str = ""  # the README's call of the first operation with per-call options
    idempotency_example: str = ""  # the README's call of the first POST/PUT/PATCH/DELETE with its own key
    upload_example: str = ""  # the README's upload: the first operation that sends a file, "" for none
    call_option_args: tuple[str, ...] = tuple(f"{p.py_name}={p.py_name}" for p in CALL_OPTIONS)
    namespaces: list[NamespacePlan] = field(default_factory=list)
    namespace_example: str = ""  # the README's call of an operation through its tag's namespace


@dataclass
class NamespacePlan:
    """``client.<name>``: the operations of one tag, under their own names, made on first use."""

    name: str
    class_name: str
    tags: list[str]
    operations: list[str]

    @property
    def tag_doc(self) -> str:
        return docstring(", ".join(f"``{tag}``" for tag in self.tags))


# Attributes of the generated clients that no namespace may shadow (tests/runtime/test_rt_namespaces.py
# checks this list against the runtime's clients).
CLIENT_ATTRIBUTES = frozenset(
    {
        "aclose", "base_url", "close", "default_headers", "default_query", "idempotency_header", "max_retries",
        "strict_response_validation", "timeout", "user_agent", "with_options", "with_raw_response",
        "with_streaming_response",
    }
)  # fmt: skip


def _namespaces(api: Api, operations: list[OperationPlan]) -> list[NamespacePlan]:
    """One namespace per tag (tags whose names agree in snake_case share one); none for a name that would
    shadow an operation or an attribute of the client."""
    taken = CLIENT_ATTRIBUTES | {op.name for op in operations}
    found: dict[str, NamespacePlan] = {}
    for op, planned in zip(api.operations, operations):
        for tag in dict.fromkeys(op.tags):
            name = snake(tag) if words(tag) else ""
            if name in OPERATION_SHADOWS:  # a class attribute named `list` would be what `list[...]` means there
                name += "_"
            if not name or name.startswith("_") or name in taken:
                continue
            namespace = found.get(name)
            if namespace is None:
                namespace = found[name] = NamespacePlan(name, f"{pascal(tag)}Operations", [], [])
            if tag not in namespace.tags:
                namespace.tags.append(tag)
            if planned.name not in namespace.operations:
                namespace.operations.append(planned.name)
    return sorted(found.values(), key=lambda n: n.name)


@dataclass
class IdentityTypePlan:
    """A TypedDict of one value per identity source, for a Lambda authorizer with several."""

    class_name: str
    doc: str
    fields: list[str]  # ``key: str  # header X-Token``
    example: str  # the client keyword with a value, for the README


def plan_package(api: Api, package: str, project: str | None = None) -> PackagePlan:
    """Everything but the models' modules (``plan_model``: each stands alone, so they can be planned elsewhere)."""
    operations = [_plan_operation(op, api) for op in api.operations]
    used: dict[str, str] = {}
    for op in operations:
        for module, name in op.local_imports:
            used[name] = module
    version = api.version if PEP440.fullmatch(api.version) else "0.1.0"  # fullmatch: "$" lets "1.0\n" by
    identity_types = _identity_types(api)
    scoped = [s for s in api.security_schemes.values() if s.name in _scoped_token_schemes(api)]
    namespaces = _namespaces(api, operations)
    return PackagePlan(
        package=package,
        project=project or package.replace("_", "-"),
        version=version,
        version_toml=toml_string(version),
        version_literal=literal(version),
        title=api.title or package,
        title_doc=docstring(api.title or package),
        default_base_url_doc=docstring(api.default_base_url if "://" in api.default_base_url else "none: the definition names no host"),
        description_literal=toml_string(f"Python client for {api.title or package}, generated by sdkgen"),
        readme_title=markdown(api.title or package),
        readme_description=markdown(api.description),
        default_base_url=literal(api.default_base_url),
        env_prefix=package.upper(),
        operations=operations,
        schemes=[_scheme_entry(s) for s in api.security_schemes.values()] + [_scheme_entry(s, access=True) for s in scoped],
        has_access_token=bool(scoped),
        lambda_credentials=[
            (s.credential, f"_operations.{identity_types[s.name].class_name}" if s.name in identity_types else "str")
            for s in api.security_schemes.values()
            if s.kind == "lambda"
        ],
        identity_types=list(identity_types.values()),
        options_example=_options_example(operations[0].example) if operations else "",
        idempotency_example=next((_with_keyword(op.example, 'idempotency_key="order-1234"') for op in operations if op.method in ("POST", "PUT", "PATCH", "DELETE")), ""),
        upload_example=next((op.upload_example for op in operations if op.upload_example), ""),
        has_sigv4=any(s.kind == "sigv4" for s in api.security_schemes.values()),
        has_basic=any(s.kind == "basic" for s in api.security_schemes.values()),
        type_imports=sorted((module, name) for name, module in used.items()),
        all_models=[(s.module_name or "", s.class_name or "") for s in api.schemas],
        model_reexports=[(module, [f"{s.class_name} as {s.class_name}" for s in group]) for module, group in modules_of(api.schemas)],
        has_pagination=any(op.page_types for op in operations),
        has_events=any(op.events for op in operations),
        paging_example=next((op.example for op in operations if op.page_types), ""),
        events_example=next((op.example for op in operations if op.events), ""),
        stream_example=next((op.example for op in operations if op.return_annotation == "bytes"), operations[0].example if operations else ""),
        namespaces=namespaces,
        namespace_example=_namespace_example(namespaces, operations),
    )


def _namespace_example(namespaces: list[NamespacePlan], operations: list[OperationPlan]) -> str:
    if not namespaces:
        return ""
    first = namespaces[0]
    example = next(op.example for op in operations if op.name == first.operations[0])
    return example.replace("client.", f"client.{first.name}.", 1)


def _scheme_entry(scheme: SecurityScheme, *, access: bool = False) -> str:
    """``"name": SecurityScheme(...)``, an entry of ``SECURITY_SCHEMES`` (at indent 4); with ``access``, the entry
    ``"name:access"`` that requirements naming scopes refer to, which sends the client's ``access_token``."""
    fields = {"name": scheme.name, "kind": scheme.kind, "location": scheme.location,
              "param_name": scheme.param_name, "credential": "access_token" if access else scheme.credential}  # fmt: skip
    items = [f"{k}={literal(v)}" for k, v in fields.items()]
    if scheme.identity_inputs:
        items.append("sources=" + tuple_expr([tuple_expr([literal(part) for part in source]) for source in scheme.identity_inputs]))
    return bracket(4, f"{literal(_scheme_key(scheme.name, access))}: SecurityScheme(", items, ")")


def _scheme_key(name: str, access: bool) -> str:
    return f"{name}:access" if access else name


def _scoped_token_schemes(api: Api) -> set[str]:
    """Token schemes some requirement names scopes for: a Cognito authorizer takes an access token there (an ID token
    where none are named), so the client sends its ``access_token`` to them."""
    return {
        name
        for op in api.operations
        for alternative in op.security
        for name, scopes in alternative.items()
        if scopes and (scheme := api.security_schemes.get(name)) is not None and scheme.kind in ("bearer", "raw_token")
    }


def _identity_types(api: Api) -> dict[str, IdentityTypePlan]:
    """By scheme name: the TypedDict a Lambda authorizer with several identity sources takes its values in."""
    taken = {s.class_name for s in api.schemas if s.class_name} | {"SecurityScheme", "RequestOptions", "FileContent", "BinaryContent", "NotGiven"}
    types: dict[str, IdentityTypePlan] = {}
    for scheme in api.security_schemes.values():
        if scheme.kind != "lambda" or not scheme.identity_inputs:
            continue
        base = "".join(w[:1].upper() + w[1:] for w in scheme.credential.split("_") if w) + "Identity"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}{n}", n + 1
        taken.add(name)
        where = {"header": "header", "query": "query parameter"}
        fields = [f"{key}: str  # {where.get(location, location)} {literal(wire)}" for key, location, wire in scheme.identity_inputs]
        doc = docstring(f"A value for each identity source of the {scheme.name} Lambda authorizer.")
        example = scheme.credential + "={" + ", ".join(f'"{key}": "..."' for key, _, _ in scheme.identity_inputs) + "}"
        types[scheme.name] = IdentityTypePlan(name, doc, fields, example)
    return types


# -- models ------------------------------------------------------------------------------------
@dataclass
class ModulePlan:
    """A module under ``types/``: the models the parser grouped into it, and what they import together."""

    module: str
    models: list[ModelPlan]
    exports: list[str]  # literals of the class names, for ``__all__``
    uses: set[str]  # "_dt", "_uuid", "_m", "_dc"
    runtime_imports: list[str]  # from _types, beside UNSET and Unset
    type_imports: list[tuple[str, str]]  # (module, class): models of other modules the annotations use


def modules_of(schemas: list[Schema]) -> list[tuple[str, list[Schema]]]:
    """The models grouped by module, each module where its first model is, models in their order."""
    grouped: dict[str, list[Schema]] = {}
    for schema in schemas:
        grouped.setdefault(schema.module_name or "", []).append(schema)
    return list(grouped.items())


def plan_module(module: str, schemas: list[Schema]) -> ModulePlan:
    models = [plan_model(s) for s in schemas]
    own = {m.class_name for m in models}
    uses = {alias for m in models for alias in m.uses}
    if any(m.kind == "dataclass" for m in models):
        uses.add("_dc")
    return ModulePlan(
        module=module,
        models=models,
        exports=[literal(m.class_name) for m in models],
        uses=uses,
        runtime_imports=sorted({name for m in models for name in m.runtime_imports}),
        type_imports=sorted({entry for m in models for entry in m.type_imports if entry[1] not in own}),
    )


def plan_model(schema: Schema) -> ModelPlan:
    assert schema.class_name and schema.module_name
    doc = docstring(schema.description or schema.title or schema.class_name)
    if schema.enum is not None:
        kind = "int_enum" if schema.type == "integer" else "str_enum"
        members = [
            assign(4, name, literal(int(value) if kind == "int_enum" else str(value)))
            for name, value in schema.enum_members
            if kind == "str_enum" or (isinstance(value, int) and not isinstance(value, bool))
        ]
        return ModelPlan(schema.class_name, schema.module_name, doc, kind, members=members)

    ctx = TypeContext()
    plan = ModelPlan(schema.class_name, schema.module_name, doc, "dataclass")
    for prop in schema.properties:
        ann = annotation(prop.schema, ctx, values=True)
        if not prop.required:
            ann = f"{ann} | Unset" if ann != "_t.Any" else "_t.Any | Unset"
        wire = literal(prop.name)
        convert = needs_conversion(prop.schema)
        if prop.required:
            from_expr = from_json(prop.schema, f"data[{wire}]", ctx)
            to_lines = [assign(8, f"out[{wire}]", to_json(prop.schema, "self." + prop.py_name, ctx))]
        else:
            if convert:
                helper = "optional_nullable" if prop.schema.nullable else "optional"
                from_expr = f"_m.{helper}(data, {wire}, {value_parser(prop.schema, ctx)})"
            else:
                from_expr = f"data.get({wire}, UNSET)"
            to_lines = [
                split_last_bracket(8, f"if not isinstance(self.{prop.py_name}, Unset)", ":") + ":",
                "    " + assign(12, f"out[{wire}]", to_json(prop.schema, "self." + prop.py_name, ctx)),
            ]
        default = "" if prop.required else "UNSET"
        doc = docstring(prop.description)
        plan.fields.append(
            FieldPlan(
                required=prop.required,
                annotation=ann,
                from_expr=from_expr,
                declaration=parameter(4, prop.py_name, ann, default, ""),
                doc_body=docstring_body(doc, 4) if doc else "",
                from_line=assign(8, "self." + prop.py_name, from_expr),
                to_lines=to_lines,
                wire_entry=f"{literal(prop.py_name)}: {wire}",
            )
        )
    if schema.additional_properties is not False:
        extra = schema.additional_properties if isinstance(schema.additional_properties, Schema) else None
        plan.extra_annotation = annotation(extra, ctx, values=True) if extra else "_t.Any"
        value_from = from_json(extra, "_value", ctx) if extra else "_value"
        value_to = to_json(extra, "_value", ctx) if extra else "_value"
        plan.extra_from = (
            "_m.additional_properties(data, cls._WIRE_NAMES)"
            if value_from == "_value"
            else f"_m.additional_properties(data, cls._WIRE_NAMES, lambda _value: {value_from})"
        )
        plan.extra_to = (
            "dict(self.additional_properties)"
            if value_to == "_value"
            else f"{{_key: {value_to} for _key, _value in self.additional_properties.items()}}"
        )
        plan.wire_names = [literal(p.name) for p in schema.properties]
    # Required fields come first so that positional construction reads naturally.
    plan.fields.sort(key=lambda f: not f.required)
    plan.wire_entries = [f.wire_entry for f in plan.fields]
    refs = {name: s for name, s in ctx.models.items() if name != schema.class_name}
    plan.type_imports = sorted((s.module_name or "", name) for name, s in refs.items())
    text = "\n".join([f.annotation for f in plan.fields] + [f.from_expr for f in plan.fields] + [plan.extra_annotation or ""] + [line for f in plan.fields for line in f.to_lines])
    plan.uses = {alias for alias in ("_dt", "_uuid", "_m") if alias + "." in text or alias + "(" in text}
    if "FileContent" in text:
        plan.runtime_imports.append("FileContent")
    return plan


def _option_dict(key: str, entries: list[str]) -> str:
    return _option_display(key, "{" + ", ".join(entries) + "}", entries, "{}")


def _option_display(key: str, one_line: str, items: list[str], brackets: str) -> str:
    """A dict or tuple display passed as ``key=`` to ``RequestOptions`` (at indent 8, followed by a comma)."""
    return one_line if fits(8, f"{key}={one_line},") else bracket(8, brackets[0], items, brackets[1], explode=True)


# -- operations --------------------------------------------------------------------------------
def _plan_operation(op: Operation, api: Api) -> OperationPlan:
    ctx = TypeContext()
    positional: list[ParamPlan] = []
    required_kw: list[ParamPlan] = []
    optional_kw: list[ParamPlan] = []
    groups: dict[str, list[str]] = {"path": [], "query": [], "header": [], "cookie": []}
    for param in op.parameters:
        ann = annotation(param.schema, ctx, request=True)
        wire = literal(param.name)
        if param.location == "path":
            positional.append(ParamPlan(param.py_name, ann, ""))
        elif param.required:
            required_kw.append(ParamPlan(param.py_name, ann, ""))
        else:
            optional_kw.append(ParamPlan(param.py_name, f"{ann} | None" if not ann.endswith("| None") else ann, "None"))
        groups[param.location].append(f"({wire}, {param.py_name})" if param.location == "query" else f"{wire}: {param.py_name}")

    options: list[tuple[str, str]] = [("method", literal(op.method)), ("path", literal(op.path))]
    if op.method == "ANY":
        # x-amazon-apigateway-any-method: the caller picks the HTTP method.
        optional_kw.append(ParamPlan("http_method", "str", literal("GET")))
        options[0] = ("method", "http_method")  # checked and upper-cased by the runtime
    if groups["path"]:
        options.append(("path_params", _option_dict("path_params", groups["path"])))
    if groups["query"]:
        options.append(("query", _option_display("query", tuple_expr(groups["query"]), groups["query"], "()")))
    if groups["header"]:
        options.append(("headers", _option_dict("headers", groups["header"])))
    if groups["cookie"]:
        options.append(("cookies", _option_dict("cookies", groups["cookie"])))

    if op.body is not None:
        body = op.body
        if body.kind in ("json", "form", "multipart") and body.schema is not None:
            ann = annotation(body.schema, ctx, request=True)
            if body.schema.is_model and body.schema.enum is None or body.kind != "json":
                ann = ann if ann.startswith("dict[") else f"{ann} | dict[str, _t.Any]"
        elif body.kind == "json":
            ann = "_t.Any"
        elif body.kind == "text":
            ann = "str"
        else:
            ann = "BinaryContent"  # bytes, a path or an open file, streamed
        if body.required:
            required_kw.insert(0, ParamPlan("body", ann, ""))
        else:
            optional_kw.insert(0, ParamPlan("body", f"{ann} | None" if ann != "_t.Any" else ann, "None"))
        if body.kind == "json":
            options.append(("json_body", "UNSET if body is None else _m.to_json_value(body)" if not body.required else "_m.to_json_value(body)"))
        elif body.kind == "form":
            options.append(("form", "None if body is None else _m.form_fields(body)" if not body.required else "_m.form_fields(body)"))
        elif body.kind == "multipart":
            options.append(("files", "None if body is None else _m.form_fields(body)" if not body.required else "_m.form_fields(body)"))
        else:
            encode = "body.encode()" if body.kind == "text" else "body"
            options.append(("content", f"None if body is None else {encode}" if not body.required else encode))
            options.append(("content_type", literal(body.content_type)))

    if op.stream or op.streams_events:
        # The gateway ends a streamed answer after the integration's timeout (29 s unless set, at most 15 minutes).
        options.append(("read_timeout", literal(min(op.timeout_ms or 29_000, 900_000) / 1000)))
    security = tuple_expr([
        tuple_expr([literal(_scheme_key(n, bool(scopes) and api.security_schemes[n].kind in ("bearer", "raw_token")))
                    for n, scopes in alt.items() if n in api.security_schemes])
        for alt in op.security
    ])  # fmt: skip
    if op.security:
        options.append(("security", security))

    parse_entries: list[str] = []
    returns: list[str] = []
    for response in op.success_responses:
        expr, ann = _response_parser(response, ctx, api.binary_media_types)
        parse_entries.append(f"{literal(response.status)}: {expr}")
        for piece in split_union(ann):
            if piece not in returns:
                returns.append(piece)
    if not parse_entries:
        parse_entries.append(f"{literal('default')}: _m.parse_json")
        returns.append("_t.Any")
    options.insert(2, ("parse", _option_dict("parse", parse_entries)))
    if "_t.Any" in returns:
        returns = ["_t.Any"]
    if "None" in returns and len(returns) > 1:
        returns.remove("None")
        returns.append("None")
    errors = [
        f"{literal(r.status)}: {parser(r.schema, ctx)}"
        for r in op.error_responses
        if r.schema is not None and not (r.schema.type == "any")
    ]
    if errors:
        options.append(("error_models", _option_dict("error_models", errors)))

    keyword = required_kw + optional_kw
    call_args = [p.py_name for p in positional] + [f"{p.py_name}={p.py_name}" for p in keyword]
    page_types, paging_args = _paging(op, " | ".join(returns), ctx)
    imports = sorted((s.module_name or "", name) for name, s in ctx.models.items())
    return OperationPlan(
        name=op.py_name,
        method=op.method,
        path=op.path,
        doc=_operation_doc(op),
        path_doc=docstring(op.path),
        path_md=" ".join(op.path.split()).replace("`", "'").replace("|", "\\|"),
        readme_doc=markdown(op.summary or op.description.split("\n\n")[0] if (op.summary or op.description) else ""),
        positional=positional,
        keyword=keyword,
        call_args=call_args,
        return_annotation=" | ".join(returns),
        options=options,
        local_imports=imports,
        example=_example_call(op, positional, keyword),
        page_types=page_types,
        paging_args=paging_args,
        paging_reason=markdown(op.pagination.reason) if op.pagination else "",  # for the README
        events=op.streams_events and op.pagination is None,
        upload_example=_upload_example(op, positional, keyword),
    )


def _paging(op: Operation, body_annotation: str, ctx: TypeContext) -> tuple[str, list[str]]:
    """A paginated operation's page type arguments ("Item, Body") and ``_paginate``'s keyword arguments."""
    paging = op.pagination
    schema = next((r.schema for r in op.success_responses if r.schema is not None), None)
    if paging is None or schema is None:
        return "", []
    prop = schema.property(paging.items) if paging.items else None
    array = prop.schema if prop is not None else schema
    item = annotation(array.items, ctx) if array.items is not None else "_t.Any"
    args = {"style": paging.style, "items": prop.py_name if prop else "", "items_wire": paging.items,
            "next_field": paging.next_field, "request_param": paging.request_param, "request_in": paging.request_in}  # fmt: skip
    return f"{item}, {body_annotation}", [f"{key}={literal(value)}" for key, value in args.items() if value]


def _response_parser(response: Response, ctx: TypeContext, binary_types: list[str] | tuple[str, ...] = ()) -> tuple[str, str]:
    schema = response.schema
    if schema is not None and schema.type != "any":
        if not needs_conversion(schema):
            ann = annotation(schema, ctx)
            return f"_m.json_parser(_m.identity, {literal(ann)})", ann
        # The annotation tells the runtime what to check the body against (strictly, or
        # leniently where the fast conversion fails).
        ann = annotation(schema, ctx)
        return f"_m.json_parser({parser(schema, ctx)}, {literal(ann)})", ann
    if not response.content:
        if response.status in ("204", "205"):
            return "_m.parse_none", "None"
        # Exports often leave out what a 200 carries: give back whatever JSON came, or None.
        return "_m.parse_json", "_t.Any"
    if any(is_json(m.content_type) for m in response.content):
        return "_m.parse_json", "_t.Any"
    if all(m.content_type.startswith("text/") and not _binary(m.content_type, binary_types) for m in response.content):
        return "_m.parse_text", "str"
    return "_m.parse_bytes", "bytes"


def _binary(content_type: str, binary_types: list[str] | tuple[str, ...]) -> bool:
    """Whether the API's binaryMediaTypes make API Gateway pass this (text) type as bytes; ``*/*`` aside, which
    every API that passes any binary through lists."""
    base = content_type.split(";", 1)[0].strip().lower()
    major = base.split("/", 1)[0]
    return any(t.lower() in (base, f"{major}/*") for t in binary_types if t != "*/*")


def _operation_doc(op: Operation) -> str:
    parts = [f"{op.method} {op.path}"]
    if op.summary:
        parts.append(op.summary)
    if op.description and op.description != op.summary:
        parts.append(op.description)
    described = [p for p in op.parameters if p.description]
    if described:
        parts.append("Args:\n" + "\n".join(f"    {p.py_name}: {' '.join(p.description.split())}" for p in described))
    if op.deprecated:
        parts.append("Deprecated.")
    return docstring("\n\n".join(parts))


def _example_call(op: Operation, positional: list[ParamPlan], keyword: list[ParamPlan], body: str = "") -> str:
    # Every argument named, path parameters too: the example shows which value goes where.
    args = [f"{p.py_name}={_example_value(p.annotation)}" for p in positional]
    args += [f"{p.py_name}={body if body and p.py_name == 'body' else _example_value(p.annotation)}" for p in keyword if not p.default or body and p.py_name == "body"]
    return f"client.{op.py_name}({', '.join(args)})"


def _upload_example(op: Operation, positional: list[ParamPlan], keyword: list[ParamPlan]) -> str:
    """The call with a path as its file: the whole body of a binary one, the first file field of a multipart one."""
    body = op.body
    if body is None or body.kind in ("json", "form", "text"):
        return ""
    if body.kind != "multipart":
        return _example_call(op, positional, keyword, 'Path("report.pdf")')
    files = [p.name for p in body.schema.properties if p.schema.format == "binary"] if body.schema else []
    return _example_call(op, positional, keyword, "{" + literal(files[0]) + ': Path("photo.png")}') if files else ""


def _options_example(example: str) -> str:
    """An example call with per-call options added."""
    return _with_keyword(example, 'extra_headers={"X-Trace-Id": "t-1"}, timeout=5.0')


def _with_keyword(example: str, extras: str) -> str:
    return example[:-1] + (", " if not example.endswith("()") else "") + extras + ")"


def _example_value(ann: str) -> str:
    first = split_union(ann)[0]
    return {"str": '"..."', "int": "1", "float": "1.0", "bool": "True", "bytes": 'b"..."'}.get(first, "...")
