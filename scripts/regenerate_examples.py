"""Regenerate generated/<name>/ from every example of specs/: its definitions and its templates' APIs (run after
changing the generator)."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sdkgen.cli import main  # noqa: E402
from sdkgen.examples import examples  # noqa: E402


def regenerate() -> int:
    status = 0
    for example in examples(ROOT / "specs"):
        result = CliRunner().invoke(main, ["generate", *example.generate_args, "--output", str(example.output(ROOT)), "--force"])
        print(result.output, end="")
        status |= result.exit_code
    return status


if __name__ == "__main__":
    sys.exit(regenerate())
