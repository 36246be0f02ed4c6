"""Whatever a definition holds, the parser answers with a model or located findings, never another exception.

Lenient parsing (``--lenient``) builds a model from definitions the validator refuses, so the parser meets every
shape: each example definition is mutated one place at a time (a key removed, its value made a number, null, a
string, a list, an object, a dangling ``$ref``) and parsed without the validator's protection; a share of the
models is generated too. A sample with a fixed seed keeps it to seconds; ``SDKGEN_FUZZ_ALL=1`` runs every place.
"""

from __future__ import annotations

import copy
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdkgen.diagnostics import SpecError
from sdkgen.examples import example_specs
from sdkgen.generate import generate
from sdkgen.parse import load_api

ROOT = Path(__file__).resolve().parent.parent
DEFINITIONS = [*example_specs(ROOT / "specs"), ROOT / "tests/fixtures/kitchen.yaml", ROOT / "tests/fixtures/sam-auth.json"]
WRONG: list[Any] = ["<removed>", 5, None, "text", [], {}, [1], [[]], {"$ref": "#/nowhere"}, True, -1.5]
SAMPLE = 250


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            yield (*path, index)
            yield from _places(item, (*path, index))


def _mutated(base: Any, path: tuple[Any, ...], wrong: Any) -> Any:
    data = copy.deepcopy(base)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if wrong == "<removed>":
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(wrong)
    return data


@pytest.mark.parametrize("spec", DEFINITIONS, ids=lambda p: p.name)
def test_every_mutation_gives_a_model_or_located_findings(spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    base = json.loads(text) if spec.suffix == ".json" else yaml.safe_load(text)
    cases = [(path, wrong) for path in _places(base) for wrong in WRONG]
    rng = random.Random(17)
    if not os.environ.get("SDKGEN_FUZZ_ALL"):
        cases = rng.sample(cases, min(SAMPLE, len(cases)))
    crashes: dict[tuple[str, str], str] = {}
    for index, (path, wrong) in enumerate(cases):
        try:
            parsed = load_api(_mutated(base, path, wrong), strict=False, check=False)
            if index % 10 == 0:
                generate(parsed.api, "fuzzed")
        except SpecError as exc:
            assert all(d.message for d in exc.diagnostics)
        except Exception as exc:  # the bug this test is for
            where = f"{'/'.join(map(str, path))} = {wrong!r}"
            crashes.setdefault((type(exc).__name__, str(exc)[:80]), where)
    assert not crashes, "\n".join(f"{kind}: {message} (at {where})" for (kind, message), where in crashes.items())
