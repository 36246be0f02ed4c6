"""Black's output without black's full price.

The templates emit code already in black's style: quotes, spacing, blank lines, and brackets that
either fit on one line or are exploded one item per line with a magic trailing comma. What they
cannot lay out in advance is a line too wide for black's limit; only the statements holding such a
line go through black, each inside blocks as deep as its own, in a few batched calls (where a
statement cannot be taken out alone, the chunk around it: a top-level statement or a method). On
GitHub's definition that is 77 KB of 21 MB of code, which black alone takes minutes to format.
``full=True`` runs black over every file instead; tests check that both give the same bytes for
every example, hostile and sampled real-world definition.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from concurrent.futures import ProcessPoolExecutor

from typing import Any

from .layout import ATOM, STRING_LITERAL, fits

LINE_LENGTH = 88  # black's default, which MODE keeps
PARALLEL_THRESHOLD = 200_000  # characters to format: below this, worker start-up costs more than it saves
_WRAPPER = "class _:\n"  # a method is formatted inside a class of its own, then unwrapped
_BRACKET = re.compile(r"[([{]")
_LONG_LINE = re.compile(rf"^.{{{LINE_LENGTH + 1},}}", re.MULTILINE)
_HALF_LONG_LINE = re.compile(rf"^.{{{LINE_LENGTH // 2 + 1},}}", re.MULTILINE)  # as wide, if all its characters are wide
_ASSIGNMENT = re.compile(r"\s(?:[-+*/%&|^@]|//|\*\*|>>|<<)?=\s")
_LONE_ANNOTATION = re.compile(r"( *)(?:\) -> ([\w.]+):|\w+: ([\w.]+))")  # ``) -> T:``, a class field ``x: T``
_VALUE_CALL_HEAD = re.compile(r"( *)(?:return |[\w.]+ = )([\w.]+\()")  # ``x = f(``, ``return f(``: indent, ``f(``
_DOCSTRING_OPENING = re.compile(r'^[ ]*"""', re.MULTILINE)


def format_source(source: str) -> str:
    import black  # imported when first needed: a small definition may need no black at all

    try:
        return black.format_str(source, mode=_mode())
    except black.NothingChanged:  # type: ignore[attr-defined]
        return source


@functools.cache
def _mode() -> Any:
    import black

    mode = black.Mode(target_versions={black.TargetVersion.PY310})  # type: ignore[attr-defined]
    assert mode.line_length == LINE_LENGTH
    return mode


def format_files(files: dict[str, str], *, verbatim: frozenset[str] = frozenset(), full: bool = False) -> dict[str, str]:
    """Every ``.py`` file in black's style; other files, and ``verbatim`` ones (already black-clean), unchanged."""
    names = sorted(n for n in files if n.endswith(".py") and files[n] and n not in verbatim)
    if full:
        return {**files, **dict(zip(names, _run_black([files[n] for n in names])))}
    # Most files have no line too long: they are not even scanned. Of the others, black sees only the
    # statements holding such a line, or, where those cannot be taken out alone, the chunks.
    by_statement: dict[str, tuple[list[str], list[Statement]]] = {}
    chunked: dict[str, list[str]] = {}
    for name in names:
        if needs_black(files[name]):
            lines = _lines(files[name])
            found = statements_to_format(files[name], lines)
            if found is None:
                chunked[name] = split_chunks(files[name])
            else:
                by_statement[name] = (lines, found)
    todo = [(name, i) for name in chunked for i, chunk in enumerate(chunked[name]) if needs_black(chunk)]
    jobs = [(lines, statement) for lines, found in by_statement.values() for statement in found]
    formatted = _run_black([_wrap(chunked[name][i]) for name, i in todo] + _batches(jobs))
    for (name, i), text in zip(todo, formatted):
        chunked[name][i] = _unwrap(chunked[name][i], text)
    done = {name: "".join(chunks) for name, chunks in chunked.items()}
    statements = iter(_unbatch(formatted[len(todo) :], jobs))
    for name, (lines, found) in by_statement.items():
        done[name] = _replace(lines, [(statement, next(statements)) for statement in found])
    return {**files, **done}


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
    return next(_triggers(chunk, _Docstrings(chunk)), None) is not None


class _Docstrings:
    """Where the triple-quoted strings of a text are, found when first asked (most texts are never asked).

    Triple-quoted strings in generated code are docstrings, opening a line; their text never holds
    three quotes in a row (``text.docstring`` escapes them), while other literals may.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._spans: list[tuple[int, int]] | None = None

    def holds(self, position: int) -> bool:
        if self._spans is None:
            self._spans = []
            for match in _DOCSTRING_OPENING.finditer(self._text):
                if self._spans and match.start() < self._spans[-1][1]:
                    continue  # a line of the previous one
                end = self._text.find('"""', match.end())
                self._spans.append((match.start(), len(self._text) if end < 0 else end + 3))
        inside = bisect.bisect_right(self._spans, (position, len(self._text))) - 1
        return inside >= 0 and self._spans[inside][1] > position


def _triggers(text: str, docstrings: _Docstrings) -> Iterator[tuple[int, bool]]:
    """Where each line starts that black would change, and whether it closes a docstring.

    Most long lines are ones black leaves whether or not they are in a string: only for the others
    is it asked where the strings are. Lines are measured as black measures them (East Asian wide
    characters count twice), but only those that would matter: measuring imports black (~75 ms).
    """
    plain = text.isascii()
    for match in (_LONG_LINE if plain else _HALF_LONG_LINE).finditer(text):
        line = match.group()
        stripped = line.strip()
        if _unsplittable(line) or stripped.startswith('"""') or stripped.startswith("#") and not stripped.endswith('"""'):
            continue
        in_docstring = docstrings.holds(match.start())
        if in_docstring and not stripped.endswith('"""'):
            continue  # docstring text, which black leaves however wide
        if plain or _width(line) > LINE_LENGTH:
            yield match.start(), in_docstring  # code, or a docstring's last line closing after its text


def _width(line: str) -> int:
    if line.isascii():
        return len(line)
    from black.strings import str_width

    return str_width(line)


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their ends, split at ``\\n`` only (a string may hold other line breaks)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _string_lines(lines: Iterable[str]) -> Iterator[tuple[str, bool, bool]]:
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
    an exploded one (``from .long_module import (``): black leaves these as they are, however long.

    Not always so the head of an assignment's or a ``return``'s value (``x = f(``): black's second opinion
    wraps that value in parentheses of its own when the head does not fit and every line then does. It
    cannot when the value is a call of a name too long to open on a line of its own; otherwise black is asked.
    """
    code = STRING_LITERAL.sub("", line)
    if ATOM.fullmatch(code.strip().removeprefix("| ")):  # alone, or a member of a union one a line
        return True
    lone = _LONE_ANNOTATION.fullmatch(code)
    if lone and (lone.group(2) or lone.group(3)).isascii():
        # Black would put it in parentheses on a line of its own, but it does not fit there either.
        return not fits(len(lone.group(1)) + 4, lone.group(2) or lone.group(3))
    if line.endswith(","):
        return not _BRACKET.search(code)
    if not code.endswith(("(", "[", "{")) or _BRACKET.search(code[:-1]):
        return False
    call = _VALUE_CALL_HEAD.fullmatch(code)
    if call and call.group(2).isascii():
        return not fits(len(call.group(1)) + 4, call.group(2))
    return not (_ASSIGNMENT.search(code) or code.lstrip().startswith(("return ", "del ", "assert ", "raise ")))


@dataclass(frozen=True)
class Statement:
    """A logical line (lines ``start`` to ``end - 1``) at indent ``4 * depth``; a ``header`` opens a block."""

    start: int
    end: int
    depth: int
    header: bool


def statements_to_format(text: str, lines: list[str]) -> list[Statement] | None:
    """The statements of ``text`` (cut into ``lines``) holding a line black would split; None when one
    of them cannot be formatted alone.

    Black lays out each logical line by itself, from its text and its depth only, so such a statement
    formatted inside blocks as deep as its own comes out as it would in place. Not so for docstrings
    (black treats a string as one only as a body's first statement), decorators and ``else``-like
    clauses (not valid alone): for those the caller formats whole chunks.

    Brackets are counted from the nearest line above that surely starts a statement (see ``_ANCHOR``),
    not from the top: some files are 20 MB.
    """
    docstrings = _Docstrings(text)
    ends = list(itertools.accumulate(map(len, lines)))  # where each line ends in ``text``
    found: list[Statement] = []
    anchors: list[int] | None = None
    for position, closes_docstring in _triggers(text, docstrings):
        if closes_docstring:
            return None
        line = bisect.bisect_right(ends, position)
        if found and line < found[-1].end:
            continue  # in the statement found for an earlier line
        if anchors is None:
            anchors = [bisect.bisect_right(ends, m.start()) for m in _ANCHOR.finditer(text) if not docstrings.holds(m.start())]
        start = anchors[bisect.bisect_right(anchors, line) - 1] if anchors and anchors[0] <= line else 0
        statement = _statement_holding(lines, max(start, found[-1].end if found else 0), line)
        if statement is None:
            return None
        found.append(statement)
    return found


def _statement_holding(lines: list[str], start: int, line: int) -> Statement | None:
    """The logical line holding ``lines[line]``, counting brackets from ``start`` (a statement's first line)."""
    depth = 0
    for i, (text, in_string, _) in enumerate(_string_lines(lines[k] for k in range(start, len(lines))), start):
        if in_string:
            continue
        code = _code_only(text.rstrip("\n"))
        if depth == 0:
            if not code.strip():
                continue  # a blank or comment line between statements
            start = i
        depth += code.count("(") + code.count("[") + code.count("{") - code.count(")") - code.count("]") - code.count("}")
        if depth == 0 and i >= line:
            first = lines[start]
            indent = len(first) - len(first.lstrip(" "))
            if indent % 4 or first.lstrip().startswith(_NOT_ALONE):
                return None
            return Statement(start, i + 1, indent // 4, code.rstrip().endswith(":"))
    return None


# Lines that can only start a statement: a definition or decorator (these keywords cannot begin a
# continuation line), or any code at column 0 (black indents continuations, bar closing brackets).
_ANCHOR = re.compile(r"^(?: {4})*(?:async def |def |class |@)|^[A-Za-z_]", re.MULTILINE)
_NOT_ALONE = ("@", "elif ", "else", "except", "finally", "case ", "match ", '"', "'")
_MARKER = "# _sdkgen_statement_"
_MARKER_LINE = re.compile(rf"^{_MARKER}\d+\n", re.MULTILINE)
_BATCH = 50_000  # characters per black call: big enough to amortise a call, small enough to share out


def _code_only(line: str) -> str:
    """``line`` without its string literals and its comment."""
    if "'" in line or '"' in line:
        line = STRING_LITERAL.sub("", line)
    return line.split("#", 1)[0] if "#" in line else line


def _batches(jobs: list[tuple[list[str], Statement]]) -> list[str]:
    """Sources for black: each statement after a marker comment, inside blocks as deep as its own."""
    batches: list[str] = []
    current: list[str] = []
    size = 0
    for number, (lines, statement) in enumerate(jobs):
        wrapped = (
            f"{_MARKER}{number}\n"
            + "".join("    " * d + "async def _():\n" for d in range(statement.depth))
            + "".join(lines[statement.start : statement.end]).rstrip("\n")
            + "\n"
            + ("    " * (statement.depth + 1) + "pass\n" if statement.header else "")
        )
        current.append(wrapped)
        size += len(wrapped)
        if size >= _BATCH:
            batches.append("".join(current))
            current, size = [], 0
    if current:
        batches.append("".join(current))
    return batches


def _unbatch(outputs: list[str], jobs: list[tuple[list[str], Statement]]) -> list[str]:
    """Each statement as black wrote it, out of the batches, without the blocks around it."""
    pieces = _MARKER_LINE.split("".join(outputs))[1:]
    if len(pieces) != len(jobs):
        raise ValueError(f"black returned {len(pieces)} statements for {len(jobs)}")
    statements: list[str] = []
    for piece, (_, statement) in zip(pieces, jobs):
        body = [line for line in piece.split("\n") if line.strip()]
        wrappers = ["    " * d + "async def _():" for d in range(statement.depth)]
        tail = ["    " * (statement.depth + 1) + "pass"] if statement.header else []
        if body[: len(wrappers)] != wrappers or body[len(body) - len(tail) :] != tail:
            raise ValueError(f"black moved the blocks around a statement:\n{piece}")
        statements.append("".join(line + "\n" for line in body[len(wrappers) : len(body) - len(tail)]))
    return statements


def _replace(lines: list[str], replacements: list[tuple[Statement, str]]) -> str:
    out: list[str] = []
    position = 0
    for statement, text in replacements:
        out.extend(lines[position : statement.start])
        out.append(text)
        position = statement.end
    out.extend(lines[position:])
    return "".join(out)


def _wrap(chunk: str) -> str:
    return _WRAPPER + chunk if chunk.startswith("    ") else chunk


def _unwrap(chunk: str, formatted: str) -> str:
    return formatted[len(_WRAPPER) :] if chunk.startswith("    ") else formatted
