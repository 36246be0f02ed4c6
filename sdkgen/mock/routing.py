"""Routing: operations' path templates compiled to a segment tree, under a stage prefix.

API Gateway's precedence: a literal segment beats a ``{variable}``, which beats a greedy
``{proxy+}`` (one or more segments). A method the resource lacks falls back to its ``ANY``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar
from urllib.parse import unquote

T = TypeVar("T")
_VARIABLE = re.compile(r"^\{([^{}]+?)(\+?)\}$")


@dataclass
class _Node(Generic[T]):
    static: dict[str, _Node[T]] = field(default_factory=dict)
    variable: tuple[str, _Node[T]] | None = None
    greedy: tuple[str, _Node[T]] | None = None
    methods: dict[str, T] = field(default_factory=dict)


@dataclass(frozen=True)
class Match(Generic[T]):
    target: T
    params: dict[str, str]


class Router(Generic[T]):
    """Maps (method, path below the stage) to a target and its path parameters."""

    def __init__(self) -> None:
        self.root: _Node[T] = _Node()
        self.static_routes: dict[str, dict[str, T]] = {}  # fast path for templates without variables

    def add(self, method: str, template: str, target: T) -> None:
        node = self.root
        static = True
        for segment in split_path(template):
            var = _VARIABLE.match(segment)
            if var is None:
                node = node.static.setdefault(segment, _Node())
                continue
            static = False
            name, plus = var.group(1), var.group(2)
            slot = node.greedy if plus else node.variable
            if slot is None:
                slot = (name, _Node())
                if plus:
                    node.greedy = slot
                else:
                    node.variable = slot
            node = slot[1]
        node.methods[method.upper()] = target
        if static:
            self.static_routes.setdefault(_static_key(template), {})[method.upper()] = target

    def match(self, method: str, path: str) -> Match[T] | None:
        """``path`` is the raw (percent-encoded) path below the stage, starting with ``/`` or empty."""
        methods = self.static_routes.get(_static_key(path)) if "%" not in path else None
        if methods is not None:
            target = methods.get(method) or methods.get("ANY")
            if target is not None:
                return Match(target, {})
        segments = [unquote(s) for s in split_path(path)]
        params: dict[str, str] = {}
        node = self._walk(self.root, segments, 0, method, params)
        if node is None:
            return None
        target = node.methods.get(method) or node.methods.get("ANY")
        return None if target is None else Match(target, params)

    def _walk(self, node: _Node[T], segments: list[str], i: int, method: str, params: dict[str, str]) -> _Node[T] | None:
        if i == len(segments):
            return node if (method in node.methods or "ANY" in node.methods) else None
        segment = segments[i]
        child = node.static.get(segment)
        if child is not None:
            found = self._walk(child, segments, i + 1, method, params)
            if found is not None:
                return found
        if node.variable is not None and segment != "":
            name, child = node.variable
            found = self._walk(child, segments, i + 1, method, params)
            if found is not None:
                params[name] = segment
                return found
        if node.greedy is not None:
            name, child = node.greedy
            if method in child.methods or "ANY" in child.methods:
                params[name] = "/".join(segments[i:])
                return child
        return None


def split_path(path: str) -> list[str]:
    stripped = path.strip("/")
    return stripped.split("/") if stripped else []


def _static_key(path: str) -> str:
    return "/" + path.strip("/")


class StageRouter(Generic[T]):
    """Picks the stage from the first path segment ("" stage: the whole path)."""

    def __init__(self, stages: Iterable[tuple[str, T]]) -> None:
        self.named: dict[str, T] = {}
        self.root: T | None = None
        for name, target in stages:
            if name:
                self.named[name] = target
            else:
                self.root = target

    def split(self, path: str) -> tuple[T, str] | None:
        """(stage target, path below the stage) or None when no stage serves the path."""
        if self.named:
            rest = path[1:] if path.startswith("/") else path
            first, slash, below = rest.partition("/")
            target = self.named.get(unquote(first))
            if target is not None:
                return target, "/" + below
        if self.root is not None:
            return self.root, path
        return None
