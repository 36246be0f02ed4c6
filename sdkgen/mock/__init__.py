"""sdkgen's mock gateway: serves an API definition on loopback the way API Gateway would.

``create_app(spec, config=None)`` returns the ASGI application; ``sdkgen mock`` runs it under uvicorn.
"""

from __future__ import annotations

from .app import MockGateway, RequestRecord, create_app
from .config import ConfigError, GatewayConfig, load_config

__all__ = ["ConfigError", "GatewayConfig", "MockGateway", "RequestRecord", "create_app", "load_config"]
