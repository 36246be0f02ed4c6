"""The only ways definition text reaches generated files: literals, docstrings and Markdown."""

from __future__ import annotations

import re
from typing import Any

# Control characters (and lone surrogates) have no business in source files.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
MAX_DOC = 4000


def literal(value: Any) -> str:
    """A Python literal for a JSON-like value; ``repr`` always gives a valid, inert literal."""
    return repr(value)


def docstring(text: str) -> str:
    """Text that is safe between triple double quotes, and ends with no dangling quote or backslash."""
    text = _UNPRINTABLE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    if len(text) > MAX_DOC:
        text = text[:MAX_DOC].rstrip() + " ..."
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text += " "
    return text


def markdown(text: str) -> str:
    """Definition text for the generated README: one paragraph, no HTML or Markdown structure."""
    text = _UNPRINTABLE.sub(" ", text)
    text = " ".join(text.split())
    return re.sub(r"([\\`*_{}\[\]<>()#+!|])", r"\\\1", text)[:MAX_DOC]
