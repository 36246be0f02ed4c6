"""Black's output without black's full price.

The templates emit code already in black's style: quotes, spacing, blank lines, and brackets that
either fit on one line or are exploded one item per line with a magic trailing comma. What they
cannot lay out in advance is a line too long for black's limit; so the source is cut into chunks
(top-level statements, and methods of top-level classes) and only the chunks holding such a line go
through black. On GitHub's definition that is 1.5% of 21 MB of code, which black alone takes
minutes to format. ``full=True`` runs black over every file instead; tests check that both
give the same bytes for every example, hostile and sampled real-world definition.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import black

from .layout import ATOM, STRING_LITERAL

MODE = black.Mode(target_versions={black.TargetVersion.PY310})  # type: ignore[attr-defined]
LINE_LENGTH = MODE.line_length
PARALLEL_THRESHOLD = 200_000  # characters to format: below this, worker start-up costs more than it saves
_WRAPPER = "class _:\n"  # a method is formatted inside a class of its own, then unwrapped
_BRACKET = re.compile(r"[([{]")
_LONG_LINE = re.compile(rf"^.{{{LINE_LENGTH + 1},}}", re.MULTILINE)


def format_source(source: str) -> str:
    try:
        return black.format_str(source, mode=MODE)
    except black.NothingChanged:  # type: ignore[attr-defined]
        return source


def format_files(files: dict[str, str], *, verbatim: frozenset[str] = frozenset(), full: bool = False) -> dict[str, str]:
    """Every ``.py`` file in black's style; other files, and ``verbatim`` ones (already black-clean), unchanged."""
    names = sorted(n for n in files if n.endswith(".py") and files[n] and n not in verbatim)
    if full:
        return {**files, **dict(zip(names, _run_black([files[n] for n in names])))}
    # Most files have no line too long: they are not even cut into chunks.
    pieces = {name: split_chunks(files[name]) for name in names if _LONG_LINE.search(files[name]) and needs_black(files[name])}
    todo = [(name, i) for name in pieces for i, chunk in enumerate(pieces[name]) if _LONG_LINE.search(chunk) and needs_black(chunk)]
    formatted = _run_black([_wrap(pieces[name][i]) for name, i in todo])
    for (name, i), text in zip(todo, formatted):
        pieces[name][i] = _unwrap(pieces[name][i], text)
    return {**files, **{name: "".join(chunks) for name, chunks in pieces.items()}}


def _run_black(sources: list[str]) -> list[str]:
    workers = min(os.cpu_count() or 1, 8)
    if sum(map(len, sources)) < PARALLEL_THRESHOLD or workers < 2:
        return [format_source(s) for s in sources]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(format_source, sources, chunksize=8))


def split_chunks(source: str) -> list[str]:
    """``source`` cut before each top-level ``def``/``class``/decorator and each method of a top-level class.

    Blank lines in between become chunks of their own, so that a formatted chunk never moves them.
    Lines inside triple-quoted strings never start a chunk.
    """
    chunks: list[str] = []
    current: list[str] = []
    blanks: list[str] = []
    in_class = False
    previous = ""  # the last non-blank line
    for line, in_string, _ in _string_lines(_lines(source)):
        if not line.strip():
            blanks.append(line)
            continue
        starts = False
        if not in_string:
            if not line[0].isspace():
                in_class = line.startswith("class ")
                starts = line.startswith(("def ", "async def ", "class ", "@"))
            elif in_class and line.startswith(("    def ", "    async def ", "    @")) and not line[4].isspace():
                starts = True
            if starts and previous.lstrip().startswith("@"):
                starts = False  # a decorated definition starts at its first decorator
        if starts:
            if current:
                chunks.append("".join(current))
            current = []
            if blanks:
                chunks.append("".join(blanks))
        else:
            current.extend(blanks)
        blanks = []
        current.append(line)
        previous = line
    if current:
        chunks.append("".join(current))
    if blanks:
        chunks.append("".join(blanks))
    return chunks


def needs_black(chunk: str) -> bool:
    """Whether black would change a line of ``chunk``: only a line too long, and one black can split.

    Black leaves text inside a triple-quoted string alone, except that it moves the closing quotes of a
    multi-line docstring to a line of their own when they do not fit; it never wraps a comment; and some
    lines it cannot split at all (see ``_unsplittable``).
    """
    for line, in_string, closes_with_text in _string_lines(_lines(chunk)):
        if len(line.rstrip("\n")) <= LINE_LENGTH:
            continue
        if closes_with_text or not in_string and not line.lstrip().startswith("#") and not _unsplittable(line.rstrip("\n")):
            return True
    return False


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their ends, split at ``\\n`` only (a string may hold other line breaks)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _string_lines(lines: list[str]) -> Iterator[tuple[str, bool, bool]]:
    """Each line; whether it belongs to a triple-quoted string; whether it closes one after some text.

    Triple-quoted strings in generated code are docstrings, opening a line; their text never holds
    three quotes in a row (``text.docstring`` escapes them), while other literals may.
    """
    in_string = False
    for line in lines:
        stripped = line.strip()
        if in_string:
            closes = stripped.endswith('"""')
            yield line, True, closes and stripped != '"""'
            in_string = not closes
        elif stripped.startswith('"""'):
            in_string = not (len(stripped) >= 6 and stripped.endswith('"""'))
            yield line, True, False
        else:
            yield line, False, False


def _unsplittable(line: str) -> bool:
    """A lone name or attribute, an item of an exploded collection with no bracket in it, or the head of
    an exploded one (``from .long_module import (``): black leaves these as they are, however long."""
    code = STRING_LITERAL.sub("", line)
    if ATOM.fullmatch(code.strip()):
        return True
    if line.endswith(","):
        return not _BRACKET.search(code)
    return code.endswith(("(", "[", "{")) and not _BRACKET.search(code[:-1])


def _wrap(chunk: str) -> str:
    return _WRAPPER + chunk if chunk.startswith("    ") else chunk


def _unwrap(chunk: str, formatted: str) -> str:
    return formatted[len(_WRAPPER) :] if chunk.startswith("    ") else formatted
