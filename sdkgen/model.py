"""The intermediate model: what an API definition says, once parsed.

Both consumers read only this: the generator (``sdkgen.generate``) and the mock gateway
(``sdkgen.mock``). Swagger 2.0, OpenAPI 3.0 and 3.1 are normalised into it by ``sdkgen.parse``,
and API Gateway's ``x-amazon-apigateway-*`` extensions are read into plain fields here, so nothing
downstream knows which version or dialect a definition came from.

Schemas form a graph, not a tree: a named schema is one ``Schema`` object shared by every place
that references it, so recursive definitions are cycles of objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Sequence
from typing import Any, Literal

SchemaType = Literal["object", "array", "string", "integer", "number", "boolean", "null", "any", "union"]
ParamLocation = Literal["path", "query", "header", "cookie"]
BodyKind = Literal["json", "form", "multipart", "binary", "text"]
AuthKind = Literal["api_key", "bearer", "raw_token", "lambda", "sigv4", "basic"]
PageStyle = Literal["token", "link", "offset"]


@dataclass(eq=False)
class Schema:
    """A JSON schema, normalised (``allOf`` merged, 3.1 type lists and 2.0 quirks folded in)."""

    type: SchemaType = "any"
    # Set for schemas that become their own model class (named in components, or inline objects).
    name: str | None = None  # the name in the definition, e.g. "Product"
    class_name: str | None = None  # the Python class name, unique in the package
    module_name: str | None = None  # the module under types/ that holds the class
    pointer: str = ""  # JSON pointer of the definition, for messages
    nullable: bool = False
    format: str | None = None
    enum: list[Any] | None = None
    enum_members: list[tuple[str, Any]] = field(default_factory=list)  # (python name, value)
    const: Any = None
    has_const: bool = False
    properties: list[Property] = field(default_factory=list)
    additional_properties: Schema | bool = True
    items: Schema | None = None
    variants: list[Schema] = field(default_factory=list)  # for type "union" (oneOf/anyOf)
    variant_kind: Literal["oneOf", "anyOf"] = "oneOf"
    discriminator: Discriminator | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    min_properties: int | None = None
    max_properties: int | None = None
    title: str = ""
    description: str = ""
    default: Any = None
    has_default: bool = False
    examples: list[Any] = field(default_factory=list)
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False

    @property
    def required(self) -> list[str]:
        return [p.name for p in self.properties if p.required]

    @property
    def is_model(self) -> bool:
        """Whether this schema is rendered as its own class."""
        return self.class_name is not None

    def property(self, name: str) -> Property | None:
        for prop in self.properties:
            if prop.name == name:
                return prop
        return None


@dataclass(eq=False)
class Property:
    name: str  # wire name
    py_name: str  # Python attribute name
    schema: Schema
    required: bool = False
    description: str = ""


@dataclass(eq=False)
class Discriminator:
    property_name: str
    mapping: dict[str, Schema] = field(default_factory=dict)  # wire value -> variant


@dataclass(eq=False)
class Parameter:
    name: str  # wire name
    py_name: str
    location: ParamLocation
    schema: Schema
    required: bool = False
    description: str = ""
    explode: bool = True
    deprecated: bool = False
    inferred: bool = False  # a path parameter the export used but never declared
    greedy: bool = False  # API Gateway's {proxy+}
    examples: list[Any] = field(default_factory=list)


@dataclass(eq=False)
class MediaType:
    content_type: str
    schema: Schema | None
    examples: dict[str, Any] = field(default_factory=dict)  # name -> example value


@dataclass(eq=False)
class RequestBody:
    kind: BodyKind
    content_type: str
    schema: Schema | None
    required: bool = False
    description: str = ""
    media_types: list[MediaType] = field(default_factory=list)  # all that the definition lists


@dataclass(eq=False)
class Response:
    status: str  # "200", "2XX" or "default"
    description: str = ""
    content: list[MediaType] = field(default_factory=list)
    headers: dict[str, Schema] = field(default_factory=dict)

    @property
    def schema(self) -> Schema | None:
        """The JSON schema of the response, if it has one."""
        for media in self.content:
            if is_json(media.content_type) and media.schema is not None:
                return media.schema
        return None

    @property
    def is_binary(self) -> bool:
        return any(not is_json(m.content_type) and not m.content_type.startswith("text/") for m in self.content)


@dataclass(frozen=True)
class SecurityScheme:
    name: str  # the scheme's name in the definition
    kind: AuthKind
    location: Literal["header", "query", "cookie"] = "header"
    param_name: str = "Authorization"  # header, query or cookie name the credential goes in
    credential: str = ""  # the client keyword that holds it: api_key, token, aws, basic, or a lambda keyword
    authorizer: Literal["api_key", "cognito", "jwt", "lambda_token", "lambda_request", "iam", "bearer", "basic", "oauth2"] = "api_key"
    identity_sources: tuple[str, ...] = ()  # where a Lambda authorizer reads its identity ("header:X", "query:y")
    # A Lambda authorizer with several identity sources: (Python key, location, name) for each, the value the
    # client is given under that key sent where the source says.
    identity_inputs: tuple[tuple[str, str, str], ...] = ()
    identity_validation: str | None = None  # a token authorizer's identityValidationExpression (a regex)
    issuer: str | None = None  # JWT authorizers
    audience: tuple[str, ...] = ()
    description: str = ""
    # A Lambda authorizer's x-amazon-apigateway-authorizer as written (authorizerUri, TTL, payload format, simple
    # responses): the mock invokes the function when it has its code (sdkgen.lambdas).
    lambda_authorizer: dict[str, Any] | None = field(default=None, compare=False, hash=False)

    def token_kind(self, scopes: Sequence[str]) -> Literal["id", "access"] | None:
        """The Cognito token a requirement with these OAuth scopes takes (None: any bearer token).

        API Gateway's Cognito authorizers want an ID token on a method without scopes, and an access
        token carrying at least one of them on a method with scopes.
        """
        if self.authorizer != "cognito":
            return None
        return "access" if scopes else "id"


@dataclass(frozen=True)
class RequestValidator:
    body: bool
    parameters: bool


@dataclass(frozen=True)
class Pagination:
    """How an operation's responses continue on further pages (``sdkgen.parse.pagination`` decides it).

    ``token``: the response's ``next_field`` (nextToken, LastEvaluatedKey, cursor, ...) is sent back as the
    request's ``request_param``; ``link``: the ``Link`` header's ``rel="next"`` URL is called; ``offset``: the
    ``request_param`` offset grows by the items received.
    """

    style: PageStyle
    items: str  # wire name of the response's array property; "" when the body itself is the array
    next_field: str = ""  # token style: the response field holding the continuation
    request_param: str = ""  # token: the parameter (or body field) sending it back; offset: the offset parameter
    request_in: Literal["query", "body"] = "query"
    reason: str = ""  # why, for generate's summary
    source: str = "detected"  # "detected", "x-sdkgen-pagination" or "--pagination"


@dataclass(eq=False)
class Operation:
    method: str  # upper case; "ANY" for x-amazon-apigateway-any-method
    path: str
    py_name: str  # method name on the client
    operation_id: str | None = None
    summary: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    body: RequestBody | None = None
    responses: list[Response] = field(default_factory=list)
    # Alternatives (OR) of requirements (AND) as {scheme name: scopes}; [] means no auth. Decided once in
    # parse: for definitions with API Gateway's extensions, an API key entry is ANDed with the authorizer,
    # as API Gateway imports them (``sdkgen.parse.apigateway.gateway_security``).
    security: list[dict[str, list[str]]] = field(default_factory=list)
    validator: RequestValidator | None = None
    integration: dict[str, Any] | None = None
    deprecated: bool = False
    pointer: str = ""
    pagination: Pagination | None = None
    stream: bool = False  # the integration streams its answer (responseTransferMode: STREAM)
    timeout_ms: int | None = None  # the integration's timeoutInMillis

    @property
    def streams_events(self) -> bool:
        """Whether the answer is read as server-sent events: ``text/event-stream``, or a streamed
        integration whose answer is text or undocumented."""
        types = [m.content_type.split(";", 1)[0].strip().lower() for r in self.success_responses for m in r.content]
        if "text/event-stream" in types:
            return True
        return self.stream and all(t.startswith("text/") for t in types)

    @property
    def success_responses(self) -> list[Response]:
        ok = [r for r in self.responses if r.status.startswith("2")]
        if ok:
            return ok
        return [r for r in self.responses if r.status == "default"]

    @property
    def error_responses(self) -> list[Response]:
        return [r for r in self.responses if r.status[0] in "45" or (r.status == "default" and self.has_2xx)]

    @property
    def has_2xx(self) -> bool:
        return any(r.status.startswith("2") for r in self.responses)


@dataclass(eq=False)
class Api:
    title: str
    version: str
    description: str
    flavour: Literal["rest", "http"]  # API Gateway REST API, or HTTP API (exports differ in errors and headers)
    servers: list[str]  # absolute URLs with the stage, no trailing slash; may be empty
    stage: str  # the stage base path without slashes ("prod"), "" for none
    security_schemes: dict[str, SecurityScheme]
    operations: list[Operation]
    schemas: list[Schema]  # every schema that becomes a model class, in a stable order
    api_key_source: Literal["HEADER", "AUTHORIZER"] = "HEADER"
    binary_media_types: list[str] = field(default_factory=list)
    gateway_responses: dict[str, Any] = field(default_factory=dict)
    cors: dict[str, Any] | None = None
    source: str = ""  # the file it was read from

    @property
    def default_base_url(self) -> str:
        # "" or a relative URL when the definition names no host: the client then
        # needs a base URL from its user, and says so, rather than call localhost.
        return self.servers[0] if self.servers else ""


def is_json(content_type: str) -> bool:
    base = content_type.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")
