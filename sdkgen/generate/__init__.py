"""Model -> files of a generated project: plan names and types, render templates, format with black."""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import SpecError
from ..model import Api
from .format import format_files
from .plan import plan_package
from .render import render


@dataclass
class Generated:
    files: dict[str, str]  # relative path -> content
    operations: int
    models: int


def generate(api: Api, package: str, project: str | None = None) -> Generated:
    plan = plan_package(api, package, project)
    files = render(plan)
    try:
        files = format_files(files)
    except Exception as exc:  # black refusing our output is our bug; say where, do not write it
        raise SpecError.single(f"internal error: generated code did not format ({exc}); please report it") from exc
    return Generated(files, len(plan.operations), len(plan.models))


__all__ = ["Generated", "generate"]
