"""A template's APIs: which there are, the chosen one's definition, resolved as API Gateway would receive it."""

from __future__ import annotations

import copy
import json
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, SpecError, pointer_join, pointer_split
from ..load import Document, resolved
from . import TemplateOptions, is_sam, read_any, stack_name_of
from .document import FunctionInfo, TemplateDocument, TemplateSource
from .intrinsics import FUNCTION_TYPES, NO_VALUE, Pseudo, Resolver, api_id
from . import httpapi, restapi, sam
from .stack import http_mock_defaults, mock_defaults

EXPLICIT = {
    "AWS::Serverless::Api": "rest", "AWS::Serverless::HttpApi": "http",
    "AWS::ApiGateway::RestApi": "rest", "AWS::ApiGatewayV2::Api": "http",
}  # fmt: skip
IMPLICIT = {"Api": ("ServerlessRestApi", "RestApiId", "rest"), "HttpApi": ("ServerlessHttpApi", "ApiId", "http")}


@dataclass(frozen=True)
class Candidate:
    logical_id: str
    kind: str  # the resource type, or "implicit" for the API SAM makes from functions' events
    protocol: str
    pointer: str  # where the template defines it


class _Context:
    """One template being read: its document, the resolver, and the warnings found."""

    def __init__(self, document: Document, options: TemplateOptions):
        self.document = document
        self.template: dict[str, Any] = document.data
        self.warnings: list[Diagnostic] = []
        self.pseudo = Pseudo(region=options.region or Pseudo.region,
                             stack_name=options.stack_name or stack_name_of(document.path))  # fmt: skip
        # What a parameter's value stands in for, said where the parameter is used (an unused one is no matter).
        self.parameter_notes: dict[str, str] = {}
        self.parameters = self._parameters(dict(options.parameters))
        self.included: dict[str, Document] = {}
        self.stage = options.stage
        self.resolver = self.resolver_for(self.template)

    def locate(self, pointer: str, level: str, message: str, document: Document | None = None) -> Diagnostic:
        document = document or self.document
        position = Document.position(document, pointer)
        return Diagnostic("error" if level == "error" else "warning", message, file=document.name, pointer=pointer,
                          line=position[0] if position else None, column=position[1] if position else None)  # fmt: skip

    def warn(self, pointer: str, message: str) -> None:
        diagnostic = self.locate(pointer, "warning", message)
        if diagnostic not in self.warnings:
            self.warnings.append(diagnostic)

    def error(self, pointer: str, message: str) -> SpecError:
        return SpecError([self.locate(pointer, "error", message)])

    def resolver_for(self, template: dict[str, Any]) -> Resolver:
        return Resolver(template, self.parameters, self.pseudo, self.warn, include=self.include, notes=self.parameter_notes)

    def _parameters(self, given: dict[str, str]) -> dict[str, Any]:
        declared = self.template.get("Parameters")
        declared = declared if isinstance(declared, dict) else {}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            known = ", ".join(sorted(map(str, declared))) or "none"
            raise self.error("/Parameters", f"--parameter {', '.join(unknown)}: the template has no such parameter "
                             f"(its parameters: {known})")  # fmt: skip
        values: dict[str, Any] = {}
        for name, spec in declared.items():
            spec = spec if isinstance(spec, dict) else {}
            pointer = pointer_join("/Parameters", str(name))
            kind = str(spec.get("Type", "String"))
            if name in given:
                value: Any = given[name]
            elif "Default" in spec:
                value = spec["Default"]
                if kind.startswith("AWS::SSM::Parameter::Value"):
                    self.parameter_notes[str(name)] = (f"parameter {name} is read from SSM parameter {value!r} when "
                                                       f"deployed; its name is used as a placeholder "
                                                       f"(pass --parameter {name}=VALUE)")  # fmt: skip
            else:
                self.parameter_notes[str(name)] = (f"parameter {name} has no Default: placeholder {name!r} used "
                                                   f"(pass --parameter {name}=VALUE)")  # fmt: skip
                value = str(name)
            allowed = spec.get("AllowedValues")
            if name in given and isinstance(allowed, list) and str(value) not in [str(a) for a in allowed]:
                raise self.error(pointer, f"--parameter {name}={value}: not one of the AllowedValues "
                                 f"{', '.join(map(str, allowed))}")  # fmt: skip
            if kind.startswith("List<") or kind == "CommaDelimitedList":
                value = value if isinstance(value, list) else [v.strip() for v in str(value).split(",")]
            elif kind == "Number" and _number(value) is not None:
                value = _number(value)  # a definition's `maximum: !Ref MaxPageSize` is a number
            elif kind == "Number" and name in given:
                raise self.error(pointer, f"--parameter {name}={value}: the parameter is a Number")
            elif isinstance(value, bool):
                value = "true" if value else "false"
            else:
                value = str(value)
            values[str(name)] = value
        return values

    def include(self, location: str, pointer: str) -> Any:
        return self.read_local(location, pointer, "Fn::Transform AWS::Include").data

    def read_local(self, location: str, pointer: str, what: str) -> Document:
        """A file a template names (DefinitionUri, AWS::Include), relative to the template's folder."""
        if location.startswith("s3://") or location.startswith("https://"):
            raise self.error(pointer, f"{what} {location} is in S3, which sdkgen does not download: "
                             "download it (aws s3 cp ... api.yaml) and name the local file instead "
                             "(DefinitionUri: api.yaml), or run sdkgen on that file directly")  # fmt: skip
        folder = self.document.path.parent.resolve()
        try:
            path = resolved(folder / location)
        except SpecError as exc:
            raise self.error(pointer, f"{what} {location}: {exc.diagnostics[0].message}") from None
        if os.path.commonpath([folder, path]) != str(folder):
            # As for a definition's $refs: a template reads nothing outside its own folder.
            raise self.error(pointer, f"{what} {location} is outside the template's folder; copy the file beside "
                             "the template (or into a folder under it)")  # fmt: skip
        if str(path) not in self.included:
            try:
                self.included[str(path)] = read_any(path)
            except SpecError as exc:
                raise self.error(pointer, f"{what} {location}: {exc.diagnostics[0].message}") from None
        return self.included[str(path)]

    # -- the APIs -----------------------------------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        implicit: dict[str, Candidate] = {}
        resources = self.resolver.resources
        for logical, resource in resources.items():
            if not isinstance(resource, dict) or not self.resolver.exists(str(logical)):
                continue
            kind = str(resource.get("Type"))
            properties = _mapping(resource.get("Properties"))
            pointer = pointer_join("/Resources", str(logical))
            if kind in EXPLICIT:
                protocol = str(self.resolver.text(properties.get("ProtocolType", ""), pointer)).upper()
                if kind == "AWS::ApiGatewayV2::Api" and protocol == "WEBSOCKET":
                    continue  # a WebSocket API has no OpenAPI definition
                found.append(Candidate(str(logical), kind, EXPLICIT[kind], pointer))
            elif kind == "AWS::Serverless::Function" and is_sam(self.template):
                events = _mapping(properties.get("Events"))
                for name, event in events.items():
                    event_type = event.get("Type") if isinstance(event, dict) else None
                    if event_type in IMPLICIT:
                        api_name, link, protocol = IMPLICIT[event_type]
                        props = _mapping(event.get("Properties"))
                        if link not in props and api_name not in implicit:
                            implicit[api_name] = Candidate(api_name, "implicit", protocol,
                                                           pointer_join(pointer, "Properties", "Events", str(name)))  # fmt: skip
        return found + sorted(implicit.values(), key=lambda c: c.logical_id)

    def choose(self, wanted: str | None) -> Candidate:
        candidates = self.candidates()
        listing = "; ".join(f"{c.logical_id} ({_describe(c)})" for c in candidates)
        if wanted is not None:
            for candidate in candidates:
                if candidate.logical_id == wanted:
                    return candidate
            raise self.error("/Resources", f"--api {wanted}: no such API in the template "
                             f"({'its APIs: ' + listing if candidates else 'it defines no API'})")  # fmt: skip
        if not candidates:
            raise self.error("/Resources", "the template defines no API Gateway API (no AWS::Serverless::Api, "
                             "AWS::Serverless::HttpApi, AWS::ApiGateway::RestApi, AWS::ApiGatewayV2::Api, nor "
                             "functions with Api or HttpApi events)")  # fmt: skip
        if len(candidates) > 1:
            raise self.error("/Resources", f"the template defines {len(candidates)} APIs; choose one with "
                             f"--api LOGICAL_ID: {listing}")  # fmt: skip
        return candidates[0]


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None  # 1e999, nan: no Number CloudFormation takes
    return int(number) if number.is_integer() and "." not in str(value) else number


def _describe(candidate: Candidate) -> str:
    if candidate.kind == "implicit":
        return "the " + ("REST" if candidate.protocol == "rest" else "HTTP") + " API SAM makes from functions' events"
    return candidate.kind


def api_ids(document: Document, options: TemplateOptions | None = None) -> list[str]:
    """The logical ids of the template's APIs, as ``--api`` takes them."""
    check_shape(document)
    return [c.logical_id for c in _Context(document, options or TemplateOptions()).candidates()]


# The sections of a template and what each must be: the template's readers take these shapes for granted.
_SECTIONS = {"Parameters": "parameter", "Mappings": "mapping", "Conditions": None, "Resources": "resource",
             "Outputs": None, "Globals": "section"}  # fmt: skip


def check_shape(document: Document) -> None:
    """What CloudFormation itself refuses before reading any value (a section, a resource, its Type or Properties,
    a parameter, a mapping of the wrong type) is a ``SpecError`` located at it, before anything reads the template.

    This one check is what keeps a wrong type out of every reader below (which then take a mapping for granted)."""
    template = document.data
    problems: list[Diagnostic] = []

    def wrong(pointer: str, message: str) -> None:
        position = Document.position(document, pointer)
        problems.append(Diagnostic("error", message, file=document.name, pointer=pointer,
                                   line=position[0] if position else None, column=position[1] if position else None))  # fmt: skip

    for section, item in _SECTIONS.items():
        value = template.get(section)
        if value is None and section != "Resources":
            continue
        if not isinstance(value, dict):
            wrong(f"/{section}", f"{section} must be a mapping, not {_kind(value)}")
            continue
        for name, entry in value.items() if item is not None else []:
            pointer = pointer_join(f"/{section}", str(name))
            if not isinstance(entry, dict):
                wrong(pointer, f"{section}.{name} must be a mapping (a {item}), not {_kind(entry)}")
            elif section == "Resources":
                if not isinstance(entry.get("Type"), str):
                    wrong(pointer_join(pointer, "Type"), f"resource {name} needs a Type (a string), not {_kind(entry.get('Type'))}")
                if entry.get("Properties") is not None and not isinstance(entry["Properties"], dict):
                    wrong(pointer_join(pointer, "Properties"), f"{name}'s Properties must be a mapping, not {_kind(entry['Properties'])}")
                elif entry.get("Type") == "AWS::Serverless::Function":  # its events make routes: read like resources
                    events = (entry.get("Properties") or {}).get("Events")
                    events_pointer = pointer_join(pointer, "Properties", "Events")
                    if events is not None and not isinstance(events, dict):
                        wrong(events_pointer, f"{name}'s Events must be a mapping, not {_kind(events)}")
                    for event, spec in events.items() if isinstance(events, dict) else []:
                        where = pointer_join(events_pointer, str(event))
                        if not isinstance(spec, dict) or not isinstance(spec.get("Type"), str):
                            wrong(where, f"event {event} of {name} must be a mapping with a Type (a string)")
                        elif spec.get("Properties") is not None and not isinstance(spec["Properties"], dict):
                            wrong(pointer_join(where, "Properties"), f"event {event}'s Properties must be a mapping, not {_kind(spec['Properties'])}")
            elif section == "Mappings":
                for key, level in entry.items():
                    if not isinstance(level, dict):
                        wrong(pointer_join(pointer, str(key)), f"Mappings.{name}.{key} must be a mapping, not {_kind(level)}")
    if problems:
        raise SpecError(problems)


def _kind(value: Any) -> str:
    return {type(None): "null", bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)  # fmt: skip


def definition(document: Document, options: TemplateOptions) -> Document:
    """The chosen API's definition as a document the pipeline loads."""
    check_shape(document)
    context = _Context(document, options)
    try:
        return _definition(context, document, options)
    except SpecError as exc:
        # What was only a warning so far (a condition that could not be evaluated, ...) may explain the error.
        raise SpecError([*context.warnings, *exc.diagnostics]) from None


def _definition(context: _Context, document: Document, options: TemplateOptions) -> Document:
    chosen = context.choose(options.api)
    resource = context.resolver.resources.get(chosen.logical_id, {})
    properties = _mapping(resource.get("Properties")) if isinstance(resource, dict) else {}
    body_key = "DefinitionBody" if chosen.kind.startswith("AWS::Serverless::") else "Body"
    body_pointer = pointer_join(chosen.pointer, "Properties", body_key)
    origin: tuple[Document, str] = (document, body_pointer)

    if chosen.kind.startswith("AWS::Serverless::") and "DefinitionUri" in properties and body_key not in properties:
        # SAM passes a DefinitionUri file to API Gateway untouched (no intrinsics, no Auth merged): read it as it is.
        uri = properties["DefinitionUri"]
        pointer = pointer_join(chosen.pointer, "Properties", "DefinitionUri")
        if isinstance(uri, dict):
            where = f"s3://{uri.get('Bucket', '?')}/{uri.get('Key', '?')}"
            raise context.error(pointer, f"DefinitionUri {where} is in S3, which sdkgen does not download: download "
                                "it and name the local file instead (DefinitionUri: api.yaml)")  # fmt: skip
        return _as_found(context, context.read_local(context.resolver.text(uri, pointer), pointer, "DefinitionUri"), chosen)
    if chosen.kind in ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api") and body_key not in properties:
        asset = _cdk_asset(context, properties.get("BodyS3Location"), pointer_join(chosen.pointer, "Properties", "BodyS3Location"))
        if asset is not None:
            return _as_found(context, asset, chosen)
        if "BodyS3Location" in properties:
            raise context.error(pointer_join(chosen.pointer, "Properties", "BodyS3Location"),
                                "the definition is in S3 (BodyS3Location), which sdkgen does not download: download "
                                "it and pass that file to sdkgen, or put it in the template as Body")  # fmt: skip
        return _from_resources(context, document, chosen, properties)

    # An included body (Fn::Transform AWS::Include) is located in its own file; SAM sees it inlined.
    template = context.template
    body = properties.get(body_key)
    written = body  # the definition as the user wrote it (SAM adds routes from events to it)
    if isinstance(body, dict) and list(body) == ["Fn::Transform"]:
        included = _include_of(context, body["Fn::Transform"], body_pointer)
        if included is not None:
            origin = (included, "")
            written = included.data
            template = _with_body(template, chosen.logical_id, body_key, included.data)

    functions: dict[str, FunctionInfo] = {}
    routes: list[tuple[str, str]] = []
    if is_sam(template) and (chosen.kind.startswith("AWS::Serverless::") or chosen.kind == "implicit"):
        resolver, local = _translated(context, template)
        body = _translated_body(resolver.template, chosen.logical_id)
        functions = _functions(context, resolver, local)
        # A route the body already has is located there; one SAM added from an event, at the event.
        routes = [r for r in _event_routes(context, chosen) if not _has(written, r[0])]
    else:
        resolver = context.resolver
        body = properties.get(body_key)
        functions = _functions(context, resolver, {})
    if body is None:
        raise context.error(chosen.pointer, f"{chosen.logical_id} has no definition sdkgen can read")
    data = resolver.resolve(body, body_pointer)
    if data is NO_VALUE or not isinstance(data, dict):
        if origin[0] is not document:  # an included file: the mistake is in it
            raise SpecError.single(f"{chosen.logical_id}'s definition (included from here) is not a mapping", file=origin[0].name)
        raise context.error(body_pointer, f"{chosen.logical_id}'s definition is not a mapping once resolved")
    _complete(data)
    stage = _stage(context, chosen, properties)
    _add_base_url(data, chosen, stage, context.pseudo)

    origin_document, origin_prefix = origin
    if origin_document is not document:  # an included file: located in it
        origins: tuple[tuple[str, str], ...] = (("", ""),)
    else:  # a route SAM added from an event is located at that event
        base = chosen.pointer if chosen.kind == "implicit" or body_key not in properties else origin_prefix
        origins = tuple(sorted(routes, key=lambda r: -len(r[0]))) + (("", base),)
    if origin_document is document:
        _default_route(context, data, origins)
    sam_made = frozenset(_event_operations(data, written)) if routes or (is_sam(template) and written is None) else frozenset()
    mock_config, made_up = _mock_defaults(resolver, chosen, stage)
    result = TemplateDocument(
        path=origin_document.path, data=data, text=origin_document.text, origins=origins, warnings=context.warnings,
        from_events=sam_made, source=TemplateSource(document.path, chosen.logical_id, chosen.protocol, stage, functions, mock_config, made_up),
    )  # fmt: skip
    _link_functions(context, result, functions, resolver)
    return result


def _from_resources(context: _Context, document: Document, chosen: Candidate, properties: dict[str, Any]) -> TemplateDocument:
    """An API made of separate resources, built as its export shows it: a REST API's Resource and Method resources
    (CDK's ``RestApi``), an HTTP API's Route, Integration and Authorizer resources (CDK's ``HttpApi``)."""
    title = context.resolver.text(properties.get("Name"), pointer_join(chosen.pointer, "Properties", "Name")) or chosen.logical_id
    stage = _stage(context, chosen, properties)
    if chosen.protocol == "http":
        built = httpapi.build(context.resolver, chosen.logical_id, context.warn, title=title)
    else:
        built = restapi.build(context.resolver, chosen.logical_id, context.warn, title=title, stage=stage)
    _complete(built.data)
    _add_base_url(built.data, chosen, stage, context.pseudo)
    origins = tuple(sorted(built.origins, key=lambda o: -len(o[0]))) + (("", chosen.pointer),)
    _default_route(context, built.data, origins)
    functions = _functions(context, context.resolver, {})
    mock_config, made_up = _mock_defaults(context.resolver, chosen, stage)
    source = TemplateSource(document.path, chosen.logical_id, chosen.protocol, stage, functions, mock_config, made_up)
    routes = frozenset(_event_operations(built.data, None)) if chosen.protocol == "http" else frozenset()
    return TemplateDocument(path=document.path, data=built.data, text=document.text, origins=origins,
                            warnings=context.warnings, source=source, from_routes=routes)  # fmt: skip


def _mock_defaults(resolver: Resolver, chosen: Candidate, stage: str | None) -> tuple[dict[str, Any], list[str]]:
    """The mock configuration the stack implies: a REST API's usage plans, keys and stage settings; an HTTP
    API's route throttling (it has no API keys)."""
    if chosen.protocol == "rest":
        return mock_defaults(resolver, chosen.logical_id, stage)
    return http_mock_defaults(resolver, chosen.logical_id, stage), []


def _translated(context: _Context, template: dict[str, Any]) -> tuple[Resolver, dict[str, Path | str]]:
    """A resolver over the SAM transform's output of ``template``, and the local paths (``CodeUri``, ...) it replaced."""
    prepared, local = sam.prepare(template)
    try:
        translated = sam.translate(prepared, _translator_parameters(context), context.pseudo.region, context.document.name)
    except SpecError as exc:
        raise SpecError([context.locate(d.pointer, "error", d.message) for d in exc.diagnostics]) from None
    return context.resolver_for(translated), local


def _as_found(context: _Context, document: Document, chosen: Candidate) -> TemplateDocument:
    """A definition file the template names (``DefinitionUri``, a CDK asset), used as API Gateway receives it: as
    it is. The stack still says what serves it: the functions its integration URIs name (``_link_functions``), the
    stage's variables and settings, usage plans and keys."""
    properties = _mapping(_mapping(context.resolver.resources.get(chosen.logical_id)).get("Properties"))
    stage = _stage(context, chosen, properties)
    if is_sam(context.template):  # Globals merged into each function, the stage resources SAM makes
        resolver, local = _translated(context, context.template)
    else:
        resolver, local = context.resolver, {}
    functions = _functions(context, resolver, local)
    mock_config, made_up = _mock_defaults(resolver, chosen, stage)
    source = TemplateSource(context.document.path, chosen.logical_id, chosen.protocol, stage, functions, mock_config, made_up)
    # A copy: the file as read is cached (context.included), and its URIs may be filled in below.
    found = TemplateDocument(path=document.path, data=copy.deepcopy(document.data), text=document.text,
                             origins=(("", ""),), warnings=context.warnings, source=source)  # fmt: skip
    _link_functions(context, found, functions, resolver, as_file=True)
    return found


_LAMBDA_ARN = re.compile(r"arn:[^:]*:lambda:[^:]*:[^:]*:function:([^:/]+)")
_PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")


def _function_uris(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Where a definition names Lambda functions: each integration's ``uri`` and each Lambda authorizer's
    ``authorizerUri``, as (pointer, the mapping holding it, its key)."""
    paths = data.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else []:
        for method, operation in item.items() if isinstance(item, dict) else []:
            integration = operation.get("x-amazon-apigateway-integration") if isinstance(operation, dict) else None
            if isinstance(integration, dict) and "uri" in integration:
                yield pointer_join("/paths", str(path), str(method), "x-amazon-apigateway-integration", "uri"), integration, "uri"
    base = "/securityDefinitions" if "swagger" in data else "/components/securitySchemes"
    for name, scheme in _schemes(data).items():
        authorizer = scheme.get("x-amazon-apigateway-authorizer") if isinstance(scheme, dict) else None
        if isinstance(authorizer, dict) and "authorizerUri" in authorizer:
            yield pointer_join(base, str(name), "x-amazon-apigateway-authorizer", "authorizerUri"), authorizer, "authorizerUri"


def _link_functions(context: _Context, document: TemplateDocument, functions: dict[str, FunctionInfo],
                    resolver: Resolver, *, as_file: bool = False) -> None:  # fmt: skip
    """Tie the definition's integration and authorizer URIs to the template's functions (``functions`` gains the
    functions known under another name), warning where the definition names a function the template lacks.

    A definition file (``as_file``) is read as nothing resolves intrinsics in it (SAM's DefinitionUri docs:
    "Intrinsic functions are not supported in external OpenApi files referenced by DefinitionUri"; only
    ``DefinitionBody`` with ``Fn::Transform: AWS::Include`` resolves them), so its URIs are literal ARNs. A function
    name in a URI is the template function of that ``FunctionName`` (resolved, with the stack name taken), else of
    that logical id (the function is then served under the name the URI gives). A name no function has is one
    located warning; its routes keep their examples. ``${AWS::Region}``-style text outside ``Fn::Sub`` (which
    CloudFormation leaves as written, in a body as in an included file), or any intrinsic in a definition file, is
    put in for the mock, with a warning that API Gateway would refuse the URI as written."""
    data = document.data
    if not isinstance(data, dict):
        return

    def warn(pointer: str, message: str) -> None:
        position = document.position(pointer)  # where the definition's pointer was written (template or file)
        diagnostic = Diagnostic("warning", message, file=document.name, pointer=pointer,
                                line=position[0] if position else None, column=position[1] if position else None)  # fmt: skip
        if diagnostic not in context.warnings:
            context.warnings.append(diagnostic)

    located = Resolver(resolver.template, context.parameters, context.pseudo, warn, notes=context.parameter_notes)
    by_name = {info.arn.rsplit(":function:", 1)[-1]: info for info in functions.values()}
    put_in: list[str] = []
    named: dict[str, list[str]] = {}  # function name -> the pointers of the URIs naming it
    for pointer, holder, key in _function_uris(data):
        value = holder[key]
        if as_file and isinstance(value, dict) and isinstance(value.get("Fn::Sub"), str) and len(value) == 1:
            value = _put_in(located, value["Fn::Sub"], pointer)  # its ${stageVariables.x} left for the stage
        elif as_file and isinstance(value, dict):
            value = located.text(value, pointer)
        elif isinstance(value, str) and "${" in value:
            value = _put_in(located, value, pointer)
        if value != holder[key]:
            holder[key] = value
            put_in.append(pointer)
        found = _LAMBDA_ARN.search(value) if isinstance(value, str) else None
        if found is not None and "${" not in found.group(1):  # a stage variable's function: the mock's, per stage
            named.setdefault(found.group(1), []).append(pointer)
    if put_in and as_file:
        warn(put_in[0], f"{len(put_in)} function URI(s) in {document.path.name} use intrinsics (${{AWS::Region}}, "
             "Fn::Sub, ...), which SAM and CloudFormation leave as written in a definition file (DefinitionUri, an "
             "S3 asset): API Gateway refuses such an ARN when the stack deploys. Write literal ARNs, or include the "
             "file with DefinitionBody: {Fn::Transform: {Name: AWS::Include, Parameters: {Location: ...}}} and "
             "Fn::Sub, which resolves them; the mock puts the values in meanwhile")  # fmt: skip
    elif put_in:
        warn(put_in[0], f"{len(put_in)} function URI(s) have ${{AWS::Region}}-style text outside Fn::Sub, which "
             "CloudFormation leaves as written: API Gateway refuses such an ARN when the stack deploys. Write it as "
             "Fn::Sub (!Sub); the mock puts the values in meanwhile")  # fmt: skip
    for name in named:
        info = functions.get(name) if name not in by_name else None
        if info is not None:
            # Known by its logical id: served under the name the URI gives (its own, if another URI uses it, too).
            alias = replace(info, arn=f"{info.arn.rsplit(':function:', 1)[0]}:function:{name}")
            own = info.arn.rsplit(":function:", 1)[-1]
            if own in named:
                functions[f"{name} as named"] = alias
            else:
                functions[name] = alias
                del by_name[own]
            by_name[name] = alias
    for name, pointers in named.items():
        if name in by_name:
            continue
        names = sorted(by_name)
        known = ", ".join(names[:8]) + (f", ... ({len(names)} in all)" if len(names) > 8 else "") if names else "none"
        hint = ""
        stack = context.pseudo.stack_name
        if any(n.startswith(stack + "-") and name.endswith(n[len(stack):]) for n in by_name):
            hint = f" (the stack name is taken as {stack}; --stack-name NAME sets it)"
        what = "the authorizerUri" if pointers[0].endswith("/authorizerUri") else "the integration URI"
        routes = sum(1 for p in pointers if not p.endswith("/authorizerUri"))
        keeps = ("the authorizer's allow-list stand-in stays" if not routes
                 else "its route keeps its example responses" if routes == 1 else f"its {routes} routes keep their example responses")  # fmt: skip
        warn(pointers[0], f"{what} names function {name}, but no function of the template has that FunctionName or "
             f"logical id (their names: {known}){hint}: {keeps}")  # fmt: skip


def _put_in(resolver: Resolver, text: str, pointer: str) -> str:
    """``${AWS::Region}``, ``${Param}``, ``${Function.Arn}`` in ``text`` replaced as Fn::Sub would; anything else
    (``${stageVariables.fn}``, API Gateway's own) left as it is."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name.startswith("AWS::") or name in resolver.parameters or name.split(".", 1)[0] in resolver.resources:
            return resolver.text({"Fn::Sub": match.group(0)}, pointer)
        return match.group(0)

    return _PLACEHOLDER.sub(one, text)


def _cdk_asset(context: _Context, location: Any, pointer: str) -> Document | None:
    """A CDK ``SpecRestApi`` definition: its S3 key names a file asset that ``cdk synth`` left beside the template.

    ``<Stack>.assets.json`` says which file each object key is; a file asset is used as it is (CloudFormation
    resolves nothing in a definition read from S3).
    """
    if not isinstance(location, dict):
        return None
    key = context.resolver.text(location.get("Key"), pointer_join(pointer, "Key"))
    folder = context.document.path.parent
    for manifest in sorted(folder.glob("*.assets.json")):
        try:
            files = json.loads(manifest.read_text(encoding="utf-8")).get("files")
        except (OSError, ValueError, AttributeError):
            continue
        for entry in files.values() if isinstance(files, dict) else []:
            if not isinstance(entry, dict):
                continue
            source = _mapping(entry.get("source"))
            keys = [_mapping(d).get("objectKey") for d in _mapping(entry.get("destinations")).values()]
            if key in keys and source.get("packaging", "file") == "file" and isinstance(source.get("path"), str):
                return context.read_local(source["path"], pointer, "the CDK asset")
    if (folder / f"asset.{key}").is_file():  # the folder's naming convention, without a manifest
        return context.read_local(f"asset.{key}", pointer, "the CDK asset")
    return None


def _include_of(context: _Context, transform: Any, pointer: str) -> Document | None:
    if not (isinstance(transform, dict) and transform.get("Name") == "AWS::Include"):
        return None
    parameters = _mapping(transform.get("Parameters"))
    location_pointer = pointer_join(pointer, "Fn::Transform", "Parameters", "Location")
    location = context.resolver.text(parameters.get("Location"), location_pointer)
    return context.read_local(location, location_pointer, "AWS::Include Location")


def _with_body(template: dict[str, Any], logical: str, key: str, body: Any) -> dict[str, Any]:
    resources = dict(template["Resources"])
    resource = dict(resources[logical])
    resource["Properties"] = {**resource["Properties"], key: body}
    resources[logical] = resource
    return {**template, "Resources": resources}


def _translator_parameters(context: _Context) -> dict[str, Any]:
    values = {k: (",".join(v) if isinstance(v, list) else v) for k, v in context.parameters.items()}
    pseudo = context.pseudo.values()
    for name in ("AWS::Region", "AWS::AccountId", "AWS::Partition", "AWS::StackName", "AWS::URLSuffix", "AWS::StackId"):
        values[name] = pseudo[name]
    return values


def _translated_body(translated: dict[str, Any], logical: str) -> Any:
    resource = (translated.get("Resources") or {}).get(logical)
    if not isinstance(resource, dict):
        return None
    properties = resource.get("Properties") or {}
    return properties.get("Body") if isinstance(properties, dict) else None


def _functions(context: _Context, resolver: Resolver, local: dict[str, Path | str]) -> dict[str, FunctionInfo]:
    """Every function of the stack, with the ARN integrations name it by, its local code, and its configuration
    (after the SAM transform, ``Globals`` are merged into each function)."""
    functions: dict[str, FunctionInfo] = {}
    for logical, resource in resolver.resources.items():
        if not isinstance(resource, dict) or resource.get("Type") not in FUNCTION_TYPES:
            continue
        source = context.resolver.resources.get(logical)
        source_props = source.get("Properties") if isinstance(source, dict) else None
        source_props = source_props if isinstance(source_props, dict) else {}
        code = local.get(str(logical), local.get("Globals")) or _asset_path(resource)
        properties = _mapping(resource.get("Properties"))
        handler = properties.get("Handler", source_props.get("Handler"))
        runtime = properties.get("Runtime", source_props.get("Runtime"))
        functions[str(logical)] = FunctionInfo(
            str(logical), resolver.function_arn(str(logical), resource),
            (context.document.path.parent / str(code)).resolve() if code is not None else None,
            handler if isinstance(handler, str) else None, runtime if isinstance(runtime, str) else None,
            *_run_settings(resolver, properties, pointer_join("/Resources", str(logical), "Properties")),
        )  # fmt: skip
    return functions


def _asset_path(resource: dict[str, Any]) -> str | None:
    """A CDK function's code: ``cdk synth`` leaves it beside the template and says where in the resource's metadata."""
    metadata = _mapping(resource.get("Metadata"))
    path = metadata.get("aws:asset:path")
    return path if isinstance(path, str) and metadata.get("aws:asset:property") == "Code" else None


def _run_settings(resolver: Resolver, properties: dict[str, Any], pointer: str) -> tuple[dict[str, str], float | None, int | None]:
    """A function's environment variables, Timeout and MemorySize, resolved; what cannot be resolved is left out."""

    def value(key: str) -> Any:
        try:
            found = resolver.resolve(properties.get(key), pointer_join(pointer, key))
        except SpecError:
            return None
        return None if found is NO_VALUE else found

    variables = _mapping(_mapping(value("Environment")).get("Variables"))
    environment = {str(k): str(v) for k, v in variables.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
    timeout, memory = _number(value("Timeout")), _number(value("MemorySize"))
    return environment, float(timeout) if timeout is not None else None, int(memory) if memory is not None else None


def _has(data: Any, pointer: str) -> bool:
    for part in pointer_split(pointer):
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def _event_routes(context: _Context, chosen: Candidate) -> list[tuple[str, str]]:
    """Definition pointer of each route a function's event adds -> the event in the template."""
    routes: list[tuple[str, str]] = []
    link = "RestApiId" if chosen.protocol == "rest" else "ApiId"
    for logical, resource in context.resolver.resources.items():
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::Serverless::Function":
            continue
        properties = _mapping(resource.get("Properties"))
        events = _mapping(properties.get("Events"))
        for name, event in events.items():
            props = event.get("Properties") if isinstance(event, dict) else None
            if not isinstance(props, dict) or event.get("Type") not in IMPLICIT:
                continue
            api = props.get(link)
            names = api.get("Ref") if isinstance(api, dict) else api
            if (chosen.kind == "implicit" and api is not None) or (chosen.kind != "implicit" and names != chosen.logical_id):
                continue
            path, method = props.get("Path"), props.get("Method")
            if not isinstance(path, str) or not isinstance(method, str):
                continue
            method = "x-amazon-apigateway-any-method" if method.lower() == "any" else method.lower()
            routes.append((pointer_join("/paths", path, method),
                           pointer_join("/Resources", str(logical), "Properties", "Events", str(name))))  # fmt: skip
    return routes


def _event_operations(data: dict[str, Any], written: Any) -> list[str]:
    """Pointers of the operations SAM added to the definition from functions' events (not in what was written)."""
    found: list[str] = []
    paths = data.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else []:
        for method in item if isinstance(item, dict) else []:
            pointer = pointer_join("/paths", str(path), str(method))
            as_written = pointer_join("/paths", "$default", str(method)) if path == "/{proxy+}" else pointer
            if method in _METHODS and not _has(written, pointer) and not _has(written, as_written):
                found.append(pointer)
    return found


def _stage(context: _Context, chosen: Candidate, properties: dict[str, Any]) -> str | None:
    """The stage the API is deployed to, as its base URL shows it: ``--stage``, else its only stage; of several
    (CDK's RestApi with a Stage of its own beside the deployment's), the one the template's Outputs name (CDK's URL
    output), else the first, with a warning naming the others."""
    stages = _stages(context, chosen, properties)
    wanted = context.stage
    if wanted is not None:
        if stages and wanted not in [name for name, _ in stages]:
            context.warn(chosen.pointer, f"--stage {wanted}: {chosen.logical_id} is deployed to "
                         f"{', '.join(name for name, _ in stages)} only; {wanted} is used as given")  # fmt: skip
        return wanted
    if len(stages) < 2:
        return stages[0][0] if stages else None
    outputs = json.dumps(context.template.get("Outputs") or {})
    named = [(name, logical) for name, logical in stages if logical and f'{{"Ref": "{logical}"}}' in outputs]
    name, _ = (named or stages)[0]
    why = " (the template's Outputs name it)" if named else ""
    context.warn(chosen.pointer, f"{chosen.logical_id} is deployed to {len(stages)} stages "
                 f"({', '.join(n for n, _ in stages)}): the definition takes {name}{why}; --stage NAME takes another")  # fmt: skip
    return name


def _stages(context: _Context, chosen: Candidate, properties: dict[str, Any]) -> list[tuple[str, str]]:
    """Each stage the template deploys the API to, and the resource that makes it ("" for a SAM API's own)."""
    if chosen.kind == "implicit":
        return [("Prod" if chosen.protocol == "rest" else "$default", "")]
    if chosen.kind.startswith("AWS::Serverless::"):
        stage = properties.get("StageName")
        if stage is None:
            return [("$default", "")] if chosen.protocol == "http" else []
        return [(context.resolver.text(stage, pointer_join(chosen.pointer, "Properties", "StageName")), "")]
    stage_type = "AWS::ApiGateway::Stage" if chosen.protocol == "rest" else "AWS::ApiGatewayV2::Stage"
    link = "RestApiId" if chosen.protocol == "rest" else "ApiId"
    found: list[tuple[str, str]] = []
    for logical, resource in context.resolver.resources.items():
        if not isinstance(resource, dict) or resource.get("Type") not in (stage_type, "AWS::ApiGateway::Deployment"):
            continue
        props = _mapping(resource.get("Properties"))
        if props.get(link) == {"Ref": chosen.logical_id} and props.get("StageName") is not None and context.resolver.exists(str(logical)):
            name = context.resolver.text(props["StageName"], pointer_join("/Resources", str(logical), "Properties", "StageName"))
            if name not in [n for n, _ in found]:
                found.append((name, str(logical)))
    return found


_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace", "x-amazon-apigateway-any-method"})


def _complete(data: dict[str, Any]) -> None:
    """What API Gateway takes and OpenAPI refuses, as SAM writes it for events, made valid.

    SAM writes an event's ``Authorizer: NONE`` as a requirement of a scheme named NONE, which it does not define:
    that is ``security: []``. An operation with no responses (``responses: {}``) answers whatever its integration returns: a ``default``
    response. An OpenAPI 3 parameter without a schema (an HTTP API's path parameters) is a string, and the greedy
    path parameter SAM names ``proxy+`` is ``proxy``. A JWT authorizer's ``oauth2`` scheme has ``flows: {}``.
    """
    for scheme in _schemes(data).values():
        if isinstance(scheme, dict) and scheme.get("type") == "oauth2" and "flows" not in scheme and "openapi" in data:
            scheme["flows"] = {}  # a JWT authorizer, exported by API Gateway with no flows
    paths = data.get("paths")
    for item in paths.values() if isinstance(paths, dict) else []:
        for method, operation in item.items() if isinstance(item, dict) else []:
            if method not in _METHODS or not isinstance(operation, dict):
                continue
            if operation.get("security") == [{"NONE": []}] and "NONE" not in _schemes(data):
                operation["security"] = []  # SAM's `Authorizer: NONE`: the operation needs no credential
            if not operation.get("responses"):
                operation["responses"] = {"default": {"description": "The integration's response"}}
            for parameter in operation.get("parameters") or []:
                if not isinstance(parameter, dict) or "$ref" in parameter:
                    continue
                if "openapi" in data and not {"schema", "content"} & set(parameter):
                    parameter["schema"] = {"type": "string"}
                name = parameter.get("name")
                if parameter.get("in") == "path" and isinstance(name, str) and name.endswith("+"):
                    parameter["name"] = name[:-1]  # a greedy {proxy+} is declared as `proxy`, as exports have it


def _default_route(context: _Context, data: dict[str, Any], origins: tuple[tuple[str, str], ...]) -> None:
    """An HTTP API's ``$default`` route (SAM's for an ``HttpApi`` event without a path) takes every request no
    other route does: as an operation, that is ANY ``/{proxy+}``, the path its argument."""
    paths = data.get("paths")
    if not isinstance(paths, dict) or "$default" not in paths or "/{proxy+}" in paths:
        return
    pointer = "/paths/$default"
    where = next((origin + pointer[len(prefix):] if prefix else origin for prefix, origin in origins
                  if pointer == prefix or pointer.startswith(prefix + "/") or not prefix), "")  # fmt: skip
    context.warn(where, "the $default route (every request no other route takes) is read as ANY /{proxy+}: the "
                 "client's method for it takes the path as its argument")  # fmt: skip
    item = paths.pop("$default")
    for operation in item.values() if isinstance(item, dict) else []:
        if isinstance(operation, dict):
            operation.pop("isDefaultRoute", None)
            parameters = operation.setdefault("parameters", [])
            if isinstance(parameters, list) and not any(isinstance(p, dict) and p.get("in") == "path" for p in parameters):
                parameters.append({"name": "proxy", "in": "path", "required": True, "schema": {"type": "string"}})
    paths["/{proxy+}"] = item


def _schemes(data: dict[str, Any]) -> dict[str, Any]:
    if "swagger" in data:
        return _mapping(data.get("securityDefinitions"))
    return _mapping(_mapping(data.get("components")).get("securitySchemes"))


def _add_base_url(data: dict[str, Any], chosen: Candidate, stage: str | None, pseudo: Pseudo) -> None:
    """The base URL an export of the deployed stage shows, if the definition names none (the id is a stand-in)."""
    if stage is None:
        return
    host = f"{api_id(chosen.logical_id)}.execute-api.{pseudo.region}.{pseudo.url_suffix}"
    base = "" if stage == "$default" else stage
    if "swagger" in data:
        if "host" not in data:
            data["host"] = host
            data.setdefault("basePath", "/" + base)
            data.setdefault("schemes", ["https"])
    elif not data.get("servers"):
        data["servers"] = [{"url": f"https://{host}/{{basePath}}", "variables": {"basePath": {"default": base}}}]
