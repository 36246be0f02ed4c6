"""Which files of specs/ are example definitions, and where their generated clients live."""

from __future__ import annotations

from pathlib import Path

from .load import parse_text


def example_specs(directory: Path) -> list[Path]:
    """Definitions at the top of ``directory`` (files only referenced by others are skipped).

    SAM/CloudFormation templates live in ``specs/templates/`` and are not examples here yet: one may hold
    several APIs, each chosen with ``--api`` (tests/sources/ generate and serve them).
    """
    specs = []
    for path in sorted(directory.iterdir()):
        if path.suffix not in (".yaml", ".yml", ".json"):
            continue
        data = parse_text(path.read_text(encoding="utf-8"), str(path))
        if isinstance(data, dict) and ("openapi" in data or "swagger" in data):
            specs.append(path)
    return specs


def output_dir(root: Path, spec: Path) -> Path:
    """``specs/notes.swagger.yaml`` -> ``generated/notes``."""
    return root / "generated" / spec.name.split(".", 1)[0]
