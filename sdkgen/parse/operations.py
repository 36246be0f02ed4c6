"""Paths and operations of a 2.0 or 3.x definition -> ``model.Operation``s."""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Diagnostic, SpecError, pointer_join, pointer_split
from ..load import Document, Workspace
from ..model import (
    BodyKind,
    MediaType,
    Operation,
    Parameter,
    RequestBody,
    RequestValidator,
    Response,
    Schema,
    SecurityScheme,
    is_json,
)
from .apigateway import gateway_security, is_http_api, uses_extensions
from .naming import NameAllocator, operation_name, pascal, snake
from .pagination import decide as decide_pagination
from .raw import mapping, sequence, text
from .schemas import SchemaBuilder

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ANY_METHOD = "x-amazon-apigateway-any-method"
PATH_PARAM = re.compile(r"\{([^{}]+)\}")
# Header and cookie names are HTTP tokens (RFC 9110, RFC 6265); no client can send any other name.
HTTP_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# Method names the generated clients define themselves.
CLIENT_ATTRIBUTES = frozenset(
    {"close", "aclose", "with_options", "with_raw_response", "copy", "request", "base_url", "max_retries",
     "timeout", "user_agent", "self", "mro", "default_headers", "default_query", "idempotency_header",
     "httpx"}  # httpx: every method's timeout annotation names the module
)  # fmt: skip
# Keyword names a generated method needs for itself.
# extra_headers..idempotency_key: the per-call options (plan.CALL_OPTIONS).
RESERVED_PARAMETERS = frozenset(
    {"self", "body", "cls", "http_method", "extra_headers", "extra_query", "extra_body", "timeout", "idempotency_key"}
)  # fmt: skip


class OperationParser:
    def __init__(
        self,
        workspace: Workspace,
        version: str,
        schemas: SchemaBuilder,
        schemes: dict[str, SecurityScheme],
        validators: dict[str, RequestValidator],
        warnings: list[Diagnostic],
    ):
        self.ws = workspace
        self.doc = workspace.root
        self.data: dict[str, Any] = workspace.root.data
        self.version = version
        self.schemas = schemas
        self.schemes = schemes
        self.validators = validators
        self.warnings = warnings
        self.method_names = NameAllocator(CLIENT_ATTRIBUTES)
        # API Gateway's reading of security lists (AND of key and authorizer), for definitions made for it.
        self.apigateway = uses_extensions(self.data, version)
        # API Gateway ignores root-level `security` when it imports a REST API: such methods are deployed open.
        self.root_security_ignored = self.apigateway and "security" in self.data and not is_http_api(self.data, schemes)
        self.open_by_root: list[str] = []
        # Operations a tool made from something the user cannot annotate (SAM, from functions' events: a
        # TemplateDocument says which): one summary of what they lack instead of a warning per operation.
        made: Any = getattr(self.doc, "from_events", None)
        self.from_events: frozenset[str] = made if isinstance(made, frozenset) else frozenset()
        self.unnamed_events: int = 0
        self.default_only_events: int = 0
        routes: Any = getattr(self.doc, "from_routes", None)  # an HTTP API's Route resources: no responses to write
        self.from_routes: frozenset[str] = routes if isinstance(routes, frozenset) else frozenset()
        self.default_only_routes: int = 0
        root_validator = self.data.get("x-amazon-apigateway-request-validator")
        self.default_validator = validators.get(root_validator) if isinstance(root_validator, str) else None

    def parse_all(self) -> list[Operation]:
        paths = self.data.get("paths")
        if paths is None:
            paths = {}
        if not isinstance(paths, dict):
            raise SpecError([self.ws.locate(self.doc, "/paths", "error", "'paths' must be a mapping of paths to operations")])
        operations: list[Operation] = []
        for path, item in paths.items():
            path = str(path)
            pointer = pointer_join("/paths", path)
            doc = self.doc
            if not path.startswith("/"):
                if not path.startswith("x-"):
                    self._warn(pointer, f"path {path!r} does not start with '/'; ignored")
                continue
            if isinstance(item, dict) and isinstance(item.get("$ref"), str):
                target = self.ws.resolve(item["$ref"], doc)
                item, doc, pointer = target.value, target.document, target.pointer
            if not isinstance(item, dict):
                self._warn(pointer, f"path {path!r} is not a mapping of operations; ignored")
                continue
            shared = sequence(item.get("parameters"))
            for key, raw in item.items():
                method = "ANY" if key == ANY_METHOD else str(key).upper() if key in METHODS else None
                if method is None:
                    continue
                op_pointer = pointer_join(pointer, key)
                if not isinstance(raw, dict):
                    self._warn(op_pointer, f"{method} {path} is not an object; operation skipped")
                    continue
                operations.append(self._operation(method, path, raw, shared, doc, op_pointer, pointer))
        if self.open_by_root:
            shown = ", ".join(self.open_by_root[:5]) + (f" and {len(self.open_by_root) - 5} more" if len(self.open_by_root) > 5 else "")
            self._warn("/security", f"API Gateway ignores root-level security when it imports a REST API, so {shown} "
                       "(no `security` of their own) are deployed without auth; the client and the mock follow API "
                       "Gateway. Give each operation its own `security` to protect it")  # fmt: skip
        if self.unnamed_events or self.default_only_events:
            self._warn("/paths", f"SAM made {len(self.from_events)} operation(s) from functions' events, which cannot set "
                       f"an operationId nor responses: {self.unnamed_events} have no operationId (client methods "
                       f"named after their paths), {self.default_only_events} document only a 'default' response "
                       "(taken as the success response; no error status documented)")  # fmt: skip
        if self.default_only_routes:
            self._warn("/paths", f"{self.default_only_routes} operation(s) made from the template's route resources, "
                       "which cannot declare responses, document only a 'default' response (taken as the success "
                       "response; no error status documented)")  # fmt: skip
        return operations

    def _operation(
        self, method: str, path: str, raw: dict[str, Any], shared: list[Any], doc: Document, pointer: str, path_pointer: str
    ) -> Operation:
        operation_id = raw.get("operationId") if isinstance(raw.get("operationId"), str) else None
        op = Operation(
            method=method,
            path=path,
            py_name=self.method_names.take(operation_name(operation_id, method if method != "ANY" else "any", path)),
            operation_id=operation_id,
            summary=text(raw.get("summary")),
            description=text(raw.get("description")),
            tags=[str(t) for t in sequence(raw.get("tags")) if isinstance(t, (str, int))],
            deprecated=raw.get("deprecated") is True,
            pointer=pointer,
        )
        hint = pascal(op.py_name)
        # Models made for this operation (its parameters' enums, its body, its responses) share a module.
        with self.schemas.grouped(hint):
            names = NameAllocator(RESERVED_PARAMETERS)
            body_params: list[tuple[dict[str, Any], str]] = []
            form_params: list[tuple[dict[str, Any], str]] = []

            # Operation parameters override path-level ones with the same name and location.
            merged: dict[tuple[str, str], tuple[dict[str, Any], Document, str]] = {}
            for source, base in ((shared, pointer_join(path_pointer, "parameters")), (raw.get("parameters") or [], pointer_join(pointer, "parameters"))):
                if not isinstance(source, list):
                    continue
                for index, param_raw in enumerate(source):
                    param_pointer, param_doc = pointer_join(base, index), doc
                    if isinstance(param_raw, dict) and isinstance(param_raw.get("$ref"), str):
                        target = self._resolve(param_raw["$ref"], doc, param_pointer)
                        param_raw, param_doc, param_pointer = target.value, target.document, target.pointer
                    if not isinstance(param_raw, dict) or not isinstance(param_raw.get("name"), str):
                        self._warn(param_pointer, "a parameter without a name; ignored")
                        continue
                    merged[(param_raw["name"], str(param_raw.get("in")))] = (param_raw, param_doc, param_pointer)

            template_names = [n for n in PATH_PARAM.findall(path)]
            ordered = sorted(merged.values(), key=lambda entry: entry[0].get("in") != "path")
            for param_raw, param_doc, param_pointer in ordered:
                location = str(param_raw.get("in"))
                if location == "body":
                    body_params.append((param_raw, param_pointer))
                    continue
                if location == "formData":
                    form_params.append((param_raw, param_pointer))
                    continue
                if location not in ("path", "query", "header", "cookie"):
                    self._warn(param_pointer, f"parameter {param_raw['name']!r} is in {location!r}, which is not supported; ignored")
                    continue
                name = param_raw["name"]
                if location == "header" and name.lower() in ("content-type", "accept", "authorization"):
                    continue  # the client sets these itself (OpenAPI says they are ignored too)
                if location in ("header", "cookie") and not HTTP_TOKEN.fullmatch(name):
                    self._warn(param_pointer, f"{location} parameter {name!r} of {method} {path} is not a valid {location} name; ignored")
                    continue
                greedy = False
                if location == "path":
                    match = next((t for t in template_names if t.rstrip("+") == name), None)
                    if match is None:
                        self._warn(param_pointer, f"path parameter {name!r} does not appear in {path!r}; ignored")
                        continue
                    greedy = match.endswith("+")
                op.parameters.append(self._parameter(param_raw, param_doc, param_pointer, location, names, hint, greedy))

            declared = {p.name for p in op.parameters if p.location == "path"}
            for template in template_names:
                name = template.rstrip("+")
                if name not in declared:
                    # HTTP API exports (and some REST ones) never declare their path parameters.
                    self._warn(pointer, f"{method} {path}: path parameter {name!r} is not declared; inferred as a required string")
                    op.parameters.append(
                        Parameter(name, names.take(snake(name, fallback="param")), "path", Schema(type="string"),
                                  required=True, inferred=True, greedy=template.endswith("+")),
                    )  # fmt: skip
                    declared.add(name)
            # Path parameters come first, in the path template's order (the export's `parameters` order is
            # arbitrary): positional arguments then follow the URL the user reads.
            position = {t.rstrip("+"): i for i, t in reversed(list(enumerate(template_names)))}
            op.parameters.sort(key=lambda p: (0, position[p.name]) if p.location == "path" else (1, 0))

            if self.version == "2.0":
                op.body = self._swagger_body(raw, body_params, form_params, doc, hint)
            elif isinstance(raw.get("requestBody"), dict):
                op.body = self._body(raw["requestBody"], doc, pointer_join(pointer, "requestBody"), hint)
            op.responses = self._responses(raw, doc, pointer, hint)
        # API Gateway's own deviations that the generated client copes with, but that the user should know about.
        made_from_event = doc is self.doc and pointer in self.from_events
        default_only = bool(op.responses) and all(r.status == "default" for r in op.responses)
        if made_from_event:
            self.unnamed_events += operation_id is None
            self.default_only_events += default_only
        elif operation_id is None:
            self._warn(pointer, f"{method} {path} has no operationId; its client method is named {op.py_name!r} after the path")
        if default_only and doc is self.doc and pointer in self.from_routes:
            self.default_only_routes += 1
        elif default_only and not made_from_event:
            self._warn(
                pointer_join(pointer, "responses"),
                f"{method} {path} documents only a 'default' response: it is taken as the success response, and no "
                "error status is documented",
            )
        op.security = self._security(raw, pointer)
        validator_name = raw.get("x-amazon-apigateway-request-validator")
        op.validator = self.validators.get(validator_name) if isinstance(validator_name, str) else self.default_validator
        integration = raw.get("x-amazon-apigateway-integration")
        op.integration = integration if isinstance(integration, dict) else None
        if op.integration is not None:
            op.stream = str(op.integration.get("responseTransferMode", "")).upper() == "STREAM"
            timeout = op.integration.get("timeoutInMillis")
            op.timeout_ms = int(timeout) if isinstance(timeout, (int, str)) and str(timeout).isdigit() else None
        op.pagination, problem = decide_pagination(op, raw)
        if problem is not None:
            where = pointer_join(pointer, "x-sdkgen-pagination")
            raise SpecError([self.ws.locate(doc, where, "error", f"{method} {path}: x-sdkgen-pagination {problem}")])
        return op

    def _parameter(
        self, raw: dict[str, Any], doc: Document, pointer: str, location: str, names: NameAllocator, hint: str, greedy: bool
    ) -> Parameter:
        name = raw["name"]
        param_hint = hint + pascal(name, fallback="Param")
        if self.version == "2.0":
            schema_raw: Any = {k: v for k, v in raw.items() if k not in ("name", "in", "required", "description")}
            schema = self.schemas.build(schema_raw, doc, pointer, param_hint)
            explode = raw.get("collectionFormat", "csv") == "multi"
        else:
            schema_raw = raw.get("schema")
            schema_pointer = pointer_join(pointer, "schema")
            if schema_raw is None and isinstance(raw.get("content"), dict) and raw["content"]:
                media_type, media = next(iter(raw["content"].items()))
                schema_raw = media.get("schema") if isinstance(media, dict) else None
                schema_pointer = pointer_join(pointer, "content", media_type, "schema")
            schema = self.schemas.build(schema_raw if schema_raw is not None else {"type": "string"}, doc, schema_pointer, param_hint)
            explode = raw.get("explode", raw.get("style", "form") == "form") is True
        examples: list[Any] = []
        if "example" in raw:
            examples.append(raw["example"])
        if isinstance(raw.get("examples"), dict):
            examples.extend(e["value"] for e in raw["examples"].values() if isinstance(e, dict) and "value" in e)
        return Parameter(
            name=name,
            py_name=names.take(snake(name, fallback="param")),
            location=location,  # type: ignore[arg-type]
            schema=schema,
            required=location == "path" or raw.get("required") is True,
            description=text(raw.get("description")),
            explode=explode,
            deprecated=raw.get("deprecated") is True,
            greedy=greedy,
            examples=examples,
        )

    def _body(self, raw: dict[str, Any], doc: Document, pointer: str, hint: str) -> RequestBody | None:
        if isinstance(raw.get("$ref"), str):
            target = self._resolve(raw["$ref"], doc, pointer)
            raw, doc, pointer = target.value, target.document, target.pointer
            if not isinstance(raw, dict):
                return None
        content = raw.get("content")
        if not isinstance(content, dict) or not content:
            return None
        media_types = self._media_types(content, doc, pointer_join(pointer, "content"), hint + "Body")
        chosen = _preferred(media_types)
        return RequestBody(
            kind=_body_kind(chosen.content_type),
            content_type=chosen.content_type,
            schema=chosen.schema,
            required=raw.get("required") is True,
            description=text(raw.get("description")),
            media_types=media_types,
        )

    def _swagger_body(
        self,
        raw: dict[str, Any],
        body_params: list[tuple[dict[str, Any], str]],
        form_params: list[tuple[dict[str, Any], str]],
        doc: Document,
        hint: str,
    ) -> RequestBody | None:
        consumes = raw.get("consumes") or self.data.get("consumes") or ["application/json"]
        consumes = [str(c) for c in consumes] if isinstance(consumes, list) else ["application/json"]
        if body_params:
            param, pointer = body_params[0]
            schema = self.schemas.build(param.get("schema", {}), doc, pointer_join(pointer, "schema"), hint + "Body")
            content_type = next((c for c in consumes if is_json(c)), consumes[0])
            return RequestBody(
                kind=_body_kind(content_type),
                content_type=content_type,
                schema=schema,
                required=param.get("required") is True,
                description=text(param.get("description")),
                media_types=[MediaType(c, schema) for c in consumes],
            )
        if form_params:
            multipart = any(p.get("type") == "file" for p, _ in form_params) or any("multipart" in c for c in consumes)
            properties = {p["name"]: {k: v for k, v in p.items() if k not in ("name", "in", "required")} for p, _ in form_params}
            required = [p["name"] for p, _ in form_params if p.get("required") is True]
            synthetic = {"type": "object", "properties": properties, "required": required}
            schema = self.schemas.build(synthetic, doc, form_params[0][1], hint + "Body")
            content_type = "multipart/form-data" if multipart else "application/x-www-form-urlencoded"
            return RequestBody("multipart" if multipart else "form", content_type, schema, bool(required), media_types=[MediaType(content_type, schema)])
        return None

    def _media_types(self, content: dict[str, Any], doc: Document, pointer: str, hint: str) -> list[MediaType]:
        media_types: list[MediaType] = []
        for content_type, media in content.items():
            media_pointer = pointer_join(pointer, content_type)
            schema = None
            examples: dict[str, Any] = {}
            if isinstance(media, dict):
                if media.get("schema") is not None:
                    schema = self.schemas.build(media["schema"], doc, pointer_join(media_pointer, "schema"), hint)
                if "example" in media:
                    examples["example"] = media["example"]
                if isinstance(media.get("examples"), dict):
                    for name, example in media["examples"].items():
                        if isinstance(example, dict) and isinstance(example.get("$ref"), str):
                            example = self._resolve(example["$ref"], doc, media_pointer).value
                        if isinstance(example, dict) and "value" in example:
                            examples[str(name)] = example["value"]
            media_types.append(MediaType(str(content_type), schema, examples))
        return media_types

    def _responses(self, raw: dict[str, Any], doc: Document, pointer: str, hint: str) -> list[Response]:
        responses_raw = raw.get("responses")
        if not isinstance(responses_raw, dict):
            return []
        responses: list[Response] = []
        produces = raw.get("produces") or self.data.get("produces") or ["application/json"]
        for status, resp_raw in responses_raw.items():
            status = str(status).upper()
            if not (status == "DEFAULT" or re.fullmatch(r"[1-5](\d\d|XX)", status)):
                continue
            status = "default" if status == "DEFAULT" else status
            resp_pointer = pointer_join(pointer, "responses", status)
            resp_doc = doc
            if isinstance(resp_raw, dict) and isinstance(resp_raw.get("$ref"), str):
                target = self._resolve(resp_raw["$ref"], doc, resp_pointer)
                resp_raw, resp_doc, resp_pointer = target.value, target.document, target.pointer
            if not isinstance(resp_raw, dict):
                continue
            resp_hint = hint + ("Response" if status.startswith("2") else f"Response{status.title()}")
            if self.version == "2.0":
                content: list[MediaType] = []
                if resp_raw.get("schema") is not None:
                    schema = self.schemas.build(resp_raw["schema"], resp_doc, pointer_join(resp_pointer, "schema"), resp_hint)
                    examples = mapping(resp_raw.get("examples"))
                    types = [str(p) for p in produces] if isinstance(produces, list) and produces else ["application/json"]
                    content = [MediaType(t, schema, {"example": examples[t]} if t in examples else {}) for t in types]
            else:
                content_raw = resp_raw.get("content")
                content = (
                    self._media_types(content_raw, resp_doc, pointer_join(resp_pointer, "content"), resp_hint)
                    if isinstance(content_raw, dict)
                    else []
                )
            headers: dict[str, Schema] = {}
            if isinstance(resp_raw.get("headers"), dict):
                for header, header_raw in resp_raw["headers"].items():
                    if isinstance(header_raw, dict):
                        header_schema = header_raw.get("schema", header_raw) if self.version != "2.0" else header_raw
                        headers[str(header)] = self.schemas.build(
                            header_schema, resp_doc, pointer_join(resp_pointer, "headers", header), resp_hint + "Header"
                        )
            responses.append(Response(status, text(resp_raw.get("description")), content, headers))
        return responses

    def _security(self, raw: dict[str, Any], pointer: str) -> list[dict[str, list[str]]]:
        alternatives = self._requirements(raw, pointer)
        if not self.apigateway:
            return alternatives
        legacy_raw = mapping(raw.get("x-amazon-apigateway-auth")).get("type")
        legacy = str(legacy_raw).upper() if isinstance(legacy_raw, str) else None
        if legacy not in (None, "AWS_IAM", "NONE"):
            self._warn(pointer_join(pointer, "x-amazon-apigateway-auth"), f"x-amazon-apigateway-auth type {legacy_raw!r} is not AWS_IAM or NONE; ignored")
            legacy = None
        return gateway_security(alternatives, self.schemes, legacy, self._iam_scheme() if legacy == "AWS_IAM" else None)

    def _iam_scheme(self) -> str:
        """The definition's IAM (SigV4) scheme; one is added for operations that ask for IAM the legacy way only."""
        for name, scheme in self.schemes.items():
            if scheme.kind == "sigv4":
                return name
        name = next(n for n in ("sigv4", *(f"sigv4_{i}" for i in range(2, len(self.schemes) + 3))) if n not in self.schemes)
        self.schemes[name] = SecurityScheme(name, "sigv4", "header", "Authorization", "aws", "iam", description="IAM (x-amazon-apigateway-auth)")
        return name

    def _requirements(self, raw: dict[str, Any], pointer: str) -> list[dict[str, list[str]]]:
        if "security" not in raw and self.root_security_ignored:
            *_, path, method = pointer_split(pointer)
            self.open_by_root.append(f"{method.upper()} {path}")
            return []
        requirements = raw.get("security", self.data.get("security", []))
        if not isinstance(requirements, list):
            return []
        alternatives: list[dict[str, list[str]]] = []
        for requirement in requirements:
            if not isinstance(requirement, dict):
                continue
            alternative: dict[str, list[str]] = {}
            for name, scopes in requirement.items():
                if name not in self.schemes:
                    self._warn(pointer, f"security requirement names {name!r}, which no security scheme defines; ignored")
                    continue
                alternative[str(name)] = [str(s) for s in scopes] if isinstance(scopes, list) else []
            if alternative or not requirement:
                alternatives.append(alternative)
        return alternatives

    def _resolve(self, ref: str, doc: Document, pointer: str) -> Any:
        try:
            return self.ws.resolve(ref, doc)
        except SpecError as exc:
            raise SpecError([self.ws.locate(doc, pointer, "error", d.message) for d in exc.diagnostics]) from None

    def _warn(self, pointer: str, message: str) -> None:
        self.warnings.append(self.ws.locate(self.doc, pointer, "warning", message))


def _preferred(media_types: list[MediaType]) -> MediaType:
    for predicate in (
        lambda c: is_json(c),
        lambda c: c.startswith("multipart/form-data"),
        lambda c: c.startswith("application/x-www-form-urlencoded"),
    ):
        for media in media_types:
            if predicate(media.content_type.lower()):
                return media
    return media_types[0]


def _body_kind(content_type: str) -> BodyKind:
    lowered = content_type.lower()
    if is_json(lowered):
        return "json"
    if lowered.startswith("multipart/"):
        return "multipart"
    if lowered.startswith("application/x-www-form-urlencoded"):
        return "form"
    if lowered.startswith("text/"):
        return "text"
    return "binary"

