"""The ``sdkgen`` command: validate, generate (and mock, in ``sdkgen.mock``)."""

from __future__ import annotations

import functools
import os
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .diagnostics import Diagnostic, SpecError
from .mock.cli import mock
from .parse import load_api
from .parse.naming import is_valid_package_name
from .parse.naming import package_name as default_package_name

F = TypeVar("F", bound=Callable[..., Any])
MAX_WARNINGS_SHOWN = 20


def _report(diagnostics: list[Diagnostic], *, limit: int | None = None) -> None:
    shown = diagnostics if limit is None else diagnostics[:limit]
    for diagnostic in shown:
        colour = "red" if diagnostic.level == "error" else "yellow"
        click.secho(f"{diagnostic.location()}: ", nl=False, err=True)
        click.secho(f"{diagnostic.level}: ", fg=colour, bold=True, nl=False, err=True)
        click.echo(diagnostic.message, err=True)
    if limit is not None and len(diagnostics) > limit:
        click.echo(f"... and {len(diagnostics) - limit} more warnings (--verbose shows all)", err=True)


def _fail(message: str) -> None:
    click.secho("error: ", fg="red", bold=True, nl=False, err=True)
    click.echo(message, err=True)
    sys.exit(1)


def guarded(command: F) -> F:
    """No traceback reaches the user: spec problems are listed, anything else is one line."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SpecError as exc:
            _report(exc.diagnostics)
            click.echo(f"{len(exc.diagnostics)} problem(s); nothing was written.", err=True)
            sys.exit(1)
        except RecursionError:
            _fail("the definition nests too deeply to process")
        except MemoryError:
            _fail("the definition is too large to process in memory")
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - a bug of ours; say so in one line
            if os.environ.get("SDKGEN_DEBUG"):
                traceback.print_exc()
            _fail(f"internal error: {type(exc).__name__}: {exc} (set SDKGEN_DEBUG=1 for a traceback; please report it)")

    return wrapper  # type: ignore[return-value]


@click.group()
@click.version_option(package_name="sdkgen")
def main() -> None:
    """Typed Python clients and a mock gateway from AWS API Gateway exports."""


@main.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lenient", is_flag=True, help="Report validator problems as warnings, and exit 0 if a model can be built.")
@guarded
def validate(spec: Path, lenient: bool) -> None:
    """Check that SPEC is a usable definition; list every problem with its location."""
    parsed = load_api(spec, strict=not lenient)
    _report(parsed.problems + parsed.warnings)
    api = parsed.api
    click.echo(
        f"{spec}: usable: {len(api.operations)} operations, {len(api.schemas)} models, "
        f"{len(parsed.warnings) + len(parsed.problems)} warning(s)"
    )


@main.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True, help="Project directory to write.")
@click.option("--package-name", help="Import name of the package (default: from info.title).")
@click.option("--project-name", help="Distribution name in pyproject.toml (default: the package name with dashes).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if OUTPUT differs from what would be generated.")
@click.option("--force", is_flag=True, help="Replace OUTPUT even if sdkgen did not create it.")
@click.option("--lenient", is_flag=True, help="Generate despite validator problems (reported as warnings).")
@click.option("-v", "--verbose", is_flag=True, help="Show every warning.")
@guarded
def generate(
    spec: Path, output: Path, package_name: str | None, project_name: str | None, check: bool, force: bool, lenient: bool, verbose: bool
) -> None:
    """Generate a typed Python client project from SPEC into OUTPUT."""
    from .generate import generate as generate_files
    from .generate.write import OutputError, check_target, diff_tree, write_tree

    started = time.perf_counter()
    if package_name is not None and not is_valid_package_name(package_name):
        raise click.BadParameter(
            f"{package_name!r} is not a valid Python package name (an ASCII identifier, not a keyword, not a path)",
            param_hint="--package-name",
        )
    if project_name is not None and not _valid_project_name(project_name):
        raise click.BadParameter(f"{project_name!r} is not a valid project name", param_hint="--project-name")
    if not check:
        try:
            check_target(output, force=force)
        except OutputError as exc:
            _fail(str(exc))
    parsed = load_api(spec, strict=not lenient)
    _report(parsed.problems + parsed.warnings, limit=None if verbose else MAX_WARNINGS_SHOWN)
    name = package_name or default_package_name(parsed.api.title)
    result = generate_files(parsed.api, name, project_name)
    if check:
        differences = diff_tree(output, result.files)
        if differences:
            for line in differences[:50]:
                click.echo(line, err=True)
            _fail(f"{output} is not what {spec} generates ({len(differences)} difference(s))")
        click.echo(f"{output} is up to date with {spec}")
        return
    try:
        write_tree(output, result.files, force=force)
    except OutputError as exc:
        _fail(str(exc))
    elapsed = time.perf_counter() - started
    click.echo(
        f"Generated {name}: {result.operations} operations, {result.models} models, "
        f"{len(result.files)} files in {output} ({elapsed:.1f}s)"
    )


def _valid_project_name(name: str) -> bool:
    return re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", name) is not None


main.add_command(mock)
