"""The mock's configuration for an API taken from a template: what the stack implies (usage plans, API keys, its
Python functions), with the user's configuration over it. ``sdkgen mock TEMPLATE`` and the pytest plugin's
``mock_gateway("template.yaml")`` both take it from here."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .document import TemplateSource

if TYPE_CHECKING:
    from ..mock.config import GatewayConfig


def gateway_config(source: TemplateSource, given: Any, *, config_path: Path | None, spec: Path) -> GatewayConfig:
    """``given`` (the configuration file's data, None without one) over the stack's configuration: its top-level keys
    replace the stack's, its ``functions`` entries the template's functions of the same name. A problem is a
    ``ConfigError`` located in the configuration file (or the template, without one)."""
    from ..mock.config import parse_config

    origin = str(config_path) if config_path is not None else f"{spec} (its usage plans and API keys)"
    base_dir = config_path.parent if config_path is not None else Path.cwd()
    if given is not None and not isinstance(given, Mapping):
        return parse_config(given, origin=origin, base_dir=base_dir)  # refused there, as not a mapping
    mine: Mapping[str, Any] = given or {}
    merged = {**source.mock_config, **mine}
    if source.functions:
        from ..lambdas.integration import specs_from_template

        theirs, wanted = specs_from_template(source), mine.get("functions")
        merged["functions"] = {**theirs, **wanted} if isinstance(wanted, Mapping) else theirs if wanted is None else wanted
    return parse_config(merged, origin=origin, base_dir=base_dir)
