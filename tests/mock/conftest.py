"""Fixtures for the mock gateway's tests; definitions and helpers live in gateway_helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from gateway_helpers import base_config, client_for, shop

from sdkgen.mock import create_app

MakeClient = Callable[..., httpx.AsyncClient]


@pytest.fixture
async def make_client() -> AsyncIterator[Callable[..., httpx.AsyncClient]]:
    """``make_client(spec=None, config=None, **create_app kwargs)`` -> an AsyncClient bound to a fresh app."""
    clients: list[httpx.AsyncClient] = []

    def make(spec: Any = None, config: Any = None, **kwargs: Any) -> httpx.AsyncClient:
        app = create_app(spec if spec is not None else shop(), base_config() if config is None else config, **kwargs)
        client = client_for(app)
        client.app = app  # type: ignore[attr-defined]
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()
