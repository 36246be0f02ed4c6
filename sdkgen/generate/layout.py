"""Lines laid out as black lays them out, so that most generated code never needs black itself.

Each helper returns one line when it fits black's limit, else the exploded form black keeps as it is:
one item per line with a magic trailing comma. What these cannot lay out is left long, and the
formatter sends the statement holding it through black (see ``format.py``).
"""

from __future__ import annotations

import re

LINE_LENGTH = 88
ATOM = re.compile(r"[\w.]+")  # a name or an attribute: black cannot split it, however long
STRING_LITERAL = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""")


def fits(indent: int, text: str) -> bool:
    return indent + len(text) <= LINE_LENGTH


def bracket(indent: int, head: str, items: list[str], tail: str, *, explode: bool = False) -> str:
    """``head`` + items joined by commas + ``tail``; exploded when too long (or asked to: the line holds
    more than this). ``head`` ends with its bracket."""
    one = head + ", ".join(items) + tail
    if not items or not explode and fits(indent, one):
        return one
    pad = " " * (indent + 4)
    lines = [split_last_bracket(indent + 4, item, ",", nested=True) for item in items]
    return head + "\n" + "".join(f"{pad}{line},\n" for line in lines) + " " * indent + tail


def docstring_body(text: str, indent: int) -> str:
    """Docstring text (from ``text.docstring``) indented to sit between quotes at ``indent``; when the
    last of several lines leaves no room for the closing quotes, they go on a line of their own."""
    pad = " " * indent
    lines = [line if not line or i == 0 else pad + line for i, line in enumerate(text.split("\n"))]
    if len(lines) > 1 and not fits(0, lines[-1] + '"""'):  # later lines carry their indentation
        lines.append(pad)
    return "\n".join(lines)


def import_from(indent: int, module: str, names: list[str]) -> str:
    one = f"from {module} import {', '.join(names)}"
    return one if fits(indent, one) else bracket(indent, f"from {module} import (", names, ")")


def assign(indent: int, target: str, value: str) -> str:
    """``target = value``, with a long value in parentheses as black puts it (see ``_parenthesized``).

    A call too long is split at its own brackets if the line up to them fits. If not, black asks for a
    second opinion: the whole value in parentheses of its own, taken if every line of that then fits.
    """
    one = f"{target} = {value}"
    subscript = _assign_subscript(indent, target, value) if value.endswith("]") and not fits(indent, one) else None
    if subscript is not None:
        return subscript
    opening = _matching_opening(value) if value.endswith(")") and not fits(indent, one) else -1
    if opening < 1 or not ATOM.fullmatch(value[:opening]):  # only a call of a name or an attribute
        return _parenthesized(indent, f"{target} = ", value, "", atoms=True)
    body = value[opening + 1 : -1]
    if body and fits(indent, f"{target} = {value[: opening + 1]}"):
        return split_last_bracket(indent, one, "")
    inner = value if fits(indent + 4, value) else split_last_bracket(indent + 4, value, "")
    wrapped = f"{target} = (\n{' ' * (indent + 4)}{inner}\n{' ' * indent})"
    first, *rest = wrapped.split("\n")
    if not body or _BRACKETS.search(target) or fits(indent, first) and all(fits(0, line) for line in rest):
        return wrapped
    return split_last_bracket(indent, one, "")


def _assign_subscript(indent: int, target: str, value: str) -> str | None:
    """``name = data["key"]`` too long: black splits at the subscript's brackets, the key on a line of its
    own. Only this shape (a name for a target, one string for a key, every line fitting) is laid out
    here; None for any other value ending in ``]``."""
    opening = _matching_opening(value)
    head, key = value[: opening + 1], value[opening + 1 : -1]
    if opening < 1 or not ATOM.fullmatch(target) or not ATOM.fullmatch(head[:-1]) or not STRING_LITERAL.fullmatch(key):
        return None
    if not fits(indent, f"{target} = {head}") or not fits(indent + 4, key):
        return f"{target} = {value}"  # for black
    return f"{target} = {head}\n{' ' * (indent + 4)}{key}\n{' ' * indent}]"


def wrap_single(indent: int, head: str, inner: str, tail: str) -> str:
    """``head`` + one argument + ``tail`` (e.g. ``return f(`` ``g(x)`` ``)``), the argument on its own line when long.

    ``inner`` is laid out for ``indent + 4`` already.
    """
    one = head + inner + tail
    if "\n" not in inner and fits(indent, one):
        return one
    pad = " " * (indent + 4)
    return head + "\n" + pad + inner + "\n" + " " * indent + tail


def nested_call(indent: int, head: str, func: str, args: list[str], tail: str) -> str:
    """``head`` + ``func(args)`` + ``tail``, e.g. ``return self._call(`` ``_operations.op(a=a)`` ``)``."""
    one = f"{head}{func}({', '.join(args)}){tail}"
    if fits(indent, one):
        return one
    return wrap_single(indent, head, bracket(indent + 4, f"{func}(", args, ")"), tail)


def keyword_arg(indent: int, name: str, value: str) -> str:
    """``name=value`` as an argument on its own line (its comma follows)."""
    return _parenthesized(indent, f"{name}=", value, ",", atoms=False)


def parameter(indent: int, name: str, annotation: str, default: str, suffix: str = ",") -> str:
    """``name: annotation = default`` as a parameter on its own line (``suffix`` follows: its comma), or
    a field of a class (no suffix); a long union annotation goes in parentheses, one member a line if
    need be."""
    tail = f" = {default}" if default else ""
    one = f"{name}: {annotation}{tail}"
    if fits(indent, one + suffix):
        return one
    if default and not suffix and fits(indent, f"{name}: {annotation} = ("):
        # A class field: black wraps the value rather than the annotation.
        return f"{name}: {annotation} = (\n{' ' * (indent + 4)}{default}\n{' ' * indent})"
    if not default and not suffix and ATOM.fullmatch(annotation) and fits(indent + 4, annotation):
        return f"{name}: (\n{' ' * (indent + 4)}{annotation}\n{' ' * indent})"  # a class field's lone name
    members = _top_level_split(annotation, (" | ",))
    if len(members) == 1:
        # A class field without a default: black splits a subscript at its brackets (a parameter's is left to black).
        return f"{name}: {_split_subscript(indent, annotation, reserve=len(name) + 2)}" if not default and not suffix else one
    pad = " " * (indent + 4)
    if fits(indent + 4, annotation):
        return f"{name}: (\n{pad}{annotation}\n{' ' * indent}){tail}"
    lines = [_split_subscript(indent + 4, m.strip()) for m in members]
    return f"{name}: (\n" + "".join(f"{pad}{line}\n" for line in lines) + " " * indent + ")" + tail


def returns(indent: int, head: str, annotation: str) -> str:
    """``head -> annotation:`` ending a signature: ``head`` is the ``)`` closing exploded parameters, or
    ``def name()``. Too long, black splits a subscripted annotation after exploded parameters at its
    brackets; it puts a lone name there, or any annotation after ``()``, in parentheses of its own."""
    one = f"{head} -> {annotation}:"
    if fits(indent, one):
        return one
    pad = " " * (indent + 4)
    exploded = head == ")"
    if (ATOM.fullmatch(annotation) or not exploded) and fits(indent + 4, annotation):
        return f"{head} -> (\n{pad}{annotation}\n{' ' * indent}):"
    if exploded:
        return f"{head} -> {_split_subscript(indent, annotation, reserve=len(') -> :'))}:"
    return one


def _split_subscript(indent: int, member: str, *, reserve: int = 0) -> str:
    """A union member (``list[X | str]``, after the first ``| list[X | str]``) too long for its line, split
    at its brackets as black does: the subscript on a line of its own, or one of its members a line.

    Only a name subscripted by one expression is split here; others are left long, for black.
    """
    if fits(indent + reserve, member) or not member.endswith("]"):
        return member
    opening = _matching_opening(member)
    if opening < 0 or not ATOM.fullmatch(member[:opening].removeprefix("| ")):
        return member
    head, body = member[: opening + 1], member[opening + 1 : -1]
    if not body or len(_top_level_split(body, (", ",))) > 1:
        return member
    pad = " " * (indent + 4)
    parts = _top_level_split(body, (" | ",))
    if fits(indent + 4, body) or len(parts) == 1 and ATOM.fullmatch(body):
        return f"{head}\n{pad}{body}\n{' ' * indent}]"
    if len(parts) == 1 and body.endswith("]"):  # a subscript of a subscript: split in turn
        inner = _split_subscript(indent + 4, body)
        return member if inner == body else f"{head}\n{pad}{inner}\n{' ' * indent}]"
    if len(parts) == 1 or any(not fits(indent + 4, part) and not ATOM.fullmatch(part.removeprefix("| ")) for part in parts):
        return member
    return head + "\n" + "".join(f"{pad}{part}\n" for part in parts) + " " * indent + "]"


def _parenthesized(indent: int, head: str, value: str, suffix: str, *, atoms: bool) -> str:
    """``head + value``, or, when too long, the value in parentheses on lines of its own: on one line if
    it fits, else a conditional expression cut before its ``if`` and ``else``. Black does this for a
    conditional expression, and (``atoms``) for a lone name, attribute or string on the right of ``=``."""
    one = head + value
    if fits(indent, one + suffix):
        return one
    parts = _top_level_split(value, (" if ", " else "), limit=2)
    atom = atoms and (ATOM.fullmatch(value) or STRING_LITERAL.fullmatch(value)) is not None
    if len(parts) == 1 and not atom:
        return split_last_bracket(indent, one, suffix)
    pad = " " * (indent + 4)
    if fits(indent + 4, value):
        return f"{head}(\n{pad}{value}\n{' ' * indent})"
    if len(parts) == 1:
        return one
    lines = [split_last_bracket(indent + 4, part.strip(), "") for part in parts]
    return f"{head}(\n" + "".join(f"{pad}{line}\n" for line in lines) + " " * indent + ")"


def split_last_bracket(indent: int, line: str, suffix: str, *, nested: bool = False) -> str:
    """A line too long split the way black's right-hand split does: at the brackets that end it.

    The content goes on a line of its own if it fits there; a call, list, dict or tuple content that
    does not is exploded one item per line with a trailing comma; with ``nested`` (an item of an
    exploded display), a call whose one argument is a call is split in turn. Anything else is left
    as it is.
    """
    if fits(indent, line + suffix) or not line.endswith((")", "]", "}")):
        return line
    opening = _matching_opening(line)
    if opening < 0 or opening > 0 and line[opening] == "[" and line[opening - 1] not in " =(":
        return line  # a subscript: black's rules for those are not copied here
    head, body, tail = line[: opening + 1], line[opening + 1 : -1], line[-1]
    if not body:
        return line
    pad = " " * (indent + 4)
    items = _top_level_split(body, (", ",))
    if fits(indent + 4, body) or len(items) == 1 and ATOM.fullmatch(body):
        return f"{head}\n{pad}{body}\n{' ' * indent}{tail}"
    clauses = _top_level_split(body, (" for ",))
    if len(clauses) > 1:
        # A comprehension: black cuts before ``for``; only one with a single ``for`` and no ``if`` is laid out here.
        if len(clauses) > 2 or len(_top_level_split(clauses[1], (" if ",))) > 1 or not fits(indent + 4, clauses[1]):
            return line
        element = clauses[0] if fits(indent + 4, clauses[0]) else _conditional_element(indent + 4, clauses[0])
        return line if element is None else f"{head}\n{pad}{element}\n{pad}{clauses[1]}\n{' ' * indent}{tail}"
    if len(items) < 2:
        # One argument, itself a call too long for its line: black splits that one in turn.
        inner_opening = _matching_opening(body) if nested and line[opening] == "(" else -1
        if inner_opening < 1 or body[inner_opening] != "(" or not (body[inner_opening - 1].isalnum() or body[inner_opening - 1] == "_"):
            return line
        inner = split_last_bracket(indent + 4, body, "", nested=True)
        return f"{head}\n{pad}{inner}\n{' ' * indent}{tail}" if inner != body else line
    lines = [split_last_bracket(indent + 4, item.strip(), ",") for item in items]
    return head + "\n" + "".join(f"{pad}{line},\n" for line in lines) + " " * indent + tail


def _conditional_element(indent: int, element: str) -> str | None:
    """A comprehension's element (``key: value`` or a value) too long for its line, whose value is a
    conditional expression: black puts that in parentheses; None for any other element."""
    key = _DICT_KEY.match(element)
    prefix = key.group() if key else ""
    value = element[len(prefix) :]
    if len(_top_level_split(value, (" if ", " else "), limit=2)) != 3:
        return None
    laid_out = _parenthesized(indent, prefix, value, "", atoms=False)
    return laid_out if all(fits(0, line) for line in laid_out.split("\n")) else None


_DICT_KEY = re.compile(r"\w+: ")


def _matching_opening(line: str) -> int:
    """The index of the bracket that the last character of ``line`` closes, or -1."""
    opening = -1
    stack: list[int] = []
    for match in (_STRING_OR_BRACKET if "'" in line or '"' in line else _BRACKETS).finditer(line):
        char = match.group()[0]
        if char in "([{":
            stack.append(match.start())
        elif char in ")]}":
            if not stack:
                return -1
            opening = stack.pop()
    return opening if not stack else -1


def _top_level_split(expr: str, separators: tuple[str, ...], limit: int = -1) -> list[str]:
    """``expr`` cut before each separator outside brackets and strings (at most ``limit`` cuts).

    For a conditional expression the separators are `` if `` then `` else ``, once each: one in the
    ``else`` branch stays whole, as black leaves it.
    """
    pattern = _SEPARATORS.get(separators)
    if pattern is None:
        # A string (skipped whole), a bracket, or the empty match where a separator starts.
        pattern = _SEPARATORS[separators] = re.compile(
            _STRING_OR_BRACKET.pattern + "|(?=(" + "|".join(map(re.escape, separators)) + "))"
        )
    parts: list[str] = []
    depth = start = 0
    for match in pattern.finditer(expr):
        token = match.group()
        if token:
            if token in "([{":
                depth += 1
            elif token in ")]}":
                depth -= 1
        elif depth == 0 and len(parts) != limit:
            if limit > 0 and match.group(1) != separators[min(len(parts), len(separators) - 1)]:
                continue
            parts.append(expr[start : match.start()])
            start = match.start() + 1
    parts.append(expr[start:])
    return parts


_BRACKETS = re.compile(r"[][(){}]")
# A string literal (to the end of the text if it is not closed: a line may end inside one) or a bracket.
_STRING_OR_BRACKET = re.compile(r""""(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|[][(){}]""")
_SEPARATORS: dict[tuple[str, ...], re.Pattern[str]] = {}
