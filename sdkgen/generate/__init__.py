"""Model -> files of a generated project: plan names and types, render templates, format in black's style."""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import SpecError
from ..model import Api
from .format import format_files
from .plan import plan_package
from .render import render, runtime_files


@dataclass
class Generated:
    files: dict[str, str]  # relative path -> content
    operations: int
    models: int


def generate(api: Api, package: str, project: str | None = None, *, full_black: bool = False) -> Generated:
    """The project's files; ``full_black`` runs black over every module rather than where it is needed."""
    plan = plan_package(api, package, project)
    files = render(plan)
    try:
        files = format_files(files, verbatim=runtime_files(package), full=full_black)
    except Exception as exc:  # black refusing our output is our bug; say where, do not write it
        raise SpecError.single(f"internal error: generated code did not format ({exc}); please report it") from exc
    return Generated(files, len(plan.operations), len(plan.models))


__all__ = ["Generated", "generate"]
