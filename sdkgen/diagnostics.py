"""Problems found in a definition, each with where it was found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Diagnostic:
    level: Literal["error", "warning"]
    message: str
    file: str = ""
    pointer: str = ""  # JSON pointer into the file, "" for the whole file
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def location(self) -> str:
        where = printable(self.file) or "<definition>"
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        if self.pointer:
            where += f" (#{self.pointer})"
        return where

    def __str__(self) -> str:
        return f"{self.location()}: {self.level}: {printable(self.message)}"


@dataclass
class SpecError(Exception):
    """A definition sdkgen cannot use; carries every problem found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)

    @classmethod
    def single(cls, message: str, file: str = "", pointer: str = "") -> SpecError:
        return cls([Diagnostic("error", message, file=file, pointer=pointer)])


def printable(text: str) -> str:
    """``text`` with what a terminal would act on (escape sequences, line breaks: a file's name can hold them)
    written as Python escapes, so that a message shows it rather than runs it."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def pointer_join(pointer: str, *parts: str | int) -> str:
    for part in parts:
        pointer += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return pointer


def pointer_split(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]
