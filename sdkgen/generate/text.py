"""The only ways definition text reaches generated files, one helper per target: Python literals
(``literal``), docstrings (``docstring``), Markdown (``markdown``) and TOML strings (``toml_string``)."""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from typing import Any

# Control characters (and lone surrogates) have no business in source files.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
MAX_DOC = 4000
# Line breaks besides \n that str.splitlines (and so black) honours inside a docstring.
_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def literal(value: Any) -> str:
    """A Python literal for a JSON-like value, written as black writes it.

    Strings start from ``repr`` (always a valid, inert literal) and take black's choice of quotes.
    """
    if isinstance(value, str):
        text = repr(value)
        if text[0] == '"' or '"' not in text and "\\" not in text:
            return '"' + text[1:-1] + '"'  # what black makes of it, without asking black (the common case)
        return _normalize_string_quotes()(text)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        return tuple_expr([literal(v) for v in value])
    return repr(value)


@functools.cache
def _normalize_string_quotes() -> Callable[[str], str]:
    from black.strings import normalize_string_quotes  # importing black costs ~75 ms; most literals never need it

    return normalize_string_quotes


def tuple_expr(items: list[str]) -> str:
    """A tuple display of expressions, as black writes it (a one-tuple's comma is not a magic one)."""
    return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"


def docstring(text: str) -> str:
    """Text that is safe between triple double quotes, and ends with no dangling quote or backslash."""
    if not text:
        return ""  # most properties of large definitions have no description
    text = _UNPRINTABLE.sub(" ", _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n")))
    # As black leaves a docstring: tabs expanded, later lines' common indentation removed, no trailing spaces.
    if "\n" in text or "\t" in text:
        # cleandoc keeps a last line of spaces, which would end the text in an empty line: black takes
        # that away from a one-line docstring and keeps it in a longer one, so it goes here.
        text = "\n".join(line.rstrip() for line in inspect.cleandoc(text).split("\n")).rstrip()
    else:
        text = text.strip()  # what cleandoc and the rstrip make of one line without tabs
    if len(text) > MAX_DOC:
        text = text[:MAX_DOC].rstrip() + " ..."
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    # Black puts a space between the quotes and text that starts or ends with a quote.
    if text.startswith('"'):
        text = " " + text
    if text.endswith('"'):
        text += " "
    return text


def markdown(text: str) -> str:
    """Definition text for the generated README: one paragraph, no HTML or Markdown structure."""
    text = _UNPRINTABLE.sub(" ", text)
    text = " ".join(text.split())
    return re.sub(r"([\\`*_{}\[\]<>()#+!|])", r"\\\1", text)[:MAX_DOC]


# TOML's basic strings allow no control character but tab, nor DEL; lone surrogates cannot be encoded.
_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_TOML_SPECIAL = re.compile(r'["\\\x00-\x1f\x7f]')


def toml_string(text: str) -> str:
    """A TOML basic string (with its quotes) holding ``text``; lone surrogates become U+FFFD."""
    text = _SURROGATE.sub("\ufffd", text)
    return '"' + _TOML_SPECIAL.sub(lambda m: _TOML_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text) + '"'
