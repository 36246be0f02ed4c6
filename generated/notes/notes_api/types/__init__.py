"""Models of Notes API; a model's module is imported when the model is first used."""

from __future__ import annotations

import importlib
import typing as _t

if _t.TYPE_CHECKING:
    from .new_note import NewNote as NewNote
    from .attachment import Attachment as Attachment
    from .note import Note as Note
    from .note_list import NoteList as NoteList
    from .stats import Stats as Stats
    from .error import Error as Error
    from .post_notes_by_note_id_attachments import (
        PostNotesByNoteIdAttachmentsBody as PostNotesByNoteIdAttachmentsBody,
    )

_MODULES: dict[str, str] = {
    "NewNote": "new_note",
    "Attachment": "attachment",
    "Note": "note",
    "NoteList": "note_list",
    "Stats": "stats",
    "Error": "error",
    "PostNotesByNoteIdAttachmentsBody": "post_notes_by_note_id_attachments",
}

__all__ = [
    "NewNote",
    "Attachment",
    "Note",
    "NoteList",
    "Stats",
    "Error",
    "PostNotesByNoteIdAttachmentsBody",
]


def __getattr__(name: str) -> _t.Any:
    # Loading one model's module, not all of them, keeps importing a large client fast.
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
