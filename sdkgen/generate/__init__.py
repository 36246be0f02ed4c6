"""Model -> files of a generated project: plan names and types, render templates, format in black's style."""

from __future__ import annotations

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
    files: dict[str, str]  # relative path -> content
    operations: int
    models: int


def generate(api: Api, package: str, project: str | None = None, *, full_black: bool = False) -> Generated:
    """The project's files; ``full_black`` runs black over every module rather than where it is needed."""
    schemas = api.schemas
    split = round(len(schemas) * (1 - CHILD_SHARE)) if len(schemas) >= PARALLEL_MODELS else len(schemas)
    # Forked before any planning: the child plans, renders and formats its models from the model alone.
    # Not a daemon: the child may start black's worker processes.
    child = Forked(lambda: _models(package, schemas[split:], full_black), daemon=False) if split < len(schemas) else None
    try:
        plan = plan_package(api, package, project)
        files = _package(plan, full_black)
        files.update(_models(package, schemas[:split], full_black))
        if child is not None:
            files.update(child.result())
    except Exception as exc:  # black refusing our output is our bug; say where, do not write it
        raise SpecError.single(f"internal error: generated code did not format ({exc}); please report it") from exc
    finally:
        if child is not None:
            child.cancel()  # when this side failed first
    return Generated(files, len(plan.operations), len(schemas))


def _package(plan: PackagePlan, full_black: bool) -> dict[str, str]:
    return format_files(render_package(plan), verbatim=runtime_files(plan.package), full=full_black)


def _models(package: str, schemas: list[Schema], full_black: bool) -> dict[str, str]:
    return format_files(render_models(package, [plan_model(s) for s in schemas]), full=full_black)


__all__ = ["Generated", "generate"]
