"""The document a template's API becomes: the definition, located in the file it came from, and what the stack
says beside it (functions, stage, the mock's configuration)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..load import Document


@dataclass
class FunctionInfo:
    """A function the template defines: its ARN as integrations name it, its code on disk if local (SAM's
    ``CodeUri``, or the asset folder ``cdk synth`` wrote), and its configuration (SAM ``Globals`` merged in).
    ``timeout`` and ``memory`` are None where the template leaves Lambda's defaults (3 s, 128 MB)."""

    logical_id: str
    arn: str
    code_uri: Path | None = None
    handler: str | None = None
    runtime: str | None = None
    # What the function runs with (Globals merged by the SAM transform); None: Lambda's default.
    environment: dict[str, str] = field(default_factory=dict)
    timeout: float | None = None
    memory: int | None = None


@dataclass
class TemplateSource:
    """What the stack says beside the definition (stages, functions); later slices feed the mock from it."""

    template: Path
    api: str
    protocol: str  # "rest" | "http"
    stage: str | None
    functions: dict[str, FunctionInfo] = field(default_factory=dict)
    # The mock's configuration the stack implies (usage plans, API keys), and the key values made up for it.
    mock_config: dict[str, Any] = field(default_factory=dict)
    made_up_keys: list[str] = field(default_factory=list)


@dataclass
class TemplateDocument(Document):
    """A definition taken out of a template: ``text`` is the file it came from, ``origins`` maps a pointer of the
    definition (longest prefix first) to the place in that file it was written."""

    origins: tuple[tuple[str, str], ...] = ()
    warnings: list[Diagnostic] = field(default_factory=list)
    source: TemplateSource | None = None
    # Pointers of the operations SAM made from functions' events (no operationId or responses can be written
    # there): the parser sums up what they lack in one warning rather than one per operation.
    from_events: frozenset[str] = frozenset()
    # Pointers of the operations made from an HTTP API's Route resources, which have no responses to write (their
    # OperationName is the operationId): one summary of their 'default'-only responses too.
    from_routes: frozenset[str] = frozenset()

    def position(self, pointer: str) -> tuple[int, int] | None:
        for prefix, origin in self.origins:
            if pointer == prefix or pointer.startswith(prefix + "/") or not prefix:
                return super().position(origin + pointer[len(prefix):])
        return super().position(pointer)
