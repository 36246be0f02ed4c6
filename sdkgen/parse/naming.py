"""Python names for what a definition names: decided once, here, and stored in the model.

Every function returns a valid, non-keyword ASCII identifier whatever text it is given, so that
no text of a definition can reach generated code as anything but a name or a string literal.
"""

from __future__ import annotations

import builtins
import functools
import keyword
import re
import sys
import unicodedata

# HTTPServer -> HTTP_Server, createdAt -> created_At: a "_" where a word starts. Lookarounds and a plain
# "_" rather than groups and a template: expanding a template costs more than the rest of the match.
_WORD_BOUNDARY = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z])|(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")

BUILTIN_NAMES = frozenset(dir(builtins))
# An operation is a function of _operations.py and a method of the clients; by one of these names it
# would shadow a builtin that generated annotations use unqualified, or the module's own
# ``from __future__ import annotations``; such a name gets a trailing "_".
OPERATION_SHADOWS = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "tuple", "object", "type", "annotations"})
# Names become file and directory names too (modules, the package): keep them well under any limit.
MAX_NAME = 80


def _ascii(text: str) -> str:
    """Fold accents away and spell any other non-ASCII letter as its code point."""
    if text.isascii():
        return text  # NFKD leaves ASCII as it is
    decomposed = unicodedata.normalize("NFKD", text)
    out = []
    for char in decomposed:
        if char.isascii():
            out.append(char)
        elif unicodedata.combining(char):
            continue
        elif char.isalnum():
            out.append(f"_u{ord(char):04x}_")
        else:
            out.append("_")
    return "".join(out)


def words(text: str) -> list[str]:
    return list(_words(text))


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    # Large definitions name the same properties over and over: GitHub's asks 115,000 times.
    return tuple(w for w in _NON_WORD.split(_WORD_BOUNDARY.sub("_", _ascii(text))) if w)


def _cap(name: str) -> str:
    return name if len(name) <= MAX_NAME else name[:MAX_NAME].rstrip("_")


@functools.lru_cache(maxsize=65536)  # names repeat across a definition's schemas (cached like _words)
def snake(text: str, *, fallback: str = "value", digit_prefix: str = "n") -> str:
    """``createdAt`` -> ``created_at``, ``in-stock`` -> ``in_stock``, ``class`` -> ``class_``."""
    name = _cap("_".join(w.lower() for w in words(text)) or fallback)
    if name[0].isdigit():
        name = f"{digit_prefix}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def keyword_name(text: str, *, fallback: str = "value", digit_prefix: str = "n") -> str:
    """A keyword parameter of a generated function (a client's credential keyword): never a builtin's name,
    which the function's body may call (``super`` as a keyword of ``__init__`` broke ``super().__init__``);
    such a name gets a trailing "_"."""
    name = snake(text, fallback=fallback, digit_prefix=digit_prefix)
    return name + "_" if name in BUILTIN_NAMES else name


# Importing a submodule binds its name in the package: a model module of ``types`` must not take the name
# of what ``types/__init__.py`` calls (``getattr.py`` turned its lazy ``__getattr__`` into a crash).
_TYPES_PACKAGE_GLOBALS = BUILTIN_NAMES | {"importlib"}


def module_name(text: str, *, fallback: str = "model", digit_prefix: str = "m") -> str:
    """A model module's name: snake_case, with a trailing "_" where it would rebind a name the package uses."""
    name = snake(text, fallback=fallback, digit_prefix=digit_prefix)
    return name + "_" if name in _TYPES_PACKAGE_GLOBALS else name


@functools.lru_cache(maxsize=65536)
def pascal(text: str, *, fallback: str = "Model") -> str:
    name = _cap("".join(w[:1].upper() + w[1:] for w in words(text)) or fallback)
    if name[0].isdigit():
        name = f"{fallback}{name}"
    if keyword.iskeyword(name):
        name += "_"
    return name


@functools.lru_cache(maxsize=65536)
def constant(text: str, *, fallback: str = "EMPTY") -> str:
    """An enum member name: ``in-stock`` -> ``IN_STOCK``, ``1`` -> ``VALUE_1``."""
    name = _cap("_".join(w.upper() for w in words(text)) or fallback)
    if name[0].isdigit():
        name = f"VALUE_{name}"
    if keyword.iskeyword(name):
        name += "_"
    return name


class NameAllocator:
    """Hands out unique names in one namespace; the first comer keeps the plain name."""

    def __init__(self, reserved: set[str] | frozenset[str] = frozenset(), *, case_insensitive: bool = False):
        self._fold = str.lower if case_insensitive else (lambda s: s)
        self._taken = {self._fold(n) for n in reserved}

    def take(self, name: str, *, separator: str = "_") -> str:
        candidate = name
        counter = 2
        while self._fold(candidate) in self._taken:
            candidate = f"{name}{separator}{counter}"
            counter += 1
        self._taken.add(self._fold(candidate))
        return candidate

    def reserve(self, name: str) -> None:
        self._taken.add(self._fold(name))


def operation_name(operation_id: str | None, method: str, path: str) -> str:
    """``CreateOrder`` -> ``create_order``; without an id, ``DELETE /products/{productId}`` ->
    ``delete_products_by_product_id``; ``list`` -> ``list_``."""
    if operation_id and words(operation_id):
        name = snake(operation_id, digit_prefix="op")
        return name + "_" if name in OPERATION_SHADOWS else name
    parts = [method.lower()]
    for segment in path.strip("/").split("/"):
        if not segment:
            continue
        if segment.startswith("{") and segment.endswith("}"):
            parts.append("by_" + snake(segment[1:-1].rstrip("+")))
        else:
            parts.append(snake(segment))
    return snake("_".join(parts), digit_prefix="op")


def package_name(title: str) -> str:
    """A distribution-friendly, importable package name from ``info.title``; never one that would shadow
    the standard library or what the client imports (``HTTP`` -> ``http_client``)."""
    name = snake(title, fallback="api_client", digit_prefix="api")
    while shadowed(name) is not None or name in BUILTIN_NAMES:
        name += "_client"
    return name


def is_valid_package_name(name: str) -> bool:
    return package_name_problem(name) is None


def package_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be the generated package's import name, or None."""
    if not (name.isidentifier() and name.isascii()) or keyword.iskeyword(name) or name.startswith("_"):
        return f"{name!r} is not a valid Python package name (an ASCII identifier, not a keyword, not a path)"
    return shadowed(name)


def shadowed(name: str) -> str | None:
    """What a top-level package called ``name`` would hide from the generated client or its users, or None.
    Case folded: a case-insensitive file system would confuse ``SSL`` with ``ssl``."""
    folded = name.lower()
    if folded in RUNTIME_DEPENDENCIES:
        return f"{name!r} would shadow {folded!r}, which the generated client depends on; choose another package name"
    if folded in _STDLIB or folded in _ALSO_RESERVED:
        return f"{name!r} would shadow the standard library's {folded!r} module; choose another package name"
    return None


# The generated client's dependencies (httpx, tenacity) and theirs, as top-level import names; and the
# build's (setuptools, pip): a package by one of these names would be imported in their place.
RUNTIME_DEPENDENCIES = frozenset(
    {
        "httpx", "tenacity", "httpcore", "anyio", "idna", "certifi", "sniffio", "h11", "h2", "hpack", "hyperframe",
        "typing_extensions", "exceptiongroup", "brotli", "brotlicffi", "zstandard", "socksio",
        "setuptools", "pkg_resources", "pip", "wheel", "distutils", "_distutils_hack",
    }
)  # fmt: skip
# The standard library of every Python the generated code supports (3.10 and later), whichever runs sdkgen:
# the names removed in 3.12/3.13 and added since 3.10 are listed too, so the derived name does not depend on it.
_STDLIB = frozenset(n.lower() for n in sys.stdlib_module_names)
_ALSO_RESERVED = frozenset(
    {
        "asynchat", "asyncore", "imp", "smtpd", "aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr",
        "mailcap", "msilib", "nis", "nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau", "telnetlib", "uu",
        "xdrlib", "lib2to3", "tomllib", "test", "tests", "builtins", "annotationlib", "compression", "string",
    }
)  # fmt: skip
