"""Read definition files (JSON or YAML) and resolve ``$ref``s, keeping positions for messages.

Parsing is done with the fastest loader available (``json`` or libyaml); line and column numbers
are only computed, by composing the YAML node tree, when a message needs them.
"""

from __future__ import annotations

import errno
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from .diagnostics import Diagnostic, SpecError, pointer_join, pointer_split

# API Gateway refuses to import definitions far smaller than this; a bigger file is not an export.
MAX_FILE_BYTES = 32 * 1024 * 1024
# A YAML "billion laughs" document is small but expands exponentially when walked.
MAX_EXPANDED_NODES = 20_000_000
# libyaml's composer recurses in C: nesting deep enough crashes the interpreter, so it is checked first.
MAX_YAML_DEPTH = 1000
# A $ref with a URI scheme (https:, file:, ...) or one that climbs out of the definition's folder.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SUSPECT_REF = re.compile(r"""\$ref["']?\s*:\s*["']?(?:[A-Za-z][A-Za-z0-9+.-]*:|[^"'#\s]*\.\.)""")

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """YAML 1.2 booleans: only true/false. YAML 1.1 would turn an enum value `on`, `no` or `y` into a bool."""

    # Filled while constructing: keys that were not strings (their source text and position), and whether
    # some mapping came out with fewer keys than it was written with (a duplicate, or a merge's override).
    normalised_keys: list[tuple[str, str, int, int]]
    fewer_keys: bool

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """SafeConstructor's, with every key a string: a JSON document's keys are, and the validator needs them so.

        A key YAML reads as another type (``200:``, ``true:``, ``1.5:``, ``2024-01-01:``, ``~:``) becomes its source
        text, as it would be had it been quoted; what is changed is noted for a warning.
        """
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(None, None, f"expected a mapping node, but found {node.id}", node.start_mark)
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if type(key) is not str:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark, "found a key that is not a string", key_node.start_mark
                    )
                text_key = str(key_node.value)
                mark = key_node.start_mark
                self.normalised_keys.append((text_key, type(key).__name__, mark.line + 1, mark.column + 1))
                key = text_key
            mapping[key] = self.construct_object(value_node, deep=deep)
        if len(mapping) < len(node.value):
            self.fewer_keys = True
        return mapping


_SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_SafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _error(file: str, message: str, line: int | None = None, column: int | None = None) -> SpecError:
    return SpecError([Diagnostic("error", message, file=file, line=line, column=column)])


@dataclass
class Document:
    """One file's parsed content."""

    path: Path
    data: Any
    text: str
    warnings: list[Diagnostic] = field(default_factory=list)  # found while reading (duplicate keys, ...)
    _positions: dict[str, tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return str(self.path)

    def position(self, pointer: str) -> tuple[int, int] | None:
        """1-based (line, column) of the value at ``pointer``, or of its nearest existing parent."""
        if self._positions is None:
            self._positions = _index_positions(self.text)
        parts = pointer_split(pointer)
        while True:
            key = "/" + "/".join(parts) if parts else ""
            if key in self._positions:
                return self._positions[key]
            if not parts:
                return None
            parts.pop()


def _index_positions(text: str) -> dict[str, tuple[int, int]]:
    """Map each pointer (unescaped parts joined by '/') to the position of its value."""
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.YAMLError:
        return {}
    positions: dict[str, tuple[int, int]] = {}
    stack: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, pointer = stack.pop()
        positions.setdefault(pointer, (node.start_mark.line + 1, node.start_mark.column + 1))
        if id(node) in seen:  # an alias: its target was indexed already
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            # Of a key written twice, only the last is read: only that one is indexed.
            for name, (key, value) in {str(key.value): (key, value) for key, value in node.value}.items():
                positions.setdefault(pointer + "/" + name, (key.start_mark.line + 1, key.start_mark.column + 1))
                stack.append((value, pointer + "/" + name))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, f"{pointer}/{index}"))
    return positions


def read_document(path: Path) -> Document:
    """Read and parse one file; every failure is a located ``SpecError``."""
    name = str(path)
    text = read_text(path)
    if not text.strip():
        raise _error(name, "the file is empty")
    warnings: list[Diagnostic] = []
    return Document(path=path, data=parse_text(text, name, warnings), text=text, warnings=warnings)


def read_text(path: Path, what: str = "a JSON or YAML definition") -> str:
    """The text of a file the user names (a definition, a configuration, a pagination file): every failure to
    read it (missing, a directory, a link loop, too large, binary, not UTF-8) is a ``SpecError`` naming the file,
    and the line and column where that can be said. ``what`` is what the file should be, for the messages."""
    name = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise _error(name, f"is a directory, not {what}")
        if size > MAX_FILE_BYTES:
            raise _error(name, f"file is {size} bytes; files over {MAX_FILE_BYTES} bytes are refused")
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if path.is_symlink() and not path.exists() and exc.errno != errno.ELOOP:
            reason = f"a symbolic link to {os.readlink(path)}, which does not exist"
        raise _error(name, f"cannot read file: {reason}") from None
    if b"\x00" in raw[:8192]:
        raise _error(name, f"this is a binary file, not {what}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(name, f"not UTF-8 text (byte {exc.start}: {raw[exc.start:exc.start + 1]!r}): expected {what}", line, column) from None


def read_data(path: Path, what: str) -> Any:
    """A YAML or JSON file of the user's other than the definition (the mock's configuration, a pagination file),
    read as definitions are (``read_text``, ``parse_text``: size, nesting and alias limits, located errors); an
    empty file is null."""
    text = read_text(path, what)
    return parse_text(text, str(path)) if text.strip() else None


def resolved(path: Path) -> Path:
    """``path`` made absolute with its links followed; a link loop (which pathlib raises as a RuntimeError) or a
    link to nothing is a ``SpecError`` naming the path as given, not where the links lead."""
    try:
        found = path.resolve()
    except (OSError, RuntimeError):
        raise _error(str(path), "cannot read file: its symbolic links loop") from None
    if path.is_symlink() and not found.exists():
        raise _error(str(path), f"cannot read file: a symbolic link to {os.readlink(path)}, which does not exist")
    return found


def parse_text(text: str, name: str, warnings: list[Diagnostic] | None = None) -> Any:
    """The data of a JSON or YAML text; what was read but is worth a word (duplicate keys, keys that were
    not strings) is added to ``warnings``, located."""
    warnings = [] if warnings is None else warnings
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        duplicated = False

        def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            nonlocal duplicated
            mapping = dict(pairs)
            if len(mapping) < len(pairs):
                duplicated = True
            return mapping

        try:
            data = json.loads(text, object_pairs_hook=pairs_hook)
        except json.JSONDecodeError as exc:
            raise _error(name, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
        except RecursionError:
            raise _error(name, "the JSON nests too deeply to read", *_too_deep(text)) from None
        if duplicated:
            warnings.extend(_duplicate_keys(text, name))
        return data
    data = _load_yaml(text, name, warnings)
    if "&" in text and "*" in text:
        _check_expansion(data, name)
    return data


def _too_deep(text: str, limit: int = 500) -> tuple[int | None, int | None]:
    """Line and column of the bracket that opens level ``limit`` of a JSON text (strings skipped), for a located
    "nests too deeply" (the reader's RecursionError says nowhere)."""
    depth, in_string, escaped = 0, False, False
    for offset, char in enumerate(text):
        if in_string:
            escaped, in_string = (not escaped and char == "\\"), (in_string if escaped or char != '"' else False)
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth >= limit:
                line = text.count("\n", 0, offset) + 1
                return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
        elif char in "]}":
            depth -= 1
    return None, None


def _duplicate_keys(text: str, name: str) -> list[Diagnostic]:
    """A warning for each key written twice in one mapping, naming both places (only run when there is one).

    JSON and YAML readers keep the last value: an operation or a path written twice silently disappears.
    """
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.YAMLError:
        return [Diagnostic("warning", "a key is written twice in one mapping; the last one is used", file=name)]
    found: list[Diagnostic] = []
    stack: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, pointer = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if key.tag == "tag:yaml.org,2002:merge":
                    continue
                key_text = str(key.value)
                child = pointer_join(pointer, key_text)
                if key_text in first and isinstance(key, yaml.ScalarNode):
                    earlier = first[key_text].start_mark
                    mark = key.start_mark
                    found.append(
                        Diagnostic(
                            "warning",
                            f"key {key_text!r} is written twice in this mapping (first at line {earlier.line + 1}, "
                            f"column {earlier.column + 1}); only this last one is read, the first is ignored",
                            file=name, pointer=child, line=mark.line + 1, column=mark.column + 1,
                        )
                    )
                else:
                    first.setdefault(key_text, key)
                stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{pointer}/{index}") for index, item in enumerate(node.value))
    return sorted(found, key=lambda d: (d.line or 0, d.column or 0))


# Status codes are the keys YAML most often reads as integers (`200:`): those are read as text without a word.
_STATUS_CODE = re.compile(r"^[1-5][0-9][0-9]$")
_KIND = {"int": "an integer", "float": "a number", "bool": "a boolean", "NoneType": "null", "datetime": "a timestamp", "date": "a date"}


def _load_yaml(text: str, name: str, warnings: list[Diagnostic]) -> Any:
    try:
        _check_depth(text, name)
        loader = _SafeLoader(text)
        loader.normalised_keys, loader.fewer_keys = [], False
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
        for key, kind, key_line, key_column in loader.normalised_keys:
            if kind != "int" or not _STATUS_CODE.match(key):
                what = _KIND.get(kind, f"a {kind}")
                warnings.append(
                    Diagnostic(
                        "warning", f"key {key} is {what} in YAML, not a string; read as the string {key!r} (quote it to say so)",
                        file=name, line=key_line, column=key_column,
                    )
                )
        if loader.fewer_keys:
            warnings.extend(_duplicate_keys(text, name))
        return data
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise _error(name, f"invalid YAML: {problem}", line, column) from None
    except ValueError as exc:
        if "digits" in str(exc):  # int() of a number written with thousands of digits: Python's own limit
            raise _error(name, "invalid YAML: a number written with more digits than can be read (over 4,300)") from None
        raise _error(name, f"invalid YAML: {exc}") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise _error(name, f"invalid YAML: {exc}") from None


def _check_depth(text: str, name: str) -> None:
    """Refuse YAML nested deeper than ``MAX_YAML_DEPTH``, from the parser's events (no recursion)."""
    depth = 0
    opening = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, opening):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
                raise _error(name, f"the YAML nests deeper than {MAX_YAML_DEPTH} levels", line, column)
        elif isinstance(event, closing):
            depth -= 1


def _check_expansion(data: Any, name: str) -> None:
    """Refuse documents whose aliases expand past ``MAX_EXPANDED_NODES`` when walked as a tree."""
    sizes: dict[int, int] = {}

    def size(node: Any) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        sizes[key] = 1  # a cycle counts once; YAML cannot build one with plain aliases anyway
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                break
        sizes[key] = total
        return total

    try:
        expanded = size(data)
    except RecursionError:
        raise _error(name, "the YAML nests too deeply to read") from None
    if expanded > MAX_EXPANDED_NODES:
        raise _error(name, f"YAML aliases expand to more than {MAX_EXPANDED_NODES} values: refusing an alias bomb")


def _string_keys(data: Any) -> Any:
    """``data`` with every mapping key a string (as a YAML file's are made when read), copied only if one is not."""
    stack, clean = [data], True
    seen: set[int] = set()
    while stack and clean:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            clean = all(type(key) is str for key in node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    if clean:
        return data

    def copy(node: Any) -> Any:
        if isinstance(node, dict):
            return {key if type(key) is str else _key_text(key): copy(value) for key, value in node.items()}
        if isinstance(node, list):
            return [copy(item) for item in node]
        return node

    return copy(data)


def _key_text(key: Any) -> str:
    """A non-string key as YAML would write it (``True`` -> ``true``, ``None`` -> ``null``)."""
    if key is None or isinstance(key, bool):
        return json.dumps(key)
    return str(key)


@dataclass(frozen=True)
class Ref:
    """A resolved reference: the file and pointer it named, and what is there."""

    document: Document
    pointer: str
    value: Any


class Workspace:
    """The root definition and every file its ``$ref``s reach, loaded on demand."""

    def __init__(self, root: Path):
        self.root = read_document(resolved(root)) if not isinstance(root, Document) else root
        self._documents: dict[Path, Document] = {self.root.path: self.root}

    @classmethod
    def from_data(cls, data: Any, name: str = "<definition>") -> Workspace:
        ws = cls.__new__(cls)
        data = _string_keys(data)
        ws.root = Document(path=Path(name), data=data, text=json.dumps(data, indent=2, default=str) if data is not None else "")
        ws._documents = {ws.root.path: ws.root}
        return ws

    def load_warnings(self) -> list[Diagnostic]:
        """What reading the files loaded so far found worth a warning."""
        return [warning for document in self._documents.values() for warning in document.warnings]

    def document(self, path: Path) -> Document:
        if path not in self._documents:
            self._documents[path] = read_document(path)
        return self._documents[path]

    def resolve(self, ref: str, base: Document) -> Ref:
        """Follow one ``$ref`` written in ``base``."""
        file_part, _, fragment = ref.partition("#")
        if file_part:
            target_path, problem = self._target(file_part, base.path.parent)
            if problem:
                raise _error(base.name, problem.format(ref=repr(ref)))
            try:
                document = self.document(target_path)
            except SpecError as exc:
                raise _error(base.name, f"$ref {ref!r} cannot be followed: {exc.diagnostics[0].message}") from None
        else:
            document = base
        pointer = unquote(fragment)
        value = document.data
        for part in pointer_split(pointer):
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                raise _error(document.name, f"$ref {ref!r} names nothing: no {part!r} at #{pointer}")
        return Ref(document, pointer, value)

    def ref_problem(self, ref: str, base: Document) -> str | None:
        """Why the file part of ``ref`` may not be read, or None."""
        file_part = ref.partition("#")[0]
        if not file_part:
            return None
        problem = self._target(file_part, base.path.parent)[1]
        return problem.format(ref=repr(ref)) if problem else None

    def _unreadable(self, ref: str, base: Document) -> str | None:
        """Why the file ``ref`` names cannot be used (outside the folder, or not a readable definition), or None."""
        problem = self.ref_problem(ref, base)
        file_part = ref.partition("#")[0]
        if problem or not file_part:
            return problem
        try:
            self.document(self._target(file_part, base.path.parent)[0])
        except SpecError as exc:
            return f"$ref {ref!r} cannot be followed: {exc.diagnostics[0].message}"
        return None

    def _target(self, file_part: str, base_dir: Path) -> tuple[Path, str | None]:
        """The file a reference's file part names, and why it may not be read (a template on ``{ref}``), or None.

        The one check every reader goes through (the parser's ``resolve``, the validator's ``retrieve``):
        on the decoded text (the loaders undid YAML and JSON escapes; percent-escapes are undone here),
        with symbolic links followed, so that no spelling of a path leaves the definition's folder.
        """
        if "://" in file_part or _SCHEME.match(file_part):
            return Path(), "remote $ref {ref} is not supported: only local files in the definition's folder are read"
        try:
            target = (base_dir / unquote(file_part)).resolve()
        except (OSError, ValueError, RuntimeError):  # a NUL byte, a symlink loop
            return Path(), "$ref {ref} names no readable file"
        root_dir = self.root.path.parent.resolve()
        if os.path.commonpath([root_dir, target]) != str(root_dir):
            return target, "$ref {ref} points outside the definition's folder"
        return target, None

    def retrieve(self, uri: str) -> Any:
        """The content of the document at ``uri``, for the validator's resolver: only the workspace's own files.

        Anything else (another scheme, a host, a file outside the definition's folder) raises ``SpecError``
        without reading or fetching anything, so that no content of such a file can reach a message.
        """
        parts = urlsplit(uri)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path, problem = self._target(parts.path, Path("/"))
        elif not parts.scheme and not parts.netloc:  # relative: a definition given as data has no URI of its own
            path, problem = self._target(parts.path, self.root.path.parent)
        else:
            path, problem = Path(), "remote $ref {ref} is not supported: only local files in the definition's folder are read"
        if problem:
            raise _error(self.root.name, problem.format(ref=repr(uri)))
        return self.document(path).data

    def check_refs(self, thorough: bool = False) -> None:
        """Refuse remote ``$ref``s and ones outside the folder before anything (the validator too) follows them.

        A quick look at the root's text decides whether to walk it; ``thorough`` walks every file loaded
        so far whatever the text (a reference spelled with escapes, or one in another file).
        """
        if not thorough and not _SUSPECT_REF.search(self.root.text):
            return
        problems: list[Diagnostic] = []
        for document in list(self._documents.values()) if thorough else [self.root]:
            stack: list[tuple[Any, str]] = [(document.data, "")]
            while stack and len(problems) < 50:
                node, pointer = stack.pop()
                if isinstance(node, dict):
                    ref = node.get("$ref")
                    if isinstance(ref, str):
                        problem = self._unreadable(ref, document) if thorough else self.ref_problem(ref, document)
                        if problem:
                            problems.append(self.locate(document, pointer + "/$ref", "error", problem))
                    stack.extend((v, f"{pointer}/{str(k).replace('~', '~0').replace('/', '~1')}") for k, v in node.items())
                elif isinstance(node, list):
                    stack.extend((v, f"{pointer}/{i}") for i, v in enumerate(node))
        if problems:
            raise SpecError(sorted(problems, key=lambda d: (d.file, d.line or 0, d.column or 0)))

    def locate(self, document: Document, pointer: str, level: str, message: str) -> Diagnostic:
        position = document.position(pointer)
        return Diagnostic(
            "error" if level == "error" else "warning",
            message,
            file=document.name,
            pointer=pointer,
            line=position[0] if position else None,
            column=position[1] if position else None,
        )
