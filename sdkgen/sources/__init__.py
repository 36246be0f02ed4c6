"""Where a definition comes from, before load: an OpenAPI file as it is, or the API of a SAM or
CloudFormation template (short forms read, intrinsics resolved, the SAM transform applied).

``open_source`` is the one entry: it returns the ``Document`` that ``load.Workspace`` starts from. For a
template that document holds the chosen API's definition, names the template (or the included file) and
places each pointer at its origin in it, so messages are located in what the user wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, SpecError
from ..load import Document, read_document, resolved

# Only a template pays for the rest of this package (every definition passes through open_source).
_LAZY = {"TemplateDocument": "document", "TemplateSource": "document", "FunctionInfo": "document"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
# An AWS region's name (us-east-1, us-gov-west-1, cn-north-1), for --region, the plugin's region= and iam.region;
# checked with fullmatch (match lets a trailing newline through).
REGION_NAME = re.compile(r"[a-z]{2}(-[a-z]+)+-\d+")


@dataclass(frozen=True)
class TemplateOptions:
    """What the command line says about a template: which API, parameter values, where the stack runs."""

    api: str | None = None
    parameters: tuple[tuple[str, str], ...] = ()
    region: str | None = None
    stack_name: str | None = None
    # The stage to take when the API is deployed to several (its base URL, throttling, usage plans). Not a
    # template-only option: `sdkgen mock --stage` names the stage it serves, of any definition.
    stage: str | None = None


def is_template(data: Any) -> bool:
    """A CloudFormation or SAM template rather than an OpenAPI definition."""
    if not isinstance(data, dict) or "openapi" in data or "swagger" in data:
        return False
    return "AWSTemplateFormatVersion" in data or is_sam(data) or isinstance(data.get("Resources"), dict)


def is_sam(data: dict[str, Any]) -> bool:
    """The template needs the SAM transform: it declares it, or (as SAM's own examples do) uses SAM resources."""
    transform = data.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    if SAM_TRANSFORM in names:
        return True
    resources = data.get("Resources")
    return isinstance(resources, dict) and any(
        isinstance(r, dict) and str(r.get("Type", "")).startswith("AWS::Serverless::") for r in resources.values()
    )


def read_any(path: Path) -> Document:
    """Read a file as the definition loader does; YAML with CloudFormation's ``!Tags`` is read with them."""
    from . import cfn_yaml

    try:
        return read_document(path)
    except SpecError as exc:
        if not cfn_yaml.is_short_form_error(exc):
            raise
        refused = exc
    text = path.read_bytes().decode("utf-8-sig")  # read_document's checks passed up to the YAML
    data = cfn_yaml.load_yaml(text, str(path))
    if not is_template(data):
        raise refused  # short forms mean something in a template only
    return Document(path=path, data=data, text=text)


def open_source(source: str | Path | Document, options: TemplateOptions | None = None) -> Document:
    """The document the pipeline loads: ``source`` itself, or the chosen API of a template."""
    if isinstance(source, Document):
        return source
    document = read_any(resolved(Path(source)))
    if not is_template(document.data):
        if options is not None and options != TemplateOptions(stage=options.stage):
            given = _given(options)
            raise SpecError.single(f"{given} apply to templates only; this file is not a SAM or CloudFormation template",
                                   file=document.name)  # fmt: skip
        return document
    from .template import definition  # only templates pay for it

    return definition(document, options or TemplateOptions())


def _given(options: TemplateOptions) -> str:
    names = [("--api", options.api), ("--parameter", options.parameters), ("--region", options.region),
             ("--stack-name", options.stack_name)]  # fmt: skip
    return ", ".join(name for name, value in names if value)


def template_warnings(document: Document) -> list[Diagnostic]:
    """The warnings taking the definition out of a template gave (none for a plain definition)."""
    warnings: list[Diagnostic] = getattr(document, "warnings", [])  # a TemplateDocument's
    return list(warnings)


def stack_name_of(path: Path) -> str:
    """``my_app.template.yaml`` -> ``my-app``: a valid stack name from the file's name."""
    stem = re.sub(r"[^A-Za-z0-9-]+", "-", path.name.split(".", 1)[0]).strip("-")
    if not stem or not stem[0].isalpha():
        stem = "stack-" + stem if stem else "stack"
    return stem[:128]


__all__ = ["TemplateOptions", "open_source", "is_template", "template_warnings", "read_any"]
