"""A pytest plugin for testing your code against the mock gateway (consumer-side contract tests).

    def test_checkout(mock_gateway):
        gw = mock_gateway("specs/shop.yaml", config={"api_keys": [{"id": "ci", "value": "ci-key-0123456789"}]})
        client = shop_api.Client(base_url=gw.url, api_key=gw.api_keys["ci"], token=gw.token(scopes=["shop/write"]))
        ...
        assert gw.requests[-1].status == 201

The gateway runs under uvicorn on a free 127.0.0.1 port in a background thread and stops with the test.
With ``strict=True`` every request is validated against the definition, and a request that breaks it
fails the test that made it, listing the violations, unless the test declared it (a deliberate 400):

    with gw.expect_violations() as refused:
        httpx.post(gw.url + "/orders", json={})
    assert refused[0].status == 400

The definition is loaded as ``sdkgen mock`` loads it: strictly valid OpenAPI, or anything it can serve
with ``lenient=True``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .model import Api
from .mock import GatewayConfig, MockGateway, RequestRecord, create_app
from .mock.server import ServerThread
from .sources import TemplateOptions

__all__ = ["Gateway", "mock_gateway"]


class Gateway:
    """A running mock gateway: its URL, what it received, and credentials it accepts."""

    def __init__(self, app: MockGateway, server: ServerThread, *, strict: bool) -> None:
        self.app = app
        self.server = server
        self.strict = strict
        # Violations a test declared with expect_violations (by request id), and the open declaration's list.
        self._expected: set[str] = set()
        self._expecting: list[RequestRecord] | None = None
        self._lock = threading.Lock()
        self._recorded: list[RequestRecord] = []  # every violation seen, even if the log has dropped it since
        base = app.base_paths()[0] if app.base_paths() else ""
        self.root_url = server.url
        self.url = server.url + base  # the stage's base URL: what a client's base_url should be

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request received so far, oldest first, with any validation errors."""
        return list(self.app.records)

    @property
    def violations(self) -> list[RequestRecord]:
        """Requests that broke the definition, except those a test declared with ``expect_violations``."""
        with self._lock:
            return [r for r in self._recorded if r.request_id not in self._expected]

    def _on_request(self, record: RequestRecord) -> None:
        # Runs in the server's thread, before the response's body is sent: a client that has its answer finds it here.
        if not record.validation_errors:
            return
        with self._lock:
            self._recorded.append(record)
            if self._expecting is not None:
                self._expecting.append(record)
                self._expected.add(record.request_id)

    @contextmanager
    def expect_violations(self) -> Iterator[list[RequestRecord]]:
        """Requests made inside the block may break the definition (a negative test); the list holds those that did.
        A block in which no request broke it fails: the mock accepted what the test meant to be refused."""
        expecting: list[RequestRecord] = []
        with self._lock:
            self._expecting = expecting
        try:
            yield expecting
        finally:
            with self._lock:
                self._expecting = None
        if not expecting:
            raise AssertionError("expect_violations: no request in the block broke the definition")

    @property
    def invocations(self) -> list[Any]:
        """What each Lambda function received and returned, oldest first (``sdkgen.lambdas.integration.Invocation``:
        ``function``, ``event``, ``result``, ``error``, ``status``)."""
        functions = self.app.functions
        return list(functions.invocations) if functions is not None else []

    @property
    def metrics(self) -> dict[str, Any]:
        return {route: m.as_dict() for route, m in self.app.metrics.items()}

    @property
    def api_keys(self) -> dict[str, str]:
        """Configured API keys: id -> value."""
        return {k.id: k.value for k in self.app.config.api_keys}

    def reset(self) -> None:
        """Forget recorded requests and metrics; refill token buckets and quotas; empty caches."""
        self.app.reset()

    def token(
        self,
        scopes: Sequence[str] = (),
        *,
        expires_in: float = 3600,
        scheme: str | None = None,
        access: bool = False,
        claims: Mapping[str, Any] | None = None,
    ) -> str:
        """A JWT the configured authorizer ``scheme`` accepts (HS256 ``hs256_secret`` authorizers).

        ``access=True`` mints an access token (``client_id``) instead of an ID token (``aud``); a
        negative ``expires_in`` gives an expired one.
        """
        import jwt

        authorizers = {n: a for n, a in self.app.config.authorizers.items() if a.hs256_secret}
        if scheme is None:
            if len(authorizers) != 1:
                raise ValueError(f"name the scheme: authorizers with an hs256_secret are {sorted(authorizers)}")
            scheme = next(iter(authorizers))
        if scheme not in authorizers:
            raise ValueError(f"authorizer {scheme!r} has no hs256_secret to sign tokens with")
        config = authorizers[scheme]
        definition = self.app.api.security_schemes.get(scheme)
        audience = config.audience or (definition.audience if definition else ()) or ("sdkgen-test",)
        issuer = config.issuer or (definition.issuer if definition else None)
        now = int(time.time())
        payload: dict[str, Any] = {"sub": "sdkgen-test-user", "iat": now, "exp": now + int(expires_in)}
        if issuer:
            payload["iss"] = issuer
        if access:
            payload.update(token_use="access", client_id=audience[0])
        else:
            payload.update(token_use="id", aud=audience[0])
        if scopes:
            payload["scope"] = " ".join(scopes)
        payload.update(claims or {})
        assert config.hs256_secret is not None
        return jwt.encode(payload, config.hs256_secret, algorithm="HS256")

    def stop(self) -> None:
        self.server.stop()
        if self.app.functions is not None:
            self.app.functions.close()

    def violation_report(self) -> str:
        lines = [f"{len(self.violations)} request(s) broke the definition:"]
        for record in self.violations:
            lines.append(f"  {record.method} {record.path} -> {record.status}: " + "; ".join(record.validation_errors))
        return "\n".join(lines)


GatewayFactory = Callable[..., Gateway]


@pytest.fixture
def mock_gateway() -> Iterator[GatewayFactory]:
    """``mock_gateway(spec, config=None, *, strict=False, seed=None, lenient=False)`` starts a mock gateway for the test.

    For a SAM / CloudFormation template, ``api``, ``parameters`` ({name: value}), ``region``, ``stack_name`` and
    ``stage`` are the command line's ``--api``, ``--parameter``, ``--region``, ``--stack-name`` and ``--stage``
    (``stage`` also names the stage served, of any definition)."""
    started: list[Gateway] = []

    def start(
        spec: str | Path | Api,
        config: str | Path | Mapping[str, Any] | GatewayConfig | None = None,
        *,
        strict: bool = False,
        seed: int | None = None,
        lenient: bool = False,
        max_seconds: float = 600.0,
        functions: Mapping[str, str | Mapping[str, Any]] | None = None,
        api: str | None = None,
        parameters: Mapping[str, str] | None = None,
        region: str | None = None,
        stack_name: str | None = None,
        stage: str | None = None,
    ) -> Gateway:
        if isinstance(spec, (str, Path)):
            options = _options(api, parameters, region, stack_name, stage)
            spec, config = _template(Path(spec), config, options, strict=not lenient)
        if functions:
            config = _with_functions(config, functions)
        if strict:
            config = _strict(config)
        recorder: list[Callable[[RequestRecord], None]] = []
        app = create_app(spec, config, stage=stage, seed=seed, strict=not lenient, on_request=lambda record: recorder[0](record))
        server = ServerThread(app, max_seconds=max_seconds)
        gateway = Gateway(app, server, strict=strict)
        recorder.append(gateway._on_request)
        server.start()
        started.append(gateway)
        return gateway

    yield start
    failures = []
    for gateway in started:
        gateway.stop()
        if gateway.strict and gateway.violations:
            failures.append(gateway.violation_report())
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


def _options(api: str | None, parameters: Mapping[str, str] | None, region: str | None, stack_name: str | None,
             stage: str | None) -> TemplateOptions:  # fmt: skip
    """The template options, checked as the command line checks them (a ``ValueError`` saying which is wrong)."""
    from .sources import REGION_NAME
    from .sources.cli import _STACK_NAME

    pairs = tuple((str(name), str(value)) for name, value in (parameters or {}).items())
    if any(not name.strip() for name, _ in pairs):
        raise ValueError("mock_gateway(parameters=...): a parameter's name is empty")
    if region is not None and not REGION_NAME.fullmatch(region):
        raise ValueError(f"mock_gateway(region={region!r}): not an AWS region name (like eu-west-1)")
    if stack_name is not None and not _STACK_NAME.fullmatch(stack_name):
        raise ValueError(f"mock_gateway(stack_name={stack_name!r}): not a stack name (a letter, then letters, digits and dashes)")
    return TemplateOptions(api, pairs, region, stack_name, stage)


def _template(
    path: Path, config: str | Path | Mapping[str, Any] | GatewayConfig | None, options: TemplateOptions, *, strict: bool
) -> tuple[Api | Path, str | Path | Mapping[str, Any] | GatewayConfig | None]:
    """A template's API, with the stack's usage plans, keys and Python functions under ``config``'s own keys;
    a definition file as it is."""
    from .parse import load_api
    from .sources import open_source
    from .sources.document import TemplateDocument

    document = open_source(path, options)
    source = document.source if isinstance(document, TemplateDocument) else None
    if source is None:
        return path, config
    api = load_api(document, strict=strict).api
    if isinstance(config, GatewayConfig):
        return api, config
    from .mock.config import read_data
    from .sources.gateway import gateway_config

    if isinstance(config, (str, Path)):  # read as sdkgen mock --config reads it: limits, located errors
        file = Path(config)
        return api, gateway_config(source, read_data(file, "a YAML or JSON configuration"), config_path=file, spec=path)
    return api, gateway_config(source, config, config_path=None, spec=path)


def _with_functions(
    config: str | Path | Mapping[str, Any] | GatewayConfig | None, functions: Mapping[str, str | Mapping[str, Any]]
) -> GatewayConfig:
    """``functions={"getTodo": "src/app.py:get_todo"}`` (or a configuration entry) over the configuration's."""
    from dataclasses import replace

    from .mock import load_config
    from .mock.config import FunctionConfig, parse_config

    loaded = load_config(config)
    added: dict[str, FunctionConfig] = {}
    for name, given in functions.items():
        if isinstance(given, str):
            file, _, handler = given.rpartition(":")
            path = Path(file).resolve()
            added[name] = FunctionConfig(name, f"{path.stem}.{handler}", path.parent, place=f"functions[{name!r}]")
        else:
            added.update(parse_config({"functions": {name: dict(given)}}).functions)
    return replace(loaded, functions={**loaded.functions, **added})


def _strict(config: str | Path | Mapping[str, Any] | GatewayConfig | None) -> Mapping[str, Any] | GatewayConfig:
    from dataclasses import replace

    from .mock import load_config

    loaded = load_config(config)
    return replace(loaded, validation="strict")
