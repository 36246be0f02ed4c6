"""sdkgen's mock gateway: serves an API definition on loopback the way API Gateway would.

``create_app(spec, config=None)`` returns the ASGI application; ``sdkgen mock`` runs it under uvicorn.
The application's modules (uvicorn, the validators) load when first used, so that ``sdkgen generate``,
which registers the ``mock`` command too, does not pay for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import MockGateway, RequestRecord, create_app
    from .config import ConfigError, GatewayConfig, load_config

_WHERE = {
    "MockGateway": "app",
    "RequestRecord": "app",
    "create_app": "app",
    "ConfigError": "config",
    "GatewayConfig": "config",
    "load_config": "config",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)


__all__ = ["ConfigError", "GatewayConfig", "MockGateway", "RequestRecord", "create_app", "load_config"]
