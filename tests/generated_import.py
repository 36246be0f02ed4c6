"""A committed generated package (generated/<name>/), imported for a test module."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

GENERATED = Path(__file__).resolve().parent.parent / "generated"


@contextmanager
def generated_package(directory: str, package: str) -> Iterator[ModuleType]:
    """``package`` from generated/``directory``, importable while the block runs."""
    path = str(GENERATED / directory)
    sys.path.insert(0, path)
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(path)
