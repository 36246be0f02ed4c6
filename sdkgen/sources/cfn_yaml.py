"""CloudFormation's YAML short forms (``!Ref``, ``!Sub``, ``!GetAtt a.b`` ...) loaded as their long forms."""

from __future__ import annotations

from typing import Any

import yaml

from .. import load
from ..diagnostics import Diagnostic, SpecError

# Short form -> long form key. ``!Ref`` and ``!Condition`` have no ``Fn::`` prefix in the long form.
SHORT_FORMS = {
    "Ref": "Ref",
    "Condition": "Condition",
    **{
        name: "Fn::" + name
        for name in (
            "Sub", "GetAtt", "If", "Join", "Select", "Split", "FindInMap", "ImportValue", "Equals", "Not", "And", "Or",
            "Base64", "Cidr", "GetAZs", "Transform", "ToJsonString", "Length",
        )
    },
}  # fmt: skip


class CfnLoader(load._SafeLoader):
    """The definition loader's YAML rules plus CloudFormation's tags."""


def _construct(long_form: str) -> Any:
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        value: Any
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        if long_form == "Fn::GetAtt" and isinstance(value, str):
            # `!GetAtt Resource.Attribute`; an attribute may itself hold dots (Outputs.Name).
            resource, _, attribute = value.partition(".")
            value = [resource, attribute]
        return {long_form: value}

    return construct


for _short, _long in SHORT_FORMS.items():
    CfnLoader.add_constructor("!" + _short, _construct(_long))


def is_short_form_error(error: SpecError) -> bool:
    """Whether ordinary loading failed only because of a ``!Tag`` it does not know."""
    return any("could not determine a constructor for the tag '!" in d.message for d in error.diagnostics)


def load_yaml(text: str, name: str) -> Any:
    """Parse a template's YAML with the short forms, with the definition loader's limits and located errors."""
    try:
        load._check_depth(text, name)
        data = yaml.load(text, Loader=CfnLoader)  # noqa: S506 - a safe loader with a few tags more
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed YAML"
        raise SpecError(
            [Diagnostic("error", f"invalid YAML: {problem}", file=name, line=mark.line + 1 if mark else None,
                        column=mark.column + 1 if mark else None)]
        ) from None  # fmt: skip
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise SpecError([Diagnostic("error", f"invalid YAML: {exc}", file=name)]) from None
    if "&" in text and "*" in text:
        load._check_expansion(data, name)
    return data
