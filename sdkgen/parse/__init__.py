"""Definition -> intermediate model: load, validate, then build ``model.Api``.

This is the one parser; the generator and the mock gateway both start from ``load_api``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, SpecError, pointer_join
from ..load import Document, Workspace
from ..model import Api
from ..sources import open_source
from ..validate import BackgroundValidation, spec_version, validate
from .apigateway import base_urls, is_http_api, request_validators, security_schemes, stage_of
from .naming import BUILTIN_NAMES
from .operations import OperationParser
from .raw import mapping, sequence, text
from .schemas import SchemaBuilder

# Class names the generated package uses for itself; a schema with one of these names gets a suffix.
RESERVED_CLASS_NAMES = frozenset(
    {"Client", "AsyncClient", "ClientWithRawResponse", "AsyncClientWithRawResponse", "APIResponse", "RequestOptions",
     "Unset", "UNSET", "APIError", "APIConnectionError", "APITimeoutError", "APIStatusError", "BadRequestError",
     "AuthenticationError", "PermissionDeniedError", "NotFoundError", "ConflictError", "UnprocessableEntityError",
     "RateLimitError", "QuotaExceededError", "InternalServerError", "FileContent", "Token", "AsyncToken",
     "BinaryContent", "NotGiven", "NOT_GIVEN",
     "Any", "Optional", "List", "Dict", "Union", "SecurityScheme", "SyncAPIClient", "AsyncAPIClient",
     "SyncPage", "AsyncPage", "AsyncPaginator", "EventStream", "AsyncEventStream", "ServerSentEvent",
     "StreamedResponse", "AsyncStreamedResponse", "ClientWithStreamingResponse", "AsyncClientWithStreamingResponse"}
) | BUILTIN_NAMES  # fmt: skip


@dataclass
class Parsed:
    api: Api
    warnings: list[Diagnostic] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # validator errors (fatal unless lenient)
    strict: bool = True
    pending: BackgroundValidation | None = None

    def finish_validation(self) -> None:
        """Wait for a validation still running; with ``strict``, raise what it found."""
        if self.pending is not None:
            self.problems, self.pending = _downgraded(self.pending.result(), self.strict), None
        if self.problems and self.strict:
            raise SpecError(self.problems)


def load_api(
    source: str | Path | dict[str, Any] | Document, *, strict: bool = True, check: bool = True, background: bool = False
) -> Parsed:
    """Parse a definition file (or already loaded data) into the model.

    With ``strict``, what openapi-spec-validator reports is fatal; otherwise those problems are
    returned as ``problems`` and the model is built from what can be understood. Raises
    ``SpecError`` with located diagnostics when the definition cannot be used. With ``background``,
    validation runs while the caller goes on, until it calls ``Parsed.finish_validation()``.
    """
    # A template's API is taken out of it first (sources/); any other file is read as it is.
    workspace = Workspace.from_data(source) if isinstance(source, dict) else Workspace(open_source(source))  # type: ignore[arg-type] # it takes a Document
    version = spec_version(workspace.root.data, workspace)
    workspace.check_refs()
    pending = BackgroundValidation(workspace) if check and background else None
    problems = validate(workspace) if check and not background else []
    if problems and strict:
        raise SpecError(workspace.load_warnings() + problems)  # a duplicate key may be what explains them
    try:
        api, warnings = _build(workspace, version)
    except (RecursionError, SpecError) as exc:
        found = pending.result() if pending is not None else []
        if found and strict:
            raise SpecError(found) from None  # the validator's findings explain more than the parser's
        if isinstance(exc, RecursionError):
            raise SpecError([workspace.locate(workspace.root, "", "error", "the definition nests too deeply to read")]) from None
        raise
    return Parsed(api, workspace.load_warnings() + warnings, _downgraded(problems, strict), strict, pending)


def _downgraded(problems: list[Diagnostic], strict: bool) -> list[Diagnostic]:
    """Without ``strict`` the validator's findings do not refuse the definition: they are warnings, and say so."""
    return problems if strict else [replace(problem, level="warning") for problem in problems]


def _build(workspace: Workspace, version: str) -> tuple[Api, list[Diagnostic]]:
    data: dict[str, Any] = workspace.root.data
    warnings: list[Diagnostic] = []
    info = mapping(data.get("info"))
    schemes = security_schemes(data, version, workspace, warnings)
    builder = SchemaBuilder(workspace, warnings)

    # Named schemas first, in the definition's order, so they keep their names.
    base = "/definitions" if version == "2.0" else "/components/schemas"
    named = data.get("definitions") if version == "2.0" else mapping(data.get("components")).get("schemas")
    if isinstance(named, dict):
        for name in named:
            builder.build_ref("#" + pointer_join(base, name), workspace.root, pointer_join(base, name))

    operations = OperationParser(workspace, version, builder, schemes, request_validators(data), warnings).parse_all()
    models = builder.assign_class_names(set(RESERVED_CLASS_NAMES))
    servers = base_urls(data, version, lambda pointer, message: warnings.append(workspace.locate(workspace.root, pointer, "warning", message)))
    api_key_source = str(data.get("x-amazon-apigateway-api-key-source", "HEADER")).upper()
    binary = data.get("x-amazon-apigateway-binary-media-types")
    gateway_responses = data.get("x-amazon-apigateway-gateway-responses")
    cors = data.get("x-amazon-apigateway-cors")
    api = Api(
        title=str(info.get("title") or ""),
        version=str(info.get("version") or ""),
        description=text(info.get("description")),
        flavour="http" if is_http_api(data, schemes) else "rest",
        servers=servers,
        stage=stage_of(servers[0]) if servers else "",
        security_schemes=schemes,
        operations=operations,
        schemas=models,
        api_key_source="AUTHORIZER" if api_key_source == "AUTHORIZER" else "HEADER",
        binary_media_types=[str(b) for b in sequence(binary)],
        gateway_responses=mapping(gateway_responses),
        cors=cors if isinstance(cors, dict) else None,
        source=str(workspace.root.path),
    )
    return api, warnings


__all__ = ["Parsed", "load_api", "SpecError"]
