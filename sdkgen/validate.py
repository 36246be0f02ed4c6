"""Check a definition with openapi-spec-validator and turn its findings into located diagnostics.

API Gateway's known deviations from OpenAPI (undeclared path parameters in HTTP API exports) are
not reported here: the parser infers those parameters and warns about each one itself.
"""

from __future__ import annotations

import abc
import functools
import json
import re
import sys
import warnings
from collections import deque
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, SpecError, pointer_join
from .forked import Forked
from .load import Document, Workspace

if TYPE_CHECKING:
    from .model import Api

MAX_REPORTED = 50

_UNDECLARED_PATH_PARAM = re.compile(r"Path parameter '.*' for '.*' operation in '.*' was not resolved")


def spec_version(data: Any, workspace: Workspace) -> str:
    """"2.0", "3.0" or "3.1"; anything else is a located error."""
    root = workspace.root
    if not isinstance(data, dict):
        raise SpecError([workspace.locate(root, "", "error", "not an OpenAPI definition: the top level is not a mapping")])
    if "swagger" in data:
        if str(data["swagger"]).startswith("2."):
            return "2.0"
        raise SpecError([workspace.locate(root, "/swagger", "error", f"unsupported Swagger version {data['swagger']!r}")])
    if "openapi" in data:
        version = str(data["openapi"])
        if version.startswith("3.0"):
            return "3.0"
        if version.startswith("3.1"):
            return "3.1"
        raise SpecError([workspace.locate(root, "/openapi", "error", f"unsupported OpenAPI version {version!r}")])
    raise SpecError(
        [workspace.locate(root, "", "error", "not an OpenAPI definition: no 'openapi' or 'swagger' field at the top level")]
    )


class _IdSet(set[int]):
    """A set that answers the list method the validator calls on it."""

    def append(self, item: int) -> None:
        self.add(item)


def _schema_validator(base: Any) -> Any:
    """openapi-spec-validator's schema keyword validator ``base``, faster and with better locations.

    - It keeps the ids of schemas it has seen in lists, so every schema costs a scan of all those
      before it: quadratic, about 40% of its time on GitHub's definition (47,000 schemas). Sets here.
    - Checking every schema against the OpenAPI 3.0 dialect (Swagger 2.0's too) is half of the rest in
      jsonschema (GitHub: 2.9 of 5.3 s). jsonschema-rs tells whether a schema is valid a hundred times
      faster; only a schema it does not pass goes to jsonschema, for the validator's own verdict and
      message. It checks no formats: the dialect's one, ``regex`` on ``pattern``, is Python's ``re``
      here, as in jsonschema (tests/test_validate.py holds the two to the same verdicts).
    - A meta-check's finding is located within the schema only; the schema's own place goes before it.
    """
    from openapi_spec_validator.validation.keywords import OpenAPIV30SchemaValidator

    compiled = issubclass(base, OpenAPIV30SchemaValidator)

    def __init__(self: Any, registry: Any) -> None:
        base.__init__(self, registry)
        self.visited_schema_ids = _IdSet()
        self.meta_checked_schema_ids = _IdSet()

    def _validate_schema_meta(self: Any, schema: Any, schema_value: Any) -> Any:
        if compiled and _passes_compiled_meta_check(schema_value):
            return None
        error = base._validate_schema_meta(self, schema, schema_value)
        if error is not None and isinstance(getattr(error, "path", None), deque):
            error.path.extendleft(reversed(getattr(schema, "parts", ())))
        return error

    def __call__(self: Any, schema: Any, require_properties: bool = True, meta_checked: bool = False) -> Iterator[Any]:
        yield from _walk(self, schema, (), schema.read_value(), require_properties, meta_checked)

    def _collect_properties(self: Any, schema: Any, seen: set[int] | None = None) -> set[str]:
        # The library's, but a schema met again on the way (``allOf`` referring back to itself) adds nothing,
        # where the library recursed until Python gave up, and the whole validation with it.
        seen = set() if seen is None else seen
        value = schema.read_value()
        if id(value) in seen:
            return set()
        seen.add(id(value))
        props: set[str] = set((schema / "properties").keys()) if "properties" in schema else set()
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in schema:
                for sub in schema / keyword:
                    props |= _collect_properties(self, sub, seen)
        for keyword in ("items", "not"):
            if keyword in schema:
                props |= _collect_properties(self, schema / keyword, seen)
        return props

    members = {
        "__init__": __init__,
        "_validate_schema_meta": _validate_schema_meta,
        "__call__": __call__,
        "_collect_properties": _collect_properties,
    }
    return type(base.__name__, (base,), members)


def _walk(
    validator: Any, made: Any, parts: tuple[Any, ...], schema_value: Any, require_properties: bool, meta_checked: bool
) -> Iterator[Any]:
    """openapi-spec-validator's schema walk (``SchemaValidator.__call__``), step for step, over plain values.

    The library walks path objects: each ``"allOf" in schema``, ``schema / "items"`` and read resolves
    the path again through caches, most of the validation's time. Here a schema's path is ``made``
    (a path object) plus ``parts`` below it, made only where the library's own code needs one: to
    resolve a ``$ref`` (which path objects do as they read), for a default value, for properties
    required under ``allOf``, for a meta-check's finding. Containers that are not what the dialect
    says (a ``$ref`` for a list of schemas, say) go through path objects as the library would.
    tests/test_validate.py holds the findings to the library's walk.
    """
    def path() -> Any:
        return _made(made, parts)

    if not isinstance(schema_value, (Mapping, bool)):
        from openapi_spec_validator.validation.exceptions import OpenAPIValidationError  # only for a finding

        yield OpenAPIValidationError(f"{schema_value!r} is not of type 'object', 'boolean'")
        return
    schema_id = id(schema_value)
    if not meta_checked and schema_id not in validator.meta_checked_schema_ids:
        validator.meta_checked_schema_ids.append(schema_id)
        err = validator._validate_schema_meta(path(), schema_value)
        if err is not None:
            yield err
            return
    if schema_id in validator.visited_schema_ids:
        return
    validator.visited_schema_ids.append(schema_id)

    keys = schema_value if isinstance(schema_value, dict) else {}  # a path holds only what a dict holds
    nested_properties: list[str] = []
    for keyword in ("allOf", "anyOf", "oneOf"):
        if keyword in keys:
            inner = keys[keyword]
            children = (
                [_child(made, (*parts, keyword, i), item) for i, item in enumerate(inner)]
                if isinstance(inner, list)
                else [(child, (), child.read_value()) for child in path() / keyword]
            )
            for child_made, child_parts, child_value in children:
                yield from _walk(validator, child_made, child_parts, child_value, False, True)
                if keyword == "allOf":
                    nested_properties += list(validator._collect_properties(_made(child_made, child_parts)))
    for keyword in ("not", "items"):
        if keyword in keys:
            yield from _walk(validator, *_child(made, (*parts, keyword), keys[keyword]), False, True)
    if "properties" in keys:
        properties_value = keys["properties"]
        children = (
            [_child(made, (*parts, "properties", name), value) for name, value in properties_value.items()]
            if isinstance(properties_value, dict) and not _is_ref(properties_value)
            else [(child, (), child.read_value()) for _, child in (path() / "properties").items()]
        )
        for child_made, child_parts, child_value in children:
            yield from _walk(validator, child_made, child_parts, child_value, False, True)

    if "allOf" in keys and require_properties:
        schema = path()
        required = "required" in keys and (schema / "required").read_value() or []
        properties = "properties" in keys and (schema / "properties").keys() or []
        extra_properties = list(set(required) - set(properties) - set(nested_properties))
        if extra_properties:
            from openapi_spec_validator.validation.exceptions import ExtraParametersError

            error = ExtraParametersError(f"Required list has not defined properties: {extra_properties}")
            yield _located(error, schema, "required")

    if "default" in keys:
        schema = path()
        default_value = (schema / "default").read_value()
        nullable_value = (schema / "nullable").read_value() if "nullable" in keys else False
        if default_value is not None or nullable_value is not True:
            for error in validator.default_validator(schema, default_value):
                yield _located(error, schema, "default")


def _located(error: Any, schema: Any, keyword: str) -> Any:
    """``error`` placed at ``keyword`` of ``schema`` (the library places these findings nowhere)."""
    if isinstance(getattr(error, "path", None), deque):
        error.path.extendleft(reversed((*getattr(schema, "parts", ()), keyword)))
    return error


def _child(made: Any, parts: tuple[Any, ...], value: Any) -> tuple[Any, tuple[Any, ...], Any]:
    """A child schema as the walk carries it; a reference is resolved by a path object, as the library does."""
    if _is_ref(value):
        resolved = _made(made, parts)
        return resolved, (), resolved.read_value()
    return made, parts, value


def _made(made: Any, parts: tuple[Any, ...]) -> Any:
    for part in parts:
        made = made / part
    return made


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)  # as jsonschema-path tells one


@functools.cache
def _compiled_meta_check() -> Any:
    import jsonschema_rs
    from openapi_schema_validator import OAS30Validator

    return jsonschema_rs.validator_for(OAS30Validator.META_SCHEMA, validate_formats=False)


def _passes_compiled_meta_check(schema: Any) -> bool:
    try:
        valid = _compiled_meta_check().is_valid(schema)
    except Exception:  # noqa: BLE001 - what it cannot take (keys that are not strings...) jsonschema judges
        return False
    return valid and all(_compiles(pattern) for pattern in _patterns(schema))


def _patterns(value: Any) -> Iterator[Any]:
    """Every value under a ``pattern`` key, at any depth (some are not a schema's; checking those too is harmless)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "pattern" in item:
                yield item["pattern"]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _compiles(pattern: Any) -> bool:
    if not isinstance(pattern, str):
        return True  # the type is jsonschema-rs's to judge, and it did
    try:
        with warnings.catch_warnings():  # "possible nested set" and the like: the definition's, not ours to print
            warnings.simplefilter("ignore")
            re.compile(pattern)
    except re.error:
        return False
    return True


def _validator_class(base: Any) -> Any:
    keyword_validators = dict(base.keyword_validators)
    keyword_validators["schema"] = _schema_validator(keyword_validators["schema"])
    members = {"keyword_validators": keyword_validators, "schema_validator": _Explained(base.schema_validator)}
    return type(base.__name__, (base,), members)


class _Explained:
    """The definition checked against the OpenAPI schema: jsonschema-rs finds whether anything is wrong (fast),
    and only then jsonschema says what, with the errors of each branch of a ``oneOf`` for ``best_match``
    (jsonschema-rs gives one line that dumps the instance)."""

    def __init__(self, fast: Any) -> None:
        self._fast = fast

    def iter_errors(self, instance: Any) -> Iterator[Any]:
        from jsonschema.validators import validator_for  # type: ignore[import-untyped]

        fast = self._fast
        errors = iter(fast.iter_errors(instance))
        first = next(errors, None)
        if first is None:
            return
        if not hasattr(fast, "_rs_validator") or not isinstance(getattr(fast, "schema", None), dict):  # jsonschema already
            yield first
            yield from errors
            return
        explained = list(validator_for(fast.schema)(fast.schema).iter_errors(instance))
        if not explained:  # the two disagree: keep jsonschema-rs's own words rather than lose the finding
            yield first
            yield from errors
        yield from explained


@functools.cache
def _validator_classes() -> dict[str, Any]:
    # Imported here: a forked validation pays for these (about half a second) while the parent goes on.
    from openapi_spec_validator import OpenAPIV2SpecValidator, OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    if sys.version_info < (3, 12):
        _cached_subscriptable_check()
    return {
        "2.0": _validator_class(OpenAPIV2SpecValidator),
        "3.0": _validator_class(OpenAPIV30SpecValidator),
        "3.1": _validator_class(OpenAPIV31SpecValidator),
    }


class _Subscriptable(abc.ABC):
    """pathable's ``Subscriptable`` protocol as an ABC: the same test, answered once per class."""

    @classmethod
    def __subclasshook__(cls, other: type) -> bool:
        for name in ("__contains__", "__getitem__", "__len__"):
            # The class nearest in the MRO that names it decides; ``None`` there opts out, as for the protocol.
            if next((base.__dict__[name] for base in other.__mro__ if name in base.__dict__), None) is None:
                return False
        return True


def _cached_subscriptable_check() -> None:
    """Make pathable's ``isinstance(node, Subscriptable)`` cheap (it runs at every step of the validator's walk).

    On Python 3.11 an ``isinstance`` against a runtime-checkable Protocol collects the protocol's members
    again on every call: 40% of the validation of GitHub's definition (3.1 -> 1.8 s of CPU). Python 3.12
    caches them itself.
    """
    import pathable.accessors
    from pathable.protocols import Subscriptable

    if getattr(pathable.accessors, "Subscriptable", None) is Subscriptable:
        pathable.accessors.Subscriptable = _Subscriptable  # type: ignore[assignment,attr-defined]


def validate(workspace: Workspace) -> list[Diagnostic]:
    """Every problem openapi-spec-validator finds, as errors located in the root file."""
    data = workspace.root.data
    version = spec_version(data, workspace)
    validator_class = _validator_classes()[version]
    base_uri = workspace.root.path.resolve().as_uri() if workspace.root.path.is_absolute() else ""
    from jsonschema_path import SchemaPath

    # The validator's own resolver would open files and fetch URLs: this one serves only the workspace.
    schema_path = SchemaPath.from_dict(data, base_uri=base_uri, handlers=_WorkspaceOnly(workspace), **_cache_size())
    problems: list[Diagnostic] = []
    said: set[tuple[str, str, str]] = set()
    for parts, message, gist in _iter_errors(validator_class(schema_path), workspace):
        if _UNDECLARED_PATH_PARAM.match(message):
            continue
        problem = workspace.locate(*_through_refs(workspace, parts), "error", message)
        # The validator may reach one wrong value through several schemas (each listing the values it allows):
        # one finding for it. Different findings at one place (two missing properties) are all kept.
        said_as = (problem.file, problem.pointer, gist or message)
        if said_as in said:
            continue
        said.add(said_as)
        problems.append(problem)
        if len(problems) >= MAX_REPORTED:
            problems.append(workspace.locate(workspace.root, "", "error", f"stopped after {MAX_REPORTED} problems"))
            break
    return problems


def _cache_size() -> dict[str, Any]:
    """The validator's setting for its resolved-reference cache, where this version has one."""
    try:
        from openapi_spec_validator.settings import OpenAPISpecValidatorSettings
    except ImportError:
        return {}
    return {"resolved_cache_maxsize": OpenAPISpecValidatorSettings().resolved_cache_maxsize}


class _WorkspaceOnly(dict[str, Any]):
    """Resolver handlers for every URI scheme, all serving only the workspace's own files (``Workspace.retrieve``).

    jsonschema-path opens ``file:`` and fetches ``http(s):`` URIs itself, and hands a scheme it has no
    handler for to ``urlopen``: so this answers for every scheme, and nothing is read or fetched elsewhere.
    """

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self._retrieve = workspace.retrieve

    def __contains__(self, scheme: object) -> bool:
        return True

    def __missing__(self, scheme: str) -> Any:
        return self._retrieve


def _refused(exc: BaseException) -> SpecError | None:
    """The ``Workspace.retrieve`` refusal behind a resolver's exception, if that is what it is."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, SpecError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


# Keywords whose finding is about a wrong value: a second such finding about the same value says nothing new.
_ONE_FINDING = frozenset({"enum", "type", "const"})


def _iter_errors(validator: Any, workspace: Workspace) -> Iterator[tuple[list[Any], str, str]]:
    """Each finding's path (keys and indexes as the validator walked them, through references), message and
    gist: what makes two findings at one place the same one ("": the message)."""
    errors = validator.iter_errors()
    while True:
        try:
            error = next(errors)
        except StopIteration:
            return
        except SpecError:
            raise
        except RecursionError:
            yield [], "the validator gave up: schemas nest or refer to each other too deeply", ""
            return
        except Exception as exc:  # noqa: BLE001 - the validator raises what it cannot get past
            refused = _refused(exc)
            if refused is not None:
                # A reference the workspace would not serve: say which, where it is written.
                workspace.check_refs(thorough=True)
                message = refused.diagnostics[0].message if refused.diagnostics else "a $ref cannot be followed"
                raise SpecError([workspace.locate(workspace.root, "", "error", message)]) from None
            unresolvable = _unresolvable_ref(exc)
            if unresolvable is not None:
                yield _crash_site(exc), f"this $ref names nothing: there is no {unresolvable!r} in the definition", ""
                return
            detail = f"{type(exc).__name__}: {exc}" if isinstance(exc, (KeyError, TypeError, AttributeError)) else str(exc)
            yield _crash_site(exc), (
                "the validator could not check this part, which is not what OpenAPI expects here "
                f"(compare it with the specification; the validator said {_short(detail)})"
            ), ""
            return
        yield _explain(error)


def _explain(error: Any) -> tuple[list[Any], str, str]:
    """Where a finding is and what is wrong there, in words a user can act on.

    For ``oneOf``/``anyOf`` (a parameter, a response, a schema: each may be a ``$ref`` or the thing itself)
    jsonschema's message only says that no branch matched; ``best_match`` goes down to the branch that came
    nearest and the one thing wrong in it (the missing property, the wrong type).
    """
    from jsonschema.exceptions import ValidationError, best_match  # type: ignore[import-untyped]

    chosen = error
    for _ in range(50):  # down through nested oneOfs; a bound, for safety
        if not isinstance(chosen, ValidationError) or chosen.validator not in ("oneOf", "anyOf") or not chosen.context:
            break
        branches: dict[Any, list[Any]] = {}
        for sub in chosen.context:
            branches.setdefault(sub.relative_schema_path[0] if sub.relative_schema_path else None, []).append(sub)
        if isinstance(chosen.instance, dict) and "$ref" not in chosen.instance:
            # Not a reference, so not meant to match the Reference branch: what matters is why the other failed.
            rest = {k: v for k, v in branches.items() if not all(_requires(sub, "$ref") for sub in v)}
            branches = rest or branches
        needed = [_required_name(v[0]) for v in branches.values() if len(v) == 1 and v[0].validator == "required"]
        if len(branches) > 1 and len(needed) == len(branches) and all(needed):
            path = list(chosen.absolute_path)
            return path, _short(f"one of these properties is needed here: {', '.join(repr(n) for n in needed)}"), ""
        candidates = [sub for v in branches.values() for sub in v]
        chosen = best_match(candidates) or chosen
    path = list(getattr(chosen, "absolute_path", None) or getattr(chosen, "path", None) or [])
    keyword = str(getattr(chosen, "validator", ""))
    # What makes two findings one: for a wrong value, the value (its type too); otherwise the words.
    gist = f"{keyword} {type(chosen.instance).__name__} {_short(repr(chosen.instance))}" if keyword in _ONE_FINDING else ""
    return path, _short(_words(chosen)), gist


def _requires(error: Any, name: str) -> bool:
    return getattr(error, "validator", None) == "required" and _required_name(error) == name


def _required_name(error: Any) -> str | None:
    missing = re.match(r"""^(['"])(.*)\1 is a required property$""", str(getattr(error, "message", "")))
    return missing.group(2) if missing else None


_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "an integer", float: "a number"}


def _words(error: Any) -> str:
    keyword = getattr(error, "validator", None)
    value = getattr(error, "validator_value", None)
    instance = getattr(error, "instance", None)
    message = str(getattr(error, "message", None) or error)
    if keyword == "required" and _required_name(error) is not None:
        return f"the required property {_required_name(error)!r} is missing"
    elif keyword == "type":
        expected = " or ".join(value) if isinstance(value, list) else str(value)
        found = "null" if instance is None else _JSON_TYPES.get(type(instance), type(instance).__name__)
        return f"expected {expected} here, found {found}: {_brief(instance)}"
    elif keyword == "enum" and isinstance(value, list):
        return f"{_brief(instance)} is not one of the values allowed here: {', '.join(_brief(v) for v in value)}"
    elif keyword == "additionalProperties" and isinstance(instance, dict):
        schema = getattr(error, "schema", None) or {}
        allowed = set(schema.get("properties", {})) if isinstance(schema, dict) else set()
        unexpected = [key for key in instance if key not in allowed and not any(
            re.search(pattern, key) for pattern in (schema.get("patternProperties", {}) if isinstance(schema, dict) else {}))]
        text = f"unexpected propert{'y' if len(unexpected) == 1 else 'ies'} {', '.join(repr(k) for k in unexpected)}"
        patterns = list(schema.get("patternProperties", {})) if isinstance(schema, dict) else []
        if allowed:
            text += f"; allowed here: {', '.join(sorted(allowed))}" + (" and x- extensions" if "^x-" in patterns else "")
        elif patterns:
            text += f"; keys here must match {' or '.join(patterns)}"
        return text
    elif keyword in ("oneOf", "anyOf"):
        return f"this is none of the forms allowed here ({keyword} of {len(value) if isinstance(value, list) else '?'})"
    return message.split(" Failed validating ", 1)[0]  # jsonschema-rs's words go on to dump the instance


def _brief(value: Any) -> str:
    try:
        text = json.dumps(value, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unresolvable_ref(exc: BaseException) -> str | None:
    """The reference behind a resolver's "cannot resolve" (whose own message dumps the whole document), if that is it."""
    from referencing.exceptions import PointerToNowhere, Unresolvable

    current: BaseException | None = exc
    for _ in range(10):
        if current is None:
            break
        if isinstance(current, (PointerToNowhere, Unresolvable)):
            return str(current.ref)
        current = current.__cause__ or current.__context__
    return None


def _crash_site(exc: BaseException) -> list[Any]:
    """Where in the definition the validator was when it raised: the parts of the innermost path object
    (jsonschema-path's ``SchemaPath``) among the failing frames' locals, or the top."""
    from jsonschema_path import SchemaPath

    frames = []
    trace = exc.__traceback__
    while trace is not None:
        frames.append(trace.tb_frame)
        trace = trace.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            if isinstance(value, SchemaPath):
                return list(getattr(value, "parts", ()))
    return []


def _through_refs(workspace: Workspace, parts: list[Any]) -> tuple[Document, str]:
    """The file and pointer of what ``parts`` reach from the root, following references on the way.

    The validator walks a schema through the ``$ref`` that leads to it, and gives that path: the place
    a user would fix is the schema referred to, in whichever file it is. What cannot be followed (a
    part that is not there, a reference that names nothing) is kept as it is, and the caller locates
    its nearest existing parent.
    """
    document, pointer, node = workspace.root, "", workspace.root.data
    for index, part in enumerate(parts):
        child = _child_of(node, part)
        hops = 0
        while child is _MISSING and hops < _REF_HOPS:  # not here: maybe where this refers to
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str):
                break
            try:
                target = workspace.resolve(ref, document)
            except SpecError:
                break
            document, pointer, node, hops = target.document, target.pointer, target.value, hops + 1
            child = _child_of(node, part)
        if child is _MISSING:
            return document, pointer_join(pointer, *parts[index:])
        pointer, node = pointer_join(pointer, part), child
    return document, pointer


_REF_HOPS = 32  # a chain of references longer than this (or a cycle) is left where it is
_MISSING = object()


def _child_of(node: Any, part: Any) -> Any:
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
        return node[int(part)]
    return _MISSING


def _short(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 300 else text[:297] + "..."


class BackgroundValidation:
    """``validate`` in a forked process, so that building the model and the package goes on meanwhile.

    Validation is the slowest step on a large definition and needs nothing the rest produces.
    """

    def __init__(self, workspace: Workspace) -> None:
        self._forked = Forked(functools.partial(_validate_or_refusal, workspace), daemon=True)

    def result(self) -> list[Diagnostic]:
        problems, refusal = self._forked.result()
        if refusal:
            raise SpecError(refusal)
        return problems


def _validate_or_refusal(workspace: Workspace) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """``validate``'s findings, or the diagnostics of the ``SpecError`` it raised (they cross a pipe as values)."""
    try:
        return validate(workspace), []
    except SpecError as exc:
        return [], exc.diagnostics


def template_warnings(api: Api, document: Document) -> list[Diagnostic]:
    """A warning, at its place, for each Velocity mapping template (an integration's request or response templates, a
    gateway response's) that does not compile. API Gateway stores templates as text on import and fails only the
    requests that use one (500), so the definition stays usable: a warning, not an error. ``sdkgen validate`` only
    (the mock reports the same at its start-up; generation does not need templates)."""
    found = [(pointer_join(op.pointer, "x-amazon-apigateway-integration"), f"{op.method} {op.path}: ", op.integration)
             for op in api.operations if op.integration and op.pointer]  # fmt: skip
    if not any(_has_templates(raw) for _, _, raw in found) and not api.gateway_responses:
        return []  # no template: the template engine is not loaded
    from .mock.mapping import gateway_response_problems, template_problems

    problems = [(base + pointer, f"{prefix}the mapping template does not compile: {message}") for base, prefix, raw in found for pointer, message in template_problems(raw)]
    problems += [("/x-amazon-apigateway-gateway-responses" + pointer, f"the gateway response's mapping template does not compile: {message}")
                 for pointer, message in gateway_response_problems(api.gateway_responses)]  # fmt: skip
    out = []
    for pointer, message in problems:
        position = document.position(pointer)
        out.append(Diagnostic("warning", f"{message} (API Gateway imports templates as text: it fails when this one is "
                                         "used, not on import)", file=document.name,
                              pointer=pointer, line=position[0] if position else None,
                              column=position[1] if position else None))  # fmt: skip
    return out


def _has_templates(integration: Any) -> bool:
    return "requestTemplates" in integration or isinstance(integration.get("responses"), (dict, list))
