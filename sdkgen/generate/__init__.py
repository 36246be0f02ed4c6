"""Model -> files of a generated project: plan names and types, render templates, format in black's style."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..diagnostics import SpecError
from ..forked import Forked
from ..model import Api, Schema
from .format import format_files
from .plan import PackagePlan, modules_of, plan_module, plan_package
from .render import render_models, render_package, runtime_files
from .write import MANIFEST, digest, manifest_text

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
    modules = modules_of(api.schemas)
    split = _split(modules) if len(api.schemas) >= PARALLEL_MODELS else len(modules)
    # Forked before any planning: the child plans, renders and formats its models from the model alone.
    # Not a daemon: the child may start black's worker processes.
    child = Forked(lambda: _hand_over(_models(package, modules[split:], full_black), sink), daemon=False) if split < len(modules) else None
    try:
        plan = plan_package(api, package, project)
        files = _package(plan, full_black)
        files.update(_models(package, modules[:split], full_black))
        files, hashes = _hand_over(files, sink)
        if child is not None:
            child_files, child_hashes = child.result()
            files.update(child_files)
            hashes.update(child_hashes)
        # The record of what sdkgen wrote, made last: regeneration replaces or removes only these files.
        manifest = {MANIFEST: manifest_text(hashes)}
        if sink is None:
            files.update(manifest)
        else:
            sink(manifest)
    except OSError:
        raise  # from the sink: the caller says what could not be written
    except Exception as exc:  # black refusing our output is our bug; say where, do not write it
        raise SpecError.single(f"internal error: generated code did not format ({exc}); please report it") from exc
    finally:
        if child is not None:
            child.cancel()  # when this side failed first
    return Generated(files, len(plan.operations), len(api.schemas), len(hashes) + 1)


def _hand_over(files: dict[str, str], sink: Callable[[dict[str, str]], None] | None) -> tuple[dict[str, str], dict[str, str]]:
    """``files`` given to ``sink`` (what is left to return: nothing), or kept; and their digests (for the
    manifest: made here, so that a forked child hashes its own share)."""
    hashes = {name: digest(content) for name, content in files.items()}
    if sink is None:
        return files, hashes
    sink(files)
    return {}, hashes


def _package(plan: PackagePlan, full_black: bool) -> dict[str, str]:
    return format_files(render_package(plan), verbatim=runtime_files(plan.package), full=full_black)


def _split(modules: list[tuple[str, list[Schema]]]) -> int:
    """How many of ``modules`` the parent makes: those holding the first (1 - CHILD_SHARE) of the models."""
    total = sum(len(schemas) for _, schemas in modules)
    done = 0
    for index, (_, schemas) in enumerate(modules):
        if done >= total * (1 - CHILD_SHARE):
            return index
        done += len(schemas)
    return len(modules)


def _models(package: str, modules: list[tuple[str, list[Schema]]], full_black: bool) -> dict[str, str]:
    return format_files(render_models(package, [plan_module(m, schemas) for m, schemas in modules]), full=full_black)


__all__ = ["Generated", "generate"]
