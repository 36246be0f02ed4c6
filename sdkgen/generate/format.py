"""Format generated Python with black (in-process; in parallel for large packages)."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import black

MODE = black.Mode(target_versions={black.TargetVersion.PY310})  # type: ignore[attr-defined]
PARALLEL_THRESHOLD = 200_000  # characters of Python: below this, worker start-up costs more than it saves


def format_source(source: str) -> str:
    try:
        return black.format_str(source, mode=MODE)
    except black.NothingChanged:  # type: ignore[attr-defined]
        return source


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Every ``.py`` file formatted; other files unchanged."""
    names = sorted(name for name in files if name.endswith(".py") and files[name])
    total = sum(len(files[n]) for n in names)
    workers = min(os.cpu_count() or 1, 8)
    if total < PARALLEL_THRESHOLD or workers < 2:
        formatted = [format_source(files[n]) for n in names]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            formatted = list(pool.map(format_source, [files[n] for n in names], chunksize=16))
    return {**files, **dict(zip(names, formatted))}
