"""The ``sdkgen`` command: validate, generate, fetch (and mock, in ``sdkgen.mock``)."""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .diagnostics import Diagnostic, SpecError, printable
from .mock.cli import mock
from .mock.config import ConfigError
from .parse import load_api
from .parse.naming import package_name_problem
from .parse.naming import package_name as default_package_name
from .sources import TemplateOptions, open_source
from .sources.cli import template_options
from .validate import template_warnings

F = TypeVar("F", bound=Callable[..., Any])
MAX_WARNINGS_SHOWN = 20
MAX_NAME_LENGTH = 100  # --package-name, --project-name


def _report(diagnostics: list[Diagnostic], *, limit: int | None = None) -> None:
    shown = diagnostics if limit is None else diagnostics[:limit]
    for diagnostic in shown:
        colour = "red" if diagnostic.level == "error" else "yellow"
        click.secho(f"{diagnostic.location()}: ", nl=False, err=True)
        click.secho(f"{diagnostic.level}: ", fg=colour, bold=True, nl=False, err=True)
        click.echo(printable(diagnostic.message), err=True)
    if limit is not None and len(diagnostics) > limit:
        click.echo(f"... and {len(diagnostics) - limit} more warnings (--verbose shows all)", err=True)


def _fail(message: str) -> None:
    click.secho("error: ", fg="red", bold=True, nl=False, err=True)
    click.echo(printable(message), err=True)
    sys.exit(1)


def guarded(*, writes: bool = False) -> Callable[[F], F]:
    """No traceback reaches the user: spec problems are listed, anything else is one line.

    ``writes``: the command writes files, and on a problem says that it wrote none.
    """
    return functools.partial(_guarded, writes=writes)


def _guarded(command: F, *, writes: bool) -> F:
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SpecError as exc:
            _report(exc.diagnostics)
            click.echo(f"{len(exc.diagnostics)} problem(s)" + ("; nothing was written." if writes else "."), err=True)
            sys.exit(1)
        except ConfigError as exc:  # the mock's configuration: its file and the key's place
            _fail(str(exc))
        except RecursionError:
            _fail("the definition nests too deeply to process")
        except MemoryError:
            _fail("the definition is too large to process in memory")
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except OSError as exc:  # a file the user named that cannot be read or written: say which, and why
            names = [str(name) for name in (exc.filename, exc.filename2) if name is not None]
            _fail(f"{' -> '.join(map(printable, names)) or 'a file'}: {exc.strerror or exc}")
        except Exception as exc:  # noqa: BLE001 - a bug of ours; say so in one line
            if os.environ.get("SDKGEN_DEBUG"):
                traceback.print_exc()
            _fail(f"internal error: {type(exc).__name__}: {exc} (set SDKGEN_DEBUG=1 for a traceback; please report it)")

    return wrapper  # type: ignore[return-value]


@click.group()
@click.version_option(version=__version__, package_name="apigw-sdkgen", prog_name="sdkgen")
def main() -> None:
    """Typed Python clients and a mock gateway from AWS API Gateway exports."""


def run() -> None:
    """The ``sdkgen`` program: ``main``, then an exit that skips freeing the heap object by object.

    After a large definition that teardown is about a tenth of a second of nothing (the files are
    written and closed by then). ``main`` stays an ordinary click command for in-process callers.
    """
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@main.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lenient", is_flag=True, help="Report validator problems as warnings, and exit 0 if a model can be built.")
@template_options
@guarded()
def validate(spec: Path, lenient: bool, template: TemplateOptions) -> None:
    """Check that SPEC is a usable definition (or a template's API); list every problem with its location."""
    document = open_source(spec, template)
    parsed = load_api(document, strict=not lenient)
    api = parsed.api
    found = parsed.warnings + template_warnings(api, document)
    _report(parsed.problems + found)
    click.echo(
        f"{spec}: usable: {len(api.operations)} operations, {len(api.schemas)} models, "
        f"{len(found) + len(parsed.problems)} warning(s)"
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
@click.option("--full-black", is_flag=True, help="Run black over every module (slower; the output is the same).")
@click.option("--pagination", "pagination_file", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML/JSON: operationId -> {style, items, next_field, request_param} or false; over what is detected.")  # fmt: skip
@template_options
@guarded(writes=True)
def generate(
    spec: Path, output: Path, package_name: str | None, project_name: str | None, check: bool, force: bool, lenient: bool,
    verbose: bool, full_black: bool, template: TemplateOptions, pagination_file: Path | None = None,
) -> None:
    """Generate a typed Python client project from SPEC into OUTPUT."""
    from .generate import generate as generate_files
    from .generate.write import OutputError, Staging, diff_tree

    started = time.perf_counter()
    problem = None if package_name is None else package_name_problem(package_name)
    for hint, given in (("--package-name", package_name), ("--project-name", project_name)):
        if given is not None and len(given) > MAX_NAME_LENGTH:  # a folder's name on disk, and more to type than a name
            raise click.BadParameter(f"longer than {MAX_NAME_LENGTH} characters", param_hint=hint)
    if problem is not None:
        raise click.BadParameter(problem, param_hint="--package-name")
    if project_name is not None and not _valid_project_name(project_name):
        raise click.BadParameter(f"{project_name!r} is not a valid project name", param_hint="--project-name")
    if output.exists() and not output.is_dir():
        _fail(f"{output} is a file; --output names the project's directory")
    try:
        # Files are written into a staging directory as they are made; it replaces OUTPUT once all is well.
        staging = None if check else Staging(output, force=force)
    except OutputError as exc:
        _fail(str(exc))
    except OSError as exc:  # its folder is a file, or cannot be written
        _fail(f"cannot write {output}: {exc.strerror or exc}")
    try:
        with _collector_paused():
            parsed = load_api(open_source(spec, template), strict=not lenient, background=True)
            if pagination_file is not None:
                from .parse.pagination import apply_file

                apply_file(parsed.api, pagination_file)
            name = package_name or default_package_name(parsed.api.title)
            result = generate_files(parsed.api, name, project_name, full_black=full_black, sink=None if staging is None else staging.write)
        parsed.finish_validation()  # before anything is compared or put in place
        _report(parsed.problems + parsed.warnings, limit=None if verbose else MAX_WARNINGS_SHOWN)
        if staging is not None:
            staging.commit()
    except OSError as exc:  # OutputError included
        if staging is not None:
            staging.discard()
        _fail(str(exc) if isinstance(exc, OutputError) else f"cannot write {output}: {exc.strerror or exc}")
    except BaseException:
        if staging is not None:
            staging.discard()
        raise
    if check:
        differences = diff_tree(output, result.files)
        if differences:
            for line in differences[:50]:
                click.echo(line, err=True)
            _fail(f"{output} is not what {spec} generates ({len(differences)} difference(s))")
        click.echo(f"{output} is up to date with {spec}")
        return
    elapsed = time.perf_counter() - started
    for kept in staging.kept_edited if staging is not None else []:
        click.echo(f"warning: kept {output / kept}: sdkgen no longer writes it, and it was edited since it did", err=True)
    click.echo(
        f"Generated {name}: {result.operations} operations, {result.models} models, "
        f"{result.count} files in {output} ({elapsed:.1f}s)"
    )
    for op in parsed.api.operations:
        if op.pagination is not None:
            click.echo(f"  paginated: {op.py_name} ({op.pagination.reason})")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the model and the files are built.

    They are hundreds of thousands of objects that live until the end; each full collection walks
    them all, for next to no garbage (GitHub's definition: a third of the parsing time). Forked
    children inherit the pause, which also spares them copying pages that a collection would touch.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _valid_project_name(name: str) -> bool:
    return re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", name) is not None


@main.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", required=True, help="Base URL of the API, with its stage (https://.../prod).")
@click.option("--api-key", help="API key to send where an operation asks for one.")
@click.option("--token", help="Token for JWT, Cognito, OAuth2 and Lambda authorizer schemes.")
@click.option(
    "--access-token",
    help="Token for the methods whose security names OAuth scopes (a Cognito access token); --token goes to the others.",
)
@click.option("--header", "headers", multiple=True, help="Extra header 'Name: value'; repeatable.")
@click.option("--operations", "operations", multiple=True, help="Only these operations ('GET /products'); repeatable.")
@click.option("--max-examples", default=3, show_default=True, type=click.IntRange(1, 1000), help="Requests per operation.")
@click.option("--include-unsafe", is_flag=True, help="Also call POST, PUT, PATCH and DELETE operations.")
@click.option("--negative", is_flag=True, help="Also check that wrong credentials and invalid bodies are refused.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Write a JUnit XML report here.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed for generated inputs.")
@click.option("--lenient", is_flag=True, help="Accept a definition that is not strictly valid OpenAPI.")
@guarded()
def contract(
    spec: Path, url: str, api_key: str | None, token: str | None, access_token: str | None, headers: tuple[str, ...],
    operations: tuple[str, ...], max_examples: int, include_unsafe: bool, negative: bool, report: Path | None, seed: int, lenient: bool,
) -> None:  # fmt: skip
    """Call the API at URL and check every answer against SPEC; exit 1 on any violation or when nothing ran.

    IAM operations are signed with the AWS credentials of the environment (AWS_ACCESS_KEY_ID, ...) or of
    AWS_PROFILE in the shared credentials file.
    """
    from .contract import ContractError, Credentials, aws_credentials, junit_report, verify

    extra: dict[str, str] = {}
    for header in headers:
        name, sep, value = header.partition(":")
        if not sep or not name.strip():
            raise click.BadParameter(f"{header!r} is not 'Name: value'", param_hint="--header")
        extra[name.strip()] = value.strip()
    if not _http_url(url):
        raise click.BadParameter(f"{url!r} is not an http(s) URL with a host", param_hint="--url")
    api = load_api(spec, strict=not lenient).api
    known = {f"{o.method} {o.path}" for o in api.operations}
    unknown = [o for o in operations if " ".join(o.split()) not in known]
    if unknown:
        raise click.BadParameter(f"not in the definition: {', '.join(unknown)}", param_hint="--operations")
    aws = None
    if any(s.kind == "sigv4" for s in api.security_schemes.values()):  # else AWS settings are none of its business
        try:
            aws = aws_credentials()
        except ContractError as exc:
            _fail(str(exc))
    results = verify(
        api, url, Credentials(api_key, token, extra, aws, access_token), operations=operations, max_examples=max_examples,
        include_unsafe=include_unsafe, negative=negative, seed=seed,
    )  # fmt: skip
    width = max([len(r.name) for r in results] + [9])
    click.echo(f"{'operation':<{width}}  requests  passed  failed  first violation")
    for r in results:
        note = r.first_violation or (f"skipped: {r.skipped}" if r.skipped and not r.requests else "")
        colour = "red" if r.failed else None
        click.secho(f"{r.name:<{width}}  {r.requests:>8}  {r.passed:>6}  {r.failed:>6}  {note}", fg=colour)
    if report is not None:
        try:
            junit_report(results, report, api.title or spec.name)
        except OSError as exc:
            _fail(f"cannot write the report {report}: {exc.strerror or exc}")
    failed = sum(1 for r in results if r.failed)
    called = sum(1 for r in results if r.requests and not r.check)
    checks = sum(1 for r in results if r.requests and r.check)
    skipped = sum(1 for r in results if not r.requests)
    negatives = f"{checks} negative check(s), " if negative else ""
    click.echo(f"{called} operation(s) called, {negatives}{failed} with violations, {skipped} skipped")
    if not called and not checks:
        # A run that checked nothing must not read as a pass.
        reasons = Counter(r.skipped for r in results if r.skipped)
        why = "; ".join(f"{n} {reason}" for reason, n in reasons.most_common()) or "no operation matched"
        _fail(f"nothing was checked: every operation was skipped ({why})")
    if failed:
        sys.exit(1)



def _http_url(url: str) -> bool:
    import httpx

    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.host)


@main.command()
@click.argument("api_id")
@click.option("--stage", help="The stage to export (default: the API's only stage).")
@click.option("--region", help="The API's AWS region (default: boto3's, from AWS_REGION or the profile).")
@click.option("--profile", help="A named profile of your AWS configuration.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The definition file to write (.json, .yaml or .yml).")
@click.option("--mock-config", type=click.Path(dir_okay=False, path_type=Path), help="Also write the stage's throttling, usage plans and API keys as a configuration for sdkgen mock.")
@click.option("--include-key-values", is_flag=True, help="Put the API keys' values in the --mock-config file (made up otherwise).")
@guarded()
def fetch(
    api_id: str, stage: str | None, region: str | None, profile: str | None, output: Path, mock_config: Path | None,
    include_key_values: bool,
) -> None:
    """Export API_ID (a REST or an HTTP API) from an AWS account into OUTPUT, and check that sdkgen can use it."""
    from .sources.fetch import FetchError
    from .sources.fetch import fetch as fetch_api

    try:
        fetched = fetch_api(
            api_id, output, stage=stage, region=region, profile=profile, mock_config=mock_config,
            include_key_values=include_key_values,
        )
    except FetchError as exc:
        _fail(f"{exc}; nothing was written")
    for note in fetched.notes:
        click.echo(f"note: {note}", err=True)
    for path in fetched.written:
        click.echo(f"wrote {path}")
    try:
        parsed = load_api(open_source(output), strict=True)
    except SpecError as exc:
        _report(exc.diagnostics)
        _fail(f"{output} holds the export as API Gateway gave it, but sdkgen cannot use it: {len(exc.diagnostics)} problem(s) above")
    _report(parsed.problems + parsed.warnings, limit=MAX_WARNINGS_SHOWN)
    click.echo(
        f"{output}: usable: {len(parsed.api.operations)} operations, {len(parsed.api.schemas)} models, "
        f"{len(parsed.warnings) + len(parsed.problems)} warning(s) ({fetched.kind} API {api_id}, "
        f"stage {fetched.stage or '(none)'}, {fetched.region})"
    )


# The mock's startup is guarded as the other commands are: whatever escapes its own handling is one line, never a
# traceback.
assert mock.callback is not None
mock.callback = guarded()(mock.callback)
main.add_command(mock)
