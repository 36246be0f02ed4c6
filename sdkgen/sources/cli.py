"""The template options of ``validate``, ``generate`` and ``mock``, gathered into one ``TemplateOptions``."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import TemplateOptions, open_source, template_warnings

if TYPE_CHECKING:
    from ..model import Api

F = TypeVar("F", bound=Callable[..., Any])
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")
_STACK_NAME = re.compile(r"^[A-Za-z][-A-Za-z0-9]{0,127}$")


def template_options(command: F) -> F:
    """Add --api, --parameter, --region and --stack-name; the command receives them as ``template``."""

    @functools.wraps(command)
    def wrapper(*args: Any, api: str | None, parameters: tuple[str, ...], region: str | None, stack_name: str | None,
                **kwargs: Any) -> Any:  # fmt: skip
        pairs = []
        for item in parameters:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise click.BadParameter(f"{item!r} is not Name=Value", param_hint="--parameter")
            pairs.append((name.strip(), value))
        if region is not None and not _REGION.match(region):
            raise click.BadParameter(f"{region!r} is not an AWS region name (like eu-west-1)", param_hint="--region")
        if stack_name is not None and not _STACK_NAME.match(stack_name):
            raise click.BadParameter(f"{stack_name!r} is not a stack name (a letter, then letters, digits and dashes)",
                                     param_hint="--stack-name")  # fmt: skip
        kwargs["template"] = TemplateOptions(api, tuple(pairs), region, stack_name)
        return command(*args, **kwargs)

    options = [
        click.option("--api", help="Template: the logical id of the API to take (needed when it has several)."),
        click.option("--parameter", "parameters", multiple=True, metavar="NAME=VALUE",
                     help="Template: a parameter's value; repeatable."),
        click.option("--region", help="Template: the AWS::Region the stack is in (default: us-east-1)."),
        click.option("--stack-name", help="Template: the AWS::StackName (default: from the file name)."),
    ]  # fmt: skip
    decorated: Any = wrapper
    for option in reversed(options):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


def load_template_api(spec: Path, template: TemplateOptions, *, strict: bool) -> Api:
    """The model of SPEC (a definition or a template), printing what reading a template warned about."""
    from ..parse import load_api

    document = open_source(spec, template)
    for diagnostic in template_warnings(document):
        click.echo(str(diagnostic), err=True)
    return load_api(document, strict=strict).api
