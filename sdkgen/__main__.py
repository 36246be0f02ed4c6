"""``python -m sdkgen`` is the ``sdkgen`` command."""

from .cli import run

run()
