"""Write constraints.txt: the exact versions of everything `pip install -e '.[test,coverage,mutation]'` installs,
as installed in this environment. Upgrading the test toolchain is then a deliberate change of that file
(`pip install -U ...` here, run the suite, `python scripts/constraints.py`, commit), never a drift in CI.

    python scripts/constraints.py            # rewrite constraints.txt
    python scripts/constraints.py --check    # exit 1 if it is not what this environment has
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
EXTRAS = ("test", "coverage", "mutation")
ALWAYS = ("pip", "setuptools")  # .ci/run upgrades pip; setuptools builds generated projects


def closure(extras: tuple[str, ...]) -> dict[str, str]:
    """Name -> installed version of sdkgen's dependencies with ``extras``, transitively."""
    pinned: dict[str, str] = {}
    # The root's requirements from this checkout's pyproject.toml (an installed sdkgen may be another checkout's).
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    texts = list(project["dependencies"]) + [t for extra in extras for t in project["optional-dependencies"][extra]]
    todo: list[tuple[str, tuple[str, ...]]] = [*((name, ()) for name in ALWAYS)]
    for text in texts:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({**default_environment(), "extra": ""}):
            todo.append((requirement.name, tuple(sorted(requirement.extras))))
    seen: set[tuple[str, str]] = set()
    while todo:
        name, wanted = todo.pop()
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            raise SystemExit(f"{name} is required but not installed here: pip install -e '.[{','.join(EXTRAS)}]' first")
        key = canonicalize_name(dist.metadata["Name"])
        pinned[key] = dist.version
        for extra in ("", *wanted):
            if (key, extra) in seen:
                continue
            seen.add((key, extra))
            for text in dist.requires or []:
                requirement = Requirement(text)
                environment = {**default_environment(), "extra": extra}
                if requirement.marker is not None and not requirement.marker.evaluate(environment):
                    continue
                if requirement.marker is None and extra:
                    continue  # an unconditional requirement was taken with extra ""
                todo.append((requirement.name, tuple(sorted(requirement.extras))))
    return pinned


def render() -> str:
    lines = [
        "# The test toolchain and sdkgen's dependencies, pinned (issue 17): written by scripts/constraints.py",
        f"# from an environment with `pip install -e '.[{','.join(EXTRAS)}]'` (Python {sys.version_info[0]}.{sys.version_info[1]}).",
        "# Used by .ci/run and the README's setup line: `pip install -c constraints.txt -e '.[test]'`.",
    ]
    lines += [f"{name}=={version}" for name, version in sorted(closure(EXTRAS).items())]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if constraints.txt differs from this environment")
    args = parser.parse_args()
    target = ROOT / "constraints.txt"
    text = render()
    if args.check:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            sys.exit(f"{target} is not what this environment has installed; run python scripts/constraints.py")
        return
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({text.count(chr(10)) - 3} pins)")


if __name__ == "__main__":
    main()
