"""Regenerate generated/<name>/ from every definition in specs/ (run after changing the generator)."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sdkgen.cli import main  # noqa: E402
from sdkgen.examples import example_specs, output_dir  # noqa: E402


def regenerate() -> int:
    status = 0
    for spec in example_specs(ROOT / "specs"):
        result = CliRunner().invoke(main, ["generate", str(spec), "--output", str(output_dir(ROOT, spec))])
        print(result.output, end="")
        status |= result.exit_code
    return status


if __name__ == "__main__":
    sys.exit(regenerate())
