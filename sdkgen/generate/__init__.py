"""Model -> files of a generated project: plan names and types, render templates, format in black's style."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..diagnostics import SpecError
from ..forked import Forked
from ..model import Api, Schema
from .format import format_files
from .plan import PackagePlan, plan_model, plan_package
from .render import render_models, render_package, runtime_files

# Below this many models a second process costs more than it saves. Above it, a forked child plans,
# renders and formats the larger share of them meanwhile; the parent has the rest of the project too.
PARALLEL_MODELS = 400
CHILD_SHARE = 0.62


@dataclass
class Generated:
    files: dict[str, str]  # relative path -> content; empty when they went to a sink
    operations: int
    models: int
    count: int  # how many files the project has


def generate(
    api: Api, package: str, project: str | None = None, *, full_black: bool = False,
    sink: Callable[[dict[str, str]], None] | None = None,
) -> Generated:
    """The project's files; ``full_black`` runs black over every module rather than where it is needed.

    With ``sink``, files are handed to it as they are made, by the forked child too (which then sends
    back none): writing them overlaps with making the rest.
    """  # fmt: skip
    schemas = api.schemas
    split = round(len(schemas) * (1 - CHILD_SHARE)) if len(schemas) >= PARALLEL_MODELS else len(schemas)
    # Forked before any planning: the child plans, renders and formats its models from the model alone.
    # Not a daemon: the child may start black's worker processes.
    child = Forked(lambda: _hand_over(_models(package, schemas[split:], full_black), sink), daemon=False) if split < len(schemas) else None
    try:
        plan = plan_package(api, package, project)
        files = _package(plan, full_black)
        files.update(_models(package, schemas[:split], full_black))
        files, count = _hand_over(files, sink)
        if child is not None:
            child_files, child_count = child.result()
            files.update(child_files)
            count += child_count
    except OSError:
        raise  # from the sink: the caller says what could not be written
    except Exception as exc:  # black refusing our output is our bug; say where, do not write it
        raise SpecError.single(f"internal error: generated code did not format ({exc}); please report it") from exc
    finally:
        if child is not None:
            child.cancel()  # when this side failed first
    return Generated(files, len(plan.operations), len(schemas), count)


def _hand_over(files: dict[str, str], sink: Callable[[dict[str, str]], None] | None) -> tuple[dict[str, str], int]:
    """``files`` given to ``sink`` (what is left to return: nothing), or kept; and how many there were."""
    if sink is None:
        return files, len(files)
    sink(files)
    return {}, len(files)


def _package(plan: PackagePlan, full_black: bool) -> dict[str, str]:
    return format_files(render_package(plan), verbatim=runtime_files(plan.package), full=full_black)


def _models(package: str, schemas: list[Schema], full_black: bool) -> dict[str, str]:
    return format_files(render_models(package, [plan_model(s) for s in schemas]), full=full_black)


__all__ = ["Generated", "generate"]
