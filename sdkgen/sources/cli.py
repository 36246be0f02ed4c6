"""The template options of ``validate``, ``generate`` and ``mock``, gathered into one ``TemplateOptions``."""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import REGION_NAME, TemplateOptions, open_source, template_warnings

if TYPE_CHECKING:
    from ..mock.config import GatewayConfig
    from ..model import Api

F = TypeVar("F", bound=Callable[..., Any])
_STACK_NAME = re.compile(r"^[A-Za-z][-A-Za-z0-9]{0,127}$")


def template_options(command: F) -> F:
    """Add --api, --parameter, --region, --stack-name and --stage; the command receives them as ``template``.

    A command with a ``--stage`` of its own (``mock``: the stage it serves) keeps it, and the template's stage is
    that one: one option, one meaning."""
    own_stage = "stage" in inspect.signature(command).parameters

    @functools.wraps(command)
    def wrapper(*args: Any, api: str | None, parameters: tuple[str, ...], region: str | None, stack_name: str | None,
                **kwargs: Any) -> Any:  # fmt: skip
        stage = kwargs["stage"] if own_stage else kwargs.pop("stage")
        pairs = []
        for item in parameters:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise click.BadParameter(f"{item!r} is not Name=Value", param_hint="--parameter")
            pairs.append((name.strip(), value))
        if region is not None and not REGION_NAME.fullmatch(region):
            raise click.BadParameter(f"{region!r} is not an AWS region name (like eu-west-1)", param_hint="--region")
        if stack_name is not None and not _STACK_NAME.match(stack_name):
            raise click.BadParameter(f"{stack_name!r} is not a stack name (a letter, then letters, digits and dashes)",
                                     param_hint="--stack-name")  # fmt: skip
        kwargs["template"] = TemplateOptions(api, tuple(pairs), region, stack_name, stage)
        return command(*args, **kwargs)

    options = [
        click.option("--api", help="Template: the logical id of the API to take (needed when it has several)."),
        click.option("--parameter", "parameters", multiple=True, metavar="NAME=VALUE",
                     help="Template: a parameter's value; repeatable."),
        click.option("--region", help="Template: the AWS::Region the stack is in (default: us-east-1)."),
        click.option("--stack-name", help="Template: the AWS::StackName (default: from the file name)."),
    ]  # fmt: skip
    if not own_stage:
        options.append(click.option("--stage", help="Template: the stage to take when the API has several (default: "
                                    "the one the template's Outputs name, else the first)."))  # fmt: skip
    decorated: Any = wrapper
    for option in reversed(options):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


def load_for_mock(
    spec: Path, template: TemplateOptions, config_path: Path | None, *, strict: bool
) -> tuple[Api, Path | GatewayConfig | dict[str, Any] | None]:
    """The model of SPEC (a definition or a template) and the mock's configuration: a template's usage plans and
    API keys, with ``config_path``'s top-level keys over them. Prints what reading the template warned about."""
    from ..mock.config import read_data
    from ..parse import load_api
    from .document import TemplateDocument
    from .gateway import gateway_config

    document = open_source(spec, template)
    for diagnostic in template_warnings(document):
        click.echo(str(diagnostic), err=True)
    api = load_api(document, strict=strict).api
    source = document.source if isinstance(document, TemplateDocument) else None
    if source is None or not (source.mock_config or source.functions):
        return api, config_path
    # a ConfigError naming its place
    given = read_data(config_path, "a YAML or JSON configuration") if config_path is not None else None
    config = gateway_config(source, given, config_path=config_path, spec=spec)
    if not (isinstance(given, dict) and "api_keys" in given):
        for made_up in source.made_up_keys:
            click.echo(f"API key from the template (value made up for this run): {made_up}")
    return api, config
