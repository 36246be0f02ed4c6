"""The SAM transform, by AWS's own library (aws-sam-translator), run offline.

Its quirks: it needs a region (given through a boto3 session, which opens no connection) and it refuses
local ``CodeUri`` / ``DefinitionUri`` values, so those get ``s3://`` placeholders while the local paths are
kept beside. Nested applications (``AWS::Serverless::Application``) would be fetched from the Serverless
Application Repository: they are left out, and a reference to one is an unresolved value.
"""

from __future__ import annotations

import copy
import logging
import re
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, SpecError

PLACEHOLDER_BUCKET = "sdkgen-local-placeholder"
# Properties that name local code or files, per SAM resource type.
_LOCAL_URIS = {
    "AWS::Serverless::Function": "CodeUri",
    "AWS::Serverless::LayerVersion": "ContentUri",
    "AWS::Serverless::Api": "DefinitionUri",
    "AWS::Serverless::HttpApi": "DefinitionUri",
    "AWS::Serverless::StateMachine": "DefinitionUri",
}


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def is_local(uri: Any) -> bool:
    return isinstance(uri, str) and not uri.startswith("s3://")


def prepare(template: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Path | str]]:
    """A copy the translator accepts, and each resource's local path it replaced (relative as written)."""
    prepared = copy.deepcopy(template)
    local: dict[str, Path | str] = {}
    resources = _mapping(prepared.get("Resources"))
    globals_ = _mapping(prepared.get("Globals"))
    function_globals = _mapping(globals_.get("Function"))
    if is_local(function_globals.get("CodeUri")):
        local["Globals"] = function_globals["CodeUri"]
        function_globals["CodeUri"] = f"s3://{PLACEHOLDER_BUCKET}/globals"
    for logical, resource in list(resources.items()):
        if not isinstance(resource, dict):
            continue
        kind = resource.get("Type")
        if kind == "AWS::Serverless::Application":
            del resources[logical]
            continue
        prop = _LOCAL_URIS.get(str(kind))
        properties = resource.setdefault("Properties", {})
        if not prop or not isinstance(properties, dict):
            continue
        if is_local(properties.get(prop)):
            local[logical] = properties[prop]
            properties[prop] = f"s3://{PLACEHOLDER_BUCKET}/{logical}"
        elif kind == "AWS::Serverless::Function" and properties.get("PackageType") == "Image" and "ImageUri" not in properties:
            # `sam build` fills it from the function's Docker Metadata.
            properties["ImageUri"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com/sdkgen-placeholder:latest"
        elif (kind == "AWS::Serverless::Function" and not {"CodeUri", "InlineCode", "ImageUri"} & set(properties)
              and "CodeUri" not in function_globals and properties.get("PackageType") != "Image"):  # fmt: skip
            properties["CodeUri"] = f"s3://{PLACEHOLDER_BUCKET}/{logical}"
    return prepared, local


def translate(template: dict[str, Any], parameters: dict[str, Any], region: str, file: str) -> dict[str, Any]:
    """The CloudFormation template the SAM transform makes of ``template`` (already prepared)."""
    try:
        import boto3
        from samtranslator.model.exceptions import InvalidDocumentException, InvalidEventException, InvalidResourceException
        from samtranslator.parser.parser import Parser
        from samtranslator.translator.translator import Translator
        from samtranslator.utils.py27hash_fix import undo_mark_unicode_str_in_template
    except ImportError:
        raise SpecError.single(
            "reading a SAM template needs aws-sam-translator: pip install aws-sam-translator "
            "(sdkgen's own install brings it)", file=file,
        ) from None  # fmt: skip
    # Its log lines (missing feature toggles, ...) are about its own configuration, not the user's template.
    logging.getLogger("samtranslator").setLevel(logging.ERROR)
    session = boto3.session.Session(region_name=region)  # the translator's region; no connection is made
    translator = Translator(None, Parser(), boto_session=session)
    try:
        translated = translator.translate(
            copy.deepcopy(template), parameter_values=dict(parameters), get_managed_policy_map=_no_policies
        )
        # The translator marks strings with its own str subclass (Python 2 hash order); plain str again.
        return undo_mark_unicode_str_in_template(translated)  # type: ignore[no-any-return]
    except InvalidDocumentException as exc:
        causes = getattr(exc, "causes", None) or [exc]
        raise SpecError([_located(str(getattr(c, "message", c)), file) for c in causes]) from None
    except (InvalidResourceException, InvalidEventException) as exc:
        raise SpecError([_located(str(getattr(exc, "message", exc)), file)]) from None
    except Exception as exc:  # noqa: BLE001 - the library's own failure: one located line, not a traceback
        # Its message only: the class of a library's exception means nothing to the template's author.
        raise SpecError.single(f"the SAM transform failed on this template: {exc}", file=file) from None


def _no_policies() -> dict[str, str]:
    """Managed policy names are not looked up in IAM offline; the translator then writes their ARN form."""
    return {}


def _located(message: str, file: str) -> Diagnostic:
    match = re.search(r"Resource with id \[([^\]]+)\]", message)
    pointer = f"/Resources/{match.group(1)}" if match else ""
    return Diagnostic("error", f"SAM: {message}", file=file, pointer=pointer)
