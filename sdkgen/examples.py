"""Which files of specs/ are examples, and where their generated clients live: the one list the regeneration
script and the tests share.

An example is a definition at the top of ``specs/``, or one API of a SAM / CloudFormation template in
``specs/templates/`` (a template file there, or the ``*.template.json`` of a ``cdk.out`` folder there). A template
with several APIs gives one example per API, each taken with ``--api``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .load import parse_text

if TYPE_CHECKING:
    from .load import Document
    from .sources import TemplateOptions

_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Example:
    """One example API: the file, the template's API when it has several, and the name of its generated project."""

    spec: Path
    name: str  # generated/<name>/
    api: str | None = None  # a template's API (--api)
    template: bool = False

    @property
    def args(self) -> list[str]:
        """What the CLI (validate, generate, mock) is given for this example."""
        return [str(self.spec), *(["--api", self.api] if self.api else [])]

    @property
    def options(self) -> TemplateOptions | None:
        from .sources import TemplateOptions

        return TemplateOptions(api=self.api) if self.template else None

    @property
    def generate_args(self) -> list[str]:
        """What ``generate`` is given: with several APIs in one template, each package is named apart."""
        several = ["--package-name", self.name.replace("-", "_")] if self.api else []
        return [*self.args, *several]

    def document(self) -> Document:
        """The definition the pipeline loads (a template's API taken out of it)."""
        from .sources import open_source

        return open_source(self.spec, self.options)

    def output(self, root: Path) -> Path:
        return root / "generated" / self.name

    def __str__(self) -> str:  # a test id
        return self.name


def examples(directory: Path) -> list[Example]:
    """Every example of ``directory`` (``specs/``): its definitions, then its templates' APIs."""
    found = [Example(path, output_dir(directory.parent, path).name) for path in _files(directory) if _is_definition(path)]
    templates = directory / "templates"
    if templates.is_dir():
        files = [*_files(templates), *sorted(templates.glob("*/*.template.json"))]  # cdk.out folders
        for path in files:
            found.extend(_template_examples(path))
    return found


def example_specs(directory: Path) -> list[Path]:
    """The plain definitions among the examples (those any command takes without template options)."""
    return [example.spec for example in examples(directory) if not example.template]


def output_dir(root: Path, spec: Path) -> Path:
    """``specs/notes.swagger.yaml`` -> ``generated/notes``."""
    return root / "generated" / spec.name.split(".", 1)[0]


def _files(directory: Path) -> list[Path]:
    return [p for p in sorted(directory.iterdir()) if p.is_file() and p.suffix in _SUFFIXES]


def _is_definition(path: Path) -> bool:
    data = parse_text(path.read_text(encoding="utf-8"), str(path))
    return isinstance(data, dict) and ("openapi" in data or "swagger" in data)


def _template_examples(path: Path) -> list[Example]:
    from .sources import read_any
    from .sources.template import api_ids

    ids = api_ids(read_any(path))
    stem = _kebab(path.name.split(".", 1)[0])
    if len(ids) == 1:
        return [Example(path, stem, None, True)]
    return [Example(path, f"{stem}-{_kebab(api)}", api, True) for api in ids]


def _kebab(name: str) -> str:
    """``LedgerStack`` -> ``ledger-stack``, ``ServerlessRestApi`` -> ``serverless-rest-api``."""
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()).strip("-")
