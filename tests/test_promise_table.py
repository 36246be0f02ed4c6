"""tests/README.md maps every README promise to the tests that fail when it breaks: every flag of the README's
command synopses and every key of its configuration block has a row, and every test a row names exists."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from sdkgen.mock.config import CONFIG_KEYS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
TABLE = (ROOT / "tests" / "README.md").read_text(encoding="utf-8")
# Mappings whose keys the user names (a stage, a plan, an authorizer, a route): a row says `<name>` for them.
NAMED = {"stages", "usage_plans", "authorizers", "methods", "functions"}
FREE = {"env", "variables"}  # mappings of the user's own names (a function's environment variables, stage variables)


def synopsis_flags() -> set[str]:
    """`command --flag` for every flag of every `sdkgen ...` command line in the README's sh blocks."""
    flags: set[str] = set()
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for command in re.findall(r"^sdkgen (\w+)(.*?)(?<!\\)$", block.replace("\\\n", " "), re.M):
            flags.update(f"{command[0]} {flag}" for flag in re.findall(r"(?<![\w-])--[a-z][a-z-]*", command[1]))
    return flags


def config_keys() -> set[str]:
    """Dotted paths of every key in the README's YAML configuration block, plus keys its comments name (`# or x`)."""
    block = re.search(r"```yaml\n(.*?)```", README, re.S)
    assert block is not None, "the README has no configuration block"
    found: set[str] = set()

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                path = f"{prefix}.{key}" if prefix else str(key)
                found.add(path)
                if key in FREE:
                    continue
                if key in NAMED and isinstance(value, dict):
                    for child in value.values():
                        walk(child, f"{path}.<name>")
                else:
                    walk(value, path)
        elif isinstance(node, list):
            for item in node:
                walk(item, prefix)

    walk(yaml.safe_load(block.group(1)), "")
    for line in block.group(1).splitlines():
        # `ShopCognito: {issuer: ..., hs256_secret: "..."}  # or jwks_file`: a key the line's mapping may hold instead.
        # `{issuer: ...}  # or jwks_file, or jwks`: several alternatives.
        alternative = re.search(r"\{(\w+):.*#\s*or (\w+(?:, or \w+)*)\s*$", line)
        if alternative:
            siblings = [p for p in found if p.endswith("." + alternative.group(1))]
            assert siblings, line
            for other in alternative.group(2).split(", or "):
                found.update(f"{p.rsplit('.', 1)[0]}.{other}" for p in siblings)
    return found


def rows() -> list[str]:
    """The rows of the promise tables (those headed `| claim | test(s) | seen failing when broken |`)."""
    found, in_promises = [], False
    for line in TABLE.splitlines():
        if not line.startswith("|"):
            in_promises = False
        elif line.startswith("| claim |"):
            in_promises = True
        elif in_promises and not line.startswith("|---"):
            found.append(line)
    return found


def claimed() -> set[str]:
    return {text for row in rows() for text in re.findall(r"`([^`]+)`", row.split(" | ")[0])}


def test_the_readme_is_parsed() -> None:
    """So that a change of the README's layout cannot empty the lists the other tests check."""
    flags, keys = synopsis_flags(), config_keys()
    assert {"validate --lenient", "generate --full-black", "mock --no-admin", "contract --include-unsafe"} <= flags
    assert {"latency_ms.max", "retry_after", "usage_plans.<name>.quota.period", "authorizers.<name>.jwks_file"} <= keys
    assert len(flags) >= 20 and len(keys) >= 45


def loader_keys() -> set[str]:
    """Dotted paths of every key the configuration loader accepts (sdkgen.mock.config.CONFIG_KEYS)."""
    return {f"{place}.{key}" if place else key for place, keys in CONFIG_KEYS.items() for key in keys}


def test_the_readme_shows_every_configuration_key_the_loader_accepts_and_no_other() -> None:
    # `seed` was accepted but not shown; a key shown but not accepted would make the README's example fail to load.
    keys = loader_keys()
    assert {"seed", "iam.region", "usage_plans.<name>.quota.offset", "authorizers.<name>.jwks"} <= keys
    assert sorted(keys - config_keys()) == [], "accepted by the loader, not in the README's configuration block"
    assert sorted(config_keys() - keys) == [], "in the README's configuration block, not accepted by the loader"


def test_every_flag_of_the_readme_has_a_row() -> None:
    missing = sorted(synopsis_flags() - claimed())
    assert missing == [], f"flags with no row in tests/README.md's promise table: {missing}"


def test_every_configuration_key_of_the_readme_has_a_row() -> None:
    missing = sorted(config_keys() - claimed())
    assert missing == [], f"configuration keys with no row in tests/README.md's promise table: {missing}"


def test_every_row_says_whether_it_was_seen_failing_and_names_tests_that_exist() -> None:
    assert len(rows()) >= 40
    for row in rows():
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert len(cells) == 3, row
        assert re.match(r"(yes|no)\b", cells[2]), f"the last column must start with yes or no: {row}"
        tests = re.findall(r"(tests/[\w/]+\.py)::(\w+)", cells[1])
        assert tests, f"a row without a test: {row}"
        for path, name in tests:
            source = ROOT / path
            assert source.is_file(), f"{path} does not exist ({row})"
            assert re.search(rf"^(async )?def {name}\(", source.read_text(encoding="utf-8"), re.M), f"{path}::{name} does not exist"
