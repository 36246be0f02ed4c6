"""``sdkgen mock SPEC``: serve a definition on loopback as API Gateway would."""

from __future__ import annotations

import ipaddress
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..diagnostics import SpecError
from ..sources import TemplateOptions
from ..sources.cli import load_for_mock, template_options

if TYPE_CHECKING:
    from .app import RequestRecord
    from .config import FunctionConfig


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def _log(record: RequestRecord) -> None:
    colour = "green" if record.status < 400 else "yellow" if record.status < 500 else "red"
    status = click.style(str(record.status), fg=colour)
    key = f" key={record.key_id}" if record.key_id else ""
    extra = f" {record.error_type}" if record.error_type and record.status >= 400 else ""
    if record.function:
        extra += f" lambda={record.function}"
    cache = f" cache={record.cache}" if record.cache else ""
    line = f"{record.method} {record.path} {status} {record.latency_ms:.1f}ms{key}{cache}{extra}"
    click.echo(line.encode("utf-8", "backslashreplace").decode("utf-8"))  # a path may hold what the terminal cannot


@click.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="The gateway configuration (YAML).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=4010, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--stage", default=None, help="Serve this stage (default: the configured stages, else the export's basePath).")
@click.option("--api-key", "api_keys", multiple=True, callback=lambda ctx, param, values: _api_keys(values),
              help="Accept this API key (no usage plan); repeatable.")  # fmt: skip
# The configuration's range for seed: (0 .. 2^64-1), so that a seed means the same from the file and the flag.
@click.option("--seed", default=None, type=click.IntRange(0, 2**64 - 1), help="Seed for generated bodies, faults and latency.")
@click.option("--lenient", is_flag=True, help="Serve a definition even if it is not strictly valid OpenAPI.")
@click.option("--quiet", is_flag=True, help="Do not print a line per request.")
@click.option(
    "--admin/--no-admin", "admin", default=None,
    help="Serve the /__sdkgen/ admin routes (request log, reset, metrics). Default: the configuration's admin:, "
    "which is on for a loopback --host and off for any other unless the configuration says admin: true.",
)  # fmt: skip
@click.option(
    "--function", "functions", multiple=True, metavar="NAME=PATH.py:HANDLER",
    help="Run this Python handler for the routes whose Lambda integration names function NAME; repeatable.",
)  # fmt: skip
@click.option("--reload", is_flag=True, help="Restart a Lambda function's workers when its code changes.")
@template_options
def mock(
    spec: Path, config_path: Path | None, host: str, port: int, stage: str | None, api_keys: tuple[str, ...],
    seed: int | None, lenient: bool, quiet: bool, admin: bool | None, functions: tuple[str, ...], reload: bool,
    template: TemplateOptions,
) -> None:  # fmt: skip
    """Serve SPEC on loopback, enforcing API keys, authorizers, throttling and validation like API Gateway."""
    from .app import create_app  # here, not above: every other command would pay for the gateway's imports
    from .config import ConfigError, load_config
    from .server import bind, serve

    given = [_function_option(item) for item in functions]
    try:
        api, config = load_for_mock(spec, template, config_path, strict=not lenient)
        if given or reload:
            loaded = load_config(config)
            config = replace(loaded, functions={**loaded.functions, **dict(given)}, reload=reload)
        app = create_app(
            api, config, stage=stage, api_keys=api_keys, seed=seed, strict=not lenient,
            on_request=None if quiet else _log, admin=admin,
        )  # fmt: skip
        if admin is None and app.config.admin and not app.config.admin_set and not _loopback(host):
            # Anyone who can reach the port could read the log and reset quotas: off unless asked for.
            app.config = replace(app.config, admin=False)
            click.echo(f"Admin routes (/__sdkgen/) are off: {host} is not a loopback address (--admin serves them).")
    except ConfigError as exc:
        click.secho("error: ", fg="red", bold=True, nl=False, err=True)
        click.echo(str(exc), err=True)
        sys.exit(1)
    except SpecError as exc:
        for diagnostic in exc.diagnostics:
            click.echo(str(diagnostic), err=True)
        click.echo(f"{len(exc.diagnostics)} problem(s) in the definition (--lenient serves it anyway if it can).", err=True)
        sys.exit(1)
    try:
        sock = bind(host, port)
    except OSError as exc:
        click.secho("error: ", fg="red", bold=True, nl=False, err=True)
        click.echo(f"cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    actual = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    for base in app.base_paths():
        click.echo(f"Mock gateway for {app.api.title or spec.name}: http://{shown_host}:{actual}{base}")
    keys = ", ".join(k.id for k in app.config.api_keys)
    if keys:
        click.echo(f"API keys: {keys}")
    if app.functions is not None:
        for line in app.functions.describe():
            click.echo(f"Lambda: {line}")
    try:
        # Ctrl-C and SIGTERM stop the server and return here (serve's handlers): the Lambda workers and their temporary
        # folders are cleaned up below, and the stop asked for is an orderly end, exit 0 (not "Aborted!", exit 1).
        serve(app, sock, host, announce=lambda: click.echo("Press Ctrl-C to stop."))
    finally:
        sock.close()
        if app.functions is not None:
            app.functions.close()


def _api_keys(values: tuple[str, ...]) -> tuple[str, ...]:
    if any(not value.strip() for value in values):  # as the configuration's api_keys[].value: an empty key is no key
        raise click.BadParameter("an API key must not be empty", param_hint="--api-key")
    return values


def _function_option(item: str) -> tuple[str, FunctionConfig]:
    """``NAME=path/module.py:handler`` -> the function's configuration (its folder is the module's)."""
    from .config import FunctionConfig

    name, sep, target = item.partition("=")
    file, colon, handler = target.rpartition(":")
    if not sep or not name.strip() or not colon or not file.endswith(".py") or not handler.isidentifier():
        raise click.BadParameter(f"{item!r} is not NAME=path/module.py:handler", param_hint="--function")
    path = Path(file)
    place = f"--function {name.strip()}"
    return name.strip(), FunctionConfig(name.strip(), f"{path.stem}.{handler}", path.parent.resolve(), place=place)
